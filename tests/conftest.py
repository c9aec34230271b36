from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "sites" / "minimal" / "content"
# the fixture sites are judged as of this day (catalogue staleness)
TODAY = dt.date(2024, 11, 1)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the minimal valid content tree."""
    target = tmp_path / "content"
    shutil.copytree(MINIMAL, target)
    return target


def lines(result) -> list[str]:  # type: ignore[no-untyped-def]
    """Diagnostics as `path:line:col: severity code key: message`, paths relative to content/."""
    from generator.content.diagnostics import format_text

    return [format_text(d, d.path) for d in result.diagnostics]


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.code for d in result.diagnostics]
