"""``zwgk import``: a catalogue table in Excel (.xlsx or .xls) → a catalogue YAML file.

Departments already have their 标准目录 as a spreadsheet in the national layout (see
``domain-facts.md``): title rows, a header of one or two rows with merged cells, 一级事项 merged
down over its rows, 公开渠道和载体 as a line of ■/□ boxes, √ marks under 公开对象/方式/层级. This
module reads such a table and writes the catalogue in the contract's format, rows in the table's
order, values spelled as the national template spells them (variants such as 特定群众 are
written canonical, see :mod:`generator.content.variants`).

What cannot be read is reported as a :class:`CellProblem`, located by cell the way people find
it in Excel (``目录.xlsx!Sheet1!D7: 错误 E704: …``). A required value that is missing is left out
of the YAML, so that ``zwgk check`` on the result names the same gap. Nothing here prints, exits
or raises on bad input; only ``zwgk import`` (:mod:`generator.commands.importer`) prints.

The package, by concern:

- :mod:`.sheets` reads the workbook (through :mod:`generator.content.workbook`, whose size and
  zip-bomb limits the attachment scan shares);
- :mod:`.header` finds the header rows and what each column holds;
- :mod:`.cells` holds :class:`CellProblem` and the parsing of one cell (lists, channels, marks);
- :mod:`.items` turns rows into items;
- :mod:`.yamlout` writes the catalogue as YAML;
- :mod:`.catalogue` runs the whole import (:func:`import_catalogue`).

Decisions worth knowing:

- a blank, unmerged 一级事项 cell continues the category of the row above (the common "visual
  merge"); every other merged cell (公开依据, 公开时限 … merged down) counts for each of its rows;
- 公开内容 and 公开依据 become lists: line breaks, ；, ①②③, ●, and "1. 2." numbering separate
  the entries; 公开依据 is also split between ``》`` and ``《``. 公开依据 entries stay text;
- 公开主体 is written (as text) only when it differs from the organization or its other names;
- with a 机构 column (as in the tables ``zwgk build`` publishes) only the organization's rows are
  read when the table holds several organizations;
- item ids are ``item-001``, ``item-002`` … in row order; a single 公开内容 entry is written as
  a string, as in the contract's example;
- 公开渠道和载体 is read as ■/□ boxes (also ☑/√), as plain names, or as one √ column per channel
  under a 公开渠道和载体 group; a ticked name outside the 13 national channels goes to
  ``channels_other`` (with a warning W705);
- the sheet read is the first visible one with a catalogue header (``sheet=`` picks another);
  rows of explanation (注：…, text merged across the table) are skipped with a warning, a header
  repeated further down silently; 备注 becomes ``note``, 咨询电话 ``phone``;
- an item with 公开方式 依申请 gets a warning (W703): the template has no column for
  ``method_reason``, which ``zwgk check`` requires.
"""

from __future__ import annotations

from generator.content.importer.catalogue import (
    ImportResult,
    find_organizations,
    import_catalogue,
    lookup_organization,
)
from generator.content.importer.cells import (
    CHANNEL_LOOKUP,
    IMPORT_CODES,
    CellProblem,
    parse_channels,
    split_list,
)
from generator.content.importer.header import LABELS, REQUIRED, SPLIT, Header, find_header
from generator.content.importer.sheets import MAX_COLS, MAX_ROWS, Sheet, clean, read_sheets
from generator.content.importer.yamlout import ITEM_KEY_ORDER, dump_catalogue, scalar
from generator.content.workbook import Unreadable, column_letters

__all__ = [
    "CHANNEL_LOOKUP",
    "IMPORT_CODES",
    "ITEM_KEY_ORDER",
    "LABELS",
    "MAX_COLS",
    "MAX_ROWS",
    "REQUIRED",
    "SPLIT",
    "CellProblem",
    "Header",
    "ImportResult",
    "Sheet",
    "Unreadable",
    "clean",
    "column_letters",
    "dump_catalogue",
    "find_header",
    "find_organizations",
    "import_catalogue",
    "lookup_organization",
    "parse_channels",
    "read_sheets",
    "scalar",
    "split_list",
]
