"""Personal data inside attachments is found by file, sheet and cell; exceptions need a reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.checks import check
from generator.content import attachments, workbook
from generator.content.importer import import_catalogue
from generator.site.markdown import render_markdown

from ..conftest import TODAY

ID = "11010519491231002X"  # valid check digit
MOBILE = "13912345678"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def xlsx(rows: list[list[object]], title: str = "低保名单") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>"
        for row in table
    )
    paras = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    document = f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{paras}<w:tbl>{cells}</w:tbl></w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
    return out.getvalue()


def put(content: Path, name: str, raw: bytes) -> None:
    target = content / "attachments" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)


def found(content: Path) -> list[tuple[str, str, int, int, str]]:
    return [(d.code, d.path, d.line, d.column, d.key) for d in check(content, today=TODAY).diagnostics]


def test_xlsx_cell_is_named(content: Path) -> None:
    put(content, "2024/名单.xlsx", xlsx([["姓名", "身份证号", "电话"], ["张某", ID, 13912345678]]))
    assert found(content) == [
        ("E601", "attachments/2024/名单.xlsx", 2, 2, "工作表“低保名单”单元格 B2"),
        ("E602", "attachments/2024/名单.xlsx", 2, 3, "工作表“低保名单”单元格 C2"),
    ]


def test_masked_xlsx_passes(content: Path) -> None:
    put(content, "ok.xlsx", xlsx([["张某", "110105********002X", "139****5678"]]))
    assert found(content) == []


def test_csv_in_gbk(content: Path) -> None:
    put(content, "名单.csv", "姓名,银行卡\n李某,6222020000000000000\n".encode("gbk"))
    assert found(content) == [("E603", "attachments/名单.csv", 2, 2, "第 2 行第 2 列")]


def test_docx_paragraph_and_table(content: Path) -> None:
    put(content, "通知.docx", docx(["联系人电话" + MOBILE], [["姓名", "身份证"], ["王某", ID]]))
    assert found(content) == [
        ("E602", "attachments/通知.docx", 1, 1, "第 1 段"),
        ("E601", "attachments/通知.docx", 2, 2, "表格 1 第 2 行第 2 列"),
    ]


def test_unreadable_and_bombs(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(content, "坏.xlsx", b"not a zip at all")
    monkeypatch.setattr(workbook, "MAX_UNPACKED", 1024 * 1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * (2 * 1024 * 1024))
    put(content, "炸弹.docx", bomb.getvalue())
    result = check(content, today=TODAY)
    messages = {d.path: (d.code, d.message) for d in result.diagnostics}
    assert messages["attachments/坏.xlsx"][0] == "E604"
    assert (
        messages["attachments/炸弹.docx"][0] == "E604" and "压缩炸弹" in messages["attachments/炸弹.docx"][1]
    )


def _refusals(tmp_path: Path, raw: bytes) -> tuple[str | None, str | None]:
    """How ``zwgk import`` and the attachment scan each refuse ``raw`` as an .xlsx (None: read)."""
    path = tmp_path / "名单.xlsx"
    path.write_bytes(raw)
    result = import_catalogue(path, domain="义务教育", organization="edu")
    unreadable = [p.message for p in result.problems if p.code == "E701"]
    try:
        list(attachments.texts(path.name, raw))
    except attachments.Unreadable as exc:
        scanned: str | None = str(exc)
    else:
        scanned = None
    return (unreadable[0] if unreadable else None), scanned


def test_import_and_attachment_scan_share_the_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = io.BytesIO(xlsx([["姓名", "电话"], ["张某", "0000-1234567"]]))
    with zipfile.ZipFile(sheet, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"0" * (3 * 1024 * 1024))  # unpacks to 3 MB
    raw = sheet.getvalue()
    assert _refusals(tmp_path, raw) == (None, None)

    monkeypatch.setattr(workbook, "MAX_UNPACKED", 2 * 1024 * 1024)
    imported, scanned = _refusals(tmp_path, raw)
    assert imported is not None and imported.startswith("文件解压后有 3 MB，疑似压缩炸弹")
    assert scanned == imported

    monkeypatch.setattr(workbook, "MAX_UNPACKED", 4 * 1024 * 1024)
    monkeypatch.setattr(workbook, "MAX_FILE_BYTES", len(raw) - 1)
    imported, scanned = _refusals(tmp_path, raw)
    assert imported is not None and imported.startswith("文件有 ") and "超过上限" in imported
    assert scanned is not None and scanned == imported.replace("文件有", "附件有", 1)

    monkeypatch.setattr(workbook, "MAX_FILE_BYTES", len(raw))
    assert _refusals(tmp_path, raw) == (None, None)


def test_unscannable_kind_asks_for_a_person(content: Path) -> None:
    put(content, "公示.pdf", b"%PDF-1.4 ...")
    assert [(d.code, d.severity) for d in check(content, today=TODAY).diagnostics] == [("W604", "warning")]


def test_declared_exception_for_an_attachment(content: Path) -> None:
    put(content, "惩戒/名单.xlsx", xlsx([["赵某", ID]]))
    (content / "attachments.yml").write_text(
        "- file: 惩戒/名单.xlsx\n  exception: 惩戒公示\n  reason: 依据《社会救助暂行办法》第六十八条公示\n",
        encoding="utf-8",
    )
    result = check(content, today=TODAY)
    (d,) = result.diagnostics
    assert (d.code, d.severity, d.key) == ("W605", "warning", "工作表“低保名单”单元格 B1")
    assert "惩戒公示" in d.message and "第六十八条" in d.message
    assert ID not in d.message


def test_exception_needs_a_reason(content: Path) -> None:
    (content / "attachments.yml").write_text("- file: x.xlsx\n  exception: 惩戒公示\n", encoding="utf-8")
    assert [d.code for d in check(content, today=TODAY).diagnostics] == ["E201"]


def test_declared_exception_in_a_policy_body(content: Path) -> None:
    path = content / "policies/2024/enrolment-plan.md"
    text = path.read_text(encoding="utf-8").replace(
        "disclosure: 主动公开",
        "disclosure: 主动公开\npersonal_data:\n  exception: 强制性信息披露\n  reason: 依法公示",
    )
    path.write_text(text + f"\n失信人员：{ID}\n", encoding="utf-8")
    assert [d.code for d in check(content, today=TODAY).diagnostics] == ["W605"]


def test_attachment_links_work_from_any_page() -> None:
    html = render_markdown("[名单](attachments/2024/名单.xlsx)", "../../")
    assert 'href="../../attachments/2024/%E5%90%8D%E5%8D%95.xlsx"' in html  # 名单, percent-encoded
