"""The mkdocs adapter: the only module that imports mkdocs.

It checks ``content/`` (errors stop the build), hands the core's pre-rendered pages to the
theme as generated files, writes the downloads, and indexes the built site for search.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.checks.run import check
from generator.content.corpus import default_cache_dir
from generator.content.diagnostics import Diagnostic, display_path, format_text
from generator.site import urls
from generator.site.background import Background
from generator.site.exports import write_exports
from generator.site.pages import SiteError
from generator.site.pages import nav as generated_nav
from generator.site.render import Rendered, render_pages, search_records
from generator.site.search import index_site
from generator.site.sitedata import SiteData, build

log = logging.getLogger("mkdocs.plugins.zwgk")
THEME_DIR = Path(__file__).parent / "theme"


class ContentError(PluginError):
    """The content has errors: nothing is built. Carries the diagnostics for the CLI."""

    def __init__(self, diagnostics: list[Diagnostic], content_dir: Path, files: int) -> None:
        self.diagnostics = diagnostics
        self.content_dir = content_dir
        self.files = files
        errors = sum(d.severity == "error" for d in diagnostics)
        lines = [format_text(d, display_path(d.path, content_dir)) for d in diagnostics]
        super().__init__("\n".join([*lines, f"内容有 {errors} 个错误，网站没有生成：请先改正。"]))


class BuildFailed(Exception):
    """mkdocs could not build the site (a configuration or theme problem)."""


class ZwgkConfig(base.Config):
    content_dir = c.Type(str, default="content")
    search = c.Type(bool, default=True)
    today = c.Optional(c.Type(str))


class ZwgkPlugin(BasePlugin[ZwgkConfig]):
    def __init__(self) -> None:
        self.data: SiteData | None = None
        self.failure: ContentError | BuildFailed | None = None
        self.background: list[Background] = []
        self._clock = time.perf_counter()
        self.pages: dict[str, Rendered] = {}
        self.content_dir = Path("content")

    def _phase(self, name: str) -> None:
        """Durations of the build's phases, shown with mkdocs -v (and by the benchmark)."""
        now = time.perf_counter()
        log.info(f"zwgk: {name} {now - self._clock:.2f} 秒")
        self._clock = now

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._clock = time.perf_counter()
        root = Path(config.config_file_path or ".").parent
        self.content_dir = (root / self.config.content_dir).resolve()
        today = dt.date.fromisoformat(self.config.today) if self.config.today else None
        result = check(self.content_dir, today=today, cache_dir=_cache_dir(self.content_dir))
        self._phase("检查内容")
        for d in result.warnings:
            log.warning(format_text(d, display_path(d.path, self.content_dir)))
        if result.errors:
            self.failure = ContentError(result.diagnostics, self.content_dir, result.files)
            raise self.failure
        self.data = build(result.corpus)
        data, build_date = self.data, _build_date()
        # the downloads need only the data: made on the other core while pages are built
        near = Path(config.site_dir).parent
        self.background = [Background("生成下载文件", lambda out: write_exports(out, data, build_date), near)]
        try:
            self.pages = {r.src_uri: r for r in render_pages(self.data)}
        except SiteError as exc:  # for build_site, and for mkdocs as a plugin error
            self.failure = BuildFailed(str(exc))
            raise PluginError(str(exc)) from None
        self._phase("生成页面内容")
        if self.config.search:
            # search indexes the pages' content regions, not the built site: also in parallel
            pages = list(self.pages.values())
            self.background.append(
                Background("建立搜索索引", lambda out: index_site(out, search_records(data, pages)), near)
            )
        if str(THEME_DIR) not in config.theme.dirs:
            # after the site's own custom_dir, before Material's
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        site = self.data.site
        config.site_name = config.site_name or html.escape(site.name)
        config.extra["zwgk"] = {"name": site.name, "address": site.address, "phone": site.phone}
        if config.nav is None:
            config.nav = self._nav(Path(config.docs_dir))
        return config

    def _nav(self, docs_dir: Path) -> list[Any]:
        assert self.data is not None
        nav = generated_nav(self.data)
        # the site's own guides, when it has them
        help_pages = [
            {label: name}
            for label, name in (("使用指南", "guide.md"), ("检查结果代码", "error-codes.md"))
            if (docs_dir / name).is_file()
        ]
        if help_pages:
            nav.append({"帮助": help_pages})
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        env.globals["zwgk_urls"] = urls  # the theme's links (footer, header) follow the URL contract
        return env

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for rendered in self.pages.values():
            if files.get_file_from_path(rendered.src_uri) is not None:
                raise PluginError(f"docs 目录中的 {rendered.src_uri} 与 zwgk 生成的页面重名：请改名或删除")
            # mkdocs' templates print page titles without escaping: escape them here
            title = html.escape(rendered.title)
            front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            if rendered.wide:  # the national table needs the whole width
                front += "hide:\n  - navigation\n  - toc\n"
            front += "---\n"
            files.append(File.generated(config, rendered.src_uri, content=front))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return "" if page.file.src_uri in self.pages else markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        rendered = self.pages.get(page.file.src_uri)
        return rendered.html if rendered is not None else html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return _zh_cn(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return _zh_cn(output_content)  # 404.html and other theme pages

    def on_post_build(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        self._phase("mkdocs 排版")
        attachments = self.content_dir / "attachments"
        if attachments.is_dir():  # checked like everything else: a leak has stopped the build
            shutil.copytree(attachments, site_dir / "attachments", dirs_exist_ok=True, symlinks=False)
        while self.background:
            job = self.background[0]
            job.finish(site_dir)  # on failure the others are cancelled by on_build_error
            self.background.pop(0)
            self._phase(f"等待{job.label}")

    def on_build_error(self, error: Exception) -> None:
        self._cancel()

    def on_shutdown(self) -> None:
        # runs in a finally, also after an interruption that on_build_error never sees
        self._cancel()

    def _cancel(self) -> None:
        for job in self.background:
            job.cancel()
        self.background = []

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.content_dir))
        return server


def _zh_cn(output: str) -> str:
    """Material writes lang="zh"; the platform asks for the region too."""
    return output.replace('<html lang="zh"', '<html lang="zh-CN"', 1)


def _cache_dir(content_dir: Path) -> Path:
    configured = os.environ.get("ZWGK_CACHE_DIR")
    return Path(configured) if configured else default_cache_dir(content_dir)


def _build_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def build_site(config_file: Path, site_dir: Path | None, *, strict: bool = False) -> Path:
    """Build into a fresh folder beside the target and swap it in only when all went well.

    A failed build (a content error, an exception, an interruption) leaves the previous
    site exactly as it was. Returns the site folder.
    """
    import shutil
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(str(config_file), strict=strict)
    except MkDocsException as exc:
        raise BuildFailed(f"网站配置有误（{config_file}）：{exc}") from exc
    target = Path(site_dir).resolve() if site_dir else Path(config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        config.site_dir = str(staging)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except Exception as exc:
            # mkdocs turns a plugin's error into a bare Abort: give back the content errors
            ours = next((p for p in config.plugins.values() if isinstance(p, ZwgkPlugin)), None)
            if ours is not None and ours.failure is not None:
                raise ours.failure from None
            if isinstance(exc, MkDocsException):
                raise BuildFailed(f"网站生成失败：{exc}") from exc
            raise
        finally:
            config.plugins.on_shutdown()
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def serve_site(config_file: Path, dev_addr: str) -> None:
    """mkdocs' preview server; the plugin adds content/ to what it watches."""
    from mkdocs.commands.serve import serve

    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
