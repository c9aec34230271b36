"""The core must outlive mkdocs: only generator/plugin.py may import it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CORE = [
    "generator.content.model",
    "generator.content.load",
    "generator.checks.run",
    "generator.commands",
    "generator.content.corpus",
    "generator.checks.file",
    "generator.checks.corpus",
    "generator.content.schema",
]


def test_core_does_not_import_mkdocs() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + (
            "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.') or m.startswith('material'))\n"
            "assert not bad, bad\n"
        )
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_only_the_plugin_mentions_mkdocs() -> None:
    package = Path(__file__).parent.parent / "generator"
    offenders = [
        p.name
        for p in package.rglob("*.py")
        if p.name != "plugin.py" and ("import mkdocs" in p.read_text() or "from mkdocs" in p.read_text())
    ]
    assert offenders == []


def test_core_never_prints() -> None:
    package = Path(__file__).parent.parent / "generator"
    offenders = [
        p.name
        for p in package.rglob("*.py")
        if p.name not in ("cli.py", "plugin.py", "schema.py")
        and re.search(r"(?<![\w.])print\(", p.read_text())
    ]
    assert offenders == []
