"""More changes after which an incremental build must equal a cold build: the pages a change
shows on besides its own file's (an organization's page lists the interpretations of its
policies by other organizations), and a change of the libraries that make the pages."""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO, build_site, write_project
from .test_reproducible import tree


def _incremental_equals_cold(tmp_path: Path, change: Callable[[Path], None]) -> tuple[Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = write_project(tmp_path / "county", content, tmp_path / "cache")
    build_site(project.config, project.site, project.cache)
    change(content)
    site = build_site(project.config, project.site, project.cache)
    cold = build_site(project.config, tmp_path / "cold", tmp_path / "cold-cache")
    incremental, fresh = tree(site), tree(cold)
    assert incremental.keys() == fresh.keys()
    assert [name for name in fresh if incremental[name] != fresh[name]] == []
    return site, cold


def _nothing(content: Path) -> None:
    pass


def test_a_new_version_of_a_library_makes_the_pages_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """markdown-it (or Jinja, xlsxwriter, pagefind …) upgraded between two builds of the same
    content: the pages it made are made again, not kept as the old version wrote them."""
    from markdown_it import MarkdownIt

    render = MarkdownIt.render

    def upgrade(content: Path) -> None:
        monkeypatch.setattr(MarkdownIt, "render", lambda self, text, env=None: render(self, text, env) + "\n")
        monkeypatch.setattr("generator.site.incremental.libraries", lambda: "markdown-it-py=99")

    site, _ = _incremental_equals_cold(tmp_path, upgrade)
    assert (site / "policies" / "2026-edu-enrolment-plan" / "index.html").is_file()


def test_changed_search_code_indexes_every_part_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part that holds only catalogue rows (records without a page) is indexed again when
    the code that indexes it changed, like the parts of pages."""
    from generator.site import search

    # parts of 5 records: some hold only catalogue rows and organizations
    monkeypatch.setattr("generator.site.search.PART_SIZE", 5)
    write = search.write_record

    def new_code(content: Path) -> None:
        def written(folder: Path, record: search.SearchRecord, made: set[str] | None = None) -> None:
            record.html = record.html.replace("</div>", "<p>新版本索引的页面</p></div>", 1)
            write(folder, record, made)

        monkeypatch.setattr("generator.site.search.write_record", written)
        monkeypatch.setattr("generator.site.incremental.code_fingerprint", lambda: "changed code")

    _incremental_equals_cold(tmp_path, new_code)


def _edit(content: Path, rel: str) -> None:
    path = content / rel
    path.write_text(path.read_text("utf-8") + "\n增量生成测试：正文新增的一段。\n", "utf-8")


def test_a_kept_part_without_its_words_keeps_its_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept part whose words the store lost has them read again from its index; the
    records the store holds of it stay as they were (its pages were not made: their html is
    not known), for the build that indexes the part again."""
    monkeypatch.setattr("generator.site.search.PART_SIZE", 12)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = write_project(tmp_path / "county", content, tmp_path / "cache")
    build_site(project.config, project.site, project.cache)
    for words in (project.cache / "builds").glob("*-search/*.words.json"):
        words.unlink()
    _edit(content, "policies/2026/2026-ca-elderly-care-subsidy.md")
    build_site(project.config, project.site, project.cache)  # most parts kept
    _edit(content, "policies/2026/2026-edu-enrolment-plan.md")  # one of them indexed again
    site = tree(build_site(project.config, project.site, project.cache))
    cold = tree(build_site(project.config, tmp_path / "cold", tmp_path / "cold-cache"))
    assert site.keys() == cold.keys()
    assert [name for name in cold if site[name] != cold[name]] == []


def test_a_cache_it_cannot_write_to_gives_whole_builds(tmp_path: Path) -> None:
    """Where the manifest cannot be kept (here <cache>/builds is a file; a read-only cache the
    same), the build is a whole one and succeeds, as it did before builds were incremental."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = write_project(tmp_path / "county", content, tmp_path / "cache")
    project.cache.mkdir()
    (project.cache / "builds").write_text("not a folder", "utf-8")
    site = tree(build_site(project.config, project.site, project.cache))
    cold = tree(build_site(project.config, tmp_path / "cold", tmp_path / "cold-cache"))
    assert site == cold


def test_a_page_that_cannot_be_written_leaves_nothing_beside_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages are written on threads: when one fails, the others queued are not written
    after the build has removed its staging folder (they made it again, half full)."""
    import threading
    import time

    from generator.site import buildstate

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = write_project(tmp_path / "county", content, tmp_path / "cache")
    before = tree(build_site(project.config, project.site, project.cache))
    site_yml = content / "site.yml"  # read by every page: all are written again
    site_yml.write_text(site_yml.read_text("utf-8") + "\n", "utf-8")
    record, calls, lock = buildstate.record, [], threading.Lock()

    def failing(*args: object) -> None:
        with lock:
            calls.append(args)
            first = len(calls) == 1
        if first:
            raise OSError("磁盘已满")
        time.sleep(0.2)  # the other pages are slow to write
        record(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(buildstate, "record", failing)
    with pytest.raises(OSError, match="磁盘已满"):
        build_site(project.config, project.site, project.cache)
    time.sleep(1.5)  # (what was still queued would have been written by now)
    assert sorted(p.name for p in project.site.parent.iterdir()) == ["docs", "mkdocs.yml", "site"]
    assert tree(project.site) == before


def test_a_new_layout_fills_kept_pages_again_without_touching_the_previous_site(tmp_path: Path) -> None:
    """mkdocs.yml is not among a page's inputs: a kept page is linked from the previous site
    while mkdocs lays out the frames, and filled again when its frame came out different.
    The previous site's file (the same file, through the link) is never written into."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = write_project(tmp_path / "county", content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    page = "policies/2026-edu-enrolment-plan/index.html"
    before = (site / page).read_bytes()
    held = tmp_path / "held.html"
    os.link(site / page, held)  # the previous site's file, after the swap has removed its folder
    settings = project.config.read_text("utf-8")
    project.config.write_text(settings + "site_description: 示例县政务公开（新版页头）\n", "utf-8")
    site = build_site(project.config, project.site, project.cache)
    cold = build_site(project.config, tmp_path / "cold", tmp_path / "cold-cache")
    assert "新版页头" in (site / page).read_text("utf-8")
    assert held.read_bytes() == before
    incremental, fresh = tree(site), tree(cold)
    assert [name for name in fresh if incremental.get(name) != fresh[name]] == []
    assert incremental.keys() == fresh.keys()


@pytest.mark.parametrize("previous", [False, True])
def test_a_failed_index_fails_the_build_and_leaves_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, previous: bool
) -> None:
    """pagefind failing, in a cold build (the index fed part by part) or an incremental one:
    the build fails with pagefind's error, the previous site is as it was, and neither a
    staging folder nor the search's scratch folders are left behind."""
    import sys
    import tempfile

    from generator.site import search
    from generator.site.plugin import BuildFailed

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = write_project(tmp_path / "county", content, tmp_path / "cache")
    before = tree(build_site(project.config, project.site, project.cache))
    if not previous:  # nothing of the index to keep: the cold path
        shutil.rmtree(project.cache)
    (content / "policies" / "2026" / "2026-ca-elderly-care-subsidy.md").write_text(
        (content / "policies" / "2026" / "2026-ca-elderly-care-subsidy.md").read_text("utf-8")
        + "\n补充一段。\n",
        "utf-8",
    )
    scratch = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    ours = set(scratch.glob("zwgk-search-*"))
    failing = [sys.executable, "-c", "import sys; sys.stderr.write('索引写入失败'); sys.exit(3)"]
    monkeypatch.setattr(search, "_pagefind", lambda: failing)
    with pytest.raises(BuildFailed, match=r"网站生成失败：建立搜索索引失败.*索引写入失败"):
        build_site(project.config, project.site, project.cache)
    assert tree(project.site) == before
    # (the spare the build claimed is deleted by a detached process: not at once)
    deadline = time.monotonic() + 20
    while _hidden(project.site) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _hidden(project.site) == []
    assert set(scratch.glob("zwgk-search-*")) == ours


def _hidden(site: Path) -> list[str]:
    """What a build leaves beside the site, but its spare."""
    return sorted(
        p.name for p in site.parent.iterdir() if p.name.startswith(".") and p.name != f".{site.name}.spare"
    )


def test_an_unchanged_site_keeps_every_search_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing changed: no part is indexed again, and zwgk build -v says so."""
    monkeypatch.setattr("generator.site.search.PART_SIZE", 12)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.zwgk"):
        _incremental_equals_cold(tmp_path, _nothing)
    said = re.findall(r"搜索索引共 (\d+) 卷(，全部沿用上一次的索引|，全部重建)", caplog.text)
    # the first build, the unchanged one, the cold one
    assert [kind for _count, kind in said] == ["，全部重建", "，全部沿用上一次的索引", "，全部重建"]
    assert len({count for count, _kind in said}) == 1 and int(said[0][0]) >= 5


def test_a_cited_policy_renamed_makes_the_catalogues_download_again(tmp_path: Path) -> None:
    """data/catalogues.json shows the title of each policy its items cite: renaming one makes
    it again (as a cold build would), though no catalogue file changed."""
    old, new = "养老服务补贴实施办法", "养老服务补贴办法（修订）"

    def rename(content: Path) -> None:
        path = content / "policies" / "2026" / "2026-ca-elderly-care-subsidy.md"
        path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")

    site, _cold = _incremental_equals_cold(tmp_path, rename)
    shown = (site / "data" / "catalogues.json").read_text("utf-8")
    assert new in shown and old not in shown


def test_new_lookup_code_writes_every_shard_of_the_lookup_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records' lookups are as they were, but the code that shards them changed: no shard
    is kept from the previous site (they would be where the new search script does not look)."""
    import zlib

    def new_code(content: Path) -> None:
        shard = lambda key, shards: zlib.crc32(key[::-1].encode("utf-8")) % shards  # noqa: E731
        monkeypatch.setattr("generator.site.search_lookup.shard_of", shard)
        monkeypatch.setattr("generator.site.incremental.code_fingerprint", lambda: "changed code")

    _incremental_equals_cold(tmp_path, new_code)


def test_records_in_another_order_are_indexed_again(tmp_path: Path) -> None:
    """The organizations listed the other way round: no record changed, but pagefind numbers a
    part's pages in the order given, which changed."""

    def reorder(content: Path) -> None:
        path = content / "organizations.yml"
        head, *entries = re.split(r"\n(?=- id: )", path.read_text("utf-8"))
        path.write_text("\n".join([head, *reversed([e.rstrip("\n") for e in entries])]) + "\n", "utf-8")

    _incremental_equals_cold(tmp_path, reorder)


def test_entries_of_a_shared_key_in_another_order_write_the_lookup_again(tmp_path: Path) -> None:
    """Two catalogues of a domain name an item alike (one key of the exact lookup, its entries
    undated, in the records' order); the county's catalogue made a township's comes after the
    other: its rows' lookups are as they were, but the key's entries are in another order."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    township = content / "catalogues" / "elderly-care" / "dongcheng.yml"
    township.write_text(
        township.read_text("utf-8").replace("养老服务补贴申请受理", "经济困难老年人养老服务补贴政策"), "utf-8"
    )
    project = write_project(tmp_path / "county", content, tmp_path / "cache")
    build_site(project.config, project.site, project.cache)
    county = content / "catalogues" / "elderly-care" / "ca.yml"
    county.write_text(county.read_text("utf-8").replace("level: 县级", "level: 乡级", 1), "utf-8")
    site = build_site(project.config, project.site, project.cache)
    cold = build_site(project.config, tmp_path / "cold", tmp_path / "cold-cache")
    incremental, fresh = tree(site), tree(cold)
    assert [name for name in fresh if incremental.get(name) != fresh[name]] == []
    assert incremental.keys() == fresh.keys()


@pytest.mark.parametrize("early", ["wrong", "fails"])
def test_a_wrong_or_failed_early_guess_gives_way_to_the_one_made_of_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, early: str
) -> None:
    """The part begun before the check (only a body changed) with records the data then shows
    otherwise (as a commit's 更新记录 would), or not begun because the guess failed: the part is
    begun again once the data is made, taken, and the site is the cold build's."""
    from generator.site import search_early

    spliced = search_early.spliced

    def guessed(html: str, body: str) -> str | None:
        if early == "fails":
            raise ValueError("a record the guess cannot read")
        made = spliced(html, body)
        return made.replace("</div>", "<p>只有预先的猜测里有这一段。</p></div>", 1) if made else made

    monkeypatch.setattr("generator.site.search.PART_SIZE", 12)

    def edit(content: Path) -> None:
        monkeypatch.setattr(search_early, "spliced", guessed)
        _edit(content, "policies/2026/2026-ca-elderly-care-subsidy.md")

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.zwgk"):
        site, _ = _incremental_equals_cold(tmp_path, edit)
    said = caplog.text  # (of the three builds, only the incremental one begins ahead)
    assert ("在检查内容之前已开始建立" in said) == (early == "wrong")
    assert "重建 1 卷" in said and "1 卷在核对全部页面之前已开始" in said
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".zwgk-ahead-")] == []


def test_the_early_guess_gives_up_quietly_on_any_other_change(tmp_path: Path) -> None:
    """Before the check, a part is begun only where the bodies alone of a few pages' files
    changed: a change of front matter, a file gone, a file without a page of its own, an
    unpublished body or no check cache begins nothing (and leaves nothing)."""
    from generator.site import buildstate, search_early
    from generator.site.buildstate import manifest_file

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = write_project(tmp_path / "county", content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    manifest = manifest_file(project.cache, site)
    previous = buildstate.Previous(site, buildstate.Manifest.read(manifest))
    policy = content / "policies" / "2026" / "2026-ca-elderly-care-subsidy.md"
    text = policy.read_text("utf-8")
    unpublished = next(p for p in content.rglob("*.md") if "disclosure: 依申请公开" in p.read_text("utf-8"))

    def begun(change: Callable[[], object]) -> list[int]:
        change()
        ahead = search_early.begin_early(content, project.cache, previous, manifest, tmp_path)
        try:
            return ahead.started
        finally:
            ahead.close()
            policy.write_text(text, "utf-8")
            assert not [p for p in tmp_path.iterdir() if p.name.startswith(".zwgk-ahead-")]

    assert len(begun(lambda: policy.write_text(text + "\n新的一段。\n", "utf-8"))) == 1  # (the body alone)
    assert begun(lambda: policy.write_text(text.replace("\ntitle: ", "\ntitle: 新", 1), "utf-8")) == []
    organizations = (content / "organizations.yml").read_text("utf-8")
    assert begun(lambda: (content / "organizations.yml").write_text(organizations + "\n", "utf-8")) == []
    (content / "organizations.yml").write_text(organizations, "utf-8")
    body = unpublished.read_text("utf-8")
    assert begun(lambda: unpublished.write_text(body + "\n不公开的一段。\n", "utf-8")) == []
    unpublished.write_text(body, "utf-8")
    other = content / "policies" / "2026" / "2026-edu-enrolment-plan.md"
    kept = other.read_text("utf-8")
    assert begun(other.unlink) == []
    other.write_text(kept, "utf-8")
    assert begun(lambda: (project.cache / "check-cache.sqlite3").unlink()) == []


def test_zwgk_build_begins_the_part_of_a_body_before_it_loads_mkdocs(tmp_path: Path) -> None:
    """``zwgk build`` itself (a process of its own, as a department or CI runs it): after an
    edit of a body alone, the search part is begun before mkdocs is loaded (prestart.py) and
    taken by the build, whose site is the cold build's; after an edit of front matter nothing is
    begun early, and nothing begun is left behind either way."""
    import subprocess
    import sys

    from .conftest import SOURCE_DATE_EPOCH

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = write_project(tmp_path / "county", content, tmp_path / "cache")
    env = dict(os.environ, ZWGK_CACHE_DIR=str(project.cache), SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    command = [sys.executable, "-c", "from generator.commands import run; run()", "build", "-v"]

    def zwgk_build() -> str:
        done = subprocess.run(
            [*command, "-f", str(project.config), "-d", str(project.site)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stderr

    zwgk_build()
    policy = "policies/2026/2026-ca-elderly-care-subsidy.md"
    _edit(content, policy)
    said = zwgk_build()
    assert "只有正文改动：所在的搜索分卷在载入网站配置之前已开始建立" in said
    assert "1 卷在核对全部页面之前已开始" in said  # (taken, not indexed again)
    cold = build_site(project.config, tmp_path / "cold", tmp_path / "cold-cache")
    assert tree(project.site) == tree(cold)
    path = content / policy
    path.write_text(path.read_text("utf-8").replace("\ntitle: ", "\ntitle: 新", 1), "utf-8")
    said = zwgk_build()
    assert "已开始建立" not in said
    assert [p.name for p in project.site.parent.iterdir() if p.name.startswith(".zwgk-ahead-")] == []
