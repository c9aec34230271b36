"""Real git repositories for the history tests: commits with fixed dates and a fixed author."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

CATALOGUE = "catalogues/compulsory-education/edu.yml"
POLICY = "policies/2024/enrolment-plan.md"


def git(repo: Path, *args: str, day: str = "2024-03-01") -> str:
    stamp = f"{day}T10:00:00+08:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "示例县政务公开办",
        "GIT_AUTHOR_EMAIL": "zwgk@example.gov.cn",
        "GIT_COMMITTER_NAME": "示例县政务公开办",
        "GIT_COMMITTER_EMAIL": "zwgk@example.gov.cn",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout


def commit(repo: Path, message: str, day: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, day=day)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
