"""Authors' Markdown bodies → safe HTML.

CommonMark with tables, through markdown-it-py with raw HTML off: a ``<script>`` or an
``onerror=`` in a body arrives on the page as visible text, never as markup. Links and
images may only point to http(s), mailto, tel, or relative addresses: ``javascript:``,
``data:``, ``vbscript:`` and ``file:`` links are dropped (their text stays).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

_SAFE_URL = re.compile(r"^(?:https?:|mailto:|tel:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
# a fixed-line number with its area code (mobile numbers are personal data: the check refuses them)
_LANDLINE = re.compile(r"(?<![\d-])0\d{2,3}-\d{7,8}(?![\d-])")
_TAG = re.compile(r"(<[^>]*>)")


def link_phones(html: str) -> str:
    """Phone numbers in the text become ``tel:`` links (not inside a link, not a 传真 number)."""
    out: list[str] = []
    in_link = False
    recent = ""  # the text just before, across tags: a table's 传真 cell precedes its number
    for part in _TAG.split(html):
        if part.startswith("<"):
            in_link = (in_link or part.startswith("<a ")) and not part.startswith("</a")
            out.append(part)
            continue
        out.append(part if in_link else _LANDLINE.sub(lambda m, t=part, r=recent: _tel(m, r + t), part))
        recent = (recent + part)[-12:]
    return "".join(out)


def _tel(found: re.Match[str], text: str) -> str:
    """The number as a tel: link, unless a 传真 (fax) label stands just before it."""
    before = text[: len(text) - len(found.string) + found.start()][-12:]
    return found[0] if "传真" in before else f'<a class="zwgk-nw" href="tel:{found[0]}">{found[0]}</a>'


# a closing paragraph of lines ending with the date (the 落款: signature, then date): one per line
_SIGNATURE = re.compile(r"<p>((?:[^<\n]{1,60}\n)+)(\d{4}年\d{1,2}月\d{1,2}日)</p>")


def safe_url(url: str) -> bool:
    """Allowed link targets; scheme checks ignore case, spaces and control characters."""
    return bool(_SAFE_URL.match(_CONTROL.sub("", url)))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = safe_url  # type: ignore[method-assign]
    return md


# what the plain reading (_plain) leaves to markdown-it: any character that starts markup or
# is escaped in HTML, and a line that starts like a list, a rule, a quote, an indented block or
# a setext underline
_MARKUP = re.compile(r'[`*_\[\]<>&!\\"~|\t\r\x00]|^[-+=]|^\d{1,9}[.)]', re.M)
_HEADING = re.compile(r"(#{1,6}) +([^#\s](?:[^#]*[^#\s])?)$")


def _plain(text: str) -> str | None:
    """What markdown-it makes of a body of plain paragraphs and ``#`` headings (most official
    documents), made directly; None for any other body. A test compares the two on generated
    bodies, so either this returns markdown-it's HTML exactly or it declines."""
    if _MARKUP.search(text):
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
