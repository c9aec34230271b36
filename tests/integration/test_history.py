"""更新记录 from git: commits in a real repository (add an item, change a time limit, repeal
a policy) show on the built pages, with last-modified dates in sitemap.xml and the JSON
exports; a shallow clone, or a folder outside git, falls back to the files' own dates."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import MINIMAL
from tests.gitrepo import CATALOGUE, POLICY, commit, edit, git
from tests.integration import _html
from tests.integration.conftest import build, write_project

NEW_ITEM = """\
  - id: enrolment-result
    category: 招生管理
    name: 录取结果
    content: 录取结果公告
    basis: [《中华人民共和国义务教育法》]
    time_limit: 信息形成或者变更之日起20个工作日内
    channels: [政府网站]
    audience: 全社会
    method: 主动
    levels: [县级]
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A site repository with four commits on main: created, an item added, a time limit
    changed, a policy repealed."""
    root = tmp_path / "county"
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    git(root, "init", "-q", "-b", "main")
    commit(root, "初始内容", "2024-03-04")
    with (content / CATALOGUE).open("a", encoding="utf-8") as fh:
        fh.write(NEW_ITEM)
    commit(root, "新增录取结果", "2024-05-10")
    edit(content / CATALOGUE, "信息形成或者变更之日起20个工作日内", "信息形成或者变更之日起10个工作日内")
    commit(root, "缩短公开时限", "2024-06-03")
    edit(
        content / POLICY, "disclosure: 主动公开", "disclosure: 主动公开\nvalidity: 废止\nrepealed: 2024-07-01"
    )
    commit(root, "废止招生通知", "2024-07-01")
    return root


def history_lines(page: Path) -> list[str]:
    block = _html.page(page).one("div", cls="zwgk-history")
    return [" ".join(li.text().split()) for li in block.find_all("li")]


def lastmod(site: Path) -> dict[str, str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    return {
        u.findtext("s:loc", "", ns).split("/", 3)[3]: u.findtext("s:lastmod", "", ns)
        for u in root.findall("s:url", ns)
    }


def test_history_lines_on_built_pages(
    repo: Path, build_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.zwgk")
    site = build(write_project(repo, repo / "content", build_cache))
    assert history_lines(site / "catalogues/compulsory-education/index.html") == [
        "2024-06-03 修改 公开时限：招生范围",
        "2024-05-10 新增事项：录取结果",
        "2024-03-04 新建目录",
    ]
    assert history_lines(site / "policies/enrolment-plan/index.html") == [
        "2024-07-01 修改 有效性：有效 → 废止；修改 废止日期：（无） → 2024-07-01",
        "2024-03-04 发布",
    ]
    assert history_lines(site / "policies/open-gov-plan/index.html") == ["2024-03-04 发布"]
    dates = lastmod(site)
    assert dates["catalogues/compulsory-education/"] == "2024-06-03"
    assert dates["policies/enrolment-plan/"] == "2024-07-01"
    assert dates["policies/open-gov-plan/"] == "2024-03-04"
    catalogues = json.loads((site / "data/catalogues.json").read_text(encoding="utf-8"))
    assert catalogues["domains"][0]["catalogues"][0]["modified"] == "2024-06-03"
    policies = {
        p["id"]: p for p in json.loads((site / "data/policies.json").read_text(encoding="utf-8"))["policies"]
    }
    assert (policies["enrolment-plan"]["modified"], policies["open-gov-plan"]["modified"]) == (
        "2024-07-01",
        "2024-03-04",
    )
    assert not [r for r in caplog.records if "没有读取修改历史" in r.getMessage()]


def test_history_edits_of_a_policy_body_and_title(repo: Path, build_cache: Path) -> None:
    policy = repo / "content" / POLICY
    edit(
        policy,
        "现将2024年义务教育招生工作有关事项通知如下。",
        "现将2024年义务教育招生工作有关事项通知如下。\n\n补充说明。",
    )
    edit(
        policy,
        "title: 测试县教育和体育局关于2024年义务教育招生工作的通知",
        "title: 测试县教育和体育局关于2024年招生工作的通知",
    )
    commit(repo, "修改正文", "2024-08-01")
    site = build(write_project(repo, repo / "content", build_cache))
    assert history_lines(site / "policies/enrolment-plan/index.html")[0] == (
        "2024-08-01 修改 标题：测试县教育和体育局关于2024年义务教育招生工作的通知 → "
        "测试县教育和体育局关于2024年招生工作的通知；修改 正文（增加 2 行、删除 0 行）"
    )


def _fallback_checks(site: Path, caplog: pytest.LogCaptureFixture, reason: str) -> None:
    messages = [r.getMessage() for r in caplog.records if "没有读取修改历史" in r.getMessage()]
    assert len(messages) == 1 and reason in messages[0], messages
    assert history_lines(site / "catalogues/compulsory-education/index.html") == ["2024-03-01 复核更新"]
    assert history_lines(site / "policies/enrolment-plan/index.html") == ["2024-03-04 发布"]
    dates = lastmod(site)
    assert dates["catalogues/compulsory-education/"] == "2024-03-01"  # updated: in edu.yml
    assert dates["policies/enrolment-plan/"] == "2024-03-04"  # published


def test_shallow_clone_falls_back_and_says_so(
    repo: Path, tmp_path: Path, build_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    (clone / "content" / CATALOGUE).write_text(
        re.sub("10个工作日内", "20个工作日内", (clone / "content" / CATALOGUE).read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    edit(
        clone / "content" / POLICY, "validity: 废止\nrepealed: 2024-07-01\n", ""
    )  # back to what the fallback dates describe
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.zwgk")
    site = build(write_project(clone, clone / "content", build_cache))
    _fallback_checks(site, caplog, "浅克隆")


def test_outside_git_falls_back_and_says_so(
    minimal_project: object, build_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.zwgk")
    site = build(minimal_project)  # type: ignore[arg-type]
    _fallback_checks(site, caplog, "不在 git 仓库中")
