"""The whole content tree: discovery, cached per-file loading, and the cross-file indexes.

A file's load and single-file rules depend only on its bytes, so their result is cached by
content hash (``.zwgk_cache/`` in the working directory): a run after one edit re-reads every
file but re-parses only the changed one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import astuple, dataclass, field
from pathlib import Path

from . import __version__
from . import model as m
from .diagnostics import Diagnostic, make
from .domains import Domain, DomainRegistry, builtin_registry
from .load import KIND_MODELS, FileResult, classify, load_file
from .rules.file import run_file_rules
from .variants import canonical_doc_number
from .workdays import WorkCalendar

CACHE_NAME = "check-cache.sqlite3"


@dataclass
class Discovered:
    rel: str
    kind: str | None
    path: Path | None
    problem: Diagnostic | None = None


def discover(content_dir: Path) -> list[Discovered]:
    """Every file under ``content_dir``, classified; symlinks leading out are refused."""
    root = content_dir.resolve()
    found: list[Discovered] = []
    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        for name in list(dirnames):
            full = here / name
            if full.is_symlink():
                dirnames.remove(name)
                rel = full.relative_to(content_dir).as_posix()
                if not _inside(full, root):
                    found.append(Discovered(rel, None, None, _outside(rel)))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = here / name
            rel = full.relative_to(content_dir).as_posix()
            if full.is_symlink() and not _inside(full, root):
                found.append(Discovered(rel, None, None, _outside(rel)))
                continue
            kind = classify(rel)
            if kind is None and name.endswith((".yml", ".yaml", ".md")):
                found.append(
                    Discovered(
                        rel,
                        None,
                        None,
                        make(
                            "E111",
                            rel,
                            (1, 1),
                            "",
                            "无法识别这个文件的位置：目录放在 catalogues/<领域>/，政策放在 policies/<年份>/，"
                            "解读放在 interpretations/<年份>/，页面放在 pages/；请移动或改名",
                        ),
                    )
                )
                continue
            if kind is not None:
                found.append(Discovered(rel, kind, full))
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _outside(rel: str) -> Diagnostic:
    return make(
        "E108",
        rel,
        (1, 1),
        "",
        "这是一个指向 content 目录之外的符号链接，出于安全不会读取：请把文件本身放进 content 目录",
    )


def _code_fingerprint() -> str:
    """Changes whenever the code that produced a cached result changes."""
    import pydantic

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}|{pydantic.VERSION}".encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


class FileCache:
    """Per-file results keyed by path and content hash, in one SQLite file.

    Stored as JSON, never pickle, and kept outside the content repository (see
    :func:`default_cache_dir`): a cache entry is trusted to say what a file contains, so a
    pull request must not be able to supply one. Models come back through pydantic's JSON
    validation. Only changed rows are written; rows no run used any more are pruned.
    """

    def __init__(self, cache_dir: Path | None) -> None:
        self.db: sqlite3.Connection | None = None
        self.rows: dict[str, tuple[str, str]] = {}
        self.used: set[str] = set()
        self.new: dict[str, tuple[str, str]] = {}
        if cache_dir is None:
            return
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(cache_dir / CACHE_NAME, timeout=5)
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self.db.execute("CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, meta TEXT, model TEXT)")
            fingerprint = _code_fingerprint()
            row = self.db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
            if row is None or row[0] != fingerprint:
                self.db.execute("DELETE FROM files")
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (fingerprint,))
                self.db.commit()
            self.rows = {
                k: (meta, mdl) for k, meta, mdl in self.db.execute("SELECT key, meta, model FROM files")
            }
        except sqlite3.Error:
            self.db = None  # an unusable cache is no cache: the check itself does not depend on it
            self.rows = {}

    def get(self, key: str, rel: str, kind: str, source: str) -> FileResult | None:
        row = self.rows.get(key)
        if row is None:
            return None
        try:
            meta = json.loads(row[0])
            model = KIND_MODELS[kind].model_validate_json(row[1]) if row[1] else None
        except (ValueError, KeyError):
            return None
        self.used.add(key)
        return FileResult(
            rel=rel,
            kind=kind,
            model=model,
            body=meta["body"],
            body_line=meta["body_line"],
            diagnostics=[Diagnostic(*d) for d in meta["diagnostics"]],
            ref_hints=meta["ref_hints"],
            source=source,
        )

    def put(self, key: str, result: FileResult) -> None:
        if self.db is None:
            return
        meta = {
            "body": result.body,
            "body_line": result.body_line,
            "diagnostics": [astuple(d) for d in result.diagnostics],
            "ref_hints": result.ref_hints,
        }
        model = result.model.model_dump_json() if result.model is not None else ""
        self.new[key] = (json.dumps(meta, ensure_ascii=False), model)
        self.used.add(key)

    def save(self) -> None:
        if self.db is None:
            return
        stale = [k for k in self.rows if k not in self.used]
        try:
            with self.db:
                if self.new:
                    self.db.executemany(
                        "INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                        [(k, meta, mdl) for k, (meta, mdl) in self.new.items()],
                    )
                if stale:
                    self.db.executemany("DELETE FROM files WHERE key = ?", [(k,) for k in stale])
            self.db.close()
        except sqlite3.Error:
            pass  # the cache is an optimisation; a read-only directory is fine
        self.db = None


def default_cache_dir(content_dir: Path) -> Path:
    """Outside the repository: the user's cache directory, one folder per content tree."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    tree = hashlib.blake2b(str(content_dir.resolve()).encode(), digest_size=8).hexdigest()
    return Path(base) / "zwgk" / tree


def load_one(d: Discovered, cache: FileCache) -> FileResult:
    assert d.path is not None and d.kind is not None
    raw = d.path.read_bytes()
    digest = hashlib.blake2b(raw, digest_size=20, person=d.kind.encode()[:16]).hexdigest()
    digest = f"{d.rel}\0{digest}"
    hit = cache.get(digest, d.rel, d.kind, str(d.path))
    if hit is not None:
        return hit
    result = load_file(d.rel, d.kind, raw, str(d.path))
    result.diagnostics.extend(run_file_rules(result))
    cache.put(digest, result)
    return result


@dataclass
class Corpus:
    """Every loaded file and the indexes the cross-file rules and the site need."""

    content_dir: Path
    files: list[FileResult] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    site: m.Site | None = None
    site_file: FileResult | None = None
    org_file: FileResult | None = None
    domains_file: FileResult | None = None
    organizations: dict[str, m.Organization] = field(default_factory=dict)
    org_lookup: dict[str, str] = field(default_factory=dict)
    domains: DomainRegistry = field(default_factory=builtin_registry)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    catalogues: list[FileResult] = field(default_factory=list)
    policies: list[FileResult] = field(default_factory=list)
    interpretations: list[FileResult] = field(default_factory=list)
    pages: list[FileResult] = field(default_factory=list)
    policy_lookup: dict[str, FileResult] = field(default_factory=dict)
    # ids and 发文字号 of policies that exist but failed validation: references to them
    # are not reported again
    broken_policy_refs: set[str] = field(default_factory=set)

    @property
    def interpretation_deadline(self) -> int:
        return self.site.interpretation_deadline if self.site else 3

    def resolve_org(self, value: str) -> str | None:
        return self.org_lookup.get(value.strip())

    def resolve_policy(self, value: str) -> FileResult | None:
        value = value.strip()
        return self.policy_lookup.get(value) or self.policy_lookup.get(canonical_doc_number(value))


def load_corpus(content_dir: Path, cache_dir: Path | None = None) -> Corpus:
    """Load every file (from the cache where unchanged) and build the indexes."""
    corpus = Corpus(content_dir=content_dir)
    cache = FileCache(cache_dir)
    for d in discover(content_dir):
        if d.problem is not None:
            corpus.problems.append(d.problem)
            continue
        corpus.files.append(load_one(d, cache))
    cache.save()
    _index(corpus)
    return corpus


def _index(corpus: Corpus) -> None:
    by_kind: dict[str, list[FileResult]] = {}
    for f in corpus.files:
        by_kind.setdefault(f.kind, []).append(f)
    for kind, label in (("site", "site.yml"), ("organizations", "organizations.yml")):
        if kind not in by_kind:
            corpus.problems.append(
                make(
                    "E201",
                    label,
                    (1, 1),
                    "",
                    f"缺少 content/{label}：请按内容格式说明创建它（zwgk init 生成的站点自带样例）",
                )
            )
    if "site" in by_kind:
        corpus.site_file = by_kind["site"][0]
        corpus.site = corpus.site_file.model
    if "organizations" in by_kind:
        corpus.org_file = by_kind["organizations"][0]
        if isinstance(corpus.org_file.model, m.Organizations):
            for org in corpus.org_file.model.root:
                corpus.organizations.setdefault(org.id, org)
                corpus.org_lookup.setdefault(org.id, org.id)
                corpus.org_lookup.setdefault(org.name, org.id)
    if "domains" in by_kind:
        corpus.domains_file = by_kind["domains"][0]
        if isinstance(corpus.domains_file.model, m.Domains):
            for local in corpus.domains_file.model.root:
                # a spelling another domain already has is refused (E305), never made ambiguous
                free = [a for a in local.aliases if corpus.domains.lookup.get(a, local.slug) == local.slug]
                if local.slug in corpus.domains.domains:
                    for alias in free:
                        corpus.domains.add_spelling(alias, local.slug)
                elif local.name and local.name not in corpus.domains.lookup:
                    corpus.domains.add(Domain(local.slug, local.name, tuple(free), local.lead or "", False))
    if "holidays" in by_kind:
        hol = by_kind["holidays"][0].model
        if isinstance(hol, m.Holidays):
            for year, spec in hol.root.items():
                corpus.calendar.extra_holidays[year] = frozenset(spec.holidays)
                corpus.calendar.extra_workdays[year] = frozenset(spec.workdays)
    corpus.catalogues = by_kind.get("catalogue", [])
    corpus.policies = sorted(by_kind.get("policy", []), key=lambda f: f.rel)
    corpus.interpretations = sorted(by_kind.get("interpretation", []), key=lambda f: f.rel)
    corpus.pages = by_kind.get("page", [])
    for f in corpus.policies:
        p = f.model
        if isinstance(p, m.Policy):
            corpus.policy_lookup.setdefault(f.doc_id, f)
            if p.doc_number:
                corpus.policy_lookup.setdefault(canonical_doc_number(p.doc_number), f)
        else:
            corpus.broken_policy_refs.add(f.doc_id)
            corpus.broken_policy_refs.update(canonical_doc_number(h) for h in f.ref_hints)
