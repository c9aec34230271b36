"""Query segmentation against the words pagefind really indexed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.site.search import indexed_words, segment, write_vocabulary

PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
    '<main data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1><p>{text}</p></main></body></html>'
)


def test_segment_into_indexed_words() -> None:
    vocab = {"财政", "预算", "最低", "生活", "保障", "政办发", "示例"}
    assert segment("财政预算", vocab) == ["财政", "预算"]
    assert segment("最低生活保障", vocab) == ["最低", "生活", "保障"]
    assert segment("示政办发〔2026〕20号", vocab) == ["示", "政办发", "2026", "20", "号"]
    assert segment("示例县 ABC预算", vocab) == ["示例", "县", "abc", "预算"]
    assert segment("", vocab) == []


def test_segment_prefers_fewest_words() -> None:
    assert segment("乡村振兴", {"乡村", "振兴", "乡村振兴"}) == ["乡村振兴"]
    assert segment("乡村振兴", {"乡", "村振", "乡村", "振兴"}) == ["乡村", "振兴"]


def test_words_are_read_back_from_a_real_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(
        PAGE.format(title="关于做好财政预算公开的通知", text="推进最低生活保障和乡村振兴工作。"), "utf-8"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--output-path",
            str(tmp_path / "pf"),
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    words = indexed_words(tmp_path / "pf")
    # what the index really holds: 财政预算 is two words there, not one
    assert {"财政", "预算", "最低", "生活", "保障", "乡村", "振兴"} <= words
    assert "财政预算" not in words
    assert segment("财政预算", words) == ["财政", "预算"]
    write_vocabulary(tmp_path / "pf", words)
    shards = list((tmp_path / "pf" / "zwgk-vocab").glob("*.json"))
    assert len(shards) == 65  # 64 shards and meta.json
