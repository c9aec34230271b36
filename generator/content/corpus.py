"""The whole content tree: discovery, cached per-file loading, and the cross-file indexes.

A file's load and single-file rules depend only on its bytes, so their result is cached by
content hash, outside the repository (``~/.cache/zwgk/<tree>/``, see :func:`default_cache_dir`;
``ZWGK_CACHE_DIR`` overrides it): a run after one edit re-parses only the changed file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import pickle
import re
import signal
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.content import collector
from generator.content import model as m
from generator.content.cachefiles import CACHE_NAME as CACHE_NAME
from generator.content.cachefiles import cache_dir_for as cache_dir_for
from generator.content.cachefiles import default_cache_dir as default_cache_dir
from generator.content.cachefiles import file_digest as file_digest
from generator.content.diagnostics import Diagnostic, make
from generator.content.domains import Domain, DomainRegistry, builtin_registry
from generator.content.load import VALIDATED, CatalogueRefs, FileResult, classify, load_file, model_hash
from generator.content.variants import canonical_doc_number
from generator.content.workdays import WorkCalendar

# the one-file rules, supplied by the checker (generator.checks.file)
FileRules = Callable[[FileResult], list[Diagnostic]]


@dataclass
class Discovered:
    rel: str
    kind: str | None
    path: str | None
    problem: Diagnostic | None = None
    # (size, mtime_ns): a file whose signature matches its cache row is not even read
    signature: tuple[int, int] = (0, 0)


_MISPLACED = (
    "无法识别这个文件的位置：目录放在 catalogues/<领域>/，政策放在 policies/<年份>/，"
    "解读放在 interpretations/<年份>/，页面放在 pages/，年报放在 annual-reports/<年份>/；请移动或改名"
)


_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_BAD_NAME = (
    "文件名就是这份文件的编号和网址，只能用小写英文字母、数字和连字符（不能以 - 开头），"
    "例如 2024-enrolment-plan.md：请改名"
)


def discover(content_dir: Path) -> list[Discovered]:
    """Every file under ``content_dir``, classified; symlinks leading out are refused."""
    root = content_dir.resolve()
    found: list[Discovered] = []
    stack: list[tuple[str, str]] = [(str(content_dir), "")]
    while stack:
        directory, prefix = stack.pop()
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            link = entry.is_symlink()
            if link and not _inside(Path(entry.path), root):
                found.append(Discovered(rel, None, None, _outside(rel)))
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, rel + "/"))
                continue
            if link and entry.is_dir():
                continue  # a link to a folder inside content/: its files are found there
            kind = classify(rel)
            if kind is None:
                if entry.name.endswith((".yml", ".yaml", ".md")):
                    found.append(Discovered(rel, None, None, make("E111", rel, (1, 1), "", _MISPLACED)))
                continue
            if kind in ("policy", "interpretation", "page") and not _DOC_ID.match(entry.name[: -len(".md")]):
                found.append(Discovered(rel, None, None, make("E112", rel, (1, 1), "", _BAD_NAME)))
                continue
            st = entry.stat()
            found.append(Discovered(rel, kind, entry.path, signature=(st.st_size, st.st_mtime_ns)))
    found.sort(key=lambda d: d.rel)
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


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever the code that produced a cached result changes."""
    import pydantic

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}|{pydantic.VERSION}".encode())
    package = Path(__file__).parents[1]  # the whole generator package: rules and models alike
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


class FileCache:
    """Per-file results keyed by path and content hash, in one SQLite file.

    Stored as JSON, never pickle, and kept outside the content repository (see
    :func:`default_cache_dir`): a cache entry is trusted to say what a file contains, so a
    pull request must not be able to supply one. A file whose size and modification time
    match its row is not read at all; otherwise its content hash decides. Only changed rows
    are written, and rows of files that are gone are pruned.
    """

    _COLUMNS = "rel TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, digest TEXT, meta TEXT, model TEXT"

    def __init__(self, cache_dir: Path | None, file_rules: FileRules | None = None) -> None:
        self.file_rules = file_rules
        self.db: sqlite3.Connection | None = None
        self.rows: dict[str, tuple[int, int, str, str, str]] = {}
        self.seen: set[str] = set()
        self.new: list[tuple[str, int, int, str, str, str]] = []
        if cache_dir is None:
            return
        wait_saved()  # (a check's own save still under way: its rows are read, not raced)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            # (saved on a thread of its own: see save)
            self.db = sqlite3.connect(cache_dir / CACHE_NAME, timeout=5, check_same_thread=False)
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self.db.execute(f"CREATE TABLE IF NOT EXISTS files ({self._COLUMNS})")
            fingerprint = code_fingerprint()
            row = self.db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
            if row is None or row[0] != fingerprint:
                self.db.execute("DROP TABLE files")
                self.db.execute(f"CREATE TABLE files ({self._COLUMNS})")
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (fingerprint,))
                self.db.commit()
            self.path = cache_dir / CACHE_NAME
            held = _HELD.get(str(self.path))
            if held is not None and held[0] == (fingerprint, _stamp(self.path)):
                self.rows = dict(held[1])  # as this process left the database, which no one changed since
            else:
                for rel, size, mtime, digest, meta, model in self.db.execute("SELECT * FROM files"):
                    self.rows[rel] = (size, mtime, digest, meta, model)
        except sqlite3.Error:
            self.db = None  # an unusable cache is no cache: the check itself does not depend on it
            self.rows = {}

    def load(self, d: Discovered) -> FileResult:
        assert d.path is not None and d.kind is not None
        self.seen.add(d.rel)
        row = self.rows.get(d.rel)
        raw: bytes | None = None
        if row is not None and (row[0], row[1]) != d.signature:
            with open(d.path, "rb") as fh:
                raw = fh.read()
            if file_digest(raw) != row[2]:
                row = None
            else:
                self.new.append((d.rel, *d.signature, row[2], row[3], row[4]))
        if row is not None:
            hit = self._result(d, row[3], row[4])
            if hit is not None:
                hit.digest = row[2]
                return hit
        if raw is None:
            with open(d.path, "rb") as fh:
                raw = fh.read()
        result = load_file(d.rel, d.kind, raw, d.path)
        if self.file_rules is not None:
            result.diagnostics.extend(self.file_rules(result))
        result.digest = file_digest(raw)
        self._put(d, result.digest, result)
        return result

    def _result(self, d: Discovered, meta_json: str, model_json: str) -> FileResult | None:
        try:
            meta = json.loads(meta_json)
            refs = meta["refs"]
            return FileResult(
                rel=d.rel,
                kind=str(d.kind),
                body=meta["body"],
                body_line=meta["body_line"],
                diagnostics=[Diagnostic(*x) for x in meta["diagnostics"]],
                ref_hints=meta["ref_hints"],
                source=str(d.path),
                refs=CatalogueRefs(
                    refs["domain"],
                    refs["organization"],
                    refs["updated"],
                    [tuple(x) for x in refs["subjects"]],
                    [tuple(x) for x in refs["policies"]],
                    refs["partial"],
                    refs["level"],
                    refs["ids"],
                )
                if refs
                else None,
                salvaged=meta["salvaged"],
                model_json=model_json,
                front=meta.get("front", ""),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def _put(self, d: Discovered, digest: str, result: FileResult) -> None:
        if self.db is None:
            return
        meta = {
            "body": result.body,
            "body_line": result.body_line,
            "diagnostics": [astuple(x) for x in result.diagnostics],
            "ref_hints": result.ref_hints,
            "salvaged": result.salvaged,
            "refs": asdict(result.refs) if result.refs else None,
            "front": result.front,
        }
        model = result.model.model_dump_json() if result.model is not None else ""
        result.head = model_hash(model)
        self.new.append((d.rel, *d.signature, digest, json.dumps(meta, ensure_ascii=False), model))

    def save(self, *, later: bool = False) -> None:
        """Write the changed rows; ``later``: on a thread of its own, which SQLite leaves the
        interpreter to while it writes (tens of MB at a first check of 10,000 files), so that
        the process goes on meanwhile. :func:`wait_saved` waits for it."""
        if later and self.db is not None:
            thread = threading.Thread(target=self.save, name="保存检查缓存")
            _SAVING.append(thread)
            thread.start()
            return
        if self.db is None:
            return
        stale = [rel for rel in self.rows if rel not in self.seen]
        try:
            with self.db:
                if self.new:
                    self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", self.new)
                if stale:
                    self.db.executemany("DELETE FROM files WHERE rel = ?", [(rel,) for rel in stale])
            self.db.close()
        except sqlite3.Error:
            _HELD.pop(str(self.path), None)
        else:
            if _HOLD_ROWS:  # what the database now holds, for this process's next check (the preview's)
                rows = dict(self.rows)
                for rel in stale:
                    del rows[rel]
                for rel, *rest in self.new:
                    rows[rel] = tuple(rest)  # type: ignore[assignment]
                _HELD[str(self.path)] = ((code_fingerprint(), _stamp(self.path)), rows)
        self.db = None


_SAVING: list[threading.Thread] = []  # the saves under way on threads (FileCache.save)


def wait_saved() -> None:
    """Until every check cache save this process began is written (FileCache.save ``later``)."""
    for thread in list(_SAVING):
        thread.join()
        with contextlib.suppress(ValueError):  # (another thread waited for it too)
            _SAVING.remove(thread)


# the check cache's rows as this process last wrote them: database → ((code, its file's
# size and time), rows); a database changed since (another zwgk) is read again
_HELD: dict[str, tuple[tuple[str, tuple[int, int] | None], dict[str, tuple[int, int, str, str, str]]]] = {}
_HOLD_ROWS = False


def hold_rows() -> None:
    """Keep each check's rows in memory for the next check of this process (the preview checks
    again on every save). A process that checks once lets them go: at 10,000 files they hold
    tens of MB of JSON that a one-off build would carry to its end."""
    global _HOLD_ROWS
    _HOLD_ROWS = True


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


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
    search: m.SearchSettings | None = None  # content/search.yml, when there is one
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
    annual_reports: list[FileResult] = field(default_factory=list)
    # the moment embargoes are judged at (set by the checker; the build moment otherwise)
    now: dt.datetime | None = None

    @property
    def interpretation_deadline(self) -> int:
        return self.site.interpretation_deadline if self.site else 3

    def resolve_org(self, value: str) -> str | None:
        return self.org_lookup.get(value.strip())

    def resolve_policy(self, value: str) -> FileResult | None:
        value = value.strip()
        return self.policy_lookup.get(value) or self.policy_lookup.get(canonical_doc_number(value))


def load_corpus(
    content_dir: Path,
    cache_dir: Path | None = None,
    file_rules: FileRules | None = None,
    *,
    save_later: bool = False,
) -> Corpus:
    """Load every file (from the cache where unchanged) and build the indexes.

    ``file_rules`` (the checker's one-file rules) run on each file read afresh; their
    diagnostics are cached with the file, so an unchanged file is not checked again.
    ``save_later``: the cache is written while the caller goes on (see FileCache.save).
    """
    corpus = Corpus(content_dir=content_dir)
    VALIDATED.next_load()
    cache = FileCache(cache_dir, file_rules)
    found = []
    for d in discover(content_dir):
        if d.problem is not None:
            corpus.problems.append(d.problem)
        else:
            found.append(d)
    corpus.files = _load_all(cache, found)
    cache.save(later=save_later)
    _index(corpus)
    return corpus


PARALLEL_FROM = 400  # files to read afresh from which a second process pays for itself


def _load_all(cache: FileCache, found: list[Discovered]) -> list[FileResult]:
    """Every file, those not in the cache read in two processes where the machine has two
    cores to spare (a first check of a county's tens of thousands of files)."""
    fresh = [n for n, d in enumerate(found) if (cache.rows.get(d.rel) or (None, None))[:2] != d.signature]
    if len(fresh) < PARALLEL_FROM or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return [_settled(cache.load(d)) for d in found]
    theirs = set(fresh[1::2])
    reader, writer = os.pipe()
    collector.freeze()
    child = os.fork()
    if child == 0:  # pragma: no cover (in the child)
        code = 1
        try:
            os.close(reader)
            before = len(cache.new)
            loaded = [_settled(cache.load(found[n])) for n in sorted(theirs)]
            sent = cache.new[before:]
            with os.fdopen(writer, "wb") as out:
                pickle.dump((_as_cached(loaded, sent), sent), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    results: list[FileResult] | None
    rows: list[Any]
    with os.fdopen(reader, "rb") as pipe:
        try:
            ours = {n: _settled(cache.load(d)) for n, d in enumerate(found) if n not in theirs}
            try:
                results, rows = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                results, rows = None, []
        except BaseException:
            # the helper must not outlive a failed (or interrupted) load: it would wait on a
            # pipe no one reads for as long as this process lives (the preview's, for hours)
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            raise
    _, status = os.waitpid(child, 0)
    if results is None or status != 0:  # the helper failed: read its share here
        results = [cache.load(found[n]) for n in sorted(theirs)]
    else:
        cache.new.extend(rows)
        cache.seen.update(found[n].rel for n in theirs)
    ours.update(zip(sorted(theirs), results, strict=True))
    return [ours[n] for n in range(len(found))]


def _as_cached(results: list[FileResult], rows: list[Any]) -> list[FileResult]:
    """The helper's results as the parent receives them: a model the helper's cache rows hold
    as JSON travels as that JSON, validated again in the parent when it is used, as a model
    read back from the cache is. Pickling the models, and unpickling them in the parent, cost
    twice as much (at 5,000 files 0.9 s of CPU, against 0.5 s with the validation)."""
    texts = {row[0]: row[5] for row in rows if row[5]}
    for result in results:
        text = texts.get(result.rel)
        if text and result.validated is not None:
            result.model_json, result.model = text, None
    return results


def _settled(result: FileResult) -> FileResult:
    """A loaded result (its one-file rules have run) without what is kept only while a file is
    loaded: the parsed data and the position of every value (at 10,000 files, over 100 MB that
    a clean check never reads again). Both processes of a first check let go of them alike."""
    result.suspect_texts = []
    result._parsed = None  # reloaded from the file if a cross-file rule points into it
    return result


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
    if "search" in by_kind and isinstance(by_kind["search"][0].model, m.SearchSettings):
        corpus.search = by_kind["search"][0].model
    corpus.catalogues = by_kind.get("catalogue", [])
    corpus.policies = sorted(by_kind.get("policy", []), key=lambda f: f.rel)
    corpus.interpretations = sorted(by_kind.get("interpretation", []), key=lambda f: f.rel)
    corpus.pages = by_kind.get("page", [])
    corpus.annual_reports = sorted(by_kind.get("annual-report", []), key=lambda f: f.rel)
    for f in corpus.policies:
        p = f.model
        if isinstance(p, m.Policy):
            corpus.policy_lookup.setdefault(f.doc_id, f)
            if p.doc_number:
                corpus.policy_lookup.setdefault(canonical_doc_number(p.doc_number), f)
        else:
            corpus.broken_policy_refs.add(f.doc_id)
            corpus.broken_policy_refs.update(canonical_doc_number(h) for h in f.ref_hints)
