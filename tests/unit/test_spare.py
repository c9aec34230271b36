"""The spare (generator/site/spare.py): a mirror of the live site made of hard links, claimed
only when it mirrors the site the manifest describes, and completed without writing into a
file the live site shares."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.site import buildstate, spare


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_mirror_links_the_outputs_and_search_files_and_removes_the_rest(tmp_path: Path) -> None:
    live, old = tmp_path / "site", tmp_path / "old"
    _write(
        live,
        {
            "policies/a/index.html": "a2",
            "policies/b/index.html": "b",
            "index.html": "home (written by mkdocs every build)",
            "pagefind/pagefind-entry.json": "{}",
            "pagefind/fragment/x.pf_fragment": "x2",
            "pagefind-parts/1/pagefind-entry.json": "{1}",
        },
    )
    _write(
        old,
        {
            "policies/a/index.html": "a1",  # an older version: replaced
            "policies/gone/index.html": "gone",  # no longer an output: removed, with its folder
            "index.html": "old home",
            "assets/zwgk.css": "css",
            "pagefind/fragment/x.pf_fragment": "x1",
            "pagefind/fragment/stale.pf_fragment": "stale",
            "pagefind-parts/2/pagefind-entry.json": "{2}",
        },
    )
    (old / "policies/b").mkdir()
    os.link(live / "policies/b/index.html", old / "policies/b/index.html")  # already the same file
    spare.mirror(old, live, ["policies/a/index.html", "policies/b/index.html"])
    assert _tree(old) == {
        "policies/a/index.html": "a2",
        "policies/b/index.html": "b",
        "pagefind/pagefind-entry.json": "{}",
        "pagefind/fragment/x.pf_fragment": "x2",
        "pagefind-parts/1/pagefind-entry.json": "{1}",
    }
    for rel in _tree(old):  # the same files, not copies
        assert (old / rel).stat().st_ino == (live / rel).stat().st_ino, rel
    assert not (old / "policies/gone").exists() and not (old / "assets").exists()
    assert not (old / "pagefind-parts/2").exists()


def test_a_spare_is_claimed_only_for_the_manifest_it_mirrors(tmp_path: Path) -> None:
    target = tmp_path / "site"
    _write(target, {"policies/a/index.html": "a"})
    manifest = tmp_path / "cache" / "m.json"
    _write(manifest.parent, {"m.json": "{}"})
    made = spare.spare_of(target)
    _write(made, {"policies/a/index.html": "a", spare.MARKER: str(spare.identity(manifest))})
    claimed = spare.claim(target, manifest)
    assert claimed is not None and not made.exists()
    assert _tree(claimed) == {"policies/a/index.html": "a"}  # the marker is not for the site

    # the manifest written again (another build): the spare no longer says what it holds
    _write(made, {"policies/a/index.html": "a", spare.MARKER: str(spare.identity(manifest))})
    (manifest.parent / "new.json").write_text("{}", encoding="utf-8")
    os.replace(manifest.parent / "new.json", manifest)
    assert spare.claim(target, manifest, wait=0) is None
    assert not made.exists()  # (deleted)


def test_complete_moves_the_build_in_without_writing_into_shared_files(tmp_path: Path) -> None:
    live, claimed, staging = tmp_path / "site", tmp_path / ".site.using", tmp_path / "staging"
    _write(
        live,
        {
            "policies/kept/index.html": "kept",
            "policies/changed/index.html": "old",
            "policies/deleted/index.html": "deleted",
            "pagefind/pagefind-entry.json": "{0}",
            "pagefind/zwgk-parts.json": "[1, 2]",
            "pagefind-parts/1/pagefind-entry.json": "{1 old}",
            "pagefind-parts/1/fragment/old.pf_fragment": "old fragment",
            "pagefind-parts/2/pagefind-entry.json": "{2}",
        },
    )
    spare.mirror(
        claimed,
        live,
        ["policies/kept/index.html", "policies/changed/index.html", "policies/deleted/index.html"],
    )
    _write(
        staging,
        {
            "policies/changed/index.html": "new",
            "index.html": "home",
            "pagefind/zwgk-parts.json": "[1]",
            "pagefind-parts/1/pagefind-entry.json": "{1 new}",
        },
    )
    before = _tree(live)
    spare.complete(claimed, staging, stale=["policies/deleted/index.html"], parts={"0", "1"})
    assert _tree(claimed) == {
        "index.html": "home",
        "policies/kept/index.html": "kept",
        "policies/changed/index.html": "new",
        "pagefind/pagefind-entry.json": "{0}",  # the main part kept
        "pagefind/zwgk-parts.json": "[1]",
        "pagefind-parts/1/pagefind-entry.json": "{1 new}",  # made again: the old part's files go
    }
    assert _tree(live) == before  # the live site's files (shared with the spare) as they were
    assert (claimed / "policies/kept/index.html").stat().st_ino == (
        live / "policies/kept/index.html"
    ).stat().st_ino
    assert not (claimed / "policies/deleted").exists()


def test_mirror_never_follows_a_symbolic_link_out_of_the_folder(tmp_path: Path) -> None:
    """A folder the first build replaces may be anything: a link in it to a folder elsewhere is
    removed, not followed (nothing outside is written or deleted)."""
    live, old, elsewhere = tmp_path / "site", tmp_path / "old", tmp_path / "elsewhere"
    _write(live, {"policies/a/index.html": "a"})
    _write(elsewhere, {"a/index.html": "someone's file", "b.txt": "b"})
    old.mkdir()
    (old / "policies").symlink_to(elsewhere, target_is_directory=True)
    spare.mirror(old, live, ["policies/a/index.html"])
    assert _tree(elsewhere) == {"a/index.html": "someone's file", "b.txt": "b"}
    assert not (old / "policies").is_symlink()
    assert (old / "policies/a/index.html").stat().st_ino == (live / "policies/a/index.html").stat().st_ino


def test_complete_leaves_no_empty_parts_folder(tmp_path: Path) -> None:
    """Down to one search part (or search turned off): no empty pagefind-parts/, as a cold build."""
    live, claimed, staging = tmp_path / "site", tmp_path / ".site.using", tmp_path / "staging"
    _write(live, {"pagefind/pagefind-entry.json": "{0}", "pagefind-parts/1/pagefind-entry.json": "{1}"})
    spare.mirror(claimed, live, [])
    _write(staging, {"pagefind/pagefind-entry.json": "{0 new}", "index.html": "home"})
    spare.complete(claimed, staging, stale=[], parts={"0"})
    assert _tree(claimed) == {"index.html": "home", "pagefind/pagefind-entry.json": "{0 new}"}
    assert not (claimed / "pagefind-parts").exists()


def test_a_failed_swap_puts_the_previous_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live, claimed, staging = tmp_path / "site", tmp_path / ".site.using", tmp_path / "staging"
    _write(live, {"policies/a/index.html": "a"})
    spare.mirror(claimed, live, ["policies/a/index.html"])
    _write(staging, {"index.html": "home"})
    real, calls = os.replace, []

    def failing(source: object, target: object) -> None:
        calls.append(source)
        if Path(str(target)) == live and Path(str(source)) == claimed:  # the new site into place
            raise OSError(28, "No space left on device")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(spare.os, "replace", failing)
    made = buildstate.Manifest(outputs={"policies/a/index.html": []}, parts={"0": []})
    finished = spare.Finished(claimed, set(), made, None, lambda: True)
    with pytest.raises(OSError):
        spare.put_in_place(staging, live, finished)
    monkeypatch.undo()
    assert claimed in calls  # (the failure came where it should)
    assert _tree(live) == {"policies/a/index.html": "a"}
    deadline = time.monotonic() + 20  # (the claimed spare is deleted by a detached process)
    while time.monotonic() < deadline and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "staging"]


def test_without_a_process_to_be_had_the_replaced_site_is_deleted_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fork failing (a process limit) after the swap: the build is not failed, nothing is left."""
    live, old, manifest = tmp_path / "site", tmp_path / ".site.old-x", tmp_path / "cache" / "m.json"
    _write(live, {"policies/a/index.html": "a"})
    _write(old, {"policies/a/index.html": "old a"})
    _write(manifest.parent, {"m.json": "{}"})

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    spare.keep(old, live, ["policies/a/index.html"], manifest)
    assert not old.exists() and not spare.spare_of(live).exists()
    _write(old, {"x": "x"})
    spare.discard(old)
    assert not old.exists()


def test_complete_puts_a_file_where_a_folder_was(tmp_path: Path) -> None:
    live, claimed, staging = tmp_path / "site", tmp_path / ".site.using", tmp_path / "staging"
    _write(live, {"policies/a/index.html": "a"})
    spare.mirror(claimed, live, ["policies/a/index.html"])
    (claimed / "data").mkdir()  # (an empty folder where the new site has a file)
    _write(staging, {"data": "a file now"})
    spare.complete(claimed, staging, stale=[], parts=set())
    assert _tree(claimed) == {"data": "a file now", "policies/a/index.html": "a"}


@pytest.mark.parametrize("main_part_made_again", [False, True])
@pytest.mark.parametrize("shard_changed", [True, False])
def test_complete_keeps_the_lookup_shards_the_build_did_not_write(
    tmp_path: Path, main_part_made_again: bool, shard_changed: bool
) -> None:
    """A build completed in the spare writes only the lookup shards that changed: the spare's
    others are kept (the live site's files), the changed ones renamed over, and a shard the
    new lookup does not list removed, whether or not the main part was indexed again."""
    live, claimed, staging = tmp_path / "site", tmp_path / ".site.using", tmp_path / "staging"
    _write(
        live,
        {
            "pagefind/pagefind-entry.json": "{0}",
            "pagefind/zwgk-vocab/meta.json": "old words",
            **{f"pagefind/zwgk-lookup/{n}.json": f"shard {n}" for n in range(5)},
        },
    )
    spare.mirror(claimed, live, [])
    made = {"pagefind/zwgk-vocab/meta.json": "new words"}
    if shard_changed:
        made["pagefind/zwgk-lookup/1.json"] = "shard 1 new"
    if main_part_made_again:
        made["pagefind/pagefind-entry.json"] = "{0 new}"
    _write(staging, made)
    (staging / "pagefind/zwgk-lookup").mkdir(exist_ok=True)  # (empty where no shard changed)
    before = _tree(live)
    spare.complete(claimed, staging, stale=[], parts={"0"}, lookup=[f"{n}.json" for n in range(4)])
    assert _tree(claimed) == {
        "pagefind/pagefind-entry.json": "{0 new}" if main_part_made_again else "{0}",
        "pagefind/zwgk-vocab/meta.json": "new words",
        "pagefind/zwgk-lookup/0.json": "shard 0",
        "pagefind/zwgk-lookup/1.json": "shard 1 new" if shard_changed else "shard 1",
        "pagefind/zwgk-lookup/2.json": "shard 2",
        "pagefind/zwgk-lookup/3.json": "shard 3",
    }
    assert _tree(live) == before
    assert (claimed / "pagefind/zwgk-lookup/2.json").stat().st_ino == (
        live / "pagefind/zwgk-lookup/2.json"
    ).stat().st_ino


def test_complete_replaces_a_lookup_written_whole(tmp_path: Path) -> None:
    """A lookup the build wrote whole (its number of shards changed) replaces the spare's."""
    live, claimed, staging = tmp_path / "site", tmp_path / ".site.using", tmp_path / "staging"
    _write(
        live,
        {
            "pagefind/pagefind-entry.json": "{0}",
            "pagefind/zwgk-lookup/0.json": "a",
            "pagefind/zwgk-lookup/1.json": "b",
        },
    )
    spare.mirror(claimed, live, [])
    _write(staging, {"pagefind/zwgk-lookup/0.json": "ab"})
    spare.complete(claimed, staging, stale=[], parts={"0"}, lookup=["0.json"])
    assert _tree(claimed) == {"pagefind/pagefind-entry.json": "{0}", "pagefind/zwgk-lookup/0.json": "ab"}
