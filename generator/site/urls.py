"""The URL contract: every path of the published site, in one place.

People and other sites link to these paths, so they never change:

- ``catalogues/`` and ``catalogues/<domain-slug>/``    the domains' catalogue tables
- ``organizations/`` and ``organizations/<org-id>/``   everything one organization publishes
- ``policies/`` and ``policies/<id>/``
- ``interpretations/`` and ``interpretations/<id>/``
- ``pages/<name>/``                                    free pages (公开指南, 制度 …)
- ``annual-reports/`` and ``annual-reports/<year>/<org-id>/``  政府信息公开工作年度报告
- ``search/``                                          site search
- ``help/``                                            help for readers (search, 依申请公开, the tables)
- ``compliance/``                                      the assessment figures (unless turned off)
- ``data/catalogues.json``, ``data/policies.json``, ``data/compliance.json``,
  ``data/catalogues/<domain-slug>.csv|.xlsx``
- ``data/annual-reports/<year>/<org-id>.xlsx``         an annual report's tables
- ``feed.xml`` (Atom), ``sitemap.xml``
- ``catalogues/<domain-slug>/feed.xml``, ``organizations/<org-id>/feed.xml``: one domain's, one
  organization's policies and interpretations (Atom)

A pattern holds ``{key}`` where one page exists per object (a slug, an id, a name). All paths
are relative to the site root: :func:`absolute` joins one to ``site.yml``'s base_url, and
:func:`relative` makes the link from one page to another. The page templates and the theme
receive this module as a Jinja global, so no template spells a path itself.
"""

from __future__ import annotations

from functools import lru_cache

HOME = ""
CATALOGUE_INDEX = "catalogues/"
CATALOGUE = "catalogues/{key}/"
ORGANIZATION_INDEX = "organizations/"
ORGANIZATION = "organizations/{key}/"
POLICY_LIST = "policies/"
POLICY = "policies/{key}/"
INTERPRETATION_LIST = "interpretations/"
INTERPRETATION = "interpretations/{key}/"
PAGE = "pages/{key}/"
ANNUAL_REPORT_LIST = "annual-reports/"
ANNUAL_REPORT = "annual-reports/{key}/"  # key: <year>/<org-id>
SEARCH = "search/"
HELP = "help/"
COMPLIANCE = "compliance/"  # the assessment figures (a site may turn it off)
SEARCH_BUNDLE = "pagefind/"  # pagefind's files, loaded by the search page's script

CATALOGUES_JSON = "data/catalogues.json"
POLICIES_JSON = "data/policies.json"
COMPLIANCE_JSON = "data/compliance.json"
CATALOGUE_CSV = "data/catalogues/{key}.csv"
CATALOGUE_XLSX = "data/catalogues/{key}.xlsx"
ANNUAL_REPORT_XLSX = "data/annual-reports/{key}.xlsx"
FEED = "feed.xml"
CATALOGUE_FEED = "catalogues/{key}/feed.xml"
ORGANIZATION_FEED = "organizations/{key}/feed.xml"
SITEMAP = "sitemap.xml"  # written by mkdocs from its pages


def catalogue_url(slug: str) -> str:
    return CATALOGUE.format(key=slug)


def organization_url(org_id: str) -> str:
    return ORGANIZATION.format(key=org_id)


def policy_url(doc_id: str) -> str:
    return POLICY.format(key=doc_id)


def interpretation_url(doc_id: str) -> str:
    return INTERPRETATION.format(key=doc_id)


def page_url(name: str) -> str:
    return PAGE.format(key=name)


def annual_report_key(year: int, org_id: str) -> str:
    return f"{year}/{org_id}"


def annual_report_url(year: int, org_id: str) -> str:
    return ANNUAL_REPORT.format(key=annual_report_key(year, org_id))


def annual_report_xlsx_url(year: int, org_id: str) -> str:
    return ANNUAL_REPORT_XLSX.format(key=annual_report_key(year, org_id))


def csv_url(slug: str) -> str:
    return CATALOGUE_CSV.format(key=slug)


def xlsx_url(slug: str) -> str:
    return CATALOGUE_XLSX.format(key=slug)


def item_anchor(org_id: str, item_id: str) -> str:
    """The fragment of one catalogue item's row on its domain's page."""
    return f"{org_id}-{item_id}"


def absolute(base_url: str | None, path: str) -> str:
    if not base_url:
        return "/" + path
    return base_url.rstrip("/") + "/" + path


@lru_cache(maxsize=8192)
def _segments(url: str) -> tuple[str, ...]:
    """A URL's path segments (a page's own and the pages it links to recur on every page)."""
    return tuple(s for s in url.split("/") if s and s != ".")


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at directory URL ``from_url`` to ``to_url`` (may carry #fragment).

    As ``posixpath.relpath`` would give it (site-relative URLs, no ``..`` in them), without
    its cost: every page makes a hundred links.
    """
    target, _, fragment = to_url.partition("#")
    here, there = _segments(from_url), _segments(target)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join((*[".."] * (len(here) - common), *there[common:])) or "."
    if not target or target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")
