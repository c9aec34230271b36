"""The rows of a catalogue page's table, made in plain Python.

A domain's page has a row per catalogue item (tens of thousands on a large site), each of a
few dozen small cells: made by the template, escaping and macro calls cost most of the time
it takes to render every page. Here each row is one formatted string, its constant parts
(labels, the channels' and the tick marks' cells) made once, and every text escaped as the
templates' autoescape does (:func:`markupsafe.escape`), so the page is the same byte for byte.
``catalogue.html`` prints :func:`catalogue_rows` for each organization's table.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from generator.content import model as m
from generator.site import columns as table
from generator.site import urls
from generator.site.inline import nobreak, tel_href
from generator.site.sitedata import CatalogueView, Item, Org

# each cell's label when a narrow screen shows an item as a card: (group, column)
LABELS: list[tuple[str, str]] = [
    (g, c) if sep else ("", g) for g, sep, c in (n.partition(table.SEPARATOR) for n in table.COLUMNS[1:])
]


def _cell(label: str, css: str = "") -> str:
    """A cell's opening tag with its card label."""
    css_attr = f' class="{css}"' if css else ""
    return f'          <td{css_attr} data-label="{escape(label)}">'


_CONTENT = _cell(LABELS[3][1])
_BASIS = _cell(LABELS[4][1])
_TIME_LIMIT = _cell(LABELS[5][1])
_SUBJECTS = _cell(LABELS[6][1])
_CHANNELS = _cell(LABELS[7][1], "zwgk-channels")
# each channel's span, ticked (in the item's channels) and not
_CHANNEL_ON = {ch: f'<span class="on">■{escape(ch)}</span>' for ch in m.CHANNELS}
_CHANNEL_OFF = {ch: f'<span class="off">□{escape(ch)}</span>' for ch in m.CHANNELS}
# each tick mark column: its field, its value, its cell's opening tag, whether it shows the reason
_MARKS: list[tuple[str, str, str, bool]] = [
    (field, value, _cell(f"{label[0]}：{label[1]}", "zwgk-mark"), (field, value) == table.REASON_MARK)
    for (field, value), label in zip(table.MARKS, LABELS[8:], strict=True)
]
_TICK = f'<span class="zwgk-tick">{escape(table.MARK)}</span>'


def catalogue_rows(view: CatalogueView, u: Callable[[str], str]) -> Markup:
    """The table's rows of one catalogue (each an indented line of its own, ``<tr>`` to ``</tr>``).

    ``u`` makes a link relative to the page.
    """
    links: dict[str, str] = {}  # an organization's link, by id (the same on every row)

    def org_link(o: Org | str) -> str:
        if isinstance(o, str):
            return str(escape(o))
        link = links.get(o.id)
        if link is None:
            link = links[o.id] = f'<a href="{escape(u(urls.organization_url(o.id)))}">{escape(o.name)}</a>'
        return link

    spans = view.category_spans()
    return Markup(
        "".join(
            _row(item, number, span, u, org_link)
            for number, (item, span) in enumerate(zip(view.items, spans, strict=True), 1)
        )
    )


def _row(
    item: Item, number: int, span: int, u: Callable[[str], str], org_link: Callable[[Org | str], str]
) -> str:
    it = item.model
    category = escape(it.category)
    lines = [
        f'        <tr id="{escape(item.anchor)}" data-levels="{escape(" ".join(it.levels))}">\n'
        f'          <td class="zwgk-num">{number}</td>\n'
    ]
    if span:
        lines.append(f'          <td class="zwgk-cat1" rowspan="{span}">{category}</td>\n')
    lines.append(
        f'          <td class="zwgk-name"><span class="zwgk-card-only">{category} · </span>{escape(it.name)}</td>\n'
    )
    lines.append(f"{_CONTENT}{'<br>'.join(map(escape, it.content))}</td>\n")
    basis = "<br>".join(
        f'<a href="{escape(u(b.policy.url))}">{nobreak(b.text)}</a>' if b.policy else nobreak(b.text)
        for b in item.basis
    )
    lines.append(f"{_BASIS}{basis}</td>\n")
    lines.append(f"{_TIME_LIMIT}{escape(it.time_limit)}</td>\n")
    subjects = "、".join(map(org_link, item.subjects))
    if item.phone:
        subjects += f'<br><span class="zwgk-phone">咨询电话：{_phone(item.phone)}</span>'
    lines.append(f"{_SUBJECTS}{subjects}</td>\n")
    channels = it.channels
    lines.append(
        _CHANNELS
        + "".join(_CHANNEL_ON[ch] if ch in channels else _CHANNEL_OFF[ch] for ch in m.CHANNELS)
        + "".join(f'<span class="on">■{escape(ch)}</span>' for ch in it.channels_other)
        + "</td>\n"
    )
    for field, value, cell, reason in _MARKS:
        lines.append(cell)
        if table.ticked(it, field, value):
            lines.append(_TICK)
        if reason and it.method_reason:
            lines.append(f'<span class="zwgk-reason">{escape(it.method_reason)}</span>')
        lines.append("</td>\n")
    lines.append("        </tr>\n")
    return "".join(lines)


def _phone(number: str) -> str:
    """A phone number, a ``tel:`` link when it is written as one."""
    href = tel_href(number)
    return f'<a class="zwgk-nw" href="{escape(href)}">{escape(number)}</a>' if href else str(escape(number))
