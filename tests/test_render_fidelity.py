"""Fidelity: every sentence of the real plan (tests/data/seed-…, typos corrected) appears in the
Markdown rendering of plans/2024.yaml, in the seed's order.

Only what the renderer computes by design is left out, each exclusion listed below with why.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from render_plans import SEED_PLAN

SEED = Path(__file__).parent / "data" / "seed-ke-hoach-2024-xa-an-duong.txt"

# Typos in the seed, corrected in plans/2024.yaml.
TYPOS = {
    "hộ đình": "hộ gia đình",
    "Tiêu dự án": "Tiểu dự án",
    "tiêu dự án": "tiểu dự án",  # the same typo in lower case (2.1.2, first bullet)
    "truyền truyền": "tuyên truyền",
    "chủ chương": "chủ trương",
    "VHXXH": "VHXH",
    "nghèo- Không": "nghèo - Không",  # the campaign name's dash, spaced as the decree writes it
}

# Paragraphs of the seed that the renderer computes instead of copying (after TYPOS).
EXCLUDED = {
    # The number is blank until the văn thư registers it, and printed as `Số:     /KH-UBND`.
    "Số: /KH-UBND",
    # Activity headings come from the programme catalogue, in its one chosen form
    # ("Tiểu dự án 1 thuộc Dự án 6: Giảm nghèo về thông tin"), not as typed.
    "1. Dự án 6: truyền thông và giảm nghèo về thông tin",
    "1.1. Tiểu dự án 1 thuộc dự án 6: Giảm nghèo về thông tin",
    "1.2. Tiểu dự án 2 thuộc dự án 6: Truyền thông về giảm nghèo đa chiều",
    "2. Dự án 7: Nâng cao năng lực và giám sát, đánh giá chương trình",
    "2.1. Tiểu dự án 2: Giám sát đánh giá chương trình.",
    # Deadline sentences are phrased from the deadline ("Thời gian thực hiện: Hoàn thành hết
    # quý IV năm 2024."); the seed words them three different ways.
    "Thời gian thực hiện Hoàn thành hết quý IV năm 2024.",
    "b) Thời gian: Thực hiện đến hết Quý IV/2024.",
    "b) Thời gian thực hiện: Thực hiện đến hết Quý IV/ 2024.",
    # The budget total and lines are computed from the figures and the catalogue
    # ("13.000.000 đồng (Mười ba triệu đồng)", "… với số tiền: 5.000.000 đồng;").
    "- Tổng số tiền: 13 triệu đồng (Mười ba triệu đồng); Trong đó:",
    "+ Dự án 6 : Truyền thông và giảm nghèo về thông tin",
    "Tiểu dự án 1: giảm nghèo về thông tin với số tiền: 5.000.000đ",
    "Tiểu dự án 2: Truyền thông về giảm nghèo đa chiều với số tiền: 2.000.000đ",
    "+ Dự án 7: Nâng cao năng lực và giám sát, đánh giá chương trình",
    "Tiểu dự án 2: giám sát, đánh giá chương trình với số tiền 6.000.000đ.",
    # Unit headings come from the `units` registry ("Công chức Văn hóa - Xã hội").
    "1. Công chức VHXH",
    "3. Công chức tài chính kế toán",
    "4. Các ngành liên quan:",
}

_NUMBERING = re.compile(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+])\s+")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def seed_paragraphs() -> list[str]:
    text = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))
    for typo, fixed in TYPOS.items():
        text = text.replace(typo, fixed)
    # A line break inside a sentence in the seed ("phương tiện thông / tin đại chúng").
    text = text.replace("thông\n\ntin đại chúng", "thông tin đại chúng")
    text = text.replace("*", "")  # the seed's emphasis marks are formatting, not text
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n(?=- )", text)]
    return [p for p in paragraphs if p]


def sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph without its numbering prefix; a new sentence starts upper case."""
    body = _NUMBERING.sub("", paragraph)
    out: list[str] = []
    for piece in _SENTENCE_END.split(body):
        if out and not piece[:1].isupper():
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def rendered_text(md: str) -> str:
    text = re.sub(r"^#+ ", "", md, flags=re.MULTILINE).replace("*", "")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def markdown(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("md") / "2024.md"
    result = CliRunner().invoke(app, ["render", str(SEED_PLAN), "-f", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return rendered_text(out.read_text(encoding="utf-8"))


def test_every_exclusion_is_in_the_seed() -> None:
    # An exclusion that no longer matches would silently hide nothing; keep the list honest.
    assert set(seed_paragraphs()) >= EXCLUDED


def missing_sentences(markdown: str) -> tuple[list[str], int]:
    """Seed sentences not found in order in `markdown`, and how many were found."""
    position, found_count, missing = 0, 0, []
    for paragraph in seed_paragraphs():
        if paragraph in EXCLUDED:
            continue
        for sentence in sentences(paragraph):
            found = markdown.find(sentence, position)
            if found < 0:
                elsewhere = markdown.find(sentence)
                missing.append(f"{sentence!r}" + (" (out of order)" if elsewhere >= 0 else ""))
                continue
            position = found + len(sentence)
            found_count += 1
    return missing, found_count


def test_every_seed_sentence_is_rendered_in_order(markdown: str) -> None:
    missing, found = missing_sentences(markdown)
    assert not missing, "\n".join(missing)
    assert found >= 50  # the seed has 56 sentences outside the exclusions


def test_the_check_notices_a_lost_or_moved_sentence(markdown: str) -> None:
    lost = markdown.replace("Tăng cường thông tin, tuyên truyền phục vụ nhiệm vụ chính trị", "")
    assert len(missing_sentences(lost)[0]) == 1
    goal = "Nâng cao năng lực đội ngũ cán bộ làm công tác giảm nghèo"
    moved = markdown.replace(goal, "") + goal
    assert missing_sentences(moved)[0]
