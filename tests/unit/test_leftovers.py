"""The scratch folders of a killed build are removed by the next; those of a live one are not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.site import leftovers

pytestmark = pytest.mark.skipif(leftovers.fcntl is None, reason="needs flock")

HOLDER = """
import sys, time
from pathlib import Path
from generator.site.leftovers import owned
print(owned(sys.argv[1], Path(sys.argv[2])), flush=True)
time.sleep(120)
"""


def _old(path: Path) -> Path:
    """As if made an hour ago (older than leftovers.AGE)."""
    then = time.time() - 3600
    os.utime(path, (then, then))
    return path


def _gone(path: Path, seconds: float = 20) -> bool:
    """Whether ``path`` is removed within ``seconds`` (a detached process deletes it)."""
    deadline = time.monotonic() + seconds
    while path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_folder_of_a_live_build_is_kept_and_of_a_killed_one_removed(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, leftovers.STAGING, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        folder = Path(holder.stdout.readline().strip())
        (folder / "page.html").write_text("x", "utf-8")
        _old(folder)
        assert leftovers.sweep(tmp_path, [leftovers.STAGING]) == []
        assert (folder / "page.html").is_file()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert leftovers.sweep(tmp_path, [leftovers.STAGING]) == [folder]
    assert _gone(folder)


def test_only_old_unheld_folders_of_the_kinds_named_are_removed(tmp_path: Path) -> None:
    prefix = leftovers.building(tmp_path / "site")
    stale = tmp_path / f"{prefix}abc"
    stale.mkdir()
    (stale / "index.html").write_text("x", "utf-8")
    _old(stale)
    young = tmp_path / f"{prefix}new"
    young.mkdir()
    other = tmp_path / ".other.building-l-abc"
    other.mkdir()
    _old(other)
    older_zwgk = tmp_path / ".site.building-abc12345"  # (an older zwgk's: not locked, maybe at work)
    older_zwgk.mkdir()
    _old(older_zwgk)
    a_file = tmp_path / f"{prefix}file"
    a_file.write_text("x", "utf-8")
    _old(a_file)
    mine = leftovers.owned(prefix, tmp_path)
    _old(mine)

    assert leftovers.sweep(tmp_path, [prefix]) == [stale]
    assert _gone(stale)
    assert young.is_dir() and other.is_dir() and older_zwgk.is_dir() and a_file.is_file() and mine.is_dir()


def test_a_removed_folder_is_let_go(tmp_path: Path) -> None:
    first = leftovers.owned(leftovers.SEARCH_PAGES, tmp_path)
    assert str(first) in leftovers._HELD
    first.rmdir()
    second = leftovers.owned(leftovers.SEARCH_PAGES, tmp_path)
    assert str(first) not in leftovers._HELD
    assert str(second) in leftovers._HELD


def test_a_folder_let_go_is_no_longer_locked(tmp_path: Path) -> None:
    """The new site, once in place, is not held: a process that renames it later (the next
    build, making it the spare) holds nothing of it."""
    site = leftovers.owned(leftovers.building(tmp_path / "site"), tmp_path)
    leftovers.release(site, None)
    assert str(site) not in leftovers._HELD
    fd = os.open(site, os.O_RDONLY)
    try:
        leftovers.fcntl.flock(fd, leftovers.fcntl.LOCK_EX | leftovers.fcntl.LOCK_NB)  # (raises if held)
    finally:
        os.close(fd)
