"""A 依申请公开 policy tells readers to apply under the 政府信息公开指南: the link goes to the
page whose column is 政府信息公开指南, wherever it lives, and without one the site is not made."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from generator.checks import check
from generator.site import pages, urls
from generator.site.render import render_pages
from generator.site.sitedata import SiteData, build
from tests.integration import _html

from ..conftest import TODAY

ON_REQUEST = """\
---
title: 测试县人力资源和社会保障局关于核定2024年度绩效工资总量的通知
doc_number: 测人社发〔2024〕14号
issuer: edu
written: 2024-08-04
published: 2024-08-06
disclosure: 依申请公开
disclosure_reason: 文件仅涉及特定单位的绩效工资核定，可依申请公开。
needs_interpretation: false
no_interpretation_reason: 面向特定单位的核定性文件，无需解读。
---
各单位：核定事项另行书面通知。
"""


def add_on_request_policy(content: Path) -> str:
    (content / "policies" / "2024" / "performance-pay.md").write_text(ON_REQUEST, encoding="utf-8")
    return "performance-pay"


def _data(content: Path) -> SiteData:
    result = check(content, today=TODAY)
    assert result.errors == [], result.errors
    return build(result.corpus)


def _target(from_url: str, href: str) -> str:
    """The site path a relative link on the page at ``from_url`` points to."""
    joined = posixpath.normpath(posixpath.join(from_url, href))
    return "" if joined == "." else joined + ("/" if href.endswith("/") else "")


def test_link_goes_to_the_guide_page_by_its_column(content: Path) -> None:
    # the county named its guide page differently: the link follows the column, not a name
    (content / "pages" / "guide.md").rename(content / "pages" / "how-to-apply.md")
    pid = add_on_request_policy(content)
    rendered = {r.url: r for r in render_pages(_data(content))}
    here = urls.policy_url(pid)
    notice = _html.parse(rendered[here].html).one("p", "zwgk-notice")
    [link] = notice.find_all("a")
    assert link.text() == "政府信息公开指南"
    assert _target(here, link.get("href") or "") == urls.page_url("how-to-apply")
    assert urls.page_url("how-to-apply") in rendered
    # the same page the home page's 政府信息公开指南 tile opens
    tiles = _html.parse(rendered[urls.HOME].html).one("ul", "zwgk-tiles")
    [tile] = [a for a in tiles.find_all("a") if a.text() == "政府信息公开指南"]
    assert _target(urls.HOME, tile.get("href") or "") == urls.page_url("how-to-apply")


def test_without_a_guide_page_the_site_is_not_made(content: Path) -> None:
    (content / "pages" / "guide.md").unlink()
    add_on_request_policy(content)
    with pytest.raises(pages.SiteError) as caught:
        render_pages(_data(content))
    message = str(caught.value)
    assert "政府信息公开指南" in message and "column: 政府信息公开指南" in message
    assert "policies/2024/performance-pay.md" in message
    assert "依申请公开" in message


def test_no_guide_page_is_needed_without_on_request_policies(content: Path) -> None:
    (content / "pages" / "guide.md").unlink()
    made = [r.url for r in render_pages(_data(content))]
    assert urls.policy_url("open-gov-plan") in made
