"""The checker's entry point: load the content tree and run every rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .corpus import Corpus, load_corpus
from .diagnostics import Diagnostic, sort_diagnostics
from .rules.corpus import run_corpus_rules


@dataclass
class CheckResult:
    corpus: Corpus
    diagnostics: list[Diagnostic]

    @property
    def files(self) -> int:
        return len(self.corpus.files) + len({d.path for d in self.corpus.problems})

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def check(content_dir: Path, *, today: dt.date | None = None, cache_dir: Path | None = None) -> CheckResult:
    """Check a content tree; every problem is collected, nothing is raised or printed."""
    corpus = load_corpus(content_dir, cache_dir)
    found: list[Diagnostic] = list(corpus.problems)
    for f in corpus.files:
        found.extend(f.diagnostics)
    found.extend(run_corpus_rules(corpus, today or dt.date.today()))
    return CheckResult(corpus, sort_diagnostics(found))
