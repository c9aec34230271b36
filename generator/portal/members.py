"""A member's published data: /data/compliance.json, /data/policies.json, /data/catalogues.json
and its search bundle's list of parts, read and checked for shape.

A member whose files cannot be read, or do not have the shape of content-format.md, is
unavailable with the reason; the portal is built from the others.
"""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.content.domains import BUILTIN_DOMAINS
from generator.content.portal_model import Portal, PortalMember
from generator.portal.fetch import JSON_LIMIT, MB, Source, Unavailable, source_for
from generator.site import urls
from generator.site.search import BUNDLE, PARTS_DIR

PILOT_SLUGS = frozenset(d.slug for d in BUILTIN_DOMAINS)
PARTS_FILE = f"{BUNDLE}/zwgk-parts.json"


# --- the shapes read (only what the portal uses; anything else may be there) --------------


class _Shape(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _SiteRef(_Shape):
    name: str
    base_url: str | None = None
    url: str | None = None


class _Domain(_Shape):
    slug: str
    name: str
    pilot: bool | None = None
    catalogues: int = Field(ge=0)


class _Interpretations(_Shape):
    required: int = Field(ge=0)
    on_time: int = Field(ge=0)
    late: int = Field(ge=0)
    missing: int = Field(ge=0)


class _AnnualReport(_Shape):
    organization: str
    year: int
    published: dt.date | None = None
    on_time: bool


class _Compliance(_Shape):
    site: _SiteRef
    generated: dt.date
    domains: list[_Domain]
    interpretations: _Interpretations
    stale_catalogues: list[dict[str, Any]]
    annual_reports: list[_AnnualReport]


class _Policy(_Shape):
    id: str
    url: str
    title: str
    doc_number: str | None = None
    published: dt.date


class _Policies(_Shape):
    site: _SiteRef
    policies: list[_Policy]


class _OrgRef(_Shape):
    id: str | None = None
    name: str


class _Catalogue(_Shape):
    organization: _OrgRef
    items: list[Any]


class _CatalogueDomain(_Shape):
    slug: str
    name: str
    url: str
    catalogues: list[_Catalogue]


class _Catalogues(_Shape):
    site: _SiteRef
    domains: list[_CatalogueDomain]


# --- what the portal keeps of a member -----------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The compliance figures compared across members."""

    covered: int  # pilot domains with at least one catalogue
    pilot: int  # pilot domains (26)
    required: int  # policies that need an interpretation
    on_time: int
    late: int
    missing: int
    stale: int  # catalogues not reviewed in time
    report_year: int | None  # the latest year of annual reports
    reports: int  # annual reports due for that year
    reports_on_time: int
    generated: dt.date

    @property
    def coverage(self) -> float:
        return self.covered / self.pilot if self.pilot else 0.0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.required if self.required else None

    @property
    def reports_rate(self) -> float | None:
        return self.reports_on_time / self.reports if self.reports else None


@dataclass(frozen=True)
class Policy:
    title: str
    doc_number: str | None
    published: dt.date
    link: str | None  # portal-relative (members/<id>/…) or absolute


@dataclass(frozen=True)
class DomainCatalogues:
    slug: str
    name: str
    link: str | None
    organizations: tuple[str, ...]
    items: int


@dataclass
class Member:
    """One member: its settings, where it is read from, and what could be read (or why not)."""

    config: PortalMember
    source: Source
    mirror: bool  # its search bundle is served by the portal (members/<id>/pagefind/)
    problem: str | None = None
    site_name: str = ""
    figures: Figures | None = None
    policies: list[Policy] = field(default_factory=list)
    catalogues: dict[str, DomainCatalogues] = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)  # bundles beside pagefind/, site-relative

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def root(self) -> str:
        """Where the member's pages are, for a link: in the portal, or its own site."""
        if self.config.url is not None:
            return self.config.url if self.config.url.endswith("/") else self.config.url + "/"
        return f"members/{self.id}/"

    @property
    def bundle(self) -> str:
        """Where the browser loads its search bundle from (portal-relative or absolute)."""
        return f"members/{self.id}/{urls.SEARCH_BUNDLE}" if self.mirror else self.root + urls.SEARCH_BUNDLE

    def link(self, published: str | None, site: _SiteRef | None = None) -> str | None:
        """A member's URL as the portal links it: the path below the member's published base
        URL, on the member's root. A URL that is not the member's own is not linked."""
        if not published:
            return None
        for base in (site.url, site.base_url) if site is not None else ():
            if base and published.startswith(base.rstrip("/") + "/"):
                return self.root + published[len(base.rstrip("/")) + 1 :]
        if published.startswith("/") and not published.startswith("//"):
            return self.root + published[1:]
        return None


def members_of(portal: Portal, base_dir: Path) -> list[Member]:
    return [
        Member(
            config=m,
            source=source_for(m.url, m.path, base_dir, portal.timeout),
            mirror=m.path is not None or (m.mirror if m.mirror is not None else portal.mirror),
        )
        for m in portal.members
    ]


S = TypeVar("S", bound=BaseModel)


def _read_json(source: Source, rel: str, shape: type[S]) -> S:
    raw = source.read(rel, JSON_LIMIT)
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Unavailable(f"{rel} 不是有效的 JSON（{exc}）") from None
    try:
        return shape.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "最外层"
        raise Unavailable(
            f"{rel} 的格式不对（{where}：{first['msg']}，共 {exc.error_count()} 处）：成员网站的 zwgk 版本可能过旧"
        ) from None


def load_member(member: Member, latest: int) -> None:
    """Read the member's data into it, or set its problem."""
    try:
        compliance = _read_json(member.source, urls.COMPLIANCE_JSON, _Compliance)
        policies = _read_json(member.source, urls.POLICIES_JSON, _Policies)
        catalogues = _read_json(member.source, urls.CATALOGUES_JSON, _Catalogues)
        member.parts = _parts(member.source)
    except Unavailable as exc:
        member.problem = str(exc)
        return
    member.site_name = compliance.site.name
    member.figures = _figures(compliance)
    newest = sorted(policies.policies, key=lambda p: p.published, reverse=True)[:latest]
    member.policies = [
        Policy(p.title, p.doc_number, p.published, member.link(p.url, policies.site)) for p in newest
    ]
    member.catalogues = {
        d.slug: DomainCatalogues(
            d.slug,
            d.name,
            member.link(d.url, catalogues.site),
            tuple(dict.fromkeys(c.organization.name for c in d.catalogues)),
            sum(len(c.items) for c in d.catalogues),
        )
        for d in catalogues.domains
        if d.catalogues
    }


def _parts(source: Source) -> list[str]:
    """The bundles of a large site beside its main one, site-relative (pagefind-parts/1/ …)."""
    raw = source.read(PARTS_FILE, 1 * MB)
    try:
        parts = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        parts = None
    prefix = f"../{PARTS_DIR}/"
    if not isinstance(parts, list) or not all(
        isinstance(p, str) and p.startswith(prefix) and p[len(prefix) :].rstrip("/").isdigit() for p in parts
    ):
        raise Unavailable(f"{PARTS_FILE} 的格式不对：应为搜索索引分卷的列表")
    return [p[len("../") :] for p in parts]


def _figures(c: _Compliance) -> Figures:
    pilot = [d for d in c.domains if (d.pilot if d.pilot is not None else d.slug in PILOT_SLUGS)]
    year = max((a.year for a in c.annual_reports), default=None)
    reports = [a for a in c.annual_reports if a.year == year]
    i = c.interpretations
    return Figures(
        covered=sum(d.catalogues > 0 for d in pilot),
        pilot=len(pilot),
        required=i.required,
        on_time=i.on_time,
        late=i.late,
        missing=i.missing,
        stale=len(c.stale_catalogues),
        report_year=year,
        reports=len(reports),
        reports_on_time=sum(a.on_time for a in reports),
        generated=c.generated,
    )


def load_all(members: list[Member], latest: int, *, jobs: int = 8) -> None:
    """Read every member, several at a time (most of the wait is the network)."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(lambda member: load_member(member, latest), members))
