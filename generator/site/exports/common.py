"""What the export formats share: the domains that have catalogues, references as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.content.domains import Domain
from generator.site.sitedata import Basis, CatalogueView, Org, SiteData


def domains_with_catalogues(data: SiteData) -> Iterator[tuple[Domain, list[CatalogueView]]]:
    for domain in data.domains:
        views = data.catalogues.get(domain.slug)
        if views:
            yield domain, views


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def basis_label(basis: Basis) -> str:
    """One 公开依据 entry as text: a policy of this site by its title and 发文字号."""
    policy = basis.policy
    if policy is None:
        return basis.text
    title = policy.model.title
    label = title if title.startswith("《") else f"《{title}》"
    return f"{label}（{policy.model.doc_number}）" if policy.model.doc_number else label


def org_ref(value: Org | str) -> dict[str, Any]:
    if isinstance(value, Org):
        return {"id": value.id, "name": value.name}
    return {"id": None, "name": value}  # not in organizations.yml: the text as written
