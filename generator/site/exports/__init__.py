"""Download exports: catalogues and policies as JSON, each domain's table as CSV and Excel, the feed.

Everything is built in memory from a :class:`~generator.site.sitedata.SiteData` and returned as
bytes keyed by the site-relative path of the URL contract (see :mod:`generator.site.urls`).
Nothing reads the clock and nothing is random: the only date that does not come from the
content is ``build_date`` (the workbook's document properties and an empty feed's date), so
two builds of the same content give byte-identical files.

- :mod:`.jsondata`: data/catalogues.json, data/policies.json and data/compliance.json
- :mod:`.tables`: data/catalogues/<slug>.csv and .xlsx, the national table
- :mod:`.feeds`: feed.xml, catalogues/<slug>/feed.xml, organizations/<id>/feed.xml
- :mod:`.annual`: data/annual-reports/<year>/<org>.xlsx, an annual report's tables
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from pathlib import Path

from generator.site import urls
from generator.site.columns import COLUMNS
from generator.site.exports.annual import annual_report_xlsx
from generator.site.exports.common import basis_label, domains_with_catalogues
from generator.site.exports.feeds import FEED_SIZE, FeedEntry, feed_entries, feed_xml, feeds
from generator.site.exports.jsondata import catalogues_json, compliance_json, policies_json
from generator.site.exports.tables import (
    catalogue_csv,
    catalogue_xlsx,
    channel_boxes,
    defuse_formula,
    table_rows,
    table_title,
)
from generator.site.pages import feed_paths
from generator.site.sitedata import SiteData

__all__ = [
    "COLUMNS",
    "FEED_SIZE",
    "FeedEntry",
    "annual_report_xlsx",
    "basis_label",
    "catalogue_csv",
    "catalogue_xlsx",
    "catalogues_json",
    "channel_boxes",
    "compliance_json",
    "defuse_formula",
    "exports",
    "feed_entries",
    "feed_xml",
    "feeds",
    "policies_json",
    "table_title",
    "write_exports",
]


def exports(data: SiteData, *, build_date: dt.date, skip: Collection[str] = ()) -> dict[str, bytes]:
    """Every download file of the site: site-relative path → bytes (nothing is written).

    The downloads of the catalogues in ``skip`` (the domains' tables, the catalogues as JSON)
    are not made: an incremental build keeps them."""
    return dict(_made(data, build_date=build_date, skip=skip))


def _made(data: SiteData, *, build_date: dt.date, skip: Collection[str] = ()) -> Iterator[tuple[str, bytes]]:
    """The download files one by one: a large site's (hundreds of MB) are not all held at once."""
    if urls.CATALOGUES_JSON not in skip:
        yield urls.CATALOGUES_JSON, catalogues_json(data)
    if urls.POLICIES_JSON not in skip:
        yield urls.POLICIES_JSON, policies_json(data)
    if data.compliance is not None:
        yield urls.COMPLIANCE_JSON, compliance_json(data)
    for domain, _views in domains_with_catalogues(data):
        csv, xlsx = urls.csv_url(domain.slug), urls.xlsx_url(domain.slug)
        rows = table_rows(data, domain.slug) if csv not in skip or xlsx not in skip else []
        if csv not in skip:
            yield csv, catalogue_csv(data, domain.slug, rows)
        if xlsx not in skip:
            yield xlsx, catalogue_xlsx(data, domain.slug, build_date=build_date, rows=rows)
    for report in data.annual_reports:
        yield report.xlsx_url, annual_report_xlsx(data, report, build_date=build_date)
    if not set(feed_paths(data)).issubset(skip):  # (kept or made all together)
        yield from feeds(data, build_date=build_date).items()  # feed.xml, each domain's and organization's


def write_exports(folder: Path, data: SiteData, build_date: dt.date, skip: Collection[str] = ()) -> None:
    """Write every download file under ``folder`` (used from a background process)."""
    for rel, payload in _made(data, build_date=build_date, skip=skip):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload)
        del payload  # (not held while the next one is made)
