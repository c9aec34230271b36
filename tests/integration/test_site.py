"""The built sites, asserted on structure: URLs, links, metadata, tables, exports, escaping.

Expectations are read from the content files themselves (YAML front matter and catalogue
YAML), not from the generator's own data, so a test fails when the site disagrees with what
the authors wrote.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.integration import _html
from tests.integration._content import (
    CONTENT,
    catalogue_files,
    documents,
    front_matter,
    interpretations_by_policy,
    organizations,
    published_policies,
    site_yml,
)
from tests.integration.conftest import PAYLOAD_ID, Project, build

pytestmark = pytest.mark.slow

WITHHELD = CONTENT / "policies" / "2025" / "2025-office-document-handling-rules.md"  # 不予公开
ON_REQUEST = "2025-hrss-performance-pay"  # 依申请公开

NATIONAL_COLUMNS = [
    "机构",
    "序号",
    "公开事项-一级事项",
    "公开事项-二级事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象-全社会",
    "公开对象-特定群体",
    "公开方式-主动",
    "公开方式-依申请",
    "公开层级-县级",
    "公开层级-乡级",
]


# --- reading the built site ---------------------------------------------------------------------


def html_pages(site: Path, *, with_404: bool = False) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if with_404 or p.relative_to(site).as_posix() != "404.html")


def page_of(site: Path, url: str) -> _html.Node:
    return _html.page(site / url / "index.html")


def href_target(site: Path, page: Path, href: str) -> tuple[str, str]:
    """(site-relative path of the linked file or folder URL, fragment) of a link on ``page``."""
    base = "http://site.invalid/" + page.relative_to(site).as_posix()
    parts = urlsplit(urljoin(base, href))
    return unquote(parts.path).lstrip("/"), parts.fragment


def links(node: _html.Node, cls: str) -> list[_html.Node]:
    return node.find_all("a", cls)


def site_path(site: Path, page: Path, href: str) -> str:
    """The site-relative URL a link points to, as written in the URL contract (``policies/x/``)."""
    path, fragment = href_target(site, page, href)
    path = path.removesuffix("index.html")
    return path + (f"#{fragment}" if fragment else "")


def text_files(site: Path) -> list[tuple[str, str]]:
    """(relative path, text) of every text file of the site, pagefind's gzipped index included."""
    return _text_files(str(site))


@functools.lru_cache(maxsize=4)
def _text_files(root: str) -> list[tuple[str, str]]:
    site = Path(root)
    out = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in {".png", ".ico", ".svg", ".woff", ".woff2", ".xlsx"}:
            continue
        raw = path.read_bytes()
        if (
            path.name.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"))
            or path.suffix == ".gz"
        ):
            raw = gzip.decompress(raw)
        out.append((path.relative_to(site).as_posix(), raw.decode("utf-8", errors="replace")))
    return out


# --- the URL contract -------------------------------------------------------------------------


def test_url_contract(sample_site: Path) -> None:
    site = sample_site
    slugs = sorted({slug for slug, _ in catalogue_files()})
    assert len(slugs) == 26, "the sample covers all 26 pilot domains"
    expected = ["index.html", "catalogues/index.html", "organizations/index.html"]
    expected += ["policies/index.html", "interpretations/index.html", "search/index.html"]
    for slug in slugs:
        expected += [
            f"catalogues/{slug}/index.html",
            f"data/catalogues/{slug}.csv",
            f"data/catalogues/{slug}.xlsx",
        ]
    expected += [f"organizations/{o['id']}/index.html" for o in organizations()]
    expected += [f"policies/{pid}/index.html" for pid in published_policies()]
    expected += [f"interpretations/{iid}/index.html" for iid in documents("interpretations")]
    expected += [f"pages/{p.stem}/index.html" for p in (CONTENT / "pages").glob("*.md")]
    expected += ["data/catalogues.json", "data/policies.json", "feed.xml", "sitemap.xml"]
    expected += ["pagefind/pagefind.js", "pagefind/zwgk-vocab/meta.json"]
    missing = [rel for rel in expected if not (site / rel).is_file()]
    assert not missing, f"URL contract broken, missing: {missing}"
    # the engineers' map of the code (docs/architecture.md) is not published
    assert (CONTENT.parent / "docs" / "architecture.md").is_file()
    assert not (site / "architecture").exists()
    # no catalogue page for a domain without catalogues, and nothing else under catalogues/
    built = sorted(p.name for p in (site / "catalogues").iterdir() if p.is_dir())
    assert built == slugs
    meta = json.loads((site / "pagefind/zwgk-vocab/meta.json").read_text(encoding="utf-8"))
    assert all((site / f"pagefind/zwgk-vocab/{n}.json").is_file() for n in range(meta["shards"]))


def test_minimal_url_contract(minimal_site: Path) -> None:
    site = minimal_site
    assert sorted(p.name for p in (site / "catalogues").iterdir() if p.is_dir()) == ["compulsory-education"]
    for rel in [
        "catalogues/compulsory-education/index.html",
        "organizations/edu/index.html",
        "organizations/dongcheng/index.html",
        "policies/open-gov-plan/index.html",
        "policies/enrolment-plan/index.html",
        "interpretations/open-gov-plan-read/index.html",
        "interpretations/enrolment-plan-qa/index.html",
        "pages/guide/index.html",
        "data/catalogues/compulsory-education.csv",
        "data/catalogues/compulsory-education.xlsx",
    ]:
        assert (site / rel).is_file(), rel


# --- links both ways ----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["sample", "minimal"])
def test_policy_and_interpretation_link_each_other(which: str, sample_site: Path, minimal_site: Path) -> None:
    site, content = (
        (sample_site, CONTENT) if which == "sample" else (minimal_site, minimal_content(minimal_site))
    )
    readings = interpretations_by_policy(content)
    assert readings, "the site has interpretations to check"
    for pid, iids in readings.items():
        page_file = site / "policies" / pid / "index.html"
        tree = _html.page(page_file)
        jd = [site_path(site, page_file, a.get("href") or "") for a in links(tree, "zwgk-jd")]
        assert sorted(jd) == sorted(f"interpretations/{i}/" for i in iids), pid
        for iid in iids:
            it_file = site / "interpretations" / iid / "index.html"
            back = [
                site_path(site, it_file, a.get("href") or "")
                for a in links(_html.page(it_file), "zwgk-original")
            ]
            assert back == [f"policies/{pid}/"], iid
    # a policy without interpretations has no 解读 link
    for pid in published_policies(content).keys() - readings.keys():
        assert not links(page_of(site, f"policies/{pid}"), "zwgk-jd"), pid


@pytest.mark.parametrize("which", ["sample", "minimal"])
def test_policy_list_has_jd_link_after_each_policy(which: str, sample_site: Path, minimal_site: Path) -> None:
    site, content = (
        (sample_site, CONTENT) if which == "sample" else (minimal_site, minimal_content(minimal_site))
    )
    readings = interpretations_by_policy(content)
    list_file = site / "policies" / "index.html"
    entries = _html.page(list_file).find_all("li", "zwgk-doc")
    seen = set()
    for li in entries:
        anchors = li.find_all("a")
        assert "zwgk-doc__title" in anchors[0].classes
        pid = site_path(site, list_file, anchors[0].get("href") or "").removeprefix("policies/").rstrip("/")
        seen.add(pid)
        following = anchors[1:]
        assert all("zwgk-jd" in a.classes and a.text().strip() == "解读" for a in following), pid
        got = [site_path(site, list_file, a.get("href") or "") for a in following]
        assert sorted(got) == sorted(f"interpretations/{i}/" for i in readings.get(pid, [])), pid
        # right after the title: nothing but whitespace between the title link and the 解读 links
        kids = [c for c in li.children if not (isinstance(c, str) and not c.strip())]
        assert kids[: 1 + len(following)] == anchors[: 1 + len(following)], pid
    assert seen == set(published_policies(content))


def minimal_content(site: Path) -> Path:
    return site.parent / "content"


# --- every internal link resolves ---------------------------------------------------------------

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def _ids(path: Path) -> set[str]:
    return {n.get("id") or "" for n in _html.page(path).iter() if n.get("id")} | {
        n.get("name") or "" for n in _html.page(path).find_all("a") if n.get("name")
    }


@pytest.mark.parametrize("which", ["sample", "minimal"])
def test_every_internal_link_resolves(which: str, sample_site: Path, minimal_site: Path) -> None:
    site = sample_site if which == "sample" else minimal_site
    broken: list[str] = []
    checked = 0
    for page in html_pages(site):
        if page.parent.name == PAYLOAD_ID:
            continue  # its title's <img src=x> is the XSS of test_payload_in_policy_title_is_inert
        for node in _html.page(page).iter():
            for attr in ("href", "src", "action"):
                ref = node.get(attr)
                if ref is None or (
                    _EXTERNAL.match(ref) and not ref.lower().startswith(("file:", "javascript:"))
                ):
                    continue  # http(s), mailto, tel … are not ours to check
                rel, fragment = href_target(site, page, ref)
                target = site / rel
                if target.is_dir() or rel == "":
                    target = target / "index.html"
                checked += 1
                where = f"{page.relative_to(site)}: {node.tag} {attr}={ref!r}"
                if not target.is_file():
                    broken.append(where)
                elif fragment and target.suffix == ".html" and unquote(fragment) not in _ids(target):
                    broken.append(where + " (no such anchor)")
    assert checked > 100
    assert not broken, "broken internal links:\n" + "\n".join(broken)


# --- policy metadata ---------------------------------------------------------------------------


def docmeta(tree: _html.Node) -> dict[str, str]:
    table = tree.one("table", "zwgk-docmeta")
    cells = [c for tr in table.find_all("tr") for c in tr.elements() if c.tag in ("th", "td")]
    return {
        _html.squash(th.text()): td.text().strip() for th, td in zip(cells[::2], cells[1::2], strict=True)
    }


@pytest.mark.parametrize(
    ("pid", "issuers"),
    [
        ("2026-disaster-relief-plan", "示例县人民政府办公室"),
        ("2026-farmland-protection-subsidy", "示例县财政局、示例县农业农村局"),
    ],
)
def test_policy_metadata_block(sample_site: Path, pid: str, issuers: str) -> None:
    fm, _ = front_matter(next(CONTENT.glob(f"policies/*/{pid}.md")))
    meta = docmeta(page_of(sample_site, f"policies/{pid}"))
    assert meta == {
        "索引号": fm["index_number"],
        "主题分类": fm["topic"],
        "发文机关": issuers,
        "成文日期": fm["written"].isoformat(),
        "标题": fm["title"],
        "发文字号": fm["doc_number"],
        "发布日期": fm["published"].isoformat(),
        "有效性": fm.get("validity", "有效"),
        "公开属性": fm["disclosure"],
    }


def test_known_policy_values(sample_site: Path) -> None:
    """One policy's block against values typed out by hand (not read back from the content)."""
    meta = docmeta(page_of(sample_site, "policies/2026-disaster-relief-plan"))
    assert meta["索引号"] == "000000000/2026-00051"
    assert meta["主题分类"] == "民政、扶贫、救灾\\减灾救灾"
    assert meta["发文字号"] == "示政办发〔2026〕20号"
    assert meta["成文日期"] == "2026-06-22"
    assert meta["发布日期"] == "2026-06-24"
    assert meta["标题"] == "示例县人民政府办公室关于印发《示例县自然灾害救助应急预案》的通知"
    assert meta["有效性"] == "有效"
    assert meta["公开属性"] == "主动公开"
    # the 2025 plan was replaced: its page says so
    assert docmeta(page_of(sample_site, "policies/2025-edu-enrolment-plan"))["有效性"] == "失效"


# --- catalogue tables --------------------------------------------------------------------------

MARK_COLUMNS = ["全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
CHANNELS = [
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏(电子屏)",
    "精准推送",
    "其他",
]


def test_catalogue_marks_for_student_aid(minimal_site: Path) -> None:
    tree = page_of(minimal_site, "catalogues/compulsory-education")
    table = tree.one("section", id="edu").one("table")
    header = [th.text().strip() for th in table.find_all("tr")[1].elements()]
    assert header[-6:] == MARK_COLUMNS
    row = table.one("tr", id="edu-student-aid")
    marks = row.find_all("td", "zwgk-mark")
    assert len(marks) == 6
    ticked = [
        col
        for col, td in zip(MARK_COLUMNS, marks, strict=True)
        if td.text(skip=("zwgk-reason",)).strip() == "√"
    ]
    blank = [
        col for col, td in zip(MARK_COLUMNS, marks, strict=True) if not td.text(skip=("zwgk-reason",)).strip()
    ]
    assert ticked == ["特定群体", "依申请", "乡级"]
    assert len(blank) == 3
    # the reason for 依申请 stays beside its mark
    assert "未成年人个人信息" in marks[3].text()
    boxes = row.one("td", "zwgk-channels").find_all("span")
    assert [b.text()[1:] for b in boxes] == CHANNELS
    on = [b.text()[1:] for b in boxes if b.text().startswith("■")]
    off = [b.text()[1:] for b in boxes if b.text().startswith("□")]
    assert on == ["社区/企事业单位/村公示栏(电子屏)"]
    assert len(off) == len(CHANNELS) - 1
    assert all(("on" in b.classes) == b.text().startswith("■") for b in boxes)
    assert row.get("data-levels") == "乡级"


@pytest.mark.parametrize("which", ["sample", "minimal"])
def test_category_rowspans(which: str, sample_site: Path, minimal_site: Path) -> None:
    """一级事项 spans exactly its run of consecutive items, in every table of the site."""
    site, content = (
        (sample_site, CONTENT) if which == "sample" else (minimal_site, minimal_content(minimal_site))
    )
    org_ids = {o["name"]: o["id"] for o in organizations(content)} | {
        o["id"]: o["id"] for o in organizations(content)
    }
    tables = spanned = 0
    for slug, cat in catalogue_files(content):
        section = page_of(site, f"catalogues/{slug}").one("section", id=org_ids[cat["organization"]])
        rows = section.one("tbody").find_all("tr")
        categories = [item["category"] for item in cat["items"]]
        assert [r.get("id") for r in rows] == [
            f"{org_ids[cat['organization']]}-{i['id']}" for i in cat["items"]
        ]
        expected: list[tuple[int, str] | None] = []
        i = 0
        while i < len(categories):
            j = i
            while j < len(categories) and categories[j] == categories[i]:
                j += 1
            expected += [(j - i, categories[i])] + [None] * (j - i - 1)
            i = j
        got: list[tuple[int, str] | None] = []
        for r in rows:
            cells = r.find_all("td", "zwgk-cat1")
            got.append((int(cells[0].get("rowspan") or 1), cells[0].text().strip()) if cells else None)
        assert got == expected, f"{slug} {cat['organization']}"
        tables += 1
        spanned += any(e is not None and e[0] > 1 for e in expected)
    assert tables == len(list(catalogue_files(content)))
    if which == "sample":
        assert spanned, "the sample has categories spanning several rows"


# --- 不予公开 and 依申请公开 ----------------------------------------------------------------------


def test_withheld_policy_is_nowhere(sample_site: Path) -> None:
    site = sample_site
    fm, _body = front_matter(WITHHELD)
    assert fm["disclosure"] == "不予公开"
    pid = WITHHELD.stem
    assert not (site / "policies" / pid).exists()
    traces = [pid, fm["title"], fm["doc_number"], fm["index_number"], "公文处理工作细则", "拟制"]
    # a sentence of its body (it is unique to this file in the sample content)
    traces.append("县人民政府办公室负责全县政府系统公文处理的指导和督促检查工作")
    assert all(t in WITHHELD.read_text(encoding="utf-8") for t in traces[1:])
    found = [(rel, t) for rel, text in text_files(site) for t in traces if t in text]
    assert not found, f"the 不予公开 policy leaks into the site: {found}"
    policies = json.loads((site / "data/policies.json").read_text(encoding="utf-8"))
    assert pid not in {p["id"] for p in policies["policies"]}
    vocab = set()
    for shard in (site / "pagefind/zwgk-vocab").glob("[0-9]*.json"):
        vocab |= set(json.loads(shard.read_text(encoding="utf-8")))
    assert vocab, "the search vocabulary is empty"
    assert not {"拟制", "公文处理工作细则"} & vocab


def test_on_request_policy_shows_metadata_only(sample_site: Path) -> None:
    site = sample_site
    fm, body = front_matter(CONTENT / "policies" / "2025" / f"{ON_REQUEST}.md")
    assert fm["disclosure"] == "依申请公开"
    tree = page_of(site, f"policies/{ON_REQUEST}")
    meta = docmeta(tree)
    assert meta["公开属性"] == "依申请公开"
    assert meta["标题"] == fm["title"]
    assert meta["发文字号"] == fm["doc_number"]
    assert tree.find(cls="zwgk-body") is None
    notice = tree.one("p", "zwgk-notice").text()
    assert "依申请公开" in notice and fm["disclosure_reason"].rstrip("。") in notice
    sentences = [s.strip(" 0123456789.；;") for s in body.splitlines() if len(s.strip()) > 20]
    assert sentences
    leaks = [(rel, s) for rel, text in text_files(site) for s in sentences if s in text]
    assert not leaks, f"the body of a 依申请公开 policy is published: {leaks}"
    # it is listed like any other published document
    listed = _html.page(site / "policies/index.html").find_all("a", "zwgk-doc__title")
    assert fm["title"] in [a.text() for a in listed]


# --- every page: language, footer, nothing from outside ------------------------------------------


@pytest.mark.parametrize("which", ["sample", "minimal"])
def test_every_page_language_and_footer(which: str, sample_site: Path, minimal_site: Path) -> None:
    site, content = (
        (sample_site, CONTENT) if which == "sample" else (minimal_site, minimal_content(minimal_site))
    )
    gov = site_yml(content)
    pages = html_pages(site)
    assert len(pages) > 5
    wrong_lang, bad_footer = [], []
    for page in pages:
        tree = _html.page(page)
        html = tree.one("html")
        if html.get("lang") != "zh-CN":
            wrong_lang.append(f"{page.relative_to(site)}: {html.get('lang')}")
        footer = tree.find("footer", "zwgk-footer")
        text = footer.text() if footer else ""
        if not all(v in text for v in (gov["name"], gov["address"], gov["phone"])):
            bad_footer.append(str(page.relative_to(site)))
    assert not wrong_lang, wrong_lang
    assert not bad_footer, f"footer without the government's name, address and phone: {bad_footer}"


def test_404_page_is_zh_cn(sample_site: Path) -> None:
    assert _html.page(sample_site / "404.html").one("html").get("lang") == "zh-CN"


def test_404_page_footer(sample_site: Path) -> None:
    gov = site_yml()
    footer = _html.page(sample_site / "404.html").one("footer", "zwgk-footer").text()
    assert gov["name"] in footer and gov["phone"] in footer


@pytest.mark.parametrize("which", ["sample", "minimal"])
def test_nothing_loaded_from_outside(which: str, sample_site: Path, minimal_site: Path) -> None:
    site = sample_site if which == "sample" else minimal_site
    offenders = []
    for rel, text in text_files(site):
        if re.search(r"fonts\.(googleapis|gstatic)\.com", text):
            offenders.append(f"{rel}: web font")
    for page in html_pages(site, with_404=True):
        tree = _html.page(page)
        for node in tree.find_all("script"):
            src = node.get("src")
            if src is not None and _EXTERNAL.match(src):
                offenders.append(f"{page.relative_to(site)}: script {src}")
        for node in tree.find_all("link"):
            rels = (node.get("rel") or "").split()
            href = node.get("href") or ""
            if {"stylesheet", "preload", "modulepreload", "preconnect", "dns-prefetch"} & set(
                rels
            ) and _EXTERNAL.match(href):
                offenders.append(f"{page.relative_to(site)}: link {rels} {href}")
        for node in tree.iter():
            if node.tag in ("img", "iframe", "embed", "source", "audio", "video") and _EXTERNAL.match(
                node.get("src") or ""
            ):
                offenders.append(f"{page.relative_to(site)}: {node.tag} {node.get('src')}")
    assert not offenders, offenders


# --- exports -----------------------------------------------------------------------------------


def test_json_exports(sample_site: Path) -> None:
    site = sample_site
    catalogues = json.loads((site / "data/catalogues.json").read_text(encoding="utf-8"))
    policies = json.loads((site / "data/policies.json").read_text(encoding="utf-8"))
    slugs = sorted({slug for slug, _ in catalogue_files()})
    assert sorted(d["slug"] for d in catalogues["domains"]) == slugs
    expected_items = sum(len(cat["items"]) for _, cat in catalogue_files())
    assert sum(len(c["items"]) for d in catalogues["domains"] for c in d["catalogues"]) == expected_items
    base = site_yml()["base_url"]
    for d in catalogues["domains"]:
        assert d["url"] == f"{base}catalogues/{d['slug']}/"
        assert d["csv"] == f"{base}data/catalogues/{d['slug']}.csv"
        for c in d["catalogues"]:
            for item in c["items"]:
                path = item["url"].removeprefix(base)
                page, _, anchor = path.partition("#")
                assert (site / page / "index.html").is_file() and anchor in _ids(site / page / "index.html")
    assert {p["id"] for p in policies["policies"]} == set(published_policies())
    assert {i["id"] for i in policies["interpretations"]} == set(documents("interpretations"))
    readings = interpretations_by_policy()
    for p in policies["policies"]:
        assert sorted(i["id"] for i in p["interpretations"]) == sorted(readings.get(p["id"], []))
        assert p["url"] == f"{base}policies/{p['id']}/"


def test_csv_exports(sample_site: Path) -> None:
    by_slug: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for slug, cat in catalogue_files():
        by_slug.setdefault(slug, []).append(cat)
    for slug, cats in by_slug.items():
        raw = (sample_site / f"data/catalogues/{slug}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert rows[0] == NATIONAL_COLUMNS, slug
        body = rows[1:]
        assert len(body) == sum(len(c["items"]) for c in cats), slug
        assert all(len(r) == len(NATIONAL_COLUMNS) for r in body)
        assert all(cell in ("", "√") for r in body for cell in r[9:])
        names = sorted(i["name"] for c in cats for i in c["items"])
        assert sorted(r[3] for r in body) == names, slug
        for r in body:
            assert r[1].isdigit()
            assert (r[9] == "√") != (r[10] == "√"), f"{slug}: exactly one 公开对象"
            assert (r[11] == "√") != (r[12] == "√"), f"{slug}: exactly one 公开方式"
            assert "√" in (r[13], r[14])


def test_xlsx_exports(sample_site: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import openpyxl

    slugs = sorted({slug for slug, _ in catalogue_files()})
    counts: dict[str, int] = {}
    for slug, cat in catalogue_files():
        counts[slug] = counts.get(slug, 0) + len(cat["items"])
    for slug in slugs:
        book = openpyxl.load_workbook(sample_site / f"data/catalogues/{slug}.xlsx")
        sheet = book.worksheets[0]
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert "基层政务公开标准目录" in str(values[0][0])
        header = [v for row in values[1:3] for v in row if v]
        for name in (
            "机构",
            "序号",
            "公开事项",
            "一级事项",
            "二级事项",
            "公开内容（要素）",
            "公开对象",
            "特定群体",
            "公开层级",
            "乡级",
        ):
            assert name in header, (slug, name)
        data = values[3:]
        assert len(data) == counts[slug], slug
        assert all(isinstance(row[1], int | float) for row in data), "序号 is a number"


def test_feed_and_sitemap(sample_site: Path) -> None:
    site = sample_site
    base = site_yml()["base_url"]
    ns = {"a": "http://www.w3.org/2005/Atom", "s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert entries
    urls = {e.find("a:link", ns).get("href") for e in entries}  # type: ignore[union-attr]
    public = {pid for pid, fm in published_policies().items() if fm["disclosure"] == "主动公开"}
    assert {f"{base}policies/{pid}/" for pid in public} <= urls
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = {loc.text for loc in sitemap.findall("s:url/s:loc", ns)}
    missing = {f"{base}policies/{pid}/" for pid in published_policies()} - locs
    assert not missing, f"policies missing from sitemap.xml: {missing}"
    assert f"{base}policies/{WITHHELD.stem}/" not in locs


# --- markup in authors' text never becomes markup -----------------------------------------------


def _active_markup(tree: _html.Node) -> list[str]:
    """Script that runs or links that execute, as found in a parsed page."""
    found = []
    for node in tree.iter():
        if node.tag == "script" and "alert" in node.text():
            found.append(f"<script>{node.text()}")
        if node.tag == "img" and node.get("src") == "x":
            found.append(f"<img {node.attrs}>")
        for name, value in node.attrs.items():
            if name.startswith("on") and "alert" in (value or ""):
                found.append(f"<{node.tag} {name}={value!r}>")
            if re.match(r"\s*(javascript|vbscript|data):", value or "", re.IGNORECASE):
                found.append(f"<{node.tag} {name}={value!r}>")
    return found


def test_payload_in_policy_body_is_inert(minimal_site: Path) -> None:
    tree = page_of(minimal_site, f"policies/{PAYLOAD_ID}")
    body = tree.one("div", "zwgk-body")
    assert not _active_markup(body)
    text = body.text()
    # shown as text: the reader sees what the author typed
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert not body.find_all("a"), "a javascript: link must not become a link"
    raw = (minimal_site / "policies" / PAYLOAD_ID / "index.html").read_text(encoding="utf-8")
    start = raw.index('class="zwgk-body"')
    fragment = raw[start : raw.index("</div>", start)]
    assert "<script" not in fragment.lower()
    assert not re.search(r"<[^>]+\son\w+\s*=", fragment), "no event-handler attribute in the body"
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", fragment, re.IGNORECASE)


def test_payload_everywhere_else_is_inert(minimal_site: Path) -> None:
    """The list pages, the org page and the exports carry the title as text."""
    for url in ["policies", "", "organizations/office"]:
        tree = page_of(minimal_site, url).one("article")
        assert not _active_markup(tree), url
    raw = (minimal_site / "policies" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    feed = ET.parse(minimal_site / "feed.xml").getroot()
    assert any(
        "<script>alert(1)</script>" in (t.text or "") for t in feed.iter("{http://www.w3.org/2005/Atom}title")
    )


def test_payload_in_policy_title_is_inert(minimal_site: Path) -> None:
    path = minimal_site / "policies" / PAYLOAD_ID / "index.html"
    raw = path.read_text(encoding="utf-8")
    assert "<script>alert" not in raw
    assert "onerror=" not in raw.replace("onerror=alert(1)&gt;", "")
    assert not _active_markup(_html.page(path))


# --- strict builds and failed builds -------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_minimal_site_builds_strict(minimal_project: Project) -> None:
    site = build(minimal_project)
    assert site == minimal_project.site.resolve()
    assert (site / "index.html").is_file()
    assert (site / "catalogues/compulsory-education/index.html").is_file()
    assert (site / "pagefind/pagefind.js").is_file()
    # nothing left beside the site from the staging folders; its spare (for the next build)
    # is a folder git leaves out
    from generator.site import spare
    from generator.site.buildstate import manifest_file

    assert spare.wait(site, manifest_file(minimal_project.cache, site))
    beside = sorted(p.name for p in site.parent.iterdir())
    assert beside == sorted([".site.spare", "content", "docs", "mkdocs.yml", "site"])
    assert (site.parent / ".site.spare" / ".gitignore").read_text(encoding="utf-8") == "*\n"


def test_content_error_leaves_previous_site_unchanged(minimal_project: Project) -> None:
    from generator.site.plugin import ContentError

    site = build(minimal_project)
    before = _snapshot(site)
    assert len(before) > 20
    from generator.site import spare
    from generator.site.buildstate import manifest_file

    assert spare.wait(site, manifest_file(minimal_project.cache, site))  # (made after the build)
    catalogue = minimal_project.content / "catalogues" / "compulsory-education" / "edu.yml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("channels: [政府网站,", "channels: [政府网址,"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        build(minimal_project)
    errors = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert errors, "a ContentError carries the diagnostics"
    assert any("edu.yml" in str(d.path) for d in errors)
    assert "政府网址" in str(caught.value)
    assert _snapshot(site) == before, "the previous site changed"
    # the spare the build claimed is the site's spare again (the next build completes it)
    assert sorted(p.name for p in site.parent.iterdir()) == sorted(
        [".site.spare", "content", "docs", "mkdocs.yml", "site"]
    )


def test_content_error_without_previous_site_creates_nothing(minimal_project: Project) -> None:
    from generator.site.plugin import ContentError

    (minimal_project.content / "site.yml").write_text("name: 测试县人民政府\nbogus: 1\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(minimal_project)
    assert not minimal_project.site.exists()
    assert sorted(p.name for p in minimal_project.root.iterdir()) == sorted(["content", "docs", "mkdocs.yml"])
