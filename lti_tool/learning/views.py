"""The module player's pages. Every request names its launch with the token ``lt``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from .. import idempotency, web, xapi
from ..content import get_course
from ..content.model import (
    AnyBlock,
    AudioBlock,
    CaseBlock,
    Course,
    EscapeRoomBlock,
    Module,
    QuizBlock,
    ReflectionBlock,
    TextBlock,
    VideoBlock,
)
from ..content_items import entry_endpoint
from ..errors import ProblemError
from ..grading.notice import grade_notice
from ..grading.rules import LATEST, policy_for
from ..i18n import decimal_mark, page_language
from ..launch_context import Launch
from ..models import LaunchSession, ModuleProgress
from . import bp, progress
from .render import format_number, render_block
from .state import BlockState, build_state, case_position

REFLECTION_MAX = 5000
# Blocks that are done when the learner moves on; the others are done by answering.
READ_BLOCKS = (TextBlock, VideoBlock, AudioBlock)


class FlaskBlockUrls:
    """``BlockUrls`` for the player: every link and form carries the launch token."""

    def __init__(self, module_id: str, block_id: str) -> None:
        self.module_id = module_id
        self.block_id = block_id

    def action(self, name: str) -> str:
        endpoint = "learning.done" if name == "done" else "learning.answer"
        return web.launch_url(endpoint, module_id=self.module_id, block_id=self.block_id)

    def retry(self) -> str:
        return web.launch_url("learning.block", module_id=self.module_id,
                              block_id=self.block_id, retry=1)

    def media(self, path: str) -> str:
        # Media are public course material: no token, so browsers can cache them.
        return url_for("learning.media", filename=path)

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
    progress: ModuleProgress | None
    locked_by: Module | None

    @property
    def state(self) -> str:
        if self.progress is None:
            return "not_started"
        return "completed" if self.progress.status == progress.COMPLETED else "started"

    @property
    def passed(self) -> bool | None:
        return progress.passed(self.module, self.progress)


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


NOTICES = {
    "bewaard": ("status", lambda: _("Je antwoord is bewaard.")),
    "leeg": ("error", lambda: _("Kies eerst een antwoord.")),
    "leeg-tekst": ("error", lambda: _("Schrijf eerst iets op.")),
    "te-lang": ("error", lambda: _("Je tekst is te lang. Maak hem wat korter.")),
    "al-verstuurd": ("status", lambda: _("Dit antwoord had je al verstuurd. Hier zie je de uitslag.")),
    "opgelost": ("status", lambda: _("Goed zo! Je hebt een stukje van de code gevonden.")),
}


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
    return render_template("learning/course.html", course=course,
                           rows=_module_rows(course, launch), num=_num,
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
    course = _course()
    session = web.db_session()
    row = progress.visit(session, launch, module, block)
    xapi.experienced(session, launch, module.id, block.id)
    session.commit()
    answers = progress.block_answers(session, launch, module.id, block.id)
    state = build_state(block, answers, done=block.id in (row.blocks_done or []),
                        pass_mark=module.pass_mark, retry=bool(request.args.get("retry")))
    notice = NOTICES.get(request.args.get("melding", ""))
    if notice:
        setattr(state, notice[0], notice[1]())
    html = render_block(block, state, FlaskBlockUrls(module.id, block.id),
                        content_lang=_content_lang(course))
    index = module.index(block.id)
    return render_template(
        "learning/block.html", course=course, module=module, block=block, block_html=html,
        state=state, step=index + 1, steps=len(module.blocks), is_read_block=isinstance(
            block, READ_BLOCKS), previous=module.previous_block(block.id),
        next=module.next_block(block.id), block_label=_block_label(block),
        grade_notice=grade_notice(session, launch, module.id), content_lang=_content_lang(course))


@bp.post("/learn/m/<module_id>/b/<block_id>/done")
@web.requires_launch
def done(module_id: str, block_id: str) -> Response:
    """'Verder' on a text, video or audio block: mark it done and go on."""
    launch, module, block = _open_block(module_id, block_id)
    session = web.db_session()
    if isinstance(block, READ_BLOCKS):
        progress.record(session, launch, module, block, done=True)
        session.commit()
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
    if not isinstance(block, VideoBlock | AudioBlock):
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
    answers = progress.block_answers(session, launch, module.id, block.id)
    notice: str | None = None
    if isinstance(block, QuizBlock):
        if request.form.get("attempt", "") != str(len(answers)):
            # A form from before the latest attempt (another tab, or a post without a key).
            return _after_answer(module, block, "al-verstuurd")
        response = progress.quiz_response(block, request.form.getlist)
        if not any(response.values()):
            return redirect(_block_url(module, block, melding="leeg", retry=1) + "#resultaat",
                            code=303)
        result = progress.score_quiz(block, response, module.pass_mark)
        progress.record(session, launch, module, block,
                        response={"answers": response, "percent": result.percent,
                                  "passed": result.passed},
                        score=result.earned, max_score=result.maximum)
        xapi.answered(session, launch, module.id, block.id, result.passed, result.percent / 100,
                      [option for chosen in response.values() for option in chosen])
    elif isinstance(block, ReflectionBlock):
        text = request.form.get("text", "").replace("\r\n", "\n").strip()
        if not text:
            return _after_answer(module, block, "leeg-tekst")
        if len(text) > REFLECTION_MAX:
            return _after_answer(module, block, "te-lang")
        progress.record(session, launch, module, block, response={"text": text})
        notice = "bewaard"
    elif isinstance(block, CaseBlock):
        notice = _answer_case(module, block, answers, launch)
        if notice == "ignored":
            return _after_answer(module, block)
        notice = None
    elif isinstance(block, EscapeRoomBlock):
        notice = _answer_escape_room(module, block, answers, launch)
        if notice == "ignored":
            return _after_answer(module, block)
    else:
        abort(405)
    response = idempotency.remember(_after_answer(module, block, notice))
    session.commit()
    return response


def _answer_case(module: Module, block: CaseBlock, answers, launch: Launch) -> str | None:
    session = web.db_session()
    if request.form.get("restart"):
        progress.record(session, launch, module, block, response={"restart": True},
                        done=block.id in _done_ids(launch, module))
        return None
    current = case_position(block, answers)
    step_id = request.form.get("step")
    if current is None or step_id != current.id:
        return "ignored"
    choice = current.choice(request.form.get("choice", ""))
    if choice is None:
        return "ignored"
    finished = choice.next is None
    progress.record(session, launch, module, block,
                    response={"step": current.id, "choice": choice.id},
                    done=finished or block.id in _done_ids(launch, module))
    xapi.case_choice(session, launch, module.id, block.id, current.id, choice.id)
    return None


def _answer_escape_room(module: Module, block: EscapeRoomBlock, answers,
                        launch: Launch) -> str | None:
    session = web.db_session()
    state = build_state(block, answers, done=False, pass_mark=module.pass_mark)
    already_done = block.id in _done_ids(launch, module)
    if "puzzle" in request.form:
        puzzle = state.current_puzzle
        if puzzle is None or request.form.get("puzzle") != puzzle.id:
            return "ignored"
        given = request.form.get("answer", "").strip()[:200]
        if not given:
            return "ignored"
        correct = puzzle.accepts(given)
        progress.record(session, launch, module, block,
                        response={"puzzle": puzzle.id, "answer": given, "correct": correct},
                        done=already_done)
        xapi.answered(session, launch, module.id, block.id, correct, None, given,
                      question_id=puzzle.id)
        return "opgelost" if correct else None
    if "code" in request.form and state.current_puzzle is None and not state.finished:
        given = request.form.get("code", "").strip()[:100]
        correct = block.accepts_code(given)
        progress.record(session, launch, module, block,
                        response={"code": given, "correct": correct},
                        done=correct or already_done)
        return None
    return "ignored"


def _done_ids(launch: Launch, module: Module) -> list[str]:
    row = progress.get_progress(web.db_session(), launch, module.id)
    return list(row.blocks_done or []) if row else []


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
                           grade_notice=grade_notice(web.db_session(), launch, module.id),
                           latest_counts=policy_for(web.db_session(), launch, module.id) == LATEST,
                           following=following, labels={b.id: _block_label(b) for b in missing},
                           num=_num, content_lang=_content_lang(course))


@bp.get("/learn/media/<path:filename>")
def media(filename: str) -> Response:
    """Course media (images, video, captions, audio). Public course material, no token needed."""
    course = _course()
    response = send_from_directory(course.media_dir, filename, max_age=3600)
    if filename.lower().endswith(".vtt"):
        response.mimetype = "text/vtt"
    return response


def _block_label(block: AnyBlock) -> str:
    if block.title:
        return block.title
    labels = {
        "text": _("Lezen"), "video": _("Video"), "audio": _("Luisteren"), "quiz": _("Quiz"),
        "reflection": _("Reflectie"), "case": _("Casus"), "escape_room": _("Escaperoom"),
    }
    return labels[block.type]


def _content_lang(course: Course) -> str | None:
    """The course's language where it differs from the UI's, for ``lang`` on content parts."""
    return course.language if course.language != page_language() else None


def _num(value: float | None) -> str:
    return format_number(value, decimal_mark())


__all__ = ["BlockState", "FlaskBlockUrls"]
