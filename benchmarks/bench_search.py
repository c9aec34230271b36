"""Search quality and cost on the sample site, in Debian's Chromium through the search page.

Usage:
    python benchmarks/bench_search.py [--site DIR] [--misses]

Builds the sample county (content/ with the repository's mkdocs.yml) unless --site names a
built site, serves it on 127.0.0.1 and runs the ranking set of tests/integration/_ranking.py
through the search page's own box. Prints top-1 and top-3 accuracy and mean reciprocal rank
(overall and by kind of query), the bytes and time of a first query on a fresh page (pagefind
and its index not yet loaded) and, for the later queries, the median and 90th percentile of
the bytes fetched and of the time from submitting to the first result on screen.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integration._ranking import RANKING, Ranked, open_search, rank_queries, scores  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
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
    def log_message(self, format: str, *args: object) -> None:
        pass


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


def cold(browser: object, base: str, query: str) -> tuple[int, float]:
    """Bytes fetched and ms from navigation to the first result, for a query on a fresh page."""
    context = browser.new_context(locale="zh-CN")  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.add_init_script(FIRST_HIT)
        page.goto(base + "search/?q=" + query)
        page.wait_for_selector("[data-zwgk-search][data-state]", state="attached", timeout=20000)
        got = page.evaluate(
            """() => ({
              bytes: performance.getEntriesByType('resource')
                .filter((e) => e.name.includes('/pagefind/') || e.name.includes('pagefind-parts'))
                .reduce((s, e) => s + (e.encodedBodySize || 0), 0),
              ms: window.zwgkFirstHit === undefined ? -1 : window.zwgkFirstHit,
            })"""
        )
        return int(got["bytes"]), float(got["ms"])
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
                first = [
                    cold(browser, base, q) for q in ("最低生活保障", "示民发〔2026〕11号", "怎么申请低保")
                ]
                context = browser.new_context(locale="zh-CN")
                page = context.new_page()
                open_search(page, base)
                rank_queries(page, base, RANKING[:1])  # loads pagefind
                ranked = rank_queries(page, base, RANKING)
                context.close()
            finally:
                browser.close()
    report(ranked, args.misses)
    warm_bytes = [float(r.bytes) for r in ranked]
    warm_ms = [r.ms for r in ranked if r.ms >= 0]
    print("cost of a query:")
    for (b, ms), q in zip(first, ("最低生活保障", "示民发〔2026〕11号", "怎么申请低保"), strict=True):
        print(
            f"  first query on a fresh page ({q}): {b / 1024:.1f} KB of search files, first result at {ms:.0f} ms"
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
