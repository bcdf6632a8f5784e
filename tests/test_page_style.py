"""The critical CSS inline in every page: taken from app.css's marked regions, minified
without changing a rule, and allowed by that response's CSP through its exact hash."""

from __future__ import annotations

import re

from samenleer_support import invite_link, invite_path, new_track, professional, sign_in, start_round
from sqlalchemy import update
from test_learning_support import make_launch

from lti_tool.models import Organisation
from lti_tool.page_style import APP_CSS, critical_parts, minify
from lti_tool.security_headers import style_source

STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
BLOCK = "/learn/m/rol-van-de-werkbegeleider/b/"
ZELFSCAN = "zelfscan:werkbegeleider"


def test_minify_drops_comments_and_layout_but_keeps_strings_and_descendant_spaces():
    css = ('/* note */ a :hover , b > c { content: "a:  b;}" ; color : red; }\n'
           "@media (max-width: 30rem) { main { padding: .75rem; } }")
    assert minify(css) == ('a :hover,b>c{content:"a:  b;}";color :red}'
                           "@media (max-width:30rem){main{padding:.75rem}}")


def test_critical_parts_come_from_the_marked_regions_of_app_css():
    parts = critical_parts(APP_CSS.read_text(encoding="utf-8"))
    assert ".site-header{" in parts[""] and ".step-progress{" in parts[""]
    assert ".sort-item{" in parts["sorting"] and ".sort-item{" not in parts[""]
    assert ".room-drawing" not in "".join(parts.values())  # the escape room waits for app.css
    assert len(parts[""]) < 6_000  # sent uncompressed with every page: keep it small
    source = ("/* @critical */a { color: red; }/* @end-critical */ b{}"
              "/* @critical x y */c{}/* @end-critical */")
    assert critical_parts(source) == {"": "a{color:red}", "x": "c{}", "y": "c{}"}


def hashes(response) -> list[str]:
    styles = STYLE.findall(response.text)
    assert styles, "no inline critical CSS"
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert [style_source(css) in policy for css in styles] == [True] * len(styles)
    return styles


def test_every_page_carries_its_critical_css_allowed_by_hash_and_app_css_at_the_end(app, client):
    token = make_launch(app).token
    text = client.get(f"/learn/m/rol-van-de-werkbegeleider?lt={token}", follow_redirects=True)
    sorting = client.get(f"{BLOCK}rol-wie-doet-wat?lt={token}")
    start = client.get("/")
    for response in (text, sorting, start):
        assert response.status_code == 200
        hashes(response)
        head, body = response.text.split("</head>")
        assert "css/app.css" not in head and 'rel="stylesheet" href="/static/css/app.css' in body
    assert ".sort-item{" in STYLE.findall(sorting.text)[0]
    assert ".sort-item{" not in STYLE.findall(text.text)[0]
    assert len(STYLE.findall(text.text)) == 1  # the default colours are in the critical CSS


def test_the_organisations_colours_are_inline_and_allowed(app, client):
    token = make_launch(app).token
    with app.extensions["db"].session() as session:
        session.execute(update(Organisation).where(Organisation.slug == "test-org")
                        .values(primary_color="#0b5e3b", accent_color="red"))
        session.commit()
    page = client.get(f"{BLOCK}rol-wat-doe-je?lt={token}")
    styles = hashes(page)
    # An invalid colour in the database falls back to the default (branding.brand_for).
    assert styles[-1] == "html:root{--brand-primary:#0b5e3b;--brand-accent:#b3541e}"


def test_zelfscan_intervisie_and_samenleer_pages_have_nothing_render_blocking_in_the_head(app, client):
    """Their rules are parts of app.css (inline for their first screen, scoped by a class on
    <body>); no stylesheet of their own, none in <head>: the first paint waits for nothing."""
    pro = professional(app)
    guest_path = invite_path(invite_link(client, pro, new_track(client, pro, visual=True)))
    member = make_launch(app, content_item_id="intervisie").token
    scanner = make_launch(app, content_item_id=ZELFSCAN).token
    learner = make_launch(app).token
    pages = {
        "zelfscan": (f"/zelfscan/werkbegeleider?lt={scanner}", "", ".zs-scale{"),
        "intervisie": (f"/intervisie/?lt={member}", ' class="intervisie"', ".intervisie .now-box{"),
        "samenleer pro": (f"/samenleer/?lt={pro.token}", ' class="samenleer"', ".samenleer .stack{"),
        "samenleer guest": (f"{guest_path}/", ' class="samenleer"', ".samenleer .stack{"),
    }
    for name, (path, body_class, rule) in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        styles = hashes(response)
        head, body = response.text.split("</head>")
        assert "<link" not in head, name
        assert re.findall(r'<link rel="stylesheet" href="([^"?]+)', body) == ["/static/css/app.css"], name
        assert body.startswith(f"\n<body{body_class}>") or body.startswith(f"\n<body{body_class} "), name
        assert rule in styles[0] and ".site-header{" in styles[0], name
    course_home = client.get(f"/learn/course?lt={learner}")
    assert ".zs-course-path{" in STYLE.findall(course_home.text)[0]  # its zelfscan path, if shown
    assert ".samenleer" not in STYLE.findall(course_home.text)[0]


def test_each_samenleer_page_inlines_only_its_own_part_of_samenleers_rules(app, client):
    """On a slow phone link every inline byte delays the first paint: the guest's code page
    (where the invite's QR code leads) carries no cards, no answer scales and no history
    charts; the question page its scales but no cards; the professional's pages their charts."""
    pro = professional(app)
    track_id = new_track(client, pro, visual=True)
    guest = sign_in(client, invite_path(invite_link(client, pro, track_id)))
    start_round(client, pro, track_id)
    fresh = invite_path(invite_link(client, pro, new_track(client, pro, label="Bo", visual=True)))
    pages = {"code": f"{fresh}/", "question": f"{guest.path}/vraag/1?gt={guest.token}",
             "guest review": f"{guest.path}/overzicht?gt={guest.token}",
             "pro track": f"/samenleer/t/{track_id}?lt={pro.token}"}
    inline = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        inline[name] = hashes(response)[0]
    assert ".samenleer .stack{" in inline["code"] and ".samenleer .speak{" in inline["code"]
    assert not re.search(r"answer-card|scale-option|topic-option|trend", inline["code"])
    assert len(inline["code"]) < 7_000  # the common part and 1.5 KB (all of Samenleer: 13 KB)
    assert ".samenleer .scale-option{" in inline["question"] and "answer-card" not in inline["question"]
    assert ".samenleer .answer-card" in inline["guest review"] and "trend" not in inline["guest review"]
    assert ".samenleer .trend{" in inline["pro track"] and "language-choice" not in inline["pro track"]
