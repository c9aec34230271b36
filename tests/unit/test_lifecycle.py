"""A policy's life: repeal, replacement and embargo, as the checker and the view model see them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.checks import check
from generator.content.model import BEIJING

from ..conftest import TODAY, lines
from .test_rules import JOINT, POLICY, edit

REPEAL = "disclosure: 主动公开\nvalidity: 废止\nrepealed: {repealed}\nsuperseded_by: {by}\n"


def repeal(content: Path, rel: str, repealed: str, by: str | None = None) -> None:
    text = REPEAL.format(repealed=repealed, by=by or "x")
    if by is None:
        text = text.replace("superseded_by: x\n", "")
    edit(content, rel, "disclosure: 主动公开\n", text)


def test_a_repealed_policy_with_its_replacement_is_clean(content: Path) -> None:
    repeal(content, POLICY, "2024-09-30", by="测政办发〔2024〕12号")
    assert lines(check(content, today=TODAY)) == []


def test_the_replacement_must_not_be_repealed_earlier(content: Path) -> None:
    repeal(content, POLICY, "2024-10-15", by="open-gov-plan")
    repeal(content, JOINT, "2024-10-01")
    got = lines(check(content, today=TODAY))
    assert got == [
        f"{POLICY}:13:16: 错误 E805 superseded_by: 替代文件“测试县人民政府办公室关于印发2024年政务公开工作要点的通知”"
        "在 2024-10-01 已经废止，早于本文件的废止日期 2024-10-15：请核对替代文件和废止日期"
    ]


def test_a_replacement_repealed_later_is_fine(content: Path) -> None:
    repeal(content, POLICY, "2024-10-01", by="open-gov-plan")
    repeal(content, JOINT, "2024-10-15")
    assert lines(check(content, today=TODAY)) == []


def test_an_embargo_is_reported_only_before_its_moment(content: Path) -> None:
    edit(content, POLICY, "disclosure: 主动公开\n", "disclosure: 主动公开\npublish_after: 2024-11-01 09:00\n")
    before = check(content, now=dt.datetime(2024, 11, 1, 8, 59, tzinfo=BEIJING))
    assert [(d.code, d.line) for d in before.diagnostics] == [("W806", 11)]
    assert "2024-11-01 09:00（北京时间）" in before.diagnostics[0].message
    after = check(content, now=dt.datetime(2024, 11, 1, 1, 0, tzinfo=dt.UTC))  # 09:00 in Beijing
    assert lines(after) == []


def test_an_embargo_follows_source_date_epoch(content: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    edit(
        content,
        POLICY,
        "disclosure: 主动公开\n",
        "disclosure: 主动公开\npublish_after: 2026-01-01T12:00:00+08:00\n",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T08:00+08:00
    assert [d.code for d in check(content).diagnostics if d.code == "W806"] == ["W806"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767254400")  # 2026-01-01T16:00+08:00
    assert [d.code for d in check(content).diagnostics if d.code == "W806"] == []
