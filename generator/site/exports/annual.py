"""An annual report's tables as an Excel workbook: the page's cells, merged as the format prints them."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from generator.site.annual import Table
from generator.site.sitedata import AnnualReportView, SiteData


def annual_report_xlsx(data: SiteData, report: AnnualReportView, *, build_date: dt.date) -> bytes:
    """Sections 二, 三 and 四 on one sheet each, under the report's title."""
    import xlsxwriter  # type: ignore[import-untyped, unused-ignore]  # (only where a workbook is made)

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
            "title": report.title,
            "author": data.site.name,
            "company": data.site.name,
            "created": dt.datetime(build_date.year, build_date.month, build_date.day),
        }
    )
    border = {"border": 1, "valign": "vcenter", "text_wrap": True, "font_size": 11}
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        "header": book.add_format({**border, "bold": True, "align": "center", "bg_color": "#D9D9D9"}),
        "label": book.add_format({**border, "align": "left"}),
        "number": book.add_format({**border, "align": "right"}),
    }
    sections: dict[str, list[Table]] = {}
    for table in report.tables:
        sections.setdefault(table.caption, []).append(table)
    for caption, tables in sections.items():
        sheet = book.add_worksheet(caption[:31])  # (Excel allows 31 characters)
        width = max(t.width for t in tables)
        sheet.merge_range(0, 0, 0, max(width - 1, 1), "", styles["title"])
        sheet.write_string(0, 0, f"{report.title} · {caption}", styles["title"])
        sheet.set_column(0, width - 1, 12)
        row = 2
        for table in tables:
            row = _write(sheet, styles, table, row) + 1
    book.close()
    return buffer.getvalue()


def _write(sheet: Any, styles: dict[str, Any], table: Table, top: int) -> int:
    """The table's cells from row ``top``; returns the row after it. Spans become merged ranges."""
    taken: set[tuple[int, int]] = set()
    row = top
    for part, style in ((table.head, "header"), (table.body, "")):
        for cells in part:
            col = 0
            for cell in cells:
                while (row, col) in taken:
                    col += 1
                look = style or ("label" if cell.header else "number")
                last_row, last_col = row + cell.rowspan - 1, col + cell.colspan - 1
                for r in range(row, last_row + 1):
                    for c in range(col, last_col + 1):
                        taken.add((r, c))
                if (last_row, last_col) != (row, col):
                    sheet.merge_range(row, col, last_row, last_col, "", styles[look])
                if cell.header:
                    sheet.write_string(row, col, cell.text, styles[look])
                else:
                    sheet.write_number(row, col, float(cell.text), styles[look])
                col = last_col + 1
            row += 1
    return row
