"""A build into an existing site keeps what did not change, and gives byte for byte the site a
cold build of the same content gives: after an edited policy body, a new interpretation (its
policy's page gains the link), a renamed organization (every page that shows its name) and a
deleted catalogue."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.checks import check
from generator.site import search, spare
from generator.site.buildstate import lists_file, manifest_file
from generator.site.search_query import shard_of

from .conftest import REPO, TODAY, build_env, build_site, write_project
from .test_reproducible import tree

CATALOGUES_JSON = "data/catalogues.json"
FEED = "feed.xml"
POLICY = "policies/2026/2026-ca-elderly-care-subsidy.md"
READING = "interpretations/2026/2026-ca-elderly-care-subsidy-jd.md"
EARLY = "所在的搜索分卷在检查内容之前已开始建立"  # (zwgk build -v)


def _edit_body(content: Path) -> None:
    path = content / POLICY
    path.write_text(path.read_text("utf-8") + "\n增量生成测试：正文新增的一段。\n", "utf-8")


def _new_interpretation(content: Path) -> None:
    text = (content / READING).read_text("utf-8")
    head, _, body = text.partition("\n---\n")
    lines = [
        "title: 图解：养老服务补贴政策问答（增量生成测试）" if line.startswith("title:") else line
        for line in head.splitlines()
    ]
    (content / READING).with_name("2026-ca-elderly-care-subsidy-tu.md").write_text(
        "\n".join(lines) + "\n---\n" + body, "utf-8"
    )


def _rename_organization(content: Path) -> None:
    path = content / "organizations.yml"
    path.write_text(path.read_text("utf-8").replace("示例县自然资源局", "示例县自然资源和规划局"), "utf-8")


def _delete_catalogue(content: Path) -> None:
    (content / "catalogues" / "urban-rural-planning" / "nr.yml").unlink()


CHANGES: list[tuple[Callable[[Path], None], str, str | None]] = [
    # the change, a page it must change, a page it must leave alone (kept by the build)
    (
        _edit_body,
        "policies/2026-ca-elderly-care-subsidy/index.html",
        "policies/2026-edu-enrolment-plan/index.html",
    ),
    (
        _new_interpretation,
        "policies/2026-ca-elderly-care-subsidy/index.html",
        "interpretations/2026-edu-enrolment-plan-jd/index.html",
    ),
    (
        _rename_organization,
        "policies/2026-nr-land-compensation-standard/index.html",
        None,  # organizations.yml is read by every page: all are made again
    ),
    (
        _delete_catalogue,
        "catalogues/urban-rural-planning/index.html",
        "policies/2026-edu-enrolment-plan/index.html",
    ),
]


@pytest.fixture
def project_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    return content


def _folders(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir())


def _parts(site: Path) -> dict[str, int]:
    """The files of the search index's parts, by their inode."""
    return {
        p.relative_to(site).as_posix(): p.stat().st_ino for p in (site / "pagefind-parts").rglob("*.pf_*")
    }


def test_incremental_builds_equal_cold_builds(
    project_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # small search parts and lookup shards, so that the sample's records fill several and a
    # change touches few
    monkeypatch.setattr("generator.site.search.PART_SIZE", 12)
    monkeypatch.setattr("generator.site.search_lookup.LOOKUP_KEYS_PER_SHARD", 2)
    project = write_project(tmp_path / "county", project_content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    manifest = manifest_file(project.cache, project.site)
    assert len(list((site / "pagefind-parts").iterdir())) >= 5
    for n, (change, changed, kept) in enumerate(CHANGES):
        parts = _parts(site)
        before = {
            name: (site / name).stat().st_ino
            for name in (changed, kept, CATALOGUES_JSON, FEED)
            if name and (site / name).exists()
        }
        old_bytes = (site / changed).read_bytes() if (site / changed).exists() else b""
        lists = lists_file(manifest)  # the list pages' content
        lists_before = lists.stat().st_ino
        # the site the last build replaced, made its mirror: this build completes it
        assert spare.wait(project.site, manifest), change.__name__
        completed = spare.spare_of(project.site).stat().st_ino
        # the same files as the live site's, which must never be written into
        shadow, as_it_was = tmp_path / f"shadow-{n}", tree(site)
        for rel in as_it_was:
            (shadow / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(site / rel, shadow / rel)
        change(project_content)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.zwgk"):
            site = build_site(project.config, project.site, project.cache)
        assert site.stat().st_ino == completed, change.__name__
        assert "在上一次替换下来的网站副本 .site.spare 上完成本次生成" in caplog.text  # (zwgk build -v)
        assert tree(shadow) == as_it_was, change.__name__
        said = re.search(
            r"搜索索引共 (\d+) 卷(?:：沿用上一次的 (\d+) 卷，重建 (\d+) 卷|(，全部重建))", caplog.text
        )
        assert said is not None, caplog.text
        total = int(said[1])
        reused, remade = (0, total) if said[4] else (int(said[2]), int(said[3]))
        # an edited body: its part begun before the check, and taken (so compared below as well)
        assert ("1 卷在核对全部页面之前已开始" in caplog.text) == (change is _edit_body), change.__name__
        assert (EARLY in caplog.text) == (change is _edit_body), change.__name__
        assert total == len(list((site / "pagefind-parts").iterdir())) + 1 == reused + remade
        assert remade >= 1 and (kept is None or reused > total / 2), change.__name__
        cold = build_site(project.config, tmp_path / f"cold-{n}", tmp_path / f"cold-cache-{n}")
        incremental, fresh = tree(site), tree(cold)
        assert incremental.keys() == fresh.keys(), change.__name__
        assert _folders(site) == _folders(cold), change.__name__  # (no empty one left either)
        assert [name for name in fresh if incremental[name] != fresh[name]] == [], change.__name__
        # the build kept the page the change does not touch (the same file), made the other again
        if kept is not None:
            assert (site / kept).stat().st_ino == before[kept], change.__name__
            # most search parts are kept (the same files), not indexed again
            now = _parts(site)
            assert sum(now.get(name) == inode for name, inode in parts.items()) > len(parts) / 2, (
                change.__name__
            )
        assert not (site / changed).exists() or (site / changed).read_bytes() != old_bytes, change.__name__
        # all catalogues as JSON: kept while no catalogue, nor what a policy one cites shows of
        # it, changed (the edited policy, whose body only changed, is cited as the basis of
        # items of the elderly-care catalogues)
        assert ((site / CATALOGUES_JSON).stat().st_ino == before[CATALOGUES_JSON]) == (
            change in (_edit_body, _new_interpretation)
        ), change.__name__
        # the feeds: kept while no policy or interpretation changed as they show it (not its
        # body) and no feed came or went (the deleted catalogue was its domain's only one)
        assert ((site / FEED).stat().st_ino == before[FEED]) == (change is _edit_body), change.__name__
        # the lists of every policy and interpretation: their content kept in the cache (not
        # made, nor written again) while nothing they show changed (they show no catalogue)
        assert (lists.stat().st_ino == lists_before) == (change in (_edit_body, _delete_catalogue)), (
            change.__name__
        )


def test_a_site_changed_by_hand_is_made_again(project_content: Path, tmp_path: Path) -> None:
    """A file of the previous site that is not as the build left it is not trusted."""
    project = write_project(tmp_path / "county", project_content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    page = site / "policies" / "2026-edu-enrolment-plan" / "index.html"
    good = page.read_bytes()
    page.unlink()
    page.write_bytes(good.replace(b"</body>", b"<script>alert(1)</script></body>"))
    site = build_site(project.config, project.site, project.cache)
    assert (site / "policies" / "2026-edu-enrolment-plan" / "index.html").read_bytes() == good


def test_a_build_that_can_keep_nothing_begins_the_downloads_before_it_plans(
    project_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The downloads need the data and what of them the plan keeps: with no previous site
    they are begun on the other core while the build plans, otherwise once the plan says which
    are kept; the site is the same either way (see test_incremental_builds_equal_cold_builds)."""
    from generator.site import incremental, plugin

    begun: list[str] = []
    background, plan = plugin.Background, incremental.plan

    def noted_background(label: str, *args: object, **kwargs: object) -> object:
        begun.append(label)
        return background(label, *args, **kwargs)  # type: ignore[arg-type]

    def noted_plan(*args: object, **kwargs: object) -> incremental.Plan:
        begun.append("plan")
        return plan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plugin, "Background", noted_background)
    monkeypatch.setattr(incremental, "plan", noted_plan)
    project = write_project(tmp_path / "county", project_content, tmp_path / "cache")
    build_site(project.config, project.site, project.cache)
    assert begun == ["生成下载文件", "plan"]
    begun.clear()
    _edit_body(project_content)
    build_site(project.config, project.site, project.cache)
    assert begun == ["plan", "生成下载文件"]


def test_a_lost_search_store_is_made_again(
    project_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the records the last build indexed, the parts to index again are made whole."""
    monkeypatch.setattr("generator.site.search.PART_SIZE", 12)
    project = write_project(tmp_path / "county", project_content, tmp_path / "cache")
    build_site(project.config, project.site, project.cache)
    stores = list((project.cache / "builds").glob("*-search"))
    assert stores and all(store.is_dir() for store in stores)
    for store in stores:  # the records of every part lost, as by a cleaned cache
        held = [p for p in store.glob("part-*.json") if not p.name.endswith(".words.json")]
        assert len(held) >= 5
        for part in held:
            part.unlink()
    _edit_body(project_content)
    site = tree(build_site(project.config, project.site, project.cache))
    cold = tree(build_site(project.config, tmp_path / "cold", tmp_path / "cold-cache"))
    assert [name for name in cold if site.get(name) != cold[name]] == []
    assert site.keys() == cold.keys()


def test_an_edited_body_indexes_only_the_part_of_its_page(
    project_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The pages that show the edited policy without its body (its interpretation, its
    issuer's page) are kept, the policy's page is made again, and only the policy's own
    search part is indexed again: begun before the build planned (search_ahead.py), the
    edited file's page being the change (also after a check that cached the edited file)."""
    monkeypatch.setattr("generator.site.search.PART_SIZE", 12)
    project = write_project(tmp_path / "county", project_content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    count = len(list((site / "pagefind-parts").iterdir())) + 1
    own = search.part_of("policies/2026-ca-elderly-care-subsidy/", count)
    before = _parts(site)
    shows = [
        "interpretations/2026-ca-elderly-care-subsidy-jd/index.html",
        "organizations/ca/index.html",
        "organizations/ca/feed.xml",
        FEED,
        "data/policies.json",
    ]
    page = "policies/2026-ca-elderly-care-subsidy/index.html"
    inodes = {name: (site / name).stat().st_ino for name in [*shows, page]}
    fragments = _fragments(site, own)
    lookup = _lookup(site)
    _edit_body(project_content)
    with build_env(project.cache):
        assert check(project_content, today=TODAY, cache_dir=project.cache).errors == []
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.zwgk"):
        site = build_site(project.config, project.site, project.cache)
    assert "重建 1 卷" in caplog.text and "1 卷在核对全部页面之前已开始" in caplog.text
    assert EARLY in caplog.text  # (the file changed since the build, though not since the check)
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".zwgk-ahead-")] == []
    after = _parts(site)
    changed = {name.split("/")[1] for name, inode in before.items() if after.get(name) != inode}
    assert changed == ({str(own)} if own else set())
    # in the part indexed again, the fragments (a result's text) of the pages that did not
    # change are the previous files; the edited page's is new, its previous one gone
    now = _fragments(site, own)
    assert len(now) == len(fragments) >= 2
    assert sum(fragments.get(name) == inode for name, inode in now.items()) == len(now) - 1
    assert [(site / name).stat().st_ino == inodes[name] for name in shows] == [True] * len(shows)
    assert (site / page).stat().st_ino != inodes[page]
    assert "增量生成测试" in (site / page).read_text("utf-8")
    assert _lookup(site) == lookup  # (no key of the exact lookup changed: every shard left as it was)


def test_an_edited_title_is_guessed_once_the_data_is_made(
    project_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Not only the body changed: the part is not begun before the check (the stored record
    with a new body would not be the page's), but once the page can be made, and the site is
    the cold build's."""
    monkeypatch.setattr("generator.site.search.PART_SIZE", 12)
    project = write_project(tmp_path / "county", project_content, tmp_path / "cache")
    build_site(project.config, project.site, project.cache)
    path = project_content / POLICY
    text = path.read_text("utf-8")
    path.write_text(text.replace("\ntitle: ", "\ntitle: （修订）", 1) + "\n新增的一段。\n", "utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.zwgk"):
        built = build_site(project.config, project.site, project.cache)
    assert EARLY not in caplog.text and "1 卷在核对全部页面之前已开始" in caplog.text
    assert "（修订）" in (built / "policies/2026-ca-elderly-care-subsidy/index.html").read_text("utf-8")
    site = tree(built)
    cold = tree(build_site(project.config, tmp_path / "cold", tmp_path / "cold-cache"))
    assert [name for name in cold if site.get(name) != cold[name]] == []
    assert site.keys() == cold.keys()


def _fragments(site: Path, part: int) -> dict[str, int]:
    """A search part's fragment files, by their inode."""
    return {p.name: p.stat().st_ino for p in (search.part_folder(site, part) / "fragment").iterdir()}


def _lookup(site: Path) -> dict[str, tuple[int, dict[str, object]]]:
    """Each shard of the exact lookup: its file's inode and its table."""
    folder = site / "pagefind" / "zwgk-lookup"
    return {p.name: (p.stat().st_ino, json.loads(p.read_text("utf-8"))) for p in folder.glob("*.json")}


def test_a_new_document_number_writes_only_the_lookup_shards_of_its_keys(
    project_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exact lookup's shards that hold neither the old nor the new number are kept from
    the previous site (the same files); the site is the one a cold build gives."""
    monkeypatch.setattr("generator.site.search_lookup.LOOKUP_KEYS_PER_SHARD", 1)
    project = write_project(tmp_path / "county", project_content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    before = _lookup(site)
    assert len(before) >= 32
    for path in (*project_content.rglob("*.md"), *project_content.rglob("*.yml")):  # (and who cites it)
        text = path.read_text("utf-8")
        if "示民发〔2026〕11号" in text:
            path.write_text(text.replace("示民发〔2026〕11号", "示民发〔2026〕99号"), "utf-8")
    site = build_site(project.config, project.site, project.cache)
    cold = build_site(project.config, tmp_path / "cold", tmp_path / "cold-cache")
    incremental, fresh = tree(site), tree(cold)
    assert [name for name in fresh if incremental.get(name) != fresh[name]] == []
    assert incremental.keys() == fresh.keys()
    after = _lookup(site)
    assert after.keys() == before.keys()
    shards = len(after)
    touched = {f"{shard_of(key, shards)}.json" for key in ("示民发〔2026〕11号", "示民发〔2026〕99号")}
    assert not any("示民发〔2026〕99号" in table for _ino, table in before.values())
    assert any("示民发〔2026〕99号" in table for _ino, table in after.values())
    written = {name for name in after if after[name][0] != before[name][0]}
    # written again: the shards of the keys of the records that changed (the policy's, its
    # interpretation's, the rows of the catalogues that cite it); the others are linked
    assert touched <= written
    assert {name for name in after if after[name][1] != before[name][1]} <= written
    assert len(written) <= len(after) // 16
