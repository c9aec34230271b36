"""The threads that write a site's pages: one for each core the process may use, at most eight."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.site import buildstate, fill, sitefiles


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 2), (6, 6), (64, 8)])
def test_a_thread_for_each_core_the_process_may_use(
    cores: int, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 128)  # (the machine's: not what counts)
    assert sitefiles.file_workers() == workers


def test_without_the_affinity_the_machine_s_cores_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert sitefiles.file_workers() == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert sitefiles.file_workers() == 1


def test_the_writer_writes_and_notes_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fill, "file_workers", lambda: 3)
    outputs: dict[str, list[object]] = {}
    writer = fill.Writer(tmp_path, buildstate.Previous(None, buildstate.Manifest()), outputs)
    assert writer.workers == 3
    pages = {f"policies/p-{n}/index.html": f"<p>第 {n} 页</p>".encode() for n in range(50)}
    for path, payload in pages.items():
        writer.write(path, payload, "fp", True)
    writer.close()
    assert {path: (tmp_path / path).read_bytes() for path in pages} == pages
    for path, payload in pages.items():
        st = (tmp_path / path).stat()
        assert outputs[path] == ["fp", len(payload), st.st_mtime_ns, True]
