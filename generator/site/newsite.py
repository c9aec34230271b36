"""``zwgk init``: a new county's site repository, from the template shipped in the package.

The template (``generator/site/site_template/``) is a complete, valid site: content for one office
and one department, the theme override, the mkdocs configuration, GitHub workflows and
pre-commit hooks, and a README for the county. Files whose names begin with a dot are stored
as ``dot-…`` (package data globs skip hidden files) and renamed when written. Placeholders
``__ZWGK_NAME__`` and the like are replaced by the county's names.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

TEMPLATE_DIR = Path(__file__).parent / "site_template"
DOT_PREFIX = "dot-"
DEFAULT_NAME = "示例县人民政府"
PORTAL_SCHEMA = "portal.schema.json"


# the names go into YAML and Markdown as they are: letters (汉字 included), digits and the
# punctuation of official names only, so that no name can break a file
_NAME = re.compile(r"^(?:[^\W_]|[（）()·]){2,60}$")
_GOVERNMENT = ("人民政府", "政府")


class InitError(Exception):
    """The site cannot be created there, or with that name (a usage error)."""


@dataclass(frozen=True)
class Names:
    """What the template's placeholders become."""

    name: str  # 示例县人民政府
    short_name: str  # 示例县
    abbreviation: str  # 示: the first character of a 发文字号 (示政办发〔2026〕1号)
    today: dt.date

    @classmethod
    def of(cls, name: str, short_name: str | None = None, today: dt.date | None = None) -> Names:
        name = name.strip()
        if not _NAME.match(name):
            raise InitError(
                f"政府名称“{name}”不能使用：只能用汉字、字母、数字和（）·，2 到 60 个字，如“示例县人民政府”"
            )
        if short_name is None:
            short_name = next((name[: -len(s)] for s in _GOVERNMENT if name.endswith(s) and name != s), name)
        short_name = short_name.strip()
        if not _NAME.match(short_name):
            raise InitError(
                f"简称“{short_name}”不能使用：只能用汉字、字母、数字和（）·，2 到 60 个字，如“示例县”"
            )
        return cls(name, short_name, short_name[0], today or dt.date.today())

    def substitute(self, text: str) -> str:
        return (
            text.replace("__ZWGK_NAME__", self.name)
            .replace("__ZWGK_SHORT_NAME__", self.short_name)
            .replace("__ZWGK_ABBR__", self.abbreviation)
            .replace("__ZWGK_TODAY__", self.today.isoformat())
        )


def template_files(template_dir: Path = TEMPLATE_DIR) -> list[tuple[PurePosixPath, Path]]:
    """(path in the new repository, template file), in a stable order."""
    out: list[tuple[PurePosixPath, Path]] = []
    for source in sorted(template_dir.rglob("*")):
        rel = source.relative_to(template_dir)
        if not source.is_file() or "__pycache__" in rel.parts:
            continue
        parts = ["." + p[len(DOT_PREFIX) :] if p.startswith(DOT_PREFIX) else p for p in rel.parts]
        out.append((PurePosixPath(*parts), source))
    return out


def check_target(target: Path) -> None:
    """A new repository goes into a new or empty folder only."""
    if target.exists() and not target.is_dir():
        raise InitError(f"“{target}”是一个文件，不是目录：请换一个目录名")
    if target.is_dir() and any(target.iterdir()):
        raise InitError(f"目录“{target}”不是空的：zwgk init 只在新目录或空目录中创建，以免覆盖已有文件")


def create_site(target: Path, names: Names) -> list[PurePosixPath]:
    """Write a new site into ``target`` (absent, or an empty folder). Returns the files written."""
    check_target(target)
    files = template_files()
    if not files:
        raise InitError(f"zwgk 的站点模板缺失（{TEMPLATE_DIR}）：请重新安装 zwgk")
    written: list[PurePosixPath] = []
    for rel, source in files:
        dest = target.joinpath(*rel.parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(names.substitute(source.read_text(encoding="utf-8")), encoding="utf-8")
        written.append(rel)
    # the site's own copy of the schemas: editors complete and check its YAML offline
    from generator.content.schema import schema_documents

    for name, text in schema_documents().items():
        if name == PORTAL_SCHEMA:  # a portal's, not a county's (zwgk init --portal writes it)
            continue
        dest = target / "schemas" / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        written.append(PurePosixPath("schemas", name))
    return written
