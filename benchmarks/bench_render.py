"""CPU time of making every generated page's HTML (the templates), apart from the rest of a build.

Usage:
    python benchmarks/bench_render.py [--content DIR] [--runs 5]

Without ``--content`` a 10k corpus is generated (gen_corpus's defaults) in a temporary folder.
The content is checked and resolved once; then every page is rendered ``--runs`` times and the
fastest run's CPU time (this process only) is printed, with the time per page and the shares of
the heaviest templates. A cold build renders each page once, on the main thread while pagefind
and the downloads share the machine: a second saved here is about half a second of wall time.
To compare two versions, run the script of each with its own ``PYTHONPATH`` on the same content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generator.checks.run import check  # noqa: E402
from generator.site import pages as page_table  # noqa: E402
from generator.site import render  # noqa: E402
from generator.site.sitedata import build  # noqa: E402

MOMENT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成页面 HTML（模板）的 CPU 时间")
    ap.add_argument("--content", type=Path, help="内容目录（默认：在临时目录中生成 10k 语料）")
    ap.add_argument("--runs", type=int, default=5, help="渲染次数，取最快的一次（默认 5）")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-render-") as tmp:
        content = args.content
        if content is None:
            sys.path.insert(0, str(HERE))
            import gen_corpus

            content = Path(tmp) / "content"
            gen_corpus.generate(content)
        result = check(content, cache_dir=Path(tmp) / "cache")
        if result.errors:
            print(f"内容有 {len(result.errors)} 个错误，无法生成页面", file=sys.stderr)
            return 1
        data = build(result.corpus, MOMENT, today=MOMENT.date())
        renderer = render.Renderer(data)
        best: float | None = None
        pages = 0
        by_kind: Counter[str] = Counter()
        for _ in range(max(1, args.runs)):
            start = time.process_time()
            pages = sum(1 for _ in renderer.all())
            spent = time.process_time() - start
            best = spent if best is None else min(best, spent)
        for kind in page_table.KINDS:  # each kind once more, for its share
            start = time.process_time()
            for page in kind.pages(data):
                renderer.page(kind, page)
            by_kind[kind.name] += time.process_time() - start
    assert best is not None
    print(
        f"页面 {pages:,} 个；渲染全部页面 CPU {best:.2f} 秒（{args.runs} 次中最快），每页 {best / pages * 1000:.2f} 毫秒"
    )
    shares = "，".join(f"{name} {seconds:.2f} 秒" for name, seconds in by_kind.most_common(5))
    print(f"用时最多的页面类型：{shares}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
