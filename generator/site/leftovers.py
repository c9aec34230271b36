"""Scratch folders a build owns, and those a killed build left behind.

A build works in folders of its own beside the site (the new site being built, the spare
it claimed, the background jobs' staging, the search part begun ahead) and in memory (``/dev/shm``: the
pages pagefind reads). It removes them when it ends, fails or is interrupted; a build killed
outright (``kill -9``, a CI job's time limit, the machine's memory killer) cannot. Each such
folder is made with :func:`owned`, which holds a lock on it (``flock``) for as long as the
process, or a child it forked, lives: the system lets go of the lock when they end, however
they end. The next build (:func:`sweep`) removes the folders of its kind whose lock nobody
holds; a folder of a build still running, a folder only just made (its lock not yet taken),
another user's, and a folder of an older zwgk (which locks nothing: its names lack ``MARK``)
are left alone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from generator.site.sitefiles import discard

try:
    import fcntl
except ImportError:  # pragma: no cover (Windows: nothing is locked, nothing swept)
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("mkdocs.plugins.zwgk")

AGE = 60.0  # seconds: a younger folder may be one whose maker has not locked it yet
SHM = Path("/dev/shm")

# the prefixes of the folders made with owned (beside the site, and in memory); each ends with
# MARK, which a folder named by tempfile (letters, digits, "_") never starts with
MARK = "l-"
STAGING = f".zwgk-staging-{MARK}"  # a background job's results (background.py)
AHEAD = f".zwgk-ahead-{MARK}"  # the search part begun ahead (search_ahead.py)
SEARCH_PAGES = f"zwgk-search-{MARK}"  # the pages pagefind reads (search.py)
AHEAD_PAGES = f"zwgk-ahead-{MARK}"  # … of a part begun ahead
PREVIEW = f"zwgk-serve-{MARK}"  # a preview's folder, its site in it (spare.preview_site)

# the folders this process made and holds (path → the open folder, locked)
_HELD: dict[str, int] = {}
_GUARD = threading.Lock()  # (the search thread makes folders too)


def owned(prefix: str, folder: Path | None = None) -> Path:
    """A new folder (as ``tempfile.mkdtemp``), locked by this process until it ends."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))
    hold(path)
    return path


def hold(path: Path) -> bool:
    """Lock the folder ``path`` for this process; False where it cannot be locked (no such
    folder, another process holds it, no locks on this system)."""
    if fcntl is None:
        return False
    try:
        fd = _open_folder(path)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    with _GUARD:
        _forget_removed()
        _HELD[str(path)] = fd
    return True


def _open_folder(path: str | Path) -> int:
    """The folder opened for its lock (not passed to programs this process runs)."""
    return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)


def moved(old: Path, new: Path) -> None:
    """The folder held as ``old`` was renamed ``new`` (its lock went with it)."""
    with _GUARD:
        fd = _HELD.pop(str(old), None)
        if fd is not None:
            _HELD[str(new)] = fd


def release(*paths: Path | None) -> None:
    """Let go of folders that are no build's scratch any more (the new site, now in place; a
    spare given back)."""
    with _GUARD:
        for path in paths:
            fd = _HELD.pop(str(path), None) if path is not None else None
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)


def _forget_removed() -> None:
    """Let go of the folders removed since (a long preview makes one set each build); under
    _GUARD."""
    for path, fd in list(_HELD.items()):
        try:
            gone = os.fstat(fd).st_nlink == 0
        except OSError:
            gone = True
        if gone:
            with contextlib.suppress(OSError):
                os.close(fd)
            del _HELD[path]


def sweep(folder: Path, prefixes: Iterable[str]) -> list[Path]:
    """Remove the folders in ``folder`` whose names start with one of ``prefixes`` and that
    no live process holds (see the module's docstring); the folders removed."""
    if fcntl is None:
        return []
    starts = tuple(prefixes)
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(starts)]
    except OSError:
        return []
    now, removed = time.time(), []
    for entry in entries:
        with _GUARD:
            mine = entry.path in _HELD
        if mine:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            continue
        if now - st.st_mtime < AGE:
            continue
        try:
            fd = _open_folder(entry.path)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # (held: its build is at work)
        finally:
            os.close(fd)
        discard(Path(entry.path))
        removed.append(Path(entry.path))
    return removed


def sweep_for(target: Path) -> None:
    """Before a build of the site ``target``: remove what killed builds of it left beside it
    and in memory."""
    removed = sweep(target.parent, (building(target), claimed(target), STAGING, AHEAD))
    if SHM.is_dir():
        removed += sweep(SHM, (SEARCH_PAGES, AHEAD_PAGES))
    if removed:
        log.info(f"zwgk: 删除了被强行结束的生成留下的 {len(removed)} 个临时目录")


def building(target: Path) -> str:
    """The prefix of the folder a build of ``target`` makes the new site in."""
    return f".{target.name}.building-{MARK}"


def claimed(target: Path) -> str:
    """The prefix of ``target``'s spare as a build claimed it (spare.claim)."""
    return f".{target.name}.using-{MARK}"
