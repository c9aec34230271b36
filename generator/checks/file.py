"""Rules that need only one file. Their results are cached with the file's content hash."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.checks.registry import FILE_RULES, declared, file_rule
from generator.content import model as m
from generator.content.diagnostics import Diagnostic, make
from generator.content.load import FileResult
from generator.content.personal import message, scan
from generator.content.scaffold import (
    SAMPLE_BODY_TEXTS,
    SAMPLE_ITEM_FIELDS,
    TITLE_ELLIPSES,
    only_ellipsis,
    sample_item,
)
from generator.content.variants import canonical_doc_number
from generator.content.yamlsafe import Path, path_str

# a 发文字号: 机关代字, 〔year〕, number, 号 (the form after canonical_doc_number)
DOC_NUMBER = re.compile(r"^\S*?〔\d{4}〕\d+号$")

_NEWLINE = re.compile("\n")


def _get_text(data: Any, path: Path) -> str:
    cur = data
    for part in path:
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            return ""
    return cur if isinstance(cur, str) else ""


@file_rule("E601", "E602", "E603")
def personal_data(f: FileResult) -> Iterator[Diagnostic]:
    """ID, mobile and bank card numbers in any text value, the body, or an attachment's cells."""
    parsed = f.parsed
    for path, is_key in parsed.suspects:  # the parser flagged every text that could hold one
        text = str(path[-1]) if is_key else _get_text(parsed.data, path)
        for found in scan(text):
            yield make(
                found.code,
                f.rel,
                f.key_pos(path) if is_key else f.text_pos(path, found.start),
                path_str(path),
                message(found),
                found.masked,
            )
    if f.body:
        line_starts: list[int] = []  # where each line of the body starts (once something is found)
        for found in scan(f.body):
            if not line_starts:
                line_starts = [0, *(nl.end() for nl in _NEWLINE.finditer(f.body))]
            line = _bisect(line_starts, found.start)
            col = found.start - line_starts[line] + 1
            yield make(
                found.code,
                f.rel,
                (f.body_line + line, col),
                "正文",
                message(found),
                found.masked,
            )
    for piece in f.suspect_texts:
        for found in scan(piece.text):
            where = (piece.line, piece.column)
            yield make(
                found.code, f.rel, where, piece.where, f"{piece.where}：{message(found)}", found.masked
            )


def _bisect(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


@file_rule("E501", "W502", "E513", "E503", "E505")
def policy_rules(f: FileResult) -> Iterator[Diagnostic]:
    """Dates in order; the form of the 发文字号; the reasons a policy must give."""
    p = f.model
    if not isinstance(p, m.Policy):
        return
    if p.written > p.published:
        yield f.diag(
            "E501",
            ("written",),
            f"成文日期 {p.written} 晚于发布日期 {p.published}：请核对，成文日期不能晚于发布日期",
        )
    if p.doc_number:
        fixed = canonical_doc_number(p.doc_number)
        if fixed != p.doc_number.strip():
            yield f.diag(
                "W502",
                ("doc_number",),
                f"发文字号的年份应使用六角括号〔〕：请改为“{fixed}”（zwgk fmt 可自动改正）",
            )
        if not DOC_NUMBER.match(fixed):
            yield f.diag(
                "E513",
                ("doc_number",),
                f"“{p.doc_number}”不是发文字号的格式：应为机关代字加〔年份〕和序号，例如 示政办发〔2024〕12号",
            )
    if p.disclosure != "主动公开" and not p.disclosure_reason:
        yield f.diag(
            "E503",
            ("disclosure",),
            f"公开属性为“{p.disclosure}”时必须说明理由：请填写 disclosure_reason（不公开或依申请公开的依据和理由）",
        )
    if not p.needs_interpretation and not p.no_interpretation_reason:
        yield f.diag(
            "E505",
            ("needs_interpretation",),
            "写了 needs_interpretation: false，但没有说明理由：请填写 no_interpretation_reason",
        )


@file_rule("E504", "E401")
def catalogue_rules(f: FileResult) -> Iterator[Diagnostic]:
    """依申请 needs a reason; item ids are unique in the file."""
    c = f.model
    if not isinstance(c, m.Catalogue):
        return
    first_seen: dict[str, int] = {}
    for i, item in enumerate(c.items):
        if item.method == "依申请" and not item.method_reason:
            yield f.diag(
                "E504",
                ("items", i, "method"),
                f"事项“{item.name}”的公开方式是依申请，必须说明理由：请填写 method_reason（为什么不主动公开）",
            )
        if item.id in first_seen:
            line = f.pos(("items", first_seen[item.id], "id"))[0]
            yield f.diag(
                "E401",
                ("items", i, "id"),
                f"事项编号“{item.id}”与第 {line} 行的事项重复：同一目录中每个事项的 id 必须不同",
            )
        else:
            first_seen[item.id] = i


@file_rule("E402")
def organization_rules(f: FileResult) -> Iterator[Diagnostic]:
    """Organization ids and names are unique."""
    orgs = f.model
    if not isinstance(orgs, m.Organizations):
        return
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    for i, org in enumerate(orgs.root):
        for value, seen, key, label in ((org.id, ids, "id", "编号"), (org.name, names, "name", "名称")):
            if value in seen:
                line = f.pos((seen[value], key))[0]
                yield f.diag(
                    "E402", (i, key), f"机构{label}“{value}”与第 {line} 行重复：每个机构只能登记一次"
                )
            else:
                seen[value] = i


_MARKDOWN = frozenset({"policy", "interpretation", "page"})


@file_rule("E209")
def placeholders(f: FileResult) -> Iterator[Diagnostic]:
    """Text a template leaves to be replaced (see generator.content.scaffold): only an ellipsis,
    an ellipsis in a title, the sample body, the sample item of a catalogue."""
    data = f.data
    titled = f.kind in _MARKDOWN and isinstance(data, dict) and isinstance(data.get("title"), str)
    if titled:
        title = data["title"]
        found = [title.find(e) for e in TITLE_ELLIPSES if e in title]
        if found:
            yield make(
                "E209",
                f.rel,
                f.text_pos(("title",), min(found)),
                "title",
                f"标题“{title.strip()}”中的省略号是模板的占位内容：请写出完整的标题",
            )
    for path, text in _ellipses(data, ()) if f.ellipsis else ():
        if not (titled and path == ("title",)):
            yield f.diag("E209", path, f"“{text.strip()}”是模板的占位内容：请改为实际内容，不需要的项请删除")
    if f.kind == "catalogue" and isinstance(data, dict) and isinstance(data.get("items"), list):
        sample = sample_item()
        name = sample["name"]
        for i, item in enumerate(data["items"]):
            if (
                isinstance(item, dict)
                and item.get("name") == name
                and all(item.get(k) == v for k, v in sample.items())
            ):
                yield f.diag(
                    "E209",
                    ("items", i),
                    f"事项“{sample['name']}”是目录模板中的示例事项（{_SAMPLE_LABELS}都与模板相同）："
                    "请改为本目录实际的公开事项，或删除它",
                )
    body = f.body
    if body and ("…" in body or "⋯" in body or "..." in body or any(t in body for t in SAMPLE_BODY_TEXTS)):
        for n, line in enumerate(body.split("\n")):
            text = line.strip()
            if not text:
                continue
            if text in SAMPLE_BODY_TEXTS:
                advice = "请写入实际正文"
            elif only_ellipsis(text):
                advice = "请写入实际内容，确需省略的整段请写“（略）”"
            else:
                continue
            where = (f.body_line + n, len(line) - len(line.lstrip()) + 1)
            yield make("E209", f.rel, where, "正文", f"正文中的“{text}”是模板的占位内容：{advice}")


_SAMPLE_LABELS = "、".join(str(m.CatalogueItem.model_fields[k].title) for k in SAMPLE_ITEM_FIELDS)


def _ellipses(node: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every text under ``node`` that is nothing but an ellipsis, with its path."""
    if isinstance(node, dict):
        pairs: Any = node.items()
    elif isinstance(node, list):
        pairs = enumerate(node)
    else:
        return
    for key, value in pairs:
        if isinstance(value, str):
            if only_ellipsis(value):
                yield (*path, key), value
        elif isinstance(value, (dict, list)):
            yield from _ellipses(value, (*path, key))


def run_file_rules(f: FileResult) -> list[Diagnostic]:
    """Every one-file rule on ``f`` (load_corpus runs this on each file it reads afresh)."""
    out: list[Diagnostic] = []
    for rule in FILE_RULES:
        found = list(rule.check(f))
        if found:  # most files give nothing: no per-finding check to set up
            out.extend(declared(rule, found))
    return out
