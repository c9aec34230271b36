"""The kinds of generated page, one row each: a new kind of page is one row here and a template.

A row names the kind's URL (a pattern of :mod:`generator.site.urls`), its template (in
``generator/site/templates/``), its place in the site's navigation, how search indexes it
(pagefind's 类型 filter) and whether its pages are entries of the Atom feed. Rendering
(:mod:`generator.site.render`), the navigation (:func:`nav`), the search records and the feed
(:mod:`generator.site.exports.feeds`) all read :data:`KINDS`; the table's order is the order
in which pages are made (and listed in sitemap.xml).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, get_args

from generator.content import model as m
from generator.site import urls
from generator.site.sitedata import AnnualReportView, InterpretationView, PageView, PolicyView, SiteData

# the columns (栏目) of the 政府信息公开 section, in the model's order
COLUMNS: tuple[str, ...] = get_args(m.PageColumn)
# the column the annual reports belong to (their list is its page)
REPORTS: m.PageColumn = "政府信息公开年报"
# the column whose first page tells readers how to ask for a 依申请公开 document
GUIDE: m.PageColumn = "政府信息公开指南"


class SiteError(Exception):
    """The content passed the check, but a site cannot be made of it: the message says why."""


@dataclass(frozen=True)
class PageOf:
    """One page of a kind: its key in the kind's URL pattern, its title, its template's data."""

    key: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    subject: Any = None  # what the page shows (a PolicyView, a domain's CatalogueViews …)
    in_nav: bool = True  # listed in its kind's navigation section


@dataclass(frozen=True)
class PageKind:
    """A row of the table: one kind of page, and the pages of that kind a site has."""

    name: str
    template: str
    url: str  # a pattern of generator.site.urls; "{key}" when there is one page per object
    lister: Callable[[SiteData], Iterable[PageOf]]  # its pages (see pages)
    nav: int | None = None  # position in the navigation (None: not in it)
    nav_label: str | None = None  # a single page's title by default; the section of a kind of many
    search_type: str | None = None  # pagefind's 类型 filter, and the feed's category
    search_rows: bool = False  # indexed by its table's rows (catalogue items), not as one page
    feed: bool = False  # its pages are entries of feed.xml
    # each page's own Atom feed (a pattern of urls): the feed entries related to the page's key
    # (a policy relates to its domains' catalogue pages and its issuers' organization pages)
    own_feed: str | None = None
    wide: bool = False  # shown without the side navigation (the catalogue tables)

    def __post_init__(self) -> None:
        if self.nav is not None and not self.single and not self.nav_label:
            raise ValueError(f"{self.name}: a kind of many pages in the navigation needs a nav_label")

    def pages(self, data: SiteData) -> list[PageOf]:
        """The pages of this kind the site has: listed once for ``data`` as it is (a build asks
        for them many times: its plan, its pages, the search records, the sitemap's order …)."""
        made = data.made_of()
        found = data.page_lists.get(self.name)
        if found is None or any(a is not b for a, b in zip(found[0], made, strict=True)):
            found = data.page_lists[self.name] = (made, list(self.lister(data)))
        return found[1]

    @property
    def single(self) -> bool:
        return "{key}" not in self.url

    @property
    def framed(self) -> bool:
        """Its pages are laid out from one frame (see :mod:`generator.site.frames`): a kind of
        many pages, none of them in the navigation (whose active entry differs by page)."""
        return not self.single and self.nav is None

    @property
    def searchable(self) -> bool:
        """Indexed for search as a page of its own."""
        return self.search_type is not None and not self.search_rows

    def url_of(self, key: str = "") -> str:
        return self.url.format(key=key)

    def src_uri(self, key: str = "") -> str:
        """The generated file mkdocs turns into the page's URL (``policies/x.md`` → policies/x/)."""
        url = self.url_of(key)
        return url + "index.md" if self.single else url.rstrip("/") + ".md"


def columns(data: SiteData) -> list[tuple[str, list[PageView]]]:
    """Each column of the 政府信息公开 section with its pages."""
    return [(c, [p for p in data.pages if p.model.column == c]) for c in COLUMNS]


def by_year(docs: Iterable[PolicyView | InterpretationView]) -> list[tuple[int, list[Any]]]:
    years: dict[int, list[Any]] = {}
    for doc in docs:
        years.setdefault(doc.published.year, []).append(doc)
    return sorted(years.items(), reverse=True)


def guide(data: SiteData) -> PageView | None:
    """The 政府信息公开指南 page (the first of its column), which 依申请公开 policies link to.

    Raises :class:`SiteError` when such a policy is published and the site has no such page.
    """
    found = next((p for p in data.pages if p.model.column == GUIDE), None)
    needing = [p for p in data.policies if not p.public]
    if found is None and needing:
        names = "、".join(p.rel for p in needing[:3]) + ("等" if len(needing) > 3 else "")
        raise SiteError(
            f"缺少政府信息公开指南：{len(needing)} 份依申请公开的政策文件（{names}）的页面要告诉读者"
            f"依照政府信息公开指南申请获取，但 pages/ 中没有栏目为“{GUIDE}”的页面。"
            f"请添加一个页面（如 pages/guide.md），在开头写上 column: {GUIDE}"
        )
    return found


def _single(title: str) -> Callable[[SiteData], list[PageOf]]:
    return lambda data: [PageOf("", title)]


def _home(data: SiteData) -> list[PageOf]:
    return [PageOf("", data.site.name, {"columns": columns(data), "reports_column": REPORTS})]


def _catalogues(data: SiteData) -> Iterable[PageOf]:
    for domain in data.domains:
        views = data.catalogues.get(domain.slug)
        if views:
            title = f"{domain.name}领域基层政务公开标准目录"
            yield PageOf(domain.slug, title, {"domain": domain, "views": views}, views)


def _organizations(data: SiteData) -> Iterable[PageOf]:
    return (PageOf(o.id, o.name, {"org": o}, o) for o in data.orgs.values())


def _policy_list(data: SiteData) -> list[PageOf]:
    # current documents by year; those no longer in force behind the list's switch
    return [PageOf("", "政策文件", {"years": by_year(data.current_policies), "past": data.past_policies})]


def _policies(data: SiteData) -> Iterable[PageOf]:
    return (PageOf(p.id, p.model.title, {"p": p}, p) for p in data.policies)


def _interpretation_list(data: SiteData) -> list[PageOf]:
    return [PageOf("", "政策解读", {"years": by_year(data.interpretations)})]


def _interpretations(data: SiteData) -> Iterable[PageOf]:
    return (PageOf(i.id, i.model.title, {"it": i}, i) for i in data.interpretations)


def _annual_report_list(data: SiteData) -> list[PageOf]:
    years: dict[int, list[AnnualReportView]] = {}
    for r in data.annual_reports:
        years.setdefault(r.model.year, []).append(r)
    return [PageOf("", REPORTS, {"years": sorted(years.items(), reverse=True)})]


def _annual_reports(data: SiteData) -> Iterable[PageOf]:
    return (PageOf(r.key, r.title, {"r": r}, r) for r in data.annual_reports)


def _compliance(data: SiteData) -> list[PageOf]:
    report = data.compliance
    if report is None:
        return []
    units = [u for u in report.units if u.organizations]
    shown = [d for d in report.domains if d.catalogues]
    context = {
        "report": report,
        "units": units,
        # the bar charts' rows: (label, value)
        "coverage": [(u.name, len(u.covered)) for u in units],
        "items": [(d.name, d.items) for d in shown],
    }
    return [PageOf("", COMPLIANCE_TITLE, context, report)]


COMPLIANCE_TITLE = "政务公开考评自查"


def _pages(data: SiteData) -> Iterable[PageOf]:
    return (
        PageOf(p.name, p.model.title, {"page": p}, p, in_nav=p.model.column is not None) for p in data.pages
    )


KINDS: tuple[PageKind, ...] = (
    PageKind("home", "home.html", urls.HOME, _home, nav=0, nav_label="首页"),
    PageKind(
        "catalogue_index",
        "catalogue_index.html",
        urls.CATALOGUE_INDEX,
        _single("基层政务公开标准目录"),
        nav=2,
    ),
    PageKind(
        "catalogue",
        "catalogue.html",
        urls.CATALOGUE,
        _catalogues,
        search_type="标准目录事项",
        search_rows=True,
        wide=True,
        own_feed=urls.CATALOGUE_FEED,
    ),
    PageKind("organization_index", "org_index.html", urls.ORGANIZATION_INDEX, _single("公开主体"), nav=5),
    PageKind(
        "organization",
        "org.html",
        urls.ORGANIZATION,
        _organizations,
        search_type="公开主体",
        own_feed=urls.ORGANIZATION_FEED,
    ),
    PageKind("policy_list", "policy_list.html", urls.POLICY_LIST, _policy_list, nav=3),
    PageKind("policy", "policy.html", urls.POLICY, _policies, search_type="政策文件", feed=True),
    PageKind(
        "interpretation_list",
        "interpretation_list.html",
        urls.INTERPRETATION_LIST,
        _interpretation_list,
        nav=4,
    ),
    PageKind(
        "interpretation",
        "interpretation.html",
        urls.INTERPRETATION,
        _interpretations,
        search_type="政策解读",
        feed=True,
    ),
    PageKind("page", "page.html", urls.PAGE, _pages, nav=1, nav_label="政府信息公开", search_type="其他页面"),
    PageKind("search", "search.html", urls.SEARCH, _single("站内搜索"), nav=6),
    PageKind("help", "help.html", urls.HELP, _single("帮助"), nav=8),
    PageKind("annual_report_list", "annual_report_list.html", urls.ANNUAL_REPORT_LIST, _annual_report_list),
    PageKind(
        "annual_report",
        "annual_report.html",
        urls.ANNUAL_REPORT,
        _annual_reports,
        search_type="政府信息公开年报",
        wide=True,
    ),
    PageKind("compliance", "compliance.html", urls.COMPLIANCE, _compliance, nav=7),
)


def all_pages(data: SiteData) -> Iterator[tuple[PageKind, PageOf]]:
    """Every generated page, in the table's order (the order of sitemap.xml)."""
    for kind in KINDS:
        for page in kind.pages(data):
            yield kind, page


def own_feeds(data: SiteData) -> Iterator[tuple[PageKind, PageOf, str]]:
    """Each page with a feed of its own (a domain's, an organization's), with the feed's path."""
    for kind in KINDS:
        if kind.own_feed is not None:
            for page in kind.pages(data):
                yield kind, page, kind.own_feed.format(key=page.key)


def feed_paths(data: SiteData) -> list[str]:
    """The site's feeds: feed.xml, then each page's own."""
    return [urls.FEED] + [path for _kind, _page, path in own_feeds(data)]


def nav(data: SiteData) -> list[dict[str, Any]]:
    """The navigation in mkdocs' form: ``{label: file}`` for a page, ``{label: [...]}`` for a section.

    A kind of many pages is a section of those pages (left out when it has none in the nav).
    """
    out: list[dict[str, Any]] = []
    for k in sorted((k for k in KINDS if k.nav is not None), key=lambda k: k.nav or 0):
        listed = [p for p in k.pages(data) if p.in_nav]
        if k.single and not listed:
            continue  # a page the site turned off
        if k.single:
            out.append({k.nav_label or listed[0].title: k.src_uri()})
        elif listed:
            # mkdocs' templates print navigation titles without escaping them
            out.append({str(k.nav_label): [{html.escape(p.title): k.src_uri(p.key)} for p in listed]})
    return out
