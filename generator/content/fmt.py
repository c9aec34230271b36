"""``zwgk fmt``: put content files into their canonical form without losing anything.

What changes:

- accepted variants become their canonical value (特定群众 → 特定群体, 镇级 → 乡级 …, the table
  in :mod:`generator.content.variants`), and 发文字号 get their 〔〕 brackets (``doc_number``,
  ``interprets`` and ``policy:`` references in 公开依据);
- the keys of every mapping that a model describes are put into the model's order, which is
  the order of the contract (``content-format.md``); unknown keys follow, in their own order.

What does not: everything else, byte for byte. The file is parsed with ruamel.yaml's
round-trip composer, which gives the exact span of every key and value; the formatter then
edits the text itself — a normalised value is rewritten inside its own span (in its own
quoting style), and reordering moves whole lines: a key's line(s) together with the comments
and blank lines written just above it and its end-of-line comment. Comments above the first
key of a mapping (a file's header, the ``yaml-language-server`` line) and after its last key
stay where they are. Indentation, quoting, dates (``2024-3-1`` stays), numbers (``0501``
stays), flow lists, line endings (CRLF stays CRLF) and a BOM are untouched.

Before a result is accepted it is parsed again and compared with the original: the same data
(apart from the normalised values) and the same comments. A file that cannot be formatted
safely — one that does not parse, has duplicate keys, YAML tags or anchors — is refused and
left as it is. The Markdown body of a policy, interpretation or page is never touched.
"""

from __future__ import annotations

import copy
import os
import re
import types
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Union, cast, get_args, get_origin

from pydantic import BaseModel, RootModel
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.content.files import write_atomic
from generator.content.load import FENCE, KIND_MODELS, MARKDOWN_KINDS, classify, decode
from generator.content.variants import canonical_doc_number, normalise
from generator.content.yamlsafe import Path as KeyPath
from generator.content.yamlsafe import parse_yaml, path_str

# 发文字号 and references to one: their brackets become 〔〕 (file kind → path patterns)
DOC_NUMBER_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "policy": (("doc_number",),),
    "interpretation": (("interprets",),),
    "catalogue": (("items", "*", "basis", "*", "policy"),),
}


class FormatError(Exception):
    """The file cannot be formatted safely; the message (Chinese) says why."""


@dataclass
class FormatResult:
    """The outcome for one file. ``error`` is set (and nothing written) when it was refused."""

    changed: bool
    new_text: str
    notes: list[str] = field(default_factory=list)
    error: str | None = None


# --- the text formatter ---------------------------------------------------------------------


def format_text(kind: str, text: str) -> str:
    """The formatted text of a content file of ``kind``; raises :class:`FormatError`."""
    return format_text_with_notes(kind, text)[0]


def format_text_with_notes(kind: str, text: str) -> tuple[str, list[str]]:
    """The formatted text and a note (Chinese) for every change made or left undone."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom) :]
    notes: list[str] = []
    if kind in MARKDOWN_KINDS:
        new = _format_markdown(kind, text, notes)
    else:
        new = _format_lines(kind, text, 0, notes)
    return bom + new, notes


def _format_markdown(kind: str, text: str, notes: list[str]) -> str:
    """Only the front matter; the body is kept byte for byte, its line ends too."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise FormatError("缺少 YAML 头部：文件第一行应为 ---，接着写元数据，再用一行 --- 结束，然后写正文")
    for end in range(1, len(lines)):
        if FENCE.match(lines[end].removesuffix("\r")):
            break
    else:
        raise FormatError("YAML 头部没有结束：请在元数据之后加一行 ---，再写正文")
    if end == 1:
        return text
    front = "\n".join(lines[1:end]) + "\n"
    new_front = _format_lines(kind, front, 1, notes)
    if new_front == front:
        return text
    return lines[0] + "\n" + new_front + "\n".join(lines[end:])


def _format_lines(kind: str, text: str, line_offset: int, notes: list[str]) -> str:
    """YAML text with any line ends: formatted with LF, given back with the file's line ends."""
    crlf = "\r\n" in text
    lf_text = text.replace("\r\n", "\n")
    if "\r" in lf_text:
        raise FormatError("文件中有旧式的换行符（单独的 CR）：请用编辑器把换行符改为 LF 或 CRLF 后再整理")
    new = _format_yaml(kind, lf_text, line_offset, notes)
    if new == lf_text:
        return text  # nothing to do: not even mixed line ends are touched
    if crlf:
        if lf_text.count("\n") != text.count("\r\n"):
            notes.append("换行符统一为 CRLF")
        new = new.replace("\n", "\r\n")
    return new


def _format_yaml(kind: str, text: str, line_offset: int, notes: list[str]) -> str:
    if not text.strip():
        return text
    parsed = parse_yaml(text, line_offset)
    if parsed.problems:
        first = parsed.problems[0]
        more = f"（另有 {len(parsed.problems) - 1} 处问题）" if len(parsed.problems) > 1 else ""
        where = f" {first.key}" if first.key else ""
        raise FormatError(f"第 {first.pos[0]} 行{where}：{first.message}{more}")
    if parsed.data is None:
        return text  # only comments
    expected = copy.deepcopy(parsed.data)
    original_comments = _comments(text, _compose(text))

    new = _normalise_values(kind, text, expected, notes)
    new = _reorder(kind, new, notes)
    if new == text:
        return text

    check = parse_yaml(new, line_offset)
    if check.problems or check.data != expected or _comments(new, _compose(new)) != original_comments:
        raise FormatError(
            "整理结果未通过自检（内容或注释会有变化），为安全起见没有改动：请把这个文件报告给维护人员"
        )
    return new


def _compose(text: str) -> Node:
    yaml = YAML(typ="rt", pure=True)
    try:
        node = cast("Node | None", yaml.compose(text))
    except YAMLError as exc:  # pragma: no cover - the safe parser refused it already
        raise FormatError(f"无法解析：{exc}") from exc
    if node is None:  # pragma: no cover - only comments, handled before
        raise FormatError("文件里只有注释")
    return node


# --- values ---------------------------------------------------------------------------------


def _nodes(node: Node, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Node]]:
    """Every node with its path, as in :func:`generator.content.yamlsafe.path_str`."""
    yield path, node
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                yield from _nodes(value, (*path, key.value))
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _nodes(item, (*path, i))


def _match(data: Any, pattern: tuple[str, ...], path: KeyPath = ()) -> Iterator[KeyPath]:
    if not pattern:
        yield path
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, value in enumerate(data):
                yield from _match(value, rest, (*path, i))
    elif isinstance(data, dict) and head in data:
        yield from _match(data[head], rest, (*path, head))


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: KeyPath, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _normalise_values(kind: str, text: str, expected: Any, notes: list[str]) -> str:
    """Rewrite variants and 发文字号 brackets in place; ``expected`` gets the same changes."""
    changes: dict[KeyPath, tuple[str, str]] = {}
    for path, variant, canonical in normalise(kind, expected):
        changes[path] = (variant, canonical)
    for pattern in DOC_NUMBER_FIELDS.get(kind, ()):
        for path in list(_match(expected, pattern)):
            value = _get(expected, path)
            if isinstance(value, str) and canonical_doc_number(value) != value:
                fixed = canonical_doc_number(value)
                _set(expected, path, fixed)
                changes[path] = (value, fixed)
    if not changes:
        return text
    _plain_line_breaks(text)
    root = _compose(text)
    nodes = dict(_nodes(root))
    starts = _line_starts(text)
    edits: list[tuple[int, int, str]] = []
    for path, (old, new) in changes.items():
        node = nodes.get(path)
        if not isinstance(node, ScalarNode):  # pragma: no cover - the two parsers agree
            raise FormatError(f"{path_str(path)}：无法定位这个值")
        if node.style in ("|", ">"):
            _set(expected, path, old)
            notes.append(f"{path_str(path)}：“{old.strip()}”是块写法（| 或 >），没有改动，请手工改为“{new}”")
            continue
        start = starts[node.start_mark.line] + node.start_mark.column
        end = starts[node.end_mark.line] + node.end_mark.column
        edits.append((start, end, _render(new, node.style)))
        notes.append(f"{path_str(path)}：“{old.strip()}”改为“{new}”")
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def _plain_line_breaks(text: str) -> None:
    """YAML also breaks lines at U+0085, U+2028 and U+2029: positions would not match lines."""
    found = _ODD_BREAKS.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise FormatError(
            f"第 {line} 行有一个特殊的换行字符（U+{ord(found.group()):04X}），常见于从其他软件复制的文字：请删除它"
        )


def _render(value: str, style: str | None) -> str:
    """``value`` as a scalar in the author's quoting style."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return '"' + escaped + '"'
    return value


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


# --- key order ------------------------------------------------------------------------------


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _ordered_mappings(
    node: Node, tp: Any, path: KeyPath, out: list[tuple[KeyPath, MappingNode, list[str]]]
) -> None:
    """Every mapping a model describes, with the model's field order."""
    tp = _unwrap(tp)
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        for arg in get_args(tp):
            _ordered_mappings(node, arg, path, out)
    elif origin is list:
        if isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                _ordered_mappings(item, get_args(tp)[0], (*path, i), out)
    elif origin is dict:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                _ordered_mappings(value, get_args(tp)[1], (*path, key.value), out)
    elif isinstance(tp, type) and issubclass(tp, RootModel):
        _ordered_mappings(node, tp.model_fields["root"].annotation, path, out)
    elif isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(node, MappingNode):
        fields = tp.model_fields
        out.append((path, node, list(fields)))
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value in fields:
                _ordered_mappings(value, fields[key.value].annotation, (*path, key.value), out)


def key_order(kind: str) -> list[str]:
    """The order of the top-level keys of a file of ``kind`` (the model's field order)."""
    model_cls = KIND_MODELS[kind]
    return list(model_cls.model_fields)


def _desired(keys: list[str], order: list[str]) -> list[int]:
    """Indexes of ``keys`` in the wanted order: known keys as ``order``, the rest after."""
    rank = {name: i for i, name in enumerate(order)}
    known = sorted((i for i, k in enumerate(keys) if k in rank), key=lambda i: rank[keys[i]])
    unknown = [i for i, k in enumerate(keys) if k not in rank]
    return known + unknown


def _last_line(node: Node, in_mapping_value: bool = False) -> int | None:
    """The last line holding text of ``node`` (None for an empty value with no text)."""
    if isinstance(node, ScalarNode):
        start, end = node.start_mark, node.end_mark
        if start.line == end.line and start.column == end.column:
            # an empty value: a mapping's points at the next token, a list item's at its "-"
            return None if in_mapping_value or start.column == 0 else int(start.line)
        if end.column == 0 and end.line > start.line:
            return int(end.line) - 1  # a block scalar ends at the start of the next line
        return int(end.line)
    if getattr(node, "flow_style", False):
        return int(node.end_mark.line)
    lines: list[int] = []
    if isinstance(node, MappingNode):
        for key, value in node.value:
            for part, is_value in ((key, False), (value, True)):
                found = _last_line(part, is_value)
                if found is not None:
                    lines.append(found)
    else:
        for item in node.value:
            found = _last_line(item)
            if found is not None:
                lines.append(found)
    return max(lines) if lines else None


_MODELINE = re.compile(r"^\s*#\s*yaml-language-server\s*:")


def _is_trivia(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@dataclass
class _Move:
    depth: int
    start: int  # first line of the mapping (the line of its first key)
    order: list[int]  # line indexes, in their new order
    prefix: str  # what stands before the first key on its line ("  - "), or ""
    first_lines: tuple[int, int]  # (old first key line, new first key line)
    column: int


def _reorder(kind: str, text: str, notes: list[str]) -> str:
    model_cls = KIND_MODELS.get(kind)
    if model_cls is None:
        return text
    root = _compose(text)
    lines = text.split("\n")
    mappings: list[tuple[KeyPath, MappingNode, list[str]]] = []
    _ordered_mappings(root, model_cls, (), mappings)
    moves: list[_Move] = []
    for path, node, order in mappings:
        keys = [k.value for k, _ in node.value]
        wanted = _desired(keys, order)
        if wanted == list(range(len(keys))):
            continue
        _plain_line_breaks(text)
        where = path_str(path) or "顶层"
        if node.flow_style:
            notes.append(f"{where}：花括号写法的映射没有调整键的顺序")
            continue
        move = _plan(node, wanted, lines, len(path))
        if move is None:
            notes.append(f"{where}：写法特殊，没有调整键的顺序")
            continue
        moves.append(move)
        notes.append(f"{where}：调整了键的顺序")
    for move in sorted(moves, key=lambda m: -m.depth):
        old_first, new_first = move.first_lines
        block = {i: lines[i] for i in move.order}
        if move.prefix:
            block[old_first] = " " * len(move.prefix) + block[old_first][move.column :]
            block[new_first] = move.prefix + block[new_first][move.column :]
        lines[move.start : move.start + len(move.order)] = [block[i] for i in move.order]
    return "\n".join(lines)


def _plan(node: MappingNode, wanted: list[int], lines: list[str], depth: int) -> _Move | None:
    """Line chunks of a block mapping (comments above a key go with it), in the new order."""
    pairs = node.value
    column = pairs[0][0].start_mark.column
    key_lines = [int(k.start_mark.line) for k, _ in pairs]
    ends: list[int] = []
    for (key, value), line in zip(pairs, key_lines, strict=True):
        if key.start_mark.column != column or not isinstance(key, ScalarNode):
            return None
        if key is not pairs[0][0] and lines[line][:column].strip():
            return None  # "? key" or something else before the key
        last = [x for x in (_last_line(key), _last_line(value, True)) if x is not None]
        ends.append(max([line, *last]))
    prefix = lines[key_lines[0]][:column]
    if prefix.strip(" -"):
        return None
    # chunk i runs from just after chunk i-1 to its last line; comment lines indented deeper
    # than the keys right after a value still belong to that value
    bounds: list[tuple[int, int]] = []
    start = key_lines[0]
    if not prefix.strip():
        # the comment lines right above the first key are about it (not above a "- ": those
        # are about the list item; and a blank line or an editor modeline ends them)
        while (
            start > 0 and lines[start - 1].strip().startswith("#") and not _MODELINE.match(lines[start - 1])
        ):
            start -= 1
        if all(_MODELINE.match(row) or row.strip() == "---" for row in lines[:start]):
            start = key_lines[0]  # comments opening the file are its header: they stay on top
    region_start = start
    for i, end in enumerate(ends):
        if i + 1 < len(ends):
            gap_end = key_lines[i + 1]
            if any(not _is_trivia(lines[j]) for j in range(end + 1, gap_end)):
                return None
            while end + 1 < gap_end and lines[end + 1].strip() and _indent(lines[end + 1]) > column:
                end += 1
            if end >= gap_end:  # pragma: no cover - keys are on their own lines
                return None
        else:
            while (
                end + 1 < len(lines)
                and lines[end + 1].strip().startswith("#")
                and (_indent(lines[end + 1]) > column)
            ):
                end += 1
        bounds.append((start, end))
        start = end + 1
    order = [j for i in wanted for j in range(bounds[i][0], bounds[i][1] + 1)]
    new_first = key_lines[wanted[0]]
    return _Move(
        depth=depth,
        start=region_start,
        order=order,
        prefix=prefix if prefix.strip() else "",
        first_lines=(key_lines[0], new_first),
        column=column,
    )


# --- comments (for the self-check) ----------------------------------------------------------


def _comments(text: str, root: Node) -> Counter[str]:
    """Every comment in ``text``: a ``#`` outside all scalars, at a line start or after a space."""
    covered: dict[int, list[tuple[int, int]]] = {}
    for _, node in _nodes(root):
        parts: list[Node] = [node]
        if isinstance(node, MappingNode):
            parts.extend(k for k, _ in node.value)
        for part in parts:
            if not isinstance(part, ScalarNode):
                continue
            s, e = part.start_mark, part.end_mark
            if s.line == e.line:
                covered.setdefault(s.line, []).append((s.column, e.column))
            else:
                covered.setdefault(s.line, []).append((s.column, 1 << 30))
                for line in range(s.line + 1, e.line):
                    covered.setdefault(line, []).append((0, 1 << 30))
                covered.setdefault(e.line, []).append((0, e.column))
    found: Counter[str] = Counter()
    for number, row in enumerate(text.split("\n")):
        spans = covered.get(number, [])
        for col, ch in enumerate(row):
            if ch != "#" or (col and row[col - 1] not in " \t"):
                continue
            if any(a <= col < b for a, b in spans):
                continue
            found[row[col:].rstrip()] += 1
            break
    return found


# --- files ----------------------------------------------------------------------------------


def format_file(path: str | os.PathLike[str], kind: str, *, write: bool = True) -> FormatResult:
    """Format one file in place (unless ``write`` is false). A refused file is left untouched."""
    target = Path(path)
    raw = target.read_bytes()
    _, problem = decode(str(target), raw)
    if problem is not None:
        return FormatResult(False, "", [], problem.message)
    original = raw.decode("utf-8")  # as written: a BOM stays "\ufeff", CRLF stays CRLF
    try:
        new, notes = format_text_with_notes(kind, original)
    except FormatError as exc:
        return FormatResult(False, original, [], str(exc))
    changed = new != original
    if changed and write:
        write_atomic(target, new)
    return FormatResult(changed, new, notes)


def content_root(path: Path) -> Path | None:
    """The nearest directory named ``content`` at or above ``path``."""
    for candidate in (path, *path.parents):
        if candidate.name == "content":
            return candidate
    return None


def collect(paths: Sequence[Path]) -> tuple[list[tuple[Path, str, Path]], list[str]]:
    """``(file, kind, content root)`` for every content file under ``paths``, and skip notes."""
    found: dict[Path, tuple[Path, str, Path]] = {}
    skipped: list[str] = []
    for given in paths:
        absolute = given.resolve()
        if absolute.is_dir():
            base = content_root(absolute) or absolute
            for dirpath, dirnames, filenames in os.walk(absolute):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    file = Path(dirpath) / name
                    kind = classify(file.relative_to(base).as_posix())
                    if kind is not None and kind in KIND_MODELS:
                        found.setdefault(file, (file, kind, base))
            continue
        root = content_root(absolute.parent)
        kind = classify(absolute.relative_to(root).as_posix()) if root else None
        if root is None or kind is None or kind not in KIND_MODELS:
            skipped.append(f"{shown_path(absolute)}：不是 content/ 中的内容文件，已跳过")
            continue
        found.setdefault(absolute, (absolute, kind, root))
    return sorted(found.values()), skipped


def shown_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive on Windows
        rel = str(path)
    return rel.replace(os.sep, "/")
