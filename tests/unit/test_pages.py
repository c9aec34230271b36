"""The table of page kinds drives rendering, the navigation, search and the feed; the lists
the pages print (columns, tick marks, levels) come from the model."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import get_args

import pytest
from jinja2 import Environment

from generator.checks import check
from generator.content import model as m
from generator.site import pages, render, urls
from generator.site.exports import COLUMNS, feed_entries
from generator.site.render import Rendered, render_pages, search_records
from generator.site.sitedata import SiteData, build
from tests.integration import _html

from ..conftest import TODAY

SAMPLE = Path(__file__).parent.parent.parent / "content"


def _data(content: Path, today: dt.date = TODAY) -> SiteData:
    result = check(content, today=today)
    assert result.errors == [], result.errors
    return build(result.corpus)


@pytest.fixture(scope="module")
def sample() -> tuple[SiteData, list[Rendered]]:
    data = _data(SAMPLE, dt.date(2026, 11, 22))
    return data, render_pages(data)


def _page(rendered: list[Rendered], url: str) -> _html.Node:
    [page] = [r for r in rendered if r.url == url]
    return _html.parse(page.html)


def _title(field: str) -> str:
    return str(m.CatalogueItem.model_fields[field].title)


# --- lists from the model ------------------------------------------------------------------------


def test_page_columns_are_the_models(sample: tuple[SiteData, list[Rendered]]) -> None:
    assert get_args(m.PageColumn) == render.COLUMNS
    # the home page shows one tile per column, in the model's order
    tiles = _page(sample[1], urls.HOME).one("ul", "zwgk-tiles").elements()
    assert [t.elements()[0].text().strip() for t in tiles] == list(get_args(m.PageColumn))


def test_table_columns_are_the_models(sample: tuple[SiteData, list[Rendered]]) -> None:
    marks = [
        *((_title("audience"), v) for v in get_args(m.Audience)),
        *((_title("method"), v) for v in get_args(m.Method)),
        *((_title("levels"), v) for v in get_args(m.Level)),
    ]
    assert list(COLUMNS[-len(marks) :]) == [f"{group}-{value}" for group, value in marks]
    assert COLUMNS[:9] == (
        "机构",
        "序号",
        "公开事项-一级事项",
        "公开事项-二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
    )
    # the catalogue page prints the same header (without 机构) and one mark cell per value
    rendered = sample[1]
    table = _page(rendered, urls.catalogue_url("compulsory-education")).find_all("table", "zwgk-table")[0]
    top, bottom = table.one("thead").find_all("tr")
    first = [(th.text().strip(), th.get("colspan")) for th in top.elements()]
    groups = [(g, str(sum(1 for gg, _ in marks if gg == g))) for g in dict.fromkeys(g for g, _ in marks)]
    assert first[-len(groups) :] == groups
    assert [th.text().strip() for th in bottom.elements()][-len(marks) :] == [v for _, v in marks]
    row = table.one("tbody").find_all("tr")[0]
    assert len(row.find_all("td", "zwgk-mark")) == len(marks)
    # and the level filter and the organization index offer the model's levels
    page = _page(rendered, urls.catalogue_url("compulsory-education"))
    offered = [i.get("value") for i in page.find_all("input") if i.get("name") == "zwgk-level"]
    assert offered == ["", *get_args(m.Level)]
    headings = [h.text() for h in _page(rendered, urls.ORGANIZATION_INDEX).find_all("h2")]
    assert headings == list(get_args(m.Level))


# --- the table drives rendering, navigation, search and the feed --------------------------------


def test_every_page_is_a_row_of_the_table(sample: tuple[SiteData, list[Rendered]]) -> None:
    data, rendered = sample
    made = {(r.src_uri, r.url) for r in rendered}
    expected = {(kind.src_uri(p.key), kind.url_of(p.key)) for kind in pages.KINDS for p in kind.pages(data)}
    assert made == expected and len(made) == len(rendered)
    # the views know the same URLs as the table
    assert {p.url for p in data.policies} <= {url for _, url in made}
    assert {p.url for p in data.pages} <= {url for _, url in made}
    # every kind of page appears in the sample site
    used = {kind.name for kind in pages.KINDS if any(True for _ in kind.pages(data))}
    assert used == {kind.name for kind in pages.KINDS}
    # mkdocs' rule turns each generated file into its URL (use_directory_urls)
    for src_uri, url in made:
        if src_uri.endswith("index.md"):
            assert url == src_uri.removesuffix("index.md"), src_uri
        else:
            assert url == src_uri.removesuffix(".md") + "/", src_uri


def test_navigation_follows_the_table(sample: tuple[SiteData, list[Rendered]]) -> None:
    data, rendered = sample
    nav = pages.nav(data)
    assert [next(iter(entry)) for entry in nav] == [
        "首页",
        "政府信息公开",
        "基层政务公开标准目录",
        "政策文件",
        "政策解读",
        "公开主体",
        "站内搜索",
        "政务公开考评自查",
        "帮助",
    ]
    files = {r.src_uri for r in rendered}
    section = nav[1]["政府信息公开"]
    assert [next(iter(e.values())) for e in section] == [
        f"pages/{p.name}.md" for p in data.pages if p.model.column
    ]
    leaves = [v for entry in nav for v in entry.values() if isinstance(v, str)]
    assert set(leaves) | {next(iter(e.values())) for e in section} <= files


def test_search_and_feed_types_come_from_the_table(sample: tuple[SiteData, list[Rendered]]) -> None:
    data, rendered = sample
    searchable = {k.template for k in pages.KINDS if k.searchable}
    assert searchable == {"policy.html", "interpretation.html", "page.html", "org.html", "annual_report.html"}
    records = list(search_records(data, rendered))
    types = {
        n.text()
        for r in records
        for n in _html.parse(r.html).iter()
        if n.get("data-pagefind-filter") == "类型"
    }
    assert types == {k.search_type for k in pages.KINDS if k.search_type}
    assert {e.category for e in feed_entries(data)} == {k.search_type for k in pages.KINDS if k.feed}


def test_a_new_kind_of_page_is_one_row(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data(content)

    def notices(d: SiteData) -> list[pages.PageOf]:
        return [pages.PageOf(p.name, f"通知：{p.model.title}", {"page": p}, p) for p in d.pages]

    row = pages.PageKind(
        "notice", "page.html", "notices/{key}/", notices, nav=9, nav_label="通知公告", search_type="通知公告"
    )
    monkeypatch.setattr(pages, "KINDS", (*pages.KINDS, row))
    rendered = {r.url: r for r in render_pages(data)}
    made = rendered["notices/guide/"]
    assert made.src_uri == "notices/guide.md" and made.title.startswith("通知：")
    assert made.searchable
    assert 'data-pagefind-filter="类型">通知公告<' in made.html
    assert pages.nav(data)[-1] == {"通知公告": [{made.title: "notices/guide.md"}]}
    assert "notices/guide/" in [r.url for r in search_records(data, rendered.values())]


def test_a_section_of_many_pages_needs_a_label() -> None:
    with pytest.raises(ValueError, match="nav_label"):
        pages.PageKind("x", "page.html", "x/{key}/", lambda d: [], nav=1)


# --- the URL contract is spelled once --------------------------------------------------------------

SITE = Path(__file__).parent.parent.parent / "generator" / "site"
_LITERAL_LINK = re.compile(r"""u\(\s*['"](?P<u>[^'"]*)['"]|['"](?P<f>[^'"]*)['"]\s*\|\s*url\b""")


def test_templates_spell_no_site_path() -> None:
    """Page templates and the theme link through ``urls``, never with a path of their own."""
    found = []
    for path in sorted([*SITE.glob("templates/*.html"), *SITE.glob("theme/**/*.html")]):
        for match in _LITERAL_LINK.finditer(path.read_text(encoding="utf-8")):
            literal = match.group("u") if match.group("u") is not None else match.group("f")
            if not literal.startswith("assets/"):  # the theme's own files, not the site's URLs
                found.append(f"{path.relative_to(SITE)}: {match.group(0)}")
    assert found == []


def test_templates_read_their_globals_as_jinja_would(
    sample: tuple[SiteData, list[Rendered]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template's globals are one plain dict (render._Environment), and every page is the
    same as with Jinja's own ChainMap of the environment's globals."""
    data, rendered = sample
    assert type(render._env().get_template("policy.html").globals) is dict
    monkeypatch.setattr(render._Environment, "make_globals", Environment.make_globals)
    render._env.cache_clear()
    try:
        assert not isinstance(render._env().get_template("policy.html").globals, dict)
        again = render_pages(data)
    finally:
        monkeypatch.undo()
        render._env.cache_clear()
    assert [(r.url, r.html) for r in again] == [(r.url, r.html) for r in rendered]


def test_search_records_carry_what_a_result_shows_and_the_exact_lookup(
    sample: tuple[SiteData, list[Rendered]],
) -> None:
    data, rendered = sample
    records = {r.url: r for r in search_records(data, rendered)}
    policy = records["policies/2026-ca-minimum-living-standard/"]
    node = _html.parse(policy.html)
    meta = {n.get("data-pagefind-meta"): n.get("data-v") for n in node.iter() if n.get("data-v") is not None}
    assert meta["date[data-v]"] == "2026-03-11" and meta["number[data-v]"] == "示民发〔2026〕4号"
    assert json.loads(meta["links[data-v]"]) == [
        [
            "政策解读",
            "《示例县民政局关于提高2026年城乡最低生活保障和特困人员救助供养标准的通知》政策解读",
            "interpretations/2026-ca-minimum-living-standard-jd/",
        ]
    ]
    titles = [n for n in node.iter() if n.get("data-pagefind-meta") == "title"]
    assert [t.get("data-pagefind-weight") for t in titles] == ["7"]  # the title outranks the body
    # of the information table, only what a resident searches by; no read-aloud button
    text = next(n for n in node.iter() if "data-pagefind-body" in n.attrs).text()  # what is indexed
    assert "示例县民政局" in text and "示民发〔2026〕4号" in text and "民政、扶贫、救灾" in text
    for gone in ("朗读全文", "索引号", "主题分类", "成文日期", "公开属性", "主动公开"):
        assert gone not in text, gone
    # the title: once weighted, once in the 政策解读 link's title
    assert text.count("关于提高2026年城乡最低生活保障和特困人员救助供养标准的通知") == 2
    page = _html.parse(next(r for r in rendered if r.url == policy.url).html).text()
    assert "朗读全文" in page and "公开属性" in page  # the page itself shows them
    reading = _html.parse(records["interpretations/2026-ca-minimum-living-standard-jd/"].html).text()
    assert "示例县民政局" in reading and "解读机关" not in reading and "朗读全文" not in reading
    keys = {key: entry["u"] for r in records.values() for key, entry in r.lookup}
    assert keys["示民发〔2026〕4号"] == policy.url
    assert keys["000000000202600019"] == policy.url
    assert keys["示例县民政局关于提高2026年城乡最低生活保障和特困人员救助供养标准的通知"] == policy.url
    assert keys["关于提高2026年城乡最低生活保障和特困人员救助供养标准的通知"] == policy.url
    assert keys["示例县公共租赁住房保障实施细则"] == "policies/2026-housing-public-rental/"
    assert keys["示政办发"] in {r.url for r in records.values()}
    assert keys["低保申请受理"] == "catalogues/social-assistance/#dongcheng-application-guide"
    # organizations: by name, short name, address and phone
    for key in ("示例县民政局", "民政局", "示例县民生路18号", "民生路18号", "00001234508"):
        assert keys[key] == "organizations/ca/", key
    org = _html.parse(records["organizations/ca/"].html)
    assert [n.text() for n in org.iter() if n.get("data-pagefind-filter") == "类型"] == ["公开主体"]
    # the 不予公开 policy is in neither the records nor the lookup
    assert not any("document-handling" in url for url in [*records, *keys.values()])
