"""A first check of many files reads them in two processes: with the same results as one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.checks.run import check
from generator.content import corpus as corpus_module
from tests.conftest import MINIMAL, TODAY

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"


def _broken(tmp_path: Path) -> Path:
    """The minimal site with errors that the one-file and the cross-file rules report."""
    content = tmp_path / "broken"
    shutil.copytree(MINIMAL, content)
    policy = next((content / "policies").rglob("*.md"))
    text = policy.read_text("utf-8")
    policy.write_text(text.replace("published: ", "published: 2024.13.", 1), "utf-8")
    catalogue = next((content / "catalogues").rglob("*.yml"))
    catalogue.write_text(catalogue.read_text("utf-8").replace("政府网站", "政府网址", 1), "utf-8")
    return content


@pytest.mark.parametrize("which", ["sample", "broken"])
def test_two_processes_read_what_one_reads(
    which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = REPO_CONTENT if which == "sample" else _broken(tmp_path)
    one = check(content, today=TODAY, cache_dir=tmp_path / "one")
    monkeypatch.setattr(corpus_module, "PARALLEL_FROM", 2)
    two = check(content, today=TODAY, cache_dir=tmp_path / "two")
    assert len(one.corpus.files) > 5
    assert [f.rel for f in two.corpus.files] == [f.rel for f in one.corpus.files]
    assert [f.digest for f in two.corpus.files] == [f.digest for f in one.corpus.files]
    assert two.diagnostics == one.diagnostics
    assert [f.model for f in two.corpus.files] == [f.model for f in one.corpus.files]
    if which == "broken":
        assert {d.code for d in two.diagnostics} >= {"E203"}
    # and the cache the two processes wrote serves the next check
    again = check(content, today=TODAY, cache_dir=tmp_path / "two")
    assert again.diagnostics == one.diagnostics


def test_a_failure_in_the_parent_leaves_no_helper_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be read in the parent's share (gone since it was found, as in the
    preview during a checkout) fails the check; the helper process does not stay behind,
    blocked on a pipe no one reads (a preview would keep one for every such failure)."""
    import os

    monkeypatch.setattr(corpus_module, "PARALLEL_FROM", 2)
    parent = os.getpid()
    load = corpus_module.FileCache.load
    children: list[int] = []
    fork = os.fork

    def forked() -> int:
        child = fork()
        if child:
            children.append(child)
        return child

    def failing(self: corpus_module.FileCache, d: corpus_module.Discovered) -> object:
        if os.getpid() == parent:
            raise OSError(f"{d.rel} is gone")
        return load(self, d)

    monkeypatch.setattr(os, "fork", forked)
    monkeypatch.setattr(corpus_module.FileCache, "load", failing)
    with pytest.raises(OSError, match="is gone"):
        check(REPO_CONTENT, today=TODAY, cache_dir=tmp_path / "cache")
    assert len(children) == 1
    with pytest.raises(ChildProcessError):  # reaped already
        os.waitpid(children[0], os.WNOHANG)
