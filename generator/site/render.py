"""SiteData → the HTML of every generated page, and the search records of catalogue items.

Pages are rendered here, outside mkdocs: the plugin only hands them to the theme. Templates
live in ``generator/templates/`` and autoescape everything; bodies go through
:func:`generator.site.markdown.render_markdown`. Links between pages are relative, so a site works
under any base path.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from generator.content import model as m
from generator.site import sitedata as sd
from generator.site.markdown import render_markdown

COLUMNS = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报")
TYPE_ITEM, TYPE_POLICY, TYPE_INTERPRETATION, TYPE_PAGE = "标准目录事项", "政策文件", "政策解读", "其他页面"


@dataclass
class Rendered:
    """One generated page: where it goes, its title, and its finished HTML content."""

    src_uri: str  # e.g. "policies/x.md"; mkdocs turns it into policies/x/
    url: str  # e.g. "policies/x/"
    title: str
    html: str
    wide: bool = False  # shown without the side navigation (the catalogue tables)
    searchable: bool = False  # indexed for search as a page of its own


@dataclass
class SearchRecord:
    """What search indexes for one page: its URL and the lean HTML of its content region.

    A catalogue table is one record whose items are ``<h2 id=anchor>`` sections, so pagefind
    returns the matching rows as sub-results, each linking to its row of the table.
    """

    url: str
    html: str


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at directory URL ``from_url`` to ``to_url`` (may carry #fragment)."""
    target, _, fragment = to_url.partition("#")
    here = from_url.rstrip("/") or "."
    rel = posixpath.relpath(target.rstrip("/") or ".", here)
    if not target or target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(CHANNELS=m.CHANNELS, COLUMNS=COLUMNS, sd=sd)
    env.filters["markdown"] = render_markdown
    return env


class Renderer:
    def __init__(self, data: sd.SiteData) -> None:
        self.data = data
        self.env = _env()

    def page(self, template: str, url: str, src_uri: str, title: str, **context: Any) -> Rendered:
        def u(target: str) -> str:
            return relative(url, target)

        def body(text: str) -> str:
            return render_markdown(text, u(""))

        html = self.env.get_template(template).render(
            data=self.data, site=self.data.site, u=u, body=body, here=url, title=title, **context
        )
        return Rendered(
            src_uri=src_uri,
            url=url,
            title=title,
            html=html,
            wide=template == "catalogue.html",
            searchable=template in ("policy.html", "interpretation.html", "page.html"),
        )

    def all(self) -> Iterator[Rendered]:
        d = self.data
        yield self.page("home.html", "", "index.md", d.site.name, columns=self.columns())
        yield self.page(
            "catalogue_index.html", sd.CATALOGUE_INDEX, "catalogues/index.md", "基层政务公开标准目录"
        )
        for domain in d.domains:
            views = d.catalogues.get(domain.slug)
            if views:
                yield self.page(
                    "catalogue.html",
                    sd.catalogue_url(domain.slug),
                    f"catalogues/{domain.slug}.md",
                    f"{domain.name}领域基层政务公开标准目录",
                    domain=domain,
                    views=views,
                )
        yield self.page("org_index.html", sd.ORGANIZATION_INDEX, "organizations/index.md", "公开主体")
        for org in d.orgs.values():
            yield self.page(
                "org.html", sd.organization_url(org.id), f"organizations/{org.id}.md", org.name, org=org
            )
        yield self.page(
            "policy_list.html",
            sd.POLICY_LIST,
            "policies/index.md",
            "政策文件",
            years=self.by_year(d.policies),
        )
        for p in d.policies:
            yield self.page("policy.html", p.url, f"policies/{p.id}.md", p.model.title, p=p)
        yield self.page(
            "interpretation_list.html",
            sd.INTERPRETATION_LIST,
            "interpretations/index.md",
            "政策解读",
            years=self.by_year(d.interpretations),
        )
        for it in d.interpretations:
            yield self.page(
                "interpretation.html", it.url, f"interpretations/{it.id}.md", it.model.title, it=it
            )
        for page in d.pages:
            yield self.page("page.html", page.url, f"pages/{page.name}.md", page.model.title, page=page)
        yield self.page("search.html", "search/", "search/index.md", "站内搜索")

    def columns(self) -> list[tuple[str, list[sd.PageView]]]:
        return [(c, [p for p in self.data.pages if p.model.column == c]) for c in COLUMNS]

    @staticmethod
    def by_year(docs: list[Any]) -> list[tuple[int, list[Any]]]:
        years: dict[int, list[Any]] = {}
        for doc in docs:
            years.setdefault(doc.published.year, []).append(doc)
        return sorted(years.items(), reverse=True)


def render_pages(data: sd.SiteData) -> list[Rendered]:
    return list(Renderer(data).all())


def search_records(data: sd.SiteData, pages: Iterable[Rendered]) -> Iterator[SearchRecord]:
    """The searchable pages (their content region only), then one record per catalogue table."""
    for page in pages:
        if page.searchable:
            yield SearchRecord(page.url, page.html)
    for domain in data.domains:
        for view in data.catalogues.get(domain.slug, []):
            title = f"{domain.name}领域标准目录（{view.org.name}）"
            filters = "".join(
                f'<span data-pagefind-filter="{k}">{escape(v)}</span>'
                for k, v in (("类型", TYPE_ITEM), ("领域", domain.name), ("机构", view.org.name))
            )
            # one record per run of a 一级事项 (at most ITEMS_PER_RECORD rows): a result loads
            # its record's text, so records stay small
            runs: list[list[sd.Item]] = []
            for item in view.items:
                if (
                    not runs
                    or runs[-1][0].model.category != item.model.category
                    or len(runs[-1]) >= ITEMS_PER_RECORD
                ):
                    runs.append([])
                runs[-1].append(item)
            for run in runs:
                sections = "".join(_item_section(data, item) for item in run)
                html = (
                    f'<div data-pagefind-body><h1 data-pagefind-meta="title">{escape(title)}</h1>'
                    f"{filters}{sections}</div>"
                )
                yield SearchRecord(f"{view.url}#{run[0].anchor}", html)


ITEMS_PER_RECORD = 25


def _item_section(data: sd.SiteData, item: sd.Item) -> str:
    it = item.model
    text = " ".join(
        [
            "、".join(it.content),
            "；".join(b.text for b in item.basis),
            it.time_limit,
            "、".join(data.org_name(s) for s in item.subjects),
            "、".join([*it.channels, *it.channels_other]),
            it.audience,
            it.method,
            "、".join(it.levels),
            it.method_reason or "",
            it.note or "",
        ]
    )
    return (
        f'<h2 id="{escape(item.anchor)}">{escape(it.category)} · {escape(it.name)}</h2><p>{escape(text)}</p>'
    )
