"""What a deliverer may need besides the database session."""

from __future__ import annotations

from dataclasses import dataclass

import requests


@dataclass(frozen=True)
class DeliveryContext:
    secret_key: str  # decrypts stored receiver credentials
    http: requests.Session  # an OutboundSession: timeouts and our User-Agent
