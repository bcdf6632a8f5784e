#!/usr/bin/env python3
"""Draw one SVG figure per module of the werkbegeleiding course (not the escape room).

    python3 scripts/make_illustrations.py     # writes content_packages/werkbegeleiding/media/

Plain Python, no dependencies: every figure is built from a few shapes (people, boxes,
arrows, a wheel, a traffic light), so the same input always gives the same bytes. The
SVGs hold only drawing and presentation attributes (no script, no <style>, no links):
``content check`` refuses anything else, since learners' browsers render them.

Every figure is 480 x 360 with text of at least 19 units: on a phone (360 px wide) that
is about 14 px. Colours: dark blue #1d4f91 (the brand colour) and near-black #1a1a1a on
white or light tints; white only on the dark blue. Text in the figures is short Dutch;
what a figure means is said in words, in Dutch and English, by its block in the module
(``alt`` and ``long_description``).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_media import MEDIA  # noqa: E402 - the course's media folder, named in one place

W, H = 480, 360
BLUE, INK, YELLOW, WHITE = "#1d4f91", "#1a1a1a", "#ffbf47", "#ffffff"
TINT, SAND = "#e8f0fb", "#fff4d6"
RED, AMBER, GREEN = "#b3261e", "#f2a900", "#2e7d32"
FONT = "DejaVu Sans,Arial,sans-serif"
LIMIT = 8 * 1024  # bytes per figure

ARROW = (f'<defs><marker id="a" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" '
         f'markerHeight="5" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" '
         f'fill="{BLUE}"/></marker></defs>')


def svg(title: str, parts: list[str], arrows: bool = False) -> str:
    body = "".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
            f'viewBox="0 0 {W} {H}" font-family="{FONT}"><title>{escape(title)}</title>'
            f'{ARROW if arrows else ""}<rect width="{W}" height="{H}" fill="{WHITE}"/>{body}</svg>\n')


def text(x: float, y: float, words: str, size: int = 20, fill: str = INK, bold: bool = False,
         anchor: str = "middle") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"'
            f'{weight}>{escape(words)}</text>')


def box(x: float, y: float, w: float, h: float, fill: str = TINT, stroke: str = BLUE,
        r: int = 10, width: int = 3, dash: bool = False) -> str:
    dashed = ' stroke-dasharray="8 6"' if dash else ""
    return (f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{r}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width}"{dashed}/>')


def label_box(cx: float, cy: float, w: float, words: str, fill: str = TINT, size: int = 20,
              colour: str = INK, dash: bool = False) -> str:
    return box(cx - w / 2, cy - 22, w, 44, fill, dash=dash) + text(cx, cy + 7, words, size, colour)


def circle(cx: float, cy: float, r: float, fill: str, stroke: str = BLUE, width: int = 3) -> str:
    return (f'<circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width}"/>')


def line(x1: float, y1: float, x2: float, y2: float, colour: str = BLUE, width: int = 3,
         arrow: str = "", dash: bool = False) -> str:
    """``arrow``: "" none, "end", "both"."""
    marks = {"": "", "end": ' marker-end="url(#a)"',
             "both": ' marker-start="url(#a)" marker-end="url(#a)"'}[arrow]
    dashed = ' stroke-dasharray="8 6"' if dash else ""
    return (f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{colour}" '
            f'stroke-width="{width}"{dashed}{marks}/>')


def person(cx: float, cy: float, scale: float = 1.0, fill: str = BLUE) -> str:
    """A head and shoulders; (cx, cy) is the middle of the shoulders' base line."""
    head, body = 15 * scale, 28 * scale
    # A light figure gets a dark outline: shapes that carry meaning keep 3:1 contrast.
    edge = f' stroke="{INK}" stroke-width="2"' if fill == YELLOW else ""
    return (f'<circle cx="{cx:g}" cy="{cy - body - head - 4 * scale:g}" r="{head:g}" '
            f'fill="{fill}"{edge}/>'
            f'<path d="M{cx - body:g} {cy:g}a{body:g} {body:g} 0 0 1 {2 * body:g} 0z" '
            f'fill="{fill}"{edge}/>')


def check(cx: float, cy: float, size: float = 14, colour: str = GREEN) -> str:
    return (f'<path d="M{cx - size:g} {cy:g}l{size * .7:g} {size * .7:g}l{size * 1.3:g} '
            f'{-size * 1.3:g}" fill="none" stroke="{colour}" stroke-width="5" '
            f'stroke-linecap="round" stroke-linejoin="round"/>')


def bubble(x: float, y: float, w: float, h: float, words: str, fill: str = SAND,
           tail_left: bool = True) -> str:
    tail_x = x + 24 if tail_left else x + w - 24
    tail = (f'<path d="M{tail_x - 10:g} {y + h - 2:g}l{-8 if tail_left else 8} 18l18 -18z" '
            f'fill="{fill}" stroke="{BLUE}" stroke-width="3" stroke-linejoin="round"/>')
    return (tail + box(x, y, w, h, fill) + text(x + w / 2, y + h / 2 + 7, words, 19))


# ---- the figures, one per module ---------------------------------------------------------------

def rol() -> str:
    """The werkbegeleider between the new colleague and the manager; others to refer to."""
    return svg("De werkbegeleider tussen collega en leidinggevende", [
        line(128, 110, 196, 110, width=5), line(284, 110, 352, 110, dash=True),
        line(226, 178, 136, 250, arrow="end", dash=True),
        line(254, 178, 344, 250, arrow="end", dash=True),
        person(84, 130, 1.0, INK), text(84, 160, "Collega"),
        circle(240, 104, 62, TINT), person(240, 130, 1.2), text(240, 200, "Jij", 22, bold=True),
        person(396, 130, 1.0, INK), text(396, 160, "Leiding-"), text(396, 184, "gevende"),
        label_box(120, 290, 150, "Jobcoach", SAND), label_box(360, 290, 150, "HR", SAND),
        text(240, 345, "Doorverwijzen", 19, BLUE),
    ], arrows=True)


def inwerken() -> str:
    """Four steps up: show, together, they do it with you watching, alone."""
    steps = ["Voordoen", "Samen", "Zelf doen", "Alleen"]
    parts = []
    for index, step in enumerate(steps):
        x, top = 20 + index * 112, 250 - index * 56
        parts.append(box(x, top, 104, 340 - top, TINT if index < 3 else SAND, r=6))
        parts.append(text(x + 52, top + 34, str(index + 1), 24, BLUE, bold=True))
        parts.append(text(x + 52, top + 62, step, 19))
    parts.append(person(404, 74, 0.9))
    parts.append(check(448, 30))
    return svg("Inwerken in vier stappen", parts)


def behoefte() -> str:
    """A colleague in the middle, four topics to ask about around them."""
    parts = [line(240, 180, x, y, width=2) for x, y in ((110, 70), (370, 70), (110, 290),
                                                          (370, 290))]
    parts += [circle(240, 176, 58, WHITE), person(240, 206, 1.1),
              bubble(300, 96, 56, 48, "?", tail_left=True)]
    for (cx, cy), topic in zip(((110, 70), (370, 70), (110, 290), (370, 290)),
                               ("Uitleg", "Structuur", "Tempo", "Omgeving"), strict=True):
        parts.append(label_box(cx, cy, 170, topic))
    return svg("Vier onderwerpen om naar te vragen", parts)


def beperkingen() -> str:
    """First the person and their strengths; the label is small and hangs to the side."""
    stars = []
    for cx, cy in ((110, 90), (90, 170), (120, 250)):
        points = " ".join(f"{cx + (18 if k % 2 == 0 else 8) * math.sin(k * math.pi / 5):.0f},"
                          f"{cy - (18 if k % 2 == 0 else 8) * math.cos(k * math.pi / 5):.0f}"
                          for k in range(10))
        stars.append(f'<polygon points="{points}" fill="{YELLOW}" stroke="{INK}" stroke-width="2"/>')
    return svg("Eerst de mens, dan de beperking", [
        circle(240, 170, 112, TINT), person(240, 250, 2.4), *stars,
        line(330, 120, 372, 96, INK, 2),
        f'<path d="M372 80h84v40h-84l-14 -20z" fill="{WHITE}" stroke="{INK}" stroke-width="2"/>',
        text(414, 107, "etiket", 19),
        text(150, 330, "Kwaliteiten", 20, bold=True, anchor="start"),
    ])


def signalen() -> str:
    """A traffic light: calm, signals, overload, each with what you do."""
    parts = [box(40, 20, 110, 320, INK, INK, r=22)]
    rows = ((GREEN, "Rustig", "Gewoon doorwerken"), (AMBER, "Signalen", "Rust, vraag wat er is"),
            (RED, "Te veel", "Stop, maak het simpel"))
    for index, (colour, state, action) in enumerate(rows):
        cy = 76 + index * 104
        parts.append(circle(95, cy, 38, colour, WHITE, 3))
        parts.append(line(146, cy, 178, cy, arrow="end"))
        parts.append(text(190, cy - 6, state, 22, bold=True, anchor="start"))
        parts.append(text(190, cy + 22, action, 19, anchor="start"))
    return svg("Signalen als een verkeerslicht", parts, arrows=True)


def afspraken() -> str:
    """Four questions make an agreement you can check."""
    parts = []
    for index, question in enumerate(("Wat?", "Hoe?", "Wanneer?", "Met wie?")):
        x, y = 24 + (index % 2) * 220, 24 + (index // 2) * 104
        parts += [box(x, y, 200, 84, SAND), text(x + 100, y + 52, question, 24, bold=True)]
    parts += [line(240, 226, 240, 258, arrow="end"), box(90, 266, 300, 70, TINT),
              check(140, 303), text(260, 309, "Checkbaar", 24, bold=True)]
    return svg("Vier vragen voor een duidelijke afspraak", parts, arrows=True)


def _ring(labels: list[str], cx: float, cy: float, radius: float, w: float) -> list[str]:
    """Boxes on a circle with arrows from each to the next (clockwise, starting at the top)."""
    parts = [f'<circle cx="{cx:g}" cy="{cy:g}" r="{radius:g}" fill="none" stroke="{BLUE}" '
             f'stroke-width="3" stroke-dasharray="10 8"/>']
    count = len(labels)
    for index in range(count):
        angle = (index + 0.5) * 2 * math.pi / count
        x, y = cx + radius * math.sin(angle), cy - radius * math.cos(angle)
        tangent = (math.cos(angle), math.sin(angle))
        parts.append(line(x - 6 * tangent[0], y - 6 * tangent[1], x + 6 * tangent[0],
                          y + 6 * tangent[1], arrow="end"))
    for index, label in enumerate(labels):
        angle = index * 2 * math.pi / count
        parts.append(label_box(cx + radius * math.sin(angle), cy - radius * math.cos(angle), w,
                               label, SAND))
    return parts


def feedback() -> str:
    """The feedback loop: see, say, ask, agree, and round again; it goes both ways."""
    return svg("De cirkel van feedback", [
        *_ring(["Zien", "Zeggen", "Vragen", "Afspreken"], 240, 180, 128, 150),
        person(214, 202, 0.8), person(266, 202, 0.8, INK),
        text(240, 236, "twee kanten", 19, BLUE),
    ], arrows=True)


def klimaat() -> str:
    """A team in a circle with the new colleague in it, not beside it."""
    parts = [circle(240, 172, 132, TINT, BLUE, 3)]
    for index in range(8):
        angle = index * 2 * math.pi / 8
        cx, cy = 240 + 100 * math.sin(angle), 196 - 100 * math.cos(angle)
        parts.append(person(cx, cy, 0.75, YELLOW if index == 4 else BLUE))
    parts += [text(240, 178, "Iedereen", 22, bold=True), text(240, 204, "hoort erbij", 22, bold=True),
              text(240, 346, "Nieuw in het team: geel", 19)]
    return svg("Een team waarin iedereen erbij hoort", parts)


def lastig() -> str:
    """Three phases: prepare, talk (name behaviour, listen), agree."""
    parts = [box(16, 24, 140, 150, SAND), text(86, 60, "1", 24, BLUE, bold=True),
             text(86, 96, "Voor-"), text(86, 120, "bereiden"),
             line(40, 140, 132, 140, INK, 2), line(40, 156, 112, 156, INK, 2),
             line(160, 99, 184, 99, arrow="end"),
             box(190, 24, 140, 150, TINT), text(260, 60, "2", 24, BLUE, bold=True),
             text(260, 96, "Gesprek"), text(260, 120, "rustig"),
             line(334, 99, 358, 99, arrow="end"),
             box(364, 24, 100, 150, SAND), text(414, 60, "3", 24, BLUE, bold=True),
             text(414, 96, "Af-"), text(414, 120, "spraak"), check(414, 146),
             bubble(24, 206, 210, 54, "Ik zag dat …"),
             bubble(246, 206, 210, 54, "Hoe zie jij dat?", fill=TINT, tail_left=False),
             person(60, 348, 0.9), person(420, 348, 0.9, INK)]
    return svg("Een lastig gesprek in drie stappen", parts, arrows=True)


def basis() -> str:
    """The six basic skills as a wheel around the werkbegeleider."""
    skills = ["Behulpzaam", "Alert", "Realistisch", "Rustig", "Instructief", "Eerlijk"]
    parts = [circle(240, 180, 120, "none", BLUE, 3)]
    for index in range(6):
        angle = index * math.pi / 3
        parts.append(line(240, 180, 240 + 120 * math.sin(angle), 180 - 120 * math.cos(angle),
                          width=2))
    parts += [circle(240, 180, 56, BLUE, BLUE), person(240, 200, 0.75, WHITE)]
    for index, skill in enumerate(skills):
        angle = index * math.pi / 3
        parts.append(label_box(240 + 128 * math.sin(angle), 180 - 128 * math.cos(angle), 136,
                               skill, SAND, 19))
    return svg("Zes basisvaardigheden als een wiel", parts)


def mentor() -> str:
    """A house: knowledge, attitude and skills hold up the manager's role as mentor."""
    parts = [f'<path d="M40 130L240 30L440 130z" fill="{BLUE}"/>',
             text(240, 112, "Mentor", 26, WHITE, bold=True)]
    for index, (top, bottom) in enumerate((("Kennis", ""), ("Houding", ""), ("Vaardig-", "heden"))):
        x = 56 + index * 132
        parts.append(box(x, 142, 104, 156, TINT, r=4))
        parts.append(text(x + 52, 210, top, 19))
        if bottom:
            parts.append(text(x + 52, 234, bottom, 19))
    parts += [box(28, 304, 424, 36, SAND, r=4), text(240, 329, "Jij, als leidinggevende", 20)]
    return svg("Mentor: kennis, houding en vaardigheden", parts)


def opleiding() -> str:
    """The colleague in training in the middle, with everyone who helps them learn."""
    around = [("Jij", 240, 48), ("School", 84, 120), ("Praktijkopleider", 396, 120),
              ("Team", 84, 264), ("Teamleider", 396, 264)]
    parts = [line(240, 180, x, y, width=2, dash=True) for _, x, y in around]
    parts += [circle(240, 190, 76, TINT), person(240, 196, 1.0, YELLOW),
              text(240, 226, "collega in", 19), text(240, 250, "opleiding", 19, bold=True)]
    for name, x, y in around:
        if name == "Jij":
            parts.append(label_box(x, y, 90, name, BLUE, 19, WHITE))
        elif name == "Praktijkopleider":
            parts += [box(x - 72, y - 34, 144, 68, SAND), text(x, y - 5, "Praktijk-", 19),
                      text(x, y + 19, "opleider", 19)]
        else:
            parts.append(label_box(x, y, 144, name, SAND, 19))
    return svg("Samen leren: school, praktijkopleider, team en jij", parts)


FIGURES: dict[str, Callable[[], str]] = {
    "rol-van-de-werkbegeleider": rol,
    "nieuwe-collega-inwerken": inwerken,
    "begeleidingsbehoefte-in-kaart": behoefte,
    "beperkingen-en-kwetsbaarheden": beperkingen,
    "signalen-en-triggers": signalen,
    "duidelijke-werkafspraken": afspraken,
    "feedback-geven-en-ontvangen": feedback,
    "inclusief-werkklimaat": klimaat,
    "lastige-gesprekken": lastig,
    "basisvaardigheden": basis,
    "begeleiden-als-mentor": mentor,
    "collega-in-opleiding": opleiding,
}


def main() -> int:
    MEDIA.mkdir(parents=True, exist_ok=True)
    too_big = []
    for module_id, draw in FIGURES.items():
        target = MEDIA / f"{module_id}-figuur.svg"
        data = draw().encode("utf-8")
        target.write_bytes(data)
        print(f"{target.name:44} {len(data):>6,} bytes")
        if len(data) > LIMIT:
            too_big.append(target.name)
    if too_big:
        print(f"larger than {LIMIT} bytes: {', '.join(too_big)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
