from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.background import Background


def _fails(out: Path) -> None:
    (out / "half.txt").write_text("half", encoding="utf-8")
    raise ValueError("磁盘已满")


def _works(out: Path) -> None:
    (out / "data").mkdir()
    (out / "data" / "x.json").write_text("{}", encoding="utf-8")


def test_a_failed_job_reports_its_error_and_writes_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    job = Background("生成下载文件", _fails, tmp_path)
    with pytest.raises(RuntimeError) as caught:
        job.finish(site)
    assert "生成下载文件失败" in str(caught.value) and "ValueError: 磁盘已满" in str(caught.value)
    assert any("Traceback" in note for note in getattr(caught.value, "__notes__", []))
    assert not (site / "half.txt").exists()
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # the core prints nothing, not even from the child


def test_a_job_moves_its_files_into_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    Background("建立搜索索引", _works, tmp_path).finish(site)
    assert (site / "data" / "x.json").read_text(encoding="utf-8") == "{}"
    assert not list(tmp_path.glob(".zwgk-staging-*"))
