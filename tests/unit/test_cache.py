"""The check cache: results of unchanged files come back identical, and only from outside."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks import check
from generator.content.corpus import default_cache_dir

from ..conftest import TODAY, lines


def test_cached_models_round_trip_exactly(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = check(content, today=TODAY, cache_dir=cache)
    warm = check(content, today=TODAY, cache_dir=cache)
    assert [f.model for f in warm.corpus.files] == [f.model for f in cold.corpus.files]
    assert [f.body for f in warm.corpus.files] == [f.body for f in cold.corpus.files]
    assert lines(warm) == lines(cold) == []


def test_a_foreign_or_damaged_cache_is_ignored(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "check-cache.sqlite3").write_bytes(b"not a database")
    assert lines(check(content, today=TODAY, cache_dir=cache)) == []


def test_default_cache_is_outside_the_content_tree(content: Path) -> None:
    where = default_cache_dir(content).resolve()
    assert content.resolve() not in where.parents
    assert default_cache_dir(content) != default_cache_dir(content.parent)


def test_same_size_edit_is_seen(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert lines(check(content, today=TODAY, cache_dir=cache)) == []
    path = content / "catalogues/compulsory-education/edu.yml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("audience: 全社会", "audience: 全体会")  # same number of bytes
    assert len(edited.encode()) == len(text.encode())
    path.write_text(edited, encoding="utf-8")
    assert [d.code for d in check(content, today=TODAY, cache_dir=cache).diagnostics] == ["E203"]


def test_removed_file_leaves_the_cache(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(content, today=TODAY, cache_dir=cache)
    (content / "pages" / "guide.md").unlink()
    result = check(content, today=TODAY, cache_dir=cache)
    assert "pages/guide.md" not in [f.rel for f in result.corpus.files]


def test_a_process_that_checks_once_lets_the_rows_go(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """zwgk check and zwgk build check once: the rows they wrote are not kept in memory to
    the end of the process (tens of MB of JSON at 10,000 files); the preview keeps them."""
    from generator.content import corpus

    monkeypatch.setattr(corpus, "_HELD", {})
    monkeypatch.setattr(corpus, "_HOLD_ROWS", False)
    check(content, today=TODAY, cache_dir=tmp_path / "once")
    assert corpus._HELD == {}
    corpus.hold_rows()
    check(content, today=TODAY, cache_dir=tmp_path / "preview")
    (held,) = corpus._HELD.values()
    assert len(held[1]) == len(corpus.FileCache(tmp_path / "preview").rows) > 5


def test_a_second_check_in_the_process_keeps_the_rows_unless_another_changed_them(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview checks again on every save: the rows it wrote itself are not read back,
    but a database another zwgk changed since is."""
    import sqlite3

    from generator.content import corpus
    from generator.content.corpus import CACHE_NAME, FileCache

    monkeypatch.setattr(corpus, "_HELD", {})
    monkeypatch.setattr(corpus, "_HOLD_ROWS", True)  # as in zwgk serve
    cache = tmp_path / "cache"
    check(content, today=TODAY, cache_dir=cache)
    rows = FileCache(cache).rows
    in_db = sqlite3.connect(cache / CACHE_NAME)
    try:
        assert rows == {rel: tuple(rest) for rel, *rest in in_db.execute("SELECT * FROM files")}
        gone = sorted(rows)[0]
        with in_db:  # another process
            in_db.execute("DELETE FROM files WHERE rel = ?", (gone,))
    finally:
        in_db.close()
    again = FileCache(cache).rows
    assert gone not in again and set(again) == set(rows) - {gone}
    # and the check still checks the file the other process removed from the cache
    assert lines(check(content, today=TODAY, cache_dir=cache)) == []
    assert gone in FileCache(cache).rows


def test_an_unchanged_file_is_validated_once_a_process(content: Path, tmp_path: Path) -> None:
    """A model read back from the cache is validated once while it is used load after load,
    and let go after a load that did not use it."""
    from generator.content.load import Validated

    cache = tmp_path / "cache"
    check(content, today=TODAY, cache_dir=cache)
    warm = check(content, today=TODAY, cache_dir=cache)
    policy = next(f for f in warm.corpus.files if f.kind == "policy" and f.model_json)
    validated = Validated()
    validated.next_load()
    first = validated.model("policy", policy.model_json)
    assert first == policy.model and first.title
    validated.next_load()
    assert validated.model("policy", policy.model_json) is first  # used in the last load: kept
    validated.next_load()
    validated.next_load()  # a load that did not use it
    again = validated.model("policy", policy.model_json)
    assert again is not first and again == first


def test_a_check_that_saves_later_writes_the_cache_on_a_thread_that_the_next_check_waits_for(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build's check (and zwgk check) writes the cache on a thread while it goes on; the
    next check in the process, and wait_saved, wait until every row is written."""
    import sqlite3
    import threading

    from generator.content import corpus
    from generator.content.corpus import CACHE_NAME, FileCache, wait_saved

    writers: list[str] = []
    save = FileCache.save

    def noted(self: FileCache, *, later: bool = False) -> None:
        if not later:
            writers.append(threading.current_thread().name)
        save(self, later=later)

    monkeypatch.setattr(FileCache, "save", noted)
    cache = tmp_path / "cache"
    cold = check(content, today=TODAY, cache_dir=cache, save_later=True)
    assert len(corpus._SAVING) == 1  # (begun, not waited for)
    wait_saved()
    assert corpus._SAVING == [] and writers == ["保存检查缓存"]
    db = sqlite3.connect(cache / CACHE_NAME)
    try:
        written = {rel for (rel,) in db.execute("SELECT rel FROM files")}
    finally:
        db.close()
    assert written == {f.rel for f in cold.corpus.files} and len(written) > 5
    # the next check's cache waits for the save before it reads the rows
    check(content, today=TODAY, cache_dir=cache, save_later=True)
    assert len(FileCache(cache).rows) == len(written)
    # (opening the cache waited for the second save: none is under way)
    assert corpus._SAVING == [] and writers == ["保存检查缓存"] * 2
