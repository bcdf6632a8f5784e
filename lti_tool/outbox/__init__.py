"""Durable deliveries. Domain code calls ``enqueue_*`` inside its own transaction;
the worker (``outbox.worker``) sends what is due, with retries."""

from __future__ import annotations

from .messages import enqueue, enqueue_ags_score

__all__ = ["enqueue", "enqueue_ags_score"]
