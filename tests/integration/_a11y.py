"""The pages of the sample site that the accessibility test and the screenshot script visit.

One page of every kind: the test runs axe-core on each, checks reflow, focus and the skip
link; ``benchmarks/screenshots.py`` photographs the same pages for a reviewer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
# installed by scripts/test.sh from npm (never fetched while the tests run)
AXE = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

SEARCH_QUERY = "最低生活保障"

# kind → site-relative URL
PAGES: dict[str, str] = {
    "home": "",
    "catalogue_index": "catalogues/",
    "catalogue": "catalogues/social-assistance/",
    "organization_index": "organizations/",
    "organization": "organizations/ca/",
    "policy_list": "policies/",
    "policy_table": "policies/2026-ca-minimum-living-standard/",  # a table in its body
    "policy_on_request": "policies/2025-hrss-performance-pay/",  # 依申请公开: no body
    "interpretation_list": "interpretations/",
    "interpretation": "interpretations/2026-ca-minimum-living-standard-jd/",
    "page_guide": "pages/guide/",
    "page_system": "pages/system/",
    "page_statutory": "pages/statutory/",
    "annual_report": "annual-reports/2025/office/",
    "help": "help/",
    "search": "search/?q=" + SEARCH_QUERY,
    "not_found": "404.html",
}

SIZES = ("s", "m", "l")  # 小 中 大


def settle(page: Any, url: str) -> None:
    """Wait until a page is ready to be judged (search: its results are shown)."""
    if url.startswith("search/"):
        page.wait_for_selector("[data-zwgk-search][data-state=done]", state="attached", timeout=15000)


def set_font(page: Any, size: str) -> None:
    """Press the header's 大/中/小 button, as a reader would."""
    page.locator(f'.md-header button[data-zwgk-font="{size}"]').click()
    page.wait_for_function("s => document.documentElement.dataset.zwgkFont === s", arg=size)
