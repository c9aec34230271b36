"""The /compliance/ page and /data/compliance.json show the report's figures.

The compliance fixture has late and missing interpretations (errors that stop a build), so
its page is rendered from the page table directly; a copy with those errors corrected is
built for real with mkdocs, and its page and JSON are checked against ``zwgk report``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.checks.compliance import as_json
from generator.content.corpus import load_corpus
from generator.site import pages, urls
from generator.site.exports import exports
from generator.site.render import Renderer
from generator.site.sitedata import build as build_data
from tests.conftest import FIXTURES, TODAY
from tests.integration import _html
from tests.integration.conftest import build_env, write_project

COMPLIANCE = FIXTURES / "sites" / "compliance" / "content"
ZWGK = [sys.executable, "-c", "from generator.commands import main; main()"]
KIND = next(k for k in pages.KINDS if k.name == "compliance")


def _rows(root: _html.Node, table_id: str) -> list[list[str]]:
    table = root.one("table", id=table_id)
    body = table.one("tbody")
    return [[_html.squash(c.text()) for c in tr.elements()] for tr in body.find_all("tr")]


def _bars(root: _html.Node, caption: str) -> list[tuple[str, str, float]]:
    """(label, value, bar width) of each bar of the chart with ``caption``."""
    [svg] = [s for s in root.find_all("svg") if s.get("aria-label") == caption]
    out = []
    for g in svg.find_all("g"):
        label, value = (t.text() for t in g.find_all("text"))
        out.append((label, value, float(g.one("rect").get("width") or "nan")))
    return out


def report_json(content: Path, today: str) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run(
        [*ZWGK, "report", str(content), "--format", "json", "--no-cache", "--today", today],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_page_shows_late_missing_and_stale() -> None:
    data = build_data(load_corpus(COMPLIANCE), today=TODAY)
    [page] = KIND.pages(data)
    rendered = Renderer(data).page(KIND, page)
    assert rendered.url == urls.COMPLIANCE and rendered.title == "政务公开考评自查"
    root = _html.parse(rendered.html)
    assert _rows(root, "zwgk-units") == [
        ["县级", "2/26", "3", "6", "1", "2", "1", "1"],
        ["考评县东城镇人民政府", "2/26", "2", "2", "1", "0", "1", "1"],
        ["考评县西城镇人民政府", "0/26", "0", "0", "0", "0", "0", "0"],
    ]
    assert _rows(root, "zwgk-late") == [
        ["考评县关于town-late的通知（东政发〔2024〕3号）", "2024-05-06", "2024-05-15", "8"],
        ["考评县关于late-plan的通知（考教发〔2024〕2号）", "2024-09-27", "2024-10-10", "5"],
    ]
    late_links = [a.get("href") for a in root.one("table", id="zwgk-late").find_all("a")]
    assert late_links == [
        "../policies/town-late/",
        "../interpretations/town-late-qa/",
        "../policies/late-plan/",
        "../interpretations/late-plan-read/",
    ]
    missing = [_html.squash(li.text()) for li in root.one("ul", id="zwgk-missing").find_all("li")]
    assert missing == [
        "考评县关于missing-plan的通知（考教发〔2024〕4号），2024-06-03发布，起草单位考评县教育和体育局",
        "考评县关于town-missing的通知（东政发〔2024〕5号），2024-08-01发布，起草单位考评县东城镇人民政府",
    ]
    assert _html.squash(root.one("p", id="zwgk-interpretation-summary").text()).endswith(
        "需要解读6件：按时2件，逾期2件，缺少解读2件。"
    )
    assert _rows(root, "zwgk-stale") == [
        ["医疗卫生", "考评县卫生健康局", "2023-06-30", "490"],
        ["义务教育", "考评县东城镇人民政府", "2023-10-31", "367"],
    ]
    assert _html.squash(root.one("p", id="zwgk-stale-summary").text()) == (
        "超过一年未复核的目录2份；没有写复核日期的目录1份。"
    )
    unreasoned = [_html.squash(li.text()) for li in root.one("ul", id="zwgk-unreasoned").find_all("li")]
    assert unreasoned == [
        "目录事项“诊疗记录”（依申请，考评县卫生健康局）",
        "政策文件“考评县关于on-request的通知”（依申请公开，考评县教育和体育局）",
    ]
    assert _bars(root, "政策解读发布情况（件）") == [
        ("按时", "2", round(380 * 2 / 6, 1)),
        ("逾期", "2", round(380 * 2 / 6, 1)),
        ("缺少解读", "2", round(380 * 2 / 6, 1)),
    ]
    forms = _bars(root, "各种形式的解读数（篇）")
    assert [(label, value) for label, value, _ in forms] == [
        ("文字解读", "1"), ("图片图解", "1"), ("音视频解读", "1"), ("问答解读", "1"), ("新闻发布会", "1"), ("专家解读", "0"),
    ]  # fmt: skip
    assert forms[-1][2] == 0 and forms[0][2] == 380
    coverage = _bars(root, "各单位覆盖的试点领域数（共 26 个）")
    assert [(label, value) for label, value, _ in coverage] == [
        ("县级", "2"), ("考评县东城镇人民政府", "2"), ("考评县西城镇人民政府", "0"),
    ]  # fmt: skip
    # the export is the report's JSON
    assert json.loads(exports(data, build_date=TODAY)[urls.COMPLIANCE_JSON]) == as_json(data.compliance)  # type: ignore[arg-type]
    assert as_json(data.compliance) == report_json(COMPLIANCE, TODAY.isoformat())  # type: ignore[arg-type]


def _corrected(target: Path) -> Path:
    """The fixture with its errors corrected: reasons given, interpretations on time or waived."""
    shutil.copytree(COMPLIANCE, target)
    health = target / "catalogues/medical-and-health/health.yml"
    health.write_text(
        health.read_text(encoding="utf-8") + "    method_reason: 涉及患者隐私，仅向本人提供\n",
        encoding="utf-8",
    )
    for name, extra in (
        ("on-request", "disclosure_reason: 涉及内部管理事项。"),
        ("missing-plan", "needs_interpretation: false\nno_interpretation_reason: 属于工作安排，无需解读。"),
        ("town-missing", "needs_interpretation: false\nno_interpretation_reason: 属于工作安排，无需解读。"),
    ):
        path = target / f"policies/2024/{name}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n---\n", f"\n{extra}\n---\n", 1), encoding="utf-8")
    for name, day in (
        ("late-plan-read", "2024-09-29"),
        ("town-late-qa", "2024-05-08"),
        ("town-late-video", "2024-05-09"),
    ):
        path = target / f"interpretations/2024/{name}.md"
        path.write_text(
            re.sub(r"published: .*", f"published: {day}", path.read_text(encoding="utf-8")), encoding="utf-8"
        )
    return target


def build_lenient(config: Path, site: Path, cache: Path) -> Path:
    """A real build, not strict: stale catalogues are warnings (W511), which strict mode refuses."""
    from generator.site.plugin import build_site

    with build_env(cache):
        return build_site(config, site, strict=False)


def test_built_site_has_the_page_and_the_json(tmp_path: Path, build_cache: Path) -> None:
    content = _corrected(tmp_path / "content")
    project = write_project(tmp_path, content, build_cache)
    site = build_lenient(project.config, project.site, project.cache)
    page = site / urls.COMPLIANCE / "index.html"
    root = _html.page(page)
    assert _rows(root, "zwgk-units") == [
        ["县级", "2/26", "3", "6", "1", "0", "0", "0"],
        ["考评县东城镇人民政府", "2/26", "2", "2", "1", "0", "0", "0"],
        ["考评县西城镇人民政府", "0/26", "0", "0", "0", "0", "0", "0"],
    ]
    assert _html.squash(root.one("p", id="zwgk-interpretation-summary").text()).endswith(
        "需要解读4件：按时4件，逾期0件，缺少解读0件。"
    )
    assert [r[0] for r in _rows(root, "zwgk-stale")] == ["医疗卫生", "义务教育"]
    assert root.find("table", id="zwgk-late") is None and root.find("ul", id="zwgk-missing") is None
    # in the navigation, and the download is the report's JSON for the same day
    nav = [a.get("href") for a in _html.page(site / "index.html").find_all("a") if a.get("href")]
    assert any(h.rstrip("/").endswith("compliance") for h in nav if h)
    built = json.loads((site / urls.COMPLIANCE_JSON).read_text(encoding="utf-8"))
    assert built == report_json(content, TODAY.isoformat())
    assert built["interpretations"]["late_list"] == [] and len(built["stale_catalogues"]) == 2


def test_site_can_turn_the_page_off(tmp_path: Path, build_cache: Path) -> None:
    content = _corrected(tmp_path / "content")
    (content / "site.yml").write_text(
        (content / "site.yml").read_text(encoding="utf-8") + "compliance_page: false\n", encoding="utf-8"
    )
    site = build_lenient(write_project(tmp_path, content, build_cache).config, tmp_path / "site", build_cache)
    assert (site / "index.html").is_file()
    assert not (site / urls.COMPLIANCE).exists() and not (site / urls.COMPLIANCE_JSON).exists()
    assert "compliance" not in (site / "index.html").read_text(encoding="utf-8")
    assert "compliance" not in (site / "sitemap.xml").read_text(encoding="utf-8")
