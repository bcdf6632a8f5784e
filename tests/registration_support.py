"""Registration links for tests, made the way the operator makes them."""

from __future__ import annotations

from lti_tool.lti.invitations import create_invitation


def registration_link(app, settings, organisation: str = "devlms", *, name: str | None = None,
                      hours: float = 72, service_hosts: tuple[str, ...] = ()) -> str:
    """A fresh one-time registration link (``lti-tool registrations invite``)."""
    with app.extensions["db"].session() as session:
        _row, url = create_invitation(session, settings, organisation_slug=organisation,
                                      organisation_name=name, expires_hours=hours,
                                      service_hosts=service_hosts, created_by="test")
    return url
