"""The wheel holds every module and every file the site needs, and the build declares them all."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_builds_without_warnings_and_holds_the_package(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", str(REPO), "-w", str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    log = proc.stdout + proc.stderr
    # setuptools warns about every folder of package data it was not told about
    assert "is absent from the `packages` configuration" not in log
    assert "SetuptoolsDeprecationWarning" not in log
    (wheel,) = tmp_path.glob("zwgk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    source = {p.relative_to(REPO).as_posix() for p in (REPO / "generator").rglob("*") if p.is_file()}
    source = {s for s in source if "__pycache__" not in s}
    assert source - names == set()
