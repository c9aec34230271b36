"""Page frames: the theme's layout drawn once per kind of page, then filled for every page.

Every page of a kind that is not in the navigation (a policy, an interpretation, an
organization, a domain's catalogue, an annual report) is laid out by the theme in the same
way: only its title, its content and its own URL differ. So mkdocs lays out one *frame* page
per kind, whose title, content and key are placeholders, and zwgk fills the frame for each
page of the kind. The result is byte for byte what mkdocs would have written for each page
(``page_frames: false`` lets mkdocs lay out every page; a test compares the two), at a
fraction of the cost: Material's template runs a few times instead of once per page.

A frame is keyed by the page's kind, the depth of its URL (the theme's links are relative)
and whether its content has an ``<h1``: the theme adds a heading to a page that has none.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

TITLE = "zwgk-frame-title-0b1e"
KEY = "zwgkframekey"
# the theme looks for "<h1" in the content: the placeholder carries it when the page's does
CONTENT = "<!--zwgk-frame-content-->"
CONTENT_H1 = "<!--zwgk-frame-content<h1-->"


@dataclass(frozen=True)
class FrameKey:
    kind: str
    depth: int  # the number of path segments of the page's key
    h1: bool  # the content has its own <h1

    @property
    def key(self) -> str:
        """The placeholder key of the frame page: one segment per segment of a real key."""
        return "/".join(f"{KEY}{n}" for n in range(self.depth))

    @property
    def content(self) -> str:
        return CONTENT_H1 if self.h1 else CONTENT


def frame_key(kind: str, key: str, content: str) -> FrameKey:
    return FrameKey(kind, key.count("/") + 1, "<h1" in content)


class Frame:
    """A laid-out frame page, cut at its placeholders."""

    _SLOT = re.compile("|".join(map(re.escape, (TITLE, CONTENT_H1, CONTENT))) + f"|{KEY}\\d(?:/{KEY}\\d)*")

    def __init__(self, frame: FrameKey, html: str) -> None:
        self.frame = frame
        self.digest = hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        self.literals: list[str] = []
        self.slots: list[str] = []  # "title", "content" or "key", between the literals
        at = 0
        for found in self._SLOT.finditer(html):
            self.literals.append(html[at : found.start()])
            token = found.group()
            self.slots.append("title" if token == TITLE else "key" if token.startswith(KEY) else "content")
            at = found.end()
        self.literals.append(html[at:])
        if "content" not in self.slots:
            raise ValueError(f"the theme's layout of {frame.kind} pages does not show the page's content")

    def fill(self, *, title: str, content: str, key: str) -> str:
        values = {"title": title, "content": content, "key": quote(key)}
        out = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:], strict=True):
            out.append(values[slot])
            out.append(literal)
        return "".join(out)


_URL_BLOCK = re.compile(r"\n\s*<url>.*?</url>", re.S)


def sitemap(xml: str, frames: dict[str, list[tuple[str, str]]]) -> str:
    """mkdocs' sitemap.xml with each frame page's entry replaced by the entries of its pages.

    ``frames`` maps a frame page's URL (as it appears in the sitemap's ``<loc>``, the
    placeholder key included) to the (URL, lastmod) of each page it stands for, in order.
    """

    def expand(block: re.Match[str]) -> str:
        text = block.group()
        loc = re.search(r"<loc>(.*?)</loc>", text)
        pages = frames.get(loc.group(1)) if loc else None
        if loc is None or pages is None:
            return text
        lastmod = re.search(r"<lastmod>(.*?)</lastmod>", text)
        out = []
        for url, modified in pages:
            entry = text.replace(loc.group(0), f"<loc>{url}</loc>")
            if lastmod is not None:
                entry = entry.replace(lastmod.group(0), f"<lastmod>{modified}</lastmod>")
            out.append(entry)
        return "".join(out)

    return _URL_BLOCK.sub(expand, xml)


def rewrite_sitemap(path: Path, frames: dict[str, list[tuple[str, str]]], newest: str) -> None:
    """Put the framed pages into mkdocs' sitemap.xml (see :func:`sitemap`) and compress it as
    mkdocs does: stamped with the newest page's date (``newest``, YYYY-MM-DD)."""
    if not path.is_file():
        return
    xml = sitemap(path.read_text(encoding="utf-8"), frames)
    path.write_text(xml, encoding="utf-8")
    stamp = dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC)
    gz = path.with_name(path.name + ".gz")
    with (
        gz.open("wb") as out,
        gzip.GzipFile(fileobj=out, filename=str(gz), mode="wb", mtime=int(stamp.timestamp())) as packed,
    ):
        packed.write(xml.encode("utf-8"))


def page_front(title: str, wide: bool) -> str:
    """The front matter of a page mkdocs lays out: its title (mkdocs' templates print page
    titles without escaping: escaped here), the whole width for the national table."""
    front = f"---\ntitle: {json.dumps(html.escape(title), ensure_ascii=False)}\n"
    if wide:  # the national table needs the whole width
        front += "hide:\n  - navigation\n  - toc\n"
    return front + "---\n"


def zh_cn(output: str) -> str:
    """Material writes lang="zh"; the platform asks for the region too."""
    return output.replace('<html lang="zh"', '<html lang="zh-CN"', 1)
