"""The release check, for real: scripts/release_check.sh (what .github/workflows/release.yml runs
before the upload) builds the sdist and the wheel, twine-checks them, installs the wheel into a
clean virtual environment and, with it alone, checks the sample content, builds the sample site
and creates a county's site pinned to this version."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator import __version__

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts/release_check.sh"


def run(out: Path, work: Path | None = None, tag: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELEASE_")}
    env["PYTHON"] = sys.executable  # the test environment has build and twine (the test extra)
    if work is not None:
        env["RELEASE_WORK"] = str(work)
    if tag is not None:
        env["RELEASE_TAG"] = tag
    return subprocess.run(
        ["bash", str(SCRIPT), str(out)], env=env, capture_output=True, text=True, check=False, timeout=1200
    )


@pytest.mark.slow
def test_release_check_builds_installs_and_publishes_the_sample(tmp_path: Path) -> None:
    out, work = tmp_path / "dist", tmp_path / "work"
    proc = run(out, work, tag=f"v{__version__}")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert f"release_check: zwgk {__version__} is ready" in proc.stdout
    wheel, sdist = out / f"zwgk-{__version__}-py3-none-any.whl", out / f"zwgk-{__version__}.tar.gz"
    assert sorted(p.name for p in out.iterdir()) == sorted([wheel.name, sdist.name])
    assert proc.stdout.count("PASSED") == 2  # twine check, each file
    # the wheel carries the county template, hidden files included (stored as dot-…)
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ("requirements.txt", "dot-github/dependabot.yml", "dot-github/workflows/check.yml"):
        assert f"generator/site/site_template/{rel}" in names, rel
    with tarfile.open(sdist) as tar:
        assert f"zwgk-{__version__}/generator/site/site_template/requirements.txt" in tar.getnames()
    # the clean environment holds zwgk from the wheel, not from this checkout
    venv_python = work / "venv/bin/python"
    where = subprocess.run(
        [str(venv_python), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(work / "venv")) and "site-packages" in where
    # the sample site, built outside the repository by the installed zwgk
    site = work / "sample/site"
    assert "检查了" in proc.stdout and "没有发现问题" in proc.stdout
    for page in ("index.html", "pagefind/pagefind.js", "policies/index.html", "data/compliance.json"):
        assert (site / page).is_file(), page
    # the county's site it made pins this very version, and checks clean with it
    assert f"zwgk=={__version__}" in (work / "county/requirements.txt").read_text(encoding="utf-8")
    assert ".github/CODEOWNERS 是最新的" in proc.stdout


def test_a_tag_that_is_not_the_version_stops_before_building(tmp_path: Path) -> None:
    proc = run(tmp_path / "dist", tag="v99.0.0")
    assert proc.returncode == 1
    assert f"tag v99.0.0 does not match the package version {__version__}" in proc.stderr
    assert not (tmp_path / "dist").exists()


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(io.StringIO(path.read_text(encoding="utf-8")))


def test_release_workflow_checks_then_publishes_by_trusted_publishing() -> None:
    workflow = load_yaml(REPO / ".github/workflows/release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    check_step = next(s for s in build["steps"] if "release_check.sh" in s.get("run", ""))
    assert check_step["run"] == "bash scripts/release_check.sh dist"
    assert check_step["env"]["RELEASE_TAG"] == "${{ github.ref_name }}"
    # the upload happens only after the check, from what the check built
    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert "with" not in publish["steps"][-1]  # no password: trusted publishing
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    download = next(s for s in publish["steps"] if s.get("uses", "").startswith("actions/download-artifact"))
    assert upload["with"]["name"] == download["with"]["name"] == "dist"


def test_changelog_has_the_current_version_and_an_unreleased_section() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## [未发布]"
    assert any(h.startswith(f"## [{__version__}]") for h in headings)
