"""A build that fails half-way leaves the previous site exactly as it was, and no debris."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.site import leftovers

from .conftest import build_site, write_project


def snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


def debris(root: Path, seconds: float = 20) -> list[str]:
    """What a build left beside the site but the site's spare, once the detached process that
    deletes a spare the build claimed (and could not give back) is done."""
    deadline = time.monotonic() + seconds
    while True:
        left = sorted(
            p.name
            for p in root.iterdir()
            if p.name.startswith((".site.", ".zwgk-staging-")) and p.name != ".site.spare"
        )
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("generator.site.plugin.write_exports", RuntimeError("磁盘已满")),  # in the background process
        ("generator.site.plugin.render_pages", KeyboardInterrupt()),  # Ctrl+C while pages are made
        ("generator.site.search.canonicalise", OSError("写入失败")),  # while the search index is written
    ],
    ids=["exports-fail", "interrupted", "search-fails"],
)
def test_failed_build_changes_nothing(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, error: BaseException
) -> None:
    project = write_project(tmp_path, content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    before = snapshot(site)
    (content / "pages" / "guide.md").write_text(
        "---\ntitle: 新指南\ncolumn: 政府信息公开指南\n---\n新内容\n", "utf-8"
    )

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(target, fail)
    with pytest.raises(BaseException):  # noqa: B017 (each case raises its own kind)
        build_site(project.config, project.site, project.cache)
    assert snapshot(site) == before
    assert debris(tmp_path) == []


def test_what_a_killed_build_left_the_next_build_removes(content: Path, tmp_path: Path) -> None:
    """``kill -9`` (a CI job's time limit, the memory killer) leaves the build's folders; the
    next build of the site removes them, and leaves those of a build still at work."""
    project = write_project(tmp_path, content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    (content / "pages" / "guide.md").write_text(
        "---\ntitle: 新指南\ncolumn: 政府信息公开指南\n---\n新内容\n", "utf-8"
    )
    env = dict(os.environ, ZWGK_CACHE_DIR=str(project.cache), NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-c", "from generator.commands import run; run()", "build"]
    killed = subprocess.Popen(
        [*command, "-f", str(project.config), "-d", str(site)], env=env, stdout=subprocess.DEVNULL
    )
    deadline, left = time.monotonic() + 60, []
    while not left and killed.poll() is None and time.monotonic() < deadline:
        left = [p for p in tmp_path.iterdir() if p.name.startswith(".site.building-")]
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert left, "the build ended before its folder was seen"
    left = [p for p in tmp_path.iterdir() if p.name.startswith((".site.building-", ".site.using-", ".zwgk-"))]
    assert all(leftovers.MARK in p.name for p in left)
    then = time.time() - 3600  # (older than a folder only just made)
    for path in left:
        os.utime(path, (then, then))
    running = leftovers.owned(leftovers.building(site), tmp_path)  # as if another build were at work
    os.utime(running, (then, then))

    build_site(project.config, project.site, project.cache)
    assert "新内容" in (site / "pages" / "guide" / "index.html").read_text("utf-8")
    deadline = time.monotonic() + 20  # (a detached process deletes them)
    while any(p.exists() for p in left) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in left if p.exists()] == []
    assert running.is_dir()
    running.rmdir()
    assert debris(tmp_path) == []


def test_the_site_in_place_is_not_held(content: Path, tmp_path: Path) -> None:
    """Once swapped in, the new site (made in the claimed spare) is no build's scratch: this
    process holds no lock on it, so a later build may claim it as its spare again."""
    project = write_project(tmp_path, content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    for text in ("新内容", "又一次的新内容"):
        (content / "pages" / "guide.md").write_text(
            f"---\ntitle: 新指南\ncolumn: 政府信息公开指南\n---\n{text}\n", "utf-8"
        )
        deadline = time.monotonic() + 20  # (the spare is made by a detached process)
        while text != "新内容" and not (tmp_path / ".site.spare").is_dir() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert text == "新内容" or (tmp_path / ".site.spare").is_dir(), "no spare for the build to claim"
        build_site(project.config, project.site, project.cache)
    assert "又一次的新内容" in (site / "pages" / "guide" / "index.html").read_text("utf-8")
    live = site.stat().st_ino
    assert [path for path, fd in leftovers._HELD.items() if os.fstat(fd).st_ino == live] == []
