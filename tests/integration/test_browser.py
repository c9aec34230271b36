"""The built sample site in a real browser: Debian's chromium driven by Playwright.

One browser for the session, a fresh context (empty localStorage) per test. Every test
fails on a console error, an uncaught exception, a failed local request, or any request
leaving 127.0.0.1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest

from tests.integration._content import catalogue_files, published_policies

pytestmark = [pytest.mark.browser, pytest.mark.slow]


# query → a page (or catalogue item, with its #anchor) that MUST be among the results.
# Each target really holds the words (titles, bodies, table rows of content/).
QUERIES: list[tuple[str, str]] = [
    # compound terms (pagefind indexes them cut by jieba; the browser cuts queries differently)
    ("财政预算", "policies/2025-finance-budget-disclosure/"),
    ("最低生活保障", "policies/2026-ca-minimum-living-standard/"),
    ("学区划分", "catalogues/compulsory-education/#edu-enrolment-area"),
    ("政务公开", "policies/2026-office-zwgk-key-points/"),
    ("乡村振兴", "policies/2026-rural-monitoring-assistance/"),
    ("农村危房改造", "policies/2025-housing-rural-housing-safety/"),
    ("公共文化服务", "catalogues/public-cultural-services/#culture-activities"),
    ("食品安全", "policies/2026-market-food-sampling-plan/"),
    ("安全生产", "policies/2025-emergency-work-safety-checklist/"),
    ("征地补偿", "policies/2026-nr-land-compensation-standard/"),
    ("保障性住房", "policies/2026-housing-public-rental/"),
    ("养老服务", "policies/2026-ca-elderly-care-subsidy/"),
    ("就业创业", "policies/2026-hrss-employment-subsidy/"),
    ("耕地地力保护补贴", "policies/2026-farmland-protection-subsidy/"),
    ("家庭医生签约服务", "policies/2026-hc-family-doctor/"),
    ("公共租赁住房", "policies/2026-housing-public-rental/"),
    ("特困人员救助供养", "catalogues/social-assistance/#ca-tekun-support"),
    ("自然灾害救助应急预案", "interpretations/2026-disaster-relief-plan-jd/"),
    ("防止返贫致贫监测", "policies/2026-rural-monitoring-assistance/"),
    ("区片综合地价", "catalogues/land-expropriation-compensation/#nr-compensation-standard"),
    ("环境影响评价", "catalogues/environmental-protection/#ee-eia-approval"),
    ("义务教育招生入学工作方案", "policies/2026-edu-enrolment-plan/"),
    # organization names
    ("示例县教育和体育局", "policies/2026-edu-enrolment-plan/"),
    ("示例县民政局", "policies/2026-ca-minimum-living-standard/"),
    ("示例县应急管理局", "policies/2025-emergency-work-safety-checklist/"),
    ("示例县财政局", "policies/2025-finance-budget-disclosure/"),
    ("示例县西山乡人民政府", "catalogues/disaster-relief/#xishan-relief-recipients"),
    # 发文字号
    ("示政办发〔2026〕20号", "policies/2026-disaster-relief-plan/"),
    ("示民发〔2026〕4号", "policies/2026-ca-minimum-living-standard/"),
    ("示财农〔2026〕6号", "policies/2026-farmland-protection-subsidy/"),
    ("示人社发〔2026〕5号", "policies/2026-hrss-employment-subsidy/"),
    # words from inside sentences and table rows
    ("纳税信用", "catalogues/tax-administration/#tax-credit-rating-a"),
    ("人民调解", "catalogues/public-legal-services/#justice-mediation"),
    ("户口迁移", "catalogues/household-registration/#psb-settlement-policy"),
    ("中标候选人", "catalogues/public-resource-trading/#ggzy-winning-candidates"),
    ("招聘会", "catalogues/employment/#hrss-job-fairs"),
    ("供热", "catalogues/municipal-services/#housing-heating"),
    ("临时摊点", "catalogues/urban-comprehensive-enforcement/#enforcement-street-vendors"),
    ("免试就近入学", "policies/2026-edu-enrolment-plan/"),
    ("电脑随机录取", "policies/2026-edu-enrolment-plan/"),
    ("危险化学品", "policies/2025-emergency-work-safety-checklist/"),
    ("家庭年人均纯收入", "policies/2026-rural-monitoring-assistance/"),
    ("高龄老年人", "policies/2026-ca-elderly-care-subsidy/"),
    ("低保边缘家庭", "policies/2026-ca-elderly-care-subsidy/"),
    ("受灾群众救助对象", "catalogues/disaster-relief/#xishan-relief-recipients"),
    ("每亩105元", "policies/2026-farmland-protection-subsidy/"),
    ("2026年义务教育招生", "policies/2026-edu-enrolment-plan/"),
    ("学区 划分", "catalogues/compulsory-education/#edu-enrolment-area"),
    ("绩效工资", "policies/2025-hrss-performance-pay/"),  # 依申请公开: found by its metadata
    ("保密审查", "pages/system/"),
    ("政府信息公开指南", "pages/guide/"),
    ("政府信息公开工作年度报告", "annual-reports/2025/office/"),
]

# the 不予公开 policy: its words must lead nowhere
NEVER_FOUND = [("公文处理工作细则", "policies/2025-office-document-handling-rules/")]


# --- the browser --------------------------------------------------------------------------------


@dataclass
class Tab:
    """A page of a fresh browser context, with what went wrong on it."""

    page: Any
    base: str
    problems: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"

    @property
    def path(self) -> str:
        """The current page, site-relative (``policies/x/``)."""
        return self.rel(self.page.url)

    def rel(self, url: str) -> str:
        return url.removeprefix(self.base)

    def assert_clean(self) -> None:
        assert not self.problems, "console errors / failed requests:\n" + "\n".join(self.problems)
        assert not self.external, f"requests leaving the site: {self.external}"


@pytest.fixture
def tab(browser: Any, server: str) -> Iterator[Tab]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    tab = Tab(page, server)

    # (recorded, not intercepted: routing every request through Python triples the run time)
    page.on("request", lambda r: r.url.startswith((server, "data:", "blob:")) or tab.external.append(r.url))
    page.on("console", lambda m: m.type == "error" and tab.problems.append(f"{page.url}: console: {m.text}"))
    page.on("pageerror", lambda e: tab.problems.append(f"{page.url}: exception: {e}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and tab.problems.append(f"{page.url}: HTTP {r.status} {r.url}"),
    )
    page.on(
        "requestfailed",
        lambda r: r.url.startswith(server) and tab.problems.append(f"{page.url}: failed {r.url} {r.failure}"),
    )
    try:
        yield tab
    finally:
        context.close()


# --- search helpers -------------------------------------------------------------------------------


@dataclass
class Search:
    query: str
    state: str
    terms: str
    total: int  # as the page reports it
    urls: list[str]  # site-relative, as many as have been shown


def run_search(tab: Tab, query: str) -> Search:
    tab.open("search/?q=" + quote(query))
    return _finished(tab, query)


def submit_search(tab: Tab, query: str) -> Search:
    """Type a query into the search page's own box and press Enter (no page load)."""
    tab.page.evaluate("() => document.querySelector('[data-zwgk-search]').removeAttribute('data-state')")
    tab.page.fill("#zwgk-q", query)
    tab.page.press("#zwgk-q", "Enter")
    search = _finished(tab, query)
    assert tab.page.evaluate("() => new URL(location.href).searchParams.get('q')") == query
    return search


def _finished(tab: Tab, query: str) -> Search:
    root = tab.page.locator("[data-zwgk-search]")
    tab.page.wait_for_selector("[data-zwgk-search][data-state]", state="attached", timeout=15000)
    status = tab.page.locator("[data-zwgk-status]").inner_text()
    # 找到 N 条 when everything is listed; 共 N 个 (pages and tables) when more can be shown
    found = re.search(r"找到 (\d+) 条|共 (\d+) 个", status)
    return Search(
        query=query,
        state=root.get_attribute("data-state") or "",
        terms=root.get_attribute("data-terms") or "",
        total=int(found.group(1) or found.group(2)) if found else 0,
        urls=shown(tab),
    )


def shown(tab: Tab) -> list[str]:
    hrefs = tab.page.eval_on_selector_all(".zwgk-hit__title", "els => els.map(a => a.href)")
    return [tab.rel(h) for h in hrefs]


def show_more(tab: Tab) -> bool:
    """Click 显示更多结果 once; False when there is no such button."""
    button = tab.page.locator("button.zwgk-more")
    if not button.count():
        return False
    assert button.inner_text().strip() == "显示更多结果"
    before = tab.page.locator(".zwgk-hit").count()
    button.click()
    tab.page.wait_for_function("n => document.querySelectorAll('.zwgk-hit').length > n", arg=before)
    return True


def matches(url: str, target: str) -> bool:
    return url == target or ("#" not in target and url.split("#", 1)[0] == target)


def find(tab: Tab, search: Search, target: str) -> bool:
    """Is ``target`` among the results? Shows more results until it is, or none are left."""
    while True:
        search.urls = shown(tab)
        if any(matches(u, target) for u in search.urls):
            return True
        if not show_more(tab):
            return False


DEFAULT_PATH = """async (queries) => {
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const out = {};
  for (const q of queries) {
    const found = await pf.search(q);
    const data = await Promise.all(found.results.map(r => r.data()));
    // a result is a page, or a catalogue table whose matching rows are its sub-results
    out[q] = data.flatMap(d => {
      const page = ((d.meta && d.meta.target) || d.url).replace(/^\\//, '');
      const rows = (d.sub_results || []).filter(s => s.url.includes('#'));
      return [page, ...rows.map(s => page.split('#')[0] + '#' + s.url.split('#')[1])];
    });
  }
  return out;
}"""


# --- the tests --------------------------------------------------------------------------------------


def test_search_regression(tab: Tab) -> None:
    assert len(QUERIES) >= 30
    rows, missed = [], []
    for n, (query, target) in enumerate(QUERIES):
        # the first through the URL (/search/?q=…), the others typed into the page's box:
        # the same code path, without reloading the page and pagefind 50 times
        search = run_search(tab, query) if n == 0 else submit_search(tab, query)
        hit = search.state == "done" and find(tab, search, target)
        rows.append((query, search.terms, search.total, hit, target))
        if not hit:
            missed.append(f"{query!r} (state {search.state}, terms {search.terms!r}) → {target}")
    for query, target in NEVER_FOUND:
        search = submit_search(tab, query)
        while show_more(tab):
            pass
        assert not any(matches(u, target) for u in shown(tab)), query

    # for the record: pagefind's own path (the browser's segmenter, no vocabulary) on a page
    # that has not loaded pagefind yet
    tab.open("")
    default = tab.page.evaluate(DEFAULT_PATH, [q for q, _ in QUERIES])
    default_missed = [q for q, t in QUERIES if not any(matches(u, t) for u in default[q])]

    def cols(text: str) -> int:  # a Chinese character takes two columns
        return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)

    width = max(cols(q) for q, _ in QUERIES) + 1
    print(f"\n{'query':<{width}} results  found  default  terms → target")
    for query, terms, total, hit, target in rows:
        dflt = "miss" if query in default_missed else "ok"
        pad = " " * (width - cols(query))
        print(f"{query}{pad} {total:>7}  {'yes' if hit else 'NO':<5}  {dflt:<7}  {terms} → {target}")
    print(
        f"{len(QUERIES)} queries: {len(QUERIES) - len(missed)} found, {len(missed)} missed; "
        f"pagefind's default path would miss {len(default_missed)}: {default_missed}"
    )
    assert not missed, "search misses:\n" + "\n".join(missed)
    tab.assert_clean()


def test_search_finds_item_by_its_exact_name(tab: Tab) -> None:
    search = run_search(tab, "辖区义务教育学校名录")
    assert search.state == "done"
    assert find(tab, search, "catalogues/compulsory-education/#edu-school-list"), search.urls
    tab.assert_clean()


def test_search_to_policy_to_interpretation_and_back(tab: Tab) -> None:
    policy, reading = "policies/2026-disaster-relief-plan/", "interpretations/2026-disaster-relief-plan-jd/"
    search = run_search(tab, "示政办发〔2026〕20号")
    assert find(tab, search, policy)
    link = tab.page.locator(".zwgk-hit__title").nth(next(i for i, u in enumerate(shown(tab)) if u == policy))
    title = link.inner_text()
    # the search page may still be fetching its filters in the background: leaving it then
    # aborts that fetch (harmless, but every failed request of a tab is reported)
    tab.page.wait_for_load_state("networkidle")
    link.click()
    tab.page.wait_for_url(tab.base + policy)
    assert tab.page.locator("article h1").inner_text() == title
    jd = tab.page.locator("article a.zwgk-jd")
    assert jd.count() == 1
    jd.click()
    tab.page.wait_for_url(tab.base + reading)
    original = tab.page.locator("article a.zwgk-original")
    assert original.inner_text() == title
    original.click()
    tab.page.wait_for_url(tab.base + policy)
    assert tab.path == policy
    assert tab.page.locator("article h1").inner_text() == title
    tab.assert_clean()


def _font(tab: Tab) -> tuple[str | None, float]:
    return tuple(
        tab.page.evaluate(
            "() => [document.documentElement.getAttribute('data-zwgk-font'),"
            " parseFloat(getComputedStyle(document.documentElement).fontSize)]"
        )
    )  # type: ignore[return-value]


def test_font_size_switch_persists(tab: Tab) -> None:
    tab.open("")
    mode, normal = _font(tab)
    assert mode == "m"
    tab.page.click("button[data-zwgk-font='l']")
    mode, large = _font(tab)
    assert mode == "l" and large > normal
    assert tab.page.get_attribute("button[data-zwgk-font='l']", "aria-pressed") == "true"
    body_large = tab.page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    )

    tab.open("policies/2026-disaster-relief-plan/")
    assert _font(tab) == ("l", large), "大 is remembered on the next page"
    assert tab.page.get_attribute("button[data-zwgk-font='l']", "aria-pressed") == "true"

    tab.page.click("button[data-zwgk-font='s']")
    mode, small = _font(tab)
    assert mode == "s" and small < normal
    body_small = tab.page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    )
    assert body_small < body_large, "the text itself follows the switch"
    tab.open("catalogues/")
    assert _font(tab) == ("s", small)
    tab.assert_clean()


LEVEL_ROWS = """() => Array.from(document.querySelectorAll('tr[data-levels]')).map(r =>
  [r.id, r.getAttribute('data-levels').split(' '), r.getClientRects().length > 0])"""


def test_catalogue_level_filter(tab: Tab) -> None:
    tab.open("catalogues/compulsory-education/")
    rows = tab.page.evaluate(LEVEL_ROWS)
    assert all(shown for _, _, shown in rows)
    for level in ("乡级", "县级"):
        tab.page.check(f"input[name='zwgk-level'][value='{level}']")
        rows = tab.page.evaluate(LEVEL_ROWS)
        wrongly_shown = [rid for rid, levels, shown in rows if shown and level not in levels]
        wrongly_hidden = [rid for rid, levels, shown in rows if not shown and level in levels]
        assert not wrongly_shown and not wrongly_hidden, (level, wrongly_shown, wrongly_hidden)
        assert any(s for *_, s in rows)
        if level == "乡级":
            assert any(not s for *_, s in rows), "乡级 hides the county-only rows of this table"
    tab.page.check("input[name='zwgk-level'][value='']")
    assert all(shown for _, _, shown in tab.page.evaluate(LEVEL_ROWS))
    tab.assert_clean()


ALIGNMENT = """() => Array.from(document.querySelectorAll('table.zwgk-table')).flatMap(t => {
  const head = Array.from(t.tHead.rows[1].cells).map(c => c.getBoundingClientRect().left);
  // 二级事项 and 乡级: where the row's second-level name and last mark must sit
  return Array.from(t.tBodies[0].rows).filter(r => r.getClientRects().length).map(r => {
    const cells = Array.from(r.cells);
    const name = cells[cells[1].classList.contains('zwgk-cat1') ? 2 : 1];
    const last = cells[cells.length - 1];
    return [r.id, Math.round(name.getBoundingClientRect().left - head[1]),
            Math.round(last.getBoundingClientRect().left - head[head.length - 1])];
  });
})"""


def test_catalogue_level_filter_keeps_columns(tab: Tab) -> None:
    # the domains where a level filter hides some rows of a table but not all
    slugs = sorted(
        {
            slug
            for slug, cat in catalogue_files()
            for level in ("县级", "乡级")
            if 0 < sum(level not in item["levels"] for item in cat["items"]) < len(cat["items"])
        }
    )
    assert "compulsory-education" in slugs
    shifted = []
    for slug in slugs:
        tab.open(f"catalogues/{slug}/")
        for level in ("乡级", "县级", ""):
            tab.page.check(f"input[name='zwgk-level'][value='{level}']")
            for rid, dx_name, dx_last in tab.page.evaluate(ALIGNMENT):
                if dx_name or dx_last:
                    shifted.append(f"{slug} [{level or '全部'}] {rid}: 二级事项 off by {dx_name}px")
    tab.assert_clean()
    assert not shifted, "\n".join(shifted)


def test_search_type_filter(tab: Tab) -> None:
    search = run_search(tab, "示例县")
    assert search.state == "done" and search.total > 20
    while show_more(tab):
        pass
    types = tab.page.eval_on_selector_all(
        ".zwgk-hit", "els => els.map(e => e.querySelector('.zwgk-hit__type')?.textContent)"
    )
    assert len(types) >= search.total  # (a catalogue table's result may show several of its rows)
    assert {"政策文件", "政策解读", "标准目录事项"} <= set(types)

    select = tab.page.locator("select[name='类型']")
    select.wait_for(state="attached")
    assert "政策文件" in select.locator("option").all_inner_texts()
    tab.page.evaluate("() => document.querySelector('[data-zwgk-search]').removeAttribute('data-state')")
    select.select_option("政策文件")
    filtered = _finished(tab, "示例县")
    assert filtered.state == "done"
    while show_more(tab):
        pass
    types = tab.page.eval_on_selector_all(
        ".zwgk-hit", "els => els.map(e => e.querySelector('.zwgk-hit__type')?.textContent)"
    )
    assert types and set(types) == {"政策文件"}
    assert len(types) == filtered.total < search.total
    # every published policy names 示例县 (its 发文机关): all of them, and nothing else
    assert sorted(shown(tab)) == sorted(f"policies/{pid}/" for pid in published_policies())
    tab.assert_clean()
