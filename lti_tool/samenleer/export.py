"""A track as data, for the professional's JSON export and printable page.

The guided person's answers of a round are included only once that round is revealed.
"""

from __future__ import annotations

from ..content.samenleer_model import SamenleerThemes, Scale
from ..models import as_utc
from ..models.samenleer import OWN_TOPIC, SIDE_GUEST, SIDE_PROFESSIONAL, SamenleerAnswer, SamenleerTrack
from .rounds import answers
from .scales import shown


def _when(value) -> str | None:
    value = as_utc(value)
    return value.isoformat(timespec="seconds") if value else None


def _answer(scale: Scale | None, answer: SamenleerAnswer | None) -> dict | None:
    """An answer with its meaning in the words of its theme's scale (``label``)."""
    if answer is None:
        return None
    seen = shown(scale, answer)
    return {"score": answer.score, "choices": [t.id for t in seen.topics], "label": seen.label,
            "text": answer.text}


def _scale(scale: Scale) -> dict:
    if scale.is_topics:
        return {"kind": scale.kind, "question": scale.question,
                "topics": {t.id: t.label for t in scale.topics}}
    return {"kind": scale.kind, "question": scale.question,
            "points": {p.value: p.label for p in scale.points}}


def track_data(themes: SamenleerThemes, track: SamenleerTrack) -> dict:
    rounds = []
    scales: dict[str, Scale | None] = {t.id: themes.scale_of(t) for t in themes.themes}
    scales[OWN_TOPIC] = None
    for round_ in track.rounds:
        pro = answers(round_, SIDE_PROFESSIONAL)
        guest = answers(round_, SIDE_GUEST) if round_.revealed else {}
        rounds.append({
            "number": round_.number,
            "started_at": _when(round_.created_at),
            "closed_at": _when(round_.closed_at),
            "revealed": round_.revealed,
            "agreements": round_.agreements,
            "answers": {theme_id: {"professional": _answer(scale, pro.get(theme_id)),
                                   "guided_person": _answer(scale, guest.get(theme_id))}
                        for theme_id, scale in scales.items()},
        })
    return {
        "label": track.label,
        "created_at": _when(track.created_at),
        "interval_weeks": track.interval_weeks,
        "visual_version": track.visual,
        "guided_person_deleted_answers_at": _when(track.guest_deleted_at),
        "scales": {theme_id: _scale(scale) for theme_id, scale in scales.items() if scale},
        "themes": {t.id: t.title for t in themes.themes},
        "meetings": [{"held_on": m.held_on.isoformat(), "note": m.note} for m in track.meetings],
        "rounds": rounds,
    }
