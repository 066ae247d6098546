"""The decisions of `kehoach sign` and `kehoach verify`, as library functions: which file is
written, in which order the stages run, what is checked before a key or a PIN is touched. The
commands (kehoach/cli/sign.py, verify.py) parse options and print; a web page or a test calls
these the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kehoach.diagnostics import KehoachError, os_reason
from kehoach.sign import quiet_libraries, require
from kehoach.sign.keys import KeySpec, read_pin
from kehoach.sign.layout import Box
from kehoach.sign.signing import Options, Role

# What a signed file is called next to its input, unless -o says otherwise.
SUFFIX = {"person": ".ky", "body": ".ban-hanh", "attachment": ".ban-hanh"}


@dataclass(frozen=True)
class SignResult:
    output: Path
    role: Role
    level: str
    page: int  # 1-based, as a person counts
    box: Box
    notes: tuple[str, ...]


def default_output(pdf: Path, role: Role) -> Path:
    """`2024.pdf` → `2024.ky.pdf` (the person's), `2024.ky.pdf` → `2024.ban-hanh.pdf` (the body's).
    Always a new name beside the input: the input is never written."""
    stem = pdf.stem
    for suffix in SUFFIX.values():
        stem = stem.removesuffix(suffix)
    return pdf.with_name(f"{stem}{SUFFIX[role]}.pdf")


def parse_issue_date(text: str) -> date:
    """--date as typed: `29/3/2024` or `2024-03-29`."""
    from kehoach.progress import parse_day

    try:
        return parse_day(text)
    except ValueError:
        raise KehoachError(f"`{text}` không phải ngày có thật.",
                           "Viết --date 29/3/2024 hoặc --date 2024-03-29.") from None


def read_pdf(path: Path, what: str = "PDF") -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KehoachError(f"Không đọc được {what} {path}: {os_reason(exc)}.") from None
    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise KehoachError(f"{path} không phải tệp PDF.",
                           "Kết xuất PDF: kehoach render KẾ_HOẠCH.yaml -f pdf.")
    return data


def sign_file(pdf: Path, role: Role, key: KeySpec, *, image: Path | None = None,
              seal_size_mm: float | None = None, attachment_of: Path | None = None,
              number: int | None = None, issued_on: date | None = None,
              options: Options | None = None, output: Path | None = None,
              pin: Callable[[str], str] = read_pin) -> SignResult:
    """Sign `pdf` as `role` and write the signed copy to `output` (atomically; never the input).

    Everything about the document is checked first (is it kehoach's, is it its turn, are the
    images right, can the output be written), then the key is opened and the PIN asked.
    """
    require()
    quiet_libraries()
    from kehoach import output as outputs
    from kehoach.sign import signing
    from kehoach.sign.keys import open_signer

    if role != "body" and (number is not None or issued_on is not None):
        raise KehoachError("Số và ngày ban hành do văn thư điền khi cơ quan ký số: --number, --date đi với "
                           "--as body.")
    if role == "attachment":
        if attachment_of is None:
            raise KehoachError("Ký văn bản kèm theo cần văn bản chính: --attachment-of VĂN_BẢN_CHÍNH.pdf.")
        if image is not None:
            raise KehoachError("Văn bản kèm theo được ký số không có hình ảnh (Phụ lục I): bỏ --image.")
    elif image is None:
        what = "ảnh chữ ký (PNG màu xanh, nền trong suốt)" if role == "person" else \
            "ảnh con dấu (PNG màu đỏ, nền trong suốt)"
        raise KehoachError(f"Thiếu {what}: --image TỆP.png.")
    options = options or Options()
    data = read_pdf(pdf)
    if role == "person":
        assert image is not None
        job = signing.plan_person(data, image)
    elif role == "body":
        assert image is not None
        job = signing.plan_body(data, image, seal_size_mm, number=number, issued_on=issued_on)
    else:
        assert attachment_of is not None
        job = signing.plan_attachment(data, read_pdf(attachment_of, "văn bản chính"))
    target = output or default_output(pdf, role)
    inputs = tuple(p for p in (pdf, image, attachment_of, key.p12, *options.trust) if p is not None)
    outputs.check_target(target, inputs)  # refused before the PIN is asked, and again when written
    with open_signer(key, pin) as signer:
        signed = signing.sign(data, job, signer, options)
    outputs.write_atomic(target, signed.data, inputs)
    notes = signed.notes
    if job.fills:
        said = {blank.field: text for blank, text in job.fills}
        from kehoach.sign.layout import DAY_FIELD, MONTH_FIELD, NUMBER_FIELD

        parts = [f"số {said[NUMBER_FIELD]}"] if NUMBER_FIELD in said else []
        if DAY_FIELD in said:
            parts.append(f"ngày {said[DAY_FIELD]} tháng {said[MONTH_FIELD]}")
        notes = (*notes, f"Đã điền {' và '.join(parts)} vào ô để sẵn trên văn bản.")
    if job.blanks:
        notes = (*notes, "Văn bản còn để trống số/ngày: văn thư điền khi ký số của cơ quan "
                 "(--as body --number … --date …).")
    return SignResult(target, role, signed.level, job.place.page + 1, job.place.box, notes)


def verify_file(pdf: Path, trust: Sequence[Path], online: bool = False):  # -> list[SignatureReport]
    require()
    quiet_libraries()
    from kehoach.sign.verification import verify

    return verify(read_pdf(pdf), trust, online)
