"""Bijeenkomsten: planning (with its checks), the check-in code, and attendance.

The check-in code is 6 digits derived from the session's random nonce with the tool's
key, so the database alone does not give it away; the trainer opens check-in for a few
hours and can make a new code (a new nonce). Attendance is one row per session and
learner (insert or ignore): a double submit or a whole class at once records each person
once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..marker import N_
from ..models import utcnow
from ..models.leerlijn import LeerlijnAttendance, LeerlijnSession
from ..ratelimit import Rule, Window
from ..xapi.keys import derive_key

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
CHECKIN_HOURS = 4
CODE_KEY = b"leerlijn-checkin-code"
MAX_MINUTES = 12 * 60
# Tries of a wrong code: per learner, and per network (a class shares one).
LEARNER_TRIES = Rule("leerlijn-checkin-learner", (Window(5, timedelta(minutes=15)),
                                                 Window(20, timedelta(days=1))))
NETWORK_TRIES = Rule("leerlijn-checkin-network", (Window(60, timedelta(minutes=15)),))


def checkin_code(secret_key: str, item: LeerlijnSession) -> str:
    digest = hmac.new(derive_key(secret_key, CODE_KEY), item.checkin_nonce.encode(),
                      hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def code_matches(secret_key: str, item: LeerlijnSession, given: str) -> bool:
    return hmac.compare_digest(checkin_code(secret_key, item), given.strip().replace(" ", ""))


def new_nonce() -> str:
    return secrets.token_hex(16)


def checkin_open(item: LeerlijnSession, now: datetime | None = None) -> bool:
    from ..models import as_utc

    until = item.checkin_open_until
    return until is not None and as_utc(until) > (now or utcnow()) and item.cancelled_at is None


def open_checkin(item: LeerlijnSession) -> None:
    item.checkin_open_until = utcnow() + timedelta(hours=CHECKIN_HOURS)


def close_checkin(item: LeerlijnSession) -> None:
    item.checkin_open_until = None


# ---- planning ------------------------------------------------------------------------------------

@dataclass
class Plan:
    """A trainer's form, checked; ``errors`` maps a field to a message id (``N_``)."""

    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: str = ""
    online_url: str | None = None
    prepares_for: list[str] = field(default_factory=list)
    bring: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _local(day: str, clock: str) -> datetime | None:
    try:
        moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock))
    except ValueError:
        return None
    return moment.replace(tzinfo=LOCAL_TIME).astimezone(ZoneInfo("UTC"))


def valid_online_url(value: str) -> bool:
    """Only ``https`` links to a real host name: no ``javascript:``, no credentials."""
    if len(value) > 500 or any(c.isspace() or ord(c) < 32 for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.hostname) and "." in (parts.hostname or "") \
        and parts.username is None and parts.password is None


def read_plan(form, module_ids: set[str]) -> Plan:
    plan = Plan(title=form.get("title", "").strip()[:200], place=form.get("place", "").strip()[:300],
                bring=form.get("bring", "").strip()[:2000])
    if not plan.title:
        plan.errors["title"] = N_("Geef de bijeenkomst een naam.")
    day, start, end = form.get("day", ""), form.get("start", ""), form.get("end", "")
    plan.starts_at, plan.ends_at = _local(day, start), _local(day, end)
    if plan.starts_at is None:
        plan.errors["day"] = N_("Vul een datum en begintijd in, zoals 2026-03-14 en 13:30.")
    elif plan.ends_at is None or plan.ends_at <= plan.starts_at:
        plan.errors["end"] = N_("De eindtijd moet na de begintijd liggen.")
    elif plan.ends_at - plan.starts_at > timedelta(minutes=MAX_MINUTES):
        plan.errors["end"] = N_("Een bijeenkomst duurt hoogstens twaalf uur.")
    url = form.get("online_url", "").strip()
    if url:
        if valid_online_url(url):
            plan.online_url = url
        else:
            plan.errors["online_url"] = N_("Gebruik een volledige link die begint met https://.")
    if not plan.place and not plan.online_url and "online_url" not in plan.errors:
        plan.errors["place"] = N_("Vul een plaats in, of een link voor online meedoen.")
    chosen = form.getlist("prepares_for") if hasattr(form, "getlist") else []
    plan.prepares_for = [m for m in dict.fromkeys(chosen) if m in module_ids]
    return plan


def apply_plan(item: LeerlijnSession, plan: Plan) -> None:
    assert plan.starts_at is not None and plan.ends_at is not None
    item.title, item.starts_at, item.ends_at = plan.title, plan.starts_at, plan.ends_at
    item.place, item.online_url, item.bring = plan.place, plan.online_url, plan.bring
    item.prepares_for = plan.prepares_for


def new_session(launch: Launch, plan: Plan) -> LeerlijnSession:
    assert launch.context_id is not None
    item = LeerlijnSession(organisation_id=launch.organisation_id, context_id=launch.context_id,
                           checkin_nonce=new_nonce())
    apply_plan(item, plan)
    return item


# ---- reading -------------------------------------------------------------------------------------

def find_session(session: Session, launch: Launch, session_id: int) -> LeerlijnSession | None:
    """The session only when it belongs to the launch's course (and so organisation)."""
    item = session.get(LeerlijnSession, session_id)
    if item is None or item.context_id != launch.context_id \
            or item.organisation_id != launch.organisation_id or item.cancelled_at is not None:
        return None
    return item


def attended_ids(session: Session, launch: Launch) -> set[int]:
    if launch.context_id is None:
        return set()
    return set(session.scalars(select(LeerlijnAttendance.session_id).join(LeerlijnSession).where(
        LeerlijnAttendance.learner_id == launch.learner_id,
        LeerlijnSession.context_id == launch.context_id)))


# ---- recording -----------------------------------------------------------------------------------

def record_attendance(session: Session, item: LeerlijnSession, learner_id: int, method: str) -> bool:
    """Record that ``learner_id`` was there (once); ``True`` when this call recorded it."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    recorded = session.scalar(insert(LeerlijnAttendance).values(
        session_id=item.id, learner_id=learner_id, method=method, recorded_at=utcnow())
        .on_conflict_do_nothing(index_elements=["session_id", "learner_id"])
        .returning(LeerlijnAttendance.id))
    return recorded is not None


def remove_attendance(session: Session, item: LeerlijnSession, learner_id: int) -> None:
    found = session.scalar(select(LeerlijnAttendance).where(
        LeerlijnAttendance.session_id == item.id, LeerlijnAttendance.learner_id == learner_id))
    if found is not None:
        session.delete(found)
