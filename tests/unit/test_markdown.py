"""Bodies rendered for reading: tables in their own box, a 落款 on its lines, numbers that dial."""

from __future__ import annotations

from generator.site.markdown import render_markdown


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
