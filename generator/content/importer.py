"""``zwgk import``: a catalogue table in Excel (.xlsx or .xls) → a catalogue YAML file.

Departments already have their 标准目录 as a spreadsheet in the national layout (see
``domain-facts.md``): title rows, a header of one or two rows with merged cells, 一级事项 merged
down over its rows, 公开渠道和载体 as a line of ■/□ boxes, √ marks under 公开对象/方式/层级. This
module reads such a table and writes the catalogue in the contract's format, rows in the table's
order, values spelled as the national template spells them (variants such as 特定群众 are
written canonical, see :mod:`generator.content.variants`).

What cannot be read is reported as a :class:`CellProblem`, located by cell the way people find
it in Excel (``目录.xlsx!Sheet1!D7: 错误 E704: …``). A required value that is missing is left out
of the YAML, so that ``zwgk check`` on the result names the same gap. Nothing here prints, exits
or raises on bad input; only :func:`import_command` (the ``zwgk import`` command) prints.

The problem codes (E7xx, W7xx) are the importer's own: :data:`IMPORT_CODES` describes them in
the form of :data:`generator.content.codes.CODES`, and :meth:`CellProblem.to_diagnostic` turns a problem
into a :class:`~generator.content.diagnostics.Diagnostic` (path ``file.xlsx!Sheet1!D7``, line = row,
column = column number) for the JSON and GitHub output formats.

Decisions worth knowing:

- a blank, unmerged 一级事项 cell continues the category of the row above (the common "visual
  merge"); every other merged cell (公开依据, 公开时限 … merged down) counts for each of its rows;
- 公开内容 and 公开依据 become lists: line breaks, ；, ①②③, ●, and "1. 2." numbering separate
  the entries; 公开依据 is also split between ``》`` and ``《``. 公开依据 entries stay text;
- 公开主体 is written (as text) only when it differs from the organization or its other names;
- with a 机构 column (as in the tables ``zwgk build`` publishes) only the organization's rows are
  read when the table holds several organizations;
- item ids are ``item-001``, ``item-002`` … in row order; a single 公开内容 entry is written as
  a string, as in the contract's example;
- 公开渠道和载体 is read as ■/□ boxes (also ☑/√), as plain names, or as one √ column per channel
  under a 公开渠道和载体 group; a ticked name outside the 13 national channels goes to
  ``channels_other`` (with a warning W705);
- the sheet read is the first visible one with a catalogue header (``sheet=`` picks another);
  rows of explanation (注：…, text merged across the table) are skipped with a warning, a header
  repeated further down silently; 备注 becomes ``note``, 咨询电话 ``phone``;
- an item with 公开方式 依申请 gets a warning (W703): the template has no column for
  ``method_reason``, which ``zwgk check`` requires.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content import model as m
from generator.content.codes import CODES
from generator.content.diagnostics import SEVERITY_LABEL, Diagnostic, Severity
from generator.content.variants import AUDIENCE, LEVEL, METHOD
from generator.content.workbook import (
    Damaged,
    NotAnArchive,
    Unreadable,
    check_size,
    column_letters,
    open_xls,
    open_xlsx,
    zip_members,
)

MAX_ROWS = 10_000
MAX_COLS = 64
HEADER_SEARCH_ROWS = 30

IMPORT_CODES = {code: info for code, info in CODES.items() if code[1] == "7"}

# --- located problems ------------------------------------------------------------------------


@dataclass(frozen=True)
class CellProblem:
    """A problem found in the spreadsheet, located by file, sheet and cell.

    ``row`` and ``column`` are 1-based; 0 means the problem is about the whole file (no sheet)
    or the whole sheet (no cell).
    """

    file: str
    sheet: str | None
    row: int
    column: int
    severity: Severity
    code: str
    message: str

    @property
    def cell(self) -> str:
        return f"{column_letters(self.column)}{self.row}" if self.row and self.column else ""

    @property
    def path(self) -> str:
        """``目录.xlsx!Sheet1!D7`` (or ``目录.xlsx!Sheet1``, ``目录.xlsx``)."""
        parts = [self.file]
        if self.sheet is not None:
            parts.append(self.sheet)
            if self.cell:
                parts.append(self.cell)
        return "!".join(parts)

    def format(self) -> str:
        """``目录.xlsx!Sheet1!D7: 错误 E704: message``."""
        return f"{self.path}: {SEVERITY_LABEL[self.severity]} {self.code}: {self.message}"

    def to_diagnostic(self) -> Diagnostic:
        return Diagnostic(
            path=self.path,
            line=self.row,
            column=self.column,
            severity=self.severity,
            code=self.code,
            key="",
            message=self.message,
        )


@dataclass
class ImportResult:
    """The catalogue YAML (empty when no row could be read) and every problem found."""

    yaml_text: str
    problems: list[CellProblem]
    items: int = 0
    sheet: str | None = None
    catalogue: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[CellProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[CellProblem]:
        return [p for p in self.problems if p.severity == "warning"]


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.sheet: str | None = None
        self.found: list[CellProblem] = []

    def add(self, code: str, message: str, row: int = 0, column: int = 0) -> None:
        severity = IMPORT_CODES[code].severity
        self.found.append(CellProblem(self.file, self.sheet, row, column, severity, code, message))


# --- reading the workbook --------------------------------------------------------------------


@dataclass
class Sheet:
    """One worksheet as text: ``values`` by 1-based ``(row, column)``, merges inclusive."""

    name: str
    nrows: int
    ncols: int
    values: dict[tuple[int, int], str]
    merges: list[tuple[int, int, int, int]]  # (first row, first column, last row, last column)
    hidden: bool = False
    total_rows: int = 0  # rows in the file, when more than were read (MAX_ROWS)
    _anchor: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False)
    _span: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for r1, c1, r2, c2 in self.merges:
            r2, c2 = min(r2, self.nrows), min(c2, self.ncols)
            if r1 > r2 or c1 > c2:
                continue
            self._span[r1, c1] = (r2, c2)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self._anchor[r, c] = (r1, c1)

    def get(self, row: int, col: int) -> str:
        """The text shown in the cell: a merged cell shows its top-left cell's text."""
        return self.values.get(self._anchor.get((row, col), (row, col)), "")

    def own(self, row: int, col: int) -> str:
        """The cell's own text: empty for the covered part of a merged range."""
        return "" if (row, col) in self._anchor else self.values.get((row, col), "")

    def merged_from_above(self, row: int, col: int) -> bool:
        anchor = self._anchor.get((row, col))
        return anchor is not None and anchor[0] < row

    def span(self, row: int, col: int) -> tuple[int, int, int, int]:
        """The merged range (or the single cell) the cell belongs to."""
        r1, c1 = self._anchor.get((row, col), (row, col))
        r2, c2 = self._span.get((r1, c1), (r1, c1))
        return r1, c1, r2, c2


_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]|_x000[dD]_")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u200b\u200e\u200f\ufe0e\ufe0f\ufeff]")


def clean(value: Any) -> str:
    """A cell's value as text: numbers without a trailing .0, dates as YYYY-MM-DD, tidy lines."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    text = _LINE_BREAKS.sub("\n", str(value))
    text = _CONTROL.sub("", text.replace("\t", " ").replace("\xa0", " ").replace("\u3000", " "))
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def read_sheets(name: str, raw: bytes) -> list[Sheet]:
    """Every worksheet of an .xlsx or .xls file (told apart by content, not by name)."""
    check_size(raw)
    if not raw:
        raise Unreadable("文件是空的")
    if raw.startswith(b"PK\x03\x04"):
        return _read_xlsx(raw)
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise Unreadable(_ENCRYPTED)
        return _read_xls(raw)
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")) or b"<table" in head:
        raise Unreadable(
            "这个文件其实是网页（HTML/XML），不是真正的 Excel 表格：请用 Excel 或 WPS 打开后“另存为” .xlsx，再导入"
        )
    if name.lower().endswith(".csv"):
        raise Unreadable("不支持 CSV 文件：请用 Excel 或 WPS 打开后“另存为” .xlsx，再导入")
    if raw.startswith(b"%PDF"):
        raise Unreadable("这是 PDF 文件，不是 Excel 表格：请向编制单位索取 Excel 版的目录")
    raise Unreadable(
        "这不是 Excel 表格（.xlsx 或 .xls）：请用 Excel 或 WPS 打开原表格，另存为 .xlsx 后再导入"
    )


_ENCRYPTED = "文件设置了打开密码：请在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿），另存后再导入"
_RESAVE = "请用 Excel 或 WPS 打开后另存为 .xlsx，再导入"


def _read_xlsx(raw: bytes) -> list[Sheet]:
    try:
        names = zip_members(raw)
    except NotAnArchive as exc:
        raise Unreadable(f"{exc}：{_RESAVE}") from exc
    if "xl/workbook.bin" in names:
        raise Unreadable("不支持 .xlsb 格式：请用 Excel 另存为 .xlsx，再导入")
    if "word/document.xml" in names:
        raise Unreadable("这是 Word 文档，不是 Excel 表格：请把目录表格复制到 Excel 中，保存为 .xlsx 再导入")
    if "content.xml" in names and "mimetype" in names:
        raise Unreadable("这是 OpenDocument 表格（.ods）：请用 WPS 或 Excel 另存为 .xlsx，再导入")
    if "xl/workbook.xml" not in names:
        raise Unreadable("这不是 Excel 表格（压缩包里没有工作簿）：请确认文件，另存为 .xlsx 再导入")
    try:
        book = open_xlsx(raw, read_only=False, data_only=True)
    except Damaged as exc:
        raise Unreadable(f"{exc}：{_RESAVE}") from exc
    sheets: list[Sheet] = []
    try:
        for ws in book.worksheets:
            nrows = min(ws.max_row or 0, MAX_ROWS)
            ncols = min(ws.max_column or 0, MAX_COLS)
            values: dict[tuple[int, int], str] = {}
            if nrows and ncols:
                for r, row in enumerate(
                    ws.iter_rows(min_row=1, max_row=nrows, max_col=ncols, values_only=True), start=1
                ):
                    for c, value in enumerate(row, start=1):
                        text = clean(value)
                        if text:
                            values[r, c] = text
            merges = [(g.min_row, g.min_col, g.max_row, g.max_col) for g in ws.merged_cells.ranges]
            hidden = ws.sheet_state != "visible"
            sheets.append(Sheet(str(ws.title), nrows, ncols, values, merges, hidden, ws.max_row or 0))
    finally:
        book.close()
    return sheets


def _read_xls(raw: bytes) -> list[Sheet]:
    import xlrd  # type: ignore[import-untyped, unused-ignore]

    try:
        book = open_xls(raw, formatting_info=True)
    except Damaged as exc:
        text = str(exc.__cause__).lower()
        if "encrypt" in text:
            raise Unreadable(_ENCRYPTED) from exc
        if "workbook" in text and "ole2" in text:
            raise Unreadable("这不是 Excel 表格（可能是 Word 文档或其他 Office 文件）") from exc
        raise Unreadable(f"{exc}：{_RESAVE}") from exc
    sheets: list[Sheet] = []
    for ws in book.sheets():
        nrows, ncols = min(ws.nrows, MAX_ROWS), min(ws.ncols, MAX_COLS)
        values: dict[tuple[int, int], str] = {}
        for r in range(nrows):
            for c in range(ncols):
                cell = ws.cell(r, c)
                value: Any = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    with contextlib.suppress(Exception):
                        value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = None
                text = clean(value)
                if text:
                    values[r + 1, c + 1] = text
        # xlrd: (first row, row after the last, first column, column after the last), 0-based
        merges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in ws.merged_cells]
        sheets.append(Sheet(ws.name, nrows, ncols, values, merges, ws.visibility != 0, ws.nrows))
    return sheets


# --- the header --------------------------------------------------------------------------------

# fields of an item, with their Chinese labels (as in the national template) and YAML keys
LABELS = {
    "category": "一级事项",
    "name": "二级事项",
    "content": "公开内容（要素）",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "subjects": "公开主体",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "method": "公开方式",
    "levels": "公开层级",
}
REQUIRED = ("category", "name", "content", "basis", "time_limit", "channels", "audience", "method", "levels")
SPLIT = {"audience": ("全社会", "特定群体"), "method": ("主动", "依申请"), "levels": ("县级", "乡级")}

# a sub-column label → (field, the value a mark under it means)
_SUB_LABELS: dict[str, tuple[str, str | None]] = {
    "一级事项": ("category", None),
    "一级": ("category", None),
    "二级事项": ("name", None),
    "二级": ("name", None),
    "全社会": ("audience", "全社会"),
    "特定群体": ("audience", "特定群体"),
    "主动": ("method", "主动"),
    "依申请": ("method", "依申请"),
    "县级": ("levels", "县级"),
    "乡级": ("levels", "乡级"),
    "乡镇": ("levels", "乡级"),
    "乡(镇)级": ("levels", "乡级"),
    "乡镇(街道)级": ("levels", "乡级"),
    "乡镇(街道)": ("levels", "乡级"),
    **{variant: ("audience", value) for variant, value in AUDIENCE.items()},
    **{variant: ("method", value) for variant, value in METHOD.items()},
    **{variant: ("levels", value) for variant, value in LEVEL.items()},
}
_GROUP_PREFIX = re.compile(r"^(公开事项|公开对象|公开方式|公开层级)[-—_/:：(]?(.+?)\)?$")


def _label(text: str) -> str:
    """A header cell's text, normalised: no spaces or line breaks, half-width brackets, no *."""
    text = re.sub(r"\s+", "", text)
    for full, half in (("（", "("), ("）", ")"), ("【", "("), ("】", ")"), ("＊", ""), ("*", "")):
        text = text.replace(full, half)
    return text.rstrip(":：")


def _main_field(s: str) -> str | None:
    """The field a (whole-column) header label names, or None."""
    if not s:
        return None
    if s in {"序号", "编号", "序", "序列号"}:
        return "number"
    if s in {"机构", "机构名称"}:
        return "org"
    if "一级事项" in s or s in {"事项类别", "类别"}:
        return "category"
    if "二级事项" in s or s in {"公开事项", "事项名称", "公开事项名称", "具体事项"}:
        return "name"
    if s.startswith(("公开内容", "公开要素", "内容(要素)")) or s == "内容":
        return "content"
    if "依据" in s:
        return "basis"
    if "时限" in s:
        return "time_limit"
    if "主体" in s or s in {"责任单位", "公开单位"}:
        return "subjects"
    if "渠道" in s or "载体" in s:
        return "channels"
    if "对象" in s:
        return "audience"
    if s.startswith("公开方式") or s == "方式":
        return "method"
    if "层级" in s:
        return "levels"
    if "电话" in s:
        return "phone"
    if s.startswith("备注") or s == "说明":
        return "note"
    return None


def _sub_field(s: str) -> tuple[str, str | None] | None:
    if s in _SUB_LABELS:
        return _SUB_LABELS[s]
    found = _GROUP_PREFIX.match(s)  # a flattened label: 公开对象-全社会, 公开层级(县级)
    if found and found.group(2) in _SUB_LABELS:
        return _SUB_LABELS[found.group(2)]
    return None


@dataclass
class Header:
    first_row: int
    last_row: int
    # column → (field, value under a mark): value is None for a whole column
    columns: dict[int, tuple[str, str | None]]

    def column_of(self, name: str) -> int | None:
        return next((c for c, (f, v) in self.columns.items() if f == name and v is None), None)

    def split_columns(self, name: str) -> list[tuple[int, str]]:
        return [(c, v) for c, (f, v) in self.columns.items() if f == name and v is not None]

    def has(self, name: str) -> bool:
        return any(f == name for f, _v in self.columns.values())


def _row_fields(sheet: Sheet, row: int) -> set[str]:
    return {f for c in range(1, sheet.ncols + 1) if (f := _main_field(_label(sheet.get(row, c))))}


def _two_rows(sheet: Sheet, row: int) -> bool:
    """Whether the header at ``row`` continues on the next row (merged groups, sub-labels)."""
    if row + 1 > sheet.nrows:
        return False
    subs: set[tuple[str, str | None]] = set()
    for c in range(1, sheet.ncols + 1):
        r1, c1, r2, c2 = sheet.span(row, c)
        if r1 == row and r2 > row and sheet.get(row, c):
            return True  # a single column merged down over both header rows
        if (
            r1 == row
            and c2 > c1
            and (
                _label(sheet.get(row, c)) in {"公开事项", "公开对象", "公开方式", "公开层级"}
                or _main_field(_label(sheet.get(row, c))) == "channels"
            )
        ):
            return True  # a group label over its sub-columns
        sub = _SUB_LABELS.get(_label(sheet.own(row + 1, c)))
        if sub is not None:
            subs.add(sub)
    by_field: dict[str, int] = {}
    for f, _v in subs:
        by_field[f] = by_field.get(f, 0) + 1
    return subs >= {("category", None), ("name", None)} or any(n >= 2 for n in by_field.values())


def _whole(label: str) -> tuple[str, str | None] | None:
    found = _main_field(label)
    return (found, None) if found else None


def _classify(top: str, sub: str) -> tuple[str, str | None] | None:
    """A header column from its labels: the sub-column's (二级事项, 全社会 …) first, then the top's."""
    if sub:
        if _main_field(top) == "channels" and (channel := CHANNEL_LOOKUP.get(_channel_key(sub))):
            return ("channels", channel)  # 公开渠道和载体 as 13 columns of √
        found = _sub_field(sub) or _whole(sub)
        if found:
            return found
    return _sub_field(top) or _whole(top)


def find_header(sheet: Sheet, problems: _Problems) -> Header | None:
    """The header rows, found by their labels (title rows above are skipped)."""
    for row in range(1, min(sheet.nrows, HEADER_SEARCH_ROWS) + 1):
        if len(_row_fields(sheet, row) - {"number", "org", "phone", "note"}) >= 3:
            break
    else:
        return None
    last = row + 1 if _two_rows(sheet, row) else row
    columns: dict[int, tuple[str, str | None]] = {}
    seen: dict[tuple[str, str | None], int] = {}
    for c in range(1, sheet.ncols + 1):
        top = _label(sheet.get(row, c))
        sub = _label(sheet.get(last, c)) if last > row and not sheet.merged_from_above(last, c) else ""
        found = _classify(top, sub)
        if found is None:
            text = sheet.get(last, c) or sheet.get(row, c)
            if text:
                problems.add(
                    "W706",
                    f"表头“{_one_line(text)}”不是目录模板中的列，这一列没有导入",
                    last if sub else row,
                    c,
                )
            continue
        if found in seen:
            problems.add(
                "W706",
                f"“{_describe(found)}”已在 {column_letters(seen[found])} 列，这一列没有导入",
                last if sub else row,
                c,
            )
            continue
        seen[found] = c
        columns[c] = found
    return Header(row, last, columns)


def _describe(found: tuple[str, str | None]) -> str:
    name, value = found
    label = LABELS.get(
        name, {"number": "序号", "org": "机构", "phone": "咨询电话", "note": "备注"}.get(name, name)
    )
    return f"{label}-{value}" if value else label


# --- cell values -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Lines joined: without a space between Chinese text, with one between Latin words."""
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        if (
            out
            and line
            and out[-1].isascii()
            and out[-1].isalnum()
            and line[0].isascii()
            and line[0].isalnum()
        ):
            out += " "
        out += line
    return out.strip()


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_SPLIT_ANYWHERE = re.compile(f"[{_CIRCLED}●•▪◆◇★☆▶►]|[；;]")
_CN_NUM = "一二三四五六七八九十"
_NUMBERED = re.compile(
    rf"^(?:\d{{1,2}}[.．、)）](?!\d)|[(（](?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})[)）]|[{_CN_NUM}]{{1,3}}、)"
)
_INLINE_NUMBER = re.compile(
    rf"(?:(?<=\s)|(?<=[。，,]))(?=\d{{1,2}}[.．、)）](?!\d)|[{_CN_NUM}]{{1,3}}、)|(?=[(（](?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})[)）])"
)
_LEADING_MARK = re.compile(rf"^(?:[-–—*·>]\s*|{_NUMBERED.pattern[1:]}\s*)")
_TRAILING = "；;，,、。 "
_BETWEEN_TITLES = re.compile(r"(?<=》)[\s、，,和及]*(?=《)|(?<=[）)])[\s、，,和及]+(?=《)")


def split_list(text: str, *, titles: bool = False) -> list[str]:
    """A 公开内容 or 公开依据 cell as entries: line breaks, ；, ①②③, ●, 1. 2. separate them.

    With ``titles`` (公开依据) ``《甲》《乙》`` and ``《甲》、《乙》`` are two entries too.
    """
    out: list[str] = []
    for line in text.split("\n"):
        for piece in _SPLIT_ANYWHERE.split(line):
            piece = piece.strip()
            parts = _INLINE_NUMBER.split(piece) if _NUMBERED.match(piece) else [piece]
            for part in parts:
                for entry in _BETWEEN_TITLES.split(part) if titles else [part]:
                    entry = _LEADING_MARK.sub("", entry.strip()).strip().strip(_TRAILING).strip()
                    if entry:
                        out.append(entry)
    return out


_TICKED_BOXES = "■☑✅▣◼√✓✔"
_EMPTY_BOXES = "□☐◻▢"
_BOX = re.compile(f"([{_TICKED_BOXES}{_EMPTY_BOXES}])([^{_TICKED_BOXES}{_EMPTY_BOXES}]*)")
_MARKS = frozenset({"√", "✓", "✔", "✅", "☑", "■", "●", "是", "Y", "y", "V", "v"})
_NOT_MARKS = frozenset({"×", "✕", "✗", "✘", "○", "否", "/", "／", "-", "—", "无", "N", "n", "□", "☐"})


def _channel_key(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    for full, half in (("（", "("), ("）", ")"), ("／", "/"), ("、", "/"), ("\\", "/")):
        name = name.replace(full, half)
    return name.strip(_TRAILING + ":：")


_CHANNEL_ALIASES = {
    "政府门户网站": "政府网站",
    "门户网站": "政府网站",
    "政务新媒体": "两微一端",
    "新闻发布会": "发布会/听证会",
    "新闻发布会/听证会": "发布会/听证会",
    "发布会": "发布会/听证会",
    "听证会": "发布会/听证会",
    "广播/电视": "广播电视",
    "政府信息公开查阅点": "公开查阅点",
    "信息公开查阅点": "公开查阅点",
    "查阅点": "公开查阅点",
    "政务服务大厅": "政务服务中心",
    "入户": "入户/现场",
    "现场": "入户/现场",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "社区/企事业单位/村公示栏电子屏": "社区/企事业单位/村公示栏(电子屏)",
    "公示栏(电子屏)": "社区/企事业单位/村公示栏(电子屏)",
    "其它": "其他",
}
CHANNEL_LOOKUP = {_channel_key(ch): ch for ch in m.CHANNELS} | {
    _channel_key(k): v for k, v in _CHANNEL_ALIASES.items()
}


def _one_channel(text: str) -> list[tuple[str | None, str]] | None:
    """One name: a national channel, or 其他 with its text (其他：甲), or None."""
    if (key := _channel_key(text)) in CHANNEL_LOOKUP:
        return [(CHANNEL_LOOKUP[key], text)]
    for prefix in ("其他", "其它"):
        if key.startswith(prefix) and len(key) > len(prefix):
            rest = key[len(prefix) :].strip(":：()").strip()
            return [("其他", "其他"), *([(None, rest)] if rest else [])]
    return None


def _channel_names(text: str) -> list[tuple[str | None, str]]:
    """Names in a piece of text → ``(national channel or None, text)``; 甲、乙 may be one name."""
    if (whole := _one_channel(text)) is not None:
        return whole
    tokens = [t for t in re.split(r"[、，,；;\s]+", text) if t]
    out: list[tuple[str | None, str]] = []
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + 3), i, -1):  # longest run of tokens naming one channel
            key = _channel_key("/".join(tokens[i:j]))
            if key in CHANNEL_LOOKUP:
                out.append((CHANNEL_LOOKUP[key], "、".join(tokens[i:j])))
                i = j
                break
        else:
            out.extend(_one_channel(tokens[i]) or [(None, tokens[i].strip(_TRAILING))])
            i += 1
    return [(ch, t) for ch, t in out if ch or t]


def parse_channels(text: str) -> tuple[list[str], list[str]]:
    """公开渠道和载体 → (national channels, other channels). ■/□ boxes or plain names."""
    channels: list[str] = []
    other: list[str] = []
    if any(ch in text for ch in _TICKED_BOXES + _EMPTY_BOXES):
        pieces = [(box in _TICKED_BOXES, name) for box, name in _BOX.findall(text)]
    else:
        pieces = [(True, text)]
    for ticked, name in pieces:
        if not ticked or not name.strip():
            continue
        for channel, written in _channel_names(name.strip()):
            if channel is not None:
                if channel not in channels:
                    channels.append(channel)
            elif written and written not in other:
                other.append(written)
    return channels, other


# --- rows → items ------------------------------------------------------------------------------


@dataclass
class _Context:
    sheet: Sheet
    header: Header
    problems: _Problems
    organization_names: frozenset[str]


def _is_note_row(sheet: Sheet, header: Header, row: int, own: dict[int, str]) -> bool:
    """A row of explanation (注：…, a text merged across the table), not an item."""
    if not own:
        return False
    if all(re.match(r"^(注|备注|说明|填表说明|附注)", t) for t in own.values()):
        return True
    if len(own) == 1:
        c = next(iter(own))
        r1, c1, _r2, c2 = sheet.span(row, c)
        covered = sum(1 for col in header.columns if c1 <= col <= c2)
        return r1 == row and covered >= 3
    return False


def _is_repeated_header(ctx: _Context, row: int) -> bool:
    """The header printed again (as on every page): each cell is its column's label."""
    texts = [_label(t) for c in ctx.header.columns if (t := ctx.sheet.own(row, c))]
    if not all(_main_field(t) or _sub_field(t) for t in texts):
        return False
    main = [t for t in texts if _main_field(t) and not _sub_field(t)]
    return len(main) >= 2 or {"一级事项", "二级事项"} <= set(texts)


def _marks(ctx: _Context, row: int, name: str) -> list[str] | None:
    """The values ticked under a split group (公开对象/方式/层级), or None if not split."""
    columns = ctx.header.split_columns(name)
    if not columns:
        return None
    ticked: list[str] = []
    for col, value in columns:
        text = ctx.sheet.get(row, col).strip()
        if not text or text in _NOT_MARKS:
            continue
        if text not in _MARKS and _label(text) != value:
            ctx.problems.add(
                "W704",
                f"“{_one_line(text)}”不是√：{LABELS[name]}按“{value}”已打√处理；不选的请留空",
                row,
                col,
            )
        if value is not None and value not in ticked:
            ticked.append(value)
    return ticked


_AUDIENCE_TEXT = {"全社会": "全社会", "特定群体": "特定群体", **AUDIENCE}
_METHOD_TEXT = {"主动": "主动", "依申请": "依申请", **METHOD}
_LEVEL_TEXT = {
    "县级": "县级",
    "乡级": "乡级",
    **LEVEL,
    "县": "县级",
    "乡": "乡级",
    "镇": "乡级",
    "村级": "乡级",
}


def _choice(ctx: _Context, row: int, name: str, item: dict[str, Any]) -> None:
    """公开对象 or 公开方式: one value, from √ marks or from text."""
    label = LABELS[name]
    ticked = _marks(ctx, row, name)
    where = (ctx.header.split_columns(name) or [(ctx.header.column_of(name) or 1, "")])[0][0]
    if ticked is not None:
        options = "、".join(SPLIT[name])
        if not ticked:
            ctx.problems.add("E705", f"{label}（{options}）没有打√：请在其中一栏打√", row, where)
        elif len(ticked) > 1:
            ctx.problems.add("E706", f"{label}的{options}都打了√：只能选一个", row, where)
        else:
            item[name] = ticked[0]
        return
    col = ctx.header.column_of(name)
    if col is None:
        return  # the missing column is reported once, at the header
    text = ctx.sheet.get(row, col)
    if not text:
        ctx.problems.add("E704", f"没有填写{label}：请填写{'或'.join(SPLIT[name])}", row, where)
        return
    table = _AUDIENCE_TEXT if name == "audience" else _METHOD_TEXT
    value = table.get(_label(text))
    if value is None:
        item[name] = _one_line(text)
        ctx.problems.add(
            "E706", f"“{_one_line(text)}”不是{label}的可选值：请写{'或'.join(SPLIT[name])}", row, where
        )
    else:
        item[name] = value


def _levels(ctx: _Context, row: int, item: dict[str, Any]) -> None:
    ticked = _marks(ctx, row, "levels")
    where = (ctx.header.split_columns("levels") or [(ctx.header.column_of("levels") or 1, "")])[0][0]
    if ticked is not None:
        if ticked:
            item["levels"] = [lv for lv in m.LEVELS if lv in ticked]
        else:
            ctx.problems.add("E705", "公开层级（县级、乡级）没有打√：请在适用的层级下打√", row, where)
        return
    col = ctx.header.column_of("levels")
    if col is None:
        return  # the missing column is reported once, at the header
    text = ctx.sheet.get(row, col)
    if not text:
        ctx.problems.add("E704", "没有填写公开层级：请填写县级、乡级或“县级、乡级”", row, where)
        return
    whole = _label(text)
    if whole in _LEVEL_TEXT:
        item["levels"] = [_LEVEL_TEXT[whole]]
        return
    found: list[str] = []
    for token in re.split(r"[、，,/；;和及与]+", whole):
        value = _LEVEL_TEXT.get(token)
        if value is None and re.fullmatch(r"县.*乡.*|县乡两级", token):
            found += ["县级", "乡级"]
        elif value is None:
            found = []
            break
        else:
            found.append(value)
    if found:
        item["levels"] = [lv for lv in m.LEVELS if lv in found]
    else:
        item["levels"] = [_one_line(text)]
        ctx.problems.add(
            "E706", f"“{_one_line(text)}”不是公开层级的可选值：请写县级、乡级或“县级、乡级”", row, where
        )


def _subjects(ctx: _Context, text: str) -> list[str] | None:
    names = [n.strip(_TRAILING) for n in re.split(r"[、，,；;\n]+", text) if n.strip(_TRAILING)]
    if not names or all(_label(n) in ctx.organization_names for n in names):
        return None
    return [_one_line(n) for n in names]


def _item(ctx: _Context, row: int, category: str) -> dict[str, Any]:
    """One row → the item mapping in the contract's key order (missing values left out)."""
    h, sheet, problems = ctx.header, ctx.sheet, ctx.problems

    def cell(name: str) -> tuple[int, str]:
        col = h.column_of(name)
        return (col, sheet.get(row, col)) if col else (0, "")

    item: dict[str, Any] = {}
    col = h.column_of("category") or 0
    if category:
        item["category"] = category
    elif col:
        problems.add("E704", "没有填写一级事项：请填写，或把上方的一级事项单元格向下合并到这一行", row, col)
    col, text = cell("name")
    if text:
        item["name"] = _one_line(text)
    elif col:
        problems.add("E704", "没有填写二级事项（公开事项名称）：这一行导入后缺少 name，请补上", row, col)
    for name, titles in (("content", False), ("basis", True)):
        col, text = cell(name)
        entries = split_list(text, titles=titles) if text else []
        if entries:
            item[name] = entries[0] if name == "content" and len(entries) == 1 else entries
        elif col:
            problems.add("E704", f"没有填写{LABELS[name]}：这一行导入后缺少 {name}，请补上", row, col)
    col, text = cell("time_limit")
    if text:
        item["time_limit"] = _one_line(text)
    elif col:
        problems.add("E704", "没有填写公开时限：这一行导入后缺少 time_limit，请补上", row, col)
    col, text = cell("subjects")
    if text and (subjects := _subjects(ctx, text)):
        item["subjects"] = subjects
    col, text = cell("channels")
    if h.split_columns("channels"):
        _channel_marks(ctx, row, item)
    elif col:
        channels, other = parse_channels(text)
        if channels:
            item["channels"] = channels
        if other:
            item["channels_other"] = other
            for name in other:
                problems.add(
                    "W705",
                    f"“{name}”不是 13 个公开渠道和载体之一，已写入 channels_other（其他渠道）；如是笔误请改正",
                    row,
                    col,
                )
        if not channels and not text:
            problems.add("E704", "没有填写公开渠道和载体：请勾选（■）或填写至少一个渠道", row, col)
        elif not channels and not other:
            problems.add("E705", "公开渠道和载体一个也没有勾选：在适用的渠道前打■", row, col)
        elif not channels:
            problems.add(
                "E705", "没有勾选 13 个公开渠道和载体中的任何一个：导入后缺少 channels，请补上", row, col
            )
    _choice(ctx, row, "audience", item)
    _choice(ctx, row, "method", item)
    _levels(ctx, row, item)
    col, text = cell("phone")
    if text:
        item["phone"] = _one_line(text)
    if item.get("method") == "依申请":
        where = (h.split_columns("method") or [(h.column_of("method") or 1, "")])[0][0]
        problems.add(
            "W703", "公开方式为依申请：国家模板没有理由一栏，导入后请为这个事项补写 method_reason", row, where
        )
    col, text = cell("note")
    if text:
        item["note"] = _one_line(text)
    return item


def _channel_marks(ctx: _Context, row: int, item: dict[str, Any]) -> None:
    """公开渠道和载体 as one column per channel: √ ticks it; text under 其他 names the channel."""
    columns = ctx.header.split_columns("channels")
    channels: list[str] = []
    other: list[str] = []
    for col, value in columns:
        text = ctx.sheet.get(row, col).strip()
        if not text or text in _NOT_MARKS or value is None:
            continue
        if value == "其他" and text not in _MARKS:
            other += [t for t in re.split(r"[、，,；;\n]+", text) if t and t not in other]
        elif text not in _MARKS and _label(text) != value:
            ctx.problems.add(
                "W704",
                f"“{_one_line(text)}”不是√：公开渠道和载体按“{value}”已勾选处理；不选的请留空",
                row,
                col,
            )
        channels.append(value)
    if channels:
        item["channels"] = channels
    if other:
        item["channels_other"] = other
    if not channels:
        ctx.problems.add("E705", "公开渠道和载体一个也没有打√：在适用的渠道下打√", row, columns[0][0])


_KEY_ORDER = (
    "id",
    "category",
    "name",
    "content",
    "basis",
    "time_limit",
    "subjects",
    "channels",
    "channels_other",
    "audience",
    "method",
    "levels",
    "phone",
    "method_reason",
    "note",
)


def _rows(ctx: _Context, org_col: int | None) -> Iterator[tuple[int, str]]:
    """The item rows (row number, 一级事项), skipping blank, note and repeated header rows."""
    sheet, h = ctx.sheet, ctx.header
    data_columns = [c for c, (f, _v) in h.columns.items() if f not in {"number", "org"}]
    category_col = h.column_of("category")
    category = ""
    for row in range(h.last_row + 1, sheet.nrows + 1):
        own_all = {c: t for c in range(1, sheet.ncols + 1) if (t := sheet.own(row, c))}
        own = {c: t for c, t in own_all.items() if c in data_columns}
        if not own:  # blank, a bare 序号, or text outside the item columns
            notes = {c: t for c, t in own_all.items() if not t.isdigit()}
            if notes:
                text = _one_line(notes[min(notes)])
                short = text if len(text) <= 20 else text[:20] + "…"
                ctx.problems.add(
                    "W701", f"“{short}”是说明文字，不是公开事项，这一行没有导入", row, min(notes)
                )
            continue
        if _is_note_row(sheet, h, row, own):
            text = _one_line(next(iter(own.values())))
            short = text if len(text) <= 20 else text[:20] + "…"
            ctx.problems.add("W701", f"“{short}”是说明文字，不是公开事项，这一行没有导入", row, min(own))
            continue
        if _is_repeated_header(ctx, row):
            continue
        if category_col:
            current = _one_line(sheet.get(row, category_col))
            category = current or category
        if org_col is not None and _label(sheet.get(row, org_col)) not in ctx.organization_names:
            continue
        yield row, category


def _organization_filter(ctx: _Context) -> tuple[int | None, str | None]:
    """With a 机构 column listing several organizations: the column, or a reason to stop."""
    col = ctx.header.column_of("org")
    if col is None:
        return None, None
    names = []
    for row in range(ctx.header.last_row + 1, ctx.sheet.nrows + 1):
        name = _label(ctx.sheet.get(row, col))
        if name and name not in names:
            names.append(name)
    if len(names) <= 1:
        return None, None
    if any(n in ctx.organization_names for n in names):
        return col, None
    return col, "、".join(names)


def _choose_sheet(
    sheets: Sequence[Sheet], wanted: str | None, problems: _Problems
) -> tuple[Sheet, Header] | None:
    if wanted is not None:
        chosen = [s for s in sheets if s.name == wanted]
        if not chosen:
            names = "、".join(f"“{s.name}”" for s in sheets)
            problems.add("E701", f"没有名为“{wanted}”的工作表；这个文件中的工作表：{names}")
            return None
        sheets = chosen
    else:  # hidden sheets often hold old versions: only when asked for by name
        sheets = [s for s in sheets if not s.hidden] or list(sheets)
    found: list[tuple[Sheet, Header]] = []
    for sheet in sheets:
        scratch = _Problems(problems.file)
        scratch.sheet = sheet.name
        header = find_header(sheet, scratch)
        if header is not None:
            if not found:
                problems.found.extend(scratch.found)
            found.append((sheet, header))
    if not found:
        problems.sheet = sheets[0].name if len(sheets) == 1 else None
        where = "这个工作表中" if len(sheets) == 1 else "所有工作表中都"
        problems.add(
            "E702",
            f"{where}找不到目录的表头（二级事项、公开内容、公开依据、公开时限……）："
            "请确认这是标准目录表格，表头在前 30 行之内",
        )
        return None
    sheet, header = found[0]
    problems.sheet = sheet.name
    if len(found) > 1:
        others = "、".join(f"“{s.name}”" for s, _h in found[1:])
        problems.add(
            "W702", f"工作表{others}中也有目录表，本次只导入了“{sheet.name}”：需要时用 --sheet 指定后分别导入"
        )
    return found[0]


def import_catalogue(
    path: Path,
    *,
    domain: str,
    organization: str,
    level: str | None = None,
    organization_names: Iterable[str] = (),
    sheet: str | None = None,
) -> ImportResult:
    """Read a catalogue table from ``path`` (.xlsx or .xls) and write it as catalogue YAML.

    ``organization`` is written as given (an id or a name); ``organization_names`` are its other
    names (e.g. the full name for an id), so that 公开主体 and a 机构 column can be matched.
    ``level`` is the catalogue's level (县级 by default; variants are written canonical).
    ``sheet`` picks a worksheet by name (default: the first with a catalogue header).
    """
    path = Path(path)
    problems = _Problems(path.name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add("E701", f"无法打开文件：{exc.strerror or type(exc).__name__}")
        return ImportResult("", problems.found)
    try:
        sheets = read_sheets(path.name, raw)
    except Unreadable as exc:
        problems.add("E701", str(exc))
        return ImportResult("", problems.found)
    if not sheets:
        problems.add("E701", "工作簿中没有工作表")
        return ImportResult("", problems.found)
    chosen = _choose_sheet(sheets, sheet, problems)
    if chosen is None:
        return ImportResult("", problems.found)
    ws, header = chosen
    if ws.total_rows > ws.nrows:
        problems.add(
            "E701", f"工作表有 {ws.total_rows} 行，只读取了前 {ws.nrows} 行：请把目录拆成几个文件分别导入"
        )
    names = frozenset(_label(n) for n in (organization, *organization_names) if n)
    ctx = _Context(ws, header, problems, names)
    missing = [name for name in REQUIRED if not header.has(name)]
    for name in missing:
        extra = f"（或其下的{'、'.join(SPLIT[name])}两栏）" if name in SPLIT else ""
        problems.add(
            "E703",
            f"表头中没有“{LABELS[name]}”列{extra}：导入的事项都会缺少 {name}，请在表格中补上这一列",
            header.first_row,
            1,
        )
    org_col, mismatch = _organization_filter(ctx)
    if mismatch is not None:
        problems.add(
            "E707",
            f"表中有多个机构的事项（{mismatch}），没有一个是“{organization}”：--organization 请写表中“机构”一栏的机构名称",
            header.first_row,
            org_col or 1,
        )
        return ImportResult("", problems.found, sheet=ws.name)
    items: list[tuple[int, dict[str, Any]]] = []
    for row, category in _rows(ctx, org_col):
        items.append((row, _item(ctx, row, category)))
    if not items:
        problems.add("E707", "表头下面没有公开事项：请确认选对了文件和工作表", header.last_row, 1)
        return ImportResult("", problems.found, sheet=ws.name)
    width = max(3, len(str(len(items))))
    catalogue: dict[str, Any] = {
        "domain": domain,
        "organization": organization,
        "level": LEVEL.get((level or "县级").strip(), (level or "县级").strip()),
        "items": [
            _ordered({"id": f"item-{n:0{width}d}", **item}) for n, (_row, item) in enumerate(items, start=1)
        ],
    }
    first, last = items[0][0], items[-1][0]
    comment = f"由 zwgk import 从“{_comment_text(path.name)}”的工作表“{_comment_text(ws.name)}”导入（第 {first}–{last} 行）"
    found = sorted(
        problems.found, key=lambda p: (p.row, p.column)
    )  # stable: a cell's problems keep their order
    return ImportResult(dump_catalogue(catalogue, comment), found, len(items), ws.name, catalogue)


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item[key] for key in _KEY_ORDER if key in item}


def _comment_text(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]", " ", text)


# --- YAML output ---------------------------------------------------------------------------------

_RESERVED = frozenset(
    {"", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf", "-.inf", "+.inf"}
)
_NUMBER_OR_DATE = re.compile(r"^[-+]?(\d[\d_,.:eE+-]*|\.\d+|0[xXoObB][\da-fA-F_]+)$|^\d{4}-\d{1,2}-\d{1,2}")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def _plain_ok(text: str, *, flow: bool) -> bool:
    """Whether ``text`` can be written as a plain YAML scalar and read back as the same text."""
    if text.lower() in _RESERVED or _NUMBER_OR_DATE.match(text):
        return False
    if text != text.strip() or not all(_printable(ch) for ch in text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    return not (flow and any(ch in text for ch in ",[]{}:#?"))


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\t": "\\t",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _printable(ch: str) -> bool:
    """YAML's printable set, less the byte order mark."""
    o = ord(ch)
    return (
        (0x20 <= o <= 0x7E)
        or (0xA0 <= o <= 0xD7FF and o != 0xFEFF)
        or (0xE000 <= o <= 0xFFFD)
        or o >= 0x10000
    )


def _quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) <= 0xFF else f"\\u{ord(ch):04x}")
    return '"' + "".join(out) + '"'


def scalar(text: str, *, flow: bool = False) -> str:
    """A YAML scalar for ``text``: plain when safe, otherwise double-quoted (with escapes)."""
    return text if _plain_ok(text, flow=flow) else _quoted(text)


def _flow_list(values: Sequence[str], indent: int, key: str) -> str | None:
    if not all(_plain_ok(v, flow=True) for v in values):
        return None
    line = f"{key}: [{', '.join(values)}]"
    width = indent + sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)
    return line if width <= 100 else None


def dump_catalogue(catalogue: dict[str, Any], comment: str) -> str:
    """The catalogue as YAML in the contract's style (flow lists where short, basis as a block)."""
    out = [f"# {comment}"]
    for key in ("domain", "organization", "level"):
        out.append(f"{key}: {scalar(str(catalogue[key]))}")
    out.append("items:")
    for item in catalogue["items"]:
        first = True
        for key, value in item.items():
            lead = "  - " if first else "    "
            first = False
            if isinstance(value, str):
                out.append(f"{lead}{key}: {scalar(value)}")
                continue
            flow = None if key == "basis" else _flow_list(value, 4, key)
            if flow is not None:
                out.append(f"{lead}{flow}")
            else:
                out.append(f"{lead}{key}:")
                out.extend(f"      - {scalar(v)}" for v in value)
    return "\n".join(out) + "\n"


# --- the command -----------------------------------------------------------------------------


def find_organizations(start: Path) -> Path | None:
    """The organizations.yml of the content tree that ``start`` (a directory) is in or beside."""
    for folder in (start, *start.parents):
        for candidate in (folder / "organizations.yml", folder / "content" / "organizations.yml"):
            if candidate.is_file():
                return candidate
    return None


def lookup_organization(registry: Path, organization: str) -> m.Organization | None:
    """The organization with this id or name in ``registry`` (None if absent or unreadable)."""
    from generator.content.load import load_file

    try:
        raw = registry.read_bytes()
    except OSError:
        return None
    model = load_file("organizations.yml", "organizations", raw).model
    if not isinstance(model, m.Organizations):
        return None
    wanted = organization.strip()
    return next((o for o in model.root if wanted in (o.id, o.name)), None)
