"""Reading the workbook: every worksheet of an .xlsx or .xls file as text, merges kept.

The file is opened through :mod:`generator.content.workbook` (size and zip-bomb limits shared
with the attachment scan); what is not a spreadsheet gets a message saying what it is and how
to save it as one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from generator.content.workbook import (
    Damaged,
    NotAnArchive,
    Unreadable,
    check_size,
    open_xls,
    open_xlsx,
    zip_members,
)

MAX_ROWS = 10_000
MAX_COLS = 64


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
