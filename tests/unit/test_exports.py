"""The download exports: JSON, CSV, XLSX and the Atom feed, built from real content trees."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest

from generator.checks import check
from generator.content import model as m
from generator.site.exports import COLUMNS, FeedEntry, exports, feed_entries
from generator.site.exports.feeds import _NOT_XML as NOT_XML
from generator.site.exports.feeds import ATOM_NS, _all_entries, _newest_related, _xml
from generator.site.pages import feed_paths
from generator.site.pages import own_feeds as feed_pages
from generator.site.sitedata import SiteData, build
from generator.site.urls import CATALOGUE_FEED, ORGANIZATION_FEED, absolute, catalogue_url, csv_url, xlsx_url

from ..conftest import TODAY

SAMPLE = Path(__file__).parent.parent.parent / "content"
SAMPLE_TODAY = dt.date(2026, 11, 22)
BUILD = dt.date(2024, 11, 1)
ATOM = "{http://www.w3.org/2005/Atom}"
MINIMAL_CSV = "data/catalogues/compulsory-education.csv"
MINIMAL_XLSX = "data/catalogues/compulsory-education.xlsx"


def _data(content: Path, today: dt.date) -> SiteData:
    result = check(content, today=today)
    assert result.errors == [], result.errors
    return build(result.corpus)


@pytest.fixture(scope="module")
def sample() -> tuple[SiteData, dict[str, bytes]]:
    data = _data(SAMPLE, SAMPLE_TODAY)
    return data, exports(data, build_date=SAMPLE_TODAY)


@pytest.fixture
def minimal(content: Path) -> tuple[SiteData, dict[str, bytes]]:
    data = _data(content, TODAY)
    return data, exports(data, build_date=BUILD)


def _csv_rows(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = raw[3:].decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # CRLF rows, no bare LF
    return list(csv.reader(io.StringIO(text, newline="")))


def _sheet(raw: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(raw)).active


def _by_name(rows: list[list[str]], name: str) -> dict[str, str]:
    [row] = [r for r in rows[1:] if r[3] == name]
    return dict(zip(COLUMNS, row, strict=True))


# --- which files -----------------------------------------------------------------------------


def test_every_domain_with_catalogues_gets_csv_and_xlsx(sample: tuple[SiteData, dict[str, bytes]]) -> None:
    data, out = sample
    slugs = [d.slug for d in data.domains if data.catalogues.get(d.slug)]
    assert len(slugs) == 26
    expected = {"data/catalogues.json", "data/policies.json", "data/compliance.json", "feed.xml"}
    expected |= {csv_url(s) for s in slugs} | {xlsx_url(s) for s in slugs}
    expected |= {CATALOGUE_FEED.format(key=s) for s in slugs}  # a feed per domain page
    expected |= {ORGANIZATION_FEED.format(key=o) for o in data.orgs}  # and per organization
    expected |= {"data/annual-reports/2025/office.xlsx", "data/annual-reports/2025/dongcheng.xlsx"}
    assert set(out) == expected


def test_exports_module_does_not_import_mkdocs() -> None:
    code = (
        "import sys\nimport generator.site.exports\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


# --- JSON ------------------------------------------------------------------------------------


def test_catalogues_json_lists_every_item_with_a_unique_anchor_url(
    sample: tuple[SiteData, dict[str, bytes]],
) -> None:
    data, out = sample
    raw = out["data/catalogues.json"]
    assert raw.endswith(b"}\n") and "示例县".encode() in raw  # not \u-escaped
    doc = json.loads(raw)
    base = data.site.base_url
    assert [d["slug"] for d in doc["domains"]] == [d.slug for d in data.domains if d.slug in data.catalogues]
    urls: list[str] = []
    for domain in doc["domains"]:
        page = absolute(base, catalogue_url(domain["slug"]))
        assert domain["url"] == page
        assert [c["organization"]["id"] for c in domain["catalogues"]] == [
            v.org.id for v in data.catalogues[domain["slug"]]
        ]
        for cat in domain["catalogues"]:
            assert cat["source"].startswith(f"catalogues/{domain['slug']}/")
            for item in cat["items"]:
                assert item["url"] == f"{page}#{cat['organization']['id']}-{item['id']}"
                assert set(item["channels"]) <= set(m.CHANNELS)
                assert item["phone"], item["url"]  # every sample organization has a phone
                urls.append(item["url"])
    assert len(urls) == sum(data.item_count(s) for s in data.catalogues)
    assert len(set(urls)) == len(urls)
    assert len({u.split("#")[1] for u in urls}) == len(urls)


def test_catalogue_basis_points_at_policies_in_policies_json(
    sample: tuple[SiteData, dict[str, bytes]],
) -> None:
    _, out = sample
    policies = {p["id"]: p for p in json.loads(out["data/policies.json"])["policies"]}
    cited = [
        b
        for d in json.loads(out["data/catalogues.json"])["domains"]
        for c in d["catalogues"]
        for i in c["items"]
        for b in i["basis"]
    ]
    refs = [b["policy"] for b in cited if "policy" in b]
    assert refs and len(refs) < len(cited)
    for ref in refs:
        assert policies[ref["id"]]["url"] == ref["url"]
        assert policies[ref["id"]]["doc_number"] == ref["doc_number"]
    assert all(set(b) == {"text"} for b in cited if "policy" not in b)


def test_policies_and_interpretations_link_both_ways(sample: tuple[SiteData, dict[str, bytes]]) -> None:
    data, out = sample
    raw = out["data/policies.json"]
    assert raw.endswith(b"\n")
    doc = json.loads(raw)
    policies = {p["url"]: p for p in doc["policies"]}
    readings = {i["url"]: i for i in doc["interpretations"]}
    assert [p["id"] for p in doc["policies"]] == [p.id for p in data.policies]  # newest first
    assert len(readings) == len(data.interpretations) >= 12
    linked = 0
    for p in doc["policies"]:
        assert dt.date.fromisoformat(p["written"]) <= dt.date.fromisoformat(p["published"])
        for ref in p["interpretations"]:
            reading = readings[ref["url"]]
            assert reading["id"] == ref["id"] and reading["title"] == ref["title"]
            assert reading["policy"]["url"] == p["url"]
            linked += 1
    for reading in readings.values():
        policy = policies[reading["policy"]["url"]]
        assert reading["url"] in [r["url"] for r in policy["interpretations"]]
    assert linked == len(readings)
    # 依申请公开 documents are listed (metadata only); 不予公开 ones are not published at all
    assert any(p["disclosure"] == "依申请公开" and p["disclosure_reason"] for p in doc["policies"])
    assert "不予公开" not in {p["disclosure"] for p in doc["policies"]}


def test_minimal_item_in_json(minimal: tuple[SiteData, dict[str, bytes]]) -> None:
    _, out = minimal
    doc = json.loads(out["data/catalogues.json"])
    [domain] = doc["domains"]
    [cat] = domain["catalogues"]
    assert cat["organization"] == {"id": "edu", "name": "测试县教育和体育局"}
    assert (cat["level"], cat["updated"], cat["source"]) == (
        "县级",
        "2024-03-01",
        "catalogues/compulsory-education/edu.yml",
    )
    area, aid = cat["items"]
    assert area["url"] == "https://zwgk.test.gov.cn/catalogues/compulsory-education/#edu-enrolment-area"
    assert area["basis"] == [
        {"text": "《中华人民共和国义务教育法》"},
        {
            "text": "测教发〔2024〕3号",
            "policy": {
                "id": "enrolment-plan",
                "doc_number": "测教发〔2024〕3号",
                "title": "测试县教育和体育局关于2024年义务教育招生工作的通知",
                "url": "https://zwgk.test.gov.cn/policies/enrolment-plan/",
            },
        },
    ]
    assert aid["subjects"] == [
        {"id": "edu", "name": "测试县教育和体育局"},
        {"id": "dongcheng", "name": "测试县东城镇人民政府"},
    ]
    assert aid["content"] == ["受助学生名单（去标识化）"]
    assert aid["phone"] == "0000-1000002"  # from the first subject, edu
    assert (aid["audience"], aid["method"], aid["levels"]) == ("特定群体", "依申请", ["乡级"])
    assert aid["method_reason"].startswith("名单涉及未成年人")
    assert aid["channels"] == ["社区/企事业单位/村公示栏(电子屏)"] and aid["channels_other"] == []


def test_urls_are_root_relative_without_base_url(content: Path) -> None:
    site = content / "site.yml"
    site.write_text("".join(x for x in site.read_text().splitlines(True) if not x.startswith("base_url")))
    out = exports(_data(content, TODAY), build_date=BUILD)
    item = json.loads(out["data/catalogues.json"])["domains"][0]["catalogues"][0]["items"][0]
    assert item["url"] == "/catalogues/compulsory-education/#edu-enrolment-area"


# --- CSV -------------------------------------------------------------------------------------


def test_csv_header_and_row_counts(sample: tuple[SiteData, dict[str, bytes]]) -> None:
    data, out = sample
    for slug, views in data.catalogues.items():
        rows = _csv_rows(out[csv_url(slug)])
        assert tuple(rows[0]) == COLUMNS
        assert len(rows) - 1 == data.item_count(slug)
        numbers = [int(r[1]) for r in rows[1:]]
        # 序号 restarts at 1 in each organization's table
        assert numbers == [n for v in views for n in range(1, len(v.items) + 1)]
        assert [r[0] for r in rows[1:]] == [v.org.name for v in views for _ in v.items]
        assert all(len(r) == len(COLUMNS) for r in rows)


def test_csv_marks_and_channels_of_known_items(minimal: tuple[SiteData, dict[str, bytes]]) -> None:
    _, out = minimal
    rows = _csv_rows(out[MINIMAL_CSV])
    assert len(rows) == 3
    aid = _by_name(rows, "资助对象名单")
    marks = {k: v for k, v in aid.items() if k.startswith(("公开对象-", "公开方式-", "公开层级-"))}
    assert marks == {
        "公开对象-全社会": "",
        "公开对象-特定群体": "√",
        "公开方式-主动": "",
        "公开方式-依申请": "√",
        "公开层级-县级": "",
        "公开层级-乡级": "√",
    }
    assert aid["公开主体"] == "测试县教育和体育局；测试县东城镇人民政府"
    boxes = aid["公开渠道和载体"].split(" ")
    assert [b[1:] for b in boxes] == list(m.CHANNELS)
    assert [b for b in boxes if b.startswith("■")] == ["■社区/企事业单位/村公示栏(电子屏)"]
    assert sum(b.startswith("□") for b in boxes) == 12

    area = _by_name(rows, "招生范围")
    assert area["机构"] == "测试县教育和体育局" and area["序号"] == "1"
    assert area["公开内容（要素）"] == "招生范围；学区划分详细情况"
    assert area["公开依据"] == (
        "《中华人民共和国义务教育法》；《测试县教育和体育局关于2024年义务教育招生工作的通知》（测教发〔2024〕3号）"
    )
    ticked = [b[1:] for b in area["公开渠道和载体"].split(" ") if b.startswith("■")]
    assert ticked == ["政府网站", "两微一端", "公开查阅点"]
    assert [area[c] for c in COLUMNS[9:]] == ["√", "", "√", "", "√", "√"]


def test_csv_other_channels_follow_the_boxes(sample: tuple[SiteData, dict[str, bytes]]) -> None:
    _, out = sample
    rows = _csv_rows(out[csv_url("public-resource-trading")])
    boxes = rows[1][8].split(" ")
    assert len(boxes) == len(m.CHANNELS) + 1
    assert boxes[-2] == "□其他" and boxes[-1] == "■示例县公共资源交易网"


# --- XLSX ------------------------------------------------------------------------------------

HEADER_MERGES = {
    "A1:O1",  # title
    "C2:D2",  # 公开事项
    "J2:K2",  # 公开对象
    "L2:M2",  # 公开方式
    "N2:O2",  # 公开层级
    *(f"{c}2:{c}3" for c in "ABEFGHI"),  # single columns over both header rows
}


def test_xlsx_title_headers_and_cells(minimal: tuple[SiteData, dict[str, bytes]]) -> None:
    _, out = minimal
    ws = _sheet(out[MINIMAL_XLSX])
    assert ws.title == "义务教育"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged >= HEADER_MERGES
    assert merged - HEADER_MERGES == {"A4:A5"}  # the organization over its two rows
    assert ws["A1"].value == "测试县 义务教育领域基层政务公开标准目录"
    top = [ws.cell(2, c).value for c in range(1, 16)]
    bottom = [ws.cell(3, c).value for c in range(1, 16)]
    assert top == [
        "机构", "序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体",
        "公开渠道和载体", "公开对象", None, "公开方式", None, "公开层级", None,
    ]  # fmt: skip
    assert bottom == [
        None, None, "一级事项", "二级事项", None, None, None, None,
        None, "全社会", "特定群体", "主动", "依申请", "县级", "乡级",
    ]  # fmt: skip
    assert ws.freeze_panes == "A4"
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 2
    assert rows[1] == (
        None,  # inside the merged 机构 cell
        2,
        "学生资助",
        "资助对象名单",
        "受助学生名单（去标识化）",
        "《学生资助资金管理办法》",
        "制定或获取信息之日起10个工作日内",
        "测试县教育和体育局；测试县东城镇人民政府",
        _csv_rows(out[MINIMAL_CSV])[2][8],
        None,
        "√",
        None,
        "√",
        None,
        "√",
    )
    assert rows[0][0] == "测试县教育和体育局" and rows[0][2] == "招生管理"


def test_xlsx_category_cells_span_their_rows(sample: tuple[SiteData, dict[str, bytes]]) -> None:
    data, out = sample
    spans_seen = 0
    for slug, views in data.catalogues.items():
        ws = _sheet(out[xlsx_url(slug)])
        merged = {str(r) for r in ws.merged_cells.ranges}
        expected_c: set[str] = set()
        expected_a: set[str] = set()
        row = 4
        for view in views:
            if len(view.items) > 1:
                expected_a.add(f"A{row}:A{row + len(view.items) - 1}")
            i = 0
            while i < len(view.items):
                j = i
                while (
                    j + 1 < len(view.items)
                    and view.items[j + 1].model.category == view.items[i].model.category
                ):
                    j += 1
                assert ws[f"C{row + i}"].value == view.items[i].model.category
                if j > i:
                    expected_c.add(f"C{row + i}:C{row + j}")
                for k in range(i, j + 1):
                    assert ws[f"D{row + k}"].value == view.items[k].model.name
                    assert ws[f"B{row + k}"].value == k + 1
                i = j + 1
            row += len(view.items)
        assert {r for r in merged if r.startswith("C") and r != "C2:D2"} == expected_c, slug
        assert {r for r in merged if r.startswith("A") and r not in HEADER_MERGES} == expected_a, slug
        assert ws.max_row == row - 1
        spans_seen += len(expected_c)
    assert spans_seen > 0


# --- formula injection and escaping ----------------------------------------------------------

PAYLOAD = '=HYPERLINK("http://x")'


@pytest.fixture
def hostile(content: Path) -> tuple[SiteData, dict[str, bytes]]:
    edu = content / "catalogues" / "compulsory-education" / "edu.yml"
    text = edu.read_text()
    text = text.replace("name: 招生范围", "name: '=HYPERLINK(\"http://x\")'")
    text = text.replace("name: 资助对象名单", 'name: "+1"')
    text = text.replace("content: 受助学生名单（去标识化）", "content: ['@SUM(A1)', 受助学生名单]")
    edu.write_text(text)
    policy = content / "policies" / "2024" / "enrolment-plan.md"
    policy.write_text(policy.read_text().replace("title: 测试县", "title: <script>alert(1)</script>&测试县"))
    data = _data(content, TODAY)
    return data, exports(data, build_date=BUILD)


def test_csv_defuses_formulas(hostile: tuple[SiteData, dict[str, bytes]]) -> None:
    _, out = hostile
    rows = _csv_rows(out[MINIMAL_CSV])
    assert [r[3] for r in rows[1:]] == ["'" + PAYLOAD, "'+1"]
    assert rows[2][4] == "'@SUM(A1)；受助学生名单"
    assert rows[1][2] == "招生管理"  # harmless text is left alone


def test_xlsx_writes_formula_text_as_plain_strings(hostile: tuple[SiteData, dict[str, bytes]]) -> None:
    _, out = hostile
    ws = _sheet(out[MINIMAL_XLSX])
    for ref, value in (("D4", PAYLOAD), ("D5", "+1"), ("E5", "@SUM(A1)；受助学生名单")):
        cell = ws[ref]
        assert (cell.value, cell.data_type) == (value, "s")
        assert cell.quotePrefix  # Excel keeps it text even when the cell is edited
    assert not ws["C4"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(out[MINIMAL_XLSX])) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_feed_escapes_titles(hostile: tuple[SiteData, dict[str, bytes]]) -> None:
    _, out = hostile
    raw = out["feed.xml"]
    assert b"<script>" not in raw and b"&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in raw
    root = ET.fromstring(raw)
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert "<script>alert(1)</script>&测试县教育和体育局关于2024年义务教育招生工作的通知" in titles
    summaries = [e.findtext(f"{ATOM}summary") for e in root.iter(f"{ATOM}entry")]
    assert "解读：<script>alert(1)</script>&测试县教育和体育局关于2024年义务教育招生工作的通知" in summaries


# --- feed ------------------------------------------------------------------------------------


def _entries(raw: bytes) -> tuple[ET.Element, list[ET.Element]]:
    root = ET.fromstring(raw)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_feed_lists_public_policies_and_interpretations_newest_first(
    sample: tuple[SiteData, dict[str, bytes]],
) -> None:
    data, out = sample
    root, entries = _entries(out["feed.xml"])
    base = data.site.base_url
    assert root.findtext(f"{ATOM}id") == absolute(base, "")
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == absolute(base, "feed.xml")
    public = [p for p in data.policies if p.public]
    assert len(public) < len(data.policies)  # the sample has a non-public one to leave out
    expected = {absolute(base, p.url) for p in public} | {absolute(base, i.url) for i in data.interpretations}
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert set(ids) == expected and len(ids) == len(expected)
    for e in entries:
        link = e.find(f"{ATOM}link")
        assert link is not None and link.get("href") == e.findtext(f"{ATOM}id")
        assert e.findtext(f"{ATOM}summary")
    updated = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == updated[0]
    newest = max([p.published for p in public] + [i.published for i in data.interpretations])
    assert updated[0] == f"{newest.isoformat()}T00:00:00+08:00"


def test_feed_summaries(minimal: tuple[SiteData, dict[str, bytes]]) -> None:
    _, out = minimal
    _, entries = _entries(out["feed.xml"])
    by_id = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}summary") for e in entries}
    assert by_id["https://zwgk.test.gov.cn/policies/open-gov-plan/"] == (
        "发文机关：测试县人民政府办公室、测试县教育和体育局；发文字号：测政办发〔2024〕12号"
    )
    assert by_id["https://zwgk.test.gov.cn/interpretations/enrolment-plan-qa/"] == (
        "解读：测试县教育和体育局关于2024年义务教育招生工作的通知"
    )
    assert len(entries) == 4


def test_feed_keeps_the_newest_fifty(minimal: tuple[SiteData, dict[str, bytes]]) -> None:
    data, _ = minimal
    template = data.policies[0]
    data.policies = [
        dataclasses.replace(
            template,
            id=f"p{n:02d}",
            model=template.model.model_copy(update={"published": dt.date(2024, 6, 1) + dt.timedelta(days=n)}),
        )
        for n in range(60)
    ]
    entries = feed_entries(data)
    assert len(entries) == 50
    # the 2024-10-09 interpretation, then the newest 49 policies; the 2024-03-04 one is out
    assert [e.id for e in entries] == ["open-gov-plan-read", *(f"p{n:02d}" for n in range(59, 10, -1))]
    assert entries[1].published == dt.date(2024, 7, 30)


def test_an_organization_feed_keeps_its_newest_fifty(minimal: tuple[SiteData, dict[str, bytes]]) -> None:
    data, _ = minimal
    template = data.policies[0]
    issuer = next(o for o in template.issuers if not isinstance(o, str))
    others = [p for p in data.policies[1:] if issuer not in p.issuers]
    data.policies = [
        *(
            dataclasses.replace(
                template,
                id=f"p{n:02d}",
                model=template.model.model_copy(
                    update={"published": dt.date(2024, 6, 1) + dt.timedelta(days=n)}
                ),
            )
            for n in range(60)
        ),
        *others,
    ]
    mine = {i.url for i in data.interpretations if i.interpreter is issuer}
    out = exports(data, build_date=BUILD)
    _, entries = _entries(out[ORGANIZATION_FEED.format(key=issuer.id)])
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == 50
    expected = sorted(
        [(p.published, 1, p.url) for p in data.policies if issuer in p.issuers]
        + [(i.published, 0, i.url) for i in data.interpretations if i.url in mine],
        reverse=True,
    )[:50]
    assert ids == [absolute(data.site.base_url, url) for _, _, url in expected]
    oldest, newest = (absolute(data.site.base_url, data.policies[n].url) for n in (0, 59))
    assert newest in ids and oldest not in ids


def test_each_domain_and_organization_has_its_own_feed(sample: tuple[SiteData, dict[str, bytes]]) -> None:
    data, out = sample
    base = data.site.base_url
    public = [p for p in data.policies if p.public]

    def ids(path: str) -> set[str | None]:
        root, entries = _entries(out[path])
        assert root.findtext(f"{ATOM}id") == absolute(base, path)
        self_link = root.find(f"{ATOM}link[@rel='self']")
        assert self_link is not None and self_link.get("href") == absolute(base, path)
        return {e.findtext(f"{ATOM}id") for e in entries}

    # a domain: its public policies and their interpretations
    in_domain = [p for p in public if any(d.slug == "social-assistance" for d in p.domains)]
    expected = {absolute(base, p.url) for p in in_domain}
    expected |= {absolute(base, i.url) for i in data.interpretations if i.policy in in_domain}
    assert expected and ids(CATALOGUE_FEED.format(key="social-assistance")) == expected
    # an organization: the public policies it issued and the interpretations it wrote
    issued = [p for p in public if any(getattr(o, "id", None) == "ca" for o in p.issuers)]
    expected = {absolute(base, p.url) for p in issued}
    expected |= {
        absolute(base, i.url) for i in data.interpretations if getattr(i.interpreter, "id", None) == "ca"
    }
    assert expected and ids(ORGANIZATION_FEED.format(key="ca")) == expected
    # an organization without documents still has a feed to subscribe to, dated by the content
    quiet = [o for o in data.orgs if not ids(ORGANIZATION_FEED.format(key=o))]
    assert quiet
    root, _ = _entries(out[ORGANIZATION_FEED.format(key=quiet[0])])
    newest = max([p.published for p in public] + [i.published for i in data.interpretations])
    assert root.findtext(f"{ATOM}updated") == f"{newest.isoformat()}T00:00:00+08:00"


def test_feed_without_entries_is_dated_by_the_build(minimal: tuple[SiteData, dict[str, bytes]]) -> None:
    data, _ = minimal
    data.policies, data.interpretations = [], []
    root, entries = _entries(exports(data, build_date=BUILD)["feed.xml"])
    assert entries == [] and root.findtext(f"{ATOM}updated") == "2024-11-01T00:00:00+08:00"


# --- determinism -----------------------------------------------------------------------------


def test_two_builds_are_byte_identical(sample: tuple[SiteData, dict[str, bytes]]) -> None:
    _, first = sample
    again = exports(_data(SAMPLE, SAMPLE_TODAY), build_date=SAMPLE_TODAY)
    assert list(again) == list(first)
    for path, raw in first.items():
        assert again[path] == raw, path


def test_xlsx_dates_come_from_the_build_date_only(minimal: tuple[SiteData, dict[str, bytes]]) -> None:
    data, out = minimal
    with zipfile.ZipFile(io.BytesIO(out[MINIMAL_XLSX])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2024-11-01T00:00:00Z") == 2  # created and modified
    other = exports(data, build_date=dt.date(2025, 1, 2))
    changed = sorted(p for p in out if out[p] != other[p])
    assert changed == [MINIMAL_XLSX]


# --- the direct workbook writer --------------------------------------------------------------


def _workbook_facts(raw: bytes) -> dict[str, Any]:
    """What a reader sees of a catalogue workbook: every cell with its style, the layout, the
    print settings and the document's properties."""
    book = openpyxl.load_workbook(io.BytesIO(raw))
    (ws,) = book.worksheets
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            cells[c.coordinate] = (
                c.value,
                c.data_type,
                c.font.b,
                c.font.sz,
                c.fill.fill_type,
                c.fill.fgColor.rgb if c.fill.fill_type else None,
                c.border.left.style,
                c.border.bottom.style,
                c.alignment.horizontal,
                c.alignment.vertical,
                c.alignment.wrap_text,
                c.quotePrefix,
            )
    props = book.properties
    return {
        "name": ws.title,
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "heights": {n: d.height for n, d in ws.row_dimensions.items()},
        "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
        "frozen": ws.freeze_panes,
        "print_titles": ws.print_title_rows,
        "page": (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToHeight),
        "fit": ws.sheet_properties.pageSetUpPr.fitToPage,
        "dimensions": ws.dimensions,
        "properties": (props.title, props.creator, props.lastModifiedBy, props.created, props.modified),
    }


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_the_direct_workbook_is_what_xlsxwriter_makes(
    which: str,
    sample: tuple[SiteData, dict[str, bytes]],
    hostile: tuple[SiteData, dict[str, bytes]],
) -> None:
    """Cell by cell, style by style, the catalogue workbooks read as xlsxwriter's rendering
    of the same tables (formula-like text, merged runs, row heights, print settings)."""
    from tests.unit._xlsx_reference import reference_xlsx

    data, out = sample if which == "sample" else hostile
    build_date = SAMPLE_TODAY if which == "sample" else BUILD
    compared = 0
    for slug in data.catalogues:
        ours = _workbook_facts(out[xlsx_url(slug)])
        theirs = _workbook_facts(reference_xlsx(data, slug, build_date=build_date))
        for key in theirs:
            assert ours[key] == theirs[key], (slug, key)
        compared += len(ours["cells"])
    assert compared > (1000 if which == "sample" else 60)


def test_the_direct_workbook_escapes_what_xml_and_excel_cannot_hold() -> None:
    from generator.site.exports import sheet

    table = sheet.Sheet(3)
    text, control = " a<b>&c 尾 ", "甲\x01乙_x0041_"
    quoted = table.text("B1", "=1+1", sheet.TEXT + sheet.QUOTED)
    table.row([table.text("A1", text, sheet.TEXT), quoted, table.text("C1", control, sheet.TEXT)], 15)
    raw = sheet.workbook(
        table,
        name="A1",
        widths=(10, 20, 20),
        frozen_rows=1,
        print_rows=(0, 0),
        title="<标题>",
        author="县&政府",
        created=dt.date(2024, 1, 2),
    )
    book = openpyxl.load_workbook(io.BytesIO(raw))
    ws = book.active
    assert ws["A1"].value == text and ws["B1"].value == "=1+1" and ws["B1"].data_type == "s"
    assert ws["B1"].quotePrefix and not ws["A1"].quotePrefix
    assert ws.print_title_rows == "$1:$1" and ws.title == "A1"
    assert (book.properties.title, book.properties.creator) == ("<标题>", "县&政府")
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert "'A1'!$1:$1" in z.read("xl/workbook.xml").decode()  # a name that reads as a cell is quoted
        strings = z.read("xl/sharedStrings.xml").decode()
    # Excel's escapes: a control character, and text that reads like one
    assert (
        "甲_x0001_乙_x005F_x0041_" in strings
        and '<t xml:space="preserve"> a&lt;b&gt;&amp;c 尾 </t>' in strings
    )


def test_rows_are_tall_enough_for_their_wrapped_text() -> None:
    """A CJK character takes two units of a column's width, any other one; each line of a
    cell wraps on its own; the tallest cell sets the row (15 points a line, 4 of padding)."""
    from generator.site.exports.tables import _WIDTHS, _row_height, _text_units

    assert _text_units("") == 0 and _text_units("abc") == 3 and _text_units("中文") == 4
    assert _text_units("《条例》2021 a") == 8 + 6 and _text_units("\U0001f600x") == 3
    blank = ("",) * len(_WIDTHS)
    assert _row_height(blank) == 19
    # 公开内容 (width 28, 27 units a line): 20 CJK characters are 40 units, two lines
    content = list(blank)
    content[4] = "字" * 20
    assert _row_height(tuple(content)) == 34
    content[4] = "字" * 20 + "\n" + "a" * 27 + "\n" + "b"  # 2 + 1 + 1 lines
    assert _row_height(tuple(content)) == 64
    # a text counted once for one column is counted again for a column of another width:
    # 40 units take two lines of 公开内容 (27 a line) but three of 公开时限 (19 a line)
    text = "字" * 20
    assert (_WIDTHS[4], _WIDTHS[6]) == (28, 20)
    both = list(blank)
    both[4] = text
    assert _row_height(tuple(both)) == 34
    both[6] = text
    assert _row_height(tuple(both)) == 49
    both[4] = ""
    assert _row_height(tuple(both)) == 49


def test_the_feeds_are_where_an_incremental_build_looks_for_them(
    minimal: tuple[SiteData, dict[str, bytes]],
) -> None:
    """feed_paths (what a build keeps or makes again) names exactly the feeds that are made,
    and when all are kept none is made."""
    data, out = minimal
    made = {path for path in out if path == "feed.xml" or path.endswith("/feed.xml")}
    assert len(made) > 3
    assert set(feed_paths(data)) == made
    kept = exports(data, build_date=BUILD, skip=feed_paths(data))
    assert not any(path in kept for path in made)
    assert set(out) - made == set(kept)


def _elementtree_feed(
    data: SiteData, entries: list[FeedEntry], empty: dt.date, path: str, page: str, title: str
) -> bytes:
    """A feed as ElementTree builds and writes it: what the feed writer must write."""
    base = data.site.base_url
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "zh-CN"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, tag, {k: NOT_XML.sub("", v) for k, v in attrs.items()})
        if text is not None:
            el.text = NOT_XML.sub("", text)
        return el

    sub(root, "id", absolute(base, page if path == "feed.xml" else path))
    sub(root, "title", title)
    sub(root, "link", rel="self", type="application/atom+xml", href=absolute(base, path))
    sub(root, "link", rel="alternate", type="text/html", href=absolute(base, page))
    sub(root, "updated", f"{(entries[0].changed if entries else empty).isoformat()}T00:00:00+08:00")
    sub(sub(root, "author"), "name", data.site.name)
    sub(root, "generator", "zwgk")
    for e in entries:
        entry = sub(root, "entry")
        sub(entry, "id", e.url)
        sub(entry, "title", e.title, type="text")
        sub(entry, "link", rel="alternate", type="text/html", href=e.url)
        sub(entry, "published", f"{e.published.isoformat()}T00:00:00+08:00")
        sub(entry, "updated", f"{e.changed.isoformat()}T00:00:00+08:00")
        for name in e.authors:
            sub(sub(entry, "author"), "name", name)
        sub(entry, "category", term=e.category, label=e.category)
        sub(entry, "summary", e.summary, type="text")
    ET.indent(root, space="  ")
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def test_every_feed_is_written_as_elementtree_writes_it(sample: tuple[SiteData, dict[str, bytes]]) -> None:
    data, out = sample
    entries = _all_entries(data)
    newest = _newest_related(entries)
    title = f"{data.site.name}政策文件和政策解读"
    assert out["feed.xml"] == _elementtree_feed(data, entries[:50], SAMPLE_TODAY, "feed.xml", "", title)
    compared = 0
    for kind, page, path in feed_pages(data):
        mine = newest.get((kind.name, page.key), [])
        title = f"{data.site.name}：{page.title}（政策文件和政策解读）"
        expected = _elementtree_feed(data, mine, entries[0].changed, path, kind.url_of(page.key), title)
        assert out[path] == expected, path
        compared += bool(mine)
    assert compared >= 5  # feeds with entries, not only empty ones


def test_the_feed_writer_escapes_as_elementtree_does(minimal: tuple[SiteData, dict[str, bytes]]) -> None:
    data, _ = minimal
    tricky = "A & B <c> \"d\" 'e'\n\tf\rg\x01h\x0bi\ufffe]]>\ud800j"  # (a lone surrogate too)
    entries = [
        FeedEntry(
            dt.date(2024, 5, 1),
            0,
            "a",
            f"https://x.example/a?x=1&y={tricky}",
            tricky,
            tricky,
            (tricky, "二"),
            tricky,
        ),
        FeedEntry(
            dt.date(2024, 4, 1), 1, "b", "https://x.example/b", "", "", (), "", updated=dt.date(2024, 6, 1)
        ),
        FeedEntry(dt.date(2024, 3, 1), 0, "c", "https://x.example/c", "\x02", "\x03", ("\x04",), "\x05"),
        FeedEntry(dt.date(2024, 2, 1), 0, "d", "https://x.example/d", " \n ", "\t", (" ",), " "),
    ]
    written: dict[int, str] = {}  # as feeds() shares it: an entry in a second feed comes from it
    for chosen in (entries, entries[:1], entries[::-1], []):
        made = _xml(data, chosen, BUILD, "organizations/x/feed.xml", "organizations/x/", tricky, written)
        expected = _elementtree_feed(
            data, chosen, BUILD, "organizations/x/feed.xml", "organizations/x/", tricky
        )
        assert made == expected
        ET.fromstring(made)  # well-formed
