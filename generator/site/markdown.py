"""Authors' Markdown bodies → safe HTML.

CommonMark with tables, through markdown-it-py with raw HTML off: a ``<script>`` or an
``onerror=`` in a body arrives on the page as visible text, never as markup. Links and
images may only point to http(s), mailto, tel, or relative addresses: ``javascript:``,
``data:``, ``vbscript:`` and ``file:`` links are dropped (their text stays).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_SAFE_URL = re.compile(r"^(?:https?:|mailto:|tel:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
# a fixed-line number with its area code (mobile numbers are personal data: the check refuses them)
# not glued to a digit or "-" before its 0: the 0 written first, so that the search skips to
# each 0 instead of trying the look-behind at every character (a tenth of the time)
_LANDLINE = re.compile(r"0(?<![\d-]0)\d{2,3}-\d{7,8}(?![\d-])")


def link_phones(html: str) -> str:
    """Phone numbers in the text become ``tel:`` links (not inside a tag or a link, not a 传真
    number), in html as markdown-it writes it (no raw ``<`` or ``>`` in its text). The numbers
    are found in the whole html and each is placed by the tags since the one before it: a body
    has few numbers and many tags (splitting it at every tag took most of the time of
    rendering a plain body), and a table of thousands of numbers is read once."""
    out: list[str] = []
    done = scan = 0
    last_lt = last_gt = last_open = last_close = -1  # the last "<", ">", "<a ", "</a" seen
    for found in _LANDLINE.finditer(html):
        start = found.start()
        # (none of them reaches past the previous number: it starts with a digit)
        last_lt = max(last_lt, html.rfind("<", scan, start))
        last_gt = max(last_gt, html.rfind(">", scan, start))
        last_open = max(last_open, html.rfind("<a ", scan, start))
        last_close = max(last_close, html.rfind("</a", scan, start))
        scan = start
        if last_lt > last_gt or last_open > last_close:  # in a tag (an attribute), in a link
            continue
        if "传真" in _text_before(html, start, last_gt):  # a table's 传真 cell precedes its number
            continue
        out += [html[done:start], f'<a class="zwgk-nw" href="tel:{found[0]}">{found[0]}</a>']
        done = found.end()
    return "".join([*out, html[done:]]) if out else html


def _text_before(html: str, end: int, close: int, size: int = 12) -> str:
    """The last ``size`` characters of text (the html without its tags) before ``end``, where
    ``close`` is the ``>`` of the last tag before it (-1: none)."""
    pieces: list[str] = []
    taken = 0
    while True:
        if close < 0 or close < end - (size - taken):  # enough text after the last tag (or none)
            pieces.append(html[max(0, end - (size - taken)) : end])
            break
        pieces.append(html[close + 1 : end])
        taken += end - close - 1
        end = html.rfind("<", 0, close)  # the tag's start
        if end <= 0:
            break
        close = html.rfind(">", max(0, end - (size - taken)), end)
    return "".join(reversed(pieces))[-size:]


# a closing paragraph of lines ending with the date (the 落款: signature, then date): one per line
_SIGNATURE = re.compile(r"<p>((?:[^<\n]{1,60}\n)+)(\d{4}年\d{1,2}月\d{1,2}日)</p>")


def safe_url(url: str) -> bool:
    """Allowed link targets; scheme checks ignore case, spaces and control characters."""
    return bool(_SAFE_URL.match(_CONTROL.sub("", url)))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # (imported when first needed: most bodies are plain paragraphs, see _plain, and a build
    # begins its search part before it loads the rest, see prestart.py)
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = safe_url  # type: ignore[method-assign]
    return md


# what the plain reading (_plain) leaves to markdown-it: any character that starts markup or
# is escaped in HTML, and a line that starts like a list, a rule, a quote, an indented block or
# a setext underline (three searches: one pattern of all three was tried at every character)
_MARKUP = re.compile(r'[`*_\[\]<>&!\\"~|\t\r\x00]')
_MARKUP_LINE = re.compile(r"\n(?:[-+=]|\d{1,9}[.)])")
_MARKUP_START = re.compile(r"[-+=]|\d{1,9}[.)]")


def _marked(text: str) -> bool:
    """Whether the text holds markup the plain reading leaves to markdown-it."""
    return bool(_MARKUP.search(text) or _MARKUP_LINE.search(text) or _MARKUP_START.match(text))


_HEADING = re.compile(r"(#{1,6}) +([^#\s](?:[^#]*[^#\s])?)$")


def _plain(text: str) -> str | None:
    """What markdown-it makes of a body of plain paragraphs and ``#`` headings (most official
    documents), made directly; None for any other body. A test compares the two on generated
    bodies, so either this returns markdown-it's HTML exactly or it declines."""
    if _marked(text):
        return None
    out: list[str] = []
    lines: list[str] = []  # the paragraph being read
    for line in text.split("\n"):
        if not line.strip(" "):  # a blank line (spaces only)
            if lines:
                out.append("<p>" + "\n".join(lines) + "</p>\n")
                lines = []
            continue
        if line[0].isspace() or line[-1].isspace():  # markdown-it trims or breaks there
            return None
        if line[0] == "#":
            heading = _HEADING.match(line)
            if heading is None:
                return None
            if lines:
                out.append("<p>" + "\n".join(lines) + "</p>\n")
                lines = []
            level = len(heading[1])
            out.append(f"<h{level}>{heading[2]}</h{level}>\n")
            continue
        lines.append(line)
    if lines:
        out.append("<p>" + "\n".join(lines) + "</p>\n")
    return "".join(out)


def render_markdown(text: str, root: str = "") -> str:
    """HTML for a Markdown body; tables get a class for the site's styles.

    ``root`` is the way from the page to the site root (e.g. ``../../``): links written as
    ``attachments/…`` point at the site's attachments from any page.
    """
    plain = _plain(text)
    html: str = _parser().render(text) if plain is None else plain
    # a wide table scrolls inside its own box (reachable by keyboard), not the page
    html = html.replace(
        "<table>",
        '<div class="zwgk-tablebox" role="region" aria-label="表格" tabindex="0"><table class="zwgk-body-table">',
    ).replace("</table>", "</table></div>")
    html = _SIGNATURE.sub(
        lambda m: '<p class="zwgk-sign">' + m[1].replace("\n", "<br>\n") + m[2] + "</p>", html
    )
    html = link_phones(html)
    return html.replace('href="attachments/', f'href="{root}attachments/')
