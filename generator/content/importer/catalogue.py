"""The import as a whole: file → sheet → header → items → catalogue YAML, and every problem."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content import model as m
from generator.content.importer.cells import CellProblem, Problems
from generator.content.importer.header import LABELS, REQUIRED, SPLIT, Header, find_header, plain_label
from generator.content.importer.items import Context, item_rows, read_item
from generator.content.importer.sheets import Sheet, read_sheets
from generator.content.importer.yamlout import dump_catalogue, ordered_item
from generator.content.variants import LEVEL
from generator.content.workbook import Unreadable


@dataclass
class ImportResult:
    """The catalogue YAML (empty when no row could be read) and every problem found."""

    yaml_text: str
    problems: list[CellProblem]
    items: int = 0
    sheet: str | None = None
    catalogue: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[CellProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[CellProblem]:
        return [p for p in self.problems if p.severity == "warning"]


def _organization_filter(ctx: Context) -> tuple[int | None, str | None]:
    """With a 机构 column listing several organizations: the column, or a reason to stop."""
    col = ctx.header.column_of("org")
    if col is None:
        return None, None
    names = []
    for row in range(ctx.header.last_row + 1, ctx.sheet.nrows + 1):
        name = plain_label(ctx.sheet.get(row, col))
        if name and name not in names:
            names.append(name)
    if len(names) <= 1:
        return None, None
    if any(n in ctx.organization_names for n in names):
        return col, None
    return col, "、".join(names)


def _choose_sheet(
    sheets: Sequence[Sheet], wanted: str | None, problems: Problems
) -> tuple[Sheet, Header] | None:
    if wanted is not None:
        chosen = [s for s in sheets if s.name == wanted]
        if not chosen:
            names = "、".join(f"“{s.name}”" for s in sheets)
            problems.add("E701", f"没有名为“{wanted}”的工作表；这个文件中的工作表：{names}")
            return None
        sheets = chosen
    else:  # hidden sheets often hold old versions: only when asked for by name
        sheets = [s for s in sheets if not s.hidden] or list(sheets)
    found: list[tuple[Sheet, Header]] = []
    for sheet in sheets:
        scratch = Problems(problems.file)
        scratch.sheet = sheet.name
        header = find_header(sheet, scratch)
        if header is not None:
            if not found:
                problems.found.extend(scratch.found)
            found.append((sheet, header))
    if not found:
        problems.sheet = sheets[0].name if len(sheets) == 1 else None
        where = "这个工作表中" if len(sheets) == 1 else "所有工作表中都"
        problems.add(
            "E702",
            f"{where}找不到目录的表头（二级事项、公开内容、公开依据、公开时限……）："
            "请确认这是标准目录表格，表头在前 30 行之内",
        )
        return None
    sheet, header = found[0]
    problems.sheet = sheet.name
    if len(found) > 1:
        others = "、".join(f"“{s.name}”" for s, _h in found[1:])
        problems.add(
            "W702", f"工作表{others}中也有目录表，本次只导入了“{sheet.name}”：需要时用 --sheet 指定后分别导入"
        )
    return found[0]


def import_catalogue(
    path: Path,
    *,
    domain: str,
    organization: str,
    level: str | None = None,
    organization_names: Iterable[str] = (),
    sheet: str | None = None,
) -> ImportResult:
    """Read a catalogue table from ``path`` (.xlsx or .xls) and write it as catalogue YAML.

    ``organization`` is written as given (an id or a name); ``organization_names`` are its other
    names (e.g. the full name for an id), so that 公开主体 and a 机构 column can be matched.
    ``level`` is the catalogue's level (县级 by default; variants are written canonical).
    ``sheet`` picks a worksheet by name (default: the first with a catalogue header).
    """
    path = Path(path)
    problems = Problems(path.name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add("E701", f"无法打开文件：{exc.strerror or type(exc).__name__}")
        return ImportResult("", problems.found)
    try:
        sheets = read_sheets(path.name, raw)
    except Unreadable as exc:
        problems.add("E701", str(exc))
        return ImportResult("", problems.found)
    if not sheets:
        problems.add("E701", "工作簿中没有工作表")
        return ImportResult("", problems.found)
    chosen = _choose_sheet(sheets, sheet, problems)
    if chosen is None:
        return ImportResult("", problems.found)
    ws, header = chosen
    if ws.total_rows > ws.nrows:
        problems.add(
            "E701", f"工作表有 {ws.total_rows} 行，只读取了前 {ws.nrows} 行：请把目录拆成几个文件分别导入"
        )
    names = frozenset(plain_label(n) for n in (organization, *organization_names) if n)
    ctx = Context(ws, header, problems, names)
    missing = [name for name in REQUIRED if not header.has(name)]
    for name in missing:
        extra = f"（或其下的{'、'.join(SPLIT[name])}两栏）" if name in SPLIT else ""
        problems.add(
            "E703",
            f"表头中没有“{LABELS[name]}”列{extra}：导入的事项都会缺少 {name}，请在表格中补上这一列",
            header.first_row,
            1,
        )
    org_col, mismatch = _organization_filter(ctx)
    if mismatch is not None:
        problems.add(
            "E707",
            f"表中有多个机构的事项（{mismatch}），没有一个是“{organization}”：--organization 请写表中“机构”一栏的机构名称",
            header.first_row,
            org_col or 1,
        )
        return ImportResult("", problems.found, sheet=ws.name)
    items: list[tuple[int, dict[str, Any]]] = []
    for row, category in item_rows(ctx, org_col):
        items.append((row, read_item(ctx, row, category)))
    if not items:
        problems.add("E707", "表头下面没有公开事项：请确认选对了文件和工作表", header.last_row, 1)
        return ImportResult("", problems.found, sheet=ws.name)
    width = max(3, len(str(len(items))))
    catalogue: dict[str, Any] = {
        "domain": domain,
        "organization": organization,
        "level": LEVEL.get((level or "县级").strip(), (level or "县级").strip()),
        "items": [
            ordered_item({"id": f"item-{n:0{width}d}", **item})
            for n, (_row, item) in enumerate(items, start=1)
        ],
    }
    first, last = items[0][0], items[-1][0]
    comment = f"由 zwgk import 从“{_comment_text(path.name)}”的工作表“{_comment_text(ws.name)}”导入（第 {first}–{last} 行）"
    found = sorted(
        problems.found, key=lambda p: (p.row, p.column)
    )  # stable: a cell's problems keep their order
    return ImportResult(dump_catalogue(catalogue, comment), found, len(items), ws.name, catalogue)


def _comment_text(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]", " ", text)


# --- the organization registry -------------------------------------------------------------------


def find_organizations(start: Path) -> Path | None:
    """The organizations.yml of the content tree that ``start`` (a directory) is in or beside."""
    for folder in (start, *start.parents):
        for candidate in (folder / "organizations.yml", folder / "content" / "organizations.yml"):
            if candidate.is_file():
                return candidate
    return None


def lookup_organization(registry: Path, organization: str) -> m.Organization | None:
    """The organization with this id or name in ``registry`` (None if absent or unreadable)."""
    from generator.content.load import load_file

    try:
        raw = registry.read_bytes()
    except OSError:
        return None
    model = load_file("organizations.yml", "organizations", raw).model
    if not isinstance(model, m.Organizations):
        return None
    wanted = organization.strip()
    return next((o for o in model.root if wanted in (o.id, o.name)), None)
