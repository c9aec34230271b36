"""``python -m generator.commands.schema [ROOT]`` rewrites ``schemas/*.schema.json`` and
``docs/staff/error-codes.md`` from the code; a test fails when the committed files drift."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.checks.docs import generated_files


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2]
    for path, text in generated_files(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path.relative_to(root))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
