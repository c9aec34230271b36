"""The JSON exports: data/catalogues.json, data/policies.json (with absolute URLs) and
data/compliance.json (the same object as ``zwgk report --format json``)."""

from __future__ import annotations

import json
from typing import Any

from generator.checks.compliance import as_json
from generator.site.exports.common import domains_with_catalogues, iso, org_ref
from generator.site.sitedata import Basis, CatalogueView, InterpretationView, Item, PolicyView, SiteData
from generator.site.urls import absolute, csv_url, xlsx_url


def _json(obj: Any) -> bytes:
    # one line per top-level entry would be nicer to read, but only the compact form uses the
    # C encoder (about ten times faster on a county's twenty thousand items)
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def catalogues_json(data: SiteData) -> bytes:
    base = data.site.base_url
    domains = [
        {
            "slug": domain.slug,
            "name": domain.name,
            "url": absolute(base, views[0].url),
            "csv": absolute(base, csv_url(domain.slug)),
            "xlsx": absolute(base, xlsx_url(domain.slug)),
            "catalogues": [_catalogue_obj(data, view) for view in views],
        }
        for domain, views in domains_with_catalogues(data)
    ]
    return _json({"site": _site_obj(data), "domains": domains})


def _site_obj(data: SiteData) -> dict[str, Any]:
    return {"name": data.site.name, "url": absolute(data.site.base_url, "")}


def _catalogue_obj(data: SiteData, view: CatalogueView) -> dict[str, Any]:
    base = data.site.base_url
    return {
        "organization": org_ref(view.org),
        "level": view.model.level,
        "updated": iso(view.model.updated),
        "modified": iso(view.modified),
        "source": view.rel,
        "items": [_item_obj(base, view, item) for item in view.items],
    }


def _item_obj(base: str | None, view: CatalogueView, item: Item) -> dict[str, Any]:
    it = item.model
    return {
        "id": it.id,
        "url": absolute(base, f"{view.url}#{item.anchor}"),
        "category": it.category,
        "name": it.name,
        "content": list(it.content),
        "basis": [_basis_obj(base, b) for b in item.basis],
        "time_limit": it.time_limit,
        "subjects": [org_ref(s) for s in item.subjects],
        "channels": list(it.channels),
        "channels_other": list(it.channels_other),
        "audience": it.audience,
        "method": it.method,
        "levels": list(it.levels),
        "phone": item.phone,
        "method_reason": it.method_reason,
        "note": it.note,
    }


def _basis_obj(base: str | None, basis: Basis) -> dict[str, Any]:
    if basis.policy is None:
        return {"text": basis.text}
    p = basis.policy
    return {
        "text": basis.text,
        "policy": {
            "id": p.id,
            "doc_number": p.model.doc_number,
            "title": p.model.title,
            "url": absolute(base, p.url),
        },
    }


def policies_json(data: SiteData) -> bytes:
    base = data.site.base_url
    return _json(
        {
            "site": _site_obj(data),
            "policies": [_policy_obj(base, p) for p in data.policies],
            "interpretations": [_interpretation_obj(base, i) for i in data.interpretations],
        }
    )


def _policy_obj(base: str | None, p: PolicyView) -> dict[str, Any]:
    pm = p.model
    return {
        "id": p.id,
        "url": absolute(base, p.url),
        "title": pm.title,
        "doc_number": pm.doc_number,
        "index_number": pm.index_number,
        "issuers": [org_ref(o) for o in p.issuers],
        "drafter": org_ref(p.drafter),
        "written": pm.written.isoformat(),
        "published": pm.published.isoformat(),
        "modified": iso(p.modified),
        "topic": pm.topic,
        "domains": [{"slug": d.slug, "name": d.name} for d in p.domains],
        "disclosure": pm.disclosure,
        "disclosure_reason": pm.disclosure_reason,
        "validity": pm.validity,
        "kind": pm.kind,
        "repealed": pm.repealed.isoformat() if pm.repealed else None,
        "superseded_by": p.superseded_by.id if p.superseded_by else None,
        "needs_interpretation": pm.needs_interpretation,
        "no_interpretation_reason": pm.no_interpretation_reason,
        "interpretations": [
            {
                "id": i.id,
                "url": absolute(base, i.url),
                "title": i.model.title,
                "published": i.published.isoformat(),
                "form": i.model.form,
            }
            for i in p.interpretations
        ],
    }


def _interpretation_obj(base: str | None, i: InterpretationView) -> dict[str, Any]:
    return {
        "id": i.id,
        "url": absolute(base, i.url),
        "title": i.model.title,
        "published": i.published.isoformat(),
        "form": i.model.form,
        "interpreter": org_ref(i.interpreter),
        "policy": {"id": i.policy.id, "url": absolute(base, i.policy.url), "title": i.policy.model.title},
    }


def compliance_json(data: SiteData) -> bytes:
    assert data.compliance is not None
    return _json(as_json(data.compliance))
