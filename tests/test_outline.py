"""kehoach.outline: numbers, references and inherited leads/deadlines of plans/2024.yaml."""

from __future__ import annotations

import pytest

from conftest import PLAN_2024, check_text, mini
from kehoach import outline
from kehoach.validate import check_plan


@pytest.fixture(scope="module")
def plan():
    checked = check_plan(PLAN_2024)
    assert checked.plan is not None
    return checked.plan


def test_sections(plan):
    assert outline.sections(plan) == {"purpose": "I", "activities": "II", "budget": "III",
                                      "organization": "IV"}


def test_sections_without_budget(tmp_path):
    text = mini()
    text = text[: text.index("budget:")] + text[text.index("organization:"):]
    checked = check_text(tmp_path, text)
    assert outline.sections(checked.plan) == {"purpose": "I", "activities": "II",
                                              "organization": "III"}


def test_activity_numbers_and_refs(plan):
    activities = [(n.number, n.ref) for n in outline.walk(plan) if not n.is_item]
    assert activities == [
        ("1.", "II.1"), ("1.1.", "II.1.1"), ("1.2.", "II.1.2"),
        ("2.", "II.2"), ("2.1.", "II.2.1"), ("2.1.1.", "II.2.1.1"), ("2.1.2.", "II.2.1.2"),
    ]


def test_items_numbered_under_point_a(plan):
    items = [n.ref for n in outline.walk(plan) if n.is_item]
    assert items[:4] == ["II.1.2.a-1", "II.1.2.a-2", "II.1.2.a-3", "II.1.2.a-4"]
    assert items[4:8] == [f"II.2.1.1.a-{i}" for i in range(1, 5)]
    assert items[8:] == [f"II.2.1.2.a-{i}" for i in range(1, 4)]
    assert all(n.number == "-" for n in outline.walk(plan) if n.is_item)  # the bullet it prints


def test_paths_and_depths(plan):
    nodes = list(outline.walk(plan))
    assert nodes[0].path == ("activities", 0) and nodes[0].depth == 0
    viet_bai = outline.ids(plan)["viet-bai"]
    assert viet_bai.path == ("activities", 0, "children", 1, "items", 0)
    assert viet_bai.depth == 2
    assert viet_bai.parent.ref == "II.1.2"


def test_inherited_lead_deadline_and_project(plan):
    nodes = {n.ref: n for n in outline.walk(plan)}
    pano = nodes["II.1.2.a-2"]  # no lead or deadline of its own
    assert pano.node.lead is None and pano.lead == "vhxh"
    assert pano.node.deadline is None and pano.deadline.text == "Q4/2024"
    assert pano.deadline_path == ("activities", 0, "children", 1, "deadline")
    assert pano.project == "DA6.TDA2"
    viet_bai = nodes["II.1.2.a-1"]
    assert viet_bai.partners == ("cac-nganh", "dai-truyen-thanh")
    assert pano.partners == ()  # partners are not inherited
    assert nodes["II.1"].deadline is None and nodes["II.1"].lead is None
    assert nodes["II.2.1.1"].project == "DA7.TDA2"


def test_ids_in_document_order(plan):
    assert list(outline.ids(plan)) == [
        "giam-ngheo-thong-tin", "truyen-thong-da-chieu", "viet-bai", "pano-to-roi",
        "cuoc-thi-bao-chi", "trang-thong-tin", "giam-sat-danh-gia", "ra-soat-ho-ngheo",
    ]


def test_vietnamese_letters():
    assert [outline.letter(i) for i in range(6)] == ["a", "b", "c", "d", "đ", "e"]
    assert outline.letter(6) == "g"  # no f, j, w, z in the Vietnamese alphabet
    letters = [outline.letter(i) for i in range(23)]
    assert not {"f", "j", "w", "z"} & set(letters)
    assert letters[-1] == "y"
    assert outline.letter(23) == "aa"
    assert len({outline.letter(i) for i in range(200)}) == 200
