"""Search begun early: the part of a page whose body alone changed, given to pagefind before
the build checks the content, and before ``zwgk build`` loads mkdocs (see prestart.py).

An incremental build knows which pages changed only once it has planned (the fingerprint of
every page), and the search job then makes the records and starts pagefind on the parts that
changed: a few seconds in which the second core has nothing to do. Yet the most common edit
changes only the body of a policy or an interpretation, and then its page's search record is
the one the last build stored with the body rendered anew (:func:`spliced`). So
:func:`begin_early` finds the files changed since the last build (by the check cache's
signatures and the digests the last build noted, see search_ahead.changed_files), and where
each changed only below its front matter (the hash of its front matter as noted:
frontmatter.front_digest), starts pagefind (on a thread) on the part their pages land in, as
the last build indexed it with these records in it: the store's records of the part, in the
manifest's order, the changed ones replaced. It needs neither the models nor the site's data,
and this module imports neither.

The guess is never trusted. The search job asks :meth:`Ahead.matches` of each part it indexes
again, and takes pagefind's work only when the records are exactly those it was given, in the
same order (pagefind's bundle depends on nothing else); otherwise the part is indexed as always
and the work begun ahead is stopped and dropped, as it is when pagefind failed ahead. Where
more than the bodies changed, search_ahead.begin guesses again once the site's data is made.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from generator.content.cachefiles import CACHE_NAME, file_digest
from generator.content.frontmatter import front_and_body
from generator.site import buildstate, leftovers, search, search_bundle, urls
from generator.site.markdown import render_markdown
from generator.site.search_record import SearchRecord

# more files changed than this: a change too wide to guess (the plan decides)
MOST_FILES = 8


def signature(records: Iterable[SearchRecord]) -> str:
    """What pagefind is given of a part: each record's URL and html, in order."""
    digest = hashlib.blake2b(digest_size=16)
    for record in records:
        digest.update(f"{len(record.url)}:{record.url}{len(record.html)}:".encode("utf-8", "surrogatepass"))
        digest.update(record.html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class Ahead:
    """Parts given to pagefind ahead of the search job, each into a folder of its own in
    ``near`` (the staging folder's file system), until taken or closed. As a job of the build
    (background.Job) it has nothing to finish: the search job closes it when done with it (and
    when cancelled, see search_job), and a failed build cancels it."""

    label = "预先开始的搜索索引"

    def __init__(self, near: Path) -> None:
        self.near = near
        self.folder: Path | None = None  # made for the first part begun
        self.stops: dict[int, search.Stop] = {}
        self.signatures: dict[int, str] = {}
        self.runs: dict[int, Future[tuple[str, int, float]]] = {}
        self.scratch: dict[int, Path] = {}  # each part's pages for pagefind, until taken or dropped
        # one pagefind at a time: the search job runs its own beside it
        self.pool = ThreadPoolExecutor(max_workers=1)

    def start(self, n: int, records: list[SearchRecord], previous: Path | None, unchanged: set[str]) -> None:
        """Pagefind on part ``n`` of these ``records``; the fragments of the ``unchanged``
        records are linked from ``previous`` (the part as the last build made it).

        The pages are written and the fragments linked here, not on the thread: a thread's
        thousand small writes would each wait for the interpreter, which the build holds."""
        if self.folder is None:
            self.folder = leftovers.owned(leftovers.AHEAD, self.near)
        scratch = self.scratch[n] = search.scratch_folder(f"{leftovers.AHEAD_PAGES}{n}-")
        try:
            made: set[str] = set()
            for record in records:
                search.write_record(scratch, record, made)
            output = self.output(n)
            linked = search_bundle.prelink(previous, output, unchanged) if previous is not None else set()
        except OSError:  # (no room for the pages, say): the search job indexes the part
            self._drop(n)
            return
        stop = search.Stop()
        self.runs[n] = self.pool.submit(self._index, scratch, output, linked, stop)
        self.signatures[n], self.stops[n] = signature(records), stop

    @staticmethod
    def _index(scratch: Path, output: Path, linked: set[str], stop: search.Stop) -> tuple[str, int, float]:
        began = time.perf_counter()
        problem, kept = search.index_part(scratch, output, linked, stop)
        return problem, kept, time.perf_counter() - began

    def output(self, n: int) -> Path:
        assert self.folder is not None
        return self.folder / f"part-{n}"

    @property
    def holds(self) -> bool:
        """Whether it made anything (to remove when closed)."""
        return self.folder is not None

    @property
    def started(self) -> list[int]:
        """The parts begun, not yet matched (nor dropped)."""
        return sorted(self.signatures)

    def begun_with(self, n: int, records: Iterable[SearchRecord]) -> bool:
        """Whether part ``n`` runs with exactly these records (nothing is dropped)."""
        return n in self.signatures and self.signatures[n] == signature(records)

    def begun(self, n: int) -> bool:
        return n in self.signatures

    def matches(self, n: int, records: Iterable[SearchRecord]) -> bool:
        """Whether part ``n`` was begun with exactly these records (it is then the caller's to
        :meth:`take`); otherwise it is dropped."""
        if n not in self.signatures:
            return False
        if self.signatures[n] == signature(records):
            del self.signatures[n]
            return True
        self.drop(n)
        return False

    def drop(self, n: int) -> None:
        """Stop part ``n`` (its pagefind ended: the search job's needs the cores) and remove it,
        once stopped (the part may be begun again)."""
        if self.signatures.pop(n, None) is not None:
            self.stops[n]()
            with contextlib.suppress(Exception):  # (ended at once; a failure is of no use now)
                self.runs.pop(n).result()
            self._drop(n)

    def _drop(self, n: int) -> None:
        self.signatures.pop(n, None)
        for folder in (self.scratch.pop(n, None), self.output(n) if self.folder else None):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def take(self, n: int, output: Path) -> tuple[str, int, float, Path]:
        """Wait for part ``n`` (matched) and move its bundle to ``output``: pagefind's error
        message ("" on success), the fragments it kept from the previous build, its seconds,
        and its pages (the caller's to remove, or to index again after a problem)."""
        problem, linked, seconds = self.runs.pop(n).result()
        if not problem:
            output.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.output(n), output)
        return problem, linked, seconds, self.scratch.pop(n)

    def close(self) -> None:
        """Stop what runs and remove what was not taken (again: nothing)."""
        for stop in self.stops.values():
            stop()
        self.pool.shutdown(wait=True, cancel_futures=True)
        for folder in [*self.scratch.values(), *([self.folder] if self.folder else [])]:
            shutil.rmtree(folder, ignore_errors=True)
        self.signatures.clear()  # (nothing closed matches)
        self.folder = None  # (the pages' folders stay named: a take racing a cancel still finds them)

    def finish(self, site_dir: Path) -> None:
        pass  # (see the class's docstring)

    def cancel(self) -> None:
        self.close()


def sources_noted(path: Path) -> dict[str, list[str]]:
    """What search_ahead.changed_files noted of each file: [its digest, the hash of its model,
    its searchable page's URL, the hash of its front matter] ({} where nothing usable was noted)."""
    try:
        noted = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(noted, dict):
        return {}
    # (each value's items are not looked at here, ten thousand of them: one that is not text
    # matches nothing, and a file whose notes cannot be used begins nothing, see begin_early)
    return {rel: v for rel, v in noted.items() if type(v) is list and len(v) == 4}


def start_part(
    ahead: Ahead, guessed: tuple[int, list[SearchRecord], set[str]], old: buildstate.Manifest, site: Path
) -> None:
    n, part, unchanged = guessed
    entry, folder = old.parts.get(str(n)) or [], search.part_folder(site, n)
    # (from a folder other than the one the manifest describes, nothing is linked)
    described = len(entry) >= 3 and search.part_stamp(folder) == entry[1:]
    search.find_pagefind()  # (here: the thread would wait for the interpreter)
    ahead.start(n, part, folder if described else None, unchanged)


def begin_early(
    content_dir: Path, cache_dir: Path, previous: buildstate.Previous, manifest: Path | None, near: Path
) -> Ahead:
    """Before the check: where only the bodies of a few Markdown files changed since the last
    build (their front matter as it was), start pagefind on the part of their pages, each
    page's stored record with its body rendered anew (see :func:`spliced`). What was begun
    (nothing, where the change is another: search_ahead.begin guesses it once the data is made).
    A check of this process still saving the check cache is waited for by the caller."""
    ahead = Ahead(near)
    old, site = previous.manifest, previous.site
    if manifest is None or site is None:
        return ahead
    store, count = buildstate.search_store(manifest), search.part_count(len(old.records))
    try:
        noted = sources_noted(buildstate.sources_file(manifest))
        touched = _touched(content_dir, cache_dir, noted)
        guessed = (
            _splice_all(touched, noted, old, store, count) if touched and count == len(old.parts) else None
        )
        if guessed is not None:
            start_part(ahead, guessed, old, site)
    except Exception:  # (a file that cannot be read or made: the check says why)
        ahead.close()
        return Ahead(near)  # (a closed one begins nothing more)
    except BaseException:
        ahead.close()
        raise
    return ahead


def _touched(content_dir: Path, cache_dir: Path, noted: dict[str, list[str]]) -> dict[str, bytes] | None:
    """The bytes of each file changed since the last build, by the check cache's signatures
    (size and time: as the check finds them) and digests; None where a file is gone, more
    than :data:`MOST_FILES` changed, or there is no check cache (new files are not looked
    for: the search job finds them)."""
    rows: dict[str, tuple[int, int, str]] = {}
    with contextlib.suppress(sqlite3.Error):
        db = sqlite3.connect(f"{(cache_dir / CACHE_NAME).resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = {
                r[0]: (r[1], r[2], r[3]) for r in db.execute("SELECT rel, size, mtime, digest FROM files")
            }
        finally:
            db.close()
    if not rows:
        return None  # (without the check cache every file would be read twice: no guess)
    touched: dict[str, bytes] = {}
    root, read = str(content_dir), 0
    for rel, (digest, _head, url, _front) in noted.items():
        path = f"{root}/{rel}"  # (ten thousand Paths joined cost a tenth of a second)
        try:
            st = os.stat(path)
        except OSError:
            return None
        if rows.get(rel) == (st.st_size, st.st_mtime_ns, digest):
            continue
        read += 1
        if not url or read > 4 * MOST_FILES:
            return None  # (no page's body, or a checkout's new times: the check reads them)
        with open(path, "rb") as fh:
            raw = fh.read()
        if file_digest(raw) != digest:
            touched[rel] = raw
            if len(touched) > MOST_FILES:
                return None
    return touched


def _splice_all(
    touched: dict[str, bytes], noted: dict[str, list[str]], old: buildstate.Manifest, store: Path, count: int
) -> tuple[int, list[SearchRecord], set[str]] | None:
    """The first part holding a changed page: its number, its records as the last build indexed
    them with the changed ones made anew, and the URLs of those unchanged (as search_ahead._guess);
    None where more than the bodies changed."""
    new: dict[int, dict[str, SearchRecord]] = {}
    stored: dict[int, dict[str, str]] = {}
    for rel, raw in touched.items():
        _digest, _head, url, front = noted.get(rel, ["", "", "", ""])
        if not url or not front or url not in old.records:
            return None  # (a file without a page of its own, or with no front matter then)
        read = front_and_body(raw)
        if read is None or read[0] != front:
            return None  # (its front matter changed: its model may have)
        body = read[1]
        n = search.part_of(url, count)
        if n not in stored:
            stored[n] = search.stored_records(store, n)
        before = stored[n].get(url)
        html = spliced(before, render_markdown(body, urls.relative(url, ""))) if before else None
        if html is None:
            return None
        if html != before:
            new.setdefault(n, {})[url] = SearchRecord(url, html)
    for n, records in sorted(new.items()):
        part_urls = [url for url in old.records if search.part_of(url, count) == n]
        if any(url not in stored[n] for url in part_urls):
            return None
        return (
            n,
            [records.get(url) or SearchRecord(url, stored[n][url]) for url in part_urls],
            set(part_urls) - set(records),
        )
    return None


BODY_OPEN = '<div class="zwgk-body">'


def spliced(html: str, body: str) -> str | None:
    """A page's record (``html``) with the Markdown body it shows replaced by ``body`` (as
    rendered), or None where the record does not show exactly one body. The body ends at the
    ``</div>`` that closes its ``<div>`` (a rendered body holds no tags but those Markdown
    makes: its own divs, around tables, are closed in it)."""
    start = html.find(BODY_OPEN)
    if start < 0 or html.find(BODY_OPEN, start + 1) >= 0:
        return None
    start += len(BODY_OPEN)
    depth, at = 0, start
    while (close := html.find("</div>", at)) >= 0:
        depth += html.count("<div", at, close)
        if depth == 0:
            return html[:start] + body + html[close:]
        depth -= 1
        at = close + len("</div>")
    return None
