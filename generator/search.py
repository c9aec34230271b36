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
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from .render import SearchRecord

BUNDLE = "pagefind"
VOCAB_DIR = "zwgk-vocab"
VOCAB_SHARDS = 64
MAX_WORD = 8  # longest word the query segmenter looks for


RECORDS_DIR = "_zwgk_search_records"


def index_site(site_dir: Path, records: Iterable[SearchRecord]) -> None:
    """Index the built pages and the catalogue items with pagefind; write the vocabulary.

    Each item is written as a tiny page in a scratch folder of the site, indexed with the
    pages in one pagefind run, and removed again: pagefind's per-record API costs about
    100 ms a record, its directory indexing a fraction of a millisecond a page.
    """
    scratch = site_dir / RECORDS_DIR
    write_records(scratch, records)
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                str(site_dir),
                "--output-subdir",
                BUNDLE,
                "--silent",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if proc.returncode != 0:
        raise RuntimeError(f"pagefind 建立搜索索引失败：{proc.stderr.strip() or proc.stdout.strip()}")
    write_vocabulary(site_dir / BUNDLE, indexed_words(site_dir / BUNDLE))


def write_records(folder: Path, records: Iterable[SearchRecord]) -> int:
    """One minimal page per record; its ``target`` meta is where a result should link."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for n, r in enumerate(records):
        filters = "".join(
            f'<span data-pagefind-filter="{escape(k)}">{escape(v)}</span>'
            for k, vs in r.filters.items()
            for v in vs
        )
        page = (
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head>'
            f'<body><main data-pagefind-body><h1 data-pagefind-meta="title">{escape(r.title)}</h1>'
            f'<span hidden data-pagefind-meta="target">{escape(r.url)}</span>{filters}'
            f"<p>{escape(r.content)}</p></main></body></html>"
        )
        (folder / f"{n}.html").write_text(page, encoding="utf-8")
        count += 1
    return count


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
