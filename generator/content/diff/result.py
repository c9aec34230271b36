"""The result of a comparison, as data: what changed, entry by entry and field by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["added", "removed", "changed"]
STATUS_LABEL: dict[str, str] = {"added": "新增", "removed": "删除", "changed": "修改"}
STATUS_ORDER = {"added": 0, "removed": 1, "changed": 2}
EMPTY = "（无）"


class DiffError(Exception):
    """The comparison cannot be made (no git, not a repository, an unknown ref): a usage error."""


# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry: its key, its Chinese label, and the value before and after.

    Values are shown as text: lists joined with 、, dates as YYYY-MM-DD, empty as "".
    """

    key: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class BodyChange:
    """The Markdown body changed: how many lines were added and removed."""

    added: int
    removed: int


@dataclass(frozen=True)
class Change:
    """An entry (a catalogue item, a policy, an organization …) added, removed or changed.

    For an added entry ``fields`` holds every value it has (before is empty); for a removed
    one it is empty; for a changed one it holds the fields that differ.
    """

    status: Status
    key: str  # the entry's id: item id, document id, organization id …
    title: str  # what a person calls it: item name, document title, organization name …
    path: str  # the file, relative to content/ (the working tree's, or the base's when removed)
    fields: tuple[FieldChange, ...] = ()
    body: BodyChange | None = None


@dataclass(frozen=True)
class CatalogueChange:
    """A catalogue (one organization in one domain) added, removed, or with changed items."""

    status: Status
    domain: str  # the domain's Chinese name (or what the file says, when unknown)
    organization: str  # the organization's name (or what the file says, when unknown)
    path: str
    fields: tuple[FieldChange, ...] = ()  # the catalogue's own keys: 目录层级, 更新日期 …
    items: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    """A file that does not load on one side: the diff cannot say what it holds."""

    path: str
    side: Literal["base", "work"]
    message: str


SIDE_LABEL = {"base": "基准版本", "work": "工作区"}


@dataclass
class ContentDiff:
    base: str  # the ref as given
    commit: str  # what it resolved to
    base_has_content: bool = True
    prefix: str = "content"  # the content folder in the repository: paths below are relative to it
    site: list[Change] = field(default_factory=list)
    organizations: list[Change] = field(default_factory=list)
    catalogues: list[CatalogueChange] = field(default_factory=list)
    policies: list[Change] = field(default_factory=list)
    interpretations: list[Change] = field(default_factory=list)
    pages: list[Change] = field(default_factory=list)
    others: list[Change] = field(default_factory=list)  # local domains, holidays, attachments
    unreadable: list[Unreadable] = field(default_factory=list)
    # the names of the organizations whose catalogues, policies or interpretations changed
    # (on either side), in the order of organizations.yml
    departments: list[str] = field(default_factory=list)

    def where(self, path: str) -> str:
        """A path below the content folder as it is in the repository (content/…)."""
        return f"{self.prefix}/{path}" if self.prefix else path

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.site,
                self.organizations,
                self.catalogues,
                self.policies,
                self.interpretations,
                self.pages,
                self.others,
                self.unreadable,
            )
        )
