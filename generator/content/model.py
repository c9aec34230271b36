"""The content model: one pydantic model per kind of file in ``content/``.

These models are the single source of truth for the format: ``schemas/*.schema.json`` and the
field reference are generated from them. Every field has a Chinese ``title`` (its label in
messages and on the site) and a ``description``.

Values arrive as the author's text (see :mod:`generator.content.yamlsafe`); accepted variants such as
特定群众 have already been replaced by their canonical value (see :mod:`generator.content.variants`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    StringConstraints,
    Tag,
)
from pydantic import Discriminator as _Discriminator

# --- reusable types -------------------------------------------------------------------------

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9-]+$")]

Level = Literal["县级", "乡级"]
Channel = Literal[
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
# the national template's order, as the catalogue table prints them
LEVELS: tuple[str, ...] = get_args(Level)
CHANNELS: tuple[str, ...] = get_args(Channel)
Audience = Literal["全社会", "特定群体"]
Method = Literal["主动", "依申请"]
Disclosure = Literal["主动公开", "依申请公开", "不予公开"]
Validity = Literal["有效", "失效", "废止"]
# 失效/废止: no longer in force (the page stays, marked; the lists of current documents leave it)
NOT_IN_FORCE: tuple[str, ...] = ("失效", "废止")
# the kinds of document counted in the annual report's table 二 (第二十条第（一）项)
PolicyKind = Literal["规章", "行政规范性文件", "其他文件"]
POLICY_KINDS: tuple[str, ...] = get_args(PolicyKind)
# an embargo's moment written without a time zone is Beijing time
BEIJING = dt.timezone(dt.timedelta(hours=8))
InterpretationForm = Literal["文字解读", "图片图解", "音视频解读", "问答解读", "新闻发布会", "专家解读"]
PageColumn = Literal["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]


def _as_list(value: Any) -> Any:
    """A single text where a list is expected is a list of one."""
    return [value] if isinstance(value, str) else value


TextList = Annotated[list[Text], BeforeValidator(_as_list, json_schema_input_type=Text | list[Text])]
ChannelList = Annotated[
    list[Channel], BeforeValidator(_as_list, json_schema_input_type=Channel | list[Channel])
]
LevelList = Annotated[list[Level], BeforeValidator(_as_list, json_schema_input_type=Level | list[Level])]


def _beijing(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=BEIJING)


Moment = Annotated[dt.datetime, AfterValidator(_beijing)]


def _config(title: str) -> ConfigDict:
    return ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, title=title)


# --- site ------------------------------------------------------------------------------------


class Site(BaseModel):
    """站点：发布信息的政府（content/site.yml，每个站点一份）。"""

    model_config = _config("站点设置")

    name: Text = Field(
        title="政府名称", description="发布信息的政府全称，如“示例县人民政府”。", examples=["示例县人民政府"]
    )
    short_name: Text | None = Field(
        None, title="简称", description="页面标题等处使用的简称。", examples=["示例县"]
    )
    base_url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        None,
        title="网站地址",
        description="网站的完整地址（以 http:// 或 https:// 开头），用于绝对链接、订阅源和站点地图。",
        examples=["https://zwgk.example.gov.cn/"],
    )
    phone: Text | None = Field(
        None, title="咨询电话", description="政府信息公开咨询电话。", examples=["0000-1234567"]
    )
    address: Text | None = Field(
        None, title="地址", description="受理机构的办公地址。", examples=["示例县人民路1号"]
    )
    interpretation_deadline: int = Field(
        3,
        ge=0,
        le=30,
        title="解读时限（工作日）",
        description="政策文件发布后，解读最迟发布的工作日数（按国务院公布的放假调休安排计算）。",
        examples=[3],
    )


# --- organizations ---------------------------------------------------------------------------


class Organization(BaseModel):
    """公开主体 / 发文机关：organizations.yml 中的一项。"""

    model_config = _config("机构")

    id: Slug = Field(title="机构编号", description="小写英文字母、数字和连字符，如 edu。", examples=["edu"])
    name: Text = Field(title="机构名称", description="机构全称，全站唯一。", examples=["示例县教育和体育局"])
    level: Level = Field(title="层级", description="县级 或 乡级。", examples=["县级"])
    phone: Text | None = Field(
        None, title="咨询电话", description="事项未写电话时使用。", examples=["0000-1234567"]
    )
    address: Text | None = Field(None, title="地址", description="办公地址。", examples=["示例县文化路2号"])


class Organizations(RootModel[list[Organization]]):
    """机构名录（content/organizations.yml）：公开主体和发文机关。"""

    model_config = ConfigDict(title="机构名录")


# --- domains and holidays --------------------------------------------------------------------


class LocalDomain(BaseModel):
    """domains.yml 中的一项：本地增设的领域，或为内置领域补充别名。"""

    model_config = _config("领域")

    slug: Slug = Field(
        title="领域代号", description="用于网址的英文代号，如 transport。", examples=["transport"]
    )
    name: Text | None = Field(
        None, title="领域名称", description="本地领域必填；为内置领域补充别名时不写。", examples=["交通运输"]
    )
    aliases: TextList = Field(default_factory=list, title="别名", description="本地常用的其他叫法。")
    lead: Text | None = Field(
        None, title="主管部门", description="国家或省级主管部门。", examples=["交通运输部"]
    )


class Domains(RootModel[list[LocalDomain]]):
    """本地领域（content/domains.yml，可选）。"""

    model_config = ConfigDict(title="本地领域")


class HolidayYear(BaseModel):
    """一年的放假和调休安排。"""

    model_config = _config("放假安排")

    holidays: list[dt.date] = Field(
        default_factory=list, title="放假日期", description="落在周一至周五的放假日期。"
    )
    workdays: list[dt.date] = Field(
        default_factory=list, title="调休上班日期", description="需要上班的周末日期。"
    )


class Holidays(RootModel[dict[Annotated[int, Field(ge=2000, le=2100)], HolidayYear]]):
    """内置日历以外年份的放假调休安排（content/holidays.yml，可选）。"""

    model_config = ConfigDict(title="节假日补充")


class SearchSettings(BaseModel):
    """站内搜索的本地设置（content/search.yml，可选）。"""

    model_config = _config("站内搜索设置")

    synonyms: dict[Text, TextList] = Field(
        default_factory=dict,
        title="同义词和简称",
        description="键为群众常用的叫法或简称，值为文件和目录中的规范说法；搜索其中任一个词，也会找到含其他词的结果。",
        examples=[{"低保": ["最低生活保障"], "公租房": ["公共租赁住房"]}],
    )


class PersonalDataException(BaseModel):
    """依法公开个人信息的例外（惩戒公示、强制性信息披露）：必须写明理由，由审核人把关。"""

    model_config = _config("个人信息公开例外")

    exception: Literal["惩戒公示", "强制性信息披露"] = Field(
        title="例外类型", description="惩戒公示 或 强制性信息披露。", examples=["惩戒公示"]
    )
    reason: Text = Field(
        title="法律依据和理由",
        description="依据哪部法律法规的哪一条必须公开这些个人信息。",
        examples=["依据《社会救助暂行办法》第六十八条，对骗取救助的人员进行惩戒公示"],
    )


class AttachmentException(PersonalDataException):
    """attachments.yml 中的一项：某个附件按例外公开个人信息。"""

    model_config = _config("附件个人信息例外")

    file: Text = Field(
        title="附件",
        description="content/attachments/ 下的路径，如 2026/惩戒名单.xlsx。",
        examples=["2026/惩戒名单.xlsx"],
    )


class AttachmentExceptions(RootModel[list[AttachmentException]]):
    """附件的个人信息公开例外（content/attachments.yml，可选）。"""

    model_config = ConfigDict(title="附件例外登记")


# --- catalogues ------------------------------------------------------------------------------


class PolicyRef(BaseModel):
    """公开依据中对本站政策文件的引用。"""

    model_config = _config("政策文件引用")

    policy: Text = Field(
        title="政策文件",
        description="content/policies 中政策文件的编号（文件名）或发文字号。",
        examples=["示政办发〔2024〕12号"],
    )


def _basis_kind(value: Any) -> str:
    # a mapping when validating the author's data, a PolicyRef when serialising the model
    return "ref" if isinstance(value, (dict, PolicyRef)) else "text"


BasisEntry = Annotated[
    Annotated[Text, Tag("text")] | Annotated[PolicyRef, Tag("ref")],
    _Discriminator(_basis_kind),
]


class CatalogueItem(BaseModel):
    """标准目录中的一个公开事项（一行）。"""

    model_config = _config("公开事项")

    id: Slug = Field(
        title="事项编号",
        description="本目录内唯一，小写英文字母、数字和连字符。",
        examples=["enrolment-area"],
    )
    category: Text = Field(title="一级事项", description="公开事项的一级分类。", examples=["招生管理"])
    name: Text = Field(title="二级事项", description="公开事项名称。", examples=["招生范围"])
    content: TextList = Field(
        title="公开内容（要素）",
        description="一条或多条公开内容要素。",
        examples=["[招生范围, 学区划分详细情况]"],
    )
    basis: list[BasisEntry] = Field(
        min_length=1,
        title="公开依据",
        description="法律法规名称，或 {policy: 发文字号} 引用本站政策文件；至少一条。",
        examples=["[《中华人民共和国政府信息公开条例》]"],
    )
    time_limit: Text = Field(
        title="公开时限",
        description="如“信息形成或者变更之日起20个工作日内”。",
        examples=["信息形成或者变更之日起20个工作日内"],
    )
    subjects: TextList | None = Field(
        None, title="公开主体", description="机构编号或名称；不写时为本目录的机构。", examples=["[edu]"]
    )
    channels: ChannelList = Field(
        min_length=1,
        title="公开渠道和载体",
        description="国家目录模板的 13 个渠道中的一个或多个。",
        examples=["[政府网站, 两微一端]"],
    )
    channels_other: TextList = Field(
        default_factory=list, title="其他渠道", description="13 个渠道以外的渠道，自由填写。"
    )
    audience: Audience = Field(title="公开对象", description="全社会 或 特定群体。", examples=["全社会"])
    method: Method = Field(title="公开方式", description="主动 或 依申请。", examples=["主动"])
    levels: LevelList = Field(
        min_length=1, title="公开层级", description="县级、乡级中的一个或两个。", examples=["[县级, 乡级]"]
    )
    phone: Text | None = Field(
        None, title="咨询电话", description="不写时使用公开主体机构的电话。", examples=["0000-1234567"]
    )
    method_reason: Text | None = Field(
        None,
        title="依申请公开理由",
        description="公开方式为依申请时必填：为什么不主动公开。",
        examples=["涉及个人隐私，仅向申请人本人提供"],
    )
    note: Text | None = Field(None, title="备注", description="其他需要说明的情况。")


class Catalogue(BaseModel):
    """一个机构在一个领域的标准目录（content/catalogues/<领域>/<机构>.yml）。"""

    model_config = _config("标准目录")

    domain: Text = Field(title="领域", description="试点领域的名称、别名或英文代号。", examples=["义务教育"])
    organization: Text = Field(title="机构", description="发布本目录的机构编号或名称。", examples=["edu"])
    level: Level = Field(title="目录层级", description="本目录发布的层级：县级 或 乡级。", examples=["县级"])
    updated: dt.date | None = Field(
        None, title="更新日期", description="最近一次复核本目录的日期，YYYY-MM-DD。", examples=["2024-03-01"]
    )
    items: list[CatalogueItem] = Field(
        min_length=1, title="公开事项", description="目录中的公开事项，按表格顺序。"
    )


# --- policies and interpretations ------------------------------------------------------------


class Policy(BaseModel):
    """政策文件的元数据（content/policies/<年>/<编号>.md 的 YAML 头部）。"""

    model_config = _config("政策文件")

    title: Text = Field(
        title="标题", description="文件标题。", examples=["示例县人民政府办公室关于印发……的通知"]
    )
    doc_number: Text | None = Field(
        None,
        title="发文字号",
        description="如 示政办发〔2024〕12号，年份用六角括号〔〕。",
        examples=["示政办发〔2024〕12号"],
    )
    index_number: Text | None = Field(
        None,
        title="索引号",
        description="本地规定格式的索引号，全站唯一。",
        examples=["000000000/2024-00012"],
    )
    issuer: TextList = Field(
        min_length=1,
        title="发文机关",
        description="机构编号或名称；联合发文写列表，第一个为牵头机关。",
        examples=["office"],
    )
    drafter: Text | None = Field(
        None, title="起草单位", description="不写时为牵头发文机关（谁起草、谁解读）。", examples=["office"]
    )
    written: dt.date = Field(title="成文日期", description="YYYY-MM-DD。", examples=["2024-03-01"])
    published: dt.date = Field(
        title="发布日期", description="YYYY-MM-DD，不早于成文日期。", examples=["2024-03-04"]
    )
    topic: Text | None = Field(
        None,
        title="主题分类",
        description="用反斜杠分级，如 综合政务\\政务公开。",
        examples=["综合政务\\政务公开"],
    )
    domains: TextList = Field(
        default_factory=list, title="相关领域", description="相关的试点领域。", examples=["[义务教育]"]
    )
    disclosure: Disclosure = Field(
        title="公开属性", description="主动公开、依申请公开 或 不予公开。", examples=["主动公开"]
    )
    disclosure_reason: Text | None = Field(
        None,
        title="不公开或依申请公开理由",
        description="公开属性不是主动公开时必填。",
        examples=["涉及内部管理事项"],
    )
    validity: Validity = Field("有效", title="有效性", description="有效、失效 或 废止。", examples=["有效"])
    needs_interpretation: StrictBool = Field(
        True, title="需要解读", description="默认 true；写 false 时须填写无需解读的理由。", examples=["false"]
    )
    no_interpretation_reason: Text | None = Field(
        None,
        title="无需解读理由",
        description="needs_interpretation 为 false 时必填。",
        examples=["属于节假日值班安排，无需解读"],
    )
    personal_data: PersonalDataException | None = Field(
        None,
        title="个人信息公开例外",
        description="正文中依法必须公开的个人信息（惩戒公示、强制性信息披露）：写明例外类型和理由。",
    )
    kind: PolicyKind = Field(
        "其他文件",
        title="文件类别",
        description="规章、行政规范性文件 或 其他文件（默认）；年报表二按类别统计。",
        examples=["行政规范性文件"],
    )
    repealed: dt.date | None = Field(
        None,
        title="废止日期",
        description="文件失效或废止的日期，YYYY-MM-DD；有效性为失效或废止时必填，不早于发布日期。",
        examples=["2026-05-01"],
    )
    superseded_by: Text | None = Field(
        None,
        title="替代文件",
        description="取代本文件的政策文件的编号（文件名）或发文字号。",
        examples=["示政发〔2026〕3号"],
    )
    publish_after: Moment | None = Field(
        None,
        title="定时发布",
        description="在这个时刻之前生成的网站不出现本文件（页面、列表、订阅、搜索和下载都没有）；"
        "写成 2026-12-01T09:00:00+08:00，不写时区按北京时间。",
        examples=["2026-12-01T09:00:00+08:00"],
    )

    @property
    def in_force(self) -> bool:
        return self.validity not in NOT_IN_FORCE

    def embargoed(self, now: dt.datetime) -> bool:
        """Whether ``publish_after`` still holds this document back at ``now``."""
        return self.publish_after is not None and self.publish_after > now


class Interpretation(BaseModel):
    """政策解读的元数据（content/interpretations/<年>/<编号>.md 的 YAML 头部）。"""

    model_config = _config("政策解读")

    title: Text = Field(title="标题", description="如“《……》政策解读”。", examples=["《……》政策解读"])
    interprets: Text = Field(
        title="解读的政策",
        description="所解读政策文件的编号（文件名）或发文字号。",
        examples=["示政办发〔2024〕12号"],
    )
    interpreter: Text = Field(title="解读机关", description="机构编号或名称。", examples=["office"])
    published: dt.date = Field(title="发布日期", description="YYYY-MM-DD。", examples=["2024-03-04"])
    form: InterpretationForm = Field(
        "文字解读",
        title="解读形式",
        description="文字解读、图片图解、音视频解读、问答解读、新闻发布会 或 专家解读。",
        examples=["文字解读"],
    )
    personal_data: PersonalDataException | None = Field(
        None,
        title="个人信息公开例外",
        description="正文中依法必须公开的个人信息（惩戒公示、强制性信息披露）：写明例外类型和理由。",
    )


class Page(BaseModel):
    """自由页面（content/pages/*.md 的 YAML 头部）：公开指南、公开制度、年报等。"""

    model_config = _config("页面")

    title: Text = Field(title="标题", description="页面标题。", examples=["示例县人民政府信息公开指南"])
    column: PageColumn | None = Field(
        None, title="栏目", description="所属的政府信息公开栏目。", examples=["政府信息公开指南"]
    )
    published: dt.date | None = Field(
        None, title="发布日期", description="YYYY-MM-DD。", examples=["2024-03-04"]
    )
    order: int = Field(0, title="排序", description="同一栏目内的顺序，小的在前。")
    personal_data: PersonalDataException | None = Field(
        None,
        title="个人信息公开例外",
        description="正文中依法必须公开的个人信息（惩戒公示、强制性信息披露）：写明例外类型和理由。",
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

    model_config = _config("主动公开政府信息情况")

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

    model_config = _config("（三）不予公开")

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

    model_config = _config("（四）无法提供")

    not_held: Row | None = _sub("1.本机关不掌握相关政府信息")
    needs_creation: Row | None = _sub("2.没有现成信息需要另行制作")
    unclear_after_correction: Row | None = _sub("3.补正后申请内容仍不明确")


class NotProcessed(BaseModel):
    """（五）不予处理。"""

    model_config = _config("（五）不予处理")

    complaint: Row | None = _sub("1.信访举报投诉类申请")
    repeated: Row | None = _sub("2.重复申请")
    publications: Row | None = _sub("3.要求提供公开出版物")
    excessive: Row | None = _sub("4.无正当理由大量反复申请")
    confirmation: Row | None = _sub("5.要求行政机关确认或重新出具已获取信息")


class OtherHandling(BaseModel):
    """（六）其他处理。"""

    model_config = _config("（六）其他处理")

    no_correction: Row | None = _sub("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    no_fee: Row | None = _sub("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    other: Row | None = _sub("3.其他")


class Requests(BaseModel):
    """三、收到和处理政府信息公开申请情况：每行六个数（可加第七个数为总计）；不写的行按 0 计。"""

    model_config = _config("收到和处理政府信息公开申请情况")

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

    model_config = _config("政府信息公开行政复议、行政诉讼情况")

    administrative_review: Row | None = _block("行政复议")
    litigation_direct: Row | None = _block("未经复议直接起诉")
    litigation_after_review: Row | None = _block("复议后起诉")


class AnnualReport(BaseModel):
    """政府信息公开工作年度报告（content/annual-reports/<年>/<机构>.yml），国办公开办函〔2021〕30号的格式。"""

    model_config = _config("政府信息公开工作年度报告")

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


SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "site": Site,
    "organizations": Organizations,
    "domains": Domains,
    "holidays": Holidays,
    "search": SearchSettings,
    "catalogue": Catalogue,
    "policy": Policy,
    "interpretation": Interpretation,
    "page": Page,
    "attachments": AttachmentExceptions,
    "annual-report": AnnualReport,
}
