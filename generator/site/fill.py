"""Writing the framed pages: each page filled into the frame mkdocs laid out for its kind, or
hard-linked from the previous site when neither it nor its frame changed (see frames.py and
incremental.py).

The kept pages are linked as soon as the build knows them (:class:`Framed`), while mkdocs
lays out the frames; :meth:`Framed.fill` then writes the others and puts every page in
sitemap.xml in its frame's place. A kept page whose frame came out different is filled again:
its early link is removed first, so the previous site's file is never written into.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from generator.site import frames, incremental
from generator.site import sitedata as sd
from generator.site.render import Rendered, Renderer


class Framed:
    def __init__(
        self,
        site_dir: Path,
        pages: dict[frames.FrameKey, list[Rendered]],
        previous: incremental.Previous,
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
        self.early: incremental.Writer | None = None
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
            self.early = incremental.Writer(site_dir, previous, outputs)
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
        files = incremental.Writer(site_dir, self.previous, self.outputs)
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
