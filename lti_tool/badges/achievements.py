"""What a badge says: each achievement's name, description and criteria, in B1 Dutch and English.

This is credential content, not page text: it travels inside the signed credential, so
both languages are written out here instead of going through the translation catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bilingual:
    nl: str
    en: str

    def both(self) -> str:
        """Dutch first, then English: one text for a field that has room for one language."""
        return f"{self.nl}\n\n{self.en}"


@dataclass(frozen=True)
class AchievementDefinition:
    key: str
    name: Bilingual
    description: Bilingual
    criteria: Bilingual
    achievement_type: str = "CertificateOfCompletion"


LEERLIJN = AchievementDefinition(
    key="leerlijn-werkbegeleider",
    name=Bilingual("Werkbegeleider: leerlijn afgerond", "Workplace mentor: learning path completed"),
    description=Bilingual(
        "Deze persoon heeft de leerlijn voor werkbegeleiders helemaal afgerond. Een werkbegeleider "
        "helpt een nieuwe collega op weg op de werkvloer. Dat doet hij of zij door uit te leggen, "
        "door feedback te geven en door samen terug te kijken op het werk.",
        "This person has completed the whole learning path for workplace mentors. A workplace "
        "mentor helps a new colleague get started at work: by explaining, by giving feedback and "
        "by looking back on the work together."),
    criteria=Bilingual(
        "Wat de deelnemer heeft gedaan:\n"
        "- de online modules van de leerlijn gemaakt en gehaald;\n"
        "- de zelfscan ingevuld, en later nog een keer;\n"
        "- opdrachten op het werk gedaan, met feedback van een praktijkopleider of teamleider;\n"
        "- de bijeenkomsten van de leerlijn bijgewoond.\n"
        "De opleider bepaalt per cursus welke onderdelen meetellen.",
        "What the participant did:\n"
        "- took and passed the online modules of the learning path;\n"
        "- filled in the self-assessment, and later once more;\n"
        "- did assignments at work, with feedback from a practical trainer or team leader;\n"
        "- attended the sessions of the learning path.\n"
        "The trainer decides per course which parts count."),
)

ACHIEVEMENTS = {definition.key: definition for definition in (LEERLIJN,)}


class UnknownAchievementError(ValueError):
    """``award_badge`` was asked for an achievement the tool does not define."""


def achievement_definition(key: str) -> AchievementDefinition:
    try:
        return ACHIEVEMENTS[key]
    except KeyError:
        raise UnknownAchievementError(key) from None
