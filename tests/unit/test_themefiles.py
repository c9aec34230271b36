"""The theme's files listed without walking dot folders: mkdocs copies exactly what it did."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import FileSystemLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator.site.plugin import THEME_DIR
from generator.site.themefiles import ThemeLoader, quick_listing

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def config():  # the sample site's configuration, with zwgk's theme folder as a build adds it
    cfg = load_config(str(ROOT / "mkdocs.yml"))
    cfg.theme.dirs.insert(1, str(THEME_DIR))
    return cfg


def _static(config, loader_type) -> dict[str, str]:
    env = config.theme.get_env()
    loader = env.loader
    env.loader = loader_type(loader.searchpath, loader.encoding, loader.followlinks)
    files = Files([])
    files.add_files_from_theme(env, config)
    return {f.src_uri: f.abs_src_path for f in files}


def test_the_theme_files_a_build_copies_are_the_same(config) -> None:
    plain, quick = _static(config, FileSystemLoader), _static(config, ThemeLoader)
    assert quick == plain
    # zwgk's own assets and Material's, each from its folder
    assert Path(quick["assets/zwgk-search.js"]) == THEME_DIR / "assets" / "zwgk-search.js"
    assert "assets/images/favicon.png" in quick


def test_dot_folders_are_not_listed_but_their_templates_load(config) -> None:
    env = quick_listing(config.theme.get_env)()
    assert isinstance(env.loader, ThemeLoader)
    listed = env.loader.list_templates()
    assert not [t for t in listed if t.startswith(".") or "/." in t]
    assert "main.html" in listed
    # Material includes an icon by its name: still found in .icons/
    assert "<svg" in env.get_template(".icons/material/home.svg").render()


def test_a_theme_is_wrapped_once(config) -> None:
    once = quick_listing(config.theme.get_env)
    assert quick_listing(once) is once
