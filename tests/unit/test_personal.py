from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.personal import SUSPECT, luhn_ok, scan, suspect, valid_id_number


def make_id(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


VALID_ID = make_id("11010519491231002")


def test_valid_id_number() -> None:
    assert VALID_ID == "11010519491231002X"
    assert valid_id_number(VALID_ID)
    assert not valid_id_number(VALID_ID[:-1] + "1")  # wrong check digit
    assert not valid_id_number(make_id("11010519491331002"))  # month 13
    assert not valid_id_number(make_id("99010519491231002"))  # no such province


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f"低保户张某，身份证号{VALID_ID}，住址略", "E601"),
        (f"身份证号：{VALID_ID.lower()}", "E601"),
        ("联系电话13912345678", "E602"),
        ("联系电话 139-1234-5678", "E602"),
        ("电话+86 13912345678", "E602"),
        ("银行卡号6222020000000000000", "E603"),  # 19 digits, passes Luhn
        ("卡号 4111 1111 1111 1111", "E603"),
    ],
)
def test_findings(text: str, code: str) -> None:
    assert [f.code for f in scan(text)] == [code]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号110105********002X",
        "电话138****1234",
        "卡号**** **** **** 1234",
        "咨询电话0000-1234567",
        "索引号000000000/2024-00012",
        "发文字号示政办发〔2024〕12号",
        "银行卡号6222020000000000007",  # fails Luhn
        "编号12345678901234567",  # 17 digits
        "金额 1,234,567,890 元",
        "2024-03-01 至 2024-12-31",
    ],
)
def test_masked_and_harmless_numbers_pass(text: str) -> None:
    assert list(scan(text)) == []


def test_finding_is_masked_and_located() -> None:
    text = f"名单：{VALID_ID}"
    (found,) = scan(text)
    assert found.start == text.index(VALID_ID)
    assert found.masked == "110105********002X"
    assert VALID_ID not in found.masked


def test_fullwidth_digits_are_found() -> None:
    full = "１３９１２３４５６７８"
    assert [f.code for f in scan(f"电话{full}")] == ["E602"]


@given(st.text(alphabet="0123456789０１２３４５６７８９Ｘｘ- 号电话٣", max_size=40))
def test_suspect_needs_no_ascii_digits(text: str) -> None:
    # what suspect() searches untranslated is what scan() would search after translating
    ascii_text = text.translate(str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx"))
    assert suspect(text) == (SUSPECT.search(ascii_text) is not None)


def test_luhn() -> None:
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
