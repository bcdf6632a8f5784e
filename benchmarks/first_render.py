"""First render of learner pages on a slow phone link, beside a bare page in the same run.

Chromium, empty cache, throttled as issue 15 asks: 400 kbit/s down and up, 400 ms added to
every request, the CPU four times slower. Per page: the first contentful paint (FCP) in
milliseconds, the median of ``--runs`` loads, and its ratio to the anchor: a bare HTML page
with one heading and a paragraph, served by the same server in the same run (what any page
costs on this link before the tool adds anything). Budget: FCP below 1,500 ms; over it,
the script exits 1.

    .venv/bin/python benchmarks/first_render.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from page_weight import CHROMIUM, learner_pages, served_app

from lti_tool.content import get_course

BUDGET_MS = 1500
ANCHOR_PATH = "/__bench_anchor"
ANCHOR = (b"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Anker</title></head>"
          b"<body><h1>Anker</h1><p>Een kale pagina zonder opmaak of script.</p></body></html>")
THROTTLE = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
            "uploadThroughput": 400_000 / 8}


def with_anchor(app):
    """The app, plus the bare anchor page at ``ANCHOR_PATH``."""
    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == ANCHOR_PATH:
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(ANCHOR)))])
            return [ANCHOR]
        return app(environ, start_response)
    return wsgi


def first_paint(browser, url: str) -> float:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="load", timeout=60_000)
    fcp = page.evaluate("""() => new Promise(resolve => {
        const done = () => {
            const entry = performance.getEntriesByName('first-contentful-paint')[0];
            if (entry) { resolve(entry.startTime); return true; }
            return false;
        };
        if (!done()) new PerformanceObserver(() => done()).observe({type: 'paint', buffered: true});
    })""")
    context.close()
    return float(fcp)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with served_app(with_anchor) as (app, base, settings):
        module = get_course(settings).module("rol-van-de-werkbegeleider")
        pages, _room = learner_pages(app, base, module)
        # One page per block type (and the course home and the escape room): the slow link
        # makes a full tour too long, and pages of one type differ only in their text.
        chosen: dict[str, str] = {}
        for name, url in pages:
            chosen.setdefault(name.split(":")[0], url)
        results: list[tuple[str, float]] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            anchor_runs: list[float] = []
            for name, url in [("anchor: bare page", base + ANCHOR_PATH), *chosen.items()]:
                runs = [first_paint(browser, url) for _ in range(args.runs)]
                if not anchor_runs:
                    anchor_runs = runs
                results.append((name, statistics.median(runs)))
            browser.close()

    anchor = results[0][1]
    print("throttled: 400 kbit/s, +400 ms a request, CPU x4, empty cache, 390 px; "
          f"median of {args.runs}")
    print(f"{'page':32} {'FCP ms':>8} {'x anchor':>9}  budget < {BUDGET_MS} ms")
    over = []
    for name, fcp in results:
        verdict = "" if name.startswith("anchor") else ("ok" if fcp < BUDGET_MS else "OVER")
        if verdict == "OVER":
            over.append(name)
        print(f"{name:32} {fcp:>8.0f} {fcp / anchor:>8.2f}x  {verdict}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
