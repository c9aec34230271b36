"""Writing a site's pages: ten thousand pages through the build's writer (``fill.Writer``) with
different numbers of threads, each in a process of its own, wall and CPU time.

Usage:
    python benchmarks/bench_writes.py [--pages 10000] [--rounds 5] [--workers 1,2,8] [--dir DIR]

Each round writes the pages once for every number of threads (in turn, so that the machine's
changes of speed fall on all of them alike) into a new folder of ``--dir`` (default: a
temporary folder, on the file system of /tmp); nothing is deleted until every round is done
(a file system without a journal is slower to create files right after many were deleted).
Prints each run and the medians. The build's default is one thread for each core, at most
eight (``sitefiles.file_workers``), printed first.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

# a policy page's size (17 KB), mostly Chinese text
PAYLOAD = ("<p>" + "示例县人民政府关于做好工作的通知" * 60 + "</p>\n") * 6


def one(workers: int, pages: int, folder: Path) -> dict[str, float]:
    """Write the pages once (in this process) and return its wall, CPU and system time."""
    from generator.site import buildstate, fill

    outputs: dict[str, list[object]] = {}
    previous = buildstate.Previous(None, buildstate.Manifest())
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    writer = fill.Writer(folder, previous, outputs, workers=workers)
    for n in range(pages):
        page = f"<html><head><title>{n}</title></head><body>{PAYLOAD}</body></html>"
        writer.write(f"policies/p-{n}/index.html", page.encode("utf-8"), "fp", True)
    writer.close()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    if len(outputs) != pages:
        raise SystemExit(f"只写出了 {len(outputs)} / {pages} 个页面")
    system = after.ru_stime - before.ru_stime
    return {"wall": wall, "cpu": after.ru_utime - before.ru_utime + system, "sys": system}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="用不同的线程数写出一万个页面的墙钟和 CPU 时间")
    ap.add_argument("--pages", type=int, default=10_000, help="页面数（默认 10000）")
    ap.add_argument("--rounds", type=int, default=5, help="轮数（默认 5）")
    ap.add_argument("--workers", default="1,2,8", help="线程数，逗号分隔（默认 1,2,8）")
    ap.add_argument("--dir", type=Path, help="写到这个目录下（默认：临时目录）")
    ap.add_argument("--one", nargs=2, metavar=("WORKERS", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.pages, Path(args.one[1]))))
        return 0
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    base = Path(tempfile.mkdtemp(prefix="zwgk-bench-writes-", dir=args.dir))
    from generator.site.sitefiles import file_workers

    print(
        f"生成网站时写页面的线程数：{file_workers()}（本进程可用的核数，至多 8）；"
        f"每次写出 {args.pages:,} 个页面（每个 {round(len(PAYLOAD.encode()) / 1024)} KB），共 {args.rounds} 轮"
    )
    runs: dict[int, list[dict[str, float]]] = {w: [] for w in counts}
    try:
        for r in range(args.rounds):
            for w in counts:
                folder = base / f"r{r}-w{w}"
                done = subprocess.run(
                    [sys.executable, __file__, "--pages", str(args.pages), "--one", str(w), str(folder)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                run = json.loads(done.stdout)
                runs[w].append(run)
                print(
                    f"第 {r + 1} 轮 {w} 个线程：墙钟 {run['wall']:.2f} 秒，CPU {run['cpu']:.2f} 秒（内核 {run['sys']:.2f}）",
                    flush=True,
                )
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print("中位数：")
    for w in counts:
        wall = statistics.median(x["wall"] for x in runs[w])
        cpu = statistics.median(x["cpu"] for x in runs[w])
        system = statistics.median(x["sys"] for x in runs[w])
        print(f"  {w} 个线程：墙钟 {wall:.2f} 秒，CPU {cpu:.2f} 秒（内核 {system:.2f}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
