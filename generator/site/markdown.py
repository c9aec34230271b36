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


def render_markdown(text: str, root: str = "") -> str:
    """HTML for a Markdown body; tables get a class for the site's styles.

    ``root`` is the way from the page to the site root (e.g. ``../../``): links written as
    ``attachments/…`` point at the site's attachments from any page.
    """
    html: str = _parser().render(text)
    # a wide table scrolls inside its own box (reachable by keyboard), not the page
    html = html.replace(
        "<table>",
        '<div class="zwgk-tablebox" role="region" aria-label="表格" tabindex="0"><table class="zwgk-body-table">',
    ).replace("</table>", "</table></div>")
    html = _SIGNATURE.sub(
        lambda m: '<p class="zwgk-sign">' + m[1].replace("\n", "<br>\n") + m[2] + "</p>", html
    )
    return html.replace('href="attachments/', f'href="{root}attachments/')
