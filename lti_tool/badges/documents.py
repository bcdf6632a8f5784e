"""The JSON-LD contexts a badge uses, bundled with the tool and never fetched.

Canonicalisation (RDFC-1.0, the URDNA2015 algorithm) needs every ``@context`` the
credential names; :func:`load_document` hands out the bundled copies and refuses any
other URL, so signing never makes a network call and nobody can slip in a context.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

_FILES = {
    CREDENTIALS_V2: "credentials-v2.json",
    OPEN_BADGES_V3: "ob-v3p0-context-3.0.3.json",
    MULTIKEY_V1: "multikey-v1.json",
}
_FOLDER = Path(__file__).parent / "contexts"


class UnknownContextError(ValueError):
    """A document named a context the tool does not bundle."""


@cache
def _context(url: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_FOLDER / _FILES[url]).read_text(encoding="utf-8"))
    return data


def load_document(url: str, _options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader that knows only the bundled contexts."""
    if url not in _FILES:
        raise UnknownContextError(url)
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def canonical_nquads(document: dict[str, Any]) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of ``document``."""
    result = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                         "documentLoader": load_document})
    return str(result)
