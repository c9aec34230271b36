"""A cold build's search index, fed part by part while the build makes its pages.

A build with nothing to keep of a previous index makes the searchable pages in the order of
the search parts that hold them (:func:`generator.site.search.part_of`) and hands each part
to this job as soon as its pages are made: pagefind starts on the first part after a fraction
of the pages instead of after all of them. The parts, the store and the state it leaves are
those :func:`generator.site.incremental.index_search` gives for the same pages.
"""

from __future__ import annotations

import json
import queue
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.site import search
from generator.site import sitedata as sd
from generator.site.incremental import content_of, hash_of, indexer
from generator.site.pages import PageKind
from generator.site.render import Rendered
from generator.site.search_records import SearchRecord, page_record, record_makers, record_urls

# one part's searchable pages: (kind, what the page shows, the page made)
PartPages = list[tuple[PageKind, Any, Rendered]]


class Stream:
    """The job (call it with the staging folder) and what feeds it: :meth:`put` each part's
    pages, then :meth:`end`."""

    def __init__(
        self, data: sd.SiteData, *, store: Path | None, state: Path | None, stop: search.Stop
    ) -> None:
        self.data = data
        self.urls = record_urls(data)
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
        for url, make in record_makers(data, (), tables=True):
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
                prints[n] = hash_of(*sorted(f"{r.url}={r.content}" for r in records))
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
            self.state.write_text(
                json.dumps(
                    {
                        "records": {r.url: r.fingerprint for r in made},
                        "contents": {r.url: r.content for r in made},
                        "parts": parts,
                    }
                ),
                "utf-8",
            )
