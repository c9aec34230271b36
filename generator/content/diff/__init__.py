"""What a change to ``content/`` changes: the content at a git ref against the working tree.

Both sides are read the way ``zwgk check`` reads them (the same discovery, the same
:func:`~generator.content.load.load_file`, the same models), so a catalogue moved to another file is
the same catalogue, and a variant that ``fmt`` would normalise is no change. The result is
data (:class:`ContentDiff`); :func:`format_text` and :func:`format_markdown` turn it into a
terminal report or a pull-request summary. Nothing here prints or exits.

The package: :mod:`.result` (the data), :mod:`.sides` (git, and loading each side),
:mod:`.compare` (matching entries and fields, :func:`diff_content`) and :mod:`.report` (text
and Markdown).
"""

from __future__ import annotations

from generator.content.diff.compare import body_change, diff_content, field_changes, show
from generator.content.diff.report import MAX_CELL, MAX_MARKDOWN, format_markdown, format_text, md, summary
from generator.content.diff.result import (
    EMPTY,
    SIDE_LABEL,
    STATUS_LABEL,
    BodyChange,
    CatalogueChange,
    Change,
    ContentDiff,
    DiffError,
    FieldChange,
    Status,
    Unreadable,
)
from generator.content.diff.sides import default_base, repo_root, resolve_ref

__all__ = [
    "EMPTY",
    "MAX_CELL",
    "MAX_MARKDOWN",
    "SIDE_LABEL",
    "STATUS_LABEL",
    "BodyChange",
    "CatalogueChange",
    "Change",
    "ContentDiff",
    "DiffError",
    "FieldChange",
    "Status",
    "Unreadable",
    "body_change",
    "default_base",
    "diff_content",
    "field_changes",
    "format_markdown",
    "format_text",
    "md",
    "repo_root",
    "resolve_ref",
    "show",
    "summary",
]
