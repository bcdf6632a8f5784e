"""``web.launch_url`` adds the launch token to a link exactly as ``url_for`` would."""

from __future__ import annotations

import pytest
from flask import g, url_for

from lti_tool import web

TOKENS = ["eyJhIjoxfQ.Zx3f4A.abc-DEF_9", 'a"b<c>&d e+f#g?h/i%j', "é✓", "x" * 300]
LINKS = [
    ("learning.module", {"module_id": "m 1"}),
    ("learning.block", {"module_id": "m", "block_id": "b", "retry": 1, "melding": "a&b"}),
    ("learning.course", {"_anchor": "resultaat"}),
    ("learning.course", {"_external": True}),
]


@pytest.mark.parametrize("token", TOKENS)
def test_launch_url_is_url_for_with_the_token(app, token):
    with app.test_request_context("/learn/course"):
        g.launch_token = token
        for endpoint, values in LINKS:
            assert web.launch_url(endpoint, **values) == url_for(endpoint, **values, lt=token)
        g.launch_token = None
        assert web.launch_url("learning.course") == url_for("learning.course")
