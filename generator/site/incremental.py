"""Incremental builds: what a build into an existing site may keep of it.

A build records, in the cache (``<cache>/builds/<site>.json``), a fingerprint of the inputs
of each page, download and search part it wrote, with the size and modification time of
the file. The next build into the same site computes the fingerprints again; an output whose
fingerprint and file are unchanged is hard-linked from the previous site into the new one
instead of being made again. Everything else is made as in a cold build, so the result is
byte-identical to one (the tests build both ways and compare).

A page's fingerprint covers the files it is made of and the files of everything it shows
(a policy page: the policy, its interpretations, the catalogues that cite it, the documents
it replaces or is replaced by), each file's 更新记录, and the "world": the code and templates,
the versions of Python and of the libraries that write the site (:data:`LIBRARIES`), site.yml,
organizations.yml, the free pages, search.yml and the build's dates. Changing the world makes
every page again.

The manifest is removed when a build starts changing what it describes and written again
only when the build succeeded: a failed or interrupted build leaves no manifest, and the
next build is a cold one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.corpus import Corpus, code_fingerprint
from generator.site import pages as page_table
from generator.site import sitedata as sd
from generator.site import urls
from generator.site.buildstate import VERSION, Manifest, Previous, lists_file
from generator.site.render import Rendered
from generator.site.search_record import SearchRecord

# the kinds of file whose pages have fingerprints of their own; any other file is of the world
OWN_KINDS = ("policy", "interpretation", "catalogue", "annual-report")
# the kinds of file whose whole file (body and all) only their own page shows: every other page,
# download and list shows their model (see Inputs._shown), and so a change of their body alone
# changes the fingerprint of their own page alone (see plan)
OWN_PAGE_KINDS = ("policy", "interpretation")


def _hash(parts: Iterable[str]) -> str:
    """Of the parts, each ended by a NUL (encoded at once: ten thousand pages hash their
    inputs in every build)."""
    items = list(parts)
    text = "\0".join(items) + "\0" if items else ""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@functools.lru_cache(maxsize=1)
def _templates() -> str:
    """The page templates and the packaged theme (the Python code is in code_fingerprint)."""
    site = Path(__file__).parent
    files = sorted(p for folder in ("templates", "theme") for p in (site / folder).rglob("*") if p.is_file())
    return _hash(x for p in files for x in (p.relative_to(site).as_posix(), p.read_bytes().hex()))


# the libraries whose output a site holds as they wrote it (pages, downloads, the search index):
# another version may write other bytes, and a kept file must be what a cold build writes
LIBRARIES = (
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "mdurl",
    "mkdocs",
    "mkdocs-material",
    "pagefind",
    "pagefind-bin-extended",
    "xlsxwriter",
)


@functools.lru_cache(maxsize=1)
def libraries() -> str:
    """The versions of Python and of :data:`LIBRARIES`: a change makes everything again."""
    versions = [sys.version]
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=")
    return _hash(versions)


def content_of(record: SearchRecord, tag: str) -> str:
    """What a made record is, for the part that holds it: its html and lookup (``tag``: the
    :func:`indexer`)."""
    return _hash([tag, record.html, json.dumps(record.lookup, ensure_ascii=False)])


def indexer() -> str:
    """What a search part is made by besides its records: the code and the libraries."""
    return _hash([str(VERSION), code_fingerprint(), libraries()])


def world(corpus: Corpus, *, build_date: dt.date, today: dt.date | None, extra: str = "") -> str:
    """What every page depends on: a change here makes every page again."""
    shared = sorted((f.rel, f.digest) for f in corpus.files if f.kind not in OWN_KINDS)
    made_by = [str(VERSION), code_fingerprint(), libraries(), _templates()]
    return _hash([*made_by, build_date.isoformat(), str(today), extra, *(x for pair in shared for x in pair)])


class Inputs:
    """The fingerprint of each generated page's inputs (None: always made again)."""

    def __init__(self, data: sd.SiteData, corpus: Corpus, world: str) -> None:
        self.world = world
        self.digests = {f.rel: f.digest for f in corpus.files}
        # a policy or interpretation shown on another page is shown without its body
        self.heads = {f.rel: f"head:{f.head}" for f in corpus.files if f.head}
        self.data = data
        self._by_org: dict[str, list[str]] | None = None
        self._docs: list[str] | None = None
        # the digest of each policy and interpretation: the files of OWN_PAGE_KINDS
        self.bodies = {f.rel: f.digest for f in corpus.files if f.kind in OWN_PAGE_KINDS}
        # … and of each catalogue and annual report (the world has every other file's)
        own = [f for f in corpus.files if f.kind in OWN_KINDS and f.kind not in OWN_PAGE_KINDS]
        self._others = sorted(f"{f.rel}={f.digest}" for f in own)

    def _file(self, rel: str) -> str:
        return f"{rel}={self.digests.get(rel, '?')}"

    def _shown(self, rel: str) -> str:
        """A file as another page shows it: its model, not its body (the whole file where the
        model's hash is not known)."""
        return f"{rel}={self.heads.get(rel) or self.digests.get(rel, '?')}"

    def _history(self, view: sd.PolicyView | sd.CatalogueView) -> str:
        return repr((view.history, view.modified))

    def _policy(self, p: sd.PolicyView, *, own: bool = True) -> list[str]:
        """The inputs of a policy's page (``own``), or of an interpretation's page, which shows
        the policy and its links but not its body."""
        out = [self._file(p.rel) if own else self._shown(p.rel), self._history(p)]
        out += [self._shown(i.rel) for i in p.interpretations]
        out += [self._file(c.rel) for c, _item in p.cited_by]
        if p.superseded_by is not None:
            out.append(self._shown(p.superseded_by.rel))
        out += [self._shown(r.rel) for r in p.replaces]
        return out

    def _catalogues(self, views: list[sd.CatalogueView]) -> list[str]:
        out: list[str] = []
        for view in views:
            out += [self._file(view.rel), self._history(view)]
            out += sorted(
                {self._shown(b.policy.rel) for item in view.items for b in item.basis if b.policy is not None}
            )
        return out

    def _org(self, org: sd.Org) -> list[str]:
        if self._by_org is None:
            by_org: dict[str, list[str]] = {}
            for p in self.data.policies:
                for issuer in p.issuers:
                    if isinstance(issuer, sd.Org):
                        # its line in the list links each interpretation by its title
                        by_org.setdefault(issuer.id, []).append(self._shown(p.rel))
                        by_org[issuer.id] += [self._shown(i.rel) for i in p.interpretations]
            for i in self.data.interpretations:
                if isinstance(i.interpreter, sd.Org):
                    by_org.setdefault(i.interpreter.id, []).append(self._shown(i.rel))
            for views in self.data.catalogues.values():
                for view in views:
                    by_org.setdefault(view.org.id, []).append(self._file(view.rel))
            for r in self.data.annual_reports:
                by_org.setdefault(r.org.id, []).append(self._file(r.rel))
            self._by_org = by_org
        return self._by_org.get(org.id, [])

    def _documents(self) -> list[str]:
        if self._docs is None:
            self._docs = [f"{self._shown(p.rel)}|{self._history(p)}" for p in self.data.policies]
            self._docs += [self._shown(i.rel) for i in self.data.interpretations]
        return self._docs

    def documents(self, what: str, extra: Iterable[str] = ()) -> str:
        """The inputs of a download that shows every policy and interpretation the site has
        (the feeds, data/policies.json), as it shows them: their models and 更新记录, not their
        bodies (names, dates, the site: the world); ``extra``: its own inputs."""
        return _hash([self.world, what, *extra, *self._documents()])

    @functools.cached_property
    def shape(self) -> str:
        """Everything the fingerprints are made of but the bodies of policies and
        interpretations: the world; every file, a policy or interpretation by its model
        (:meth:`_shown`), any other whole; the documents, catalogues, annual reports, free
        pages and organizations the site shows, with the 更新记录 of each document and
        catalogue. Where two builds have the same shape, every page that is not a policy's or
        an interpretation's own has the same fingerprint in both (see :func:`plan`)."""
        catalogues = [f"{v.rel}|{self._history(v)}" for views in self.data.catalogues.values() for v in views]
        shown = [*self._documents(), *catalogues, *(r.rel for r in self.data.annual_reports)]
        shown += [*(p.rel for p in self.data.pages), *sorted(self.data.orgs)]
        files = [self._shown(rel) for rel in sorted(self.bodies)]
        return _hash([self.world, *files, *self._others, *shown])

    def of(self, kind: str, key: str, title: str, subject: Any) -> str | None:
        parts: list[str]
        if isinstance(subject, sd.PolicyView):
            parts = self._policy(subject)
        elif isinstance(subject, sd.InterpretationView):
            parts = [self._file(subject.rel), *self._policy(subject.policy, own=False)]
        elif isinstance(subject, list) and all(isinstance(v, sd.CatalogueView) for v in subject):
            parts = self._catalogues(subject)
        elif isinstance(subject, sd.Org):
            parts = self._org(subject)
        else:
            return None
        return _hash([self.world, kind, key, title, *parts])


@dataclass
class Plan:
    """What a build makes and what it keeps of the previous site."""

    prints: dict[str, str] = field(default_factory=dict)  # src_uri → the page's fingerprint
    skip: set[str] = field(default_factory=set)  # src_uri of the pages kept, not made
    kept_urls: set[str] = field(default_factory=set)  # … their URLs
    kept_h1: dict[str, bool] = field(default_factory=dict)  # a kept page's frame: has an <h1>
    # the downloads kept when unchanged (a domain's table, all catalogues or policies as JSON,
    # the feeds) → their fingerprints
    tables: dict[str, str | None] = field(default_factory=dict)
    kept_tables: list[str] = field(default_factory=list)  # … those kept
    lists: dict[str, str] = field(default_factory=dict)  # src_uri of a page of LISTS → its fingerprint
    # the inputs' shape and the digest of each policy and interpretation, for the manifest
    shape: str = ""
    bodies: dict[str, str] = field(default_factory=dict)
    # the policies and interpretations whose body alone changed since the last build, where
    # only bodies changed (None: another change; every fingerprint is made again)
    remade: set[str] | None = None


def _bodies_changed(inputs: Inputs, old: Manifest) -> set[str] | None:
    """The policies and interpretations whose file changed since the build of ``old`` where
    nothing else changed (the same shape), else None."""
    if not old.shape or old.shape != inputs.shape or old.bodies.keys() != inputs.bodies.keys():
        return None
    return {rel for rel, digest in inputs.bodies.items() if old.bodies[rel] != digest}


def plan(data: sd.SiteData, inputs: Inputs, previous: Previous) -> Plan:
    """The framed pages and the catalogues' downloads whose inputs are unchanged and whose files
    in the previous site are as the last build left them; a searchable page is kept only
    while the search store holds its record.

    Where only the bodies of policies and interpretations changed since the last build (the
    same :attr:`Inputs.shape`), only their own pages' fingerprints can have changed (their
    whole file is an input of no other page, download or list): the others are those the last
    build noted, not made again."""
    old = previous.manifest
    out = Plan(shape=inputs.shape, bodies=inputs.bodies, remade=_bodies_changed(inputs, old))

    def noted(path: str) -> str | None:
        """The fingerprint the last build noted of its output ``path``, where it still holds."""
        entry = old.outputs.get(path) if out.remade is not None else None
        return str(entry[0]).split(":", 1)[0] if entry is not None else None

    def table(path: str, fingerprint: str | None) -> None:
        out.tables[path] = fingerprint
        if previous.keeps(path, fingerprint):
            out.kept_tables.append(path)

    every: list[sd.CatalogueView] = []
    for domain in data.domains:  # each domain's table (CSV, Excel): its catalogues
        views = data.catalogues.get(domain.slug)
        if views:
            every += views
            paths = (urls.csv_url(domain.slug), urls.xlsx_url(domain.slug))
            fingerprint = noted(paths[0]) or inputs.of("table", domain.slug, "", views)
            for path in paths:
                table(path, fingerprint)
    # every catalogue in one download (data/catalogues.json): made again when one changes
    fingerprint = noted(urls.CATALOGUES_JSON) or inputs.of("catalogues-json", "", "", every)
    table(urls.CATALOGUES_JSON, fingerprint)
    # every policy and interpretation as JSON (data/policies.json) and the feeds (made again
    # all together when one of them changes)
    table(urls.POLICIES_JSON, inputs.documents("policies-json"))
    feeds = page_table.feed_paths(data)
    fingerprint = inputs.documents("feeds", feeds)
    out.tables.update(dict.fromkeys(feeds, fingerprint))
    if all(previous.keeps(path, fingerprint) for path in feeds):
        out.kept_tables += feeds
    for kind in (k for k in page_table.KINDS if k.name in LISTS):
        for page in kind.pages(data):
            out.lists[kind.src_uri(page.key)] = inputs.documents(kind.name)
    remade = out.remade
    for kind in (k for k in page_table.KINDS if k.framed):
        for page in kind.pages(data):
            url = kind.url_of(page.key)
            fingerprint = None
            if remade is not None and getattr(page.subject, "rel", None) not in remade:
                fingerprint = noted(url + "index.html")
            if fingerprint is None:
                fingerprint = inputs.of(kind.name, page.key, page.title, page.subject)
            if fingerprint is None:
                continue
            src_uri = kind.src_uri(page.key)
            out.prints[src_uri] = fingerprint
            entry = old.outputs.get(url + "index.html")
            if (
                entry is not None
                and str(entry[0]).startswith(fingerprint + ":")
                and (not kind.searchable or old.records.get(url) == fingerprint)
                and previous.untouched(url + "index.html")
            ):
                out.skip.add(src_uri)
                out.kept_urls.add(url)
                out.kept_h1[src_uri] = bool(entry[3]) if len(entry) > 3 else False
    return out


def hash_of(*parts: str) -> str:
    return _hash(parts)


# pages mkdocs lays out in every build that list every document as the feeds do (Inputs.documents)
LISTS = ("policy_list", "interpretation_list")


class Lists:
    """The content of the pages of :data:`LISTS` as the last build made it, beside the manifest
    (``<manifest>-lists.json``, src_uri → [fingerprint, html]), for a build whose
    fingerprint of them (``prints``) is the same: what it holds is only ever used for the
    fingerprint it was made for, so it is written as soon as it is made."""

    def __init__(self, manifest: Path | None, prints: dict[str, str]) -> None:
        self.path = lists_file(manifest) if manifest is not None else None
        self.prints = prints
        self.html: dict[str, str] = {}  # the pages' content, where it is as the fingerprint says
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            if self.path is not None and prints:
                for src_uri, (fingerprint, html) in json.loads(self.path.read_text("utf-8")).items():
                    if prints.get(src_uri) == fingerprint and isinstance(html, str):
                        self.html[src_uri] = html

    def keep(self, pages: Iterable[Rendered]) -> None:
        """Keep the content of this build's list pages (not written again when it is as kept)."""
        made = {r.src_uri: [self.prints[r.src_uri], r.html] for r in pages if r.src_uri in self.prints}
        if (
            self.path is None
            or not made
            or all(self.html.get(src) == html for src, (_p, html) in made.items())
        ):
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            temporary.write_text(json.dumps(made, ensure_ascii=False), "utf-8")
            os.replace(temporary, self.path)
        except OSError:  # (a cache: the next build makes them again)
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
