"""Search: pagefind's extended (Chinese-segmenting) index, and the words it indexed.

Pagefind segments Chinese with jieba when it indexes, but the browser segments a query with
``Intl.Segmenter``, which cuts differently: 财政预算 is indexed as 财政 + 预算 and queried as
one word that matches nothing. So after indexing, the exact words pagefind stored are read
back from its index and written as a small sharded vocabulary; the site's search script
segments a query into those words (longest match) before asking pagefind.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape
from pathlib import Path
from typing import Any, Protocol

from generator.site import leftovers, search_bundle, urls
from generator.site.search_bundle import canonicalise, indexed_words
from generator.site.search_lookup import LOOKUP_DIR, KeptLookup, Lookup, store_lookup, write_lookup
from generator.site.search_lookup import dumps as _json
from generator.site.search_query import MAX_WORD, is_cjk, segment, synonym_table
from generator.site.search_record import SearchRecord
from generator.site.sitefiles import file_workers, link_or_copy

__all__ = [
    "index_site",
    "indexed_words",
    "run_pagefind",
    "segment",
    "useful_synonyms",
    "write_vocabulary",
]

log = logging.getLogger("mkdocs.plugins.zwgk")

BUNDLE = urls.SEARCH_BUNDLE.rstrip("/")  # the folder the search page loads pagefind from
VOCAB_DIR = "zwgk-vocab"
VOCAB_SHARDS = 64


PARTS_DIR = "pagefind-parts"
# pagefind holds ~180 KB a record while indexing: a part of 1,500 stays near 300 MB, so two run
# at once; and an incremental build indexes again only the parts of the records that changed
PART_SIZE = 1500
JOBS = 2


def part_count(records: int, part_size: int | None = None) -> int:
    """As few parts as memory allows: every part adds its own metadata to what a query loads."""
    return max(1, -(-records // (part_size or PART_SIZE)))


def part_of(url: str, parts: int) -> int:
    """The part a record is indexed in: by its URL, so that a record stays in its part from
    one build to the next and a part none of whose records changed can be kept."""
    return zlib.crc32(url.encode("utf-8")) % parts


def part_folder(site_dir: Path, part: int) -> Path:
    """The first part is the main bundle (``pagefind/``), the others ``pagefind-parts/<n>/``."""
    return site_dir / BUNDLE if part == 0 else site_dir / PARTS_DIR / str(part)


OWN_FILES = ("zwgk-vocab", "zwgk-lookup", "zwgk-parts.json")  # in the main bundle, not pagefind's


def index_site(
    site_dir: Path,
    records: Iterable[SearchRecord],
    *,
    part_size: int | None = None,
    jobs: int | None = None,
    synonyms: dict[str, list[str]] | None = None,
    store: Path | None = None,
    kept: dict[int, Path] | None = None,
    stop: Stop | None = None,
    kept_lookup: KeptLookup | None = None,
    then: Callable[[], None] | None = None,
    link_kept: bool = True,
    reuse: dict[int, tuple[Path, set[str]]] | None = None,
    ahead: Ahead | None = None,
) -> Indexer:
    """Index the records into ``site_dir``'s search bundle; returns the finished indexer
    (its ``count`` of parts and the ``lookup`` it wrote).

    Pagefind reads pages from a folder, so each record is written to a scratch folder as a
    minimal page holding only its content region (a fraction of the built page, which
    carries the whole theme), at the path of its URL; the built pages are not read. Pagefind
    holds everything it indexes in memory, so a large site is indexed in parts of at most
    ``part_size`` records, ``jobs`` at a time (see :func:`part_of`); the site's search script
    merges them (pagefind's mergeIndex). Beside the main bundle go the vocabulary (with the
    built-in and the site's ``synonyms``) and the exact lookup of the records.

    An incremental build passes the parts it keeps (``kept``: part → the previous site's
    folder of it), linked from there (left there, without ``link_kept``) and not indexed;
    the records of those parts need no html. ``store`` keeps, for the next build, each
    indexed part's records and words. ``then`` is called once pagefind is at work on the
    other parts (the kept parts' records may gain their lookup there); ``kept_lookup``: the
    previous site's exact lookup, whose shards none of whose keys changed are linked (left
    there, without ``link_kept``), not written. ``reuse``: for a part indexed again, its
    previous folder and the URLs of its records that did not change, whose pagefind files are
    linked, not written again (search_bundle.py). ``ahead``: the parts pagefind was given
    before the records were all made (search_ahead.py).
    """
    records = list(records)
    count = part_count(len(records), part_size)
    kept = kept or {}
    members: dict[int, list[SearchRecord]] = {n: [] for n in range(count)}
    for seq, record in enumerate(records):
        record.seq = seq
        members[part_of(record.url, count)].append(record)
    indexer = Indexer(
        site_dir,
        count,
        jobs=jobs,
        store=store,
        kept=kept,
        stop=stop,
        kept_lookup=kept_lookup,
        link_kept=link_kept,
        reuse=reuse,
        ahead=ahead,
    )
    try:
        try:
            for n in range(count):
                if n not in kept:
                    indexer.add(n, members[n])
            indexer.wait_started()
        finally:
            if stop is not None:
                stop.launched.set()  # the build may go on: pagefind is at work
        if then is not None:
            then()
        for n in sorted(kept):
            indexer.pairs += [(r.seq, pair) for r in members[n] for pair in r.lookup]
    except BaseException:
        indexer.close()
        raise
    indexer.finish(synonyms)
    return indexer


class Ahead(Protocol):
    """Parts given to pagefind before the records were all made (search_ahead.Ahead)."""

    def begun(self, n: int) -> bool: ...

    def matches(self, n: int, records: Iterable[SearchRecord]) -> bool: ...

    def take(self, n: int, output: Path) -> tuple[str, int, float, Path]: ...


class Indexer:
    """A site's search parts, each given to pagefind (``jobs`` at a time) as soon as its
    records are all there (:meth:`add`); :meth:`finish` waits for them and writes what goes
    beside the main bundle. Meanwhile a side thread links the parts kept from the previous
    site (``kept``) and writes the store (see :func:`index_site`)."""

    def __init__(
        self,
        site_dir: Path,
        count: int,
        *,
        jobs: int | None = None,
        store: Path | None = None,
        kept: dict[int, Path] | None = None,
        stop: Stop | None = None,
        kept_lookup: KeptLookup | None = None,
        link_kept: bool = True,
        reuse: dict[int, tuple[Path, set[str]]] | None = None,
        ahead: Ahead | None = None,
    ) -> None:
        self.site_dir, self.count, self.store, self.kept = site_dir, count, store, kept or {}
        self.reuse, self.ahead = reuse or {}, ahead
        self.kept_lookup, self.link_kept = kept_lookup, link_kept
        self.lookup = Lookup(0, {})  # as written by finish
        self.stop = stop or Stop()
        self.scratch = scratch_folder(leftovers.SEARCH_PAGES)
        self.own = Path(tempfile.mkdtemp(prefix=".zwgk-lookup-", dir=site_dir))  # beside the bundle
        self.jobs = max(1, jobs or JOBS)
        self.pool = ThreadPoolExecutor(max_workers=self.jobs)  # each runs pagefind
        self.started: set[int] = set()  # the parts pagefind was started on (or that ended before)
        self.starting = threading.Condition()
        self.after = ThreadPoolExecutor(max_workers=1)  # … and hands it what follows (_settle)
        # the words of the kept parts, read while pagefind works (before any part settles)
        self.kept_words = self.after.submit(self._kept_words)
        self.side = ThreadPoolExecutor(max_workers=1)
        self.linker = ThreadPoolExecutor(max_workers=1)  # the file system's work, beside the side's
        self.remover = ThreadPoolExecutor(max_workers=1)  # … and the removal of pagefind's pages
        self.indexed: dict[int, Future[Future[str]]] = {}
        self.done: list[Future[None]] = [
            self.linker.submit(_link_parts, self.kept if link_kept else {}, site_dir)
        ]
        # a part indexed again: its unchanged records' fragments linked while its pages are written
        # (of a part begun ahead, only once its records are known to be others)
        self.prelinked = {
            n: self.side.submit(search_bundle.prelink, previous, part_folder(site_dir, n), unchanged)
            for n, (previous, unchanged) in self.reuse.items()
            if unchanged and not (ahead is not None and ahead.begun(n))
        }
        self.pairs: list[tuple[int, tuple[str, dict[str, Any]]]] = []  # (record's seq, pair)
        self.sizes: dict[int, int] = {}  # each part indexed: its records
        self.seconds: dict[int, float] = {}  # … and how long pagefind took on it
        self.words: dict[int, set[str]] = {}  # … and the words it indexed (read as it ends)
        self.linked: dict[int, int] = {}  # … and the fragments kept from its previous build
        self.taken: set[int] = set()  # the parts indexed ahead of the job (search_ahead.py)

    def add(self, n: int, records: list[SearchRecord]) -> None:
        """Part ``n``, all its records (each with its ``seq``, its place among all records)."""
        folder = self.scratch / f"part-{n}"
        taken = self.ahead is not None and self.ahead.matches(n, records)
        if not taken:  # (pagefind's pages)
            folder.mkdir(parents=True, exist_ok=True)
            made: set[str] = set()
            for record in records:  # (in order: pagefind reads the folder in the order it was written)
                write_record(folder, record, made)
        self.pairs += [(r.seq, pair) for r in records for pair in r.lookup]
        if self.store is not None:
            self.done.append(self.side.submit(_store_parts, self.store, {n: records}))
        else:
            for r in records:  # in the scratch folder now
                r.html = ""
        self.sizes[n] = len(records)
        self.indexed[n] = self.pool.submit(self._index, n, folder, part_folder(self.site_dir, n), taken)

    def _index(self, n: int, folder: Path, output: Path, taken: bool) -> Future[str]:
        began = time.perf_counter()
        problem = ""
        try:
            try:
                if taken:  # begun ahead of the job with these very records (its pages in its folder)
                    assert self.ahead is not None
                    self._started(n)
                    problem, self.linked[n], seconds, folder = self.ahead.take(n, output)
                    began = time.perf_counter() - seconds  # (the summary tells pagefind's own time)
                    if not problem:
                        self.taken.add(n)
                if not taken or (problem and not self.stop.stopped.is_set()):  # (failed ahead: again)
                    problem, self.linked[n] = index_part(
                        folder,
                        output,
                        self._prelinked(n, output),
                        self.stop,
                        started=lambda: self._started(n),
                    )
            finally:
                self._started(n)
                self.seconds[n] = time.perf_counter() - began
            # the rest on a thread of its own (this one starts pagefind on the next part now)
            return self.after.submit(self._settle, n, output, problem)
        finally:
            self._remove(folder)

    def _remove(self, folder: Path) -> None:
        """Remove a part's pages (memory, under /dev/shm) beside what follows pagefind, not before
        it: a thousand files take a few tenths of a second (close waits for it)."""
        try:
            self.remover.submit(shutil.rmtree, folder, True)
        except RuntimeError:  # (closed already)
            shutil.rmtree(folder, ignore_errors=True)

    def _prelinked(self, n: int, output: Path) -> set[str]:
        """The fragments of part ``n`` linked from its previous build (see ``reuse``)."""
        if n in self.prelinked:
            return self.prelinked[n].result()
        previous, unchanged = self.reuse.get(n, (None, set()))
        return search_bundle.prelink(previous, output, unchanged) if previous and unchanged else set()

    def _started(self, n: int) -> None:
        with self.starting:
            self.started.add(n)
            self.starting.notify_all()

    def wait_started(self, timeout: float = 30.0) -> None:
        """Until pagefind is at work on as many of the parts given as run at once (or they
        ended): a thread that waits meanwhile (the build's main thread, while the parts are
        few) does not hold the interpreter, which linking and starting them need."""
        needed = min(len(self.indexed), self.jobs)
        with self.starting:
            self.starting.wait_for(lambda: len(self.started) >= needed or self.stop.stopped.is_set(), timeout)

    def _kept_words(self) -> set[str]:
        """Every word of the parts kept from the previous site: as the store noted them, or
        read from the part (and noted)."""
        words: set[str] = set()
        for n in sorted(self.kept):
            known = self.store / f"part-{n}.words.json" if self.store is not None else None
            if known is not None and known.is_file():
                words.update(json.loads(known.read_text("utf-8")))
                continue
            found = indexed_words(self.kept[n])
            if known is not None:
                known.parent.mkdir(parents=True, exist_ok=True)
                known.write_text(_json(sorted(found)), "utf-8")
            words |= found
        return words

    def _settle(self, n: int, output: Path, problem: str) -> str:
        """After pagefind: the part is made canonical and its words read (while pagefind works
        on the other parts, not after the last)."""
        if not problem:
            canonicalise(output)
            self.words[n] = indexed_words(output)
        return problem

    def summary(self) -> str:
        """What was indexed and what kept, for ``zwgk build -v``."""
        if not self.sizes:
            return f"zwgk: 搜索索引共 {self.count} 卷，全部沿用上一次的索引"
        took = sorted(self.seconds.values())
        timing = ""
        if len(took) == 1:
            timing = f"，pagefind 用时 {took[0]:.2f} 秒"
        elif took:
            timing = f"，pagefind 每卷 {took[0]:.2f}–{took[-1]:.2f} 秒"
        which = (
            f"：沿用上一次的 {len(self.kept)} 卷，重建 {len(self.sizes)} 卷" if self.kept else "，全部重建"
        )
        linked = sum(self.linked.values())
        reused = f"，其中 {linked:,} 条的结果摘要沿用上一次的文件" if linked else ""
        ahead = f"；{len(self.taken)} 卷在核对全部页面之前已开始" if self.taken else ""
        records = sum(self.sizes.values())
        return f"zwgk: 搜索索引共 {self.count} 卷{which}（{records:,} 条记录{reused}{timing}{ahead}）"

    def finish(self, synonyms: dict[str, list[str]] | None = None) -> int:
        """Wait for every part and write the vocabulary, the lookup and the list of parts;
        returns the number of parts."""
        site_dir, store = self.site_dir, self.store
        try:
            self.pairs.sort(key=lambda pair: pair[0])  # the order of the records, as given
            pairs = [pair for _, pair in self.pairs]
            lookup = self.side.submit(write_lookup, self.own, pairs, self.kept_lookup, link=self.link_kept)
            for n in sorted(self.indexed):
                problem = self.indexed[n].result().result()
                if problem:
                    raise RuntimeError(f"pagefind 出错：{problem}")
            for job in self.done:
                job.result()
            words = self.kept_words.result()
            self.lookup = lookup.result()
            lookup_shards = self.lookup.shards
            (site_dir / BUNDLE).mkdir(parents=True, exist_ok=True)
            os.replace(self.own / LOOKUP_DIR, site_dir / BUNDLE / LOOKUP_DIR)
        except BaseException:
            self.stop()  # the other parts are not waited for
            raise
        finally:
            self.close()
        for n in range(self.count):
            if n in self.kept:
                continue
            known = store / f"part-{n}.words.json" if store is not None else None
            found = self.words[n] if n in self.words else indexed_words(part_folder(site_dir, n))
            if store is not None and known is not None:
                store.mkdir(parents=True, exist_ok=True)
                known.write_text(_json(sorted(found)), "utf-8")
            words |= found
        table = useful_synonyms(synonym_table(synonyms), words)
        write_vocabulary(site_dir / BUNDLE, words, lookup_shards=lookup_shards, synonyms=table)
        parts = [f"../{PARTS_DIR}/{n}/" for n in range(1, self.count)]
        (site_dir / BUNDLE / "zwgk-parts.json").write_text(json.dumps(parts), "utf-8")
        log.info(self.summary())
        return self.count

    def close(self) -> None:
        """Wait for what was begun (nothing is written after) and remove the scratch folders."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.after.shutdown(wait=True, cancel_futures=True)  # (after the pool: it submits here)
        self.side.shutdown(wait=True, cancel_futures=True)
        self.linker.shutdown(wait=True, cancel_futures=True)
        self.remover.shutdown(wait=True)  # (every removal asked for is done: after the pool's)
        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.rmtree(self.own, ignore_errors=True)


def stored_records(store: Path, part: int) -> dict[str, str]:
    """The records (URL → html) the store holds of one part, as the last build indexed them."""
    try:
        loaded = json.loads((store / f"part-{part}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _store_parts(store: Path, parts: dict[int, list[SearchRecord]]) -> None:
    """Each indexed part's records (html and lookup) for the next build."""
    store.mkdir(parents=True, exist_ok=True)
    for n, records in parts.items():
        (store / f"part-{n}.json").write_text(_json({r.url: r.html for r in records}), "utf-8")
        store_lookup(store, n, records)
        for r in records:  # written, and read by pagefind from the scratch folder: not needed
            r.html = ""


def _link_parts(kept: dict[int, Path], site_dir: Path) -> None:
    for n in sorted(kept):
        _link_tree(kept[n], part_folder(site_dir, n))


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link a previous build's part (not the main bundle's own files) into ``target``."""
    files: list[str] = []
    target.mkdir(parents=True, exist_ok=True)

    def walk(folder: str, rel: str) -> None:  # (the folder's listing says what is a folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                name = f"{rel}{entry.name}"
                if not rel and entry.name in OWN_FILES:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    os.mkdir(target / name)
                    walk(entry.path, f"{name}/")
                else:
                    files.append(name)

    walk(str(source), "")
    with ThreadPoolExecutor(max_workers=file_workers()) as pool:
        list(pool.map(lambda rel: link_or_copy(source / rel, target / rel), files))


def part_stamp(folder: Path) -> list[int]:
    """The size and time of a part's pagefind-entry.json, which names every other file of the
    part by its content: how a kept part is known to be the one the manifest describes."""
    try:
        st = (folder / "pagefind-entry.json").stat()
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns]


def scratch_folder(prefix: str) -> Path:
    """A folder for the pages pagefind reads once: in memory when the system can."""
    shm = Path("/dev/shm")
    writable = shm.is_dir() and os.access(shm, os.W_OK)
    return leftovers.owned(prefix, shm if writable else None)


def index_part(
    folder: Path, output: Path, linked: set[str], stop: Stop, started: Callable[[], None] | None = None
) -> tuple[str, int]:
    """Pagefind on a part's pages in ``folder``, into ``output`` where the fragments ``linked``
    are (see search_bundle.prelink): an error message ("" on success), and how many of the
    linked fragments were kept."""
    problem = run_pagefind(folder, output, stop, started=started)
    if linked and not problem and not search_bundle.settle(output, linked):
        shutil.rmtree(output, ignore_errors=True)  # from nothing (see settle)
        linked = set()
        problem = run_pagefind(folder, output, stop)
    return problem, len(linked)


def write_record(folder: Path, record: SearchRecord, made: set[str] | None = None) -> None:
    """A minimal page at the record's URL; a table record's URL carries a #fragment.
    ``made``: the folders already made (a part's thousand-odd pages are written one by one)."""
    path = folder / search_bundle.record_path(record.url)
    parent = str(path.parent)
    if made is None or parent not in made:
        os.makedirs(parent, exist_ok=True)
        if made is not None:
            made.add(parent)
    fragment = "#" in record.url
    target = f'<span hidden data-pagefind-meta="target">{escape(record.url)}</span>' if fragment else ""
    page = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head>'
        f"<body>{target}{record.html}</body></html>"
    )
    with open(path, "wb") as out:
        out.write(page.encode("utf-8"))


class Stop:
    """Ends an index being made in a thread (a cancelled build): the pagefind processes
    running are ended, and none is started after."""

    def __init__(self) -> None:
        self.stopped = threading.Event()
        self.launched = threading.Event()  # pagefind started (or the index failed before it)
        self.running: set[subprocess.Popen[str]] = set()
        self.lock = threading.Lock()
        self.also: list[Callable[[], None]] = []  # what else is stopped with it

    def __call__(self) -> None:
        with self.lock:
            self.stopped.set()
            for proc in self.running:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)  # the launcher and pagefind itself
        for stop in self.also:
            stop()


@functools.lru_cache(maxsize=1)
def _pagefind() -> list[str]:
    """The pagefind program, found as the pagefind package finds it (``PAGEFIND_BINARY_PATH``,
    then its extended and its plain binary packages, then the PATH) without importing that
    package's service module, which imports asyncio: a tenth of a second, and more than a
    second on a thread while the build's main thread holds the interpreter. ``python -m
    pagefind`` would start a Python for each part only to hand over to it."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return [configured]
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return [str(importlib.import_module(package).get_executable())]
        except (ImportError, FileNotFoundError):
            continue
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return [found] if found else [sys.executable, "-m", "pagefind"]


def find_pagefind() -> None:
    """Find the pagefind program now (on the thread that will not wait for the interpreter)."""
    _pagefind()


def run_pagefind(
    folder: Path, output: Path, stop: Stop | None = None, started: Callable[[], None] | None = None
) -> str:
    """Index the pages of ``folder`` into the bundle ``output``; an error message, or "" on
    success. ``started`` is called once pagefind runs."""
    stop = stop or Stop()
    with stop.lock:
        if stop.stopped.is_set():
            return "已取消"
        proc = subprocess.Popen(
            [
                *_pagefind(),
                "--site",
                str(folder),
                "--output-path",
                str(output),
                "--silent",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # a group of its own, for Stop
        )
        stop.running.add(proc)
    if started is not None:
        started()
    try:
        out, err = proc.communicate()
    finally:
        with stop.lock:
            stop.running.discard(proc)
    return "" if proc.returncode == 0 else (err.strip() or out.strip() or f"退出码 {proc.returncode}")


def write_vocabulary(
    bundle: Path, words: set[str], *, lookup_shards: int = 0, synonyms: dict[str, list[str]] | None = None
) -> None:
    """Words of two or more Chinese characters, sharded by their first character.

    meta.json, which the script loads first, also carries the synonym table and the number
    of shards of the exact lookup.
    """
    shards: list[list[str]] = [[] for _ in range(VOCAB_SHARDS)]
    for word in sorted(words):
        if 2 <= len(word) <= MAX_WORD and all(is_cjk(ch) for ch in word):
            shards[ord(word[0]) % VOCAB_SHARDS].append(word)
    out = bundle / VOCAB_DIR
    out.mkdir(parents=True, exist_ok=True)
    for n, shard in enumerate(shards):
        (out / f"{n}.json").write_text(_json(shard), "utf-8")
    meta = {"shards": VOCAB_SHARDS, "max": MAX_WORD, "lookup": lookup_shards, "synonyms": synonyms or {}}
    (out / "meta.json").write_text(_json(meta), "utf-8")


def useful_synonyms(table: dict[str, list[str]], words: set[str]) -> dict[str, list[str]]:
    """The synonyms whose values this site's index can find: each value is spelt by indexed
    words (a value only single characters would spell matches nothing), the others dropped,
    so the script does not download short forms of things the site never mentions."""
    out: dict[str, list[str]] = {}
    for key, values in table.items():
        kept = [v for v in values if all(len(t) > 1 or not is_cjk(t) for t in segment(v, words))]
        if kept:
            out[key] = kept
    return out
