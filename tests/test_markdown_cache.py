"""Markdown is rendered once per text (issue 16); the media links still follow each call."""

from lti_tool.content import markdown
from lti_tool.content.markdown import render_inline_markdown, render_markdown

TEXT = ('Zie ![de kaart](media/kaart%20a.png "Kaart") en [het blad](media/blad.pdf).\n\n'
        "# Kop\n\n[Buiten](https://example.org/a?b=1&c=2) ![weer](media/kaart%20a.png)")


def test_media_links_follow_each_call_on_a_cached_text() -> None:
    plain = render_markdown(TEXT)
    assert 'src="media/kaart%20a.png"' in plain and 'href="media/blad.pdf"' in plain
    first = render_markdown(TEXT, lambda path: "/learn/media/" + path)
    other = render_markdown(TEXT, lambda path: 'https://cdn.test/m?f=' + path + '&"')
    assert first.count('src="/learn/media/kaart%20a.png"') == 2
    assert 'href="/learn/media/blad.pdf"' in first
    assert 'src="https://cdn.test/m?f=kaart%20a.png&amp;&quot;"' in other
    assert markdown._MEDIA_MARK not in first + other + plain
    assert "<h3>Kop</h3>" in first and 'href="https://example.org/a?b=1&amp;c=2"' in first


def test_rendered_once_per_text() -> None:
    markdown._rendered.cache_clear()
    for _ in range(3):
        render_markdown(TEXT, lambda path: path)
        render_markdown("*anders*")
    info = markdown._rendered.cache_info()
    assert (info.misses, info.hits) == (2, 4)
    assert render_inline_markdown("**vet**  en\n`code`") == "<strong>vet</strong> en <code>code</code>"
    assert render_inline_markdown("**vet**  en\n`code`") is render_inline_markdown("**vet**  en\n`code`")


def test_unsafe_text_stays_out() -> None:
    html = render_markdown("[x](javascript:alert(1)) <script>a</script> ![y](media/a\".png)",
                           lambda path: "/m/" + path)
    assert "href=\"javascript" not in html and "<script" not in html
    assert 'src="/m/a%22.png"' in html
