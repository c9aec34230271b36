"""The history of each catalogue and policy file (动态调整), from git: the date and a one-line
summary of every change that landed, in the words of ``zwgk diff``.

History is read along the first-parent line (each merged pull request is one change, on the
day it was merged). Each change of a file is summarised by loading both versions the way
the check does and comparing them field by field ("新增事项：…", "修改 公开时限：…").
Summaries are cached by the pair of blob ids, so a build reads only what is new. Outside a
git checkout, or in a shallow clone, there is no history: :attr:`History.reason` says why,
and callers fall back to the dates in the files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from generator import __version__
from generator.content import model as m
from generator.content.diff.compare import body_change, field_changes
from generator.content.diff.result import DiffError
from generator.content.diff.sides import _git, repo_root
from generator.content.load import classify, load_file

KINDS = ("catalogue", "policy")  # the files whose pages show their history
CACHE_NAME = "history-cache.json"
MAX_VALUE = 40  # characters of a value shown in a summary
FORMAT = f"{__version__}/1"  # cached summaries are dropped when this changes


@dataclass(frozen=True)
class Entry:
    """One change of one file: when it landed, and what it changed."""

    date: dt.date
    commit: str
    summary: str


@dataclass
class History:
    """Every catalogue's and policy's changes by path relative to ``content/``, newest first."""

    reason: str | None = None  # why there is none (not a git checkout, a shallow clone …)
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    modified: dict[str, dt.date] = field(default_factory=dict)  # the last change of each file

    @property
    def available(self) -> bool:
        return self.reason is None


def _short(value: str) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= MAX_VALUE else value[:MAX_VALUE] + "…"


def _names(items: Iterable[BaseModel]) -> str:
    return "、".join(str(getattr(i, "name", "")) for i in items)


def summarise(kind: str, before: BaseModel | None, after: BaseModel | None, bodies: tuple[str, str]) -> str:
    """One line saying what changed between two versions of a file ("" when nothing shown did)."""
    parts: list[str] = []
    if isinstance(before, m.Catalogue) and isinstance(after, m.Catalogue):
        old = {i.id: i for i in before.items}
        new = {i.id: i for i in after.items}
        if added := [i for key, i in new.items() if key not in old]:
            parts.append(f"新增事项：{_names(added)}")
        if removed := [i for key, i in old.items() if key not in new]:
            parts.append(f"删除事项：{_names(removed)}")
        by_label: dict[str, list[str]] = {}
        for key, item in new.items():
            if key in old and old[key] != item:
                for change in field_changes(old[key], item, skip=("id",)):
                    by_label.setdefault(change.label, []).append(item.name)
        parts += [f"修改 {label}：{'、'.join(names)}" for label, names in by_label.items()]
        skip: tuple[str, ...] = ("items", "domain", "organization")
    else:
        skip = ()
    if before is not None and after is not None:
        for change in field_changes(before, after, skip=skip):
            parts.append(
                f"修改 {change.label}：{_short(change.before) or '（无）'} → {_short(change.after) or '（无）'}"
            )
        body = body_change(*bodies) if kind != "catalogue" else None
        if body is not None:
            parts.append(f"修改 正文（增加 {body.added} 行、删除 {body.removed} 行）")
    elif after is not None or before is not None:
        parts.append("修改（其中一个版本无法读取，未能比较）")
    return "；".join(parts)


def _load(rel: str, kind: str, raw: bytes) -> tuple[BaseModel | None, str]:
    result = load_file(rel, kind, raw)
    return result.model, result.body


class _Cache:
    def __init__(self, cache_dir: Path | None) -> None:
        self.path = cache_dir / CACHE_NAME if cache_dir is not None else None
        self.summaries: dict[str, str] = {}
        self.changed = False
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("format") == FORMAT:
                    self.summaries = dict(data["summaries"])
            except (OSError, ValueError, KeyError, TypeError):
                self.summaries = {}

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"format": FORMAT, "summaries": self.summaries}), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written is no cache


def _blobs(repo: Path, shas: list[str]) -> dict[str, bytes]:
    if not shas:
        return {}
    proc = _git(repo, "cat-file", "--batch", data="".join(f"{s}\n" for s in shas).encode())
    out, at, found = proc.stdout, 0, {}
    for sha in shas:
        end = out.find(b"\n", at)
        header = out[at:end].split()
        if end < 0 or len(header) != 3 or header[1] != b"blob":
            break
        size = int(header[2])
        found[sha] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return found


@dataclass(frozen=True)
class _Change:
    commit: str
    date: dt.date
    status: str  # A, M, D …
    old: str
    new: str
    rel: str
    kind: str


def _log(repo: Path, prefix: str) -> list[_Change]:
    """Each change of a catalogue or policy file along the first-parent line, newest first."""
    proc = _git(
        repo,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "-z",
        "--format=%x1e%H%x1f%cs",
        "--",
        prefix or ".",
    )
    if proc.returncode != 0:
        return []
    changes: list[_Change] = []
    lead = f"{prefix}/" if prefix else ""
    for record in proc.stdout.decode("utf-8", "surrogateescape").split("\x1e")[1:]:
        header, _, rest = record.partition("\0")
        commit, _, day = header.partition("\x1f")
        fields = rest.lstrip("\n").split("\0")
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            parts = meta.lstrip(":").split()
            if len(parts) != 5 or not path.startswith(lead):
                continue
            rel = path[len(lead) :]
            kind = classify(rel)
            if kind in KINDS:
                changes.append(
                    _Change(commit, dt.date.fromisoformat(day), parts[4][0], parts[2], parts[3], rel, kind)
                )
    return changes


def read_history(content_dir: Path, cache_dir: Path | None = None) -> History:
    """The history of every catalogue and policy under ``content_dir`` (never raises)."""
    try:
        repo = repo_root(content_dir)
    except DiffError as exc:
        return History(reason=f"内容目录不在 git 仓库中，或找不到 git（{exc}）")
    shallow = _git(repo, "rev-parse", "--is-shallow-repository")
    if shallow.stdout.strip() == b"true":
        return History(
            reason="这是一个浅克隆（shallow clone），没有完整的修改历史；请用 fetch-depth: 0 取得全部历史"
        )
    try:
        prefix = content_dir.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return History(reason=f"内容目录不在 git 仓库 {repo} 中")
    prefix = "" if prefix == "." else prefix
    changes = _log(repo, prefix)
    if not changes:
        return History(reason="内容目录还没有提交到 git，没有修改历史")
    cache = _Cache(cache_dir)
    key = {c: f"{c.kind}:{c.old}:{c.new}" for c in changes if c.status == "M"}
    todo = [c for c in changes if c.status == "M" and key[c] not in cache.summaries]
    blobs = _blobs(repo, sorted({sha for c in todo for sha in (c.old, c.new)}))
    for c in todo:
        before, old_body = _load(c.rel, c.kind, blobs.get(c.old, b""))
        after, new_body = _load(c.rel, c.kind, blobs.get(c.new, b""))
        cache.summaries[key[c]] = summarise(c.kind, before, after, (old_body, new_body))
        cache.changed = True
    cache.save()
    history = History()
    gone: set[str] = set()
    for c in changes:  # newest first
        if c.rel in gone:
            continue  # before the file was deleted: another file that had the same name
        history.modified.setdefault(c.rel, c.date)
        if c.status == "D":
            gone.add(c.rel)
            continue
        if c.status == "A":
            summary = "新建目录" if c.kind == "catalogue" else "发布"
        else:
            summary = cache.summaries.get(key.get(c, ""), "")
        if summary:
            history.entries.setdefault(c.rel, []).append(Entry(c.date, c.commit, summary))
    return history
