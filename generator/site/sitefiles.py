"""What a build does beside mkdocs: the configuration's errors (its dates read from its text,
the messages mkdocs logs), the build's date, and the replaced site deleted out of the way."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from generator.site import minify


def config_problem(message: str) -> str:
    """mkdocs' "Config value 'plugins': Plugin 'zwgk' option 'today': …" as a Chinese location."""
    found = re.match(r"Config value '([^']+)': (?:Plugin '([^']+)' option '([^']+)': )?(.*)$", message, re.S)
    if found is None:
        return message
    key, plugin, option, text = found.groups()
    where = f"{key} → {plugin} → {option}" if plugin else key
    return f"{where}：{text}"


def impossible_dates(config_file: Path) -> list[str]:
    found = []
    text = config_file.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        date = re.match(r"\s*-?\s*([\w-]+):\s*(\d{4}-\d\d?-\d\d?)\s*(#.*)?$", line)
        if date is None:
            continue
        try:
            dt.date(*map(int, date[2].split("-")))
        except ValueError:
            found.append(
                f"第 {number} 行 {date[1]}：“{date[2]}”不是有效的日期：请写成 YYYY-MM-DD，例如 2026-06-30"
            )
    return found


def discard(old: Path) -> None:
    """Delete the replaced site without waiting for it: it is out of the way already, and
    removing a county's tens of thousands of files takes seconds. A detached grandchild
    process deletes it (where there is no fork, it is deleted here)."""
    if not old.exists():
        return
    if hasattr(os, "fork"):
        try:
            detached(lambda: shutil.rmtree(old, ignore_errors=True))
            return
        except OSError:  # (no process to be had: deleted here)
            pass
    shutil.rmtree(old, ignore_errors=True)


def detached(work: Callable[[], None], keep_fd: int | None = None) -> None:
    """Run ``work`` in a detached grandchild process and return at once (needs fork). The
    child that starts it is reaped on a thread: its fork (a copy of a big build's page
    tables) is not waited for."""
    child = os.fork()
    if child == 0:  # pragma: no cover (in the child)
        try:
            if os.fork() == 0:
                os.setsid()
                for name in ("SIGTERM", "SIGHUP", "SIGINT"):  # (the preview's handlers: not here)
                    if hasattr(signal, name):
                        signal.signal(getattr(signal, name), signal.SIG_DFL)
                _let_go(keep_fd)
                work()
        finally:
            os._exit(0)
    threading.Thread(target=_reap, args=(child,), name="zwgk-reap", daemon=True).start()


def _reap(child: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)


def _let_go(keep_fd: int | None = None) -> None:  # pragma: no cover (in the detached grandchild)
    """Hold none of the caller's files: whoever reads the command's output (a pipe, CI, a
    benchmark) sees its end when the command ends, not when the deletion does. ``keep_fd``
    stays open (a lock the work holds)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    top = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024
    if keep_fd is None:
        os.closerange(3, top)
    else:
        os.closerange(3, keep_fd)
        os.closerange(keep_fd + 1, top)


def file_workers() -> int:
    """Threads that write (or link) many files at once: one for each core, at most eight.
    Creating a file is the kernel's work on this process's core, and each call in and out of
    it passes the interpreter between the threads: eight threads on two cores wrote ten
    thousand pages in 2.7 s with 3.9 s of CPU, two in 2.1 s with 3.2 s
    (``benchmarks/bench_writes.py``; ``benchmarks/README.md``, round 19). The cores are those
    this process may run on (what a cpuset or ``taskset`` leaves it), not the machine's."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # (not on every system)
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def link_or_copy(source: Path, target: Path) -> bool:
    """Put ``source`` at ``target``: a hard link (True: the same file, as it was), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        return False
    return True


def build_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()  # (the workbook's dates; embargoes are judged at build_moment())


class ConfigErrors(logging.Handler):
    """Collects the errors mkdocs logs while it validates a configuration."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def trim_assets(site_dir: Path) -> None:
    """The theme's own CSS and JS (``assets/zwgk*``), trimmed."""
    for asset in (site_dir / "assets").glob("zwgk*.*"):
        trim = {".css": minify.css, ".js": minify.js}.get(asset.suffix)
        if trim is not None:
            asset.write_text(trim(asset.read_text(encoding="utf-8")), encoding="utf-8")
