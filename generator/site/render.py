"""SiteData → the HTML of every generated page, and the search records of catalogue items.

Pages are rendered here, outside mkdocs: the plugin only hands them to the theme. Which pages
there are, at which URL and with which template, is the table of :mod:`generator.site.pages`.
Templates live in ``generator/site/templates/`` and autoescape everything; bodies go through
:func:`generator.site.markdown.render_markdown`. Links between pages are relative, so a site works
under any base path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from generator.content import model as m
from generator.site import columns as table
from generator.site import pages as page_table
from generator.site import sitedata as sd
from generator.site import urls
from generator.site.markdown import render_markdown
from generator.site.pages import COLUMNS, PageKind, PageOf, guide

__all__ = ["COLUMNS", "Rendered", "SearchRecord", "render_pages", "search_records"]


@dataclass
class Rendered:
    """One generated page: where it goes, its title, and its finished HTML content."""

    src_uri: str  # e.g. "policies/x.md"; mkdocs turns it into policies/x/
    url: str  # e.g. "policies/x/"
    title: str
    html: str
    wide: bool = False  # shown without the side navigation (the catalogue tables)
    searchable: bool = False  # indexed for search as a page of its own
    modified: dt.date | None = None  # the last change of what it shows (sitemap.xml's lastmod)


@dataclass
class SearchRecord:
    """What search indexes for one page: its URL and the lean HTML of its content region.

    A catalogue table is one record whose items are ``<h2 id=anchor>`` sections, so pagefind
    returns the matching rows as sub-results, each linking to its row of the table.
    """

    url: str
    html: str


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        CHANNELS=m.CHANNELS,
        LEVELS=table.LEVELS,
        HEADINGS=table.headings(table.COLUMNS[1:]),  # the page's table has no 机构 column
        MARK=table.MARK,
        MARKS=table.MARKS,
        REASON_MARK=table.REASON_MARK,
        ticked=table.ticked,
        urls=urls,
    )
    env.filters["markdown"] = render_markdown
    return env


class Renderer:
    def __init__(self, data: sd.SiteData) -> None:
        self.data = data
        self.env = _env()
        self.guide = guide(data)  # fails now when a page would need it and there is none

    def page(self, kind: PageKind, page: PageOf) -> Rendered:
        url = kind.url_of(page.key)

        def u(target: str) -> str:
            return urls.relative(url, target)

        def body(text: str) -> str:
            return render_markdown(text, u(""))

        html = self.env.get_template(kind.template).render(
            data=self.data,
            site=self.data.site,
            kind=kind,
            guide=self.guide,
            u=u,
            body=body,
            here=url,
            title=page.title,
            **page.context,
        )
        return Rendered(
            src_uri=kind.src_uri(page.key),
            url=url,
            title=page.title,
            html=html,
            wide=kind.wide,
            searchable=kind.searchable,
            modified=_modified(page.subject),
        )

    def all(self) -> Iterator[Rendered]:
        for kind in page_table.KINDS:
            for page in kind.pages(self.data):
                yield self.page(kind, page)


def _modified(subject: object) -> dt.date | None:
    """The last change of a policy, or of the newest of a domain's catalogues."""
    views = subject if isinstance(subject, list) else [subject]
    dates = [v.modified for v in views if isinstance(v, (sd.PolicyView, sd.CatalogueView)) and v.modified]
    return max(dates, default=None)


def render_pages(data: sd.SiteData) -> list[Rendered]:
    """Every generated page; :class:`~generator.site.pages.SiteError` when one cannot be made."""
    return list(Renderer(data).all())


def search_records(data: sd.SiteData, pages: Iterable[Rendered]) -> Iterator[SearchRecord]:
    """The searchable pages (their content region only), then the rows of the catalogue tables."""
    for page in pages:
        if page.searchable:
            yield SearchRecord(page.url, page.html)
    for kind in page_table.KINDS:
        if kind.search_rows:
            for shown in kind.pages(data):
                for view in shown.subject:
                    yield from _table_records(data, kind, view)


def _table_records(data: sd.SiteData, kind: PageKind, view: sd.CatalogueView) -> Iterator[SearchRecord]:
    """One catalogue table, one record per run of a 一级事项 (at most ITEMS_PER_RECORD rows).

    A result loads its record's text, so records stay small.
    """
    title = f"{view.domain.name}领域标准目录（{view.org.name}）"
    filters = "".join(
        f'<span data-pagefind-filter="{k}">{escape(v)}</span>'
        for k, v in (("类型", kind.search_type or ""), ("领域", view.domain.name), ("机构", view.org.name))
    )
    runs: list[list[sd.Item]] = []
    for item in view.items:
        if not runs or runs[-1][0].model.category != item.model.category or len(runs[-1]) >= ITEMS_PER_RECORD:
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
