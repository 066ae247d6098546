"""The signatures where Phụ lục I (Decree 30/2020) puts them, measured on the signed PDF against the
lines poppler's own text extraction finds (not kehoach's reader): the person's image centred between
the title and the name, the seal at its real size over the left third of it, the attachment's
stamp at the top right of the first page in ISO 8601 with +07:00; and the signed pages print as the
unsigned ones but for the images."""

from __future__ import annotations

import html
import io
import re
import subprocess
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from signenv import kehoach, need_poppler
from signpki import SEAL_MM

MM = 72 / 25.4


def widgets(pdf: Path) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    """Each signature widget's page (0-based) and rectangle, from the pages' annotations."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    out = {}
    document = PDFDocument(PDFParser(io.BytesIO(pdf.read_bytes())))
    for index, page in enumerate(PDFPage.create_pages(document)):
        for ref in resolve1(page.annots) or ():
            annot = resolve1(ref)
            if getattr(resolve1(annot.get("FT")), "name", None) == "Sig":
                name = resolve1(annot["T"])
                out[name.decode("utf-16") if name.startswith(b"\xfe\xff") else name.decode("latin-1")] = (
                    index, tuple(float(v) for v in resolve1(annot["Rect"])))
    return out


def text_lines(pdf: Path, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, (x0, y0, x1, y1)) of each line on a page, by `pdftotext -bbox-layout`, turned to PDF
    coordinates (origin bottom left)."""
    need_poppler("pdftotext")
    number = str(page + 1)
    out = subprocess.run(["pdftotext", "-bbox-layout", "-f", number, "-l", number, str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out)[1])
    lines = []
    pattern = r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>'
    for m in re.finditer(pattern, out, re.S):
        words = " ".join(html.unescape(w) for w in re.findall(r">([^<]+)</word>", m[5]))
        x0, top, x1, bottom = map(float, m.groups()[:4])
        lines.append((words, (x0, height - bottom, x1, height - top)))
    return lines


def line(lines, text: str):
    found = [box for words, box in lines if words == text]
    assert len(found) == 1, (text, [w for w, _ in lines])
    return found[0]


def assert_person_centred(pdf: Path, title: str = "CHỦ TỊCH", name: str = "Nguyễn Tuấn Anh") -> int:
    """The person's image centred ± 2 mm between the title and name lines poppler finds; its page."""
    page, (x0, y0, x1, y1) = widgets(pdf)["NguoiKy"]
    lines = text_lines(pdf, page)
    title, name = line(lines, title), line(lines, name)
    middle = (title[1] + name[3]) / 2  # between the bottom of the title and the top of the name
    assert abs((y0 + y1) / 2 - middle) <= 2 * MM
    assert abs((x0 + x1) / 2 - (title[0] + title[2]) / 2) <= 2 * MM  # on the title's centre line
    assert y1 <= title[1] + 2 * MM and y0 >= name[3] - 2 * MM  # in the room, not over the text
    assert (x1 - x0) == pytest.approx(50 * MM, abs=0.5 * MM)  # the PNG's real size (300 dpi)
    return page


def test_the_person_is_centred_between_title_and_name(sign_env):
    assert_person_centred(sign_env.person_signed)


def assert_seal_placed(pdf: Path) -> None:
    """The seal at its real size ± 0.5 mm, over 1/3 ± 5 % of the person's image, on its left."""
    found = widgets(pdf)
    page, (px0, py0, px1, py1) = found["NguoiKy"]
    seal_page, (sx0, sy0, sx1, sy1) = found["CoQuan"]
    assert seal_page == page
    assert (sx1 - sx0) / MM == pytest.approx(SEAL_MM, abs=0.5)
    assert (sy1 - sy0) / MM == pytest.approx(SEAL_MM, abs=0.5)
    overlap = (min(sx1, px1) - max(sx0, px0)) / (px1 - px0)
    assert overlap == pytest.approx(1 / 3, rel=0.05)
    assert sx0 < px0 < sx1 < px1  # on its left
    assert (sy0 + sy1) / 2 == pytest.approx((py0 + py1) / 2, abs=0.5 * MM)


def test_the_seal_is_at_its_real_size_over_the_left_third(sign_env):
    assert_seal_placed(sign_env.body_signed)


def test_the_marks_survive_a_page_break_added_for_a_stranded_heading(sign_env, tmp_path):
    """render/pdf.py may convert a .docx a second time with a page break before a heading that
    LibreOffice left at a page's foot (issue 25). The break is forced here before '2. Yêu cầu', so
    the signer block moves to a fifth page: it is found there, both signatures land where Phụ lục I
    puts them, and both validators call them valid."""
    from kehoach.render import pdflayout
    from kehoach.render.pdf import break_before, docx_to_pdf
    from kehoach.sign import layout

    docx = tmp_path / "2024.docx"
    rendered = kehoach("render", str(sign_env.folder / "plan" / "2024.yaml"), "-o", str(docx))
    assert rendered.exit_code == 0, rendered.output
    headings = [h.title for h in pdflayout.read(sign_env.plan.read_bytes()).headings]
    broken = break_before(docx.read_bytes(), headings.index("2. Yêu cầu"), "2. Yêu cầu")
    assert broken is not None
    pdf = tmp_path / "2024.pdf"
    pdf.write_bytes(docx_to_pdf(broken, "2024"))
    before = layout.read_layout(sign_env.plan.read_bytes())
    after = layout.read_layout(pdf.read_bytes())
    assert len(after.pages) == len(before.pages) + 1 and after.title.page == len(after.pages) - 1
    assert after.title.box != before.title.box  # the block moved up its new page
    person, body = tmp_path / "2024.ky.pdf", tmp_path / "2024.ban-hanh.pdf"
    for source, args, out in ((pdf, ("--as", "person", "--image", str(sign_env.signature), "--p12",
                                     str(sign_env.pki.person.p12)), person),
                              (person, ("--as", "body", "--image", str(sign_env.seal), "--p12",
                                        str(sign_env.pki.body.p12)), body)):
        result = kehoach("sign", str(source), *args, "-o", str(out))
        assert result.exit_code == 0 and f"trang {len(after.pages)})" in result.output, result.output
    assert assert_person_centred(body) == len(after.pages) - 1
    assert_seal_placed(body)
    checked = kehoach("verify", str(body), "--trust", str(sign_env.pki.root.pem))
    assert checked.exit_code == 0 and checked.output.count("): HỢP LỆ") == 2, checked.output
    poppler = sign_env.pdfsig(body)
    assert poppler.count("Signature Validation: Signature is Valid.") == 2, poppler
    assert poppler.count("Certificate Validation: Certificate is Trusted.") == 2, poppler


def test_the_report_is_signed_like_the_plan(sign_env, tmp_path):
    """The year-end BÁO CÁO goes through the same templates, so it carries the same marks: the
    person (a deputy: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH) signs while its number is blank, the văn thư gives
    the number with the body's signature; both land where Phụ lục I puts them, both valid in both
    validators."""
    from conftest import PLAN_2024

    report = tmp_path / "2024.bao-cao.pdf"
    rendered = kehoach("report", str(PLAN_2024), "-f", "pdf", "-o", str(report))
    assert rendered.exit_code == 0, rendered.output
    person, body = tmp_path / "2024.bao-cao.ky.pdf", tmp_path / "2024.bao-cao.ban-hanh.pdf"
    for source, args, out in ((report, ("--as", "person", "--image", str(sign_env.signature), "--p12",
                                        str(sign_env.pki.person.p12)), person),
                              (person, ("--as", "body", "--number", "7", "--image", str(sign_env.seal),
                                        "--p12", str(sign_env.pki.body.p12)), body)):
        result = kehoach("sign", str(source), *args, "-o", str(out))
        assert result.exit_code == 0, result.output
    assert_person_centred(body, "PHÓ CHỦ TỊCH", "Lê Thị Hoa")
    assert_seal_placed(body)
    number = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(body), "-"], capture_output=True,
                            text=True, check=True).stdout
    assert re.search(r"Số:\s*07/BC-UBND", number), number
    checked = kehoach("verify", str(body), "--trust", str(sign_env.pki.root.pem))
    assert checked.exit_code == 0 and checked.output.count("): HỢP LỆ") == 2, checked.output
    poppler = sign_env.pdfsig(body)
    assert poppler.count("Signature Validation: Signature is Valid.") == 2, poppler
    assert poppler.count("Certificate Validation: Certificate is Trusted.") == 2, poppler


def test_a_seal_size_given_in_millimetres(sign_env, tmp_path):
    seal = sign_env.image("seal-no-dpi.png", dpi=None)
    out = tmp_path / "ban-hanh.pdf"
    result = kehoach("sign", str(sign_env.person_signed), "--as", "body", "--image", str(seal),
                     "--seal-size", "40", "--p12", str(sign_env.pki.body.p12), "-o", str(out))
    assert result.exit_code == 0, result.output
    _, (sx0, _, sx1, _) = widgets(out)["CoQuan"]
    assert (sx1 - sx0) / MM == pytest.approx(40, abs=0.5)
    result = kehoach("sign", str(sign_env.person_signed), "--as", "body", "--image", str(seal),
                     "--p12", str(sign_env.pki.body.p12), "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 2 and "--seal-size" in result.output and not (tmp_path / "b.pdf").exists()


def stamp_text(pdf: Path) -> tuple[str, list[float], str, set, set]:
    """The attachment stamp's text as drawn by its appearance stream (pdfminer interprets the form
    XObject), the font sizes it uses, the font's name, the fill colours of its glyphs and their
    text matrices' skew and rotation terms (b, c)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    document = PDFDocument(PDFParser(io.BytesIO(pdf.read_bytes())))
    page = next(PDFPage.create_pages(document))
    widget = next(resolve1(a) for a in resolve1(page.annots) if resolve1(a).get("FT").name == "Sig")
    appearance = resolve1(resolve1(widget["AP"])["N"])
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager)
    interpreter = PDFPageInterpreter(manager, device)
    device.begin_page(page, (1, 0, 0, 1, 0, 0))
    interpreter.render_contents(resolve1(appearance.attrs["Resources"]), [appearance], ctm=(1, 0, 0, 1, 0, 0))
    device.end_page(page)
    chars: list[LTChar] = []

    def walk(item):  # type: ignore[no-untyped-def]
        if isinstance(item, LTChar):
            chars.append(item)
        elif isinstance(item, LTContainer):
            for child in item:
                walk(child)

    walk(device.get_result())
    rows: dict[int, list[LTChar]] = {}
    for c in chars:
        rows.setdefault(round(c.y0), []).append(c)
    text = "\n".join("".join(c.get_text() for c in sorted(row, key=lambda c: c.x0))
                     for _, row in sorted(rows.items(), reverse=True))
    colours = {tuple(c.graphicstate.ncolor) if isinstance(c.graphicstate.ncolor, (list, tuple))
               else (c.graphicstate.ncolor,) for c in chars}
    slants = {(round(c.matrix[1], 3), round(c.matrix[2], 3)) for c in chars}
    return text, sorted({round(c.size, 1) for c in chars}), chars[0].fontname, colours, slants


def test_an_attachment_gets_the_number_and_time_at_the_top_right(sign_env, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    out = tmp_path / "phu-luc.ban-hanh.pdf"
    result = kehoach("sign", str(sign_env.foreign), "--as", "body", "--attachment-of",
                     str(sign_env.body_signed), "--p12", str(sign_env.pki.body.p12),
                     "--tsa", sign_env.services.tsa_url, "-o", str(out))
    assert result.exit_code == 0, result.output
    page, (_, y0, x1, y1) = widgets(out)["CoQuan"]
    media = PdfFileReader(io.BytesIO(out.read_bytes())).root["/Pages"]["/Kids"][0].get_object()["/MediaBox"]
    width, height = float(media[2]), float(media[3])  # US Letter: python-docx's default page
    assert page == 0
    assert x1 == pytest.approx(width - 15 * MM, abs=0.5 * MM)  # the right margin's edge
    assert height - 20 * MM < y0 < y1 < height  # in the top margin, above the text
    text, sizes, font, colours, slants = stamp_text(out)
    number, moment = text.splitlines()
    assert number == "05/KH-UBND"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", moment), moment
    sig = PdfFileReader(io.BytesIO(out.read_bytes())).embedded_signatures[0]
    signed = sig.self_reported_timestamp.astimezone(timezone(timedelta(hours=7)))  # the signature's /M
    assert moment == signed.isoformat(timespec="seconds")
    assert sizes == [10.0]  # Times New Roman 10 pt (Liberation Serif where TNR is not installed)
    assert re.search(r"TimesNewRoman|LiberationSerif", font), font
    assert not re.search(r"Italic|Oblique|Bold", font), font  # upright, regular weight
    assert slants == {(0, 0)}  # no slant or rotation in the text matrix either
    assert all(all(v == 0 for v in colour) for colour in colours), colours  # black (gray 0 or RGB 0 0 0)
    # the attachment's signature is valid in both validators
    checked = kehoach("verify", str(out), "--trust", str(sign_env.pki.root.pem))
    assert checked.exit_code == 0 and "(trường CoQuan — cơ quan ban hành): HỢP LỆ" in checked.output, \
        checked.output
    poppler = sign_env.pdfsig(out)
    assert "Signature is Valid." in poppler and "Certificate is Trusted." in poppler, poppler
    assert "--as body" in kehoach("sign", str(sign_env.foreign), "--as", "person", "--attachment-of",
                                  str(sign_env.plan), "--p12", str(sign_env.pki.body.p12)).output


def _pixels(pdf: Path, folder: Path, name: str) -> list[Path]:
    need_poppler("pdftoppm")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(folder / name)], check=True)
    return sorted(folder.glob(f"{name}-*.png"))


def test_the_signed_pdf_prints_the_same_pages_but_for_the_images(sign_env, tmp_path):
    from PIL import Image, ImageChops

    before = _pixels(sign_env.plan, tmp_path, "truoc")
    after = _pixels(sign_env.body_signed, tmp_path, "sau")
    assert len(before) == len(after) == 4
    rects = widgets(sign_env.body_signed).values()
    scale = 40 / 72
    changed_pages = set()
    for index, (a, b) in enumerate(zip(before, after, strict=True)):
        one, two = Image.open(a).convert("RGB"), Image.open(b).convert("RGB")
        assert one.size == two.size
        diff = ImageChops.difference(one, two)
        box = diff.getbbox()
        if box is None:
            continue
        changed_pages.add(index)
        page_height = one.size[1]
        # every changed pixel lies inside a signature's rectangle (1 px of rounding around it)
        ink = diff.convert("L").point(lambda v: 255 if v else 0)
        for page, (x0, y0, x1, y1) in rects:
            if page == index:
                ink.paste(0, (int(x0 * scale) - 1, int(page_height - y1 * scale) - 1,
                              int(x1 * scale) + 2, int(page_height - y0 * scale) + 2))
        assert ink.getbbox() is None, f"page {index + 1} changed outside the signatures"
    assert changed_pages == {3}  # the images, on the signature's page
