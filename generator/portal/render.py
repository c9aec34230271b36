"""The portal's pages: the view of the members (ordered, with figures and links) through the
Jinja templates in ``generator/portal/templates/``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from generator.content.domains import BUILTIN_DOMAINS
from generator.content.portal_model import Portal
from generator.portal.members import DomainCatalogues, Member, Policy
from generator.site import urls

FILTER = "县（市、区）"  # the search filter every member's index is merged under
LATEST = 100  # policies on the portal's list of the newest

# the pages: URL (a folder, portal-relative) → template, title and place in the navigation
PAGES: tuple[tuple[str, str, str], ...] = (
    ("", "home.html", "全文搜索"),
    ("compare/", "compare.html", "考评指标对比"),
    ("policies/", "policies.html", "最新政策文件"),
    ("catalogues/", "catalogues.html", "标准目录索引"),
)
CSS = "assets/portal.css"
JS = "assets/portal.js"
DATA = "data/portal.json"


@dataclass(frozen=True)
class PortalPolicy:
    member: Member
    policy: Policy


@dataclass(frozen=True)
class DomainRow:
    slug: str
    name: str
    pilot: bool
    publishing: list[tuple[Member, DomainCatalogues]]
    missing: list[Member]  # members that could be read and publish nothing here


@dataclass(frozen=True)
class PortalView:
    portal: Portal
    members: list[Member]
    built: dt.date

    @property
    def ok(self) -> list[Member]:
        return [m for m in self.members if m.ok]

    @property
    def unavailable(self) -> list[Member]:
        return [m for m in self.members if not m.ok]

    def latest_policies(self) -> list[PortalPolicy]:
        rows = [PortalPolicy(m, p) for m in self.ok for p in m.policies]
        rows.sort(key=lambda r: (r.policy.published, r.member.name), reverse=True)
        return rows[:LATEST]

    def domains(self) -> list[DomainRow]:
        names: dict[str, str] = {d.slug: d.name for d in BUILTIN_DOMAINS}
        for m in self.ok:
            for slug, d in m.catalogues.items():
                names.setdefault(slug, d.name)
        pilot = {d.slug for d in BUILTIN_DOMAINS}
        order = [d.slug for d in BUILTIN_DOMAINS] + sorted(s for s in names if s not in pilot)
        return [
            DomainRow(
                slug,
                names[slug],
                slug in pilot,
                [(m, m.catalogues[slug]) for m in self.ok if slug in m.catalogues],
                [m for m in self.ok if slug not in m.catalogues],
            )
            for slug in order
        ]

    def search_config(self) -> str:
        """What the search script merges: each readable member's bundles and where its pages are."""
        return json.dumps(
            [
                {
                    "name": m.name,
                    "bundles": [m.bundle, *(_beside(m.bundle, p) for p in m.parts)],
                    "base": m.root,
                }
                for m in self.ok
            ],
            ensure_ascii=False,
        ).replace("</", "<\\/")

    def data(self) -> bytes:
        """data/portal.json: the members, their state and figures (for other tools)."""
        out = {
            "portal": {"name": self.portal.name, "base_url": self.portal.base_url},
            "generated": self.built.isoformat(),
            "members": [_member_json(m) for m in self.members],
        }
        return (json.dumps(out, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _beside(bundle: str, part: str) -> str:
    """A part's folder (site-relative, pagefind-parts/1/) beside the member's main bundle."""
    return bundle[: -len(urls.SEARCH_BUNDLE)] + part


def _member_json(m: Member) -> dict[str, object]:
    f = m.figures
    return {
        "id": m.id,
        "name": m.name,
        "available": m.ok,
        "problem": m.problem,
        "site": m.root,
        "figures": None
        if f is None
        else {
            "pilot_domains": {"covered": f.covered, "total": f.pilot},
            "interpretations": {
                "required": f.required,
                "on_time": f.on_time,
                "late": f.late,
                "missing": f.missing,
            },
            "stale_catalogues": f.stale,
            "annual_reports": {"year": f.report_year, "due": f.reports, "on_time": f.reports_on_time},
            "generated": f.generated.isoformat(),
        },
    }


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.portal", "templates"),
        auto_reload=False,  # the package's own templates: not looked at again on disk
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = _percent
    return env


def _href(page: str, target: str | None) -> str | None:
    """A link from the portal page at ``page`` (a folder) to ``target`` (portal-relative or absolute)."""
    if target is None:
        return None
    if target.startswith(("http://", "https://")):
        return target
    return urls.relative(page or "./", target) if page else target


def render(view: PortalView) -> dict[str, str]:
    """Each page's portal-relative file path → its HTML."""
    env = _env()
    out: dict[str, str] = {}
    for url, template, title in PAGES:
        depth = url.count("/")
        context = {
            "view": view,
            "title": title,
            "page": url,
            "root": "../" * depth or "./",
            "nav": [(u, t, _href(url, u) if u else "../" * depth or "./") for u, _, t in PAGES],
            "href": lambda target, url=url: _href(url, target),
            "filter_name": FILTER,
            "css": "../" * depth + CSS,
            "js": "../" * depth + JS,
        }
        out[url + "index.html"] = env.get_template(template).render(context)
    return out
