"""Search begun ahead: the part of a changed page given to pagefind before the build plans.

An incremental build knows which pages changed only once it has planned (the fingerprint of
every page), and the search job then makes the records and starts pagefind on the parts that
changed: a few seconds in which the second core has nothing to do. Yet when a few files
changed (:func:`changed_files`: by their digests against the last build's), their own pages
are the likely change. So, as soon as the site's data is made,
:func:`begin` renders those pages, makes their records and, for each part one of them lands in,
starts pagefind (on a thread) on the part as the last build indexed it with these records in
it: the store's records of the part, in the manifest's order, the changed ones replaced.

The guess is never trusted. The search job asks :meth:`Ahead.matches` of each part it indexes
again, and takes pagefind's work only when the records are exactly those it was given, in the
same order (pagefind's bundle depends on nothing else); otherwise the part is indexed as always
and the work begun ahead is stopped and dropped, as it is when pagefind failed ahead. A guess
that misses (a new page, a changed name shown on many pages) costs the main thread the changed
pages and the part's pages written (a fraction of a second), and the second core's time; a
guess that fails (a page that cannot be made) begins nothing, and the build says why.

Where only the bodies of the changed files changed (the most common edit), the guess needs no
data at all, and :func:`begin_early` makes it before the check: each changed file is loaded
alone, and a page's record is its stored one with the body rendered anew (:func:`spliced`).
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

from generator.content.corpus import CACHE_NAME, Corpus, file_digest, wait_saved
from generator.content.load import MARKDOWN_KINDS, classify, load_file, model_hash
from generator.site import buildstate, leftovers, search, search_bundle, urls
from generator.site import sitedata as sd
from generator.site.markdown import render_markdown
from generator.site.pages import KINDS
from generator.site.render import Renderer
from generator.site.search_record import SearchRecord
from generator.site.search_records import page_record

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


def changed_files(corpus: Corpus, data: sd.SiteData, path: Path) -> set[str]:
    """The files whose content differs from the last build's (as this function last found it,
    in ``path``), new files among them; all of them the first time. It notes for the next build
    each file's digest, the hash of its model without the body, and its searchable page's URL."""
    page_of = {
        shown.subject.rel: kind.url_of(shown.key)
        for kind in KINDS
        if kind.searchable
        for shown in kind.pages(data)
        if isinstance(getattr(shown.subject, "rel", None), str)
    }
    sources = {f.rel: [f.digest, f.head, page_of.get(f.rel, "")] for f in corpus.files}
    before = _sources(path)
    changed = {rel for rel, now in sources.items() if before.get(rel, [""])[0] != now[0]}
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_text(json.dumps(sources), "utf-8")
        os.replace(scratch, path)
    except OSError:  # (a guess: without it, the next build guesses nothing)
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)
    return changed


def _sources(path: Path) -> dict[str, list[str]]:
    """What :func:`changed_files` noted of each file ({} where nothing usable was noted)."""
    try:
        noted = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(noted, dict):
        return {}
    return {
        rel: v
        for rel, v in noted.items()
        if isinstance(v, list) and len(v) == 3 and all(isinstance(x, str) for x in v)
    }


def begin(
    data: sd.SiteData,
    corpus: Corpus,
    previous: buildstate.Previous,
    manifest: Path | None,
    near: Path,
    ahead: Ahead | None = None,
) -> Ahead:
    """Start pagefind on the part of the pages of the files changed since the last build (see
    the module's docstring); a part ``ahead`` began (:func:`begin_early`) with other records
    than these is dropped. What was begun (nothing, where there is nothing to guess)."""
    ahead = ahead or Ahead(near)
    if manifest is None:
        return ahead
    changed = changed_files(corpus, data, buildstate.sources_file(manifest))  # (in every build searched)
    old, site, store = previous.manifest, previous.site, buildstate.search_store(manifest)
    count = search.part_count(len(old.records))
    if len(changed) > MOST_FILES or site is None or count != len(old.parts) or not store.is_dir():
        return ahead
    try:
        guessed = _guess(data, changed, old, store, count)
        if guessed is not None and not ahead.begun_with(guessed[0], guessed[1]):
            for n in ahead.started:  # (begun early, it missed what only the data shows: 更新记录 …)
                ahead.drop(n)
            _start(ahead, guessed, old, site)
    except Exception:  # (a page that cannot be made, say: the build itself says why, not the guess)
        ahead.close()
    except BaseException:
        ahead.close()
        raise
    return ahead


def _start(
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
    build (their front matter's model as it was), start pagefind on the part of their pages,
    each page's stored record with its body rendered anew (see :func:`spliced`). What was begun
    (nothing, where the change is another: :func:`begin` guesses it once the data is made)."""
    ahead = Ahead(near)
    old, site = previous.manifest, previous.site
    if manifest is None or site is None:
        return ahead
    store, count = buildstate.search_store(manifest), search.part_count(len(old.records))
    try:
        noted = _sources(buildstate.sources_file(manifest))
        touched = _touched(content_dir, cache_dir, noted)
        guessed = (
            _splice_all(touched, noted, old, store, count) if touched and count == len(old.parts) else None
        )
        if guessed is not None:
            _start(ahead, guessed, old, site)
        if ahead.started:
            search.log.info("zwgk: 只有正文改动：所在的搜索分卷在检查内容之前已开始建立")
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
    wait_saved()  # (the preview's last check may still be writing it)
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
    for rel, (digest, _head, url) in noted.items():
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
    """As :func:`_guess`, for files of which only the body changed; None where more changed."""
    new: dict[int, dict[str, SearchRecord]] = {}
    stored: dict[int, dict[str, str]] = {}
    for rel, raw in touched.items():
        kind = classify(rel)
        _digest, head, url = noted.get(rel, ["", "", ""])
        if kind not in MARKDOWN_KINDS or not url or url not in old.records:
            return None
        loaded = load_file(rel, kind, raw)
        if loaded.model is None or model_hash(loaded.model.model_dump_json()) != head:
            return None
        n = search.part_of(url, count)
        if n not in stored:
            stored[n] = search.stored_records(store, n)
        before = stored[n].get(url)
        html = spliced(before, render_markdown(loaded.body, urls.relative(url, ""))) if before else None
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


def _guess(
    data: sd.SiteData, changed: set[str], old: buildstate.Manifest, store: Path, count: int
) -> tuple[int, list[SearchRecord], set[str]] | None:
    """The first part holding a changed file's page whose record differs from the stored one:
    its number, its records as the last build indexed them with the changed ones made anew,
    and the URLs of those unchanged."""
    renderer: Renderer | None = None
    new: dict[int, dict[str, SearchRecord]] = {}
    for kind in KINDS:
        if not kind.searchable:
            continue
        for shown in kind.pages(data):
            if getattr(shown.subject, "rel", None) not in changed:
                continue
            renderer = renderer or Renderer(data)
            record = page_record(data, kind, shown.subject, renderer.page(kind, shown))
            if record.url not in old.records:
                return None  # a new page: the parts' records are not the last build's
            new.setdefault(search.part_of(record.url, count), {})[record.url] = record
    for n, records in sorted(new.items()):
        stored = search.stored_records(store, n)
        urls = [url for url in old.records if search.part_of(url, count) == n]
        if any(url not in stored for url in urls) or all(stored[u] == r.html for u, r in records.items()):
            continue  # (the store lacks some, or nothing changed that search sees)
        return (
            n,
            [records.get(url) or SearchRecord(url, stored[url]) for url in urls],
            set(urls) - set(records),
        )
    return None
