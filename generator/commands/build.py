"""zwgk build and zwgk serve: the site, through mkdocs and the zwgk plugin."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import click

from generator.commands.base import CONFIG_FILE, EXIT_OK, EXIT_PROBLEMS, emit, need_config, report_bug


@click.command(name="build")
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
def build_command(
    ctx: click.Context, config_file: Path, site_dir: Path | None, strict: bool, verbose: bool
) -> int:
    """检查内容，生成网站并建立搜索索引。

    内容有错误时不生成网站，原有网站保持不变；只有全部成功后才替换原有网站。
    """
    need_config(ctx, config_file)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from generator.site import prestart

    prestart.begin(config_file, site_dir)  # (before mkdocs is loaded: see prestart.py)
    try:
        return _build(ctx, config_file, site_dir, strict, verbose)
    finally:
        prestart.close()  # (what the build did not take)


def _build(ctx: click.Context, config_file: Path, site_dir: Path | None, strict: bool, verbose: bool) -> int:
    from generator.site.plugin import BuildFailed, ContentError, build_site

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    # the content errors are printed below, in the check's format, not again by mkdocs
    logging.getLogger("mkdocs.commands.build").setLevel(logging.CRITICAL)
    if verbose:
        logging.getLogger("mkdocs.plugins.zwgk").setLevel(logging.INFO)
    try:
        target = build_site(config_file, site_dir, strict=strict)
    except ContentError as exc:
        emit(exc.diagnostics, exc.content_dir, "text", exc.files)
        click.echo("内容有错误，网站没有生成，原有网站保持不变。", err=True)
        return EXIT_PROBLEMS
    except BuildFailed as exc:
        click.echo(f"{exc}；原有网站保持不变。", err=True)
        return EXIT_PROBLEMS
    except Exception as exc:
        report_bug(ctx, exc, "网站没有生成，原有网站保持不变。请加 --debug 重新运行。")
        return EXIT_PROBLEMS
    click.echo(f"网站已生成：{target}")
    return EXIT_OK


# what mkdocs' preview server says, in Chinese; None: not shown (the command says it itself)
_SERVER_MESSAGES: tuple[tuple[str, str | None], ...] = (
    (r"Serving on (\S+)", None),
    (r"Watching paths for changes: (.*)", None),
    (r"Detected file changes", "发现文件改动，正在重新生成……"),
    (r"Reloading browsers", "已刷新浏览器中的页面。"),
    (r"Browser connected: (.*)", "浏览器已连接：{0}"),
    (r"Shutting down\.\.\.", "正在停止预览……"),
    (r'"\w+ (\S+) HTTP/[\d.]+" code (\d+)', "页面 {0}：HTTP {1}"),
)
_TIME = r"(\[\d\d:\d\d:\d\d\] )?"


class _ChineseServerLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern, text in _SERVER_MESSAGES:
            found = re.fullmatch(_TIME + pattern, message)
            if found:
                if text is None:
                    return False
                stamp, *parts = found.groups()
                record.msg, record.args = (stamp or "") + text.format(*parts), None
                return True
        return True


def _preview_logging() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_ChineseServerLog())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    # content errors are shown by the preview in the check's format, not again by mkdocs
    logging.getLogger("mkdocs.commands.build").setLevel(logging.CRITICAL)


@click.command(name="serve")
@CONFIG_FILE
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="预览地址。")
@click.option(
    "--poll",
    is_flag=True,
    help="定时检查文件有没有改动（内容放在网络盘或虚拟机的共享文件夹里、保存后预览不更新时使用）。",
)
@click.pass_context
def serve_command(ctx: click.Context, config_file: Path, dev_addr: str, poll: bool) -> int:
    """在本机预览网站；content/ 中的文件改动后自动重新生成。"""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    need_config(ctx, config_file)
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.UsageError(f"预览地址“{dev_addr}”格式不对：应写成 IP:端口，例如 127.0.0.1:8000", ctx)
    from generator.site.plugin import BuildFailed
    from generator.site.serve import serve_site

    _preview_logging()
    click.echo(f"预览地址：http://{dev_addr}/ （按 Ctrl+C 结束）")
    try:
        serve_site(config_file, dev_addr, poll=poll)
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        return EXIT_PROBLEMS
    except OSError as exc:
        click.echo(
            f"无法在 {dev_addr} 启动预览（{exc.strerror or exc}）：端口可能已被占用，请用 -a 127.0.0.1:8001 换一个端口",
            err=True,
        )
        return EXIT_PROBLEMS
    return EXIT_OK
