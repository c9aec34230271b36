"""Finding the header: which column holds which field, from the labels people write.

A header is one row, or two with merged group labels (公开事项 over 一级/二级事项, 公开对象 over
全社会/特定群体 …); title rows above it are skipped. The fields, their labels and the values
split into columns of marks come from the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from generator.content import model as m
from generator.content.importer.cells import CHANNEL_LOOKUP, Problems, channel_key, one_line
from generator.content.importer.sheets import Sheet
from generator.content.variants import AUDIENCE, LEVEL, METHOD
from generator.content.workbook import column_letters

HEADER_SEARCH_ROWS = 30

_ITEM_FIELDS = m.CatalogueItem.model_fields
# the columns of the national template: every field an item must have (but its id), 公开主体
REQUIRED: tuple[str, ...] = tuple(n for n, f in _ITEM_FIELDS.items() if f.is_required() and n != "id")
# their Chinese labels (the model's titles, as in the national template), by YAML key
LABELS: dict[str, str] = {
    n: f.title or n for n, f in _ITEM_FIELDS.items() if n in REQUIRED or n == "subjects"
}
# the fields a table may split into one column of marks per value, and those values
SPLIT: dict[str, tuple[str, ...]] = {
    "audience": get_args(m.Audience),
    "method": get_args(m.Method),
    "levels": m.LEVELS,
}

# a sub-column label → (field, the value a mark under it means)
SUB_LABELS: dict[str, tuple[str, str | None]] = {
    "一级事项": ("category", None),
    "一级": ("category", None),
    "二级事项": ("name", None),
    "二级": ("name", None),
    **{value: (name, value) for name, values in SPLIT.items() for value in values},
    "乡镇": ("levels", "乡级"),
    "乡(镇)级": ("levels", "乡级"),
    "乡镇(街道)级": ("levels", "乡级"),
    "乡镇(街道)": ("levels", "乡级"),
    **{variant: ("audience", value) for variant, value in AUDIENCE.items()},
    **{variant: ("method", value) for variant, value in METHOD.items()},
    **{variant: ("levels", value) for variant, value in LEVEL.items()},
}
_GROUP_PREFIX = re.compile(r"^(公开事项|公开对象|公开方式|公开层级)[-—_/:：(]?(.+?)\)?$")


def plain_label(text: str) -> str:
    """A header cell's text, normalised: no spaces or line breaks, half-width brackets, no *."""
    text = re.sub(r"\s+", "", text)
    for full, half in (("（", "("), ("）", ")"), ("【", "("), ("】", ")"), ("＊", ""), ("*", "")):
        text = text.replace(full, half)
    return text.rstrip(":：")


def main_field(s: str) -> str | None:
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


def sub_field(s: str) -> tuple[str, str | None] | None:
    if s in SUB_LABELS:
        return SUB_LABELS[s]
    found = _GROUP_PREFIX.match(s)  # a flattened label: 公开对象-全社会, 公开层级(县级)
    if found and found.group(2) in SUB_LABELS:
        return SUB_LABELS[found.group(2)]
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
    return {f for c in range(1, sheet.ncols + 1) if (f := main_field(plain_label(sheet.get(row, c))))}


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
                plain_label(sheet.get(row, c)) in {"公开事项", "公开对象", "公开方式", "公开层级"}
                or main_field(plain_label(sheet.get(row, c))) == "channels"
            )
        ):
            return True  # a group label over its sub-columns
        sub = SUB_LABELS.get(plain_label(sheet.own(row + 1, c)))
        if sub is not None:
            subs.add(sub)
    by_field: dict[str, int] = {}
    for f, _v in subs:
        by_field[f] = by_field.get(f, 0) + 1
    return subs >= {("category", None), ("name", None)} or any(n >= 2 for n in by_field.values())


def _whole(label: str) -> tuple[str, str | None] | None:
    found = main_field(label)
    return (found, None) if found else None


def _classify(top: str, sub: str) -> tuple[str, str | None] | None:
    """A header column from its labels: the sub-column's (二级事项, 全社会 …) first, then the top's."""
    if sub:
        if main_field(top) == "channels" and (channel := CHANNEL_LOOKUP.get(channel_key(sub))):
            return ("channels", channel)  # 公开渠道和载体 as 13 columns of √
        found = sub_field(sub) or _whole(sub)
        if found:
            return found
    return sub_field(top) or _whole(top)


def find_header(sheet: Sheet, problems: Problems) -> Header | None:
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
        top = plain_label(sheet.get(row, c))
        sub = plain_label(sheet.get(last, c)) if last > row and not sheet.merged_from_above(last, c) else ""
        found = _classify(top, sub)
        if found is None:
            text = sheet.get(last, c) or sheet.get(row, c)
            if text:
                problems.add(
                    "W706",
                    f"表头“{one_line(text)}”不是目录模板中的列，这一列没有导入",
                    last if sub else row,
                    c,
                )
            continue
        if found in seen:
            problems.add(
                "W706",
                f"“{describe(found)}”已在 {column_letters(seen[found])} 列，这一列没有导入",
                last if sub else row,
                c,
            )
            continue
        seen[found] = c
        columns[c] = found
    return Header(row, last, columns)


def describe(found: tuple[str, str | None]) -> str:
    name, value = found
    label = LABELS.get(
        name, {"number": "序号", "org": "机构", "phone": "咨询电话", "note": "备注"}.get(name, name)
    )
    return f"{label}-{value}" if value else label
