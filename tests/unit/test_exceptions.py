"""Personal data declared as a legal exception: a W605 warning, worded exactly."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from generator.checks import check

from ..conftest import TODAY, lines

ID = "11010519491231002X"  # valid check digit
MOBILE = "13912345678"
POLICY = "policies/2024/enrolment-plan.md"


def declare(content: Path, exception: str = "强制性信息披露", reason: str = "依法公示") -> Path:
    path = content / POLICY
    text = path.read_text(encoding="utf-8").replace(
        "disclosure: 主动公开",
        f"disclosure: 主动公开\npersonal_data:\n  exception: {exception}\n  reason: {reason}",
    )
    path.write_text(text, encoding="utf-8")
    return path


def test_body_and_front_matter_findings_restated(content: Path) -> None:
    path = declare(content)
    text = path.read_text(encoding="utf-8").replace(
        "title: ", f"title: 咨询{MOBILE}的"
    )  # a finding in the front matter too
    path.write_text(text + f"\n失信人员：{ID}\n", encoding="utf-8")
    assert lines(check(content, today=TODAY)) == [
        f"{POLICY}:2:10: 警告 W605 title: 疑似完整的手机号码（139****5678）（已声明为强制性信息披露，理由：依法公示）",
        f"{POLICY}:23:6: 警告 W605 正文: 疑似完整的身份证号码（110105********002X）"
        "（已声明为强制性信息披露，理由：依法公示）",
    ]


def test_attachment_findings_restated(content: Path) -> None:
    folder = content / "attachments" / "2024"
    folder.mkdir(parents=True)
    (folder / "名单.csv").write_text(f"姓名,身份证号\n赵某,{ID}\n", encoding="utf-8")
    (content / "attachments.yml").write_text(
        "- file: 2024/名单.csv\n  exception: 惩戒公示\n  reason: 依据《社会救助暂行办法》第六十八条公示\n",
        encoding="utf-8",
    )
    assert lines(check(content, today=TODAY)) == [
        "attachments/2024/名单.csv:2:2: 警告 W605 第 2 行第 2 列: 第 2 行第 2 列"
        "（已声明为惩戒公示，理由：依据《社会救助暂行办法》第六十八条公示）",
    ]


def test_undeclared_findings_stay_errors(content: Path) -> None:
    path = content / POLICY
    path.write_text(path.read_text(encoding="utf-8") + f"\n失信人员：{ID}\n", encoding="utf-8")
    assert lines(check(content, today=TODAY)) == [
        f"{POLICY}:20:6: 错误 E601 正文: 疑似完整的身份证号码（110105********002X）：公开前请去标识化，"
        "只保留前 6 位和后 4 位，如 110105********002X；确属依法必须公开的，请在发布前由审核人确认",
    ]


def test_restated_from_data_not_from_the_message(content: Path) -> None:
    # a full-width colon in the cell's sheet name once cut the restated text short
    folder = content / "attachments" / "2024"
    folder.mkdir(parents=True)
    book = openpyxl.Workbook()
    book.active.title = "名单：第一批"
    book.active.append(["赵某", ID])
    book.save(folder / "名单.xlsx")
    (content / "attachments.yml").write_text(
        "- file: 2024/名单.xlsx\n  exception: 惩戒公示\n  reason: 依法公示\n", encoding="utf-8"
    )
    (d,) = check(content, today=TODAY).diagnostics
    assert d.message == "工作表“名单：第一批”单元格 B1（已声明为惩戒公示，理由：依法公示）"


def test_restated_the_same_from_the_cache(content: Path, tmp_path: Path) -> None:
    path = declare(content)
    path.write_text(path.read_text(encoding="utf-8") + f"\n失信人员：{ID}\n", encoding="utf-8")
    fresh = lines(check(content, today=TODAY, cache_dir=tmp_path / "cache"))
    cached = check(content, today=TODAY, cache_dir=tmp_path / "cache")
    assert lines(cached) == fresh
    assert fresh[0].endswith(
        "疑似完整的身份证号码（110105********002X）（已声明为强制性信息披露，理由：依法公示）"
    )
    assert [d.value for d in cached.diagnostics] == ["110105********002X"]
