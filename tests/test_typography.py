"""The page a clerk signs without opening Word (issue 25): lines broken only between phrases, a
figure kept with its unit, headings kept with their text — checked where a reader sees them, in
the PDF LibreOffice makes of every plan and report in plans/ (pdftotext), and in the .docx XML.

The PDF tests need LibreOffice and poppler-utils (`.ci/run` installs both); without them they are
skipped with the reason in pytest's summary (-ra)."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.metrics import AGENCY_SIZE_PT, HEADER_LEFT, TITLE_SIZE_PT, TITLE_WIDTH_PT, text_width_pt
from kehoach.phrases import NBSP, break_lines, tie
from kehoach.render import pdflayout
from kehoach.render.pdf import find_soffice, font_family, font_notes
from kehoach.render.views import build_view
from kehoach.validate import check_plan
from pdfpages import MARGIN_BOTTOM, POPPLER, joined, layout_text, pages, paragraphs
from render_plans import ROOT, write_plan

PLANS = sorted(p for p in [ROOT / "plans" / "2024.yaml", *(ROOT / "plans" / "examples").glob("*.yaml")]
               if not p.name.endswith((".progress.yaml", ".report.yaml")))
REPORTED = [p for p in PLANS if p.with_name(p.stem + ".report.yaml").exists()]
COLUMN = HEADER_LEFT / 20
# Phrases the issue saw broken across lines in header lines and trích yếu.
PHRASES = ("Mục tiêu", "bền vững", "xã An Dương", "Ủy ban nhân dân", "Nguyễn Trung Trực",
           "Thừa Thiên Huế", "giảm nghèo", "Chương trình", "quốc gia")


def split_phrases(lines: tuple[str, ...] | list[str]) -> list[str]:
    """The listed phrases that straddle two consecutive lines (case aside)."""
    found = []
    for a, b in pairwise(lines):
        end, start = f" {a.casefold()}", f"{b.casefold()} "
        for phrase in PHRASES:
            words = phrase.casefold().split()
            for cut in range(1, len(words)):
                head, tail = " ".join(words[:cut]), " ".join(words[cut:])
                if end.endswith(" " + head) and start.startswith(tail + " "):
                    found.append(f"{phrase}: {a!r} / {b!r}")
    return found


# ---------------------------------------------------------------------------------------------
# Lines broken between phrases (kehoach.phrases), no LibreOffice needed


@pytest.mark.parametrize(("name", "lines"), [
    ("Ủy ban nhân dân phường Nguyễn Trung Trực", ("ỦY BAN NHÂN DÂN", "PHƯỜNG", "NGUYỄN TRUNG TRỰC")),
    ("Ủy ban nhân dân xã Quảng Phú Cầu Thượng", ("ỦY BAN NHÂN DÂN", "XÃ", "QUẢNG PHÚ CẦU THƯỢNG")),
    ("Ủy ban nhân dân tỉnh Thừa Thiên Huế", ("ỦY BAN NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ")),
])
def test_a_place_name_is_never_broken_in_the_header(tmp_path, name, lines) -> None:
    checked = check_plan(write_plan(tmp_path, document__issuer=name))
    assert build_view(checked.plan, checked.catalogue).header.agency_lines == lines
    assert "KH514" not in [d.code for d in checked.diagnostics]


def test_a_name_wider_than_the_column_is_said(tmp_path) -> None:
    name = "Ủy ban nhân dân xã Ea Tiêu Krông Ana Buôn Đôn"  # the name alone is wider than 63 mm
    checked = check_plan(write_plan(tmp_path, document__issuer=name))
    (warning,) = [d for d in checked.diagnostics if d.code == "KH514"]
    assert "không chia được giữa các cụm từ" in warning.message and "issuer_lines" in warning.hint


@pytest.mark.parametrize("summary", [
    "Thực hiện Chương trình Mục tiêu quốc gia giảm nghèo bền vững trên địa bàn xã An Dương năm 2025",
    "Thực hiện một số nội dung của Dự án 6, Dự án 7 thuộc Chương trình Mục tiêu quốc gia giảm nghèo "
    "bền vững năm 2024",
    "Triển khai thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững của Ủy ban nhân dân xã "
    "An Dương năm 2025",
    "Tuyên truyền, phổ biến pháp luật và hòa giải ở cơ sở trên địa bàn xã năm 2025",
])
def test_trich_yeu_breaks_only_between_phrases(summary) -> None:
    broken = break_lines(summary, TITLE_WIDTH_PT, TITLE_SIZE_PT, bold=True)
    assert broken.fits
    assert " ".join(broken.lines) == summary
    assert all(text_width_pt(line, TITLE_SIZE_PT, bold=True) <= TITLE_WIDTH_PT for line in broken.lines)
    assert not split_phrases(broken.lines)
    assert not re.fullmatch(r"năm \d{4}", broken.lines[-1])


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_every_example_header_and_trich_yeu_break_between_phrases(plan) -> None:
    checked = check_plan(plan)
    view = build_view(checked.plan, checked.catalogue)
    for lines in (view.summary_lines, view.header.agency_lines, view.header.parent_lines):
        assert not split_phrases(lines), lines
    assert all(text_width_pt(line, AGENCY_SIZE_PT, bold=True) <= COLUMN for line in view.header.agency_lines)
    assert not {"KH514", "KH515"} & {d.code for d in checked.diagnostics}


def test_ties_keep_a_figure_with_its_unit() -> None:
    assert tie("Tổng số tiền: 250.000.000 đồng (Hai trăm năm mươi triệu đồng).") == (
        f"Tổng số tiền: 250.000.000{NBSP}đồng (Hai trăm năm mươi triệu{NBSP}đồng).")
    assert tie("Hỗ trợ 46 hộ nghèo, 1.250,5 triệu đồng") == (
        f"Hỗ trợ 46{NBSP}hộ nghèo, 1.250,5{NBSP}triệu{NBSP}đồng")
    assert tie("ngày 18/01/2022 của Thủ tướng") == f"ngày{NBSP}18/01/2022 của Thủ tướng"
    # A paragraph that ends on a year keeps the word before it: never a lone "năm 2024." line.
    assert tie("Hoàn thành hết quý IV năm 2024.").endswith(f"hết quý{NBSP}IV{NBSP}năm{NBSP}2024.")
    assert tie("Tiểu dự án 1 thuộc Dự án 6") == "Tiểu dự án 1 thuộc Dự án 6"  # 1 is not a count of "thuộc"


def test_docx_keeps_amounts_and_marks_the_markdown_plain(tmp_path) -> None:
    plan = ROOT / "plans" / "2024.yaml"
    result = CliRunner().invoke(app, ["render", str(plan), "-f", "all", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    import zipfile

    with zipfile.ZipFile(tmp_path / "2024.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert f"13.000.000{NBSP}đồng (Mười ba triệu{NBSP}đồng)" in body
    assert f"2.000.000{NBSP}đồng;" in body
    assert f"13.000.000{NBSP}đồng" in (tmp_path / "2024.html").read_text(encoding="utf-8")
    md = (tmp_path / "2024.md").read_text(encoding="utf-8")
    assert NBSP not in md and "13.000.000 đồng (Mười ba triệu đồng)" in md  # plain text to grep


def test_recipients_hang_and_an_items_time_sits_under_it() -> None:
    styles = (ROOT / "templates" / "docx" / "word" / "styles.xml").read_text(encoding="utf-8")
    recipients = re.search(r'w:styleId="KHNoiNhan">.*?</w:style>', styles, re.S)[0]
    assert re.search(r'<w:ind w:left="(\d+)" w:hanging="\1"/>', recipients)
    timed = re.search(r'w:styleId="KHThoiGianMuc">.*?</w:style>', styles, re.S)[0]
    assert '<w:ind w:left="883" w:firstLine="0"/>' in timed  # 1.27 cm + "- " (14 pt)


# ---------------------------------------------------------------------------------------------
# The PDF of every plan and report


needs_pdf = pytest.mark.skipif(
    find_soffice() is None or not POPPLER,
    reason="LibreOffice (soffice) or pdftotext is not installed: the PDF typography NOT checked "
    "(apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils)",
)


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Every plan and report of plans/ as (.docx, .pdf), the PDFs made in one LibreOffice run."""
    from kehoach.render.pdf import docx_to_pdfs

    folder = tmp_path_factory.mktemp("typography")
    runner = CliRunner()
    made: dict[str, bytes] = {}
    for plan in PLANS:
        out = folder / f"{plan.stem}.docx"
        result = runner.invoke(app, ["render", str(plan), "-f", "docx", "-o", str(out)])
        assert result.exit_code == 0, result.output
        made[plan.stem] = out.read_bytes()
    for plan in REPORTED:
        out = folder / f"{plan.stem}.report.docx"
        result = runner.invoke(app, ["report", str(plan), "-f", "docx", "-o", str(out)])
        assert result.exit_code == 0, result.output
        made[f"{plan.stem}.report"] = out.read_bytes()
    pdfs = docx_to_pdfs(made)
    found = {}
    for stem, data in pdfs.items():
        (folder / f"{stem}.pdf").write_bytes(data)
        found[stem] = (folder / f"{stem}.docx", folder / f"{stem}.pdf")
    return found


STEMS = [p.stem for p in PLANS] + [f"{p.stem}.report" for p in REPORTED]


def kept_texts(path: Path) -> list[str]:
    """Body paragraphs kept with the next one (a heading, a lead-in, an item with its time, the
    last paragraph before the signature): none may end a page."""
    document = docx.Document(str(path))
    out = []
    for p in document.paragraphs:
        keep = p.paragraph_format.keep_with_next
        style = p.style
        while keep is None and style is not None:
            keep = style.paragraph_format.keep_with_next
            style = style.base_style
        if keep and p.text.strip():
            out.append(" ".join(p.text.split()))
    return out


@needs_pdf
@pytest.mark.parametrize("stem", STEMS)
def test_no_line_begins_with_a_unit_or_a_lone_year(documents, stem) -> None:
    lines = [line.strip() for page in layout_text(documents[stem][1]) for line in page.splitlines()]
    amount_end = re.compile(r"(\d|triệu|tỷ|nghìn|ngàn|trăm|mươi|mười|lăm|mốt|linh|lẻ)$")
    for before, line in pairwise(lines):
        assert not (re.match(r"đồng\b", line) and amount_end.search(before)), (before, line)
        assert not re.fullmatch(r"năm \d{4}\W*", line), (before, line)


@needs_pdf
@pytest.mark.parametrize("stem", STEMS)
def test_no_page_ends_with_a_heading(documents, stem) -> None:
    docx_path, pdf_path = documents[stem]
    kept = kept_texts(docx_path)
    read = pages(pdf_path)
    for number, page in enumerate(read[:-1], 1):
        if read[number].landscape != page.landscape:
            continue  # a landscape table's own section follows: a break the document asks for
        body = page.body
        last = " ".join(body[-1].text.split()) if body else ""
        assert not any(text.endswith(last) for text in kept if len(last) >= 6), \
            f"page {number} ends with “{last}”, kept with what follows"
    assert pdflayout.stranded(pdflayout.read(pdf_path.read_bytes())) is None


@needs_pdf
@pytest.mark.parametrize("stem", [p.stem for p in PLANS])
def test_no_page_left_blank_before_a_block_that_would_fit(documents, stem) -> None:
    """A page's empty foot is narrower than the block the next page opens with: the headings and
    lead-ins kept with it, then two lines of text (a paragraph of three lines or fewer whole,
    the widow and orphan rule), the signature with the last paragraph."""
    docx_path, pdf_path = documents[stem]
    kept = kept_texts(docx_path)
    read = pages(pdf_path)
    for number, page in enumerate(read[:-1], 1):
        after = read[number]
        if after.landscape != page.landscape or not page.body or not after.body:
            continue
        if after.body[0].text.startswith("Phụ lục"):
            continue  # an appendix starts a new page by design
        free = page.height - MARGIN_BOTTOM - page.body[-1].bottom
        block: list = []
        for para in paragraphs(after.body):
            text = joined(para)
            if any(k.startswith(text[:30]) for k in kept):
                block += para
                if "./." in text:  # the closing paragraph: the signature comes with it
                    block = list(after.body)
                    break
                continue
            block += para if len(para) <= 3 else para[:2]
            break
        needed = block[-1].bottom - block[0].top + 6  # with the spacing before the first paragraph
        assert free < needed + 1, (
            f"page {number}: {free:.0f} pt left blank, yet page {number + 1} opens with a block of "
            f"{needed:.0f} pt (“{block[0].text[:40]}”)")


@needs_pdf
@pytest.mark.parametrize("stem", STEMS)
def test_header_and_trich_yeu_lines_print_as_broken(documents, stem) -> None:
    """LibreOffice prints the lines kehoach broke, none wrapped again: each is a line of page 1."""
    docx_path, pdf_path = documents[stem]
    document = docx.Document(str(docx_path))
    (summary,) = [p.text for p in document.paragraphs if p.style.name == "KH Trích yếu"]
    header = [p.text for p in document.tables[0].cell(0, 0).paragraphs if p.text]
    first = [" ".join(line.text.split()) for line in pages(pdf_path)[0].lines]
    for line in [*summary.split("\n"), *header]:
        shown = " ".join(line.replace(NBSP, " ").split())
        assert any(row == shown or row.startswith(shown + " ") or row.endswith(" " + shown)
                   for row in first), (shown, first[:12])
    assert not split_phrases(summary.split("\n"))


@needs_pdf
def test_recipients_wrap_under_their_text(documents) -> None:
    """“- Sở Lao động - Thương binh và / Xã hội;” (11 pt, a third of the width): the second line
    starts under the text, not under the dash."""
    page = pages(documents["huyen-2024-trong-do"][1])[-1]
    (first,) = [line for line in page.lines if line.text.startswith("- Sở Lao động")]
    (after,) = [line for line in page.lines if line.top > first.top and line.text == "Xã hội;"]
    assert after.left - first.left == pytest.approx(6.4, abs=1.0)


@needs_pdf
def test_an_items_time_line_sits_under_its_item(documents) -> None:
    page_lines = [line for page in pages(documents["quangnam-2023-giam-sat"][1]) for line in page.lines]
    timed = [i for i, line in enumerate(page_lines)
             if line.text.startswith("Thời gian thực hiện: Hoàn thành trước")]
    assert timed
    for i in timed:
        item = next(line for line in reversed(page_lines[:i]) if line.text.startswith("- "))
        assert page_lines[i].left - item.left == pytest.approx(8.2, abs=1.0)  # under the text after "- "


@needs_pdf
def test_the_pdf_names_the_font_it_was_set_in(documents) -> None:
    import subprocess

    pdf = documents["2024"][1]
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = {row.split()[0].split("+", 1)[-1] for row in listed.splitlines()[2:] if row.strip()}
    ours = set(pdflayout.read(pdf.read_bytes()).fonts)
    assert ours == names  # what pdffonts lists, read by kehoach itself
    notes = font_notes(pdf.read_bytes())
    if any(font_family(n) != "Times New Roman" for n in names):
        (note,) = notes
        assert "thay cho Times New Roman" in note and font_family(sorted(names)[0]) in note
    else:
        assert notes == ()


def test_font_family_names() -> None:
    assert font_family("LiberationSerif-BoldItalic") == "Liberation Serif"
    assert font_family("TimesNewRomanPS-BoldMT") == "Times New Roman"
    assert font_notes(b"not a pdf") == ()  # nothing to say of what it cannot read


@pytest.mark.parametrize("text", [
    "Thực hiện Chương Trình Mục Tiêu Quốc Gia Giảm Nghèo Bền Vững Trên Địa Bàn Xã An Dương Năm 2024",
    "Thực hiện một số nội dung của Dự án 6, Dự án 7 thuộc Chương trình Mục tiêu quốc gia giảm nghèo "
    "bền vững năm 2024",
    "Giám sát, đánh giá thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn tỉnh "
    "Quảng Nam năm 2023",
    "Kế hoạch " * 40,
    "Ngắn",
])
def test_the_rules_quick_answer_is_the_breakers(text) -> None:
    """KH514/KH515 ask `fits` (one pass, every plan) what break_lines would find: they agree."""
    from kehoach.phrases import fits

    for width in (120, 250, TITLE_WIDTH_PT):
        assert fits(text, width, 14, bold=True) == break_lines(text, width, 14, bold=True).fits, width
