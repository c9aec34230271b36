"""The catalogue table through xlsxwriter, the general-purpose writer: what the direct writer
(:mod:`generator.site.exports.sheet`) is compared with, cell by cell."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import xlsxwriter  # type: ignore[import-untyped, unused-ignore]

from generator.site.columns import COLUMNS, headings
from generator.site.exports import tables as t
from generator.site.sitedata import SiteData


def reference_xlsx(data: SiteData, slug: str, *, build_date: dt.date) -> bytes:
    domain = next(d for d in data.domains if d.slug == slug)
    title = t.table_title(data, domain)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties(
        {
            "title": title,
            "author": data.site.name,
            "company": data.site.name,
            "created": dt.datetime(build_date.year, build_date.month, build_date.day),
        }
    )
    sheet = book.add_worksheet(t._sheet_name(domain.name))
    fmt = _Formats(book)
    last_col = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last_col, "", fmt.title)
    _put(sheet, fmt, 0, 0, title, "title")
    sheet.set_row(0, 32)
    top, bottom = 1, 2
    for heading in headings():
        if heading.subs:
            sheet.merge_range(top, heading.first, top, heading.last, "", fmt.header)
            _put(sheet, fmt, top, heading.first, heading.name, "header")
    for heading in headings():
        for col, sub in enumerate(heading.subs, start=heading.first):
            _put(sheet, fmt, bottom, col, sub, "header")
        if not heading.subs:
            sheet.merge_range(top, heading.first, bottom, heading.first, "", fmt.header)
            _put(sheet, fmt, top, heading.first, heading.name, "header")
    sheet.set_row(top, 22)
    sheet.set_row(bottom, 22)
    for col, width in enumerate(t._WIDTHS):
        sheet.set_column(col, col, width)
    rows = t.table_rows(data, slug)
    for offset, row in enumerate(rows):
        r = 3 + offset
        for col, text in enumerate(row.cells):
            if col in (t._ORG, t._CATEGORY):
                continue
            if col == t._NUMBER:
                sheet.write_number(r, col, row.number, fmt.center)
            else:
                _put(sheet, fmt, r, col, text, "center" if col in t._MARKS else "text")
        sheet.set_row(r, t._row_height(row.cells))
    for col in (t._ORG, t._CATEGORY):
        for start, end in t._runs(rows, col):
            text = rows[start].cells[col]
            first, last = 3 + start, 3 + end
            if last > first:
                sheet.merge_range(first, col, last, col, "", fmt.center)
            _put(sheet, fmt, first, col, text, "center")
    sheet.freeze_panes(3, 0)
    sheet.repeat_rows(1, 2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()


class _Formats:
    def __init__(self, book: Any) -> None:
        border = {"border": 1, "valign": "vcenter", "text_wrap": True, "font_size": 11}
        specs: dict[str, dict[str, Any]] = {
            "title": {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"},
            "header": {**border, "bold": True, "align": "center", "bg_color": "#D9D9D9"},
            "text": {**border, "align": "left"},
            "center": {**border, "align": "center"},
        }
        self.styles = {(name, False): book.add_format(spec) for name, spec in specs.items()}
        self.styles.update(
            {(name, True): book.add_format({**spec, "quote_prefix": True}) for name, spec in specs.items()}
        )
        self.title = self.styles["title", False]
        self.header = self.styles["header", False]
        self.center = self.styles["center", False]


def _put(sheet: Any, fmt: _Formats, row: int, col: int, text: str, style: str) -> None:
    if not text:
        sheet.write_blank(row, col, None, fmt.styles[style, False])
        return
    sheet.write_string(row, col, text, fmt.styles[style, text.startswith(t._FORMULA_START)])
