"""The invalid-input corpus: one mistake per file, its exact diagnostics beside it.

``tests/fixtures/invalid/<kind>.<field>_<reason>.<ext>`` replaces one file of the minimal
valid site (which file: the ``kind`` prefix, see TARGETS), and ``<same name>.expected`` holds
every diagnostic the check must print, one per line, paths relative to ``content/``.
Set ``ZWGK_REGEN=1`` to rewrite the expected files after a deliberate change (then read the
diff before committing it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.checks import check

from .conftest import FIXTURES, MINIMAL, TODAY, lines

CORPUS = FIXTURES / "invalid"
TARGETS = {
    "site": "site.yml",
    "organizations": "organizations.yml",
    "domains": "domains.yml",
    "holidays": "holidays.yml",
    "catalogue": "catalogues/compulsory-education/edu.yml",
    "policy": "policies/2024/enrolment-plan.md",
    "interpretation": "interpretations/2024/enrolment-plan-qa.md",
    "page": "pages/guide.md",
    "annual-report": "annual-reports/2024/office.yml",
}
CASES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yml", ".md"))


def test_corpus_is_not_empty() -> None:
    assert len(CASES) >= 30
    kinds = {case.name.split(".", 1)[0] for case in CASES}
    assert {"catalogue", "policy", "interpretation", "organizations", "site"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_input(case: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    kind = case.name.split(".", 1)[0]
    target = content / TARGETS[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.read_bytes())
    got = lines(check(content, today=TODAY))
    expected_file = case.with_name(case.name + ".expected")
    if os.environ.get("ZWGK_REGEN") == "1":
        expected_file.write_text("".join(f"{line}\n" for line in got), encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert got == expected
    # one mistake per file: every case must produce at least one diagnostic
    assert got, f"{case.name} produced no diagnostic"
