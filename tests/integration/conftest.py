"""Fixtures that build real sites (mkdocs in-process, strict) and serve one over HTTP.

The sample site (``content/`` with the repository's ``mkdocs.yml``) is built once per
session; so is the minimal fixture site with an HTML-injection policy added. Tests that
change content build their own copy of the minimal site (about a second each).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINIMAL, TODAY

REPO = Path(__file__).resolve().parents[2]
REPO_MKDOCS = REPO / "mkdocs.yml"
CHROMIUM = Path("/usr/bin/chromium")
# a fixed build date: exports and the feed must not depend on the clock
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

# A policy of the minimal site whose title and body try to inject markup and script.
PAYLOAD_ID = "payload"
PAYLOAD_POLICY = """\
---
title: 测试县关于<script>alert(1)</script>和<img src=x onerror=alert(1)>的通知
doc_number: 测政办发〔2024〕99号
index_number: "000000000/2024-00099"
issuer: office
written: 2024-10-08
published: 2024-10-10
topic: 综合政务\\其他
disclosure: 主动公开
needs_interpretation: false
no_interpretation_reason: 测试用文件，无需解读。
---
正文第一段：<script>alert(1)</script>

第二段：<img src=x onerror=alert(1)>

第三段：[x](javascript:alert(1)) 和 [y](JavaScript:alert(2)) 以及 ![z](javascript:alert(3))

<div onmouseover="alert(4)">块级 HTML</div>
"""


@dataclass(frozen=True)
class Project:
    """A buildable site: its mkdocs.yml, its content/ folder and where it is built to."""

    root: Path
    config: Path
    content: Path
    site: Path
    cache: Path  # ZWGK_CACHE_DIR for its builds


def write_project(root: Path, content: Path, cache: Path, *, today: str = TODAY.isoformat()) -> Project:
    """An mkdocs.yml beside ``content`` with the repository's settings, an empty docs folder."""
    settings = yaml.safe_load(REPO_MKDOCS.read_text(encoding="utf-8"))
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    settings["site_name"] = "测试县人民政府信息公开"
    settings["site_url"] = "https://zwgk.test.gov.cn/"
    settings["docs_dir"] = str(docs)
    settings["theme"]["custom_dir"] = str(REPO / "site_theme")
    settings["plugins"] = [{"zwgk": {"content_dir": os.path.relpath(content, root), "today": today}}]
    config = root / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Project(root=root, config=config, content=content, site=root / "site", cache=cache)


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private corpus cache for the session's builds (never the user's ~/.cache)."""
    return tmp_path_factory.mktemp("zwgk-cache")


@contextlib.contextmanager
def build_env(cache: Path) -> Iterator[None]:
    """A fixed SOURCE_DATE_EPOCH and the private cache, for the duration of one build only
    (set for the whole session they would leak into the CLI tests that check the cache)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        mp.setenv("ZWGK_CACHE_DIR", str(cache))
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        yield


def build_site(config: Path, site: Path, cache: Path) -> Path:
    from generator.site.plugin import build_site as build_it

    with build_env(cache):
        return build_it(config, site, strict=True)


def build(project: Project) -> Path:
    return build_site(project.config, project.site, project.cache)


@pytest.fixture(scope="session")
def sample_site(build_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample county's site, built once from content/ with the repository's mkdocs.yml."""
    return build_site(REPO_MKDOCS, tmp_path_factory.mktemp("sample") / "site", build_cache)


@pytest.fixture
def minimal_project(build_cache: Path, content: Path, tmp_path: Path) -> Project:
    """A private copy of the minimal fixture content with its own mkdocs.yml (not built yet)."""
    return write_project(tmp_path, content, build_cache)


@pytest.fixture(scope="session")
def minimal_site(build_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture site plus one policy carrying an HTML/script payload, built once."""
    root = tmp_path_factory.mktemp("minimal")
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    (content / "policies" / "2024" / f"{PAYLOAD_ID}.md").write_text(PAYLOAD_POLICY, encoding="utf-8")
    return build(write_project(root, content, build_cache))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(sample_site: Path) -> Iterator[str]:
    """The built sample site over HTTP on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(sample_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="zwgk-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session (Debian's; Playwright's own browsers are not used)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed: the browser tests drive Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
