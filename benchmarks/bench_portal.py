"""The portal's cost with many members: build time, and the bytes a first search loads.

Usage:
    python benchmarks/bench_portal.py [--members 10,100] [--bases 4] [--cache DIR]
        [--items 300 --policies 60 --interpretations 40 --orgs 5] [--big-site DIR]

What is real and what is simulated: ``--bases`` small county sites are generated
(gen_corpus.py, different seeds and names) and built with ``zwgk build`` once, into the cache
folder. The members are copies of them (hard links), each with its own name in
data/*.json: their search bundles are those of their base, but each is a separate bundle at
its own URL, so the browser loads each one as it would a distinct county's. The figures the
portal compares are their base's.

For each number of members, the portal is built three ways, each timed: from the copies on
disk (``path``: the sites are linked into the portal), over HTTP from a local server (``url``:
JSON read over HTTP, the browser reads the bundles across origins) and over HTTP with
``mirror: true`` (the bundles downloaded). Then, in Debian's Chromium, the portal built from
disk is opened and one query searched: the bytes of every response are counted (the server
sends Content-Length; pagefind's files are already gzip-compressed), by phase: the page,
pagefind's start with all members merged, and the query up to the first results shown.

``--big-site DIR`` (a built county-sized site, e.g. bench_build's) adds a portal of that one
member, to measure what one real county adds to a first search.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import gen_corpus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
NAMES = "甲乙丙丁戊己庚辛壬癸"
QUERY = "招生"

MKDOCS = """\
site_name: {name}信息公开
site_url: {url}
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
plugins:
  - zwgk:
      content_dir: content
      history: false
markdown_extensions:
  - tables
"""


def zwgk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-c", "from generator.commands import main; main()", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def base_sites(cache: Path, count: int, sizes: dict[str, int]) -> list[Path]:
    """``count`` small county sites, generated and built once."""
    sites = []
    for n in range(count):
        project = cache / f"base-{n}"
        site = project / "site"
        if not (site / "data" / "compliance.json").is_file():
            shutil.rmtree(project, ignore_errors=True)
            (project / "docs").mkdir(parents=True)
            name = f"{NAMES[n % len(NAMES)]}{'县' if n < len(NAMES) else f'{n}县'}"
            gen_corpus.generate(
                project / "content",
                seed=n + 1,
                county=name,
                base_url=f"https://c{n}.example.gov.cn/",
                **sizes,
            )
            (project / "mkdocs.yml").write_text(
                MKDOCS.format(name=name + "人民政府", url=f"https://c{n}.example.gov.cn/"), encoding="utf-8"
            )
            started = time.perf_counter()
            proc = zwgk("build", cwd=project)
            if proc.returncode != 0:
                sys.exit(f"zwgk build 失败：{proc.stderr[-2000:]}")
            print(
                f"  生成基础站点 {n + 1}/{count}（{name}）：{time.perf_counter() - started:.1f} 秒",
                flush=True,
            )
        sites.append(site)
    return sites


def members(cache: Path, bases: list[Path], count: int) -> list[tuple[str, str, Path]]:
    """(id, name, site) of ``count`` members: hard-linked copies of the bases, renamed."""
    out = []
    for n in range(count):
        ident, name = f"m{n:03d}", f"第{n + 1}县人民政府"
        site = cache / "members" / ident
        if not site.is_dir():
            shutil.copytree(bases[n % len(bases)], site, copy_function=os.link)
            for data in ("compliance", "policies", "catalogues"):
                path = site / "data" / f"{data}.json"
                obj = json.loads(path.read_text("utf-8"))
                obj["site"]["name"] = name
                path.unlink()  # a linked file: write a new one, leave the base's alone
                path.write_text(json.dumps(obj, ensure_ascii=False), "utf-8")
        out.append((ident, name, site))
    return out


def portal_yml(folder: Path, entries: list[str], **settings: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "name: 性能测试门户",
        *(f"{k}: {json.dumps(v)}" for k, v in settings.items()),
        "members:",
        *entries,
    ]
    path = folder / "portal.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        if "/pagefind" in self.path:
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def timed_build(config: Path) -> tuple[float, int]:
    started = time.perf_counter()
    proc = zwgk("portal", "-f", str(config))
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"zwgk portal 失败（{proc.returncode}）：{proc.stderr[-2000:]}")
    return elapsed, sum(f.stat().st_size for f in (config.parent / "site").rglob("*") if f.is_file())


def first_search(site: Path, query: str, county: str = "") -> dict[str, Any]:
    """Bytes and requests of a first search on a fresh page (over all members, or within
    one county), by phase."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(locale="zh-CN").new_page()
            sizes: list[tuple[str, int]] = []
            page.on("response", lambda r: sizes.append((r.url, int(r.headers.get("content-length") or 0))))
            page.goto(base)
            loaded = len(sizes)
            started = time.perf_counter()
            page.fill("#portal-q", query)
            page.select_option("#portal-county", value=county)
            page.click("form[data-portal-search] button[type=submit]")
            page.wait_for_selector("[data-portal-results][data-state=done]", state="attached", timeout=300000)
            elapsed = time.perf_counter() - started
            status = page.inner_text("[data-portal-status]")
        finally:
            browser.close()
    search = sizes[loaded:]
    own = [(u, n) for u, n in search if "/members/" not in u]
    merged = [(u, n) for u, n in search if "/members/" in u]
    entry_meta = [(u, n) for u, n in merged if u.split("?")[0].endswith(("pagefind-entry.json", ".pf_meta"))]
    return {
        "page": sum(n for _, n in sizes[:loaded]),
        "pagefind": sum(n for _, n in own),
        "entries": sum(n for _, n in entry_meta),
        "query": sum(n for _, n in merged) - sum(n for _, n in entry_meta),
        "requests": len(search),
        "seconds": elapsed,
        "status": status,
    }


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="门户的生成时间和首次搜索的传输量（成员数不同）")
    ap.add_argument("--members", default="10,100", help="成员数，逗号分隔")
    ap.add_argument("--bases", type=int, default=4, help="真正生成的小站点数（成员是它们的副本）")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "zwgk-bench-portal")
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--policies", type=int, default=60)
    ap.add_argument("--interpretations", type=int, default=40)
    ap.add_argument("--orgs", type=int, default=5)
    ap.add_argument("--query", default=QUERY)
    ap.add_argument("--big-site", type=Path, help="一个已生成的县级规模网站：测它作为唯一成员时的首次搜索")
    args = ap.parse_args(argv)
    counts = [int(n) for n in args.members.split(",")]
    sizes = {
        "items": args.items,
        "policies": args.policies,
        "interpretations": args.interpretations,
        "orgs": args.orgs,
    }
    cache: Path = args.cache
    print(f"缓存目录：{cache}")
    bases = base_sites(cache, args.bases, sizes)
    rows = []
    for count in counts:
        listed = members(cache, bases, count)
        work = Path(tempfile.mkdtemp(prefix="zwgk-bench-portal-"))
        try:
            local = [
                f"  - id: {i}\n    name: {n}\n    path: {os.path.relpath(s, work / 'path')}"
                for i, n, s in listed
            ]
            t_path, size = timed_build(portal_yml(work / "path", local))
            with serve(cache / "members") as url:
                remote = [f"  - id: {i}\n    name: {n}\n    url: {url}{i}/" for i, n, _ in listed]
                t_url, _ = timed_build(portal_yml(work / "url", remote))
                t_mirror, _ = timed_build(portal_yml(work / "mirror", remote, mirror=True))
            search = first_search(work / "path" / "site", args.query)
            one = first_search(work / "path" / "site", args.query, listed[-1][1])
        finally:
            shutil.rmtree(work, ignore_errors=True)
        rows.append((count, t_path, t_url, t_mirror, size, search))
        print(
            f"{count} 个成员：生成 path {t_path:.1f} 秒，url {t_url:.1f} 秒，url+mirror {t_mirror:.1f} 秒；"
            f"门户 {size / 1e6:.1f} MB（含硬链接的成员网站）；首次搜索“{args.query}”：页面 {kb(search['page'])}，"
            f"pagefind 启动 {kb(search['pagefind'])}，各成员入口和元数据 {kb(search['entries'])}，"
            f"查询 {kb(search['query'])}，共 {search['requests']} 个请求，{search['seconds']:.1f} 秒；{search['status']}；"
            f"只搜一个县：入口和元数据 {kb(one['entries'])}，查询 {kb(one['query'])}，共 {one['requests']} 个请求，"
            f"{one['seconds']:.1f} 秒",
            flush=True,
        )
    if args.big_site:
        work = Path(tempfile.mkdtemp(prefix="zwgk-bench-portal-big-"))
        try:
            entry = f"  - id: big\n    name: 示例县人民政府\n    path: {os.path.relpath(args.big_site.resolve(), work)}"
            t_big, _ = timed_build(portal_yml(work, [entry]))
            search = first_search(work / "site", args.query)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(
            f"县级规模的 1 个成员（{args.big_site}）：生成 {t_big:.1f} 秒；首次搜索“{args.query}”："
            f"入口和元数据 {kb(search['entries'])}，查询 {kb(search['query'])}，共 {search['requests']} 个请求，"
            f"{search['seconds']:.1f} 秒；{search['status']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
