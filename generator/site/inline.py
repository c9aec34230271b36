"""Small text helpers of the page templates: unbreakable document numbers and dates, tel: links."""

from __future__ import annotations

import re

from markupsafe import Markup
from markupsafe import escape as escape_text

# a 发文字号 (示民发〔2026〕4号) or a date (2026-03-09): never broken across lines
_UNBREAKABLE = re.compile(r"[^\s《》（）()、，,；;]*〔\d{4}〕\d+号|\d{4}-\d{2}-\d{2}")


def nobreak(text: object) -> Markup:
    """The text, escaped, with each 发文字号 and date in a span that does not break."""
    escaped = str(escape_text(str(text)))
    if "〔" not in escaped and "-" not in escaped:  # neither can be there (the search is slow)
        return Markup(escaped)
    return Markup(_UNBREAKABLE.sub(lambda m: f'<span class="zwgk-nw">{m.group(0)}</span>', escaped))


_PHONE = re.compile(r"\+?[\d\s()-]{5,}")


def tel_href(number: str) -> str | None:
    """A ``tel:`` link for a phone number written as one (digits, -, spaces, brackets), else None."""
    if not _PHONE.fullmatch(number.strip()):
        return None
    return "tel:" + re.sub(r"[\s()]", "", number.strip())
