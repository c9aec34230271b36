"""Search begun ahead: the part of a changed page given to pagefind before the build plans.

An incremental build knows which pages changed only once it has planned (the fingerprint of
every page). Where more than the bodies of a few files changed (search_early.py begins those
before the check), their own pages are still the likely change: so, as soon as the site's data
is made, :func:`begin` renders the pages of the files changed since the last build
(:func:`changed_files`: by their digests against the last build's), makes their records and,
for the first part one of them lands in, starts pagefind (on a thread) on the part as the last
build indexed it with these records in it (search_early.Ahead), unless it was begun early with
exactly these. The guess is never trusted (see search_early.py). A guess that misses (a new
page, a changed name shown on many pages) costs the main thread the changed pages and the part's
pages written (a fraction of a second), and the second core's time; a guess that fails (a page
that cannot be made) begins nothing, and the build says why.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from generator.content.corpus import Corpus
from generator.site import buildstate, search
from generator.site import sitedata as sd
from generator.site.pages import KINDS
from generator.site.render import Renderer
from generator.site.search_early import MOST_FILES, Ahead, sources_noted, start_part
from generator.site.search_record import SearchRecord
from generator.site.search_records import page_record


def changed_files(corpus: Corpus, data: sd.SiteData, path: Path) -> set[str]:
    """The files whose content differs from the last build's (as this function last found it,
    in ``path``), new files among them; all of them the first time. It notes for the next build
    each file's digest, the hash of its model without the body, its searchable page's URL and
    the hash of its front matter (search_early.begin_early reads them)."""
    page_of = {
        shown.subject.rel: kind.url_of(shown.key)
        for kind in KINDS
        if kind.searchable
        for shown in kind.pages(data)
        if isinstance(getattr(shown.subject, "rel", None), str)
    }
    sources = {f.rel: [f.digest, f.head, page_of.get(f.rel, ""), f.front] for f in corpus.files}
    before = sources_noted(path)
    changed = {rel for rel, now in sources.items() if before.get(rel, [""])[0] != now[0]}
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_text(json.dumps(sources), "utf-8")
        os.replace(scratch, path)
    except OSError:  # (a guess: without it, the next build guesses nothing)
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)
    return changed


def begin(
    data: sd.SiteData,
    corpus: Corpus,
    previous: buildstate.Previous,
    manifest: Path | None,
    near: Path,
    ahead: Ahead | None = None,
) -> Ahead:
    """Start pagefind on the part of the pages of the files changed since the last build (see
    the module's docstring); a part ``ahead`` began (:func:`begin_early`) with other records
    than these is dropped. What was begun (nothing, where there is nothing to guess)."""
    ahead = ahead or Ahead(near)
    if manifest is None:
        return ahead
    changed = changed_files(corpus, data, buildstate.sources_file(manifest))  # (in every build searched)
    old, site, store = previous.manifest, previous.site, buildstate.search_store(manifest)
    count = search.part_count(len(old.records))
    if len(changed) > MOST_FILES or site is None or count != len(old.parts) or not store.is_dir():
        return ahead
    try:
        guessed = _guess(data, changed, old, store, count)
        if guessed is not None and not ahead.begun_with(guessed[0], guessed[1]):
            for n in ahead.started:  # (begun early, it missed what only the data shows: 更新记录 …)
                ahead.drop(n)
            start_part(ahead, guessed, old, site)
    except Exception:  # (a page that cannot be made, say: the build itself says why, not the guess)
        ahead.close()
    except BaseException:
        ahead.close()
        raise
    return ahead


def _guess(
    data: sd.SiteData, changed: set[str], old: buildstate.Manifest, store: Path, count: int
) -> tuple[int, list[SearchRecord], set[str]] | None:
    """The first part holding a changed file's page whose record differs from the stored one:
    its number, its records as the last build indexed them with the changed ones made anew,
    and the URLs of those unchanged."""
    renderer: Renderer | None = None
    new: dict[int, dict[str, SearchRecord]] = {}
    for kind in KINDS:
        if not kind.searchable:
            continue
        for shown in kind.pages(data):
            if getattr(shown.subject, "rel", None) not in changed:
                continue
            renderer = renderer or Renderer(data)
            record = page_record(data, kind, shown.subject, renderer.page(kind, shown))
            if record.url not in old.records:
                return None  # a new page: the parts' records are not the last build's
            new.setdefault(search.part_of(record.url, count), {})[record.url] = record
    for n, records in sorted(new.items()):
        stored = search.stored_records(store, n)
        urls = [url for url in old.records if search.part_of(url, count) == n]
        if any(url not in stored for url in urls) or all(stored[u] == r.html for u, r in records.items()):
            continue  # (the store lacks some, or nothing changed that search sees)
        return (
            n,
            [records.get(url) or SearchRecord(url, stored[url]) for url in urls],
            set(urls) - set(records),
        )
    return None
