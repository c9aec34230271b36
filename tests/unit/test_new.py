from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checks import check
from generator.commands.fmt import fmt_command
from generator.commands.new import new_command
from generator.content import model as m
from generator.content.fmt import format_text
from generator.content.load import split_front_matter
from generator.content.scaffold import TEMPLATE_MODELS, field_comment, schema_ref, template
from generator.content.yamlsafe import parse_yaml

from ..conftest import TODAY
from .test_placeholders import fill_in

REPO = Path(__file__).resolve().parents[2]
KINDS = ("catalogue", "policy", "interpretation")


def front(kind: str, text: str) -> str:
    """The YAML of a template (the front matter of a Markdown one)."""
    if kind == "catalogue":
        return text
    split = split_front_matter(text)
    assert split is not None
    return split[0]


def new(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(new_command, args)
    return result.exit_code, result.output


# --- the template ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_first_line_is_the_schema_modeline(kind: str) -> None:
    text = template(kind, schema=f"../schemas/{kind}.schema.json")
    first = front(kind, text).splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
    if kind != "catalogue":
        assert text.startswith("---\n# yaml-language-server: ")


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_commented_from_the_model(kind: str) -> None:
    text = front(kind, template(kind))
    model_cls = TEMPLATE_MODELS[kind]
    models = [model_cls]
    if kind == "catalogue":
        models.append(m.CatalogueItem)
    else:
        models.append(m.PersonalDataException)
    for cls in models:
        for name, info in cls.model_fields.items():
            assert f"# {field_comment(info)}\n" in text, name
            assert info.title and info.description and info.description in text
            assert f"{name}:" in text
    assert "（必填）" in text and "（选填）" in text


def test_required_fields_are_filled_optional_ones_commented() -> None:
    data = parse_yaml(template("catalogue", today=TODAY)).data
    assert list(data) == ["domain", "organization", "level", "updated", "items"]
    assert data["updated"] == TODAY.isoformat()
    item = data["items"][0]
    required = [n for n, f in m.CatalogueItem.model_fields.items() if f.is_required()]
    assert list(item) == required
    assert item["channels"] == ["政府网站", "两微一端"]  # the model's example
    policy = parse_yaml(front("policy", template("policy", today=TODAY))).data
    assert list(policy) == ["title", "issuer", "written", "published", "disclosure"]
    interpretation = parse_yaml(front("interpretation", template("interpretation", today=TODAY))).data
    assert list(interpretation) == ["title", "interprets", "interpreter", "published"]


def test_controlled_values_are_listed() -> None:
    text = template("catalogue")
    assert "#   可选值：" + "、".join(m.CHANNELS) + "\n" in text
    policy = template("policy")
    for value in ("主动公开", "依申请公开", "不予公开", "有效", "失效", "废止"):
        assert value in policy
    assert "文字解读、图片图解、音视频解读、问答解读、新闻发布会 或 专家解读" in template("interpretation")


def test_values_fill_fields_and_are_quoted_when_needed() -> None:
    text = template("catalogue", values={"domain": "就业", "organization": "0501", "items.id": "first-item"})
    data = parse_yaml(text).data
    assert data["domain"] == "就业"
    assert data["organization"] == "0501"
    assert 'organization: "0501"\n' in text
    assert data["items"][0]["id"] == "first-item"
    odd = template("policy", values={"issuer": "a: b #c"})
    assert parse_yaml(front("policy", odd)).data["issuer"] == "a: b #c"


@pytest.mark.parametrize("kind", KINDS)
def test_fresh_template_is_already_formatted(kind: str) -> None:
    text = template(kind)
    assert format_text(kind, text) == text


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="没有 page 的模板"):
        template("page")


# --- the templates, filled in, pass the check ------------------------------------------------


def test_templates_pass_the_check(content: Path) -> None:
    catalogue = content / "catalogues" / "employment" / "edu.yml"
    policy = content / "policies" / "2024" / "new-policy.md"
    reading = content / "interpretations" / "2024" / "new-policy-read.md"
    late_reading = content / "interpretations" / "2024" / "enrolment-plan-more.md"
    for args in (
        [
            "catalogue",
            "--out",
            str(catalogue),
            "--organization",
            "edu",
            "--domain",
            "就业",
            "--date",
            "2024-10-30",
        ],
        ["policy", "--out", str(policy), "--issuer", "edu", "--date", "2024-10-30"],
        [
            *("interpretation", "--out", str(reading), "--interprets", "new-policy"),
            *("--interpreter", "edu", "--date", "2024-10-31"),
        ],
        [
            *("interpretation", "--out", str(late_reading), "--interprets", "测教发〔2024〕3号"),
            *("--interpreter", "edu", "--date", "2024-03-05"),
        ],
    ):
        code, output = new(args)
        assert code == 0, output
        assert output.startswith("已创建 ")
    # once the placeholders are replaced (untouched, they are errors: test_placeholders.py)
    for path, kind in (
        (catalogue, "catalogue"),
        (policy, "policy"),
        (reading, "interpretation"),
        (late_reading, "interpretation"),
    ):
        fill_in(path, kind)
    result = check(content, today=TODAY)
    assert [f"{d.path}:{d.line}: {d.code} {d.message}" for d in result.diagnostics] == []
    assert result.files == 12
    formatted = CliRunner().invoke(fmt_command, [str(catalogue), str(policy), str(reading), "--check"])
    assert formatted.exit_code == 0, formatted.output
    assert formatted.output.splitlines()[-1] == "0 个文件需要整理（共 3 个）"


def test_catalogue_template_replacing_the_existing_one(content: Path) -> None:
    path = content / "catalogues" / "compulsory-education" / "edu.yml"
    path.unlink()
    code, _ = new(["catalogue", "--out", str(path), "--organization", "edu", "--domain", "义务教育"])
    assert code == 0
    assert f"updated: {dt.date.today().isoformat()}\n" in path.read_text(encoding="utf-8")  # today by default
    fill_in(path, "catalogue")
    result = check(content, today=dt.date.today())
    assert [d.code for d in result.diagnostics] == []


def test_template_with_a_typo_fails_the_check(content: Path) -> None:
    # the check really reads the template: a reference to nothing is an error
    path = content / "catalogues" / "employment" / "edu.yml"
    args = ["catalogue", "--out", str(path), "--organization", "nobody", "--domain", "就业"]
    assert new([*args, "--date", "2024-10-30"])[0] == 0
    fill_in(path, "catalogue")
    assert [d.code for d in check(content, today=TODAY).diagnostics] == ["E302"]


# --- the command ----------------------------------------------------------------------------


def test_stdout_without_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "policy.schema.json").write_text("{}", encoding="utf-8")
    code, output = new(["policy", "--issuer", "edu", "--date", "2024-03-04"])
    assert code == 0
    assert output == template(
        "policy", values={"issuer": "edu"}, schema="schemas/policy.schema.json", today=dt.date(2024, 3, 4)
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "schemas"]  # nothing written


def test_out_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "content" / "policies" / "2024" / "p.md"
    assert new(["policy", "--out", str(path)])[0] == 0
    path.write_text("我的草稿\n", encoding="utf-8")
    code, output = new(["policy", "--out", str(path)])
    assert code == 1
    assert "文件已存在，没有覆盖" in output
    assert path.read_text(encoding="utf-8") == "我的草稿\n"


def test_schema_path_is_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "catalogue.schema.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "content" / "catalogues" / "employment" / "edu.yml"
    assert new(["catalogue", "--out", str(out)])[0] == 0
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/catalogue.schema.json"


def test_no_schema_line_without_a_schemas_folder(tmp_path: Path) -> None:
    # a path out of the site's repository would only work on the machine that wrote it
    assert schema_ref("interpretation", tmp_path) == ""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "interpretation.schema.json").write_text("{}")
    assert schema_ref("interpretation", tmp_path / "content") == "../schemas/interpretation.schema.json"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["policy", "--domain", "就业"], "选项 --domain 只用于 catalogue"),
        (["catalogue", "--issuer", "edu"], "选项 --issuer 只用于 policy"),
        (["catalogue", "--id", "Bad_Id"], "--id 只能用小写英文字母、数字和连字符"),
        (["catalogue", "--organization", " "], "选项 --organization 的值不能为空"),
        (["page"], ""),
        (["policy", "--date", "2024-13-01"], ""),
    ],
)
def test_usage_errors_exit_two(args: list[str], message: str) -> None:
    code, output = new(args)
    assert code == 2
    assert message in output
