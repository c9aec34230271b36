"""Pages filled from a frame are byte for byte what mkdocs lays out page by page."""

from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import REPO, build_site, write_project
from .test_reproducible import tree


def test_framed_pages_equal_pages_laid_out_by_mkdocs(build_cache: Path, tmp_path: Path) -> None:
    sites = {}
    for frames in (True, False):
        project = write_project(tmp_path / str(frames), REPO / "content", build_cache)
        settings = yaml.safe_load(project.config.read_text(encoding="utf-8"))
        settings["plugins"][0]["zwgk"]["page_frames"] = frames
        project.config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
        sites[frames] = tree(build_site(project.config, project.site, build_cache))
    framed, laid_out = sites[True], sites[False]
    assert framed.keys() == laid_out.keys()
    assert [name for name in framed if framed[name] != laid_out[name]] == []
    # the kinds that are filled from frames are all there, and no frame page is left behind
    for kind in ("policies", "interpretations", "organizations", "catalogues", "annual-reports"):
        assert sum(name.startswith(f"{kind}/") and name.endswith("/index.html") for name in framed) > 1
    assert not [name for name in framed if "zwgkframekey" in name]
