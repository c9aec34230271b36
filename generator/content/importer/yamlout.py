"""YAML output: the catalogue in the contract's style, every scalar reading back as written."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from generator.content import model as m

# the order of an item's keys: the model's field order, which is the contract's (and fmt's)
ITEM_KEY_ORDER: tuple[str, ...] = tuple(m.CatalogueItem.model_fields)


def ordered_item(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with its keys in the model's order."""
    return {key: item[key] for key in ITEM_KEY_ORDER if key in item}


_RESERVED = frozenset(
    {"", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf", "-.inf", "+.inf"}
)
_NUMBER_OR_DATE = re.compile(r"^[-+]?(\d[\d_,.:eE+-]*|\.\d+|0[xXoObB][\da-fA-F_]+)$|^\d{4}-\d{1,2}-\d{1,2}")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def _plain_ok(text: str, *, flow: bool) -> bool:
    """Whether ``text`` can be written as a plain YAML scalar and read back as the same text."""
    if text.lower() in _RESERVED or _NUMBER_OR_DATE.match(text):
        return False
    if text != text.strip() or not all(_printable(ch) for ch in text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    return not (flow and any(ch in text for ch in ",[]{}:#?"))


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\t": "\\t",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _printable(ch: str) -> bool:
    """YAML's printable set, less the byte order mark."""
    o = ord(ch)
    return (
        (0x20 <= o <= 0x7E)
        or (0xA0 <= o <= 0xD7FF and o != 0xFEFF)
        or (0xE000 <= o <= 0xFFFD)
        or o >= 0x10000
    )


def _quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) <= 0xFF else f"\\u{ord(ch):04x}")
    return '"' + "".join(out) + '"'


def scalar(text: str, *, flow: bool = False) -> str:
    """A YAML scalar for ``text``: plain when safe, otherwise double-quoted (with escapes)."""
    return text if _plain_ok(text, flow=flow) else _quoted(text)


def _flow_list(values: Sequence[str], indent: int, key: str) -> str | None:
    if not all(_plain_ok(v, flow=True) for v in values):
        return None
    line = f"{key}: [{', '.join(values)}]"
    width = indent + sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)
    return line if width <= 100 else None


def dump_catalogue(catalogue: dict[str, Any], comment: str) -> str:
    """The catalogue as YAML in the contract's style (flow lists where short, basis as a block)."""
    out = [f"# {comment}"]
    for key in m.Catalogue.model_fields:  # the catalogue's own keys in the model's order
        if key != "items" and key in catalogue:
            out.append(f"{key}: {scalar(str(catalogue[key]))}")
    out.append("items:")
    for item in catalogue["items"]:
        first = True
        for key, value in item.items():
            lead = "  - " if first else "    "
            first = False
            if isinstance(value, str):
                out.append(f"{lead}{key}: {scalar(value)}")
                continue
            flow = None if key == "basis" else _flow_list(value, 4, key)
            if flow is not None:
                out.append(f"{lead}{flow}")
            else:
                out.append(f"{lead}{key}:")
                out.extend(f"      - {scalar(v)}" for v in value)
    return "\n".join(out) + "\n"
