"""zwgk new: a commented template for a catalogue, a policy or an interpretation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.commands.base import EXIT_OK, EXIT_PROBLEMS
from generator.content.scaffold import (
    ITEM_ID,
    OPTION_FIELDS,
    OPTION_NAMES,
    TEMPLATE_MODELS,
    schema_ref,
    template,
)


@click.command(name="new")
@click.argument("kind", type=click.Choice(list(TEMPLATE_MODELS)))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="写入这个文件（不会覆盖已有文件）；不写时输出到屏幕。",
)
@click.option("--domain", help="catalogue：领域（名称、别名或英文代号）。")
@click.option("--organization", help="catalogue：机构编号或名称。")
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
    item_id: str | None,
    issuer: str | None,
    interprets: str | None,
    interpreter: str | None,
    date: dt.datetime | None,
) -> None:
    """生成带注释的模板：KIND 为 catalogue（标准目录）、policy（政策文件）或 interpretation（政策解读）。

    每个字段都有中文说明（是否必填、可选值），必填项已填入示例值。
    不写 --out 时输出到屏幕；写 --out 时创建文件，已有文件不会被覆盖。

    退出码：0 成功，1 文件已存在，2 用法错误。
    """
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
    today = date.date() if date else None
    if out is None:
        click.echo(template(kind, values=values, today=today), nl=False)
        ctx.exit(EXIT_OK)
    if out.exists():
        click.echo(f"{out}：文件已存在，没有覆盖。请换一个文件名，或先删除原文件。", err=True)
        ctx.exit(EXIT_PROBLEMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = template(kind, values=values, schema=schema_ref(kind, out.parent), today=today)
    try:
        with open(out, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        click.echo(f"{out}：文件已存在，没有覆盖。请换一个文件名，或先删除原文件。", err=True)
        ctx.exit(EXIT_PROBLEMS)
    click.echo(f"已创建 {out}：请按注释填写，然后运行 zwgk check 检查。")
