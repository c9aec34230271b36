"""Search begun ahead (search_ahead.py): the search job takes pagefind's work on a part only
when it was given exactly the part's records; otherwise the part is indexed as always. Either
way the bundle is the one pagefind makes of the records from nothing."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.checks import check
from generator.content.frontmatter import front_and_body
from generator.site import search
from generator.site.search_ahead import changed_files
from generator.site.search_early import Ahead, spliced
from generator.site.search_record import SearchRecord
from generator.site.sitedata import build

from ..conftest import TODAY

TOPICS = ["养老服务补贴", "义务教育招生", "城乡低保标准", "农村危房改造", "耕地地力保护补贴", "住房公积金"]


def _records(changed: str = "") -> list[SearchRecord]:
    records = [
        SearchRecord(
            f"policies/p{n}/",
            f"<div data-pagefind-body><h1>{topic}的通知</h1><p>关于{topic}的政策文件第 {n} 号。</p></div>",
            [(f"p{n}", {"u": f"policies/p{n}/", "t": topic})],
        )
        for n, topic in enumerate(TOPICS)
    ]
    if changed:
        records[2].html = records[2].html.replace("</p>", f"{changed}</p>")
    return records


def _site(tmp_path: Path, name: str) -> Path:
    (tmp_path / name).mkdir()
    return tmp_path / name


def _left() -> list[str]:
    """The ahead's pages left in memory (its scratch folders under /dev/shm)."""
    shm = Path("/dev/shm")
    return [p.name for p in shm.iterdir() if p.name.startswith("zwgk-ahead-")] if shm.is_dir() else []


def _bundle(site: Path) -> dict[str, bytes]:
    folder = site / search.BUNDLE
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def pagefind_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Who ran pagefind, in order: the ahead ("ahead") or the search job ("search")."""
    runs: list[str] = []
    run = search.run_pagefind

    def counted(folder: Path, *args: object, **kwargs: object) -> str:
        runs.append("ahead" if folder.name.startswith("zwgk-ahead-") else "search")
        return run(folder, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "run_pagefind", counted)
    return runs


@pytest.fixture
def ahead(tmp_path: Path) -> Iterator[Ahead]:
    made = Ahead(tmp_path)
    yield made
    made.close()


def test_a_part_begun_with_its_records_is_taken(
    tmp_path: Path, pagefind_runs: list[str], ahead: Ahead
) -> None:
    search.index_site(_site(tmp_path, "whole"), _records())
    assert pagefind_runs == ["search"]
    ahead.start(0, _records(), None, set())
    indexer = search.index_site(_site(tmp_path, "site"), _records(), ahead=ahead)
    assert pagefind_runs == ["search", "ahead"]  # the job did not run it again
    assert indexer.taken == {0}
    assert "1 卷在核对全部页面之前已开始" in indexer.summary()
    assert _bundle(tmp_path / "site") == _bundle(tmp_path / "whole")
    folder = ahead.folder
    assert folder is not None and not (folder / "part-0").exists()  # (moved into the site)
    assert ahead.scratch == {}  # (its pages removed by the job, as its own)
    ahead.close()
    assert not folder.exists() and _left() == []


def test_a_part_begun_with_other_records_is_indexed_again(
    tmp_path: Path, pagefind_runs: list[str], ahead: Ahead
) -> None:
    search.index_site(_site(tmp_path, "whole"), _records())
    ahead.start(0, _records(changed="上一次猜测的文字"), None, set())
    indexer = search.index_site(_site(tmp_path, "site"), _records(), ahead=ahead)
    assert pagefind_runs.count("search") == 2  # (the guess stopped, whether it ran or not)
    assert indexer.taken == set()
    assert "已开始" not in indexer.summary()
    assert _bundle(tmp_path / "site") == _bundle(tmp_path / "whole")
    ahead.close()
    assert _left() == [] and not [p for p in tmp_path.iterdir() if p.name.startswith(".zwgk-ahead-")]


def test_records_in_another_order_are_other_records(
    tmp_path: Path, pagefind_runs: list[str], ahead: Ahead
) -> None:
    """Pagefind numbers the pages in the order it reads them: the same records in another order
    make another bundle, and are not taken."""
    ahead.start(0, _records()[::-1], None, set())
    indexer = search.index_site(_site(tmp_path, "site"), _records(), ahead=ahead)
    assert indexer.taken == set() and pagefind_runs.count("search") == 1


def test_a_part_whose_pagefind_failed_ahead_is_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ahead: Ahead
) -> None:
    search.index_site(_site(tmp_path, "whole"), _records())
    run = search.run_pagefind

    failed: list[Path] = []

    def failing_ahead(folder: Path, *args: object, **kwargs: object) -> str:
        if folder.name.startswith("zwgk-ahead-") and not failed:  # (the ahead's own run)
            failed.append(folder)
            return "模拟的错误"
        return run(folder, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "run_pagefind", failing_ahead)
    ahead.start(0, _records(), None, set())
    indexer = search.index_site(_site(tmp_path, "site"), _records(), ahead=ahead)
    assert len(failed) == 1 and indexer.taken == set()
    assert _bundle(tmp_path / "site") == _bundle(tmp_path / "whole")
    ahead.close()
    assert _left() == []


def test_a_cancelled_search_job_stops_what_was_begun_ahead(ahead: Ahead) -> None:
    stop = search.Stop()
    stop.also.append(ahead.close)
    ahead.start(0, _records(), None, set())
    folder = ahead.folder
    stop()
    assert folder is not None and not folder.exists() and _left() == []
    assert all(s.stopped.is_set() for s in ahead.stops.values())


def test_an_ahead_with_nothing_begun_is_closed_without_a_trace(tmp_path: Path) -> None:
    ahead = Ahead(tmp_path)
    assert not ahead.holds and not ahead.begun(0) and not ahead.matches(0, _records())
    ahead.cancel()
    assert list(tmp_path.iterdir()) == []


def test_the_files_changed_since_the_last_build(content: Path, tmp_path: Path) -> None:
    """Known by their content, not by the check cache (a check between two builds does not
    hide an edit) nor by their time (a file touched is not changed); noted with each file's
    digest, the hash of its model, its page's URL and the hash of its front matter, for the next
    build's early guess (search_early.py)."""
    sources, cache = tmp_path / "builds" / "sources.json", tmp_path / "cache"  # (no folder yet)
    corpus = check(content, today=TODAY, cache_dir=cache).corpus
    data = build(corpus, today=TODAY)
    assert changed_files(corpus, data, sources) == {f.rel for f in corpus.files}  # (the first time)
    assert changed_files(corpus, data, sources) == set()
    policy = next((content / "policies").rglob("*.md"))
    rel = policy.relative_to(content).as_posix()
    noted = json.loads(sources.read_text("utf-8"))
    digest, head, url, front = noted[rel]
    assert url == f"policies/{policy.stem}/" and len(head) == 40 and digest != head
    assert front == front_and_body(policy.read_bytes())[0]  # type: ignore[index]
    assert noted["organizations.yml"][2:] == ["", ""]  # (a file without a page, nor front matter)
    policy.write_text(policy.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    os.utime(content / "organizations.yml", ns=(10**18, 10**18))  # touched, not changed
    check(content, today=TODAY, cache_dir=cache)  # (a check before the build)
    corpus = check(content, today=TODAY, cache_dir=cache).corpus
    assert changed_files(corpus, data, sources) == {rel}
    assert json.loads(sources.read_text("utf-8"))[rel][1:] == [head, url, front]  # (the body alone changed)
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: 新", 1), encoding="utf-8"
    )
    corpus = check(content, today=TODAY, cache_dir=cache).corpus
    assert changed_files(corpus, data, sources) == {rel}
    assert json.loads(sources.read_text("utf-8"))[rel][3] not in ("", front)  # (the front matter changed)
    sources.write_text("[", encoding="utf-8")  # damaged: everything is a change
    assert changed_files(corpus, data, sources) == {f.rel for f in corpus.files}


BODY = '<div class="zwgk-body">'
RECORD = (
    '<div class="zwgk zwgk-policy" data-pagefind-body><h1>通知</h1>'
    '<div class="zwgk-body"><p>旧的正文。</p>\n<div class="zwgk-tablebox"><table><tr><td>1</td></tr></table></div>\n'
    "<p>&lt;/div&gt; 与 &lt;div&gt;</p>\n</div>\n  "
    '<div class="zwgk-history" data-pagefind-ignore><h2>更新记录</h2></div>\n</div>'
)


def test_a_record_with_its_body_rendered_anew() -> None:
    """The body ends at the div that closes its own (the divs of its tables are closed in it);
    what comes after (the history, the page's close) is kept."""
    new = spliced(RECORD, "<p>新的正文。</p>\n")
    assert new == (
        '<div class="zwgk zwgk-policy" data-pagefind-body><h1>通知</h1>'
        '<div class="zwgk-body"><p>新的正文。</p>\n</div>\n  '
        '<div class="zwgk-history" data-pagefind-ignore><h2>更新记录</h2></div>\n</div>'
    )
    assert spliced(new, RECORD[RECORD.index(BODY) + len(BODY) : RECORD.index("</div>\n  <div")]) == RECORD


@pytest.mark.parametrize(
    "record",
    [
        '<div data-pagefind-body><p class="zwgk-notice">正文不在网上公开。</p></div>',  # no body shown
        f"<div data-pagefind-body>{BODY}<p>一</p></div>{BODY}<p>二</p></div></div>",  # two bodies
        f"<div data-pagefind-body>{BODY}<p>没有结束",  # (a record cut short)
        f'<div data-pagefind-body>{BODY}<div class="zwgk-tablebox"><table></table></div>',
    ],
)
def test_a_record_without_exactly_one_body_is_not_guessed(record: str) -> None:
    assert spliced(record, "<p>新的正文。</p>") is None
