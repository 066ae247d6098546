"""Tests for kehoach.units: a unit found by id or name, whatever the accents and Unicode form."""

from __future__ import annotations

import unicodedata

import pytest

from kehoach.diagnostics import KehoachError
from kehoach.units import fold, match_unit

UNITS = {
    "vhxh": "Công chức Văn hóa - Xã hội",
    "dai-truyen-thanh": "Đài truyền thanh xã",
    "hoa-binh": "Thôn Hoà Bình",  # old-style tone placement, as many documents still write it
    "uy-ban": "Ủy ban Mặt trận Tổ quốc xã",
    "tckt": "Công chức Tài chính - Kế toán",
}


@pytest.mark.parametrize(("a", "b"), [
    ("Hoà Bình", "Hòa Bình"),
    ("Uỷ ban", "Ủy ban"),
    ("Đài truyền thanh", "dai truyen thanh"),
    (unicodedata.normalize("NFD", "Đài truyền thanh xã"), "Đài truyền thanh xã"),
    ("  ĐÀI   truyền-thanh ", "dai truyen thanh"),
])
def test_fold_equates_spellings(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_letters_apart() -> None:
    assert fold("Văn hóa") != fold("Văn hội")
    assert fold("Đài") == "dai"


@pytest.mark.parametrize(("query", "unit"), [
    ("vhxh", "vhxh"),
    ("VHXH", "vhxh"),
    ("dai-truyen-thanh", "dai-truyen-thanh"),
    ("Đài truyền thanh xã", "dai-truyen-thanh"),
    ("dai truyen thanh", "dai-truyen-thanh"),
    ("DAI TRUYEN THANH XA", "dai-truyen-thanh"),
    (unicodedata.normalize("NFD", "Đài truyền thanh"), "dai-truyen-thanh"),
    ("Thôn Hòa Bình", "hoa-binh"),  # new-style hòa finds old-style hoà
    ("hoà bình", "hoa-binh"),
    ("Uỷ ban Mặt trận", "uy-ban"),  # uỷ finds Ủy
    ("van hoa xa hoi", "vhxh"),
    ("tài chính", "tckt"),
])
def test_match_unit(query: str, unit: str) -> None:
    assert match_unit(UNITS, query) == unit


def test_exact_name_beats_substring() -> None:
    units = {"thon-1": "Thôn An", "thon-2": "Thôn An Lạc"}
    assert match_unit(units, "thon an") == "thon-1"
    assert match_unit(units, "an lac") == "thon-2"


def test_ambiguous_lists_candidates() -> None:
    with pytest.raises(KehoachError) as info:
        match_unit(UNITS, "cong chuc")
    assert "vhxh" in info.value.message and "tckt" in info.value.message
    assert "dai-truyen-thanh" not in info.value.message
    assert info.value.exit_code == 2


def test_unknown_lists_every_unit() -> None:
    with pytest.raises(KehoachError) as info:
        match_unit(UNITS, "công an xã")
    assert "công an xã" in info.value.message
    for uid, name in UNITS.items():
        assert f"{uid} ({name})" in info.value.hint


def test_empty_query_is_an_error() -> None:
    with pytest.raises(KehoachError):
        match_unit(UNITS, " - ")
