"""Hostile input: every file gives a located error, nothing is executed or read from outside.

Each case replaces or adds one file in a copy of the minimal site; the check must answer with
the expected code at the expected line, never raise, and never run or read anything.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.checks import check

from .conftest import TODAY

CAT = "catalogues/compulsory-education/edu.yml"
POLICY = "policies/2024/enrolment-plan.md"
MARKER = Path("/tmp/zwgk-hostile-executed")


def _bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def _random_bytes() -> bytes:
    rng = random.Random(20241101)
    return bytes(rng.randrange(256) for _ in range(4096))


CASES: list[tuple[str, str, Callable[[], bytes], str, int]] = [
    # name, file, content, expected code, expected line
    (
        "python-apply-tag",
        CAT,
        lambda: f"domain: !!python/object/apply:os.system ['touch {MARKER}']\n".encode(),
        "E103",
        1,
    ),
    ("python-name-tag", CAT, lambda: b"domain: !!python/name:os.system\n", "E103", 1),
    (
        "python-new-tag",
        CAT,
        lambda: f"x: !!python/object/new:subprocess.Popen [['touch', '{MARKER}']]\n".encode(),
        "E103",
        1,
    ),
    ("alias-bomb", CAT, _bomb, "E104", 1),
    ("deep-nesting", CAT, lambda: b"[" * 20000 + b"]" * 20000, "E110", 1),
    ("deep-mapping", CAT, lambda: "".join(" " * i + "a:\n" for i in range(2000)).encode(), "E110", 65),
    ("random-bytes", CAT, _random_bytes, "E105", 1),
    ("nul-bytes", CAT, lambda: b"domain: \x00\x00\n", "E101", 1),
    ("three-million-line", CAT, lambda: b"domain: " + b"x" * 3_000_000 + b"\n", "E201", 1),
    ("huge-file", CAT, lambda: b"# " + b"x" * (11 * 1024 * 1024) + b"\n", "E110", 1),
    ("empty", CAT, lambda: b"", "E106", 1),
    ("list-for-mapping", CAT, lambda: b"- domain: x\n- organization: y\n", "E107", 1),
    ("scalar-root", CAT, lambda: b"just text\n", "E107", 1),
    (
        "dotdot-item-id",
        CAT,
        lambda: (
            Path("tests/fixtures/sites/minimal/content", CAT)
            .read_bytes()
            .replace(b"id: enrolment-area", b"id: ../../etc/passwd")
        ),
        "E206",
        7,
    ),
    (
        "dotdot-organization",
        CAT,
        lambda: (
            Path("tests/fixtures/sites/minimal/content", CAT)
            .read_bytes()
            .replace(b"organization: edu", b"organization: ../../etc")
        ),
        "E302",
        3,
    ),
    (
        "dotdot-policy-ref",
        CAT,
        lambda: (
            Path("tests/fixtures/sites/minimal/content", CAT)
            .read_bytes()
            .replace("policy: 测教发〔2024〕3号".encode(), b"policy: ../../../etc/passwd")
        ),
        "E303",
        13,
    ),
    (
        "dotdot-interprets",
        "interpretations/2024/enrolment-plan-qa.md",
        lambda: (
            Path("tests/fixtures/sites/minimal/content/interpretations/2024/enrolment-plan-qa.md")
            .read_bytes()
            .replace(
                "interprets: 测教发〔2024〕3号".encode(), b"interprets: ../../policies/2024/enrolment-plan"
            )
        ),
        "E304",
        3,
    ),
    (
        "dotted-file-name",
        "policies/2024/a..b.md",
        lambda: Path("tests/fixtures/sites/minimal/content", POLICY).read_bytes(),
        "E112",
        1,
    ),
    ("front-matter-bomb", POLICY, lambda: b"---\n" + _bomb() + b"---\nbody\n", "E104", 2),
]


@pytest.mark.parametrize(("name", "rel", "make", "code", "line"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input(
    content: Path, name: str, rel: str, make: Callable[[], bytes], code: str, line: int
) -> None:
    MARKER.unlink(missing_ok=True)
    target = content / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(make())
    start = time.perf_counter()
    result = check(content, today=TODAY)
    elapsed = time.perf_counter() - start
    found = [(d.code, d.line) for d in result.diagnostics if d.path == rel]
    assert (code, line) in found, found
    assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)
    assert not MARKER.exists(), "a YAML tag was executed"
    assert elapsed < 20, f"{name} took {elapsed:.1f} s"


def test_nothing_is_read_through_a_symlink(content: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: 机密文件\n---\n机密内容 SECRET-TOKEN\n", encoding="utf-8")
    os.symlink(secret, content / "pages" / "leak.md")
    os.symlink(tmp_path, content / "policies" / "outside")
    result = check(content, today=TODAY)
    assert {(d.code, d.path) for d in result.diagnostics} == {
        ("E108", "pages/leak.md"),
        ("E108", "policies/outside"),
    }
    assert all("SECRET" not in f.body for f in result.corpus.files)
    assert all("机密" not in d.message for d in result.diagnostics)
