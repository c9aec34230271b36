"""What every command shares: exit codes, Chinese usage errors and help, the report of a bug,
and printing diagnostics."""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.content.diagnostics import (
    Diagnostic,
    display_path,
    format_github,
    format_json,
    format_text,
    summary_line,
)

# The exit codes of every command: 0 no problem, 1 problems found, 2 usage error.
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# zwgk portal: the portal was written, but not one of its members could be read
EXIT_NO_MEMBERS = 3

USAGE_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"No such option:? '?([^'.]+)'?\.?(?: Did you mean .+\?)?$", "没有这个选项：{0}"),
    (r"No such command '(.+)'\.", "没有这个命令：{0}"),
    (r"Missing argument '(.+)'\.", "缺少参数：{0}"),
    (r"Missing option '(.+)'\.", "缺少选项：{0}"),
    (r"Option '(.+)' requires an argument\.", "选项 {0} 后面需要一个值"),
    (r"Invalid value for '(.+?)': (.+)", "{0} 的值无效：{1}"),
    (r"Got unexpected extra arguments? \((.+)\)", "多余的参数：{0}"),
)
VALUE_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"'(.+)' is not one of (.+)\.", "“{0}”不是可选值，可选：{1}"),
    (r"File '(.+)' does not exist\.", "文件“{0}”不存在"),
    (r"Directory '(.+)' does not exist\.", "目录“{0}”不存在"),
    (r"Path '(.+)' does not exist\.", "路径“{0}”不存在"),
    (r"'(.+)' does not match the format '%Y-%m-%d'\.", "“{0}”不是 YYYY-MM-DD 格式的日期"),
    (r"Directory '(.+)' is a file\.", "“{0}”是一个文件，这里要写目录"),
    (r"File '(.+)' is a directory\.", "“{0}”是一个目录，这里要写文件"),
    (r"(?:File|Directory|Path) '(.+)' is not readable\.", "没有权限读取“{0}”"),
    (r"(?:File|Directory|Path) '(.+)' is not writable\.", "没有权限写入“{0}”"),
    (r"'(.+)' is not a valid integer\.", "“{0}”不是整数"),
    (r"'(.+)' is not a valid float\.", "“{0}”不是数字"),
    (r"(.+) is not in the range (.+)\.", "{0} 不在 {1} 的范围内"),
)

# click's own words in help and usage texts
_HELP_WORDS: tuple[tuple[str, str], ...] = (
    (r"^Usage: ", "用法："),
    (r"^Options:$", "选项："),
    (r"^Commands:$", "命令："),
    (r"^Positional arguments:$", "参数："),
    (r"\[default:(?: |$)", "[默认："),  # also where the value wraps to the next line
    (r"\[required\]", "[必填]"),
    (r"; required\]", "；必填]"),
    (r"\[env var: ([^;\]]*)", r"[环境变量：\1"),
    (r"\[OPTIONS\]", "[选项]"),
    (r"COMMAND \[ARGS\]\.\.\.", "命令 [参数]..."),
    (r"(-[\w-]+) TEXT\b", r"\1 文本"),
    (r"(-[\w-]+) FILE\b", r"\1 文件"),
    (r"(-[\w-]+) DIRECTORY\b", r"\1 目录"),
    (r"(-[\w-]+) INTEGER RANGE\b", r"\1 整数"),
    (r"(-[\w-]+) INTEGER\b", r"\1 整数"),
    (r"(-[\w-]+) \[%Y-%m-%d\]", r"\1 YYYY-MM-DD"),
    (r"(-[\w-]+) FLOAT\b", r"\1 数字"),
    (r"(-[\w-]+) YYYY-MM-DD\b", r"\1 YYYY-MM-DD"),
)


def zh_help_text(text: str) -> str:
    for pattern, replacement in _HELP_WORDS:
        text = re.sub(pattern, replacement, text, flags=re.M)
    return text


def zh(message: str, table: tuple[tuple[str, str], ...]) -> str | None:
    for pattern, template in table:
        found = re.match(pattern, message.strip())
        if found:
            parts = [g for g in found.groups() if g is not None]
            # click lists choices as 'a', 'b', 'c': show them as a、b、c
            parts = [
                "、".join(re.findall(r"'([^']*)'", p)) if re.fullmatch(r"('[^']*'(, | or )?)+", p) else p
                for p in parts
            ]
            text = template.format(*parts)
            inner = zh(parts[-1], VALUE_TRANSLATIONS) if parts else None
            if inner is not None and "{1}" in template:
                text = template.format(parts[0], inner)
            return text
    return None


def zh_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = "显示此帮助后退出。"
    return option


class ZhHelp:
    """Help and usage of a command (or the group) in Chinese."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return zh_help(super().get_help_option(ctx))  # type: ignore[misc]

    def get_help(self, ctx: click.Context) -> str:
        return zh_help_text(super().get_help(ctx))  # type: ignore[misc]

    def get_usage(self, ctx: click.Context) -> str:
        return zh_help_text(super().get_usage(ctx))  # type: ignore[misc]


class ZwgkCommand(ZhHelp, click.Command):
    pass


def debug_enabled(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or os.environ.get("ZWGK_DEBUG") == "1"


def report_bug(ctx: click.Context, exc: Exception, consequence: str) -> None:
    """An unexpected exception: say plainly it is the program's fault; the traceback is for --debug."""
    if debug_enabled(ctx):
        traceback.print_exc()
    click.echo(f"zwgk 内部错误（{type(exc).__name__}）：{consequence}", err=True)


def emit(diags: Sequence[Diagnostic], content_dir: Path, fmt: str, files: int) -> None:
    shown = [(d, display_path(d.path, content_dir)) for d in diags]
    if fmt == "json":
        click.echo(format_json(shown))
        return
    for d, path in shown:
        click.echo(format_github(d, path) if fmt == "github" else format_text(d, path))
    click.echo(summary_line(diags, files))


CONFIG_FILE = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="网站配置文件。",
)


def need_config(ctx: click.Context, config_file: Path) -> None:
    if not config_file.is_file():
        raise click.UsageError(
            f"找不到网站配置文件“{config_file}”：请在网站根目录（有 mkdocs.yml 的目录）运行，或用 -f 指定",
            ctx,
        )


CONTENT_DIR = click.argument(
    "content_dir",
    default="content",
    type=click.Path(file_okay=False, path_type=Path),
)
NO_CACHE = click.option(
    "--no-cache",
    is_flag=True,
    help="不使用也不写入检查缓存（默认在 ~/.cache/zwgk/，可用环境变量 ZWGK_CACHE_DIR 指定）。",
)


_F = TypeVar("_F", bound=Callable[..., Any])


def today_option(purpose: str) -> Callable[[_F], _F]:
    """--today YYYY-MM-DD (or ZWGK_TODAY): the day the figures are judged on."""
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        envvar="ZWGK_TODAY",
        help=f"{purpose}（YYYY-MM-DD，默认今天）。",
    )


def cache_dir(no_cache: bool, content_dir: Path) -> Path | None:
    """The check cache for ``content_dir``, or none with --no-cache."""
    from generator.content.corpus import cache_dir_for

    return None if no_cache else cache_dir_for(content_dir)
