"""What an incremental build keeps of the previous search index (see
:mod:`generator.site.incremental` for the fingerprints): the parts none of whose records
changed, the fragments of the unchanged records of a part indexed again, and the shards of
the exact lookup none of whose keys changed; and the state the next build starts from."""

from __future__ import annotations

import json
import shutil
from collections.abc import Collection
from pathlib import Path
from typing import Any

from generator.site import search
from generator.site import search_lookup as lookup_store
from generator.site import sitedata as sd
from generator.site.buildstate import Previous
from generator.site.incremental import content_of, hash_of, indexer
from generator.site.render import Rendered, Renderer
from generator.site.search_record import SearchRecord
from generator.site.search_records import record_makers, search_records


def index_search(
    site_dir: Path,
    data: sd.SiteData,
    pages: list[Rendered],
    *,
    previous: Previous,
    store: Path,
    state: Path,
    kept_pages: Collection[str] = (),
    stop: search.Stop | None = None,
    ahead: search.Ahead | None = None,
    lookup_intact: bool = False,
) -> None:
    """Index the site for search, keeping what the previous build indexed where it can.

    Runs in the background job; what it indexed is written to ``state`` for the manifest. A
    record of a page this build keeps (``kept_pages``, by URL; the pages of the catalogue
    tables among them) is what it was, and is not made; the others are made and known by
    their content. A part is indexed again when one of its records changed (or came, or
    went); its unchanged records' html and lookup come from ``store``, or, where the store
    lacks them, from their pages made after all. A part kept needs only its records' lookup.
    ``lookup_intact``: the previous site's exact lookup is as its manifest says
    (:func:`lookup_intact`, judged on the build's main thread).
    """
    old = previous.manifest
    makers = list(record_makers(data, pages))
    count = search.part_count(len(makers))
    fresh = len(old.parts) != count or not store.is_dir()  # nothing to keep
    if fresh:
        shutil.rmtree(store, ignore_errors=True)
    tag = indexer()
    fingerprints = {p.url: p.fingerprint or "" for p in pages}
    records: list[SearchRecord] = []
    members: dict[int, list[SearchRecord]] = {n: [] for n in range(count)}
    for url, make in makers:
        page = url.partition("#")[0]
        if not fresh and page in kept_pages and url in old.contents and url in old.records:
            # (its page, and so what it is made of, is unchanged: made only if its part is)
            record = SearchRecord(url, "", [], fingerprint=old.records[url], stale=False)
            record.content = old.contents[url]
            record.make = make
        else:
            record = make()
            record.fingerprint = record.fingerprint or fingerprints.get(url, "")
            record.content = content_of(record, tag)
            record.stale = fresh or old.contents.get(url) != record.content
        records.append(record)
        members[search.part_of(url, count)].append(record)
    # (in order: pagefind numbers the pages of a part as given, so the order is what it indexes)
    prints = {n: hash_of(*(f"{r.url}={r.content}" for r in members[n])) for n in range(count)}
    kept: dict[int, Path] = {}
    reuse: dict[int, tuple[Path, set[str]]] = {}  # parts indexed again: their unchanged records
    for n in range(count):
        entry = old.parts.get(str(n))
        folder = search.part_folder(previous.site, n) if previous.site is not None else None
        stamp = search.part_stamp(folder) if folder is not None else []
        if entry is None or fresh or folder is None or len(entry) < 3 or stamp != entry[1:]:
            continue  # (a folder as the manifest says the last build left it)
        if entry[0] == prints[n]:
            kept[n] = folder
        else:
            reuse[n] = (folder, {r.url for r in members[n] if not r.stale})
    # what the records not made lack: html where their part is indexed again, their lookup
    # (the kept parts' lookup is read while pagefind is at work on the others)
    missing: set[str] = set()
    changed: set[str] = set()  # the lookup keys of records whose lookup changed, come or gone
    gone = set(old.records).difference(r.url for r in records)
    known = True  # whether every record that changed or went is known as it was
    # the records both builds have, in the same order in each: otherwise the undated entries
    # under a key (in the records' order) may be in another, and no shard of the lookup is kept
    urls = {r.url for r in records}
    same_order = [r.url for r in records if r.url in old.records] == [u for u in old.records if u in urls]
    lookups: dict[int, dict[str, list[tuple[str, dict[str, Any]]]]] = {}
    for n in range(count):
        if n in kept:
            continue
        stored_html = search.stored_records(store, n) if not fresh else {}
        stored_lookup = lookups[n] = lookup_store.stored_lookup(store, n) if not fresh else {}
        for r in members[n]:
            if r.make is None:
                if r.stale:
                    was = stored_lookup.get(r.url)
                    if not _same_lookup(r, was, stored_html.get(r.url), old.contents.get(r.url), tag):
                        changed.update(key for key, _entry in [*r.lookup, *(was or [])])
                    known = known and (was is not None or r.url not in old.records)
                continue
            if r.url in stored_lookup:
                r.lookup = stored_lookup[r.url]
            if r.url in stored_html and r.url in stored_lookup:
                r.html = stored_html[r.url]
            elif "#" not in r.url:  # a page's: made after all
                missing.add(r.url)
            else:  # a catalogue row: made from the data
                made = r.make()
                r.html, r.lookup = made.html, made.lookup
    for url in gone:
        went = lookups.get(search.part_of(url, count), {}).get(url)  # (its part is not kept)
        known = known and went is not None
        changed.update(key for key, _entry in went or [])
    if missing:  # their pages made after all, and their records with them
        remade = Renderer(data).remake(p for p in pages if p.url in missing)
        again = {r.url: r for r in search_records(data, list(remade.values()))}
        for r in records:
            if r.url in again:
                r.html, r.lookup = again[r.url].html, again[r.url].lookup
    incomplete: set[int] = set()  # kept parts whose lookup the store lacked

    def kept_lookups() -> None:
        if kept_lookup is not None and kept_lookup.unchanged():
            return  # (no key changed: the lookup is the last build's, its pairs are not needed)
        for n in sorted(kept):
            stored_lookup = lookup_store.stored_lookup(store, n)
            for r in members[n]:
                if r.url in stored_lookup:
                    r.lookup = stored_lookup[r.url]
                elif r.make is not None:
                    r.lookup = r.make().lookup
                    incomplete.add(n)
                    changed.update(key for key, _entry in r.lookup)  # (not known as it was)

    kept_lookup = None
    if known and same_order and not fresh and previous.site is not None and len(old.lookup) == 2:
        folder = previous.site / search.BUNDLE / lookup_store.LOOKUP_DIR
        kept_lookup = lookup_store.KeptLookup(
            folder, lookup_store.Lookup(*old.lookup), changed, lookup_intact
        )
    done = search.index_site(
        site_dir,
        records,
        synonyms=data.synonyms,
        store=store,
        kept=kept,
        stop=stop,
        kept_lookup=kept_lookup,
        then=kept_lookups,
        link_kept=not previous.in_place,
        reuse=reuse,
        ahead=ahead,
    )
    for n in incomplete:
        lookup_store.store_lookup(store, n, members[n])
    indexed = [n for n in range(count) if n not in kept]
    parts = {str(n): [prints[n], *search.part_stamp(search.part_folder(site_dir, n))] for n in indexed}
    parts |= {str(n): old.parts[str(n)] for n in kept}  # (its stamp, taken above, is the manifest's)
    write_search_state(state, records, parts, done.lookup)


def _same_lookup(
    record: SearchRecord, was: list[Any] | None, html: str | None, content: str | None, tag: str
) -> bool:
    """Whether a record made again has the lookup it had, as the same code wrote it (the stored
    record hashes to the content the last build noted, with this build's ``tag``): then its
    keys did not change."""
    if was is None or html is None or content_of(SearchRecord(record.url, html, was), tag) != content:
        return False
    return lookup_store.dumps(record.lookup) == lookup_store.dumps(was)


def lookup_intact(previous: Previous) -> bool:
    """Whether the exact lookup of the site a build replaces is every shard as the manifest
    says the last build wrote it (see search_lookup.intact)."""
    old = previous.manifest
    if previous.site is None or len(old.lookup) != 2:
        return False
    folder = previous.site / search.BUNDLE / lookup_store.LOOKUP_DIR
    return lookup_store.intact(folder, lookup_store.Lookup(*old.lookup))


def write_search_state(
    state: Path, records: list[SearchRecord], parts: dict[str, list[Any]], lookup: lookup_store.Lookup
) -> None:
    """What the search job indexed and wrote, for the build's manifest."""
    state.write_text(
        json.dumps(
            {
                "records": {r.url: r.fingerprint for r in records},
                "contents": {r.url: r.content for r in records},
                "parts": dict(sorted(parts.items(), key=lambda item: int(item[0]))),  # (in their order)
                "lookup": [lookup.shards, lookup.files],
            }
        ),
        "utf-8",
    )
