"""The module player's pages. Every request names its launch with the token ``lt``."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from flask import abort, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from .. import idempotency, web, xapi
from ..blocks import KINDS, Answered, Form, Outcome
from ..blocks.kind import first
from ..blocks.notices import NOTICES
from ..blocks.render import render_block
from ..blocks.scoring import scored_blocks
from ..content import get_course
from ..content.model import AnyBlock, Course, EscapeRoomBlock, Module
from ..content_items import entry_endpoint
from ..errors import ProblemError
from ..grading.notice import grade_notice
from ..grading.rules import LATEST, policy_for
from ..i18n import decimal_mark, markup_gettext, page_language
from ..launch_context import Launch
from ..models import Answer, LaunchSession, ModuleProgress
from ..numbers import format_number
from . import bp, escape_teams, progress


class FlaskBlockUrls:
    """``BlockUrls`` for the player: every link and form carries the launch token."""

    def __init__(self, module_id: str, block_id: str) -> None:
        self.module_id = module_id
        self.block_id = block_id

    def action(self, name: str) -> str:
        endpoint = {"done": "learning.done", "onward": "learning.onward"}.get(name, "learning.answer")
        return web.launch_url(endpoint, module_id=self.module_id, block_id=self.block_id)

    def retry(self) -> str:
        return web.launch_url("learning.block", module_id=self.module_id,
                              block_id=self.block_id, retry=1)

    def media(self, path: str) -> str:
        # Media are public course material: no token, so browsers can cache them.
        return url_for("learning.media", filename=path)

    def team(self) -> str:
        """Where an escape room's team forms post to (make, join, leave)."""
        return web.launch_url("learning.escape_team", module_id=self.module_id,
                              block_id=self.block_id)

    def hidden_fields(self) -> Markup:
        """The launch token and a fresh idempotency key (see ``lti_tool.idempotency``)."""
        return Markup('<input type="hidden" name="lt" value="{}">{}').format(
            web.launch_token(), idempotency.form_key_field())


# ---- helpers -------------------------------------------------------------------------------------

def _course() -> Course:
    return get_course(web.settings())


def _module(course: Course, module_id: str) -> Module:
    module = course.module(module_id)
    if module is None:
        raise ProblemError(404, _("Deze module bestaat niet"),
                           _("Ga terug naar het overzicht en kies een module."), check="module")
    return module


def _block(module: Module, block_id: str) -> AnyBlock:
    block = module.block(block_id)
    if block is None:
        raise ProblemError(404, _("Deze stap bestaat niet"),
                           _("Ga terug naar het begin van de module."), check="block")
    return block


@dataclass
class ModuleRow:
    module: Module
    progress: progress.ModuleState | None
    locked_by: Module | None


@dataclass(frozen=True)
class ModuleCard:
    """One module on the course page as the page shows it, worked out before the template
    runs: its loop only prints (issue 16: per module, the calls from Jinja to translate, to
    build the link and to the row's properties were the largest part of the page)."""

    id: str
    title: str
    description: str | None
    minutes: Markup
    state: str  # not_started, started, completed: the status's class
    status: Markup
    href: str | None  # None: locked
    lock_reason: Markup | None


def _module_card(row: ModuleRow, instructor: bool) -> ModuleCard:
    module, held = row.module, row.progress
    state = "not_started" if held is None else (
        "completed" if held.status == progress.COMPLETED else "started")
    locked = row.locked_by is not None and not instructor
    if locked:
        status = markup_gettext("Op slot")
    elif held is not None and state == "completed":
        status = markup_gettext("Afgerond")
        if held.score_given is not None:
            status += ", " + markup_gettext("score %(score)s%%", score=math.floor(held.score_given))
        if progress.passed(module, held) is False:
            status += " (" + markup_gettext("nog niet gehaald") + ")"
    elif state == "started":
        status = markup_gettext("Bezig")
    else:
        status = markup_gettext("Nog niet begonnen")
    return ModuleCard(
        id=module.id, title=module.title, description=module.description,
        minutes=markup_gettext("Ongeveer %(n)s minuten", n=module.minutes), state=state,
        status=status, href=None if locked else web.launch_url("learning.module", module_id=module.id),
        lock_reason=(markup_gettext('Deze module gaat open als je "%(title)s" hebt afgerond.',
                                    title=row.locked_by.title) if locked and row.locked_by else None))


def _module_rows(course: Course, launch: Launch) -> list[ModuleRow]:
    rows_by_id = progress.progress_by_module(web.db_session(), launch)
    rows: list[ModuleRow] = []
    blocker: Module | None = None
    for module in course.modules:
        row = rows_by_id.get(module.id)
        locked_by = blocker if course.navigation == "sequential" else None
        rows.append(ModuleRow(module, row, locked_by))
        if blocker is None and (row is None or row.status != progress.COMPLETED):
            blocker = module
    return rows


def _ensure_unlocked(course: Course, module: Module, launch: Launch) -> None:
    if course.navigation != "sequential" or launch.is_instructor:
        return
    row = next(r for r in _module_rows(course, launch) if r.module.id == module.id)
    if row.locked_by is not None:
        raise ProblemError(403, _("Deze module is nog op slot"),
                           _("Rond eerst de module '%(title)s' af.", title=row.locked_by.title),
                           check="module_locked")


def _open_block(module_id: str, block_id: str) -> tuple[Launch, Module, AnyBlock]:
    """The launch, module and block a request names: 404 when unknown, 403 when locked."""
    launch = web.current_launch()
    course = _course()
    module = _module(course, module_id)
    block = _block(module, block_id)
    _ensure_unlocked(course, module, launch)
    return launch, module, block


def _block_url(module: Module, block: AnyBlock, **values) -> str:
    return web.launch_url("learning.block", module_id=module.id, block_id=block.id, **values)


def _after_answer(module: Module, block: AnyBlock, notice: str | None = None) -> Response:
    values = {"melding": notice} if notice else {}
    return redirect(_block_url(module, block, **values) + "#resultaat", code=303)


# ---- pages ---------------------------------------------------------------------------------------

@bp.get("/learn")
@web.requires_launch
def entry() -> Response:
    launch = web.current_launch()
    endpoint = entry_endpoint(launch.content_item_id)
    if endpoint is not None:
        return redirect(web.launch_url(endpoint))
    course = _course()
    target = course.module(launch.content_item_id) if launch.content_item_id else None
    if target is not None:
        return redirect(web.launch_url("learning.module", module_id=target.id))
    return redirect(web.launch_url("learning.course"))


@bp.get("/learn/course")
@web.requires_launch
def course() -> str:
    launch = web.current_launch()
    course = _course()
    cards = [_module_card(row, launch.is_instructor) for row in _module_rows(course, launch)]
    return render_template("learning/course.html", course=course, cards=cards, num=_num,
                           content_lang=_content_lang(course))


@bp.get("/learn/m/<module_id>")
@web.requires_launch
def module(module_id: str) -> Response:
    launch = web.current_launch()
    course = _course()
    module = _module(course, module_id)
    _ensure_unlocked(course, module, launch)
    row = progress.get_progress(web.db_session(), launch, module.id)
    block = module.block(row.last_block_id) if row and row.last_block_id else None
    block = block or module.blocks[0]
    return redirect(_block_url(module, block))


@bp.get("/learn/m/<module_id>/b/<block_id>")
@web.requires_launch
def block(module_id: str, block_id: str) -> str:
    launch, module, block = _open_block(module_id, block_id)
    session = web.db_session()
    # The block's answers are read before the commit, in the request's one transaction: read
    # after it, they took a second connection from the pool (on PostgreSQL with its ping).
    answers = progress.block_answers(session, launch, module.id, block.id)
    row = progress.visit(session, launch, module, block)
    xapi.experienced(session, launch, module.id, block.id)
    session.commit()
    return _block_page(launch, module, block, row=row, answers=answers)


def _block_page(launch: Launch, module: Module, block: AnyBlock, unsent: Form | None = None,
                row: ModuleProgress | None = None, answers: list[Answer] | None = None) -> str:
    """A step of the module; ``unsent``: the form "Volgende" carried, shown again to ask;
    ``row`` and ``answers``: the progress and the block's answers the request already holds
    (read when not given)."""
    course = _course()
    session = web.db_session()
    if row is None:
        row = progress.get_progress(session, launch, module.id)
    if answers is None:
        answers = progress.block_answers(session, launch, module.id, block.id)
    answers, team = escape_teams.room_rows(session, launch, module.id, block, answers)
    done = block.id in ((row.blocks_done if row else None) or [])
    if escape_teams.settle(session, launch, module, block, answers, team, done):
        session.commit()
        done = True
    kind = KINDS.of(block)
    state = kind.state(block, answers, done=done,
                       pass_mark=module.pass_mark, retry=bool(request.args.get("retry")))
    if isinstance(block, EscapeRoomBlock):
        _room_details(state, course, team)
    state.unsent = unsent
    state.keep_key = _keep_key(launch, module, block)
    notice = NOTICES.get(request.args.get("melding", ""))
    if notice:
        setattr(state, notice[0], _(notice[1]))
    html = render_block(block, state, FlaskBlockUrls(module.id, block.id),
                        content_lang=_content_lang(course))
    index = module.index(block.id)
    return render_template(
        "learning/block.html", course=course, module=module, block=block, block_html=html,
        state=state, step=index + 1, steps=len(module.blocks), kind=kind,
        previous=module.previous_block(block.id),
        next=module.next_block(block.id), block_label=_block_label(block),
        grade_notice=grade_notice(session, launch, module.id), content_lang=_content_lang(course))


@bp.post("/learn/m/<module_id>/b/<block_id>/done")
@web.requires_launch
def done(module_id: str, block_id: str) -> Response:
    """'Verder' on a text, video or audio block: mark it done and go on."""
    launch, module, block = _open_block(module_id, block_id)
    session = web.db_session()
    if KINDS.of(block).read:
        progress.record(session, launch, module, block, done=True)
        session.commit()
    return _go_on(module, block)


@bp.post("/learn/m/<module_id>/b/<block_id>/volgende")
@web.requires_launch
def onward(module_id: str, block_id: str) -> Response | str:
    """'Volgende' on a block with an open form (quiz, case): it posts that form.

    A choice made but not sent is never dropped without a word: the page comes back with
    the choice still made and asks "send it, or skip?". Nothing is stored here; "skip"
    (``overslaan``) goes on as before.
    """
    launch, module, block = _open_block(module_id, block_id)
    form = request.form.to_dict(flat=False)
    session = web.db_session()
    answers = progress.block_answers(session, launch, module.id, block.id)
    if not first(form, "overslaan") and KINDS.of(block).unsent(block, form, answers):
        return _block_page(launch, module, block, unsent=form)
    return _go_on(module, block)


def _go_on(module: Module, block: AnyBlock) -> Response:
    following = module.next_block(block.id)
    if following is None:
        return redirect(web.launch_url("learning.summary", module_id=module.id), code=303)
    return redirect(_block_url(module, following), code=303)


@bp.post("/learn/m/<module_id>/b/<block_id>/afgespeeld")
@web.requires_launch
def played(module_id: str, block_id: str) -> tuple[str, int]:
    """A video or podcast started playing (sent by the player's script, for xAPI)."""
    launch = web.current_launch()
    module = _module(_course(), module_id)
    block = _block(module, block_id)
    if not KINDS.of(block).media:
        abort(404)
    try:
        position = max(0.0, float(request.form.get("time", "0")))
    except ValueError:
        position = 0.0
    session = web.db_session()
    xapi.media_played(session, launch, module.id, block.id, position)
    session.commit()
    return "", 204


@bp.get("/learn/exit")
@web.requires_launch
def exit_to_lms() -> Response:
    """'Terug naar de leeromgeving': record that the learner left, then go to the LMS."""
    launch = web.current_launch()
    session = web.db_session()
    xapi.terminated(session, launch, request.args.get("module_id") or None)
    session.commit()
    row = session.get(LaunchSession, launch.session_id)
    target = row.return_url if row is not None else None
    if target and target.startswith(("https://", "http://")):
        return redirect(target, code=303)
    return redirect(web.launch_url("learning.course"), code=303)


@bp.post("/learn/m/<module_id>/b/<block_id>/answer")
@web.requires_launch
def answer(module_id: str, block_id: str) -> Response:
    launch, module, block = _open_block(module_id, block_id)
    first_page = idempotency.replay()
    if first_page is not None:
        return first_page
    session = web.db_session()
    # The progress row first: answers to this module take turns from here, and this block's
    # answers and the module's scored ones are read once, after the lock (issue 16).
    held = progress.hold(session, launch, module, block)
    answers = [row for row in held.answers if row.block_id == block.id]
    answers, team = escape_teams.room_rows(session, launch, module.id, block, answers)
    outcome = KINDS.of(block).answer(block, request.form.to_dict(flat=False), answers,
                                     pass_mark=module.pass_mark)
    if outcome is None:
        abort(405)
    if outcome.entry is None:  # nothing to store: show the block (again), with the notice
        values: dict[str, str | int] = {"melding": outcome.notice} if outcome.notice else {}
        if outcome.retry:
            values["retry"] = 1
        return redirect(_block_url(module, block, **values) + "#resultaat", code=303)
    _store(session, launch, module, block, outcome, held)
    if team is not None and outcome.entry is not None:
        escape_teams.share(session, team, launch, outcome.entry.response)
    response = idempotency.remember(_after_answer(module, block, outcome.notice))
    session.commit()
    return response


def _store(session, launch: Launch, module: Module, block: AnyBlock, outcome: Outcome,
           held: progress.Held) -> None:
    """Record the answer (with progress and grade) and tell the LRS what happened; an
    answer kept once that the learner already has is neither stored nor told again."""
    entry = outcome.entry
    assert entry is not None
    # An answer that does not complete the block leaves it done when it was done before.
    recorded = progress.record(session, launch, module, block, response=entry.response,
                               score=entry.score, max_score=entry.max_score,
                               done=True if entry.completes else None, held=held,
                               once_key=entry.once_key)
    if recorded.answer is None:
        return
    for event in outcome.events:
        if isinstance(event, Answered):
            xapi.answered(session, launch, module.id, block.id, event.success, event.score,
                          event.response, question_id=event.question_id)
        else:
            xapi.case_choice(session, launch, module.id, block.id, event.step_id, event.choice_id)


@bp.get("/learn/m/<module_id>/klaar")
@web.requires_launch
def summary(module_id: str) -> str:
    launch = web.current_launch()
    course = _course()
    module = _module(course, module_id)
    _ensure_unlocked(course, module, launch)
    row = progress.get_progress(web.db_session(), launch, module.id)
    done_ids = set(row.blocks_done or []) if row else set()
    missing = [b for b in module.blocks if b.id in module.required_block_ids
               and b.id not in done_ids]
    index = course.module_index(module.id)
    following = course.modules[index + 1] if index + 1 < len(course.modules) else None
    return render_template("learning/summary.html", course=course, module=module, progress=row,
                           missing=missing, passed=progress.passed(module, row),
                           scored=bool(scored_blocks(module)),
                           grade_notice=grade_notice(web.db_session(), launch, module.id),
                           latest_counts=policy_for(web.db_session(), launch, module.id) == LATEST,
                           following=following, labels={b.id: _block_label(b) for b in missing},
                           num=_num, content_lang=_content_lang(course))


SVG_POLICY = "default-src 'none'; sandbox"


@bp.get("/learn/media/<path:filename>")
def media(filename: str) -> Response:
    """Course media (images, video, captions, audio). Public course material, no token needed."""
    course = _course()
    response = send_from_directory(course.media_dir, filename, max_age=3600)
    if filename.lower().endswith(".vtt"):
        response.mimetype = "text/vtt"
    if filename.lower().endswith(".svg"):
        # Checked to hold only drawing (``content.figure_file``); opened on its own it still
        # runs nothing and loads nothing.
        response.headers["Content-Security-Policy"] = SVG_POLICY
    return response


def _keep_key(launch: Launch, module: Module, block: AnyBlock) -> str:
    """Names one learner's step in the browser's storage without naming the learner."""
    learner = hashlib.sha256(f"{launch.organisation_id}:{launch.learner_id}".encode()).hexdigest()
    return f"{learner[:16]}:{module.id}/{block.id}"


def _room_details(state, course: Course, team) -> None:
    """What an escape room shows beyond its moves: the team, and the modules its debrief links."""
    state.modules = {m.id: (m.title, web.launch_url("learning.module", module_id=m.id))
                     for m in course.modules}
    if team is not None:
        state.team_code = team.code
        state.team_version = escape_teams.version(web.db_session(), team)
    error = request.args.get("team")
    if error == "onbekend":
        state.team_error = _("Deze teamcode kennen we niet. Kijk of je hem goed hebt overgetypt.")


def _block_label(block: AnyBlock) -> str:
    return block.title or _(KINDS.of(block).label)


def _content_lang(course: Course) -> str | None:
    """The course's language where it differs from the UI's, for ``lang`` on content parts."""
    return course.language if course.language != page_language() else None


def _num(value: float | None) -> str:
    return format_number(value, decimal_mark())

