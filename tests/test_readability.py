"""The course stays plain Dutch (B1): scripts/readability.py per module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("readability", ROOT / "scripts" / "readability.py")
assert _spec and _spec.loader
readability = importlib.util.module_from_spec(_spec)
sys.modules["readability"] = readability
_spec.loader.exec_module(readability)

MODULES = readability.load_modules(None)


def test_short_plain_sentences_score_high_and_long_words_low() -> None:
    plain = readability.Figures()
    plain.add_text("Je helpt je collega. Je legt het werk uit. Je vraagt hoe het gaat.")
    dense = readability.Figures()
    dense.add_text("Arbeidsmarktgerelateerde ondersteuningsmogelijkheden vereisen "
                   "organisatiebrede implementatietrajecten met professionaliseringsaandacht.")
    assert plain.sentences == 3 and plain.words == 14
    assert plain.flesch_douma > 90 > 0 > dense.flesch_douma


def test_list_items_and_table_cells_end_a_sentence_for_the_reader() -> None:
    figures = readability.Figures()
    figures.add_text("Let op:\n\n- je collega wordt stil\n- er gaan dingen fout\n\n"
                     "| Vaardigheid | Uitleg |\n| --- | --- |\n| Rustig | Je blijft kalm |")
    assert figures.sentences == 7


def test_identifiers_file_names_and_english_text_are_not_counted() -> None:
    figures = readability.module_figures({"blocks": [
        {"id": "a-b", "type": "figure", "src": "media/wiel.svg",
         "alt": {"nl": "Een wiel met zes delen.", "en": "A wheel with six parts."}}]})
    assert figures.words == 5


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_reads_at_b1(name: str) -> None:
    figures = readability.module_figures(MODULES[name])
    assert figures.flesch_douma >= 75, f"{name}: Flesch-Douma {figures.flesch_douma:.0f} (< 75)"
