"""JSON Schemas, generated from the models.

``python -m generator.commands.schema`` rewrites ``schemas/*.schema.json`` (and the error-code
page, see :mod:`generator.checks.docs`); a test fails when the committed files drift.
"""

from __future__ import annotations

import json

from generator.content.model import SCHEMA_MODELS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_documents() -> dict[str, str]:
    """File name → text of every generated schema."""
    out: dict[str, str] = {}
    for name, model_cls in SCHEMA_MODELS.items():
        schema = {"$schema": SCHEMA_DIALECT, **model_cls.model_json_schema()}
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out
