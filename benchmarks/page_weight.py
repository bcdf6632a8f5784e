"""Page weight of module 1 and the escape room: the bytes a learner's browser fetches per page.

Serves the app on a free port (a temporary SQLite database, the real content package),
opens every page of module 1 in Chromium with an empty cache, and sums what went over
the wire per page: HTML, CSS, JS and images. Audio, video and captions are listed apart
(the player never preloads more than their metadata).

Budgets without media: every learner page ``PAGE_BUDGET`` bytes, the escape room's pages
(the story, the drawn room once entered) ``ESCAPE_ROOM_BUDGET``; over one, it exits 1.
Besides module 1 it opens the first page of every other block type in the course.

    .venv/bin/python benchmarks/page_weight.py [--module rol-van-de-werkbegeleider]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_learning_support import make_launch  # noqa: E402

from lti_tool import create_app  # noqa: E402
from lti_tool.content import get_course  # noqa: E402
from lti_tool.migrate import upgrade  # noqa: E402
from lti_tool.settings import Settings  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ESCAPE_ROOM = ("escape-room", "escape-werkvloer")
ESCAPE_ROOM_BUDGET = 80_000  # bytes over the wire without media (issue 15: at most 80 KB)
PAGE_BUDGET = 50_000  # any other learner page (issue 15: at most 50 KB)
MEDIA_SUFFIXES = (".mp4", ".webm", ".ogg", ".oga", ".mp3", ".m4a", ".wav", ".vtt")


@dataclass
class PageWeight:
    name: str
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    media: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def kind_of(url: str, resource_type: str) -> str:
    path = url.split("?", 1)[0].lower()
    if path.endswith(MEDIA_SUFFIXES) or resource_type in {"media", "texttrack"}:
        return "media"
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "css"
    if resource_type == "script" or path.endswith(".js"):
        return "js"
    if resource_type == "image":
        return "img"
    return "other"


def measure(browser, name: str, url: str) -> PageWeight:
    weight = PageWeight(name)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def finished(request) -> None:
        try:
            sizes = request.sizes()
        except Exception:  # noqa: BLE001 - no response at all: nothing came over the wire
            return
        transferred = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        kind = kind_of(request.url, request.resource_type)
        if kind == "media":
            weight.media[request.url.rsplit("/", 1)[-1].split("?")[0]] += transferred
        else:
            weight.by_kind[kind] += transferred

    page.on("requestfinished", finished)
    # Media requests that stop after the metadata end as "failed": count what did arrive.
    page.on("requestfailed", finished)
    page.goto(url, wait_until="networkidle")
    context.close()
    return weight


def learner_pages(app, base: str, module) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The course home, every page of ``module``, its summary, the first page of every other
    block type in the course, and the escape room's two pages (story, in the room)."""
    token = make_launch(app).token
    pages = [("course home", f"{base}/learn/course?lt={token}")]
    pages += [(f"{block.type}: {block.id}",
               f"{base}/learn/m/{module.id}/b/{block.id}?lt={token}") for block in module.blocks]
    pages.append(("summary", f"{base}/learn/m/{module.id}/klaar?lt={token}"))
    seen = {block.type for block in module.blocks} | {"escape_room"}
    for other in get_course(app.extensions["settings"]).modules:
        for block in other.blocks:
            if block.type not in seen:
                seen.add(block.type)
                pages.append((f"{block.type}: {block.id}",
                              f"{base}/learn/m/{other.id}/b/{block.id}?lt={token}"))
    room_module, room_block = ESCAPE_ROOM
    room_path = f"/learn/m/{room_module}/b/{room_block}"
    inside = make_launch(app).token  # a learner who has entered the room
    app.test_client().post(f"{room_path}/answer", data={"lt": inside, "start": "1"})
    room_pages = {"escape room: the story": f"{base}{room_path}?lt={token}",
                  "escape room: in the room": f"{base}{room_path}?lt={inside}"}
    return pages + list(room_pages.items()), room_pages


@contextmanager
def served_app(wrap=None) -> Iterator[tuple[object, str, Settings]]:
    """The tool on a free port with a fresh SQLite database and the real content package;
    ``wrap`` may put WSGI middleware around it (the first-render anchor)."""
    import logging

    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.sqlite3"
        upgrade(database_url)
        settings = Settings(environment="test", database_url=database_url,
                            secret_key="page-benchmark-" + os.urandom(8).hex(),
                            instance_dir=Path(tmp), log_json=True, devlms_enabled=False)
        logging.disable(logging.INFO)
        app = create_app(settings)
        base, server = serve(wrap(app) if wrap else app)
        try:
            yield app, base, settings
        finally:
            server.shutdown()


def serve(app) -> tuple[str, object]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default="rol-van-de-werkbegeleider")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with served_app() as (app, base, settings):
        module = get_course(settings).module(args.module)
        if module is None:
            print(f"no module {args.module}", file=sys.stderr)
            return 1
        pages, room_pages = learner_pages(app, base, module)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            weights = [measure(browser, name, url) for name, url in pages]
            browser.close()

    kinds = ("html", "css", "js", "img", "other")
    print(f"{'page':40} " + " ".join(f"{k:>7}" for k in kinds) + f" {'total':>8}   media (apart)")
    for w in weights:
        media = ", ".join(f"{n} {b:,} B" for n, b in sorted(w.media.items())) or "-"
        print(f"{w.name:40} " + " ".join(f"{w.by_kind.get(k, 0):>7,}" for k in kinds)
              + f" {w.total:>8,}   {media}")
    heaviest = max(weights, key=lambda w: w.total)
    print(f"\nheaviest page: {heaviest.name}: {heaviest.total:,} bytes "
          f"({heaviest.total / 1024:.1f} KiB) without media")
    over = [w for w in weights
            if w.total > (ESCAPE_ROOM_BUDGET if w.name in room_pages else PAGE_BUDGET)]
    print(f"budget: {PAGE_BUDGET:,} bytes a learner page, {ESCAPE_ROOM_BUDGET:,} the escape room: "
          + (", ".join(f"{w.name} OVER ({w.total:,})" for w in over) or "every page within"))
    media_dir = ROOT / "content_packages" / "werkbegeleiding" / "media"
    files = sorted(p for p in media_dir.glob("*") if p.is_file() and not p.name.startswith("."))
    print("media files: " + ", ".join(f"{p.name} {p.stat().st_size:,} B" for p in files)
          + f"; total {sum(p.stat().st_size for p in files):,} B")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
