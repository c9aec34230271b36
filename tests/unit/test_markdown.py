"""Bodies rendered for reading: tables in their own box, a 落款 on its lines, numbers that dial."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.markdown import _LANDLINE, _marked, _parser, _plain, link_phones, render_markdown

# the patterns as first written (one search each): what the quicker ones must find
_LANDLINE_AS_WRITTEN = re.compile(r"(?<![\d-])0\d{2,3}-\d{7,8}(?![\d-])")
_MARKUP_AS_WRITTEN = re.compile(r'[`*_\[\]<>&!\\"~|\t\r\x00]|^[-+=]|^\d{1,9}[.)]', re.M)


def test_a_table_sits_in_a_scrolling_box_reachable_by_keyboard() -> None:
    html = render_markdown("| 项目 | 标准 |\n|---|---|\n| 低保 | 810元 |\n")
    assert html.startswith('<div class="zwgk-tablebox" role="region" aria-label="表格" tabindex="0">')
    assert '<table class="zwgk-body-table">' in html and html.rstrip().endswith("</table></div>")


def test_signature_and_date_each_on_a_line() -> None:
    html = render_markdown("正文。\n\n示例县民政局\n2026年3月9日\n")
    assert '<p class="zwgk-sign">示例县民政局<br>\n2026年3月9日</p>' in html
    # an ordinary paragraph ending in a date is left alone when it is one line
    assert "zwgk-sign" not in render_markdown("自2026年1月1日起施行。\n")


def test_phone_numbers_become_tel_links_but_not_fax_or_links() -> None:
    html = render_markdown(
        "电话：0000-1234567。[网址](https://example.cn/0000-1234567) 传真：0000-7654321\n\n"
        "| 传真 | 0000-1234568 |\n|---|---|\n| 咨询电话 | 0000-1234569 |\n\n编号 10000-12345678。\n"
    )
    assert html.count('href="tel:') == 2
    assert '<a class="zwgk-nw" href="tel:0000-1234567">0000-1234567</a>' in html
    assert '<a class="zwgk-nw" href="tel:0000-1234569">0000-1234569</a>' in html
    assert 'href="https://example.cn/0000-1234567"' in html


def _phones_tag_by_tag(html: str) -> str:
    """link_phones as it was written first (the html split at every tag): the reference."""
    out: list[str] = []
    in_link, recent = False, ""
    for part in re.split(r"(<[^>]*>)", html):
        if part.startswith("<"):
            in_link = (in_link or part.startswith("<a ")) and not part.startswith("</a")
            out.append(part)
            continue

        def tel(found: re.Match[str], text: str = recent + part) -> str:
            before = text[: len(text) - len(found.string) + found.start()][-12:]
            return (
                found[0] if "传真" in before else f'<a class="zwgk-nw" href="tel:{found[0]}">{found[0]}</a>'
            )

        out.append(part if in_link else _LANDLINE_AS_WRITTEN.sub(tel, part))
        recent = (recent + part)[-12:]
    return "".join(out)


_HTML_PIECES = [
    "0000-1234567",
    "0571-12345678",
    "10000-1234567",
    "0000-123456789",
    "-",
    "1",
    "传真",
    "传真：",
    "电话",
    "，",
    " ",
    "\n",
    "<p>",
    "</p>",
    '<a href="https://example.cn/0000-1234567">',
    '<a href="tel:0000-1234567" class="x">',
    "</a>",
    "<abbr>",
    "</abbr>",
    "<td>",
    "</td>",
    "<br>",
    '<img alt="0000-7654321" src="x.png">',
    "&lt;a ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_HTML_PIECES), max_size=30))
def test_phones_are_linked_as_the_tag_by_tag_reading_links_them(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert link_phones(html) == _phones_tag_by_tag(html)
    spans = [m.span() for m in _LANDLINE.finditer(html)]
    assert spans == [m.span() for m in _LANDLINE_AS_WRITTEN.finditer(html)]


def test_a_number_glued_to_a_digit_or_dash_before_its_zero_is_not_a_phone() -> None:
    assert [m[0] for m in _LANDLINE.finditer("0000-1234567 00000-1234567 -0571-1234567 x0571-12345678")] == [
        "0000-1234567",
        "0571-12345678",
    ]


# pieces of bodies: plain text and headings, the whitespace markdown-it treats apart, and the
# markup it knows
_PLAIN = [
    "示例县",
    "通知",
    "2026年",
    "第一条",
    "一、总体要求",
    "为",
    "。",
    "，",
    "“一网通办”",
    "（含）",
    "10.5亿元",
    "0000-1234567",
    "http://a.cn",
    "'",
    "a",
    "Z9",
    "-",
    "=",
    "#",
    "## ",
    "### ",
    "####### ",
    " ",
    "  ",
    "    ",
    "\u3000",
    "\u00a0",
    "\x0b",
    "\x0c",
    "\n",
    "\n\n",
]
_MARKUP = [
    "\t",
    "\r",
    "- ",
    "+ ",
    "* ",
    "1. ",
    "2) ",
    "===",
    "---",
    "___",
    "> ",
    "|",
    "`",
    "```",
    "~~~",
    "*强调*",
    "_x_",
    "[链接](https://a.cn)",
    "![图](a.png)",
    "<b>",
    "&amp;",
    "&",
    "\\",
    '"',
]
_BODIES = st.one_of(
    st.lists(st.sampled_from(_PLAIN), max_size=40).map("".join),  # a fifth are read directly
    st.lists(st.sampled_from(_PLAIN + _MARKUP), max_size=40).map("".join),
)


@given(_BODIES)
@settings(max_examples=4000, deadline=None)
def test_plain_bodies_are_made_as_markdown_it_makes_them(text: str) -> None:
    """The direct reading of plain bodies declines or gives markdown-it's HTML exactly."""
    plain = _plain(text)
    if plain is not None:
        assert plain == _parser().render(text)
    assert _marked(text) == bool(_MARKUP_AS_WRITTEN.search(text))  # (declined as often as before)


def test_plain_bodies_take_the_direct_reading() -> None:
    body = (
        "各乡镇人民政府：\n\n为做好2026年工作，现通知如下。\n第二行。\n\n## 一、总体要求\n\n坚持问题导向。\n"
    )
    assert _plain(body) == _parser().render(body)
    assert (
        _plain(body)
        == "<p>各乡镇人民政府：</p>\n<p>为做好2026年工作，现通知如下。\n第二行。</p>\n<h2>一、总体要求</h2>\n<p>坚持问题导向。</p>\n"
    )
    for marked in (
        "**重点**",
        "- 一项",
        "| a | b |",
        "\u3000\u3000首行缩进",
        "网址 <https://a.cn>",
        "甲  \n乙",
    ):
        assert _plain(f"正文。\n\n{marked}\n") is None, marked
