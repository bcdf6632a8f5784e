"""What a deliverer may need besides the database session."""

from __future__ import annotations

from dataclasses import dataclass

from ..http import OutboundSession


@dataclass(frozen=True)
class DeliveryContext:
    secret_key: str  # decrypts stored receiver credentials
    http: OutboundSession  # timeouts, our User-Agent and the egress policy
