"""SiteData → the HTML of every generated page (search records: :mod:`generator.site.search_records`).

Pages are rendered here, outside mkdocs: the plugin only hands them to the theme. Which pages
there are, at which URL and with which template, is the table of :mod:`generator.site.pages`.
Templates live in ``generator/site/templates/`` and autoescape everything; bodies go through
:func:`generator.site.markdown.render_markdown`. Links between pages are relative, so a site works
under any base path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, select_autoescape

from generator.content import model as m
from generator.site import columns as table
from generator.site import pages as page_table
from generator.site import sitedata as sd
from generator.site import urls
from generator.site.catalogue_rows import LABELS, catalogue_rows
from generator.site.inline import nobreak, tel_href
from generator.site.markdown import render_markdown
from generator.site.pages import COLUMNS, PageKind, PageOf, guide
from generator.site.search_record import SearchRecord
from generator.site.search_records import search_records

__all__ = ["COLUMNS", "Rendered", "SearchRecord", "render_pages", "search_records"]


@dataclass
class Rendered:
    """One generated page: where it goes, its title, and its finished HTML content."""

    src_uri: str  # e.g. "policies/x.md"; mkdocs turns it into policies/x/
    kind: str  # the name of its row in the page-kind table
    key: str  # its key in the kind's URL pattern
    url: str  # e.g. "policies/x/"
    title: str
    html: str
    wide: bool = False  # shown without the side navigation (the catalogue tables)
    searchable: bool = False  # indexed for search as a page of its own
    modified: dt.date | None = None  # the last change of what it shows (sitemap.xml's lastmod)
    made: bool = True  # False: left to be kept from the previous site (html is empty)
    fingerprint: str | None = None  # of its inputs (generator.site.incremental), when it has one


class _Environment(Environment):
    def make_globals(self, d: Mapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one plain dict. Jinja's ChainMap (its own above the
        environment's) is read whole when each page's context is made and again for each
        ``import`` in it; the environment's globals are all set before any template loads."""
        return {**self.globals, **(d or {})}


@lru_cache(maxsize=1)
def _env() -> Environment:
    """The page templates' environment, compiled once a process (its globals are constants).
    The templates are the package's own: a loaded one is not looked at again on disk (with
    auto_reload, each page's template and its imports cost a stat of their files)."""
    env = _Environment(
        loader=PackageLoader("generator.site", "templates"),
        auto_reload=False,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        LEVELS=table.LEVELS,
        HEADINGS=table.headings(table.COLUMNS[1:]),  # the page's table has no 机构 column
        LABELS=LABELS,
        catalogue_rows=catalogue_rows,
        tel_href=tel_href,
        urls=urls,
        SECTIONS=m.REPORT_SECTIONS,
    )
    env.filters["markdown"] = render_markdown
    env.filters["nobreak"] = nobreak
    env.globals["u"] = _relative  # the shared macros' links (a page's context has its own u)
    return env


# the URL of the page being rendered on this thread: the shared macros (_macros.html) make their
# links relative to it. They are imported without the page's context, so that their module is
# made once, not for every page (Jinja makes a module imported with context for each render).
_PAGE: ContextVar[str] = ContextVar("zwgk_page")


def _relative(target: str) -> str:
    return urls.relative(_PAGE.get(), target)


def compiled_folder(cache: Path, name: str) -> Path | None:
    """A folder of the cache for compiled templates (None: the cache cannot be written)."""
    folder = cache / "templates" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def keep_compiled(cache: Path) -> None:
    """Keep the compiled page templates in the cache for the next build's process."""
    if (folder := compiled_folder(cache, "pages")) is not None:
        _env().bytecode_cache = FileSystemBytecodeCache(str(folder))


class Renderer:
    def __init__(self, data: sd.SiteData) -> None:
        self.data = data
        self.env = _env()
        self.guide = guide(data)  # fails now when a page would need it and there is none

    def page(self, kind: PageKind, page: PageOf, *, make: bool = True, html: str | None = None) -> Rendered:
        """The page made (``html``: its content, known already), or left to be kept (``make``)."""
        url = kind.url_of(page.key)
        if not make:
            return Rendered(
                kind.src_uri(page.key),
                kind.name,
                page.key,
                url,
                page.title,
                "",
                kind.wide,
                kind.searchable,
                _modified(page.subject),
                made=False,
            )

        def u(target: str) -> str:
            return urls.relative(url, target)

        def body(text: str) -> str:
            return render_markdown(text, u(""))

        if html is None:
            token = _PAGE.set(url)
            try:
                html = self.env.get_template(kind.template).render(
                    data=self.data,
                    site=self.data.site,
                    kind=kind,
                    guide=self.guide,
                    u=u,
                    body=body,
                    here=url,
                    title=page.title,
                    own_feed=kind.own_feed.format(key=page.key) if kind.own_feed else None,
                    **page.context,
                )
            finally:
                _PAGE.reset(token)
        return Rendered(
            src_uri=kind.src_uri(page.key),
            kind=kind.name,
            key=page.key,
            url=url,
            title=page.title,
            html=html,
            wide=kind.wide,
            searchable=kind.searchable,
            modified=_modified(page.subject),
        )

    def remake(self, kept: Iterable[Rendered]) -> dict[str, Rendered]:
        """Pages that were to be kept from the previous site, made after all (by URL)."""
        wanted = {page.url: page for page in kept}
        made: dict[str, Rendered] = {}
        for kind in page_table.KINDS:
            for page in kind.pages(self.data):
                old = wanted.get(kind.url_of(page.key))
                if old is not None:
                    made[old.url] = self.page(kind, page)
                    made[old.url].fingerprint = old.fingerprint
        return made

    def searchable_by_part(
        self, count: int, part_of: Callable[[str, int], int]
    ) -> Iterator[tuple[int, list[tuple[PageKind, Any, Rendered]]]]:
        """Every searchable page, the pages of each of ``count`` search parts together."""
        parts: list[list[tuple[PageKind, PageOf]]] = [[] for _ in range(count)]
        for kind in page_table.KINDS:
            if kind.searchable:
                for page in kind.pages(self.data):
                    parts[part_of(kind.url_of(page.key), count)].append((kind, page))
        for n, shown in enumerate(parts):
            yield n, [(kind, page.subject, self.page(kind, page)) for kind, page in shown]

    def all(
        self,
        skip: Collection[str] = (),
        searchable: bool | None = None,
        known: Mapping[str, str] | None = None,
    ) -> Iterator[Rendered]:
        known = known or {}
        for kind in page_table.KINDS:
            if searchable is not None and kind.searchable != searchable:
                continue
            for page in kind.pages(self.data):
                src_uri = kind.src_uri(page.key)
                yield self.page(kind, page, make=src_uri not in skip, html=known.get(src_uri))


def _modified(subject: object) -> dt.date | None:
    """The last change of a policy, or of the newest of a domain's catalogues."""
    views = subject if isinstance(subject, list) else [subject]
    dates = [v.modified for v in views if isinstance(v, (sd.PolicyView, sd.CatalogueView)) and v.modified]
    return max(dates, default=None)


def render_pages(
    data: sd.SiteData,
    skip: Collection[str] = (),
    *,
    searchable: bool | None = None,
    known: Mapping[str, str] | None = None,
) -> list[Rendered]:
    """Every generated page; :class:`~generator.site.pages.SiteError` when one cannot be made.

    The pages in ``skip`` (by src_uri) are not made: an incremental build keeps them.
    ``searchable``: only the pages search indexes as pages (True), or only the others (False).
    ``known``: the content of pages (by src_uri) as a previous build made it of the same inputs.
    """
    return list(Renderer(data).all(skip, searchable, known))
