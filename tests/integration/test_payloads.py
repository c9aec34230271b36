"""A payload in every text field, then a crawl of everything the build wrote.

Script tags, event attributes, javascript:/data: URLs and spreadsheet formulas are put into
the site, the organizations, every text field of a catalogue item, a policy, an interpretation
and a page. In the built site they must be inert: escaped in pages, lists, tables and the feed,
data in the JSON, defused in CSV/XLSX, and never executed by the search page.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from .conftest import build_site, write_project

SCRIPT = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"
LINK = "[点我](javascript:alert(1)) [数据](data:text/html,<b>x</b>)"
FORMULA = '=HYPERLINK("http://evil.example/","点我")'


def poison(content: Path) -> None:
    def edit(rel: str, pairs: list[tuple[str, str]]) -> None:
        path = content / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")

    edit(
        "site.yml",
        [("测试县人民路1号", f"人民路{SCRIPT}"), ("name: 测试县人民政府", f"name: 测试县{IMG}人民政府")],
    )
    edit("organizations.yml", [("name: 测试县教育和体育局", f"name: 测试县教育{SCRIPT}局")])
    edit(
        "catalogues/compulsory-education/edu.yml",
        [
            ("category: 招生管理", f"category: '{FORMULA}'"),
            ("name: 招生范围", f"name: '+1{IMG}'"),
            ("content: [招生范围, 学区划分详细情况]", f"content: ['-1{SCRIPT}', '@SUM(1)']"),
            ("- 《中华人民共和国义务教育法》", f"- '《法》{IMG}'"),
            ("time_limit: 信息形成或者变更之日起20个工作日内", f"time_limit: '{SCRIPT}'"),
            ("method_reason: 名单涉及未成年人个人信息，仅向本人及监护人提供", f"method_reason: '{IMG}'"),
        ],
    )
    edit(
        "policies/2024/enrolment-plan.md",
        [
            ("title: 测试县教育和体育局关于2024年义务教育招生工作的通知", f"title: '关于{SCRIPT}的通知'"),
            ("topic: 教育\\义务教育", f"topic: '教育{IMG}'"),
            ("现将2024年义务教育招生工作有关事项通知如下。", f"{SCRIPT}\n\n{IMG}\n\n{LINK}"),
            ("| 小学 | 7月1日至7月10日 |", f"| {SCRIPT} | {IMG} |"),
        ],
    )
    edit(
        "interpretations/2024/enrolment-plan-qa.md",
        [("为做好2024年义务教育招生工作，制定本通知。", f"{SCRIPT}{IMG}{LINK}")],
    )
    edit("pages/guide.md", [("title: 测试县人民政府信息公开指南", f"title: '指南{SCRIPT}'")])


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from tests.conftest import MINIMAL

    root = tmp_path_factory.mktemp("poisoned")
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    poison(content)
    project = write_project(root, content, root / "cache")
    return build_site(project.config, project.site, project.cache)


class _Crawl(__import__("html.parser").parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if (
                name in ("href", "src", "action")
                and value
                and re.match(r"\s*(javascript|data|vbscript):", value, re.I)
            ):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
        if tag == "script" and not dict(attrs).get("src"):
            self._in_script = True
        if tag == "img" and dict(attrs).get("src") == "x":
            self.problems.append("<img src=x>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert" in data:
            self.problems.append("inline script with alert")


def test_pages_are_inert(poisoned: Path) -> None:
    problems: dict[str, list[str]] = {}
    pages = sorted(poisoned.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        crawl = _Crawl()
        crawl.feed(page.read_text(encoding="utf-8"))
        if crawl.problems:
            problems[page.relative_to(poisoned).as_posix()] = crawl.problems
    assert problems == {}
    # and the payloads are really there, as text
    policy = (poisoned / "policies/enrolment-plan/index.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in policy
        or "&lt;script&gt;alert(&quot;x&quot;)" in policy
    )


def test_feed_and_json_carry_text_only(poisoned: Path) -> None:
    feed = ET.parse(poisoned / "feed.xml")
    assert not [e for e in feed.iter() if e.tag.split("}")[-1] in ("script", "img")]
    assert SCRIPT in ET.tostring(feed.getroot(), encoding="unicode").replace("&lt;", "<").replace("&gt;", ">")
    data = json.loads((poisoned / "data/catalogues.json").read_text(encoding="utf-8"))
    # data, as written, for programs that escape it themselves
    assert SCRIPT in json.dumps(data, ensure_ascii=False).replace('\\"', '"')


def test_spreadsheets_hold_no_formulas(poisoned: Path) -> None:
    rows = list(
        csv.reader(
            io.StringIO((poisoned / "data/catalogues/compulsory-education.csv").read_text("utf-8-sig"))
        )
    )
    cells = [c for row in rows for c in row]
    assert all(not c or c[0] not in "=+-@\t\r" for c in cells), [c for c in cells if c and c[0] in "=+-@"]
    assert "'" + FORMULA in cells
    book = openpyxl.load_workbook(poisoned / "data/catalogues/compulsory-education.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    with zipfile.ZipFile(poisoned / "data/catalogues/compulsory-education.xlsx") as z:
        assert not [n for n in z.namelist() if "<f>" in z.read(n).decode("utf-8", "replace")]


@pytest.fixture
def served(poisoned: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(poisoned))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
def test_nothing_runs_in_the_browser(browser: Any, served: str) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in (
        "",
        "policies/enrolment-plan/",
        "interpretations/enrolment-plan-qa/",
        "catalogues/compulsory-education/",
        "pages/guide/",
    ):
        page.goto(served + path)
    for query in ("alert", "script", "onerror", "HYPERLINK"):
        page.goto(f"{served}search/?q={query}")
        page.wait_for_selector("[data-zwgk-search][data-state]", timeout=30000)
        assert page.locator(".zwgk-hit").count() > 0, query
        # titles and excerpts show the payload as text: no element of it in the results
        results = page.locator("[data-zwgk-results]")
        assert results.locator("script, img, iframe, [onerror]").count() == 0, query
        assert "<script>" in results.inner_text() or "alert" in results.inner_text(), query
    page.wait_for_timeout(300)
    page.close()
    assert dialogs == []
