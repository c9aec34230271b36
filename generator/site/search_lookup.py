"""The exact lookup beside the search bundle: each record's keys (its title, 发文字号, 索引号 …)
to short entries, sharded by key, so that a query typed as a document's number or exact title
leads straight to it. An incremental build writes again only the shards of the keys that
changed (:class:`KeptLookup`); the search store keeps each part's pairs for the next build."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from generator.site.search_query import shard_of
from generator.site.search_records import SearchRecord
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
    (``changed``: the keys of the records made, changed, come or gone) is linked from there."""

    folder: Path  # the previous site's zwgk-lookup/
    written: Lookup  # what the previous build wrote there
    changed: set[str]

    def source(self, n: int, count: int, dirty: set[int]) -> Path | None:
        """The previous file of shard ``n``, when it is what this build would write."""
        if count != self.written.shards or n in dirty:
            return None
        path = self.folder / f"{n}.json"
        try:
            st = path.stat()
        except OSError:
            return None
        return path if self.written.files.get(str(n)) == [st.st_size, st.st_mtime_ns] else None


def write_lookup(
    bundle: Path, pairs: Iterable[tuple[str, dict[str, Any]]], kept: KeptLookup | None = None
) -> Lookup:
    """The exact lookup, sharded by key: ``{key: [entry, …]}``.

    Under one key, dated entries come newest first (a 机关代字 leads to its newest document),
    undated ones after them in the order given.
    """
    table: dict[str, list[dict[str, Any]]] = {}
    for key, entry in pairs:
        if key and entry not in table.setdefault(key, []):
            table[key].append(entry)
    count = 1
    while count * LOOKUP_KEYS_PER_SHARD < len(table):
        count *= 2
    shards: list[dict[str, list[dict[str, Any]]]] = [{} for _ in range(count)]
    for key in sorted(table):
        entries = sorted(table[key], key=lambda e: str(e.get("d", "")), reverse=True)
        shards[shard_of(key, count)][key] = entries
    out = bundle / LOOKUP_DIR
    out.mkdir(parents=True, exist_ok=True)
    dirty = {shard_of(key, count) for key in kept.changed} if kept is not None else set()
    files: dict[str, list[int]] = {}
    for n, shard in enumerate(shards):
        path = out / f"{n}.json"
        source = kept.source(n, count, dirty) if kept is not None else None
        if source is None or not link_or_copy(source, path):
            path.write_text(dumps(shard), "utf-8")
        st = path.stat()
        files[str(n)] = [st.st_size, st.st_mtime_ns]
    return Lookup(count, files)


def dumps(value: Any) -> str:
    """Compact JSON, Chinese as it is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
