"""Loading one content file: bytes → text → data with positions → validated model.

Every problem becomes a located :class:`~generator.content.diagnostics.Diagnostic`; nothing here
raises on bad input, prints, or exits.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path as PathLike
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, PydanticUserError, TypeAdapter, ValidationError

from generator.content import model as m
from generator.content.diagnostics import Diagnostic, make
from generator.content.frontmatter import FENCE as FENCE
from generator.content.frontmatter import decoded, front_digest
from generator.content.frontmatter import split_front_matter as split_front_matter
from generator.content.validation import translate_errors
from generator.content.variants import normalise
from generator.content.yamlsafe import Parsed, Path, Pos, parse_yaml, path_str

if TYPE_CHECKING:
    from generator.content.attachments import Piece

MAX_FILE_BYTES = 10 * 1024 * 1024

# The codes reported while loading content (this module, yamlsafe, validation, and discovering
# files in corpus), by the part of the checker the error-code page names; the rules declare
# theirs in generator.checks. A file that cannot be read as content (E1xx, and attachments):
READ_CODES = (
    *("E101", "E102", "E103", "E104", "E105", "E106", "E107", "E108", "E109", "E110", "E111", "E112"),
    *("E604", "W604"),
)
# A key or value that does not fit the format (E2xx; W201 a variant spelling):
FORMAT_CODES = ("E201", "E202", "E203", "E204", "E205", "E206", "E207", "E208", "E210", "W201")

KIND_MODELS: dict[str, type[BaseModel]] = {
    "site": m.Site,
    "organizations": m.Organizations,
    "domains": m.Domains,
    "holidays": m.Holidays,
    "search": m.SearchSettings,
    "catalogue": m.Catalogue,
    "policy": m.Policy,
    "interpretation": m.Interpretation,
    "page": m.Page,
    "attachments": m.AttachmentExceptions,
    "annual-report": m.AnnualReport,
    "portal": m.Portal,  # a portal's portal.yml, never in content/
}
MARKDOWN_KINDS = frozenset({"policy", "interpretation", "page"})
KIND_LABEL = {
    "site": "站点设置",
    "organizations": "机构名录",
    "domains": "本地领域",
    "holidays": "节假日补充",
    "search": "站内搜索设置",
    "catalogue": "标准目录",
    "policy": "政策文件",
    "interpretation": "政策解读",
    "page": "页面",
    "attachments": "附件例外登记",
    "attachment": "附件",
    "annual-report": "政府信息公开工作年度报告",
    "portal": "门户设置",
}
_TOP_FILES = {
    "site.yml": "site",
    "organizations.yml": "organizations",
    "domains.yml": "domains",
    "holidays.yml": "holidays",
    "search.yml": "search",
    "attachments.yml": "attachments",
}
_DIR_KINDS = {
    "catalogues": ("catalogue", (".yml", ".yaml")),
    "policies": ("policy", (".md",)),
    "interpretations": ("interpretation", (".md",)),
    "pages": ("page", (".md",)),
    "annual-reports": ("annual-report", (".yml", ".yaml")),
}


def classify(rel: str) -> str | None:
    """The kind of a content file from its path relative to ``content/``, or None."""
    if rel in _TOP_FILES:
        return _TOP_FILES[rel]
    if rel.startswith("attachments/"):
        return "attachment"
    top, _, rest = rel.partition("/")
    entry = _DIR_KINDS.get(top)
    if entry and rest and rel.endswith(entry[1]):
        return entry[0]
    return None


@dataclass
class CatalogueRefs:
    """A catalogue's references and dates: all the cross-file rules read of it.

    Of a catalogue whose model failed (``partial``), what is right on its own: a value that
    is wrong is None or left out (it is reported in the file, and not again from here).
    """

    domain: str | None
    organization: str | None
    updated: str | None
    subjects: list[tuple[int, int, str]]  # (item, position, organization)
    policies: list[tuple[int, int, str]]  # (item, basis position, policy reference)
    partial: bool = False
    level: str | None = None  # 县级 or 乡级 (the site lists a domain's catalogues by it)
    ids: list[str] = field(default_factory=list)  # each item's id (the site's anchors of its rows)

    @classmethod
    def of(cls, c: m.Catalogue) -> CatalogueRefs:
        return cls(
            domain=c.domain,
            organization=c.organization,
            updated=c.updated.isoformat() if c.updated else None,
            subjects=[(i, j, s) for i, item in enumerate(c.items) for j, s in enumerate(item.subjects or ())],
            policies=[
                (i, j, b.policy)
                for i, item in enumerate(c.items)
                for j, b in enumerate(item.basis)
                if isinstance(b, m.PolicyRef)
            ],
            level=c.level,
            ids=[item.id for item in c.items],
        )

    @classmethod
    def salvage(cls, data: Any, wrong: list[Path]) -> CatalogueRefs | None:
        """What can be read of a catalogue whose model failed, ``wrong`` the paths of its errors."""
        if not isinstance(data, dict):
            return None

        def text(path: Path, value: Any) -> str | None:
            if isinstance(value, str) and value.strip() and _clean(path, wrong):
                return value.strip()
            return None

        refs = cls(
            text(("domain",), data.get("domain")),
            text(("organization",), data.get("organization")),
            salvage(m.Catalogue, {"updated": data.get("updated")}, wrong).get("updated"),
            [],
            [],
            partial=True,
        )
        items = data.get("items")
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if not isinstance(item, dict):
                continue
            subjects = item.get("subjects")
            for j, subject in enumerate([subjects] if isinstance(subjects, str) else subjects or ()):
                if (found := text(("items", i, "subjects", j), subject)) is not None:
                    refs.subjects.append((i, j, found))
            basis = item.get("basis")
            for j, entry in enumerate(basis if isinstance(basis, list) else ()):
                found = (
                    text(("items", i, "basis", j, "policy"), entry.get("policy"))
                    if isinstance(entry, dict)
                    else None
                )
                if found is not None:
                    refs.policies.append((i, j, found))
        return refs


def _clean(path: Path, wrong: list[Path]) -> bool:
    """Whether no error lies at, inside or around the value at ``path``."""
    return not any(w[: len(path)] == path or path[: len(w)] == w for w in wrong)


@cache
def _field_adapter(model_cls: type[BaseModel], name: str) -> TypeAdapter[Any] | None:
    info = model_cls.model_fields[name]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    try:
        return TypeAdapter(annotation, config=ConfigDict(str_strip_whitespace=True))
    except PydanticUserError:  # a field holding a model: not read on its own
        return None


def salvage(model_cls: type[BaseModel], data: Any, wrong: list[Path]) -> dict[str, Any]:
    """Of a file whose model failed, the top-level fields that are right on their own, as
    JSON values (a date as ``YYYY-MM-DD``); ``wrong`` are the paths of the errors."""
    if not isinstance(data, dict):
        return {}
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name not in model_cls.model_fields or value is None or not _clean((name,), wrong):
            continue
        adapter = _field_adapter(model_cls, name)
        if adapter is None:
            continue
        try:
            out[name] = adapter.dump_python(adapter.validate_python(value), mode="json")
        except ValidationError:
            continue
    return out


class Validated:
    """The models validated from the check cache's JSON, kept for the process's next load of
    the same content (the preview's rebuilds): an unchanged file is validated once. Models are
    not changed after they are made; those of files the last load did not use are let go."""

    def __init__(self) -> None:
        self.now: dict[tuple[str, str], Any] = {}
        self.before: dict[tuple[str, str], Any] = {}

    def next_load(self) -> None:
        self.before, self.now = self.now, {}

    def model(self, kind: str, text: str) -> Any:
        key = (kind, text)
        found = self.now.get(key)
        if found is None:
            found = self.before.pop(key, None)
            if found is None:
                found = KIND_MODELS[kind].model_validate_json(text)
            self.now[key] = found
        return found


VALIDATED = Validated()


def model_hash(model_json: str) -> str:
    """The hash of a model's JSON (its file's front matter as the checks read it), "" for none."""
    if not model_json:
        return ""
    return hashlib.blake2b(model_json.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


@dataclass
class FileResult:
    """One loaded file: its model (None when invalid), body, diagnostics, and positions.

    The positions (and the raw data they index) are kept only while the file is being
    loaded; a result read back from the cache has none, and reloads them from ``source``
    the first time a rule needs to point into the file. A clean corpus never pays for that.
    """

    rel: str
    kind: str
    body: str = ""
    body_line: int = 1
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # for a file too broken to validate: the ids it would answer to (e.g. its 发文字号)
    ref_hints: list[str] = field(default_factory=list)
    source: str = ""
    # what the cross-file rules need of a catalogue, so they never build its (big) model
    refs: CatalogueRefs | None = None
    # of a file whose model failed: its top-level fields that are right on their own (see
    # salvage), so that the cross-file rules still judge them
    salvaged: dict[str, Any] = field(default_factory=dict)
    # an attachment's texts that may hold personal data, for the rules (while loading only)
    suspect_texts: list[Piece] = field(default_factory=list, repr=False, compare=False)
    # whether the YAML text holds an ellipsis (…, ⋯ or ...): where it does not, the placeholder
    # rule (E209) need not walk the data (while loading only)
    ellipsis: bool = field(default=True, repr=False, compare=False)
    _parsed: Parsed | None = field(default=None, repr=False, compare=False)
    _model: Any = field(default=None, repr=False, compare=False)
    # a model read back from the cache, validated the first time it is used
    model_json: str = field(default="", repr=False, compare=False)
    # the hash of the file's bytes (set by the corpus): what a built page made of it depends on
    digest: str = field(default="", repr=False, compare=False)
    # of a Markdown file: the hash of its front matter (frontmatter.front_digest; "" unknown)
    front: str = field(default="", repr=False, compare=False)
    # see head (set by the corpus for a file read afresh; else made from model_json when asked)
    _head: str = field(default="", repr=False, compare=False)

    @property
    def model(self) -> Any:
        if self._model is None and self.model_json:
            self._model = VALIDATED.model(self.kind, self.model_json)
        return self._model

    @model.setter
    def model(self, value: Any) -> None:
        self._model = value

    @property
    def validated(self) -> Any:
        """The model where it is made already (read afresh, or used since it was read back from
        the cache), else None: nothing is validated to answer."""
        return self._model

    @property
    def head(self) -> str:
        """The hash of the model's JSON alone, without the body: what a page that shows the file
        but not its body depends on ("" where unknown). Made only when asked (a build's plan),
        not by every check."""
        if not self._head and self.model_json:
            self._head = model_hash(self.model_json)
        return self._head

    @head.setter
    def head(self, value: str) -> None:
        self._head = value

    def model_data(self) -> Any:
        """The valid model as JSON data (dicts and lists), or None. Read back from the cache
        without validating it again, so that figures over many big files stay quick."""
        if self._model is None and self.model_json:
            return json.loads(self.model_json)
        return self.model.model_dump(mode="json") if self.model is not None else None

    @property
    def parsed(self) -> Parsed:
        if self._parsed is None:
            raw = PathLike(self.source).read_bytes() if self.source else b""
            self._parsed = _parse(self.rel, self.kind, raw)[0]
        return self._parsed

    @property
    def data(self) -> Any:
        return self.parsed.data

    @property
    def values(self) -> dict[Path, Pos]:
        return self.parsed.values

    @property
    def keys(self) -> dict[Path, Pos]:
        return self.parsed.keys

    @property
    def doc_id(self) -> str:
        """A policy's or interpretation's id: its file name without ``.md``."""
        name = self.rel.rsplit("/", 1)[-1]
        return name[: -len(".md")] if name.endswith(".md") else name

    def pos(self, path: Path) -> Pos:
        """Where the value at ``path`` starts, or the nearest enclosing value."""
        values = self.values
        while path:
            found = values.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return values.get((), (1, 1))

    def text_pos(self, path: Path, offset: int) -> Pos:
        """Where character ``offset`` of the text value at ``path`` stands in the file."""
        line, col = self.pos(path)
        value = _get(self.data, path)
        if not isinstance(value, str) or path not in self.values:
            return line, col
        style, indent = self.parsed.styles.get(path, ("", 0))
        if style in ("|", ">"):
            before = value[:offset]
            rows = before.count("\n")
            return line + 1 + rows, indent + 1 + offset - (before.rfind("\n") + 1)
        if "\n" in value[:offset]:
            return line, col
        return line, col + offset + (1 if style in ("'", '"') else 0)

    def key_pos(self, path: Path) -> Pos:
        """Where the key of ``path`` is written (falls back to its value)."""
        return self.keys.get(path) or self.pos(path)

    def diag(self, code: str, path: Path, message: str, *, at_key: bool = False) -> Diagnostic:
        if path and isinstance(path[-1], int) and isinstance(_get(self.data, path[:-1]), str):
            path = path[:-1]  # a single text written where a list is accepted
        where = self.key_pos(path) if at_key else self.pos(path)
        return make(code, self.rel, where, path_str(path), message)


def _get(data: Any, path: Path) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def decode(rel: str, raw: bytes) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 (with or without BOM) to text with LF line ends, or a located E105."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, make(
            "E105",
            rel,
            (1, 1),
            "",
            "文件是 UTF-16 编码：请用记事本或 WPS“另存为”，编码选择 UTF-8",
        )
    try:
        text = decoded(raw)
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8-sig", errors="replace")) + 1
        return None, make(
            "E105",
            rel,
            (line, column),
            "",
            "文件不是 UTF-8 编码（这里有无法识别的字节，常见于用 GBK/ANSI 保存的文件）："
            "请用记事本或 WPS“另存为”，编码选择 UTF-8，再提交",
        )
    return text, None


def _parse(rel: str, kind: str, raw: bytes) -> tuple[Parsed, list[Diagnostic], str, int, str, str]:
    """Bytes → data with positions, variants normalised.

    Returns the parse, the problems found on the way, the Markdown body and its first line,
    the YAML text (for reference hints when the file cannot be validated) and the hash of a
    Markdown file's front matter (frontmatter.front_digest; "" for other files).
    """
    empty = Parsed()
    if len(raw) > MAX_FILE_BYTES:
        size = f"{len(raw) / 1024 / 1024:.1f}"
        limit = MAX_FILE_BYTES // 1024 // 1024
        return (
            empty,
            [
                make(
                    "E110",
                    rel,
                    (1, 1),
                    "",
                    f"文件有 {size} MB，超过上限 {limit} MB：请拆分文件，或检查是否误粘贴了大量内容",
                )
            ],
            "",
            1,
            "",
            "",
        )
    text, problem = decode(rel, raw)
    if problem is not None or text is None:
        return empty, [problem] if problem else [], "", 1, "", ""
    if not text.strip():
        message = f"文件是空的：请按{KIND_LABEL[kind]}的模板填写，或删除这个文件"
        return empty, [make("E106", rel, (1, 1), "", message)], "", 1, "", ""
    line_offset, body, body_line, front = 0, "", 1, ""
    if kind in MARKDOWN_KINDS:
        split = split_front_matter(text)
        if split is None:
            opened = text.split("\n", 1)[0].rstrip() == "---"
            message = (
                "YAML 头部没有结束：在元数据之后加一行 ---，再写正文"
                if opened
                else "缺少 YAML 头部：文件第一行写 ---，接着写标题、日期等元数据，再用一行 --- 结束，然后写正文"
            )
            return empty, [make("E109", rel, (1, 1), "", message)], "", 1, text, ""
        front = front_digest(text, split[1])
        text, body, body_line = split
        line_offset = 1
    parsed = parse_yaml(text, line_offset)
    problems = [make(p.code, rel, p.pos, p.key, p.message) for p in parsed.problems]
    if parsed.data is not None:
        for path, variant, canonical in normalise(kind, parsed.data):
            where = parsed.values.get(path, (1, 1))
            problems.append(
                make(
                    "W201",
                    rel,
                    where,
                    path_str(path),
                    f"“{variant}”是变体写法，规范写法是“{canonical}”：请改为“{canonical}”（zwgk fmt 可自动改正）",
                )
            )
    elif parsed.empty and not parsed.problems:
        what = "YAML 头部是空的" if kind in MARKDOWN_KINDS else "文件里只有注释，没有内容"
        message = f"{what}：请按{KIND_LABEL[kind]}的模板填写"
        problems.append(make("E106", rel, (line_offset + 1, 1), "", message))
    return parsed, problems, body, body_line, text, front


def load_file(rel: str, kind: str, raw: bytes, source: str = "") -> FileResult:
    """Load and validate one file of a known kind."""
    if kind == "attachment":
        return load_attachment(rel, raw, source)
    parsed, problems, body, body_line, text, front = _parse(rel, kind, raw)
    result = FileResult(rel=rel, kind=kind, body=body, body_line=body_line, source=source, front=front)
    result._parsed = parsed
    result.diagnostics.extend(problems)
    result.ellipsis = "…" in text or "⋯" in text or "..." in text
    if parsed.data is None:
        result.ref_hints = _ref_hints(text)
        return result
    model_cls = KIND_MODELS[kind]
    try:
        result.model = model_cls.model_validate(parsed.data)
    except ValidationError as exc:
        result.diagnostics.extend(translate_errors(result, model_cls, exc))
        result.ref_hints = _ref_hints(text)
        # where the errors are, in the author's data (without the tags of the basis union)
        wrong: list[Path] = [tuple(p for p in e["loc"] if p not in ("text", "ref")) for e in exc.errors()]
        if kind == "catalogue":
            result.refs = CatalogueRefs.salvage(parsed.data, wrong)
        else:
            result.salvaged = salvage(model_cls, parsed.data, wrong)
    if isinstance(result.model, m.Catalogue):
        result.refs = CatalogueRefs.of(result.model)
    return result


_REF_LINE = re.compile(r"^(doc_number|interprets)[ \t]*:[ \t]*[\"']?([^\"'#\n]+?)[\"']?[ \t]*$", re.M)


def _ref_hints(text: str) -> list[str]:
    """From a file that could not be validated, the reference keys written in it."""
    return [value.strip() for _key, value in _REF_LINE.findall(text)]


def load_attachment(rel: str, raw: bytes, source: str = "") -> FileResult:
    """An attachment: its text, cell by cell, kept where it may hold personal data (no model)."""
    from generator.content.attachments import SCANNED, Unreadable, texts
    from generator.content.personal import suspect

    result = FileResult(rel=rel, kind="attachment", source=source)
    result._parsed = Parsed(data={})
    if not rel.lower().endswith(SCANNED):
        result.diagnostics.append(
            make(
                "W604",
                rel,
                (1, 1),
                "",
                "这种格式无法自动检查个人信息：请人工确认其中没有身份证号、手机号、银行卡号等",
            )
        )
        return result
    try:
        for piece in texts(rel, raw):
            if suspect(piece.text):
                result.suspect_texts.append(piece)
    except Unreadable as exc:
        result.diagnostics.append(make("E604", rel, (1, 1), "", f"{exc}：请检查附件，另存为新文件后再提交"))
    return result
