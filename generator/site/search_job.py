"""The search index as a job of the build.

Search indexes the pages' content regions, not the built site, in a thread of the build
(:class:`~generator.site.background.Background`): its heavy part is pagefind's processes, and
a forked child would copy most of the build's memory.

A build with nothing to keep of a previous index (:class:`Stream`) makes the searchable pages
in the order of the search parts that hold them (:func:`generator.site.search.part_of`) and
hands each part to the job as soon as its pages are made: pagefind starts on the first part
after a fraction of the pages instead of after all of them. The parts, the store and the
state it leaves are those :func:`generator.site.search_kept.index_search` gives for the same
pages. Any other build makes the searchable pages first; index_search then keeps what it can
of the previous index, and the build waits until pagefind has its pages (the records are
made on the build's one Python thread).
"""

from __future__ import annotations

import queue
import shutil
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, NamedTuple

from generator.site import buildstate, search, search_kept
from generator.site import sitedata as sd
from generator.site.background import Background
from generator.site.incremental import content_of, hash_of, indexer
from generator.site.pages import KINDS, PageKind
from generator.site.render import Rendered, Renderer, render_pages
from generator.site.search_early import Ahead
from generator.site.search_record import SearchRecord
from generator.site.search_records import page_record, record_makers

# one part's searchable pages: (kind, what the page shows, the page made)
PartPages = list[tuple[PageKind, Any, Rendered]]


class Stream:
    """The job (call it with the staging folder) and what feeds it: :meth:`put` each part's
    pages, then :meth:`end`."""

    def __init__(
        self, data: sd.SiteData, *, store: Path | None, state: Path | None, stop: search.Stop
    ) -> None:
        self.data = data
        # every record's URL in the order of search_records (every searchable page is made),
        # the table rows' records with how to make them
        self.tables = list(record_makers(data, (), tables=True))
        self.urls = [k.url_of(shown.key) for k in KINDS if k.searchable for shown in k.pages(data)]
        self.urls += [url for url, _make in self.tables]
        self.count = search.part_count(len(self.urls))
        self.store, self.state, self.stop = store, state, stop
        self.parts: queue.Queue[tuple[int, PartPages] | None] = queue.Queue()

    def put(self, part: int, pages: PartPages) -> None:
        self.parts.put((part, pages))

    def end(self) -> None:
        self.parts.put(None)

    def _next(self) -> tuple[int, PartPages] | None:
        while True:
            try:
                return self.parts.get(timeout=0.2)
            except queue.Empty:
                if self.stop.stopped.is_set():  # the build was cancelled
                    raise RuntimeError("已取消") from None

    def __call__(self, out: Path) -> None:
        data, count = self.data, self.count
        seq = {url: n for n, url in enumerate(self.urls)}
        tables: dict[int, list[Callable[[], SearchRecord]]] = {}
        for url, make in self.tables:
            tables.setdefault(search.part_of(url, count), []).append(make)
        if self.store is not None:
            shutil.rmtree(self.store, ignore_errors=True)
        tag = indexer()
        index = search.Indexer(out, count, store=self.store, stop=self.stop)
        prints: dict[int, str] = {}
        made: list[SearchRecord] = []
        try:
            while (item := self._next()) is not None:
                n, pages = item
                records = [page_record(data, kind, subject, page) for kind, subject, page in pages]
                records += [make() for make in tables.get(n, [])]
                for r in records:
                    r.seq, r.content = seq[r.url], content_of(r, tag)
                records.sort(key=lambda r: r.seq)
                prints[n] = hash_of(*(f"{r.url}={r.content}" for r in records))  # (in their order)
                made += records
                index.add(n, records)
        except BaseException:
            index.close()
            raise
        index.finish(data.synonyms)
        if self.state is not None:
            made.sort(key=lambda r: r.seq)
            parts = {
                str(n): [prints[n], *search.part_stamp(search.part_folder(out, n))] for n in range(count)
            }
            search_kept.write_search_state(self.state, made, parts, index.lookup)


class Started(NamedTuple):
    pages: list[Rendered]  # the searchable pages, made
    job: Background
    state: Path | None  # where the job leaves what it indexed, for the manifest


def start(
    data: sd.SiteData,
    skip: Collection[str],
    near: Path,
    *,
    prints: dict[str, str],
    previous: buildstate.Previous,
    manifest: Path | None,
    kept: Collection[str],
    ahead: Ahead | None = None,
) -> Started:
    """Make the searchable pages (those not in ``skip``) and start indexing them; ``prints``:
    each page's fingerprint (by src_uri), ``manifest``: the build's manifest file, if any,
    ``ahead``: the parts pagefind was given already (search_early.py)."""
    search.find_pagefind()  # (here: a thread would wait for the interpreter)
    stop = search.Stop()
    if ahead is not None:  # (a cancelled build stops what was begun ahead too)
        stop.also.append(ahead.close)
    store = buildstate.search_store(manifest) if manifest is not None else None
    state = buildstate.search_state(manifest) if manifest is not None else None
    if state is not None:
        state.unlink(missing_ok=True)
    if skip or previous.manifest.parts:  # something to keep
        assert store is not None and state is not None  # (nothing is kept without a manifest)
        pages = render_pages(data, skip, searchable=True)
        for rendered in pages:
            rendered.fingerprint = prints.get(rendered.src_uri)
        job = Background(
            "建立搜索索引",
            _indexer(data, pages, previous, store, state, kept, stop, ahead),
            near,
            thread=True,
            stop=stop,
        )
        try:
            stop.launched.wait()
        except BaseException:  # an interruption: the build is not told of the job yet
            job.cancel()
            raise
        return Started(pages, job, state)
    if ahead is not None:  # (nothing of a previous index is kept)
        ahead.close()
    stream = Stream(data, store=store, state=state, stop=stop)
    job = Background("建立搜索索引", stream, near, thread=True, stop=stop)
    pages = []
    try:
        for n, part in Renderer(data).searchable_by_part(stream.count, search.part_of):
            for _kind, _subject, rendered in part:
                rendered.fingerprint = prints.get(rendered.src_uri)
            stream.put(n, part)
            pages += [rendered for _kind, _subject, rendered in part]
    except BaseException:
        job.cancel()
        raise
    finally:
        stream.end()
    return Started(pages, job, state)


def _indexer(
    data: sd.SiteData,
    pages: list[Rendered],
    previous: buildstate.Previous,
    store: Path,
    state: Path,
    kept: Collection[str],
    stop: search.Stop,
    ahead: Ahead | None,
) -> Callable[[Path], None]:
    intact = search_kept.lookup_intact(previous)  # (here, on the main thread: see lookup_intact)

    def job(out: Path) -> None:
        try:
            search_kept.index_search(
                out,
                data,
                pages,
                previous=previous,
                store=store,
                state=state,
                kept_pages=kept,
                stop=stop,
                ahead=ahead,
                lookup_intact=intact,
            )
        finally:  # (the build waits for it)
            stop.launched.set()
            if ahead is not None:
                ahead.close()

    return job
