"""Cells: problems located by cell, and the values of one cell (lists, channels, marks).

What cannot be read is a :class:`CellProblem`, located the way people find it in Excel
(``目录.xlsx!Sheet1!D7: 错误 E704: …``). The problem codes (E7xx, W7xx) are the importer's own:
:data:`IMPORT_CODES` describes them in the form of :data:`generator.content.codes.CODES`, and
:meth:`CellProblem.to_diagnostic` turns a problem into a
:class:`~generator.content.diagnostics.Diagnostic` (path ``file.xlsx!Sheet1!D7``, line = row,
column = column number) for the JSON and GitHub output formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content import codes
from generator.content import model as m
from generator.content.codes import CODES
from generator.content.diagnostics import SEVERITY_LABEL, Diagnostic, Severity
from generator.content.workbook import column_letters

# the importer's own codes, with their titles and fixes
IMPORT_CODES = {code: CODES[code] for code in codes.IMPORT_CODES}

# --- located problems ------------------------------------------------------------------------


@dataclass(frozen=True)
class CellProblem:
    """A problem found in the spreadsheet, located by file, sheet and cell.

    ``row`` and ``column`` are 1-based; 0 means the problem is about the whole file (no sheet)
    or the whole sheet (no cell).
    """

    file: str
    sheet: str | None
    row: int
    column: int
    severity: Severity
    code: str
    message: str

    @property
    def cell(self) -> str:
        return f"{column_letters(self.column)}{self.row}" if self.row and self.column else ""

    @property
    def path(self) -> str:
        """``目录.xlsx!Sheet1!D7`` (or ``目录.xlsx!Sheet1``, ``目录.xlsx``)."""
        parts = [self.file]
        if self.sheet is not None:
            parts.append(self.sheet)
            if self.cell:
                parts.append(self.cell)
        return "!".join(parts)

    def format(self) -> str:
        """``目录.xlsx!Sheet1!D7: 错误 E704: message``."""
        return f"{self.path}: {SEVERITY_LABEL[self.severity]} {self.code}: {self.message}"

    def to_diagnostic(self) -> Diagnostic:
        return Diagnostic(
            path=self.path,
            line=self.row,
            column=self.column,
            severity=self.severity,
            code=self.code,
            key="",
            message=self.message,
        )


class Problems:
    """The problems found so far, located in ``file`` and the current ``sheet``."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sheet: str | None = None
        self.found: list[CellProblem] = []

    def add(self, code: str, message: str, row: int = 0, column: int = 0) -> None:
        severity = IMPORT_CODES[code].severity
        self.found.append(CellProblem(self.file, self.sheet, row, column, severity, code, message))


# --- cell values -------------------------------------------------------------------------------


def one_line(text: str) -> str:
    """Lines joined: without a space between Chinese text, with one between Latin words."""
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        if (
            out
            and line
            and out[-1].isascii()
            and out[-1].isalnum()
            and line[0].isascii()
            and line[0].isalnum()
        ):
            out += " "
        out += line
    return out.strip()


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_SPLIT_ANYWHERE = re.compile(f"[{_CIRCLED}●•▪◆◇★☆▶►]|[；;]")
_CN_NUM = "一二三四五六七八九十"
_NUMBERED = re.compile(
    rf"^(?:\d{{1,2}}[.．、)）](?!\d)|[(（](?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})[)）]|[{_CN_NUM}]{{1,3}}、)"
)
_INLINE_NUMBER = re.compile(
    rf"(?:(?<=\s)|(?<=[。，,]))(?=\d{{1,2}}[.．、)）](?!\d)|[{_CN_NUM}]{{1,3}}、)|(?=[(（](?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})[)）])"
)
_LEADING_MARK = re.compile(rf"^(?:[-–—*·>]\s*|{_NUMBERED.pattern[1:]}\s*)")
TRAILING = "；;，,、。 "
_BETWEEN_TITLES = re.compile(r"(?<=》)[\s、，,和及]*(?=《)|(?<=[）)])[\s、，,和及]+(?=《)")


def split_list(text: str, *, titles: bool = False) -> list[str]:
    """A 公开内容 or 公开依据 cell as entries: line breaks, ；, ①②③, ●, 1. 2. separate them.

    With ``titles`` (公开依据) ``《甲》《乙》`` and ``《甲》、《乙》`` are two entries too.
    """
    out: list[str] = []
    for line in text.split("\n"):
        for piece in _SPLIT_ANYWHERE.split(line):
            piece = piece.strip()
            parts = _INLINE_NUMBER.split(piece) if _NUMBERED.match(piece) else [piece]
            for part in parts:
                for entry in _BETWEEN_TITLES.split(part) if titles else [part]:
                    entry = _LEADING_MARK.sub("", entry.strip()).strip().strip(TRAILING).strip()
                    if entry:
                        out.append(entry)
    return out


# --- marks and channels ------------------------------------------------------------------------

_TICKED_BOXES = "■☑✅▣◼√✓✔"
_EMPTY_BOXES = "□☐◻▢"
_BOX = re.compile(f"([{_TICKED_BOXES}{_EMPTY_BOXES}])([^{_TICKED_BOXES}{_EMPTY_BOXES}]*)")
MARKS = frozenset({"√", "✓", "✔", "✅", "☑", "■", "●", "是", "Y", "y", "V", "v"})
NOT_MARKS = frozenset({"×", "✕", "✗", "✘", "○", "否", "/", "／", "-", "—", "无", "N", "n", "□", "☐"})


def channel_key(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    for full, half in (("（", "("), ("）", ")"), ("／", "/"), ("、", "/"), ("\\", "/")):
        name = name.replace(full, half)
    return name.strip(TRAILING + ":：")


_CHANNEL_ALIASES = {
    "政府门户网站": "政府网站",
    "门户网站": "政府网站",
    "政务新媒体": "两微一端",
    "新闻发布会": "发布会/听证会",
    "新闻发布会/听证会": "发布会/听证会",
    "发布会": "发布会/听证会",
    "听证会": "发布会/听证会",
    "广播/电视": "广播电视",
    "政府信息公开查阅点": "公开查阅点",
    "信息公开查阅点": "公开查阅点",
    "查阅点": "公开查阅点",
    "政务服务大厅": "政务服务中心",
    "入户": "入户/现场",
    "现场": "入户/现场",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "社区/企事业单位/村公示栏电子屏": "社区/企事业单位/村公示栏(电子屏)",
    "公示栏(电子屏)": "社区/企事业单位/村公示栏(电子屏)",
    "其它": "其他",
}
CHANNEL_LOOKUP = {channel_key(ch): ch for ch in m.CHANNELS} | {
    channel_key(k): v for k, v in _CHANNEL_ALIASES.items()
}


def _one_channel(text: str) -> list[tuple[str | None, str]] | None:
    """One name: a national channel, or 其他 with its text (其他：甲), or None."""
    if (key := channel_key(text)) in CHANNEL_LOOKUP:
        return [(CHANNEL_LOOKUP[key], text)]
    for prefix in ("其他", "其它"):
        if key.startswith(prefix) and len(key) > len(prefix):
            rest = key[len(prefix) :].strip(":：()").strip()
            return [("其他", "其他"), *([(None, rest)] if rest else [])]
    return None


def _channel_names(text: str) -> list[tuple[str | None, str]]:
    """Names in a piece of text → ``(national channel or None, text)``; 甲、乙 may be one name."""
    if (whole := _one_channel(text)) is not None:
        return whole
    tokens = [t for t in re.split(r"[、，,；;\s]+", text) if t]
    out: list[tuple[str | None, str]] = []
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + 3), i, -1):  # longest run of tokens naming one channel
            key = channel_key("/".join(tokens[i:j]))
            if key in CHANNEL_LOOKUP:
                out.append((CHANNEL_LOOKUP[key], "、".join(tokens[i:j])))
                i = j
                break
        else:
            out.extend(_one_channel(tokens[i]) or [(None, tokens[i].strip(TRAILING))])
            i += 1
    return [(ch, t) for ch, t in out if ch or t]


def parse_channels(text: str) -> tuple[list[str], list[str]]:
    """公开渠道和载体 → (national channels, other channels). ■/□ boxes or plain names."""
    channels: list[str] = []
    other: list[str] = []
    if any(ch in text for ch in _TICKED_BOXES + _EMPTY_BOXES):
        pieces = [(box in _TICKED_BOXES, name) for box, name in _BOX.findall(text)]
    else:
        pieces = [(True, text)]
    for ticked, name in pieces:
        if not ticked or not name.strip():
            continue
        for channel, written in _channel_names(name.strip()):
            if channel is not None:
                if channel not in channels:
                    channels.append(channel)
            elif written and written not in other:
                other.append(written)
    return channels, other
