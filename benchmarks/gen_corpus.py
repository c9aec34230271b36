"""Generate a deterministic synthetic county corpus for benchmarking zwgk.

Usage:
    python benchmarks/gen_corpus.py OUT_DIR [--items 20000] [--policies 5000]
        [--interpretations 5000] [--orgs 40] [--seed 1] [--force]

The output follows shared/design/content-format.md and is meant to be valid: a checker
should report no errors on it. The same arguments always give byte-identical files: all
randomness comes from random.Random instances seeded from --seed (never the clock), and
nothing iterates over a set or depends on hash order.

The corpus avoids anything that looks like personal data: no 11-digit numbers, no digit
runs of 16 or more, no 18-character ID-like strings. Phones are "0000-NNNNNNN".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from random import Random

from generator.content import model as m

COUNTY = "示例县"
BASE_URL = "https://zwgk.example.gov.cn/"

# Published dates stay within a fixed window. The end is a constant (not the clock) so that
# output is reproducible; it lies in the past for the benchmark's lifetime.
FIRST_YEAR = 2020
LAST_DATE = dt.date(2026, 8, 31)

# Months with no Chinese public holiday and no adjusted (调休) work day on a Monday-Thursday.
SAFE_MONTHS = (3, 7, 8, 11, 12)

# The 13 national channels, in the template's order: the model's list, never a copy.
CHANNELS = m.CHANNELS
# Relative weights of the channels above, so the common ones appear more often.
CHANNEL_WEIGHTS = (0.95, 0.15, 0.55, 0.1, 0.1, 0.15, 0.45, 0.35, 0.3, 0.1, 0.4, 0.15, 0.05)
CHANNELS_OTHER = ("征地信息公开平台", "全国公共资源交易平台", "信用中国网站", "县融媒体中心", "村务公开栏")

INTERPRETATION_FORMS = ("文字解读", "图片图解", "音视频解读", "问答解读", "新闻发布会", "专家解读")

GENERAL_BASIS = (
    "《中华人民共和国政府信息公开条例》",
    "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》",
)

GENERAL_TIME_LIMITS = (
    "信息形成或者变更之日起20个工作日内",
    "信息形成或者变更之日起20个工作日内",
    "信息形成或者变更之日起20个工作日内",
    "制定或获取信息之日起10个工作日内",
    "实时公开",
    "及时公开",
    "长期公开",
    "按年公开",
)

METHOD_REASONS = (
    "涉及特定群体个人信息，依申请向利害关系人公开",
    "属于过程性信息，依申请公开",
    "涉及商业秘密，经权利人同意后依申请公开",
    "仅与申请人自身生产生活相关，依申请公开",
)

NO_INTERPRETATION_REASONS = (
    "本文件为常规性工作安排，内容简明，不涉及公众切身利益，无需解读",
    "本文件为转发上级文件，上级机关已作解读",
    "本文件为资金下达类文件，执行口径已在正文中说明",
    "本文件为机构内部工作部署，不涉及管理相对人权利义务",
)


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    level: str  # 县级 | 乡级
    abbr: str  # used in doc numbers: 示{abbr}发
    phone: str
    address: str


@dataclass(frozen=True)
class Domain:
    slug: str
    name: str
    depts: tuple[str, ...]  # ids of county departments that publish in this domain
    township: bool  # whether townships publish a catalogue in this domain
    topic: str  # 主题分类
    categories: tuple[tuple[str, tuple[str, ...]], ...]  # 一级事项 -> 二级事项
    elements: tuple[str, ...]  # 公开内容（要素）
    basis: tuple[str, ...]
    time_limits: tuple[str, ...]
    keywords: tuple[str, ...]  # subjects of policies and search terms


@dataclass
class Policy:
    id: str
    year: int
    doc_number: str
    index_number: str
    title: str
    short_title: str
    interpretation_title: str
    issuers: tuple[str, ...]
    written: dt.date
    published: dt.date
    topic: str
    domain: Domain
    body: str = ""


@dataclass
class Summary:
    files: int = 0
    items: int = 0
    policies: int = 0
    interpretations: int = 0
    bytes: int = 0
    catalogues: int = 0


# --- organizations -----------------------------------------------------------------------

# (id, name without the county prefix, doc-number abbreviation)
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("office", "人民政府办公室", "政办"),
    ("drc", "发展和改革局", "发改"),
    ("edu", "教育和体育局", "教"),
    ("finance", "财政局", "财"),
    ("hrss", "人力资源和社会保障局", "人社"),
    ("civil", "民政局", "民"),
    ("nr", "自然资源局", "自然资源"),
    ("housing", "住房和城乡建设局", "住建"),
    ("eco", "生态环境局", "环"),
    ("agri", "农业农村局", "农"),
    ("health", "卫生健康局", "卫健"),
    ("emergency", "应急管理局", "应急"),
    ("market", "市场监督管理局", "市监"),
    ("justice", "司法局", "司"),
    ("culture", "文化和旅游局", "文旅"),
    ("police", "公安局", "公"),
    ("tax", "税务局", "税"),
    ("trading", "公共资源交易中心", "资交"),
    ("enforce", "城市管理综合执法局", "城管"),
    ("rural", "乡村振兴局", "乡振"),
    ("medsec", "医疗保障局", "医保"),
    ("audit", "审计局", "审"),
    ("stats", "统计局", "统"),
    ("transport", "交通运输局", "交"),
    ("water", "水利局", "水"),
    ("veterans", "退役军人事务局", "退役"),
    ("forestry", "林业局", "林"),
    ("govservice", "政务服务管理局", "政服"),
    ("sci", "科学技术和工业信息化局", "科工"),
    ("housing-security", "住房保障服务中心", "房保"),
)

TOWNSHIPS: tuple[tuple[str, str], ...] = (
    ("chengguan", "城关镇"),
    ("dongguan", "东关镇"),
    ("xihe", "西河镇"),
    ("nanshan", "南山镇"),
    ("beiling", "北岭镇"),
    ("qingshi", "青石镇"),
    ("baima", "白马镇"),
    ("shiqiao", "石桥镇"),
    ("liushu", "柳树乡"),
    ("yangjia", "杨家乡"),
    ("taoyuan", "桃园乡"),
    ("qingshui", "清水乡"),
    ("longquan", "龙泉镇"),
    ("jinshan", "金山乡"),
    ("hongqi", "红旗乡"),
    ("xinhua", "新华镇"),
    ("heping", "和平乡"),
    ("changle", "长乐镇"),
    ("yongan", "永安镇"),
    ("gaomiao", "高庙乡"),
)
# Extra townships, when more organizations are asked for, are built from these characters.
TOWN_FIRST = "上下大小新老前后中高"
TOWN_SECOND = "河山林湾坪桥岭沟庄堡"

ROADS = ("人民路", "文化路", "建设路", "解放路", "新华路", "振兴路", "府前街", "滨河路", "朝阳路", "团结路")


def build_orgs(n: int, rng: Random, county: str = COUNTY) -> list[Org]:
    """The first organization is always the county government office (the usual issuer)."""
    max_orgs = len(DEPARTMENTS) + len(TOWNSHIPS) + len(TOWN_FIRST) * len(TOWN_SECOND)
    if not 1 <= n <= max_orgs:
        raise ValueError(f"--orgs must be between 1 and {max_orgs}")
    n_towns = n // 3
    n_depts = min(len(DEPARTMENTS), n - n_towns)
    n_towns = n - n_depts

    def phone() -> str:
        return f"0000-{rng.randint(2000000, 8999999)}"

    def address() -> str:
        return f"{county}{rng.choice(ROADS)}{rng.randint(1, 199)}号"

    orgs = [
        Org(oid, county + name, "县级", abbr, phone(), address()) for oid, name, abbr in DEPARTMENTS[:n_depts]
    ]
    towns: list[tuple[str, str]] = list(TOWNSHIPS[:n_towns])
    used = {name for _, name in towns}
    k = len(towns)
    for a in TOWN_FIRST:
        for b in TOWN_SECOND:
            if len(towns) >= n_towns:
                break
            name = a + b + ("镇" if (k % 2 == 0) else "乡")
            if name in used:
                continue
            used.add(name)
            k += 1
            towns.append((f"town-{k}", name))
    for tid, tname in towns:
        orgs.append(
            Org(
                tid,
                f"{county}{tname}人民政府",
                "乡级",
                tname[:-1],
                phone(),
                f"{county}{tname}{rng.choice(ROADS)}{rng.randint(1, 99)}号",
            )
        )
    assert len({o.id for o in orgs}) == len(orgs)
    assert len({o.name for o in orgs}) == len(orgs)
    assert len({o.abbr for o in orgs}) == len(orgs)
    return orgs


# --- domains -----------------------------------------------------------------------------

# One block per domain: "slug 名称 | departments that publish it | 乡镇 if townships do too, else -",
# then indented "key: values" lines with values separated by 、 (a key may repeat to continue its
# list). 事项 lines give a 一级事项 and its 二级事项.
DOMAIN_TABLE = r"""
urban-rural-planning 城乡规划 | nr housing drc | 乡镇
    主题: 城乡建设、环境保护\城乡规划
    事项 规划制定: 国土空间总体规划、详细规划、村庄规划、专项规划
    事项 规划许可: 建设项目用地预审与选址意见书、建设用地规划许可证、建设工程规划许可证
    事项 规划许可: 乡村建设规划许可证
    事项 规划监督: 规划核实结果、规划修改公示、违法建设查处
    要素: 规划批准文件、规划文本及图件、许可结果、项目名称、建设位置、建设规模、办理流程、监督电话
    依据: 《中华人民共和国城乡规划法》、《中华人民共和国土地管理法》
    时限: 信息形成或者变更之日起20个工作日内、批准之日起20个工作日内、公示期不少于30日
    关键词: 国土空间规划、村庄规划、规划许可、用地布局
major-construction-projects 重大建设项目 | drc housing transport water | -
    主题: 国民经济管理、国有资产监管\投资
    事项 批准服务信息: 申报要求、申报材料清单、审批流程、批准结果
    事项 批准结果信息: 审批结果、核准结果、备案结果
    事项 实施信息: 招标投标信息、征收土地信息、重大设计变更信息、施工有关信息、竣工有关信息
    要素: 项目名称、项目代码、建设单位、建设地点、建设规模、批复文号、批复时间、总投资
    依据: 《企业投资项目核准和备案管理条例》、《政府投资条例》
    依据: 《国务院办公厅关于推进重大建设项目批准和实施领域政府信息公开的意见》
    时限: 信息形成或者变更之日起20个工作日内、项目批准之日起7个工作日内、及时公开
    关键词: 重大建设项目、项目审批、政府投资、项目建设
public-resource-trading 公共资源交易 | trading drc finance housing | -
    主题: 国民经济管理、国有资产监管\公共资源交易
    事项 交易公告: 工程建设项目招标公告、政府采购公告、国有土地使用权出让公告、矿业权出让公告
    事项 交易结果: 中标候选人公示、中标结果公告、成交结果公告、合同订立及履行情况
    事项 交易监管: 投诉处理决定、行政处罚信息、信用信息
    要素: 项目名称、交易方式、交易时间、交易地点、中标（成交）单位、中标（成交）金额、监督部门
    要素: 投诉渠道
    依据: 《中华人民共和国招标投标法》、《中华人民共和国政府采购法》
    依据: 《公共资源交易平台管理暂行办法》
    时限: 交易结果产生之日起2个工作日内、按照交易规则规定时限、信息形成或者变更之日起20个工作日内
    关键词: 公共资源交易、政府采购、招标投标、交易平台
budgets-and-final-accounts 财政预决算 | finance audit office | 乡镇
    主题: 财政、金融、审计\财政
    事项 政府预决算: 一般公共预算、政府性基金预算、国有资本经营预算、社会保险基金预算、政府债务
    事项 部门预决算: 部门预算、部门决算、三公经费预决算
    事项 绩效管理: 预算绩效目标、绩效自评结果、重点项目绩效评价
    要素: 预决算报表、预决算说明、转移支付情况、举借债务情况、三公经费、机关运行经费、政府采购情况
    要素: 绩效目标
    依据: 《中华人民共和国预算法》、《中华人民共和国预算法实施条例》、《地方预决算公开操作规程》
    时限: 本级人民代表大会或其常务委员会批准后20日内、财政部门批复后20日内
    关键词: 财政预算、财政决算、三公经费、政府债务、预算绩效
work-safety 安全生产 | emergency market housing transport | 乡镇
    主题: 市场监管、安全生产监管\安全生产监管
    事项 安全生产行政许可: 危险化学品经营许可、烟花爆竹经营许可、非药品类易制毒化学品经营备案
    事项 安全生产监管: 执法检查计划、行政处罚信息、重大事故隐患挂牌督办
    事项 事故调查处理: 事故信息、事故调查报告、事故责任追究
    要素: 许可依据、许可条件、办理流程、许可结果、处罚决定、检查结果、整改情况
    依据: 《中华人民共和国安全生产法》、《生产安全事故报告和调查处理条例》
    依据: 《危险化学品安全管理条例》
    时限: 信息形成或者变更之日起20个工作日内、作出决定之日起7个工作日内、及时公开
    关键词: 安全生产、隐患排查、安全生产责任制、应急预案
tax-administration 税收管理 | tax finance | -
    主题: 财政、金融、审计\税务
    事项 税收政策: 税收政策法规、税收优惠政策、纳税服务指南
    事项 税务执法: 定期定额户核定信息、非正常户认定、重大税收违法失信主体信息
    事项 纳税信用: 纳税信用A级纳税人名单、纳税信用评价结果
    要素: 政策文件、办税流程、办理时限、办理地点、联系电话、公告信息
    依据: 《中华人民共和国税收征收管理法》、《中华人民共和国税收征收管理法实施细则》
    依据: 《纳税信用管理办法》
    时限: 信息形成或者变更之日起20个工作日内、按月公开、按年公开
    关键词: 税收优惠、纳税服务、减税降费、纳税信用
land-expropriation-compensation 征地补偿 | nr finance agri | 乡镇
    主题: 国土资源、能源\土地
    事项 征地报批: 征收土地预公告、土地现状调查结果、社会稳定风险评估、征地补偿安置方案
    事项 征地批后实施: 征收土地公告、征地补偿登记、补偿安置协议
    事项 征地补偿标准: 区片综合地价、地上附着物和青苗补偿标准、被征地农民社会保障
    要素: 征地范围、土地现状、征收目的、补偿标准、安置方式、社会保障、批准文号、听证权利告知
    依据: 《中华人民共和国土地管理法》、《中华人民共和国土地管理法实施条例》
    时限: 拟征收土地前、收到批准文件之日起15个工作日内、公告期不少于30日
    关键词: 征地补偿、区片综合地价、土地征收、安置补助
housing-expropriation-compensation 国有土地上房屋征收与补偿 | housing nr finance | -
    主题: 城乡建设、环境保护\房地产
    事项 征收决定: 房屋征收决定、征收补偿方案、社会稳定风险评估
    事项 征收实施: 房屋调查登记结果、房地产价格评估机构选定、分户补偿情况
    事项 补偿决定: 房屋征收补偿决定、强制执行申请
    要素: 征收范围、征收部门、补偿方式、补偿标准、签约期限、评估机构、复议诉讼权利
    依据: 《国有土地上房屋征收与补偿条例》、《国有土地上房屋征收评估办法》
    时限: 信息形成或者变更之日起20个工作日内、作出决定后及时公告、征求意见期限不少于30日
    关键词: 房屋征收、征收补偿、棚户区改造、安置房
affordable-housing 保障性住房 | housing housing-security finance | 乡镇
    主题: 城乡建设、环境保护\住房保障
    事项 规划计划: 保障性住房发展规划、年度建设计划、年度筹集计划
    事项 项目建设: 项目开工情况、项目竣工情况、质量安全情况
    事项 分配管理: 申请条件、审核结果、配租配售结果、退出管理
    要素: 申请条件、申请材料、审核程序、保障标准、分配结果、监督电话
    依据: 《国务院关于加快发展保障性租赁住房的意见》、《公共租赁住房管理办法》
    时限: 信息形成或者变更之日起20个工作日内、审核结果公示不少于15日、及时公开
    关键词: 保障性住房、公共租赁住房、住房保障、配租配售
rural-dilapidated-housing 农村危房改造 | housing finance civil | 乡镇
    主题: 城乡建设、环境保护\城乡建设
    事项 政策文件: 农村危房改造政策、补助标准、年度任务安排
    事项 补助对象认定: 申请条件、农户申请、评议审核结果、审批结果
    事项 实施情况: 竣工验收、补助资金发放、质量安全监管
    要素: 补助对象、补助标准、申请程序、审核结果、资金发放情况、监督举报电话
    依据: 《农村危房改造补助资金管理办法》、《农村危房改造基本安全技术导则》
    时限: 信息形成或者变更之日起20个工作日内、评议结果公示7日、审批结果及时公开
    关键词: 农村危房改造、危房鉴定、补助资金、农房安全
environmental-protection 环境保护 | eco water forestry agri | 乡镇
    主题: 城乡建设、环境保护\环境监测、保护与治理
    事项 环境质量: 空气质量信息、水环境质量信息、声环境质量信息
    事项 环评审批: 环境影响评价文件受理、环境影响评价拟审批公示、环境影响评价审批决定
    事项 环境执法: 行政处罚决定、突发环境事件、重点排污单位名录
    要素: 监测数据、评价结果、受理信息、审批决定、处罚决定、整改情况
    依据: 《中华人民共和国环境保护法》、《中华人民共和国环境影响评价法》
    依据: 《环境信息依法披露制度改革方案》
    时限: 信息形成或者变更之日起20个工作日内、实时公开、按月公开、作出决定之日起7个工作日内
    关键词: 生态环境、大气污染防治、水污染防治、环境影响评价
public-cultural-services 公共文化服务 | culture edu | 乡镇
    主题: 文化、广电、新闻出版\文化
    事项 公共文化机构: 公共图书馆、文化馆、博物馆、乡镇综合文化站
    事项 公共文化活动: 送戏下乡、全民阅读活动、群众文化活动
    事项 非物质文化遗产: 非物质文化遗产名录、代表性传承人
    要素: 机构名称、开放时间、服务项目、活动安排、场馆地址、联系电话
    依据: 《中华人民共和国公共文化服务保障法》、《中华人民共和国公共图书馆法》
    时限: 信息形成或者变更之日起20个工作日内、活动开展前及时公开、长期公开
    关键词: 公共文化服务、全民阅读、文化惠民、非物质文化遗产
public-legal-services 公共法律服务 | justice | 乡镇
    主题: 公安、安全、司法\司法
    事项 法律援助: 法律援助申请条件、法律援助办理流程、法律援助机构
    事项 人民调解: 人民调解组织、人民调解员名册
    事项 法治宣传: 普法责任清单、法治宣传教育活动
    要素: 申请条件、申请材料、办理流程、服务地点、服务时间、咨询电话
    依据: 《中华人民共和国法律援助法》、《中华人民共和国人民调解法》
    时限: 信息形成或者变更之日起20个工作日内、长期公开、及时公开
    关键词: 公共法律服务、法律援助、人民调解、普法宣传
poverty-alleviation 扶贫 | rural agri finance | 乡镇
    主题: 民政、扶贫、救灾\扶贫
    事项 政策文件: 巩固拓展脱贫攻坚成果政策、乡村振兴政策、年度工作计划
    事项 资金项目: 衔接资金分配结果、项目库建设、项目实施情况、资产收益分配
    事项 防止返贫监测: 监测对象识别、帮扶措施、风险消除情况
    要素: 资金名称、资金规模、项目名称、实施地点、建设内容、受益对象、绩效目标、监督电话
    依据: 《中华人民共和国乡村振兴促进法》、《中央财政衔接推进乡村振兴补助资金管理办法》
    时限: 信息形成或者变更之日起20个工作日内、资金分配结果下达后10个工作日内
    时限: 项目实施前公示不少于10日
    关键词: 乡村振兴、防止返贫、衔接资金、脱贫攻坚成果
disaster-relief 救灾 | emergency civil finance | 乡镇
    主题: 民政、扶贫、救灾\减灾救灾
    事项 救灾政策: 自然灾害救助政策、救灾应急预案
    事项 灾情信息: 灾情发布、救灾工作动态
    事项 救灾款物: 救灾资金分配、救灾物资发放、社会捐赠款物使用
    要素: 灾害种类、受灾情况、救助标准、资金分配结果、物资发放情况、监督电话
    依据: 《自然灾害救助条例》、《中华人民共和国突发事件应对法》
    时限: 及时公开、资金下达后10个工作日内、信息形成或者变更之日起20个工作日内
    关键词: 自然灾害救助、救灾资金、应急救助、灾后重建
food-and-drug-regulation 食品药品监管 | market health | 乡镇
    主题: 市场监管、安全生产监管\食品药品监管
    事项 行政许可: 食品经营许可、药品零售许可、医疗器械经营备案
    事项 监督检查: 食品安全抽检结果、监督检查计划、检查结果
    事项 行政处罚: 食品行政处罚、药品行政处罚
    要素: 许可事项、许可条件、许可结果、抽检结果、处罚决定、办理流程
    依据: 《中华人民共和国食品安全法》、《中华人民共和国药品管理法》、《医疗器械监督管理条例》
    时限: 作出决定之日起7个工作日内、抽检结果形成后及时公开、信息形成或者变更之日起20个工作日内
    关键词: 食品安全、药品安全、抽检监测、食品经营许可
urban-comprehensive-enforcement 城市综合执法 | enforce housing | 乡镇
    主题: 城乡建设、环境保护\城市管理
    事项 执法依据: 权责清单、执法流程、自由裁量基准
    事项 执法结果: 行政处罚决定、行政强制决定
    事项 执法监督: 投诉举报受理、执法人员信息
    要素: 执法主体、执法依据、执法程序、处罚决定、救济渠道、监督电话
    依据: 《中华人民共和国行政处罚法》、《城市市容和环境卫生管理条例》
    时限: 作出决定之日起7个工作日内、信息形成或者变更之日起20个工作日内、长期公开
    关键词: 城市管理、综合执法、市容环境、违法建设
employment 就业 | hrss finance | 乡镇
    主题: 劳动、人事、监察\就业
    事项 就业政策: 就业创业政策、职业技能培训政策
    事项 就业服务: 招聘信息、就业困难人员认定、公益性岗位开发
    事项 就业补贴: 创业担保贷款、社会保险补贴、职业培训补贴
    要素: 补贴对象、补贴标准、申请材料、办理流程、审核结果、咨询电话
    依据: 《中华人民共和国就业促进法》、《就业补助资金管理办法》
    时限: 信息形成或者变更之日起20个工作日内、公示期不少于5个工作日、及时公开
    关键词: 就业创业、职业技能培训、公益性岗位、创业担保贷款
social-insurance 社会保险 | hrss medsec finance | 乡镇
    主题: 劳动、人事、监察\社会保障
    事项 社会保险登记: 参保登记、缴费基数申报、关系转移接续
    事项 社会保险待遇: 养老保险待遇、工伤保险待遇、失业保险待遇、医疗保险待遇
    事项 社会保险基金: 基金收支情况、缴费标准
    要素: 办理条件、申请材料、办理流程、待遇标准、缴费标准、咨询电话
    依据: 《中华人民共和国社会保险法》、《工伤保险条例》、《失业保险条例》
    时限: 信息形成或者变更之日起20个工作日内、按年公开、长期公开
    关键词: 社会保险、城乡居民养老保险、医疗保险、工伤保险
social-assistance 社会救助 | civil finance hrss | 乡镇
    主题: 民政、扶贫、救灾\社会救助
    事项 最低生活保障: 最低生活保障申请条件、最低生活保障标准、最低生活保障审核确认结果
    事项 最低生活保障: 最低生活保障资金发放
    事项 特困人员救助供养: 特困人员认定条件、救助供养标准、审核确认结果
    事项 临时救助: 临时救助申请、临时救助标准、临时救助结果
    要素: 救助条件、救助标准、申请程序、审核确认结果、资金发放情况、监督举报电话
    依据: 《社会救助暂行办法》、《最低生活保障审核确认办法》、《特困人员认定办法》
    时限: 制定或获取信息之日起10个工作日内、审核确认结果公示7个工作日
    时限: 信息形成或者变更之日起20个工作日内
    关键词: 最低生活保障、特困人员救助供养、临时救助、低保标准
elderly-care 养老服务 | civil health | 乡镇
    主题: 民政、扶贫、救灾\老龄工作
    事项 养老服务政策: 养老服务政策文件、养老服务补贴
    事项 养老机构: 养老机构备案、养老机构名录、服务质量检查
    事项 高龄津贴: 高龄津贴申请、高龄津贴发放
    要素: 申请条件、补贴标准、办理流程、机构名称、服务内容、咨询电话
    依据: 《中华人民共和国老年人权益保障法》、《养老机构管理办法》
    时限: 信息形成或者变更之日起20个工作日内、长期公开、按季度公开
    关键词: 养老服务、高龄津贴、居家养老、养老机构
household-registration 户籍管理 | police | 乡镇
    主题: 公安、安全、司法\公安
    事项 户口登记: 出生登记、死亡注销、户口迁移、户口恢复
    事项 居民身份证: 居民身份证申领、临时居民身份证
    事项 居住证: 居住证申领、居住证签注
    要素: 办理条件、申请材料、办理流程、办理时限、收费标准、办理地点
    依据: 《中华人民共和国户口登记条例》、《中华人民共和国居民身份证法》、《居住证暂行条例》
    时限: 长期公开、信息形成或者变更之日起20个工作日内、及时公开
    关键词: 户籍管理、户口迁移、居住证、身份证办理
agricultural-subsidies 涉农补贴 | agri finance forestry | 乡镇
    主题: 农业、林业、水利\农业
    事项 补贴政策: 耕地地力保护补贴、农机购置补贴、种粮农民一次性补贴
    事项 补贴发放: 补贴对象、补贴标准、补贴资金发放结果
    事项 监督管理: 投诉举报、违规处理
    要素: 补贴对象、补贴标准、补贴面积、补贴金额、发放时间、监督电话
    依据: 《中华人民共和国农业法》、《农业相关转移支付资金管理办法》
    时限: 资金发放前公示不少于7日、信息形成或者变更之日起20个工作日内、按年公开
    关键词: 涉农补贴、耕地地力保护补贴、农机购置补贴、惠农资金
compulsory-education 义务教育 | edu finance | 乡镇
    主题: 科技、教育\教育
    事项 招生管理: 招生范围、招生计划、招生结果
    事项 学生资助: 家庭经济困难学生认定、资助政策、资助结果
    事项 教育管理: 学校名录、收费项目及标准、课后服务
    要素: 招生范围、学区划分详细情况、招生计划、资助标准、收费依据、咨询电话
    依据: 《中华人民共和国义务教育法》、《中华人民共和国教育法》
    时限: 信息形成或者变更之日起20个工作日内、招生工作开始前、按学期公开
    关键词: 义务教育、学区划分、招生入学、学生资助
medical-and-health 医疗卫生 | health medsec market | 乡镇
    主题: 卫生、体育\卫生
    事项 医疗机构: 医疗机构执业登记、医疗机构名录、医疗服务价格
    事项 公共卫生: 基本公共卫生服务、传染病疫情信息、预防接种
    事项 卫生监督: 卫生行政许可、卫生行政处罚
    要素: 服务项目、服务标准、机构名称、办理流程、处罚决定、咨询电话
    依据: 《中华人民共和国基本医疗卫生与健康促进法》、《医疗机构管理条例》
    依据: 《中华人民共和国传染病防治法》
    时限: 信息形成或者变更之日起20个工作日内、作出决定之日起7个工作日内、及时公开
    关键词: 医疗卫生、基本公共卫生服务、家庭医生签约、医疗保障
municipal-services 市政服务 | housing enforce water | 乡镇
    主题: 城乡建设、环境保护\市政公用事业
    事项 供水供气: 供水服务、供气服务、停水停气通知
    事项 市政设施: 道路挖掘许可、市政设施维护、园林绿化
    事项 环境卫生: 生活垃圾分类、公共厕所、环卫作业
    要素: 服务内容、收费标准、办理流程、办理时限、停复供信息、服务电话
    依据: 《城镇供水条例》、《城镇燃气管理条例》、《城市道路管理条例》
    时限: 信息形成或者变更之日起20个工作日内、实时公开、停水停气前24小时
    关键词: 市政服务、供水供气、垃圾分类、市政设施
"""


def parse_domains(table: str) -> tuple[Domain, ...]:
    blocks: list[list[str]] = []
    for line in table.strip().splitlines():
        if line.startswith(" "):
            blocks[-1].append(line.strip())
        else:
            blocks.append([line])
    domains = []
    for head, *rest in blocks:
        slug_name, depts, township = (part.strip() for part in head.split("|"))
        slug, name = slug_name.split()
        topic = ""
        categories: dict[str, list[str]] = {}
        lists: dict[str, list[str]] = {}
        for line in rest:
            key, _, value = line.partition(": ")
            if key == "主题":
                topic = value
            elif key.startswith("事项 "):
                categories.setdefault(key.removeprefix("事项 "), []).extend(value.split("、"))
            else:
                lists.setdefault(key, []).extend(value.split("、"))
        domains.append(
            Domain(
                slug=slug,
                name=name,
                depts=tuple(depts.split()),
                township=township == "乡镇",
                topic=topic,
                categories=tuple((k, tuple(v)) for k, v in categories.items()),
                elements=tuple(lists["要素"]),
                basis=tuple(lists["依据"]),
                time_limits=tuple(lists["时限"]),
                keywords=tuple(lists["关键词"]),
            )
        )
    return tuple(domains)


DOMAINS = parse_domains(DOMAIN_TABLE)
assert len(DOMAINS) == 26


# --- text --------------------------------------------------------------------------------

GLOBAL_KEYWORDS = (
    "财政预算",
    "最低生活保障",
    "学区划分",
    "政务公开",
    "乡村振兴",
    "营商环境",
    "民生实事",
    "基层治理",
)

UPPER_DOCS = (
    "《中华人民共和国政府信息公开条例》",
    "国办发〔2019〕54号文件精神",
    "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》",
    "省委、省政府有关决策部署",
    "市委、市政府工作要求",
    "县委、县政府工作安排",
    "上级有关文件精神",
)

GOALS = (
    "全面推进基层政务公开标准化规范化",
    "持续巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
    "切实保障和改善民生",
    "不断增强人民群众获得感、幸福感、安全感",
    "推动全县经济社会高质量发展",
    "持续优化营商环境",
    "提升政府治理能力和服务水平",
    "守住不发生规模性返贫的底线",
)

ACTIONS = (
    "细化工作措施，压实工作责任",
    "加强统筹协调，形成工作合力",
    "强化督促检查，确保各项任务落到实处",
    "健全长效机制，推动工作常态化制度化",
    "优化服务流程，提高办事效率",
    "加大宣传力度，营造良好氛围",
)

HEADINGS_POLICY = ("一、总体要求", "二、主要任务", "三、工作措施", "四、保障措施", "五、工作要求")
HEADINGS_INTERPRETATION = (
    "背景依据",
    "目标任务",
    "主要内容",
    "涉及范围",
    "执行标准",
    "惠民利民举措",
    "关键词诠释",
)
PLAN_TYPES = ("实施方案", "工作方案", "管理办法", "实施细则", "工作要点", "行动计划", "考核办法")

SENTENCES = (
    "各乡镇、各部门要充分认识{kw}工作的重要意义，切实把思想和行动统一到{goal}上来。",
    "要坚持以人民为中心的发展思想，围绕{kw}、{gk}等重点领域，{action}。",
    "{year}年全县共安排{kw}相关资金{amount}万元，惠及群众{people}人次。",
    "对{kw}工作中发现的问题，要建立问题台账，明确整改时限，确保{goal}。",
    "县{dept}要会同有关部门加强对{kw}工作的指导和监督检查，定期通报工作进展情况。",
    "要依托政府网站、政务新媒体、公开查阅点等渠道，及时公开{kw}相关信息，主动接受社会监督。",
    "各责任单位要于每季度末前报送{kw}工作进展情况，年底前形成书面总结报送县{dept}。",
    "严格落实{kw}相关政策，做到公开、公平、公正，严禁优亲厚友、弄虚作假。",
    "进一步优化{kw}办理流程，压缩办理时限，推行“一网通办”“最多跑一次”。",
    "加强{kw}政策宣传解读，用群众听得懂的语言讲清政策内容、办理条件和办事流程。",
    "将{kw}工作纳入年度目标责任考核，考核结果作为评先评优的重要依据。",
    "充分发挥村（社区）公示栏作用，对{kw}等事项实行常态化公开，保障群众知情权、参与权和监督权。",
    "统筹用好{gk}和{kw}相关政策，{action}，推动各项政策措施落地见效。",
    "到{year2}年底，{kw}工作机制更加健全，服务水平明显提升。",
    "按照“谁主管、谁负责”的原则，由各主管部门对{kw}信息的准确性、完整性负责。",
    "坚持问题导向和目标导向，聚焦群众关心的{kw}和{gk}问题，{action}。",
)

INTERPRETATION_SENTENCES = (
    "《{short}》（{doc}）已于{date}正式印发，现就有关内容解读如下。",
    "为贯彻落实{upper}，进一步做好{kw}工作，{issuer}结合我县实际制定了本文件。",
    "文件共分为{n}个部分，明确了{kw}的总体要求、主要任务和保障措施。",
    "文件适用于全县各乡镇、县直各有关部门，涉及{kw}和{gk}相关工作。",
    "与原有政策相比，本文件进一步明确了{kw}的工作标准，细化了办理程序和办理时限。",
    "群众可通过政府网站、政务服务中心或拨打咨询电话{phone}了解{kw}相关政策。",
    "本文件所称{kw}，是指依照有关法律法规和政策规定开展的相关工作。",
    "下一步，{issuer}将加强对{kw}政策执行情况的跟踪评估，及时回应社会关切。",
    "通过落实{kw}各项措施，力争{goal}。",
)


def safe_dates(first: dt.date, last: dt.date) -> list[dt.date]:
    """Monday-Thursday in March, July, August, November and December, never 31 December."""
    out = []
    d = first
    one = dt.timedelta(days=1)
    while d <= last:
        if d.month in SAFE_MONTHS and d.weekday() <= 3 and not (d.month == 12 and d.day == 31):
            out.append(d)
        d += one
    return out


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# --- YAML helpers --------------------------------------------------------------------------

_PLAIN_BAD = re.compile(r"[,\[\]{}#&*!|>'\"%@`]|: |:$|^[-?:\s]|\s$")
_PLAIN_LOOKS_TYPED = re.compile(
    r"^(?:[-+]?[0-9][0-9_:.eE+-]*|true|false|yes|no|on|off|null|~|y|n)$", re.IGNORECASE
)


def scalar(s: str) -> str:
    """A YAML scalar for s: plain when that is safe (also inside a flow sequence), else quoted.

    Double-quoted YAML is a superset of JSON strings, so json.dumps gives a valid quoted form.
    A backslash stays literal in a plain scalar, which is what 主题分类 paths need.
    """
    if s and not _PLAIN_BAD.search(s) and not _PLAIN_LOOKS_TYPED.match(s):
        return s
    return json.dumps(s, ensure_ascii=False)


def flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def quoted(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


# --- generation --------------------------------------------------------------------------


class Writer:
    def __init__(self, root: Path, summary: Summary) -> None:
        self.root = root
        self.summary = summary
        self.made_dirs: set[Path] = set()

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        parent = path.parent
        if parent not in self.made_dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self.made_dirs.add(parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.summary.files += 1
        self.summary.bytes += len(data)


def site_yml(county: str = COUNTY, base_url: str = BASE_URL) -> str:
    return (
        f"name: {county}人民政府\n"
        f"short_name: {county}\n"
        f"base_url: {base_url}\n"
        'phone: "0000-1234567"\n'
        f"address: {county}人民路1号\n"
        "interpretation_deadline: 3\n"
    )


def organizations_yml(orgs: Sequence[Org]) -> str:
    parts = []
    for o in orgs:
        parts.append(
            f"- id: {o.id}\n"
            f"  name: {scalar(o.name)}\n"
            f"  level: {o.level}\n"
            f"  phone: {quoted(o.phone)}\n"
            f"  address: {scalar(o.address)}\n"
            f'  reviewers: ["@example-county/{o.id}"]\n'
        )
    return "".join(parts)


def domains_of(org: Org, by_dept: dict[str, list[Domain]]) -> list[Domain]:
    if org.level == "乡级":
        return [d for d in DOMAINS if d.township]
    return by_dept.get(org.id) or list(DOMAINS)


def make_policy_body(rng: Random, p: Policy, orgs_by_id: dict[str, Org], county: str = COUNTY) -> str:
    issuer = orgs_by_id[p.issuers[0]]
    kws = p.domain.keywords
    dept = issuer.name.removeprefix(county)

    def fill(template: str) -> str:
        return template.format(
            kw=rng.choice(kws),
            gk=rng.choice(GLOBAL_KEYWORDS),
            goal=rng.choice(GOALS),
            action=rng.choice(ACTIONS),
            dept=dept,
            year=p.year,
            year2=p.year + rng.randint(1, 3),
            amount=f"{rng.randint(50, 99999) / 10:.1f}",
            people=rng.randint(200, 99999),
        )

    lines = [
        "各乡镇人民政府，县直各有关单位：" if issuer.level == "县级" else "各村（社区），镇（乡）直各单位：",
        "",
        f"为深入贯彻落实{rng.choice(UPPER_DOCS)}，{rng.choice(GOALS)}，结合我县实际，现就{rng.choice(kws)}有关事项通知如下。",
        "",
    ]
    for heading in HEADINGS_POLICY[: rng.randint(3, 4)]:
        lines.append(f"## {heading}")
        lines.append("")
        lines.append("".join(fill(t) for t in rng.sample(SENTENCES, rng.randint(2, 3))))
        lines.append("")
    lines.append(f"本文件自印发之日起施行，有效期{rng.randint(2, 5)}年。联系电话：{issuer.phone}。")
    lines.append("")
    lines.append(issuer.name)
    lines.append("")
    lines.append(cn_date(p.written))
    return "\n".join(lines) + "\n"


def make_interpretation_body(rng: Random, p: Policy, orgs_by_id: dict[str, Org]) -> str:
    issuer = orgs_by_id[p.issuers[0]]
    kws = p.domain.keywords

    def fill(template: str) -> str:
        return template.format(
            short=p.short_title,
            doc=p.doc_number,
            date=cn_date(p.published),
            upper=rng.choice(UPPER_DOCS),
            kw=rng.choice(kws),
            gk=rng.choice(GLOBAL_KEYWORDS),
            issuer=issuer.name,
            n=rng.randint(3, 6),
            phone=issuer.phone,
            goal=rng.choice(GOALS),
        )

    # 背景依据 and 主要内容 always; a few of the others in the template's order.
    extra = sorted(rng.sample(range(len(HEADINGS_INTERPRETATION)), rng.randint(1, 3)))
    chosen = sorted(set(extra) | {0, 2})
    lines: list[str] = []
    for i in chosen:
        lines.append(f"## {HEADINGS_INTERPRETATION[i]}")
        lines.append("")
        if i == 0:
            lines.append(fill(INTERPRETATION_SENTENCES[0]) + fill(INTERPRETATION_SENTENCES[1]))
        else:
            k = rng.randint(2, 4)
            lines.append("".join(fill(t) for t in rng.sample(INTERPRETATION_SENTENCES[2:], k)))
        lines.append("")
    return "\n".join(lines)


def generate_policies(
    n: int, orgs: Sequence[Org], by_dept: dict[str, list[Domain]], rng: Random, county: str = COUNTY
) -> list[Policy]:
    dates = safe_dates(dt.date(FIRST_YEAR, 1, 1), LAST_DATE)
    # Issuers: departments and the office far more often than townships.
    issuers = list(orgs)
    weights = [1.0 if o.level == "乡级" else 4.0 for o in issuers]
    weights[0] = 8.0  # the county government office
    depts = [o for o in orgs if o.level == "县级"]

    # Draw all (published, written) pairs first, then number documents in date order.
    year_start: dict[int, int] = {}
    for i, d in enumerate(dates):
        year_start.setdefault(d.year, i)
    drawn = []
    for _ in range(n):
        i = rng.randrange(len(dates))
        j = max(year_start[dates[i].year], i - rng.choice((0, 0, 0, 1, 2, 3)))
        drawn.append((dates[i], dates[j]))
    drawn.sort(key=lambda t: (t[1], t[0]))

    seq: dict[tuple[str, int], int] = {}
    index_seq: dict[int, int] = {}
    titles: set[str] = set()
    interpretation_titles: set[str] = set()
    batch: dict[tuple[str, int, str], int] = {}
    policies: list[Policy] = []
    for published, written in drawn:
        year = written.year
        lead = rng.choices(issuers, weights)[0]
        issuer_ids: tuple[str, ...] = (lead.id,)
        if lead.level == "县级" and len(depts) > 1 and rng.random() < 0.05:
            partner = rng.choice(depts)
            if partner.id != lead.id:
                issuer_ids = (lead.id, partner.id)
        domain = rng.choice(domains_of(lead, by_dept))

        key = (lead.abbr, year)
        seq[key] = seq.get(key, 0) + rng.randint(1, 3)
        num = seq[key]
        doc_number = f"{county[0]}{lead.abbr}发〔{year}〕{num}号"
        index_seq[year] = index_seq.get(year, 0) + 1
        index_number = f"000000000/{year}-{index_seq[year]:05d}"

        title = short = ""
        for _attempt in range(12):
            subject = rng.choice(domain.keywords)
            form = rng.randrange(3)
            if form == 0:
                short = f"{county}{year}年{subject}{rng.choice(PLAN_TYPES)}"
                title = f"{lead.name}关于印发《{short}》的通知"
            elif form == 1:
                short = f"关于做好{year}年{subject}工作的通知"
                title = lead.name + short
            else:
                short = f"关于进一步加强{subject}工作的意见"
                title = lead.name + short
            if title not in titles:
                break
        else:
            subject = rng.choice(domain.keywords)
            bkey = (lead.id, year, subject)
            batch[bkey] = batch.get(bkey, 0) + 1
            short = f"关于下达{year}年第{batch[bkey]}批{subject}资金的通知"
            title = lead.name + short
        titles.add(title)
        # Unique too: the short form when free, else one naming the issuer.
        interpretation_title = f"《{short}》政策解读"
        if interpretation_title in interpretation_titles:
            interpretation_title = f"{lead.name}关于《{short}》的政策解读"
        interpretation_titles.add(interpretation_title)

        policies.append(
            Policy(
                id=f"{year}-{lead.id}-{num}",
                year=published.year,
                doc_number=doc_number,
                index_number=index_number,
                title=title,
                short_title=short,
                interpretation_title=interpretation_title,
                issuers=issuer_ids,
                written=written,
                published=published,
                topic=domain.topic,
                domain=domain,
            )
        )
    return policies


def policy_md(p: Policy, body: str, interpreted: bool, rng: Random) -> str:
    issuer = p.issuers[0] if len(p.issuers) == 1 else flow(p.issuers)
    fm = [
        "---",
        f"title: {scalar(p.title)}",
        f"doc_number: {scalar(p.doc_number)}",
        f"index_number: {quoted(p.index_number)}",
        f"issuer: {issuer}",
        f"written: {p.written.isoformat()}",
        f"published: {p.published.isoformat()}",
        f"topic: {scalar(p.topic)}",
        f"domains: {flow([p.domain.name])}",
        "disclosure: 主动公开",
        "validity: 有效",
    ]
    if not interpreted:
        fm.append("needs_interpretation: false")
        fm.append(f"no_interpretation_reason: {scalar(rng.choice(NO_INTERPRETATION_REASONS))}")
    fm.append("---")
    return "\n".join(fm) + "\n" + body


def interpretation_md(p: Policy, body: str, rng: Random) -> str:
    fm = [
        "---",
        f"title: {scalar(p.interpretation_title)}",
        f"interprets: {scalar(p.doc_number)}",
        f"interpreter: {p.issuers[0]}",
        f"published: {p.published.isoformat()}",
        f"form: {rng.choice(INTERPRETATION_FORMS)}",
        "---",
    ]
    return "\n".join(fm) + "\n" + body


def split_count(total: int, parts: int, rng: Random) -> list[int]:
    """Split total into `parts` positive-ish counts with some spread (deterministic)."""
    if parts <= 0:
        return []
    weights = [rng.uniform(0.75, 1.25) for _ in range(parts)]
    s = sum(weights)
    counts = [int(total * w / s) for w in weights]
    i = 0
    while sum(counts) < total:
        counts[i % parts] += 1
        i += 1
    return counts


def catalogue_yml(
    domain: Domain,
    org: Org,
    n_items: int,
    rng: Random,
    updated: dt.date,
    cited: Sequence[str],
) -> str:
    out = [
        f"domain: {domain.slug}",
        f"organization: {org.id}",
        f"level: {org.level}",
        f"updated: {updated.isoformat()}",
        "items:",
    ]
    seen: set[tuple[str, str]] = set()
    qualifiers = (
        "年度计划",
        "实施情况",
        "结果公示",
        "变更情况",
        "办理指南",
        "监督检查",
        "政策解读",
        "统计数据",
    )
    for k in range(1, n_items + 1):
        category, names = rng.choice(domain.categories)
        name = rng.choice(names)
        if (category, name) in seen:
            base = name
            for q in qualifiers:
                name = f"{base}（{q}）"
                if (category, name) not in seen:
                    break
            n = 2
            while (category, name) in seen:
                name = f"{base}（第{n}批）"
                n += 1
        seen.add((category, name))

        elements = rng.sample(domain.elements, rng.randint(2, min(4, len(domain.elements))))
        basis = [f"- {scalar(rng.choice(domain.basis))}"]
        if rng.random() < 0.5:
            basis.append(f"- {scalar(rng.choice(GENERAL_BASIS))}")
        if cited and rng.random() < 0.3:
            basis.append(f"- policy: {scalar(rng.choice(cited))}")
        time_limit = rng.choice(domain.time_limits) if rng.random() < 0.7 else rng.choice(GENERAL_TIME_LIMITS)
        channels = [c for c, w in zip(CHANNELS, CHANNEL_WEIGHTS, strict=True) if rng.random() < w]
        if not channels:
            channels = [CHANNELS[0]]
        audience = "全社会" if rng.random() < 0.8 else "特定群体"
        method = "主动" if rng.random() < 0.88 else "依申请"
        if org.level == "乡级":
            levels = ["乡级"] if rng.random() < 0.5 else ["县级", "乡级"]
        else:
            levels = ["县级"] if rng.random() < 0.6 else ["县级", "乡级"]

        out.append(f"  - id: item-{k:04d}")
        out.append(f"    category: {scalar(category)}")
        out.append(f"    name: {scalar(name)}")
        if rng.random() < 0.1:
            out.append(f"    content: {scalar(elements[0])}")
        else:
            out.append(f"    content: {flow([name, *elements] if rng.random() < 0.3 else elements)}")
        out.append("    basis:")
        out.extend("      " + b for b in basis)
        out.append(f"    time_limit: {scalar(time_limit)}")
        if rng.random() < 0.15:
            out.append(f"    subjects: {flow([org.id])}")
        out.append(f"    channels: {flow(channels)}")
        if "其他" in channels:
            out.append(f"    channels_other: {flow([rng.choice(CHANNELS_OTHER)])}")
        out.append(f"    audience: {audience}")
        out.append(f"    method: {method}")
        if method == "依申请":
            out.append(f"    method_reason: {scalar(rng.choice(METHOD_REASONS))}")
        out.append(f"    levels: {flow(levels)}")
        if rng.random() < 0.2:
            out.append(f"    phone: {quoted(org.phone)}")
    return "\n".join(out) + "\n"


def generate(
    out_dir: Path,
    items: int = 20000,
    policies: int = 5000,
    interpretations: int = 5000,
    orgs: int = 40,
    seed: int = 1,
    county: str = COUNTY,
    base_url: str = BASE_URL,
) -> Summary:
    """Write the corpus into out_dir (created if missing) and return counts."""
    if min(items, policies, interpretations) < 0:
        raise ValueError("counts must not be negative")
    summary = Summary()
    w = Writer(out_dir, summary)

    org_list = build_orgs(orgs, Random(f"{seed}/orgs"), county)
    orgs_by_id = {o.id: o for o in org_list}
    by_dept: dict[str, list[Domain]] = {}
    for d in DOMAINS:
        for dept in d.depts:
            if dept in orgs_by_id:
                by_dept.setdefault(dept, []).append(d)

    w.write("site.yml", site_yml(county, base_url))
    w.write("organizations.yml", organizations_yml(org_list))

    # Policies and interpretations.
    prng = Random(f"{seed}/policies")
    pols = generate_policies(policies, org_list, by_dept, prng, county)
    n_interp = min(interpretations, policies)
    brng = Random(f"{seed}/bodies")
    for i, p in enumerate(pols):
        interpreted = i < n_interp
        body = make_policy_body(brng, p, orgs_by_id, county)
        w.write(f"policies/{p.year}/{p.id}.md", policy_md(p, body, interpreted, brng))
        if interpreted:
            ibody = make_interpretation_body(brng, p, orgs_by_id)
            w.write(f"interpretations/{p.year}/{p.id}-jd.md", interpretation_md(p, ibody, brng))
    summary.policies = len(pols)
    summary.interpretations = n_interp

    # Catalogues: items spread evenly over the 26 domains, then over several orgs per domain.
    crng = Random(f"{seed}/catalogues")
    cited_by_domain: dict[str, list[str]] = {}
    # Catalogues are reviewed in 2026; they cite documents published before that year.
    citable = [p for p in pols if p.published.year < 2026]
    for p in citable:
        cited_by_domain.setdefault(p.domain.slug, []).append(p.doc_number)
    all_cited = [p.doc_number for p in citable]
    updated_pool = safe_dates(dt.date(2026, 1, 1), LAST_DATE)
    per_domain = [items // len(DOMAINS) + (1 if i < items % len(DOMAINS) else 0) for i in range(len(DOMAINS))]
    for domain, n_dom in zip(DOMAINS, per_domain, strict=True):
        if n_dom == 0:
            continue
        candidates = [orgs_by_id[d] for d in domain.depts if d in orgs_by_id]
        if domain.township:
            towns = [o for o in org_list if o.level == "乡级"]
            crng.shuffle(towns)
            candidates += towns
        # Too few publishers for the wanted file size: other departments join in.
        others = [o for o in org_list if o.level == "县级" and o not in candidates]
        crng.shuffle(others)
        candidates += others
        n_files = max(1, min(len(candidates), round(n_dom / 200)))
        cited = cited_by_domain.get(domain.slug) or all_cited
        for org, n in zip(candidates[:n_files], split_count(n_dom, n_files, crng), strict=True):
            if n == 0:
                continue
            text = catalogue_yml(domain, org, n, crng, crng.choice(updated_pool), cited)
            w.write(f"catalogues/{domain.slug}/{org.id}.yml", text)
            summary.items += n
            summary.catalogues += 1
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成用于性能测试的示例县政务公开内容目录（确定性输出）")
    ap.add_argument("out_dir", type=Path, help="输出目录（不存在或为空；或配合 --force）")
    ap.add_argument("--items", type=int, default=20000, help="标准目录事项总数")
    ap.add_argument("--policies", type=int, default=5000, help="政策文件数")
    ap.add_argument("--interpretations", type=int, default=5000, help="政策解读数（不超过政策文件数）")
    ap.add_argument("--orgs", type=int, default=40, help="机构数")
    ap.add_argument("--seed", type=int, default=1, help="随机种子")
    ap.add_argument(
        "--name",
        default=COUNTY,
        help="县（市、区）的简称，如“甲县”；网站名称为简称加“人民政府”，发文字号以它的第一个字开头",
    )
    ap.add_argument("--base-url", default=BASE_URL, help="site.yml 中的网站地址")
    ap.add_argument("--force", action="store_true", help="先删除已存在的输出目录（须含 site.yml）")
    args = ap.parse_args(argv)

    out: Path = args.out_dir
    if not re.fullmatch(r"[^\W\d_]{2,20}", args.name):
        print(f"错误：县名“{args.name}”只能是 2 到 20 个汉字或字母", file=sys.stderr)
        return 2
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"错误：输出目录 {out} 非空；请换一个目录，或加 --force 覆盖", file=sys.stderr)
            return 2
        if not (out / "site.yml").is_file():
            print(f"错误：{out} 不像本脚本生成的目录（没有 site.yml），拒绝删除", file=sys.stderr)
            return 2
        shutil.rmtree(out)

    t0 = time.perf_counter()
    try:
        s = generate(
            out,
            args.items,
            args.policies,
            args.interpretations,
            args.orgs,
            args.seed,
            args.name,
            args.base_url,
        )
    except ValueError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - t0
    print(
        f"已写入 {s.files} 个文件：事项 {s.items} 条（{s.catalogues} 个目录文件），"
        f"政策文件 {s.policies} 件，政策解读 {s.interpretations} 件，"
        f"共 {s.bytes / 1e6:.1f} MB，用时 {elapsed:.1f} 秒"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
