"""The loader parses each YAML file once for both its node tree (line numbers) and its data
(``lti_tool.content.loader._compose_and_load``): the same as ``yaml.compose`` plus
``yaml.safe_load``."""

from __future__ import annotations

import pytest
import yaml

from lti_tool.content.loader import _compose_and_load
from lti_tool.settings import PROJECT_ROOT

FILES = sorted((PROJECT_ROOT / "content_packages").rglob("*.yaml"))


def _tree(node):
    """A node tree as plain values: tag, value, style and place of every node."""
    if node is None:
        return None
    where = (node.tag, node.start_mark.line, node.start_mark.column, node.end_mark.line)
    if isinstance(node, yaml.ScalarNode):
        return (*where, node.value, node.style)
    if isinstance(node, yaml.SequenceNode):
        return (*where, [_tree(item) for item in node.value])
    return (*where, [(_tree(key), _tree(value)) for key, value in node.value])


def _both_ways(text: str):
    return _tree(yaml.compose(text, Loader=yaml.SafeLoader)), yaml.safe_load(text)


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(PROJECT_ROOT)))
def test_a_package_file_gives_the_tree_and_data_of_compose_and_safe_load(path):
    text = path.read_text(encoding="utf-8")
    node, data = _compose_and_load(text)
    assert (_tree(node), data) == _both_ways(text)


@pytest.mark.parametrize("text", [
    "",
    "a: 1\n",
    "base: &b {p: 1, q: [x, y]}\nother:\n  <<: *b\n  q: 2\n",  # a merge key: the tree stays as written
    "a: &x [1, 2]\nb: *x\n",
    "- 1\n- 2020-01-02\n- yes\n- ~\n",
])
def test_texts_give_the_tree_and_data_of_compose_and_safe_load(text):
    node, data = _compose_and_load(text)
    assert (_tree(node), data) == _both_ways(text)


@pytest.mark.parametrize("text", ["a: [1, 2\n", "---\na: 1\n---\nb: 2\n",
                                  "x: !!python/object:os.system ls\n"])
def test_broken_yaml_raises_what_compose_or_safe_load_raised(text):
    with pytest.raises(yaml.YAMLError) as before:
        _both_ways(text)
    with pytest.raises(yaml.YAMLError) as now:
        _compose_and_load(text)
    assert (type(now.value), str(now.value)) == (type(before.value), str(before.value))
