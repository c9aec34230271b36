"""A Markdown file's front matter and body, read from its bytes as the check reads them.

Its own module, importing nothing of the models: a build reads the files changed since the last
one with it before it loads the rest (:mod:`generator.site.search_early`).
"""

from __future__ import annotations

import hashlib
import re

# the line that closes front matter (``zwgk fmt`` reads front matter the same way)
FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def decoded(raw: bytes) -> str:
    """UTF-8 (with or without BOM) to text with LF line ends; UnicodeDecodeError where the
    bytes are not UTF-8 (see load.decode, which says where)."""
    text = raw.decode("utf-8-sig")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


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
        if FENCE.match(lines[i]):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


def front_digest(text: str, body: str) -> str:
    """The hash of a Markdown file's text (``decoded``) before its ``body``: its front matter
    with the fences. Two versions of a file with the same one have the same model."""
    front = text[: len(text) - len(body)]
    return hashlib.blake2b(front.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def front_and_body(raw: bytes) -> tuple[str, str] | None:
    """A Markdown file's :func:`front_digest` and its body, as the check reads them; None where
    the bytes are not UTF-8 (or UTF-16) or open with no front matter."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        text = decoded(raw)
    except UnicodeDecodeError:
        return None
    split = split_front_matter(text)
    if split is None:
        return None
    return front_digest(text, split[1]), split[1]
