"""Work that needs only the site's data, done beside the build while mkdocs builds pages.

The work writes into a private staging folder; :meth:`Background.finish` waits for it and
moves what it wrote into the site. Nothing it writes reaches the site unless it succeeded.

It runs in a forked process (a second core for Python's work), or, for work whose heavy part
is other programs (the search index: pagefind), in a thread: a forked child copies every page
of the parent's memory that it reads, which at 50,000 pages was 1.6 GB. Where ``fork`` is not
available the work simply runs in :meth:`finish`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from generator.content import collector
from generator.site import leftovers


class Job(Protocol):
    """What the build waits for (:meth:`finish`) once mkdocs is done, or cancels."""

    label: str

    def finish(self, site_dir: Path) -> None: ...

    def cancel(self) -> None: ...


class Background:
    def __init__(
        self,
        label: str,
        work: Callable[[Path], Any],
        near: Path | None = None,
        *,
        thread: bool = False,
        stop: Callable[[], None] | None = None,
    ) -> None:
        """``near``: a folder on the site's file system, so that results move by renaming.
        ``thread``: run in a thread of this process; ``stop`` then ends the programs it runs,
        when the build is cancelled."""
        self.label = label
        self.work = work
        if near is not None:
            near.mkdir(parents=True, exist_ok=True)
        self.staging = leftovers.owned(leftovers.STAGING, near)
        self.process: Any = None
        self.thread: threading.Thread | None = None
        self.stop = stop
        self.error: str | None = None  # the thread's failure: its traceback
        if thread:
            self.thread = threading.Thread(target=self._in_thread, name=label, daemon=True)
            self.thread.start()
        elif "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            collector.freeze()  # the child would otherwise copy every page its collector walks
            self.process = ctx.Process(target=_run, args=(work, self.staging), daemon=True)
            self.process.start()

    def _in_thread(self) -> None:
        try:
            self.work(self.staging)
        except BaseException:
            self.error = traceback.format_exc()

    def finish(self, site_dir: Path) -> None:
        """Wait for the work and move its files into ``site_dir``; raise if it failed."""
        try:
            if self.thread is not None:
                self.thread.join()
                if self.error is not None:
                    raise _failure(self.label, None, self.error)
            elif self.process is None:
                self.work(self.staging)
            else:
                self.process.join()
                if self.process.exitcode != 0:
                    raise _failure(self.label, self.process.exitcode, _read(self.staging / _ERROR))
            _merge(self.staging, site_dir)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def cancel(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            if self.stop is not None:
                self.stop()
            self.thread.join()
        if self.process is not None and self.process.is_alive():
            # the whole group: the job's own children (pagefind) would go on writing
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            self.process.join()
        shutil.rmtree(self.staging, ignore_errors=True)


def _merge(source: Path, target: Path) -> None:
    """Move ``source``'s tree into ``target``: whole folders by renaming where they are new."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir():
            _merge(entry, destination)
        else:
            if destination.is_dir():
                shutil.rmtree(destination)
            shutil.move(str(entry), destination)


# where a failed child leaves its traceback for the parent (never moved into the site)
_ERROR = ".zwgk-background-error"


def _run(work: Callable[[Path], Any], staging: Path) -> None:
    os.setpgrp()  # a group of its own, so that cancel() reaches the processes it starts
    try:
        work(staging)
    except BaseException:
        (staging / _ERROR).write_text(traceback.format_exc(), encoding="utf-8")
        os._exit(1)  # a forked child ends here: no cleanup of the parent's state


def _read(error_file: Path) -> str:
    try:
        return error_file.read_text(encoding="utf-8")
    except OSError:
        return ""


class JobFailed(RuntimeError):
    """A background job failed; its message says which and why."""


def _failure(label: str, exitcode: int | None, trace: str) -> JobFailed:
    """The job's failure, with its last line; its whole traceback is a note (shown with --debug)."""
    last = trace.strip().splitlines()[-1] if trace.strip() else ""
    cause = f"（子进程退出码 {exitcode}）" if exitcode is not None else ""
    error = JobFailed(f"{label}失败{cause}" + (f"：{last}" if last else ""))
    if trace:
        error.add_note(trace)
    return error
