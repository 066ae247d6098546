"""Document rules: what Decree 30/2020 requires of the header, signer and recipients."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach.diagnostics import Severity
from kehoach.model import Plan, signs_as_collective
from kehoach.rules.base import Context, Problem, rule

_ISSUER_CODE = re.compile(r"[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*")


@rule("KH501", "document-code")
def issuer_code_format(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Chữ viết tắt tên cơ quan trong ký hiệu viết in hoa, các nhóm nối bằng `-`, không có dấu cách.

    Ký hiệu văn bản là `KH-<issuer_code>`, ví dụ `Số: 52/KH-UBND`.

    Sai:
        issuer_code: ubnd xã

    Đúng:
        issuer_code: UBND
    """
    code = plan.document.issuer_code
    if not _ISSUER_CODE.fullmatch(code):
        yield Problem(("document", "issuer_code"),
                      f"Chữ viết tắt `{code}` không đúng thể thức ký hiệu văn bản.",
                      "Viết in hoa, không dấu cách, các nhóm nối bằng `-`: UBND, PVHXH, UBND-VHXH.")


@rule("KH502", "document-date-year", Severity.WARNING)
def date_fits_year(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Ngày ban hành nằm trong năm (giai đoạn) kế hoạch hoặc năm trước đó (kế hoạch năm sau ban
    hành cuối năm).

    Sai:
        year: 2024
        document: {date: 2022-03-29, …}

    Đúng:
        year: 2024
        document: {date: 2024-03-29, …}
    """
    issued = plan.document.date
    if issued is not None and not plan.first_year - 1 <= issued.year <= plan.last_year:
        yield Problem(("document", "date"),
                      f"Ngày ban hành {plan.document.date_words} không thuộc {plan.years_label} của "
                      "kế hoạch.",
                      "Kiểm tra lại `document.date` và `year` (hoặc `period`).")


@rule("KH505", "document-undated", Severity.WARNING)
def document_dated(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Kế hoạch chưa ghi ngày ban hành: văn bản in dòng ngày để trống (“An Dương, ngày     tháng
    năm 2025”) như bản dự thảo. Ghi `document.date` khi ký ban hành.

    Sai:
        document:
          date:          # để trống, như kế hoạch vừa tạo bằng `kehoach new`

    Đúng:
        document:
          date: 2025-03-20
    """
    if plan.document.date is None:
        yield Problem(("document", "date"),
                      "Chưa ghi ngày ban hành: dòng ngày tháng in để trống như bản dự thảo.",
                      f"Ghi `date:` (ví dụ {plan.first_year}-03-20) khi ký ban hành kế hoạch.", on_key=True)


@rule("KH503", "signer-authority")
def signer_matches_issuer(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Thẩm quyền ký phải hợp với cơ quan ban hành (Nghị định 30/2020, Điều 13).

    `TM` chỉ dùng khi thay mặt tập thể (Ủy ban nhân dân, Hội đồng …); `KT`, `Q`, `TL`, `TUQ`
    cần biết chức vụ người đứng đầu (`head_title`, mặc định “Chủ tịch” với Ủy ban nhân dân);
    người ký thay (`KT`) không thể có cùng chức vụ với người đứng đầu.

    Sai:
        document: {issuer: Phòng Văn hóa - Xã hội xã An Dương, …}
        signer: {authority: TM, title: Trưởng phòng, …}

    Đúng:
        document: {issuer: Ủy ban nhân dân xã An Dương, …}
        signer: {authority: TM, title: Chủ tịch, name: Nguyễn Tuấn Anh}
    """
    signer = plan.signer
    collective = signs_as_collective(plan.document.issuer, signer)
    if signer.authority == "TM" and not collective:
        yield Problem(("signer", "authority"),
                      f"`TM.` (thay mặt) chỉ dùng cho tập thể; {plan.document.issuer} không phải "
                      "tập thể lãnh đạo.",
                      "Bỏ `authority` khi người đứng đầu ký, hoặc dùng KT/Q/TL/TUQ.")
    if signer.authority in ("KT", "Q", "TL", "TUQ") and signer.head_title is None and not collective:
        yield Problem(("signer",),
                      f"Ký `{signer.authority}.` cần biết chức vụ người đứng đầu được ký thay.",
                      "Thêm `head_title:` (ví dụ Trưởng phòng).")
    head = signer.head_title or ("Chủ tịch" if collective else None)
    if signer.authority == "KT" and head and signer.title.casefold() == head.casefold():
        yield Problem(("signer", "title"),
                      f"Ký thay (KT.) nhưng chức vụ người ký trùng với người đứng đầu ({head}).",
                      "Người ký thay là cấp phó, ví dụ `title: Phó Chủ tịch`; nếu người đứng đầu "
                      "tự ký, dùng `authority: TM` (tập thể) hoặc bỏ `authority`.")


@rule("KH504", "recipients")
def has_recipients(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Văn bản phải có ít nhất một nơi nhận, và dòng Lưu phải có văn thư (VT).

    Sai:
        recipients: []
        archive: [VHXH]

    Đúng:
        recipients: [Phòng LĐTBXH huyện (b/c), Các thôn]
        archive: [VT, VHXH]
    """
    if not plan.recipients:
        yield Problem(("recipients",), "Chưa có nơi nhận nào.", "Thêm ít nhất một nơi nhận.")
    if "VT" not in plan.archive:
        yield Problem(("archive",), "Dòng “Lưu” phải có VT (văn thư cơ quan).",
                      "Viết `archive: [VT, <đơn vị soạn thảo>]`.")
    for i, entry in enumerate(plan.recipients):
        if entry.endswith((";", ".")):
            yield Problem(("recipients", i),
                          f"Nơi nhận “{entry}” có dấu câu ở cuối; kehoach tự thêm “;” khi trình bày.",
                          "Bỏ dấu ở cuối dòng.")


_BASIS = re.compile(r"căn cứ\b", re.IGNORECASE)


@rule("KH512", "basis-wording", Severity.WARNING)
def bases_begin_with_can_cu(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi căn cứ ban hành văn bản bắt đầu bằng “Căn cứ” (Nghị định 30/2020, Phụ lục I): kehoach
    in căn cứ đúng như viết, không tự thêm chữ. Văn bản chỉ “thực hiện” theo một văn bản khác thì
    viết ở phần mở đầu (`opening: Thực hiện …`), không ở `bases`.

    Sai:
        bases:
          - Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ …

    Đúng:
        bases:
          - Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ …
    """
    for i, basis in enumerate(plan.bases):
        if not _BASIS.match(basis.lstrip()):
            shown = basis if len(basis) <= 60 else basis[:60].rstrip() + "…"
            yield Problem(("bases", i), f"Căn cứ thứ {i + 1} không bắt đầu bằng “Căn cứ”: “{shown}”.",
                          "Viết `Căn cứ …`; nếu kế hoạch thực hiện theo văn bản đó thì đưa vào `opening: "
                          "Thực hiện …`.")


@rule("KH513", "recipient-split", Severity.WARNING)
def recipients_begin_with_a_capital(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi nơi nhận bắt đầu bằng chữ hoa. Nơi nhận bắt đầu bằng chữ thường thường là nửa sau của
    một tên có dấu phẩy bị cắt đôi: trong danh sách `[ … ]`, YAML tách ở mọi dấu phẩy.

    Sai:
        recipients: [Đảng ủy xã, Các phòng, đơn vị thuộc xã]   # thành “Các phòng” và “đơn vị thuộc xã”

    Đúng:
        recipients:
          - Đảng ủy xã
          - Các phòng, đơn vị thuộc xã
    """
    for i, entry in enumerate(plan.recipients):
        first = entry.lstrip()[:1]
        if first.isalpha() and first.islower():
            before = f"“{plan.recipients[i - 1]}, {entry}”" if i else f"“{entry}”"
            yield Problem(("recipients", i),
                          f"Nơi nhận “{entry}” bắt đầu bằng chữ thường: có thể là một tên bị cắt đôi ở "
                          f"dấu phẩy ({before}).",
                          "Trong `[ … ]` YAML tách ở mọi dấu phẩy: viết mỗi nơi nhận một dòng `- …`, hoặc "
                          "đặt tên có dấu phẩy trong ngoặc kép.")
