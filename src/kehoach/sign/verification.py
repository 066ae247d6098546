"""`kehoach verify`: every signature of a PDF checked by pyHanko, said in Vietnamese.

For each signature: who signed (the certificate's name and organisation), in which role, when
(the time the signer's computer gave and, with B-T, the timestamp authority's), whether the
signed bytes are intact, whether the document changed after it (later revisions that only add
signatures or validation data, or fill the number and date the person's signature left open, are
what Decree 30's order produces and are allowed; anything else is a change, and so is any change
a signature's field lock forbids — after the body's signature, all of them), whether the
certificate chain reaches a root the user trusts (`--trust`), and the PAdES level.

The trust roots are only those the user gives: a Vietnamese CA's root is in no operating
system's list, and trusting whatever the computer trusts would call a stranger's signature
valid. Revocation data: what the document carries (B-LT), plus what can be fetched when
`online` (a revoked certificate makes the signature invalid; data that cannot be had is said,
not counted against the signature).

Exit codes (`exit_code`): 0 every signature valid and trusted; 1 a signature invalid, changed
after, untrusted, or no signature at all; 2 (KehoachError) a file that cannot be read.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from kehoach.diagnostics import KehoachError
from kehoach.sign.timefmt import vn_time

ROLE_NAMES = {"NguoiKy": "người có thẩm quyền", "CoQuan": "cơ quan ban hành"}
Change = Literal["none", "signatures", "other", "unknown"]


@dataclass(frozen=True, slots=True)
class SignatureReport:
    field: str
    role: str | None  # "người có thẩm quyền", "cơ quan ban hành"; None for a field kehoach did not name
    signer: str  # the certificate's common name
    organisation: str | None
    issuer: str
    serial: str
    signed_at: datetime | None  # as the signer's computer said (/M)
    timestamp: datetime | None  # the timestamp authority's time (B-T and above)
    timestamp_ok: bool | None  # None: no timestamp
    intact: bool  # the signed bytes and the signature's mathematics
    change: Change
    trusted: bool  # the chain reaches a root given by the user (judged apart from the bytes being intact)
    revoked: bool
    trust_problem: str | None  # why not trusted, in Vietnamese
    level: str  # "PAdES B-B", "PAdES B-T", "PAdES B-LT", or the non-PAdES subfilter
    revocation_checked: bool = True  # False: neither revocation data in the file nor --online

    @property
    def valid(self) -> bool:
        return (self.intact and self.change in ("none", "signatures") and self.trusted and not self.revoked
                and self.timestamp_ok is not False)


def intact(pdf: bytes, field: str) -> bool:
    """Whether the signature in `field` still matches the bytes it signed (no trust, no diff)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    for sig in reader.embedded_signatures:
        if sig.field_name == field:
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False),
                                            skip_diff=True)
            return bool(status.intact and status.valid)
    return False


def verify(pdf: bytes, trust: Sequence[Path] = (), online: bool = False) -> list[SignatureReport]:
    """Check every signature of `pdf`; KehoachError when it is no readable PDF."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError

    from kehoach.sign.certs import load_certs

    roots = load_certs(trust)
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if reader.encrypted:
            raise KehoachError("PDF này được mã hóa: kehoach không kiểm tra được chữ ký trong tệp mã hóa.")
        signatures = list(reader.embedded_signatures)
        try:
            dss = DocumentSecurityStore.read_dss(reader)
        except NoDSSFoundError:
            dss = None
    except KehoachError:
        raise
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise KehoachError(
            f"Không đọc được PDF: tệp hỏng hoặc không phải PDF ({type(exc).__name__}).") from None
    async def check_all() -> list[SignatureReport]:
        context = _context(roots, dss, online)
        try:
            return [await _check(sig, roots, dss, context, online) for sig in signatures]
        finally:
            await context.aclose()

    return asyncio.run(check_all())


def _context(roots, dss, online: bool):  # -> ValidationContext
    from pyhanko_certvalidator import ValidationContext

    kwargs = {"trust_roots": roots, "allow_fetching": online, "revocation_mode": "soft-fail"}
    if dss is not None:
        return dss.as_validation_context(kwargs)
    return ValidationContext(**kwargs)


async def _check(sig, roots, dss, context, online: bool) -> SignatureReport:  # sig: EmbeddedPdfSignature
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                                match_all_key_usages=False)
    status = await async_validate_pdf_signature(
        sig, signer_validation_context=context, ts_validation_context=context, key_usage_settings=usage)
    cert = status.signing_cert
    subject = cert.subject.native
    change: Change
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        change = "none"
    elif status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        level = status.modification_level
        if level is None:
            change = "unknown"
        elif level <= ModificationLevel.FORM_FILLING and status.docmdp_ok is not False:
            change = "signatures"
        else:
            change = "other"
    else:
        change = "other"
    # The chain is judged on its own: pyHanko's `trusted` is also False whenever the signed bytes
    # changed, which would make a tampered file's report blame a chain that does reach the root.
    chain_ok = bool(status.valid and status.trust_problem_indic is None
                    and status.validation_path is not None)
    ts = status.timestamp_validity
    subfilter = str(sig.sig_object.get("/SubFilter", ""))
    has_revinfo = dss is not None and bool(dss.crls or dss.ocsps)
    if subfilter == "/ETSI.CAdES.detached":
        level_name = "PAdES B-B" if ts is None else "PAdES B-LT" if has_revinfo else "PAdES B-T"
    else:
        level_name = subfilter.lstrip("/") or "không rõ"
    return SignatureReport(
        field=str(sig.field_name),
        role=ROLE_NAMES.get(str(sig.field_name)),
        signer=str(subject.get("common_name") or cert.subject.human_friendly),
        organisation=subject.get("organization_name"),
        issuer=str(cert.issuer.native.get("common_name") or cert.issuer.human_friendly),
        serial=format(cert.serial_number, "X"),
        signed_at=status.signer_reported_dt,
        timestamp=ts.timestamp if ts is not None else None,
        timestamp_ok=None if ts is None else bool(ts.intact and ts.valid and ts.trusted),
        intact=bool(status.intact and status.valid),
        change=change,
        trusted=chain_ok,
        revoked=bool(status.revoked),
        trust_problem=None if chain_ok else _trust_problem(status, roots),
        level=level_name,
        revocation_checked=has_revinfo or online,
    )


def _trust_problem(status, roots) -> str:  # status: PdfSignatureStatus
    if not status.valid:  # pyHanko builds no path for a signature that does not verify
        return "chưa xét được, vì chữ ký không khớp với chứng thư"
    if status.revoked:
        when = status.revocation_details.revocation_date if status.revocation_details else None
        return "chứng thư số đã bị thu hồi" + (f" từ {vn_time(when)}" if when else "")
    if not roots:
        return "chưa cho chứng thư gốc tin cậy (--trust GỐC.pem), nên không xác định được độ tin cậy"
    indic = getattr(status.trust_problem_indic, "name", "") or ""
    if "EXPIRED" in indic or "OUT_OF_BOUNDS" in indic:
        return "chứng thư số đã hết hạn hoặc chưa có hiệu lực vào lúc ký"
    if "REVOKED" in indic:
        return "chứng thư số đã bị thu hồi"
    if "NO_CERTIFICATE_CHAIN_FOUND" in indic or "CHAIN_CONSTRAINTS" in indic or not indic:
        return "chuỗi chứng thư không dẫn tới chứng thư gốc tin cậy nào đã cho (--trust)"
    if "TRY_LATER" in indic or "REVOCATION" in indic:
        return "không có dữ liệu thu hồi để kiểm tra chứng thư"
    return f"chứng thư không được tin cậy ({indic})"


CHANGE_TEXT = {
    "none": "không có gì thay đổi sau khi ký",
    "signatures": "sau khi ký chỉ thêm chữ ký số, dữ liệu kiểm tra, hoặc điền số, ngày vào ô để sẵn "
                  "(được phép)",
    "other": "VĂN BẢN ĐÃ BỊ SỬA sau khi ký",
    "unknown": "không xác định được thay đổi sau khi ký",
}


def describe(reports: Sequence[SignatureReport], name: str) -> list[str]:
    """The report a person reads, one line per fact."""
    if not reports:
        return [f"{name}: không có chữ ký số nào.", "Kết luận: KHÔNG HỢP LỆ (văn bản chưa được ký số)."]
    lines = [f"{name}: {len(reports)} chữ ký số."]
    for index, r in enumerate(reports, 1):
        role = f" — {r.role}" if r.role else ""
        lines.append("")
        lines.append(f"Chữ ký {index} (trường {r.field}{role}): {'HỢP LỆ' if r.valid else 'KHÔNG HỢP LỆ'}")
        lines.append(f"  Người ký: {r.signer}" + (f", {r.organisation}" if r.organisation
                                                 and r.organisation != r.signer else ""))
        lines.append(f"  Chứng thư: số hiệu {r.serial}, do {r.issuer} cấp")
        if r.signed_at is not None:
            lines.append(f"  Thời điểm ký (máy người ký): {vn_time(r.signed_at)}")
        if r.timestamp is not None:
            state = "hợp lệ" if r.timestamp_ok else "KHÔNG hợp lệ"
            lines.append(f"  Dấu thời gian: {vn_time(r.timestamp)} ({state})")
        intact = "chữ ký đúng với nội dung đã ký" if r.intact else "SAI: nội dung đã ký bị thay đổi"
        lines.append(f"  Toàn vẹn: {intact}")
        lines.append(f"  Sau khi ký: {CHANGE_TEXT[r.change]}")
        trusted = ("chuỗi chứng thư dẫn tới chứng thư gốc tin cậy" if r.trusted
                   else f"KHÔNG — {r.trust_problem}")
        lines.append(f"  Tin cậy: {trusted}")
        if not r.revocation_checked and not r.revoked:
            lines.append("  Thu hồi: CHƯA KIỂM TRA — tệp không kèm dữ liệu thu hồi (CRL, OCSP); kiểm tra lại "
                         "với --online để tải từ CA")
        lines.append(f"  Mức: {r.level}")
    lines.append("")
    bad = sum(1 for r in reports if not r.valid)
    lines.append("Kết luận: HỢP LỆ (mọi chữ ký hợp lệ và tin cậy)." if not bad else
                 f"Kết luận: KHÔNG HỢP LỆ ({bad}/{len(reports)} chữ ký không hợp lệ hoặc không tin cậy).")
    return lines


def exit_code(reports: Sequence[SignatureReport]) -> int:
    return 0 if reports and all(r.valid for r in reports) else 1
