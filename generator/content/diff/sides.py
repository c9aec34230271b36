"""Reading both sides: the content tree at a git commit, and as it is in the working tree.

Both are read the way ``zwgk check`` reads them: the same discovery, the same
:func:`~generator.content.load.load_file`, the same models.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.content.corpus import Corpus, _index, discover
from generator.content.diff.result import DiffError
from generator.content.load import FileResult, load_file


def _git(repo: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args], input=data, capture_output=True, check=False, env=env
        )
    except FileNotFoundError as exc:
        raise DiffError("找不到 git 命令：请先安装 git") from exc


def repo_root(path: Path) -> Path:
    """The top of the git working tree that holds ``path``."""
    start = path if path.is_dir() else path.parent
    proc = _git(start, "rev-parse", "--show-toplevel")
    if proc.returncode != 0:
        raise DiffError(f"“{path}”不在 git 仓库中：zwgk diff 比较的是 git 中的版本和当前文件")
    return Path(proc.stdout.decode("utf-8", "surrogateescape").strip())


def resolve_ref(repo: Path, ref: str) -> str:
    """The commit a ref names, or a :class:`DiffError` in Chinese."""
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n"):
        raise DiffError(f"“{ref}”不是有效的 git 版本")
    proc = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if proc.returncode != 0:
        raise DiffError(
            f"找不到 git 版本“{ref}”：请写分支名（如 main、origin/main）、标签或提交号；"
            "远程分支需要先 git fetch"
        )
    return proc.stdout.decode().strip()


def default_base(repo: Path) -> str:
    """origin/main when the repository has it, else HEAD."""
    proc = _git(repo, "rev-parse", "--verify", "--quiet", "origin/main^{commit}")
    return "origin/main" if proc.returncode == 0 else "HEAD"


def _safe_rel(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return bool(parts) and not rel.startswith("/") and all(p not in ("", ".", "..", ".git") for p in parts)


def materialise(repo: Path, commit: str, prefix: str, dest: Path) -> bool:
    """Write the content tree at ``commit`` into ``dest``; False when the commit has none."""
    tree = f"{commit}:{prefix}"
    kind = _git(repo, "cat-file", "-t", tree)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        return False
    listing = _git(repo, "ls-tree", "-r", "-z", tree)
    if listing.returncode != 0:
        raise DiffError(f"无法读取 git 版本 {commit[:12]} 中的内容目录")
    entries: list[tuple[bytes, bytes, str]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind_name, sha = meta.split()
        rel = raw_path.decode("utf-8", "surrogateescape")
        if kind_name != b"blob" or not _safe_rel(rel):
            continue  # submodules, and paths git itself would refuse to check out
        entries.append((mode, sha, rel))
    if not entries:
        return True
    batch = _git(repo, "cat-file", "--batch", data=b"".join(sha + b"\n" for _, sha, _ in entries))
    if batch.returncode != 0:
        raise DiffError(f"无法读取 git 版本 {commit[:12]} 中的文件")
    out, at = batch.stdout, 0
    for mode, _sha, rel in entries:
        end = out.find(b"\n", at)
        header = out[at:end].split()
        if end < 0 or len(header) != 3 or header[1] != b"blob":
            raise DiffError(f"无法读取 git 版本 {commit[:12]} 中的文件 {rel}（仓库不完整？请运行 git fetch）")
        size = int(header[2])
        blob = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == b"120000":  # a symlink: discovery decides, as in a checkout, whether to follow it
            os.symlink(blob.decode("utf-8", "surrogateescape"), target)
        else:
            target.write_bytes(blob)
    return True


@dataclass
class Side:
    files: list[FileResult] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)  # rel → the first problem
    attachments: dict[str, str] = field(default_factory=dict)  # rel → digest

    def corpus(self, root: Path, leave_out: set[str]) -> Corpus:
        """The indexes ``zwgk check`` builds (organizations, domains …), without ``leave_out``."""
        c = Corpus(content_dir=root, files=[f for f in self.files if f.rel not in leave_out])
        _index(c)
        return c


def load_side(root: Path) -> Side:
    """Every content file under ``root``, discovered and loaded as ``zwgk check`` does."""
    side = Side()
    if not root.is_dir():
        return side
    for d in discover(root):
        if d.problem is not None:
            side.unreadable[d.rel] = d.problem.message
            continue
        assert d.path is not None and d.kind is not None
        raw = Path(d.path).read_bytes()
        if d.kind == "attachment":  # compared by content only: not scanned again here
            side.attachments[d.rel] = hashlib.blake2b(raw, digest_size=20).hexdigest()
            continue
        result = load_file(d.rel, d.kind, raw, d.path)
        if result.model is None:
            errors = [x for x in result.diagnostics if x.severity == "error"] or result.diagnostics
            side.unreadable[d.rel] = (
                f"第 {errors[0].line} 行第 {errors[0].column} 列 {errors[0].code} {errors[0].message}"
                if errors
                else "无法读取"
            )
            continue
        side.files.append(result)
    return side
