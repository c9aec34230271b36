"""A clerk's Excel becomes a published page: zwgk import → zwgk check → zwgk build."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.checks import check
from generator.commands import main
from tests.conftest import TODAY
from tests.unit.test_import import NATIONAL_MERGES, NATIONAL_ROWS, national, write_xlsx

from .conftest import build_site, write_project


def test_excel_to_published_table(content: Path, tmp_path: Path) -> None:
    excel = write_xlsx(tmp_path / "义务教育目录.xlsx", *national(NATIONAL_ROWS, NATIONAL_MERGES))
    target = content / "catalogues/compulsory-education/edu.yml"
    target.unlink()  # the department replaces its catalogue with the imported one
    result = CliRunner().invoke(
        main,
        ["import", str(excel), "--domain", "义务教育", "--organization", "edu", "--out", str(target)],
    )
    assert result.exit_code == 0, result.output
    assert [d.code for d in check(content, today=TODAY).diagnostics] == ["W514"]
    # as the guide says: the clerk adds the date the catalogue was reviewed
    target.write_text(target.read_text(encoding="utf-8") + "updated: 2024-10-08\n", encoding="utf-8")
    assert [d.code for d in check(content, today=TODAY).diagnostics] == []
    project = write_project(tmp_path, content, tmp_path / "cache")
    site = build_site(project.config, project.site, project.cache)
    page = (site / "catalogues/compulsory-education/index.html").read_text(encoding="utf-8")
    for name in ("招生计划", "入学条件", "资助政策"):
        assert name in page
    assert 'id="edu-item-003"' in page  # the row is addressable, as search results link to it
