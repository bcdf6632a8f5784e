"""Rounds of a track: both sides answer blind, then see each other's answers and agree.

A side's answers are hidden from the other side until the round is *revealed*: both
are done, or the professional opened the conversation. From then on nobody changes
answers any more; the professional writes down the agreements and closes the round.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from ..db import upsert_insert
from ..errors import ProblemError
from ..marker import N_
from ..models import utcnow
from ..models.samenleer import (
    OWN_TOPIC,
    SIDE_GUEST,
    SIDE_PROFESSIONAL,
    SamenleerAnswer,
    SamenleerRound,
    SamenleerTrack,
)

TEXT_MAX = 2000
AGREEMENTS_MAX = 4000
SIDES = (SIDE_PROFESSIONAL, SIDE_GUEST)


def current_round(track: SamenleerTrack) -> SamenleerRound | None:
    last = track.rounds[-1] if track.rounds else None
    return last if last is not None and last.closed_at is None else None


def last_closed(track: SamenleerTrack) -> SamenleerRound | None:
    return next((r for r in reversed(track.rounds) if r.closed_at is not None), None)


def start_round(session: Session, track: SamenleerTrack) -> SamenleerRound:
    """The running round, or a new one. Round numbers are unique per track: of parallel
    clicks one inserts the next number, the others insert nothing and find that round."""
    running = current_round(track)
    if running is not None:
        return running
    session.execute(upsert_insert(session, SamenleerRound).values(
        track_id=track.id, number=len(track.rounds) + 1, agreements="",
    ).on_conflict_do_nothing())
    session.expire(track, ["rounds"])
    running = current_round(track)
    if running is None:
        # The next number was taken by a round that is closed already: try the one after.
        return start_round(session, track)
    track.touch()
    return running


def answers(round_: SamenleerRound, side: str) -> dict[str, SamenleerAnswer]:
    return {a.theme_id: a for a in round_.answers if a.side == side}


def partner_answers(round_: SamenleerRound, side: str) -> dict[str, SamenleerAnswer]:
    """The other side's answers: only once the round is revealed."""
    if not round_.revealed:
        raise ProblemError(403, N_("Nog niet zichtbaar"),
                           N_("Jullie zien elkaars antwoorden pas als jullie allebei klaar zijn."),
                           check="samenleer_blind")
    other = SIDE_GUEST if side == SIDE_PROFESSIONAL else SIDE_PROFESSIONAL
    return answers(round_, other)


def can_answer(round_: SamenleerRound, side: str) -> bool:
    return round_.closed_at is None and not round_.revealed and round_.done_at(side) is None


def _ensure_can_answer(round_: SamenleerRound, side: str) -> None:
    if not can_answer(round_, side):
        raise ProblemError(409, N_("Je antwoorden staan vast"),
                           N_("Je bent al klaar met deze ronde. Je kunt niets meer veranderen."),
                           check="samenleer_answers_locked")


def save_answer(round_: SamenleerRound, side: str, theme_id: str, score: int | None,
                text: str, choices: str = "") -> SamenleerAnswer:
    """Store one side's answer; ``score`` and ``choices`` come checked against the theme's
    scale (``samenleer/scales.py``)."""
    _ensure_can_answer(round_, side)
    text = text.replace("\r\n", "\n").strip()[:TEXT_MAX]
    if theme_id == OWN_TOPIC:
        score, choices = None, ""
    now = utcnow()
    session = Session.object_session(round_)
    assert session is not None
    # One row per round, side and theme: a parallel save of the same answer updates it.
    session.execute(upsert_insert(session, SamenleerAnswer).values(
        round_id=round_.id, side=side, theme_id=theme_id, score=score, choices=choices, text=text,
        updated_at=now,
    ).on_conflict_do_update(index_elements=["round_id", "side", "theme_id"],
                            set_={"score": score, "choices": choices, "text": text,
                                  "updated_at": now}))
    session.expire(round_, ["answers"])
    round_.track.touch()
    return answers(round_, side)[theme_id]


def mark_done(round_: SamenleerRound, side: str) -> None:
    _ensure_can_answer(round_, side)
    if side == SIDE_PROFESSIONAL:
        round_.pro_done_at = utcnow()
    else:
        round_.guest_done_at = utcnow()
    round_.track.touch()


def open_conversation(round_: SamenleerRound) -> None:
    if round_.opened_at is None:
        round_.opened_at = utcnow()
        round_.track.touch()


def close_round(round_: SamenleerRound, agreements: str) -> bool:
    """Write down the agreements; ``True`` only for the request that closed the round
    (of two parallel clicks, one), so that what follows a close happens once."""
    if not round_.revealed:
        raise ProblemError(409, N_("Het gesprek is nog niet begonnen"),
                           N_("Open eerst het gesprek, dan zie je elkaars antwoorden."),
                           check="samenleer_not_revealed")
    session = Session.object_session(round_)
    assert session is not None
    closed = cast(CursorResult[Any], session.execute(
        update(SamenleerRound).where(SamenleerRound.id == round_.id,
                                     SamenleerRound.closed_at.is_(None))
        .values(closed_at=utcnow()).execution_options(synchronize_session=False)))
    session.refresh(round_, ["closed_at"])
    round_.agreements = agreements.replace("\r\n", "\n").strip()[:AGREEMENTS_MAX]
    round_.track.touch()
    return closed.rowcount == 1


def delete_guest_answers(session: Session, track: SamenleerTrack) -> int:
    """The guided person's right to erase: every answer and own topic of theirs goes."""
    gone = [a for r in track.rounds for a in r.answers if a.side == SIDE_GUEST]
    for answer in gone:
        answer.round.answers.remove(answer)
        session.delete(answer)
    track.guest_deleted_at = utcnow()
    track.touch()
    return len(gone)
