"""The zwgk page frame ships in the packaged theme: a site whose mkdocs.yml has no custom_dir
still links zwgk.css and zwgk.js (and the search page zwgk-search.js) and has the header search
and the font-size switch, and a site_theme/main.html override extends the frame rather than replacing it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from generator.site.themefiles import search_version
from tests.conftest import MINIMAL
from tests.integration import _html

from .conftest import Project, build, write_project

pytestmark = pytest.mark.slow

ANNOUNCEMENT = "本站通知：测试县的页面调整"


def _project(root: Path, cache: Path, custom_dir: Path | None) -> Project:
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    project = write_project(root, content, cache)
    settings = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    if custom_dir is None:
        del settings["theme"]["custom_dir"]
    else:
        settings["theme"]["custom_dir"] = str(custom_dir)
    project.config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def bare_site(build_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal site built from an mkdocs.yml without custom_dir (and no site_theme/)."""
    root = tmp_path_factory.mktemp("bare")
    project = _project(root, build_cache, None)
    assert "custom_dir" not in project.config.read_text(encoding="utf-8")
    return build(project)


def _target(site: Path, page: Path, ref: str) -> Path:
    url = urljoin("http://site.invalid/" + page.relative_to(site).as_posix(), ref)
    path = site / unquote(urlsplit(url).path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


def _frame_problems(site: Path) -> list[str]:
    problems = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        tree = _html.page(page)
        where = page.relative_to(site).as_posix()
        css = [n.get("href") or "" for n in tree.find_all("link") if n.get("rel") == "stylesheet"]
        js = [n.get("src") or "" for n in tree.find_all("script") if n.get("src")]
        linked = {Path(urlsplit(ref).path).name: _target(site, page, ref) for ref in css + js}
        names = ("zwgk.css", "zwgk.js") + (("zwgk-search.js",) if where == "search/index.html" else ())
        for name in names:
            if name not in linked:
                problems.append(f"{where}: {name} not linked")
            elif not linked[name].is_file():
                problems.append(f"{where}: {name} linked but missing")
        # the search script's URL changes with it: a browser does not pair an old one with a new lookup
        script = [urlsplit(ref).query for ref in js if Path(urlsplit(ref).path).name == "zwgk-search.js"]
        if where == "search/index.html" and script != [f"v={search_version()}"]:
            problems.append(f"{where}: zwgk-search.js linked as {script}, not with its version")
        form = tree.find("form", "zwgk-headsearch")
        if form is None:
            problems.append(f"{where}: no header search")
        elif _target(site, page, form.get("action") or "") != site / "search" / "index.html":
            problems.append(f"{where}: header search goes to {form.get('action')}")
        switch = tree.find("div", "zwgk-fontsize")
        sizes = [b.get("data-zwgk-font") for b in switch.find_all("button")] if switch else []
        if sizes != ["l", "m", "s"]:
            problems.append(f"{where}: font-size switch {sizes}")
        if tree.find("footer", "zwgk-footer") is None:
            problems.append(f"{where}: no zwgk footer")
    return problems


def test_frame_without_custom_dir(bare_site: Path) -> None:
    assert _frame_problems(bare_site) == []


def test_site_theme_override_keeps_the_frame(build_cache: Path, tmp_path: Path) -> None:
    theme = tmp_path / "site_theme"
    theme.mkdir()
    (theme / "main.html").write_text(
        '{% extends "zwgk-base.html" %}\n{% block announce %}' + ANNOUNCEMENT + "{% endblock %}\n",
        encoding="utf-8",
    )
    site = build(_project(tmp_path / "county", build_cache, theme))
    assert _frame_problems(site) == []
    assert ANNOUNCEMENT in (site / "index.html").read_text(encoding="utf-8")
    assert ANNOUNCEMENT in (site / "policies" / "open-gov-plan" / "index.html").read_text(encoding="utf-8")


def test_repository_site_themes_are_optional_overrides() -> None:
    """The repository's and the new-site template's site_theme only extend the packaged frame."""
    root = Path(__file__).resolve().parents[2]
    for path in (root / "site_theme/main.html", root / "generator/site/site_template/site_theme/main.html"):
        assert '{% extends "zwgk-base.html" %}' in path.read_text(encoding="utf-8"), path
    packaged = root / "generator/site/theme/main.html"
    assert '{% extends "zwgk-base.html" %}' in packaged.read_text(encoding="utf-8")


# --- in a browser ----------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def _serve(site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.mark.browser
def test_font_size_and_search_work_without_custom_dir(bare_site: Path, browser: Any) -> None:
    with _serve(bare_site) as base:
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"exception: {e}"))
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status} {r.url}"))
        try:
            page.goto(base)
            assert page.evaluate("() => document.documentElement.getAttribute('data-zwgk-font')") == "m"
            page.click("button[data-zwgk-font='l']")
            assert page.evaluate("() => document.documentElement.getAttribute('data-zwgk-font')") == "l"
            page.fill("#zwgk-head-q", "招生")
            page.press("#zwgk-head-q", "Enter")
            page.wait_for_url(base + "search/?q=*")
            page.wait_for_selector("[data-zwgk-search][data-state]", state="attached", timeout=15000)
            assert page.get_attribute("[data-zwgk-search]", "data-state") == "done"
            hits = page.eval_on_selector_all(".zwgk-hit__title", "els => els.map(a => a.href)")
            assert base + "policies/enrolment-plan/" in hits
            assert page.evaluate("() => document.documentElement.getAttribute('data-zwgk-font')") == "l"
        finally:
            context.close()
        assert problems == []
