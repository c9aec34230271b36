"""Search quality and cost on the sample site, in Debian's Chromium through the search page.

Usage:
    python benchmarks/bench_search.py [--site DIR] [--misses]

Builds the sample county (content/ with the repository's mkdocs.yml) unless --site names a
built site, serves it on 127.0.0.1 and runs the ranking set of tests/integration/_ranking.py
through the search page's own box. Prints top-1 and top-3 accuracy and mean reciprocal rank
(overall and by kind of query), the bytes and time of a first query on a fresh page (the
page, its theme, pagefind and its index; time from navigation to the first result on screen)
and, for the later queries, the median and 90th percentile of the bytes fetched (by the page
and by pagefind's worker) and of the time from submitting to the first result on screen.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import os
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integration._ranking import (  # noqa: E402
    RANKING,
    Ranked,
    count_bytes,
    open_search,
    rank_queries,
    scores,
)

CHROMIUM = "/usr/bin/chromium"
COLD = [q for q, _, _ in RANKING[::10]]  # first queries on a fresh page: 14 of every kind
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

# records, from the first script on, when the first result appears (a cold query's time)
FIRST_HIT = """(() => {
  const mark = () => {
    if (window.zwgkFirstHit === undefined && document.querySelector('.zwgk-hit')) {
      window.zwgkFirstHit = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, {childList: true, subtree: true});
})();"""


def build(out: Path) -> Path:
    from generator.site.plugin import build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    return build_site(ROOT / "mkdocs.yml", out, strict=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser accepts it, as production servers
    do (pagefind's own index files are compressed already), so the bytes counted are the
    bytes a reader's connection carries."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compress = path.suffix in {".html", ".js", ".css", ".json", ".xml"} and path.is_file()
        if not compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


SEARCH_FILES = ("/pagefind/", "/pagefind-parts/", "/assets/zwgk-search.js", "/assets/zwgk.js")


def cold(browser: object, base: str, query: str) -> tuple[int, int, float]:
    """Bytes fetched (all, and the search's own files) and ms from navigation to the first
    result, for a query on a fresh page."""
    context = browser.new_context(locale="zh-CN")  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.add_init_script(FIRST_HIT)
        sizes = count_bytes(page)
        page.goto(base + "search/?q=" + query)
        page.wait_for_selector("[data-zwgk-search][data-state]", state="attached", timeout=20000)
        page.wait_for_load_state("networkidle")
        ms = page.evaluate("() => window.zwgkFirstHit === undefined ? -1 : window.zwgkFirstHit")
        own = sum(n for url, n in sizes if any(part in url for part in SEARCH_FILES))
        return sum(n for _, n in sizes), own, float(ms)
    finally:
        context.close()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def report(ranked: list[Ranked], show_misses: bool) -> None:
    top1, top3, mrr = scores(ranked)
    print(f"ranking set: {len(ranked)} queries")
    print(f"  top-1 {top1:6.1%}   top-3 {top3:6.1%}   MRR {mrr:.3f}")
    kinds = sorted({r.kind for r in ranked}, key=[r.kind for r in ranked].index)
    for kind in kinds:
        part = [r for r in ranked if r.kind == kind]
        k1, k3, km = scores(part)
        print(f"  {kind:<6}{len(part):>4}  top-1 {k1:6.1%}  top-3 {k3:6.1%}  MRR {km:.3f}")
    if show_misses:
        for r in ranked:
            if r.rank != 1:
                first = r.urls[0] if r.urls else "(nothing)"
                print(f"  rank {r.rank or '-':>3}  {r.query} → {r.expected}  (first: {first})")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="a built site (default: build content/ now)")
    parser.add_argument("--misses", action="store_true", help="list every query not ranked first")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="zwgk-bench-search-") as tmp:
        site = args.site or build(Path(tmp) / "site")
        with serve(site) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                first = [cold(browser, base, q) for q in COLD]
                context = browser.new_context(locale="zh-CN")
                page = context.new_page()
                sizes = open_search(page, base)
                rank_queries(page, base, [("最低生活保障", "", "")], sizes)  # loads pagefind
                ranked = rank_queries(page, base, RANKING, sizes)
                context.close()
            finally:
                browser.close()
    report(ranked, args.misses)
    warm_bytes = [float(r.bytes) for r in ranked]
    warm_ms = [r.ms for r in ranked if r.ms >= 0]
    print("cost of a query:")
    own = [float(b) for _, b, _ in first]
    cold_ms = [ms for _, _, ms in first if ms >= 0]
    print(
        f"  first query on a fresh page ({len(first)} queries): {statistics.median(t for t, _, _ in first) / 1024:.1f}"
        f" KB in all (median), of them search files median {statistics.median(own) / 1024:.1f} KB, "
        f"max {max(own) / 1024:.1f} KB; first result at median {statistics.median(cold_ms):.0f} ms, "
        f"p90 {pct(cold_ms, 0.9):.0f} ms"
    )
    print(
        f"  later queries: bytes median {statistics.median(warm_bytes) / 1024:.1f} KB, "
        f"p90 {pct(warm_bytes, 0.9) / 1024:.1f} KB; time to first result median "
        f"{statistics.median(warm_ms):.0f} ms, p90 {pct(warm_ms, 0.9):.0f} ms "
        f"({len(ranked) - len(warm_ms)} queries listed nothing)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
