"""``zwgk init``: a new county's site repository, from the template shipped in the package.

The template (``generator/site/site_template/``) is a complete, valid site: content for one office
and one department, the theme override, the mkdocs configuration, GitHub workflows and
pre-commit hooks, and a README for the county. Files whose names begin with a dot are stored
as ``dot-…`` (package data globs skip hidden files) and renamed when written. Placeholders
``__ZWGK_NAME__`` and the like are replaced by the county's names, ``__ZWGK_SPEC__`` by the
pip requirement of zwgk the site installs (``zwgk==`` the version running init, unless the
county names another). The site's ``.github/CODEOWNERS`` is computed from its sample content,
as ``zwgk codeowners`` would write it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator import __version__

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


# a requirement naming zwgk (zwgk==0.2.0, zwgk>=0.2,<0.3, zwgk[extra] @ URL), or a URL of zwgk
_SPEC_NAMED = re.compile(r"^zwgk(?:\[[\w,\s-]*\])?\s*(?:[=<>!~]=|[<>]|===|@|;|$)", re.I)
_SPEC_URL = re.compile(r"^(?:https?|file|git\+\w+)://\S*zwgk\S*$", re.I)
SPEC_HELP = (
    "写 pip 能安装的一行，例如 zwgk==0.2.0、"
    '"zwgk @ git+https://example.org/zwgk.git@v0.2.0" 或 zwgk 的 wheel 文件网址'
)


def zwgk_spec(spec: str | None = None) -> str:
    """The requirement a new site installs zwgk with: by default this very version."""
    if spec is None:
        return f"zwgk=={__version__}"
    spec = spec.strip()
    if not spec:
        raise InitError(f"--zwgk-spec 不能为空：{SPEC_HELP}")
    if not spec.isprintable():
        raise InitError(f"--zwgk-spec 只能写一行，不能有换行或控制字符：{SPEC_HELP}")
    if spec.startswith("-"):
        raise InitError(f"--zwgk-spec 不能以“-”开头（那是 pip 的选项，不是要安装的包）：{SPEC_HELP}")
    if not (_SPEC_NAMED.match(spec) or _SPEC_URL.match(spec)):
        raise InitError(f"“{spec}”不是 zwgk 的安装要求：{SPEC_HELP}")
    return spec


@dataclass(frozen=True)
class Names:
    """What the template's placeholders become."""

    name: str  # 示例县人民政府
    short_name: str  # 示例县
    abbreviation: str  # 示: the first character of a 发文字号 (示政办发〔2026〕1号)
    today: dt.date
    spec: str = field(default_factory=zwgk_spec)  # the line of requirements.txt that installs zwgk

    @classmethod
    def of(
        cls,
        name: str,
        short_name: str | None = None,
        today: dt.date | None = None,
        spec: str | None = None,
    ) -> Names:
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
        return cls(name, short_name, short_name[0], today or dt.date.today(), zwgk_spec(spec))

    def substitute(self, text: str) -> str:
        return (
            text.replace("__ZWGK_NAME__", self.name)
            .replace("__ZWGK_SHORT_NAME__", self.short_name)
            .replace("__ZWGK_ABBR__", self.abbreviation)
            .replace("__ZWGK_TODAY__", self.today.isoformat())
            .replace("__ZWGK_SPEC__", self.spec)
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
    written.append(write_codeowners(target))
    return written


CODEOWNERS = PurePosixPath(".github/CODEOWNERS")


def write_codeowners(target: Path) -> PurePosixPath:
    """The new site's CODEOWNERS, from the reviewers of its sample organizations."""
    from generator.content.corpus import load_corpus
    from generator.content.owners import codeowners

    corpus = load_corpus(target / "content")
    dest = target.joinpath(*CODEOWNERS.parts)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(codeowners(corpus, "content"), encoding="utf-8")
    return CODEOWNERS
