"""Two builds of the same content with SOURCE_DATE_EPOCH set are byte-identical:
pages, sitemap, feed, exports and the search index (which pagefind writes in hash-map order)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .conftest import Project, build_site, write_project


def tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(content: Path, tmp_path: Path) -> None:
    project: Project = write_project(tmp_path, content, tmp_path / "cache-1")
    first = tree(build_site(project.config, tmp_path / "site-1", tmp_path / "cache-1"))
    # a second build from a cold cache, into another folder
    second = tree(build_site(project.config, tmp_path / "site-2", tmp_path / "cache-2"))
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert {"html", "xml", "json", "csv", "xlsx", "pf_filter", "pf_meta", "pf_index", "pf_fragment"} <= kinds
