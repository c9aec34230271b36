"""Smaller theme assets for the built site: comments and indentation out of zwgk's own CSS and JS.

The sources stay commented and readable in the package; the copies mkdocs writes to
``site/assets/`` are trimmed after the build, so a reader's first page loads less. Only what is
safe without parsing is removed: CSS comments and the whitespace around punctuation (never
inside a quoted string); JS lines that are only a comment, and the indentation of lines (not
done at all for a script with template literals or continued strings, where it would change
text).
"""

from __future__ import annotations

import re

_CSS_TOKEN = re.compile(r'("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')|/\*.*?\*/|\s+', re.S)
_CSS_TIGHT = re.compile(r"\s*([{};,>])\s*")


def css(text: str) -> str:
    """The stylesheet without comments and with whitespace collapsed (strings untouched)."""
    parts: list[str] = []
    for chunk, string in _split_css(text):
        if string:
            parts.append(chunk)
        else:
            parts.append(_CSS_TIGHT.sub(r"\1", chunk).replace(";}", "}"))
    return "".join(parts).strip() + "\n"


def _split_css(text: str) -> list[tuple[str, bool]]:
    """(chunk, is_string) pieces: comments dropped, runs of whitespace made one space."""
    out: list[tuple[str, bool]] = []
    plain: list[str] = []
    at = 0
    for found in _CSS_TOKEN.finditer(text):
        plain.append(text[at : found.start()])
        at = found.end()
        if found.group(1):
            out.append(("".join(plain), False))
            plain = []
            out.append((found.group(1), True))
        elif found.group(0).startswith("/*"):
            plain.append(" ")
        else:
            plain.append(" ")
    plain.append(text[at:])
    out.append(("".join(plain), False))
    return out


_JS_COMMENT_LINE = re.compile(r"^[ \t]*(?://[^\n]*|/\*[^\n]*?\*/[ \t]*)\n", re.M)
_INDENT = re.compile(r"^[ \t]+", re.M)


def js(text: str) -> str:
    """The script without comment-only lines and indentation; unchanged when that is unsafe."""
    if "`" in text or re.search(r"\\\n", text):
        return text
    return _INDENT.sub("", _JS_COMMENT_LINE.sub("", text))
