"""zwgk diff: what changed in content/ against a git ref."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.base import EXIT_OK, EXIT_USAGE
from generator.content.diff import (
    DiffError,
    default_base,
    diff_content,
    format_markdown,
    format_text,
    repo_root,
)

# --- the command -----------------------------------------------------------------------------


@click.command(name="diff")
@click.argument("base", required=False)
@click.option(
    "--content",
    "content_dir",
    default="content",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="内容目录。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="输出格式：text 供终端阅读，markdown 供 Pull Request 或 GitHub Actions 摘要。",
)
@click.pass_context
def diff_command(ctx: click.Context, base: str | None, content_dir: Path, fmt: str) -> int:
    """列出内容相对于 git 版本 BASE 的变化：新增、删除、修改的目录事项、政策、解读、机构。

    BASE 默认为 origin/main（没有时为 HEAD）。比较的是 BASE 中的内容目录和当前文件
    （包括尚未提交的改动）。退出码：0 完成（包括没有变化），2 用法错误（如找不到 BASE）。
    """
    if not content_dir.is_dir():
        click.echo(f"找不到内容目录“{content_dir}”：请在站点根目录运行，或用 --content 指定", err=True)
        ctx.exit(EXIT_USAGE)
    try:
        repo = repo_root(content_dir)
        result = diff_content(base or default_base(repo), content_dir, repo)
    except DiffError as exc:
        click.echo(f"zwgk diff：{exc}", err=True)
        ctx.exit(EXIT_USAGE)
    click.echo(format_markdown(result) if fmt == "markdown" else format_text(result))
    return EXIT_OK
