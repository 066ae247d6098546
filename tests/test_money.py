"""Tests for kehoach.money: figures, parsing and amounts in words (spec: money-and-words)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.money import (
    MoneyError,
    amount_in_words,
    format_money,
    format_money_vnd,
    normalise_words,
    parse_money,
    words_match,
)

# Hand-written readings of 1–99, one decade per line, independent of the code under test.
_DECADES = [
    "một, hai, ba, bốn, năm, sáu, bảy, tám, chín",
    "mười, mười một, mười hai, mười ba, mười bốn, mười lăm, mười sáu, mười bảy, mười tám, "
    "mười chín",
    "hai mươi, hai mươi mốt, hai mươi hai, hai mươi ba, hai mươi tư, hai mươi lăm, hai mươi sáu, "
    "hai mươi bảy, hai mươi tám, hai mươi chín",
    "ba mươi, ba mươi mốt, ba mươi hai, ba mươi ba, ba mươi tư, ba mươi lăm, ba mươi sáu, "
    "ba mươi bảy, ba mươi tám, ba mươi chín",
    "bốn mươi, bốn mươi mốt, bốn mươi hai, bốn mươi ba, bốn mươi tư, bốn mươi lăm, "
    "bốn mươi sáu, bốn mươi bảy, bốn mươi tám, bốn mươi chín",
    "năm mươi, năm mươi mốt, năm mươi hai, năm mươi ba, năm mươi tư, năm mươi lăm, "
    "năm mươi sáu, năm mươi bảy, năm mươi tám, năm mươi chín",
    "sáu mươi, sáu mươi mốt, sáu mươi hai, sáu mươi ba, sáu mươi tư, sáu mươi lăm, "
    "sáu mươi sáu, sáu mươi bảy, sáu mươi tám, sáu mươi chín",
    "bảy mươi, bảy mươi mốt, bảy mươi hai, bảy mươi ba, bảy mươi tư, bảy mươi lăm, "
    "bảy mươi sáu, bảy mươi bảy, bảy mươi tám, bảy mươi chín",
    "tám mươi, tám mươi mốt, tám mươi hai, tám mươi ba, tám mươi tư, tám mươi lăm, "
    "tám mươi sáu, tám mươi bảy, tám mươi tám, tám mươi chín",
    "chín mươi, chín mươi mốt, chín mươi hai, chín mươi ba, chín mươi tư, chín mươi lăm, "
    "chín mươi sáu, chín mươi bảy, chín mươi tám, chín mươi chín",
]
ONE_TO_99 = {
    n: reading.strip()
    for n, reading in enumerate((r for line in _DECADES for r in line.split(",")), start=1)
}


def _sentence(reading: str) -> str:
    return f"{reading[0].upper()}{reading[1:]} đồng"


GOLDEN: list[tuple[int, str]] = [
    (0, "Không đồng"),
    *((n, _sentence(reading)) for n, reading in ONE_TO_99.items()),
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (102, "Một trăm linh hai đồng"),
    (103, "Một trăm linh ba đồng"),
    (104, "Một trăm linh bốn đồng"),
    (105, "Một trăm linh năm đồng"),
    (106, "Một trăm linh sáu đồng"),
    (107, "Một trăm linh bảy đồng"),
    (108, "Một trăm linh tám đồng"),
    (109, "Một trăm linh chín đồng"),
    (110, "Một trăm mười đồng"),
    (111, "Một trăm mười một đồng"),
    (112, "Một trăm mười hai đồng"),
    (113, "Một trăm mười ba đồng"),
    (114, "Một trăm mười bốn đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (124, "Một trăm hai mươi tư đồng"),
    (155, "Một trăm năm mươi lăm đồng"),
    # group boundaries
    (999, "Chín trăm chín mươi chín đồng"),
    (1_000, "Một nghìn đồng"),
    (1_001, "Một nghìn không trăm linh một đồng"),
    (1_010, "Một nghìn không trăm mười đồng"),
    (1_015, "Một nghìn không trăm mười lăm đồng"),
    (9_999, "Chín nghìn chín trăm chín mươi chín đồng"),
    (10_000, "Mười nghìn đồng"),
    (999_999, "Chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng"),
    (1_000_000, "Một triệu đồng"),
    (1_000_001, "Một triệu không trăm linh một đồng"),
    (
        999_999_999,
        "Chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
        "chín trăm chín mươi chín đồng",
    ),
    (1_000_000_000, "Một tỷ đồng"),
    (10**12, "Một nghìn tỷ đồng"),
    (10**15, "Một triệu tỷ đồng"),
    (10**18, "Một tỷ tỷ đồng"),
    # inner zero groups
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
    (1_000_005_000, "Một tỷ không trăm linh năm nghìn đồng"),
    (1_000_000_005, "Một tỷ không trăm linh năm đồng"),
    (2_024_000, "Hai triệu không trăm hai mươi tư nghìn đồng"),
    (1_001_000, "Một triệu không trăm linh một nghìn đồng"),
    (1_010_000, "Một triệu không trăm mười nghìn đồng"),
    (100_000_000_005, "Một trăm tỷ không trăm linh năm đồng"),
    (2_000_500, "Hai triệu năm trăm đồng"),
    (3_000_021, "Ba triệu không trăm hai mươi mốt đồng"),
    # the spec's table, verbatim
    (5_000_000, "Năm triệu đồng"),
    (13_000_000, "Mười ba triệu đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (105_000, "Một trăm linh năm nghìn đồng"),
    (1_001_000, "Một triệu không trăm linh một nghìn đồng"),
    (1_010_000, "Một triệu không trăm mười nghìn đồng"),
    (2_024_000, "Hai triệu không trăm hai mươi tư nghìn đồng"),
    (1_000_005_000, "Một tỷ không trăm linh năm nghìn đồng"),
    # above tỷ: "<high> tỷ <low>", read recursively
    (1_001_000_000_000, "Một nghìn không trăm linh một tỷ đồng"),
    (1_005_000_000_000, "Một nghìn không trăm linh năm tỷ đồng"),
    (10**18 + 5, "Một tỷ tỷ không trăm linh năm đồng"),
    (10**21, "Một nghìn tỷ tỷ đồng"),
    (10**27, "Một tỷ tỷ tỷ đồng"),
    # beyond 2**64
    (
        2**64,
        "Mười tám tỷ bốn trăm bốn mươi sáu triệu bảy trăm bốn mươi tư nghìn không trăm "
        "bảy mươi ba tỷ bảy trăm linh chín triệu năm trăm năm mươi mốt nghìn sáu trăm "
        "mười sáu đồng",
    ),
    (10**20 + 15, "Một trăm tỷ tỷ không trăm mười lăm đồng"),
]


def test_hand_table_is_complete() -> None:
    assert sorted(ONE_TO_99) == list(range(1, 100))
    assert len(GOLDEN) >= 80


@pytest.mark.parametrize(("amount", "words"), GOLDEN, ids=[str(a) for a, _ in GOLDEN])
def test_amount_in_words_golden(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


@pytest.mark.parametrize("n", range(1, 100))
def test_groups_after_the_first_are_read_in_full(n: int) -> None:
    reading = ONE_TO_99[n]
    linh = "linh " if n < 10 else ""
    assert amount_in_words(100 + n) == f"Một trăm {linh}{reading} đồng"
    assert amount_in_words(1_000_000 + n * 1000) == (
        f"Một triệu không trăm {linh}{reading} nghìn đồng"
    )
    assert amount_in_words(n * 10**9 + n) == _sentence(f"{reading} tỷ không trăm {linh}{reading}")


def test_reading_is_nfc() -> None:
    for amount, _ in GOLDEN:
        assert unicodedata.is_normalized("NFC", amount_in_words(amount))


def test_amount_in_words_beyond_str_digit_limit() -> None:
    # 10**5000 has 5001 digits: more than int->str conversion allows by default.
    assert amount_in_words(10**5000) == "Một trăm nghìn" + " tỷ" * 555 + " đồng"


@pytest.mark.parametrize("bad", [-1, -13_000_000, True, False, 5.0, "5000", None, 10**3 * 1.0])
def test_amount_in_words_refuses(bad: object) -> None:
    with pytest.raises(MoneyError) as info:
        amount_in_words(bad)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert unicodedata.is_normalized("NFC", str(info.value))
    assert "Số tiền" in str(info.value)


def _decode(reading: str) -> int:
    """Independent words -> number for canonical readings (for the round-trip property)."""
    digits = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
              "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
    words = reading.removesuffix(" đồng").lower().split()
    high = below = group = 0
    pending: int | None = None
    for word in words:
        if word in digits:
            assert pending is None, reading
            pending = digits[word]
        elif word in ("trăm", "mươi"):
            assert pending is not None, reading
            group += pending * (100 if word == "trăm" else 10)
            pending = None
        elif word == "mười":
            group += 10
        elif word == "linh":
            assert pending is None, reading
        else:
            group += pending or 0
            pending = None
            if word == "tỷ":
                high = (high + below + group) * 10**9
                below = 0
            else:
                below += group * {"nghìn": 10**3, "triệu": 10**6}[word]
            group = 0
    return high + below + group + (pending or 0)


@given(st.integers(min_value=0, max_value=10**40))
def test_reading_round_trips_and_matches_itself(n: int) -> None:
    words = amount_in_words(n)
    assert _decode(words) == n
    assert words_match(words, n)
    assert not words_match(words, n + 1)


def test_decoder_is_not_trivially_true() -> None:
    assert _decode("Một nghìn không trăm linh năm tỷ đồng") == 1_005_000_000_000
    assert _decode("Hai mươi tư nghìn đồng") != 20_400


# ---------------------------------------------------------------------------------------------
# format_money


@pytest.mark.parametrize(
    ("amount", "figure"),
    [
        (0, "0"),
        (5, "5"),
        (999, "999"),
        (1_000, "1.000"),
        (10_000, "10.000"),
        (100_000, "100.000"),
        (1_005_000, "1.005.000"),
        (13_000_000, "13.000.000"),
        (2**64, "18.446.744.073.709.551.616"),
    ],
)
def test_format_money(amount: int, figure: str) -> None:
    assert format_money(amount) == figure
    assert format_money_vnd(amount) == f"{figure} đồng"


def test_format_money_beyond_str_digit_limit() -> None:
    assert format_money(10**5000) == "100" + ".000" * 1666


@pytest.mark.parametrize("bad", [-1, True, 5.0, "5000", None])
def test_format_money_refuses(bad: object) -> None:
    with pytest.raises(MoneyError):
        format_money(bad)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        format_money_vnd(bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# parse_money


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (0, 0),
        (5_000_000, 5_000_000),
        (2**70, 2**70),
        ("0", 0),
        ("5000000", 5_000_000),
        ("5_000_000", 5_000_000),
        ("5.000.000", 5_000_000),
        ("5.000.000 đồng", 5_000_000),
        ("5.000.000đ", 5_000_000),
        ("5.000.000 đ", 5_000_000),
        ("5.000.000 VNĐ", 5_000_000),
        ("5.000.000 vnđ", 5_000_000),
        ("5.000.000 ĐỒNG", 5_000_000),
        ("5.000.000 Đồng", 5_000_000),
        ("  5.000.000   đồng  ", 5_000_000),
        ("5.000.000\u00a0đồng", 5_000_000),
        (unicodedata.normalize("NFD", "5.000.000 đồng"), 5_000_000),
        ("999", 999),
        ("1.000", 1_000),
        ("13.000.000 đồng", 13_000_000),
    ],
)
def test_parse_money_accepts(value: object, amount: int) -> None:
    result = parse_money(value)
    assert result == amount
    assert type(result) is int


@pytest.mark.parametrize("value", [5.0, 13.0])
def test_parse_money_float_explains_yaml(value: float) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(value)
    message = str(info.value)
    assert str(value) in message
    # the explanation itself: YAML turned 5.000 into the real number 5.0
    assert re.search(r"YAML.*5\.000.*5\.0(?![0-9])", message)
    assert "5000" in message
    assert "5_000" in message
    assert '"5.000"' in message
    assert unicodedata.is_normalized("NFC", message)


def test_parse_money_float_suggests_the_likely_amount() -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(13.5)
    assert "13.500" in str(info.value)
    assert "13500" in str(info.value)


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (5.0, "số thực"),
        (0.5, "số thực"),
        ("5.00.000", "nhóm 3"),
        ("50.00", "nhóm 3"),
        ("5.0000", "nhóm 3"),
        (".000", "nhóm 3"),
        ("5_00_000", "nhóm 3"),
        ("0.500", "nhóm 3"),
        ("5,5", "thập phân"),
        ("5,000,000", '"5.000.000"'),
        ("1e6", "1000000"),
        ("1E+06", "1000000"),
        ("-5000", "âm"),
        ("-5.000.000 đồng", "âm"),
        (-5000, "âm"),
        ("", "trống"),
        ("   ", "trống"),
        ("đồng", "thiếu chữ số"),
        ("13 triệu đồng", "13.000.000"),
        ("0500", "số 0"),
        ("5 000 000", "5.000.000"),
        ("năm triệu", "5.000.000"),
        (True, "đúng/sai"),
        (False, "đúng/sai"),
        (None, "Thiếu"),
        ([5000], "kiểu list"),
    ],
)
def test_parse_money_refuses(value: object, hint: str) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(value)
    message = str(info.value)
    assert hint in message
    assert unicodedata.is_normalized("NFC", message)


# ---------------------------------------------------------------------------------------------
# words_match / normalise_words


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Mười ba triệu đồng", 13_000_000),
        ("Một triệu không trăm lẻ năm nghìn đồng", 1_005_000),
        ("Một triệu không trăm linh năm ngàn đồng", 1_005_000),
        ("Hai mươi bốn nghìn đồng", 24_000),
        ("Hai triệu không trăm hai mươi bốn ngàn đồng", 2_024_000),
        ("mười ba triệu đồng chẵn", 13_000_000),
        ("Mười ba triệu chẵn", 13_000_000),
        ("Mười ba triệu", 13_000_000),
        ("MƯỜI BA TRIỆU ĐỒNG", 13_000_000),
        (unicodedata.normalize("NFD", "Hai mươi mốt nghìn đồng"), 21_000),
        ("Mừơi ba triêụ đồng", 13_000_000),  # tone mark on another vowel (hoà/hòa style)
        ("  Mười   ba\ttriệu\u00a0đồng  ", 13_000_000),
        ("(Mười ba triệu đồng chẵn.)", 13_000_000),
        ("*Mười ba triệu đồng*", 13_000_000),
        ("Mười ba triệu đồng.", 13_000_000),
        ("Hai mươi một nghìn đồng", 21_000),
        ("Hai mươi năm nghìn đồng", 25_000),
        ("Mười năm nghìn đồng", 15_000),
        ("Một tỉ không trăm lẻ năm ngàn đồng", 1_000_005_000),
        ("Một nghìn tỉ đồng", 10**12),
        ("Một trăm linh tư đồng", 104),
        ("Mười tư nghìn đồng", 14_000),
        ("Không đồng", 0),
    ],
)
def test_words_match_accepts_variants(text: str, amount: int) -> None:
    assert words_match(text, amount)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Mười hai triệu đồng", 13_000_000),
        ("Mười ba nghìn đồng", 13_000_000),
        ("Một triệu năm nghìn đồng", 1_005_000),  # inner "không trăm" dropped
        ("Một nghìn lẻ mười đồng", 1_010),  # num2words' reading
        ("Hai mươi bốn nghìn đồng", 24_000_000),
        ("Mười mốt đồng", 11),  # mốt only after mươi
        ("Năm triệu đồng", 15_000_000),
        ("Không đồng", 1),
        ("", 0),
        ("đồng", 0),
        ("Mười ba triệu đồng đồng", 13_000_000),
        ("Mười ba triệu đô la", 13_000_000),
    ],
)
def test_words_match_rejects_mismatches(text: str, amount: int) -> None:
    assert not words_match(text, amount)


def test_normalise_words_folds_to_the_canonical_reading() -> None:
    assert normalise_words("Một triệu không trăm lẻ năm ngàn đồng chẵn.") == (
        "một triệu không trăm linh năm nghìn"
    )
    assert normalise_words("Hai mươi bốn tỉ") == "hai mươi tư tỷ"
    assert normalise_words(amount_in_words(2_024_000)) == (
        "hai triệu không trăm hai mươi tư nghìn"
    )


def test_words_match_refuses_bad_input() -> None:
    with pytest.raises(MoneyError):
        words_match("Không đồng", -1)
    with pytest.raises(MoneyError):
        words_match(13_000_000, 13_000_000)  # type: ignore[arg-type]
