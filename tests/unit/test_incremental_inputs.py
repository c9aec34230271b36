"""The fingerprint of a page covers everything the page shows."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from generator.checks.run import check
from generator.content.diff.history import Entry, History
from generator.site import buildstate, incremental
from generator.site import sitedata as sd
from generator.site.render import Rendered, render_pages
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


def _lists(content: Path, cache: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The fingerprints of the list pages (src_uri → fingerprint) and their content as made."""
    result = check(content, today=TODAY, cache_dir=cache, now=MOMENT)
    data = sd.build(result.corpus, MOMENT, today=TODAY)
    world = incremental.world(result.corpus, build_date=TODAY, today=TODAY)
    plan = incremental.plan(
        data,
        incremental.Inputs(data, result.corpus, world),
        buildstate.Previous(None, buildstate.Manifest()),
    )
    made = {r.src_uri: r.html for r in render_pages(data, searchable=False) if r.src_uri in plan.lists}
    return plan.lists, made


def test_the_lists_of_every_policy_and_interpretation_are_kept_for_the_same_inputs(tmp_path: Path) -> None:
    """The list pages' content is kept beside the manifest for the fingerprint it was made
    for: an edited body leaves both fingerprints (and so the kept content) as they were, a
    policy's new title changes both; the kept content is what the pages are made of, and
    content kept for another fingerprint, or a broken file, is not used."""
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    prints, made = _lists(content, tmp_path / "cache")
    assert sorted(prints) == ["interpretations/index.md", "policies/index.md"] == sorted(made)
    manifest = tmp_path / "builds" / "site.json"
    manifest.parent.mkdir()
    kept = incremental.Lists(manifest, prints)
    assert kept.html == {}
    kept.keep(Rendered(src, "x", "", "", "", html) for src, html in made.items())
    assert incremental.Lists(manifest, prints).html == made
    # an edited body: the same fingerprints
    policy = content / "policies" / "2026" / "2026-ca-elderly-care-subsidy.md"
    policy.write_text(policy.read_text("utf-8") + "\n正文新增的一段。\n", "utf-8")
    assert _lists(content, tmp_path / "cache")[0] == prints
    # a policy's new title: its list's fingerprint changes, the interpretations' list too (it
    # shows only interpretations, but as every download of documents, it is made again)
    policy.write_text(
        re.sub(r"^title: (.*)$", r"title: \1（修订）", policy.read_text("utf-8"), count=1, flags=re.M),
        "utf-8",
    )
    changed, remade = _lists(content, tmp_path / "cache")
    assert changed["policies/index.md"] != prints["policies/index.md"]
    assert changed["interpretations/index.md"] != prints["interpretations/index.md"]
    assert incremental.Lists(manifest, changed).html.get("policies/index.md") is None
    assert "（修订）" in remade["policies/index.md"] and "（修订）" not in made["policies/index.md"]
    # the kept content is what the pages are made of (not the templates)
    result = check(content, today=TODAY, cache_dir=tmp_path / "cache", now=MOMENT)
    data = sd.build(result.corpus, MOMENT, today=TODAY)
    pages = {
        r.src_uri: r.html
        for r in render_pages(data, searchable=False, known={"policies/index.md": "<p>已有</p>"})
    }
    assert (
        pages["policies/index.md"] == "<p>已有</p>"
        and pages["interpretations/index.md"] == remade["interpretations/index.md"]
    )
    manifest.with_name("site-lists.json").write_text("{not json", "utf-8")
    assert incremental.Lists(manifest, prints).html == {}


def _plan(
    content: Path, cache: Path, old: buildstate.Manifest, history: History | None = None
) -> incremental.Plan:
    result = check(content, today=TODAY, cache_dir=cache, now=MOMENT)
    data = sd.build(result.corpus, MOMENT, today=TODAY, history=history)
    world = incremental.world(result.corpus, build_date=TODAY, today=TODAY)
    return incremental.plan(
        data, incremental.Inputs(data, result.corpus, world), buildstate.Previous(None, old)
    )


def _as_noted(plan: incremental.Plan) -> buildstate.Manifest:
    """A manifest as a build of ``plan`` writes it: each page's and download's fingerprint
    (a page's with its frame's digest), the shape and the bodies' digests."""
    outputs: dict[str, list[object]] = {path: [fp, 1, 1] for path, fp in plan.tables.items() if fp}
    for src_uri, fp in plan.prints.items():
        url = (
            src_uri.removesuffix("index.md")
            if src_uri.endswith("index.md")
            else src_uri.removesuffix(".md") + "/"
        )
        outputs[url + "index.html"] = [f"{fp}:frame", 1, 1]
    return buildstate.Manifest(outputs=outputs, shape=plan.shape, bodies=dict(plan.bodies))


def test_where_only_bodies_changed_only_their_own_pages_are_fingerprinted_again(tmp_path: Path) -> None:
    """After an edited body (a policy's, an interpretation's), the plan takes every other
    fingerprint from the last build's manifest, and they are those it would make; any other
    change (a title, a comment in a catalogue, a new entry of a policy's 更新记录, a policy or
    interpretation the last build did not have) makes every fingerprint again."""
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    cache = tmp_path / "cache"
    first = _plan(content, cache, buildstate.Manifest())
    assert first.remade is None and first.shape and len(first.bodies) > 10
    policy = content / "policies" / "2026" / "2026-ca-elderly-care-subsidy.md"
    reading = content / "interpretations" / "2026" / "2026-disaster-relief-plan-jd.md"
    for path in (policy, reading):
        path.write_text(path.read_text("utf-8") + "\n正文新增的一段。\n", "utf-8")
    noted = _as_noted(first)
    # a manifest that said otherwise of a page not remade: its word is taken (not made again)
    noted.outputs["policies/2026-edu-enrolment-plan/index.html"][0] = "noted:frame"
    remembered = _plan(content, cache, noted)
    edited = {
        "policies/2026/2026-ca-elderly-care-subsidy.md",
        "interpretations/2026/2026-disaster-relief-plan-jd.md",
    }
    assert remembered.remade == edited
    assert remembered.prints["policies/2026-edu-enrolment-plan.md"] == "noted"
    remembered = _plan(content, cache, _as_noted(first))
    made = _plan(content, cache, buildstate.Manifest())  # every fingerprint made
    assert remembered.prints == made.prints and remembered.tables == made.tables
    assert remembered.lists == made.lists and remembered.shape == made.shape == first.shape
    changed = {src for src, fp in made.prints.items() if first.prints.get(src) != fp}
    assert changed == {
        "policies/2026-ca-elderly-care-subsidy.md",
        "interpretations/2026-disaster-relief-plan-jd.md",
    }
    # a new entry in the 更新记录 of the policy (from git), its file as it was
    logged = History(
        entries={"policies/2026/2026-ca-elderly-care-subsidy.md": [Entry(TODAY, "abc1234", "修改正文")]}
    )
    dated = _plan(content, cache, _as_noted(made), logged)
    assert dated.remade is None and dated.shape != made.shape
    # a new title: another shape, nothing taken from the manifest
    policy.write_text(
        re.sub(r"^title: (.*)$", r"title: \1（修订）", policy.read_text("utf-8"), count=1, flags=re.M),
        "utf-8",
    )
    titled = _plan(content, cache, _as_noted(made))
    assert titled.remade is None and titled.shape != made.shape
    # a comment in a catalogue (the same model, another file: the whole file is shown)
    catalogue = content / "catalogues" / "affordable-housing" / "housing.yml"
    base = _plan(content, cache, buildstate.Manifest())
    catalogue.write_text("# 复核\n" + catalogue.read_text("utf-8"), "utf-8")
    commented = _plan(content, cache, _as_noted(base))
    assert commented.remade is None and commented.shape != base.shape
    # a manifest of an older version (no shape) or of other bodies: nothing taken either
    assert _plan(content, cache, buildstate.Manifest(outputs=_as_noted(commented).outputs)).remade is None
    other = _as_noted(commented)
    other.bodies.pop(sorted(other.bodies)[0])
    assert _plan(content, cache, other).remade is None
