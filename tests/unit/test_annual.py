"""The annual report: a consistent one is clean; duplicates; figures from the policy library;
the list the compliance report reads."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.checks import check
from generator.content import annual as a

from ..conftest import FIXTURES, TODAY, lines
from .test_rules import JOINT, POLICY, edit

REPORT = FIXTURES / "annual" / "office-2024.yml"
AT = "annual-reports/2024/office.yml"


def add_report(content: Path, rel: str = AT) -> Path:
    target = content / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPORT, target)
    return target


def test_a_consistent_report_is_clean(content: Path) -> None:
    add_report(content)
    assert lines(check(content, today=TODAY)) == []


def test_one_report_a_year_for_each_organization(content: Path) -> None:
    add_report(content)
    add_report(content, "annual-reports/2024/office-2.yml")
    assert lines(check(content, today=TODAY)) == [
        # (by path: office-2.yml comes first)
        "annual-reports/2024/office.yml:2:15: 错误 E816 organization: annual-reports/2024/office-2.yml "
        "已经是这个机构 2024 年的年报：请删除或合并重复的文件"
    ]


def test_library_figures_count_issued_repealed_and_current(content: Path) -> None:
    # office leads two 行政规范性文件: one issued in 2023 and repealed in 2024, one issued in 2024
    edit(content, POLICY, "issuer: edu\n", "issuer: office\n")
    edit(
        content,
        POLICY,
        "written: 2024-03-01\npublished: 2024-03-04\n",
        "written: 2023-03-01\npublished: 2023-03-04\n",
    )
    edit(
        content,
        POLICY,
        "disclosure: 主动公开\n",
        "disclosure: 主动公开\nkind: 行政规范性文件\nvalidity: 废止\nrepealed: 2024-09-30\n"
        "superseded_by: 测政办发〔2024〕12号\n",
    )
    corpus = check(content, today=TODAY).corpus
    assert a.library_figures(corpus, "office", 2024, "行政规范性文件") == (1, 1, 1)
    assert a.library_figures(corpus, "office", 2023, "行政规范性文件") == (1, 0, 1)
    assert a.library_figures(corpus, "office", 2024, "规章") is None
    assert a.library_figures(corpus, "edu", 2024, "行政规范性文件") is None
    assert JOINT.endswith("open-gov-plan.md")


def test_the_list_of_reports_for_the_compliance_report(content: Path) -> None:
    add_report(content)
    late = add_report(content, "annual-reports/2023/office.yml")
    late.write_text(
        late.read_text(encoding="utf-8")
        .replace("year: 2024", "year: 2023")
        .replace("published: 2025-01-20", "published: 2024-02-20"),
        encoding="utf-8",
    )
    reports = a.annual_reports(check(content, today=TODAY).corpus)
    assert [(r.organization, r.year, r.published, r.on_time) for r in reports] == [
        ("office", 2023, dt.date(2024, 2, 20), False),
        ("office", 2024, dt.date(2025, 1, 20), True),
    ]
