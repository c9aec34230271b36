"""zwgk fmt: put content files into their canonical form."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.base import EXIT_OK, EXIT_PROBLEMS
from generator.content.fmt import collect, format_file, shown_path
from generator.content.load import KIND_LABEL


@click.command(name="fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--check", "check_only", is_flag=True, help="只检查、不改写：列出需要整理的文件，有则退出码为 1。"
)
@click.pass_context
def fmt_command(ctx: click.Context, paths: tuple[Path, ...], check_only: bool) -> None:
    """整理 PATHS（默认 content）中的内容文件：规范写法、按规定顺序排列键。

    变体写法改为规范写法（如 特定群众 → 特定群体），发文字号改用六角括号〔〕，
    键按内容格式规定的顺序排列；注释、空行、引号和其他值保持原样。
    Markdown 文件只整理 YAML 头部，正文不动。

    退出码：0 正常，1 有文件需要整理（--check）或无法整理，2 用法错误。
    """
    if not paths:
        default = Path("content")
        if not default.is_dir():
            raise click.UsageError(
                "找不到内容目录“content”：请在站点根目录运行，或指定要整理的文件或目录", ctx
            )
        paths = (default,)
    files, skipped = collect(paths)
    for message in skipped:
        click.echo(message, err=True)
    changed = refused = 0
    for file, kind, _root in files:
        result = format_file(file, kind, write=not check_only)
        shown = shown_path(file)
        if result.error is not None:
            refused += 1
            click.echo(f"{shown}：无法整理{KIND_LABEL.get(kind, '')}，文件没有改动：{result.error}", err=True)
            continue
        if result.changed:
            changed += 1
            click.echo(f"{'需要整理' if check_only else '已整理'}：{shown}")
            for note in result.notes:
                click.echo(f"  {note}")
    refusal = f"，{refused} 个文件无法整理" if refused else ""
    if check_only:
        hint = "：运行 zwgk fmt 自动整理" if changed else ""
        click.echo(f"{changed} 个文件需要整理（共 {len(files)} 个）{refusal}{hint}")
        ctx.exit(EXIT_PROBLEMS if changed or refused else EXIT_OK)
    click.echo(f"已整理 {changed} 个文件（共 {len(files)} 个）{refusal}")
    ctx.exit(EXIT_PROBLEMS if refused else EXIT_OK)
