"""Time `zwgk build` (check, pages, downloads, search index) on a generated county.

Usage:
    python benchmarks/bench_build.py [--items 20000] [--policies 5000] [--interpretations 5000]
        [--keep DIR] [--no-browser]

Generates a corpus with gen_corpus, writes a mkdocs.yml beside it, and runs `zwgk build -v`
twice: cold (empty check cache) and warm. For each run it prints the wall time, the peak memory
of the whole process tree (the build, its export process and the pagefind processes, summed
and sampled every 50 ms from /proc) and the build's own phase timings. Then it measures the
built site: page counts, the size of policy pages against their bodies, and, in Debian's
Chromium, how many bytes of search index a Chinese query loads.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


QUERIES = ["财政预算", "最低生活保障", "学区划分", "政务公开", "乡村振兴", "农村危房改造"]

MKDOCS_YML = """\
site_name: 示例县人民政府信息公开
site_url: https://zwgk.example.gov.cn/
docs_dir: docs
theme:
  name: material
  custom_dir: {theme}
  language: zh
  font: false
plugins:
  - zwgk:
      content_dir: content
      today: "2026-11-22"
"""


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def run_build(work: Path, cache: Path) -> tuple[float, int, int, str]:
    zwgk = Path(sys.executable).with_name("zwgk")
    env = {**os.environ, "ZWGK_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1790000000"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(zwgk), "build", "-v", "-f", str(work / "mkdocs.yml"), "-d", str(work / "site")],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    out = proc.stdout.read() if proc.stdout else ""
    return time.perf_counter() - start, peak, proc.returncode, out


def query_bytes(site: Path) -> dict[str, tuple[dict[str, int], int]]:
    """Per query, with an empty browser cache: bytes fetched from the search bundle by kind
    (code: pagefind's script and WebAssembly; index: metadata, word index, filters,
    result fragments, the vocabulary), and the results shown."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    out: dict[str, tuple[dict[str, int], int]] = {}
    args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for q in QUERIES:
            context = browser.new_context()  # a fresh cache for every query
            page = context.new_page()
            sizes: dict[str, int] = {}

            def record(response, sizes=sizes):  # type: ignore[no-untyped-def]
                url = response.url.split("?")[0]
                if "/pagefind" not in url:
                    return
                kind = "vocab" if "zwgk-vocab" in url else url.rsplit(".", 1)[-1]
                with contextlib.suppress(Exception):
                    sizes[kind] = sizes.get(kind, 0) + len(response.body())

            page.on("response", record)
            page.goto(f"http://127.0.0.1:{port}/search/?q={q}")
            page.wait_for_selector("[data-zwgk-search][data-state]", timeout=60000)
            page.wait_for_load_state("networkidle")
            found = page.locator(".zwgk-hit").count()
            out[q] = (dict(sizes), found)
            context.close()
        browser.close()
    server.shutdown()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="测量 zwgk build 在生成语料上的耗时、内存和搜索流量")
    ap.add_argument("--items", type=int, default=20000)
    ap.add_argument("--policies", type=int, default=5000)
    ap.add_argument("--interpretations", type=int, default=5000)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="zwgk-bench-build-"))
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "content").exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "gen_corpus.py"),
                str(work / "content"),
                "--items",
                str(args.items),
                "--policies",
                str(args.policies),
                "--interpretations",
                str(args.interpretations),
            ],
            check=True,
        )
    (work / "docs").mkdir(exist_ok=True)
    (work / "mkdocs.yml").write_text(MKDOCS_YML.format(theme=ROOT / "site_theme"), encoding="utf-8")
    cache = work / "check-cache"
    failed = False
    for label in ("冷启动（检查缓存为空）", "再次生成（检查缓存已有）"):
        if label.startswith("冷"):
            subprocess.run(["rm", "-rf", str(cache)], check=True)
        wall, peak, rc, out = run_build(work, cache)
        failed |= rc != 0
        print(f"{label}：墙钟 {wall:.1f} 秒，进程树峰值内存 {peak / 2**20:.0f} MB，退出码 {rc}")
        for line in out.splitlines():
            if "zwgk:" in line or rc != 0:
                print("    " + line.strip())
    if failed:
        return 1
    site = work / "site"
    html = list(site.rglob("*.html"))
    policies = sorted((site / "policies").glob("*/index.html"))
    sizes = [p.stat().st_size for p in policies]
    bodies = [
        len((work / "content" / "policies").glob(f"*/{p.parent.name}.md").__next__().read_bytes())
        for p in policies[:200]
    ]
    print(
        f"页面 {len(html)} 个；政策页面 {len(policies)} 个，大小中位数 {statistics.median(sizes) / 1024:.1f} KB，"
        f"最大 {max(sizes) / 1024:.1f} KB；政策源文件中位数 {statistics.median(bodies) / 1024:.1f} KB"
    )
    index_bytes = sum(
        f.stat().st_size for d in ("pagefind", "pagefind-parts") for f in (site / d).rglob("*") if f.is_file()
    )
    print(f"搜索索引共 {index_bytes / 2**20:.1f} MB")
    if not args.no_browser and Path("/usr/bin/chromium").exists():
        for q, (sizes, found) in query_bytes(site).items():
            code = sizes.get("js", 0) + sizes.get("pagefind", 0)
            index = sum(sizes.values()) - code
            detail = "，".join(f"{k} {v / 1024:.0f}" for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]))
            print(
                f"查询“{q}”：索引 {index / 1024:.0f} KB，加上程序共 {(index + code) / 1024:.0f} KB"
                f"（{detail}），结果 {found} 条"
            )
    print(f"工作目录：{work}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
