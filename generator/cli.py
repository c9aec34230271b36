"""The ``zwgk`` command line. The only place, with the mkdocs plugin, that prints."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .diagnostics import (
    Diagnostic,
    display_path,
    format_github,
    format_json,
    format_text,
    summary_line,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_USAGE_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"No such option:? '?([^'.]+)'?\.?(?: Did you mean .+\?)?$", "没有这个选项：{0}"),
    (r"No such command '(.+)'\.", "没有这个命令：{0}"),
    (r"Missing argument '(.+)'\.", "缺少参数：{0}"),
    (r"Missing option '(.+)'\.", "缺少选项：{0}"),
    (r"Option '(.+)' requires an argument\.", "选项 {0} 后面需要一个值"),
    (r"Invalid value for '(.+?)': (.+)", "{0} 的值无效：{1}"),
    (r"Got unexpected extra arguments? \((.+)\)", "多余的参数：{0}"),
)
_VALUE_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"'(.+)' is not one of (.+)\.", "“{0}”不是可选值，可选：{1}"),
    (r"File '(.+)' does not exist\.", "文件“{0}”不存在"),
    (r"Directory '(.+)' does not exist\.", "目录“{0}”不存在"),
    (r"Path '(.+)' does not exist\.", "路径“{0}”不存在"),
    (r"'(.+)' does not match the format '%Y-%m-%d'\.", "“{0}”不是 YYYY-MM-DD 格式的日期"),
)


def _zh(message: str, table: tuple[tuple[str, str], ...]) -> str | None:
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
            inner = _zh(parts[-1], _VALUE_TRANSLATIONS) if parts else None
            if inner is not None and "{1}" in template:
                text = template.format(parts[0], inner)
            return text
    return None


def _zh_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = "显示此帮助后退出。"
    return option


class _ZhHelp:
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _zh_help(super().get_help_option(ctx))  # type: ignore[misc]


class ZwgkCommand(_ZhHelp, click.Command):
    pass


# commands in their own modules, imported only when used: `zwgk check` stays quick to start
LAZY_COMMANDS = {
    "import": ("generator.importer", "import_command"),
    "fmt": ("generator.fmt", "fmt_command"),
    "new": ("generator.scaffold", "new_command"),
    "diff": ("generator.diff", "diff_command"),
    "init": ("generator.init", "init_command"),
}


class ZwgkGroup(click.Group):
    """Usage errors in Chinese, exit code 2; unexpected exceptions without a traceback."""

    command_class = ZwgkCommand

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            import importlib

            module, attr = LAZY_COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attr)
            if not isinstance(command, _ZhHelp):
                command.__class__ = type(f"Zh{type(command).__name__}", (_ZhHelp, type(command)), {})
            self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _zh_help(super().get_help_option(ctx))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:  # pragma: no cover - click >= 8.2
            click.echo(exc.ctx.get_help())
            sys.exit(EXIT_USAGE)
        except click.UsageError as exc:
            text = _zh(exc.format_message(), _USAGE_TRANSLATIONS) or exc.format_message()
            hint = f"运行 {exc.ctx.command_path} --help 查看用法。" if exc.ctx else ""
            click.echo(f"用法错误：{text}\n{hint}".rstrip(), err=True)
            sys.exit(EXIT_USAGE)
        except click.exceptions.Abort:
            click.echo("已中止。", err=True)
            sys.exit(EXIT_PROBLEMS)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


def _debug_enabled(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or os.environ.get("ZWGK_DEBUG") == "1"


@click.group(cls=ZwgkGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", message="zwgk %(version)s", help="显示版本后退出。")
@click.option("--debug", is_flag=True, help="出错时显示完整的程序调用栈（供开发人员排查）。")
def main(debug: bool) -> None:
    """zwgk：基层政务公开标准目录的检查与发布工具。"""


def _emit(diags: Sequence[Diagnostic], content_dir: Path, fmt: str, files: int) -> None:
    shown = [(d, display_path(d.path, content_dir)) for d in diags]
    if fmt == "json":
        click.echo(format_json(shown))
        return
    for d, path in shown:
        click.echo(format_github(d, path) if fmt == "github" else format_text(d, path))
    click.echo(summary_line(diags, files))


def _cache_dir(no_cache: bool, content_dir: Path) -> Path | None:
    from .corpus import default_cache_dir

    if no_cache:
        return None
    configured = os.environ.get("ZWGK_CACHE_DIR")
    return Path(configured) if configured else default_cache_dir(content_dir)


@main.command()
@click.argument(
    "content_dir",
    default="content",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="输出格式：text 文本，json 供程序读取，github 为 GitHub Actions 注释。",
)
@click.option("--strict", is_flag=True, help="警告也视为问题（退出码为 1）。")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    envvar="ZWGK_TODAY",
    help="按这一天判断目录是否过期（YYYY-MM-DD，默认今天）。",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="不使用也不写入检查缓存（默认在 ~/.cache/zwgk/，可用环境变量 ZWGK_CACHE_DIR 指定）。",
)
@click.pass_context
def check(
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
    from .check import check as run_check

    if not content_dir.is_dir():
        raise click.UsageError(f"找不到内容目录“{content_dir}”：请在站点根目录运行，或指定内容目录", ctx)
    try:
        result = run_check(
            content_dir,
            today=today.date() if today else None,
            cache_dir=_cache_dir(no_cache, content_dir),
        )
    except Exception as exc:  # a bug: say so plainly; the traceback is for --debug
        if _debug_enabled(ctx):
            traceback.print_exc()
        click.echo(
            f"zwgk 内部错误（{type(exc).__name__}）：这是程序的问题，不是内容的问题。"
            "请加 --debug 重新运行，并把输出报告给维护人员。",
            err=True,
        )
        return EXIT_PROBLEMS
    _emit(result.diagnostics, content_dir, fmt, result.files)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    return EXIT_PROBLEMS if failed else EXIT_OK


CONFIG_FILE = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="网站配置文件。",
)


@main.command()
@CONFIG_FILE
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="生成到这个目录（默认 site/）。",
)
@click.option("--strict", is_flag=True, help="警告也视为问题，不生成网站。")
@click.option("-v", "--verbose", is_flag=True, help="显示各阶段用时。")
@click.pass_context
def build(ctx: click.Context, config_file: Path, site_dir: Path | None, strict: bool, verbose: bool) -> int:
    """检查内容，生成网站并建立搜索索引。

    内容有错误时不生成网站，原有网站保持不变；只有全部成功后才替换原有网站。
    """
    import logging

    _need_config(ctx, config_file)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from .plugin import BuildFailed, ContentError, build_site

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    # the content errors are printed below, in the check's format, not again by mkdocs
    logging.getLogger("mkdocs.commands.build").setLevel(logging.CRITICAL)
    if verbose:
        logging.getLogger("mkdocs.plugins.zwgk").setLevel(logging.INFO)
    try:
        target = build_site(config_file, site_dir, strict=strict)
    except ContentError as exc:
        _emit(exc.diagnostics, exc.content_dir, "text", exc.files)
        click.echo("内容有错误，网站没有生成，原有网站保持不变。", err=True)
        return EXIT_PROBLEMS
    except BuildFailed as exc:
        click.echo(f"{exc}；原有网站保持不变。", err=True)
        return EXIT_PROBLEMS
    except Exception as exc:
        if _debug_enabled(ctx):
            traceback.print_exc()
        click.echo(
            f"zwgk 内部错误（{type(exc).__name__}）：网站没有生成，原有网站保持不变。请加 --debug 重新运行。",
            err=True,
        )
        return EXIT_PROBLEMS
    click.echo(f"网站已生成：{target}")
    return EXIT_OK


@main.command()
@CONFIG_FILE
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="预览地址。")
@click.pass_context
def serve(ctx: click.Context, config_file: Path, dev_addr: str) -> int:
    """在本机预览网站；content/ 中的文件改动后自动重新生成。"""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _need_config(ctx, config_file)
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.UsageError(f"预览地址“{dev_addr}”格式不对：应写成 IP:端口，例如 127.0.0.1:8000", ctx)
    from .plugin import serve_site

    click.echo(f"预览地址：http://{dev_addr}/ （按 Ctrl+C 结束）")
    try:
        serve_site(config_file, dev_addr)
    except OSError as exc:
        click.echo(
            f"无法在 {dev_addr} 启动预览（{exc.strerror or exc}）：端口可能已被占用，请用 -a 127.0.0.1:8001 换一个端口",
            err=True,
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def _need_config(ctx: click.Context, config_file: Path) -> None:
    if not config_file.is_file():
        raise click.UsageError(
            f"找不到网站配置文件“{config_file}”：请在网站根目录（有 mkdocs.yml 的目录）运行，或用 -f 指定",
            ctx,
        )


@main.command()
@click.argument("site_dir", default="site", type=click.Path(file_okay=False, path_type=Path))
@click.option("--timeout", default=10.0, show_default=True, help="每个链接最多等待的秒数。")
@click.option("--jobs", default=8, show_default=True, help="同时检查的链接数。")
@click.option("--ignore", multiple=True, help="不检查以此开头的网址（可多次使用）。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 文本，json 供程序读取。",
)
@click.pass_context
def linkcheck(
    ctx: click.Context, site_dir: Path, timeout: float, jobs: int, ignore: tuple[str, ...], fmt: str
) -> int:
    """检查已生成网站（默认 site/）中的外部链接是否还能打开。

    适合定期运行（例如每周一次），不必每次提交都运行。退出码：0 全部正常，1 有失效链接。
    """
    import json

    from .linkcheck import check_links

    if not site_dir.is_dir():
        raise click.UsageError(f"找不到网站目录“{site_dir}”：请先运行 zwgk build", ctx)
    reports = check_links(site_dir, timeout=timeout, jobs=jobs, ignore=ignore)
    broken = [r for r in reports if r.broken]
    if fmt == "json":
        rows = [{"url": r.url, "status": r.status, "problem": r.problem, "pages": r.pages} for r in broken]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in broken:
            pages = "、".join(r.pages[:5]) + (f" 等 {len(r.pages)} 个页面" if len(r.pages) > 5 else "")
            click.echo(f"失效 {r.url}：{r.problem}（出现在 {pages}）")
        click.echo(f"检查了 {len(reports)} 个外部链接，{len(broken)} 个失效。")
    return EXIT_PROBLEMS if broken else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    main()
