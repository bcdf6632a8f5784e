"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC-DI-EdDSA).

To sign: canonicalise the proof options and the document (RDFC-1.0), hash each with
SHA-256, sign the two hashes one after the other with Ed25519, and write the signature
as multibase base58-btc in ``proofValue``.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import multibase
from .documents import canonical_nquads

CRYPTOSUITE = "eddsa-rdfc-2022"


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    options = {"@context": document["@context"], **options}
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    return (hashlib.sha256(canonical_nquads(options).encode()).digest()
            + hashlib.sha256(canonical_nquads(unsecured).encode()).digest())


def timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(document: dict[str, Any], private: Ed25519PrivateKey, verification_method: str,
         created: datetime) -> dict[str, Any]:
    """``document`` with an assertion proof added (the input is left as it was)."""
    options = {"type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE, "created": timestamp(created),
               "verificationMethod": verification_method, "proofPurpose": "assertionMethod"}
    signature = private.sign(_hash_data(document, options))
    signed = copy.deepcopy(document)
    signed["proof"] = {**options, "proofValue": multibase.encode(signature)}
    return signed


def proof_holds(document: dict[str, Any], public: Ed25519PublicKey) -> bool:
    """Whether the document's one proof is an eddsa-rdfc-2022 signature by ``public`` over
    exactly this document (used by the tool's own verification page)."""
    proof = document.get("proof")
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    try:
        signature = multibase.decode(str(proof.get("proofValue", "")))
        public.verify(signature, _hash_data(document, options))
    except (InvalidSignature, ValueError):
        return False
    except Exception:  # noqa: BLE001 - a document pyld cannot read is not a valid one
        return False
    return True
