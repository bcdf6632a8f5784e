"""Flag what looks traceable in a case before it is shared: names, a BSN, a date, an address.

A small, plain detector (no model, no network): it errs towards flagging, and the
inbrenger decides. It finds

* a capitalised word (or two) after a cue such as *mevrouw*, *collega* or *genaamd*;
* a nine-digit number that passes the BSN eleven-test (with or without dots or spaces);
* a full date (``12-03-1988``, ``12 maart 1988``) and a date after *geboren*;
* a Dutch postcode (``1234 AB``) and a street name with a house number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME = "name"
BSN = "bsn"
DATE = "date"
ADDRESS = "address"

CUES = ("mevrouw", "mevr", "mw", "meneer", "mijnheer", "dhr", "heer", "collega", "cliënt",
        "client", "bewoner", "patiënt", "patient", "leerling", "stagiair", "stagiaire",
        "student", "genaamd", "heet", "naam", "zoon", "dochter", "moeder", "vader", "broer",
        "zus", "man", "vrouw", "leidinggevende", "manager", "teamleider", "begeleider")
_WORD = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+"
_NAME = re.compile(r"\b(?i:" + "|".join(CUES) + r")\.?\s+((?:(?:van|de|der|den|ter|ten|het)\s+)*"
                   + _WORD + r"(?:\s+(?:(?:van|de|der|den|ter|ten)\s+)*" + _WORD + r")?)")
_NINE = re.compile(r"(?<![\d.])\d(?:[ .]?\d){8}(?![\d])")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december", "jan", "feb", "mrt", "apr", "jun",
          "jul", "aug", "sep", "sept", "okt", "nov", "dec")
_DATE = re.compile(
    r"\b(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}"
    r"|\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\.?\s+(?:19|20)?\d{2})\b"
    r"|\bgeboren\s+(?:op\s+|in\s+)?(?:\d{1,2}\s+[a-z]+\.?\s+)?(?:19|20)\d{2}\b", re.IGNORECASE)
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
_STREET = re.compile(r"\b[A-ZÀ-Ý][\wà-ÿ'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dreef"
                     r"|steeg|pad|hof|park|dijk|markt)\s+\d+(?:\s?[a-zA-Z]\b)?")
# Capitalised words that follow a cue but are no name: the start of a sentence's usual words.
NOT_NAMES = frozenset({"Ik", "Hij", "Zij", "Ze", "We", "Wij", "Het", "De", "Een", "Die", "Dat",
                       "Dit", "Deze", "Er", "Maar", "En", "Toen", "Nu", "Daar", "Hier"})


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int


def passes_eleven_test(digits: str) -> bool:
    """The BSN check: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a multiple of 11 (and not all zero)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _names(text: str) -> list[Finding]:
    found = []
    for match in _NAME.finditer(text):
        name = match.group(1)
        if name.split()[0] in NOT_NAMES or not any(w[:1].isupper() for w in name.split()):
            continue
        found.append(Finding(NAME, name, match.start(1)))
    return found


def find_traceable(text: str) -> list[Finding]:
    """Everything in ``text`` that looks like it could identify someone, in reading order."""
    found = _names(text)
    found += [Finding(BSN, m.group(0), m.start()) for m in _NINE.finditer(text)
              if passes_eleven_test(re.sub(r"\D", "", m.group(0)))]
    found += [Finding(DATE, m.group(0).strip(), m.start()) for m in _DATE.finditer(text)]
    found += [Finding(ADDRESS, m.group(0), m.start()) for m in _POSTCODE.finditer(text)]
    found += [Finding(ADDRESS, m.group(0), m.start()) for m in _STREET.finditer(text)]
    unique: dict[tuple[str, int], Finding] = {(f.kind, f.start): f for f in found}
    return sorted(unique.values(), key=lambda f: f.start)
