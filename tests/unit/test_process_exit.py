"""The end of a zwgk process: the replaced site is deleted behind it without holding its
output open, and the program's exit keeps the exit code, the output and the exit handlers."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        **kwargs,  # type: ignore[call-overload]
    )


def _read_to_end(proc: subprocess.Popen[bytes], timeout: float) -> bytes | None:
    """All the output until the pipe's end, or None when it has not ended in ``timeout``."""
    assert proc.stdout is not None
    out = b""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if not ready:
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            return out
        out += chunk
    return None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the deletion is detached only where there is fork")
def test_the_detached_deletion_does_not_hold_the_commands_output(tmp_path: Path) -> None:
    old = tmp_path / "old-site"
    (old / "policies" / "a").mkdir(parents=True)
    (old / "policies" / "a" / "index.html").write_text("old", "utf-8")
    go = tmp_path / "go"
    # the deletion waits for the test: the output must end before it (and without it)
    proc = _python(
        f"""
        import os, shutil, time
        from pathlib import Path
        from generator.site import sitefiles
        real = shutil.rmtree
        def slow(path, **kw):
            while not os.path.exists({str(go)!r}):
                time.sleep(0.05)
            real(path, **kw)
        shutil.rmtree = slow
        print("built", flush=True)
        sitefiles.discard(Path({str(old)!r}))
        print("done", flush=True)
        """
    )
    try:
        out = _read_to_end(proc, timeout=60)
        assert out is not None, "the command's output stays open while the old site is deleted"
        assert out.decode().split() == ["built", "done"]
        assert proc.wait(timeout=60) == 0
        assert old.exists()  # not deleted yet: the deletion was waiting
    finally:
        go.touch()
        proc.kill()
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
    deadline = time.monotonic() + 60
    while old.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not old.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_long_lived_process_leaves_no_zombie_behind_its_detached_work(tmp_path: Path) -> None:
    """The preview starts detached work after every build and does not wait for the child
    that starts it: each such child is still reaped, and the work runs."""
    proc = _python(
        f"""
        import os, time
        from pathlib import Path
        from generator.site import sitefiles
        for n in range(3):
            sitefiles.detached(lambda n=n: Path({str(tmp_path)!r}, f"done-{{n}}").touch())
        deadline = time.monotonic() + 30
        def children():
            found = []
            for task in os.listdir("/proc/self/task"):
                try:  # (a reaping thread may end between the listing and the open)
                    with open(f"/proc/self/task/{{task}}/children") as f:
                        found += f.read().split()
                except FileNotFoundError:
                    pass
            return found
        while children() and time.monotonic() < deadline:
            time.sleep(0.05)
        print("children:", len(children()), flush=True)
        """
    )
    try:
        out = _read_to_end(proc, timeout=60)
        assert proc.wait(timeout=60) == 0
    finally:
        assert proc.stdout is not None
        proc.stdout.close()
    assert out is not None and out.decode().split() == ["children:", "0"]
    deadline = time.monotonic() + 30
    while len(list(tmp_path.glob("done-*"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.glob("done-*")) == ["done-0", "done-1", "done-2"]


def _zwgk_run(code: str) -> subprocess.CompletedProcess[str]:
    program = "\n".join(
        ["import sys", "from generator import commands", textwrap.dedent(code), "commands.run()"]
    )
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_program_keeps_its_exit_code_and_output() -> None:
    done = _zwgk_run('sys.argv = ["zwgk", "--version"]')
    assert (done.returncode, done.stdout.strip()) == (0, f"zwgk {__import__('generator').__version__}")
    usage = _zwgk_run('sys.argv = ["zwgk", "no-such-command"]')
    assert usage.returncode == 2
    assert "用法错误" in usage.stderr


def test_the_program_runs_exit_handlers_and_waits_for_its_threads(tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    done = _zwgk_run(
        f"""
        import atexit, threading, time
        from pathlib import Path
        marks = Path({str(marks)!r})
        def late():
            time.sleep(0.5)
            with marks.open("a") as f:
                f.write("thread\\n")
        threading.Thread(target=late).start()
        atexit.register(lambda: marks.open("a").write("atexit\\n"))
        print("x" * 200000)  # more than a pipe holds: all of it must come out
        sys.argv = ["zwgk", "--version"]
        """
    )
    assert done.returncode == 0
    assert len(done.stdout.splitlines()[0]) == 200000
    assert marks.read_text().split() == ["thread", "atexit"]
