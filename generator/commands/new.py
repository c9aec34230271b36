"""zwgk new: a commented template for a catalogue, a policy or an interpretation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.commands.base import EXIT_OK, EXIT_PROBLEMS
from generator.content.scaffold import (
    ANNUAL_REPORT,
    ITEM_ID,
    OPTION_FIELDS,
    OPTION_NAMES,
    TEMPLATE_MODELS,
    annual_report_template,
    schema_ref,
    template,
)


@click.command(name="new")
@click.argument("kind", type=click.Choice([*TEMPLATE_MODELS, ANNUAL_REPORT]))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="写入这个文件（不会覆盖已有文件）；不写时输出到屏幕。",
)
@click.option("--domain", help="catalogue：领域（名称、别名或英文代号）。")
@click.option("--organization", help="catalogue、annual-report：机构编号或名称。")
@click.option("--year", type=click.IntRange(2000, 2100), help="annual-report：报告的年度，如 2026。")
@click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    help="annual-report：从这个内容目录（默认 content）的政策文件库统计规章、行政规范性文件的件数。",
)
@click.option("--id", "item_id", help="catalogue：第一个事项的编号。")
@click.option("--issuer", help="policy：发文机关（机构编号或名称）。")
@click.option("--interprets", help="interpretation：所解读政策的编号（文件名）或发文字号。")
@click.option("--interpreter", help="interpretation：解读机关（机构编号或名称）。")
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="模板中的日期（YYYY-MM-DD，默认今天）。",
)
@click.pass_context
def new_command(
    ctx: click.Context,
    kind: str,
    out: Path | None,
    domain: str | None,
    organization: str | None,
    year: int | None,
    content_dir: Path,
    item_id: str | None,
    issuer: str | None,
    interprets: str | None,
    interpreter: str | None,
    date: dt.datetime | None,
) -> None:
    """生成带注释的模板：KIND 为 catalogue（标准目录）、policy（政策文件）、interpretation（政策解读）
    或 annual-report（政府信息公开工作年度报告，需要 --year 和 --organization）。

    每个字段都有中文说明（是否必填、可选值），必填项已填入示例值。
    不写 --out 时输出到屏幕；写 --out 时创建文件，已有文件不会被覆盖。

    退出码：0 成功，1 文件已存在，2 用法错误。
    """
    today = date.date() if date else None
    if kind == ANNUAL_REPORT:
        others = [
            OPTION_NAMES[k]
            for k, v in (
                ("domain", domain),
                ("item_id", item_id),
                ("issuer", issuer),
                ("interprets", interprets),
                ("interpreter", interpreter),
            )
            if v is not None
        ]
        if others:
            raise click.UsageError(f"annual-report 不用选项 {'、'.join(others)}", ctx)
        text = _annual_report(ctx, year, organization, content_dir, out, today)
        _write(ctx, out, text)
        return
    if year is not None:
        raise click.UsageError("选项 --year 只用于 annual-report", ctx)
    options = {
        "domain": domain,
        "organization": organization,
        "item_id": item_id,
        "issuer": issuer,
        "interprets": interprets,
        "interpreter": interpreter,
    }
    values: dict[str, str] = {}
    for option, value in options.items():
        if value is None:
            continue
        target = OPTION_FIELDS[kind].get(option)
        if target is None:
            users = [k for k, fields in OPTION_FIELDS.items() if option in fields]
            raise click.UsageError(f"选项 {OPTION_NAMES[option]} 只用于 {'、'.join(users)}", ctx)
        if not value.strip():
            raise click.UsageError(f"选项 {OPTION_NAMES[option]} 的值不能为空", ctx)
        if option == "item_id" and not ITEM_ID.match(value):
            raise click.UsageError("--id 只能用小写英文字母、数字和连字符，如 enrolment-area", ctx)
        values[target] = value.strip()
    if out is None:
        click.echo(template(kind, values=values, today=today), nl=False)
        ctx.exit(EXIT_OK)
    _write(ctx, out, template(kind, values=values, schema=schema_ref(kind, out.parent), today=today))


def _annual_report(
    ctx: click.Context,
    year: int | None,
    organization: str | None,
    content_dir: Path,
    out: Path | None,
    today: dt.date | None,
) -> str:
    """The annual report's template, with table 二's counts from the policy library."""
    from generator.content.annual import LIBRARY_KINDS, library_figures
    from generator.content.corpus import load_corpus

    if year is None or not organization or not organization.strip():
        raise click.UsageError("annual-report 需要 --year（年度）和 --organization（机构编号或名称）", ctx)
    library: dict[str, tuple[int, int, int] | None] = dict.fromkeys(LIBRARY_KINDS)
    org = organization.strip()
    if content_dir.is_dir():
        corpus = load_corpus(content_dir)
        found = corpus.resolve_org(org)
        if corpus.organizations and found is None:
            raise click.UsageError(f"“{org}”不是 {content_dir}/organizations.yml 中登记的机构", ctx)
        org = found or org
        library = {key: library_figures(corpus, org, year, kind) for key, kind in LIBRARY_KINDS.items()}
    schema = schema_ref(ANNUAL_REPORT, out.parent) if out is not None else None
    return annual_report_template(year, org, library, schema=schema, today=today)


def _write(ctx: click.Context, out: Path | None, text: str) -> None:
    if out is None:
        click.echo(text, nl=False)
        ctx.exit(EXIT_OK)
    if out.exists():
        click.echo(f"{out}：文件已存在，没有覆盖。请换一个文件名，或先删除原文件。", err=True)
        ctx.exit(EXIT_PROBLEMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(out, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        click.echo(f"{out}：文件已存在，没有覆盖。请换一个文件名，或先删除原文件。", err=True)
        ctx.exit(EXIT_PROBLEMS)
    click.echo(f"已创建 {out}：请按注释填写，然后运行 zwgk check 检查。")
