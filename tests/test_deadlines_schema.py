"""The JSON Schema of `deadline` (kehoach.deadlines.schema) accepts what the parser accepts and
refuses what it refuses, except what a pattern cannot know (calendars, the order of a range)."""

from __future__ import annotations

import pytest
from jsonschema import Draft7Validator

from kehoach.deadlines import parse_deadline
from kehoach.deadlines.schema import deadline_schema
from kehoach.jsonschema import plan_schema

VALIDATOR = Draft7Validator(deadline_schema(""))

ACCEPTED = [
    "2024-12-31", "2024-3-6", "31/12/2024", "6/3/2024", " 31 / 12 / 2024 ",
    "12/2024", "02/2024", "tháng 6/2024", "Tháng 12/2024", "tháng 2 năm 2024", "12-2024", "12.2024",
    "Q4/2024", "q1/2024", "Q2 2024", "quý IV/2024", "Quý I/2024", "quý II năm 2024", "quy 3/2024",
    "quý iv/2024",
    "6 tháng đầu năm 2024", "6 tháng cuối năm 2024", "sáu tháng đầu năm 2024", "H1/2024", "h2/2024",
    "năm 2024", "Năm 2024",
    "ngày 04/11/2025", "vào ngày 04/11/2025", "Vào ngày 04/11/2025", "ngày 2025-11-04",
    "Vào ngày 04 tháng 11 năm 2025",
    "từ tháng 4 đến tháng 12/2024", "từ tháng 4 đến hết tháng 12/2024", "Từ tháng 4/2024 đến tháng 12/2024",
    "01/7/2023 - 31/7/2023", "01/7/2023–31/7/2023", "từ ngày 01/7/2023 đến ngày 31/7/2023",
    "từ ngày 01/7 đến ngày 31/7/2023", "từ tháng 10/2024 đến tháng 3/2025", "từ quý II đến quý IV/2024",
    "từ Q2 đến Q4/2024", "từ năm 2021 đến năm 2025", "từ 2021 đến năm 2025",
    "tháng 4 - tháng 12/2024", "từ 6 tháng đầu năm đến hết 6 tháng cuối năm 2024",
    "định kỳ hằng quý", "Định kỳ hằng quý", "định kỳ hàng quý", "định kỳ 6 tháng", "định kỳ 3 tháng",
    "hằng tháng trước ngày 20", "Hàng tháng trước ngày 5", "hằng năm", "Hằng năm",
    "định kỳ 6 tháng, hằng năm", "định kỳ 6 tháng và hằng năm", "định kỳ hằng quý, 6 tháng, năm",
    "hằng quý, định kỳ 6 tháng", "hằng năm trước ngày 15/12", "hằng quý; hằng năm",
    "thường xuyên", "Thường xuyên", "thường xuyên, liên tục", "thường xuyên và liên tục",
    # issue 24: during a period, a time of day before a date
    "trong quý IV năm 2025", "Trong quý IV/2025", "trong tháng 12/2025", "trong tháng 12 năm 2025",
    "trong năm 2025", "trong 6 tháng đầu năm 2025", "trong ngày 04/11/2025", "Trong Q3/2025",
    "chiều ngày 04/11/2025", "Chiều ngày 04/11/2025", "vào chiều ngày 04/11/2025", "sáng 04/11/2025",
    "buổi sáng ngày 04/11/2025", "14 giờ 00 ngày 04/11/2025", "14 giờ 30 phút, ngày 04/11/2025",
    "8h30 ngày 04/11/2025", "lúc 7 giờ 30 sáng ngày 04/11/2025", "Vào lúc 14 giờ ngày 04 tháng 11 năm 2025",
]
REFUSED = [
    "", "cuối năm", "2024", "Q5/2024", "Q0/2024", "quý V/2024", "13/2024", "0/2024", "H3/2024",
    "tháng 4", "6 tháng đầu năm", "quý", "quý IV", "định kỳ", "hằng", "hằng tuần",
    "hằng tháng trước ngày 32", "hằng tháng trước ngày 0", "hằng quý trước ngày 15/12",
    "hằng quý, 6 tháng", "6 tháng", "thường xuyên liên tục", "Hoàn thành hết quý IV năm 2024",
    "trước ngày 31/12/2024", "ngày 12/2024", "từ tháng 4", "2024-13-01", "32/12/2024",
    "từ tháng 4 đến tháng 12", "ngày 04/11", "Q4/2024 xong",
    "trong 2025", "trong quý IV", "trong tháng 13/2025", "trong tuần", "chiều ngày 12/2025",
    "25 giờ ngày 04/11/2025", "14 giờ 61 ngày 04/11/2025", "chiều", "chiều quý IV/2025",
    "trong thường xuyên",
]
# What a pattern cannot know: the calendar and the order of a range's ends.
ONLY_THE_PARSER_REFUSES = [
    "30/02/2024", "2024-02-30", "31/4/2024", "từ tháng 10 đến tháng 3/2025", "01/8/2023 - 31/7/2023",
    "31/7/2023 - 31/7/2023", "hằng năm trước ngày 31/02",
]


def _parses(text: str) -> bool:
    try:
        parse_deadline(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("text", ACCEPTED)
def test_both_accept(text):
    assert _parses(text), text
    assert VALIDATOR.is_valid(text), text


@pytest.mark.parametrize("text", REFUSED)
def test_both_refuse(text):
    assert not _parses(text), text
    assert not VALIDATOR.is_valid(text), text


@pytest.mark.parametrize("text", ONLY_THE_PARSER_REFUSES)
def test_only_the_parser_knows_calendars_and_order(text):
    assert VALIDATOR.is_valid(text) and not _parses(text)


def test_the_plan_schema_uses_it_for_every_deadline():
    text = str(plan_schema())
    assert text.count("[Đđ]ịnh") >= 2  # an activity's deadline and an item's
    Draft7Validator.check_schema(deadline_schema(""))


def _editor():
    import shutil

    from conftest import ROOT

    server = ROOT / ".ci" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    node = shutil.which("node")
    if node and server.is_file():
        return [node, str(server), "--stdio"]
    found = shutil.which("yaml-language-server")
    return [found, "--stdio"] if found else None


def test_the_editor_agrees(tmp_path):
    """yaml-language-server (the engine of VS Code's YAML extension) on the real schema file."""
    import json

    from conftest import ROOT
    from lsp import Client

    command = _editor()
    if command is None:
        pytest.skip("yaml-language-server is not installed (npm install --prefix .ci yaml-language-server@1)")
    schema = (ROOT / "schema" / "kehoach.schema.json").as_uri()
    plan = (ROOT / "plans" / "examples" / "quangnam-2023-giam-sat.yaml").read_text(encoding="utf-8")
    head = f"# yaml-language-server: $schema={schema}\n"
    body = plan.split("\n", 1)[1].replace("deadline: Q3/2023", "deadline: {value}")
    client = Client(command, ROOT)
    try:
        # One of each kind and a few refusals: the full lists above run against the same patterns.
        sample = ["31/12/2024", "tháng 6/2024", "quý IV/2024", "6 tháng đầu năm 2024", "năm 2024",
                  "vào ngày 04/11/2025", "từ tháng 4 đến tháng 12/2024", "01/7/2023 - 31/7/2023",
                  "định kỳ 6 tháng, hằng năm", "hằng tháng trước ngày 20", "thường xuyên",
                  "13/2024", "quý V/2024", "cuối năm", "hằng quý trước ngày 15/12", "tháng 4"]
        for i, value in enumerate(sample):
            path = tmp_path / f"p{i}.yaml"
            path.write_text(head + body.replace("{value}", json.dumps(value, ensure_ascii=False)),
                            encoding="utf-8")
            found = client.diagnostics(path)
            assert (found == []) == (value in ACCEPTED), (value, found)
            assert value in ACCEPTED or value in REFUSED
    finally:
        client.close()
