"""External links of a built site: which ones no longer answer.

Internal links are checked by the tests on every build; external ones change on their own,
so this is meant for a schedule (a weekly CI job), not for every pull request.
"""

from __future__ import annotations

import html.parser
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

USER_AGENT = "zwgk-linkcheck/1 (+https://github.com/)"


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "link", "img", "script", "iframe"):
            for name, value in attrs:
                if name in ("href", "src") and value and value.lower().startswith(("http://", "https://")):
                    self.links.append(value.strip())


@dataclass
class LinkReport:
    url: str
    pages: list[str] = field(default_factory=list)
    status: int | None = None
    problem: str = ""

    @property
    def broken(self) -> bool:
        return bool(self.problem)


def external_links(site: Path, ignore: Iterable[str] = ()) -> dict[str, LinkReport]:
    """Every external link of the site's pages, with the pages that carry it."""
    prefixes = tuple(ignore)
    found: dict[str, LinkReport] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        rel = page.relative_to(site).as_posix()
        for url in parser.links:
            if prefixes and url.startswith(prefixes):
                continue
            report = found.setdefault(url, LinkReport(url))
            if rel not in report.pages:
                report.pages.append(rel)
    return found


def probe(report: LinkReport, timeout: float) -> LinkReport:
    """HEAD, then GET where a server refuses HEAD; 4xx/5xx and network errors are broken."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(report.url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                report.status = response.status
                report.problem = ""
                return report
        except urllib.error.HTTPError as exc:
            report.status = exc.code
            report.problem = f"服务器返回 {exc.code}"
            if exc.code in (405, 501) and method == "HEAD":
                continue
            return report
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            report.problem = f"无法访问（{reason}）"
            return report
    return report


def check_links(
    site: Path, *, timeout: float = 10.0, jobs: int = 8, ignore: Iterable[str] = ()
) -> list[LinkReport]:
    reports = list(external_links(site, ignore).values())
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda r: probe(r, timeout), reports))
