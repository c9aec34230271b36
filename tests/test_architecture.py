"""The folders are the architecture: five packages, each importing only those below it.

content ← checks ← site ← portal ← commands. Only commands/ imports click, prints, reads argv or
exits; only site/plugin.py (and site/serve.py, zwgk serve around it) imports mkdocs (the core must
outlive it).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
LAYERS = {"content": 0, "checks": 1, "site": 2, "portal": 3, "commands": 4}
PLUGIN = PACKAGE / "site" / "plugin.py"
ADAPTERS = (PLUGIN, PACKAGE / "site" / "serve.py")  # the modules that import mkdocs


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "site_template" not in p.parts)


def layer_of(path: Path) -> str | None:
    rel = path.relative_to(PACKAGE).parts
    return rel[0] if len(rel) > 1 and rel[0] in LAYERS else None


def module_name(path: Path) -> str:
    parts = ["generator", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """Every module a file imports, at any depth (function-level imports too), made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".") if path.is_relative_to(PACKAGE) else []
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            yield node.lineno, base
            for alias in node.names:  # `from generator import site` names a package too
                yield node.lineno, f"{base}.{alias.name}"


def test_every_module_is_in_one_of_the_packages() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == []
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(LAYERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_layers(path: Path) -> None:
    own = layer_of(path)
    if own is None:
        return
    upward = [
        f"line {line}: {name}"
        for line, name in imports(path)
        if name.startswith("generator.")
        and name.split(".")[1] in LAYERS
        and LAYERS[name.split(".")[1]] > LAYERS[own]
    ]
    assert upward == [], f"{own}/ may import only the packages below it"


def _outside_world(path: Path) -> list[str]:
    """click, printing, argv and exiting: what only commands/ may do."""
    found = [f"line {line}: import {name}" for line, name in imports(path) if name.split(".")[0] == "click"]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("print", "exit")
        ):
            found.append(f"line {node.lineno}: {node.func.id}()")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            dotted = f"{node.value.id}.{node.attr}"
            if dotted in ("sys.stdout", "sys.stderr", "sys.argv", "sys.exit", "traceback.print_exc"):
                found.append(f"line {node.lineno}: {dotted}")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_commands_use_click_print_argv_or_exit(path: Path) -> None:
    if layer_of(path) == "commands":
        return
    assert _outside_world(path) == []


def test_the_rule_above_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import click\nimport sys\n\ndef f():\n    print('x')\n    sys.stderr.write('y')\n    sys.exit(1)\n"
    )
    assert len(_outside_world(sample)) == 4


def test_relative_imports_are_resolved() -> None:
    resolved = {name for _line, name in imports(PACKAGE / "checks" / "__init__.py")}
    assert "generator.checks.run" in resolved


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_plugin_imports_mkdocs(path: Path) -> None:
    if path in ADAPTERS:
        return
    theirs = [name for _line, name in imports(path) if name.split(".")[0] in ("mkdocs", "material")]
    assert theirs == []


def test_the_core_does_not_load_mkdocs() -> None:
    """Importing every module but the plugin, the preview around it and the build command that
    calls them loads no mkdocs."""
    core = [
        module_name(p)
        for p in modules()
        if p not in ADAPTERS
        and module_name(p) not in ("generator.commands.build",)
        and "__main__" not in p.name
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {core!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
