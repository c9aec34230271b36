"""A build that fails half-way leaves the previous site exactly as it was, and no debris."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from .conftest import build_site, write_project


def snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


def debris(root: Path, seconds: float = 20) -> list[str]:
    """What a build left beside the site but the site's spare, once the detached process that
    deletes a spare the build claimed (and could not give back) is done."""
    deadline = time.monotonic() + seconds
    while True:
        left = sorted(
            p.name
            for p in root.iterdir()
            if p.name.startswith((".site.", ".zwgk-staging-")) and p.name != ".site.spare"
        )
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("generator.site.plugin.write_exports", RuntimeError("磁盘已满")),  # in the background process
        ("generator.site.plugin.render_pages", KeyboardInterrupt()),  # Ctrl+C while pages are made
        ("generator.site.search.canonicalise", OSError("写入失败")),  # while the search index is written
    ],
    ids=["exports-fail", "interrupted", "search-fails"],
)
def test_failed_build_changes_nothing(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, error: BaseException
) -> None:
    project = write_project(tmp_path, content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    before = snapshot(site)
    (content / "pages" / "guide.md").write_text(
        "---\ntitle: 新指南\ncolumn: 政府信息公开指南\n---\n新内容\n", "utf-8"
    )

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(target, fail)
    with pytest.raises(BaseException):  # noqa: B017 (each case raises its own kind)
        build_site(project.config, project.site, project.cache)
    assert snapshot(site) == before
    assert debris(tmp_path) == []
