"""The Atom feeds: feed.xml, the newest entries of the page kinds marked ``feed`` in the table,
and one feed per page of the kinds with an ``own_feed`` (a domain's catalogue page, an
organization's page) holding the entries related to that page.

A policy that stops being in force is announced again: its entry's ``updated`` is the day it
was repealed, and its summary says so and names the document that replaces it.

sitemap.xml, the other feed of the site, is written by mkdocs from the pages it builds.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.site import pages
from generator.site.sitedata import InterpretationView, PolicyView, SiteData
from generator.site.urls import FEED, absolute

FEED_SIZE = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
# characters XML 1.0 does not allow at all (escaping cannot help)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    published: dt.date
    rank: int  # on the same day, the kind listed first in the table comes first
    id: str
    url: str
    title: str
    summary: str
    authors: tuple[str, ...]
    category: str
    # the pages whose own feeds carry this entry: (page kind, key), e.g. ("catalogue", slug)
    related: frozenset[tuple[str, str]] = frozenset()
    updated: dt.date | None = None  # a later change announced as an update (a repeal); else published

    @property
    def changed(self) -> dt.date:
        return self.updated or self.published


def _policy_entry(data: SiteData, p: PolicyView) -> tuple[str, tuple[str, ...]] | None:
    if not p.public:
        return None  # only documents published in full (主动公开) are announced
    issuers = tuple(data.org_name(o) for o in p.issuers)
    summary = "发文机关：" + "、".join(issuers)
    if p.model.doc_number:
        summary += f"；发文字号：{p.model.doc_number}"
    if not p.in_force:
        when = f"于 {p.model.repealed.isoformat()} " if p.model.repealed else ""
        summary += f"；本文件已{when}{p.model.validity}"
        if p.superseded_by is not None:
            summary += f"，现行文件：{p.superseded_by.model.title}"
    return summary, issuers


def _interpretation_entry(data: SiteData, i: InterpretationView) -> tuple[str, tuple[str, ...]] | None:
    return f"解读：{i.policy.model.title}", (data.org_name(i.interpreter),)


# summary and authors of an entry, by page kind (a kind with feed=True needs one)
_ENTRIES: dict[str, Callable[[SiteData, Any], tuple[str, tuple[str, ...]] | None]] = {
    "policy": _policy_entry,
    "interpretation": _interpretation_entry,
}


def _related(doc: PolicyView | InterpretationView) -> frozenset[tuple[str, str]]:
    """A policy: its domains and issuers; an interpretation: its policy's domains and its interpreter."""
    policy = doc.policy if isinstance(doc, InterpretationView) else doc
    orgs = [doc.interpreter] if isinstance(doc, InterpretationView) else doc.issuers
    return frozenset(
        [("catalogue", d.slug) for d in policy.domains]
        + [("organization", o.id) for o in orgs if not isinstance(o, str)]
    )


def _repealed(doc: Any) -> dt.date | None:
    """The day a policy stopped being in force: its entry is updated then."""
    if isinstance(doc, PolicyView) and not doc.in_force and doc.model.repealed is not None:
        return max(doc.model.repealed, doc.published)
    return None


def _atom_date(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def _all_entries(data: SiteData) -> list[FeedEntry]:
    """Every public policy and interpretation, newest first."""
    base = data.site.base_url
    entries: list[FeedEntry] = []
    kinds = [k for k in pages.KINDS if k.feed]
    for rank, kind in enumerate(reversed(kinds)):
        for page in kind.pages(data):
            made = _ENTRIES[kind.name](data, page.subject)
            if made is None:
                continue
            summary, authors = made
            doc = page.subject
            entries.append(
                FeedEntry(
                    doc.published,
                    rank,
                    doc.id,
                    absolute(base, doc.url),
                    doc.model.title,
                    summary,
                    authors,
                    kind.search_type or "",
                    _related(doc),
                    _repealed(doc),
                )
            )
    entries.sort(key=lambda e: (e.changed, e.rank, e.id), reverse=True)
    return entries


def feed_entries(data: SiteData) -> list[FeedEntry]:
    """The newest public policies and interpretations together, newest first (at most FEED_SIZE)."""
    return _all_entries(data)[:FEED_SIZE]


def feeds(data: SiteData, *, build_date: dt.date) -> dict[str, bytes]:
    """feed.xml and the feed of every page of a kind with its own: site path → bytes."""
    entries = _all_entries(data)
    out = {FEED: _xml(data, entries[:FEED_SIZE], build_date, FEED, "", f"{data.site.name}政策文件和政策解读")}
    newest = _newest_related(entries)
    for kind, page, path in pages.own_feeds(data):
        mine = newest.get((kind.name, page.key), [])
        title = f"{data.site.name}：{page.title}（政策文件和政策解读）"
        # an empty one is dated by the site's newest entry: the build date only when none
        empty = entries[0].changed if entries else build_date
        out[path] = _xml(data, mine, empty, path, kind.url_of(page.key), title)
    return out


def _newest_related(entries: list[FeedEntry]) -> dict[tuple[str, str], list[FeedEntry]]:
    """The newest FEED_SIZE entries related to each page, in one pass over ``entries`` (newest
    first): not one pass per page, which a province's hundreds of pages make slow."""
    newest: dict[tuple[str, str], list[FeedEntry]] = {}
    for e in entries:
        for key in e.related:
            mine = newest.setdefault(key, [])
            if len(mine) < FEED_SIZE:
                mine.append(e)
    return newest


def feed_xml(data: SiteData, *, build_date: dt.date) -> bytes:
    """Atom feed; its ``updated`` is the newest entry's date (the build date when empty)."""
    return _xml(data, feed_entries(data), build_date, FEED, "", f"{data.site.name}政策文件和政策解读")


def _xml(data: SiteData, entries: list[FeedEntry], empty: dt.date, path: str, page: str, title: str) -> bytes:
    """One Atom feed; its ``updated`` is the newest entry's date (``empty`` when it has none)."""
    base = data.site.base_url
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "zh-CN"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, tag, {k: _NOT_XML.sub("", v) for k, v in attrs.items()})
        if text is not None:
            el.text = _NOT_XML.sub("", text)
        return el

    sub(root, "id", absolute(base, page if path == FEED else path))
    sub(root, "title", title)
    sub(root, "link", rel="self", type="application/atom+xml", href=absolute(base, path))
    sub(root, "link", rel="alternate", type="text/html", href=absolute(base, page))
    sub(root, "updated", _atom_date(entries[0].changed if entries else empty))
    author = sub(root, "author")
    sub(author, "name", data.site.name)
    sub(root, "generator", "zwgk")
    for e in entries:
        entry = sub(root, "entry")
        sub(entry, "id", e.url)
        sub(entry, "title", e.title, type="text")
        sub(entry, "link", rel="alternate", type="text/html", href=e.url)
        sub(entry, "published", _atom_date(e.published))
        sub(entry, "updated", _atom_date(e.changed))
        for name in e.authors:
            sub(sub(entry, "author"), "name", name)
        sub(entry, "category", term=e.category, label=e.category)
        sub(entry, "summary", e.summary, type="text")
    ET.indent(root, space="  ")
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"
