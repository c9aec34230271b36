"""Comparing the two sides: entries matched by their keys, fields in the model's order."""

from __future__ import annotations

import datetime as dt
import difflib
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from generator.content import model as m
from generator.content.corpus import Corpus
from generator.content.diff.result import (
    STATUS_ORDER,
    BodyChange,
    CatalogueChange,
    Change,
    ContentDiff,
    DiffError,
    FieldChange,
    Status,
    Unreadable,
)
from generator.content.diff.sides import Side, load_side, materialise, repo_root, resolve_ref
from generator.content.load import FileResult
from generator.content.owners import file_organizations

K = TypeVar("K")
V = TypeVar("V")


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
        out.append((STATUS_ORDER[status], position, Change(status, key, title(shape), path, fields)))
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
    return sorted(out, key=lambda c: (STATUS_ORDER[c.status], c.key))


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
    return sorted(out, key=lambda c: (c.domain, c.organization, STATUS_ORDER[c.status]))


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


def _departments(before: Corpus, after: Corpus, result: ContentDiff) -> list[str]:
    """The organizations a change touches: each changed catalogue's, and the issuers and
    interpreters of each changed policy and interpretation, before and after the change."""
    names: list[str] = [cat.organization for cat in result.catalogues]
    for changes, kind in ((result.policies, "policies"), (result.interpretations, "interpretations")):
        keys = {c.key for c in changes}
        for c in (after, before):
            for f in getattr(c, kind):
                if f.doc_id in keys:
                    names += [c.organizations[o].name for o in file_organizations(c, f)]
    order = {o.name: i for i, o in enumerate([*after.organizations.values(), *before.organizations.values()])}
    unique = list(dict.fromkeys(names))
    return sorted(unique, key=lambda name: (order.get(name, len(order)), unique.index(name)))


def _compare(before: Side, after: Side, content_dir: Path, result: ContentDiff) -> None:
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
    result.departments = _departments(b, a, result)
    for kind, what in _OTHER_REGISTRIES:
        result.others += _record_changes(_records(b, kind), _records(a, kind), _fixed(what))
    for status, rel, old, new, _digest in _pair(before.attachments, after.attachments):
        if old != new:
            result.others.append(Change(status, rel, "附件", rel))


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
        has_content = materialise(repo, commit, prefix, base_root)
        before = load_side(base_root)
    after = load_side(content_dir)
    result = ContentDiff(base=base_ref, commit=commit, base_has_content=has_content, prefix=prefix)
    _compare(before, after, content_dir, result)
    return result
