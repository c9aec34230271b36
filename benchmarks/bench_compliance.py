"""Time `zwgk report` and the cost of 更新记录 (history from git) on a generated county.

Usage:
    python benchmarks/bench_compliance.py [--items 20000] [--policies 5000] [--interpretations 5000]
        [--keep DIR] [--no-build]

Generates a corpus with gen_corpus in a fresh git repository with three commits (the corpus;
then 20 catalogues with a changed 公开时限 and an added item, 100 policies with an edited body
(10 of them with a new title); then 20 catalogues reviewed). Prints:

1. the check warm (no change since the previous run) and `zwgk report --format json` warm, each
   the median of five runs in their own processes (wall and CPU time), against the budget:
   the check's warm target (1 second) plus one second;
2. `zwgk build` with history off, with history on and an empty history cache, and with history
   on again (its cache filled), with each build's 读取修改历史 phase: what history adds.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_build

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ZWGK = Path(sys.executable).with_name("zwgk")
RUNS = 5
WARM_CHECK_TARGET = 1.0  # seconds: the check's budget after one change (benchmarks/README.md)

# the build benchmark's site, with history on or off
MKDOCS_YML = bench_build.MKDOCS_YML + "      history: {history}\n"
EXTRA_ITEM = """\
  - id: item-added-in-review
    category: 复核新增
    name: 复核新增事项
    content: [复核新增事项]
    basis: [《中华人民共和国政府信息公开条例》]
    time_limit: 信息形成或者变更之日起20个工作日内
    channels: [政府网站]
    audience: 全社会
    method: 主动
    levels: [县级]
"""


def git(repo: Path, *args: str, day: str = "2026-01-05") -> None:
    stamp = f"{day}T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    env |= {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.gov.cn"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.gov.cn"}
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def commit(repo: Path, message: str, day: str) -> None:
    git(repo, "add", "-A", day=day)
    git(repo, "commit", "-q", "-m", message, day=day)


def make_history(work: Path) -> None:
    content = work / "content"
    catalogues = sorted((content / "catalogues").glob("*/*.yml"))
    policies = sorted((content / "policies").glob("*/*.md"))
    git(work, "init", "-q", "-b", "main")
    commit(work, "corpus", "2026-01-05")
    for path in catalogues[:20]:
        text = re.sub(
            r"time_limit: .*",
            "time_limit: 信息形成或者变更之日起10个工作日内",
            path.read_text("utf-8"),
            count=1,
        )
        path.write_text(text + EXTRA_ITEM, encoding="utf-8")
    for i, path in enumerate(policies[:100]):
        text = path.read_text("utf-8") + "\n补充说明。\n"
        if i < 10:
            text = text.replace("\ntitle: ", "\ntitle: （修订）", 1)
        path.write_text(text, encoding="utf-8")
    commit(work, "review", "2026-06-01")
    for path in catalogues[20:40]:
        path.write_text(
            re.sub(r"updated: .*", "updated: 2026-09-01", path.read_text("utf-8"), count=1), "utf-8"
        )
    commit(work, "reviewed", "2026-09-01")


def cpu() -> float:
    """CPU seconds (user + system) of the finished child processes and their descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds, exit code and output of one command in its own process."""
    start, before = time.perf_counter(), cpu()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, cpu() - before, proc.returncode, proc.stdout + proc.stderr


def load() -> str:
    return "、".join(f"{x:.1f}" for x in os.getloadavg())


def bench_report(work: Path) -> bool:
    env = {**os.environ, "ZWGK_CACHE_DIR": str(work / "check-cache"), "ZWGK_TODAY": "2026-11-22"}
    content = str(work / "content")
    timed([str(ZWGK), "check", content], env)  # fills the cache
    print(f"（机器负载：{load()}）")
    checks = [timed([str(ZWGK), "check", content], env) for _ in range(RUNS)]
    reports = [timed([str(ZWGK), "report", content, "--format", "json"], env) for _ in range(RUNS)]
    budget = WARM_CHECK_TARGET + 1.0
    ok = all(rc == 0 for _, _, rc, _ in checks + reports)
    for label, runs in (
        ("zwgk check（无改动，缓存已有）", checks),
        ("zwgk report --format json（缓存已有）", reports),
    ):
        walls = "、".join(f"{w:.2f}" for w, _, _, _ in runs)
        print(
            f"{label}：墙钟中位数 {statistics.median(w for w, _, _, _ in runs):.2f} 秒（{walls}），"
            f"CPU 中位数 {statistics.median(c for _, c, _, _ in runs):.2f} 秒"
        )
    report_s = statistics.median(w for w, _, _, _ in reports)
    ok &= report_s <= budget
    print(
        f"预算 {budget:.1f} 秒（检查的热启动目标 {WARM_CHECK_TARGET:.0f} 秒 + 1 秒）：{'达标' if ok else '超出'}"
        f"（机器负载：{load()}）"
    )
    return ok


def build(work: Path, history: bool) -> tuple[float, float, float | None, int, str]:
    config = work / ("mkdocs.yml" if history else "mkdocs-no-history.yml")
    config.write_text(
        MKDOCS_YML.format(theme=ROOT / "site_theme", history="true" if history else "false"), encoding="utf-8"
    )
    env = {**os.environ, "ZWGK_CACHE_DIR": str(work / "check-cache"), "SOURCE_DATE_EPOCH": "1790000000"}
    wall, used, rc, out = timed([str(ZWGK), "build", "-v", "-f", str(config), "-d", str(work / "site")], env)
    found = re.search(r"zwgk: 读取修改历史 ([\d.]+) 秒", out)
    return wall, used, float(found[1]) if found else None, rc, out


def bench_build(work: Path) -> bool:
    (work / "docs").mkdir(exist_ok=True)
    history_cache = work / "check-cache" / "history-cache.json"
    build(work, history=False)  # warms the check cache and the disk
    runs: dict[str, tuple[float, float, float | None, int, str]] = {}
    for label, history in (
        ("不读历史", False),
        ("读历史（历史缓存为空）", True),
        ("读历史（历史缓存已有）", True),
    ):
        if label.endswith("为空）"):
            history_cache.unlink(missing_ok=True)
        runs[label] = build(work, history)
        wall, used, phase, rc, out = runs[label]
        shown = f"，其中读取修改历史 {phase:.2f} 秒" if phase is not None else ""
        print(
            f"zwgk build {label}：墙钟 {wall:.1f} 秒，CPU {used:.1f} 秒{shown}，退出码 {rc}（机器负载：{load()}）"
        )
        if rc != 0:
            print(out[-3000:])
    base_wall, base_cpu = runs["不读历史"][:2]  # (wall times move with the machine's load: CPU is steadier)
    ok = all(rc == 0 for _, _, _, rc, _ in runs.values())
    for label in ("读历史（历史缓存为空）", "读历史（历史缓存已有）"):
        wall, used, phase, _, _ = runs[label]
        share = (phase or 0) / wall * 100
        print(
            f"{label}：读取修改历史占这次生成墙钟的 {share:.1f}%；与不读历史相比，"
            f"CPU {(used - base_cpu) / base_cpu * 100:+.1f}%，墙钟 {(wall - base_wall) / base_wall * 100:+.1f}%"
            "（共享机器上各次生成本身相差数秒）"
        )
        ok &= share <= 10
    pages = sum(1 for _ in (work / "site").rglob("index.html"))
    print(f"页面 {pages} 个；目标：读取修改历史不超过生成时间的 10%：{'达标' if ok else '超出'}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description="测量 zwgk report 和更新记录（git 历史）在生成语料上的耗时")
    ap.add_argument("--items", type=int, default=20000)
    ap.add_argument("--policies", type=int, default=5000)
    ap.add_argument("--interpretations", type=int, default=5000)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--no-build", action="store_true", help="只测 zwgk report")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="zwgk-bench-compliance-"))
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "content").exists():
        counts = ["--items", str(args.items), "--policies", str(args.policies)]
        counts += ["--interpretations", str(args.interpretations)]
        subprocess.run(
            [sys.executable, str(HERE / "gen_corpus.py"), str(work / "content"), *counts], check=True
        )
        make_history(work)
    ok = bench_report(work)
    if not args.no_build:
        ok &= bench_build(work)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
