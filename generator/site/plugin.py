"""The mkdocs adapter: the only module that imports mkdocs.

It checks ``content/`` (errors stop the build), hands the core's pre-rendered pages to the
theme as generated files, writes the downloads, and indexes the built site for search.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import logging
import shutil
import time
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from generator.checks.run import check
from generator.content.clock import build_moment
from generator.content.collector import few_collections
from generator.content.corpus import Corpus, cache_dir_for, wait_saved
from generator.content.diagnostics import Diagnostic, display_path, format_text
from generator.content.diff.history import History, read_history
from generator.site import (
    buildstate,
    frames,
    incremental,
    prestart,
    search_ahead,
    search_early,
    search_job,
    sitefiles,
    spare,
    themefiles,
    urls,
)
from generator.site.background import Background, Job, JobFailed
from generator.site.exports import write_exports
from generator.site.fill import Framed
from generator.site.frames import page_front, zh_cn
from generator.site.inline import tel_href
from generator.site.leftovers import building, owned, sweep_for
from generator.site.pages import KINDS, SiteError, all_pages
from generator.site.pages import nav as generated_nav
from generator.site.render import Rendered, compiled_folder, keep_compiled, render_pages
from generator.site.sitedata import SiteData, build
from generator.site.sitefiles import config_problem, discard, impossible_dates

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


class DateOption(base.BaseConfigOption[dt.date | None]):
    """A date: written unquoted (YAML makes it a date) or quoted as YYYY-MM-DD."""

    def run_validation(self, value: object) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return dt.date.fromisoformat(value.strip())
        raise base.ValidationError(f"“{value}”不是有效的日期：请写成 YYYY-MM-DD，例如 2026-06-30")


class ZwgkConfig(base.Config):
    content_dir = c.Type(str, default="content")
    search = c.Type(bool, default=True)
    today = DateOption()
    history = c.Type(bool, default=True)  # 更新记录 and last-modified dates from git
    # docs/staff/: the departments' guide, published off the public navigation (false: left out)
    staff_pages = c.Type(bool, default=True)
    # policies, interpretations, organizations, catalogues and annual reports are laid out once
    # per kind and filled (generator/site/frames.py); false: mkdocs lays out every page (for a
    # site_theme whose layout differs between two pages of a kind by more than title and content)
    page_frames = c.Type(bool, default=True)


STAFF_DIR = "staff/"  # docs/staff/: pages for the departments' staff, not for the public
STAFF_HOME = "staff/guide.md"


class ZwgkPlugin(BasePlugin[ZwgkConfig]):
    def __init__(self) -> None:
        self.data: SiteData | None = None
        self.failure: ContentError | BuildFailed | None = None
        self.background: list[Job] = []
        self._clock = time.perf_counter()
        self.pages: dict[str, Rendered] = {}
        self.content_dir = Path("content")
        # the frame pages mkdocs lays out (src_uri → frame), and the pages each one stands for
        self.frame_pages: dict[str, frames.FrameKey] = {}
        self.framed: dict[frames.FrameKey, list[Rendered]] = {}
        self.laid_out: dict[frames.FrameKey, frames.Frame] = {}
        self.frame_locs: dict[frames.FrameKey, str] = {}
        self.update_dates: list[str] = []
        # incremental builds: the site this build replaces (set by build_site), what it keeps
        self.target: Path | None = None
        self.manifest_path: Path | None = None
        self.previous = buildstate.Previous(None, buildstate.Manifest())
        self.manifest = buildstate.Manifest()
        self.search_state: Path | None = None
        self.prints: dict[str, str] = {}  # src_uri → the fingerprint of the page's inputs
        self.kept_h1: dict[str, bool] = {}  # of a page kept from the previous site: its frame's h1
        self.tables: dict[str, str | None] = {}  # the catalogues' downloads → their fingerprints
        self.kept_tables: list[str] = []  # … those kept from the previous site
        self.kept_urls: set[str] = set()  # the URLs of the pages kept from the previous site
        self.filling: Framed | None = None  # the framed pages: kept ones linked, the others filled
        self.spare: Path | None = None  # the spare this build completes (spare.py), if any

    def _phase(self, name: str) -> None:
        """Durations of the build's phases, shown with mkdocs -v (and by the benchmark)."""
        now = time.perf_counter()
        log.info(f"zwgk: {name} {now - self._clock:.2f} 秒")
        self._clock = now

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # mkdocs keeps one instance of a plugin with on_shutdown for every build of the process
        # (each save of zwgk serve, each build of a test run): nothing of the last build is kept
        self.release()
        self.failure, self.background, self.search_state = None, [], None
        self._clock = time.perf_counter()
        self.content_dir = self.content_of(config)
        moment = build_moment()  # what is embargoed until later is left out of this build
        self.previous = self._previous()
        near, cache = Path(config.site_dir).parent, cache_dir_for(self.content_dir)
        searched = self.manifest_path if self.config.search else None  # (no search: nothing begun)
        ahead, when = prestart.take(self.content_dir, cache, searched, near), "在载入网站配置之前"
        if ahead is None:  # (not begun by zwgk build before it loaded mkdocs: see prestart.py)
            wait_saved()  # (the preview's last check may still be writing the check cache)
            ahead, when = (
                search_early.begin_early(self.content_dir, cache, self.previous, searched, near),
                "在检查内容之前",
            )
        if ahead.started:
            log.info(f"zwgk: 只有正文改动：所在的搜索分卷{when}已开始建立")
        self.background = [ahead] if ahead.holds else []  # (search begun while the build checks)
        result = check(
            self.content_dir, today=self.config.today, cache_dir=cache, now=moment, save_later=True
        )
        self._phase("检查内容")
        for d in result.warnings:
            log.warning(format_text(d, display_path(d.path, self.content_dir)))
        for d in result.notices:  # (an embargo: said, but it does not fail a strict build)
            log.info(format_text(d, display_path(d.path, self.content_dir)))
        if result.errors:
            self.failure = ContentError(result.diagnostics, self.content_dir, result.files)
            raise self.failure
        history = self._history()
        keep_compiled(cache)
        build_date = sitefiles.build_date()
        today = self.config.today or build_date
        self.data = data = build(result.corpus, moment, today=today, history=history)

        def exports(kept: set[str]) -> Background:  # (made on the other core while pages are built)
            data.before_fork(every=not kept)
            return Background("生成下载文件", lambda out: write_exports(out, data, build_date, kept), near)

        # the downloads need the data, and what of them the plan keeps: begun now when none is
        early = not (self.config.page_frames and self.previous.site and self.previous.manifest.outputs)
        begun = [exports(set())] if early else []
        self.background += begun  # (with the search begun early, cancelled if begin fails)
        ahead = search_ahead.begin(data, result.corpus, self.previous, searched, near, ahead)
        self.background = begun + ([ahead] if ahead.holds else [])  # (search begun while the build plans)
        skip = self._plan(result.corpus, build_date)
        if not early:
            self.background.append(exports(set(self.kept_tables)))
        try:
            # first the pages search indexes: it starts on them while the others are made
            pages = self._searchable(skip, near, ahead)
            pages += render_pages(self.data, skip, searchable=False, known=self.lists.html)
            self.lists.keep(pages)
        except SiteError as exc:  # for build_site, and for mkdocs as a plugin error
            self.failure = BuildFailed(str(exc))
            raise PluginError(str(exc)) from None
        for rendered in pages:
            rendered.fingerprint = self.prints.get(rendered.src_uri)
        # in the table's order (the order of sitemap.xml)
        rank = {kind.src_uri(page.key): n for n, (kind, page) in enumerate(all_pages(self.data))}
        self.pages = {r.src_uri: r for r in sorted(pages, key=lambda r: rank[r.src_uri])}
        self._phase("生成页面内容")
        if str(THEME_DIR) not in config.theme.dirs:
            # after the site's own custom_dir, before Material's
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        config.theme.get_env = themefiles.quick_listing(config.theme.get_env)  # type: ignore[method-assign]
        site = self.data.site
        config.site_name = config.site_name or html.escape(site.name)
        config.extra["zwgk"] = {
            "name": site.name,
            "address": site.address,
            "phone": site.phone,
            "tel": tel_href(site.phone) if site.phone else None,
        }
        if config.nav is None:
            # the public navigation; the staff pages (docs/staff/) are linked from the footer only
            config.nav = generated_nav(self.data)
        return config

    def _searchable(self, skip: set[str], near: Path, ahead: search_early.Ahead) -> list[Rendered]:
        """The pages search indexes, and the search job started on them (see search_job)."""
        assert self.data is not None
        if not self.config.search:  # (nothing was begun ahead: see on_config)
            return render_pages(self.data, skip, searchable=True)
        started = search_job.start(
            self.data,
            skip,
            near,
            prints=self.prints,
            previous=self.previous,
            manifest=self.manifest_path,
            kept=self.kept_urls,
            ahead=ahead,
        )
        self.background.append(started.job)
        self.search_state = started.state
        return started.pages

    def _plan(self, corpus: Corpus, build_date: dt.date) -> set[str]:
        """What this build may keep of the site it replaces: the src_uri of pages not to make."""
        assert self.data is not None
        if self.manifest_path is not None:  # this build changes what it describes
            try:
                buildstate.forget(self.manifest_path)
                buildstate.search_store(self.manifest_path).mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # a cache it cannot write to: a whole build, as without one
                log.info(f"zwgk: 缓存目录不可写（{exc}），本次完整生成网站")
                self.manifest_path = None
                self.previous = buildstate.Previous(None, buildstate.Manifest())
                if self.spare is not None:
                    discard(self.spare)
                    self.spare = None
        if not self.config.page_frames:
            return set()
        world = incremental.world(corpus, build_date=build_date, today=self.config.today)
        plan = incremental.plan(self.data, incremental.Inputs(self.data, corpus, world), self.previous)
        self.prints, self.kept_h1 = plan.prints, plan.kept_h1
        self.manifest.shape, self.manifest.bodies = plan.shape, plan.bodies
        self.tables, self.kept_tables = plan.tables, plan.kept_tables
        self.kept_urls, self.lists = plan.kept_urls, incremental.Lists(self.manifest_path, plan.lists)
        return plan.skip

    def release(self) -> None:
        """Let go of what a build made (it is on disk; each build starts from nothing): the
        preview keeps its first configuration, and so this plugin, for as long as it runs."""
        self.data, self.pages, self.framed, self.laid_out = None, {}, {}, {}
        self.frame_pages, self.frame_locs, self.update_dates = {}, {}, []
        self.previous = buildstate.Previous(None, buildstate.Manifest())
        self.manifest = buildstate.Manifest()
        self.prints, self.kept_h1, self.tables, self.kept_tables = {}, {}, {}, []
        self.kept_urls, self.filling, self.spare, self.lists = set(), None, None, incremental.Lists(None, {})

    def _previous(self) -> buildstate.Previous:
        """The site this build replaces and its manifest."""
        cache = cache_dir_for(self.content_dir)
        self.manifest_path = buildstate.manifest_file(cache, self.target) if self.target else None
        site = self.target if self.target is not None and self.target.is_dir() else None
        manifest = buildstate.Manifest.read(self.manifest_path)
        if site and self.manifest_path and manifest.outputs and self.config.page_frames:
            self.spare = spare.claim(site, self.manifest_path)  # the new site is completed in it
        return buildstate.Previous(self.spare or site, manifest, in_place=self.spare is not None)

    def finished(self) -> spare.Finished:
        """This build, for its swap (a spare it claimed is not given back after this)."""
        claimed, self.spare, new = self.spare, None, self.manifest
        stale = set(self.previous.manifest.outputs).difference(new.outputs)
        return spare.Finished(claimed, stale, new, self.manifest_path, self.commit)

    def commit(self) -> bool:
        """After the site is in place: the manifest the next build starts from (True: written)."""
        if self.manifest_path is not None and self.config.page_frames:
            try:
                self.manifest.write(self.manifest_path)
                return True
            except OSError as exc:  # the site is in place: the next build is a whole one
                log.warning(f"zwgk: 没有记录本次生成的结果（{exc}），下次将完整生成网站")
        return False

    def _history(self) -> History | None:
        if not self.config.history:
            return None
        history = read_history(self.content_dir, cache_dir_for(self.content_dir))
        if not history.available:
            log.info(
                f"zwgk: 没有读取修改历史：{history.reason}。"
                "更新记录和最近修改日期改用目录的复核日期（updated）和政策的发布日期"
            )
        self._phase("读取修改历史")
        return history

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        env.globals.update(zwgk_urls=urls, zwgk_search_version=themefiles.search_version())
        compiled = compiled_folder(cache_dir_for(self.content_dir), "theme")
        if compiled is not None:  # the theme's templates, compiled once for every build
            env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
        return env

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.config.staff_pages:
            for staff in [f for f in files.documentation_pages() if f.src_uri.startswith(STAFF_DIR)]:
                files.remove(staff)
        home = files.get_file_from_path(STAFF_HOME)
        config.extra["zwgk"]["staff"] = home.url if home is not None else None
        framed = {k.name for k in KINDS if k.framed} if self.config.page_frames else set()
        kinds, taken = {k.name: k for k in KINDS}, files.src_uris
        for rendered in self.pages.values():
            if rendered.src_uri in taken:
                raise PluginError(f"docs 目录中的 {rendered.src_uri} 与 zwgk 生成的页面重名：请改名或删除")
            if rendered.kind not in framed:
                files.append(
                    File.generated(
                        config, rendered.src_uri, content=page_front(rendered.title, rendered.wide)
                    )
                )
                continue
            frame = frames.frame_key(rendered.kind, rendered.key, rendered.html)
            if not rendered.made:  # kept from the previous site: its frame as it was then
                frame = frames.FrameKey(frame.kind, frame.depth, self.kept_h1.get(rendered.src_uri, False))
            if frame not in self.framed:
                self.framed[frame] = []
                src_uri = kinds[rendered.kind].src_uri(frame.key)
                self.frame_pages[src_uri] = frame
                files.append(File.generated(config, src_uri, content=page_front(frames.TITLE, rendered.wide)))
            self.framed[frame].append(rendered)
        assert self.data is not None
        self.filling = Framed(
            Path(config.site_dir), self.framed, self.previous, self.manifest.outputs, self.data
        )
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.frame_pages:
            return ""
        rendered = self.pages.get(page.file.src_uri)
        if rendered is None:
            return markdown
        if rendered.modified is not None:  # sitemap.xml's lastmod
            page.update_date = rendered.modified.isoformat()
        return ""

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        frame = self.frame_pages.get(page.file.src_uri)
        if frame is not None:
            self.frame_locs[frame] = page.canonical_url or page.abs_url or ""
            return frame.content
        rendered = self.pages.get(page.file.src_uri)
        return rendered.html if rendered is not None else html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        frame = self.frame_pages.get(page.file.src_uri)
        if frame is not None:  # kept to fill: the frame page itself is not written
            self.laid_out[frame] = frames.Frame(frame, zh_cn(output))
            return ""
        self.update_dates.append(page.update_date)
        return zh_cn(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return zh_cn(output_content)  # 404.html and other theme pages

    def on_post_build(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        self._phase("mkdocs 排版")
        if self.filling is not None and self.framed:
            self.filling.fill(self.laid_out, self.frame_locs, self.update_dates, get_build_date())
            self._phase("填充页面")
        sitefiles.trim_assets(site_dir)
        attachments = self.content_dir / "attachments"
        if attachments.is_dir():  # checked like everything else: a leak has stopped the build
            shutil.copytree(attachments, site_dir / "attachments", dirs_exist_ok=True, symlinks=False)
        while self.background:
            self.background[0].finish(site_dir)  # on failure the others are cancelled by on_build_error
            self._phase(f"等待{self.background.pop(0).label}")
        for path in self.kept_tables:
            self.previous.link(path, site_dir)
        for path, fingerprint in self.tables.items():
            kept = self.spare if self.spare is not None and path in self.kept_tables else site_dir
            buildstate.record(self.manifest.outputs, kept, path, fingerprint)
        if self.search_state is not None and self.search_state.is_file():
            indexed = json.loads(self.search_state.read_text(encoding="utf-8"))
            self.manifest.records, self.manifest.parts = indexed["records"], indexed["parts"]
            self.manifest.contents, self.manifest.lookup = indexed["contents"], indexed["lookup"]

    def on_build_error(self, error: Exception) -> None:
        self.on_shutdown()

    def on_shutdown(self) -> None:
        """Cancel what runs (called in a finally: also after an interruption on_build_error misses)."""
        if self.filling is not None:
            self.filling.abandon()
            self.filling = None
        for job in self.background:
            job.cancel()
        self.background = []
        wait_saved()

    def content_of(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path or ".").parent / self.config.content_dir).resolve()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.content_of(config)))
        return server


def load_site_config(config_file: Path, **options: Any) -> MkDocsConfig:
    """mkdocs' configuration; its errors become one BuildFailed that names each setting."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = sitefiles.ConfigErrors()
    config_log = logging.getLogger("mkdocs.config")
    config_log.addHandler(collector)
    propagate, config_log.propagate = config_log.propagate, False
    try:
        return load_config(str(config_file), **options)
    except MkDocsException as exc:
        problems = [config_problem(m) for m in collector.messages] or [str(exc)]
        raise BuildFailed(f"网站配置有误（{config_file}）：" + "；".join(problems)) from exc
    except ValueError as exc:  # YAML's reading of an impossible unquoted date, such as 2024-13-01
        problems = impossible_dates(config_file) or [str(exc)]
        raise BuildFailed(f"网站配置有误（{config_file}）：" + "；".join(problems)) from exc
    finally:
        config_log.removeHandler(collector)
        config_log.propagate = propagate


def plugin_of(config: MkDocsConfig) -> ZwgkPlugin | None:
    return next((p for p in config.plugins.values() if isinstance(p, ZwgkPlugin)), None)


def our_failure(config: MkDocsConfig) -> ContentError | BuildFailed | None:
    return ours.failure if (ours := plugin_of(config)) is not None else None


def build_site(config_file: Path, site_dir: Path | None, *, strict: bool = False) -> Path:
    """Build into a fresh folder beside the target and swap it in only when all went well.

    A failed build (a content error, an exception, an interruption) leaves the previous
    site exactly as it was. Returns the site folder.
    """
    config = load_site_config(config_file, strict=strict)
    target = Path(site_dir).resolve() if site_dir else Path(config.site_dir).resolve()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build_into(config, target)
    finally:
        config.plugins.on_shutdown()
    return target


def build_into(config: MkDocsConfig, target: Path, serve_url: str | None = None) -> None:
    """One build into a staging folder beside ``target``, swapped in when all went well; what
    has not changed since the build that made ``target`` is kept from it."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    ours = plugin_of(config)
    if ours is not None:
        ours.target = target  # an incremental build keeps what has not changed of it
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_for(target)
    staging = owned(building(target), target.parent)
    try:
        with few_collections():  # a build makes millions of objects that live to its end
            config.site_dir = str(staging)
            try:
                build(config, serve_url=serve_url)
            except Exception as exc:
                # mkdocs turns a plugin's error into a bare Abort: give back the content errors
                failure = our_failure(config)
                if failure is not None:
                    raise failure from None
                if isinstance(exc, (MkDocsException, JobFailed)):
                    raise BuildFailed(f"网站生成失败：{exc}") from exc
                raise
            spare.put_in_place(staging, target, ours.finished() if ours is not None else None)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if ours is not None and ours.spare is not None and ours.manifest_path is not None:
            spare.give_back(ours.spare, target, ours.manifest_path)
        raise
