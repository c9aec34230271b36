"""A catalogue page's table rows, made in Python, are what the template's rows were, byte for byte."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks import check
from generator.content import model as m
from generator.site import columns as table
from generator.site import render, urls
from generator.site.catalogue_rows import catalogue_rows
from generator.site.sitedata import Basis, CatalogueView, Item, Org, SiteData, build
from tests.integration import _html

SAMPLE = Path(__file__).parent.parent.parent / "content"

# The rows as catalogue.html made them before they were made in Python: the oracle, verbatim.
TEMPLATE_ROWS = """\
{% import "_macros.html" as x with context %}
      {% set spans = view.category_spans() %}
      {% for item in view.items %}
      {% set it = item.model %}
        <tr id="{{ item.anchor }}" data-levels="{{ it.levels|join(' ') }}">
          <td class="zwgk-num">{{ loop.index }}</td>
          {% if spans[loop.index0] %}
          <td class="zwgk-cat1" rowspan="{{ spans[loop.index0] }}">{{ it.category }}</td>
          {% endif %}
          <td class="zwgk-name"><span class="zwgk-card-only">{{ it.category }} · </span>{{ it.name }}</td>
          <td data-label="{{ LABELS[3][1] }}">{% for c in it.content %}{{ c }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td>
          <td data-label="{{ LABELS[4][1] }}">{% for b in item.basis %}{% if b.policy %}<a href="{{ u(b.policy.url) }}">{{ b.text|nobreak }}</a>{% else %}{{ b.text|nobreak }}{% endif %}{% if not loop.last %}<br>{% endif %}{% endfor %}</td>
          <td data-label="{{ LABELS[5][1] }}">{{ it.time_limit }}</td>
          <td data-label="{{ LABELS[6][1] }}">{{ x.orgs(item.subjects) }}{% if item.phone %}<br><span class="zwgk-phone">咨询电话：{{ x.phone(item.phone) }}</span>{% endif %}</td>
          <td class="zwgk-channels" data-label="{{ LABELS[7][1] }}">{% for ch in CHANNELS %}<span class="{{ 'on' if ch in it.channels else 'off' }}">{{ '■' if ch in it.channels else '□' }}{{ ch }}</span>{% endfor %}{% for ch in it.channels_other %}<span class="on">■{{ ch }}</span>{% endfor %}</td>
          {% for mark in MARKS %}
          {% set label = LABELS[8 + loop.index0] %}
          <td class="zwgk-mark" data-label="{{ label[0] }}：{{ label[1] }}">{% if ticked(it, *mark) %}<span class="zwgk-tick">{{ MARK }}</span>{% endif %}{% if mark == REASON_MARK and it.method_reason %}<span class="zwgk-reason">{{ it.method_reason }}</span>{% endif %}</td>
          {% endfor %}
        </tr>
      {% endfor %}
"""

# text with every character autoescape escapes, and as autoescape (markupsafe) escapes it
HOSTILE = """<i>"A" & 'B'</i>"""
ESCAPED = "&lt;i&gt;&#34;A&#34; &amp; &#39;B&#39;&lt;/i&gt;"


def _oracle(view: CatalogueView, page: str) -> str:
    return (
        render._env()
        .from_string(TEMPLATE_ROWS)
        .render(
            view=view,
            u=lambda target: urls.relative(page, target),
            CHANNELS=m.CHANNELS,
            MARK=table.MARK,
            MARKS=table.MARKS,
            REASON_MARK=table.REASON_MARK,
            ticked=table.ticked,
        )
    )


def _rows(view: CatalogueView, page: str) -> str:
    return str(catalogue_rows(view, lambda target: urls.relative(page, target)))


@pytest.fixture(scope="module")
def sample() -> SiteData:
    result = check(SAMPLE, today=dt.date(2026, 11, 22))
    assert result.errors == [], result.errors
    return build(result.corpus)


def test_the_sample_rows_are_the_templates(sample: SiteData) -> None:
    views = [v for vs in sample.catalogues.values() for v in vs]
    assert sum(len(v.items) for v in views) > 50
    # the sample has the cells that are not always there
    items = [i for v in views for i in v.items]
    assert any(b.policy for i in items for b in i.basis) and any(not b.policy for i in items for b in i.basis)
    assert any(i.phone for i in items) and any(i.model.method_reason for i in items)
    assert any(len(i.subjects) > 1 for i in items)
    for view in views:
        page = view.url
        assert _rows(view, page) == _oracle(view, page), view.rel


@pytest.fixture
def hostile(sample: SiteData) -> CatalogueView:
    """A catalogue of two items with the same category, every text they show hostile."""
    view = next(
        v for vs in sample.catalogues.values() for v in vs if any(b.policy for i in v.items for b in i.basis)
    )
    base = next(i for i in view.items if any(b.policy for b in i.basis))
    policy = next(b.policy for b in base.basis if b.policy)
    model = base.model.model_copy(
        update={
            "category": HOSTILE,
            "name": HOSTILE,
            "content": [HOSTILE, HOSTILE],
            "time_limit": HOSTILE,
            "channels": ["政府网站", "其他"],
            "channels_other": [HOSTILE],
            "audience": "全社会",
            "method": "依申请",
            "levels": ["县级", "乡级"],
            "method_reason": HOSTILE,
        }
    )
    other = Org("o-1", HOSTILE, "县级", None, None)
    first = Item(model, view.org, [other, HOSTILE], [Basis(HOSTILE, policy), Basis(HOSTILE)], HOSTILE)
    second = Item(
        model.model_copy(update={"id": "second", "method": "主动", "method_reason": None}),
        view.org,
        [HOSTILE],
        [Basis(HOSTILE)],
        "0000-1234567",
    )
    return dataclasses.replace(view, rows=lambda _view: [first, second])


def test_hostile_text_is_escaped_as_autoescape_does(hostile: CatalogueView) -> None:
    page = hostile.url
    out = _rows(hostile, page)
    assert out == _oracle(hostile, page)
    assert "<i>" not in out and '"A"' not in out and "'" not in out
    policy = next(b.policy for b in hostile.items[0].basis if b.policy)
    assert policy is not None
    org_href = urls.relative(page, urls.organization_url("o-1"))
    expected = [
        f'<td class="zwgk-cat1" rowspan="2">{ESCAPED}</td>',
        f'<td class="zwgk-name"><span class="zwgk-card-only">{ESCAPED} · </span>{ESCAPED}</td>',
        f'<td data-label="公开内容（要素）">{ESCAPED}<br>{ESCAPED}</td>',
        f'<td data-label="公开依据"><a href="{urls.relative(page, policy.url)}">{ESCAPED}</a><br>{ESCAPED}</td>',
        f'<td data-label="公开时限">{ESCAPED}</td>',
        f'<td data-label="公开主体"><a href="{org_href}">{ESCAPED}</a>、{ESCAPED}'
        f'<br><span class="zwgk-phone">咨询电话：{ESCAPED}</span></td>',
        f'<span class="on">■其他</span><span class="on">■{ESCAPED}</span></td>',
        '<td class="zwgk-mark" data-label="公开方式：依申请"><span class="zwgk-tick">√</span>'
        f'<span class="zwgk-reason">{ESCAPED}</span></td>',
        # a phone number written as one is a tel: link
        '<span class="zwgk-phone">咨询电话：<a class="zwgk-nw" href="tel:0000-1234567">0000-1234567</a></span>',
    ]
    for cell in expected:
        assert cell in out


def test_a_rows_cells(hostile: CatalogueView) -> None:
    rows = _html.parse(_rows(hostile, hostile.url)).find_all("tr")
    assert [r.get("id") for r in rows] == [i.anchor for i in hostile.items]
    assert [r.get("data-levels") for r in rows] == ["县级 乡级", "县级 乡级"]
    first, second = ([c for c in r.elements() if c.tag == "td"] for r in rows)
    labels = [
        "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
        "公开对象：全社会", "公开对象：特定群体", "公开方式：主动", "公开方式：依申请", "公开层级：县级", "公开层级：乡级",
    ]  # fmt: skip
    # 序号, 一级事项 (spanning both rows), 二级事项, then the labelled cells
    assert [c.get("data-label") for c in first] == [None, None, None, *labels]
    assert [c.get("data-label") for c in second] == [None, None, *labels]
    assert first[0].text() == "1" and second[0].text() == "2"
    assert first[1].get("rowspan") == "2" and first[1].text() == HOSTILE
    assert first[2].text(skip=("zwgk-card-only",)) == HOSTILE
    assert first[5].text() == HOSTILE
    channels = first[7].elements()
    assert [s.classes for s in channels] == [
        ["on" if ch in ("政府网站", "其他") else "off"] for ch in m.CHANNELS
    ] + [["on"]]
    assert channels[-1].text() == "■" + HOSTILE
    ticks = [bool(c.find("span", "zwgk-tick")) for c in first[8:]]
    assert ticks == [True, False, False, True, True, True]
    assert first[11].one("span", "zwgk-reason").text() == HOSTILE
    assert [c.text() for c in second[7:]] == ["√", "", "√", "", "√", "√"]  # 主动: no reason


_UNBREAKABLE_PIECES = [
    "示民发",
    "〔2026〕",
    "4号",
    "2026-03-09",
    "-",
    "〔",
    "《",
    "》",
    "，",
    " ",
    "<",
    "&",
    "a",
    "12",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_UNBREAKABLE_PIECES), max_size=12).map("".join))
def test_a_text_without_a_number_or_date_is_only_escaped(text: str) -> None:
    """nobreak skips its search where neither a 〔 nor a - is: the same as searching."""
    from markupsafe import escape

    from generator.site.inline import _UNBREAKABLE, nobreak

    searched = _UNBREAKABLE.sub(lambda m: f'<span class="zwgk-nw">{m.group(0)}</span>', str(escape(text)))
    assert nobreak(text) == searched
