"""The plugin's settings in mkdocs.yml: a date is a date, and a wrong one is named in Chinese."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import Project

pytestmark = pytest.mark.slow


def _set_today(project: Project, value: str) -> None:
    text = project.config.read_text(encoding="utf-8")
    lines = [
        line[: line.index("today:")] + f"today: {value}" if line.strip().startswith("today:") else line
        for line in text.splitlines()
    ]
    assert lines != text.splitlines(), "the fixture's mkdocs.yml sets today"
    project.config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _build(project: Project) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ZWGK_CACHE_DIR": str(project.cache)}
    return subprocess.run(
        [sys.executable, "-c", "from generator.commands import main; main()", "build", "-f", str(project.config)],
        cwd=project.root, env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def test_an_unquoted_date_is_accepted(minimal_project: Project) -> None:
    _set_today(minimal_project, "2024-11-01")  # YAML reads this as a date, not text
    result = _build(minimal_project)
    assert result.returncode == 0, result.stderr
    assert (minimal_project.site / "index.html").is_file()


@pytest.mark.parametrize("value", ['"2024-13-01"', "2024-13-01", "明天", "20241101"])
def test_a_wrong_date_is_a_chinese_configuration_error(minimal_project: Project, value: str) -> None:
    _set_today(minimal_project, value)
    result = _build(minimal_project)
    assert result.returncode == 1
    shown = value.strip('"')
    assert f"today：“{shown}”不是有效的日期：请写成 YYYY-MM-DD" in result.stderr, result.stderr
    lines = minimal_project.config.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "today:" in text)
    quoted_or_text = value.startswith('"') or "-" not in value  # mkdocs validates it; else YAML refuses it
    assert ("plugins → zwgk → today" if quoted_or_text else f"第 {line} 行") in result.stderr
    assert "原有网站保持不变" in result.stderr
    assert "内部错误" not in result.stderr and "Expected type" not in result.stderr
    assert "Config value" not in result.stderr and "Aborted" not in result.stderr
