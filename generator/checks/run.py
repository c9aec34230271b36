"""The checker's entry point: load the content tree and run every rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.checks import annual, lifecycle  # noqa: F401  (their rules register on import)
from generator.checks.corpus import run_corpus_rules
from generator.checks.file import run_file_rules
from generator.checks.registry import REVIEW_RULES, declared, review_rule
from generator.content import model as m
from generator.content.clock import build_moment, start_of
from generator.content.codes import NOTICES
from generator.content.collector import few_collections
from generator.content.corpus import Corpus, load_corpus
from generator.content.diagnostics import Diagnostic, make, sort_diagnostics
from generator.content.personal import KINDS, found_text


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
        """The warnings that are problems (a notice such as an embargo's moment is not one)."""
        return [d for d in self.diagnostics if d.severity == "warning" and d.code not in NOTICES]

    @property
    def notices(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.code in NOTICES]


def check(
    content_dir: Path,
    *,
    today: dt.date | None = None,
    cache_dir: Path | None = None,
    now: dt.datetime | None = None,
    save_later: bool = False,
) -> CheckResult:
    """Check a content tree; every problem is collected, nothing is raised or printed.

    ``now`` is the moment embargoes are judged at (and the site built for): by default the
    start of ``today`` when given, else the build moment (which honours SOURCE_DATE_EPOCH).
    ``save_later``: the check cache is written on a thread while the check goes on (a build's
    own check; see generator.content.corpus.wait_saved).
    """
    with few_collections():
        corpus = load_corpus(content_dir, cache_dir, run_file_rules, save_later=save_later)
        corpus.now = now or (start_of(today) if today else build_moment())
        found: list[Diagnostic] = list(corpus.problems)
        for f in corpus.files:
            found.extend(f.diagnostics)
        found.extend(run_corpus_rules(corpus, today or (now.date() if now else dt.date.today())))
        return CheckResult(corpus, sort_diagnostics(run_review_rules(corpus, found)))


def run_review_rules(corpus: Corpus, found: list[Diagnostic]) -> list[Diagnostic]:
    """Every pass over all findings; what a pass adds must carry a code it declares."""
    for rule in REVIEW_RULES:
        before = set(found)
        found = rule.check(corpus, found)
        for _ in declared(rule, (d for d in found if d not in before)):
            pass
    return found


# W605 restates a personal-data finding (E601-E603) with the exception its file declares: a
# text's finding by what was found (kind and masked number), an attachment's by its cell
W605 = "{found}（已声明为{exception}，理由：{reason}）"


@review_rule("W605")
def apply_exceptions(corpus: Corpus, found: list[Diagnostic]) -> list[Diagnostic]:
    """Personal data a file declares as a legal exception (惩戒公示, 强制性信息披露) is a W605
    warning naming the declared reason, for the reviewer; everywhere else it stays an error."""
    exceptions: dict[str, m.PersonalDataException] = {}
    for f in corpus.files:
        if f.kind not in ("policy", "interpretation", "page", "attachments"):
            continue  # (a catalogue's model is big, and built only when needed)
        exception = getattr(f.model, "personal_data", None)
        if isinstance(exception, m.PersonalDataException):
            exceptions[f.rel] = exception
        if isinstance(f.model, m.AttachmentExceptions):
            for entry in f.model.root:
                exceptions[f"attachments/{entry.file.strip().lstrip('/')}"] = entry
    if not exceptions:
        return found
    out: list[Diagnostic] = []
    for d in found:
        exception = exceptions.get(d.path)
        if d.code in KINDS and exception is not None:
            what = d.key if isinstance(exception, m.AttachmentException) else found_text(d.code, d.value)
            message = W605.format(found=what, exception=exception.exception, reason=exception.reason)
            d = make("W605", d.path, (d.line, d.column), d.key, message, d.value)
        out.append(d)
    return out
