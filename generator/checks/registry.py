"""The rule registry: every rule of the checker and the codes it reports.

A rule declares its codes where it is defined (``@file_rule("E501", "W502")``), so one search
for a code finds the rule that reports it, and the runners refuse a diagnostic whose code its
rule did not declare. The codes reported outside the rules (reading a file, its format, and
``zwgk import``) are declared as data by their producers. Together they name exactly one part
of the checker for every code in the code table; the error-code page shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from generator.content.codes import IMPORT_CODES
from generator.content.corpus import Corpus
from generator.content.diagnostics import Diagnostic
from generator.content.load import FORMAT_CODES, READ_CODES, FileResult

FileCheck = Callable[[FileResult], Iterator[Diagnostic]]
CorpusCheck = Callable[[Corpus, dt.date], Iterator[Diagnostic]]
# a pass over every finding, restating some of them (W605: personal data declared as an exception)
ReviewCheck = Callable[[Corpus, list[Diagnostic]], list[Diagnostic]]

# the parts of the checker, as the error-code page names them
READ = "读取文件"
FORMAT = "内容格式"
FILE = "单个文件规则"
CORPUS = "跨文件规则"
IMPORT = "导入"


# codes reported outside the rules: the part → its codes
PRODUCERS: dict[str, tuple[str, ...]] = {READ: READ_CODES, FORMAT: FORMAT_CODES, IMPORT: IMPORT_CODES}

C = TypeVar("C", bound=Callable[..., Any])


@dataclass(frozen=True)
class Rule(Generic[C]):
    """One rule: the function that checks, the codes it may report, and its part of the checker."""

    check: C
    codes: tuple[str, ...]
    part: str

    @property
    def name(self) -> str:
        return str(self.check.__name__)


class UndeclaredCode(AssertionError):
    """A rule reported a code it does not declare: a bug in the rule, never in the content."""


FILE_RULES: list[Rule[FileCheck]] = []
CORPUS_RULES: list[Rule[CorpusCheck]] = []
REVIEW_RULES: list[Rule[ReviewCheck]] = []


def _register(registry: list[Rule[C]], part: str, codes: tuple[str, ...]) -> Callable[[C], C]:
    def decorate(check: C) -> C:
        registry.append(Rule(check, codes, part))
        return check

    return decorate


def file_rule(*codes: str) -> Callable[[FileCheck], FileCheck]:
    """A rule that needs one file only; it runs while the file is loaded, and is cached with it."""
    return _register(FILE_RULES, FILE, codes)


def corpus_rule(*codes: str) -> Callable[[CorpusCheck], CorpusCheck]:
    """A rule across files; it runs on every check, after all files are loaded."""
    return _register(CORPUS_RULES, CORPUS, codes)


def review_rule(*codes: str) -> Callable[[ReviewCheck], ReviewCheck]:
    """A pass over all findings that restates some of them (its codes are the restated ones)."""
    return _register(REVIEW_RULES, CORPUS, codes)


def declared(rule: Rule[Any], found: Iterable[Diagnostic]) -> Iterator[Diagnostic]:
    """The findings of ``rule``, each checked against the codes the rule declares."""
    for d in found:
        if d.code not in rule.codes:
            raise UndeclaredCode(f"rule {rule.name} reported {d.code}, which it does not declare")
        yield d


def all_rules() -> list[Rule[Any]]:
    """Every registered rule, in the order the checker runs them."""
    from generator.checks import (  # noqa: F401  (their rules register on import)
        annual,
        corpus,
        file,
        lifecycle,
        run,
    )

    return [*FILE_RULES, *CORPUS_RULES, *REVIEW_RULES]


def parts() -> dict[str, list[str]]:
    """Each code → every part of the checker that declares it (one, when all is well)."""
    out: dict[str, list[str]] = {}
    for rule in all_rules():
        for code in rule.codes:
            out.setdefault(code, []).append(rule.part)
    for part, codes in PRODUCERS.items():
        for code in codes:
            out.setdefault(code, []).append(part)
    return out
