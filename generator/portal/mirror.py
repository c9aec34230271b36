"""The members' search bundles in the portal.

A member read from disk (``path``) is copied whole into ``members/<id>/``: its bundle is
served by the portal and its pages too (links and search results point at the copy). Files
are hard-linked when the portal is on the same file system, so a copy costs little. A
published member (``url``) with ``mirror`` gets its bundle (and the parts of a large site)
downloaded: the files the bundle's entry and metadata name, nothing else; otherwise the
browser loads it from the member's own site (which must allow it: CORS) and the portal only
checks that its entry can be read.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from generator.portal.fetch import BUNDLE_FILE_LIMIT, MB, HttpSource, LocalSource, Source, Unavailable
from generator.portal.members import Member
from generator.site import cbor, urls

_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_MAGIC = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


def mirror_member(member: Member, out: Path, *, jobs: int = 8) -> None:
    """Bring what the portal serves of ``member`` into ``out/members/<id>/``; on failure the
    member is made unavailable with the reason."""
    try:
        if isinstance(member.source, LocalSource):
            _copy_site(member.source.root, out / "members" / member.id)
            for bundle in [urls.SEARCH_BUNDLE, *member.parts]:
                bundle_files(member.source, bundle)  # a broken bundle is said here, not in the browser
        elif member.mirror:
            target = out / "members" / member.id
            for bundle in [urls.SEARCH_BUNDLE, *member.parts]:
                _download(member.source, bundle, target, jobs)
        else:
            for bundle in [urls.SEARCH_BUNDLE, *member.parts]:
                _entry(member.source, bundle)
    except Unavailable as exc:
        member.problem = f"搜索索引不可用：{exc}"
        shutil.rmtree(out / "members" / member.id, ignore_errors=True)


def _copy_site(source: Path, target: Path) -> None:
    """The member's site, hard-linked where possible; symbolic links are left out."""
    same_device = True

    def link_or_copy(src: str, dst: str) -> None:
        nonlocal same_device
        if same_device:
            try:
                os.link(src, dst)
                return
            except OSError:
                same_device = False
        shutil.copy2(src, dst)

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if os.path.islink(os.path.join(folder, n))]

    try:
        shutil.copytree(source, target, copy_function=link_or_copy, ignore=ignore)
    except (OSError, shutil.Error) as exc:
        raise Unavailable(f"无法复制成员网站“{source}”（{exc}）") from None


def _entry(source: Source, bundle: str) -> dict[str, Any]:
    raw = source.read(bundle + ENTRY, 1 * MB)
    try:
        entry = json.loads(raw)
        languages = entry["languages"]
        if not isinstance(languages, dict) or not languages:
            raise ValueError("no languages")
        for info in languages.values():
            if not _NAME.match(str(info["hash"])):
                raise ValueError("bad hash")
    except (ValueError, KeyError, TypeError):
        raise Unavailable(f"{bundle}{ENTRY} 不是 pagefind 的索引入口文件") from None
    result: dict[str, Any] = entry
    return result


def _decode(raw: bytes, what: str) -> Any:
    try:
        data = gzip.decompress(raw)
        return cbor.loads(data[len(_MAGIC) :] if data.startswith(_MAGIC) else data)
    except Exception:  # a corrupt file: any decoding error means the same to the portal
        raise Unavailable(f"{what} 无法解读：索引文件已损坏") from None


def bundle_files(source: Source, bundle: str) -> list[str]:
    """Every file of a pagefind bundle that a search may load (entry, metadata, index chunks,
    filters, fragments), relative to the site; read from the entry and the metadata."""
    entry = _entry(source, bundle)
    files = [bundle + ENTRY]
    for info in entry["languages"].values():
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        files.append(bundle + meta_name)
        meta = _decode(source.read(bundle + meta_name, BUNDLE_FILE_LIMIT), bundle + meta_name)
        try:
            pages = [str(p[0]) for p in meta[1]]
            chunks = [str(c[2]) for c in meta[2]]
            filters = [str(f[1]) for f in meta[3]]
        except (IndexError, TypeError, KeyError):
            raise Unavailable(f"{bundle}{meta_name} 不是 pagefind 的索引元数据") from None
        names = pages + chunks + filters
        if not all(_NAME.match(n) for n in names):
            raise Unavailable(f"{bundle}{meta_name} 中有不合规的文件名")
        files += [f"{bundle}fragment/{p}.pf_fragment" for p in pages]
        files += [f"{bundle}index/{c}.pf_index" for c in chunks]
        files += [f"{bundle}filter/{f}.pf_filter" for f in filters]
    return files


def _download(source: Source, bundle: str, target: Path, jobs: int) -> None:
    assert isinstance(source, HttpSource)
    files = bundle_files(source, bundle)

    def one(rel: str) -> None:
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(source.read(rel, BUNDLE_FILE_LIMIT))

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(one, files))
