"""What a change to ``content/`` changes: the content at a git ref against the working tree.

Both sides are read the way ``zwgk check`` reads them (the same discovery, the same
:func:`~generator.content.load.load_file`, the same models), so a catalogue moved to another file is
the same catalogue, and a variant that ``fmt`` would normalise is no change. The result is
data (:class:`ContentDiff`); :func:`format_text` and :func:`format_markdown` turn it into a
terminal report or a pull-request summary. Nothing here prints or exits.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from generator.content import model as m
from generator.content.corpus import Corpus, _index, discover
from generator.content.load import FileResult, load_file

Status = Literal["added", "removed", "changed"]
K = TypeVar("K")
V = TypeVar("V")
STATUS_LABEL: dict[str, str] = {"added": "新增", "removed": "删除", "changed": "修改"}
_STATUS_ORDER = {"added": 0, "removed": 1, "changed": 2}
EMPTY = "（无）"


class DiffError(Exception):
    """The comparison cannot be made (no git, not a repository, an unknown ref): a usage error."""


# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry: its key, its Chinese label, and the value before and after.

    Values are shown as text: lists joined with 、, dates as YYYY-MM-DD, empty as "".
    """

    key: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class BodyChange:
    """The Markdown body changed: how many lines were added and removed."""

    added: int
    removed: int


@dataclass(frozen=True)
class Change:
    """An entry (a catalogue item, a policy, an organization …) added, removed or changed.

    For an added entry ``fields`` holds every value it has (before is empty); for a removed
    one it is empty; for a changed one it holds the fields that differ.
    """

    status: Status
    key: str  # the entry's id: item id, document id, organization id …
    title: str  # what a person calls it: item name, document title, organization name …
    path: str  # the file, relative to content/ (the working tree's, or the base's when removed)
    fields: tuple[FieldChange, ...] = ()
    body: BodyChange | None = None


@dataclass(frozen=True)
class CatalogueChange:
    """A catalogue (one organization in one domain) added, removed, or with changed items."""

    status: Status
    domain: str  # the domain's Chinese name (or what the file says, when unknown)
    organization: str  # the organization's name (or what the file says, when unknown)
    path: str
    fields: tuple[FieldChange, ...] = ()  # the catalogue's own keys: 目录层级, 更新日期 …
    items: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    """A file that does not load on one side: the diff cannot say what it holds."""

    path: str
    side: Literal["base", "work"]
    message: str


SIDE_LABEL = {"base": "基准版本", "work": "工作区"}


@dataclass
class ContentDiff:
    base: str  # the ref as given
    commit: str  # what it resolved to
    base_has_content: bool = True
    prefix: str = "content"  # the content folder in the repository: paths below are relative to it
    site: list[Change] = field(default_factory=list)
    organizations: list[Change] = field(default_factory=list)
    catalogues: list[CatalogueChange] = field(default_factory=list)
    policies: list[Change] = field(default_factory=list)
    interpretations: list[Change] = field(default_factory=list)
    pages: list[Change] = field(default_factory=list)
    others: list[Change] = field(default_factory=list)  # local domains, holidays, attachments
    unreadable: list[Unreadable] = field(default_factory=list)

    def where(self, path: str) -> str:
        """A path below the content folder as it is in the repository (content/…)."""
        return f"{self.prefix}/{path}" if self.prefix else path

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.site,
                self.organizations,
                self.catalogues,
                self.policies,
                self.interpretations,
                self.pages,
                self.others,
                self.unreadable,
            )
        )


# --- reading both sides ----------------------------------------------------------------------


def _git(repo: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args], input=data, capture_output=True, check=False, env=env
        )
    except FileNotFoundError as exc:
        raise DiffError("找不到 git 命令：请先安装 git") from exc


def repo_root(path: Path) -> Path:
    """The top of the git working tree that holds ``path``."""
    start = path if path.is_dir() else path.parent
    proc = _git(start, "rev-parse", "--show-toplevel")
    if proc.returncode != 0:
        raise DiffError(f"“{path}”不在 git 仓库中：zwgk diff 比较的是 git 中的版本和当前文件")
    return Path(proc.stdout.decode("utf-8", "surrogateescape").strip())


def resolve_ref(repo: Path, ref: str) -> str:
    """The commit a ref names, or a :class:`DiffError` in Chinese."""
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n"):
        raise DiffError(f"“{ref}”不是有效的 git 版本")
    proc = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if proc.returncode != 0:
        raise DiffError(
            f"找不到 git 版本“{ref}”：请写分支名（如 main、origin/main）、标签或提交号；"
            "远程分支需要先 git fetch"
        )
    return proc.stdout.decode().strip()


def default_base(repo: Path) -> str:
    """origin/main when the repository has it, else HEAD."""
    proc = _git(repo, "rev-parse", "--verify", "--quiet", "origin/main^{commit}")
    return "origin/main" if proc.returncode == 0 else "HEAD"


def _safe_rel(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return bool(parts) and not rel.startswith("/") and all(p not in ("", ".", "..", ".git") for p in parts)


def _materialise(repo: Path, commit: str, prefix: str, dest: Path) -> bool:
    """Write the content tree at ``commit`` into ``dest``; False when the commit has none."""
    tree = f"{commit}:{prefix}"
    kind = _git(repo, "cat-file", "-t", tree)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        return False
    listing = _git(repo, "ls-tree", "-r", "-z", tree)
    if listing.returncode != 0:
        raise DiffError(f"无法读取 git 版本 {commit[:12]} 中的内容目录")
    entries: list[tuple[bytes, bytes, str]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind_name, sha = meta.split()
        rel = raw_path.decode("utf-8", "surrogateescape")
        if kind_name != b"blob" or not _safe_rel(rel):
            continue  # submodules, and paths git itself would refuse to check out
        entries.append((mode, sha, rel))
    if not entries:
        return True
    batch = _git(repo, "cat-file", "--batch", data=b"".join(sha + b"\n" for _, sha, _ in entries))
    if batch.returncode != 0:
        raise DiffError(f"无法读取 git 版本 {commit[:12]} 中的文件")
    out, at = batch.stdout, 0
    for mode, _sha, rel in entries:
        end = out.find(b"\n", at)
        header = out[at:end].split()
        if end < 0 or len(header) != 3 or header[1] != b"blob":
            raise DiffError(f"无法读取 git 版本 {commit[:12]} 中的文件 {rel}（仓库不完整？请运行 git fetch）")
        size = int(header[2])
        blob = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == b"120000":  # a symlink: discovery decides, as in a checkout, whether to follow it
            os.symlink(blob.decode("utf-8", "surrogateescape"), target)
        else:
            target.write_bytes(blob)
    return True


@dataclass
class _Side:
    files: list[FileResult] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)  # rel → the first problem
    attachments: dict[str, str] = field(default_factory=dict)  # rel → digest

    def corpus(self, root: Path, leave_out: set[str]) -> Corpus:
        """The indexes ``zwgk check`` builds (organizations, domains …), without ``leave_out``."""
        c = Corpus(content_dir=root, files=[f for f in self.files if f.rel not in leave_out])
        _index(c)
        return c


def _load_side(root: Path) -> _Side:
    """Every content file under ``root``, discovered and loaded as ``zwgk check`` does."""
    side = _Side()
    if not root.is_dir():
        return side
    for d in discover(root):
        if d.problem is not None:
            side.unreadable[d.rel] = d.problem.message
            continue
        assert d.path is not None and d.kind is not None
        raw = Path(d.path).read_bytes()
        if d.kind == "attachment":  # compared by content only: not scanned again here
            side.attachments[d.rel] = hashlib.blake2b(raw, digest_size=20).hexdigest()
            continue
        result = load_file(d.rel, d.kind, raw, d.path)
        if result.model is None:
            errors = [x for x in result.diagnostics if x.severity == "error"] or result.diagnostics
            side.unreadable[d.rel] = (
                f"第 {errors[0].line} 行第 {errors[0].column} 列 {errors[0].code} {errors[0].message}"
                if errors
                else "无法读取"
            )
            continue
        side.files.append(result)
    return side


def diff_content(base_ref: str, content_dir: Path, repo: Path) -> ContentDiff:
    """Compare ``content_dir`` as it is in the working tree with the same folder at ``base_ref``."""
    repo = repo_root(repo)
    commit = resolve_ref(repo, base_ref)
    try:
        prefix = content_dir.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError as exc:
        raise DiffError(f"内容目录“{content_dir}”不在 git 仓库 {repo} 中") from exc
    prefix = "" if prefix == "." else prefix
    with tempfile.TemporaryDirectory(prefix="zwgk-diff-") as tmp:
        base_root = Path(tmp) / "content"
        base_root.mkdir()
        has_content = _materialise(repo, commit, prefix, base_root)
        before = _load_side(base_root)
    after = _load_side(content_dir)
    result = ContentDiff(base=base_ref, commit=commit, base_has_content=has_content, prefix=prefix)
    _compare(before, after, content_dir, result)
    return result


# --- comparing -------------------------------------------------------------------------------


def show(value: Any) -> str:
    """A value as a person reads it: lists joined with 、, dates as YYYY-MM-DD, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, m.PolicyRef):
        return f"政策文件 {value.policy}"
    if isinstance(value, BaseModel):
        return "；".join(
            f"{info.title or name}：{show(getattr(value, name))}"
            for name, info in type(value).model_fields.items()
            if getattr(value, name) is not None
        )
    if isinstance(value, (list, tuple)):
        return "、".join(show(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{show(v)}" for k, v in value.items())
    return str(value)


def field_changes(
    before: BaseModel | None, after: BaseModel | None, skip: Iterable[str] = ()
) -> tuple[FieldChange, ...]:
    """Field by field, in the model's order, with the model's Chinese labels."""
    shape = after if after is not None else before
    if shape is None:
        return ()
    out: list[FieldChange] = []
    for name, info in type(shape).model_fields.items():
        if name in skip:
            continue
        old = getattr(before, name) if before is not None else None
        new = getattr(after, name) if after is not None else None
        if before is not None and after is not None and old == new:
            continue
        shown_old, shown_new = show(old), show(new)
        if shown_old != shown_new:
            out.append(FieldChange(name, info.title or name, shown_old, shown_new))
    return tuple(out)


def body_change(before: str, after: str) -> BodyChange | None:
    if before == after:
        return None
    added = removed = 0
    old, new = before.splitlines(), after.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return BodyChange(added, removed)


def _pair(before: dict[K, V], after: dict[K, V]) -> Iterator[tuple[Status, K, V | None, V | None, V]]:
    """(status, key, before, after, whichever exists) for every key on either side."""
    for key, new in after.items():
        yield ("changed" if key in before else "added"), key, before.get(key), new, new
    for key, old in before.items():
        if key not in after:
            yield "removed", key, old, None, old


def _keyed(entries: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """By key, in order; a repeated key (an error the check reports) gets #2, #3 …"""
    out: dict[str, Any] = {}
    for key, value in entries:
        unique, n = key, 1
        while unique in out:
            n += 1
            unique = f"{key}#{n}"
        out[unique] = value
    return out


def _record_changes(
    before: dict[str, tuple[str, BaseModel]],
    after: dict[str, tuple[str, BaseModel]],
    title: Callable[[BaseModel], str],
) -> list[Change]:
    """Changes of keyed records (organizations, items …): ``key → (path, model)``."""
    out: list[tuple[int, int, Change]] = []
    for position, (status, key, old, new, (path, shape)) in enumerate(_pair(before, after)):
        # the id is the entry's key, shown with its title
        fields = field_changes(old[1] if old else None, new[1] if new else None, skip=("id",))
        if status == "removed":
            fields = ()
        elif status == "changed" and not fields:
            continue
        out.append((_STATUS_ORDER[status], position, Change(status, key, title(shape), path, fields)))
    return [c for _, _, c in sorted(out, key=lambda t: (t[0], t[1]))]


def _documents(before: list[FileResult], after: list[FileResult]) -> list[Change]:
    """Policies, interpretations, pages: by file name (the id), front matter field by field."""
    old = _keyed((f.doc_id, f) for f in before)
    new = _keyed((f.doc_id, f) for f in after)
    out: list[Change] = []
    for status, key, b, a, shape in _pair(old, new):
        title = _name(shape.model)
        if status == "removed":
            out.append(Change(status, key, title, shape.rel))
            continue
        fields = field_changes(b.model if b else None, a.model if a else None)
        body = body_change(b.body, a.body) if b is not None and a is not None else None
        if status == "changed" and not fields and body is None:
            continue
        out.append(Change(status, key, title, shape.rel, fields, body))
    return sorted(out, key=lambda c: (_STATUS_ORDER[c.status], c.key))


def _catalogue_key(c: Corpus, f: FileResult) -> tuple[str, str]:
    """(domain slug, organization id) however the file spells them, resolved as the check does."""
    cat: m.Catalogue = f.model
    domain = c.domains.resolve(cat.domain) or cat.domain
    return domain, c.resolve_org(cat.organization) or cat.organization


def _catalogues(before: Corpus, after: Corpus) -> list[CatalogueChange]:
    def index(c: Corpus) -> dict[str, tuple[tuple[str, str], FileResult]]:
        return _keyed(
            ("\0".join(_catalogue_key(c, f)), (_catalogue_key(c, f), f))
            for f in c.catalogues
            if isinstance(f.model, m.Catalogue)
        )

    def names(key: tuple[str, str]) -> tuple[str, str]:
        domain, org = key
        for c in (after, before):
            if domain in c.domains.domains:
                domain = c.domains.domains[domain].name
                break
        for c in (after, before):
            if org in c.organizations:
                org = c.organizations[org].name
                break
        return domain, org

    def items(f: FileResult | None) -> dict[str, tuple[str, BaseModel]]:
        if f is None:
            return {}
        return _keyed((item.id, (f.rel, item)) for item in f.model.items)

    out: list[CatalogueChange] = []
    for status, _key, b, a, (key, shape) in _pair(index(before), index(after)):
        old, new = (b[1] if b else None), (a[1] if a else None)
        changed_items = _record_changes(items(old), items(new), _name)
        # domain and organization are the catalogue's key, however spelt: shown in its heading
        fields = field_changes(
            old.model if old else None, new.model if new else None, skip=("domain", "organization", "items")
        )
        if status == "removed":
            fields = ()
        elif status == "changed" and not fields and not changed_items:
            continue
        domain, org = names(key)
        out.append(CatalogueChange(status, domain, org, shape.rel, fields, tuple(changed_items)))
    return sorted(out, key=lambda c: (c.domain, c.organization, _STATUS_ORDER[c.status]))


def _single(c: Corpus, kind: str) -> FileResult | None:
    return next((f for f in c.files if f.kind == kind), None)


def _records(c: Corpus, kind: str) -> dict[str, tuple[str, BaseModel]]:
    """The entries of a registry file (organizations.yml, domains.yml …) by their key."""
    f = _single(c, kind)
    if f is None or f.model is None:
        return {}
    root = f.model.root
    if isinstance(root, dict):  # holidays.yml: by year
        return _keyed((str(year), (f.rel, spec)) for year, spec in root.items())
    key = {"organizations": "id", "domains": "slug", "attachments": "file"}[kind]
    return _keyed((str(getattr(entry, key)), (f.rel, entry)) for entry in root)


def _fixed(title: str) -> Callable[[BaseModel], str]:
    return lambda _record: title


def _name(record: BaseModel) -> str:
    return str(getattr(record, "name", None) or getattr(record, "title", None) or "")


_OTHER_REGISTRIES = (("domains", "本地领域"), ("holidays", "放假安排"), ("attachments", "附件个人信息例外"))


def _compare(before: _Side, after: _Side, content_dir: Path, result: ContentDiff) -> None:
    # a file that does not load on one side is reported as such, not as removed or added
    broken = set(before.unreadable) | set(after.unreadable)
    result.unreadable += [Unreadable(rel, "base", msg) for rel, msg in before.unreadable.items()]
    result.unreadable += [Unreadable(rel, "work", msg) for rel, msg in after.unreadable.items()]
    result.unreadable.sort(key=lambda u: (u.path, u.side != "base"))
    b, a = before.corpus(content_dir, broken), after.corpus(content_dir, broken)

    site_b, site_a = _single(b, "site"), _single(a, "site")
    result.site = _record_changes(
        {"site": (site_b.rel, site_b.model)} if site_b else {},
        {"site": (site_a.rel, site_a.model)} if site_a else {},
        _name,
    )
    result.organizations = _record_changes(_records(b, "organizations"), _records(a, "organizations"), _name)
    result.catalogues = _catalogues(b, a)
    result.policies = _documents(b.policies, a.policies)
    result.interpretations = _documents(b.interpretations, a.interpretations)
    result.pages = _documents(b.pages, a.pages)
    for kind, what in _OTHER_REGISTRIES:
        result.others += _record_changes(_records(b, kind), _records(a, kind), _fixed(what))
    for status, rel, old, new, _digest in _pair(before.attachments, after.attachments):
        if old != new:
            result.others.append(Change(status, rel, "附件", rel))


# --- text ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _plain(value: str) -> str:
    """One line for a terminal: newlines as ⏎, control characters (escape sequences) visible."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "⏎").replace("\t", " ")
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", value)


def _value(value: str) -> str:
    return value if value else EMPTY


def summary(d: ContentDiff) -> str:
    """One line: how much changed, by kind."""
    parts: list[str] = []

    def count(label: str, changes: Iterable[Change | CatalogueChange]) -> None:
        n = {"added": 0, "removed": 0, "changed": 0}
        for c in changes:
            n[c.status] += 1
        shown = "、".join(f"{STATUS_LABEL[s]} {k}" for s, k in n.items() if k)
        if shown:
            parts.append(f"{label}{shown}")

    count("标准目录", d.catalogues)
    count("目录事项", (i for c in d.catalogues for i in c.items))
    count("政策文件", d.policies)
    count("政策解读", d.interpretations)
    count("页面", d.pages)
    count("机构", d.organizations)
    count("站点设置", d.site)
    count("其他", d.others)
    if d.unreadable:
        parts.append(f"无法读取的文件 {len(d.unreadable)} 个")
    return "；".join(parts) if parts else "没有变化"


def format_text(d: ContentDiff) -> str:
    """A report for a terminal, in Chinese."""
    lines = [f"与 {_plain(d.base)}（{d.commit[:7]}）比较，内容的变化：{summary(d)}。"]
    if not d.base_has_content:
        lines.append("基准版本中没有内容目录：全部内容都算新增。")
    if d.empty:
        return "\n".join(lines)

    def fields(change_fields: Iterable[FieldChange], status: Status, indent: str) -> None:
        for f in change_fields:
            if status == "added":
                lines.append(f"{indent}{f.label}：{_plain(f.after)}")
            else:
                lines.append(f"{indent}{f.label}：{_plain(_value(f.before))} → {_plain(_value(f.after))}")

    def entries(title: str, changes: list[Change], indent: str = "  ") -> None:
        if not changes:
            return
        if title:
            lines.append("")
            lines.append(title)
        for c in changes:
            lines.append(
                f"{indent}{STATUS_LABEL[c.status]} {_plain(c.key)} {_plain(c.title)}（{_plain(d.where(c.path))}）"
            )
            fields(c.fields, c.status, indent + "  ")
            if c.body is not None:
                lines.append(f"{indent}  正文有改动：增加 {c.body.added} 行，删除 {c.body.removed} 行")

    if d.catalogues:
        lines += ["", "标准目录"]
        for cat in d.catalogues:
            lines.append(
                f"  {STATUS_LABEL[cat.status]}目录 {_plain(cat.domain)} · {_plain(cat.organization)}"
                f"（{_plain(d.where(cat.path))}）"
            )
            fields(cat.fields, cat.status, "    ")
            for item in cat.items:
                lines.append(f"    {STATUS_LABEL[item.status]}事项 {_plain(item.key)} {_plain(item.title)}")
                fields(item.fields, item.status, "      ")
    entries("政策文件", d.policies)
    entries("政策解读", d.interpretations)
    entries("页面", d.pages)
    entries("机构名录", d.organizations)
    entries("站点设置", d.site)
    entries("其他", d.others)
    if d.unreadable:
        lines += ["", "无法读取的文件（请先运行 zwgk check 改正）"]
        for u in d.unreadable:
            lines.append(f"  {SIDE_LABEL[u.side]} {_plain(d.where(u.path))}：{_plain(u.message)}")
    return "\n".join(lines)


# --- markdown --------------------------------------------------------------------------------

MAX_CELL = 300
MAX_MARKDOWN = 900_000  # GitHub keeps at most 1 MiB of a step's summary
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(value: str, limit: int | None = MAX_CELL) -> str:
    """Text that renders as itself in GitHub Markdown: no tags, links, images, code or tables.

    HTML characters become entities, Markdown punctuation is backslash-escaped, newlines are
    shown as ⏎ (a value stays on its table row).
    """
    value = _plain(value)
    if limit is not None and len(value) > limit:
        value = value[:limit] + "…"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", value)


def format_markdown(d: ContentDiff) -> str:
    """A pull-request summary (GitHub Markdown): headings per domain and organization,
    tables of the fields before and after. Every value from the content is escaped."""
    out = [f"## 内容变化（与 {md(d.base)} {d.commit[:7]} 比较）", "", f"{md(summary(d))}。", ""]
    if not d.base_has_content:
        out += ["基准版本中没有内容目录：全部内容都算新增。", ""]
    if d.empty:
        return "\n".join(out)

    def table(fields: tuple[FieldChange, ...], status: Status) -> None:
        if not fields:
            return
        if status == "added":
            out.extend(["| 项目 | 内容 |", "| --- | --- |"])
            out.extend(f"| {md(f.label)} | {md(_value(f.after))} |" for f in fields)
        else:
            out.extend(["| 项目 | 修改前 | 修改后 |", "| --- | --- | --- |"])
            out.extend(f"| {md(f.label)} | {md(_value(f.before))} | {md(_value(f.after))} |" for f in fields)
        out.append("")

    def entry(c: Change, level: str) -> None:
        out.append(f"{level} {STATUS_LABEL[c.status]}：{md(c.title)}（{md(c.key)}）")
        out.append("")
        out.append(f"文件：{md(d.where(c.path))}")
        out.append("")
        table(c.fields, c.status)
        if c.body is not None:
            out.append(f"正文有改动：增加 {c.body.added} 行，删除 {c.body.removed} 行。")
            out.append("")

    if d.catalogues:
        out += ["### 标准目录", ""]
        for cat in d.catalogues:
            out.append(f"#### {md(cat.domain)} · {md(cat.organization)}（{STATUS_LABEL[cat.status]}目录）")
            out.append("")
            out.append(f"文件：{md(d.where(cat.path))}")
            out.append("")
            table(cat.fields, cat.status)
            for item in cat.items:
                out.append(f"**{STATUS_LABEL[item.status]}事项：{md(item.title)}（{md(item.key)}）**")
                out.append("")
                table(item.fields, item.status)
    for title, changes in (
        ("政策文件", d.policies),
        ("政策解读", d.interpretations),
        ("页面", d.pages),
        ("机构名录", d.organizations),
        ("站点设置", d.site),
        ("其他", d.others),
    ):
        if changes:
            out += [f"### {title}", ""]
            for c in changes:
                entry(c, "####")
    if d.unreadable:
        out += ["### 无法读取的文件", "", "请先运行 zwgk check 改正。", ""]
        out += ["| 版本 | 文件 | 问题 |", "| --- | --- | --- |"]
        out += [f"| {SIDE_LABEL[u.side]} | {md(d.where(u.path))} | {md(u.message)} |" for u in d.unreadable]
        out.append("")
    text = "\n".join(out)
    if len(text.encode()) > MAX_MARKDOWN:
        cut = text.encode()[:MAX_MARKDOWN].decode("utf-8", "ignore")
        text = cut[: cut.rfind("\n")] + "\n\n……变化太多，以下省略。请在本地运行 zwgk diff 查看全部。\n"
    return text
