"""Spellings seen in real catalogues that are accepted with a warning and normalised.

The same table serves the checker (a W201 warning that names the canonical value) and
``zwgk fmt`` (which rewrites the value in place).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.content.yamlsafe import Path

AUDIENCE = {"特定群众": "特定群体", "特定对象": "特定群体"}
METHOD = {"依申请公开": "依申请", "申请": "依申请", "主动公开": "主动"}
LEVEL = {"乡、村级": "乡级", "乡村级": "乡级", "镇级": "乡级", "乡镇级": "乡级"}
DISCLOSURE = {
    "此件公开发布": "主动公开",
    "此件依申请公开": "依申请公开",
    "此件不公开": "不予公开",
    "主动": "主动公开",
    "依申请": "依申请公开",
}

# file kind → the fields that take variants, as path patterns ("*" is any list index)
FIELDS: dict[str, tuple[tuple[tuple[str, ...], dict[str, str]], ...]] = {
    "catalogue": (
        (("level",), LEVEL),
        (("items", "*", "audience"), AUDIENCE),
        (("items", "*", "method"), METHOD),
        (("items", "*", "levels"), LEVEL),
        (("items", "*", "levels", "*"), LEVEL),
    ),
    "organizations": ((("*", "level"), LEVEL),),
    "policy": ((("disclosure",), DISCLOSURE),),
}


def _walk(data: Any, pattern: tuple[str, ...], path: Path = ()) -> Iterator[tuple[Any, Path]]:
    """Yield ``(container, path)`` for every place ``pattern`` matches in ``data``."""
    if not pattern:
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, value in enumerate(data):
                if rest:
                    yield from _walk(value, rest, (*path, i))
                else:
                    yield data, (*path, i)
    elif isinstance(data, dict) and head in data:
        if rest:
            yield from _walk(data[head], rest, (*path, head))
        else:
            yield data, (*path, head)


def normalise(kind: str, data: Any) -> list[tuple[Path, str, str]]:
    """Replace variants in ``data`` in place; return ``(path, variant, canonical)`` for each."""
    found: list[tuple[Path, str, str]] = []
    for pattern, table in FIELDS.get(kind, ()):
        for container, path in _walk(data, pattern):
            key = path[-1]
            value = container[key]
            if isinstance(value, str):
                canonical = table.get(value.strip())
                if canonical is not None:
                    container[key] = canonical
                    found.append((path, value, canonical))
    return found


# 发文字号: the year in 〔〕. Authors type [2024], ［2024］, (2024), （2024）, 【2024】 or 〔2024].
_DOC_YEAR = re.compile(r"[\[［(（【〔](\d{4})[\]］)）】〕]")


_OTHER_BRACKETS = frozenset("[]［］()（）【】")


def canonical_doc_number(value: str) -> str:
    """示政办发[2024]12号 → 示政办发〔2024〕12号 (the form used to match references)."""
    value = value.strip()
    if _OTHER_BRACKETS.isdisjoint(value):
        return value  # the common case: already 〔〕, or no year at all
    return _DOC_YEAR.sub(lambda found: f"〔{found.group(1)}〕", value)
