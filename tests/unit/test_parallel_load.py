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


def test_the_helper_sends_its_models_as_their_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The helper's share arrives with each model as the JSON its cache row holds, not as a
    pickled model: the parent validates it when it is used, into the same model."""
    one = check(REPO_CONTENT, today=TODAY, cache_dir=tmp_path / "one")
    monkeypatch.setattr(corpus_module, "PARALLEL_FROM", 2)
    found = [d for d in corpus_module.discover(REPO_CONTENT) if d.problem is None]
    files = corpus_module._load_all(corpus_module.FileCache(tmp_path / "two", None), found)
    assert [f.rel for f in files] == [f.rel for f in one.corpus.files]
    theirs = [f for f in files[1::2] if f.model_json]
    assert len(theirs) > 3
    assert all(f.validated is None for f in theirs)  # (not validated until used)
    ours = [f for f in files[0::2] if f.validated is not None]
    assert len(ours) > 3 and not any(f.model_json for f in ours)  # (the parent's share as it was)
    assert [f.model for f in files] == [f.model for f in one.corpus.files]


@pytest.mark.parametrize("parallel_from", [2, 10_000])
def test_loaded_files_keep_no_parsed_data(
    parallel_from: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither process keeps a file's parsed data and value positions once its one-file rules
    have run (over 100 MB at 10,000 files); a cross-file error still points at its line,
    read again from the file."""
    monkeypatch.setattr(corpus_module, "PARALLEL_FROM", parallel_from)
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    policy = content / "policies" / "2024" / "open-gov-plan.md"
    policy.write_text(
        policy.read_text("utf-8").replace("issuer: [office, edu]", "issuer: [office, nobody]"), "utf-8"
    )
    result = check(content, today=TODAY, cache_dir=tmp_path / "cache")
    assert len(result.corpus.files) > 5
    assert all(f._parsed is None for f in result.corpus.files if f.rel != "policies/2024/open-gov-plan.md")
    # the cross-file rule found the unknown organization on its line, read again from the file
    unknown = [d for d in result.diagnostics if d.code == "E302"]
    assert [(d.path, d.line) for d in unknown] == [("policies/2024/open-gov-plan.md", 5)]


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
