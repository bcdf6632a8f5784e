#!/usr/bin/env python3
"""Readability of the course per module: Flesch-Douma and the longest page, now or at a commit.

    python scripts/readability.py                       # the package as it is on disk
    python scripts/readability.py --rev 42424f0         # the package at a git commit
    python scripts/readability.py --rev 42424f0 --compare   # both, side by side

Flesch-Douma (Douma 1960) is the Dutch adaptation of Flesch Reading Ease:
``206.835 - 0.93 x words per sentence - 77 x syllables per word``. 60-80 is plain
language, above 80 easy (B1 and below). Syllables are counted with Pyphen's Dutch
hyphenation dictionary (hyphenation points + 1): close to spoken syllables, and the
same counter before and after, which is what a comparison needs.

Every string a learner reads counts (block bodies, questions, options, feedback, hints,
alt texts in Dutch); identifiers, file names and the English text (`en:` keys) do not.
A list item, a table cell and a heading end a sentence, as they do for the reader.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyphen
import yaml

ROOT = Path(__file__).resolve().parent.parent
MODULES = "content_packages/werkbegeleiding/modules"
NOT_READ = {"id", "type", "src", "captions", "poster", "en", "code", "image", "file", "href",
            "icon", "avatar", "correct", "answer_pattern"}
FILE_NAME = re.compile(r"^[\w./-]+\.[a-z0-9]{2,4}$", re.IGNORECASE)
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")
SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n\s*(?:[-*+]|\d+[.)]|#+|\|)|\|")
MARKUP = re.compile(r"[*_`>#]|\[(.*?)\]\([^)]*\)")

_dic = pyphen.Pyphen(lang="nl_NL")


def syllables(word: str) -> int:
    return len(_dic.positions(word.lower())) + 1


@dataclass
class Figures:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    longest_text: int = 0  # words on the longest text page: what a learner reads in one go
    text_words: int = 0  # words on plain text pages (the rest is in pictures, cards, steps, games)

    def add_text(self, text: str) -> int:
        text = MARKUP.sub(lambda m: m.group(1) or " ", text)
        words = 0
        for part in SENTENCE_END.split(text):
            found = WORD.findall(part)
            if found:
                self.sentences += 1
                words += len(found)
                self.syllables += sum(syllables(w) for w in found)
        self.words += words
        return words

    @property
    def flesch_douma(self) -> float:
        if not self.words:
            return 0.0
        return 206.835 - 0.93 * self.words / self.sentences - 77 * self.syllables / self.words


def _texts(value: Any, key: str = "") -> list[str]:
    if key in NOT_READ:
        return []
    if isinstance(value, str):
        return [] if FILE_NAME.match(value.strip()) else [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _texts(v, str(k))]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v, key)]
    return []


def module_figures(data: dict[str, Any]) -> Figures:
    figures = Figures()
    for text in _texts({k: v for k, v in data.items() if k != "blocks"}):
        figures.add_text(text)
    for block in data.get("blocks") or []:
        words = sum(figures.add_text(t) for t in _texts(block))
        if block.get("type") == "text":  # cases, quizzes and scenarios come a step at a time
            figures.longest_text = max(figures.longest_text, words)
            figures.text_words += words
    return figures


def load_modules(rev: str | None) -> dict[str, dict[str, Any]]:
    if rev is None:
        return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in sorted((ROOT / MODULES).glob("*.yaml"))}
    names = _git("ls-tree", "--name-only", f"{rev}:{MODULES}").split()
    return {Path(n).stem: yaml.safe_load(_git("show", f"{rev}:{MODULES}/{n}"))
            for n in sorted(names) if n.endswith(".yaml")}


def _git(*args: str) -> str:
    git = shutil.which("git") or "git"
    return subprocess.run([git, *args], cwd=ROOT, check=True,  # noqa: S603 (our own arguments)
                          capture_output=True, text=True).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rev", help="a git commit to read the modules from")
    parser.add_argument("--compare", action="store_true",
                        help="print --rev (before) beside the files on disk (after)")
    args = parser.parse_args(argv)
    if args.compare and not args.rev:
        parser.error("--compare needs --rev")
    after = load_modules(None if args.compare else args.rev)
    before = load_modules(args.rev) if args.compare else {}
    if args.compare:
        print("| module | Flesch-Douma before | after | words before | after "
              "| on plain text pages before | after | longest text page before | after |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    else:
        print("| module | Flesch-Douma | words | words/sentence | longest text page (words) |")
        print("|---|---:|---:|---:|---:|")
    for name in sorted(set(after) | set(before)):
        a = module_figures(after[name]) if name in after else Figures()
        if args.compare:
            b = module_figures(before[name]) if name in before else Figures()
            print(f"| {name} | {b.flesch_douma:.0f} | {a.flesch_douma:.0f} | {b.words} | {a.words} "
                  f"| {b.text_words} | {a.text_words} | {b.longest_text} | {a.longest_text} |")
        else:
            per = a.words / a.sentences if a.sentences else 0
            print(f"| {name} | {a.flesch_douma:.0f} | {a.words} | {per:.1f} | {a.longest_text} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
