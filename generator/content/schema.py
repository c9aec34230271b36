"""JSON Schemas and the error-code page, generated from the models and the code table.

``python -m generator.commands.schema`` rewrites ``schemas/*.schema.json`` and ``docs/staff/error-codes.md``;
a test fails when the committed files drift from the code.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.content.codes import code_page
from generator.content.model import SCHEMA_MODELS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_documents() -> dict[str, str]:
    """File name → text of every generated schema."""
    out: dict[str, str] = {}
    for name, model_cls in SCHEMA_MODELS.items():
        schema = {"$schema": SCHEMA_DIALECT, **model_cls.model_json_schema()}
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def generated_files(root: Path) -> dict[Path, str]:
    files = {root / "schemas" / name: text for name, text in schema_documents().items()}
    files[root / "docs" / "staff" / "error-codes.md"] = code_page()
    return files
