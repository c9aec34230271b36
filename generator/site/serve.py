"""zwgk serve: mkdocs' live-reload server around the same build as zwgk build (plugin.py)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

from generator.content.corpus import cache_dir_for, hold_rows
from generator.site import spare
from generator.site.plugin import (
    BuildFailed,
    ContentError,
    build_into,
    load_site_config,
    our_failure,
    plugin_of,
)
from generator.site.preview import PROBLEM_PAGE, problem_lines, stop_on_signals, with_problems

log = logging.getLogger("mkdocs.plugins.zwgk")


def serve_site(config_file: Path, dev_addr: str, *, poll: bool = False) -> None:
    """The preview server: mkdocs' live-reload server around the same build.

    A build that fails (content errors, a broken configuration) does not stall the browser:
    the last good pages stay, with the problems shown over them in Chinese (before the first
    good build, a page listing them), and the next good save recovers. Saves are noticed by
    the system's file events (:mod:`generator.site.watcher`), or by polling with ``poll``.
    """
    from mkdocs.livereload import LiveReloadServer

    from generator.site.watcher import Watcher

    site_dir = str(spare.preview_site())  # (what a preview killed outright left: below)
    hold_rows()  # each save checks again
    stop_on_signals()  # (from here on the folder is removed however the preview ends)
    host, _, port = dev_addr.rpartition(":")

    class PreviewServer(LiveReloadServer):
        problems: tuple[str, ...] = ()

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.observer = Watcher(poll=poll)  # type: ignore[assignment]

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            content = super()._inject_js_into_html(content, epoch)
            if not self.problems:
                return content
            return with_problems(content, self.problems, built=(Path(self.root) / "index.html").is_file())

    def get_config() -> MkDocsConfig:
        config = load_site_config(config_file, site_dir=site_dir, dev_addr=dev_addr)
        mount = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        config.site_url = f"http://{host}:{port}{mount}"
        return config

    def builder(config: MkDocsConfig | None = None) -> None:
        try:
            config = config or get_config()
            try:
                build_into(config, Path(site_dir), serve_url=config.site_url)
            finally:
                ours = plugin_of(config)
                if ours is not None:
                    ours.release()  # (the first configuration lives as long as the preview)
        except ContentError as exc:  # raised from the plugin's on_config
            server.problems = tuple(problem_lines(exc.diagnostics, exc.content_dir))
        except BuildFailed as exc:
            server.problems = (str(exc),)
        except Exception as exc:
            failure = our_failure(config) if config is not None else None
            if isinstance(failure, ContentError):
                server.problems = tuple(problem_lines(failure.diagnostics, failure.content_dir))
            elif failure is not None:
                server.problems = (str(failure),)
            else:
                server.problems = (f"网站生成失败（{type(exc).__name__}）：{exc}",)
        else:
            if server.problems:
                log.warning("问题已改正，网站已重新生成。")
            server.problems = ()
            return
        for line in server.problems:
            log.error(line)
        if (Path(site_dir) / "index.html").is_file():
            log.error("网站没有更新：预览中显示的是上一次成功生成的网站。改正后保存，页面会自动刷新。")
        else:
            log.error("网站还没有生成：改正后保存，页面会自动刷新。")

    try:  # (a broken mkdocs.yml, an address in use: nothing is left in the temporary folder)
        config = get_config()
        mount = str(urlsplit(config.site_url).path)
        server = PreviewServer(builder=builder, host=host, port=int(port), root=site_dir, mount_path=mount)
        if (ours := plugin_of(config)) is not None:
            spare.sweep_previews(cache_dir_for(ours.content_dir))
    except BaseException:
        spare.end_preview(Path(site_dir), None)
        raise

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        if server.problems and not (Path(site_dir) / "index.html").is_file():
            return server._inject_js_into_html(PROBLEM_PAGE, server._visible_epoch)
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        # watched from before the first build (a county's takes a while): a save during it counts
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        server.observer.start()
        try:
            builder(config)
            server.serve()
        except KeyboardInterrupt:
            log.warning("预览已停止。")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        ours = plugin_of(config)
        spare.end_preview(Path(site_dir), cache_dir_for(ours.content_dir) if ours is not None else None)
