"""The site's data: catalogues read off the check's references, their rows made when asked."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.checks.run import check
from generator.content import model as m
from generator.site import pages as page_table
from generator.site import sitedata as sd
from generator.site import urls
from generator.site.search_records import ITEMS_PER_RECORD, record_makers
from tests.conftest import TODAY

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"
MOMENT = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


def _from_cache(content: Path, cache: Path) -> sd.SiteData:
    check(content, today=TODAY, cache_dir=cache, now=MOMENT)  # (fills the cache)
    result = check(content, today=TODAY, cache_dir=cache, now=MOMENT)
    assert result.corpus is not None and not result.errors
    return sd.build(result.corpus, MOMENT, today=TODAY)


def test_catalogues_are_listed_without_validating_their_rows(tmp_path: Path) -> None:
    """A build whose content comes from the check cache lists every catalogue, counts its
    rows, links the policies it cites, lists every page, the search records' addresses and
    the assessment figures, and validates no catalogue's model; its rows, made when asked,
    are those of the model, and each policy's citing rows are in the catalogues' order."""
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    data = _from_cache(content, tmp_path / "cache")
    views = [v for vs in data.catalogues.values() for v in vs]
    assert len(views) >= 5
    for kind in page_table.KINDS:
        kind.pages(data)
    addresses = [url for url, _make in record_makers(data, [])]
    assert data.compliance is not None
    counts = {d.slug: data.item_count(d.slug) for d in data.domains}
    cited = [(p.rel, c.rel, n) for p in data.policies for c, n in p.citations]
    assert cited  # the sample's catalogues cite its policies
    assert all(v.source.validated is None for v in views)

    # the rows, once asked, are the model's, and the figures read off the references agree
    for view in views:
        model = view.source.model
        assert isinstance(model, m.Catalogue)
        assert [row.model for row in view.items] == list(model.items)
        assert view.ids == [item.id for item in model.items]
        assert (view.level, view.updated) == (model.level, model.updated)
    assert counts == {
        d.slug: sum(len(v.items) for v in data.catalogues.get(d.slug, [])) for d in data.domains
    }
    tables = [u for u in addresses if "#" in u]
    # (the domains' tables, in their pages' order: a record for each ITEMS_PER_RECORD rows)
    runs = [
        f"{v.url}#{v.items[n].anchor}"
        for kind in page_table.KINDS
        if kind.search_rows
        for shown in kind.pages(data)
        for v in shown.subject
        for n in range(0, len(v.items), ITEMS_PER_RECORD)
    ]
    assert tables == runs and len(tables) >= len(views)
    # each policy's citing rows: every row whose basis names it, in the catalogues' order
    by_rel = sorted(views, key=lambda v: v.rel)
    for p in data.policies:
        expected = [
            (v, row)
            for v in by_rel
            for row in v.items
            for b in row.basis
            if b.policy is not None and b.policy is p
        ]
        assert [(v.rel, row.anchor) for v, row in p.cited_by] == [(v.rel, row.anchor) for v, row in expected]
    assert any(len(p.cited_by) > 1 for p in data.policies)
    assert urls.item_anchor(views[0].org.id, views[0].ids[0]) == views[0].items[0].anchor


def test_before_the_downloads_process_is_forked(tmp_path: Path) -> None:
    """What the forked process would make again is made first: in a first build (every
    download made) every catalogue's rows, and no more; else the assessment figures only."""
    data = _from_cache(REPO_CONTENT, tmp_path / "cache")
    views = [v for vs in data.catalogues.values() for v in vs]
    data.before_fork(every=False)
    assert data.figures is None  # (made: the figures are let go once made)
    assert all("items" not in v.__dict__ and v.source.validated is None for v in views)
    other = _from_cache(REPO_CONTENT, tmp_path / "cache")
    other.before_fork(every=True)
    assert other.figures is not None  # (not made: the forked process makes its own)
    assert all(
        "items" in v.__dict__ and v.source.validated is not None
        for vs in other.catalogues.values()
        for v in vs
    )
