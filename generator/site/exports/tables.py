"""Each domain's catalogue table as CSV and as an Excel workbook, in the national layout.

The columns are those of :mod:`generator.site.columns` (derived from the model), as on the
catalogue page. Spreadsheets are opened by people, in Excel: any cell text that Excel would
take for a formula (it starts with ``= + - @``, a tab or a carriage return) is defused — with
a leading apostrophe in CSV, and in XLSX by writing it as a plain string cell with the
quote-prefix style. The workbook's only date is ``build_date``, never the clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from generator.content import model as m
from generator.content.domains import Domain
from generator.site.columns import COLUMNS, MARK, MARKS, headings, ticked
from generator.site.exports.common import basis_label
from generator.site.exports.sheet import CENTER, HEADER, QUOTED, TEXT, TITLE, Sheet, column_letter, workbook
from generator.site.sitedata import CatalogueView, Item, SiteData

LIST_SEPARATOR = "；"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# column indexes used below: the text columns, then the tick marks
_ORG, _NUMBER, _CATEGORY, _NAME, _CONTENT, _BASIS, _TIME, _SUBJECTS, _CHANNELS = range(9)
_MARKS = range(len(COLUMNS) - len(MARKS), len(COLUMNS))


def channel_boxes(item: m.CatalogueItem) -> str:
    """公开渠道和载体 as printed in the national table: the 13 boxes, then any other channels.

    Matches the catalogue page: ■ for a ticked national channel, □ for the others, and each
    channel outside the list (channels_other) as a ticked box after them.
    """
    boxes = [("■" if ch in item.channels else "□") + ch for ch in m.CHANNELS]
    boxes += ["■" + other for other in item.channels_other]
    return " ".join(boxes)


def defuse_formula(text: str) -> str:
    """CSV cell text that Excel cannot take for a formula (OWASP: a leading apostrophe)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class _Row:
    view: CatalogueView
    number: int  # 序号 within its organization's table, from 1
    cells: tuple[str, ...]  # one text per COLUMNS entry


def table_rows(data: SiteData, slug: str) -> list[_Row]:
    """One domain's table, row by row (for catalogue_csv and catalogue_xlsx)."""
    return _rows(data, slug)


def _rows(data: SiteData, slug: str) -> list[_Row]:
    rows: list[_Row] = []
    for view in data.catalogues.get(slug, []):
        for number, item in enumerate(view.items, start=1):
            rows.append(_Row(view, number, _cells(data, view, number, item)))
    return rows


def _cells(data: SiteData, view: CatalogueView, number: int, item: Item) -> tuple[str, ...]:
    it = item.model

    def mark(on: bool) -> str:
        return MARK if on else ""

    return (
        view.org.name,
        str(number),
        it.category,
        it.name,
        LIST_SEPARATOR.join(it.content),
        LIST_SEPARATOR.join(basis_label(b) for b in item.basis),
        it.time_limit,
        LIST_SEPARATOR.join(data.org_name(s) for s in item.subjects),
        channel_boxes(it),
        *(mark(ticked(it, name, value)) for name, value in MARKS),
    )


def catalogue_csv(data: SiteData, slug: str, rows: list[_Row] | None = None) -> bytes:
    """One domain's table: UTF-8 with BOM (for Excel on Windows), CRLF rows (``rows``: its
    :func:`table_rows`, when the caller has them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in _rows(data, slug) if rows is None else rows:
        writer.writerow([defuse_formula(cell) for cell in row.cells])
    return buffer.getvalue().encode("utf-8-sig")


def table_title(data: SiteData, domain: Domain) -> str:
    return f"{data.site.short_name or data.site.name} {domain.name}领域基层政务公开标准目录"


_WIDTHS = (16, 6, 12, 16, 28, 30, 20, 16, 40) + (7,) * len(MARKS)  # one per column
_TITLE_ROW, _HEADER_ROWS, _FIRST_ROW = 0, (1, 2), 3
_LINE_HEIGHT = 15.0  # points per line of 11pt text


def catalogue_xlsx(
    data: SiteData, slug: str, *, build_date: dt.date, rows: list[_Row] | None = None
) -> bytes:
    """One domain's table laid out like the national template (merged headers and 一级事项)."""
    domain = next(d for d in data.domains if d.slug == slug)
    title = table_title(data, domain)
    columns = len(COLUMNS)
    letters = [column_letter(col) for col in range(columns)]
    sheet = Sheet(columns)

    def put(ref: str, text: str, style: int) -> str:
        # always a string cell (never a formula); risky text keeps its value and gets the
        # quote-prefix style, so editing the cell in Excel does not turn it into a formula either
        if not text:
            return sheet.blank(ref, style)  # keeps the border
        return sheet.text(ref, text, style + QUOTED if text.startswith(_FORMULA_START) else style)

    sheet.row([put("A1", title, TITLE), *(sheet.blank(f"{c}1", TITLE) for c in letters[1:])], 32)
    sheet.merge(_TITLE_ROW, 0, _TITLE_ROW, columns - 1)
    # a group's name spans its columns on the first row, a single column spans both rows
    top, bottom = [""] * columns, [""] * columns
    for heading in headings():
        top[heading.first] = heading.name
        if heading.subs:
            sheet.merge(_HEADER_ROWS[0], heading.first, _HEADER_ROWS[0], heading.last)
            for col, sub in enumerate(heading.subs, start=heading.first):
                bottom[col] = sub
        else:
            sheet.merge(_HEADER_ROWS[0], heading.first, _HEADER_ROWS[1], heading.first)
    for n, texts in ((2, top), (3, bottom)):
        sheet.row([put(f"{letters[col]}{n}", text, HEADER) for col, text in enumerate(texts)], 22)

    rows = _rows(data, slug) if rows is None else rows
    starts: dict[int, set[int]] = {}  # of the merged columns: the rows that start a run
    for col in (_ORG, _CATEGORY):
        starts[col] = set()
        for start, end in _runs(rows, col):
            starts[col].add(start)
            if end > start:
                sheet.merge(_FIRST_ROW + start, col, _FIRST_ROW + end, col)
    styles = [CENTER if col in _MARKS else TEXT for col in range(columns)]
    for offset, row in enumerate(rows):
        number = str(_FIRST_ROW + offset + 1)
        cells = []
        for col, text in enumerate(row.cells):
            ref = letters[col] + number
            if col == _NUMBER:
                cells.append(sheet.number(ref, row.number, CENTER))
            elif col in starts:
                cells.append(put(ref, text, CENTER) if offset in starts[col] else sheet.blank(ref, CENTER))
            else:
                cells.append(put(ref, text, styles[col]))
        sheet.row(cells, _row_height(row.cells))
    return workbook(
        sheet,
        name=_sheet_name(domain.name),
        widths=_WIDTHS,
        frozen_rows=_FIRST_ROW,
        print_rows=_HEADER_ROWS,
        title=title,
        author=data.site.name,
        created=build_date,
    )


def _runs(rows: list[_Row], col: int) -> Iterator[tuple[int, int]]:
    """(first, last) row index of each run of equal cells within one organization's table."""
    start = 0
    for i in range(1, len(rows) + 1):
        if (
            i == len(rows)
            or rows[i].view is not rows[start].view
            or rows[i].cells[col] != rows[start].cells[col]
        ):
            yield start, i - 1
            start = i


def _sheet_name(name: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and no apostrophe at either end
    clean = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31]
    return clean or "标准目录"


_NARROW = re.compile("[^\u2e80-\U0010ffff]")  # (the table's text is mostly wide: count the others)


def _text_units(text: str) -> int:
    # a CJK character is about two column-width units wide, other characters one
    return 2 * len(text) - len(_NARROW.findall(text))


def _row_height(cells: tuple[str, ...]) -> float:
    """A row tall enough for its wrapped text (not every spreadsheet program fits rows itself)."""
    lines = 1
    for text, width in zip(cells, _WIDTHS, strict=True):
        usable = max(width - 1, 1)
        if 2 * len(text) <= usable and "\n" not in text:
            continue  # one line, however wide its characters
        lines = max(lines, _wrapped(text, usable))
    return lines * _LINE_HEIGHT + 4


@lru_cache(maxsize=1 << 16)
def _wrapped(text: str, usable: int) -> int:
    """The lines ``text`` takes in a cell ``usable`` units wide. A domain's table repeats its
    texts (a basis, a time limit, the channels) across its rows: each is counted once."""
    return sum(max(1, math.ceil(_text_units(part) / usable)) for part in text.split("\n"))
