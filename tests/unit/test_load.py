from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.checks import check
from generator.content.load import load_file, split_front_matter

from ..conftest import TODAY, codes


def test_gbk_file_is_located_and_explained() -> None:
    raw = "domain: 义务教育\norganization: 教育局\n".encode("gbk")
    result = load_file("catalogues/x/edu.yml", "catalogue", raw)
    (d,) = result.diagnostics
    assert (d.code, d.line, d.column) == ("E105", 1, 9)
    assert "UTF-8" in d.message and "另存为" in d.message


def test_utf16_is_explained() -> None:
    raw = "domain: 义务教育\n".encode("utf-16")
    (d,) = load_file("catalogues/x/edu.yml", "catalogue", raw).diagnostics
    assert d.code == "E105" and "UTF-16" in d.message


def test_bom_and_crlf_are_fine(content: Path) -> None:
    path = content / "catalogues/compulsory-education/edu.yml"
    text = path.read_text(encoding="utf-8").replace("audience: 全社会", "audience: 全体")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = check(content, today=TODAY)
    (d,) = result.diagnostics
    assert (d.code, d.line, d.column) == ("E203", 16, 15)


@pytest.mark.parametrize("raw", [b"", b"   \n\n", b"# comment only\n"])
def test_empty_files(raw: bytes) -> None:
    (d,) = load_file("site.yml", "site", raw).diagnostics
    assert d.code == "E106"


def test_root_must_be_a_mapping() -> None:
    (d,) = load_file("site.yml", "site", b"- name: x\n").diagnostics
    assert (d.code, d.line) == ("E107", 1)
    (d,) = load_file("organizations.yml", "organizations", b"id: edu\n").diagnostics
    assert d.code == "E107" and "列表" in d.message


def test_front_matter_positions_count_from_the_top_of_the_file() -> None:
    raw = "---\ntitle: x\ninterprets: a\ninterpreter: edu\npublished: 2024-02-30\n---\n正文\n"
    (d,) = load_file("interpretations/2024/x.md", "interpretation", raw.encode()).diagnostics
    assert (d.code, d.line, d.column) == ("E205", 5, 12)


def test_missing_and_unterminated_front_matter() -> None:
    assert codes_of(load_file("policies/2024/x.md", "policy", b"# title\n")) == ["E109"]
    assert codes_of(load_file("policies/2024/x.md", "policy", b"---\ntitle: x\n")) == ["E109"]
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1", "body\n", 4)


def codes_of(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.code for d in result.diagnostics]


def test_oversized_file() -> None:
    raw = b"name: " + b"x" * (10 * 1024 * 1024) + b"\n"
    assert codes_of(load_file("site.yml", "site", raw)) == ["E110"]


def test_three_million_character_line_is_handled() -> None:
    raw = ("name: " + "政" * 3_000_000 + "\n").encode()  # 9 MB, under the 10 MB limit
    result = load_file("site.yml", "site", raw)
    assert codes_of(result) == []
    assert len(result.model.name) == 3_000_000


def test_symlink_out_of_content_is_refused(content: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("domain: 义务教育\n")
    os.symlink(secret, content / "catalogues" / "compulsory-education" / "leak.yml")
    os.symlink(tmp_path, content / "catalogues" / "outside")
    result = check(content, today=TODAY)
    assert [(d.code, d.path) for d in result.diagnostics] == [
        ("E108", "catalogues/compulsory-education/leak.yml"),
        ("E108", "catalogues/outside"),
    ]


def test_symlink_inside_content_is_read(content: Path) -> None:
    os.symlink(content / "pages" / "guide.md", content / "pages" / "guide-copy.md")
    assert codes(check(content, today=TODAY)) == []


def test_misplaced_file(content: Path) -> None:
    (content / "catalogue.yml").write_text("domain: 义务教育\n", encoding="utf-8")
    (content / "notes.txt").write_text("ignored")
    result = check(content, today=TODAY)
    assert [(d.code, d.path) for d in result.diagnostics] == [("E111", "catalogue.yml")]
