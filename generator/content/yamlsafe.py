"""Safe YAML parsing that keeps the author's text and the position of every key and value.

The parse is driven by the events of ruamel.yaml's C parser (``ruamel.yaml.clib``) and builds
plain Python data in one iterative pass:

- every scalar arrives as the author's text (``0501`` stays ``"0501"``, ``2015-13-04`` stays a
  string for the model to reject with a position); only plain ``true``/``false`` become booleans
  and plain ``~``/``null``/empty become ``None``;
- tags, anchors and aliases are reported and never resolved, so an alias bomb costs nothing;
- duplicate keys and non-text keys are reported;
- nesting is bounded and the builder never recurses.

Positions are 1-based ``(line, column)`` pairs in a table keyed by the data path
(``("items", 2, "channels", 1)``): ``values[path]`` is where the value starts and
``keys[path]`` where its key is written.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

try:  # the C parser; pure Python fallback keeps the tool working, only slower
    from _ruamel_yaml import CParser as _Parser
except ImportError:  # pragma: no cover - exercised only without ruamel.yaml.clib
    _Parser = None

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from generator.content.personal import SUSPECT

Path = tuple[str | int, ...]
Pos = tuple[int, int]

MAX_DEPTH = 64
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass(slots=True)
class YamlProblem:
    """A problem found while parsing; turned into a diagnostic by the loader."""

    code: str
    pos: Pos
    key: str
    message: str


@dataclass(slots=True)
class Parsed:
    data: Any = None
    values: dict[Path, Pos] = field(default_factory=dict)
    keys: dict[Path, Pos] = field(default_factory=dict)
    # non-plain scalars: path → (style, indent of a block scalar's content), for exact columns
    styles: dict[Path, tuple[str, int]] = field(default_factory=dict)
    # values already reported (a tag, an alias): the model does not judge them again
    reported: set[Path] = field(default_factory=set)
    # texts (values and keys) with a run of digits long enough to be personal data
    # (path, is_key): for a key, the path its value gets
    suspects: list[tuple[Path, bool]] = field(default_factory=list)
    problems: list[YamlProblem] = field(default_factory=list)
    empty: bool = False


def path_str(path: Path) -> str:
    """``("items", 2, "channels", 1)`` → ``items[2].channels[1]`` (the form in diagnostics)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_PROBLEM_HINTS: tuple[tuple[str, str], ...] = (
    ("found character '\\t'", "不能用制表符（Tab）缩进或分隔，请全部改用空格"),
    (
        "mapping values are not allowed",
        "这里不能出现冒号“:”：检查本行和上一行的缩进；文字里有冒号时请给整段文字加引号",
    ),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("expected <block end>", "缩进不一致：同一层的键要对齐，列表项的“- ”要对齐"),
    ("did not find expected key", "缩进不一致：同一层的键要对齐"),
    ("did not find expected '-'", "列表项缩进不一致：每项的“- ”要对齐"),
    ("expected ',' or ']'", "方括号列表写法有误：项目之间用英文逗号分隔，并以 ] 结束"),
    ("expected ',' or '}'", "花括号写法有误：项目之间用英文逗号分隔，并以 } 结束"),
    ("found unknown escape character", "双引号里的反斜杠 \\ 要写成 \\\\，或改用单引号"),
    ("unacceptable character", "文件里有不可见的控制字符，请删除"),
    ("special characters are not allowed", "文件里有不可见的控制字符，请删除"),
    ("found undefined alias", "不支持别名（*），请把内容直接写出来"),
    ("found character '@'", "@ 和 ` 不能作为值的开头，请给这段文字加引号"),
    ("found character '`'", "@ 和 ` 不能作为值的开头，请给这段文字加引号"),
    ("found character '%'", "% 不能作为值的开头，请给这段文字加引号"),
)


def _describe_yaml_error(exc: YAMLError) -> str:
    text = str(exc)
    for needle, hint in _PROBLEM_HINTS:
        if needle in text:
            return hint
    problem = getattr(exc, "problem", None) or text.splitlines()[0]
    return f"无法解析（{problem}），请检查这一行及上一行的缩进、冒号和引号"


def _mark_pos(exc: YAMLError, line_offset: int) -> Pos:
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    text = str(getattr(exc, "problem", "") or "")
    ctx_text = str(getattr(exc, "context", "") or "")
    # an unclosed quote or bracket is noticed at the end of the file: point where it opened
    if context is not None and ("end of stream" in text or "quoted scalar" in ctx_text or "flow" in ctx_text):
        problem = context
    mark = problem or context
    if mark is None:
        return (1 + line_offset, 1)
    return (mark.line + 1 + line_offset, mark.column + 1)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_FULLWIDTH_COLON_KEY = re.compile(r"^[ ]*(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*[ ]*(：)")
_FULLWIDTH_INDENT = re.compile("^[ ]*(\u3000)")
_TAB_INDENT = re.compile(r"^[ ]*(\t)")


def _line_problem(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """Mistakes YAML reports late or vaguely, found in the text itself: (line, col, hint)."""
    for i, line in enumerate(lines[: upto + 1]):
        for pattern, hint in (
            (_FULLWIDTH_COLON_KEY, "键后面用了全角冒号“：”：键和值之间要用英文冒号加空格“: ”"),
            (_FULLWIDTH_INDENT, "行首有全角空格：缩进只能用半角空格"),
            (_TAB_INDENT, "不能用制表符（Tab）缩进，请全部改用空格"),
        ):
            found = pattern.match(line)
            if found:
                return i, found.start(1), hint
    return None


def control_character(text: str, line_offset: int = 0) -> YamlProblem | None:
    """An invisible control character, which YAML refuses: located exactly."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    before = text[: found.start()]
    line = before.count("\n")
    col = found.start() - (before.rfind("\n") + 1)
    return YamlProblem(
        "E101",
        (line + 1 + line_offset, col + 1),
        "",
        f"这里有一个不可见的控制字符（U+{ord(found.group()):04X}），常见于从其他软件复制的文字：请删除它",
    )


def parse_yaml(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document. ``line_offset`` shifts lines (front matter inside a file)."""
    result = Parsed()
    bad = control_character(text, line_offset)
    if bad is not None:
        result.problems.append(bad)
        return result
    if _Parser is None:  # pragma: no cover
        from ruamel.yaml.parser import Parser
        from ruamel.yaml.reader import Reader
        from ruamel.yaml.scanner import Scanner

        class _PyLoader(Reader, Scanner, Parser):
            def __init__(self, stream: Any) -> None:
                Reader.__init__(self, stream, loader=self)
                Scanner.__init__(self, loader=self)
                Parser.__init__(self, loader=self)

        parser: Any = _PyLoader(text)
    else:
        parser = _Parser(io.StringIO(text))
    try:
        _build(parser, result, line_offset, text)
    except YAMLError as exc:
        pos = _mark_pos(exc, line_offset)
        lines = text.split("\n")
        idx = pos[0] - 1 - line_offset
        found = _line_problem(lines, idx)
        if found is not None:
            line, col, message = found
            pos = (line + 1 + line_offset, col + 1)
        elif 0 <= idx < len(lines) and "\t" in lines[idx][: pos[1]]:
            message = _PROBLEM_HINTS[0][1]
        else:
            message = _describe_yaml_error(exc)
        result.problems.append(YamlProblem("E101", pos, "", message))
        result.data = None
    except _TooDeep as exc:
        result.problems.append(
            YamlProblem("E110", exc.pos, "", f"嵌套超过 {MAX_DEPTH} 层，请检查缩进或拆分内容")
        )
        result.data = None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return result


class _TooDeep(Exception):
    def __init__(self, pos: Pos) -> None:
        self.pos = pos


class _Frame:
    __slots__ = ("container", "is_map", "path", "pending_key", "seen")

    def __init__(self, container: Any, path: Path, is_map: bool) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.pending_key: Any = _NO_KEY
        self.seen: dict[str, Pos] = {}


_NO_KEY = object()
_SKIP = object()  # a key that was reported (not text, duplicate): its value is dropped


def _build(parser: Any, result: Parsed, off: int, text: str) -> None:
    """Consume the parser's events; the hot loop of every load, so kept flat."""
    values = result.values
    keys = result.keys
    styles = result.styles
    reported = result.reported
    suspects = result.suspects
    suspect = SUSPECT.search
    problems = result.problems
    lines: list[str] | None = None
    stack: list[_Frame] = []
    documents = 0
    root: Any = None
    get_event = parser.get_event
    nulls = _NULLS
    bools = _BOOLS
    no_key = _NO_KEY
    skip = _SKIP
    top: _Frame | None = None

    def place_key(top: _Frame, value: Any, pos: Pos) -> None:
        if isinstance(value, str):
            key_path = (*top.path, value)
            first = top.seen.get(value)
            if first is not None:
                problems.append(
                    YamlProblem(
                        "E102",
                        pos,
                        path_str(key_path),
                        f"键“{value}”重复，第 {first[0]} 行已经写过：删除或合并其中一处",
                    )
                )
                top.pending_key = skip
            else:
                top.seen[value] = pos
                keys[key_path] = pos
                top.pending_key = value
        else:
            problems.append(
                YamlProblem(
                    "E107",
                    pos,
                    path_str(top.path),
                    "键必须是一段文字（不能为空、列表或映射）：请改写这个键",
                )
            )
            top.pending_key = skip

    def place(value: Any, pos: Pos) -> Path | None:
        """Attach a finished value to the frame on top; return its path (None if dropped)."""
        nonlocal root
        if top is None:
            root = value
            values[()] = pos
            return ()
        if not top.is_map:
            path = (*top.path, len(top.container))
            top.container.append(value)
            values[path] = pos
            return path
        key = top.pending_key
        if key is no_key:
            place_key(top, value, pos)
            return None
        top.pending_key = no_key
        if key is skip:
            return None
        top.container[key] = value
        path = (*top.path, key)
        values[path] = pos
        return path

    path: Path | None
    while True:
        event = get_event()
        cls = event.__class__
        mark = event.start_mark
        pos = (mark.line + 1 + off, mark.column + 1)
        if cls is ScalarEvent:
            # (ctag: the tag as the parser gives it, None when none is written; the tag
            # property makes a text of it on every call)
            flagged = event.ctag is not None or event.anchor is not None
            if flagged:
                _check_tag_anchor(event, stack, pos, problems)
            value = event.value
            style = event.style
            if not style and event.implicit[0]:
                value = None if value in nulls else bools.get(value, value)
            # fast paths for the commonest cases: a value under a pending text key, a text key
            # not seen before in its mapping, an item of a list
            if top is None:
                path = place(value, pos)
            elif top.is_map:
                key = top.pending_key
                if key.__class__ is str:
                    top.pending_key = no_key
                    top.container[key] = value
                    path = (*top.path, key)
                    values[path] = pos
                elif key is no_key and value.__class__ is str and value not in top.seen:
                    top.seen[value] = pos
                    keys[(*top.path, value)] = pos
                    top.pending_key = value
                    path = None
                else:
                    path = place(value, pos)
            else:
                path = (*top.path, len(top.container))
                top.container.append(value)
                values[path] = pos
            # (a finding has 11 digits: a shorter text is not searched)
            if value.__class__ is str and len(value) >= 11 and suspect(value) is not None:
                if path is not None:
                    suspects.append((path, False))
                elif top is not None:  # a key: it has no path of its own
                    suspects.append(((*top.path, value), True))
            if path is not None:
                if style:
                    indent = 0
                    if style in "|>":
                        if lines is None:
                            lines = text.split("\n")
                        nxt = mark.line + 1
                        if nxt < len(lines):
                            indent = len(lines[nxt]) - len(lines[nxt].lstrip(" "))
                    styles[path] = (style, indent)
                if flagged:
                    reported.add(path)
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            if event.ctag is not None or event.anchor is not None:
                _check_tag_anchor(event, stack, pos, problems)
            if len(stack) >= MAX_DEPTH:
                raise _TooDeep(pos)
            is_map = cls is MappingStartEvent
            container: Any = {} if is_map else []
            path = place(container, pos)
            if path is not None and event.ctag is not None and not _implicit_tag(event):
                reported.add(path)
            if path is None:
                # a collection used as a mapping key, or the value of a rejected key:
                # parse it, keep nothing
                path = (*(top.path if top is not None else ()), "?")
            top = _Frame(container, path, is_map)
            stack.append(top)
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            stack.pop()
            top = stack[-1] if stack else None
        elif cls is AliasEvent:
            problems.append(
                YamlProblem(
                    "E104",
                    pos,
                    _where(stack),
                    f"不支持别名“*{event.anchor}”：请把内容直接写出来",
                )
            )
            path = place(None, pos)
            if path is not None:
                reported.add(path)
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                problems.append(
                    YamlProblem(
                        "E107",
                        pos,
                        "",
                        "一个文件只能有一份内容：删除第二个 --- 及其后的内容，或拆成两个文件",
                    )
                )
                break
        elif cls is StreamEndEvent:
            break
    result.data = root
    result.empty = root is None
    _collapse_repeats(problems, "E104")


def _collapse_repeats(problems: list[YamlProblem], code: str) -> None:
    """Report a code once per file (the first place), with the number of other places."""
    same = [p for p in problems if p.code == code]
    if len(same) <= 1:
        return
    first = same[0]
    first.message += f"（本文件另有 {len(same) - 1} 处锚点或别名，请一并删除）"
    problems[:] = [p for p in problems if p.code != code or p is first]


def _check_tag_anchor(event: Any, stack: list[_Frame], pos: Pos, problems: list[YamlProblem]) -> None:
    if event.tag is not None and not _implicit_tag(event):
        tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
        problems.append(
            YamlProblem("E103", pos, _where(stack), f"不支持 YAML 标签“{tag}”：删除标签，直接写值")
        )
    if event.anchor is not None:
        where = _where(stack)
        problems.append(
            YamlProblem(
                "E104",
                pos,
                where,
                f"不支持锚点“&{event.anchor}”：删除锚点，把内容直接写出来",
            )
        )


def _where(stack: list[_Frame]) -> str:
    """The path of the value about to be placed, for a problem found on it."""
    if not stack:
        return ""
    top = stack[-1]
    if top.is_map:
        key = top.pending_key
        return path_str((*top.path, key)) if isinstance(key, str) else path_str(top.path)
    return path_str((*top.path, len(top.container)))


def _implicit_tag(event: Any) -> bool:
    # The C parser reports the tag only when the author wrote one; "!" on a quoted scalar is
    # the one non-specific tag that changes nothing.
    return bool(event.tag == "!")
