"""What search indexes: one record per searchable page, the rows of the catalogue tables in
small records, and for each record the keys of the exact lookup that lead to it.

A page's record is its rendered content region with what a result shows added as pagefind
metadata (date, 发文字号, the link between a policy and its interpretations) and its title
weighted like a heading, so that a match in a title outranks one in a body. Organization pages
are indexed from their data (name, address, phone). The exact lookup maps a 发文字号 (and its
机关代字), 索引号, title, item name or organization name to what the result list shows first.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from html import escape
from typing import TYPE_CHECKING, Any

from generator.site import pages as page_table
from generator.site import sitedata as sd
from generator.site import urls
from generator.site.search_query import doc_prefix_key, lookup_key
from generator.site.search_record import Entry, SearchRecord

if TYPE_CHECKING:
    from generator.site.render import Rendered

TITLE_WEIGHT = 7  # as pagefind weighs an h1; body text weighs 1
# what a page's record leaves out: the read-aloud button, and of the document's information
# table (文件信息) everything but the values a resident searches by: the labels, the dates,
# the title (indexed once, weighted) and what every document shares (有效、主动公开, the 索引号
# that the exact lookup finds). Every record was about a tenth longer with them, and every
# query for "有效" or "朗读" matched every document.
_TOOLS = '<p class="zwgk-tools">'
_DOCMETA = re.compile(r'<table class="zwgk-docmeta">.*?</table>', re.S)
_DOCMETA_CELL = re.compile(r'<th scope="row">([^<]*)</th><td[^>]*>(.*?)</td>', re.S)
_SEARCHED_BY = ("发文机关", "解读机关", "发文字号", "主题分类")
TITLE_MARK = '<span hidden data-pagefind-meta="title">'  # how the page templates give the title
ITEMS_PER_RECORD = 25


def search_records(data: sd.SiteData, pages: Iterable[Rendered]) -> Iterator[SearchRecord]:
    """The searchable pages (their content region only), then the rows of the catalogue tables."""
    for _url, make in record_makers(data, pages):
        yield make()


def record_makers(
    data: sd.SiteData, pages: Iterable[Rendered], *, tables: bool = True
) -> Iterator[tuple[str, Callable[[], SearchRecord]]]:
    """Each record's URL, and how to make it: an incremental build makes only those it needs.
    ``tables``: with the records of the catalogue tables' rows (made from the data)."""
    rendered = {page.url: page for page in pages}
    for kind in page_table.KINDS:
        if not kind.searchable:
            continue
        for shown in kind.pages(data):
            page = rendered.get(kind.url_of(shown.key))
            if page is not None:
                yield page.url, functools.partial(page_record, data, kind, shown.subject, page)
    if not tables:
        return
    for kind in page_table.KINDS:
        if kind.search_rows:
            for shown in kind.pages(data):
                for view in shown.subject:  # (its rows made only for a record made)
                    for start in range(0, len(view.ids), ITEMS_PER_RECORD):
                        url = f"{view.url}#{urls.item_anchor(view.org.id, view.ids[start])}"
                        yield url, functools.partial(_run_record, data, kind, view, start)


def page_record(data: sd.SiteData, kind: page_table.PageKind, subject: Any, page: Rendered) -> SearchRecord:
    entry: Entry = {"u": page.url, "t": page.title, "y": kind.search_type or ""}
    keys = [page.title]
    links: list[list[str]] = []  # [label, title, url]: what a result links to besides the page
    if isinstance(subject, sd.Org):
        record = _org_record(data, kind, subject, entry)
        record.fingerprint = page.fingerprint or ""  # made of what its page is made of
        return record
    if isinstance(subject, sd.PolicyView):
        pm = subject.model
        entry.update(d=pm.published.isoformat(), n=pm.doc_number or "")
        links = [["政策解读", i.model.title, i.url] for i in subject.interpretations]
        keys += _titles(pm.title)
        if pm.index_number:
            keys.append(pm.index_number)
        if pm.doc_number:
            keys.append(pm.doc_number)
    elif isinstance(subject, sd.InterpretationView):
        original = subject.policy
        entry.update(d=subject.published.isoformat(), n=original.model.doc_number or "")
        links = [["原文", original.model.title, original.url]]
    elif isinstance(subject, sd.PageView) and subject.model.published:
        entry["d"] = subject.model.published.isoformat()
    # metadata as attributes of empty elements: shown with a result, not indexed as its text
    meta = "".join(
        f'<span data-pagefind-meta="{name}[data-v]" data-v="{escape(value)}"></span>'
        for name, value in (
            ("date", entry.get("d", "")),
            ("number", entry.get("n", "")),
            ("links", json.dumps(links, ensure_ascii=False) if links else ""),
        )
        if value
    )
    html = page.html.replace(TITLE_MARK, f'{TITLE_MARK[:-1]} data-pagefind-weight="{TITLE_WEIGHT}">', 1)
    if html == page.html:  # a template without the hidden title: add a weighted one
        html = html.replace("data-pagefind-body>", f"data-pagefind-body>{_weighted(page.title)}", 1)
    html = _DOCMETA.sub(_searched_by, _without_tools(html), count=1)
    html = html.replace("data-pagefind-body>", f"data-pagefind-body>{meta}", 1)
    if links:  # the lookup, loaded for every query, carries the links without their titles
        entry["l"] = [[label, url] for label, _, url in links]
    if isinstance(subject, sd.PolicyView) and subject.model.doc_number:
        keys.append(doc_prefix_key(subject.model.doc_number) or "")
    lookup = [(key, entry) for key in dict.fromkeys(lookup_key(k) for k in keys) if key]
    return SearchRecord(page.url, html, lookup, fingerprint=page.fingerprint or "")


def _without_tools(html: str) -> str:
    """The html without its first tools paragraph and the white space before it."""
    start = html.find(_TOOLS)
    end = html.find("</p>", start)
    if start < 0 or end < 0:
        return html
    while start and html[start - 1].isspace():  # (what a regular expression's \s takes)
        start -= 1
    return html[:start] + html[end + len("</p>") :]


def _searched_by(table: re.Match[str]) -> str:
    """The document's information table as the values a resident searches by, in one line."""
    cells = dict(_DOCMETA_CELL.findall(table[0]))
    return "<p>" + " ".join(cells[label] for label in _SEARCHED_BY if cells.get(label)) + "</p>"


def _weighted(title: str) -> str:
    return f'<span hidden data-pagefind-weight="{TITLE_WEIGHT}">{escape(title)}</span>'


def _titles(title: str) -> list[str]:
    """The ways people type a policy's title: the names of the documents it issues (《…》) and
    the title from 关于 on (without the issuing organization)."""
    out = re.findall(r"《([^》]+)》", title)
    about = title.find("关于")
    if about > 0:
        out.append(title[about:])
    return out


def _short(name: str, data: sd.SiteData) -> str | None:
    """An organization's name without the site's short name (示例县民政局 → 民政局)."""
    short = data.site.short_name or ""
    return name[len(short) :] if short and name.startswith(short) and len(name) > len(short) + 1 else None


def _org_record(data: sd.SiteData, kind: page_table.PageKind, org: sd.Org, entry: Entry) -> SearchRecord:
    facts = [("层级", org.level), ("咨询电话", org.phone or ""), ("地址", org.address or "")]
    text = "；".join(f"{k}：{escape(v)}" for k, v in facts if v)
    html = (
        f'<div data-pagefind-body><h1 data-pagefind-meta="title">{escape(org.name)}</h1>'
        f'<span hidden data-pagefind-filter="类型">{escape(kind.search_type or "")}</span>'
        f'<span hidden data-pagefind-filter="机构">{escape(org.name)}</span><p>{text}</p></div>'
    )
    keys = [org.name, _short(org.name, data), org.phone]
    if org.address:
        keys += [org.address, _short(org.address, data)]
    lookup = [(lookup_key(k), entry) for k in dict.fromkeys(k for k in keys if k)]
    return SearchRecord(entry["u"], html, lookup)


def _run_record(
    data: sd.SiteData, kind: page_table.PageKind, view: sd.CatalogueView, start: int
) -> SearchRecord:
    """The record of a catalogue table's rows from ``start``: ITEMS_PER_RECORD rows to a record
    (each row an <h2> section). A result loads its record's text, so records stay small."""
    return _table_record(data, kind, view, view.items[start : start + ITEMS_PER_RECORD])


def _table_record(
    data: sd.SiteData, kind: page_table.PageKind, view: sd.CatalogueView, run: list[sd.Item]
) -> SearchRecord:
    """One run of a catalogue table's rows."""
    title = f"{view.domain.name}领域标准目录（{view.org.name}）"
    filters = "".join(
        f'<span data-pagefind-filter="{k}">{escape(v)}</span>'
        for k, v in (("类型", kind.search_type or ""), ("领域", view.domain.name), ("机构", view.org.name))
    )
    sections = "".join(_item_section(data, item) for item in run)
    html = (
        f'<div data-pagefind-body><h1 data-pagefind-meta="title">{escape(title)}</h1>'
        f"{filters}{sections}</div>"
    )
    lookup = [
        (
            lookup_key(item.model.name),
            {
                "u": f"{view.url}#{item.anchor}",
                "t": f"{item.model.name}（{title}）",
                "y": kind.search_type,
            },
        )
        for item in run
    ]
    return SearchRecord(f"{view.url}#{run[0].anchor}", html, lookup)


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
