"""The theme's files as mkdocs lists them, without walking the folders it leaves out.

Before each build mkdocs lists every file of the theme's folders to copy its static files
(CSS, scripts, images) into the site, and leaves out every path with a part that begins with
a dot. Material keeps its 14,000 icons in such a folder (``.icons/``): walking it took
0.08 seconds of every build, incremental or not, for names then thrown away. The
loader here lists the same files without entering dot folders; templates are found and
loaded as before (an icon is still included by its name). Also the search script's version,
which the search page puts in the script's URL (:func:`search_version`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader


class ThemeLoader(FileSystemLoader):
    """A FileSystemLoader whose list of templates skips dot folders and dot files."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for root in self.searchpath:
            for folder, subfolders, names in os.walk(root, followlinks=self.followlinks):
                subfolders[:] = [d for d in subfolders if not d.startswith(".")]
                rel = os.path.relpath(folder, root)
                prefix = "" if rel == os.curdir else rel.replace(os.path.sep, "/") + "/"
                found.update(prefix + name for name in names if not name.startswith("."))
        return sorted(found)


def quick_listing(get_env: Callable[[], Environment]) -> Callable[[], Environment]:
    """``get_env`` (the theme's), its loader made a :class:`ThemeLoader`; a function already
    made so is returned as it is (a preview configures its theme once, builds many times)."""
    if getattr(get_env, "quick_listing", False):
        return get_env

    def wrapped() -> Environment:
        env = get_env()
        loader: Any = env.loader
        if type(loader) is FileSystemLoader:
            env.loader = ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    wrapped.quick_listing = True  # type: ignore[attr-defined]
    return wrapped


def search_version() -> str:
    """A short hash of the search script (``theme/assets/zwgk-search.js``) for its URL: a
    browser that keeps the script fetches it again when it changes (it must read the exact
    lookup as this version writes it)."""
    script = Path(__file__).parent / "theme" / "assets" / "zwgk-search.js"
    return hashlib.blake2b(script.read_bytes(), digest_size=4).hexdigest()
