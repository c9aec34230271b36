"""Time `zwgk check` on a generated corpus.

Usage:
    python benchmarks/bench_check.py [--items 20000] [--policies 5000] [--interpretations 5000]
        [--orgs 40] [--seed 1] [--keep DIR] [--zwgk PATH] [--timeout 900]

Generates a corpus with gen_corpus.generate, then runs `zwgk check <corpus>` four times with
ZWGK_CACHE_DIR set to a fresh empty folder, so that the check cache starts empty and is shared
by the runs:

1. cold: cache empty;
2. warm: nothing changed;
3. after appending a comment line to one catalogue file;
4. after editing the body of one policy.

Each run is measured inside its own small Python wrapper process, so that the peak RSS
(ru_maxrss of RUSAGE_CHILDREN, a maximum over all waited-for children) belongs to that run
alone. Prints wall time, CPU time, peak RSS, exit code and the last line of the output of each
run. Exits 1 when a run fails or exits non-zero, 2 when zwgk cannot be found.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus  # a sibling script, not an installed package

# Runs the command given in argv[2:] with inherited stdio and writes its measurements as JSON to
# argv[1]. Wall time covers the command only, not this wrapper's start-up.
WRAPPER = r"""
import json, subprocess, sys, time
try:
    import resource
except ImportError:
    resource = None
result_path, *cmd = sys.argv[1:]
t0 = time.perf_counter()
rc = subprocess.call(cmd)
wall = time.perf_counter() - t0
out = {"rc": rc, "wall": wall, "maxrss_mb": None, "cpu": None}
if resource is not None:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    out["maxrss_mb"] = ru.ru_maxrss * scale / 1e6
    out["cpu"] = ru.ru_utime + ru.ru_stime
with open(result_path, "w", encoding="utf-8") as f:
    json.dump(out, f)
"""


@dataclass
class RunResult:
    label: str
    rc: int | None
    wall: float | None
    cpu: float | None
    maxrss_mb: float | None
    last_line: str


def find_zwgk(explicit: str | None) -> str | None:
    if explicit:
        return shutil.which(explicit)  # a name on PATH or a path to an executable file
    beside = Path(sys.executable).parent / ("zwgk.exe" if os.name == "nt" else "zwgk")
    if beside.is_file():
        return str(beside)
    return shutil.which("zwgk")


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def measure(label: str, cmd: Sequence[str], cwd: Path, timeout: float) -> RunResult:
    fd, result_path = tempfile.mkstemp(suffix=".json", prefix="zwgk-bench-")
    os.close(fd)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", WRAPPER, result_path, *cmd],
            cwd=cwd,
            env={**os.environ, "ZWGK_CACHE_DIR": str(cwd / "zwgk-cache")},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group, so a timeout can stop the command too
        )
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            return RunResult(label, None, None, None, None, f"超时（{timeout:g} 秒）")
        text = out.decode("utf-8", errors="replace")
        try:
            with open(result_path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            return RunResult(label, proc.returncode, None, None, None, last_line(text))
        return RunResult(label, data["rc"], data["wall"], data["cpu"], data["maxrss_mb"], last_line(text))
    finally:
        os.unlink(result_path)


def append_comment(path: Path) -> None:
    with path.open("a", encoding="utf-8", newline="\n") as f:
        f.write("# touched\n")


def edit_policy_body(path: Path) -> None:
    with path.open("a", encoding="utf-8", newline="\n") as f:
        f.write("\n本文件由发文机关负责解释。\n")


def fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="测量 zwgk check 在生成语料上的耗时与峰值内存")
    ap.add_argument("--items", type=int, default=20000, help="标准目录事项总数")
    ap.add_argument("--policies", type=int, default=5000, help="政策文件数")
    ap.add_argument("--interpretations", type=int, default=5000, help="政策解读数")
    ap.add_argument("--orgs", type=int, default=40, help="机构数")
    ap.add_argument("--seed", type=int, default=1, help="随机种子")
    ap.add_argument(
        "--keep", type=Path, help="保留语料（DIR/corpus）和工作目录（DIR/work），DIR 须不存在或为空"
    )
    ap.add_argument("--zwgk", help="zwgk 可执行文件路径（默认：与当前 Python 同目录，其次 PATH）")
    ap.add_argument("--timeout", type=float, default=900, help="每次运行的超时秒数")
    args = ap.parse_args(argv)

    zwgk = find_zwgk(args.zwgk)
    if zwgk is None:
        print("错误：找不到 zwgk 命令；请先安装本项目（pip install -e .），或用 --zwgk 指定", file=sys.stderr)
        return 2

    tmp: tempfile.TemporaryDirectory[str] | None = None
    if args.keep is not None:
        base = args.keep.resolve()
        if base.exists() and any(base.iterdir()):
            print(f"错误：--keep 目录 {base} 非空", file=sys.stderr)
            return 2
    else:
        tmp = tempfile.TemporaryDirectory(prefix="zwgk-bench-")
        base = Path(tmp.name)
    try:
        corpus = base / "corpus"
        work = base / "work"
        work.mkdir(parents=True)

        t0 = time.perf_counter()
        s = gen_corpus.generate(corpus, args.items, args.policies, args.interpretations, args.orgs, args.seed)
        gen_time = time.perf_counter() - t0
        print(
            f"语料：{s.files} 个文件，事项 {s.items} 条，政策文件 {s.policies} 件，"
            f"政策解读 {s.interpretations} 件，{s.bytes / 1e6:.1f} MB，生成用时 {gen_time:.1f} 秒"
        )
        print(f"命令：{zwgk} check {corpus}（工作目录 {work}）")

        catalogues = sorted(corpus.glob("catalogues/*/*.yml"))
        policies = sorted(corpus.glob("policies/*/*.md"))
        steps: list[tuple[str, Callable[[], None] | None]] = [
            ("1 冷启动，缓存为空", None),
            ("2 无改动", None),
        ]
        if catalogues:
            steps.append(
                (
                    f"3 目录文件追加一行注释（{catalogues[0].relative_to(corpus)}）",
                    lambda: append_comment(catalogues[0]),
                )
            )
        if policies:
            steps.append(
                (
                    f"4 修改一份政策正文（{policies[0].relative_to(corpus)}）",
                    lambda: edit_policy_body(policies[0]),
                )
            )

        cmd = [zwgk, "check", str(corpus)]
        results = []
        for label, change in steps:
            if change is not None:
                change()
            r = measure(label, cmd, work, args.timeout)
            results.append(r)
            print(
                f"{r.label}：墙钟 {fmt(r.wall, '.2f')} 秒，CPU {fmt(r.cpu, '.2f')} 秒，"
                f"峰值内存 {fmt(r.maxrss_mb, '.1f')} MB，退出码 {fmt(r.rc, 'd')}，末行：{r.last_line}",
                flush=True,
            )
        if args.keep is not None:
            print(f"已保留：{corpus}（含第 3、4 步的改动），{work}")
        return 0 if all(r.rc == 0 for r in results) else 1
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
