"""The Atom feeds: feed.xml, the newest entries of the page kinds marked ``feed`` in the table,
and one feed per page of the kinds with an ``own_feed`` (a domain's catalogue page, an
organization's page) holding the entries related to that page.

A policy that stops being in force is announced again: its entry's ``updated`` is the day it
was repealed, and its summary says so and names the document that replaces it.

sitemap.xml, the other feed of the site, is written by mkdocs from the pages it builds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.site import pages
from generator.site.sitedata import InterpretationView, PolicyView, SiteData
from generator.site.urls import FEED, absolute

FEED_SIZE = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
# characters XML 1.0 does not allow at all (escaping cannot help), lone surrogates among them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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
    # an entry's XML, by id(): one in a feed is mostly in others too (its domains', its issuer's, the site's)
    written: dict[int, str] = {}
    title = f"{data.site.name}政策文件和政策解读"
    out = {FEED: _xml(data, entries[:FEED_SIZE], build_date, FEED, "", title, written)}
    newest = _newest_related(entries)
    for kind, page, path in pages.own_feeds(data):
        mine = newest.get((kind.name, page.key), [])
        title = f"{data.site.name}：{page.title}（政策文件和政策解读）"
        # an empty one is dated by the site's newest entry: the build date only when none
        empty = entries[0].changed if entries else build_date
        out[path] = _xml(data, mine, empty, path, kind.url_of(page.key), title, written)
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


def _xml(
    data: SiteData,
    entries: list[FeedEntry],
    empty: dt.date,
    path: str,
    page: str,
    title: str,
    written: dict[int, str] | None = None,
) -> bytes:
    """One Atom feed; its ``updated`` is the newest entry's date (``empty`` when it has none).

    Written as ElementTree writes the same elements indented by two spaces (``ET.indent``), the
    XML declaration first (a test holds the two equal); an entry is written once a build
    (``written``) however many feeds carry it. As elements, the 67 feeds of the 10k benchmark
    corpus took 0.25–0.6 s of CPU; written so, 0.15 s."""
    base = data.site.base_url
    updated = _atom_date(entries[0].changed if entries else empty)
    head = (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<feed xmlns="{ATOM_NS}" xml:lang="zh-CN">\n'
        f"  {_element('id', absolute(base, page if path == FEED else path))}\n"
        f"  {_element('title', title)}\n"
        f"  {_element('link', None, rel='self', type='application/atom+xml', href=absolute(base, path))}\n"
        f"  {_element('link', None, rel='alternate', type='text/html', href=absolute(base, page))}\n"
        f"  {_element('updated', updated)}\n"
        f"  <author>\n    {_element('name', data.site.name)}\n  </author>\n"
        f"  {_element('generator', 'zwgk')}"
    )
    written = {} if written is None else written
    parts = [head]
    for e in entries:
        text = written.get(id(e))
        if text is None:
            text = written[id(e)] = _entry(e)
        parts.append(text)
    return ("\n  ".join(parts) + "\n</feed>\n").encode("utf-8")


def _entry(e: FeedEntry) -> str:
    """An entry as it stands in the feed (its lines indented for its place there)."""
    lines = [
        _element("id", e.url),
        _element("title", e.title, type="text"),
        _element("link", None, rel="alternate", type="text/html", href=e.url),
        _element("published", _atom_date(e.published)),
        _element("updated", _atom_date(e.changed)),
        *(f"<author>\n      {_element('name', name)}\n    </author>" for name in e.authors),
        _element("category", None, term=e.category, label=e.category),
        _element("summary", e.summary, type="text"),
    ]
    return "<entry>\n    " + "\n    ".join(lines) + "\n  </entry>"


def _element(tag: str, text: str | None, **attrs: str) -> str:
    """An element without children, as ElementTree writes it: text and attribute values
    without the characters XML cannot carry, escaped as it escapes them; no text, or an
    empty one, makes an empty element (``<link … />``)."""
    head = tag + "".join(f' {name}="{_attribute(value)}"' for name, value in attrs.items())
    body = _NOT_XML.sub("", text) if text else ""
    if not body:
        return f"<{head} />"
    if "&" in body:
        body = body.replace("&", "&amp;")
    if "<" in body:
        body = body.replace("<", "&lt;")
    if ">" in body:
        body = body.replace(">", "&gt;")
    return f"<{head}>{body}</{tag}>"


def _attribute(value: str) -> str:
    value = _NOT_XML.sub("", value)
    for char, entity in _ATTRIBUTE_ENTITIES:
        if char in value:
            value = value.replace(char, entity)
    return value


_ATTRIBUTE_ENTITIES: tuple[tuple[str, str], ...] = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)
