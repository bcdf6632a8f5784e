"""Durable deliveries: AGS scores for the LMS gradebook and xAPI statements for the LRS.

Domain code calls ``enqueue_*`` (or ``lti_tool.xapi``) inside its own transaction; the
worker (``outbox.worker``, ``lti-tool worker``) sends what is due, in batches per target,
with backoff, per-target circuit breakers and a dead-letter state that the admin page
(``outbox.admin``, ``/admin/outbox``) shows and can retry.
"""

from __future__ import annotations

from .messages import enqueue, enqueue_ags_score

__all__ = ["enqueue", "enqueue_ags_score"]
