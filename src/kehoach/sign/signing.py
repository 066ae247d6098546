"""Signing a kehoach PDF as Decree 30/2020 orders it, in two stages.

1. `plan_person`, `plan_body`, `plan_attachment` read the PDF and decide — before any key or PIN
   is touched — whether it may be signed now and where the signature goes (a `Job`, plain data).
   The decree's order (Điều 13, Phụ lục I): the competent person signs first; the văn thư then
   gives the number and the date and applies the issuing body's signature. So the body's
   signature is refused while the number or the date is blank, or before the person's; blanks
   left when the person signs become form fields the body's signature fills (kehoach.sign.formfields).
2. `sign` applies the job with a key (kehoach.sign.keys): a PAdES signature (ETSI.CAdES.detached,
   SHA-256) in a new signature field whose appearance is the image, added by incremental update,
   so every earlier signature stays valid. The level: B-B; B-T with a timestamp server (`tsa`);
   B-LT when, with a timestamp, the revocation data of the certificate chain can be had (they
   are then embedded in the document security store).

The input bytes are never changed: `sign` returns the signed document, the caller writes it to a
new file (kehoach.output, atomically).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kehoach.diagnostics import KehoachError
from kehoach.sign import Refused, images, placement
from kehoach.sign.certs import load_certs
from kehoach.sign.layout import DAY_FIELD, MONTH_FIELD, NUMBER_FIELD, Blank, Box, Layout, read_layout
from kehoach.sign.timefmt import vn_time

if TYPE_CHECKING:
    from asn1crypto import x509
    from pyhanko.sign.signers import Signer

Role = Literal["person", "body", "attachment"]
Level = Literal["auto", "b-b", "b-t", "b-lt"]
LEVELS: tuple[Level, ...] = ("auto", "b-b", "b-t", "b-lt")
PERSON_FIELD, BODY_FIELD = "NguoiKy", "CoQuan"
REASONS = {
    "person": "Người có thẩm quyền ký văn bản",
    "body": "Cơ quan, tổ chức ban hành văn bản ký số",
    "attachment": "Cơ quan, tổ chức ký số văn bản kèm theo",
}
TSA_TIMEOUT_S = 30
STAMP_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


@dataclass(frozen=True, slots=True)
class Existing:
    """A signature already in the PDF."""

    field: str
    box: Box | None  # its widget's rectangle; None for an invisible signature


@dataclass(frozen=True)
class Job:
    """What will be signed, where: decided from the document alone."""

    role: Role
    field: str
    place: placement.Placement
    image: images.SignatureImage | None  # None: the attachment's text stamp
    stamp_lines: tuple[str, ...] = ()  # the attachment's number line; the time is added when signed
    location: str | None = None
    blanks: tuple[Blank, ...] = ()  # the person's: empty form fields left over the blank number/date
    fills: tuple[tuple[Blank, str], ...] = ()  # the body's: the number, day, month written into them

    @property
    def reason(self) -> str:
        return REASONS[self.role]


@dataclass(frozen=True)
class Options:
    tsa: str | None = None  # RFC 3161 timestamp server URL
    level: Level = "auto"  # B-B; with a timestamp server B-T, B-LT when revocation data can be had
    trust: tuple[Path, ...] = ()  # roots of the chain (besides a self-signed root in the key's chain)


@dataclass(frozen=True)
class Signed:
    data: bytes
    level: str  # "B-B", "B-T", "B-LT"
    signed_at: datetime
    notes: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------------------------------------
# Stage 1: may this PDF be signed now, and where


def read_existing(pdf: bytes) -> tuple[Existing, ...]:
    """The signatures a PDF holds; KehoachError for an encrypted, damaged or non-PDF file."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if reader.encrypted:
            raise KehoachError("PDF này được mã hóa (đặt mật khẩu): kehoach không ký tệp mã hóa.",
                               "Ký bản PDF chưa mã hóa.")
        found = []
        for sig in reader.embedded_signatures:
            rect = sig.sig_field.get("/Rect")
            if rect is None and "/Kids" in sig.sig_field:
                rect = sig.sig_field["/Kids"][0].get_object().get("/Rect")
            box = Box(*(float(v) for v in rect)) if rect is not None else None
            if box is not None and (box.width <= 0 or box.height <= 0):
                box = None
            found.append(Existing(str(sig.field_name), box))
        return tuple(found)
    except KehoachError:
        raise
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise KehoachError(f"Không đọc được PDF: tệp hỏng hoặc không phải PDF ({type(exc).__name__}).",
                           "Kết xuất lại: kehoach render KẾ_HOẠCH.yaml -f pdf.") from None


def _signable(pdf: bytes) -> tuple[Layout, tuple[Existing, ...]]:
    existing = read_existing(pdf)
    layout = read_layout(pdf)
    if layout.draft:
        raise Refused("Đây là bản DỰ THẢO (kết xuất với --draft): dự thảo không được ký ban hành.",
                      "Kết xuất lại không có --draft rồi ký.")
    return layout, existing


def _named(existing: Sequence[Existing], name: str) -> Existing | None:
    return next((e for e in existing if e.field == name), None)


def plan_person(pdf: bytes, image_path: Path) -> Job:
    layout, existing = _signable(pdf)
    if _named(existing, PERSON_FIELD):
        raise Refused("Văn bản đã có chữ ký số của người có thẩm quyền.",
                      "Mỗi văn bản chỉ một chữ ký của người ký; ký lại thì ký trên bản PDF chưa ký.")
    if _named(existing, BODY_FIELD):
        raise Refused("Văn bản đã có chữ ký số của cơ quan: người có thẩm quyền ký trước, cơ quan ký sau.")
    image = images.load(image_path, "blue")
    # The number and date may still be blank (Decree 30: the văn thư gives them after the person
    # signs). The person's signature seals every glyph of the page, so the blanks become empty
    # form fields in the same revision: filling a form field later is a change a signature allows.
    blanks = tuple(b for b in layout.blanks if b.field not in layout.fields)
    return Job("person", PERSON_FIELD, placement.person(layout, image), image, location=layout.place,
               blanks=blanks)


def plan_body(pdf: bytes, image_path: Path, seal_size_mm: float | None = None, *,
              number: int | None = None, issued_on: date | None = None) -> Job:
    """The body's signature. `number` and `issued_on`: what the văn thư gives after the person
    signed, written into the form fields the person's signature left over the blanks."""
    layout, existing = _signable(pdf)
    fills = _fills(layout, number, issued_on)
    filled = {blank.field: text for blank, text in fills}
    if filled:
        layout = replace(layout, fields={**layout.fields, **filled})
    missing = [what for what, value in (("số", layout.registration), ("ngày", layout.issued_on))
               if value is None]
    if missing:
        shown = layout.number.text if layout.number else "?"
        raise Refused(
            f"Văn bản chưa có {' và '.join(missing)} ban hành ({shown}): theo Nghị định 30/2020, văn thư "
            "ghi số, ngày rồi mới ký số của cơ quan.",
            "Cho số và ngày văn thư cấp: --number 5 --date 29/3/2024 (ghi cả vào kế hoạch: "
            "document.number, document.date).")
    person = _named(existing, PERSON_FIELD)
    if person is None or person.box is None:
        raise Refused("Văn bản chưa có chữ ký số của người có thẩm quyền: người ký ký trước, cơ quan ký sau.",
                      "kehoach sign TỆP.pdf --as person … rồi mới --as body.")
    if _named(existing, BODY_FIELD):
        raise Refused("Văn bản đã có chữ ký số của cơ quan.")
    from kehoach.sign.verification import intact

    if not intact(pdf, PERSON_FIELD):
        raise Refused("Chữ ký của người có thẩm quyền không còn nguyên vẹn: văn bản đã bị sửa sau khi ký.",
                      "Không ban hành bản này; kết xuất và ký lại từ đầu.")
    image = images.load(image_path, "red")
    width = placement.seal_width_mm(image, seal_size_mm)
    return Job("body", BODY_FIELD, placement.seal(person.box, image, width, layout.title.page), image,
               location=layout.place, fills=fills)


def _fills(layout: Layout, number: int | None, issued_on: date | None) -> tuple[tuple[Blank, str], ...]:
    """What goes into the blanks: refused when the document already says otherwise, or when the
    person signed a copy without the fields (then nothing can be added without breaking it)."""
    from kehoach.render.views import pad_day, pad_month

    fills: list[tuple[Blank, str]] = []
    if number is not None:
        printed = layout.registration
        if printed is not None:
            if int(printed.split("/", 1)[0]) != number:
                raise Refused(f"Văn bản đã có số {printed}, khác số {number:02d} vừa cho.",
                              "Bỏ --number, hoặc kiểm tra lại số văn thư đã cấp.")
        else:
            fills.append((_field_blank(layout, NUMBER_FIELD, "số"), f"{number:02d}"))
    if issued_on is not None:
        printed_day = layout.issued_on
        if printed_day is not None:
            if printed_day != issued_on:
                raise Refused(f"Văn bản đã ghi ngày {printed_day:%d/%m/%Y}, khác ngày {issued_on:%d/%m/%Y} "
                              "vừa cho.", "Bỏ --date, hoặc kiểm tra lại ngày ban hành.")
        else:
            if layout.year is not None and layout.year != issued_on.year:
                raise Refused(f"Văn bản in sẵn năm {layout.year}, ngày vừa cho ở năm {issued_on.year}.",
                              "Cho ngày ban hành trong năm in trên văn bản, hoặc sửa kế hoạch và kết "
                              "xuất lại.")
            fills.append((_field_blank(layout, DAY_FIELD, "ngày"), pad_day(issued_on.day)))
            fills.append((_field_blank(layout, MONTH_FIELD, "tháng"), pad_month(issued_on.month)))
    return tuple(fills)


def _field_blank(layout: Layout, name: str, what: str) -> Blank:
    blank = layout.blank(name)
    if blank is None or name not in layout.fields or layout.fields[name].strip():
        raise Refused(
            f"Không có ô trống để điền {what} vào bản đã ký: người có thẩm quyền đã ký bản không có ô đó.",
            "Ghi số và ngày vào kế hoạch, kết xuất lại PDF rồi ký lại; hoặc ký bằng kehoach bản PDF còn "
            "để trống số, ngày (kehoach để sẵn ô điền).")
    return blank


def plan_attachment(pdf: bytes, main_pdf: bytes) -> Job:
    """An attachment in a file of its own (any PDF: a table, a map, a scan): the body's signature
    with no image, the main document's number and the signing time at the top right."""
    main = read_layout(main_pdf)
    if main.registration is None or main.issued_on is None:
        raise Refused("Văn bản chính chưa có số và ngày ban hành: chưa ký được văn bản kèm theo.",
                      "Văn bản kèm theo được ký số sau khi văn bản chính có số, ngày.")
    existing = read_existing(pdf)
    if _named(existing, BODY_FIELD):
        raise Refused("Văn bản kèm theo đã có chữ ký số của cơ quan.")
    from kehoach.sign.fonts import stamp_font, text_width

    first_page = _first_page_box(pdf)
    font = stamp_font()
    lines = (main.registration,)
    widest = max(text_width(font, text, placement.STAMP_FONT_PT)
                 for text in (*lines, vn_time(datetime.now()))) + 1
    return Job("attachment", BODY_FIELD, placement.attachment_stamp(first_page, widest, len(lines) + 1),
               None, stamp_lines=lines, location=main.place)


def _first_page_box(pdf: bytes) -> Box:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    page = reader.root["/Pages"]
    while "/Kids" in page:
        page = page["/Kids"][0].get_object()
    box = [float(v) for v in page.get_object().get("/MediaBox") or reader.root["/Pages"]["/MediaBox"]]
    if int(page.get("/Rotate", 0)) % 360:
        raise KehoachError("Trang đầu của văn bản kèm theo bị xoay (/Rotate): không đặt được dấu ký ở góc "
                           "trên bên phải.", "Xuất lại PDF với trang không xoay.")
    return Box(*box)


# ---------------------------------------------------------------------------------------------
# Stage 2: the signature


def sign(pdf: bytes, job: Job, signer: Signer, options: Options = Options()) -> Signed:
    """Apply `job` with `signer`; see the module's docstring for the level."""
    if options.level in ("b-t", "b-lt") and not options.tsa:
        raise KehoachError(f"Mức {options.level.upper()} cần dấu thời gian: cho địa chỉ máy chủ bằng "
                           "--tsa URL.")
    notes: list[str] = []
    want_lt = options.level == "b-lt" or (options.level == "auto" and options.tsa is not None)
    if want_lt:
        try:
            return _sign(pdf, job, signer, options, long_term=True)
        except _NoRevocationData as exc:
            if options.level == "b-lt":
                raise KehoachError(f"Không lấy được dữ liệu thu hồi của chuỗi chứng thư ({exc}): chưa ký "
                                   "được ở mức B-LT.",
                                   "Kiểm tra kết nối mạng tới máy chủ CRL/OCSP của CA, hoặc ký ở mức B-T "
                                   "(--level b-t).") from None
            notes.append(f"Không lấy được dữ liệu thu hồi của chuỗi chứng thư ({exc}): chữ ký ở mức B-T.")
    signed = _sign(pdf, job, signer, options, long_term=False)
    return Signed(signed.data, signed.level, signed.signed_at, tuple(notes))


class _NoRevocationData(Exception):
    pass


def _sign(pdf: bytes, job: Job, signer: Signer, options: Options, long_term: bool) -> Signed:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, RevokedError

    cert = signer.signing_cert
    usages = set(cert.key_usage_value.native) if cert.key_usage_value is not None else {"non_repudiation"}
    usages = usages & {"digital_signature", "non_repudiation"} or {"non_repudiation"}
    context = _validation_context(signer, options) if long_term else None
    started = datetime.now().astimezone()
    meta = signers.PdfSignatureMetadata(
        field_name=job.field,
        reason=job.reason,
        location=job.location,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=context is not None,
        validation_context=context,
        signer_key_usage=usages,
    )
    spec = fields.SigFieldSpec(job.field, on_page=job.place.page,
                               box=(job.place.box.x0, job.place.box.y0, job.place.box.x1, job.place.box.y1),
                               **_lock(job))
    pdf_signer = signers.PdfSigner(meta, signer, timestamper=_timestamper(options.tsa),
                                   stamp_style=_style(job), new_field_spec=spec)

    async def run() -> io.BytesIO:
        # One event loop for the chain check and the signature: the validation context's HTTP
        # sessions (CRL, OCSP) are opened and closed in it.
        try:
            if context is not None:
                await _check_chain(cert, signer, context, usages)
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            from kehoach.sign import formfields

            formfields.add_blanks(writer, job.blanks)  # in the signed revision, with the signature
            formfields.fill(writer, job.fills)
            return await pdf_signer.async_sign_pdf(writer, appearance_text_params=_text_params(job))
        finally:
            if context is not None:
                await context.aclose()

    try:
        out = asyncio.run(run())
    except RevokedError:
        raise Refused("Chứng thư số của người ký đã bị thu hồi: không ký được.") from None
    except (PathBuildingError, PathValidationError) as exc:
        if long_term:
            raise _NoRevocationData(_reason(exc)) from None
        raise KehoachError(f"Không kiểm tra được chuỗi chứng thư: {_reason(exc)}.") from None
    except SigningError as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, RevokedError):
            raise Refused("Chứng thư số của người ký đã bị thu hồi: không ký được.") from None
        if long_term and isinstance(cause, PathBuildingError | PathValidationError):
            raise _NoRevocationData(_reason(cause)) from None
        raise KehoachError(f"Không ký được: {_reason(exc)}.") from None
    except _TimestampFailed as exc:
        raise KehoachError(f"Không lấy được dấu thời gian từ {options.tsa}: {exc}.",
                           "Kiểm tra địa chỉ máy chủ dấu thời gian (TSA) và kết nối mạng.") from None
    level = "B-LT" if context is not None else "B-T" if options.tsa else "B-B"
    return Signed(out.getvalue(), level, started)


def _lock(job: Job) -> dict:
    """What may change after this signature: the field's lock (/Lock, FieldMDP; /P of PDF 2.0).

    The person's: every form field locked but the blanks of the number and date and the body's
    signature field (pyHanko counts signing a field added later as a change to that field, so it
    is named). No /P: a DocMDP level would forbid adding the body's signature field, and changes
    other than signing and filling those fields are already called changes by `kehoach verify`.
    The body's: every field locked and no change at all (/P 1) — the document is issued; only
    validation data and archive timestamps may follow, which are no change to the document.
    Without it a later revision could write another number into the fields and both signatures
    would still be called valid.
    """
    from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm

    if job.role == "person":
        unlocked = [NUMBER_FIELD, DAY_FIELD, MONTH_FIELD, BODY_FIELD]
        return {"field_mdp_spec": FieldMDPSpec(FieldMDPAction.EXCLUDE, unlocked)}
    return {"field_mdp_spec": FieldMDPSpec(FieldMDPAction.ALL), "doc_mdp_update_value": MDPPerm.NO_CHANGES}


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:300]


def _validation_context(signer: Signer, options: Options):  # -> ValidationContext
    from pyhanko_certvalidator import ValidationContext

    chain = list(signer.cert_registry)
    roots = load_certs(options.trust) + [c for c in chain if c.self_signed in ("maybe", "yes")]
    return ValidationContext(trust_roots=roots, other_certs=chain, allow_fetching=True,
                             revocation_mode="hard-fail")


async def _check_chain(cert: x509.Certificate, signer: Signer, context, usages: set[str]) -> None:
    """Before signing at B-LT: the chain reaches a root and its revocation data can be had."""
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import RevokedError

    validator = CertificateValidator(cert, intermediate_certs=list(signer.cert_registry),
                                     validation_context=context)
    try:
        await validator.async_validate_usage(usages)
    except RevokedError:
        raise Refused("Chứng thư số của người ký đã bị thu hồi: không ký được.") from None
    except Exception as exc:  # no path to a root, no revocation data: no B-LT
        raise _NoRevocationData(_reason(exc)) from None


class _TimestampFailed(Exception):
    pass


def _timestamper(url: str | None):  # -> TimeStamper | None
    if url is None:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError

    class Timestamper(HTTPTimeStamper):
        async def async_timestamp(self, message_digest, md_algorithm):  # type: ignore[no-untyped-def]
            try:
                return await super().async_timestamp(message_digest, md_algorithm)
            except (TimestampRequestError, OSError) as exc:
                raise _TimestampFailed(_reason(exc)) from None

        async def async_dummy_response(self, md_algorithm):  # type: ignore[no-untyped-def]
            try:
                return await super().async_dummy_response(md_algorithm)
            except (TimestampRequestError, OSError) as exc:
                raise _TimestampFailed(_reason(exc)) from None

    return Timestamper(url, timeout=TSA_TIMEOUT_S)


def _text_params(job: Job) -> dict[str, str]:
    return {"number": "\n".join(job.stamp_lines)} if job.role == "attachment" else {}


def _style(job: Job):  # -> BaseStampStyle
    from pyhanko.pdf_utils import layout as pdf_layout

    if job.image is not None:
        from pyhanko.pdf_utils.images import PdfImage
        from pyhanko.stamp import StaticStampStyle

        return StaticStampStyle(
            background=PdfImage(job.image.image),
            background_opacity=1.0,
            border_width=0,
            background_layout=pdf_layout.SimpleBoxLayoutRule(
                x_align=pdf_layout.AxisAlignment.ALIGN_MID, y_align=pdf_layout.AxisAlignment.ALIGN_MID,
                margins=pdf_layout.Margins(0, 0, 0, 0),
                inner_content_scaling=pdf_layout.InnerScaling.STRETCH_FILL),
        )
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    from kehoach.sign.fonts import engine_factory

    size = int(placement.STAMP_FONT_PT)
    font = engine_factory("Regular", "".join(job.stamp_lines) + "0123456789-:+T", size)

    class VietnamTimeStampStyle(TextStampStyle):
        """pyHanko writes the signing time with strftime, whose %z has no colon (+0700) and whose
        zone is the computer's: rewritten here in Vietnam time, ISO 8601 (+07:00)."""

        def create_stamp(self, writer, box, text_params):  # type: ignore[no-untyped-def]
            moment = datetime.strptime(text_params["ts"], STAMP_TIME_FORMAT)
            return super().create_stamp(writer, box, {**text_params, "ts": vn_time(moment)})

    return VietnamTimeStampStyle(
        stamp_text="%(number)s\n%(ts)s",
        timestamp_format=STAMP_TIME_FORMAT,
        text_box_style=TextBoxStyle(
            font=font, font_size=size,
            leading=round(size * placement.STAMP_LEADING),
            # no margin but the last line's descenders (placement.attachment_stamp sizes the box so)
            box_layout_rule=pdf_layout.SimpleBoxLayoutRule(
                x_align=pdf_layout.AxisAlignment.ALIGN_MIN, y_align=pdf_layout.AxisAlignment.ALIGN_MIN,
                margins=pdf_layout.Margins(0, 0, 0, round(placement.STAMP_DESCENT * size)),
                inner_content_scaling=pdf_layout.InnerScaling.NO_SCALING)),
        border_width=0,
        inner_content_layout=pdf_layout.SimpleBoxLayoutRule(
            x_align=pdf_layout.AxisAlignment.ALIGN_MAX, y_align=pdf_layout.AxisAlignment.ALIGN_MAX,
            margins=pdf_layout.Margins(0, 0, 0, 0), inner_content_scaling=pdf_layout.InnerScaling.NO_SCALING),
    )
