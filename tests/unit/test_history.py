"""read_history on a real git repository: summaries per change, the last change of each file,
a file deleted and added again, merges along the first-parent line, and the summary cache."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from generator.content.diff.history import CACHE_NAME, read_history
from tests.conftest import MINIMAL
from tests.gitrepo import CATALOGUE, POLICY, commit, edit, git


def test_summaries_dates_and_cache(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    git(root, "init", "-q", "-b", "main")
    commit(root, "初始", "2024-03-04")
    cat = content / CATALOGUE
    edit(cat, "updated: 2024-03-01", "updated: 2024-09-02")
    edit(cat, "  - id: student-aid", "  - id: student-aid-old")  # an item renamed: removed and added
    commit(root, "复核", "2024-09-02")
    # a pull request merged with a merge commit: one change, on the day it was merged
    git(root, "checkout", "-q", "-b", "pr")
    edit(cat, "name: 招生范围", "name: 招生片区")
    commit(root, "改名", "2024-10-08")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "合并", "pr", day="2024-10-10")
    (content / POLICY).unlink()
    commit(root, "删除", "2024-10-11")
    shutil.copy(MINIMAL / POLICY, content / POLICY)
    commit(root, "重新发布", "2024-10-12")

    cache = tmp_path / "cache"
    history = read_history(content, cache)
    assert history.available
    lines = [(e.date.isoformat(), e.summary) for e in history.entries[CATALOGUE]]
    assert lines == [
        ("2024-10-10", "修改 二级事项：招生片区"),
        (
            "2024-09-02",
            "新增事项：资助对象名单；删除事项：资助对象名单；修改 更新日期：2024-03-01 → 2024-09-02",
        ),
        ("2024-03-04", "新建目录"),
    ]
    assert history.modified[CATALOGUE] == dt.date(2024, 10, 10)
    # deleted, then published again: its history starts again
    assert [(e.date.isoformat(), e.summary) for e in history.entries[POLICY]] == [("2024-10-12", "发布")]
    assert history.modified["policies/2024/open-gov-plan.md"] == dt.date(2024, 3, 4)
    assert "interpretations/2024/open-gov-plan-read.md" not in history.entries  # no page shows it
    saved = json.loads((cache / CACHE_NAME).read_text(encoding="utf-8"))
    assert len(saved["summaries"]) == 2
    # a second read takes the summaries from the cache
    (cache / CACHE_NAME).write_text(
        json.dumps({**saved, "summaries": {k: "（缓存）" for k in saved["summaries"]}}), encoding="utf-8"
    )
    again = read_history(content, cache)
    assert [e.summary for e in again.entries[CATALOGUE]] == ["（缓存）", "（缓存）", "新建目录"]


def test_no_history_outside_git(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    history = read_history(content)
    assert not history.available and "不在 git 仓库中" in (history.reason or "")
    assert history.entries == {} and history.modified == {}
