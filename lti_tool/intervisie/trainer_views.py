"""For trainers: form groups from the course roster, and see which groups met and who took
part. Never what was said: the trainer is no member, so every content route says 403."""

from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import idempotency, web
from ..content import get_course
from ..dashboard.roster import build_roster
from ..models.intervisie import STATUS_DONE, IntervisieGroup
from . import bp, practice
from .groups import (
    GROUP_MAX,
    NAME_MAX,
    clean_text,
    course_groups,
    create_group,
    network_of,
    roster_learners,
)
from .steps import participants


@dataclass(frozen=True)
class Met:
    """A finished session as the trainer sees it: when, which method, who took part."""

    day: str
    method_id: str
    names: list[str]


def meetings(group: IntervisieGroup) -> list[Met]:
    session = web.db_session()
    names = {member.id: member.display_name for member in group.members}
    return [Met(row.finished_at.date().isoformat() if row.finished_at else "", row.method_id,
                sorted(names.get(m, "?") for m in participants(session, row)))
            for row in group.sessions if row.status == STATUS_DONE]


def _roster_people() -> list[tuple[str, str | None]]:
    roster = build_roster(web.db_session(), web.current_launch(), get_course(web.settings()),
                          web.egress_policy())
    return [(row.user_id, row.name) for row in roster.rows]


@bp.get("/trainer")
@web.requires_instructor
def trainer() -> str:
    session, launch = web.db_session(), web.current_launch()
    groups = course_groups(session, launch)
    return render_template(
        "intervisie/trainer.html", people=_roster_people(), groups=groups,
        met={group.id: meetings(group) for group in groups}, most=GROUP_MAX,
        regional_possible=network_of(session, launch.organisation_id) is not None,
        offers=practice.proposed(session, launch), credit=practice.credit,
        problem={"leeg": _("Geef de groep een naam."),
                 "teveel": _("Kies hoogstens %(num)s deelnemers.", num=GROUP_MAX)
                 }.get(request.args.get("melding", "")))


@bp.post("/groepen")
@web.requires_instructor
def new_group() -> Response:
    name = clean_text(request.form.get("name", ""), NAME_MAX)
    chosen = set(request.form.getlist("member"))
    if not name or len(chosen) > GROUP_MAX:
        notice = "leeg" if not name else "teveel"
        return redirect(web.launch_url("intervisie.trainer", melding=notice) + "#nieuw", code=303)
    # The roster is asked before anything is written: no write lock waits for the LMS.
    people = [(sub, name_) for sub, name_ in _roster_people() if sub in chosen]
    first_page = idempotency.replay()
    if first_page is not None:
        return first_page
    session, launch = web.db_session(), web.current_launch()
    group, _code = create_group(session, launch, web.settings().secret_key, name,
                                roster_learners(session, launch, people),
                                bool(request.form.get("regional")))
    response = idempotency.remember(redirect(
        web.launch_url("intervisie.trainer") + f"#groep-{group.id}", code=303))
    session.commit()
    return response
