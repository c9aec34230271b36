"""The content model: one pydantic model per kind of file in ``content/``.

These models are the single source of truth for the format: ``schemas/*.schema.json`` and the
field reference are generated from them. Every field has a Chinese ``title`` (its label in
messages and on the site) and a ``description``.

Values arrive as the author's text (see :mod:`generator.content.yamlsafe`); accepted variants such as
特定群众 have already been replaced by their canonical value (see :mod:`generator.content.variants`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    StringConstraints,
    Tag,
)
from pydantic import Discriminator as _Discriminator

from generator.content.annual_model import (
    ACTIVE_ITEM as ACTIVE_ITEM,
)
from generator.content.annual_model import (
    ACTIVE_TABLES as ACTIVE_TABLES,
)
from generator.content.annual_model import (
    REPORT_SECTIONS as REPORT_SECTIONS,
)
from generator.content.annual_model import (
    REQUEST_APPLICANTS as REQUEST_APPLICANTS,
)
from generator.content.annual_model import (
    REQUEST_COLUMNS as REQUEST_COLUMNS,
)
from generator.content.annual_model import (
    REQUEST_NOTE as REQUEST_NOTE,
)
from generator.content.annual_model import (
    REQUEST_ORGANIZATIONS as REQUEST_ORGANIZATIONS,
)
from generator.content.annual_model import (
    REQUEST_RESULTS as REQUEST_RESULTS,
)
from generator.content.annual_model import (
    REVIEW_COLUMNS as REVIEW_COLUMNS,
)
from generator.content.annual_model import (
    REVIEW_LITIGATION as REVIEW_LITIGATION,
)
from generator.content.annual_model import (
    REVIEW_REVIEW as REVIEW_REVIEW,
)
from generator.content.annual_model import (
    ActiveDisclosure as ActiveDisclosure,
)
from generator.content.annual_model import (
    AnnualReport as AnnualReport,
)
from generator.content.annual_model import (
    Count as Count,
)
from generator.content.annual_model import (
    NotProcessed as NotProcessed,
)
from generator.content.annual_model import (
    OtherHandling as OtherHandling,
)
from generator.content.annual_model import (
    Refused as Refused,
)
from generator.content.annual_model import (
    Requests as Requests,
)
from generator.content.annual_model import (
    Reviews as Reviews,
)
from generator.content.annual_model import (
    Row as Row,
)
from generator.content.annual_model import (
    Unable as Unable,
)
from generator.content.fields import (
    BEIJING as BEIJING,
)
from generator.content.fields import (
    CHANNELS as CHANNELS,
)
from generator.content.fields import (
    LEVELS as LEVELS,
)
from generator.content.fields import (
    NOT_IN_FORCE as NOT_IN_FORCE,
)
from generator.content.fields import (
    POLICY_KINDS as POLICY_KINDS,
)
from generator.content.fields import (
    Audience as Audience,
)
from generator.content.fields import (
    Channel as Channel,
)
from generator.content.fields import (
    ChannelList as ChannelList,
)
from generator.content.fields import (
    Disclosure as Disclosure,
)
from generator.content.fields import (
    InterpretationForm as InterpretationForm,
)
from generator.content.fields import (
    Level as Level,
)
from generator.content.fields import (
    LevelList as LevelList,
)
from generator.content.fields import (
    Method as Method,
)
from generator.content.fields import (
    Moment as Moment,
)
from generator.content.fields import (
    PageColumn as PageColumn,
)
from generator.content.fields import (
    PolicyKind as PolicyKind,
)
from generator.content.fields import (
    ReviewerList as ReviewerList,
)
from generator.content.fields import (
    Slug as Slug,
)
from generator.content.fields import (
    Text as Text,
)
from generator.content.fields import (
    TextList as TextList,
)
from generator.content.fields import (
    Validity as Validity,
)
from generator.content.fields import (
    settings as settings,
)
from generator.content.portal_model import Portal as Portal

# --- site ------------------------------------------------------------------------------------


class Site(BaseModel):
    """站点：发布信息的政府（content/site.yml，每个站点一份）。"""

    model_config = settings("站点设置")

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
    compliance_page: StrictBool = Field(
        True,
        title="发布考评自查页面",
        description="是否在网站上发布政务公开考评自查页面（compliance/）和 data/compliance.json；"
        "只在内部使用时写 false（zwgk report 照常可用）。",
        examples=[False],
    )


# --- organizations ---------------------------------------------------------------------------


class Organization(BaseModel):
    """公开主体 / 发文机关：organizations.yml 中的一项。"""

    model_config = settings("机构")

    id: Slug = Field(title="机构编号", description="小写英文字母、数字和连字符，如 edu。", examples=["edu"])
    name: Text = Field(title="机构名称", description="机构全称，全站唯一。", examples=["示例县教育和体育局"])
    level: Level = Field(title="层级", description="县级 或 乡级。", examples=["县级"])
    phone: Text | None = Field(
        None, title="咨询电话", description="事项未写电话时使用。", examples=["0000-1234567"]
    )
    address: Text | None = Field(None, title="地址", description="办公地址。", examples=["示例县文化路2号"])
    reviewers: ReviewerList = Field(
        default_factory=list,
        title="审核人",
        description="审核本机构文件修改的 GitHub 用户（@用户名）或团队（@组织/团队），写入 CODEOWNERS。",
        examples=[["@example-county/edu"]],
    )


class Organizations(RootModel[list[Organization]]):
    """机构名录（content/organizations.yml）：公开主体和发文机关。"""

    model_config = ConfigDict(title="机构名录")


# --- domains and holidays --------------------------------------------------------------------


class LocalDomain(BaseModel):
    """domains.yml 中的一项：本地增设的领域，或为内置领域补充别名。"""

    model_config = settings("领域")

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

    model_config = settings("放假安排")

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

    model_config = settings("站内搜索设置")

    synonyms: dict[Text, TextList] = Field(
        default_factory=dict,
        title="同义词和简称",
        description="键为群众常用的叫法或简称，值为文件和目录中的规范说法；搜索其中任一个词，也会找到含其他词的结果。",
        examples=[{"低保": ["最低生活保障"], "公租房": ["公共租赁住房"]}],
    )


class PersonalDataException(BaseModel):
    """依法公开个人信息的例外（惩戒公示、强制性信息披露）：必须写明理由，由审核人把关。"""

    model_config = settings("个人信息公开例外")

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

    model_config = settings("附件个人信息例外")

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

    model_config = settings("政策文件引用")

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

    model_config = settings("公开事项")

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

    model_config = settings("标准目录")

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

    model_config = settings("政策文件")

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

    model_config = settings("政策解读")

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

    model_config = settings("页面")

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
    "portal": Portal,
}
