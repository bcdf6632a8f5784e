"""First render of learner pages on a slow phone link, beside a bare page in the same run.

Chromium, empty cache, throttled as issue 15 asks: 400 kbit/s down and up, 400 ms added to
every request, the CPU four times slower. Per page: the first contentful paint (FCP) in
milliseconds, the median of ``--runs`` loads, and its ratio to the anchor: a bare HTML page
with one heading and a paragraph, served by the same server in the same run (what any page
costs on this link before the tool adds anything). Also the layout shift after the first
paint (cumulative layout shift, the largest of the runs): the page paints with its inline
critical CSS and ``app.css`` arrives later, which must not move what is on the screen.
Budget: FCP below 1,500 ms and a shift below 0.1; over either, the script exits 1.

Besides one page per block type, the course home and the escape room: a zelfscan question
page, and a Samenleer guest's first page (the code, reached from the invite's QR code) and
question page, the pages a guest without an LMS account opens on a phone.

    .venv/bin/python benchmarks/first_render.py [--runs 3] [--only video "course home"]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit

from page_weight import CHROMIUM, learner_pages, served_app
from samenleer_support import invite_link, invite_path, new_track, professional, sign_in, start_round
from zelfscan_support import FRAMEWORK, ITEM, make_launch

from lti_tool.content import get_course

BUDGET_MS = 1500
# Cumulative layout shift after the first paint; 0.1 is where Web Vitals stops calling it good.
SHIFT_BUDGET = 0.1
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


def feature_pages(app, base: str) -> dict[str, str]:
    """A zelfscan question page and a Samenleer guest's code and question pages."""
    client = app.test_client()
    scanner = make_launch(app, content_item_id=ITEM).token
    begun = client.post(f"/zelfscan/{FRAMEWORK}/begin", data={"lt": scanner})
    pro = professional(app)
    track_id = new_track(client, pro, label="Ali", visual=True)
    guest_path = invite_path(invite_link(client, pro, track_id))
    guest = sign_in(client, guest_path)
    start_round(client, pro, track_id)
    fresh = invite_path(invite_link(client, pro, new_track(client, pro, label="Bo")))
    question = urlsplit(begun.headers["Location"])
    return {"zelfscan: question": f"{base}{question.path}?{question.query}",
            "samenleer guest: code": f"{base}{fresh}/",
            "samenleer guest: question": f"{base}{guest_path}/vraag/1?gt={guest.token}"}


def first_paint(browser, url: str) -> tuple[float, float]:
    """FCP in ms and the layout shift (CLS) up to a moment after the load event: what moved
    when the stylesheet at the end of the page arrived after the first paint."""
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
    shift = page.evaluate("""() => new Promise(resolve => {
        let sum = 0;
        new PerformanceObserver(list => {
            for (const entry of list.getEntries()) if (!entry.hadRecentInput) sum += entry.value;
        }).observe({type: 'layout-shift', buffered: true});
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(sum), 200)));
    })""")
    context.close()
    return float(fcp), float(shift)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", metavar="PAGE",
                        help="only these pages (block types, 'course home', 'escape room', "
                             "'zelfscan: question', 'samenleer guest: code', ...)")
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
        chosen.update(feature_pages(app, base))
        if args.only:
            chosen = {name: url for name, url in chosen.items() if name in args.only}
        results: list[tuple[str, float, float]] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for name, url in [("anchor: bare page", base + ANCHOR_PATH), *chosen.items()]:
                runs = [first_paint(browser, url) for _ in range(args.runs)]
                results.append((name, statistics.median(fcp for fcp, _ in runs),
                                max(shift for _, shift in runs)))
            browser.close()

    anchor = results[0][1]
    print("throttled: 400 kbit/s, +400 ms a request, CPU x4, empty cache, 390 px; "
          f"median of {args.runs}; layout shift: the largest of the runs")
    print(f"{'page':32} {'FCP ms':>8} {'x anchor':>9} {'shift':>6}  "
          f"budget FCP < {BUDGET_MS} ms, shift < {SHIFT_BUDGET}")
    over = []
    for name, fcp, shift in results:
        verdict = ""
        if not name.startswith("anchor"):
            verdict = "ok" if fcp < BUDGET_MS and shift < SHIFT_BUDGET else "OVER"
        if verdict == "OVER":
            over.append(name)
        print(f"{name:32} {fcp:>8.0f} {fcp / anchor:>8.2f}x {shift:>6.3f}  {verdict}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
