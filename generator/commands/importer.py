"""zwgk import: a department's Excel catalogue to YAML."""

from __future__ import annotations

import os
from pathlib import Path

import click

from generator.commands.base import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, report_bug
from generator.content import model as m
from generator.content.files import write_atomic
from generator.content.importer import (
    ImportResult,
    find_organizations,
    import_catalogue,
    lookup_organization,
)


def _summary(result: ImportResult, shown: str) -> str:
    errors, warnings_ = len(result.errors), len(result.warnings)
    where = f"“{shown}”" + (f"的工作表“{result.sheet}”" if result.sheet else "")
    read = f"从{where}读取了 {result.items} 个公开事项" if result.items else f"没有从{where}读取到公开事项"
    if not result.problems:
        return f"{read}，没有发现问题。"
    return f"{read}，发现 {errors} 个错误、{warnings_} 个警告。"


@click.command(name="import", add_help_option=False)
@click.help_option("-h", "--help", help="显示本帮助并退出。")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--domain", required=True, help="领域：试点领域的名称、别名或英文代号，如 义务教育。")
@click.option("--organization", required=True, help="机构：organizations.yml 中的机构编号或全称，如 edu。")
@click.option(
    "--level",
    type=click.Choice(list(m.LEVELS)),
    help="目录层级：县级 或 乡级（默认取 organizations.yml 中该机构的层级，找不到时为县级）。",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="写入这个文件，如 content/catalogues/compulsory-education/edu.yml（默认输出到屏幕）。",
)
@click.option("--force", is_flag=True, help="--out 的文件已存在时覆盖它。")
@click.option("--sheet", help="要导入的工作表名称（默认为第一个有目录表头的工作表）。")
@click.pass_context
def import_command(
    ctx: click.Context,
    file: Path,
    domain: str,
    organization: str,
    level: str | None,
    out: Path | None,
    force: bool,
    sheet: str | None,
) -> None:
    """把 Excel 标准目录表格（.xlsx 或 .xls）转换为目录 YAML 文件。

    按表头识别各列（可有标题行；表头可为一行或两行合并单元格），按表格顺序导入每个事项。
    无法读取的内容按单元格报告：文件!工作表!单元格: 错误|警告 代码: 说明。
    退出码：0 没有错误，1 发现问题（读到事项时仍会写出 YAML），2 用法错误。
    """
    if not file.is_file():
        raise click.UsageError(f"找不到文件“{file}”：请写 Excel 表格（.xlsx 或 .xls）的路径", ctx)
    if out is not None and out.exists() and not force:
        raise click.UsageError(f"“{out}”已存在：加 --force 覆盖，或换一个 --out 路径", ctx)
    if out is not None and out.is_dir():
        raise click.UsageError(f"“{out}”是一个目录：--out 请写 .yml 文件路径", ctx)
    try:
        registry = find_organizations((out.parent if out else Path.cwd()).resolve())
        org = lookup_organization(registry, organization) if registry else None
        names = (org.id, org.name) if org else ()
        result = import_catalogue(
            file,
            domain=domain,
            organization=organization,
            level=level or (org.level if org else "县级"),
            organization_names=names,
            sheet=sheet,
        )
    except Exception as exc:
        report_bug(
            ctx, exc, "这是程序的问题，不是表格的问题。请加 --debug 重新运行，并把输出报告给维护人员。"
        )
        ctx.exit(EXIT_PROBLEMS)
    for problem in result.problems:
        click.echo(problem.format(), err=True)
    if registry is not None and org is None:
        shown = os.path.relpath(registry) if registry.is_relative_to(Path.cwd().resolve()) else str(registry)
        click.echo(f"提示：{shown} 中没有机构“{organization}”，请先在那里登记。", err=True)
    click.echo(_summary(result, file.name), err=True)
    if result.yaml_text:
        if out is None:
            click.echo(result.yaml_text, nl=False)
        else:
            try:
                write_atomic(out, result.yaml_text, overwrite=force)
            except FileExistsError:
                click.echo(f"“{out}”已存在，没有覆盖：加 --force 覆盖，或换一个 --out 路径。", err=True)
                ctx.exit(EXIT_USAGE)
            except OSError as exc:
                click.echo(f"无法写入“{out}”：{exc.strerror or type(exc).__name__}", err=True)
                ctx.exit(EXIT_PROBLEMS)
            click.echo(f"已写入 {out}，请运行 zwgk check 检查。", err=True)
    ctx.exit(EXIT_PROBLEMS if result.errors or not result.items else EXIT_OK)
