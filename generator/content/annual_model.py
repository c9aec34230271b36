"""The annual report's model: 政府信息公开工作年度报告 in the national format of 国办公开办函〔2021〕30号.

Each field's title is the format's own label, word for word: the page and the workbook print these titles."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    Field,
)

from generator.content.fields import (
    Text,
    settings,
)

# --- the annual report -----------------------------------------------------------------------
# 政府信息公开工作年度报告 in the national format of 国办公开办函〔2021〕30号. Each field's title
# is the format's own label, word for word: the page and the workbook print these titles.

Count = Annotated[int, Field(ge=0)]
# a row of table 三: six numbers in the column order of REQUEST_COLUMNS, a 7th (总计) checked;
# a block of table 四: four numbers in the order of REVIEW_COLUMNS, a 5th (总计) checked
Row = list[Count]

# table 三's columns: 申请人情况 — 自然人; 法人或其他组织 (five); 总计
REQUEST_APPLICANTS = "申请人情况"
REQUEST_ORGANIZATIONS = "法人或其他组织"
REQUEST_COLUMNS: tuple[str, ...] = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)
REQUEST_RESULTS = "三、本年度办理结果"
REQUEST_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# table 四: three blocks of five columns
REVIEW_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_REVIEW = "行政复议"
REVIEW_LITIGATION = "行政诉讼"
# table 二: its four small tables (第二十条第（一）（五）（六）（八）项)
ACTIVE_ITEM = "信息内容"
ACTIVE_TABLES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        ("regulations", "normative_documents"),
    ),
    ("第二十条第（五）项", ("本年处理决定数量",), ("licensing",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("penalties", "enforcement")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("fees",)),
)
REPORT_SECTIONS: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


class ActiveDisclosure(BaseModel):
    """二、主动公开政府信息情况。"""

    model_config = settings("主动公开政府信息情况")

    regulations: Row | None = Field(
        None,
        title="规章",
        description="本年制发件数、本年废止件数、现行有效件数；不写时按政策文件库（kind: 规章）统计。",
        examples=["[0, 0, 0]"],
    )
    normative_documents: Row | None = Field(
        None,
        title="行政规范性文件",
        description="本年制发件数、本年废止件数、现行有效件数；不写时按政策文件库（kind: 行政规范性文件）统计。",
        examples=["[12, 3, 85]"],
    )
    licensing: Count | None = Field(None, title="行政许可", description="本年处理决定数量。", examples=[1520])
    penalties: Count | None = Field(None, title="行政处罚", description="本年处理决定数量。", examples=[310])
    enforcement: Count | None = Field(None, title="行政强制", description="本年处理决定数量。", examples=[12])
    fees: Annotated[float, Field(ge=0)] | None = Field(
        None, title="行政事业性收费", description="本年收费金额（单位：万元）。", examples=[35.6]
    )


def _sub(title: str, example: str = "[0, 0, 0, 0, 0, 0]") -> Any:
    return Field(
        None,
        title=title,
        description="六个数，按申请人情况各列的顺序；可加第七个数为总计。",
        examples=[example],
    )


class Refused(BaseModel):
    """（三）不予公开。"""

    model_config = settings("（三）不予公开")

    state_secret: Row | None = _sub("1.属于国家秘密")
    prohibited_by_law: Row | None = _sub("2.其他法律行政法规禁止公开")
    three_safety_one_stability: Row | None = _sub("3.危及“三安全一稳定”")
    third_party: Row | None = _sub("4.保护第三方合法权益")
    internal_affairs: Row | None = _sub("5.属于三类内部事务信息")
    process_info: Row | None = _sub("6.属于四类过程性信息")
    enforcement_files: Row | None = _sub("7.属于行政执法案卷")
    inquiry_matters: Row | None = _sub("8.属于行政查询事项")


class Unable(BaseModel):
    """（四）无法提供。"""

    model_config = settings("（四）无法提供")

    not_held: Row | None = _sub("1.本机关不掌握相关政府信息")
    needs_creation: Row | None = _sub("2.没有现成信息需要另行制作")
    unclear_after_correction: Row | None = _sub("3.补正后申请内容仍不明确")


class NotProcessed(BaseModel):
    """（五）不予处理。"""

    model_config = settings("（五）不予处理")

    complaint: Row | None = _sub("1.信访举报投诉类申请")
    repeated: Row | None = _sub("2.重复申请")
    publications: Row | None = _sub("3.要求提供公开出版物")
    excessive: Row | None = _sub("4.无正当理由大量反复申请")
    confirmation: Row | None = _sub("5.要求行政机关确认或重新出具已获取信息")


class OtherHandling(BaseModel):
    """（六）其他处理。"""

    model_config = settings("（六）其他处理")

    no_correction: Row | None = _sub("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    no_fee: Row | None = _sub("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    other: Row | None = _sub("3.其他")


class Requests(BaseModel):
    """三、收到和处理政府信息公开申请情况：每行六个数（可加第七个数为总计）；不写的行按 0 计。"""

    model_config = settings("收到和处理政府信息公开申请情况")

    new: Row | None = _sub("一、本年新收政府信息公开申请数量", "[20, 2, 0, 1, 0, 0]")
    carried_in: Row | None = _sub("二、上年结转政府信息公开申请数量")
    granted: Row | None = _sub("（一）予以公开")
    partial: Row | None = _sub("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    refused: Refused | None = Field(None, title="（三）不予公开", description="八种情形，各一行。")
    unable: Unable | None = Field(None, title="（四）无法提供", description="三种情形，各一行。")
    not_processed: NotProcessed | None = Field(None, title="（五）不予处理", description="五种情形，各一行。")
    other: OtherHandling | None = Field(None, title="（六）其他处理", description="三种情形，各一行。")
    total: Row | None = _sub("（七）总计")
    carried_out: Row | None = _sub("四、结转下年度继续办理")


def _block(title: str) -> Any:
    return Field(
        None,
        title=title,
        description="四个数：结果维持、结果纠正、其他结果、尚未审结；可加第五个数为总计。",
        examples=["[1, 0, 0, 0]"],
    )


class Reviews(BaseModel):
    """四、政府信息公开行政复议、行政诉讼情况。"""

    model_config = settings("政府信息公开行政复议、行政诉讼情况")

    administrative_review: Row | None = _block("行政复议")
    litigation_direct: Row | None = _block("未经复议直接起诉")
    litigation_after_review: Row | None = _block("复议后起诉")


class AnnualReport(BaseModel):
    """政府信息公开工作年度报告（content/annual-reports/<年>/<机构>.yml），国办公开办函〔2021〕30号的格式。"""

    model_config = settings("政府信息公开工作年度报告")

    year: Annotated[int, Field(ge=2000, le=2100)] = Field(
        title="年度", description="报告的年度，如 2025。", examples=[2025]
    )
    organization: Text = Field(title="报告机关", description="机构编号或名称。", examples=["office"])
    published: dt.date = Field(
        title="发布日期", description="YYYY-MM-DD；应在次年 1月31日 前发布。", examples=["2026-01-20"]
    )
    title: Text | None = Field(
        None,
        title="标题",
        description="不写时为“机构名称+年度+政府信息公开工作年度报告”；政府的年报由办公室编制时写政府的名称。",
        examples=["示例县人民政府2025年政府信息公开工作年度报告"],
    )
    overview: Text | None = Field(
        None,
        title="一、总体情况",
        description="Markdown：主动公开、依申请公开、政府信息管理、平台建设、监督保障。",
    )
    active: ActiveDisclosure | None = Field(
        None, title="二、主动公开政府信息情况", description="第二十条各项的统计。"
    )
    requests: Requests | None = Field(
        None,
        title="三、收到和处理政府信息公开申请情况",
        description="申请的收到和办理情况。",
    )
    reviews: Reviews | None = Field(
        None,
        title="四、政府信息公开行政复议、行政诉讼情况",
        description="复议和诉讼的结果。",
    )
    problems: Text | None = Field(None, title="五、存在的主要问题及改进情况", description="Markdown。")
    other_matters: Text | None = Field(
        None, title="六、其他需要报告的事项", description="Markdown，包括收取信息处理费的情况。"
    )

    # a table left out counts as zeros
    @property
    def active_rows(self) -> ActiveDisclosure:
        return self.active or ActiveDisclosure()

    @property
    def request_rows(self) -> Requests:
        return self.requests or Requests()

    @property
    def review_rows(self) -> Reviews:
        return self.reviews or Reviews()
