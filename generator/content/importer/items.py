"""Rows → items: one table row becomes one catalogue item, in the model's terms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.content import model as m
from generator.content.importer.cells import (
    MARKS,
    NOT_MARKS,
    TRAILING,
    Problems,
    one_line,
    parse_channels,
    split_list,
)
from generator.content.importer.header import LABELS, SPLIT, Header, main_field, plain_label, sub_field
from generator.content.importer.sheets import Sheet
from generator.content.variants import AUDIENCE, LEVEL, METHOD


@dataclass
class Context:
    sheet: Sheet
    header: Header
    problems: Problems
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


def _is_repeated_header(ctx: Context, row: int) -> bool:
    """The header printed again (as on every page): each cell is its column's label."""
    texts = [plain_label(t) for c in ctx.header.columns if (t := ctx.sheet.own(row, c))]
    if not all(main_field(t) or sub_field(t) for t in texts):
        return False
    main = [t for t in texts if main_field(t) and not sub_field(t)]
    return len(main) >= 2 or {"一级事项", "二级事项"} <= set(texts)


def _marks(ctx: Context, row: int, name: str) -> list[str] | None:
    """The values ticked under a split group (公开对象/方式/层级), or None if not split."""
    columns = ctx.header.split_columns(name)
    if not columns:
        return None
    ticked: list[str] = []
    for col, value in columns:
        text = ctx.sheet.get(row, col).strip()
        if not text or text in NOT_MARKS:
            continue
        if text not in MARKS and plain_label(text) != value:
            ctx.problems.add(
                "W704",
                f"“{one_line(text)}”不是√：{LABELS[name]}按“{value}”已打√处理；不选的请留空",
                row,
                col,
            )
        if value is not None and value not in ticked:
            ticked.append(value)
    return ticked


# a value written as text → the model's value: the model's own spellings, then the variants
_AUDIENCE_TEXT = {v: v for v in SPLIT["audience"]} | AUDIENCE
_METHOD_TEXT = {v: v for v in SPLIT["method"]} | METHOD
_LEVEL_TEXT = (
    {v: v for v in SPLIT["levels"]} | LEVEL | {"县": "县级", "乡": "乡级", "镇": "乡级", "村级": "乡级"}
)
_LEVELS = "、".join(SPLIT["levels"])  # 县级、乡级


def _choice(ctx: Context, row: int, name: str, item: dict[str, Any]) -> None:
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
    value = table.get(plain_label(text))
    if value is None:
        item[name] = one_line(text)
        ctx.problems.add(
            "E706", f"“{one_line(text)}”不是{label}的可选值：请写{'或'.join(SPLIT[name])}", row, where
        )
    else:
        item[name] = value


def _levels(ctx: Context, row: int, item: dict[str, Any]) -> None:
    ticked = _marks(ctx, row, "levels")
    where = (ctx.header.split_columns("levels") or [(ctx.header.column_of("levels") or 1, "")])[0][0]
    if ticked is not None:
        if ticked:
            item["levels"] = [lv for lv in m.LEVELS if lv in ticked]
        else:
            ctx.problems.add("E705", f"公开层级（{_LEVELS}）没有打√：请在适用的层级下打√", row, where)
        return
    col = ctx.header.column_of("levels")
    if col is None:
        return  # the missing column is reported once, at the header
    text = ctx.sheet.get(row, col)
    if not text:
        ctx.problems.add("E704", f"没有填写公开层级：请填写{_LEVELS}或“{_LEVELS}”", row, where)
        return
    whole = plain_label(text)
    if whole in _LEVEL_TEXT:
        item["levels"] = [_LEVEL_TEXT[whole]]
        return
    found: list[str] = []
    for token in re.split(r"[、，,/；;和及与]+", whole):
        value = _LEVEL_TEXT.get(token)
        if value is None and re.fullmatch(r"县.*乡.*|县乡两级", token):
            found += m.LEVELS
        elif value is None:
            found = []
            break
        else:
            found.append(value)
    if found:
        item["levels"] = [lv for lv in m.LEVELS if lv in found]
    else:
        item["levels"] = [one_line(text)]
        ctx.problems.add(
            "E706", f"“{one_line(text)}”不是公开层级的可选值：请写{_LEVELS}或“{_LEVELS}”", row, where
        )


def _subjects(ctx: Context, text: str) -> list[str] | None:
    names = [n.strip(TRAILING) for n in re.split(r"[、，,；;\n]+", text) if n.strip(TRAILING)]
    if not names or all(plain_label(n) in ctx.organization_names for n in names):
        return None
    return [one_line(n) for n in names]


def read_item(ctx: Context, row: int, category: str) -> dict[str, Any]:
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
        item["name"] = one_line(text)
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
        item["time_limit"] = one_line(text)
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
        item["phone"] = one_line(text)
    if item.get("method") == "依申请":
        where = (h.split_columns("method") or [(h.column_of("method") or 1, "")])[0][0]
        problems.add(
            "W703", "公开方式为依申请：国家模板没有理由一栏，导入后请为这个事项补写 method_reason", row, where
        )
    col, text = cell("note")
    if text:
        item["note"] = one_line(text)
    return item


def _channel_marks(ctx: Context, row: int, item: dict[str, Any]) -> None:
    """公开渠道和载体 as one column per channel: √ ticks it; text under 其他 names the channel."""
    columns = ctx.header.split_columns("channels")
    channels: list[str] = []
    other: list[str] = []
    for col, value in columns:
        text = ctx.sheet.get(row, col).strip()
        if not text or text in NOT_MARKS or value is None:
            continue
        if value == "其他" and text not in MARKS:
            other += [t for t in re.split(r"[、，,；;\n]+", text) if t and t not in other]
        elif text not in MARKS and plain_label(text) != value:
            ctx.problems.add(
                "W704",
                f"“{one_line(text)}”不是√：公开渠道和载体按“{value}”已勾选处理；不选的请留空",
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


def item_rows(ctx: Context, org_col: int | None) -> Iterator[tuple[int, str]]:
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
                text = one_line(notes[min(notes)])
                short = text if len(text) <= 20 else text[:20] + "…"
                ctx.problems.add(
                    "W701", f"“{short}”是说明文字，不是公开事项，这一行没有导入", row, min(notes)
                )
            continue
        if _is_note_row(sheet, h, row, own):
            text = one_line(next(iter(own.values())))
            short = text if len(text) <= 20 else text[:20] + "…"
            ctx.problems.add("W701", f"“{short}”是说明文字，不是公开事项，这一行没有导入", row, min(own))
            continue
        if _is_repeated_header(ctx, row):
            continue
        if category_col:
            current = one_line(sheet.get(row, category_col))
            category = current or category
        if org_col is not None and plain_label(sheet.get(row, org_col)) not in ctx.organization_names:
            continue
        yield row, category
