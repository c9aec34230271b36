"""What the README says about the commands is what they do."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.corpus import default_cache_dir

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _check_usage_block() -> str:
    found = re.search(r"```text\nzwgk check \[CONTENT_DIR\].*?```", README, re.S)
    assert found, "README has the usage block of zwgk check"
    return found.group(0)


def test_readme_lists_every_option_of_check() -> None:
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-c", "from generator.commands import main; main()", "check", "--help"],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    options = set(re.findall(r"^\s+(--[\w-]+)", proc.stdout, re.M)) - {"--help"}
    block = _check_usage_block()
    assert options and {o for o in options if o not in block} == set()


def test_readme_names_the_real_cache_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    env_home = Path(os.path.expanduser("~"))
    cache = default_cache_dir(tmp_path)
    shown = "~/" + cache.parent.relative_to(env_home).as_posix() + "/"
    line = next(line for line in _check_usage_block().splitlines() if "--no-cache" in line)
    assert shown in line, (shown, line)
    assert ".zwgk_cache" not in README
