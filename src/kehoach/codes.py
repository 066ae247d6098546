"""Every diagnostic code, with its user documentation.

Plan rules document themselves (their docstrings); the codes of the loader and the schema stage
are documented here in the same form, so `kehoach rules` and docs/rules.md list all of them.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass

from kehoach.diagnostics import Severity


@dataclass(frozen=True)
class CodeDoc:
    code: str
    name: str
    severity: Severity
    doc: str

    @property
    def summary(self) -> str:
        return " ".join(self.doc.split("\n\n", 1)[0].split())


def _dedent(text: str) -> str:
    """Like inspect.cleandoc, but keeps tabs: an example of a Tab mistake must show a Tab."""
    return textwrap.dedent(text).strip("\n").rstrip()


def _doc(code: str, name: str, severity: Severity, doc: str) -> CodeDoc:
    return CodeDoc(code, name, severity, _dedent(doc))


STAGE_CODES: tuple[CodeDoc, ...] = (
    _doc("KH001", "unreadable", Severity.ERROR, """
        Tệp không đọc được: không có, quá lớn, không phải UTF-8 (UTF-16, mã cũ TCVN3/VNI/Windows-1258)
        hoặc là dữ liệu nhị phân. Lệnh dừng với mã thoát 2.

        Sai:
            (tệp lưu bằng VNI Windows: "Keá hoaïch" thay vì "Kế hoạch")

        Đúng:
            (tệp lưu bằng UTF-8, chữ Unicode dựng sẵn: "Kế hoạch")
        """),
    _doc("KH002", "duplicate-key", Severity.ERROR, """
        Một khóa xuất hiện hai lần trong cùng một bảng. YAML thường lặng lẽ giữ giá trị sau; kehoach báo lỗi.

        Sai:
            units:
              vhxh: Công chức Văn hóa - Xã hội
              vhxh: Công chức VHXH

        Đúng:
            units:
              vhxh: Công chức Văn hóa - Xã hội
        """),
    _doc("KH003", "yaml-syntax", Severity.ERROR, """
        Lỗi cú pháp YAML: thụt lề sai, dùng Tab, thiếu dấu `:`, ngoặc kép không đóng, tệp rỗng, thẻ
        `!…` lạ, alias lồng nhau quá nhiều, hoặc cấp ngoài cùng không phải bảng.

        Sai:
            document:
            \tissuer: Ủy ban nhân dân xã An Dương   # thụt lề bằng Tab

        Đúng:
            document:
              issuer: Ủy ban nhân dân xã An Dương
        """),
    _doc("KH004", "invalid-date", Severity.ERROR, """
        Một ngày viết đúng dạng nhưng không có thật trên lịch.

        Sai:
            date: 2024-02-30

        Đúng:
            date: 2024-02-29
        """),
    _doc("KH005", "yaml11-trap", Severity.ERROR, """
        Một giá trị YAML 1.1 đọc khác với điều người viết định nói: `0123` thành 83 (bát phân),
        `1:30` thành 90, `no`/`yes`/`on`/`off` thành đúng/sai. kehoach không đoán.

        Sai:
            number: 0123

        Đúng:
            number: 123
        """),
    _doc("KH006", "merge-conflict", Severity.ERROR, """
        Tệp còn dấu xung đột của git sau khi gộp nhánh.

        Sai:
            <<<<<<< HEAD
              total: 13_000_000
            =======
              total: 12_000_000
            >>>>>>> nhanh-khac

        Đúng:
              total: 13_000_000
        """),
    _doc("KH007", "not-nfc", Severity.WARNING, """
        Chữ tiếng Việt ở dạng tổ hợp (NFD) thay vì dựng sẵn (NFC). kehoach chuẩn hóa khi đọc, nhưng
        nên lưu lại tệp ở dạng dựng sẵn để tìm kiếm và so khớp đúng.

        Sai:
            name: Nguye\u0302\u0303n Tua\u0302\u0301n Anh   # "e" + dấu mũ + dấu ngã tổ hợp

        Đúng:
            name: Nguyễn Tuấn Anh   # "ễ" dựng sẵn
        """),
    _doc("KH008", "invisible-text", Severity.ERROR, """
        Chữ mà mắt không kiểm được: một giá trị chỉ gồm ký tự không nhìn thấy (ký tự điều khiển,
        ký tự rộng 0, ký tự đổi chiều chữ, BOM), có ký tự điều khiển hay ký tự đổi chiều chữ trong
        chữ (thường từ `"\\0"`, `"\\x01"` trong ngoặc kép, hoặc do dán từ Word, PDF), hoặc một
        chuỗi dài bất thường các dấu tổ hợp trên một chữ cái.

        Sai:
            signer:
              name: "\\u200b"        # chỉ có một ký tự rộng 0: người đọc thấy ô trống
            place: "An\\x01 Dương"

        Đúng:
            signer:
              name: Nguyễn Tuấn Anh
            place: An Dương
        """),
    _doc("KH009", "hidden-characters", Severity.WARNING, """
        Chữ có ký tự ẩn (ký tự rộng 0, gạch nối mềm, BOM) giữa các chữ nhìn thấy: không hiện trên
        màn hình nhưng vẫn bị chép vào văn bản và làm sai việc tìm kiếm.

        Sai:
            summary: "Thực hiện\\u200b Chương trình"

        Đúng:
            summary: Thực hiện Chương trình
        """),
    _doc("KH010", "suppression", Severity.WARNING, """
        Một chú thích `# kehoach: bỏ qua …` mà kehoach không làm theo được: không ghi mã, mã không
        có, chữ khác “bỏ qua” / “bỏ qua cả tệp”, hoặc mã là lỗi mà cấu hình (`kehoach.toml`) không
        cho phép bỏ qua (`allow-errors`) hay không bao giờ bỏ qua được. Lỗi vẫn được báo như thường.

        Sai:
            date:          # kehoach: bỏ qua KH550
            total: 13_000_001   # kehoach: bỏ qua KH201  (không có allow-errors)

        Đúng:
            date:          # kehoach: bỏ qua KH505
            # kehoach: bỏ qua cả tệp KH512
        """),
    _doc("KH101", "missing-field", Severity.ERROR, """
        Thiếu một trường bắt buộc.

        Sai:
            signer:
              title: Chủ tịch

        Đúng:
            signer:
              title: Chủ tịch
              name: Nguyễn Tuấn Anh
        """),
    _doc("KH102", "unknown-field", Severity.ERROR, """
        Một trường không có trong định dạng kế hoạch (thường là gõ sai tên trường).

        Sai:
            deadlnie: Q4/2024

        Đúng:
            deadline: Q4/2024
        """),
    _doc("KH103", "wrong-type", Severity.ERROR, """
        Giá trị sai kiểu: cần chữ mà viết số, cần danh sách mà viết một dòng, để trống trường bắt buộc.

        Sai:
            recipients: Các thôn

        Đúng:
            recipients:
              - Các thôn
        """),
    _doc("KH104", "not-allowed-value", Severity.ERROR, """
        Giá trị không thuộc các giá trị được phép (ví dụ thẩm quyền ký).

        Sai:
            authority: THAY MẶT

        Đúng:
            authority: TM
        """),
    _doc("KH105", "money", Severity.ERROR, """
        Số tiền không phải số nguyên đồng. Đặc biệt, `5.000` không có ngoặc kép là số thực 5,0 đối
        với YAML; kehoach không đoán đó là 5 đồng hay 5.000 đồng.

        Sai:
            DA6.TDA1: 5.000

        Đúng:
            DA6.TDA1: 5_000_000
        """),
    _doc("KH106", "date-or-deadline", Severity.ERROR, """
        Ngày, thời hạn hoặc giai đoạn không đúng dạng, hoặc không có thật. Thời hạn ghi một trong
        các dạng: ngày (31/12/2024, 2024-12-31), tháng (12/2024), quý (Q4/2024, quý IV/2024), nửa năm
        (6 tháng đầu năm 2024, H1/2024), năm (năm 2024), sự kiện (vào ngày 04/11/2025), khoảng (từ
        tháng 4 đến tháng 12/2024), định kỳ (định kỳ hằng quý, hằng tháng trước ngày 20, định kỳ 6
        tháng, hằng năm) hoặc thường xuyên. Giai đoạn: `period: 2021-2025`, không ghi cùng `year`.

        Sai:
            deadline: cuối năm
            deadline: 13/2024
            deadline: từ tháng 10 đến tháng 3/2024

        Đúng:
            deadline: Q4/2024
            deadline: định kỳ 6 tháng, hằng năm
            deadline: từ tháng 4 đến tháng 12/2024
        """),
    _doc("KH107", "identifier", Severity.ERROR, """
        Mã (đơn vị, hoạt động, dự án) không đúng dạng: mã đơn vị và hoạt động là chữ thường không
        dấu, số và dấu `-`; mã dự án như trong danh mục.

        Sai:
            lead: Văn hóa

        Đúng:
            lead: vhxh
        """),
    _doc("KH108", "activity-shape", Severity.ERROR, """
        Một mục nội dung cần tiêu đề (`project` trong danh mục hoặc `title`, không cả hai) và nội
        dung (`text`, `items` hoặc `children`).

        Sai:
            - project: DA6.TDA1
              title: Giảm nghèo về thông tin
              text: [ … ]

        Đúng:
            - project: DA6.TDA1
              text: [ … ]
        """),
    _doc("KH109", "unknown-programme", Severity.ERROR, """
        Không tìm thấy danh mục chương trình mà kế hoạch chọn ở `programme` (lỗi ở dòng đó), hoặc
        tệp danh mục của kế hoạch sai (lỗi ở đúng dòng của tệp danh mục, xem docs/catalogue.md).

        Sai:
            programme: giam-ngheo-2026

        Đúng:
            programme: giam-ngheo-2021-2025
        """),
)


def all_codes() -> list[CodeDoc]:
    """Every code, sorted: stage codes and plan rules."""
    from kehoach.progress.rules import PROGRESS_RULES
    from kehoach.report.rules import REPORT_RULES
    from kehoach.rules import RULES

    docs = list(STAGE_CODES) + [CodeDoc(r.code, r.name, r.severity, r.doc)
                                for r in (*RULES, *PROGRESS_RULES, *REPORT_RULES)]
    return sorted(docs, key=lambda c: c.code)


def documented(code: str) -> CodeDoc | None:
    """The documentation of one code; None for a code kehoach does not have."""
    return _by_code().get(code)


@functools.cache
def _by_code() -> dict[str, CodeDoc]:
    return {c.code: c for c in all_codes()}


_SILENCING = {"free": "được", "allow-errors": "với allow-errors", "never": "không"}


@dataclass(frozen=True)
class Silencing:
    """How far a code may be tuned: `free` (a warning: off, or up to an error), `allow-errors`
    (an error that makes a document wrong, lowered only where the config names it in
    allow-errors), `never` (the file cannot be read as a plan without it fixed)."""

    code: str
    kind: str  # "free" | "allow-errors" | "never"
    reason: str


def silencing(code: str) -> Silencing:
    """Which codes can be silenced, and why (docs/rules.md's column and the README say this).

    Warnings are the team's to tune. Errors of the loader, the schema and the references (KH0xx,
    KH1xx, KH4xx) never: without them fixed kehoach cannot read the plan right, and every command
    after it would build on a guess. A report's missing parts (KH7xx) never: that is what
    `report --draft` is for. The other errors make the document wrong (sums, words, dates, the
    decree's form, progress beyond the budget): silenced only where the config names each one in
    allow-errors."""
    doc = documented(code)
    if doc is None:
        raise KeyError(code)
    if doc.severity is Severity.WARNING:
        return Silencing(code, "free", "cảnh báo: nhóm tự quyết tắt hay đổi mức")
    if code < "KH200" or code.startswith("KH4"):
        return Silencing(code, "never", "lỗi đọc tệp, cấu trúc, kiểu hay mã tham chiếu: còn lỗi này "
                         "thì kehoach không đọc đúng được kế hoạch")
    if code.startswith("KH7"):
        return Silencing(code, "never", "báo cáo chưa đủ phần hay sai ngày: bản chưa xong thì in bằng "
                         "`kehoach report --draft`")
    return Silencing(code, "allow-errors", "lỗi làm sai văn bản (số tiền, chữ, ngày, thể thức, tiến độ): "
                     "chỉ bỏ qua khi kehoach.toml ghi mã này trong allow-errors")


def markdown() -> str:
    """docs/rules.md: every code with its documentation."""
    out = ["# Mã lỗi của `kehoach validate`", "",
           "Tệp này do `kehoach rules --format md` tạo ra; đừng sửa tay.", "",
           "Cột “bỏ qua”: cảnh báo tắt được hay đổi mức trong `kehoach.toml` và bỏ qua được bằng chú "
           "thích `# kehoach: bỏ qua MÃ`; lỗi làm sai văn bản chỉ khi `kehoach.toml` ghi mã đó trong "
           "`allow-errors`; lỗi đọc tệp, cấu trúc và mã tham chiếu không bao giờ (README, “Cấu hình "
           "quy tắc”).",
           "",
           "| mã | tên | mức | bỏ qua | nội dung |", "|---|---|---|---|---|"]
    codes = all_codes()
    out += [f"| [{c.code}](#{c.code.lower()}) | {c.name} | {c.severity.label} | "
            f"{_SILENCING[silencing(c.code).kind]} | {c.summary} |" for c in codes]
    for c in codes:
        found = silencing(c.code)
        out += ["", f"## {c.code}", "", f"`{c.name}` — {c.severity.label}; bỏ qua: {_SILENCING[found.kind]} "
                f"({found.reason})", ""]
        for block in c.doc.split("\n\n"):
            if block.startswith(("Sai:", "Đúng:")):
                head, _, body = block.partition("\n")
                out += [f"**{head}**", "", "```yaml", _dedent(body), "```", ""]
            else:
                out += [block, ""]
    return "\n".join(out).rstrip() + "\n"
