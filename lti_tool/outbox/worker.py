"""Outbox worker (being built)."""


def worker_status(database) -> dict:
    return {"ok": True}


def start_background_worker(app) -> None:
    return None
