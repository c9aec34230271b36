"""``zwgk new``: a commented template for a catalogue, a policy or an interpretation.

Every comment comes from the pydantic models (the single source of truth): a field's Chinese
title and description, whether it is required, its controlled values and its default; the
placeholder values are the fields' examples. Required fields are filled in, so that the
template has the right form once its references point at real ids; optional fields are
written commented out (``# key: value``), to be uncommented when needed. Keys come in the
models' order, which is the order ``zwgk fmt`` keeps, so a fresh template is already formatted.
What the department must replace (an ellipsis, the sample body and item) is defined at the
end of this module, and is an error (E209) until replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import types
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from generator.content import model as m
from generator.content.yamlsafe import parse_yaml

TEMPLATE_MODELS: dict[str, type[BaseModel]] = {
    "catalogue": m.Catalogue,
    "policy": m.Policy,
    "interpretation": m.Interpretation,
}
MARKDOWN = frozenset({"policy", "interpretation"})

# what the CLI options fill in: kind → option → field ("items.<field>" is the first item's)
OPTION_FIELDS: dict[str, dict[str, str]] = {
    "catalogue": {"domain": "domain", "organization": "organization", "item_id": "items.id"},
    "policy": {"issuer": "issuer"},
    "interpretation": {"interprets": "interprets", "interpreter": "interpreter"},
}
OPTION_NAMES = {
    "domain": "--domain",
    "organization": "--organization",
    "item_id": "--id",
    "issuer": "--issuer",
    "interprets": "--interprets",
    "interpreter": "--interpreter",
}

# dates only some documents have (a repeal, an embargo): left commented out like other options
RARE_DATES = frozenset({"repealed", "publish_after"})

_BODIES = {
    "policy": "在这里写正文（Markdown 格式）。\n",
    "interpretation": "## 背景依据\n\n……\n\n## 目标任务\n\n……\n\n## 主要内容\n\n……\n",
}


# --- reading the models ---------------------------------------------------------------------


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _parts(tp: Any) -> list[Any]:
    """The members of a union (or the type itself), unwrapped."""
    tp = _unwrap(tp)
    if get_origin(tp) is Union or get_origin(tp) is types.UnionType:
        return [p for arg in get_args(tp) for p in _parts(arg)]
    return [tp]


def _choices(tp: Any) -> list[str]:
    """The controlled values of a field (Literal members), also inside lists."""
    out: list[str] = []
    for part in _parts(tp):
        if get_origin(part) is Literal:
            out.extend(str(a) for a in get_args(part) if str(a) not in out)
        elif get_origin(part) is list:
            out.extend(c for c in _choices(get_args(part)[0]) if c not in out)
    return out


def _nested(tp: Any) -> tuple[type[BaseModel], bool] | None:
    """``(model, is_list)`` when the field holds a model or a list of models only."""
    for part in _parts(tp):
        if isinstance(part, type) and issubclass(part, BaseModel):
            return part, False
        if get_origin(part) is list:
            inner = [p for p in _parts(get_args(part)[0]) if p is not type(None)]
            if len(inner) == 1 and isinstance(inner[0], type) and issubclass(inner[0], BaseModel):
                return inner[0], True
    return None


def _accepts(tp: Any, kind: type) -> bool:
    """Whether the field takes a ``kind`` (``list``: any list)."""
    for part in _parts(tp):
        if kind is list and get_origin(part) is list:
            return True
        if isinstance(part, type) and issubclass(part, kind):
            return True
    return False


def _scalar(text: str) -> str:
    """``text`` as a YAML value: plain when that reads back as the same text, else quoted.

    Texts that start with a digit (phone and index numbers) are quoted too, so that no
    YAML tool takes them for numbers.
    """
    plain = (
        text
        and text == text.strip()
        and "\n" not in text
        and not text[0].isdigit()
        and parse_yaml(f"k: {text}\n").data == {"k": text}
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _default(info: FieldInfo) -> Any:
    if info.default is PydanticUndefined or info.default is None:
        return None
    return info.default


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    return _scalar(str(value))


def field_comment(info: FieldInfo) -> str:
    """``标题（必填）：说明`` with the default and the controlled values not already named."""
    description = info.description or ""
    text = f"{info.title}（{'必填' if info.is_required() else '选填'}）：{description}"
    default = _default(info)
    if default is not None and "默认" not in description:
        text += f"不写时为 {_yaml_value(default)}。"
    return text


def _example(info: FieldInfo, today: dt.date) -> str | None:
    """The placeholder value, as YAML text (the examples of list fields are flow lists)."""
    if _accepts(info.annotation, dt.date) and not _accepts(info.annotation, dt.datetime):
        return today.isoformat()
    if info.examples:
        example = info.examples[0]
        if isinstance(example, str) and (
            (example.startswith("[") and _accepts(info.annotation, list))
            or (example in ("true", "false") and _accepts(info.annotation, bool))
        ):
            return example
        return _yaml_value(example)
    default = _default(info)
    if default is not None:
        return _yaml_value(default)
    if info.default_factory is not None:
        return "[]"
    return None


def _model_lines(
    model_cls: type[BaseModel], values: Mapping[str, str], today: dt.date, top: bool
) -> list[str]:
    """The fields of ``model_cls`` at indent 0: a comment above each, optional ones commented out."""
    out: list[str] = []
    for name, info in model_cls.model_fields.items():
        dated = _accepts(info.annotation, dt.date) and name not in RARE_DATES
        active = info.is_required() or name in values or dated
        if top and out:
            out.append("")
        out.append(f"# {field_comment(info)}")
        choices = _choices(info.annotation)
        if choices and any(c not in (info.description or "") for c in choices):
            out.append(f"#   可选值：{'、'.join(choices)}")
        nested = _nested(info.annotation)
        if nested is not None:
            sub_cls, is_list = nested
            sub_values = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith(f"{name}.")}
            sub = _model_lines(sub_cls, sub_values, today, top=False)
            block = [f"{name}:"]
            if is_list:
                first = next(i for i, line in enumerate(sub) if not line.startswith("#"))
                block += [
                    ("  - " if i == first else "    ") + line if line else "" for i, line in enumerate(sub)
                ]
            else:
                block += [f"  {line}" for line in sub]
            out += block if active else [f"# {line}" for line in block]
            continue
        value = _yaml_value(values[name]) if name in values else _example(info, today) or ""
        line = f"{name}: {value}".rstrip()
        out.append(line if active else f"# {line}")
    return out


# --- the template ---------------------------------------------------------------------------


def schema_ref(kind: str, target_dir: Path) -> str:
    """The schema for ``kind`` relative to ``target_dir``: the nearest ``schemas/`` above it.

    Empty when there is none: a path out of the site's repository would work on one machine
    only (zwgk init gives every site its own schemas/).
    """
    name = f"{kind}.schema.json"
    target_dir = target_dir.resolve()
    for base in (target_dir, *target_dir.parents):
        if (base / "schemas" / name).is_file():
            found = base / "schemas" / name
            break
    else:
        return ""
    try:
        rel = os.path.relpath(found, target_dir)
    except ValueError:  # another drive on Windows
        return found.as_uri()
    return rel.replace(os.sep, "/")


def template(
    kind: str,
    *,
    values: Mapping[str, str] | None = None,
    schema: str | None = None,
    today: dt.date | None = None,
) -> str:
    """A commented template for ``kind`` (catalogue, policy or interpretation).

    ``values`` fill fields by name (``items.id`` is the first item's id); ``schema`` is the
    ``$schema`` path (default: relative to the current directory); ``today`` the dates.
    """
    if kind not in TEMPLATE_MODELS:
        raise ValueError(f"没有 {kind} 的模板：可选 {'、'.join(TEMPLATE_MODELS)}")
    model_cls = TEMPLATE_MODELS[kind]
    label = model_cls.model_config.get("title", kind)
    doc = (model_cls.__doc__ or "").strip().splitlines()[0]
    ref = schema_ref(kind, Path.cwd()) if schema is None else schema
    header = [f"# yaml-language-server: $schema={ref}"] if ref else []
    header.append(f"# {label}：{doc}")
    if kind in MARKDOWN:
        header.append("# 文件名（不含 .md）就是它的编号，只用小写英文字母、数字和连字符。")
    header += [
        "# 标“必填”的项必须填写，标“选填”的项可以不写；行首是“# ”的项需要时删去“# ”再填写。",
        "# 这里的值是示例，请改为实际内容。",
        "",
    ]
    lines = header + _model_lines(model_cls, values or {}, today or dt.date.today(), top=True)
    yaml_text = "\n".join(lines) + "\n"
    if kind in MARKDOWN:
        return f"---\n{yaml_text}---\n{_BODIES[kind]}"
    return yaml_text


# --- what a template leaves to be replaced (rule E209) ----------------------------------------

# A placeholder is (1) a text, or a line of the body, that is nothing but an ellipsis
# (……, ⋯ or ...); (2) an ellipsis anywhere in a title (《……》政策解读, 关于印发……的通知): a
# document's title never leaves a gap; (3) a sample text of a template's body; (4) the
# sample item of the catalogue template, whole: its 一级事项, 二级事项, 公开内容, 公开依据 and
# 公开时限 all as the template wrote them. An ellipsis inside a sentence is not one.
_ONLY_ELLIPSIS = re.compile(r"\s*(?:…|⋯|\.{3,})+\s*")
TITLE_ELLIPSES = ("…", "⋯")
SAMPLE_BODY_TEXTS = frozenset(
    line.strip()
    for body in _BODIES.values()
    for line in body.splitlines()
    if line.strip() and not line.startswith("#") and not _ONLY_ELLIPSIS.fullmatch(line)
)
SAMPLE_ITEM_FIELDS = ("category", "name", "content", "basis", "time_limit")


def only_ellipsis(text: str) -> bool:
    """Whether ``text`` is nothing but an ellipsis (a placeholder, not a sentence)."""
    return ("…" in text or "⋯" in text or "..." in text) and _ONLY_ELLIPSIS.fullmatch(text) is not None


@cache
def sample_item() -> dict[str, Any]:
    """The sample item of the catalogue template, as its data reads (the fields that describe it)."""
    item = parse_yaml(template("catalogue", schema="", today=dt.date(2000, 1, 1))).data["items"][0]
    return {name: item[name] for name in SAMPLE_ITEM_FIELDS}


# --- the command ----------------------------------------------------------------------------

ITEM_ID = re.compile(r"^[a-z0-9-]+$")


# --- the annual report ------------------------------------------------------------------------

ANNUAL_REPORT = "annual-report"
_NUMBERS = "六个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他（可加第七个数为总计）"


def annual_report_template(
    year: int,
    organization: str,
    library: Mapping[str, tuple[int, int, int] | None],
    *,
    schema: str | None = None,
    today: dt.date | None = None,
) -> str:
    """The 政府信息公开工作年度报告 of ``organization`` for ``year`` in the national format.

    Every row of the tables is written, its label (the format's words) as its comment, at 0;
    table 二's 规章 and 行政规范性文件 rows hold ``library``'s counts (本年制发, 本年废止,
    现行有效) where the policy library has such documents. The prose sections are placeholders
    (E209) until written.
    """
    report = m.AnnualReport
    ref = schema_ref(ANNUAL_REPORT, Path.cwd()) if schema is None else schema
    published = min(today or dt.date.today(), dt.date(year + 1, 1, 31))
    lines = [f"# yaml-language-server: $schema={ref}"] if ref else []
    lines += [
        f"# {report.model_config.get('title')}：国办公开办函〔2021〕30号规定的格式。",
        "# 表格中的数字请改为本机关的实际数字（不写的行按 0 计）；zwgk check 会核对各项合计和勾稽关系。",
        "",
        f"# {field_comment(report.model_fields['year'])}",
        f"year: {year}",
        f"# {field_comment(report.model_fields['organization'])}",
        f"organization: {_scalar(organization)}",
        f"# {field_comment(report.model_fields['published'])}",
        f"published: {published.isoformat()}",
        f"# {field_comment(report.model_fields['title'])}",
        f"# title: {_scalar(str(report.model_fields['title'].examples[0]))}",  # type: ignore[index]
        "",
        f"# {report.model_fields['overview'].title}",
        "overview: |",
        "  ……",
        "",
        f"# {report.model_fields['active'].title}",
        "active:",
    ]
    for name, info in m.ActiveDisclosure.model_fields.items():
        counted = library.get(name)
        if name in library:
            note = "按政策文件库统计" if counted is not None else "政策文件库中没有这类文件"
            lines.append(f"  # {info.title}：本年制发件数、本年废止件数、现行有效件数（{note}）")
            lines.append(f"  {name}: [{', '.join(str(n) for n in counted or (0, 0, 0))}]")
        else:
            lines.append(f"  # {info.title}：{info.description}")
            lines.append(f"  {name}: 0")
    lines += ["", f"# {report.model_fields['requests'].title}：每行{_NUMBERS}", "requests:"]
    for name, info in m.Requests.model_fields.items():
        group = _nested(info.annotation)
        lines.append(f"  # {info.title}")
        if group is None:
            lines.append(f"  {name}: [0, 0, 0, 0, 0, 0]")
            continue
        lines.append(f"  {name}:")
        for key, sub in group[0].model_fields.items():
            lines += [f"    # {sub.title}", f"    {key}: [0, 0, 0, 0, 0, 0]"]
    lines += [
        "",
        f"# {report.model_fields['reviews'].title}：每项四个数：结果维持、结果纠正、其他结果、尚未审结",
        "reviews:",
    ]
    for name, info in m.Reviews.model_fields.items():
        lines += [f"  # {info.title}", f"  {name}: [0, 0, 0, 0]"]
    for name in ("problems", "other_matters"):
        lines += ["", f"# {report.model_fields[name].title}", f"{name}: |", "  ……"]
    return "\n".join(lines) + "\n"
