from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.commands.fmt import fmt_command
from generator.content import model as m
from generator.content.fmt import (
    FormatError,
    format_file,
    format_text,
    format_text_with_notes,
    key_order,
)
from generator.content.load import split_front_matter
from generator.content.yamlsafe import parse_yaml

# --- a rich catalogue: comments everywhere, variants, keys out of order ------------------------

RICH = """\
# yaml-language-server: $schema=../../../schemas/catalogue.schema.json
# 测试县教育和体育局 义务教育领域标准目录

# 关于 items
items:   # items 行尾
  # 第一项之前
  - name: 招生范围   # 名称
    id: enrolment-area
    # 关于 audience
    audience: 特定群众
    method: '主动公开'   # 方式
    levels: [县级, 镇级]
    category: 招生管理
    content: [招生范围]
    basis:
      - 《条例》
      - {policy: "示教发[2024]3号"}
      # 依据之后
    time_limit: 20个工作日内
    channels: [政府网站,两微一端]
    x_custom: 0501  # 未知键
    # 第一项最后一个键之后
  # 两项之间

  - id: b
    category: c
    name: n
    content: x
    basis: [y]
    time_limit: z
    channels: [政府网站]
    audience: 全社会
    method: 申请
    method_reason: 理由
    levels: 乡、村级
    phone: "0000-1234567"
updated: 2024-3-1   # 日期
organization: edu
# 关于 domain
domain: 义务教育
level: 镇级
# 文件末尾
"""

RICH_FORMATTED = """\
# yaml-language-server: $schema=../../../schemas/catalogue.schema.json
# 测试县教育和体育局 义务教育领域标准目录

# 关于 domain
domain: 义务教育
organization: edu
level: 乡级
updated: 2024-3-1   # 日期
# 关于 items
items:   # items 行尾
  # 第一项之前
  - id: enrolment-area
    category: 招生管理
    name: 招生范围   # 名称
    content: [招生范围]
    basis:
      - 《条例》
      - {policy: "示教发〔2024〕3号"}
      # 依据之后
    time_limit: 20个工作日内
    channels: [政府网站,两微一端]
    # 关于 audience
    audience: 特定群体
    method: '主动'   # 方式
    levels: [县级, 乡级]
    x_custom: 0501  # 未知键
    # 第一项最后一个键之后
  # 两项之间

  - id: b
    category: c
    name: n
    content: x
    basis: [y]
    time_limit: z
    channels: [政府网站]
    audience: 全社会
    method: 依申请
    levels: 乡级
    phone: "0000-1234567"
    method_reason: 理由
# 文件末尾
"""


def comments(text: str) -> Counter[str]:
    """The comments of the test inputs (none of their values holds a #)."""
    return Counter(found.group() for found in re.finditer(r"#.*", text))


def test_rich_catalogue_byte_exact() -> None:
    assert format_text("catalogue", RICH) == RICH_FORMATTED


def test_rich_catalogue_notes() -> None:
    _, notes = format_text_with_notes("catalogue", RICH)
    assert sorted(notes) == sorted(
        [
            "level：“镇级”改为“乡级”",
            "items[0].audience：“特定群众”改为“特定群体”",
            "items[0].method：“主动公开”改为“主动”",
            "items[0].levels[1]：“镇级”改为“乡级”",
            "items[0].basis[1].policy：“示教发[2024]3号”改为“示教发〔2024〕3号”",
            "items[1].method：“申请”改为“依申请”",
            "items[1].levels：“乡、村级”改为“乡级”",
            "顶层：调整了键的顺序",
            "items[0]：调整了键的顺序",
            "items[1]：调整了键的顺序",
        ]
    )


def test_idempotent_and_lossless() -> None:
    once = format_text("catalogue", RICH)
    assert format_text("catalogue", once) == once
    assert comments(once) == comments(RICH)
    before = parse_yaml(RICH).data
    after = parse_yaml(once).data
    # the same data, but for the normalised values
    before["level"] = "乡级"
    before["items"][0].update(audience="特定群体", method="主动", levels=["县级", "乡级"])
    before["items"][0]["basis"][1] = {"policy": "示教发〔2024〕3号"}
    before["items"][1].update(method="依申请", levels="乡级")
    assert after == before
    assert list(after) == ["domain", "organization", "level", "updated", "items"]
    assert list(after["items"][0])[:4] == ["id", "category", "name", "content"]
    assert list(after["items"][0])[-1] == "x_custom"  # unknown keys after the known ones


def test_already_formatted_is_untouched() -> None:
    text = (
        "# 站点\n"
        "name: 测试县人民政府   # 全称\n"
        "short_name: 'no'\n"
        "base_url: https://zwgk.test.gov.cn/\n"
        'phone: "0000-1000000"\n'
        "address: 测试县人民路1号\n"
        "interpretation_deadline: 03\n"
        "\n"
        "# 结尾\n"
    )
    assert format_text("site", text) == text


def test_untouched_values_stay_as_written() -> None:
    text = (
        "interpretation_deadline: 0501\n"
        "phone: '0000-1000000'\n"
        "address:\n"
        "short_name: yes\n"
        "base_url: ~\n"
        "name: 测试县\n"
    )
    assert format_text("site", text) == (
        "name: 测试县\n"
        "short_name: yes\n"
        "base_url: ~\n"
        "phone: '0000-1000000'\n"
        "address:\n"
        "interpretation_deadline: 0501\n"
    )


@pytest.mark.parametrize(
    ("kind", "before", "after"),
    [
        ("catalogue", "level: 镇级\n", "level: 乡级\n"),
        ("catalogue", "level: '乡镇级'  # 层级\n", "level: '乡级'  # 层级\n"),
        ("catalogue", "items:\n  - audience: 特定对象\n", "items:\n  - audience: 特定群体\n"),
        ("catalogue", 'items:\n  - method: "依申请公开"\n', 'items:\n  - method: "依申请"\n'),
        ("catalogue", "items:\n  - levels: [县级, 乡村级]\n", "items:\n  - levels: [县级, 乡级]\n"),
        ("catalogue", "items:\n  - levels:\n      - 镇级\n", "items:\n  - levels:\n      - 乡级\n"),
        ("organizations", "- id: a\n  level: 镇级\n", "- id: a\n  level: 乡级\n"),
        ("policy", "---\ndisclosure: 此件公开发布\n---\n", "---\ndisclosure: 主动公开\n---\n"),
        (
            "policy",
            "---\ndoc_number: 示政办发[2024]12号\n---\n",
            "---\ndoc_number: 示政办发〔2024〕12号\n---\n",
        ),
        (
            "policy",
            "---\ndoc_number: 示政办发（2024）12号\n---\n",
            "---\ndoc_number: 示政办发〔2024〕12号\n---\n",
        ),
        (
            "interpretation",
            "---\ninterprets: '示政办发【2024】12号'\n---\n",
            "---\ninterprets: '示政办发〔2024〕12号'\n---\n",
        ),
        (
            "catalogue",
            "items:\n  - basis:\n      - policy: 示教发[2024]3号\n",
            "items:\n  - basis:\n      - policy: 示教发〔2024〕3号\n",
        ),
        # not a variant of this field, or not in a field that takes variants: untouched
        ("catalogue", "items:\n  - audience: 主动\n", "items:\n  - audience: 主动\n"),
        ("site", "name: 特定群众\n", "name: 特定群众\n"),
        ("interpretation", "---\ninterprets: open-gov-plan\n---\n", "---\ninterprets: open-gov-plan\n---\n"),
    ],
)
def test_normalises_values_in_place(kind: str, before: str, after: str) -> None:
    assert format_text(kind, before) == after


def test_policy_front_matter_only() -> None:
    body = "正文第一段。  \n\n---\n\ndisclosure: 主动\nlevel: 镇级\n"
    text = (
        "---\n"
        "# yaml-language-server: $schema=../../../schemas/policy.schema.json\n"
        "disclosure: 主动   # 属性\n"
        "published: 2024-03-04\n"
        "written: 2024-3-1\n"
        "# 标题\n"
        "title: 测试县关于……的通知\n"
        "issuer: [office, edu]\n"
        "doc_number: 测政办发[2024]12号\n"
        "---\n" + body
    )
    out = format_text("policy", text)
    assert out == (
        "---\n"
        "# yaml-language-server: $schema=../../../schemas/policy.schema.json\n"
        "# 标题\n"
        "title: 测试县关于……的通知\n"
        "doc_number: 测政办发〔2024〕12号\n"
        "issuer: [office, edu]\n"
        "written: 2024-3-1\n"
        "published: 2024-03-04\n"
        "disclosure: 主动公开   # 属性\n"
        "---\n" + body
    )
    split = split_front_matter(out)
    assert split is not None and split[1] == body
    assert format_text("policy", out) == out


def test_interpretation_and_nested_personal_data() -> None:
    text = (
        "---\n"
        "published: 2024-03-04\n"
        "personal_data:\n"
        "  # 理由\n"
        "  reason: 依据《社会救助暂行办法》第六十八条\n"
        "  exception: 惩戒公示\n"
        "interpreter: edu\n"
        "interprets: 测教发〔2024〕3号\n"
        "title: 解读\n"
        "---\n"
        "## 背景依据\n"
    )
    assert format_text("interpretation", text) == (
        "---\n"
        "title: 解读\n"
        "interprets: 测教发〔2024〕3号\n"
        "interpreter: edu\n"
        "published: 2024-03-04\n"
        "personal_data:\n"
        "  exception: 惩戒公示\n"
        "  # 理由\n"
        "  reason: 依据《社会救助暂行办法》第六十八条\n"
        "---\n"
        "## 背景依据\n"
    )


def test_organizations_keep_the_dash_and_comments_between_entries() -> None:
    text = "# 机构\n- name: 乙\n  id: b   # 编号\n  level: 镇级\n\n# 第二个\n-   level: 县级\n    id: a\n"
    assert format_text("organizations", text) == (
        "# 机构\n- id: b   # 编号\n  name: 乙\n  level: 乡级\n\n# 第二个\n-   id: a\n    level: 县级\n"
    )


def test_header_comment_stays_on_top() -> None:
    # comments opening the file are its header; a comment right above a later key goes with it
    text = "# 站点设置\nphone: '1'\n# 名称\nname: 测试县\n"
    assert format_text("site", text) == "# 站点设置\n# 名称\nname: 测试县\nphone: '1'\n"


def test_comment_above_the_first_key_moves_with_it() -> None:
    text = "# 站点设置\n\n# 电话\nphone: '1'\nname: 测试县\n"
    assert format_text("site", text) == "# 站点设置\n\nname: 测试县\n# 电话\nphone: '1'\n"


def test_block_scalars_move_whole() -> None:
    text = "address: |\n  第一行\n  # 不是注释\n\nname: 测试县\n"
    assert format_text("site", text) == "name: 测试县\naddress: |\n  第一行\n  # 不是注释\n\n"


def test_multiline_values_move_whole() -> None:
    text = 'address: "测试县\n  人民路1号"\nname: 测试县\n'
    assert format_text("site", text) == 'name: 测试县\naddress: "测试县\n  人民路1号"\n'


def test_flow_mapping_order_is_left_with_a_note() -> None:
    text = "- {name: 乙, id: b, level: 镇级}\n"
    out, notes = format_text_with_notes("organizations", text)
    assert out == "- {name: 乙, id: b, level: 乡级}\n"
    assert "[0]：花括号写法的映射没有调整键的顺序" in notes


def test_block_scalar_variant_is_left_with_a_note() -> None:
    text = "level: |\n  镇级\n"
    out, notes = format_text_with_notes("catalogue", text)
    assert out == text
    assert notes == ["level：“镇级”是块写法（| 或 >），没有改动，请手工改为“乡级”"]


def test_crlf_and_bom_are_kept() -> None:
    text = "\ufeffname: 测试县\r\n# 电话\r\nphone: '1'\r\nshort_name: 测试\r\n"
    assert format_text("site", text) == "\ufeffname: 测试县\r\nshort_name: 测试\r\n# 电话\r\nphone: '1'\r\n"


def test_crlf_markdown_body_is_byte_for_byte() -> None:
    text = "---\r\ntitle: 解读\r\ninterprets: x\r\npublished: 2024-03-04\r\ninterpreter: edu\r\n---\r\n正文\n混合\r\n"
    assert format_text("interpretation", text) == (
        "---\r\ntitle: 解读\r\ninterprets: x\r\ninterpreter: edu\r\npublished: 2024-03-04\r\n---\r\n正文\n混合\r\n"
    )


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("catalogue", "domain: 义务教育\ndomain: 就业\n", "第 2 行 domain：键“domain”重复"),
        ("site", "name: &n 测试县\nshort_name: *n\n", "不支持锚点“&n”"),
        ("site", "name: !!str 测试县\n", "不支持 YAML 标签“!!str”"),
        ("site", "name: [测试县\n", "第 1 行"),
        ("site", "name: 测试县\n---\nname: 另一个\n", "一个文件只能有一份内容"),
        ("policy", "title: 没有头部\n", "缺少 YAML 头部"),
        ("policy", "---\ntitle: 没有结束\n", "YAML 头部没有结束"),
        ("policy", "---\ntitle: a\ntitle: b\n---\n正文\n", "第 3 行 title：键“title”重复"),
        ("site", "name: 测试县\rphone: '1'\n", "单独的 CR"),
        ("site", "phone: '1'\nname: \"测试\u2028县\"\n", "第 2 行有一个特殊的换行字符（U+2028）"),
    ],
)
def test_refuses_what_it_cannot_keep(kind: str, text: str, message: str) -> None:
    with pytest.raises(FormatError, match=re.escape(message)):
        format_text(kind, text)


def test_odd_line_break_is_fine_when_nothing_moves() -> None:
    text = "name: \"测试\u2028县\"\nphone: '1'\n"
    assert format_text("site", text) == text


def test_empty_and_comment_only_files_are_left_alone() -> None:
    assert format_text("site", "") == ""
    assert format_text("site", "# 只有注释\n\n") == "# 只有注释\n\n"
    assert format_text("policy", "---\n---\n正文\n") == "---\n---\n正文\n"


def test_key_order_is_the_contract() -> None:
    # the order of content-format.md, which the models follow
    contract = {
        "site": ["name", "short_name", "base_url", "phone", "address", "interpretation_deadline"],
        "catalogue": ["domain", "organization", "level", "updated", "items"],
        "policy": [
            "title",
            "doc_number",
            "index_number",
            "issuer",
            "drafter",
            "written",
            "published",
            "topic",
            "domains",
            "disclosure",
            "disclosure_reason",
            "validity",
            "needs_interpretation",
            "no_interpretation_reason",
        ],
        "interpretation": ["title", "interprets", "interpreter", "published", "form"],
    }
    for kind, keys in contract.items():
        assert [k for k in key_order(kind) if k in keys] == keys
    item = [
        "id",
        "category",
        "name",
        "content",
        "basis",
        "time_limit",
        "subjects",
        "channels",
        "channels_other",
        "audience",
        "method",
        "levels",
        "phone",
        "method_reason",
    ]
    assert [k for k in m.CatalogueItem.model_fields if k in item] == item
    assert list(m.Organization.model_fields) == ["id", "name", "level", "phone", "address", "reviewers"]


# --- files and the command ------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_format_file_writes_atomically_and_keeps_the_mode(tmp_path: Path) -> None:
    path = write(tmp_path / "content" / "site.yml", "phone: '1'\nname: 测试县\n")
    path.chmod(0o640)
    result = format_file(path, "site")
    assert result.changed and result.error is None
    assert path.read_bytes() == "name: 测试县\nphone: '1'\n".encode()
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["site.yml"]  # no temporary file left
    again = format_file(path, "site")
    assert not again.changed and again.notes == []


def test_format_file_without_writing(tmp_path: Path) -> None:
    path = write(tmp_path / "site.yml", "phone: '1'\nname: 测试县\n")
    result = format_file(path, "site", write=False)
    assert result.changed and result.new_text == "name: 测试县\nphone: '1'\n"
    assert path.read_text(encoding="utf-8") == "phone: '1'\nname: 测试县\n"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("phone: '1'\nname: 测试县\nname: 重复\n".encode(), "键“name”重复"),
        ("name: 测试县\nphone: '1'\naddress: 示例县".encode("gbk"), "不是 UTF-8 编码"),
        ("phone: '1'\nname: 测试县\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_refused_file_is_left_unchanged(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "content" / "site.yml"
    path.parent.mkdir()
    path.write_bytes(raw)
    result = format_file(path, "site")
    assert not result.changed
    assert result.error is not None and message in result.error
    assert path.read_bytes() == raw


def site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write(content / "site.yml", "name: 测试县人民政府\nshort_name: 测试县\n")
    write(content / "organizations.yml", "- level: 镇级\n  id: town\n  name: 测试镇\n")
    write(content / "catalogues" / "x" / "town.yml", "organization: town\ndomain: 就业\n")
    write(content / "policies" / "2024" / "p.md", "---\ntitle: 标题\n---\ntitle 之后的正文: 不动\n")
    write(content / "pages" / "notes.txt", "level: 镇级\n")  # not a content file
    write(content / "attachments" / "2024" / "list.yml", "b: 1\na: 2\n")  # an attachment
    return content


def test_cli_check_then_fmt(tmp_path: Path) -> None:
    content = site(tmp_path)
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    runner = CliRunner()

    checked = runner.invoke(fmt_command, [str(content), "--check"])
    assert checked.exit_code == 1, checked.output
    lines = checked.output.splitlines()
    shown = os.path.relpath(content / "catalogues/x/town.yml").replace(os.sep, "/")
    assert f"需要整理：{shown}" in lines
    assert any(line.endswith("organizations.yml") and line.startswith("需要整理：") for line in lines)
    assert "  [0].level：“镇级”改为“乡级”" in lines
    assert lines[-1] == "2 个文件需要整理（共 4 个）：运行 zwgk fmt 自动整理"
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before  # nothing written

    done = runner.invoke(fmt_command, [str(content)])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[-1] == "已整理 2 个文件（共 4 个）"
    assert (content / "organizations.yml").read_text(
        encoding="utf-8"
    ) == "- id: town\n  name: 测试镇\n  level: 乡级\n"
    assert (content / "catalogues/x/town.yml").read_text(
        encoding="utf-8"
    ) == "domain: 就业\norganization: town\n"
    assert (content / "pages/notes.txt").read_bytes() == before[content / "pages/notes.txt"]
    attachment = content / "attachments/2024/list.yml"
    assert attachment.read_bytes() == before[attachment]

    again = runner.invoke(fmt_command, [str(content), "--check"])
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1] == "0 个文件需要整理（共 4 个）"


def test_cli_defaults_to_content_and_takes_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = site(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    one = runner.invoke(fmt_command, ["content/organizations.yml", "--check"])
    assert one.exit_code == 1
    assert one.output.splitlines()[0] == "需要整理：content/organizations.yml"
    assert one.output.splitlines()[-1].startswith("1 个文件需要整理（共 1 个）")
    sub = runner.invoke(fmt_command, ["content/catalogues"])
    assert sub.exit_code == 0
    assert sub.output.splitlines() == [
        "已整理：content/catalogues/x/town.yml",
        "  顶层：调整了键的顺序",
        "已整理 1 个文件（共 1 个）",
    ]
    skipped = runner.invoke(fmt_command, ["content/pages/notes.txt"])
    assert skipped.exit_code == 0
    assert "content/pages/notes.txt：不是 content/ 中的内容文件，已跳过" in skipped.output
    everything = runner.invoke(fmt_command, [])
    assert everything.exit_code == 0
    assert everything.output.splitlines()[-1] == "已整理 1 个文件（共 4 个）"
    assert (content / "organizations.yml").read_text(encoding="utf-8").startswith("- id: town\n")


def test_cli_refusal_exit_one_and_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = site(tmp_path)
    bad = write(
        content / "catalogues" / "x" / "bad.yml", "organization: town\ndomain: 就业\ndomain: 义务教育\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(fmt_command, ["content"])
    assert result.exit_code == 1
    assert (
        "content/catalogues/x/bad.yml：无法整理标准目录，文件没有改动：第 3 行 domain：键“domain”重复，"
        "第 2 行已经写过：删除或合并其中一处"
    ) in result.output
    assert bad.read_text(encoding="utf-8") == "organization: town\ndomain: 就业\ndomain: 义务教育\n"
    assert result.output.splitlines()[-1] == "已整理 2 个文件（共 5 个），1 个文件无法整理"
    checked = CliRunner().invoke(fmt_command, ["content", "--check"])
    assert checked.exit_code == 1
    assert checked.output.splitlines()[-1] == "0 个文件需要整理（共 5 个），1 个文件无法整理"


def test_cli_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(fmt_command, []).exit_code == 2  # no content/ here
    assert runner.invoke(fmt_command, ["missing"]).exit_code == 2
    assert runner.invoke(fmt_command, ["--no-such-option"]).exit_code == 2


# --- property: any order, any comments, any layout -------------------------------------------

TOP_VALUES = {"domain": "义务教育", "organization": "edu", "level": "镇级", "updated": "2024-3-1"}
ITEM_VALUES = {
    "id": "a",
    "category": "招生管理",
    "name": "'招生范围'",
    "content": "[招生范围,学区]",
    "basis": ["《条例》", "policy: 示教发[2024]3号"],
    "time_limit": '"20个工作日内"',
    "channels": "[政府网站]",
    "audience": "特定群众",
    "method": "主动公开",
    "levels": ["县级", "镇级"],
    "phone": "'0000-1234567'",
    "x_extra": "0501",
}
DECORATIONS = st.sampled_from(["", "above", "eol", "blank", "above+eol"])


def _entry(key: str, value: str | list[str], indent: int, lead: str, decoration: str, n: int) -> list[str]:
    """One key, its value and its decoration; ``lead`` replaces the indent of its first line."""
    pad = " " * indent
    lines = []
    if "blank" in decoration:
        lines.append("")
    if "above" in decoration:
        lines.append(f"{pad}# 注释{n} 关于 {key}")
    eol = f"  # 行尾{n}" if "eol" in decoration else ""
    if isinstance(value, list):
        lines.append(f"{lead}{key}:{eol}")
        lines += [f"{pad}  - {v}" for v in value]
    else:
        lines.append(f"{lead}{key}: {value}{eol}")
    return lines


@st.composite
def catalogues(draw: st.DrawFn) -> str:
    top = draw(st.permutations([*TOP_VALUES, "items"]))
    dash = draw(st.sampled_from(["", "  "]))  # list items at the key's indent, or deeper
    counter = iter(range(1000))
    lines = ["# 文件头", ""]
    for key in top:
        decoration = draw(DECORATIONS)
        if key != "items":
            lines += _entry(key, TOP_VALUES[key], 0, "", decoration, next(counter))
            continue
        lines += _entry(key, [], 0, "", decoration, next(counter))
        for _ in range(draw(st.integers(1, 2))):
            if draw(st.booleans()):
                lines.append(f"{dash}# 事项之间{next(counter)}")
            keys = draw(st.permutations(list(ITEM_VALUES)))
            indent = len(dash) + 2
            for i, item_key in enumerate(keys):
                lead = f"{dash}- " if i == 0 else " " * indent
                decoration = draw(DECORATIONS) if i else draw(st.sampled_from(["", "eol"]))
                lines += _entry(item_key, ITEM_VALUES[item_key], indent, lead, decoration, next(counter))
    if draw(st.booleans()):
        lines.append("# 文件末尾")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(catalogues())
def test_any_catalogue_formats_losslessly(text: str) -> None:
    out = format_text("catalogue", text)
    assert format_text("catalogue", out) == out
    assert comments(out) == comments(text)
    assert out.count("\n") == text.count("\n")  # lines move, none is lost or added
    data = parse_yaml(out).data
    assert list(data) == ["domain", "organization", "level", "updated", "items"]
    known = [k for k in m.CatalogueItem.model_fields if k in ITEM_VALUES]
    for item in data["items"]:
        assert list(item) == [*known, "x_extra"]
        assert (
            item["levels"] == ["县级", "乡级"] and item["audience"] == "特定群体" and item["method"] == "主动"
        )
        assert item["basis"][1] == {"policy": "示教发〔2024〕3号"}
        assert (item["name"], item["phone"], item["x_extra"]) == ("招生范围", "0000-1234567", "0501")
    assert (data["level"], data["updated"]) == ("乡级", "2024-3-1")
    # every comment still stands right above, or at the end of, the line it stood with
    before, after = text.splitlines(), out.splitlines()

    def key(line: str) -> str:
        return line.strip().removeprefix("- ").split(":")[0]

    for i, line in enumerate(before):
        if line.strip().startswith("# 注释"):
            assert key(after[after.index(line) + 1]) == key(before[i + 1])
        elif "# 行尾" in line:
            tag = line[line.index("# 行尾") :]
            assert [key(a) for a in after if a.endswith(tag)] == [key(line)]
