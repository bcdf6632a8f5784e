"""What the player tells the learner after an answer, by the key a kind's ``Outcome`` names.

The key travels in the page's address (``?melding=bewaard``); the text is Dutch, marked
for translation and translated where it is shown.
"""

from __future__ import annotations

from ..marker import N_
from .escape_room import SOLVED

STATUS, ERROR = "status", "error"  # the ``BlockState`` field (live region) a notice goes to
NOTICES: dict[str, tuple[str, str]] = {
    "bewaard": (STATUS, N_("Je antwoord is bewaard.")),
    "leeg": (ERROR, N_("Kies eerst een antwoord.")),
    "onvolledig": (ERROR, N_("Kies voor elk onderdeel een antwoord.")),
    "leeg-tekst": (ERROR, N_("Schrijf eerst iets op.")),
    "te-lang": (ERROR, N_("Je tekst is te lang. Maak hem wat korter.")),
    "al-verstuurd": (STATUS, N_("Dit antwoord had je al verstuurd. Hier zie je de uitslag.")),
    "opgelost": (STATUS, SOLVED),
}
