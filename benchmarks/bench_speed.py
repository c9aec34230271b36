"""Build speed against a Hugo baseline, incremental builds, memory and growth (issue 13).

Usage:
    python benchmarks/bench_speed.py [--zwgk PATH] [--runs 3] [--scales 10k,25k,50k]
        [--keep DIR] [--skip-hugo]

For each scale (10k: gen_corpus's default of 5,000 policies, 5,000 interpretations and 20,000
catalogue items; 25k and 50k: every count 2.5 and 5 times, the organizations too but at most
gen_corpus's 150) it generates a corpus, writes bench_build's mkdocs.yml beside it (history
off) and measures:

1. Hugo (Debian's package, installed with apt-get when missing and running as root): the same
   policies and interpretations (title, date, body) as plain pages of a minimal site with a
   built-in layout of three templates, `hugo --quiet` into a fresh folder, median of --runs
   runs but at least five, taking turns with the cold builds of step 2 (a shared machine's
   load changes by the minute);
2. `zwgk build -d SITE`, cold (an empty check cache, ZWGK_CACHE_DIR a fresh folder, a fresh
   site folder), median of --runs, and its ratio to Hugo;
3. at 10k (else the first scale) only, with Hugo: pagefind by itself on the last cold build's
   search parts (their pages written again from the build's search store, indexed by the same
   program as many at once as the build runs), --runs times, each after another Hugo run; it
   prints pagefind's time against Hugo's, which is what the goal of 6 leaves for all of
   zwgk's own work (a reference, not a goal);
4. at 10k (else the first scale) only: incremental builds, each after appending a paragraph to one more
   policy, into the last cold build's site with its cache (median of --runs, ratio to the cold
   median), then a cold build of the changed content into another folder with a fresh cache
   and a file-by-file comparison of the two sites (names and bytes);
5. at every scale after 10k, when 10k was measured first: a cold build of the 10k corpus (as
   step 4 left it) before and after each of its cold builds, so that the growth ratio (its
   cold median over these 10k builds' median) compares builds run one after the other, not a
   10k build of the start of the run with a 50k build a quarter of an hour later: this
   machine's speed drifts by a fifth or more within that time (the ratio to the 10k of step 2
   is printed too);
6. for every run, the peak resident memory of the whole process tree (the command and all its
   descendants, summed and sampled from /proc in a thread every 50 ms, or less often where a
   sample takes more than a tenth of that, see SAMPLE_DUTY); beside it, how much
   /dev/shm grew (the search index's scratch pages live there; the figure is machine-wide).

Nothing is deleted until every measurement is done: a folder a step no longer needs (a
previous cold build, Hugo's output, a finished scale) is renamed into WORK/.removed and
removed at the end. On ext4 without a journal (this machine's disk) the kernel passes over
inodes deleted in the last 60 seconds (360 while their inode table is unwritten) when it
allocates new ones, probing each in the buffer cache: a build that follows the deletion of
the previous one's 34,000 files and folders spends seconds more of system time creating its
own (seen here: 9–12 s of system time against 4.4 s), a cost of the benchmark, not of the
tool, and not there on a new CI machine.

SOURCE_DATE_EPOCH is fixed, as in bench_build and the reproducible-build test. Prints a growth
table and the goals of issue 13 with pass or fail. Exits 0 whether the goals are met or not,
1 when a build fails, 2 when zwgk cannot be found.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_build  # sibling scripts, not installed packages
import bench_check
import gen_corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SOURCE_DATE_EPOCH = "1790000000"  # as bench_build
MKDOCS_YML = bench_build.MKDOCS_YML + "      history: false\n"  # no git: every build sees the same
MB = 2**20
GB = 2**30
MAX_ORGS = 150  # what gen_corpus can name
SHM = Path("/dev/shm")
HUGO_RUNS = 5  # at least: Hugo takes seconds, and a few seconds of the machine's load matter

# goals of issue 13
HUGO_RATIO_GOAL = 6.0
INCREMENTAL_GOAL = 0.15
PEAK_10K_GOAL = 1.5 * GB
GROWTH_TIME_GOAL = 5.5
PEAK_50K_GOAL = 3 * GB

HUGO_CONFIG = """\
baseURL = "https://hugo.example.gov.cn/"
languageCode = "zh-cn"
title = "示例县人民政府信息公开"
hasCJKLanguage = true
buildFuture = true
disableKinds = ["taxonomy", "term"]
"""
HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time></p>
{{ .Content }}</article>{{ end }}
""",
    "list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
""",
}
HUGO_SECTIONS = {"policies": "政策文件", "interpretations": "政策解读"}


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds of the command and its waited-for descendants
    peak_rss: int  # bytes, the process tree: the sum of each process's resident memory
    # bytes, the process tree's proportional set size: a page shared by n processes of the tree
    # (a forked child's copy-on-write heap, a library) counts 1/n in each, so the sum is the
    # memory the tree really holds; the RSS sum counts a forked child's shared heap again
    peak_pss: int
    peak_shm: int  # bytes, growth of /dev/shm over the run (machine-wide)
    rc: int
    out: str
    every: float = 0.0  # seconds, the mean interval between two samples of the memory
    # at the sample of the peak PSS: each process of the tree (its name, PSS in bytes), the
    # command's own process first, and the seconds since the start
    at_peak: list[tuple[str, int]] = field(default_factory=list)
    peak_at: float = 0.0


def shm_used() -> int:
    try:
        st = os.statvfs(SHM)
    except OSError:
        return 0
    return (st.f_blocks - st.f_bfree) * st.f_frsize


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_memory(pid: int, each: list[tuple[str, int]] | None = None) -> tuple[int, int]:
    """The RSS and the PSS of a process and all its descendants, summed, in bytes; ``each``
    gets each process's name and PSS (a descendant of the same name as ``pid`` is "name（子进程）")."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    stack = [pid]
    root_name = ""
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        own = 0
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        own = int(line.split()[1]) * 1024
        except OSError:
            continue
        pss += own
        if each is not None:
            try:
                with open(f"/proc/{p}/comm") as fh:
                    name = fh.read().strip()  # (cut to 15 characters: pagefind_extend)
            except OSError:  # (ended meanwhile)
                name = "?"
            name = "pagefind" if name.startswith("pagefind") else name
            if p == pid:
                root_name = name
            elif name == root_name:
                name += "（子进程）"
            each.append((name, own))
    return rss, pss


# The memory is sampled every SAMPLE_EVERY seconds, or less often, so that sampling takes at most
# SAMPLE_DUTY of the time: reading a process's smaps_rollup walks its page tables under
# its memory-map lock (measured: 80 ms a sample for the 2.6 GB of a 50k build, whose sampler,
# every 50 ms, used 33 s of CPU and made the build 129 s against 106 s unsampled).
SAMPLE_EVERY = 0.05
SAMPLE_DUTY = 0.1


def measure(cmd: Sequence[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run cmd; its wall time and the peak memory of its process tree, sampled in a thread."""
    shm_before = shm_used()
    cpu_before = children_cpu()
    peaks = {"rss": 0, "pss": 0, "shm": 0}
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    done = threading.Event()

    samples = [0]
    at_peak: list[tuple[str, int]] = []
    peak_at = [0.0]

    def sample() -> None:
        while not done.is_set():
            began = time.perf_counter()
            each: list[tuple[str, int]] = []
            rss, pss = tree_memory(proc.pid, each)
            if pss > peaks["pss"]:
                at_peak[:] = each
                peak_at[0] = began - start
            peaks["rss"], peaks["pss"] = max(peaks["rss"], rss), max(peaks["pss"], pss)
            peaks["shm"] = max(peaks["shm"], shm_used() - shm_before)
            samples[0] += 1
            took = time.perf_counter() - began
            done.wait(max(SAMPLE_EVERY - took, took / SAMPLE_DUTY - took))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return Run(
        wall,
        children_cpu() - cpu_before,
        peaks["rss"],
        peaks["pss"],
        peaks["shm"],
        proc.returncode,
        out,
        wall / max(1, samples[0]),
        at_peak,
        peak_at[0],
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def walls(runs: Sequence[Run]) -> str:
    return "、".join(f"{r.wall:.1f}" for r in runs)


def mb(n: float) -> str:
    return f"{n / MB:,.0f} MB"


def load() -> str:
    return "、".join(f"{x:.1f}" for x in os.getloadavg())


# where fresh() and set_aside() put what is no longer needed (see the module's docstring)
SET_ASIDE: list[Path] = []


def set_aside(path: Path) -> None:
    """Move ``path`` out of the way into the run's .removed folder, to be deleted at the end."""
    if not SET_ASIDE or not (path.exists() or path.is_symlink()):
        shutil.rmtree(path, ignore_errors=True)
        return
    folder = SET_ASIDE[0]
    folder.mkdir(parents=True, exist_ok=True)
    path.rename(folder / f"{len(list(folder.iterdir()))}-{path.name}")


def fresh(path: Path) -> Path:
    set_aside(path)
    return path


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def compare_trees(a: Path, b: Path) -> list[str]:
    """Files whose names or bytes differ between two folders (relative paths, sorted)."""

    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    left, right = files(a), files(b)
    differ = [f"{name}（只在 {a.name}）" for name in sorted(left - right)]
    differ += [f"{name}（只在 {b.name}）" for name in sorted(right - left)]
    differ += [name for name in sorted(left & right) if (a / name).read_bytes() != (b / name).read_bytes()]
    return differ


# --- the sites -----------------------------------------------------------------------------


@dataclass
class Scale:
    label: str
    factor: float

    def counts(self) -> dict[str, int]:
        return {
            "items": round(20000 * self.factor),
            "policies": round(5000 * self.factor),
            "interpretations": round(5000 * self.factor),
            "orgs": min(MAX_ORGS, round(40 * self.factor)),
        }


def parse_scales(text: str) -> list[Scale]:
    scales = []
    for part in text.split(","):
        found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)k\s*", part, re.IGNORECASE)
        if not found or float(found[1]) <= 0:
            raise argparse.ArgumentTypeError(f"规模写作 10k、25k、50k 这样的形式：{part!r}")
        scales.append(Scale(f"{found[1]}k", float(found[1]) / 10))
    return scales


def in_zwgk_python(zwgk: str, code: str) -> subprocess.CompletedProcess[str] | None:
    """Run ``code`` in the Python the given zwgk runs with (its ``#!`` line), outside any
    checkout (a checkout's own generator/ would be imported instead); None: no such line."""
    try:
        first = Path(zwgk).read_text(encoding="utf-8", errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return None
    if not first.startswith("#!"):
        return None
    return subprocess.run(
        [*first[2:].split(), "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )


def theme_dir(zwgk: str) -> Path:
    """The site_theme folder of the checkout that the given zwgk runs from (else this one)."""
    found = in_zwgk_python(zwgk, "import generator; print(generator.__file__)")
    if found is not None and found.returncode == 0 and found.stdout.strip():
        theme = Path(found.stdout.strip()).parent.parent / "site_theme"
        if theme.is_dir():
            return theme
    return ROOT / "site_theme"


def compile_bytecode(zwgk: str) -> str:
    """Compile the bytecode of the package the given zwgk runs, as an installation does (pip
    compiles what it installs; an editable checkout writes it at the first run): with
    PYTHONDONTWRITEBYTECODE set, as on this machine, every run would compile zwgk's modules
    from source again (a fifth of a second), a cost no user pays. What was done, for the log."""
    done = in_zwgk_python(
        zwgk,
        "import compileall, generator, os, sys; "
        "sys.exit(0 if compileall.compile_dir(os.path.dirname(generator.__file__), quiet=1) else 1)",
    )
    if done is None:
        return "未编译（找不到 zwgk 的 Python）"
    return "已编译" if done.returncode == 0 else f"编译失败：{done.stderr.strip()[-200:]}"


def make_corpus(work: Path, scale: Scale, theme: Path) -> None:
    counts = scale.counts()
    start = time.perf_counter()
    s = gen_corpus.generate(work / "content", **counts)
    print(
        f"语料：{s.files} 个文件，事项 {s.items} 条，政策文件 {s.policies} 件，政策解读 {s.interpretations} 件，"
        f"机构 {counts['orgs']} 个，{s.bytes / 1e6:.0f} MB，生成用时 {time.perf_counter() - start:.1f} 秒",
        flush=True,
    )
    (work / "docs").mkdir(exist_ok=True)
    (work / "mkdocs.yml").write_text(MKDOCS_YML.format(theme=theme), encoding="utf-8")


def ensure_hugo() -> str | None:
    hugo = shutil.which("hugo")
    if hugo is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("安装 Debian 的 hugo（apt-get）……", flush=True)
        subprocess.run(
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo",
            shell=True,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        hugo = shutil.which("hugo")
    return hugo


def front_matter(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def make_hugo_site(content: Path, site: Path) -> int:
    """The corpus's policies and interpretations as plain Hugo pages; returns how many."""
    for name, text in HUGO_LAYOUTS.items():
        path = site / "layouts" / "_default" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "content").mkdir(parents=True, exist_ok=True)
    (site / "content" / "_index.md").write_text("---\ntitle: 首页\n---\n", encoding="utf-8")
    written = 0
    for section, title in HUGO_SECTIONS.items():
        folder = site / "content" / section
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f"---\ntitle: {title}\n---\n", encoding="utf-8")
        for source in sorted((content / section).glob("*/*.md")):
            meta, body = front_matter(source)
            head = {"title": str(meta["title"]), "date": str(meta["published"])}
            lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in head.items()]
            (folder / source.name).write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")
            written += 1
    return written


# --- one scale -----------------------------------------------------------------------------


@dataclass
class Result:
    scale: Scale
    pages: int = 0
    cold: list[Run] = field(default_factory=list)
    hugo: list[Run] = field(default_factory=list)
    hugo_pages: int = 0
    incremental: list[Run] = field(default_factory=list)
    differ: list[str] | None = None
    serve: float | None = None  # seconds from a saved change to the preview's reload
    beside: list[Run] = field(default_factory=list)  # 10k cold builds taking turns with these
    alone: Alone | None = None  # pagefind by itself on the last cold build's search parts

    @property
    def cold_s(self) -> float:
        return median([r.wall for r in self.cold])

    @property
    def peak(self) -> int:
        return max(r.peak_rss for r in self.cold)

    @property
    def peak_pss(self) -> int:
        return max(r.peak_pss for r in self.cold)

    @property
    def cold_cpu(self) -> float:
        return median([r.cpu for r in self.cold])

    @property
    def hugo_s(self) -> float | None:
        return median([r.wall for r in self.hugo]) if self.hugo else None


class BuildFailed(Exception):
    pass


def zwgk_build(zwgk: str, work: Path, site: Path, cache: Path, label: str) -> Run:
    env = {**os.environ, "ZWGK_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env["NO_MKDOCS_2_WARNING"] = "1"
    run = measure([zwgk, "build", "-v", "-d", str(site)], work, env)
    print(
        f"{label}：墙钟 {run.wall:.1f} 秒，CPU {run.cpu:.1f} 秒，进程树峰值内存 PSS {mb(run.peak_pss)}（RSS 之和 {mb(run.peak_rss)}）"
        f"（/dev/shm 另增 {mb(run.peak_shm)}；平均每 {run.every:.2f} 秒采样一次），退出码 {run.rc}（机器负载：{load()}）",
        flush=True,
    )
    if run.at_peak:
        shares = "，".join(f"{name} {mb(size)}" for name, size in run.at_peak)
        print(f"    峰值（第 {run.peak_at:.0f} 秒）时各进程的 PSS：{shares}")
    for line in run.out.splitlines():
        if "zwgk:" in line or run.rc != 0:
            print("    " + line.strip())
    if run.rc != 0:
        raise BuildFailed(f"{label}：zwgk build 退出码 {run.rc}")
    waited = settle(cache)
    if waited >= 0.1:
        print(f"    （命令结束后，后台为下一次生成准备网站镜像又用了 {waited:.1f} 秒；等它结束后再测下一项）")
    return run


def settle(cache: Path, limit: float = 600) -> float:
    """Wait until the detached process a build leaves (making the replaced site the spare of
    the new one, holding a lock beside the build's manifest) is done, so that it neither
    shares the machine with the next measurement nor writes into a folder being removed;
    returns the seconds waited."""
    start = time.perf_counter()
    for lock_file in sorted((cache / "builds").glob("*.spare-lock")):
        try:
            lock = open(lock_file, "rb")  # noqa: SIM115
        except OSError:  # (gone: a preview's, removed as it stopped)
            continue
        with lock:
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.perf_counter() - start > limit:
                        break
                    time.sleep(0.05)
    return time.perf_counter() - start


def hugo_build(hugo: str, site: Path, i: int) -> tuple[Run, int]:
    """Hugo's ``i``-th build of ``site`` into a fresh folder: the run and the pages it made."""
    public = fresh(site / f"public-{i}")
    fresh(site / "resources")  # Hugo's cache of processed resources
    run = measure([hugo, "--quiet", "-d", str(public)], site, dict(os.environ))
    print(
        f"hugo --quiet 第 {i + 1} 次：墙钟 {run.wall:.1f} 秒，CPU {run.cpu:.1f} 秒，进程峰值内存 {mb(run.peak_rss)}，"
        f"退出码 {run.rc}（机器负载：{load()}）",
        flush=True,
    )
    if run.rc != 0:
        print(run.out[-3000:])
        raise BuildFailed(f"hugo 退出码 {run.rc}")
    pages = count_pages(public)
    set_aside(public)
    return run, pages


def beside_build(zwgk: str, tenk: Path, scale: Scale, n: int) -> Run:
    """A cold build of the 10k corpus in ``tenk``, between two of ``scale``'s cold builds."""
    site, cache = fresh(tenk / f"site-beside-{n}"), fresh(tenk / f"cache-beside-{n}")
    try:
        return zwgk_build(zwgk, tenk, site, cache, f"对照：10k 冷启动（与 {scale.label} 交替）第 {n + 1} 次")
    finally:
        set_aside(site)
        set_aside(cache)


PAGES_OF_STORE = """
import json, os, pathlib
from generator.site import search
from generator.site.search_record import SearchRecord
store, out = pathlib.Path({store!r}), pathlib.Path({out!r})
parts = sorted((f for f in store.glob("part-*.json") if f.stem[5:].isdigit()), key=lambda f: int(f.stem[5:]))
records = 0
for f in parts:
    made = set()
    for url, html in json.loads(f.read_text("utf-8")).items():
        search.write_record(out / f.stem, SearchRecord(url, html, []), made)
        records += 1
print(json.dumps({{"pagefind": search._pagefind(), "jobs": search.JOBS, "parts": [f.stem for f in parts],
                  "records": records}}))
"""


@dataclass
class Alone:
    """pagefind on the records of a cold build's search parts, alone, taking turns with Hugo."""

    parts: int = 0
    records: int = 0
    jobs: int = 0
    runs: list[Run] = field(default_factory=list)
    hugo: list[Run] = field(default_factory=list)


def alone_pages(zwgk: str, cache: Path, pages: Path) -> tuple[dict[str, Any] | None, str]:
    """The last cold build's search parts written into ``pages`` as the build gives them to
    pagefind, with what zwgk's Python says of them (its pagefind, how many run at once, the
    parts, the records); else None and why."""
    stores = sorted((cache / "builds").glob("*-search"))
    if not stores:
        return None, "找不到搜索的存档"
    done = in_zwgk_python(zwgk, PAGES_OF_STORE.format(store=str(stores[0]), out=str(pages)))
    if done is None:
        return None, "找不到 zwgk 的 Python"
    if done.returncode != 0:
        return None, done.stderr.strip()[-300:]
    told: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return (told, "") if told["parts"] else (None, "搜索的存档中没有分卷")


def pagefind_alone(
    zwgk: str, cache: Path, work: Path, runs: int, hugo: str, hugo_site: Path, first_hugo: int
) -> Alone | None:
    """How much of a cold build's time pagefind takes by itself: the search parts' pages as
    the last cold build gave them to pagefind (:func:`alone_pages`), indexed as the build
    indexes them (the same program, as many at once), alternating with Hugo runs (numbered
    from ``first_hugo``). None (and why, printed) when the pages cannot be written or a
    pagefind run fails: a failed run is no figure."""
    shm = SHM.is_dir() and os.access(SHM, os.W_OK)
    pages = SHM / f"zwgk-bench-alone-{os.getpid()}" if shm else work / "alone"
    try:
        told, why = alone_pages(zwgk, cache, pages)
        alone = Alone(len(told["parts"]), told["records"], told["jobs"]) if told else None
        for i in range(runs):
            if told is None or alone is None:
                break
            alone.hugo.append(hugo_build(hugo, hugo_site, first_hugo + i)[0])
            out = fresh(work / f"alone-{i}")
            cpu_before, start = children_cpu(), time.perf_counter()

            def index(part: str, out: Path = out, program: list[str] = told["pagefind"]) -> Any:
                cmd = [*program, "--site", str(pages / part), "--output-path", str(out / part), "--silent"]
                return subprocess.run(cmd, capture_output=True, text=True, check=False)

            with ThreadPoolExecutor(max_workers=alone.jobs) as pool:
                ended = list(pool.map(index, told["parts"]))
            run = Run(time.perf_counter() - start, children_cpu() - cpu_before, 0, 0, 0, 0, "")
            set_aside(out)
            failed = [e for e in ended if e.returncode != 0]
            if failed:
                said = (failed[0].stderr or failed[0].stdout).strip()[-300:]
                why, alone = f"pagefind 退出码 {failed[0].returncode}" + (f"：{said}" if said else ""), None
                break
            print(
                f"pagefind 单独建立 {alone.parts} 卷第 {i + 1} 次（{alone.jobs} 个同时）：墙钟 {run.wall:.1f} 秒，"
                f"CPU {run.cpu:.1f} 秒（前一次 Hugo {alone.hugo[-1].wall:.1f} 秒；机器负载：{load()}）",
                flush=True,
            )
            alone.runs.append(run)
    finally:
        shutil.rmtree(pages, ignore_errors=True)
    if alone is None:
        print(f"pagefind 单独运行：未测（{why}）", flush=True)
    return alone


def bench_scale(
    zwgk: str,
    hugo: str | None,
    work: Path,
    scale: Scale,
    runs: int,
    incremental: bool,
    tenk: Path | None = None,
) -> Result:
    """``tenk``: the folder of the 10k corpus, built cold before and after each cold build here."""
    print(f"\n== 规模 {scale.label} ==", flush=True)
    result = Result(scale)
    make_corpus(work, scale, theme_dir(zwgk))
    hugo_site = work / "hugo"
    hugo_runs = 0
    if hugo is not None:
        start = time.perf_counter()
        pages = make_hugo_site(work / "content", hugo_site)
        print(f"Hugo 站点：{pages} 个页面（政策文件和解读），转换用时 {time.perf_counter() - start:.1f} 秒")
        hugo_runs = max(runs, HUGO_RUNS)

    # Hugo and zwgk take turns, so that both see much the same load of a shared machine
    site = cache = work
    for i in range(max(runs, hugo_runs)):
        if hugo is not None and i < hugo_runs:
            run, result.hugo_pages = hugo_build(hugo, hugo_site, i)
            result.hugo.append(run)
        if i >= runs:
            continue
        if i:  # only the last cold build is kept: the incremental builds start from it
            set_aside(site)
            set_aside(cache)
        site, cache = fresh(work / f"site-cold-{i}"), fresh(work / f"cache-cold-{i}")
        if tenk is not None and i == 0:
            result.beside.append(beside_build(zwgk, tenk, scale, 0))
        result.cold.append(zwgk_build(zwgk, work, site, cache, f"zwgk 冷启动第 {i + 1} 次"))
        if tenk is not None:
            result.beside.append(beside_build(zwgk, tenk, scale, i + 1))
    result.pages = count_pages(site)
    if result.hugo_s:
        print(
            f"Hugo：中位数 {result.hugo_s:.1f} 秒（{len(result.hugo)} 次：{walls(result.hugo)}），"
            f"CPU 中位数 {median([r.cpu for r in result.hugo]):.1f} 秒，{result.hugo_pages} 个页面"
        )
    print(
        f"zwgk 冷启动：中位数 {result.cold_s:.1f} 秒（{runs} 次：{walls(result.cold)}），"
        f"CPU 中位数 {result.cold_cpu:.1f} 秒，"
        f"{result.pages} 个页面，{result.pages / result.cold_s:.0f} 页/秒，峰值 {mb(result.peak)}",
        flush=True,
    )
    if result.hugo_s:
        hugo_cpu = median([r.cpu for r in result.hugo])
        print(
            f"与 Hugo 之比：墙钟 {result.cold_s / result.hugo_s:.1f}（目标 ≤ {HUGO_RATIO_GOAL:g}），"
            f"CPU {result.cold_cpu / hugo_cpu:.1f}"
        )

    if incremental and hugo is not None:
        result.alone = pagefind_alone(zwgk, cache, work, runs, hugo, hugo_site, len(result.hugo))
        if result.alone and result.alone.runs:
            print(alone_line(result), flush=True)

    if incremental:
        policies = sorted((work / "content" / "policies").glob("*/*.md"))
        for i in range(runs):
            bench_check.edit_policy_body(policies[i])
            label = f"zwgk 增量第 {i + 1} 次（{policies[i].relative_to(work / 'content')} 追加一段）"
            result.incremental.append(zwgk_build(zwgk, work, site, cache, label))
        inc = median([r.wall for r in result.incremental])
        inc_cpu = median([r.cpu for r in result.incremental])
        print(
            f"zwgk 增量：中位数 {inc:.1f} 秒（{runs} 次：{walls(result.incremental)}），"
            f"为冷启动的 {inc / result.cold_s:.2f}（目标 ≤ {INCREMENTAL_GOAL:g}）；"
            f"CPU 中位数 {inc_cpu:.1f} 秒，为冷启动的 {inc_cpu / result.cold_cpu:.2f}",
            flush=True,
        )
        check_site, check_cache = fresh(work / "site-check"), fresh(work / "cache-check")
        zwgk_build(zwgk, work, check_site, check_cache, "对照：改动后的内容冷启动生成到另一目录")
        result.differ = compare_trees(site, check_site)
        if not result.differ:
            print("增量生成与冷启动生成逐字节比较：identical（文件名和内容全部相同）")
        else:
            print(f"增量生成与冷启动生成逐字节比较：{len(result.differ)} 个文件不同（列出前 20 个）：")
            for name in result.differ[:20]:
                print("    " + name)
        set_aside(check_site)
        set_aside(check_cache)
        if len(policies) > runs:
            result.serve = serve_rebuild(zwgk, work, cache, policies[runs])
            if result.serve is not None:
                print(
                    f"zwgk serve 保存后重新生成：{result.serve:.1f} 秒，为冷启动的 "
                    f"{result.serve / result.cold_s:.2f}（目标 ≤ {INCREMENTAL_GOAL:g}）",
                    flush=True,
                )
    return result


def serve_rebuild(zwgk: str, work: Path, cache: Path, policy: Path) -> float | None:
    """`zwgk serve`: from saving a policy to the preview's reloaded pages, in seconds.

    The preview builds once when it starts (its own site folder, the check cache of the cold
    builds) and makes its site's mirror in the background (see settle); then a paragraph is
    appended to ``policy`` and the time is taken until the server says it reloaded the
    browsers after the rebuild."""
    import queue
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "ZWGK_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    proc = subprocess.Popen(
        [zwgk, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put((time.perf_counter(), line.rstrip()))

    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.perf_counter() + 900
        while time.perf_counter() < deadline:  # the first build: the preview answers
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    if reply.status == 200 and b"zwgk-preview-problems" not in reply.read():
                        break
            except OSError:
                pass
            if proc.poll() is not None:
                print("zwgk serve 提前退出，未测")
                return None
            time.sleep(1)
        else:
            print("zwgk serve 在 900 秒内没有生成网站，未测")
            return None
        time.sleep(2)  # past the watcher's start
        # as before each incremental build: the mirror the first build leaves for the next
        # (made in the background) is ready, as it is when someone edits after a look
        waited = settle(cache)
        if waited >= 0.1:
            print(f"    （预览首次生成后，后台准备网站镜像又用了 {waited:.1f} 秒；等它结束后再保存）")
        while not lines.empty():
            lines.get_nowait()
        bench_check.edit_policy_body(policy)
        saved = time.perf_counter()
        while time.perf_counter() < saved + 600:
            try:
                stamp, line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if "已刷新浏览器中的页面" in line:
                return stamp - saved
        print("zwgk serve 在 600 秒内没有重新生成，未测")
        return None
    finally:
        # SIGTERM, which the preview handles as Ctrl+C: a benchmark started in the background
        # (nohup, `&` in a script) ignores SIGINT, and so would its preview, which would then be
        # killed after the wait below and leave its site in the temporary folder
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def alone_line(result: Result) -> str:
    """pagefind by itself against Hugo, and what that leaves of the goal for everything else:
    a cold build keeps both cores busy throughout (pagefind indexing some parts while the rest
    is made), so its time is at least all its CPU shared by the two, pagefind's and zwgk's own."""
    alone = result.alone
    assert alone is not None and result.hugo_s
    wall, cpu = median([r.wall for r in alone.runs]), median([r.cpu for r in alone.runs])
    hugo = median([r.wall for r in alone.hugo])
    ratio = wall / hugo
    left = (
        f"两个核在冷启动中一直满载，检查、页面、下载文件和搜索记录这些 zwgk 自己的工作（按两个核算）只能占 Hugo 的 "
        f"{HUGO_RATIO_GOAL - ratio:.1f} 倍"
        if ratio < HUGO_RATIO_GOAL
        else "pagefind 一项已超过目标"
    )
    return (
        f"pagefind 单独建立冷启动的 {alone.parts} 卷（{alone.records:,} 条记录，{alone.jobs} 个同时）：中位数 {wall:.1f} 秒"
        f"（{len(alone.runs)} 次：{walls(alone.runs)}），CPU 中位数 {cpu:.1f} 秒，为冷启动 CPU 的 {cpu / result.cold_cpu:.0%}；"
        f"与这几次之前各运行一次的 Hugo（中位数 {hugo:.1f} 秒）之比 {ratio:.1f}。冷启动与 Hugo 之比要 ≤ {HUGO_RATIO_GOAL:g}："
        f"{left}"
    )


# --- the tables ----------------------------------------------------------------------------


def growth_table(results: Sequence[Result]) -> None:
    print("\n== 规模与耗时、内存 ==")
    print(
        "| 规模 | 页面 | 冷启动（中位数） | CPU | 页/秒 | 峰值内存 PSS | 每千页 | 峰值 RSS 之和 | Hugo | 与 Hugo 之比 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        hugo = f"{r.hugo_s:.1f} 秒" if r.hugo_s else "—"
        ratio = f"{r.cold_s / r.hugo_s:.1f}" if r.hugo_s else "—"
        print(
            f"| {r.scale.label} | {r.pages:,} | {r.cold_s:.1f} 秒 | {r.cold_cpu:.1f} 秒 | {r.pages / r.cold_s:.0f} "
            f"| {mb(r.peak_pss)} | {r.peak_pss / MB / (r.pages / 1000):.0f} MB | {mb(r.peak)} | {hugo} | {ratio} |"
        )
    by = {r.scale.label: r for r in results}
    base = by.get("10k")
    for r in results:
        if r is base or base is None:
            continue
        goal = f"（目标 ≤ {GROWTH_TIME_GOAL:g}）" if r.scale.label == "50k" else ""
        first = f"{r.cold_s / base.cold_s:.2f}"
        if r.beside:
            ratio = growth_ratio(r, base)
            print(
                f"{r.scale.label} 与 10k 的耗时之比：{ratio:.2f}{goal}，与交替运行的 10k 冷启动相比"
                f"（{r.scale.label} {r.cold_s:.1f} 秒；10k 中位数 {r.cold_s / ratio:.1f} 秒，{len(r.beside)} 次：{walls(r.beside)}）；"
                f"与本次开头的 10k 冷启动相比为 {first}"
            )
        else:
            print(f"{r.scale.label} 与 10k 的耗时之比：{first}{goal}，与本次开头的 10k 冷启动相比")


def growth_ratio(big: Result, base: Result) -> float:
    """The growth ratio: against the 10k cold builds that took turns with ``big``'s, where
    there are any, else against the 10k cold builds of the start of the run."""
    if big.beside:
        return big.cold_s / median([b.wall for b in big.beside])
    return big.cold_s / base.cold_s


def goals_table(results: Sequence[Result], runs: int) -> None:
    by = {r.scale.label: r for r in results}
    base = by.get("10k")
    rows: list[tuple[str, str, str, bool | None]] = []

    def row(goal: str, target: str, measured: str | None, ok: bool | None) -> None:
        rows.append((goal, target, measured or "未测", ok if measured else None))

    hugo_ratio = base.cold_s / base.hugo_s if base and base.hugo_s else None
    row(
        "10k 冷启动与 Hugo 之比",
        f"≤ {HUGO_RATIO_GOAL:g}",
        f"{hugo_ratio:.1f}" if hugo_ratio else None,
        hugo_ratio is not None and hugo_ratio <= HUGO_RATIO_GOAL,
    )
    inc = median([r.wall for r in base.incremental]) / base.cold_s if base and base.incremental else None
    row(
        "10k 增量与冷启动之比",
        f"≤ {INCREMENTAL_GOAL:g}",
        f"{inc:.2f}" if inc is not None else None,
        inc is not None and inc <= INCREMENTAL_GOAL,
    )
    serve = base.serve / base.cold_s if base and base.serve is not None else None
    row(
        "10k zwgk serve 保存后重新生成与冷启动之比",
        f"≤ {INCREMENTAL_GOAL:g}",
        f"{serve:.2f}" if serve is not None else None,
        serve is not None and serve <= INCREMENTAL_GOAL,
    )
    differ = base.differ if base else None
    row(
        "增量结果与冷启动逐字节相同",
        "相同",
        None if differ is None else ("相同" if not differ else f"{len(differ)} 个文件不同"),
        differ == [],
    )
    peak = base.peak_pss if base else None
    row(
        "10k 进程树峰值内存（PSS）",
        "≤ 1.5 GB",
        f"{peak / GB:.2f} GB" if peak is not None else None,
        peak is not None and peak <= PEAK_10K_GOAL,
    )
    big = by.get("50k")
    growth = growth_ratio(big, base) if big and base else None
    row(
        "50k 与 10k 耗时之比",
        f"≤ {GROWTH_TIME_GOAL:g}",
        f"{growth:.2f}" if growth is not None else None,
        growth is not None and growth <= GROWTH_TIME_GOAL,
    )
    big_peak = big.peak_pss if big else None
    row(
        "50k 进程树峰值内存（PSS）",
        "≤ 3 GB",
        f"{big_peak / GB:.2f} GB" if big_peak is not None else None,
        big_peak is not None and big_peak <= PEAK_50K_GOAL,
    )
    print(f"\n== 目标（每项 {runs} 次运行取中位数；峰值取各次最大；1 GB = 1024 MB） ==")
    print("| 目标 | 要求 | 实测 | 结果 |")
    print("| --- | --- | --- | --- |")
    for goal, target, measured, ok in rows:
        verdict = "未测" if ok is None else ("达标" if ok else "未达标")
        print(f"| {goal} | {target} | {measured} | {verdict} |")
    if base and base.alone and base.alone.runs and base.hugo_s:
        print("\n参考（不是目标）：" + alone_line(base))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="zwgk build 与 Hugo 的对比、增量生成、峰值内存和规模增长")
    ap.add_argument("--zwgk", help="zwgk 可执行文件路径（默认：与当前 Python 同目录，其次 PATH）")
    ap.add_argument("--runs", type=int, default=3, help="每项运行次数，取中位数（默认 3）")
    ap.add_argument(
        "--scales",
        type=parse_scales,
        default=parse_scales("10k"),
        help="规模，逗号分隔，如 10k,25k,50k（10k 为 gen_corpus 的默认规模，其余按比例放大）",
    )
    ap.add_argument("--keep", type=Path, help="保留语料、Hugo 站点、最后一次生成的网站和缓存（DIR/<规模>/）")
    ap.add_argument("--skip-hugo", action="store_true", help="不测 Hugo")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs 至少为 1")

    zwgk = bench_check.find_zwgk(args.zwgk)
    if zwgk is None:
        print("错误：找不到 zwgk 命令；请先安装本项目（pip install -e .），或用 --zwgk 指定", file=sys.stderr)
        return 2
    hugo = None if args.skip_hugo else ensure_hugo()
    if not args.skip_hugo and hugo is None:
        print("找不到 hugo，且无法安装（需要 root 和 apt-get）：不测 Hugo", file=sys.stderr)
    version = subprocess.run([zwgk, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"zwgk：{zwgk}（{version}），主题 {theme_dir(zwgk)}，字节码{compile_bytecode(zwgk)}")
    if hugo:
        hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
        print(f"hugo：{hugo}（{hugo_version.stdout.strip()}）")
    print(f"CPU {os.cpu_count()} 核，每项 {args.runs} 次，机器负载：{load()}", flush=True)

    base = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="zwgk-bench-speed-"))
    SET_ASIDE[:] = [base / ".removed"]
    results: list[Result] = []
    try:
        labels = [scale.label for scale in args.scales]
        # the incremental builds at 10k (the goals' scale) when it is measured, else at the first scale
        at = labels.index("10k") if "10k" in labels else 0
        tenk: Path | None = None  # the 10k corpus, kept for the 10k builds beside the larger scales
        for n, scale in enumerate(args.scales):
            work = base / scale.label
            if work.exists() and any(work.iterdir()):
                print(f"错误：{work} 非空", file=sys.stderr)
                return 2
            work.mkdir(parents=True, exist_ok=True)
            beside = tenk if scale.label != "10k" else None
            results.append(bench_scale(zwgk, hugo, work, scale, args.runs, incremental=n == at, tenk=beside))
            if scale.label == "10k" and n < len(args.scales) - 1:
                tenk = work
            elif not args.keep:
                set_aside(work)
        if tenk is not None and not args.keep:
            set_aside(tenk)
        growth_table(results)
        goals_table(results, args.runs)
    except BuildFailed as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        print("正在删除测量中留下的目录……", flush=True)
        shutil.rmtree(SET_ASIDE[0], ignore_errors=True)
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    if args.keep:
        print(f"已保留：{base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
