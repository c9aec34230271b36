"""zwgk diff: the content at a git ref against the working tree, in a temporary repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands.diff import diff_command
from generator.content.diff import (
    BodyChange,
    Change,
    DiffError,
    FieldChange,
    diff_content,
    format_markdown,
    format_text,
    md,
)

from ..conftest import MINIMAL

CATALOGUE = "catalogues/compulsory-education/edu.yml"
NEW_ITEM = """\
  - id: school-list
    category: 学校概况
    name: 辖区义务教育学校名录
    content: [学校名称, 办学地址]
    basis: [《中华人民共和国政府信息公开条例》]
    time_limit: 长期公开
    channels: [政府网站]
    audience: 全社会
    method: 主动
    levels: [县级]
"""
NEW_POLICY = """\
---
title: 测试县人民政府办公室关于国庆节放假安排的通知
doc_number: 测政办发〔2024〕20号
issuer: office
written: 2024-09-20
published: 2024-09-23
disclosure: 主动公开
needs_interpretation: false
no_interpretation_reason: 属于节假日安排，无需解读
---
各乡镇人民政府，县政府各部门：国庆节放假安排如下。
"""
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        [
            "git",
            "-c",
            "user.name=zwgk",
            "-c",
            "user.email=zwgk@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose one commit holds a copy of the minimal content."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "county"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shutil.copytree(MINIMAL, root / "content")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初始内容")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_everything(content: Path) -> None:
    """Add an item, remove an item, change the channels and time limit of a third; add a policy,
    change a policy's title; edit an interpretation's body. Nothing is renamed."""
    catalogue = content / CATALOGUE
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text[: text.index("  - id: student-aid")] + NEW_ITEM, encoding="utf-8")
    edit(catalogue, "channels: [政府网站, 两微一端, 公开查阅点]", "channels: [政府网站, 政务服务中心]")
    edit(catalogue, "time_limit: 信息形成或者变更之日起20个工作日内", "time_limit: 每年5月10日前")
    (content / "policies/2024/holiday-duty.md").write_text(NEW_POLICY, encoding="utf-8")
    edit(
        content / "policies/2024/open-gov-plan.md",
        "title: 测试县人民政府办公室关于印发2024年政务公开工作要点的通知",
        "title: 测试县人民政府办公室关于印发2024年政务公开工作要点（修订）的通知",
    )
    edit(
        content / "interpretations/2024/enrolment-plan-qa.md",
        "为做好2024年义务教育招生工作，制定本通知。",
        "为做好2024年义务教育招生工作，保障适龄儿童入学，制定本通知。\n\n## 主要内容\n\n报名时间为7月1日至7月10日。",
    )


def test_every_change_is_one_exact_entry(repo: Path) -> None:
    content = repo / "content"
    change_everything(content)
    d = diff_content("HEAD", content, repo)

    assert len(d.catalogues) == 1
    cat = d.catalogues[0]
    assert (cat.status, cat.domain, cat.organization, cat.path, cat.fields) == (
        "changed",
        "义务教育",
        "测试县教育和体育局",
        CATALOGUE,
        (),
    )
    added, removed, changed = cat.items
    assert (added.status, added.key, added.title, added.path) == (
        "added",
        "school-list",
        "辖区义务教育学校名录",
        CATALOGUE,
    )
    assert FieldChange("channels", "公开渠道和载体", "", "政府网站") in added.fields
    assert FieldChange("content", "公开内容（要素）", "", "学校名称、办学地址") in added.fields
    assert removed == Change("removed", "student-aid", "资助对象名单", CATALOGUE)
    assert changed == Change(
        "changed",
        "enrolment-area",
        "招生范围",
        CATALOGUE,
        (
            FieldChange("time_limit", "公开时限", "信息形成或者变更之日起20个工作日内", "每年5月10日前"),
            FieldChange(
                "channels", "公开渠道和载体", "政府网站、两微一端、公开查阅点", "政府网站、政务服务中心"
            ),
        ),
    )

    new_policy, retitled = d.policies
    assert (new_policy.status, new_policy.key, new_policy.path) == (
        "added",
        "holiday-duty",
        "policies/2024/holiday-duty.md",
    )
    assert FieldChange("doc_number", "发文字号", "", "测政办发〔2024〕20号") in new_policy.fields
    assert FieldChange("needs_interpretation", "需要解读", "", "否") in new_policy.fields
    assert retitled == Change(
        "changed",
        "open-gov-plan",
        "测试县人民政府办公室关于印发2024年政务公开工作要点（修订）的通知",
        "policies/2024/open-gov-plan.md",
        (
            FieldChange(
                "title",
                "标题",
                "测试县人民政府办公室关于印发2024年政务公开工作要点的通知",
                "测试县人民政府办公室关于印发2024年政务公开工作要点（修订）的通知",
            ),
        ),
    )
    assert d.interpretations == [
        Change(
            "changed",
            "enrolment-plan-qa",
            "《关于2024年义务教育招生工作的通知》政策解读",
            "interpretations/2024/enrolment-plan-qa.md",
            (),
            BodyChange(added=5, removed=1),
        )
    ]
    assert (d.site, d.organizations, d.pages, d.others, d.unreadable) == ([], [], [], [], [])


def test_markdown_shows_a_changed_field_before_and_after(repo: Path) -> None:
    content = repo / "content"
    change_everything(content)
    out = format_markdown(diff_content("HEAD", content, repo))
    lines = out.splitlines()
    heading = lines.index("#### 义务教育 · 测试县教育和体育局（修改目录）")
    item = lines.index("**修改事项：招生范围（enrolment-area）**", heading)
    assert lines[item + 2 : item + 6] == [
        "| 项目 | 修改前 | 修改后 |",
        "| --- | --- | --- |",
        "| 公开时限 | 信息形成或者变更之日起20个工作日内 | 每年5月10日前 |",
        "| 公开渠道和载体 | 政府网站、两微一端、公开查阅点 | 政府网站、政务服务中心 |",
    ]
    assert "**删除事项：资助对象名单（student-aid）**" in lines
    assert lines[heading + 2] == f"文件：content/{CATALOGUE}"
    assert "正文有改动：增加 5 行，删除 1 行。" in lines
    assert "### 政策文件" in lines and "### 政策解读" in lines
    assert (
        "| 标题 | 测试县人民政府办公室关于印发2024年政务公开工作要点的通知 | 测试县人民政府办公室关于印发2024年政务公开工作要点（修订）的通知 |"
        in lines
    )


def test_text_report(repo: Path) -> None:
    content = repo / "content"
    change_everything(content)
    out = format_text(diff_content("HEAD", content, repo))
    assert "    修改事项 enrolment-area 招生范围" in out
    assert "      公开渠道和载体：政府网站、两微一端、公开查阅点 → 政府网站、政务服务中心" in out
    assert "      公开时限：信息形成或者变更之日起20个工作日内 → 每年5月10日前" in out
    assert "    删除事项 student-aid 资助对象名单" in out
    assert "    正文有改动：增加 5 行，删除 1 行" in out
    assert out.splitlines()[0].endswith(
        "标准目录修改 1；目录事项新增 1、删除 1、修改 1；政策文件新增 1、修改 1；政策解读修改 1。"
    )


def test_summary_names_the_departments_a_change_touches(repo: Path) -> None:
    content = repo / "content"
    change_everything(content)
    d = diff_content("HEAD", content, repo)
    # edu: its catalogue, the joint policy and its interpretation; office: its new policy and
    # the joint policy. In the order of organizations.yml; the township touched nothing.
    assert d.departments == ["测试县人民政府办公室", "测试县教育和体育局"]
    lines = format_markdown(d).splitlines()
    assert lines[4] == "涉及部门：测试县人民政府办公室、测试县教育和体育局。"
    assert format_text(d).splitlines()[1] == "涉及部门：测试县人民政府办公室、测试县教育和体育局。"


def test_departments_before_and_after_a_change_of_hands(repo: Path) -> None:
    content = repo / "content"
    # the office's interpretation handed to the township: both are concerned
    edit(
        content / "interpretations/2024/open-gov-plan-read.md",
        "interpreter: office",
        "interpreter: dongcheng",
    )
    d = diff_content("HEAD", content, repo)
    assert d.departments == ["测试县人民政府办公室", "测试县东城镇人民政府"]
    git(repo, "checkout", "-q", "--", ".")
    # a page belongs to no department: no line at all
    with (content / "pages/guide.md").open("a", encoding="utf-8") as fh:
        fh.write("\n本指南每年更新一次。\n")
    d = diff_content("HEAD", content, repo)
    assert d.pages and d.departments == []
    assert not any(line.startswith("涉及部门") for line in format_markdown(d).splitlines())


PAYLOAD_NAME = "名录<img src=x onerror=alert(1)>|`code`|[点我](javascript:alert(2))"


def test_markdown_escapes_payloads(repo: Path) -> None:
    content = repo / "content"
    payload_item = (
        NEW_ITEM.replace("辖区义务教育学校名录", f"'{PAYLOAD_NAME}'")
        + "    note: |\n      第一行\n      | 第二行 |\n"
    )
    with (content / CATALOGUE).open("a", encoding="utf-8") as fh:
        fh.write(payload_item)
    out = format_markdown(diff_content("HEAD", content, repo))
    assert "<img" not in out and "<" not in out.replace("&lt;", "")
    assert "`" not in out.replace("\\`", "")
    assert "](javascript" not in out
    name_row = next(line for line in out.splitlines() if line.startswith("| 二级事项 |"))
    assert name_row == (
        "| 二级事项 | 名录&lt;img src=x onerror=alert\\(1\\)&gt;\\|\\`code\\`\\|"
        "\\[点我\\]\\(javascript:alert\\(2\\)\\) |"
    )
    note_row = next(line for line in out.splitlines() if line.startswith("| 备注 |"))
    assert note_row == "| 备注 | 第一行⏎\\| 第二行 \\| |"
    # every row keeps its columns: no unescaped | comes from the content
    for row in (name_row, note_row):
        assert len(re.findall(r"(?<!\\)\|", row)) == 3
    heading = next(line for line in out.splitlines() if line.startswith("**新增事项"))
    assert heading.startswith("**新增事项：名录&lt;img")


def test_md_escape() -> None:
    assert md("a|b<c>d`e*f_g[h]i\nj&k") == "a\\|b&lt;c&gt;d\\`e\\*f\\_g\\[h\\]i⏎j&amp;k"
    assert md("\x1b[31m红") == "\\\\x1b\\[31m红"


def test_moved_catalogue_is_the_same_catalogue(repo: Path) -> None:
    content = repo / "content"
    target = content / "catalogues/education/edu-2024.yml"
    target.parent.mkdir()
    (content / CATALOGUE).rename(target)
    edit(target, "domain: 义务教育", "domain: compulsory-education")  # the slug names the same domain
    d = diff_content("HEAD", content, repo)
    assert d.empty
    assert "没有变化" in format_text(d) and "没有变化" in format_markdown(d)


def test_removed_catalogue_lists_its_items(repo: Path) -> None:
    content = repo / "content"
    (content / CATALOGUE).unlink()
    (cat,) = diff_content("HEAD", content, repo).catalogues
    assert (cat.status, cat.domain, cat.organization, cat.fields) == (
        "removed",
        "义务教育",
        "测试县教育和体育局",
        (),
    )
    assert [(i.status, i.key, i.fields) for i in cat.items] == [
        ("removed", "enrolment-area", ()),
        ("removed", "student-aid", ()),
    ]


def test_a_file_that_does_not_load_is_listed_not_removed(repo: Path) -> None:
    content = repo / "content"
    edit(content / CATALOGUE, "audience: 全社会", "audience: [全社会")
    d = diff_content("HEAD", content, repo)
    assert d.catalogues == []
    assert [(u.path, u.side) for u in d.unreadable] == [(CATALOGUE, "work")]
    assert d.unreadable[0].message.startswith("第 ")
    assert "无法读取的文件" in format_markdown(d)


def test_organizations_and_site(repo: Path) -> None:
    content = repo / "content"
    edit(content / "site.yml", 'phone: "0000-1000000"', 'phone: "0000-1000009"')
    with (content / "organizations.yml").open("a", encoding="utf-8") as fh:
        fh.write("- id: xishan\n  name: 测试县西山乡人民政府\n  level: 乡级\n")
    d = diff_content("HEAD", content, repo)
    assert d.site == [
        Change(
            "changed",
            "site",
            "测试县人民政府",
            "site.yml",
            (FieldChange("phone", "咨询电话", "0000-1000000", "0000-1000009"),),
        )
    ]
    assert [(c.status, c.key, c.title) for c in d.organizations] == [
        ("added", "xishan", "测试县西山乡人民政府")
    ]


def test_content_at_the_root_of_the_repository(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    git(content, "init", "-q", "-b", "main")
    git(content, "add", "-A")
    git(content, "commit", "-q", "-m", "初始内容")
    (content / "policies/2024/holiday-duty.md").write_text(NEW_POLICY, encoding="utf-8")
    d = diff_content("HEAD", content, content)
    assert d.prefix == ""
    assert [(c.status, c.key) for c in d.policies] == [("added", "holiday-duty")]
    assert "（policies/2024/holiday-duty.md）" in format_text(d)


def test_committed_changes_against_an_older_commit(repo: Path) -> None:
    content = repo / "content"
    first = git(repo, "rev-parse", "HEAD").strip()
    (content / "policies/2024/holiday-duty.md").write_text(NEW_POLICY, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "新增政策")
    assert diff_content("HEAD", content, repo).empty
    d = diff_content(first, content, repo)
    assert [(c.status, c.key) for c in d.policies] == [("added", "holiday-duty")]


def test_a_base_without_content_makes_everything_new(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-q", "-r", "--cached", "content")
    (repo / "README.md").write_text("空\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "空")
    d = diff_content("HEAD", repo / "content", repo)
    assert not d.base_has_content
    assert [c.status for c in d.catalogues] == ["added"]
    assert {c.key for c in d.policies} == {"enrolment-plan", "open-gov-plan"}


def test_bad_ref_is_a_usage_error(repo: Path) -> None:
    with pytest.raises(DiffError, match="找不到 git 版本“no-such-branch”"):
        diff_content("no-such-branch", repo / "content", repo)
    result = CliRunner().invoke(diff_command, ["no-such-branch", "--content", str(repo / "content")])
    assert result.exit_code == 2
    assert "找不到 git 版本“no-such-branch”" in result.output
    result = CliRunner().invoke(diff_command, ["--oops", "--content", str(repo / "content")])
    assert result.exit_code == 2


def test_command_defaults_to_head_and_says_nothing_changed(repo: Path) -> None:
    result = CliRunner().invoke(diff_command, ["--content", str(repo / "content")])
    assert result.exit_code == 0, result.output
    assert "与 HEAD（" in result.output and "没有变化" in result.output


def test_command_prefers_origin_main(repo: Path) -> None:
    content = repo / "content"
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    change_everything(content)
    result = CliRunner().invoke(diff_command, ["--content", str(content), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## 内容变化（与 origin/main ")
    assert "| 公开时限 | 信息形成或者变更之日起20个工作日内 | 每年5月10日前 |" in result.output


def test_command_outside_a_repository(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    result = CliRunner().invoke(diff_command, ["HEAD", "--content", str(content)])
    assert result.exit_code == 2
    assert "不在 git 仓库中" in result.output
