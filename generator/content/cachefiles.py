"""Where the check keeps its cache, and the hash by which it knows a file's bytes.

Its own module, importing nothing of the models: a build looks at the check cache before it
loads the rest (:mod:`generator.site.search_early`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CACHE_NAME = "check-cache.sqlite3"


def file_digest(raw: bytes) -> str:
    """The hash of a file's bytes (its check cache row's, and what a build notes of it)."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def cache_dir_for(content_dir: Path) -> Path:
    """Where the check caches a tree's results: ``ZWGK_CACHE_DIR`` when set, else the default."""
    configured = os.environ.get("ZWGK_CACHE_DIR")
    return Path(configured) if configured else default_cache_dir(content_dir)


def default_cache_dir(content_dir: Path) -> Path:
    """Outside the repository: the user's cache directory, one folder per content tree."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    tree = hashlib.blake2b(str(content_dir.resolve()).encode(), digest_size=8).hexdigest()
    return Path(base) / "zwgk" / tree
