"""A track as data, for the professional's JSON export and printable page.

The guided person's answers of a round are included only once that round is revealed.
"""

from __future__ import annotations

from ..content.samenleer_model import SamenleerThemes
from ..models import as_utc
from ..models.samenleer import OWN_TOPIC, SIDE_GUEST, SIDE_PROFESSIONAL, SamenleerAnswer, SamenleerTrack
from .rounds import answers


def _when(value) -> str | None:
    value = as_utc(value)
    return value.isoformat(timespec="seconds") if value else None


def _answer(answer: SamenleerAnswer | None) -> dict | None:
    return None if answer is None else {"score": answer.score, "text": answer.text}


def track_data(themes: SamenleerThemes, track: SamenleerTrack) -> dict:
    rounds = []
    for round_ in track.rounds:
        pro = answers(round_, SIDE_PROFESSIONAL)
        guest = answers(round_, SIDE_GUEST) if round_.revealed else {}
        theme_ids = [t.id for t in themes.themes] + [OWN_TOPIC]
        rounds.append({
            "number": round_.number,
            "started_at": _when(round_.created_at),
            "closed_at": _when(round_.closed_at),
            "revealed": round_.revealed,
            "agreements": round_.agreements,
            "answers": {theme_id: {"professional": _answer(pro.get(theme_id)),
                                   "guided_person": _answer(guest.get(theme_id))}
                        for theme_id in theme_ids},
        })
    return {
        "label": track.label,
        "created_at": _when(track.created_at),
        "interval_weeks": track.interval_weeks,
        "visual_version": track.visual,
        "guided_person_deleted_answers_at": _when(track.guest_deleted_at),
        "scale": {p.value: p.label for p in themes.scale},
        "themes": {t.id: t.title for t in themes.themes},
        "meetings": [{"held_on": m.held_on.isoformat(), "note": m.note} for m in track.meetings],
        "rounds": rounds,
    }
