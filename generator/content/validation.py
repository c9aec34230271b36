"""Pydantic validation errors → Chinese diagnostics that name the field and say what to do."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, RootModel, ValidationError
from pydantic.fields import FieldInfo

from generator.content import model as m
from generator.content.diagnostics import Diagnostic
from generator.content.fields import REVIEWER_PATTERN
from generator.content.yamlsafe import Path

if TYPE_CHECKING:
    from generator.content.load import FileResult

# loc parts that are not keys of the author's data: union tags, the marker of a dict key
_UNION_TAGS = frozenset({"text", "ref"})
_DICT_KEY = "[key]"

# likely intents that string similarity cannot guess
_SUGGEST = {"村级": "乡级", "村": "乡级", "乡": "乡级", "镇": "乡级", "县": "县级", "区级": "县级"}
_LIST_SEPARATORS = re.compile(r"[，、；;]")


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[Path, bool]:
    """Map a pydantic ``loc`` onto the author's data, skipping union tags and validator steps.

    Returns the path and whether the error is about a mapping key rather than its value.
    """
    path: list[str | int] = []
    cur = data
    at_key = False
    for part in loc:
        if part == _DICT_KEY:
            at_key = True
            continue
        if isinstance(part, int) and isinstance(cur, list):
            if 0 <= part < len(cur):
                cur = cur[part]
                path.append(part)
        elif isinstance(part, str) and part in _UNION_TAGS:
            continue
        elif isinstance(cur, dict):
            key: str | int = part
            if key not in cur and str(part) in cur:
                key = str(part)
            path.append(key)
            cur = cur.get(key)
        elif isinstance(part, int) and isinstance(cur, str):
            continue  # a single text accepted as a list of one
    return tuple(path), at_key


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)
    if getattr(annotation, "__metadata__", None) is not None:
        origin = getattr(annotation, "__origin__", None)
        if origin is not None:
            yield from _models_in(origin)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    return next(_models_in(annotation), None)


def _is_dict_root(cls: type[BaseModel]) -> bool:
    if not issubclass(cls, RootModel):
        return False
    annotation = cls.model_fields["root"].annotation
    return getattr(annotation, "__origin__", None) is dict


def field_info(cls: type[BaseModel], path: Path) -> tuple[str, FieldInfo | None, type[BaseModel] | None]:
    """The Chinese label of the field at ``path``, its FieldInfo, and the model declaring it."""
    current: type[BaseModel] | None = cls
    if issubclass(cls, RootModel):
        current = _model_in(cls.model_fields["root"].annotation)
        if _is_dict_root(cls):
            path = path[1:]  # the first part is a key of the mapping (a year)
    label = str(cls.model_config.get("title") or "")
    info: FieldInfo | None = None
    owner: type[BaseModel] | None = None
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        found = current.model_fields.get(part)
        if found is None:
            return part, None, current
        info, owner = found, current
        label = found.title or part
        current = _model_in(found.annotation)
    return label, info, owner


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "“键: 值”映射"
    return f"“{value}”"


def _expected_values(ctx: dict[str, Any] | None) -> list[str]:
    return re.findall(r"'([^']*)'", str((ctx or {}).get("expected", "")))


def _suggest(value: Any, choices: list[str]) -> str:
    if not isinstance(value, str):
        return ""
    wanted = _SUGGEST.get(value.strip())
    if wanted in choices:
        return f"是不是要写“{wanted}”？"
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.4)
    return f"是不是要写“{close[0]}”？" if close else ""


def _example(info: FieldInfo | None) -> str:
    if info is not None and info.examples:
        return str(info.examples[0])
    return "…"


def _reviewer_example(value: Any) -> str:
    """The likely intent: the value with an @ in front, when that is a user or team."""
    if isinstance(value, str) and re.match(REVIEWER_PATTERN, "@" + value.strip().lstrip("@＠")):
        return "@" + value.strip().lstrip("@＠")
    return "@example-county/edu"


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def translate_errors(result: FileResult, cls: type[BaseModel], exc: ValidationError) -> list[Diagnostic]:
    errors = exc.errors(include_url=False)
    mapped = [(err, *_data_path(result.data, err["loc"])) for err in errors]
    # unknown keys by mapping, so a missing key that an unknown one misspells is said once
    extra_by_parent: dict[Path, list[str]] = {}
    for err, path, _ in mapped:
        if err["type"] == "extra_forbidden" and path and isinstance(path[-1], str):
            extra_by_parent.setdefault(path[:-1], []).append(path[-1])
    out: list[Diagnostic] = []
    seen: set[tuple[Path, str]] = set()
    for err, path, at_key in mapped:
        if any(path[: len(r)] == r for r in result.parsed.reported):
            continue  # a tag or alias already reported here
        etype = err["type"]
        if (path, etype) in seen:
            continue
        seen.add((path, etype))
        d = _one(result, cls, err, path, at_key, extra_by_parent)
        if d is not None:
            out.append(d)
    return out


def _one(
    result: FileResult,
    cls: type[BaseModel],
    err: Any,
    path: Path,
    at_key: bool,
    extra_by_parent: dict[Path, list[str]],
) -> Diagnostic | None:
    etype: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx")
    label, info, owner = field_info(cls, path)
    key_name = next((p for p in reversed(path) if isinstance(p, str)), "")
    named = f"“{label}”（{key_name}）" if key_name and label != key_name else f"“{label}”"

    if at_key:
        return result.diag(
            "E208", path, f"“{key_name}”应写成 2000 到 2100 之间的年份，例如 2027", at_key=True
        )
    if etype == "missing":
        typos = extra_by_parent.get(path[:-1], [])
        if difflib.get_close_matches(key_name, typos, n=1, cutoff=0.6):
            return None  # the misspelt key is reported with this name as the suggestion
        return result.diag("E201", path, f"缺少必填项{named}：请补上，例如 {key_name}: {_example(info)}")
    if etype == "extra_forbidden":
        allowed = list(owner.model_fields) if owner else []
        if key_name != key_name.strip() or "\u3000" in key_name or "：" in key_name:
            hint = "键里有全角空格或全角冒号：缩进和分隔只能用半角空格和英文冒号“: ”。"
        else:
            hint = _suggest(key_name, allowed)
        return result.diag(
            "E202",
            path,
            f"“{key_name}”不是可用的键。{hint}可用的键：{'、'.join(allowed)}",
            at_key=True,
        )
    if _is_empty(value) and etype not in ("bool_type", "bool_parsing"):
        return result.diag("E207", path, f"{named}不能为空：请填写内容，例如 {_example(info)}，或删除这一项")
    if etype in ("literal_error", "enum"):
        choices = _expected_values(ctx)
        if isinstance(value, str) and _LIST_SEPARATORS.search(value):
            parts = [p.strip() for p in _LIST_SEPARATORS.split(value) if p.strip()]
            return result.diag(
                "E203",
                path,
                f"列表中的各项要用英文逗号“,”分隔，不能用中文逗号或顿号：写成 [{', '.join(parts)}]",
            )
        return result.diag(
            "E203",
            path,
            f"{_describe(value)}不是“{label}”的可选值。{_suggest(value, choices)}可选：{'、'.join(choices)}",
        )
    if etype.startswith("datetime"):
        return result.diag(
            "E205",
            path,
            f"{_describe(value)}不是有效的时刻：“{label}”请写成 2026-12-01T09:00:00+08:00（或只写日期 2026-12-01）",
        )
    if etype.startswith("date"):
        return result.diag(
            "E205", path, f"{_describe(value)}不是有效的日期：“{label}”请写成 YYYY-MM-DD，例如 2024-03-01"
        )
    if etype == "string_pattern_mismatch":
        pattern = str((ctx or {}).get("pattern", ""))
        if pattern == REVIEWER_PATTERN:
            return result.diag(
                "E210",
                path,
                f"{_describe(value)}不是 GitHub 用户或团队：{named}写成 @用户名 或 @组织/团队，"
                f"例如 {_reviewer_example(value)}",
            )
        if pattern.startswith("^http"):
            return result.diag(
                "E206",
                path,
                f"{_describe(value)}不是完整的网址：{named}应以 http:// 或 https:// 开头，例如 {_example(info)}",
            )
        return result.diag(
            "E206",
            path,
            f"{_describe(value)}不能作为{named}：只能用小写英文字母、数字和连字符 -，例如 {_example(info)}",
        )
    if etype == "too_short":
        return result.diag("E207", path, f"{named}至少要填写一项")
    if etype in ("bool_type", "bool_parsing"):
        return result.diag("E204", path, f"{named}只能写 true（是）或 false（否），这里是{_describe(value)}")
    if etype in ("int_parsing", "int_type", "int_from_float"):
        return result.diag("E208", path, f"{named}应为整数，这里是{_describe(value)}")
    if etype in ("float_parsing", "float_type"):
        return result.diag("E208", path, f"{named}应为数字，这里是{_describe(value)}")
    if etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limits = {"ge": "不小于", "le": "不大于", "gt": "大于", "lt": "小于"}
        said = "、".join(f"{limits.get(k, k)} {v}" for k, v in (ctx or {}).items())
        return result.diag("E208", path, f"{named}应{said}，这里是{_describe(value)}")
    if etype == "list_type":
        if not path:
            return result.diag(
                "E107", path, f"文件最外层应为列表（每项以“- ”开头），这里是{_describe(value)}"
            )
        return result.diag(
            "E204", path, f"{named}应为列表，例如 [甲, 乙]，或每行一个“- ”；这里是{_describe(value)}"
        )
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        if not path:
            expected = "列表（每项以“- ”开头）" if cls in (m.Organizations, m.Domains) else "“键: 值”的映射"
            return result.diag("E107", path, f"文件最外层应为{expected}，这里是{_describe(value)}")
        return result.diag("E204", path, f"{named}应为“键: 值”的映射，这里是{_describe(value)}")
    if etype == "string_type":
        return result.diag("E204", path, f"{named}应为文字，这里是{_describe(value)}")
    return result.diag(
        "E204", path, f"{named}的值不符合要求（{etype}）：请对照格式说明修改"
    )  # pragma: no cover
