"""Writing the framed pages: each page filled into the frame mkdocs laid out for its kind, or
hard-linked from the previous site when neither it nor its frame changed (see frames.py and
incremental.py).

The kept pages are linked as soon as the build knows them (:class:`Framed`), while mkdocs
lays out the frames; :meth:`Framed.fill` then writes the others and puts every page in
sitemap.xml in its frame's place. A kept page whose frame came out different is filled again:
its early link is removed first, so the previous site's file is never written into. The files
are written (or linked) on a thread for each core (:class:`Writer`).
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from generator.site import buildstate, frames
from generator.site import sitedata as sd
from generator.site.render import Rendered, Renderer
from generator.site.sitefiles import file_workers


class Framed:
    def __init__(
        self,
        site_dir: Path,
        pages: dict[frames.FrameKey, list[Rendered]],
        previous: buildstate.Previous,
        outputs: dict[str, list[Any]],
        data: sd.SiteData,
    ) -> None:
        """``pages``: the framed pages by their frame; ``outputs``: the manifest's, noted as
        files are written. Starts linking the kept pages."""
        self.site_dir, self.pages, self.previous, self.outputs, self.data = (
            site_dir,
            pages,
            previous,
            outputs,
            data,
        )
        self.early: Writer | None = None
        self.linked: set[str] = set()
        links: list[tuple[str, str | None, list[Any]]] = []
        for framed in pages.values():
            for rendered in framed:
                if rendered.made:
                    continue
                path = rendered.url + "index.html"
                entry = previous.manifest.outputs.get(path)
                if entry is not None and previous.keeps(path, entry[0]):
                    links.append((path, entry[0], entry[3:4]))
                    self.linked.add(path)
        if links:
            self.early = Writer(site_dir, previous, outputs)
            self.early.link_all(links)

    def fill(
        self,
        laid_out: dict[frames.FrameKey, frames.Frame],
        locations: dict[frames.FrameKey, str],
        update_dates: list[str],
        build_date: str,
    ) -> None:
        """Write every framed page and put them in sitemap.xml in their frames' places;
        ``update_dates`` (of the pages mkdocs laid out) gains theirs."""
        self._wait_early()
        site_dir = self.site_dir
        entries: dict[str, list[tuple[str, str]]] = {}
        late: Renderer | None = None
        files = Writer(site_dir, self.previous, self.outputs)
        try:
            for frame, pages in self.pages.items():
                frame_page = laid_out[frame]
                loc = locations[frame]
                entries[loc] = []
                for rendered in pages:
                    path = rendered.url + "index.html"
                    output = f"{rendered.fingerprint}:{frame_page.digest}" if rendered.fingerprint else None
                    if not rendered.made and self.previous.keeps(path, output):
                        if path not in self.linked:
                            files.link(path, output, frame.h1)
                    else:
                        if not rendered.made:  # the theme changed: the page is filled again
                            late = late or Renderer(self.data)
                            rendered = late.remake([rendered])[rendered.url]
                        if path in self.linked:  # linked early: the previous site's file
                            (site_dir / path).unlink(missing_ok=True)  # is not written into
                        title = html.escape(rendered.title)
                        page = frame_page.fill(title=title, content=rendered.html, key=rendered.key)
                        files.write(path, page.encode("utf-8", errors="xmlcharrefreplace"), output, frame.h1)
                    modified = rendered.modified.isoformat() if rendered.modified else build_date
                    entries[loc].append((loc.replace(frame.key, rendered.key), modified))
                    update_dates.append(modified)
        except BaseException:
            files.abandon()
            raise
        files.close()
        frames.rewrite_sitemap(site_dir / "sitemap.xml", entries, max(update_dates))

    def _wait_early(self) -> None:
        if self.early is not None:  # (a page laid out anew replaces its link)
            self.early.close()
            self.early = None

    def abandon(self) -> None:
        """After a failure: no link is made after the build has removed its folder."""
        if self.early is not None:
            self.early.abandon()
            self.early = None


class Writer:
    """Writes (or links from the previous site) many files on a thread for each core, and notes
    each in the manifest: the file system's work, not Python's, is most of the time of a big
    site."""

    def __init__(
        self,
        site_dir: Path,
        previous: buildstate.Previous,
        outputs: dict[str, list[Any]],
        workers: int | None = None,
    ) -> None:
        workers = workers or file_workers()
        self.site_dir = site_dir
        self.previous = previous
        self.outputs = outputs
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.pending: deque[Future[None]] = deque()
        self.workers = workers

    def _submit(self, work: Callable[[], None]) -> None:
        while len(self.pending) >= 4 * self.workers:  # a bounded queue: pages are big
            self.pending.popleft().result()
        self.pending.append(self.pool.submit(work))

    def write(self, path: str, payload: bytes, fingerprint: str | None, *extra: Any) -> None:
        def work() -> None:
            target = self.site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload)
            buildstate.record(self.outputs, self.site_dir, path, fingerprint, *extra)

        self._submit(work)

    def link(self, path: str, fingerprint: str | None, *extra: Any) -> None:
        self._submit(lambda: self._link(path, fingerprint, *extra))

    def link_all(self, links: list[tuple[str, str | None, list[Any]]]) -> None:
        """Link many files (path, fingerprint, extra facts) without waiting: a share to each
        thread, so that the caller goes on while the file system works."""
        share = max(1, -(-len(links) // self.workers))
        for start in range(0, len(links), share):
            chunk = links[start : start + share]
            self.pending.append(self.pool.submit(self._link_chunk, chunk))

    def _link_chunk(self, links: list[tuple[str, str | None, list[Any]]]) -> None:
        for path, fingerprint, extra in links:
            self._link(path, fingerprint, *extra)

    def _link(self, path: str, fingerprint: str | None, *extra: Any) -> None:
        stamp = self.previous.stamp(path)
        if self.previous.link(path, self.site_dir) and stamp is not None and fingerprint is not None:
            self.outputs[path] = [fingerprint, *stamp, *extra]  # the same file: as it was
        else:
            buildstate.record(self.outputs, self.site_dir, path, fingerprint, *extra)

    def abandon(self) -> None:
        """After a failure: the files not begun are not written, those begun are waited for
        (none is written after the build has removed its folder)."""
        self.pending.clear()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Wait for every file; the first failure is raised."""
        try:
            while self.pending:
                self.pending.popleft().result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
