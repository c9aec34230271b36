"""The check cache: results of unchanged files come back identical, and only from outside."""

from __future__ import annotations

from pathlib import Path

from generator.check import check
from generator.corpus import default_cache_dir

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
