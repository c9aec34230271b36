"""Opening spreadsheets (.xlsx via openpyxl, .xls via xlrd) from untrusted bytes, safely.

``zwgk import`` reads a department's catalogue table and the check scans every attachment
for personal data; both open files nobody has vetted, so both go through here, with one set
of limits:

- :data:`MAX_FILE_BYTES` (30 MB) on the file itself, whatever its kind;
- :data:`MAX_UNPACKED` (200 MB) on what an Office zip (xlsx, docx) says it unpacks to. That is
  millions of cells of sheet XML, far beyond any catalogue or name list, while a zip bomb
  claims gigabytes; openpyxl holds a whole workbook in memory, so this is the stricter of
  the two limits the importer and the attachment scan used to keep separately.

What cannot be opened raises :class:`Unreadable` with a Chinese message saying what is wrong;
callers add their own advice (re-save and import again; check the attachment).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024


class Unreadable(Exception):
    """The file cannot be read; the message says why, in Chinese."""


class NotAnArchive(Unreadable):
    """An Office file (xlsx, docx) that is not a readable zip archive."""


class Damaged(Unreadable):
    """openpyxl or xlrd refused the file; the library's exception is the ``__cause__``."""


def column_letters(n: int) -> str:
    """A 1-based column number as Excel names it: 1 → A, 27 → AA."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_size(raw: bytes, what: str = "文件") -> None:
    """Refuse a file over :data:`MAX_FILE_BYTES` (``what`` names it in the message)."""
    if len(raw) > MAX_FILE_BYTES:
        raise Unreadable(f"{what}有 {len(raw) / 2**20:.1f} MB，超过上限 {MAX_FILE_BYTES // 2**20} MB")


def zip_members(raw: bytes) -> set[str]:
    """The member names of an Office zip, refusing one that unpacks to over :data:`MAX_UNPACKED`."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise NotAnArchive("文件已损坏（无法解压）") from exc
    if unpacked > MAX_UNPACKED:
        raise Unreadable(f"文件解压后有 {unpacked / 2**20:.0f} MB，疑似压缩炸弹，拒绝读取")
    return names


def open_xlsx(raw: bytes, *, read_only: bool, data_only: bool) -> Any:
    """An openpyxl workbook, after the size and zip-bomb checks. Close it when done."""
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    check_size(raw)
    zip_members(raw)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops
            return openpyxl.load_workbook(io.BytesIO(raw), read_only=read_only, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise Damaged(f"无法读取这个 Excel 文件（{type(exc).__name__}）") from exc


def open_xls(raw: bytes, **options: Any) -> Any:
    """An xlrd workbook (``options`` go to ``xlrd.open_workbook``), after the size check."""
    import xlrd  # type: ignore[import-untyped, unused-ignore]

    check_size(raw)
    log = io.StringIO()  # xlrd writes its warnings to a log file (stdout by default)
    try:
        return xlrd.open_workbook(file_contents=raw, logfile=log, verbosity=0, **options)
    except Exception as exc:
        raise Damaged(f"无法读取这个 Excel 97-2003 文件（{type(exc).__name__}）") from exc
