"""Finding personal information in published text.

What leaked in real 低保 / 贫困户 lists: full 身份证号 (GB 11643 check digit), mobile numbers
and bank card numbers (Luhn). Masked forms such as ``110105********002X`` and ``138****1234``
are the accepted way to publish and never match: a ``*`` breaks every pattern.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# first two digits of the region code: provinces, plus 71 台湾, 81/82 港澳, 83 (台湾居民居住证)
_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)

# Digits not glued to other digits, letters or a mask. Full-width digits are normalised first.
_ID_RE = re.compile(r"(?<![0-9A-Za-z*])(\d{17}[0-9Xx])(?![0-9A-Za-z*])")
_MOBILE_RE = re.compile(r"(?<![0-9*])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![0-9*])")
_CARD_RE = re.compile(r"(?<![0-9*])(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9*])")
_FULLWIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # E601 ID number, E602 mobile, E603 bank card
    start: int  # offset in the scanned text
    masked: str  # the finding shown masked, so the report itself leaks nothing


def valid_id_number(number: str) -> bool:
    """GB 11643: region, a real birth date, and the check digit."""
    if len(number) != 18 or number[:2] not in _PROVINCES:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= dt.date(2100, 1, 1):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _mask(text: str, keep_start: int, keep_end: int) -> str:
    if len(text) <= keep_start + keep_end:
        return "*" * len(text)
    return text[:keep_start] + "*" * (len(text) - keep_start - keep_end) + text[-keep_end:]


# Every finding holds 11 digits with at most two single separators among them: a text
# without such a run cannot hold one. One C-level search rejects almost every text.
SUSPECT = re.compile(r"\d{3}[- ]?\d{4}[- ]?\d{4}")


def suspect(text: str) -> bool:
    """Whether ``text`` may hold a finding: one cheap search (:func:`scan` says which). The text
    is searched as it is: ``\\d`` takes full-width digits too, so turning them into ASCII first
    (as :func:`scan` does, for the checks and the masks) would find the same."""
    return SUSPECT.search(text) is not None


def scan(text: str) -> Iterator[Finding]:
    """Every ID number, mobile number and bank card number in ``text``."""
    if not suspect(text):
        return
    norm = text.translate(_FULLWIDTH)
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for match in _ID_RE.finditer(norm):
        number = match.group(1)
        if valid_id_number(number):
            taken.append(match.span(1))
            yield Finding("E601", match.start(1), _mask(number, 6, 4))
    for match in _MOBILE_RE.finditer(norm):
        if free(*match.span(1)):
            digits = re.sub(r"\D", "", match.group(1))
            taken.append(match.span(1))
            yield Finding("E602", match.start(1), _mask(digits, 3, 4))
    for match in _CARD_RE.finditer(norm):
        digits = re.sub(r"\D", "", match.group(1))
        if 16 <= len(digits) <= 19 and free(*match.span(1)) and luhn_ok(digits):
            taken.append(match.span(1))
            yield Finding("E603", match.start(1), _mask(digits, 0, 4))


# what a finding is (by its code), and what to do about it
KINDS = {"E601": "身份证号码", "E602": "手机号码", "E603": "银行卡号"}
FOUND = "疑似完整的{kind}（{masked}）"
ADVICE = {
    "E601": "公开前请去标识化，只保留前 6 位和后 4 位，如 110105********002X；确属依法必须公开的，请在发布前由审核人确认",
    "E602": "公开前请去标识化，如 138****1234；咨询电话请写单位座机",
    "E603": "公开前请去标识化，只保留后 4 位",
}


def found_text(code: str, masked: str) -> str:
    """``疑似完整的手机号码（139****5678）``: what was found, without the advice."""
    return FOUND.format(kind=KINDS[code], masked=masked)


def message(found: Finding) -> str:
    """The message of a finding: what was found, then what to do."""
    return f"{found_text(found.code, found.masked)}：{ADVICE[found.code]}"
