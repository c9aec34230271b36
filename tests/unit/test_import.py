"""``zwgk import``: real Excel tables (national layout, one-row header, broken ones) → catalogue YAML."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any, get_args

import click
import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks import check
from generator.commands import ZwgkGroup
from generator.commands.importer import import_command
from generator.content import importer
from generator.content import model as m
from generator.content.files import write_atomic
from generator.content.fmt import format_text
from generator.content.importer import (
    CellProblem,
    import_catalogue,
    parse_channels,
    scalar,
    split_list,
)
from generator.content.load import load_file
from generator.content.yamlsafe import parse_yaml
from generator.site.exports import catalogue_xlsx, channel_boxes
from generator.site.sitedata import build

from ..conftest import TODAY, codes

SAMPLE = Path(__file__).parent.parent.parent / "content"
SAMPLE_TODAY = dt.date(2026, 11, 22)
EDU = "测试县教育和体育局"
TOWN = "测试县东城镇人民政府"
LAW = "《中华人民共和国义务教育法》"
TIME = "信息形成或者变更之日起20个工作日内"

Cells = dict[tuple[int, int], str]
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)

# --- writing test tables -----------------------------------------------------------------------

# the national template: 序号 | 公开事项(一级, 二级) | 内容 | 依据 | 时限 | 主体 | 渠道 | 对象(2) | 方式(2) | 层级(2)
TOP = ("序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体")
TOP += ("公开对象", "", "公开方式", "", "公开层级", "")
SUB = ("", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请", "县级", "乡级")
HEADER_MERGES: list[Merge] = [(1, 1, 1, 14), (2, 2, 2, 3), (2, 9, 2, 10), (2, 11, 2, 12), (2, 13, 2, 14)]
HEADER_MERGES += [(2, c, 3, c) for c in (1, 4, 5, 6, 7, 8)]


def boxes(*ticked: str, full_width: bool = False, sep: str = " ") -> str:
    """公开渠道和载体 as 13 boxes, ■ ticked, □ not."""
    out = []
    for channel in m.CHANNELS:
        name = channel.replace("(", "（").replace(")", "）") if full_width else channel
        out.append(("■" if channel in ticked else "□") + name)
    return sep.join(out)


def marks(code: str) -> list[str]:
    """The six mark cells (全社会 特定群体 主动 依申请 县级 乡级): - for empty, ? for “部分”."""
    return ["" if ch == "-" else "部分" if ch == "?" else ch for ch in code]


def national(rows: list[list[str]], merges: list[Merge]) -> tuple[Cells, list[Merge]]:
    """The national layout: a title, two header rows, ``rows`` from row 4."""
    cells: Cells = {(1, 1): "测试县义务教育领域基层政务公开标准目录"}
    for c, text in enumerate(TOP, start=1):
        if text:
            cells[2, c] = text
    for c, text in enumerate(SUB, start=1):
        if text:
            cells[3, c] = text
    for r, row in enumerate(rows, start=4):
        for c, text in enumerate(row, start=1):
            if text:
                cells[r, c] = text
    return cells, HEADER_MERGES + merges


def write_xlsx(path: Path, cells: Cells, merges: list[Merge], sheet: str = "义务教育") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for (r, c), text in cells.items():
        ws.cell(row=r, column=c, value=text)
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    book.save(path)
    return path


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _biff_text(value: str, lenlen: int) -> bytes:
    return struct.pack("<B" if lenlen == 1 else "<H", len(value)) + b"\x01" + value.encode("utf-16-le")


def xls_bytes(cells: Cells, merges: list[Merge], sheet: str = "义务教育", encrypted: bool = False) -> bytes:
    """An Excel 97-2003 file: a BIFF8 workbook (text cells, merged ranges) in an OLE2 container.

    Nothing installed writes .xls, so this writes the few records xlrd needs: BOF, BOUNDSHEET,
    LABEL, MERGEDCELLS, EOF (and FILEPASS, to play an encrypted file).
    """
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0, 1997, 0, 6)
    eof = _record(0x000A, b"")
    extra = _record(0x002F, b"\x00" * 6) if encrypted else b""
    name = _biff_text(sheet, 1)
    head = _record(0x0809, bof) + extra + _record(0x0042, struct.pack("<H", 1200))
    offset = len(head) + 4 + 6 + len(name) + len(eof)
    stream = head + _record(0x0085, struct.pack("<IBB", offset, 0, 0) + name) + eof
    stream += _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 1997, 0, 6))
    for (r, c), text in sorted(cells.items()):
        stream += _record(0x0204, struct.pack("<HHH", r - 1, c - 1, 0) + _biff_text(text, 2))
    ranges = b"".join(struct.pack("<HHHH", r1 - 1, r2 - 1, c1 - 1, c2 - 1) for r1, c1, r2, c2 in merges)
    stream += _record(0x00E5, struct.pack("<H", len(merges)) + ranges) + eof
    stream += b"\x00" * (max(4096, -(-len(stream) // 512) * 512) - len(stream))  # a regular stream
    sectors = len(stream) // 512
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    fat = [0xFFFFFFFD, *range(2, sectors + 1), end, end]  # FAT, the stream's chain, the directory
    fat += [free] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack(
        "<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, sectors + 1, 0, 4096, end, 0, end, 0
    )
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\x00").encode("utf-16-le") if name else b""
        links = struct.pack("<HBBIII", len(raw), kind, 1, free, free, child)
        return raw.ljust(64, b"\x00") + links + b"\x00" * 36 + struct.pack("<III", start, size, 0)

    directory = entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 1, len(stream))
    directory += entry("", 0, free, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + stream + directory


# --- the national table used throughout ----------------------------------------------------------

NATIONAL_ROWS = [
    [
        "1",
        "招生管理",
        "招生范围",
        "①招生范围\n②学区划分详细情况",
        f"{LAW}\n《中华人民共和国政府信息公开条例》",
        TIME,
        EDU,
        boxes("政府网站", "两微一端", "公开查阅点"),
        *marks("√-√-√√"),
    ],
    [
        "2",
        "",
        "招生计划",
        "1.招生计划；2.各校招生人数",
        f"{LAW}第十二条",
        "每年6月底前",
        EDU,
        boxes("政府网站", "社区/企事业单位/村公示栏(电子屏)", full_width=True, sep="\n"),
        *marks("✓-√-√-"),
    ],
    [
        "3",
        "",
        "入学条件",
        "●入学条件\n●所需材料\n●办理流程",
        f"{LAW}《中华人民共和国未成年人保护法》",
        TIME,
        f"{EDU}、{TOWN}",
        "☑政府网站 ☐政府公报 ☑入户/现场",
        *marks("√-√--√"),
    ],
    [
        "4",
        "学生资助",
        "资助政策",
        "资助政策\n申请条件",
        "《学生资助资金管理办法》",
        "制定或获取信息之日起10个工作日内",
        EDU,
        boxes("政府网站", "两微一端"),
        *marks("√-√-√√"),
    ],
    [
        "5",
        "",
        "资助名额",
        "（1）资助名额\n（2）分配办法",
        "《学生资助资金管理办法》",
        "",
        EDU,
        boxes("政府网站"),
        *marks("√-√-√-"),
    ],
    ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["注：打√为适用", "", "", "", "", "", "", "", "", "", "", "", "", ""],
]
# 一级事项 merged down; 公开时限 of the two 学生资助 rows merged; the note merged across the table
NATIONAL_MERGES: list[Merge] = [(4, 2, 6, 2), (7, 2, 8, 2), (7, 6, 8, 6), (10, 1, 10, 14)]

NATIONAL_ITEMS: list[dict[str, Any]] = [
    {
        "id": "item-001",
        "category": "招生管理",
        "name": "招生范围",
        "content": ["招生范围", "学区划分详细情况"],
        "basis": [LAW, "《中华人民共和国政府信息公开条例》"],
        "time_limit": TIME,
        "channels": ["政府网站", "两微一端", "公开查阅点"],
        "audience": "全社会",
        "method": "主动",
        "levels": ["县级", "乡级"],
    },
    {
        "id": "item-002",
        "category": "招生管理",
        "name": "招生计划",
        "content": ["招生计划", "各校招生人数"],
        "basis": [f"{LAW}第十二条"],
        "time_limit": "每年6月底前",
        "channels": ["政府网站", "社区/企事业单位/村公示栏(电子屏)"],
        "audience": "全社会",
        "method": "主动",
        "levels": ["县级"],
    },
    {
        "id": "item-003",
        "category": "招生管理",
        "name": "入学条件",
        "content": ["入学条件", "所需材料", "办理流程"],
        "basis": [LAW, "《中华人民共和国未成年人保护法》"],
        "time_limit": TIME,
        "subjects": [EDU, TOWN],
        "channels": ["政府网站", "入户/现场"],
        "audience": "全社会",
        "method": "主动",
        "levels": ["乡级"],
    },
    {
        "id": "item-004",
        "category": "学生资助",
        "name": "资助政策",
        "content": ["资助政策", "申请条件"],
        "basis": ["《学生资助资金管理办法》"],
        "time_limit": "制定或获取信息之日起10个工作日内",
        "channels": ["政府网站", "两微一端"],
        "audience": "全社会",
        "method": "主动",
        "levels": ["县级", "乡级"],
    },
    {
        "id": "item-005",
        "category": "学生资助",
        "name": "资助名额",
        "content": ["资助名额", "分配办法"],
        "basis": ["《学生资助资金管理办法》"],
        "time_limit": "制定或获取信息之日起10个工作日内",
        "channels": ["政府网站"],
        "audience": "全社会",
        "method": "主动",
        "levels": ["县级"],
    },
]
NOTE_WARNING = "目录.xlsx!义务教育!A10: 警告 W701: “注：打√为适用”是说明文字，不是公开事项，这一行没有导入"


@pytest.fixture
def national_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "目录.xlsx", *national(NATIONAL_ROWS, NATIONAL_MERGES))


def run(path: Path, **kwargs: Any) -> Any:
    options: dict[str, Any] = {"domain": "义务教育", "organization": "edu", "organization_names": [EDU]}
    return import_catalogue(path, **(options | kwargs))


def formatted(problems: list[CellProblem]) -> list[str]:
    return [p.format() for p in problems]


def install(content: Path, yaml_text: str) -> None:
    (content / "catalogues/compulsory-education/edu.yml").write_text(yaml_text, encoding="utf-8")


# --- the national layout ----------------------------------------------------------------------------


def test_national_layout_rows_in_order_values_as_written(national_xlsx: Path) -> None:
    result = run(national_xlsx)
    assert result.catalogue == {
        "domain": "义务教育",
        "organization": "edu",
        "level": "县级",
        "items": NATIONAL_ITEMS,
    }
    assert result.items == 5 and result.sheet == "义务教育"
    assert formatted(result.problems) == [NOTE_WARNING]
    assert result.errors == []


def test_yaml_text_in_the_contract_form(national_xlsx: Path) -> None:
    text = run(national_xlsx).yaml_text
    lines = text.splitlines()
    assert lines[0] == "# 由 zwgk import 从“目录.xlsx”的工作表“义务教育”导入（第 4–8 行）"
    assert lines[1:5] == ["domain: 义务教育", "organization: edu", "level: 县级", "items:"]
    assert lines[5:17] == [
        "  - id: item-001",
        "    category: 招生管理",
        "    name: 招生范围",
        "    content: [招生范围, 学区划分详细情况]",
        "    basis:",
        f"      - {LAW}",
        "      - 《中华人民共和国政府信息公开条例》",
        f"    time_limit: {TIME}",
        "    channels: [政府网站, 两微一端, 公开查阅点]",
        "    audience: 全社会",
        "    method: 主动",
        "    levels: [县级, 乡级]",
    ]
    # the project's own loader reads it back as the same catalogue, with nothing to report
    loaded = load_file("catalogues/compulsory-education/edu.yml", "catalogue", text.encode())
    assert loaded.diagnostics == []
    assert isinstance(loaded.model, m.Catalogue)
    assert [item.name for item in loaded.model.items] == [
        "招生范围",
        "招生计划",
        "入学条件",
        "资助政策",
        "资助名额",
    ]


def test_the_importer_lists_are_the_model_lists() -> None:
    # the values a table may split into columns of marks: the model's Literal types
    assert {
        "audience": get_args(m.Audience),
        "method": get_args(m.Method),
        "levels": get_args(m.Level),
    } == importer.SPLIT
    # an item's keys in the model's field order (the contract's, and zwgk fmt's)
    assert tuple(m.CatalogueItem.model_fields) == importer.ITEM_KEY_ORDER
    fields = m.CatalogueItem.model_fields
    assert tuple(n for n, f in fields.items() if f.is_required() and n != "id") == importer.REQUIRED
    assert {n: fields[n].title for n in (*importer.REQUIRED, "subjects")} == importer.LABELS
    assert list(importer.LABELS.values()) == [
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
        "公开层级",
    ]


def test_imported_yaml_is_already_formatted(national_xlsx: Path, tmp_path: Path) -> None:
    # every key an item can have: the importer's order is the one zwgk fmt puts them in
    header = [*SIMPLE_HEADER, "咨询电话"]
    rows = [[*row[:-1], "说明", "0000-1234567"] for row in SIMPLE_ROWS]
    table = simple_table(tmp_path, header, rows)
    for result in (run(national_xlsx), run(table, organization_names=[])):
        assert result.yaml_text and format_text("catalogue", result.yaml_text) == result.yaml_text
        for item in result.catalogue["items"]:
            assert list(item) == [k for k in m.CatalogueItem.model_fields if k in item]
    keys = {k for item in result.catalogue["items"] for k in item}
    assert keys == set(m.CatalogueItem.model_fields) - {"method_reason"}


def test_imported_catalogue_passes_check(content: Path, national_xlsx: Path) -> None:
    install(content, run(national_xlsx).yaml_text)
    result = check(content, today=TODAY)
    assert result.errors == []
    # the table says nothing of when the catalogue was last reviewed: the clerk adds it
    assert codes(result) == ["W514"]


def test_level_variant_is_written_canonical(national_xlsx: Path) -> None:
    result = run(national_xlsx, level="乡、村级")
    assert result.catalogue["level"] == "乡级"


def test_subjects_kept_when_the_organization_is_given_by_id_only(national_xlsx: Path) -> None:
    result = run(national_xlsx, organization_names=[])
    assert [item.get("subjects") for item in result.catalogue["items"]] == [[EDU]] * 2 + [[EDU, TOWN]] + [
        [EDU]
    ] * 2


def test_xls_with_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "目录.xls"
    path.write_bytes(xls_bytes(*national(NATIONAL_ROWS, NATIONAL_MERGES)))
    result = run(path)
    assert result.catalogue["items"] == NATIONAL_ITEMS
    assert formatted(result.problems) == [NOTE_WARNING.replace("目录.xlsx", "目录.xls")]


def test_xls_saved_with_an_xlsx_name_is_read_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "目录.xlsx"
    path.write_bytes(xls_bytes(*national(NATIONAL_ROWS, NATIONAL_MERGES)))
    assert run(path).catalogue["items"] == NATIONAL_ITEMS


def test_repeated_header_and_more_title_rows(tmp_path: Path) -> None:
    cells, merges = national(NATIONAL_ROWS[:2], [(4, 2, 5, 2)])
    # two title rows above the header, and the header printed again (as on every page)
    shifted = {(r + 1, c): t for (r, c), t in cells.items()} | {(1, 1): "附件2"}
    for c, text in enumerate(TOP, start=1):
        if text:
            shifted[7, c] = text
    shifted[8, 2], shifted[8, 3] = "一级事项", "二级事项"
    for c, text in enumerate(NATIONAL_ROWS[3], start=1):
        if text:
            shifted[9, c] = text
    merged = [(r1 + 1, c1, r2 + 1, c2) for r1, c1, r2, c2 in merges]
    result = run(write_xlsx(tmp_path / "目录.xlsx", shifted, merged))
    assert [i["name"] for i in result.catalogue["items"]] == ["招生范围", "招生计划", "资助政策"]
    assert result.problems == []


def test_several_sheets(tmp_path: Path) -> None:
    cells, merges = national(NATIONAL_ROWS[:1], [])
    book = openpyxl.Workbook()
    book.active.title = "填表说明"
    book.active["A1"] = "请按国家目录模板填写"
    for title, state in (("旧版", "hidden"), ("县级", "visible"), ("乡级", "visible")):
        ws = book.create_sheet(title)
        ws.sheet_state = state
        for (r, c), text in cells.items():
            ws.cell(row=r, column=c, value=text)
        for r1, c1, r2, c2 in merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    ws["C4"] = "乡级事项"
    path = tmp_path / "目录.xlsx"
    book.save(path)
    result = run(path)
    assert result.sheet == "县级"  # the first visible sheet with a catalogue header
    assert formatted(result.problems) == [
        "目录.xlsx!县级: 警告 W702: 工作表“乡级”中也有目录表，本次只导入了“县级”：需要时用 --sheet 指定后分别导入"
    ]
    chosen = run(path, sheet="乡级")
    assert chosen.problems == []
    assert chosen.catalogue["items"][0]["name"] == "乡级事项"
    assert run(path, sheet="旧版").sheet == "旧版"  # a hidden sheet, when asked for by name
    assert formatted(run(path, sheet="市级").problems) == [
        "目录.xlsx: 错误 E701: 没有名为“市级”的工作表；这个文件中的工作表：“填表说明”、“旧版”、“县级”、“乡级”"
    ]


# --- a simple one-row header with text values ------------------------------------------------------

SIMPLE_HEADER = [
    "一级事项",
    "二级 事项",
    "公开内容",
    "公开依据",
    "公开\n时限",
    "公开主体",
    "公开渠道\n和载体",
]
SIMPLE_HEADER += ["公开对象", "公开方式", "公开层级", "备注"]
SIMPLE_ROWS = [
    [
        "招生管理",
        "招生范围",
        "招生范围",
        LAW,
        TIME,
        EDU,
        "政府网站、两微一端\n公开查阅点",
        "全社会",
        "主动公开",
        "县级、乡级",
        "",
    ],
    [
        "",
        "招生结果",
        "录取名单（去标识化）",
        LAW,
        TIME,
        EDU,
        "社区、企事业单位、村公示栏（电子屏）",
        "特定群众",
        "主动",
        "乡、村级",
        "仅公示学生姓名",
    ],
    [
        "学生资助",
        "资助名单",
        "受助学生名单",
        "《学生资助资金管理办法》",
        TIME,
        EDU,
        "政府网站，征地信息公开平台",
        "特定群体",
        "依申请公开",
        "县级",
        "",
    ],
]


def simple_table(tmp_path: Path, header: list[str], rows: list[list[str]]) -> Path:
    cells: Cells = {(1, 1): "测试县义务教育领域标准目录"}
    for r, row in enumerate([header, *rows], start=2):
        for c, text in enumerate(row, start=1):
            if text:
                cells[r, c] = text
    return write_xlsx(tmp_path / "目录.xlsx", cells, [], sheet="Sheet1")


def test_one_row_header_with_text_values(tmp_path: Path) -> None:
    result = run(simple_table(tmp_path, SIMPLE_HEADER, SIMPLE_ROWS))
    items = result.catalogue["items"]
    assert [(i["category"], i["name"]) for i in items] == [
        ("招生管理", "招生范围"),
        ("招生管理", "招生结果"),  # a blank 一级事项 continues the one above
        ("学生资助", "资助名单"),
    ]
    assert items[0]["channels"] == ["政府网站", "两微一端", "公开查阅点"]
    assert items[1]["channels"] == ["社区/企事业单位/村公示栏(电子屏)"]
    assert items[2]["channels"] == ["政府网站"]
    assert items[2]["channels_other"] == ["征地信息公开平台"]
    assert [(i["audience"], i["method"], i["levels"]) for i in items] == [
        ("全社会", "主动", ["县级", "乡级"]),
        ("特定群体", "主动", ["乡级"]),
        ("特定群体", "依申请", ["县级"]),
    ]
    assert items[1]["note"] == "仅公示学生姓名"
    assert items[1]["content"] == "录取名单（去标识化）"
    assert "subjects" not in items[0]
    assert formatted(result.problems) == [
        "目录.xlsx!Sheet1!G5: 警告 W705: “征地信息公开平台”不是 13 个公开渠道和载体之一，已写入 channels_other（其他渠道）；如是笔误请改正",
        "目录.xlsx!Sheet1!I5: 警告 W703: 公开方式为依申请：国家模板没有理由一栏，导入后请为这个事项补写 method_reason",
    ]


def test_header_with_serial_number_full_width_brackets_and_unknown_column(tmp_path: Path) -> None:
    header = ["序 号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体"]
    header += ["公开渠道和载体", "公开对象", "公开方式", "公开层级", "联系人"]
    row = [
        "1",
        "招生管理",
        "招生范围",
        "招生范围",
        LAW,
        TIME,
        EDU,
        "政府网站",
        "全社会",
        "主动",
        "县级",
        "张老师",
    ]
    result = run(simple_table(tmp_path, header, [row]))
    assert result.catalogue["items"][0]["content"] == "招生范围"
    assert formatted(result.problems) == [
        "目录.xlsx!Sheet1!L2: 警告 W706: 表头“联系人”不是目录模板中的列，这一列没有导入"
    ]


def test_channels_as_columns_of_marks(tmp_path: Path) -> None:
    """公开渠道和载体 as a group over one √ column per channel; text under 其他 names the channel."""
    top = ["公开事项", "", "公开内容", "公开依据", "公开时限", "公开渠道和载体", *[""] * 12]
    top += ["公开对象", "公开方式", "公开层级"]
    sub = [
        "一级事项",
        "二级事项",
        "",
        "",
        "",
        *[ch.replace("(", "（").replace(")", "）") for ch in m.CHANNELS],
    ]
    cells: Cells = {}
    for c, text in enumerate(top, start=1):
        if text:
            cells[1, c] = text
    for c, text in enumerate(sub, start=1):
        if text:
            cells[2, c] = text
    first = ["招生管理", "招生范围", "招生范围", LAW, TIME]
    ticks = {6: "√", 8: "√", 16: "√"}  # 政府网站, 两微一端, 社区/企事业单位/村公示栏(电子屏)
    for c, text in enumerate(
        [*first, *[ticks.get(c, "") for c in range(6, 19)], "全社会", "主动", "县级"], start=1
    ):
        if text:
            cells[3, c] = text
    second = ["", "招生结果", "录取名单", LAW, TIME, *[""] * 12, "村级微信群", "特定群体", "主动", "乡级"]
    for c, text in enumerate(second, start=1):
        if text:
            cells[4, c] = text
    merges = [(1, 1, 1, 2), (1, 6, 1, 18), (3, 1, 4, 1)] + [(1, c, 2, c) for c in (3, 4, 5, 19, 20, 21)]
    result = run(write_xlsx(tmp_path / "目录.xlsx", cells, merges))
    assert result.problems == []
    first_item, second_item = result.catalogue["items"]
    assert first_item["channels"] == ["政府网站", "两微一端", "社区/企事业单位/村公示栏(电子屏)"]
    assert (second_item["category"], second_item["channels"]) == ("招生管理", ["其他"])
    assert second_item["channels_other"] == ["村级微信群"]
    assert (second_item["audience"], second_item["levels"]) == ("特定群体", ["乡级"])


# --- what cannot be read ----------------------------------------------------------------------------

BROKEN_ROWS = [
    ["1", "招生管理", "招生范围", "招生范围", LAW, TIME, EDU, boxes("政府网站"), "√", "", "√", "", "√", ""],
    ["2", "", "", "招生计划", LAW, TIME, EDU, boxes("政府网站"), "√", "", "√", "", "√", ""],
    ["3", "", "入学条件", "入学条件", LAW, TIME, EDU, boxes("政府网站"), "√", "", "", "", "√", ""],
    ["4", "", "转学", "转学办法", LAW, TIME, EDU, boxes("政府网站"), "√", "√", "√", "", "√", ""],
    ["5", "", "休学", "休学办法", LAW, TIME, EDU, boxes(), "√", "", "√", "", "√", ""],
    ["6", "", "复学", "复学办法", "", TIME, EDU, boxes("政府网站"), "√", "", "√", "", "√", "部分"],
]


def test_problems_are_located_by_cell(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "目录.xlsx", *national(BROKEN_ROWS, [(4, 2, 9, 2)]))
    result = run(path)
    assert formatted(result.problems) == [
        "目录.xlsx!义务教育!C5: 错误 E704: 没有填写二级事项（公开事项名称）：这一行导入后缺少 name，请补上",
        "目录.xlsx!义务教育!K6: 错误 E705: 公开方式（主动、依申请）没有打√：请在其中一栏打√",
        "目录.xlsx!义务教育!I7: 错误 E706: 公开对象的全社会、特定群体都打了√：只能选一个",
        "目录.xlsx!义务教育!H8: 错误 E705: 公开渠道和载体一个也没有勾选：在适用的渠道前打■",
        "目录.xlsx!义务教育!E9: 错误 E704: 没有填写公开依据：这一行导入后缺少 basis，请补上",
        "目录.xlsx!义务教育!N9: 警告 W704: “部分”不是√：公开层级按“乡级”已打√处理；不选的请留空",
    ]
    items = result.catalogue["items"]
    assert len(items) == 6  # every row is kept, in order, without the values it lacks
    assert "name" not in items[1] and "method" not in items[2] and "audience" not in items[3]
    assert "channels" not in items[4] and "basis" not in items[5]
    assert items[5]["levels"] == ["县级", "乡级"]


def test_check_names_what_the_import_left_out(content: Path, tmp_path: Path) -> None:
    result = run(write_xlsx(tmp_path / "目录.xlsx", *national(BROKEN_ROWS, [(4, 2, 9, 2)])))
    install(content, result.yaml_text)
    found = [(d.code, d.key) for d in check(content, today=TODAY).errors]
    assert found == [
        ("E201", "items[1].name"),
        ("E201", "items[2].method"),
        ("E201", "items[3].audience"),
        ("E201", "items[4].channels"),
        ("E201", "items[5].basis"),
    ]


def test_missing_column_is_reported_at_the_header(tmp_path: Path) -> None:
    header = [h for h in SIMPLE_HEADER if h != "公开依据"]
    rows = [[v for i, v in enumerate(row) if i != 3] for row in SIMPLE_ROWS[:1]]
    result = run(simple_table(tmp_path, header, rows))
    assert formatted(result.problems) == [
        "目录.xlsx!Sheet1!A2: 错误 E703: 表头中没有“公开依据”列：导入的事项都会缺少 basis，请在表格中补上这一列"
    ]
    assert "basis" not in result.catalogue["items"][0]


def test_missing_split_group_is_reported_once(tmp_path: Path) -> None:
    cells, merges = national(NATIONAL_ROWS[:1], [])
    for r in (2, 3, 4):  # drop 公开层级 (columns M, N)
        cells.pop((r, 13), None)
        cells.pop((r, 14), None)
    merges = [mg for mg in merges if mg != (2, 13, 2, 14)]
    result = run(write_xlsx(tmp_path / "目录.xlsx", cells, merges))
    assert formatted(result.problems) == [
        "目录.xlsx!义务教育!A2: 错误 E703: 表头中没有“公开层级”列（或其下的县级、乡级两栏）："
        "导入的事项都会缺少 levels，请在表格中补上这一列"
    ]


def test_sheet_without_a_header(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "名单.xlsx", {(1, 1): "姓名", (1, 2): "金额", (2, 1): "张三"}, [], sheet="名单"
    )
    result = run(path)
    assert result.yaml_text == ""
    assert formatted(result.problems) == [
        "名单.xlsx!名单: 错误 E702: 这个工作表中找不到目录的表头（二级事项、公开内容、公开依据、公开时限……）："
        "请确认这是标准目录表格，表头在前 30 行之内"
    ]


def test_header_without_rows(tmp_path: Path) -> None:
    result = run(simple_table(tmp_path, SIMPLE_HEADER, []))
    assert result.yaml_text == ""
    assert formatted(result.problems) == [
        "目录.xlsx!Sheet1!A2: 错误 E707: 表头下面没有公开事项：请确认选对了文件和工作表"
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        (
            "目录.xlsx",
            b"this is not a spreadsheet",
            "这不是 Excel 表格（.xlsx 或 .xls）：请用 Excel 或 WPS 打开原表格，另存为 .xlsx 后再导入",
        ),
        ("目录.xlsx", b"", "文件是空的"),
        (
            "目录.xlsx",
            b"PK\x03\x04 broken zip",
            "文件已损坏（无法解压）：请用 Excel 或 WPS 打开后另存为 .xlsx，再导入",
        ),
        (
            "目录.xlsx",
            _zip({"word/document.xml": b"<w:document/>"}),
            "这是 Word 文档，不是 Excel 表格：请把目录表格复制到 Excel 中，保存为 .xlsx 再导入",
        ),
        (
            "目录.xls",
            b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            "这个文件其实是网页（HTML/XML），不是真正的 Excel 表格：请用 Excel 或 WPS 打开后“另存为” .xlsx，再导入",
        ),
        (
            "目录.xls",
            "一级事项,二级事项\n".encode(),
            "这不是 Excel 表格（.xlsx 或 .xls）：请用 Excel 或 WPS 打开原表格，另存为 .xlsx 后再导入",
        ),
        (
            "目录.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le"),
            "文件设置了打开密码：请在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿），另存后再导入",
        ),
        (
            "目录.xls",
            xls_bytes({(1, 1): "序号"}, [], encrypted=True),
            "文件设置了打开密码：请在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿），另存后再导入",
        ),
    ],
)
def test_unreadable_files_get_a_clear_message(tmp_path: Path, name: str, raw: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    result = run(path)
    assert result.yaml_text == "" and result.items == 0
    assert formatted(result.problems) == [f"{name}: 错误 E701: {message}"]


def test_the_importer_needs_no_mkdocs() -> None:
    code = "import sys, generator.content.importer\nassert not [m for m in sys.modules if m.startswith(('mkdocs', 'material'))]"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_problem_as_diagnostic() -> None:
    problem = CellProblem("目录.xlsx", "Sheet1", 12, 8, "error", "E704", "没有填写")
    assert problem.path == "目录.xlsx!Sheet1!H12"
    d = problem.to_diagnostic()
    assert (d.path, d.line, d.column, d.code, d.severity) == ("目录.xlsx!Sheet1!H12", 12, 8, "E704", "error")


# --- cell values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "titles", "expected"),
    [
        ("①招生范围②学区划分", False, ["招生范围", "学区划分"]),
        ("1.招生计划\n2.招生人数", False, ["招生计划", "招生人数"]),
        ("1、招生计划 2、招生人数。", False, ["招生计划", "招生人数"]),
        ("（一）招生计划（二）招生人数", False, ["招生计划", "招生人数"]),
        ("●甲；●乙；", False, ["甲", "乙"]),
        ("1.5万元以下的资助标准", False, ["1.5万元以下的资助标准"]),
        ("《甲法》《乙条例》", True, ["《甲法》", "《乙条例》"]),
        ("《甲法》、《乙条例》第三条", True, ["《甲法》", "《乙条例》第三条"]),
        ("《甲法》《乙条例》", False, ["《甲法》《乙条例》"]),
        ("《甲条例》（国务院令第711号）、《乙办法》", True, ["《甲条例》（国务院令第711号）", "《乙办法》"]),
    ],
)
def test_split_list(text: str, titles: bool, expected: list[str]) -> None:
    assert split_list(text, titles=titles) == expected


@pytest.mark.parametrize(
    ("text", "channels", "other"),
    [
        (boxes("政府网站", "精准推送"), ["政府网站", "精准推送"], []),
        ("■政府网站■两微一端□政府公报", ["政府网站", "两微一端"], []),
        (
            "√政府网站\n√社区/企事业单位/村公示栏（电子屏）",
            ["政府网站", "社区/企事业单位/村公示栏(电子屏)"],
            [],
        ),
        ("■其他：征地信息公开平台", ["其他"], ["征地信息公开平台"]),
        ("■政府网址", [], ["政府网址"]),
        ("政府网站, 发布会、听证会；入户/现场", ["政府网站", "发布会/听证会", "入户/现场"], []),
        ("□政府网站 □政府公报", [], []),
    ],
)
def test_parse_channels(text: str, channels: list[str], other: list[str]) -> None:
    assert parse_channels(text) == (channels, other)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1), st.booleans())
def test_scalars_read_back_as_written(text: str, flow: bool) -> None:
    line = f"key: [{scalar(text, flow=True)}]" if flow else f"key: {scalar(text)}"
    parsed = parse_yaml(line + "\n")
    assert parsed.problems == []
    assert parsed.data == {"key": [text] if flow else text}


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]))
def test_random_bytes_are_reported_never_raised(raw: bytes, magic: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name in ("目录.xlsx", "目录.xls"):
            path = Path(folder) / name
            path.write_bytes(magic + raw)
            result = run(path)
            assert result.yaml_text == ""
            assert [p.code for p in result.problems] == ["E701"]


_CELL = st.text(st.characters(exclude_categories=["Cs"]), max_size=12) | st.sampled_from(
    ["√", "■政府网站", "全社会"]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=14, max_size=14), min_size=1, max_size=4))
def test_any_cell_text_gives_yaml_the_loader_reads(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        cells, merges = national(rows, [])
        # openpyxl refuses control characters in cells; Excel files cannot hold them either
        cells = {k: re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", v) for k, v in cells.items()}
        result = run(write_xlsx(Path(folder) / "目录.xlsx", cells, merges))
    for problem in result.problems:
        assert problem.format().startswith("目录.xlsx")
    if result.yaml_text:
        loaded = load_file("catalogues/x/edu.yml", "catalogue", result.yaml_text.encode())
        assert not [d for d in loaded.diagnostics if d.code.startswith("E1")], loaded.diagnostics
        parsed = parse_yaml(result.yaml_text)
        assert parsed.data["items"] == result.catalogue["items"]


@pytest.mark.parametrize("text", ["0000-1234567", "2024-03-01", "yes", "null", "- 甲", "甲: 乙", "#1", "12"])
def test_risky_scalars_are_quoted(text: str) -> None:
    assert scalar(text).startswith('"')


# --- round trip: the table zwgk build publishes -----------------------------------------------------


def _comparable(item: dict[str, Any] | m.CatalogueItem) -> tuple[Any, ...]:
    it = item.model_dump() if isinstance(item, m.CatalogueItem) else item
    content = [it["content"]] if isinstance(it["content"], str) else list(it["content"])
    return (
        it["category"],
        it["name"],
        content,
        sorted(it["channels"], key=m.CHANNELS.index),
        list(it.get("channels_other") or []),
        it["audience"],
        it["method"],
        sorted(it["levels"], key=m.LEVELS.index),
    )


def test_the_published_xlsx_imports_back(tmp_path: Path) -> None:
    result = check(SAMPLE, today=SAMPLE_TODAY)
    assert result.errors == []
    data = build(result.corpus)
    compared = 0
    for domain in data.domains:
        views = data.catalogues.get(domain.slug)
        if not views:
            continue
        path = tmp_path / f"{domain.slug}.xlsx"
        path.write_bytes(catalogue_xlsx(data, domain.slug, build_date=SAMPLE_TODAY))
        for view in views:
            imported = import_catalogue(
                path,
                domain=domain.name,
                organization=view.org.id,
                organization_names=[view.org.name],
                level=view.model.level,
            )
            assert imported.errors == [], formatted(imported.errors)
            # W703: 依申请 without its reason (not a column of the table); W705: channels_other
            assert {p.code for p in imported.problems} <= {"W703", "W705"}
            others = sum(len(item.model.channels_other) for item in view.items)
            assert len([p for p in imported.problems if p.code == "W705"]) == others
            expected = [_comparable(item.model) for item in view.items]
            assert [_comparable(item) for item in imported.catalogue["items"]] == expected
            compared += len(expected)
    assert compared > 100


def test_the_published_xlsx_of_the_minimal_site_passes_check_again(content: Path, tmp_path: Path) -> None:
    data = build(check(content, today=TODAY).corpus)
    path = tmp_path / "compulsory-education.xlsx"
    path.write_bytes(catalogue_xlsx(data, "compulsory-education", build_date=TODAY))
    result = run(path)
    assert formatted(result.problems) == [
        "compulsory-education.xlsx!义务教育!L5: 警告 W703: 公开方式为依申请：国家模板没有理由一栏，"
        "导入后请为这个事项补写 method_reason"
    ]
    # the boxes are read exactly as exports.py writes them
    view = data.catalogues["compulsory-education"][0]
    assert parse_channels(channel_boxes(view.items[1].model)) == (["社区/企事业单位/村公示栏(电子屏)"], [])
    text = result.yaml_text.replace(
        "    method: 依申请\n", "    method: 依申请\n    method_reason: 名单涉及未成年人个人信息\n"
    )
    install(content, text)
    assert check(content, today=TODAY).errors == []


def test_a_table_of_several_organizations_is_filtered(tmp_path: Path) -> None:
    result = check(SAMPLE, today=SAMPLE_TODAY)
    data = build(result.corpus)
    path = tmp_path / "social-assistance.xlsx"
    path.write_bytes(catalogue_xlsx(data, "social-assistance", build_date=SAMPLE_TODAY))
    views = data.catalogues["social-assistance"]
    assert len(views) == 2
    wrong = import_catalogue(path, domain="社会救助", organization="nobody")
    assert wrong.yaml_text == ""
    [problem] = formatted(wrong.problems)
    assert problem.startswith("social-assistance.xlsx!社会救助!A2: 错误 E707: 表中有多个机构的事项（")


# --- the command ------------------------------------------------------------------------------------

zwgk = ZwgkGroup(name="zwgk", commands=[import_command])


def invoke(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """``zwgk import …`` through the real group (Chinese usage errors, exit codes from sys.exit)."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(zwgk, ["import", *args])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def test_command_writes_the_file_and_exits_zero(content: Path, national_xlsx: Path) -> None:
    target = content / "catalogues/compulsory-education/edu.yml"
    target.unlink()
    code, out, err = invoke(
        [str(national_xlsx), "--domain", "义务教育", "--organization", "edu", "--out", str(target)],
        content.parent,
    )
    assert code == 0, err
    assert out == ""
    assert err.splitlines() == [
        NOTE_WARNING,
        "从“目录.xlsx”的工作表“义务教育”读取了 5 个公开事项，发现 0 个错误、1 个警告。",
        f"已写入 {target}，请运行 zwgk check 检查。",
    ]
    # the organization's full name came from organizations.yml next to --out
    assert target.read_text(encoding="utf-8") == run(national_xlsx).yaml_text
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600
    assert check(content, today=TODAY).errors == []


def test_write_atomic_refuses_or_replaces(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    target = tmp_path / "catalogues" / "edu.yml"
    write_atomic(target, "a: 1\n", overwrite=False)  # zwgk import: a new file, the usual mode
    assert target.read_text(encoding="utf-8") == "a: 1\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    with pytest.raises(FileExistsError):
        write_atomic(target, "b: 2\n", overwrite=False)  # without --force nothing is replaced
    assert target.read_text(encoding="utf-8") == "a: 1\n"
    target.chmod(0o640)
    write_atomic(target, "c: 3\n")  # zwgk fmt, import --force: replaced, the mode kept
    assert target.read_text(encoding="utf-8") == "c: 3\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["edu.yml"]  # no temporary file left


def test_command_refuses_to_overwrite_without_force(content: Path, national_xlsx: Path) -> None:
    target = content / "catalogues/compulsory-education/edu.yml"
    before = target.read_bytes()
    args = [str(national_xlsx), "--domain", "义务教育", "--organization", "edu", "--out", str(target)]
    code, _out, err = invoke(args, content.parent)
    assert code == 2
    assert f"“{target}”已存在：加 --force 覆盖，或换一个 --out 路径" in err
    assert target.read_bytes() == before
    code, _out, err = invoke([*args, "--force"], content.parent)
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# 由 zwgk import")
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".zwgk-tmp")]


def test_command_prints_yaml_to_stdout(tmp_path: Path, national_xlsx: Path) -> None:
    code, out, err = invoke([str(national_xlsx), "--domain", "义务教育", "--organization", "edu"], tmp_path)
    assert code == 0, err
    assert out == run(national_xlsx, organization_names=[]).yaml_text
    assert "level: 县级" in out  # no organizations.yml here: the default


def test_command_takes_the_level_from_organizations_yml(content: Path, national_xlsx: Path) -> None:
    target = content / "catalogues/compulsory-education/dongcheng.yml"
    code, _out, err = invoke(
        [str(national_xlsx), "--domain", "义务教育", "--organization", "dongcheng", "--out", str(target)],
        content.parent,
    )
    assert code == 0, err
    assert "level: 乡级" in target.read_text(encoding="utf-8")


def test_command_says_when_the_organization_is_not_registered(content: Path, national_xlsx: Path) -> None:
    target = content / "catalogues/compulsory-education/health.yml"
    code, _out, err = invoke(
        [str(national_xlsx), "--domain", "义务教育", "--organization", "health", "--out", str(target)],
        content.parent,
    )
    assert code == 0, err
    assert "提示：content/organizations.yml 中没有机构“health”，请先在那里登记。" in err.splitlines()
    assert "level: 县级" in target.read_text(encoding="utf-8")


def test_command_exit_one_on_problems_still_writes(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "目录.xlsx", *national(BROKEN_ROWS, [(4, 2, 9, 2)]))
    target = tmp_path / "out" / "edu.yml"
    code, _out, err = invoke(
        [str(path), "--domain", "义务教育", "--organization", "edu", "--out", str(target)], tmp_path
    )
    assert code == 1
    lines = err.splitlines()
    assert (
        lines[0]
        == "目录.xlsx!义务教育!C5: 错误 E704: 没有填写二级事项（公开事项名称）：这一行导入后缺少 name，请补上"
    )
    assert "从“目录.xlsx”的工作表“义务教育”读取了 6 个公开事项，发现 5 个错误、1 个警告。" in lines
    assert target.read_text(encoding="utf-8").count("  - id: item-") == 6


def test_command_exit_one_on_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "目录.xlsx"
    path.write_bytes(b"garbage")
    target = tmp_path / "edu.yml"
    code, out, err = invoke(
        [str(path), "--domain", "义务教育", "--organization", "edu", "--out", str(target)], tmp_path
    )
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "目录.xlsx: 错误 E701: 这不是 Excel 表格（.xlsx 或 .xls）：请用 Excel 或 WPS 打开原表格，另存为 .xlsx 后再导入",
        "没有从“目录.xlsx”读取到公开事项，发现 1 个错误、0 个警告。",
    ]
    assert not target.exists()
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organization", "edu"], "用法错误：缺少选项：--domain"),
        (["--domain", "义务教育"], "用法错误：缺少选项：--organization"),
        (["--domain", "义务教育", "--organization", "edu", "--level", "市级"], "用法错误：--level 的值无效"),
    ],
)
def test_command_usage_errors_exit_two(
    tmp_path: Path, national_xlsx: Path, args: list[str], message: str
) -> None:
    code, _out, err = invoke([str(national_xlsx), *args], tmp_path)
    assert code == 2
    assert err.startswith(message)


def test_command_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = invoke(["nope.xlsx", "--domain", "义务教育", "--organization", "edu"], tmp_path)
    assert code == 2
    assert err.startswith("用法错误：找不到文件“nope.xlsx”：请写 Excel 表格（.xlsx 或 .xls）的路径")


def test_command_alone_sets_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "目录.xlsx"
    path.write_bytes(b"garbage")
    result = CliRunner().invoke(import_command, [str(path), "--domain", "义务教育", "--organization", "edu"])
    assert result.exit_code == 1
    assert isinstance(import_command, click.Command) and import_command.name == "import"


def test_help_is_in_chinese() -> None:
    result = CliRunner().invoke(import_command, ["--help"])
    assert result.exit_code == 0
    assert "把 Excel 标准目录表格" in result.output and "显示本帮助并退出" in result.output
    assert "--force" in result.output and "已存在时覆盖" in result.output
