"""The built sample site read as HTML: what readers see besides what axe can judge.

Help for the public in the navigation and the staff guide off it; phone numbers that dial;
document numbers and dates that never break; catalogue cells labelled for the phone's cards;
a signature and its date on lines of their own; no doubled full stop.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.integration import _html
from tests.integration.conftest import REPO, Project, build

pytestmark = pytest.mark.slow


def _nav_links(page: _html.Node) -> list[str]:
    return [a.get("href") or "" for a in page.find_all("a", "md-nav__link")]


def test_help_is_for_the_public_and_the_staff_guide_is_off_the_nav(sample_site: Path) -> None:
    home = _html.page(sample_site / "index.html")
    links = _nav_links(home)
    assert "help/" in links
    assert not any("staff" in link or link == "guide/" or "error-codes" in link for link in links), links
    help_page = _html.page(sample_site / "help" / "index.html")
    text = help_page.text()
    for words in ("怎样查找信息", "依申请公开", "怎样阅读标准目录", "公开渠道和载体"):
        assert words in text
    assert "Pull Request" not in text and "YAML" not in text
    assert help_page.find("a", href="../pages/guide/") is not None  # how to apply: the real 指南
    # the staff guide and the codes are published under staff/, linked from the footer only
    assert (sample_site / "staff" / "guide" / "index.html").is_file()
    assert (sample_site / "staff" / "error-codes" / "index.html").is_file()
    footer = home.one("footer")
    assert footer.find("a", href="staff/guide/") is not None


def test_a_setting_leaves_the_staff_pages_out(minimal_project: Project) -> None:
    staff = minimal_project.root / "docs" / "staff"
    staff.mkdir(parents=True)
    (staff / "guide.md").write_text("# 使用指南（各部门工作人员）\n", encoding="utf-8")
    site = build(minimal_project)
    assert (site / "staff" / "guide" / "index.html").is_file()
    assert _html.page(site / "index.html").one("footer").find("a", href="staff/guide/") is not None

    settings = yaml.safe_load(minimal_project.config.read_text(encoding="utf-8"))
    settings["plugins"][0]["zwgk"]["staff_pages"] = False
    minimal_project.config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    site = build(minimal_project)
    assert not (site / "staff").exists()
    assert "工作人员" not in _html.page(site / "index.html").one("footer").text()


def test_phone_numbers_dial(sample_site: Path) -> None:
    home = _html.page(sample_site / "index.html")
    assert home.one("footer").find("a", href="tel:0000-1234567") is not None
    org = _html.page(sample_site / "organizations" / "ca" / "index.html")
    assert any((a.get("href") or "").startswith("tel:") for a in org.find_all("a"))
    catalogue = _html.page(sample_site / "catalogues" / "social-assistance" / "index.html")
    phones = catalogue.find_all("span", "zwgk-phone")
    assert phones and all(p.find("a") is not None for p in phones)


def test_document_numbers_and_dates_do_not_break(sample_site: Path) -> None:
    catalogue = _html.page(sample_site / "catalogues" / "social-assistance" / "index.html")
    kept = [s.text() for s in catalogue.find_all("span", "zwgk-nw")]
    assert "示民发〔2026〕4号" in kept
    policy = _html.page(sample_site / "policies" / "2026-ca-minimum-living-standard" / "index.html")
    cells = [td.text() for td in policy.one("table", "zwgk-docmeta").find_all("td", "zwgk-nw")]
    assert {"示民发〔2026〕4号", "2026-03-09", "2026-03-11"} <= set(cells)
    css = (REPO / "generator" / "site" / "theme" / "assets" / "zwgk.css").read_text(encoding="utf-8")
    assert re.search(r"\.zwgk-nw \{ white-space: nowrap; \}", css)


def test_catalogue_cells_carry_their_labels_for_the_cards(sample_site: Path) -> None:
    catalogue = _html.page(sample_site / "catalogues" / "social-assistance" / "index.html")
    row = catalogue.find_all("tr", **{"data-levels": "县级 乡级"})[0]
    labels = [td.get("data-label") for td in row.find_all("td") if td.get("data-label")]
    assert labels[:5] == ["公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
    assert "公开对象：全社会" in labels and "公开层级：乡级" in labels
    name = row.one("td", "zwgk-name")
    assert name.one("span", "zwgk-card-only").text().startswith("最低生活保障")


def test_signature_date_and_full_stops(sample_site: Path) -> None:
    policy = (sample_site / "policies" / "2026-ca-minimum-living-standard" / "index.html").read_text("utf-8")
    assert re.search(r'<p class="zwgk-sign">示例县民政局<br>\s*2026年3月9日</p>', policy)
    for page in sample_site.rglob("*.html"):
        assert "。。" not in page.read_text(encoding="utf-8"), page


def test_domain_and_organization_pages_link_their_own_feeds(sample_site: Path) -> None:
    for page in ("catalogues/social-assistance", "organizations/ca"):
        html = _html.page(sample_site / page / "index.html")
        link = html.one("a", "zwgk-feed")
        assert link.get("href") == "feed.xml" and "订阅" in link.text()
        # not announced in the head: Material fetches sitemap.xml beside every rel=alternate link
        announced = [a.get("href") for a in html.find_all("link", rel="alternate")]
        assert announced == ["../../feed.xml"]
        feed = (sample_site / page / "feed.xml").read_text(encoding="utf-8")
        assert "<entry>" in feed and f"/{page}/feed.xml" in feed
