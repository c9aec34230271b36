"""The annual report's arithmetic, its figures from the policy library, and the list of reports.

Pure functions on the model and the corpus: the checker reports what does not add up
(:mod:`generator.checks.annual`), the site prints the tables (with the figures a report left
out counted from the library), and the compliance report lists the reports by
:func:`annual_reports`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import get_args

from pydantic import BaseModel

from generator.content import model as m
from generator.content.corpus import Corpus
from generator.content.load import FileResult
from generator.content.yamlsafe import Path

APPLICANTS = len(m.REQUEST_COLUMNS) - 1  # six columns, then 总计
OUTCOMES = len(m.REVIEW_COLUMNS) - 1  # four results, then 总计
# the groups of 三、本年度办理结果 in order, (一) to (六): a row, or a model of numbered rows
GROUPS = ("granted", "partial", "refused", "unable", "not_processed", "other")
# what table 二's 第二十条第（一）项 counts, by its keys
LIBRARY_KINDS = {"regulations": "规章", "normative_documents": "行政规范性文件"}


def zeros(n: int = APPLICANTS) -> list[int]:
    return [0] * n


def six(row: list[int] | None, n: int = APPLICANTS) -> list[int]:
    """The numbers of a row without its written 总计 (a missing row is zeros)."""
    return list(row[:n]) + zeros(max(0, n - len(row))) if row else zeros(n)


def add(*rows: list[int]) -> list[int]:
    return [sum(col) for col in zip(*rows, strict=True)] if rows else zeros()


def group_model(name: str) -> type[BaseModel] | None:
    """The model of a group of numbered rows of table 三 ((三) … (六)), None for a single row."""
    annotation = m.Requests.model_fields[name].annotation
    for arg in (*get_args(annotation), annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def sub_rows(requests: m.Requests, name: str) -> Iterator[tuple[str, list[int] | None]]:
    """The numbered rows of group ``name``: (key, row), a row left out as None."""
    model = group_model(name)
    assert model is not None
    group = getattr(requests, name)
    for key in model.model_fields:
        yield key, getattr(group, key) if group is not None else None


def group_sum(requests: m.Requests, name: str) -> list[int]:
    """(一) … (六): a row, or the sum of its numbered rows."""
    if group_model(name) is not None:
        return add(*(six(row) for _, row in sub_rows(requests, name)))
    return six(getattr(requests, name))


def outcome_total(requests: m.Requests) -> list[int]:
    """（七）总计 = （一）+（二）+（三）+（四）+（五）+（六）."""
    return add(*(group_sum(requests, g) for g in GROUPS))


def every_row(report: m.AnnualReport) -> Iterator[tuple[Path, list[int], int]]:
    """Every row of tables 三 and 四 as written: its path, numbers and expected length (without 总计)."""
    r = report.request_rows
    for name in m.Requests.model_fields:
        if group_model(name) is not None:
            for key, row in sub_rows(r, name):
                if row is not None:
                    yield ("requests", name, key), row, APPLICANTS
        elif (value := getattr(r, name)) is not None:
            yield ("requests", name), value, APPLICANTS
    for name in m.Reviews.model_fields:
        row = getattr(report.review_rows, name)
        if row is not None:
            yield ("reviews", name), row, OUTCOMES


# --- figures from the policy library ----------------------------------------------------------


def library_figures(corpus: Corpus, org_id: str, year: int, kind: str) -> tuple[int, int, int] | None:
    """本年制发, 本年废止, 现行有效 of ``kind`` led by ``org_id``, as of the end of ``year``;
    None when the library holds no document of that kind from that organization."""
    end = dt.date(year, 12, 31)
    found = False
    issued = repealed = current = 0
    for f in corpus.policies:
        p = f.model
        if not isinstance(p, m.Policy) or p.kind != kind or corpus.resolve_org(p.issuer[0]) != org_id:
            continue
        found = True
        gone = p.repealed if not p.in_force else None
        issued += p.published.year == year
        repealed += gone is not None and gone.year == year
        current += p.published <= end and (gone is None or gone > end)
    return (issued, repealed, current) if found else None


# --- the list of reports ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportEntry:
    """One annual report, as the compliance report lists it."""

    organization: str  # the organization's id (the written value when it is not registered)
    year: int
    published: dt.date
    rel: str

    @property
    def deadline(self) -> dt.date:
        return deadline(self.year)

    @property
    def on_time(self) -> bool:
        return self.published <= self.deadline


def deadline(year: int) -> dt.date:
    """条例 第四十九条: the report on ``year`` is published by 1月31日 of the next year."""
    return dt.date(year + 1, 1, 31)


def annual_reports(corpus: Corpus) -> list[ReportEntry]:
    """Every valid annual report: organization, year, published date, by year then organization."""
    out = []
    for f in corpus.annual_reports:
        r = report_of(f)
        if r is not None:
            out.append(
                ReportEntry(corpus.resolve_org(r.organization) or r.organization, r.year, r.published, f.rel)
            )
    return sorted(out, key=lambda e: (e.year, e.organization))


def report_of(f: FileResult) -> m.AnnualReport | None:
    return f.model if isinstance(f.model, m.AnnualReport) else None
