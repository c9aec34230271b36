"""The national catalogue table's columns, derived from the model.

The catalogue page, the CSV and the Excel table print the same columns: their names are the
model's field titles and their tick marks (公开对象, 公开方式, 公开层级) the values of the
model's Literal types, so a value added to the model is a column everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel

from generator.content import model as m


def _title(field: str) -> str:
    title = m.CatalogueItem.model_fields[field].title
    assert title is not None, field
    return title


def _model_title(model: type[BaseModel]) -> str:
    return str(model.model_config.get("title"))


AUDIENCES: tuple[str, ...] = get_args(m.Audience)
METHODS: tuple[str, ...] = get_args(m.Method)
LEVELS: tuple[str, ...] = m.LEVELS

# the fields whose values are ticked (√) in a column each, in the national template's order
MARK_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("audience", AUDIENCES),
    ("method", METHODS),
    ("levels", LEVELS),
)
MARKS: tuple[tuple[str, str], ...] = tuple((name, v) for name, values in MARK_FIELDS for v in values)
# an item's method_reason (依申请公开理由) is printed in this mark's cell
ON_REQUEST: m.Method = "依申请"
REASON_MARK = ("method", ON_REQUEST)

MARK = "√"  # a ticked mark column, on the page and in the tables
SEPARATOR = "-"  # between a group's name and a column's in the flat (CSV) header

# The national template's columns, flattened (group-column), with the 机构 column first.
COLUMNS: tuple[str, ...] = (
    _model_title(m.Organization),
    "序号",
    *(f"{_model_title(m.CatalogueItem)}{SEPARATOR}{_title(f)}" for f in ("category", "name")),
    *(_title(f) for f in ("content", "basis", "time_limit", "subjects", "channels")),
    *(f"{_title(name)}{SEPARATOR}{v}" for name, v in MARKS),
)


def ticked(item: m.CatalogueItem, field: str, value: str) -> bool:
    """Whether the mark column ``field``/``value`` carries a √ for this item."""
    got: Any = getattr(item, field)
    return value in got if isinstance(got, list) else bool(got == value)


@dataclass(frozen=True)
class Heading:
    """One cell of the table's first header row: a column, or a group over its columns."""

    first: int  # index of its first column
    name: str
    subs: tuple[str, ...] = ()  # the group's columns (the second header row); empty for a column

    @property
    def last(self) -> int:
        return self.first + max(len(self.subs), 1) - 1


def headings(columns: tuple[str, ...] = COLUMNS) -> list[Heading]:
    """The two-row header of the national table: consecutive ``group-column`` names merge."""
    out: list[Heading] = []
    for index, column in enumerate(columns):
        group, sep, sub = column.partition(SEPARATOR)
        if not sep:
            out.append(Heading(index, column))
        elif out and out[-1].subs and out[-1].name == group:
            out[-1] = Heading(out[-1].first, group, (*out[-1].subs, sub))
        else:
            out.append(Heading(index, group, (sub,)))
    return out
