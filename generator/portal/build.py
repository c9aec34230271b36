"""``zwgk portal``'s core: read portal.yml and every member, write the portal into a fresh
folder beside the target and swap it in only when everything was written."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from pathlib import Path

from generator.content.diagnostics import Diagnostic
from generator.content.portal import load_portal
from generator.portal.members import Member, load_all, members_of
from generator.portal.mirror import mirror_member
from generator.portal.render import CSS, DATA, JS, LATEST, PortalView, render
from generator.site import urls
from generator.site.search import run_pagefind
from generator.site.search_bundle import canonicalise
from generator.site.sitefiles import build_date

ASSETS = Path(__file__).parent / "assets"


class PortalConfigError(Exception):
    """portal.yml has errors: nothing is built. Carries the located diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"门户设置有 {len(diagnostics)} 个错误")


class PortalBuildFailed(Exception):
    """The portal could not be written (its own search index, the disk)."""


@dataclass(frozen=True)
class PortalResult:
    site: Path
    members: list[Member]

    @property
    def available(self) -> list[Member]:
        return [m for m in self.members if m.ok]

    @property
    def unavailable(self) -> list[Member]:
        return [m for m in self.members if not m.ok]


def build_portal(
    config_file: Path,
    site_dir: Path | None = None,
    *,
    today: dt.date | None = None,
    jobs: int = 8,
    progress: Callable[[Member], None] | None = None,
    shown: str | None = None,
) -> PortalResult:
    """Build the portal of ``config_file`` into ``site_dir`` (default: ``site/`` beside it).

    Members that cannot be read are in the result (and on the pages) with their reason; the
    portal is swapped in even when none could be read, so that the pages say so. Raises
    PortalConfigError for a portal.yml with errors and PortalBuildFailed when the portal
    itself cannot be written: in both cases the previous portal stays as it was."""
    portal, diagnostics = load_portal(config_file, shown)
    if portal is None:
        raise PortalConfigError(diagnostics)
    base_dir = config_file.resolve().parent
    target = (site_dir if site_dir is not None else base_dir / "site").resolve()
    if base_dir.is_relative_to(target):  # the swap would move the portal's own repository away
        raise PortalBuildFailed(f"输出目录“{target}”包含门户设置文件：请用 -d 指定一个单独的目录，如 site")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        members = members_of(portal, base_dir)
        load_all(members, LATEST, jobs=jobs)
        _mirror_all(members, staging, jobs)
        for member in members:
            if progress is not None:
                progress(member)
        view = PortalView(portal, members, today or build_date())
        _write(staging, view)
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PortalResult(target, members)


def _mirror_all(members: list[Member], out: Path, jobs: int) -> None:
    """Copy or download the members' bundles, several members at a time (each a few files
    at a time): most of the wait is the network or the disk."""
    readable = [m for m in members if m.ok]
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(readable) or 1))) as pool:
        list(pool.map(lambda m: mirror_member(m, out, jobs=4), readable))


def _write(out: Path, view: PortalView) -> None:
    try:
        for rel, text in render(view).items():
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for name in (CSS, JS):
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ASSETS / Path(name).name, out / name)
        (out / DATA).parent.mkdir(parents=True, exist_ok=True)
        (out / DATA).write_bytes(view.data())
        os.chmod(out, 0o755)  # mkdtemp makes it private; a web server must read it
    except OSError as exc:
        raise PortalBuildFailed(f"无法写入门户（{exc.strerror or exc}）") from exc
    _index(out, view)


def _index(out: Path, view: PortalView) -> None:
    """The portal's own small search bundle: it hosts the members' merged indexes.

    It holds one page (the portal's home, with the members' names), so that a search for a
    member's name also finds the portal."""
    scratch = Path(tempfile.mkdtemp(prefix="zwgk-portal-search-"))
    try:
        names = "、".join(m.name for m in view.members)
        (scratch / "index.html").write_text(
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(view.portal.name)}</title></head><body><main>"
            f"<h1>{escape(view.portal.name)}</h1><p>{escape(view.portal.name)}汇集{escape(names)}的政务公开网站。</p>"
            "</main></body></html>",
            encoding="utf-8",
        )
        problem = run_pagefind(scratch, out / urls.SEARCH_BUNDLE.rstrip("/"))
        if problem:
            raise PortalBuildFailed(f"pagefind 建立门户的搜索索引失败：{problem}")
        canonicalise(out / urls.SEARCH_BUNDLE.rstrip("/"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
