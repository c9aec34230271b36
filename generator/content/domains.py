"""The 26 pilot domains of 国办发〔2019〕54号, built in, and the registry a site extends."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Domain:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    lead: str = ""
    builtin: bool = True


BUILTIN_DOMAINS: tuple[Domain, ...] = (
    Domain("urban-rural-planning", "城乡规划", ("自然资源",), "自然资源部"),
    Domain("major-construction-projects", "重大建设项目", (), "国家发展改革委"),
    Domain("public-resource-trading", "公共资源交易", (), "国家发展改革委"),
    Domain("budgets-and-final-accounts", "财政预决算", ("财政预算决算",), "财政部"),
    Domain("work-safety", "安全生产", (), "应急管理部"),
    Domain("tax-administration", "税收管理", (), "国家税务总局"),
    Domain("land-expropriation-compensation", "征地补偿", ("农村集体土地", "自然资源"), "自然资源部"),
    Domain(
        "housing-expropriation-compensation",
        "国有土地上房屋征收与补偿",
        ("拆迁安置",),
        "住房和城乡建设部",
    ),
    Domain("affordable-housing", "保障性住房", ("住房保障",), "住房和城乡建设部"),
    Domain("rural-dilapidated-housing", "农村危房改造", (), "住房和城乡建设部"),
    Domain("environmental-protection", "环境保护", ("生态环境",), "生态环境部"),
    Domain("public-cultural-services", "公共文化服务", (), "文化和旅游部"),
    Domain("public-legal-services", "公共法律服务", ("公共法律",), "司法部"),
    Domain("poverty-alleviation", "扶贫", ("乡村振兴",), "国家乡村振兴局（现农业农村部）"),
    Domain("disaster-relief", "救灾", (), "应急管理部"),
    Domain("food-and-drug-regulation", "食品药品监管", ("食品药品",), "市场监管总局"),
    Domain("urban-comprehensive-enforcement", "城市综合执法", (), "住房和城乡建设部"),
    Domain("employment", "就业", ("就业创业",), "人力资源社会保障部"),
    Domain("social-insurance", "社会保险", (), "人力资源社会保障部"),
    Domain("social-assistance", "社会救助", ("社会救助及福利",), "民政部"),
    Domain("elderly-care", "养老服务", (), "民政部"),
    Domain("household-registration", "户籍管理", (), "公安部"),
    Domain("agricultural-subsidies", "涉农补贴", (), "财政部、农业农村部"),
    Domain("compulsory-education", "义务教育", (), "教育部"),
    Domain("medical-and-health", "医疗卫生", ("卫生健康",), "国家卫生健康委"),
    Domain("municipal-services", "市政服务", (), "住房和城乡建设部"),
)


@dataclass
class DomainRegistry:
    """Domains by slug, and every accepted spelling (slug, name, alias) to its slug.

    自然资源 is an alias of two domains (城乡规划 and 征地补偿, merged in many counties): an
    ambiguous name resolves to the first domain that declares it, in the built-in order.
    """

    domains: dict[str, Domain] = field(default_factory=dict)
    lookup: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)

    def add(self, domain: Domain) -> None:
        self.domains[domain.slug] = domain
        for spelling in (domain.slug, domain.name, *domain.aliases):
            self.add_spelling(spelling, domain.slug)

    def add_spelling(self, spelling: str, slug: str) -> None:
        current = self.lookup.get(spelling)
        if current is None:
            self.lookup[spelling] = slug
        elif current != slug:
            self.ambiguous.setdefault(spelling, [current]).append(slug)

    def resolve(self, value: str) -> str | None:
        return self.lookup.get(value.strip())

    def names(self) -> list[str]:
        return [d.name for d in self.domains.values()]


def builtin_registry() -> DomainRegistry:
    reg = DomainRegistry()
    for domain in BUILTIN_DOMAINS:
        reg.add(domain)
    return reg
