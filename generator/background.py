"""Work that needs only the site's data, done in a forked process while mkdocs builds pages.

The child writes into a private staging folder; :meth:`Background.finish` waits for it and
moves what it wrote into the site. Where ``fork`` is not available the work simply runs in
:meth:`finish`. Nothing the child writes reaches the site unless it succeeded.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Background:
    def __init__(self, label: str, work: Callable[[Path], Any]) -> None:
        self.label = label
        self.work = work
        self.staging = Path(tempfile.mkdtemp(prefix="zwgk-staging-"))
        self.process: Any = None
        if "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self.process = ctx.Process(target=_run, args=(work, self.staging), daemon=True)
            self.process.start()

    def finish(self, site_dir: Path) -> None:
        """Wait for the work and move its files into ``site_dir``; raise if it failed."""
        try:
            if self.process is None:
                self.work(self.staging)
            else:
                self.process.join()
                if self.process.exitcode != 0:
                    raise RuntimeError(f"{self.label}失败（子进程退出码 {self.process.exitcode}）")
            for path in sorted(self.staging.rglob("*")):
                if path.is_file():
                    target = site_dir / path.relative_to(self.staging)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(str(path), target)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def cancel(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        shutil.rmtree(self.staging, ignore_errors=True)


def _run(work: Callable[[Path], Any], staging: Path) -> None:
    try:
        work(staging)
    except BaseException:
        import traceback

        traceback.print_exc()
        os._exit(1)
