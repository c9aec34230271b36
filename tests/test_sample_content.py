"""The shipped sample county is clean, warnings included, and as rich as promised."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.checks import check
from generator.content import model as m

CONTENT = Path(__file__).parent.parent / "content"


def test_sample_content_is_clean() -> None:
    result = check(CONTENT, today=dt.date(2026, 11, 22))
    assert [d.code for d in result.diagnostics] == []


def test_sample_content_covers_what_it_promises() -> None:
    corpus = check(CONTENT, today=dt.date(2026, 11, 22)).corpus
    slugs = {corpus.domains.resolve(f.model.domain) for f in corpus.catalogues}
    assert len(slugs) == 26
    for f in corpus.catalogues:
        assert len(f.model.items) >= 3, f.rel
    assert any(f.model.level == "乡级" for f in corpus.catalogues)
    items = [i for f in corpus.catalogues for i in f.model.items]
    assert any(i.method == "依申请" and i.method_reason for i in items)
    policies = [f.model for f in corpus.policies]
    assert len(policies) >= 12
    assert len(corpus.interpretations) >= 12
    assert any(len(p.issuer) > 1 for p in policies)
    assert any(p.disclosure == "不予公开" and p.disclosure_reason for p in policies)
    assert any(
        p.disclosure == "主动公开" and not p.needs_interpretation and p.no_interpretation_reason
        for p in policies
    )
    assert all(isinstance(f.model, m.Page) for f in corpus.pages)
