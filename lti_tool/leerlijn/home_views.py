"""The leerlijn page: for learners where they stand, the bijeenkomsten and the
praktijkopdrachten; for trainers the bijeenkomsten to plan and the trainer material."""

from __future__ import annotations

from flask import render_template

from .. import web
from . import bp
from .assignments import works
from .common import course, course_launch, leerlijn, when
from .course_home import status


@bp.get("/")
@web.requires_launch
def home() -> str:
    launch = course_launch()
    mine = {} if launch.is_instructor else works(web.db_session(), launch)
    return render_template("leerlijn/home.html", status=status(), leerlijn=leerlijn(), works=mine,
                           modules={m.id: m for m in course().modules}, when=when)
