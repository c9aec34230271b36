"""`zwgk serve` with content errors: the browser never hangs, the problems are shown in
Chinese, and the next good save recovers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import Project

pytestmark = pytest.mark.slow

POLICY = "policies/2024/enrolment-plan.md"
BOX = b'id="zwgk-preview-problems"'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # a stalled preview fails here
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        return bytes(exc.read())


def _until(url: str, ok: Callable[[bytes], bool], seconds: float = 60) -> bytes:
    deadline = time.monotonic() + seconds
    page = b""
    while time.monotonic() < deadline:
        try:
            page = _get(url)
        except OSError:
            page = b""
        if ok(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"no such page within {seconds} s; last: {page[:2000]!r}")


@pytest.fixture
def serving(minimal_project: Project) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    policy = minimal_project.content / POLICY
    good = policy.read_text(encoding="utf-8")
    policy.write_text(good.replace("published: 2024-", "published: 2024.", 1), encoding="utf-8")
    port = _free_port()
    proc = _serve(minimal_project, port, minimal_project.cache)
    try:
        yield f"http://127.0.0.1:{port}/", policy, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    policy.write_text(good, encoding="utf-8")


_INTERRUPTIBLE = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "


def _serve(project: Project, port: int, cache: Path, **extra: str) -> subprocess.Popen[str]:
    """`zwgk serve` of the project on the port, with its own cache, as started from a terminal:
    Ctrl+C reaches it even when the tests run in the background (where SIGINT is ignored)."""
    env = {**os.environ, "ZWGK_CACHE_DIR": str(cache), **extra}
    return subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTIBLE + "from generator.commands import main; main()", "serve", "-f",
         str(project.config), "-a", f"127.0.0.1:{port}"],
        cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _served(project: Project, cache: Path, temp: Path) -> subprocess.Popen[str]:
    """A preview with its own cache and temporary folder, once it serves its first build."""
    port = _free_port()
    proc = _serve(project, port, cache, TMPDIR=str(temp))
    try:
        _until(f"http://127.0.0.1:{port}/", lambda p: b"zwgk.css" in p)
    except BaseException:
        proc.kill()
        proc.communicate(timeout=30)
        raise
    return proc


def test_serve_shows_content_errors_and_recovers(serving: tuple[str, Path, subprocess.Popen[str]]) -> None:
    url, policy, proc = serving
    # before any good build: a page that lists the problems, not a stalled browser
    first = _until(url, lambda p: BOX in p).decode()
    assert POLICY in first and "E2" in first and "网站还没有生成" in first
    assert "上一次成功生成" not in first and "没有更新" not in first  # nothing was built yet
    assert 'lang="zh-CN"' in first and "livereload" in first  # it reloads itself once fixed

    # a good save: the real site, without the box
    policy.write_text(policy.read_text(encoding="utf-8").replace("published: 2024.", "published: 2024-"))
    home = _until(url, lambda p: b"zwgk.css" in p and BOX not in p).decode()
    assert "测试县" in home

    # a bad save again: the last good page stays, with the problems over it
    policy.write_text(policy.read_text(encoding="utf-8").replace("published: 2024-", "published: 2024."))
    again = _until(url, lambda p: BOX in p).decode()
    assert "zwgk.css" in again and POLICY in again and "下面显示的是上一次成功生成的网站" in again
    assert _until(url + "policies/", lambda p: BOX in p)  # every page, not only the home page

    proc.terminate()
    out, _ = proc.communicate(timeout=20)
    assert "Traceback" not in out
    assert "内容有 1 个错误" in out and "网站没有更新" in out
    assert "Serving on" not in out and "Detected file changes" not in out, out


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_a_stopped_preview_leaves_nothing_behind(minimal_project: Project, tmp_path: Path, stop: str) -> None:
    """Each preview builds into a folder of its own, removed when it stops (by Ctrl-C, or by
    the system): so are the site's spare and what the cache kept of that site for incremental
    builds (its manifest, its search records)."""
    cache, temp = tmp_path / "preview-cache", tmp_path / "tmp"
    temp.mkdir()
    proc = _served(minimal_project, cache, temp)
    try:
        assert list((cache / "builds").iterdir())  # the preview's rebuilds are incremental
        assert [p.name for p in temp.iterdir() if p.name.startswith("zwgk-serve-")]
    finally:
        proc.send_signal(getattr(signal, stop))
        out, _ = proc.communicate(timeout=30)
    assert "Traceback" not in out, out
    assert list((cache / "builds").iterdir()) == []
    assert [p.name for p in temp.iterdir() if "zwgk-serve-" in p.name] == []


def test_a_preview_that_cannot_start_leaves_nothing_behind(minimal_project: Project, tmp_path: Path) -> None:
    """A broken mkdocs.yml: the preview says so and leaves no folder in the temporary folder."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    minimal_project.config.write_text(minimal_project.config.read_text("utf-8") + "theme: [\n", "utf-8")
    proc = _serve(minimal_project, _free_port(), tmp_path / "cache", TMPDIR=str(temp))
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0, out
    assert "网站配置有误" in out and "Traceback" not in out, out
    assert list(temp.iterdir()) == []


# an mkdocs hook: the first build waits, once done, until the test has saved (so the save
# falls in the first build, however quick the machine)
HOLD = """
import time
from pathlib import Path

HERE = Path(__file__).parent


def on_post_build(config, **kwargs):
    if (HERE / "first-build").exists():
        return
    (HERE / "first-build").touch()
    deadline = time.monotonic() + 60
    while not (HERE / "saved").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
"""


def test_a_save_during_the_first_build_is_built(minimal_project: Project, tmp_path: Path) -> None:
    """A county's first build takes a while; a clerk who saves meanwhile sees the save."""
    root = minimal_project.root
    (root / "hold.py").write_text(HOLD, "utf-8")
    config = minimal_project.config
    config.write_text(config.read_text("utf-8") + "hooks:\n  - hold.py\n", "utf-8")
    port = _free_port()
    proc = _serve(minimal_project, port, tmp_path / "preview-cache")
    try:
        deadline = time.monotonic() + 120
        while not (root / "first-build").exists() and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[0]
            time.sleep(0.05)
        policy = minimal_project.content / POLICY
        policy.write_text(policy.read_text("utf-8") + "\n首次生成时保存的一段。\n", "utf-8")
        (root / "saved").touch()
        page = _until(
            f"http://127.0.0.1:{port}/policies/enrolment-plan/",
            lambda p: "首次生成时保存的一段".encode() in p,
            seconds=90,
        )
        assert BOX not in page
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "Traceback" not in out, out


def test_what_a_killed_preview_left_the_next_removes(minimal_project: Project, tmp_path: Path) -> None:
    """A preview killed outright (``kill -9``) cannot remove its folder, its site's spare and what
    the cache kept of that site; the next preview does (once the folder is a minute old)."""
    cache, temp = tmp_path / "preview-cache", tmp_path / "tmp"
    temp.mkdir()
    proc = _served(minimal_project, cache, temp)
    try:
        left = [p for p in temp.iterdir() if p.name.startswith("zwgk-serve-")]
        kept = list((cache / "builds").iterdir())
        assert left and kept
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    assert all(p.exists() for p in [*left, *kept])
    then = time.time() - 3600
    for path in left:
        os.utime(path, (then, then))

    proc = _served(minimal_project, cache, temp)
    try:
        deadline = time.monotonic() + 20  # (a detached process deletes the folder)
        while any(p.exists() for p in left) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [p.name for p in [*left, *kept] if p.exists()] == []
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert "Traceback" not in out, out
    assert [p.name for p in temp.iterdir() if "zwgk-serve-" in p.name] == []
