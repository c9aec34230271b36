"""The rule registry: every code has exactly one producer, and a rule reports only what it declares."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.checks.file import run_file_rules
from generator.checks.registry import (
    CORPUS_RULES,
    FILE_RULES,
    IMPORT_CODES,
    PRODUCERS,
    READ,
    Rule,
    UndeclaredCode,
    all_rules,
    declared,
    parts,
)
from generator.content.codes import CODES
from generator.content.diagnostics import Diagnostic, make
from generator.content.load import FileResult

GENERATOR = Path(__file__).resolve().parents[2] / "generator"
CODE = re.compile(r"^[EW]\d{3}$")


def literals(source: str) -> set[str]:
    return {
        n.value
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)
    }


def test_every_code_has_exactly_one_producer() -> None:
    part_of = parts()
    assert sorted(c for c in part_of if c not in CODES) == []  # nothing declared that is not in the table
    assert {c: p for c, p in part_of.items() if len(p) != 1} == {}
    assert sorted(c for c in CODES if c not in part_of) == []


def test_rules_are_registered_in_order() -> None:
    names = [r.name for r in all_rules()]
    assert names[:4] == ["personal_data", "policy_rules", "catalogue_rules", "organization_rules"]
    assert [r.name for r in CORPUS_RULES] == [
        "references",
        "local_domains",
        "uniqueness",
        "interpretations",
        "staleness",
        "reviewers",
        "replacements",
        "embargoes",
        "against_library",
    ]
    assert names[-1] == "apply_exceptions"


def test_a_rule_reports_only_codes_it_declares() -> None:
    def sloppy(f: FileResult) -> Iterator[Diagnostic]:
        yield make("E501", f.rel, (1, 1), "", "declared")
        yield make("E503", f.rel, (1, 1), "", "not declared")

    rule = Rule(sloppy, ("E501",), READ)
    found = declared(rule, sloppy(FileResult(rel="x.md", kind="policy")))
    assert next(found).code == "E501"
    with pytest.raises(UndeclaredCode, match="sloppy reported E503"):
        next(found)


def test_the_runner_refuses_an_undeclared_code(monkeypatch: pytest.MonkeyPatch) -> None:
    def sloppy(f: FileResult) -> Iterator[Diagnostic]:
        yield make("E505", f.rel, (1, 1), "", "not declared")

    rules = list(FILE_RULES)
    rules[1] = Rule(sloppy, ("E501",), rules[1].part)
    monkeypatch.setattr("generator.checks.file.FILE_RULES", rules)
    with pytest.raises(UndeclaredCode):
        run_file_rules(FileResult(rel="x.md", kind="policy"))


def test_codes_literally_in_a_rule_are_declared_by_it() -> None:
    # the static half of the runner's check: no code written in a rule's body goes undeclared
    for rule in all_rules():
        source = inspect.getsource(rule.check)
        body = source[source.index("def ") :]
        assert literals(body) <= set(rule.codes), rule.name


def test_loader_codes_are_declared_by_the_loader() -> None:
    # every code written in the loading modules is one the loader declares
    loader = set(PRODUCERS["读取文件"]) | set(PRODUCERS["内容格式"])
    for name in ("load.py", "yamlsafe.py", "validation.py", "corpus.py", "variants.py"):
        found = literals((GENERATOR / "content" / name).read_text(encoding="utf-8"))
        assert found <= loader, name


def test_import_codes_are_the_importers() -> None:
    sources = [
        p
        for p in (GENERATOR / "content").rglob("*.py")
        if p.name.startswith("import") or "importer" in p.parts
    ]
    found: set[str] = set()
    for path in sources:
        found |= literals(path.read_text(encoding="utf-8"))
    assert found == set(IMPORT_CODES)
