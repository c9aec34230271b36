"""Loading one content file: bytes → text → data with positions → validated model.

Every problem becomes a located :class:`~generator.diagnostics.Diagnostic`; nothing here
raises on bad input, prints, or exits.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from . import model as m
from .diagnostics import Diagnostic, make
from .variants import normalise
from .yamlsafe import Path, Pos, parse_yaml, path_str

MAX_FILE_BYTES = 10 * 1024 * 1024

KIND_MODELS: dict[str, type[BaseModel]] = {
    "site": m.Site,
    "organizations": m.Organizations,
    "domains": m.Domains,
    "holidays": m.Holidays,
    "catalogue": m.Catalogue,
    "policy": m.Policy,
    "interpretation": m.Interpretation,
    "page": m.Page,
}
MARKDOWN_KINDS = frozenset({"policy", "interpretation", "page"})
KIND_LABEL = {
    "site": "站点设置",
    "organizations": "机构名录",
    "domains": "本地领域",
    "holidays": "节假日补充",
    "catalogue": "标准目录",
    "policy": "政策文件",
    "interpretation": "政策解读",
    "page": "页面",
}
_TOP_FILES = {
    "site.yml": "site",
    "organizations.yml": "organizations",
    "domains.yml": "domains",
    "holidays.yml": "holidays",
}
_DIR_KINDS = {
    "catalogues": ("catalogue", (".yml", ".yaml")),
    "policies": ("policy", (".md",)),
    "interpretations": ("interpretation", (".md",)),
    "pages": ("page", (".md",)),
}


def classify(rel: str) -> str | None:
    """The kind of a content file from its path relative to ``content/``, or None."""
    if rel in _TOP_FILES:
        return _TOP_FILES[rel]
    top, _, rest = rel.partition("/")
    entry = _DIR_KINDS.get(top)
    if entry and rest and rel.endswith(entry[1]):
        return entry[0]
    return None


@dataclass
class FileResult:
    """One loaded file: its model (None when invalid), data, positions and diagnostics."""

    rel: str
    kind: str
    model: Any = None
    data: Any = None
    values: dict[Path, Pos] = field(default_factory=dict)
    keys: dict[Path, Pos] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        """A policy's or interpretation's id: its file name without ``.md``."""
        name = self.rel.rsplit("/", 1)[-1]
        return name[: -len(".md")] if name.endswith(".md") else name

    def pos(self, path: Path) -> Pos:
        """Where the value at ``path`` starts, or the nearest enclosing value."""
        values = self.values
        while path:
            found = values.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return values.get((), (1, 1))

    def key_pos(self, path: Path) -> Pos:
        """Where the key of ``path`` is written (falls back to its value)."""
        return self.keys.get(path) or self.pos(path)

    def diag(self, code: str, path: Path, message: str, *, at_key: bool = False) -> Diagnostic:
        where = self.key_pos(path) if at_key else self.pos(path)
        return make(code, self.rel, where, path_str(path), message)


def decode(rel: str, raw: bytes) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 (with or without BOM) to text with LF line ends, or a located E105."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, make(
            "E105",
            rel,
            (1, 1),
            "",
            "文件是 UTF-16 编码：请用记事本或 WPS“另存为”，编码选择 UTF-8",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, make(
            "E105",
            rel,
            (line, column),
            "",
            "文件不是 UTF-8 编码（这里有无法识别的字节，常见于用 GBK/ANSI 保存的文件）："
            "请用记事本或 WPS“另存为”，编码选择 UTF-8，再提交",
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split ``---`` front matter from a Markdown body.

    Returns ``(yaml_text, body, body_line)`` where the YAML text starts at file line 2, or
    None when the file does not open with a front matter block.
    """
    if not text.startswith("---"):
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if _FENCE.match(lines[i]):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


def load_file(rel: str, kind: str, raw: bytes) -> FileResult:
    """Load and validate one file of a known kind."""
    result = FileResult(rel=rel, kind=kind)
    if len(raw) > MAX_FILE_BYTES:
        result.diagnostics.append(
            make(
                "E110",
                rel,
                (1, 1),
                "",
                f"文件有 {len(raw) / 1024 / 1024:.1f} MB，超过上限 {MAX_FILE_BYTES // 1024 // 1024} MB："
                "请拆分文件，或检查是否误粘贴了大量内容",
            )
        )
        return result
    text, problem = decode(rel, raw)
    if problem is not None or text is None:
        result.diagnostics.append(problem)  # type: ignore[arg-type]
        return result
    if not text.strip():
        result.diagnostics.append(
            make("E106", rel, (1, 1), "", f"文件是空的：请按{KIND_LABEL[kind]}的模板填写，或删除这个文件")
        )
        return result
    line_offset = 0
    if kind in MARKDOWN_KINDS:
        split = split_front_matter(text)
        if split is None:
            result.diagnostics.append(
                make(
                    "E109",
                    rel,
                    (1, 1),
                    "",
                    "缺少 YAML 头部：文件第一行写 ---，接着写标题、日期等元数据，再用一行 --- 结束，然后写正文",
                )
            )
            return result
        text, result.body, result.body_line = split
        line_offset = 1
    parsed = parse_yaml(text, line_offset)
    result.values, result.keys = parsed.values, parsed.keys
    for p in parsed.problems:
        result.diagnostics.append(make(p.code, rel, p.pos, p.key, p.message))
    if parsed.problems and parsed.data is None:
        return result
    if parsed.empty:
        where = (line_offset + 1, 1)
        what = "YAML 头部是空的" if kind in MARKDOWN_KINDS else "文件里只有注释，没有内容"
        result.diagnostics.append(make("E106", rel, where, "", f"{what}：请按{KIND_LABEL[kind]}的模板填写"))
        return result
    data = parsed.data
    result.data = data
    for path, variant, canonical in normalise(kind, data):
        result.diagnostics.append(
            result.diag(
                "W201",
                path,
                f"“{variant}”是变体写法，规范写法是“{canonical}”：请改为“{canonical}”（zwgk fmt 可自动改正）",
            )
        )
    model_cls = KIND_MODELS[kind]
    try:
        result.model = model_cls.model_validate(data)
    except ValidationError as exc:
        result.diagnostics.extend(translate_errors(result, model_cls, exc))
    return result


# --- pydantic errors → Chinese diagnostics ----------------------------------------------------

_UNION_TAGS = frozenset({"text", "ref", "[key]"})


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[Path, bool]:
    """Map a pydantic ``loc`` onto the author's data; skip union tags and validator steps.

    Returns the path and whether it reaches an existing value.
    """
    path: list[str | int] = []
    cur = data
    exists = True
    for part in loc:
        if isinstance(part, int) and isinstance(cur, list):
            if 0 <= part < len(cur):
                cur = cur[part]
                path.append(part)
            else:
                exists = False
        elif isinstance(part, str) and part in _UNION_TAGS:
            continue
        elif isinstance(cur, dict):
            key: str | int = part
            if key not in cur and isinstance(part, int) and str(part) in cur:
                key = str(part)
            if key in cur:
                cur = cur[key]
                path.append(key)
            else:
                path.append(key)
                exists = False
                cur = None
        elif isinstance(part, int) and isinstance(cur, str):
            continue  # a single text accepted as a list of one
        else:
            exists = False
    return tuple(path), exists


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model inside a (possibly nested) annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    meta = getattr(annotation, "__metadata__", None)
    origin = getattr(annotation, "__origin__", None)
    if meta is not None and origin is not None:
        return _model_in(origin)
    return None


def _root_model(cls: type[BaseModel]) -> type[BaseModel] | None:
    if issubclass(cls, RootModel):
        return _model_in(cls.model_fields["root"].annotation)
    return cls


def field_label(cls: type[BaseModel], path: Path) -> tuple[str, type[BaseModel] | None]:
    """The Chinese label of the field at ``path`` and the model that declares it."""
    current: type[BaseModel] | None = _root_model(cls)
    label = cls.model_config.get("title") or ""
    owner: type[BaseModel] | None = None
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return part, current
        label = info.title or part
        owner = current
        current = _model_in(info.annotation)
    return label, owner


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
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.4)
    return f"是不是要写“{close[0]}”？" if close else ""


def translate_errors(result: FileResult, cls: type[BaseModel], exc: ValidationError) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen_paths: set[tuple[Path, str]] = set()
    for err in exc.errors(include_url=False):
        etype = err["type"]
        path, _exists = _data_path(result.data, err["loc"])
        label, owner = field_label(cls, path)
        value = err.get("input")
        ctx = err.get("ctx")
        key_name = next((p for p in reversed(path) if isinstance(p, str)), "")
        named = f"“{label}”（{key_name}）" if key_name and label != key_name else f"“{label}”"
        if (path, etype) in seen_paths:
            continue
        seen_paths.add((path, etype))
        if etype == "missing":
            out.append(result.diag("E201", path, f"缺少必填项{named}：请补上 {key_name}: …"))
        elif etype == "extra_forbidden":
            allowed = list(owner.model_fields) if owner else []
            hint = _suggest(key_name, allowed)
            out.append(
                result.diag(
                    "E202",
                    path,
                    f"“{key_name}”不是可用的键。{hint}可用的键：{'、'.join(allowed)}",
                    at_key=True,
                )
            )
        elif etype in ("literal_error", "enum"):
            choices = _expected_values(ctx)
            hint = _suggest(value, choices)
            out.append(
                result.diag(
                    "E203",
                    path,
                    f"{_describe(value)}不是“{label}”的可选值。{hint}可选：{'、'.join(choices)}",
                )
            )
        elif etype.startswith("date") or etype.startswith("datetime"):
            out.append(
                result.diag(
                    "E205",
                    path,
                    f"{_describe(value)}不是有效的日期：“{label}”请写成 YYYY-MM-DD，例如 2024-03-01",
                )
            )
        elif etype == "string_pattern_mismatch":
            out.append(
                result.diag(
                    "E206",
                    path,
                    f"{_describe(value)}不能作为{named}：只能用小写英文字母、数字和连字符 -，例如 enrolment-area",
                )
            )
        elif etype == "string_too_short" or (etype == "string_type" and value is None):
            out.append(result.diag("E207", path, f"{named}不能为空：请填写内容，或删除这一项"))
        elif etype == "too_short":
            out.append(result.diag("E207", path, f"{named}至少要填写一项"))
        elif etype in ("bool_type", "bool_parsing"):
            out.append(
                result.diag("E204", path, f"{named}只能写 true（是）或 false（否），这里是{_describe(value)}")
            )
        elif etype in ("int_parsing", "int_type", "int_from_float"):
            out.append(result.diag("E208", path, f"{named}应为整数，这里是{_describe(value)}"))
        elif etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            limits = {"ge": "不小于", "le": "不大于", "gt": "大于", "lt": "小于"}
            said = "、".join(f"{limits.get(k, k)} {v}" for k, v in (ctx or {}).items())
            out.append(result.diag("E208", path, f"{named}应{said}，这里是{_describe(value)}"))
        elif etype == "list_type" and not path:
            out.append(
                result.diag("E107", path, f"文件最外层应为列表（每项以“- ”开头），这里是{_describe(value)}")
            )
        elif etype == "list_type":
            out.append(
                result.diag(
                    "E204", path, f"{named}应为列表，例如 [甲, 乙]，或每行一个“- ”；这里是{_describe(value)}"
                )
            )
        elif etype in ("model_type", "dict_type", "model_attributes_type"):
            if not path:
                expected = (
                    "列表（每项以“- ”开头）" if cls in (m.Organizations, m.Domains) else "“键: 值”的映射"
                )
                out.append(result.diag("E107", path, f"文件最外层应为{expected}，这里是{_describe(value)}"))
            else:
                out.append(result.diag("E204", path, f"{named}应为“键: 值”的映射，这里是{_describe(value)}"))
        elif etype == "string_type":
            out.append(result.diag("E204", path, f"{named}应为文字，这里是{_describe(value)}"))
        else:  # pragma: no cover - a pydantic error type not seen in tests yet
            out.append(result.diag("E204", path, f"{named}的值不符合要求：{err.get('msg', '')}"))
    return out
