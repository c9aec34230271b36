"""Attachments published from ``content/attachments/``: their text, cell by cell.

Real leaks were full ID and bank numbers in 低保 / 贫困户 name lists inside spreadsheets, so
every cell of an .xlsx/.xls/.csv and every paragraph and table cell of a .docx is scanned
like any other text. Each piece of text comes with where it is, in the reader's terms
(工作表“名单”单元格 C12 / 表格 2 第 3 行第 4 列 / 第 5 段).

Files are opened defensively, with the limits of :mod:`generator.content.workbook` (the same
as ``zwgk import``): a size limit, a limit on what a zip (xlsx, docx) may unpack to, no
external entities; what cannot be read is reported, never raised.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from generator.content.workbook import (
    NotAnArchive,
    Unreadable,
    check_size,
    column_letters,
    open_xls,
    open_xlsx,
    zip_members,
)

__all__ = ["SCANNED", "Piece", "Unreadable", "texts"]

SCANNED = (".xlsx", ".xlsm", ".xls", ".csv", ".docx")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Piece:
    """A piece of text and where it is: ``line``/``column`` for diagnostics, ``where`` to read."""

    text: str
    line: int
    column: int
    where: str


def texts(name: str, raw: bytes) -> Iterator[Piece]:
    """Every piece of text in an attachment of a scanned kind."""
    check_size(raw, "附件")
    lower = name.lower()
    if lower.endswith((".xlsx", ".xlsm", ".docx")):
        _check_zip(raw)
    if lower.endswith((".xlsx", ".xlsm")):
        yield from _xlsx(raw)
    elif lower.endswith(".xls"):
        yield from _xls(raw)
    elif lower.endswith(".csv"):
        yield from _csv(raw)
    elif lower.endswith(".docx"):
        yield from _docx(raw)


def _check_zip(raw: bytes) -> None:
    try:
        zip_members(raw)
    except NotAnArchive as exc:
        raise Unreadable("文件已损坏或不是 Office 文档（无法解压）") from exc


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number stored as 13912345678.0 is still a phone number
    return str(value)


def _xlsx(raw: bytes) -> Iterator[Piece]:
    book = open_xlsx(raw, read_only=True, data_only=False)
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    text = _cell_text(value)
                    if text:
                        ref = f"{column_letters(cell.column)}{cell.row}"
                        yield Piece(text, cell.row, cell.column, f"工作表“{sheet.title}”单元格 {ref}")
    finally:
        book.close()


def _xls(raw: bytes) -> Iterator[Piece]:
    book = open_xls(raw, on_demand=True)
    for sheet in book.sheets():
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                text = _cell_text(sheet.cell_value(r, c))
                if text:
                    ref = f"{column_letters(c + 1)}{r + 1}"
                    yield Piece(text, r + 1, c + 1, f"工作表“{sheet.name}”单元格 {ref}")


def _csv(raw: bytes) -> Iterator[Piece]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence
        raise Unreadable("无法识别 CSV 文件的编码")
    for r, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        for c, value in enumerate(row, start=1):
            if value:
                yield Piece(value, r, c, f"第 {r} 行第 {c} 列")


def _docx(raw: bytes) -> Iterator[Piece]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
            documents = {n: archive.read(n) for n in parts}
    except (zipfile.BadZipFile, KeyError) as exc:
        raise Unreadable("文件已损坏或不是 Word 文档") from exc
    if "word/document.xml" not in documents:
        raise Unreadable("这不是 Word 文档（缺少正文）")
    order = ["word/document.xml", *sorted(n for n in documents if n != "word/document.xml")]
    for name in order:
        try:
            root = ET.fromstring(documents[name])
        except ET.ParseError:
            continue
        part = "" if name == "word/document.xml" else f"（{name.removeprefix('word/')}）"
        in_tables = {id(p) for cell in root.iter(f"{_W}tc") for p in cell.iter(f"{_W}p")}
        paragraph = table = 0
        for block in root.iter():
            if block.tag == f"{_W}tbl":
                table += 1
                for r, row in enumerate(block.iter(f"{_W}tr"), start=1):
                    for c, cell in enumerate(row.iter(f"{_W}tc"), start=1):
                        text = "".join(t.text or "" for t in cell.iter(f"{_W}t"))
                        if text:
                            yield Piece(text, r, c, f"{part}表格 {table} 第 {r} 行第 {c} 列")
            elif block.tag == f"{_W}p" and id(block) not in in_tables:
                paragraph += 1
                text = "".join(t.text or "" for t in block.iter(f"{_W}t"))
                if text:
                    yield Piece(text, paragraph, 1, f"{part}第 {paragraph} 段")
