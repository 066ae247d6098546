"""Decree 30's order to the letter: the person signs while the number and date are still blank; the
văn thư then gives them — written into the form fields the person's signature left over the
blanks — and applies the body's signature. The person's signature stays valid (filling a form
field is a change PDF signatures allow) in both validators."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest

from kehoach.sign import layout
from signenv import kehoach, need_poppler


@pytest.fixture(scope="module")
def person_signed_blank(sign_env, tmp_path_factory):
    out = tmp_path_factory.mktemp("fill") / "chua-so.ky.pdf"
    result = kehoach("sign", str(sign_env.unnumbered), "--as", "person", "--image", str(sign_env.signature),
                     "--p12", str(sign_env.pki.person.p12), "--tsa", sign_env.services.tsa_url,
                     "-o", str(out))
    assert result.exit_code == 0 and "Đã ký (B-LT" in result.output, result.output
    assert "còn để trống số/ngày" in result.output
    return out


@pytest.fixture(scope="module")
def issued(sign_env, person_signed_blank):
    out = person_signed_blank.with_name("chua-so.ban-hanh.pdf")
    result = kehoach("sign", str(person_signed_blank), "--as", "body", "--image", str(sign_env.seal),
                     "--p12", str(sign_env.pki.body.p12), "--number", "5", "--date", "5/2/2024",
                     "--tsa", sign_env.services.tsa_url, "-o", str(out))
    assert result.exit_code == 0 and "Đã ký (B-LT" in result.output, result.output
    assert "Đã điền số 05 và ngày 05 tháng 02" in result.output  # Phụ lục I: 05, and tháng 02 (not 2)
    return out


def test_the_person_leaves_empty_fields_over_the_blanks(person_signed_blank):
    found = layout.read_layout(person_signed_blank.read_bytes())
    assert found.fields == {layout.NUMBER_FIELD: "", layout.DAY_FIELD: "", layout.MONTH_FIELD: ""}
    assert found.registration is None and found.issued_on is None


def test_the_body_is_refused_until_the_number_and_date_are_given(sign_env, person_signed_blank, tmp_path):
    base = ["sign", str(person_signed_blank), "--as", "body", "--image", str(sign_env.seal),
            "--p12", str(sign_env.pki.body.p12)]
    result = kehoach(*base, "-o", str(tmp_path / "a.pdf"))
    assert result.exit_code == 1 and "chưa có số và ngày ban hành" in result.output
    assert "--number 5 --date 29/3/2024" in result.output
    result = kehoach(*base, "--number", "5", "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 1 and "chưa có ngày ban hành" in result.output
    result = kehoach(*base, "--number", "5", "--date", "5/2/2025", "-o", str(tmp_path / "c.pdf"))
    assert result.exit_code == 1 and "in sẵn năm 2024" in result.output
    result = kehoach(*base, "--number", "5", "--date", "31/2/2024", "-o", str(tmp_path / "d.pdf"))
    assert result.exit_code == 2 and "không phải ngày có thật" in result.output
    assert not list(tmp_path.iterdir())


def test_numbers_are_never_changed_nor_given_by_the_person(sign_env, tmp_path):
    result = kehoach("sign", str(sign_env.person_signed), "--as", "body", "--image", str(sign_env.seal),
                     "--p12", str(sign_env.pki.body.p12), "--number", "7", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1 and "đã có số 05/KH-UBND, khác số 07" in result.output
    result = kehoach("sign", str(sign_env.unnumbered), "--as", "person", "--image", str(sign_env.signature),
                     "--p12", str(sign_env.pki.person.p12), "--number", "7", "-o", str(tmp_path / "y.pdf"))
    assert result.exit_code == 2 and "đi với --as body" in result.output
    assert not list(tmp_path.iterdir())


def test_a_copy_signed_without_the_fields_cannot_take_a_number(sign_env, tmp_path):
    """As another tool would sign it: the blanks left blank, no form field over them. Nothing can be
    added to that page without breaking the person's signature, so the body's signature is refused."""
    from dataclasses import replace

    from kehoach.sign import keys, signing
    from signpki import PIN

    job = replace(signing.plan_person(sign_env.unnumbered.read_bytes(), sign_env.signature), blanks=())
    with keys.open_signer(keys.KeySpec(p12=sign_env.pki.person.p12), lambda _: PIN) as signer:
        signed = signing.sign(sign_env.unnumbered.read_bytes(), job, signer)
    other = tmp_path / "khac.pdf"
    other.write_bytes(signed.data)
    result = kehoach("sign", str(other), "--as", "body", "--image", str(sign_env.seal), "--p12",
                     str(sign_env.pki.body.p12), "--number", "5", "--date", "5/2/2024",
                     "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1 and "Không có ô trống để điền số" in result.output, result.output
    assert not (tmp_path / "x.pdf").exists()


def test_both_signatures_valid_after_the_fill_in_both_validators(sign_env, issued):
    found = layout.read_layout(issued.read_bytes())
    assert found.registration == "05/KH-UBND" and found.issued_on == date(2024, 2, 5)
    result = kehoach("verify", str(issued), "--trust", str(sign_env.pki.root.pem))
    assert result.exit_code == 0, result.output
    assert result.output.count("): HỢP LỆ") == 2
    poppler = sign_env.pdfsig(issued)
    assert poppler.count("Signature Validation: Signature is Valid.") == 2, poppler
    assert poppler.count("Certificate Validation: Certificate is Trusted.") == 2, poppler


def _field_appearance(pdf, name: str):  # -> (text, sizes, font, rect)
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    document = PDFDocument(PDFParser(io.BytesIO(pdf.read_bytes())))
    page = next(PDFPage.create_pages(document))
    widget = next(w for w in map(resolve1, resolve1(page.annots)) if resolve1(w.get("T")) == name.encode())
    appearance = resolve1(resolve1(widget["AP"])["N"])
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager)
    device.begin_page(page, (1, 0, 0, 1, 0, 0))
    PDFPageInterpreter(manager, device).render_contents(
        resolve1(appearance.attrs["Resources"]), [appearance], ctm=(1, 0, 0, 1, 0, 0))
    device.end_page(page)
    chars = []

    def walk(item):  # type: ignore[no-untyped-def]
        if isinstance(item, LTChar):
            chars.append(item)
        elif isinstance(item, LTContainer):
            for child in item:
                walk(child)

    walk(device.get_result())
    text = "".join(c.get_text() for c in sorted(chars, key=lambda c: c.x0))
    rect = [float(v) for v in resolve1(widget["Rect"])]
    return text, {round(c.size) for c in chars}, chars[0].fontname, rect


def test_the_filled_text_is_drawn_in_the_lines_own_face_and_place(issued):
    need_poppler("pdftotext")
    number = _field_appearance(issued, layout.NUMBER_FIELD)
    day = _field_appearance(issued, layout.DAY_FIELD)
    month = _field_appearance(issued, layout.MONTH_FIELD)
    assert (number[0], day[0], month[0]) == ("05", "05", "02")
    assert number[1] == day[1] == {14}
    assert re.search(r"(TimesNewRoman|LiberationSerif)(?!.*Italic)", number[2]), number[2]
    assert re.search(r"Italic", day[2]), day[2]  # the date line is italic
    words = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(issued), "-"],
                           capture_output=True, text=True, check=True).stdout
    slash = re.search(r'<word xMin="([\d.]+)"[^>]*>/KH-UBND</word>', words)
    assert slash, words[:2000]
    assert number[3][2] == pytest.approx(float(slash[1]), abs=0.5)  # "05" stands against "/KH-UBND"


def test_the_filled_page_prints_as_the_signed_one_but_for_the_fields_and_the_seal(
        person_signed_blank, issued, tmp_path):
    """What the body's revision changes on paper: the number, the day and the month in their gaps,
    and the seal — every other pixel of every page as the person signed it; and each filled gap
    has ink in it (the text is drawn, not only stored as the field's value)."""
    need_poppler("pdftoppm")
    from PIL import Image, ImageChops

    from test_sign_placement import widgets

    dpi = 60
    for name, pdf in (("ky", person_signed_blank), ("ban-hanh", issued)):
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp_path / name)], check=True)
    before, after = sorted(tmp_path.glob("ky-*.png")), sorted(tmp_path.glob("ban-hanh-*.png"))
    assert len(before) == len(after) == 4
    found = layout.read_layout(issued.read_bytes())
    rects = [(b.page, (b.box.x0, b.box.y0, b.box.x1, b.box.y1)) for b in found.blanks]
    assert len(rects) == 3
    rects.append(widgets(issued)["CoQuan"])
    scale = dpi / 72
    for index, (a, b) in enumerate(zip(before, after, strict=True)):
        one, two = Image.open(a).convert("RGB"), Image.open(b).convert("RGB")
        ink = ImageChops.difference(one, two).convert("L").point(lambda v: 255 if v else 0)
        height = one.size[1]
        for page, (x0, y0, x1, y1) in rects:
            if page != index:
                continue
            area = (int(x0 * scale) - 1, int(height - y1 * scale) - 1, int(x1 * scale) + 2,
                    int(height - y0 * scale) + 2)
            assert ink.crop(area).getbbox() is not None, f"nothing drawn at {area} on page {index + 1}"
            ink.paste(0, area)
        assert ink.getbbox() is None, f"page {index + 1} changed outside the fields and the seal"


def test_each_signature_locks_what_may_not_change_after_it(issued):
    """The person's lock leaves the blanks and the body's field open; the body's locks everything
    and allows no change at all (PDF 2.0 /P 1): the document is issued."""
    import warnings

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import FieldMDPAction, MDPPerm

    warnings.filterwarnings("ignore", message=r"DSA is deprecated")
    reader = PdfFileReader(io.BytesIO(issued.read_bytes()))
    sigs = {s.field_name: s for s in reader.embedded_signatures}
    person, body = sigs["NguoiKy"], sigs["CoQuan"]
    assert person.fieldmdp.action == FieldMDPAction.EXCLUDE
    open_fields = {layout.NUMBER_FIELD, layout.DAY_FIELD, layout.MONTH_FIELD, "CoQuan"}
    assert set(person.fieldmdp.fields) == open_fields
    assert person.docmdp_level is None  # a DocMDP level would forbid adding the body's field
    assert body.fieldmdp.action == FieldMDPAction.ALL and body.docmdp_level == MDPPerm.NO_CHANGES


def _write_again(pdf, value: str, out):  # -> Path
    """The number field given another value and appearance in a new revision, as a PDF form editor
    would after the document was issued."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    for ref in writer.root["/AcroForm"]["/Fields"]:
        widget = ref.get_object()
        if widget.get("/T") == layout.NUMBER_FIELD:
            old = widget["/AP"]["/N"]
            widget[pdf_name("/V")] = pdf_string(value)
            widget[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): writer.add_object(
                generic.StreamObject(dict(old), stream_data=old.data))})
            writer.update_container(widget)
    buffer = io.BytesIO()
    writer.write(buffer)
    out.write_bytes(buffer.getvalue())
    return out


def test_a_number_written_again_after_issuance_breaks_the_bodys_signature(sign_env, issued, tmp_path):
    """Filling a form field is a change a signature allows — but not after the body's signature:
    its lock forbids any. The person's stays valid (its blanks were left open to the văn thư);
    the document as a whole is not."""
    changed = _write_again(issued, "99", tmp_path / "so-khac.pdf")
    assert layout.read_layout(changed.read_bytes()).registration == "99/KH-UBND"
    result = kehoach("verify", str(changed), "--trust", str(sign_env.pki.root.pem))
    assert result.exit_code == 1, result.output
    person, body = result.output.split("Chữ ký 2")
    assert "Chữ ký 1 (trường NguoiKy — người có thẩm quyền): HỢP LỆ" in person
    assert "(trường CoQuan — cơ quan ban hành): KHÔNG HỢP LỆ" in body
    assert "Toàn vẹn: chữ ký đúng với nội dung đã ký" in body  # its bytes intact: the change came after
    assert "Sau khi ký: VĂN BẢN ĐÃ BỊ SỬA sau khi ký" in body
    assert "Kết luận: KHÔNG HỢP LỆ (1/2" in result.output
