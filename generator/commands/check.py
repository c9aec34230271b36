"""zwgk check: every problem of a content tree, as text, JSON or GitHub annotations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.commands.base import (
    CONTENT_DIR,
    EXIT_OK,
    EXIT_PROBLEMS,
    NO_CACHE,
    cache_dir,
    emit,
    report_bug,
    today_option,
)


@click.command(name="check")
@CONTENT_DIR
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="输出格式：text 文本，json 供程序读取，github 为 GitHub Actions 注释。",
)
@click.option("--strict", is_flag=True, help="警告也视为问题（退出码为 1）。")
@today_option("按这一天判断目录是否过期")
@NO_CACHE
@click.pass_context
def check_command(
    ctx: click.Context,
    content_dir: Path,
    fmt: str,
    strict: bool,
    today: dt.datetime | None,
    no_cache: bool,
) -> int:
    """检查 CONTENT_DIR（默认 content）中的全部目录、政策和解读。

    一次列出全部问题：文件:行:列: 错误|警告 代码 键: 说明。
    退出码：0 没有问题，1 发现问题，2 用法错误。
    """
    from generator.checks import check
    from generator.content.corpus import wait_saved

    if not content_dir.is_dir():
        raise click.UsageError(f"找不到内容目录“{content_dir}”：请在站点根目录运行，或指定内容目录", ctx)
    try:
        result = check(
            content_dir,
            today=today.date() if today else None,
            cache_dir=cache_dir(no_cache, content_dir),
            save_later=True,  # (written while the cross-file rules run and the findings print)
        )
    except Exception as exc:
        report_bug(
            ctx, exc, "这是程序的问题，不是内容的问题。请加 --debug 重新运行，并把输出报告给维护人员。"
        )
        return EXIT_PROBLEMS
    emit(result.diagnostics, content_dir, fmt, result.files)
    wait_saved()
    failed = bool(result.errors) or (strict and bool(result.warnings))
    return EXIT_PROBLEMS if failed else EXIT_OK
