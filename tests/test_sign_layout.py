"""kehoach.sign.layout: the signer block, number and date lines of a kehoach PDF, found from the
renderer's marks (Word bookmarks → PDF named destinations), never from typed coordinates; any
other PDF refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from typer.testing import CliRunner

from conftest import PLAN_2024
from kehoach.cli import app
from kehoach.diagnostics import KehoachError
from kehoach.sign import layout


def test_the_docx_marks_the_lines_with_bookmarks_and_no_text(tmp_path):
    out = tmp_path / "2024.docx"
    assert CliRunner().invoke(app, ["render", str(PLAN_2024), "-o", str(out)]).exit_code == 0
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    for mark, text in ((layout.NUMBER, "Số: "), (layout.DATE, "An Dương, ngày 29 tháng 3 năm 2024"),
                       (layout.TITLE, "CHỦ TỊCH"), (layout.NAME, "Nguyễn Tuấn Anh")):
        start = xml.index(f'w:name="{mark}"/>')
        marked = xml[start:xml.index("<w:bookmarkEnd", start)]
        assert text in marked, mark
    assert layout.DRAFT not in xml  # only a draft is marked as one


@pytest.mark.parametrize(("line", "expected"), [
    ("Số: 05/KH-UBND", "05/KH-UBND"), ("Số: 123/BC-UBND", "123/BC-UBND"),
    ("Số:     /KH-UBND", None), ("Số: /KH-UBND", None),
])
def test_registration(line, expected):
    assert layout.registration(line) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("An Dương, ngày 29 tháng 3 năm 2024", date(2024, 3, 29)),
    ("Hà Nội, ngày 05 tháng 01 năm 2025", date(2025, 1, 5)),
    ("An Dương, ngày     tháng     năm 2024", None),
    ("An Dương, ngày 31 tháng 2 năm 2024", None),
])
def test_issue_date(line, expected):
    assert layout.issue_date(line) == expected


def test_the_signer_block_of_a_rendered_plan(sign_env):
    found = layout.read_layout(sign_env.plan.read_bytes())
    assert (found.title.text, found.name.text) == ("CHỦ TỊCH", "Nguyễn Tuấn Anh")
    assert found.title.page == found.name.page == len(found.pages) - 1  # the signature ends the plan
    assert found.registration == "05/KH-UBND" and found.issued_on == date(2024, 3, 29)
    assert found.place == "An Dương" and not found.draft
    room = found.room
    assert room.y0 == found.name.box.y1 and room.y1 == found.title.box.y0 and room.height > 50  # ~4 lines


def test_a_plan_not_numbered_yet_and_a_draft(sign_env):
    blank = layout.read_layout(sign_env.unnumbered.read_bytes())
    assert blank.registration is None and blank.number.text == "Số: /KH-UBND"
    assert blank.issued_on is None and blank.year == 2024
    assert blank.date.text == "An Dương, ngày tháng năm 2024"
    gaps = {b.field: b for b in blank.blanks}
    assert set(gaps) == {layout.NUMBER_FIELD, layout.DAY_FIELD, layout.MONTH_FIELD}
    assert not gaps[layout.NUMBER_FIELD].italic and gaps[layout.DAY_FIELD].italic  # the date line is italic
    assert gaps[layout.DAY_FIELD].box.x1 < gaps[layout.MONTH_FIELD].box.x0  # ngày … tháng … năm
    assert layout.read_layout(sign_env.plan.read_bytes()).blanks == ()  # nothing left to fill
    assert layout.read_layout(sign_env.draft.read_bytes()).draft


def test_a_pdf_kehoach_did_not_render_is_refused(sign_env):
    with pytest.raises(KehoachError) as caught:
        layout.read_layout(sign_env.foreign.read_bytes())
    assert "không có dấu vị trí khối chữ ký" in caught.value.message
    assert "kehoach render" in caught.value.hint


def test_encrypted_and_damaged_pdfs_are_refused(sign_env):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(sign_env.plan.read_bytes())))
    writer.encrypt("chu-so-huu", "")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(KehoachError, match="mã hóa"):
        layout.read_layout(locked.getvalue())
    with pytest.raises(KehoachError, match="tệp hỏng"):
        layout.read_layout(sign_env.plan.read_bytes()[:2000])
