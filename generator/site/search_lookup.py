"""The exact lookup beside the search bundle: each record's keys (its title, 发文字号, 索引号 …)
to short entries, sharded by key, so that a query typed as a document's number or exact title
leads straight to it. An incremental build writes again only the shards of the keys that
changed (:class:`KeptLookup`); the search store keeps each part's pairs for the next build."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from generator.site.search_query import shard_of
from generator.site.search_record import SearchRecord
from generator.site.sitefiles import link_or_copy

LOOKUP_DIR = "zwgk-lookup"
LOOKUP_KEYS_PER_SHARD = 16  # a query loads one or two shards of the exact lookup


def stored_lookup(store: Path, part: int) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """The lookup pairs (URL → [(key, entry) …]) the store holds of one part's records."""
    try:
        loaded = json.loads((store / f"part-{part}.lookup.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict) or not all(
        isinstance(pairs, list)
        and all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], dict)
            for p in pairs
        )
        for pairs in loaded.values()
    ):
        return {}  # not what this code writes: none
    return loaded  # (each pair a [key, entry] list)


def store_lookup(store: Path, part: int, records: Iterable[SearchRecord]) -> None:
    store.mkdir(parents=True, exist_ok=True)
    lookup = {r.url: r.lookup for r in records}
    (store / f"part-{part}.lookup.json").write_text(dumps(lookup), "utf-8")


class Lookup(NamedTuple):
    """The exact lookup as written: its number of shards and each shard's file (by its number)
    as [size, mtime_ns]."""

    shards: int
    files: dict[str, list[int]]


@dataclass
class KeptLookup:
    """The exact lookup of the site a build replaces: a shard none of whose keys changed
    (``changed``: the keys of the records whose lookup changed, come or gone) is linked from
    there, or left there (write_lookup without ``link``)."""

    folder: Path  # the previous site's zwgk-lookup/
    written: Lookup  # what the previous build wrote there
    changed: set[str]
    # every shard's file as the previous build left it (see intact: judged beforehand)
    intact: bool = False
    # nothing to write (see unchanged): every shard is the previous build's, no pair needed
    whole: bool = False

    def unchanged(self) -> bool:
        """Whether the lookup is the one the previous build wrote: no key changed (nor came or
        went, so the shards are as many), and the shards' files are intact."""
        self.whole = self.intact and not self.changed
        return self.whole

    def source(self, n: int, count: int, dirty: set[int]) -> Path | None:
        """The previous file of shard ``n``, when it is what this build would write: a file
        of its own as the previous build wrote it (a symbolic link, which no build makes, is
        not followed; nor is a folder that is one, see write_lookup)."""
        if count != self.written.shards or n in dirty:
            return None
        return _as_written(self.folder, n, self.written)


def intact(folder: Path, written: Lookup) -> bool:
    """Whether every shard of a lookup is the file its build wrote (by size and time; not a
    symbolic link, nor in a folder that is one). Thousands of ``lstat`` calls: on a thread
    they would each wait for the interpreter while the build's main thread works."""
    if not isinstance(written.shards, int) or not isinstance(written.files, dict) or folder.is_symlink():
        return False  # (a damaged manifest, too)
    return all(_as_written(folder, n, written) is not None for n in range(written.shards))


def _as_written(folder: Path, n: int, written: Lookup) -> Path | None:
    path = folder / f"{n}.json"
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return path if written.files.get(str(n)) == [st.st_size, st.st_mtime_ns] else None


def shard_files(written: Sequence[Any]) -> list[str]:
    """The files of an exact lookup as a manifest has it (``[shards, files]``, see Lookup)."""
    return [f"{n}.json" for n in written[1]] if len(written) == 2 else []


def write_lookup(
    bundle: Path,
    pairs: Iterable[tuple[str, dict[str, Any]]],
    kept: KeptLookup | None = None,
    *,
    link: bool = True,
) -> Lookup:
    """The exact lookup, sharded by key: ``{key: [entry, …]}``.

    Under one key, dated entries come newest first (a 机关代字 leads to its newest document),
    undated ones after them in the order given. A shard ``kept`` has as it would be written is
    linked from there, or, without ``link`` (the site is completed where ``kept`` is: see
    spare.complete), left out: only the others are written.
    """
    pairs = list(pairs)
    count = 1
    keys = len({key for key, _entry in pairs if key})
    while count * LOOKUP_KEYS_PER_SHARD < keys:
        count *= 2
    out = bundle / LOOKUP_DIR
    out.mkdir(parents=True, exist_ok=True)
    if kept is not None and kept.whole:  # (the pairs given may be a part's alone)
        return _kept_whole(out, kept, link=link)
    if kept is not None and kept.folder.is_symlink():
        kept = None  # (see KeptLookup.source)
    dirty = {shard_of(key, count) for key in kept.changed} if kept is not None else set()
    sources = {n: kept.source(n, count, dirty) for n in range(count)} if kept is not None else {}
    # the table of the shards to write (not of those the previous site has as they would be)
    where: dict[str, int] = {}
    table: dict[str, list[dict[str, Any]]] = {}
    for key, entry in pairs:
        if not key:
            continue
        n = where.get(key)
        if n is None:
            n = where[key] = shard_of(key, count)
        if sources.get(n) is None and entry not in table.setdefault(key, []):
            table[key].append(entry)
    shards: list[dict[str, list[dict[str, Any]]]] = [{} for _ in range(count)]
    for key in sorted(table):
        entries = sorted(table[key], key=lambda e: str(e.get("d", "")), reverse=True)
        shards[where[key]][key] = entries
    files: dict[str, list[int]] = {}
    for n, shard in enumerate(shards):
        path = out / f"{n}.json"
        source = sources.get(n)
        if source is not None and kept is not None and not link:
            files[str(n)] = kept.written.files[str(n)]  # (as source() found it)
            continue
        if source is not None:
            link_or_copy(source, path)  # (a copy, where no link can be made, is the same bytes)
        else:
            path.write_text(dumps(shard), "utf-8")
        st = path.stat()
        files[str(n)] = [st.st_size, st.st_mtime_ns]
    return Lookup(count, files)


def _kept_whole(out: Path, kept: KeptLookup, *, link: bool) -> Lookup:
    """Every shard the previous build's (KeptLookup.unchanged): linked, or left where it is."""
    if not link:
        return Lookup(kept.written.shards, dict(kept.written.files))
    files: dict[str, list[int]] = {}
    for n in range(kept.written.shards):
        path = out / f"{n}.json"
        link_or_copy(kept.folder / f"{n}.json", path)
        st = path.stat()
        files[str(n)] = [st.st_size, st.st_mtime_ns]
    return Lookup(kept.written.shards, files)


def dumps(value: Any) -> str:
    """Compact JSON, Chinese as it is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
