"""A policy's life on the built site: a repealed document keeps its page and is marked, lists
show current documents first, and an embargoed one is in no output until its moment."""

from __future__ import annotations

import gzip
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from tests.unit.test_rules import POLICY, edit

from .conftest import Project, write_project
from .test_reproducible import tree

EMBARGOED = "policies/2024/press-release.md"
EMBARGOED_POLICY = """\
---
title: 测试县关于发布会当日公布事项的决定
doc_number: 测政发〔2024〕7号
issuer: office
written: 2024-10-20
published: 2024-10-21
disclosure: 主动公开
needs_interpretation: false
no_interpretation_reason: 测试用文件，无需解读。
publish_after: 2026-01-01T10:00:00+08:00
---
决定正文：新闻发布会之前不得公开。
"""
TITLE = "测试县关于发布会当日公布事项的决定"


def build_at(project: Project, site: Path, epoch: str) -> Path:
    from generator.site.plugin import build_site

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", epoch)
        mp.setenv("ZWGK_CACHE_DIR", str(project.cache))
        return build_site(project.config, site, strict=True)


def texts(site: Path) -> dict[str, str]:
    """Every output file as text: pages, feed, sitemap, JSON and CSV as they are, the workbooks'
    XML parts and pagefind's compressed index files unpacked."""
    out: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        raw = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                out[rel] = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif rel.startswith("pagefind/") and raw[:2] == b"\x1f\x8b":
            out[rel] = gzip.decompress(raw).decode("utf-8", "replace")
        else:
            out[rel] = raw.decode("utf-8", "replace")
    return out


def test_an_embargoed_policy_is_in_no_output_before_its_moment_and_in_all_after(
    content: Path, tmp_path: Path
) -> None:
    (content / EMBARGOED).write_text(EMBARGOED_POLICY, encoding="utf-8")
    project = write_project(tmp_path, content, tmp_path / "cache")
    before = texts(build_at(project, tmp_path / "before", "1767229200"))  # 09:00 Beijing time
    after = texts(build_at(project, tmp_path / "after", "1767232800"))  # 10:00 Beijing time
    leaks = sorted(rel for rel, text in before.items() if TITLE in text or "press-release" in text)
    assert leaks == []
    assert "policies/press-release/index.html" not in before
    shown = {rel for rel, text in after.items() if TITLE in text or "press-release" in text}
    assert {
        "policies/press-release/index.html",  # its page
        "policies/index.html",  # the list
        "organizations/office/index.html",  # its issuer's page
        "index.html",  # the home page's newest documents
        "feed.xml",
        "sitemap.xml",
        "data/policies.json",
    } <= shown
    assert any(rel.startswith("pagefind/") for rel in shown)  # the search index


def test_a_build_into_the_site_past_the_moment_gives_what_a_cold_build_gives(
    content: Path, tmp_path: Path
) -> None:
    """The same content built again into the same site an hour later, past an embargo (the
    same build date): what the earlier build kept for its inputs (the lists' content, the
    feeds, the downloads, the search parts) is not reused where the document now shows."""
    (content / EMBARGOED).write_text(EMBARGOED_POLICY, encoding="utf-8")
    project = write_project(tmp_path, content, tmp_path / "cache")
    build_at(project, project.site, "1767229200")  # 09:00 Beijing time
    lists = next((project.cache / "builds").glob("*-lists.json"))
    assert TITLE not in lists.read_text("utf-8")
    again = tree(build_at(project, project.site, "1767232800"))  # 10:00, into the same site
    assert TITLE in lists.read_text("utf-8")  # made again, not reused
    cold = tree(build_at(replace(project, cache=tmp_path / "cold-cache"), tmp_path / "cold", "1767232800"))
    assert [name for name in cold if again.get(name) != cold[name]] == [] and again.keys() == cold.keys()


def test_a_repealed_policy_keeps_its_page_marked_with_its_replacement(content: Path, tmp_path: Path) -> None:
    from ._html import parse

    edit(
        content,
        POLICY,
        "disclosure: 主动公开\n",
        "disclosure: 主动公开\nvalidity: 废止\nrepealed: 2024-10-08\nsuperseded_by: 测政办发〔2024〕12号\n",
    )
    project = write_project(tmp_path, content, tmp_path / "cache")
    site = build_at(project, tmp_path / "site", "1767225600")
    page = (site / "policies/enrolment-plan/index.html").read_text(encoding="utf-8")
    notice = parse(page).one("div", "zwgk-repealed")
    assert "本文件已废止" in notice.text() and "2024-10-08" in notice.text()
    assert notice.one("a").get("href") == "../open-gov-plan/"
    replacement = (site / "policies/open-gov-plan/index.html").read_text(encoding="utf-8")
    back = parse(replacement).one("p", "zwgk-replaces")
    assert "本文件废止了" in back.text()
    assert back.one("a").get("href") == "../enrolment-plan/"
    # the list shows current documents; the repealed one only behind the switch
    listing = parse((site / "policies/index.html").read_text(encoding="utf-8"))
    past = listing.one("details", "zwgk-past")
    hidden = past.find_all("a", "zwgk-doc__title")
    assert [a.get("href") for a in hidden] == ["enrolment-plan/"]
    shown = [a.get("href") for a in listing.find_all("a", "zwgk-doc__title") if a not in hidden]
    assert shown == ["open-gov-plan/"]
    # search can tell them apart, and the feed announces the repeal as an update
    assert 'data-pagefind-filter="有效性">废止<' in page
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    entry = feed[feed.index("policies/enrolment-plan/") :]
    assert "<updated>2024-10-08T00:00:00+08:00</updated>" in entry.split("</entry>")[0]
    assert "本文件已于 2024-10-08 废止" in feed
