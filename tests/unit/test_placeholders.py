"""E209: what a `zwgk new` template leaves to be replaced is an error until it is replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checks import check
from generator.commands.new import new_command
from generator.content.scaffold import SAMPLE_BODY_TEXTS, only_ellipsis, sample_item

from ..conftest import TODAY, codes

CAT = "catalogues/employment/edu.yml"
POLICY = "policies/2024/new-policy.md"
READING = "interpretations/2024/new-policy-read.md"

# what a department writes in place of the templates' placeholders
FILLED = {
    "catalogue": [
        ("category: 招生管理", "category: 就业服务"),
        ("name: 招生范围", "name: 就业扶持政策"),
        ("content: [招生范围, 学区划分详细情况]", "content: [就业扶持政策清单]"),
        ("basis: [《中华人民共和国政府信息公开条例》]", "basis: [《中华人民共和国就业促进法》]"),
    ],
    "policy": [
        ("示例县人民政府办公室关于印发……的通知", "测试县教育和体育局关于做好2024年就业工作的通知"),
        ("在这里写正文（Markdown 格式）。", "各学校：现就做好2024年就业工作通知如下。"),
    ],
    "interpretation": [
        ("title: 《……》政策解读", "title: 《关于做好2024年就业工作的通知》政策解读"),
        ("## 背景依据\n\n……", "## 背景依据\n\n依据《中华人民共和国就业促进法》。"),
        ("## 目标任务\n\n……", "## 目标任务\n\n稳定就业。"),
        ("## 主要内容\n\n……", "## 主要内容\n\n通知共三部分……其余略。"),
    ],
}


def new_templates(content: Path, domain: str = "就业") -> None:
    """The three templates, as `zwgk new` writes them, into the content tree."""
    for args in (
        [*("catalogue", "--out", str(content / CAT), "--organization", "edu"), "--domain", domain],
        ["policy", "--out", str(content / POLICY), "--issuer", "edu"],
        [
            *("interpretation", "--out", str(content / READING), "--interprets", "new-policy"),
            "--interpreter",
            "edu",
        ],
    ):
        result = CliRunner().invoke(new_command, [*args, "--date", "2024-10-30"])
        assert result.exit_code == 0, result.output


KINDS = {CAT: "catalogue", POLICY: "policy", READING: "interpretation"}


def fill_in(path: Path, kind: str) -> None:
    """Replace a template's placeholders with real text, as a department would."""
    text = path.read_text(encoding="utf-8")
    for old, new in FILLED[kind]:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def line_of(content: Path, rel: str, needle: str, skip: int = 0) -> int:
    lines = (content / rel).read_text(encoding="utf-8").splitlines()
    return [i + 1 for i, line in enumerate(lines) if line.startswith(needle)][skip]


def test_untouched_templates_fail_at_each_placeholder(content: Path) -> None:
    new_templates(content)
    found = [(d.path, d.line, d.code, d.key) for d in check(content, today=TODAY).diagnostics]
    assert found == [
        (CAT, line_of(content, CAT, "  - id: enrolment-area"), "E209", "items[0]"),
        (READING, line_of(content, READING, "title: 《……》政策解读"), "E209", "title"),
        *((READING, line_of(content, READING, "……", n), "E209", "正文") for n in range(3)),
        (POLICY, line_of(content, POLICY, "title: 示例县"), "E209", "title"),
        (POLICY, line_of(content, POLICY, "在这里写正文"), "E209", "正文"),
    ]


@pytest.mark.parametrize("rel", [CAT, POLICY, READING])
def test_each_template_filled_in_passes(content: Path, rel: str) -> None:
    new_templates(content)
    fill_in(content / rel, KINDS[rel])
    assert rel not in {d.path for d in check(content, today=TODAY).diagnostics}


def test_all_filled_in_the_check_is_clean(content: Path) -> None:
    new_templates(content)
    for rel, kind in KINDS.items():
        fill_in(content / rel, kind)
    assert [f"{d.path}:{d.line}: {d.code}" for d in check(content, today=TODAY).diagnostics] == []


def test_the_education_sample_item_in_another_domain(content: Path) -> None:
    new_templates(content, domain="养老服务")
    d = next(d for d in check(content, today=TODAY).diagnostics if d.path == CAT)
    assert (d.code, d.key) == ("E209", "items[0]")
    assert "招生范围" in d.message and "示例事项" in d.message


def test_the_title_is_pointed_at_the_ellipsis(content: Path) -> None:
    new_templates(content)
    d = next(d for d in check(content, today=TODAY).diagnostics if d.path == POLICY and d.key == "title")
    line = (content / POLICY).read_text(encoding="utf-8").splitlines()[d.line - 1]
    assert line[d.column - 1 :].startswith("……的通知")


# --- what is not a placeholder ---------------------------------------------------------------


def edit(content: Path, rel: str, old: str, new: str) -> None:
    path = content / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_ellipsis_in_a_sentence_is_not_a_placeholder(content: Path) -> None:
    edit(
        content, "catalogues/compulsory-education/edu.yml", "content: [招生范围, ", "content: [招生范围……等, "
    )
    path = content / "policies/2024/enrolment-plan.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n包括小学、初中……各学段。\n\n| …… | …… |\n", encoding="utf-8"
    )
    assert codes(check(content, today=TODAY)) == []


def test_the_sample_item_changed_in_one_field_is_real(content: Path) -> None:
    # the minimal site's first item shares id, category, name and content with the sample
    text = (content / "catalogues/compulsory-education/edu.yml").read_text(encoding="utf-8")
    assert "name: 招生范围" in text and "content: [招生范围, 学区划分详细情况]" in text
    assert codes(check(content, today=TODAY)) == []


def test_an_ellipsis_alone_is_a_placeholder_anywhere(content: Path) -> None:
    edit(content, "catalogues/compulsory-education/edu.yml", "levels: [乡级]", "levels: [乡级]\n    note: ……")
    edit(content, "organizations.yml", "address: 测试县文化路2号", "address: '...'")
    path = content / "pages/guide.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n⋯⋯\n", encoding="utf-8")
    found = sorted((d.path, d.code, d.key) for d in check(content, today=TODAY).diagnostics)
    assert found == [
        ("catalogues/compulsory-education/edu.yml", "E209", "items[1].note"),
        ("organizations.yml", "E209", "[1].address"),
        ("pages/guide.md", "E209", "正文"),
    ]


def test_what_the_template_writes_is_what_the_rule_knows() -> None:
    # one source: the sample item and body come from the template itself
    assert sample_item()["name"] == "招生范围"
    assert sorted(SAMPLE_BODY_TEXTS) == ["在这里写正文（Markdown 格式）。"]
    assert only_ellipsis("……") and only_ellipsis(" ... ") and only_ellipsis("⋯⋯")
    assert not only_ellipsis("等……") and not only_ellipsis("") and not only_ellipsis("..")
