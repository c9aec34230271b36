"""Rules of a document's life: in force, repealed, replaced, and embargoed until a moment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.checks import corpus as _core  # noqa: F401  (those rules run first)
from generator.checks.registry import corpus_rule, file_rule
from generator.content import model as m
from generator.content.clock import build_moment, shown
from generator.content.corpus import Corpus
from generator.content.diagnostics import Diagnostic
from generator.content.load import FileResult
from generator.content.variants import canonical_doc_number


@file_rule("E801", "E802", "W803")
def repeal_dates(f: FileResult) -> Iterator[Diagnostic]:
    """失效/废止 needs its date, not before publication; a document in force has neither."""
    p = f.model
    if not isinstance(p, m.Policy):
        return
    if not p.in_force and p.repealed is None:
        yield f.diag(
            "E801",
            ("validity",),
            f"有效性为“{p.validity}”，但没有写废止日期：请填写 repealed: 文件停止执行的日期（YYYY-MM-DD）",
        )
    if p.repealed is not None and p.repealed < p.published:
        yield f.diag(
            "E802",
            ("repealed",),
            f"废止日期 {p.repealed} 早于发布日期 {p.published}：请核对，文件不能在发布之前废止",
        )
    if p.in_force:
        for key in ("repealed", "superseded_by"):
            if getattr(p, key) is not None:
                label = m.Policy.model_fields[key].title
                yield f.diag(
                    "W803",
                    (key,),
                    f"写了{label}，但有效性是“有效”：文件已失效或废止时请把 validity 改为 失效 或 废止，"
                    f"仍然有效时请删除 {key}",
                )


@corpus_rule("E804", "E805")
def replacements(corpus: Corpus, today: dt.date) -> Iterator[Diagnostic]:
    """superseded_by names another policy of the site, one not repealed before this one."""
    for f in corpus.policies:
        p = f.model
        if not isinstance(p, m.Policy) or p.superseded_by is None:
            continue
        target = corpus.resolve_policy(p.superseded_by)
        if target is None:
            if canonical_doc_number(p.superseded_by) in corpus.broken_policy_refs:
                continue  # reported in that file
            yield f.diag(
                "E804",
                ("superseded_by",),
                f"找不到替代文件“{p.superseded_by}”：请写 content/policies 中取代本文件的政策的编号（文件名）"
                "或发文字号",
            )
            continue
        if target is f:
            yield f.diag("E804", ("superseded_by",), "替代文件写的是本文件自己：请写取代本文件的另一份政策")
            continue
        q = target.model
        if not isinstance(q, m.Policy) or q.repealed is None or q.in_force:
            continue
        if p.repealed is not None and q.repealed < p.repealed:
            yield f.diag(
                "E805",
                ("superseded_by",),
                f"替代文件“{q.title}”在 {q.repealed} 已经{q.validity}，早于本文件的废止日期 {p.repealed}："
                "请核对替代文件和废止日期",
            )


@corpus_rule("W806")
def embargoes(corpus: Corpus, today: dt.date) -> Iterator[Diagnostic]:
    """A policy held back until a moment: when it will appear."""
    now = corpus.now or build_moment()
    for f in corpus.policies:
        p = f.model
        if isinstance(p, m.Policy) and p.publish_after is not None and p.embargoed(now):
            yield f.diag(
                "W806",
                ("publish_after",),
                f"定时发布：这份文件在 {shown(p.publish_after)} 之后生成的网站中才会出现，"
                "此前生成的网站没有它的页面、列表、订阅、搜索和下载",
            )
