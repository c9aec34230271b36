"""Page frames and the links inside pages: the pieces that let a page be filled, not laid out."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from generator.site import frames, urls


def _relpath(from_url: str, to_url: str) -> str:
    target, _, fragment = to_url.partition("#")
    rel = posixpath.relpath(target.rstrip("/") or ".", from_url.rstrip("/") or ".")
    if not target or target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


PAGES = ["", "./", "policies/", "policies/x/", "a/b/c/", "annual-reports/2025/office/", "help/"]
TARGETS = [
    *PAGES,
    "policies/y/",
    "a/b/",
    "assets/zwgk.css",
    "data/catalogues/x.csv",
    "policies/x/#frag",
    "#top",
    "feed.xml",
    "annual-reports/2024/edu/",
    "a/b/c/feed.xml",
]


@pytest.mark.parametrize(("here", "there"), list(itertools.product(PAGES, TARGETS)))
def test_relative_links_are_what_relpath_gives(here: str, there: str) -> None:
    assert urls.relative(here, there) == _relpath(here, there)


def test_a_frame_is_filled_at_each_placeholder() -> None:
    key = frames.frame_key("policy", "2025-x", "<h1>标题</h1>")
    assert key.h1 and key.depth == 1
    laid_out = (
        f"<title>{frames.TITLE} - 县</title><link href='https://x/policies/{key.key}/'>"
        f"<span>{frames.TITLE}</span><main>{key.content}</main>"
    )
    frame = frames.Frame(key, laid_out)
    page = frame.fill(title="A &amp; B", content="<h1>A</h1>", key="2025-x")
    assert (
        page
        == "<title>A &amp; B - 县</title><link href='https://x/policies/2025-x/'><span>A &amp; B</span><main><h1>A</h1></main>"
    )
    # a placeholder in a page's own content is not filled again
    assert frames.TITLE in frame.fill(title="t", content=frames.TITLE, key="k")


def test_a_key_of_two_segments_has_a_frame_of_its_own() -> None:
    two = frames.frame_key("annual_report", "2025/office", "<p>x</p>")
    assert (two.depth, two.h1, two.content) == (2, False, frames.CONTENT)
    frame = frames.Frame(two, f"<a href='/annual-reports/{two.key}/'>{two.content}</a>")
    assert (
        frame.fill(title="", content="c", key="2025/office") == "<a href='/annual-reports/2025/office/'>c</a>"
    )


def test_a_layout_without_the_content_is_refused() -> None:
    with pytest.raises(ValueError):
        frames.Frame(frames.frame_key("policy", "x", ""), "<html>nothing</html>")


def test_the_sitemap_lists_each_framed_page_in_its_frame_place() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset>\n    <url>\n         <loc>https://x/</loc>\n'
        "         <lastmod>2026-01-01</lastmod>\n    </url>\n    <url>\n"
        "         <loc>https://x/policies/zwgkframekey0/</loc>\n         <lastmod>2026-01-01</lastmod>\n"
        "    </url>\n</urlset>"
    )
    out = frames.sitemap(
        xml,
        {
            "https://x/policies/zwgkframekey0/": [
                ("https://x/policies/a/", "2025-03-02"),
                ("https://x/policies/b/", "2024-01-05"),
            ]
        },
    )
    assert "zwgkframekey" not in out
    locs = [line.strip() for line in out.splitlines() if "<loc>" in line or "<lastmod>" in line]
    assert locs == [
        "<loc>https://x/</loc>",
        "<lastmod>2026-01-01</lastmod>",
        "<loc>https://x/policies/a/</loc>",
        "<lastmod>2025-03-02</lastmod>",
        "<loc>https://x/policies/b/</loc>",
        "<lastmod>2024-01-05</lastmod>",
    ]
