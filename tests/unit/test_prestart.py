"""zwgk build's first step (prestart.py): the settings it reads of mkdocs.yml before mkdocs is
loaded, the front matter it tells apart from the body without the models, and the hand-over of
what it began to the plugin, which takes it only for the folders it began it for."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.frontmatter import front_and_body
from generator.content.load import load_file
from generator.site import prestart, search_early

POLICY = "---\ntitle: 关于养老服务补贴的通知\ndate: 2026-03-02\n---\n第一段。\n\n第二段。\n"


def _settings(tmp_path: Path, text: str) -> tuple[Path, Path] | None:
    config = tmp_path / "county" / "mkdocs.yml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(text, "utf-8")
    return prestart._settings(config)


def test_the_settings_read_as_mkdocs_and_the_plugin_resolve_them(tmp_path: Path) -> None:
    county = (tmp_path / "county").resolve()
    listed = "site_name: 县\nplugins:\n  - search\n  - zwgk:\n      content_dir: ../content\n"
    assert _settings(tmp_path, listed) == ((tmp_path / "content").resolve(), county / "site")
    mapping = "site_dir: public\nplugins:\n  zwgk:\n    today: 2026-06-30\n"
    assert _settings(tmp_path, mapping) == (county / "content", county / "public")
    bare = "plugins:\n  - zwgk\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n"
    assert _settings(tmp_path, bare) == (county / "content", county / "site")  # (a tag it need not read)


@pytest.mark.parametrize(
    "text",
    [
        "INHERIT: base.yml\nplugins:\n  - zwgk\n",  # (settings in another file)
        "plugins:\n  - search\n",  # (no zwgk)
        "plugins:\n  - zwgk:\n      search: false\n",  # (a site not searched: nothing to begin)
        "site_dir: !ENV [SITE, site]\nplugins:\n  - zwgk\n",  # (a value only mkdocs knows)
        "plugins:\n  - zwgk:\n      content_dir: !ENV CONTENT\n",
        "plugins: [zwgk\n",  # (broken: mkdocs says why)
    ],
)
def test_a_configuration_it_does_not_follow_begins_nothing(tmp_path: Path, text: str) -> None:
    try:
        settings = _settings(tmp_path, text)
    except Exception:  # (prestart.begin meets it quietly; the plugin says what is wrong)
        settings = None
    assert settings is None
    prestart.begin(tmp_path / "county" / "mkdocs.yml", None)
    assert prestart._BEGUN is None


@pytest.mark.parametrize(
    "raw",
    [
        POLICY.encode(),
        b"\xef\xbb\xbf" + POLICY.encode(),  # (a BOM)
        POLICY.replace("\n", "\r\n").encode(),  # (Windows line ends)
        POLICY.replace("---\n第", "...  \n第").encode(),  # (the other closing fence)
    ],
)
def test_front_matter_and_body_as_the_check_reads_them(raw: bytes) -> None:
    loaded = load_file("policies/2026/p.md", "policy", raw)
    assert loaded.front  # (whether or not the model is valid: the body alone is what may change)
    assert front_and_body(raw) == (loaded.front, loaded.body)


def test_a_body_alone_changed_keeps_the_front_digest() -> None:
    front, body = front_and_body(POLICY.encode())  # type: ignore[misc]
    assert front_and_body((POLICY + "第三段。\n").encode()) == (front, body + "第三段。\n")
    assert front_and_body(POLICY.replace("2026-03-02", "2026-03-03").encode())[0] != front  # type: ignore[index]
    assert front_and_body(POLICY.replace("title", "title ", 1).encode())[0] != front  # type: ignore[index]
    for broken in (b"\xff\xfe" + POLICY.encode("utf-16-le"), b"no front matter\n", b"---\na: 1\n\xff"):
        assert front_and_body(broken) is None


def test_what_was_begun_goes_only_to_the_build_it_was_begun_for(tmp_path: Path) -> None:
    folders = (tmp_path / "content", tmp_path / "cache", tmp_path / "cache" / "m.json", tmp_path)
    for other, taken in [(folders, True), ((*folders[:3], tmp_path / "elsewhere"), False)]:
        ahead = search_early.Ahead(tmp_path)
        ahead.folder = Path(ahead.near / ".zwgk-ahead-l-test")  # (as if a part were begun)
        ahead.folder.mkdir()
        prestart._BEGUN = (folders, ahead)
        got = prestart.take(*other)
        assert (got is ahead) == taken and prestart._BEGUN is None
        assert ahead.folder is None or ahead.folder.is_dir()  # (closed: removed; taken: the build's)
        if got is not None:
            got.close()
        assert not (tmp_path / ".zwgk-ahead-l-test").exists()
    prestart._BEGUN = (folders, search_early.Ahead(tmp_path))
    prestart.close()  # (after the build: what it did not take)
    assert prestart._BEGUN is None and prestart.take(*folders) is None
