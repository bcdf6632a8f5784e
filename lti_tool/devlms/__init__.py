"""Development LMS (being built)."""

from flask import Flask


def init_devlms(app: Flask) -> None:
    return None
