"""The annual report as the national format prints it: section headings 一 to 六, the tables'
merged header cells, and every label word for word (transcribed from 国办公开办函〔2021〕30号)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from generator.site import annual
from generator.site.exports import exports
from generator.site.render import Rendered, render_pages
from generator.site.sitedata import SiteData
from tests.integration import _html

from .test_pages import SAMPLE, _data

SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
ACTIVE = [
    [
        "第二十条第（一）项",
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "规章",
        "行政规范性文件",
    ],
    ["第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可"],
    ["第二十条第（六）项", "信息内容", "本年处理决定数量", "行政处罚", "行政强制"],
    ["第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）", "行政事业性收费"],
]
REQUESTS = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
REVIEWS = ["行政复议", "行政诉讼", *OUTCOMES, "未经复议直接起诉", "复议后起诉", *OUTCOMES, *OUTCOMES]


@pytest.fixture(scope="module")
def sample() -> tuple[SiteData, list[Rendered]]:
    data = _data(SAMPLE)
    return data, render_pages(data)


def test_the_tables_carry_the_national_labels_word_for_word(sample: tuple[SiteData, list[Rendered]]) -> None:
    data, _ = sample
    report = next(r for r in data.annual_reports if r.org.id == "office")
    got = [list(annual.labels(t)) for t in report.tables]
    assert got == [*ACTIVE, REQUESTS, REVIEWS]


def test_the_page_prints_the_sections_and_merged_headers(sample: tuple[SiteData, list[Rendered]]) -> None:
    data, rendered = sample
    [page] = [r for r in rendered if r.url == "annual-reports/2025/office/"]
    assert page.title == "示例县人民政府2025年政府信息公开工作年度报告"
    doc = _html.parse(page.html)
    assert [h.text().strip() for h in doc.find_all("h2")] == SECTIONS
    tables = doc.find_all("table")
    assert len(tables) == 6
    labels = [[c.text().strip() for c in t.find_all("th")] for t in tables]
    assert labels == [*ACTIVE, REQUESTS, REVIEWS]
    corner = tables[4].find_all("th")[0]
    assert (corner.get("rowspan"), corner.get("colspan")) == ("3", "3")
    results = next(th for th in tables[4].find_all("th") if th.text().strip() == "三、本年度办理结果")
    assert results.get("rowspan") == "22"
    # the figures: 一、本年新收 of the sample county, 总计 last
    first = tables[4].find_all("tr")[3]
    assert [td.text() for td in first.find_all("td")] == ["46", "5", "0", "0", "2", "1", "54"]
    assert "annual-reports/2025/office/" in {r.url for r in data.annual_reports}


def test_the_workbook_holds_the_same_tables(sample: tuple[SiteData, list[Rendered]]) -> None:
    import datetime as dt

    data, _ = sample
    out = exports(data, build_date=dt.date(2026, 1, 1))
    book = openpyxl.load_workbook(io.BytesIO(out["data/annual-reports/2025/office.xlsx"]))
    assert [s.title for s in book.worksheets] == SECTIONS[1:4]
    requests = book.worksheets[1]
    texts = [c.value for row in requests.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts[1:] == REQUESTS  # after the sheet's title
    assert "A3:C5" in {str(r) for r in requests.merged_cells.ranges}  # the 勾稽关系 corner
    values = [c.value for c in next(r for r in requests.iter_rows() if r[0].value == REQUESTS[10])][3:]
    assert values == [46, 5, 0, 0, 2, 1, 54]


def test_omitted_library_rows_are_counted(content: Path) -> None:
    from .test_annual import add_report

    target = add_report(content)
    target.write_text(
        target.read_text(encoding="utf-8").replace("  normative_documents: [1, 0, 1]\n", ""), encoding="utf-8"
    )
    data = _data(content)
    [report] = data.annual_reports
    assert report.counted == "行政规范性文件"
    normative = report.tables[0].body[1]
    assert [c.text for c in normative] == ["行政规范性文件", "1", "0", "1"]
