"""Building a site with a 依申请公开 policy and no 政府信息公开指南 page stops with a Chinese
message naming what is missing, and leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_guide_link import add_on_request_policy

from .conftest import build, build_env, write_project

pytestmark = pytest.mark.slow


def test_build_fails_without_the_guide_page(content: Path, tmp_path: Path) -> None:
    from generator.site.plugin import BuildFailed

    (content / "pages" / "guide.md").unlink()
    add_on_request_policy(content)
    project = write_project(tmp_path, content, tmp_path / "cache")
    with pytest.raises(BuildFailed) as caught:
        build(project)
    assert "政府信息公开指南" in str(caught.value)
    assert "policies/2024/performance-pay.md" in str(caught.value)
    assert not project.site.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["cache", "content", "docs", "mkdocs.yml"])


def test_a_build_into_a_site_fails_without_the_guide_page_as_a_cold_one(
    content: Path, tmp_path: Path
) -> None:
    """The search begun ahead of the plan renders the changed policy's page first: the page it
    cannot make is the build's error, said as without it, and the previous site stays."""
    from generator.site.plugin import BuildFailed

    project = write_project(tmp_path, content, tmp_path / "cache")
    site = build(project)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (content / "pages" / "guide.md").unlink()
    add_on_request_policy(content)
    with pytest.raises(BuildFailed) as caught:
        build(project)
    assert "政府信息公开指南" in str(caught.value)
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".zwgk-ahead-")]


def test_zwgk_build_reports_the_missing_guide(content: Path, tmp_path: Path) -> None:
    (content / "pages" / "guide.md").unlink()
    add_on_request_policy(content)
    project = write_project(tmp_path, content, tmp_path / "cache")
    with build_env(project.cache):
        proc = subprocess.run(
            [sys.executable, "-c", "from generator.commands import main; main()", "build"],
            cwd=project.root,
            env=dict(os.environ),
            capture_output=True,
            text=True,
            check=False,
        )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "缺少政府信息公开指南" in proc.stderr
    assert "内部错误" not in proc.stderr and "Traceback" not in proc.stderr
    assert not project.site.exists()
