"""The search ranking set over the sample content, and how it is run on the site's search page.

Each entry is a query a resident might type and the one result that should come first: a
policy or interpretation page, a catalogue row (with its #anchor), an organization page or a
page of the 政府信息公开 section. The set is run in a real browser through the search page's
own box (``rank_queries``); the ranking test and ``benchmarks/bench_search.py`` share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

P = "policies/"
J = "interpretations/"
C = "catalogues/"
G = "organizations/"

# (query, expected first result, what kind of query it is)
RANKING: list[tuple[str, str, str]] = [
    # --- exact 发文字号, and the ways people type them
    ("示教体发〔2025〕4号", P + "2025-edu-enrolment-plan/", "发文字号"),
    ("示应急发〔2025〕12号", P + "2025-emergency-work-safety-checklist/", "发文字号"),
    ("示财发〔2025〕5号", P + "2025-finance-budget-disclosure/", "发文字号"),
    ("示住建发〔2025〕7号", P + "2025-housing-rural-housing-safety/", "发文字号"),
    ("示人社发〔2025〕14号", P + "2025-hrss-performance-pay/", "发文字号"),
    ("示政办发〔2025〕31号", P + "2025-office-national-day-duty/", "发文字号"),
    ("示政办发〔2025〕8号", P + "2025-office-zwgk-key-points/", "发文字号"),
    ("示民发〔2026〕11号", P + "2026-ca-elderly-care-subsidy/", "发文字号"),
    ("示民发〔2026〕4号", P + "2026-ca-minimum-living-standard/", "发文字号"),
    ("示政办发〔2026〕20号", P + "2026-disaster-relief-plan/", "发文字号"),
    ("示教体发〔2026〕3号", P + "2026-edu-enrolment-plan/", "发文字号"),
    ("示财农〔2026〕6号", P + "2026-farmland-protection-subsidy/", "发文字号"),
    ("示卫健发〔2026〕7号", P + "2026-hc-family-doctor/", "发文字号"),
    ("示住建发〔2026〕9号", P + "2026-housing-public-rental/", "发文字号"),
    ("示人社发〔2026〕5号", P + "2026-hrss-employment-subsidy/", "发文字号"),
    ("示市监发〔2026〕10号", P + "2026-market-food-sampling-plan/", "发文字号"),
    ("示自然资发〔2026〕8号", P + "2026-nr-land-compensation-standard/", "发文字号"),
    ("示政办发〔2026〕12号", P + "2026-office-zwgk-key-points/", "发文字号"),
    ("示乡振发〔2026〕3号", P + "2026-rural-monitoring-assistance/", "发文字号"),
    ("示民发[2026]11号", P + "2026-ca-elderly-care-subsidy/", "发文字号"),
    ("示民发（2026）4号", P + "2026-ca-minimum-living-standard/", "发文字号"),
    ("示政办发2026年20号", P + "2026-disaster-relief-plan/", "发文字号"),
    ("示住建发〔2026〕9", P + "2026-housing-public-rental/", "发文字号"),
    ("示人社发(2026)5号", P + "2026-hrss-employment-subsidy/", "发文字号"),
    # a 机关代字 alone: that organ's newest document
    ("示政办发", P + "2026-disaster-relief-plan/", "发文字号"),
    ("示民发", P + "2026-ca-elderly-care-subsidy/", "发文字号"),
    ("示住建发", P + "2026-housing-public-rental/", "发文字号"),
    # --- 索引号
    ("000000000/2026-00019", P + "2026-ca-minimum-living-standard/", "索引号"),
    ("000000000/2026-00058", P + "2026-ca-elderly-care-subsidy/", "索引号"),
    ("000000000/2025-00021", P + "2025-finance-budget-disclosure/", "索引号"),
    ("000000000/2026-00063", P + "2026-housing-public-rental/", "索引号"),
    ("000000000/2026-00006", P + "2026-market-food-sampling-plan/", "索引号"),
    ("000000000/2025-00097", P + "2025-office-national-day-duty/", "索引号"),
    # --- titles of policies, and the documents they issue
    (
        "示例县民政局关于提高2026年城乡最低生活保障和特困人员救助供养标准的通知",
        P + "2026-ca-minimum-living-standard/",
        "标题",
    ),
    ("示例县财政局关于做好2025年部门预算公开工作的通知", P + "2025-finance-budget-disclosure/", "标题"),
    (
        "示例县人民政府办公室关于做好2025年国庆节中秋节期间值班工作的通知",
        P + "2025-office-national-day-duty/",
        "标题",
    ),
    ("示例县卫生健康局关于做好2026年家庭医生签约服务工作的通知", P + "2026-hc-family-doctor/", "标题"),
    (
        "示例县乡村振兴局关于进一步做好防止返贫致贫监测和帮扶工作的通知",
        P + "2026-rural-monitoring-assistance/",
        "标题",
    ),
    (
        "示例县自然资源局关于公布实施征收农用地区片综合地价及地上附着物和青苗补偿标准的通知",
        P + "2026-nr-land-compensation-standard/",
        "标题",
    ),
    (
        "示例县人力资源和社会保障局关于核定2025年度县直事业单位绩效工资总量的通知",
        P + "2025-hrss-performance-pay/",
        "标题",
    ),
    ("关于做好2026年耕地地力保护补贴发放工作的通知", P + "2026-farmland-protection-subsidy/", "标题"),
    ("示例县2026年义务教育招生入学工作方案", P + "2026-edu-enrolment-plan/", "标题"),
    ("示例县公共租赁住房保障实施细则", P + "2026-housing-public-rental/", "标题"),
    ("示例县2025年政务公开工作要点", P + "2025-office-zwgk-key-points/", "标题"),
    ("经济困难的高龄、失能等老年人养老服务补贴实施办法", P + "2026-ca-elderly-care-subsidy/", "标题"),
    ("示例县2026年食品安全监督抽检计划", P + "2026-market-food-sampling-plan/", "标题"),
    ("示例县安全生产监管部门职责清单", P + "2025-emergency-work-safety-checklist/", "标题"),
    ("国庆节中秋节期间值班", P + "2025-office-national-day-duty/", "标题"),
    ("部门预算公开工作", P + "2025-finance-budget-disclosure/", "标题"),
    # --- titles of interpretations
    ("《示例县自然灾害救助应急预案》政策解读", J + "2026-disaster-relief-plan-jd/", "解读标题"),
    ("《示例县2025年义务教育招生入学工作方案》政策解读", J + "2025-edu-enrolment-plan-jd/", "解读标题"),
    ("《示例县公共租赁住房保障实施细则》政策解读", J + "2026-housing-public-rental-jd/", "解读标题"),
    (
        "《关于做好2026年耕地地力保护补贴发放工作的通知》政策解读",
        J + "2026-farmland-protection-subsidy-jd/",
        "解读标题",
    ),
    ("就业创业补贴政策实施细则 政策解读", J + "2026-hrss-employment-subsidy-jd/", "解读标题"),
    ("家庭医生签约服务 解读", J + "2026-hc-family-doctor-jd/", "解读标题"),
    # --- catalogue items by their name
    ("最低生活保障审核确认结果", C + "social-assistance/#ca-dibao-approval", "事项名称"),
    ("低保申请受理", C + "social-assistance/#dongcheng-application-guide", "事项名称"),
    ("特困人员审核结果公示", C + "social-assistance/#dongcheng-tekun-publicity", "事项名称"),
    ("社会救助服务热线", C + "social-assistance/#dongcheng-assistance-hotline", "事项名称"),
    ("家庭经济状况核对结果", C + "social-assistance/#ca-family-economic-check", "事项名称"),
    ("辖区义务教育学校名录", C + "compulsory-education/#edu-school-list", "事项名称"),
    ("家庭经济困难学生生活补助", C + "compulsory-education/#edu-student-aid", "事项名称"),
    ("招生范围", C + "compulsory-education/#edu-enrolment-area", "事项名称"),
    ("保障对象资格审核结果", C + "affordable-housing/#housing-qualification-review", "事项名称"),
    ("住房租赁补贴发放情况", C + "affordable-housing/#housing-rental-subsidy", "事项名称"),
    ("农户补贴发放明细查询", C + "agricultural-subsidies/#xishan-household-details", "事项名称"),
    ("稻谷生产者补贴", C + "agricultural-subsidies/#agri-grain-producer-subsidy", "事项名称"),
    ("地方政府债务限额和余额", C + "budgets-and-final-accounts/#finance-government-debt", "事项名称"),
    ("部门决算", C + "budgets-and-final-accounts/#finance-department-final-accounts", "事项名称"),
    ("应急避难场所", C + "disaster-relief/#emergency-shelters", "事项名称"),
    ("受灾群众救助对象公示", C + "disaster-relief/#xishan-relief-recipients", "事项名称"),
    ("老年助餐点和日间照料中心", C + "elderly-care/#dongcheng-meal-points", "事项名称"),
    ("养老机构名录", C + "elderly-care/#ca-institutions", "事项名称"),
    ("岗位信息", C + "employment/#hrss-job-vacancies", "事项名称"),
    ("重点排污单位名录", C + "environmental-protection/#ee-key-polluters", "事项名称"),
    ("食品经营许可", C + "food-and-drug-regulation/#market-food-business-licence", "事项名称"),
    ("居住证办理指南", C + "household-registration/#psb-residence-permit", "事项名称"),
    (
        "房地产价格评估机构选定",
        C + "housing-expropriation-compensation/#housing-appraisal-agency",
        "事项名称",
    ),
    ("征收土地预公告", C + "land-expropriation-compensation/#nr-pre-announcement", "事项名称"),
    ("竣工验收信息", C + "major-construction-projects/#drc-completion-acceptance", "事项名称"),
    ("国家基本公共卫生服务项目", C + "medical-and-health/#hc-public-health-services", "事项名称"),
    ("燃气服务信息", C + "municipal-services/#housing-gas-supply", "事项名称"),
    ("巩固拓展脱贫攻坚成果项目库", C + "poverty-alleviation/#rural-project-library", "事项名称"),
    ("非物质文化遗产代表性项目名录", C + "public-cultural-services/#culture-heritage", "事项名称"),
    ("公证服务事项和收费标准", C + "public-legal-services/#justice-notary-fees", "事项名称"),
    ("采购公告和结果公告", C + "public-resource-trading/#ggzy-government-procurement", "事项名称"),
    ("补助资金兑付情况", C + "rural-dilapidated-housing/#nanhu-funds", "事项名称"),
    ("个人参保缴费记录", C + "social-insurance/#hrss-personal-records", "事项名称"),
    ("A级纳税人名单", C + "tax-administration/#tax-credit-rating-a", "事项名称"),
    ("临时摊点疏导区设置", C + "urban-comprehensive-enforcement/#enforcement-street-vendors", "事项名称"),
    ("乡村建设规划许可证核发", C + "urban-rural-planning/#nr-rural-building-permit", "事项名称"),
    ("生产安全事故调查报告", C + "work-safety/#emergency-accident-investigation", "事项名称"),
    ("危险化学品经营许可", C + "work-safety/#emergency-licensing", "事项名称"),
    # --- organizations: by name, address and phone
    ("示例县民政局", G + "ca/", "机构"),
    ("示例县教育和体育局", G + "edu/", "机构"),
    ("住房和城乡建设局", G + "housing/", "机构"),
    ("国家税务总局示例县税务局", G + "tax/", "机构"),
    ("示例县西山乡人民政府", G + "xishan/", "机构"),
    ("示例县公共资源交易中心", G + "ggzy/", "机构"),
    ("乡村振兴局", G + "rural/", "机构"),
    ("卫生健康局", G + "hc/", "机构"),
    ("示例县应急管理局", G + "emergency/", "机构"),
    ("民生路18号", G + "ca/", "机构"),
    ("0000-1234509", G + "housing/", "机构"),
    ("健康路12号", G + "hc/", "机构"),
    # --- everyday questions
    ("怎么申请低保", C + "social-assistance/#dongcheng-application-guide", "问句"),
    ("低保标准是多少", C + "social-assistance/#ca-dibao-policy", "问句"),
    ("怎么申请政府信息公开", "pages/guide/", "问句"),
    ("公租房在哪里申请", C + "affordable-housing/#housing-public-rental-policy", "问句"),
    ("特困人员救助供养标准是多少", C + "social-assistance/#ca-tekun-support", "问句"),
    ("养老服务补贴怎么申请", C + "elderly-care/#dongcheng-subsidy-application", "问句"),
    ("哪里可以办理居民身份证", C + "household-registration/#psb-id-card-guide", "问句"),
    ("法律援助怎么申请", C + "public-legal-services/#justice-legal-aid-guide", "问句"),
    ("征地补偿标准是多少", C + "land-expropriation-compensation/#nr-compensation-standard", "问句"),
    ("招聘会什么时候举办", C + "employment/#hrss-job-fairs", "问句"),
    ("哪里有应急避难场所", C + "disaster-relief/#emergency-shelters", "问句"),
    ("低保审核结果在哪里公示", C + "social-assistance/#dongcheng-review-publicity", "问句"),
    ("请问户口迁移需要什么材料", C + "household-registration/#psb-settlement-policy", "问句"),
    ("如何查询个人参保缴费记录", C + "social-insurance/#hrss-personal-records", "问句"),
    ("我想了解家庭医生签约服务", P + "2026-hc-family-doctor/", "问句"),
    # --- short forms and everyday names
    ("最低生活保障", P + "2026-ca-minimum-living-standard/", "简称"),
    ("低保", P + "2026-ca-minimum-living-standard/", "简称"),
    ("公租房", P + "2026-housing-public-rental/", "简称"),
    ("五保户", P + "2026-ca-minimum-living-standard/", "简称"),
    ("环评", C + "environmental-protection/#ee-eia-approval", "简称"),
    ("年报", "annual-reports/2025/office/", "简称"),
    ("政府信息公开年报", "annual-reports/2025/office/", "简称"),
    ("养老金标准", C + "social-insurance/#hrss-resident-pension-standard", "简称"),
    ("危房改造", P + "2025-housing-rural-housing-safety/", "简称"),
    ("政采", C + "public-resource-trading/#ggzy-government-procurement", "简称"),
    # --- phrases from the text of documents and rows
    ("家庭年人均纯收入", P + "2026-rural-monitoring-assistance/", "正文短语"),
    ("电脑随机录取", P + "2026-edu-enrolment-plan/", "正文短语"),
    ("每亩105元", P + "2026-farmland-protection-subsidy/", "正文短语"),
    ("区片综合地价", P + "2026-nr-land-compensation-standard/", "正文短语"),
    ("政府信息公开指南", "pages/guide/", "正文短语"),
    ("政府信息公开制度", "pages/system/", "正文短语"),
    ("法定主动公开内容", "pages/statutory/", "正文短语"),
    ("保密审查", "pages/system/", "正文短语"),
]


@dataclass
class Ranked:
    query: str
    expected: str
    kind: str
    urls: list[str]  # the listed results, site-relative, in order
    ms: float  # from submitting the query to the first result on screen
    bytes: int  # fetched while answering it

    @property
    def rank(self) -> int | None:
        """1-based position of the expected result, or None when it is not listed."""
        for n, url in enumerate(self.urls, 1):
            if matches(url, self.expected):
                return n
        return None


def matches(url: str, target: str) -> bool:
    return url == target or ("#" not in target and url.split("#", 1)[0] == target)


# Types a query into the search page's box, submits it and waits for the answer; returns the
# listed result links and the time to the first result.
_RUN = """async (query) => {
  const root = document.querySelector('[data-zwgk-search]');
  const list = root.querySelector('[data-zwgk-results]');
  root.removeAttribute('data-state');
  const start = performance.now();
  let first = null;
  const seen = new MutationObserver(() => {
    if (first === null && list.querySelector('.zwgk-hit')) first = performance.now();
  });
  seen.observe(list, {childList: true, subtree: true});
  const input = root.querySelector('input[name=q]');
  input.value = query;
  root.querySelector('form').requestSubmit();
  await new Promise((resolve) => {
    const tick = () => root.hasAttribute('data-state') ? resolve() : setTimeout(tick, 5);
    tick();
  });
  seen.disconnect();
  if (first === null && list.querySelector('.zwgk-hit')) first = performance.now();
  return {
    urls: Array.from(list.querySelectorAll('.zwgk-hit__title')).map((a) => a.href),
    ms: first === null ? -1 : first - start,
  };
}"""


def count_bytes(page: Any) -> list[tuple[str, int]]:
    """A list that grows by the URL and size of each response the page (or its workers, where
    pagefind fetches its index) receives; the server sends Content-Length."""
    sizes: list[tuple[str, int]] = []

    def seen(response: Any) -> None:
        sizes.append((response.url, int(response.headers.get("content-length") or 0)))

    page.on("response", seen)
    return sizes


def open_search(page: Any, base: str) -> list[tuple[str, int]]:
    """The search page, open; returns the page's response-size counter."""
    sizes = count_bytes(page)
    page.goto(base + "search/")
    return sizes


def rank_queries(
    page: Any, base: str, queries: list[tuple[str, str, str]], sizes: list[tuple[str, int]]
) -> list[Ranked]:
    """Run each query on the (already open) search page; the results as listed."""
    out = []
    for query, expected, kind in queries:
        before = len(sizes)
        got = page.evaluate(_RUN, query)
        urls = [u.removeprefix(base) for u in got["urls"]]
        out.append(Ranked(query, expected, kind, urls, got["ms"], sum(n for _, n in sizes[before:])))
    return out


def scores(ranked: list[Ranked]) -> tuple[float, float, float]:
    """Top-1 and top-3 accuracy and mean reciprocal rank."""
    n = len(ranked)
    top1 = sum(1 for r in ranked if r.rank == 1) / n
    top3 = sum(1 for r in ranked if r.rank is not None and r.rank <= 3) / n
    mrr = sum(1 / r.rank for r in ranked if r.rank) / n
    return top1, top3, mrr
