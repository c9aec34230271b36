"""Search: pagefind's extended (Chinese-segmenting) index, and the words it indexed.

Pagefind segments Chinese with jieba when it indexes, but the browser segments a query with
``Intl.Segmenter``, which cuts differently: 财政预算 is indexed as 财政 + 预算 and queried as
one word that matches nothing. So after indexing, the exact words pagefind stored are read
back from its index and written as a small sharded vocabulary; the site's search script
segments a query into those words (longest match) before asking pagefind.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path
from typing import Any

from .render import SearchRecord

BUNDLE = "pagefind"
VOCAB_DIR = "zwgk-vocab"
VOCAB_SHARDS = 64
MAX_WORD = 8  # longest word the query segmenter looks for


PARTS_DIR = "pagefind-parts"
PART_SIZE = 5000  # pagefind holds ~170 KB a page while indexing: a part stays under 1 GB
JOBS = 2


def index_site(
    site_dir: Path,
    records: Iterable[SearchRecord],
    *,
    part_size: int = PART_SIZE,
    jobs: int = JOBS,
) -> int:
    """Index the records into ``site_dir``'s search bundle; returns the number of parts.

    Pagefind reads pages from a folder, so each record is written to a scratch folder as a
    minimal page holding only its content region (a fraction of the built page, which
    carries the whole theme), at the path of its URL; the built pages are not read. Pagefind
    holds everything it indexes in memory, so a large site is indexed in parts of at most
    ``part_size`` records, ``jobs`` at a time: the first part is the main bundle
    (``pagefind/``), the others go to ``pagefind-parts/<n>/`` and the site's search script
    merges them (pagefind's mergeIndex).
    """
    scratch = Path(tempfile.mkdtemp(prefix="zwgk-search-", dir=site_dir.parent))
    outputs = [site_dir / BUNDLE]
    try:
        folders: list[Path] = []
        for n, record in enumerate(records):
            if n % part_size == 0:
                folders.append(scratch / f"part-{len(folders)}")
            _write_record(folders[-1], record)
        outputs += [site_dir / PARTS_DIR / str(n) for n in range(1, len(folders))]
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for problem in pool.map(_pagefind, folders, outputs):
                if problem:
                    raise RuntimeError(f"pagefind 建立搜索索引失败：{problem}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    words: set[str] = set()
    for out in outputs:
        if out.exists():
            words |= indexed_words(out)
    write_vocabulary(site_dir / BUNDLE, words)
    parts = [f"../{PARTS_DIR}/{n}/" for n in range(1, len(outputs))]
    (site_dir / BUNDLE / "zwgk-parts.json").write_text(json.dumps(parts), "utf-8")
    return len(outputs)


def _write_record(folder: Path, record: SearchRecord) -> None:
    """A minimal page at the record's URL; a table record's URL carries a #fragment."""
    url, _, fragment = record.url.partition("#")
    path = folder / url / "index.html"
    if path.exists():  # several tables on one page: one file each, same URL via meta
        path = folder / url / f"{fragment}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    target = f'<span hidden data-pagefind-meta="target">{escape(record.url)}</span>' if fragment else ""
    path.write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head>'
        f"<body>{target}{record.html}</body></html>",
        encoding="utf-8",
    )


def _pagefind(folder: Path, output: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(output), "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    return (
        "" if proc.returncode == 0 else (proc.stderr.strip() or proc.stdout.strip() or str(proc.returncode))
    )


def _cbor(b: bytes, i: int) -> tuple[Any, int]:
    """A minimal CBOR reader: the subset pagefind's index chunks use."""
    head = b[i]
    i += 1
    major, info = head >> 5, head & 31
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(b[i : i + size], "big")
        i += size
    else:
        raise ValueError(f"unsupported CBOR item {head:#x}")
    if major == 0:
        return value, i
    if major == 1:
        return -1 - value, i
    if major in (2, 3):
        raw = b[i : i + value]
        return (raw.decode("utf-8") if major == 3 else raw), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = _cbor(b, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, i = _cbor(b, i)
            mapping[key], i = _cbor(b, i)
        return mapping, i
    if major == 7:
        return None, i
    raise ValueError(f"unsupported CBOR major type {major}")


def indexed_words(bundle: Path) -> set[str]:
    """Every word pagefind indexed from page text (not whole titles kept for metadata)."""
    words: set[str] = set()
    for chunk in sorted((bundle / "index").glob("*.pf_index")):
        raw = gzip.decompress(chunk.read_bytes())
        if raw.startswith(b"pagefind_dcd"):
            raw = raw[len(b"pagefind_dcd") :]
        decoded, _ = _cbor(raw, 0)
        for entry in decoded[0]:
            word, pages = entry[0], entry[1]
            if isinstance(word, str) and any(page[1] for page in pages):
                words.add(word)
    return words


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def shard_of(word: str) -> int:
    return ord(word[0]) % VOCAB_SHARDS


def write_vocabulary(bundle: Path, words: set[str]) -> None:
    """Words of two or more Chinese characters, sharded by their first character."""
    shards: list[list[str]] = [[] for _ in range(VOCAB_SHARDS)]
    for word in sorted(words):
        if 2 <= len(word) <= MAX_WORD and all(_is_cjk(ch) for ch in word):
            shards[shard_of(word)].append(word)
    out = bundle / VOCAB_DIR
    out.mkdir(parents=True, exist_ok=True)
    for n, shard in enumerate(shards):
        (out / f"{n}.json").write_text(json.dumps(shard, ensure_ascii=False, separators=(",", ":")), "utf-8")
    meta = {"shards": VOCAB_SHARDS, "max": MAX_WORD}
    (out / "meta.json").write_text(json.dumps(meta), "utf-8")


def segment(query: str, vocabulary: set[str]) -> list[str]:
    """The query segmentation the site's script performs, for tests and tools.

    Runs of Chinese characters are cut into the fewest indexed words (a character no word
    covers stands alone); other runs of letters and digits are kept; the rest separates.
    """
    terms: list[str] = []
    run = ""
    for ch in query + " ":
        kind = "cjk" if _is_cjk(ch) else ("word" if ch.isalnum() else "sep")
        if run and (kind != ("cjk" if _is_cjk(run[-1]) else "word")):
            terms.extend(_cut(run, vocabulary) if _is_cjk(run[-1]) else [run.lower()])
            run = ""
        if kind != "sep":
            run += ch
    return terms


def _cut(run: str, vocabulary: set[str]) -> list[str]:
    n = len(run)
    best: list[tuple[int, int]] = [(0, 0)] + [(n + 1, 0)] * n  # (terms, start of last term)
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_WORD), end):
            piece = run[start:end]
            if end - start == 1 or piece in vocabulary:
                cost = best[start][0] + 1
                if cost < best[end][0]:
                    best[end] = (cost, start)
    out: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]
        out.append(run[start:end])
        end = start
    return out[::-1]
