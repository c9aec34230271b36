from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.site import search
from generator.site.background import Background


def _fails(out: Path) -> None:
    (out / "half.txt").write_text("half", encoding="utf-8")
    raise ValueError("磁盘已满")


def _works(out: Path) -> None:
    (out / "data").mkdir()
    (out / "data" / "x.json").write_text("{}", encoding="utf-8")


@pytest.mark.parametrize("thread", [False, True])
def test_a_failed_job_reports_its_error_and_writes_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], thread: bool
) -> None:
    site = tmp_path / "site"
    job = Background("生成下载文件", _fails, tmp_path, thread=thread)
    with pytest.raises(RuntimeError) as caught:
        job.finish(site)
    assert "生成下载文件失败" in str(caught.value) and "ValueError: 磁盘已满" in str(caught.value)
    assert any("Traceback" in note for note in getattr(caught.value, "__notes__", []))
    assert not (site / "half.txt").exists()
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # the core prints nothing, not even from the child


@pytest.mark.parametrize("thread", [False, True])
def test_a_job_moves_its_files_into_the_site(tmp_path: Path, thread: bool) -> None:
    site = tmp_path / "site"
    Background("建立搜索索引", _works, tmp_path, thread=thread).finish(site)
    assert (site / "data" / "x.json").read_text(encoding="utf-8") == "{}"
    assert not list(tmp_path.glob(".zwgk-staging-*"))


def test_a_cancelled_index_ends_pagefind_and_its_thread(tmp_path: Path) -> None:
    """A build cancelled while the index is made in a thread: the pagefind running is ended,
    none is started after, and nothing is left beside the site."""
    pages = tmp_path / "pages"
    text = "政府信息公开标准目录" * 200
    for n in range(400):  # enough for pagefind to be still at work when cancelled
        (pages / f"p{n}").mkdir(parents=True)
        (pages / f"p{n}" / "index.html").write_text(
            f"<html><body><main data-pagefind-body><h1>第{n}页</h1><p>{text}{n}</p></main></body></html>",
            "utf-8",
        )
    stop = search.Stop()
    results: list[str] = []

    def index(out: Path) -> None:
        results.append(search.run_pagefind(pages, out / "pagefind", stop))
        results.append(search.run_pagefind(pages, out / "again", stop))

    job = Background("建立搜索索引", index, tmp_path, thread=True, stop=stop)
    deadline = time.monotonic() + 20
    while not stop.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stop.running, "pagefind never started"
    job.cancel()
    assert job.thread is not None and not job.thread.is_alive()
    assert results[0] != "" and results[1] == "已取消"  # ended, and the next never started
    assert stop.running == set()
    assert not list(tmp_path.glob(".zwgk-staging-*"))
