"""The spare: the replaced site, made a mirror of the live one, that the next build completes.

A build into an existing site keeps most of its files. Linking tens of thousands of them into
a fresh folder (one folder per page) is most of an incremental build's work on the file
system. So, once a build has put its site in place, a detached process makes the site it
replaced into a mirror of the new one, the *spare* (``.<site>.spare`` beside it): hard links
to the live site's pages, downloads and search files (what the next build may keep), nothing
else. The next build claims the spare, makes what changed into a fresh folder as before, then
(:func:`complete`) removes from the spare what the site no longer has and moves the fresh
folder's files into it, by renaming. A file of the spare, which the live site shares, is
never written into: it is kept, unlinked, or renamed over. The spare is then swapped in.

A spare is used only when it mirrors the site its build's manifest describes (the manifest
file's identity is written in it); a build that finds none (the first after a cold one, a
build of another version, a spare still being made after a few seconds) links what it keeps
from the live site, as without a spare. A build that fails gives back the spare it claimed
while it is untouched (and the manifest stands), and deletes it otherwise; a failed swap puts
the previous site back.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.site import buildstate, leftovers, search, search_lookup
from generator.site.sitefiles import detached, discard

try:
    import fcntl
except ImportError:  # pragma: no cover (Windows: no spare, as without fork)
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("mkdocs.plugins.zwgk")

MARKER = ".zwgk-spare"  # in the spare: the identity of the manifest it mirrors
IGNORE = ".gitignore"  # in the spare: "*", so that a site inside a repository leaves it out
SEARCH_TREES = (search.BUNDLE, search.PARTS_DIR)
WAIT = 5.0  # seconds a build waits for a spare still being made
PREVIEW_SITE = "site"  # a preview's site, in its folder (preview_site)


def spare_of(target: Path) -> Path:
    return target.parent / f".{target.name}.spare"


def _lock_file(manifest: Path) -> Path:
    return manifest.with_name(manifest.name + ".spare-lock")


def identity(manifest: Path) -> str | None:
    """What names one manifest file as written (it is replaced, never written into)."""
    try:
        st = manifest.stat()
    except OSError:
        return None
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _wait_for(lock: Path, seconds: float) -> None:
    """Until no spare is being made for the site (its maker holds the lock), or ``seconds``."""
    if fcntl is None:
        return
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return
                time.sleep(0.02)
            except OSError:  # (a file system without locks)
                return
    finally:
        os.close(fd)


def claim(target: Path, manifest: Path, wait: float = WAIT) -> Path | None:
    """The site's spare, renamed out of the way for this build, when it mirrors the site
    ``manifest`` describes; else None (and a spare that does not is deleted)."""
    if fcntl is None or not hasattr(os, "fork"):
        return None
    _wait_for(_lock_file(manifest), wait)
    spare = spare_of(target)
    claimed = target.parent / f"{leftovers.claimed(target)}{os.getpid()}-{secrets.token_hex(4)}"
    if not leftovers.hold(spare):  # (none, or another build's: its lock goes with it, see leftovers.py)
        return None
    try:
        os.rename(spare, claimed)  # (one build has it: another build finds none)
    except OSError:
        leftovers.release(spare)
        return None
    leftovers.moved(spare, claimed)
    try:
        try:
            mark = (claimed / MARKER).read_text(encoding="utf-8")
        except OSError:
            mark = None
        if mark is None or mark != identity(manifest):
            raise FileNotFoundError(claimed / MARKER)
        for name in (MARKER, IGNORE):  # not for the site
            (claimed / name).unlink(missing_ok=True)
    except BaseException as exc:  # (an interruption too: nothing claimed is left behind)
        discard(claimed)
        if isinstance(exc, OSError):
            return None
        raise
    log.info(f"zwgk: 在上一次替换下来的网站副本 {spare.name} 上完成本次生成，未变的文件留在原处")
    return claimed


def give_back(claimed: Path, target: Path, manifest: Path) -> None:
    """After a failed build: the claimed spare, untouched, is the site's spare again while the
    manifest it mirrors stands (a build forgets it once it starts changing what it describes);
    else it is deleted."""
    mark = identity(manifest)
    try:
        if mark is None:
            raise FileNotFoundError(manifest)
        (claimed / IGNORE).write_text("*\n", encoding="utf-8")
        (claimed / MARKER).write_text(mark, encoding="utf-8")
        os.rename(claimed, spare_of(target))
        leftovers.release(claimed)  # (the spare: no build's now)
    except OSError:
        discard(claimed)


@dataclass
class Finished:
    """What a successful build gives its swap (:func:`put_in_place`)."""

    spare: Path | None  # the spare it completes, if it claimed one
    stale: set[str]  # the outputs of the site it replaces that it does not have
    made: buildstate.Manifest  # what it made: its outputs, search parts, exact lookup
    manifest: Path | None  # where that is written (by commit)
    commit: Callable[[], bool]  # writes its manifest once the site is in place; True if written


def put_in_place(staging: Path, target: Path, finished: Finished | None) -> None:
    """Swap the new site in for ``target``: the staging folder, or the spare completed with
    it. The replaced site becomes the next build's spare (or is deleted). On a failure before
    the swap, ``target`` is as it was and the claimed spare is deleted."""
    claimed = finished.spare if finished is not None else None
    old = None
    try:
        if finished is not None and claimed is not None:
            made = finished.made
            lookup = search_lookup.shard_files(made.lookup)
            complete(claimed, staging, stale=finished.stale, parts=made.parts, lookup=lookup)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, old)
        os.replace(claimed or staging, target)
        leftovers.release(staging, claimed)  # (the site now: no build's scratch)
    except BaseException:
        if old is not None and not target.exists():
            os.replace(old, target)  # the previous site, back in its place
        elif old is not None:
            shutil.rmtree(old, ignore_errors=True)  # (an empty folder: the site never left)
        if claimed is not None:
            discard(claimed)  # (changed: not a mirror of anything any more)
        raise
    committed = False
    try:
        committed = finished is not None and finished.manifest is not None and finished.commit()
    finally:
        if committed and finished is not None and finished.manifest is not None:
            keep(old, target, list(finished.made.outputs), finished.manifest)
        elif old is not None:
            discard(old)
        if claimed is not None:
            shutil.rmtree(staging, ignore_errors=True)  # (what moving left: empty folders)


def complete(
    spare: Path, staging: Path, *, stale: Iterable[str], parts: Collection[str], lookup: Collection[str] = ()
) -> None:
    """Make the claimed ``spare`` the new site: remove the outputs the build no longer has
    (``stale``, site paths) and the search files it made again, and move in everything the
    build wrote into ``staging``. ``parts``: the search parts the new site has ("0", "1" …);
    ``lookup``: the files of its exact lookup, of which ``staging`` may hold only those the
    build wrote (search_lookup.write_lookup without ``link``): the spare's others are kept."""
    trash = leftovers.owned(f"{spare.name}.trash-", spare.parent)
    try:
        for rel in stale:
            _remove(spare, rel)
        bundle, old_bundle = staging / search.BUNDLE, spare / search.BUNDLE
        kept_lookup = _some(bundle / search_lookup.LOOKUP_DIR, lookup)
        if kept_lookup and old_bundle.is_dir():  # all beside the lookup, whose files are merged
            made_again = (bundle / "pagefind-entry.json").exists()
            for entry in os.listdir(old_bundle if made_again else bundle):
                if entry != search_lookup.LOOKUP_DIR:
                    _aside(old_bundle / entry, trash)
        elif "0" not in parts or (bundle / "pagefind-entry.json").exists():
            _aside(old_bundle, trash)  # the main part made again (or none): all of it
        elif bundle.is_dir():
            for entry in os.listdir(bundle):  # the files beside the kept main part
                _aside(old_bundle / entry, trash)
        old_parts, made = spare / search.PARTS_DIR, staging / search.PARTS_DIR
        if old_parts.is_dir():
            for entry in os.listdir(old_parts):
                if entry not in parts or (made / entry).exists():
                    _aside(old_parts / entry, trash)
            if not os.listdir(old_parts):
                old_parts.rmdir()
        _move_in(staging, spare)
        if kept_lookup:  # (shards beyond the new number of them, had it changed)
            for name in set(os.listdir(old_bundle / search_lookup.LOOKUP_DIR)).difference(lookup):
                _aside(old_bundle / search_lookup.LOOKUP_DIR / name, trash)
    finally:
        if any(trash.iterdir()):
            discard(trash)
        else:  # (most builds: no process started for an empty folder)
            trash.rmdir()


def _some(made: Path, files: Collection[str]) -> bool:
    """Whether the folder ``made`` holds only some of ``files`` (the others to be kept)."""
    try:
        return bool(files) and len(os.listdir(made)) < len(files)
    except OSError:
        return False


def _move_in(source: Path, target: Path) -> None:
    """Move ``source``'s tree into ``target`` by renaming: a folder new to ``target`` whole, a
    file over the one it replaces (never copied into it)."""
    with os.scandir(source) as entries:
        listed = list(entries)
    for entry in listed:
        destination = target / entry.name
        if entry.is_dir(follow_symlinks=False) and destination.is_dir() and not destination.is_symlink():
            _move_in(Path(entry.path), destination)
        elif entry.is_dir(follow_symlinks=False) and (destination.exists() or destination.is_symlink()):
            if destination.is_symlink() or not destination.is_dir():
                destination.unlink()
            os.rename(entry.path, destination)
        else:
            if destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination)  # (its files are unlinked, not written into)
            os.replace(entry.path, destination)


def _remove(site: Path, rel: str) -> None:
    path = site / rel
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    folder = path.parent
    while folder != site:  # the folders it leaves empty
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


def _aside(path: Path, trash: Path) -> None:
    if path.exists() or path.is_symlink():
        os.rename(path, trash / secrets.token_hex(8))


def keep(old: Path | None, live: Path, outputs: Collection[str], manifest: Path) -> None:
    """After the swap: make ``old`` (the replaced site; None: a new folder) the spare of
    ``live``, in a detached process; without fork, or without a manifest, ``old`` is deleted."""
    mark = identity(manifest)
    if mark is None or not outputs or fcntl is None or not hasattr(os, "fork"):
        if old is not None:
            discard(old)
        return
    try:
        lock = os.open(_lock_file(manifest), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        if old is not None:
            discard(old)
        return
    try:
        if lock < 3:  # (the detached process points 0–2 at /dev/null)
            lock, was = fcntl.fcntl(lock, fcntl.F_DUPFD, 3), lock
            os.close(was)
        # held by the detached process until it is done; a spare still being made for the
        # last build (or a file system without locks): none this time
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        if old is not None:
            discard(old)
        return

    def make() -> None:  # pragma: no cover (in the detached process)
        folder = old or Path(tempfile.mkdtemp(prefix=f".{live.name}.old-", dir=live.parent))
        try:
            mirror(folder, live, outputs)
            (folder / IGNORE).write_text("*\n", encoding="utf-8")
            (folder / MARKER).write_text(mark, encoding="utf-8")
            if identity(manifest) != mark or not live.is_dir():
                raise FileNotFoundError(live)  # the site went meanwhile (a preview that ended)
            os.rename(folder, spare_of(live))  # (fails where a spare is: this one goes)
        except BaseException:  # (nothing half made is left)
            shutil.rmtree(folder, ignore_errors=True)

    try:
        detached(make, keep_fd=lock)
    except OSError:  # no process to be had: no spare, and the replaced site deleted here
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        os.close(lock)


def mirror(folder: Path, live: Path, outputs: Collection[str]) -> None:
    """Make ``folder`` hold exactly ``live``'s ``outputs`` (site paths) and search trees, as
    hard links to the live files; anything else in it is removed."""
    wanted = set(outputs)
    for tree in SEARCH_TREES:
        if (live / tree).is_dir():
            wanted.update(f"{tree}/{rel}" for rel in _files(live / tree))
    # first what is not wanted goes (symbolic links too: never followed), then the links
    folder.mkdir(parents=True, exist_ok=True)
    _prune(folder, "", wanted)
    for rel in wanted:
        _same(live / rel, folder / rel)


def _same(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (nothing at all when there is no ``source``)."""
    try:
        have = os.stat(source)
    except FileNotFoundError:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        return
    try:
        st = os.stat(target, follow_symlinks=False)
        if (st.st_ino, st.st_dev) == (have.st_ino, have.st_dev):
            return
        target.unlink()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno != errno.ENOENT:  # (gone meanwhile: a newer build replaced the site)
            raise


def _files(folder: Path) -> list[str]:
    found: list[str] = []

    def walk(path: str, rel: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{rel}{entry.name}/")
                else:
                    found.append(f"{rel}{entry.name}")

    walk(str(folder), "")
    return found


def _prune(folder: Path, rel: str, wanted: set[str]) -> bool:
    """Remove what is not ``wanted`` under ``folder``; True when the folder is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        listed = list(entries)
    for entry in listed:
        name = f"{rel}{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            if _prune(Path(entry.path), f"{name}/", wanted):
                os.rmdir(entry.path)
            else:
                empty = False
        elif name in wanted:
            empty = False
        else:
            os.unlink(entry.path)
    return empty


def wait(target: Path, manifest: Path, seconds: float = 60.0) -> bool:
    """Until the spare being made for ``target`` is ready; whether there is one."""
    _wait_for(_lock_file(manifest), seconds)
    return spare_of(target).is_dir()


def preview_site() -> Path:
    """Where a preview builds its site: ``site`` in a folder of its own (held: see leftovers.py),
    made in the temporary folder."""
    folder = leftovers.owned(leftovers.PREVIEW, Path(tempfile.gettempdir()))
    (folder / PREVIEW_SITE).mkdir()
    return folder / PREVIEW_SITE


def end_preview(site: Path, cache: Path | None) -> None:
    """After a preview: its site, its spare and what ``cache`` kept of it (see forget), its folder."""
    shutil.rmtree(site, ignore_errors=True)
    if cache is not None:
        forget(site, buildstate.manifest_file(cache, site))
    shutil.rmtree(site.parent, ignore_errors=True)


def sweep_previews(cache: Path) -> None:
    """Before a preview: remove the folders of previews killed outright (``kill -9``) and what
    ``cache`` kept of their sites."""
    for folder in leftovers.sweep(Path(tempfile.gettempdir()), [leftovers.PREVIEW]):
        site = folder / PREVIEW_SITE
        forget(site, buildstate.manifest_file(cache, site))


def forget(target: Path, manifest: Path) -> None:
    """Remove the site's spare (the preview's, when it ends), once it is no longer being made;
    and what the cache keeps of it (the manifest first: a spare still being made then finds its
    manifest gone and is not put in place)."""
    buildstate.discard(manifest)
    _wait_for(_lock_file(manifest), 60)
    shutil.rmtree(spare_of(target), ignore_errors=True)
    with contextlib.suppress(OSError):
        _lock_file(manifest).unlink()
