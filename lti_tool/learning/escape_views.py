"""An escape room's team: make a team, join one by its code, leave it, and the poll that
tells the other phones the team's room has changed."""

from __future__ import annotations

from flask import abort, jsonify, redirect, request
from werkzeug.wrappers import Response

from .. import idempotency, web
from ..content.model import EscapeRoomBlock
from . import bp, escape_teams, progress
from .views import _block_url, _open_block


def _room(module_id: str, block_id: str):
    launch, module, block = _open_block(module_id, block_id)
    if not isinstance(block, EscapeRoomBlock):
        abort(404)
    return launch, module, block


@bp.post("/learn/m/<module_id>/b/<block_id>/team")
@web.requires_launch
def escape_team(module_id: str, block_id: str) -> Response:
    launch, module, block = _room(module_id, block_id)
    first_page = idempotency.replay()
    if first_page is not None:
        return first_page
    session = web.db_session()
    action = request.form.get("action", "")
    values: dict[str, str] = {}
    if action == "new":
        escape_teams.create(session, launch, module.id, block.id)
    elif action == "join":
        if escape_teams.join(session, launch, module.id, block.id,
                             request.form.get("code", "")) is None:
            values["team"] = "onbekend"
    elif action == "leave":
        escape_teams.leave(session, launch, module.id, block.id)
    response = idempotency.remember(redirect(_block_url(module, block, **values) + "#resultaat",
                                             code=303))
    session.commit()
    return response


@bp.get("/learn/m/<module_id>/b/<block_id>/team.json")
@web.requires_launch
def escape_team_state(module_id: str, block_id: str) -> Response:
    """What the other phones poll: the team's number of moves (``version``)."""
    launch, module, block = _room(module_id, block_id)
    session = web.db_session()
    team = escape_teams.team_of(session, launch, module.id, block.id)
    if team is None:
        return jsonify(team=None, version=0)
    own = progress.block_answers(session, launch, module.id, block.id)
    rows, _team = escape_teams.room_rows(session, launch, module.id, block, own)
    return jsonify(team=team.code, version=escape_teams.version(session, team),
                   door=escape_teams.door_opened(rows))
