"""Download exports: catalogues and policies as JSON, each domain's table as CSV and Excel, the feed.

Everything is built in memory from a :class:`~generator.site.sitedata.SiteData` and returned as
bytes keyed by the site-relative path of the URL contract (see :mod:`generator.site.sitedata`).
Nothing reads the clock and nothing is random: the only date that does not come from the
content is ``build_date`` (the workbook's document properties), so two builds of the same
content give byte-identical files.

Spreadsheets are opened by people, in Excel: any cell text that Excel would take for a formula
(it starts with ``= + - @``, a tab or a carriage return) is defused — with a leading apostrophe
in CSV, and in XLSX by writing it as a plain string cell with the quote-prefix style.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped, unused-ignore]

from generator.content import model as m
from generator.content.domains import Domain
from generator.site.sitedata import (
    FEED,
    Basis,
    CatalogueView,
    InterpretationView,
    Item,
    Org,
    PolicyView,
    SiteData,
    absolute,
    csv_url,
    xlsx_url,
)

CATALOGUES_JSON = "data/catalogues.json"
POLICIES_JSON = "data/policies.json"
FEED_SIZE = 50

# The national template's columns, flattened (parent-child), after the 机构 column.
COLUMNS = (
    "机构",
    "序号",
    "公开事项-一级事项",
    "公开事项-二级事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象-全社会",
    "公开对象-特定群体",
    "公开方式-主动",
    "公开方式-依申请",
    "公开层级-县级",
    "公开层级-乡级",
)
MARK = "√"
LIST_SEPARATOR = "；"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# column indexes used below
_ORG, _NUMBER, _CATEGORY, _NAME, _CONTENT, _BASIS, _TIME, _SUBJECTS, _CHANNELS = range(9)
_MARKS = range(9, 15)


def exports(data: SiteData, *, build_date: dt.date) -> dict[str, bytes]:
    """Every download file of the site: site-relative path → bytes (nothing is written)."""
    out: dict[str, bytes] = {
        CATALOGUES_JSON: catalogues_json(data),
        POLICIES_JSON: policies_json(data),
    }
    for domain, _views in _domains_with_catalogues(data):
        out[csv_url(domain.slug)] = catalogue_csv(data, domain.slug)
        out[xlsx_url(domain.slug)] = catalogue_xlsx(data, domain.slug, build_date=build_date)
    out[FEED] = feed_xml(data, build_date=build_date)
    return out


# --- shared ------------------------------------------------------------------------------------


def _domains_with_catalogues(data: SiteData) -> Iterator[tuple[Domain, list[CatalogueView]]]:
    for domain in data.domains:
        views = data.catalogues.get(domain.slug)
        if views:
            yield domain, views


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def channel_boxes(item: m.CatalogueItem) -> str:
    """公开渠道和载体 as printed in the national table: the 13 boxes, then any other channels.

    Matches the catalogue page: ■ for a ticked national channel, □ for the others, and each
    channel outside the list (channels_other) as a ticked box after them.
    """
    boxes = [("■" if ch in item.channels else "□") + ch for ch in m.CHANNELS]
    boxes += ["■" + other for other in item.channels_other]
    return " ".join(boxes)


def basis_label(basis: Basis) -> str:
    """One 公开依据 entry as text: a policy of this site by its title and 发文字号."""
    policy = basis.policy
    if policy is None:
        return basis.text
    title = policy.model.title
    label = title if title.startswith("《") else f"《{title}》"
    return f"{label}（{policy.model.doc_number}）" if policy.model.doc_number else label


def defuse_formula(text: str) -> str:
    """CSV cell text that Excel cannot take for a formula (OWASP: a leading apostrophe)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _org_ref(value: Org | str) -> dict[str, Any]:
    if isinstance(value, Org):
        return {"id": value.id, "name": value.name}
    return {"id": None, "name": value}  # not in organizations.yml: the text as written


# --- JSON ----------------------------------------------------------------------------------------


def _json(obj: Any) -> bytes:
    # one line per top-level entry would be nicer to read, but only the compact form uses the
    # C encoder (about ten times faster on a county's twenty thousand items)
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def catalogues_json(data: SiteData) -> bytes:
    base = data.site.base_url
    domains = [
        {
            "slug": domain.slug,
            "name": domain.name,
            "url": absolute(base, views[0].url),
            "csv": absolute(base, csv_url(domain.slug)),
            "xlsx": absolute(base, xlsx_url(domain.slug)),
            "catalogues": [_catalogue_obj(data, view) for view in views],
        }
        for domain, views in _domains_with_catalogues(data)
    ]
    return _json({"site": _site_obj(data), "domains": domains})


def _site_obj(data: SiteData) -> dict[str, Any]:
    return {"name": data.site.name, "url": absolute(data.site.base_url, "")}


def _catalogue_obj(data: SiteData, view: CatalogueView) -> dict[str, Any]:
    base = data.site.base_url
    return {
        "organization": _org_ref(view.org),
        "level": view.model.level,
        "updated": _iso(view.model.updated),
        "source": view.rel,
        "items": [_item_obj(base, view, item) for item in view.items],
    }


def _item_obj(base: str | None, view: CatalogueView, item: Item) -> dict[str, Any]:
    it = item.model
    return {
        "id": it.id,
        "url": absolute(base, f"{view.url}#{item.anchor}"),
        "category": it.category,
        "name": it.name,
        "content": list(it.content),
        "basis": [_basis_obj(base, b) for b in item.basis],
        "time_limit": it.time_limit,
        "subjects": [_org_ref(s) for s in item.subjects],
        "channels": list(it.channels),
        "channels_other": list(it.channels_other),
        "audience": it.audience,
        "method": it.method,
        "levels": list(it.levels),
        "phone": item.phone,
        "method_reason": it.method_reason,
        "note": it.note,
    }


def _basis_obj(base: str | None, basis: Basis) -> dict[str, Any]:
    if basis.policy is None:
        return {"text": basis.text}
    p = basis.policy
    return {
        "text": basis.text,
        "policy": {
            "id": p.id,
            "doc_number": p.model.doc_number,
            "title": p.model.title,
            "url": absolute(base, p.url),
        },
    }


def policies_json(data: SiteData) -> bytes:
    base = data.site.base_url
    return _json(
        {
            "site": _site_obj(data),
            "policies": [_policy_obj(base, p) for p in data.policies],
            "interpretations": [_interpretation_obj(base, i) for i in data.interpretations],
        }
    )


def _policy_obj(base: str | None, p: PolicyView) -> dict[str, Any]:
    pm = p.model
    return {
        "id": p.id,
        "url": absolute(base, p.url),
        "title": pm.title,
        "doc_number": pm.doc_number,
        "index_number": pm.index_number,
        "issuers": [_org_ref(o) for o in p.issuers],
        "drafter": _org_ref(p.drafter),
        "written": pm.written.isoformat(),
        "published": pm.published.isoformat(),
        "topic": pm.topic,
        "domains": [{"slug": d.slug, "name": d.name} for d in p.domains],
        "disclosure": pm.disclosure,
        "disclosure_reason": pm.disclosure_reason,
        "validity": pm.validity,
        "needs_interpretation": pm.needs_interpretation,
        "no_interpretation_reason": pm.no_interpretation_reason,
        "interpretations": [
            {
                "id": i.id,
                "url": absolute(base, i.url),
                "title": i.model.title,
                "published": i.published.isoformat(),
                "form": i.model.form,
            }
            for i in p.interpretations
        ],
    }


def _interpretation_obj(base: str | None, i: InterpretationView) -> dict[str, Any]:
    return {
        "id": i.id,
        "url": absolute(base, i.url),
        "title": i.model.title,
        "published": i.published.isoformat(),
        "form": i.model.form,
        "interpreter": _org_ref(i.interpreter),
        "policy": {"id": i.policy.id, "url": absolute(base, i.policy.url), "title": i.policy.model.title},
    }


# --- the table (CSV and XLSX) ------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    view: CatalogueView
    number: int  # 序号 within its organization's table, from 1
    cells: tuple[str, ...]  # one text per COLUMNS entry


def _rows(data: SiteData, slug: str) -> list[_Row]:
    rows: list[_Row] = []
    for view in data.catalogues.get(slug, []):
        for number, item in enumerate(view.items, start=1):
            rows.append(_Row(view, number, _cells(data, view, number, item)))
    return rows


def _cells(data: SiteData, view: CatalogueView, number: int, item: Item) -> tuple[str, ...]:
    it = item.model

    def mark(ticked: bool) -> str:
        return MARK if ticked else ""

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
        mark(it.audience == "全社会"),
        mark(it.audience == "特定群体"),
        mark(it.method == "主动"),
        mark(it.method == "依申请"),
        mark("县级" in it.levels),
        mark("乡级" in it.levels),
    )


def catalogue_csv(data: SiteData, slug: str) -> bytes:
    """One domain's table: UTF-8 with BOM (for Excel on Windows), CRLF rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in _rows(data, slug):
        writer.writerow([defuse_formula(cell) for cell in row.cells])
    return buffer.getvalue().encode("utf-8-sig")


def table_title(data: SiteData, domain: Domain) -> str:
    return f"{data.site.short_name or data.site.name} {domain.name}领域基层政务公开标准目录"


# (first column, last column, text) of the two header rows; a single column spans both rows
_GROUPS = ((2, 3, "公开事项"), (9, 10, "公开对象"), (11, 12, "公开方式"), (13, 14, "公开层级"))
_WIDTHS = (16, 6, 12, 16, 28, 30, 20, 16, 40, 7, 7, 7, 7, 7, 7)
_TITLE_ROW, _HEADER_ROWS, _FIRST_ROW = 0, (1, 2), 3
_LINE_HEIGHT = 15.0  # points per line of 11pt text


def catalogue_xlsx(data: SiteData, slug: str, *, build_date: dt.date) -> bytes:
    """One domain's table laid out like the national template (merged headers and 一级事项)."""
    domain = next(d for d in data.domains if d.slug == slug)
    title = table_title(data, domain)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,  # nothing on disk, and fixed zip member timestamps
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
            # the only date in the file: the build's, never the clock
            "created": dt.datetime(build_date.year, build_date.month, build_date.day),
        }
    )
    sheet = book.add_worksheet(_sheet_name(domain.name))
    fmt = _Formats(book)
    last_col = len(COLUMNS) - 1

    sheet.merge_range(_TITLE_ROW, 0, _TITLE_ROW, last_col, "", fmt.title)
    _put(sheet, fmt, _TITLE_ROW, 0, title, "title")
    sheet.set_row(_TITLE_ROW, 32)
    _write_header(sheet, fmt)
    for col, width in enumerate(_WIDTHS):
        sheet.set_column(col, col, width)

    rows = _rows(data, slug)
    for offset, row in enumerate(rows):
        r = _FIRST_ROW + offset
        for col, text in enumerate(row.cells):
            if col in (_ORG, _CATEGORY):
                continue  # written (and merged) below
            if col == _NUMBER:
                sheet.write_number(r, col, row.number, fmt.center)
            else:
                _put(sheet, fmt, r, col, text, "center" if col in _MARKS else "text")
        sheet.set_row(r, _row_height(row.cells))
    for col in (_ORG, _CATEGORY):
        for start, end in _runs(rows, col):
            text = rows[start].cells[col]
            first, last = _FIRST_ROW + start, _FIRST_ROW + end
            if last > first:
                sheet.merge_range(first, col, last, col, "", fmt.center)
            _put(sheet, fmt, first, col, text, "center")

    sheet.freeze_panes(_FIRST_ROW, 0)
    sheet.repeat_rows(_HEADER_ROWS[0], _HEADER_ROWS[1])
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()


def _write_header(sheet: Any, fmt: _Formats) -> None:
    top, bottom = _HEADER_ROWS
    grouped: dict[int, str] = {}
    for first, last, text in _GROUPS:
        sheet.merge_range(top, first, top, last, "", fmt.header)
        _put(sheet, fmt, top, first, text, "header")
        for col in range(first, last + 1):
            grouped[col] = COLUMNS[col].split("-", 1)[1]
    for col, name in enumerate(COLUMNS):
        if col in grouped:
            _put(sheet, fmt, bottom, col, grouped[col], "header")
        else:
            sheet.merge_range(top, col, bottom, col, "", fmt.header)
            _put(sheet, fmt, top, col, name, "header")
    sheet.set_row(top, 22)
    sheet.set_row(bottom, 22)


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


class _Formats:
    """The cell styles, each also with the quote prefix (text Excel would take for a formula)."""

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
    # always a string cell (never a formula); risky text keeps its value and gets the
    # quote-prefix style, so editing the cell in Excel does not turn it into a formula either
    if not text:
        sheet.write_blank(row, col, None, fmt.styles[style, False])  # keeps the border
        return
    sheet.write_string(row, col, text, fmt.styles[style, text.startswith(_FORMULA_START)])


def _sheet_name(name: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and no apostrophe at either end
    clean = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31]
    return clean or "标准目录"


def _text_units(text: str) -> int:
    # a CJK character is about two column-width units wide, other characters one
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _row_height(cells: tuple[str, ...]) -> float:
    """A row tall enough for its wrapped text (not every spreadsheet program fits rows itself)."""
    lines = 1
    for text, width in zip(cells, _WIDTHS, strict=True):
        usable = max(width - 1, 1)
        count = sum(max(1, math.ceil(_text_units(part) / usable)) for part in text.split("\n"))
        lines = max(lines, count)
    return lines * _LINE_HEIGHT + 4


# --- Atom feed -----------------------------------------------------------------------------------

ATOM_NS = "http://www.w3.org/2005/Atom"
# characters XML 1.0 does not allow at all (escaping cannot help)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    published: dt.date
    rank: int  # a policy before its interpretations on the same day
    id: str
    url: str
    title: str
    summary: str
    authors: tuple[str, ...]
    category: str


def _atom_date(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def feed_entries(data: SiteData) -> list[FeedEntry]:
    """The newest public policies and interpretations together, newest first."""
    base = data.site.base_url
    entries: list[FeedEntry] = []
    for p in data.policies:
        if not p.public:
            continue
        issuers = tuple(data.org_name(o) for o in p.issuers)
        summary = "发文机关：" + "、".join(issuers)
        if p.model.doc_number:
            summary += f"；发文字号：{p.model.doc_number}"
        url = absolute(base, p.url)
        entries.append(FeedEntry(p.published, 1, p.id, url, p.model.title, summary, issuers, "政策文件"))
    for i in data.interpretations:
        url = absolute(base, i.url)
        entries.append(
            FeedEntry(
                i.published,
                0,
                i.id,
                url,
                i.model.title,
                f"解读：{i.policy.model.title}",
                (data.org_name(i.interpreter),),
                "政策解读",
            )
        )
    entries.sort(key=lambda e: (e.published, e.rank, e.id), reverse=True)
    return entries[:FEED_SIZE]


def feed_xml(data: SiteData, *, build_date: dt.date) -> bytes:
    """Atom feed; its ``updated`` is the newest entry's date (the build date when empty)."""
    base = data.site.base_url
    entries = feed_entries(data)
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "zh-CN"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, tag, {k: _NOT_XML.sub("", v) for k, v in attrs.items()})
        if text is not None:
            el.text = _NOT_XML.sub("", text)
        return el

    sub(root, "id", absolute(base, ""))
    sub(root, "title", f"{data.site.name}政策文件和政策解读")
    sub(root, "link", rel="self", type="application/atom+xml", href=absolute(base, FEED))
    sub(root, "link", rel="alternate", type="text/html", href=absolute(base, ""))
    sub(root, "updated", _atom_date(entries[0].published if entries else build_date))
    author = sub(root, "author")
    sub(author, "name", data.site.name)
    sub(root, "generator", "zwgk")
    for e in entries:
        entry = sub(root, "entry")
        sub(entry, "id", e.url)
        sub(entry, "title", e.title, type="text")
        sub(entry, "link", rel="alternate", type="text/html", href=e.url)
        sub(entry, "published", _atom_date(e.published))
        sub(entry, "updated", _atom_date(e.published))
        for name in e.authors:
            sub(sub(entry, "author"), "name", name)
        sub(entry, "category", term=e.category, label=e.category)
        sub(entry, "summary", e.summary, type="text")
    ET.indent(root, space="  ")
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def write_exports(folder: Path, data: SiteData, build_date: dt.date) -> None:
    """Write every download file under ``folder`` (used from a background process)."""
    for rel, payload in exports(data, build_date=build_date).items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload)
