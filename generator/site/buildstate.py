"""What a build leaves in the cache for the next build into the same site, and where.

Beside the check cache (``<cache>/builds/<site>.json``): the manifest (each output's
fingerprint and file, the search parts and records; see :mod:`generator.site.incremental`),
the search store (each part's records), the search state, the list pages' content and each
file's digest as the last build found it (see :mod:`generator.site.search_early`). This module
imports nothing of the site's data, so that a build can read them before it loads the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.site.sitefiles import link_or_copy

VERSION = 3  # of the manifest's format (and of the fingerprints: see incremental.indexer)


def manifest_file(cache_dir: Path, site: Path) -> Path:
    """Where the manifest of the site at ``site`` is kept."""
    key = hashlib.blake2b(str(site.resolve()).encode(), digest_size=8).hexdigest()
    return cache_dir / "builds" / f"{key}.json"


@dataclass
class Manifest:
    # site path of a file → [fingerprint, size, mtime_ns, extra facts …]
    outputs: dict[str, list[Any]] = field(default_factory=dict)
    # each frame (its FrameKey as text) → the hash of its layout
    frames: dict[str, str] = field(default_factory=dict)
    # search: each record's URL → its fingerprint (what the search store holds for it), and
    # each part ("0", "1" …) → [fingerprint, files, bytes] of its folder in the site
    records: dict[str, str] = field(default_factory=dict)
    parts: dict[str, list[Any]] = field(default_factory=dict)
    # each record's URL → the hash of its html and lookup, as indexed (what a part is made of)
    contents: dict[str, str] = field(default_factory=dict)
    # the exact lookup: [its number of shards, {shard: [size, mtime_ns]}], as written
    lookup: list[Any] = field(default_factory=list)
    # the inputs' shape (Inputs.shape) and each policy's and interpretation's digest
    shape: str = ""
    bodies: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path | None) -> Manifest:
        if path is None:
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("version") != VERSION:
                return cls()
            maps = ("outputs", "frames", "records", "parts", "contents")
            shape, bodies = raw.get("shape", ""), raw.get("bodies", {})
            if not isinstance(shape, str) or not all(isinstance(v, str) for v in dict(bodies).values()):
                shape, bodies = "", {}
            return cls(
                **{name: dict(raw[name]) for name in maps},
                lookup=list(raw["lookup"]),
                shape=shape,
                bodies=dict(bodies),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f".{path.name}.{os.getpid()}")
        raw = {"version": VERSION, "outputs": self.outputs, "frames": self.frames}
        raw.update(records=self.records, parts=self.parts, contents=self.contents, lookup=self.lookup)
        raw.update(shape=self.shape, bodies=self.bodies)
        scratch.write_text(json.dumps(raw), encoding="utf-8")
        os.replace(scratch, path)


def forget(path: Path) -> None:
    """Remove a manifest whose outputs a build is about to change."""
    path.unlink(missing_ok=True)


def search_store(manifest: Path) -> Path:
    """Where the records of the site's search parts are kept (beside its manifest)."""
    return manifest.with_name(manifest.stem + "-search")


def search_state(manifest: Path) -> Path:
    """Where the search job leaves what it indexed, for the manifest."""
    store = search_store(manifest)
    return store.with_name(store.name + ".json")


def lists_file(manifest: Path) -> Path:
    """Where the content of the site's list pages is kept (beside its manifest, see Lists)."""
    return manifest.with_name(manifest.stem + "-lists.json")


def sources_file(manifest: Path) -> Path:
    """Where each file's digest is kept as the last build found it (see search_ahead)."""
    return manifest.with_name(manifest.stem + "-sources.json")


def discard(manifest: Path) -> None:
    """Remove all a site keeps in the cache, when the site itself is gone (the preview's)."""
    for path in (manifest, search_state(manifest), lists_file(manifest), sources_file(manifest)):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    shutil.rmtree(search_store(manifest), ignore_errors=True)


def _stamp(path: Path | str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Previous:
    """The site a build replaces, and what its manifest says of it."""

    def __init__(self, site: Path | None, manifest: Manifest, *, in_place: bool = False) -> None:
        self.site = site
        self.manifest = manifest
        # site is the spare the new site is completed in (spare.py): what is kept stays there
        self.in_place = in_place
        # each file is looked at once, when asked: on threads while the content is checked,
        # each look had to wait for the main thread to let go of the interpreter, and slowed it
        self._stamps: dict[str, list[int] | None] = {}

    def stamp(self, path: str) -> list[int] | None:
        """The size and time of the previous site's file ``path`` (None: there is none)."""
        if path not in self._stamps:
            self._stamps[path] = _stamp(f"{self.site}/{path}") if self.site is not None else None
        return self._stamps[path]

    def keeps(self, path: str, fingerprint: str | None) -> bool:
        """Whether the previous site's ``path`` was made of the same inputs and is untouched."""
        entry = self.manifest.outputs.get(path)
        if fingerprint is None or self.site is None or entry is None or entry[0] != fingerprint:
            return False
        return self.stamp(path) == entry[1:3]

    def untouched(self, path: str) -> bool:
        """Whether the previous site's ``path`` is as its manifest says it was written."""
        entry = self.manifest.outputs.get(path)
        return self.site is not None and entry is not None and self.stamp(path) == entry[1:3]

    def link(self, path: str, site_dir: Path) -> bool:
        """Put the previous site's file ``path`` into the new site: a hard link (True) where
        possible, else a copy (False); kept where it is (True) when building in place."""
        assert self.site is not None
        if self.in_place:
            return True
        source, target = self.site / path, site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return link_or_copy(source, target)


def record(
    outputs: dict[str, list[Any]], site_dir: Path, path: str, fingerprint: str | None, *extra: Any
) -> None:
    """Note an output of this build in its manifest (with its file's size and time, and
    ``extra`` facts the next build needs of it without making it)."""
    if fingerprint is None:
        return
    stamp = _stamp(site_dir / path)
    if stamp is not None:
        outputs[path] = [fingerprint, *stamp, *extra]
