"""Finding and changing tracks, always through their owner: one organisation never sees
another's tracks, and a professional sees only their own."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ProblemError
from ..launch_context import Launch
from ..marker import N_
from ..models.samenleer import SamenleerRound, SamenleerTrack
from .codes import new_salt

LABEL_MAX = 80


def _not_found() -> ProblemError:
    return ProblemError(404, N_("Dit traject bestaat niet"),
                        N_("Ga terug naar je overzicht van Samenleer-trajecten."), check="samenleer_track")


def own_tracks(session: Session, launch: Launch) -> list[SamenleerTrack]:
    return list(session.scalars(select(SamenleerTrack).where(
        SamenleerTrack.organisation_id == launch.organisation_id,
        SamenleerTrack.owner_id == launch.learner_id).order_by(SamenleerTrack.label)))


def own_track(session: Session, launch: Launch, track_id: int) -> SamenleerTrack:
    track = session.scalars(select(SamenleerTrack).where(
        SamenleerTrack.id == track_id,
        SamenleerTrack.organisation_id == launch.organisation_id,
        SamenleerTrack.owner_id == launch.learner_id)).first()
    if track is None:
        raise _not_found()
    return track


def own_round(track: SamenleerTrack, number: int) -> SamenleerRound:
    found = next((r for r in track.rounds if r.number == number), None)
    if found is None:
        raise ProblemError(404, N_("Deze ronde bestaat niet"),
                           N_("Ga terug naar het traject."), check="samenleer_round")
    return found


def clean_label(value: str) -> str:
    return " ".join(value.split())[:LABEL_MAX]


def create_track(session: Session, launch: Launch, label: str, visual: bool) -> SamenleerTrack:
    track = SamenleerTrack(organisation_id=launch.organisation_id, owner_id=launch.learner_id,
                           label=clean_label(label), visual=visual, code_salt=new_salt())
    session.add(track)
    session.flush()
    return track


def delete_track(session: Session, track: SamenleerTrack) -> None:
    session.delete(track)
