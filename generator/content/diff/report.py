"""The comparison as text: a report for a terminal, or a pull-request summary in Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.content.diff.result import (
    EMPTY,
    SIDE_LABEL,
    STATUS_LABEL,
    CatalogueChange,
    Change,
    ContentDiff,
    FieldChange,
    Status,
)

# --- text ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _plain(value: str) -> str:
    """One line for a terminal: newlines as ⏎, control characters (escape sequences) visible."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "⏎").replace("\t", " ")
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", value)


def _value(value: str) -> str:
    return value if value else EMPTY


def summary(d: ContentDiff) -> str:
    """One line: how much changed, by kind."""
    parts: list[str] = []

    def count(label: str, changes: Iterable[Change | CatalogueChange]) -> None:
        n = {"added": 0, "removed": 0, "changed": 0}
        for c in changes:
            n[c.status] += 1
        shown = "、".join(f"{STATUS_LABEL[s]} {k}" for s, k in n.items() if k)
        if shown:
            parts.append(f"{label}{shown}")

    count("标准目录", d.catalogues)
    count("目录事项", (i for c in d.catalogues for i in c.items))
    count("政策文件", d.policies)
    count("政策解读", d.interpretations)
    count("页面", d.pages)
    count("机构", d.organizations)
    count("站点设置", d.site)
    count("其他", d.others)
    if d.unreadable:
        parts.append(f"无法读取的文件 {len(d.unreadable)} 个")
    return "；".join(parts) if parts else "没有变化"


def format_text(d: ContentDiff) -> str:
    """A report for a terminal, in Chinese."""
    lines = [f"与 {_plain(d.base)}（{d.commit[:7]}）比较，内容的变化：{summary(d)}。"]
    if d.departments:
        lines.append(f"涉及部门：{_plain('、'.join(d.departments))}。")
    if not d.base_has_content:
        lines.append("基准版本中没有内容目录：全部内容都算新增。")
    if d.empty:
        return "\n".join(lines)

    def fields(change_fields: Iterable[FieldChange], status: Status, indent: str) -> None:
        for f in change_fields:
            if status == "added":
                lines.append(f"{indent}{f.label}：{_plain(f.after)}")
            else:
                lines.append(f"{indent}{f.label}：{_plain(_value(f.before))} → {_plain(_value(f.after))}")

    def entries(title: str, changes: list[Change], indent: str = "  ") -> None:
        if not changes:
            return
        if title:
            lines.append("")
            lines.append(title)
        for c in changes:
            lines.append(
                f"{indent}{STATUS_LABEL[c.status]} {_plain(c.key)} {_plain(c.title)}（{_plain(d.where(c.path))}）"
            )
            fields(c.fields, c.status, indent + "  ")
            if c.body is not None:
                lines.append(f"{indent}  正文有改动：增加 {c.body.added} 行，删除 {c.body.removed} 行")

    if d.catalogues:
        lines += ["", "标准目录"]
        for cat in d.catalogues:
            lines.append(
                f"  {STATUS_LABEL[cat.status]}目录 {_plain(cat.domain)} · {_plain(cat.organization)}"
                f"（{_plain(d.where(cat.path))}）"
            )
            fields(cat.fields, cat.status, "    ")
            for item in cat.items:
                lines.append(f"    {STATUS_LABEL[item.status]}事项 {_plain(item.key)} {_plain(item.title)}")
                fields(item.fields, item.status, "      ")
    entries("政策文件", d.policies)
    entries("政策解读", d.interpretations)
    entries("页面", d.pages)
    entries("机构名录", d.organizations)
    entries("站点设置", d.site)
    entries("其他", d.others)
    if d.unreadable:
        lines += ["", "无法读取的文件（请先运行 zwgk check 改正）"]
        for u in d.unreadable:
            lines.append(f"  {SIDE_LABEL[u.side]} {_plain(d.where(u.path))}：{_plain(u.message)}")
    return "\n".join(lines)


# --- markdown --------------------------------------------------------------------------------

MAX_CELL = 300
MAX_MARKDOWN = 900_000  # GitHub keeps at most 1 MiB of a step's summary
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(value: str, limit: int | None = MAX_CELL) -> str:
    """Text that renders as itself in GitHub Markdown: no tags, links, images, code or tables.

    HTML characters become entities, Markdown punctuation is backslash-escaped, newlines are
    shown as ⏎ (a value stays on its table row).
    """
    value = _plain(value)
    if limit is not None and len(value) > limit:
        value = value[:limit] + "…"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", value)


def format_markdown(d: ContentDiff) -> str:
    """A pull-request summary (GitHub Markdown): headings per domain and organization,
    tables of the fields before and after. Every value from the content is escaped."""
    out = [f"## 内容变化（与 {md(d.base)} {d.commit[:7]} 比较）", "", f"{md(summary(d))}。", ""]
    if d.departments:
        out += [f"涉及部门：{md('、'.join(d.departments), None)}。", ""]
    if not d.base_has_content:
        out += ["基准版本中没有内容目录：全部内容都算新增。", ""]
    if d.empty:
        return "\n".join(out)

    def table(fields: tuple[FieldChange, ...], status: Status) -> None:
        if not fields:
            return
        if status == "added":
            out.extend(["| 项目 | 内容 |", "| --- | --- |"])
            out.extend(f"| {md(f.label)} | {md(_value(f.after))} |" for f in fields)
        else:
            out.extend(["| 项目 | 修改前 | 修改后 |", "| --- | --- | --- |"])
            out.extend(f"| {md(f.label)} | {md(_value(f.before))} | {md(_value(f.after))} |" for f in fields)
        out.append("")

    def entry(c: Change, level: str) -> None:
        out.append(f"{level} {STATUS_LABEL[c.status]}：{md(c.title)}（{md(c.key)}）")
        out.append("")
        out.append(f"文件：{md(d.where(c.path))}")
        out.append("")
        table(c.fields, c.status)
        if c.body is not None:
            out.append(f"正文有改动：增加 {c.body.added} 行，删除 {c.body.removed} 行。")
            out.append("")

    if d.catalogues:
        out += ["### 标准目录", ""]
        for cat in d.catalogues:
            out.append(f"#### {md(cat.domain)} · {md(cat.organization)}（{STATUS_LABEL[cat.status]}目录）")
            out.append("")
            out.append(f"文件：{md(d.where(cat.path))}")
            out.append("")
            table(cat.fields, cat.status)
            for item in cat.items:
                out.append(f"**{STATUS_LABEL[item.status]}事项：{md(item.title)}（{md(item.key)}）**")
                out.append("")
                table(item.fields, item.status)
    for title, changes in (
        ("政策文件", d.policies),
        ("政策解读", d.interpretations),
        ("页面", d.pages),
        ("机构名录", d.organizations),
        ("站点设置", d.site),
        ("其他", d.others),
    ):
        if changes:
            out += [f"### {title}", ""]
            for c in changes:
                entry(c, "####")
    if d.unreadable:
        out += ["### 无法读取的文件", "", "请先运行 zwgk check 改正。", ""]
        out += ["| 版本 | 文件 | 问题 |", "| --- | --- | --- |"]
        out += [f"| {SIDE_LABEL[u.side]} | {md(d.where(u.path))} | {md(u.message)} |" for u in d.unreadable]
        out.append("")
    text = "\n".join(out)
    if len(text.encode()) > MAX_MARKDOWN:
        cut = text.encode()[:MAX_MARKDOWN].decode("utf-8", "ignore")
        text = cut[: cut.rfind("\n")] + "\n\n……变化太多，以下省略。请在本地运行 zwgk diff 查看全部。\n"
    return text
