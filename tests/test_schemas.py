"""The committed schemas and error-code page are generated from the code, and stay so."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from generator.checks.docs import generated_files
from generator.checks.registry import parts
from generator.content.codes import CODES

ROOT = Path(__file__).parent.parent


def test_generated_files_do_not_drift() -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, text in generated_files(ROOT).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run: python -m generator.commands.schema"


def test_every_field_has_a_chinese_title_and_description() -> None:
    for path in (ROOT / "schemas").glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        models = [schema, *schema.get("$defs", {}).values()]
        for model in models:
            for name, prop in model.get("properties", {}).items():
                assert prop.get("title") and prop.get("description"), f"{path.name}: {name}"
                assert any("\u4e00" <= ch <= "\u9fff" for ch in prop["title"]), f"{path.name}: {name}"


def test_every_code_is_on_the_code_page() -> None:
    page = (ROOT / "docs" / "staff" / "error-codes.md").read_text(encoding="utf-8")
    part_of = parts()
    for code, info in CODES.items():
        (part,) = part_of[code]
        assert f"## {code} {info.title}\n\n- 级别：" in page
        section = page.split(f"## {code} ", 1)[1].split("\n## ", 1)[0]
        assert f"- 检查环节：{part}\n" in section


def _declarations(tree: ast.AST) -> set[int]:
    """ids of the string constants that only declare codes: rule decorators, *_CODES tuples."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for deco in node.decorator_list:
                out.update(id(c) for c in ast.walk(deco))
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id.endswith("_CODES") for t in node.targets
        ):
            out.update(id(c) for c in ast.walk(node.value))
    return out


def test_every_code_is_used_somewhere() -> None:
    # reported by real code, not only declared (a declaration alone proves nothing)
    used: set[str] = set()
    for path in (ROOT / "generator").rglob("*.py"):
        if path.name == "codes.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _declarations(tree)
        used.update(
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
        )
    unused = [code for code in CODES if code not in used]
    assert unused == []
