"""zwgk new annual-report: the national format's rows at 0, table 二 counted from the library."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.checks import check
from generator.commands.new import new_command
from generator.content.yamlsafe import parse_yaml

from ..conftest import TODAY, lines
from .test_rules import POLICY, edit

AT = "annual-reports/2024/office.yml"


def make(content: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(new_command, ["annual-report", "--content", str(content), *args])
    return result.exit_code, result.output


def test_the_template_counts_the_library_and_checks_but_for_its_prose(content: Path) -> None:
    # office leads one 行政规范性文件 of 2024 (the minimal site's joint policy)
    edit(content, POLICY, "disclosure: 主动公开\n", "disclosure: 主动公开\nkind: 规章\n")
    out = content / AT
    code, said = make(
        content,
        "--year",
        "2024",
        "--organization",
        "测试县人民政府办公室",
        "--out",
        str(out),
        "--date",
        "2025-01-10",
    )
    assert code == 0, said
    data = parse_yaml(out.read_text(encoding="utf-8")).data
    assert data["organization"] == "office"  # the name, resolved to the id
    assert data["published"] == "2025-01-10"
    assert data["active"]["normative_documents"] == ["1", "0", "1"]  # (as written)
    assert data["active"]["regulations"] == ["0", "0", "0"]  # edu's 规章 is not office's
    assert "（按政策文件库统计）" in out.read_text(encoding="utf-8")
    assert [d.split(" ", 3)[:3] for d in lines(check(content, today=TODAY))] == [
        [f"{AT}:14:11:", "错误", "E209"],
        [f"{AT}:103:11:", "错误", "E209"],
        [f"{AT}:107:16:", "错误", "E209"],
    ]
    text = out.read_text(encoding="utf-8").replace("  ……", "  本年度情况见下表。")
    out.write_text(text, encoding="utf-8")
    assert lines(check(content, today=TODAY)) == []


def test_the_report_needs_a_year_and_a_registered_organization(content: Path) -> None:
    code, said = make(content, "--organization", "office")
    assert code == 2 and "--year" in said
    code, said = make(content, "--year", "2024", "--organization", "教育局")
    assert code == 2 and "“教育局”不是" in said
    code, said = make(content, "--year", "2024", "--organization", "office", "--issuer", "office")
    assert code == 2 and "--issuer" in said
