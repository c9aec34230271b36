"""Rules of the annual report: the national format's arithmetic, its deadline, and table 二
against the policy library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import get_args

from pydantic import BaseModel

from generator.checks import lifecycle as _before  # noqa: F401  (those rules run first)
from generator.checks.registry import corpus_rule, file_rule
from generator.content import annual as a
from generator.content import model as m
from generator.content.corpus import Corpus
from generator.content.diagnostics import Diagnostic
from generator.content.load import FileResult
from generator.content.yamlsafe import Path


def _label(path: Path) -> str:
    """A row's label as the format prints it (the field's title)."""
    owner: type[BaseModel] = m.AnnualReport
    title = ""
    for part in path:
        info = owner.model_fields[str(part)]
        title = str(info.title)
        for inner in (*get_args(info.annotation), info.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                owner = inner
    return title


@file_rule("E811", "E812", "E813", "W815")
def arithmetic(f: FileResult) -> Iterator[Diagnostic]:
    """Every row's length and 总计; 一+二 = 三（七）+四 in every column; the 1月31日 deadline."""
    r = a.report_of(f)
    if r is None:
        return
    for key in a.LIBRARY_KINDS:
        row = getattr(r.active_rows, key)
        if row is not None and len(row) != 3:
            yield f.diag(
                "E811",
                ("active", key),
                f"“{_label(('active', key))}”写了 {len(row)} 个数：应写 3 个数（本年制发件数、本年废止件数、现行有效件数）",
            )
    broken: set[Path] = set()
    for path, row, n in a.every_row(r):
        label = _label(path)
        if len(row) not in (n, n + 1):
            broken.add(path)
            what = "申请人情况各列" if n == a.APPLICANTS else "结果维持、结果纠正、其他结果、尚未审结"
            yield f.diag(
                "E811",
                path,
                f"“{label}”写了 {len(row)} 个数：应写 {n} 个数（{what}），可加第 {n + 1} 个数为总计",
            )
        elif len(row) == n + 1 and row[n] != sum(row[:n]):
            yield f.diag(
                "E812",
                (*path, n),
                f"“{label}”的总计写的是 {row[n]}，前 {n} 项之和是 {sum(row[:n])}：请核对这一行",
            )
    if any(p[0] == "requests" for p in broken):
        return  # the sums below would only repeat the wrong length
    q = r.request_rows
    total = a.outcome_total(q)
    if q.total is not None:
        for i, (given, counted) in enumerate(zip(a.six(q.total), total, strict=True)):
            if given != counted:
                yield f.diag(
                    "E812",
                    ("requests", "total", i),
                    f"第 {i + 1} 列（{m.REQUEST_COLUMNS[i]}）：（七）总计写的是 {given}，"
                    f"（一）至（六）之和是 {counted}：请核对这一列",
                )
    received = a.add(a.six(q.new), a.six(q.carried_in))
    handled = a.add(total, a.six(q.carried_out))
    anchor = "carried_out" if q.carried_out is not None else "new" if q.new is not None else None
    for i, (left, right) in enumerate(zip(received, handled, strict=True)):
        if left != right:
            at: Path = ("requests", anchor, i) if anchor else ("requests",)
            yield f.diag(
                "E813",
                at,
                f"第 {i + 1} 列（{m.REQUEST_COLUMNS[i]}）：一+二 = {left}，三（七）+四 = {right}："
                "本年新收加上年结转应等于办理结果总计加结转下年度，请核对这一列",
            )
    if r.published > a.deadline(r.year):
        yield f.diag(
            "W815",
            ("published",),
            f"{r.year} 年的年报 {r.published} 才发布，晚于 {a.deadline(r.year)}："
            "按《政府信息公开条例》第四十九条，年报应于次年 1月31日 前发布",
        )


@corpus_rule("W814", "E816")
def against_library(corpus: Corpus, today: dt.date) -> Iterator[Diagnostic]:
    """Table 二's 规章 and 行政规范性文件 against the policy library; one report a year each."""
    seen: dict[tuple[str, int], FileResult] = {}
    for f in sorted(corpus.annual_reports, key=lambda f: f.rel):
        r = a.report_of(f)
        org = corpus.resolve_org(r.organization) if r is not None else None
        if r is None or org is None:
            continue
        other = seen.setdefault((org, r.year), f)
        if other is not f:
            yield f.diag(
                "E816",
                ("organization",),
                f"{other.rel} 已经是这个机构 {r.year} 年的年报：请删除或合并重复的文件",
            )
        for key, kind in a.LIBRARY_KINDS.items():
            written = getattr(r.active_rows, key)
            counted = a.library_figures(corpus, org, r.year, kind)
            if written is None or counted is None or len(written) != 3:
                continue
            for i, (w, c) in enumerate(zip(written, counted, strict=True)):
                if w != c:
                    column = m.ACTIVE_TABLES[0][1][i]
                    yield f.diag(
                        "W814",
                        ("active", key, i),
                        f"{kind}的{column}写的是 {w}，政策文件库中本机关的{kind}是 {c} 件："
                        "请核对年报或政策文件（kind、published、repealed），不写这一行时按文件库统计",
                    )
