"""The fingerprint of a page covers everything the page shows."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from generator.checks.run import check
from generator.site import incremental
from generator.site import sitedata as sd
from tests.conftest import TODAY

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"
MOMENT = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


def _org_print(content: Path, cache: Path, org: str) -> str:
    result = check(content, today=TODAY, cache_dir=cache, now=MOMENT)
    data = sd.build(result.corpus, MOMENT, today=TODAY)
    world = incremental.world(result.corpus, build_date=TODAY, today=TODAY)
    fingerprint = incremental.Inputs(data, result.corpus, world).of("organization", org, "", data.orgs[org])
    assert fingerprint is not None
    return fingerprint


def test_an_organization_page_shows_the_interpretations_of_its_policies(tmp_path: Path) -> None:
    """The office's page lists its policy 2026-disaster-relief-plan with a link to its
    interpretation, whose title it shows, though another organization (emergency) wrote it."""
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    before = _org_print(content, tmp_path / "cache", "office")
    reading = content / "interpretations" / "2026" / "2026-disaster-relief-plan-jd.md"
    text = reading.read_text("utf-8")
    assert re.search(r"^interpreter: emergency$", text, re.M)
    reading.write_text(re.sub(r"^title: (.*)$", r"title: \1（修订）", text, count=1, flags=re.M), "utf-8")
    assert _org_print(content, tmp_path / "cache", "office") != before


def test_an_organizations_documents_are_those_it_issued_or_interpreted(tmp_path: Path) -> None:
    """policies_of and interpretations_of (every organization's page asks them, once each):
    each policy under each of its issuers once, each interpretation under its interpreter,
    newest first as the lists are."""
    result = check(REPO_CONTENT, today=TODAY, cache_dir=tmp_path / "cache", now=MOMENT)
    data = sd.build(result.corpus, MOMENT, today=TODAY)
    joint = [p for p in data.policies if len({o.id for o in p.issuers if isinstance(o, sd.Org)}) > 1]
    assert joint  # the sample has policies issued jointly
    for org in data.orgs:
        issued = [p for p in data.policies if any(isinstance(o, sd.Org) and o.id == org for o in p.issuers)]
        assert [p.id for p in data.policies_of(org)] == [p.id for p in issued]
        interpreted = [
            i for i in data.interpretations if isinstance(i.interpreter, sd.Org) and i.interpreter.id == org
        ]
        assert [i.id for i in data.interpretations_of(org)] == [i.id for i in interpreted]
    assert sum(len(data.policies_of(org)) for org in data.orgs) > len(data.policies)  # (the joint ones)
    assert data.policies_of("no-such-organization") == []
