"""The committed schemas and error-code page are generated from the code, and stay so."""

from __future__ import annotations

import json
from pathlib import Path

from generator.content.codes import CODES
from generator.content.schema import generated_files

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
    for code, info in CODES.items():
        assert f"## {code} {info.title}" in page


def test_every_code_is_used_somewhere() -> None:
    sources = "".join(p.read_text() for p in (ROOT / "generator").rglob("*.py") if p.name != "codes.py")
    unused = [code for code in CODES if f'"{code}"' not in sources]
    assert unused == []
