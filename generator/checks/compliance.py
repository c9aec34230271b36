"""The compliance figures: where a county stands on each point of the 政务公开 assessment.

Computed from the loaded corpus with the same facts the rules judge (the site's
interpretation deadline in working days, the holiday calendar, the one-year review of a
catalogue), per domain and per organization (the county level as a whole, and each
township): coverage of the pilot domains, interpretations late or missing, interpretation
forms, catalogues not reviewed for a year, 依申请/不予公开 without reasons, and annual
reports. The result is data (:class:`Compliance`); :func:`as_json` is the contract that
province portals read (content-format.md, "Machine-readable outputs"), and
:mod:`generator.checks.compliance_report` writes it as text or Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, get_args

from generator.content import annual
from generator.content import model as m
from generator.content.corpus import Corpus
from generator.content.load import FileResult

FORMS: tuple[str, ...] = get_args(m.InterpretationForm)
COUNTY = "county"  # the key of the county level as a whole among the units
COUNTY_NAME = "县级"
STALE_DAYS = 365  # a catalogue not reviewed for longer than this is stale (as W511 judges)


@dataclass(frozen=True)
class DomainFigures:
    slug: str
    name: str
    builtin: bool
    catalogues: int
    organizations: int
    items: int
    levels: dict[str, int]  # catalogues by the level they are published at


@dataclass(frozen=True)
class LateInterpretation:
    policy: str
    title: str
    doc_number: str | None
    published: dt.date
    interpretation: str
    interpretation_published: dt.date
    working_days: int
    organization: str | None  # the drafter (谁起草、谁解读)


@dataclass(frozen=True)
class MissingInterpretation:
    policy: str
    title: str
    doc_number: str | None
    published: dt.date
    organization: str | None


@dataclass(frozen=True)
class CatalogueRef:
    path: str
    organization: str
    domain: str
    updated: dt.date | None
    days: int | None = None  # since the last review


@dataclass(frozen=True)
class Unreasoned:
    """A catalogue item disclosed on request, or a policy not proactively disclosed, without a reason."""

    kind: str  # "item" or "policy"
    path: str
    id: str
    name: str
    method: str  # 依申请, 依申请公开 or 不予公开
    organization: str | None
    domain: str | None = None


@dataclass(frozen=True)
class AnnualReportStatus:
    organization: str
    year: int
    published: dt.date | None  # None: missing
    due: dt.date
    on_time: bool

    @property
    def missing(self) -> bool:
        return self.published is None


@dataclass
class Interpretations:
    required: int = 0
    on_time: int = 0
    late: list[LateInterpretation] = field(default_factory=list)
    missing: list[MissingInterpretation] = field(default_factory=list)


@dataclass
class Unit:
    """The county level as a whole, or one township: what an assessor samples."""

    key: str
    name: str
    level: str
    organizations: list[str]
    covered: list[str] = field(default_factory=list)  # pilot domains with a catalogue
    uncovered: list[str] = field(default_factory=list)  # pilot domains without one
    local: list[str] = field(default_factory=list)  # local domains with a catalogue
    catalogues: int = 0
    items: int = 0
    interpretations: Interpretations = field(default_factory=Interpretations)
    stale: int = 0
    unreasoned: int = 0


@dataclass
class Compliance:
    site_name: str
    base_url: str | None
    generated: dt.date
    deadline: int
    pilot_domains: int
    domains: list[DomainFigures]
    units: list[Unit]
    interpretations: Interpretations
    forms: dict[str, int]
    stale_catalogues: list[CatalogueRef]
    undated_catalogues: list[CatalogueRef]
    unreasoned: list[Unreasoned]
    annual_reports: list[AnnualReportStatus]
    org_names: dict[str, str]
    domain_names: dict[str, str]

    def org_name(self, org_id: str | None) -> str:
        return self.org_names.get(org_id or "", org_id or "（未登记的机构）")

    def domain_name(self, slug: str | None) -> str:
        return self.domain_names.get(slug or "", slug or "")


Item = tuple[str, str, str, str | None]  # a catalogue item's id, name, 公开方式 and its reason


def _catalogue(f: FileResult) -> tuple[str, list[Item]] | None:
    """A catalogue's level and items: read off its model where a build has validated it
    (dumping it back to data took a quarter of a second at twenty thousand items), else as
    data read back from the cache, without validating it (a check's figures)."""
    model = f.validated
    if isinstance(model, m.Catalogue):
        return model.level, [(i.id, i.name, i.method, i.method_reason) for i in model.items]
    c = f.model_data()
    if not isinstance(c, dict):
        return None
    return c["level"], [(i["id"], i["name"], i["method"], i.get("method_reason")) for i in c["items"]]


def compute(corpus: Corpus, today: dt.date) -> Compliance:
    """Every figure of the report, as of ``today``."""
    orgs = corpus.organizations
    units = _units(corpus)
    unit_of = {org_id: u for u in units for org_id in u.organizations}

    # --- catalogues: coverage, items, staleness, items without reasons ---
    per_domain: dict[str, list[tuple[str, str, int]]] = {}  # slug → (org, level, items)
    stale: list[CatalogueRef] = []
    undated: list[CatalogueRef] = []
    unreasoned: list[Unreasoned] = []
    for f in sorted(corpus.catalogues, key=lambda f: f.rel):
        refs = f.refs
        if refs is None or refs.domain is None or refs.organization is None:
            continue
        slug = corpus.domains.resolve(refs.domain)
        org_id = corpus.resolve_org(refs.organization)
        if slug is None or org_id is None:
            continue  # an unknown domain or organization: an error the check reports
        unit = unit_of.get(org_id)
        updated = dt.date.fromisoformat(refs.updated) if refs.updated else None
        if updated is None and not refs.partial:
            undated.append(CatalogueRef(f.rel, org_id, slug, None))
        elif updated is not None and (today - updated).days > STALE_DAYS:
            stale.append(CatalogueRef(f.rel, org_id, slug, updated, (today - updated).days))
            if unit is not None:
                unit.stale += 1
        facts = _catalogue(f) if f.kind == "catalogue" and not refs.partial else None
        if facts is None:
            continue
        level, items = facts
        per_domain.setdefault(slug, []).append((org_id, level, len(items)))
        if unit is not None:
            unit.catalogues += 1
            unit.items += len(items)
            bucket = unit.covered if corpus.domains.domains[slug].builtin else unit.local
            if slug not in bucket:
                bucket.append(slug)
        for item_id, name, method, reason in items:
            if method == "依申请" and not reason:
                unreasoned.append(Unreasoned("item", f.rel, item_id, name, "依申请", org_id, slug))
                if unit is not None:
                    unit.unreasoned += 1

    domains: list[DomainFigures] = []
    for d in corpus.domains.domains.values():
        found = per_domain.get(d.slug, [])
        levels = dict.fromkeys(m.LEVELS, 0)
        for _org, level, _n in found:
            levels[level] += 1
        domains.append(
            DomainFigures(
                d.slug,
                d.name,
                d.builtin,
                catalogues=len(found),
                organizations=len({org for org, _, _ in found}),
                items=sum(n for _, _, n in found),
                levels=levels,
            )
        )
    pilot = [d.slug for d in corpus.domains.domains.values() if d.builtin]
    for unit in units:
        unit.covered = [s for s in pilot if s in unit.covered]
        unit.uncovered = [s for s in pilot if s not in unit.covered]

    # --- policies: interpretations, reasons ---
    readings = _readings(corpus)
    total = Interpretations()
    forms: Counter[str] = Counter(it.form for it in _valid_interpretations(corpus))
    for f in corpus.policies:
        p = f.model
        if not isinstance(p, m.Policy):
            continue
        drafter = corpus.resolve_org(p.drafter or p.issuer[0])
        unit = unit_of.get(drafter or "")
        if p.disclosure != "主动公开" and not p.disclosure_reason:
            unreasoned.append(Unreasoned("policy", f.rel, f.doc_id, p.title, p.disclosure, drafter))
            if unit is not None:
                unit.unreasoned += 1
        if p.disclosure != "主动公开" or not p.needs_interpretation:
            continue
        shares = [total] + ([unit.interpretations] if unit is not None else [])
        for figures in shares:
            figures.required += 1
        first = min(readings.get(f.rel, []), key=lambda r: (r[1].published, r[0]), default=None)
        if first is None:
            gap = MissingInterpretation(f.doc_id, p.title, p.doc_number, p.published, drafter)
            for figures in shares:
                figures.missing.append(gap)
            continue
        reading_id, reading = first
        days, _unknown = corpus.calendar.workdays_after(p.published, reading.published)
        if days > corpus.interpretation_deadline:
            late = LateInterpretation(
                f.doc_id, p.title, p.doc_number, p.published, reading_id, reading.published, days, drafter
            )
            for figures in shares:
                figures.late.append(late)
        else:
            for figures in shares:
                figures.on_time += 1
    for figures in [total, *(u.interpretations for u in units)]:
        figures.late.sort(key=lambda x: (-x.working_days, x.published, x.policy))
        figures.missing.sort(key=lambda x: (x.published, x.policy))

    site = corpus.site
    return Compliance(
        site_name=site.name if site else "",
        base_url=site.base_url if site else None,
        generated=today,
        deadline=corpus.interpretation_deadline,
        pilot_domains=len(pilot),
        domains=domains,
        units=units,
        interpretations=total,
        forms={form: forms.get(form, 0) for form in FORMS},
        stale_catalogues=sorted(stale, key=lambda c: (c.updated or today, c.path)),
        undated_catalogues=undated,
        unreasoned=unreasoned,
        annual_reports=annual_reports(corpus, today),
        org_names={o.id: o.name for o in orgs.values()},
        domain_names={d.slug: d.name for d in corpus.domains.domains.values()},
    )


def _units(corpus: Corpus) -> list[Unit]:
    county = Unit(
        COUNTY, COUNTY_NAME, "县级", [o.id for o in corpus.organizations.values() if o.level == "县级"]
    )
    towns = [Unit(o.id, o.name, o.level, [o.id]) for o in corpus.organizations.values() if o.level == "乡级"]
    return [county, *towns]


def _valid_interpretations(corpus: Corpus) -> list[m.Interpretation]:
    return [f.model for f in corpus.interpretations if isinstance(f.model, m.Interpretation)]


def _readings(corpus: Corpus) -> dict[str, list[tuple[str, m.Interpretation]]]:
    """Each policy's interpretations (by the policy's file), as the check links them."""
    out: dict[str, list[tuple[str, m.Interpretation]]] = {}
    for f in corpus.interpretations:
        it = f.model
        if not isinstance(it, m.Interpretation):
            continue
        target = corpus.resolve_policy(it.interprets)
        if target is not None:
            out.setdefault(target.rel, []).append((f.doc_id, it))
    return out


# --- annual reports --------------------------------------------------------------------------


def annual_report_due(year: int) -> dt.date:
    """The 政府信息公开工作年度报告 of ``year`` is due on 1月31日 of the next year."""
    return annual.deadline(year)


def annual_reports(corpus: Corpus, today: dt.date) -> list[AnnualReportStatus]:
    """Each annual report (content/annual-reports/<year>/<org>.yml) and whether it was on time.

    Every organization is expected to have one for the previous year; once its due date has
    passed without it, it is listed as missing. A corpus without any annual report gives [].
    """
    found: dict[tuple[str, int], dt.date | None] = {
        (entry.organization, entry.year): entry.published for entry in annual.annual_reports(corpus)
    }
    if not found:
        return []
    out: list[AnnualReportStatus] = []
    for (org_id, year), published in found.items():
        due = annual_report_due(year)
        out.append(
            AnnualReportStatus(org_id, year, published, due, published is not None and published <= due)
        )
    previous = today.year - 1
    due = annual_report_due(previous)
    if today > due:
        for org_id in corpus.organizations:
            if (org_id, previous) not in found:
                out.append(AnnualReportStatus(org_id, previous, None, due, False))
    order = {org_id: i for i, org_id in enumerate(corpus.organizations)}
    return sorted(out, key=lambda r: (-r.year, order.get(r.organization, len(order)), r.organization))


# --- the JSON contract -----------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _interpretations_json(figures: Interpretations, *, lists: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "required": figures.required,
        "on_time": figures.on_time,
        "late": len(figures.late),
        "missing": len(figures.missing),
    }
    if lists:
        out["late_list"] = [
            {
                "policy": x.policy,
                "interpretation": x.interpretation,
                "working_days": x.working_days,
                "title": x.title,
                "doc_number": x.doc_number,
                "published": x.published.isoformat(),
                "interpretation_published": x.interpretation_published.isoformat(),
                "organization": x.organization,
            }
            for x in figures.late
        ]
        out["missing_list"] = [x.policy for x in figures.missing]
    return out


def _catalogue_json(c: CatalogueRef) -> dict[str, Any]:
    return {"path": c.path, "organization": c.organization, "domain": c.domain, "updated": _iso(c.updated)}


def as_json(report: Compliance) -> dict[str, Any]:
    """The report as the JSON object province portals read (keys fixed by content-format.md)."""
    return {
        "site": {"name": report.site_name, "base_url": report.base_url},
        "generated": report.generated.isoformat(),
        "interpretation_deadline": report.deadline,
        "domains": [
            {
                "slug": d.slug,
                "name": d.name,
                "pilot": d.builtin,
                "catalogues": d.catalogues,
                "organizations": d.organizations,
                "items": d.items,
                "levels": d.levels,
            }
            for d in report.domains
        ],
        "organizations": [
            {
                "id": u.key,
                "name": u.name,
                "level": u.level,
                "members": u.organizations,
                "pilot_domains": {
                    "total": report.pilot_domains,
                    "covered": len(u.covered),
                    "uncovered": u.uncovered,
                },
                "local_domains": u.local,
                "catalogues": u.catalogues,
                "items": u.items,
                "interpretations": _interpretations_json(u.interpretations, lists=False),
                "stale_catalogues": u.stale,
                "unreasoned": u.unreasoned,
            }
            for u in report.units
        ],
        "interpretations": _interpretations_json(report.interpretations, lists=True),
        "interpretation_forms": report.forms,
        "stale_catalogues": [{**_catalogue_json(c), "days": c.days} for c in report.stale_catalogues],
        "undated_catalogues": [_catalogue_json(c) for c in report.undated_catalogues],
        "unreasoned": [
            {
                "kind": u.kind,
                "path": u.path,
                "id": u.id,
                "name": u.name,
                "method": u.method,
                "organization": u.organization,
                "domain": u.domain,
            }
            for u in report.unreasoned
        ],
        "annual_reports": [
            {
                "organization": r.organization,
                "year": r.year,
                "published": _iso(r.published),
                "on_time": r.on_time,
                "due": r.due.isoformat(),
                "missing": r.missing,
            }
            for r in report.annual_reports
        ],
    }
