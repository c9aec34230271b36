"""The annual report's tables in the national layout, as cells with their spans.

One layout drives both the page (the template prints the cells) and the workbook (the same
cells, merged): the labels are the model's field titles, the national format's words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pydantic import BaseModel

from generator.content import annual as a
from generator.content import model as m


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = True  # a label (th), or a figure (td)


@dataclass(frozen=True)
class Table:
    """One table of the report: its caption (the section it belongs to), header rows and body rows."""

    caption: str
    head: list[list[Cell]]
    body: list[list[Cell]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return sum(c.colspan for c in self.head[0])


def _title(model: type[BaseModel], name: str) -> str:
    return str(model.model_fields[name].title)


def _figure(value: float | int | None) -> Cell:
    if value is None:
        return Cell("0", header=False)
    if isinstance(value, float):
        return Cell(f"{value:g}", header=False)
    return Cell(str(value), header=False)


def _figures(values: list[int]) -> list[Cell]:
    return [_figure(v) for v in values]


def active_tables(active: m.ActiveDisclosure, filled: dict[str, tuple[int, int, int]]) -> list[Table]:
    """二: the four tables of 第二十条; ``filled`` the 第（一）项 rows counted from the library."""
    out = []
    for heading, columns, keys in m.ACTIVE_TABLES:
        head = [
            [Cell(heading, colspan=len(columns) + 1)],
            [Cell(m.ACTIVE_ITEM), *(Cell(c) for c in columns)],
        ]
        body = []
        for key in keys:
            value = getattr(active, key)
            if isinstance(value, list) or key in filled:
                row = list(value if value is not None else filled[key])[:3]
                cells = _figures(row + a.zeros(3 - len(row)))
            else:
                cells = [_figure(value)]
            body.append([Cell(_title(m.ActiveDisclosure, key)), *cells])
        out.append(Table(m.REPORT_SECTIONS[1], head, body))
    return out


def request_table(q: m.Requests) -> Table:
    """三: the applications received and how they were handled, 勾稽关系 in its corner."""
    cols = m.REQUEST_COLUMNS
    head = [
        [Cell(m.REQUEST_NOTE, rowspan=3, colspan=3), Cell(m.REQUEST_APPLICANTS, colspan=len(cols))],
        [
            Cell(cols[0], rowspan=2),
            Cell(m.REQUEST_ORGANIZATIONS, colspan=len(cols) - 2),
            Cell(cols[-1], rowspan=2),
        ],
        [Cell(c) for c in cols[1:-1]],
    ]

    def numbers(six: list[int]) -> list[Cell]:
        return _figures([*six, sum(six)])

    def labelled(name: str) -> str:
        return _title(m.Requests, name)

    results: list[list[Cell]] = []
    for name in a.GROUPS:
        group = a.group_model(name)
        if group is not None:
            rows = list(a.sub_rows(q, name))
            for i, (key, row) in enumerate(rows):
                first = [Cell(labelled(name), rowspan=len(rows))] if i == 0 else []
                results.append([*first, Cell(_title(group, key)), *numbers(a.six(row))])
        else:
            results.append([Cell(labelled(name), colspan=2), *numbers(a.six(getattr(q, name)))])
    total = a.six(q.total) if q.total is not None else a.outcome_total(q)
    results.append([Cell(labelled("total"), colspan=2), *numbers(total)])
    results[0].insert(0, Cell(m.REQUEST_RESULTS, rowspan=len(results)))
    body = [
        [Cell(labelled("new"), colspan=3), *numbers(a.six(q.new))],
        [Cell(labelled("carried_in"), colspan=3), *numbers(a.six(q.carried_in))],
        *results,
        [Cell(labelled("carried_out"), colspan=3), *numbers(a.six(q.carried_out))],
    ]
    return Table(m.REPORT_SECTIONS[2], head, body)


def review_table(r: m.Reviews) -> Table:
    """四: 行政复议, then 行政诉讼 (未经复议直接起诉, 复议后起诉), five columns each."""
    cols = m.REVIEW_COLUMNS
    n = len(cols)
    head = [
        [Cell(m.REVIEW_REVIEW, colspan=n), Cell(m.REVIEW_LITIGATION, colspan=2 * n)],
        [
            *(Cell(c, rowspan=2) for c in cols),
            Cell(_title(m.Reviews, "litigation_direct"), colspan=n),
            Cell(_title(m.Reviews, "litigation_after_review"), colspan=n),
        ],
        [Cell(c) for c in cols * 2],
    ]
    row: list[Cell] = []
    for name in m.Reviews.model_fields:
        four = a.six(getattr(r, name), a.OUTCOMES)
        row += _figures([*four, sum(four)])
    return Table(m.REPORT_SECTIONS[3], head, [row])


def tables(report: m.AnnualReport, filled: dict[str, tuple[int, int, int]]) -> list[Table]:
    return [
        *active_tables(report.active_rows, filled),
        request_table(report.request_rows),
        review_table(report.review_rows),
    ]


def labels(table: Table) -> Iterator[str]:
    """Every label of a table, head then body, in reading order."""
    for row in [*table.head, *table.body]:
        for cell in row:
            if cell.header:
                yield cell.text
