"""``zwgk init --portal``: a new portal repository, from the template shipped in the package
(``generator/portal/portal_template/``: portal.yml with example members, a README, and the
workflow that rebuilds and publishes the portal)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from generator.content.schema import schema_documents
from generator.site.newsite import PORTAL_SCHEMA, InitError, check_target, template_files, zwgk_spec

TEMPLATE_DIR = Path(__file__).parent / "portal_template"
DEFAULT_PORTAL_NAME = "示例市政务公开平台"


def create_portal(target: Path, name: str, spec: str | None = None) -> list[PurePosixPath]:
    """Write a new portal repository into ``target`` (absent, or an empty folder)."""
    name = name.strip()
    if not name or any(ch in name for ch in ":#\n\"'{}[]&*!|>%@`"):
        raise InitError(f"门户名称“{name}”不能使用：请只用汉字、字母和数字，如“{DEFAULT_PORTAL_NAME}”")
    check_target(target)
    requirement = zwgk_spec(spec)
    written: list[PurePosixPath] = []
    for rel, source in template_files(TEMPLATE_DIR):
        dest = target.joinpath(*rel.parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(
            source.read_text(encoding="utf-8")
            .replace("__ZWGK_PORTAL_NAME__", name)
            .replace("__ZWGK_SPEC__", requirement),
            encoding="utf-8",
        )
        written.append(rel)
    (target / "schemas").mkdir(exist_ok=True)
    (target / "schemas" / PORTAL_SCHEMA).write_text(schema_documents()[PORTAL_SCHEMA], encoding="utf-8")
    written.append(PurePosixPath("schemas", PORTAL_SCHEMA))
    return written
