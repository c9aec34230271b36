"""The ``zwgk`` command line: the click group. Each command lives in its own module and is
imported only when used, so ``zwgk check`` stays quick to start."""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading
from typing import Any

import click

from generator import __version__
from generator.commands.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    USAGE_TRANSLATIONS,
    ZhHelp,
    ZwgkCommand,
    zh,
)

# command name → (module, attribute)
COMMANDS = {
    "check": ("generator.commands.check", "check_command"),
    "build": ("generator.commands.build", "build_command"),
    "serve": ("generator.commands.build", "serve_command"),
    "import": ("generator.commands.importer", "import_command"),
    "fmt": ("generator.commands.fmt", "fmt_command"),
    "new": ("generator.commands.new", "new_command"),
    "diff": ("generator.commands.diff", "diff_command"),
    "init": ("generator.commands.init", "init_command"),
    "linkcheck": ("generator.commands.linkcheck", "linkcheck_command"),
    "report": ("generator.commands.report", "report_command"),
    "codeowners": ("generator.commands.codeowners", "codeowners_command"),
    "portal": ("generator.commands.portal", "portal_command"),
}


class ZwgkGroup(ZhHelp, click.Group):
    """Usage errors in Chinese, exit code 2; unexpected exceptions without a traceback."""

    command_class = ZwgkCommand

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, attr = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attr)
            if not isinstance(command, ZhHelp):
                command.__class__ = type(f"Zh{type(command).__name__}", (ZhHelp, type(command)), {})
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        kwargs.setdefault("prog_name", "zwgk")
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:  # pragma: no cover - click >= 8.2
            click.echo(exc.ctx.get_help())
            sys.exit(EXIT_USAGE)
        except click.UsageError as exc:
            text = zh(exc.format_message(), USAGE_TRANSLATIONS) or exc.format_message()
            hint = f"运行 {exc.ctx.command_path} --help 查看用法。" if exc.ctx else ""
            click.echo(f"用法错误：{text}\n{hint}".rstrip(), err=True)
            sys.exit(EXIT_USAGE)
        except click.exceptions.Abort:
            click.echo("已中止。", err=True)
            sys.exit(EXIT_PROBLEMS)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


@click.group(cls=ZwgkGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", message="zwgk %(version)s", help="显示版本后退出。")
@click.option("--debug", is_flag=True, help="出错时显示完整的程序调用栈（供开发人员排查）。")
def main(debug: bool) -> None:
    """zwgk：基层政务公开标准目录的检查与发布工具。"""


def run() -> None:
    """The ``zwgk`` program: :func:`main`, then out of the process without taking its heap
    apart object by object (after a build of a large site that alone took seconds). Threads
    are waited for and exit handlers run first, as at a normal exit; output is flushed."""
    status: object = EXIT_OK
    try:
        main()
    except SystemExit as exc:
        status = exc.code
    except KeyboardInterrupt:
        status = 130
    if isinstance(status, int):
        code = status
    elif status is None:
        code = EXIT_OK
    else:
        print(status, file=sys.stderr)
        code = EXIT_PROBLEMS
    shutdown = getattr(threading, "_shutdown", None)  # what a normal exit does: pools ended, threads joined
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or EXIT_PROBLEMS  # (a closed pipe: as Python itself reports it)
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
