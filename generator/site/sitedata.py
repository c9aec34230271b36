"""What the published site shows: the checked corpus, resolved and linked.

Each view knows its own URL, from the contract in :mod:`generator.site.urls`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from generator.checks.compliance import Compliance, compute
from generator.content import model as m
from generator.content.annual import LIBRARY_KINDS, library_figures, report_of
from generator.content.clock import build_moment
from generator.content.corpus import Corpus
from generator.content.diff.history import Entry, History
from generator.content.domains import Domain
from generator.content.load import FileResult
from generator.site import urls
from generator.site.annual import Table
from generator.site.annual import tables as annual_tables


@dataclass
class Org:
    id: str
    name: str
    level: str
    phone: str | None
    address: str | None


@dataclass
class Basis:
    text: str
    policy: PolicyView | None = None  # a reference to a policy of this site


@dataclass
class Item:
    """One row of a catalogue table, references resolved."""

    model: m.CatalogueItem
    org: Org
    subjects: list[Org | str]
    basis: list[Basis]
    phone: str | None

    @property
    def anchor(self) -> str:
        return urls.item_anchor(self.org.id, self.model.id)


@dataclass
class CatalogueView:
    """A catalogue as the site shows it. What its place among the others needs is read off the
    check's references (its level, review date, the policies it cites); its model and rows are
    made when first asked: a build into an existing site that makes no page of a catalogue
    validates none of the cache's tens of thousands of rows."""

    domain: Domain
    org: Org
    source: FileResult = field(repr=False, compare=False)
    rel: str
    level: str
    updated: dt.date | None
    ids: list[str]  # each row's id, in order
    history: list[Entry] = field(default_factory=list)  # 更新记录, newest first
    modified: dt.date | None = None  # the last change (from git; else the review date)
    # makes the rows of the catalogue (see build)
    rows: Callable[[CatalogueView], list[Item]] | None = field(default=None, repr=False, compare=False)

    @property
    def model(self) -> m.Catalogue:
        model = self.source.model
        assert isinstance(model, m.Catalogue)
        return model

    @functools.cached_property
    def items(self) -> list[Item]:
        """Its rows, references resolved."""
        return self.rows(self) if self.rows is not None else []

    @property
    def url(self) -> str:
        return urls.catalogue_url(self.domain.slug)

    def category_spans(self) -> list[int]:
        """Rows each 一级事项 cell spans (0 for rows inside a span), as in the national table."""
        spans = [0] * len(self.items)
        start = 0
        for i in range(1, len(self.items) + 1):
            if i == len(self.items) or self.items[i].model.category != self.items[start].model.category:
                spans[start] = i - start
                start = i
        return spans


@dataclass
class PolicyView:
    id: str
    model: m.Policy
    rel: str
    body: str
    issuers: list[Org | str]
    drafter: Org | str
    domains: list[Domain]
    interpretations: list[InterpretationView] = field(default_factory=list)
    # the catalogue rows that give it as their basis (公开依据): each catalogue and row number
    citations: list[tuple[CatalogueView, int]] = field(default_factory=list)
    superseded_by: PolicyView | None = None  # the document that replaces this one
    replaces: list[PolicyView] = field(default_factory=list)  # the documents this one replaced
    history: list[Entry] = field(default_factory=list)  # 更新记录, newest first
    modified: dt.date | None = None  # the last change (from git; else the publication date)

    @property
    def url(self) -> str:
        return urls.policy_url(self.id)

    @property
    def cited_by(self) -> list[tuple[CatalogueView, Item]]:
        """The catalogue rows that give it as their basis, in the catalogues' order."""
        return [(view, view.items[row]) for view, row in self.citations]

    @property
    def in_force(self) -> bool:
        """失效/废止 documents keep their page, marked, and leave the lists of current ones."""
        return self.model.in_force

    @property
    def published(self) -> dt.date:
        return self.model.published

    @property
    def public(self) -> bool:
        """主动公开 documents are published in full; 依申请公开 ones show their metadata only."""
        return self.model.disclosure == "主动公开"


@dataclass
class InterpretationView:
    id: str
    model: m.Interpretation
    rel: str
    body: str
    policy: PolicyView
    interpreter: Org | str

    @property
    def url(self) -> str:
        return urls.interpretation_url(self.id)

    @property
    def published(self) -> dt.date:
        return self.model.published


@dataclass
class PageView:
    name: str
    model: m.Page
    rel: str
    body: str

    @property
    def url(self) -> str:
        return urls.page_url(self.name)


@dataclass
class AnnualReportView:
    """One 政府信息公开工作年度报告, its tables laid out as the national format prints them."""

    org: Org
    model: m.AnnualReport
    rel: str
    tables: list[Table]
    counted: str = ""  # the rows of table 二 counted from the policy library (not written)

    @property
    def key(self) -> str:
        return urls.annual_report_key(self.model.year, self.org.id)

    @property
    def url(self) -> str:
        return urls.annual_report_url(self.model.year, self.org.id)

    @property
    def xlsx_url(self) -> str:
        return urls.annual_report_xlsx_url(self.model.year, self.org.id)

    @property
    def title(self) -> str:
        return self.model.title or f"{self.org.name}{self.model.year}年政府信息公开工作年度报告"

    @property
    def published(self) -> dt.date:
        return self.model.published


@dataclass
class SiteData:
    site: m.Site
    orgs: dict[str, Org]
    domains: list[Domain]  # built-in order, then local ones
    catalogues: dict[str, list[CatalogueView]]  # by domain slug
    policies: list[PolicyView]  # newest first
    interpretations: list[InterpretationView]  # newest first
    pages: list[PageView]
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # content/search.yml
    annual_reports: list[AnnualReportView] = field(default_factory=list)  # newest year first
    # the assessment figures (compliance), made when first asked: after the search index starts
    figures: Callable[[], Compliance | None] | None = field(default=None, repr=False, compare=False)
    # by organization, made on first use (see policies_of)
    _issued: dict[str, list[PolicyView]] | None = field(default=None, init=False, repr=False, compare=False)
    _interpreted: dict[str, list[InterpretationView]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # the pages of each kind (pages.PageKind.pages), listed once, with what they were made of
    page_lists: dict[str, tuple[tuple[Any, ...], list[Any]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def made_of(self) -> tuple[Any, ...]:
        """What the site's pages are listed from (a page list made of other parts is made again)."""
        return tuple(getattr(self, f.name) for f in fields(self) if f.init and f.compare)

    @functools.cached_property
    def compliance(self) -> Compliance | None:
        """The assessment figures, unless site.yml turns the page off (compliance_page: false).
        Made in each process that asks (the page's, and the downloads' forked before it); the
        corpus they are made of is let go once they are."""
        if self.figures is None:
            return None
        made = self.figures()
        self.figures = None
        return made

    def org_name(self, value: Org | str) -> str:
        return value.name if isinstance(value, Org) else value

    def catalogues_of(self, org_id: str) -> list[CatalogueView]:
        return [c for views in self.catalogues.values() for c in views if c.org.id == org_id]

    @property
    def current_policies(self) -> list[PolicyView]:
        return [p for p in self.policies if p.in_force]

    @property
    def past_policies(self) -> list[PolicyView]:
        """The documents no longer in force (失效, 废止), newest first."""
        return [p for p in self.policies if not p.in_force]

    def policies_of(self, org_id: str) -> list[PolicyView]:
        """The policies an organization issued (alone or jointly), newest first."""
        if self._issued is None:  # once: every organization's page asks (150 × 25,000 at 50k)
            issued: dict[str, list[PolicyView]] = {}  # (set when whole: the search thread may ask)
            for p in self.policies:
                for org in {o.id for o in p.issuers if isinstance(o, Org)}:
                    issued.setdefault(org, []).append(p)
            self._issued = issued
        return list(self._issued.get(org_id, []))

    def interpretations_of(self, org_id: str) -> list[InterpretationView]:
        if self._interpreted is None:
            interpreted: dict[str, list[InterpretationView]] = {}
            for i in self.interpretations:
                if isinstance(i.interpreter, Org):
                    interpreted.setdefault(i.interpreter.id, []).append(i)
            self._interpreted = interpreted
        return list(self._interpreted.get(org_id, []))

    def item_count(self, slug: str) -> int:
        return sum(len(c.ids) for c in self.catalogues.get(slug, []))

    def before_fork(self, *, every: bool) -> None:
        """Make what a process forked to write the downloads would otherwise make again, as
        this one needs it too: where it writes them all (``every``, a first build), every
        catalogue's rows; else the assessment figures (their page is made in every build)."""
        if every:
            for views in self.catalogues.values():
                for view in views:
                    _ = view.items
        else:
            _ = self.compliance


def build(
    corpus: Corpus,
    now: dt.datetime | None = None,
    *,
    today: dt.date | None = None,
    history: History | None = None,
) -> SiteData:
    """Resolve every reference of a corpus that passed the check (no errors).

    A policy whose ``publish_after`` is later than ``now`` (default: the moment the check
    judged, else the build moment) is left out, and with it everything that would show it:
    its page, its place in lists and feeds, its interpretations, links to it, its search
    record and its rows in the downloads.

    ``today`` is the day the assessment figures are judged on (catalogues not reviewed for a
    year, annual reports due): the build's date. ``history`` gives each catalogue and policy
    its 更新记录 from git; without it (or for a file it does not know) a catalogue shows its
    review date (``updated``) and a policy its publication date.
    """
    history = history or History(reason="")
    assert corpus.site is not None
    now = now or corpus.now or build_moment()
    orgs = {o.id: Org(o.id, o.name, o.level, o.phone, o.address) for o in corpus.organizations.values()}

    def org(value: str) -> Org | str:
        found = corpus.resolve_org(value)
        return orgs.get(found, value) if found else value

    policies: dict[str, PolicyView] = {}
    for f in corpus.policies:
        p = f.model
        # 不予公开: never published, not even its title; 依申请公开: metadata only
        if not isinstance(p, m.Policy) or p.disclosure == "不予公开" or p.embargoed(now):
            continue
        issuers = [org(x) for x in p.issuer]
        policies[f.rel] = PolicyView(
            id=f.doc_id,
            model=p,
            rel=f.rel,
            body=f.body if p.disclosure == "主动公开" else "",
            issuers=issuers,
            drafter=org(p.drafter) if p.drafter else issuers[0],
            domains=_domains(corpus, p.domains),
        )
        shown = policies[f.rel]
        shown.history = history.entries.get(f.rel) or [Entry(p.published, "", "发布")]
        shown.modified = history.modified.get(f.rel, p.published)

    def policy_of(ref: str) -> PolicyView | None:
        found = corpus.resolve_policy(ref)
        return policies.get(found.rel) if found is not None else None

    for doc in policies.values():
        if doc.model.superseded_by is not None:
            doc.superseded_by = policy_of(doc.model.superseded_by)
            if doc.superseded_by is not None:
                doc.superseded_by.replaces.append(doc)

    interpretations: list[InterpretationView] = []
    for f in corpus.interpretations:
        it = f.model
        if not isinstance(it, m.Interpretation):
            continue
        target = policy_of(it.interprets)
        if target is None:
            continue
        reading = InterpretationView(f.doc_id, it, f.rel, f.body, target, org(it.interpreter))
        target.interpretations.append(reading)
        interpretations.append(reading)

    def rows(view: CatalogueView) -> list[Item]:
        owner, made = view.org, []
        for item in view.model.items:
            subjects: list[Org | str] = [org(s) for s in item.subjects] if item.subjects else [owner]
            basis = [
                Basis(b.policy, policy_of(b.policy)) if isinstance(b, m.PolicyRef) else Basis(b)
                for b in item.basis
            ]
            first = subjects[0]
            phone = item.phone or (first.phone if isinstance(first, Org) else None) or owner.phone
            made.append(Item(item, owner, subjects, basis, phone))
        return made

    catalogues: dict[str, list[CatalogueView]] = {}
    for f in sorted(corpus.catalogues, key=lambda f: f.rel):
        refs = f.refs  # (of a valid catalogue: all of it; partial: its model failed)
        if refs is None or refs.partial or refs.domain is None or refs.organization is None:
            continue
        slug, owner = corpus.domains.resolve(refs.domain), org(refs.organization)
        if slug is None or not isinstance(owner, Org):
            continue
        updated = dt.date.fromisoformat(refs.updated) if refs.updated else None
        level = refs.level or f.model.level
        domain = corpus.domains.domains[slug]
        view = CatalogueView(domain, owner, f, f.rel, level, updated, refs.ids, rows=rows)
        view.history = history.entries.get(f.rel) or ([Entry(updated, "", "复核更新")] if updated else [])
        view.modified = history.modified.get(f.rel, updated)
        for row, _position, ref in refs.policies:
            if (cited := policy_of(ref)) is not None:
                cited.citations.append((view, row))
        catalogues.setdefault(slug, []).append(view)
    for views in catalogues.values():
        # county catalogues first, then townships; by organization name within a level
        views.sort(key=lambda v: (v.level != "县级", v.org.name))

    pages = [
        PageView(f.doc_id, f.model, f.rel, f.body)
        for f in sorted(corpus.pages, key=lambda f: f.rel)
        if isinstance(f.model, m.Page)
    ]
    reports = [r for f in corpus.annual_reports if (r := _annual_report(corpus, orgs, f)) is not None]
    newest = sorted(policies.values(), key=lambda p: (p.published, p.id), reverse=True)
    for p in newest:
        p.interpretations.sort(key=lambda i: (i.published, i.id))
    return SiteData(
        site=corpus.site,
        orgs=orgs,
        domains=list(corpus.domains.domains.values()),
        catalogues=catalogues,
        policies=newest,
        interpretations=sorted(interpretations, key=lambda i: (i.published, i.id), reverse=True),
        pages=sorted(pages, key=lambda p: (p.model.column or "", p.model.order, p.name)),
        synonyms=dict(corpus.search.synonyms) if corpus.search else {},
        annual_reports=sorted(reports, key=lambda r: (-r.model.year, r.org.level != "县级", r.org.name)),
        figures=functools.partial(compute, corpus, today or dt.date.today())
        if corpus.site.compliance_page
        else None,
    )


def _annual_report(corpus: Corpus, orgs: dict[str, Org], f: FileResult) -> AnnualReportView | None:
    r = report_of(f)
    org_id = corpus.resolve_org(r.organization) if r is not None else None
    if r is None or org_id is None or org_id not in orgs:
        return None
    filled: dict[str, tuple[int, int, int]] = {}
    for key, kind in LIBRARY_KINDS.items():
        if getattr(r.active_rows, key) is None:
            filled[key] = library_figures(corpus, org_id, r.year, kind) or (0, 0, 0)
    counted = "、".join(LIBRARY_KINDS[k] for k in filled)
    return AnnualReportView(orgs[org_id], r, f.rel, annual_tables(r, filled), counted)


def _domains(corpus: Corpus, names: list[str]) -> list[Domain]:
    out: list[Domain] = []
    for name in names:
        slug = corpus.domains.resolve(name)
        if slug is not None and corpus.domains.domains[slug] not in out:
            out.append(corpus.domains.domains[slug])
    return out
