"""A search record: what search indexes of one page (made in :mod:`generator.site.search_records`).

Its own module, importing nothing of the site's data: the search index (:mod:`generator.site.search`)
and a search part begun before the build loads the rest (:mod:`generator.site.search_early`) use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Entry = dict[str, Any]  # what the result list shows for an exact match (see zwgk-search.js)


@dataclass
class SearchRecord:
    """What search indexes for one page: its URL and the lean HTML of its content region.

    A catalogue table is one record per run of rows whose items are ``<h2 id=anchor>``
    sections, so pagefind returns the matching rows as sub-results, each linking to its row.
    ``lookup`` holds (key, entry) pairs of the exact lookup; an entry of a dated document
    carries its date for ordering the documents of one 机关代字.
    """

    url: str
    html: str
    lookup: list[tuple[str, Entry]] = field(default_factory=list)
    # what it is made of (see generator.site.incremental); stale: its page in the search
    # store must be written again (an unchanged record's html may be left empty)
    fingerprint: str = ""
    stale: bool = True
    content: str = ""  # the hash of its html and lookup (see generator.site.incremental)
    make: Callable[[], SearchRecord] | None = None  # a record not yet made: how to make it
    seq: int = 0  # its place among all records (the order of the lookup's entries)
