"""A bijeenkomst as an iCalendar file (RFC 5545), made with the ``icalendar`` library."""

from __future__ import annotations

from icalendar import Calendar, Event

from ..models import as_utc, utcnow
from ..models.leerlijn import LeerlijnSession

PRODUCT = "-//Werkbegeleiding LTI-tool//Leerlijn//NL"


def session_ics(item: LeerlijnSession, *, uid_host: str, description: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"leerlijn-session-{item.id}@{uid_host}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", as_utc(item.starts_at))
    event.add("dtend", as_utc(item.ends_at))
    event.add("summary", item.title)
    location = ", ".join(part for part in (item.place, item.online_url or "") if part)
    if location:
        event.add("location", location)
    if item.online_url:
        event.add("url", item.online_url)
    if description:
        event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical()
