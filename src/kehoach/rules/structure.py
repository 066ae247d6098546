"""Rules on the document's structure and identity as Decree 30/2020 draws it: header lines the
plan gives itself, the ký hiệu, the place name, the signer's name, the programme's period and how
deep the numbering goes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from kehoach.diagnostics import Severity
from kehoach.model import Item, Plan
from kehoach.outline import of, walk
from kehoach.rules.base import Context, Problem, rule

_SPACES = re.compile(r"\s+")
# Common phrases a header line may shorten, as the decree allows for the parent agency.
_SHORT = (("ubnd", "ủy ban nhân dân"), ("hđnd", "hội đồng nhân dân"), ("uỷ", "ủy"))
# A locality word, then the capitalised name it introduces: "xã Sơn Tịnh", "huyện Pác Nặm".
_PLACE_WORD = re.compile(r"(thành phố|thị trấn|thị xã|đặc khu|phường|xã|quận|huyện|tỉnh)\s+(\S)",
                         re.IGNORECASE)
# Academic titles and degrees (học hàm, học vị), which Decree 30 keeps out of the signer's name.
_ACADEMIC = re.compile(
    r"(?<![^\s.,])(GS|PGS|TSKH|TS|ThS|Ths|THS|KS|BS|CN|DS|LS|NGƯT|NGND|CKI|CKII)(?:\.|(?=\s)|$)"
    # ... and the same written out at the start of the name ("Thạc sĩ Nguyễn Văn An").
    r"|^(?i:Phó giáo sư|Giáo sư|Tiến sĩ khoa học|Tiến sĩ|Thạc sĩ|Thạc sỹ|Tiến sỹ|Kỹ sư|Bác sĩ|Cử nhân)"
    r"(?=\s)"
)
# Decree 30 numbers I., 1., 1.1. (and plans commonly 1.1.1.); bullets "-" then "+".
_DEEPEST_ACTIVITY, _DEEPEST_ITEM = 2, 1


def _fold(text: str) -> str:
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()
    for short, full in _SHORT:
        text = re.sub(rf"(?<!\w){short}(?!\w)", full, text)
    return text


def _plan_years(plan: Plan) -> tuple[int, int]:
    """The plan's first and last year (a period plan once issue 9 lands; else its year)."""
    first = getattr(plan, "first_year", None) or plan.year
    last = getattr(plan, "last_year", None) or plan.year
    return first, last


@rule("KH506", "header-lines")
def header_lines_spell_the_name(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Các dòng tiêu đề tự chia (`issuer_lines`, `parent_lines`) ghép lại phải đúng tên cơ quan.

    Tên cơ quan chỉ ghi một lần trong `issuer` / `parent`; các dòng chỉ nói chỗ xuống dòng (được
    viết tắt Ủy ban nhân dân thành UBND, Hội đồng nhân dân thành HĐND).

    Sai:
        document:
          issuer: Ngân hàng Chính sách xã hội huyện Pác Nặm
          issuer_lines: [Ngân hàng Chính sách, huyện Pác Nặm]

    Đúng:
        document:
          issuer: Ngân hàng Chính sách xã hội huyện Pác Nặm
          issuer_lines: [Ngân hàng, Chính sách xã hội, huyện Pác Nặm]
    """
    doc = plan.document
    for key, name_key, name in (("issuer_lines", "issuer", doc.issuer),
                                ("parent_lines", "parent", doc.parent)):
        lines = getattr(doc, key)
        if lines is None:
            continue
        if name is None:
            yield Problem(("document", key), f"Có `{key}` nhưng chưa ghi `{name_key}`.",
                          f"Ghi tên cơ quan chủ quản vào `{name_key}`; `{key}` chỉ chia tên đó "
                          "thành dòng.", on_key=True)
        elif not lines:
            yield Problem(("document", key), f"`{key}` không có dòng nào.",
                          f"Bỏ `{key}` để kehoach tự chia, hoặc ghi các dòng.", on_key=True)
        elif _fold(" ".join(lines)) != _fold(name):
            yield Problem(("document", key),
                          f"Các dòng `{key}` ghép lại là “{' '.join(lines)}”, không đúng tên "
                          f"`{name_key}`: “{name}”.",
                          "Các dòng chỉ chia tên thành dòng, không đổi chữ: sửa cho khớp, hoặc bỏ "
                          f"`{key}` để kehoach tự chia.")


_MM_PER_PT = 25.4 / 72


@rule("KH514", "header-line-width", Severity.WARNING)
def header_lines_fit_the_column(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi dòng tên cơ quan ở tiêu đề phải vừa cột tiêu đề (khoảng 63 mm, chữ in hoa cỡ 13; tên cơ
    quan ban hành in đậm) mà chỉ ngắt giữa các cụm từ. Dòng tự chia (`issuer_lines`,
    `parent_lines`) dài hơn cột sẽ bị Word tự xuống dòng ở chỗ bất kỳ, có khi ngắt giữa “XÃ” và
    “HỘI”; tên kehoach tự chia mà không chia được giữa các cụm từ (một tên riêng, một từ hai âm tiết
    dài hơn cả cột) cũng được báo.

    Sai:
        document:
          issuer: Ngân hàng Chính sách xã hội huyện Pác Nặm
          issuer_lines: [Ngân hàng Chính sách xã hội, huyện Pác Nặm]

    Đúng:
        document:
          issuer: Ngân hàng Chính sách xã hội huyện Pác Nặm
          issuer_lines: [Ngân hàng, Chính sách xã hội, huyện Pác Nặm]
    """
    from kehoach import agency
    from kehoach.metrics import AGENCY_SIZE_PT, HEADER_LEFT, text_width_pt

    column = HEADER_LEFT / 20
    doc = plan.document
    for key, bold in (("issuer_lines", True), ("parent_lines", False)):
        for i, line in enumerate(getattr(doc, key) or ()):
            width = text_width_pt(line.upper(), AGENCY_SIZE_PT, bold=bold)
            if width > column:
                yield Problem(("document", key, i),
                              f"Dòng “{line.upper()}” rộng khoảng {width * _MM_PER_PT:.0f} mm, cột tiêu đề "
                              f"chỉ {column * _MM_PER_PT:.0f} mm: Word sẽ tự xuống dòng giữa chừng.",
                              f"Chia dòng này thành hai dòng trong `{key}`, hoặc bỏ `{key}` để kehoach "
                              "tự chia cho vừa cột.")
    computed = (("issuer", "issuer_lines", doc.issuer, agency.issuer_breaks),
                ("parent", "parent_lines", doc.parent, agency.parent_breaks))
    for key, lines_key, name, breaks in computed:
        if name is None or getattr(doc, lines_key) is not None:
            continue
        if agency.name_fits(name, column, AGENCY_SIZE_PT, parent=key == "parent"):
            continue  # the common case, in one pass; the lines are worked out only to say them
        parts = breaks(" ".join(name.split()), column, AGENCY_SIZE_PT)
        if all(part.fits for part in parts):
            continue
        printed = " / ".join(line for part in parts for line in part.lines)
        yield Problem((("document", key)),
                      f"Tên “{name}” không chia được giữa các cụm từ cho vừa cột tiêu đề "
                      f"({column * _MM_PER_PT:.0f} mm): sẽ in “{printed}”, có dòng ngắt giữa một tên "
                      "hoặc một từ, hoặc dòng quá cột.",
                      f"Tự chia tên thành dòng bằng `{lines_key}` (mỗi dòng vừa cột), hoặc viết tắt "
                      "như Nghị định 30 cho phép (UBND, HĐND).")


@rule("KH515", "summary-line-breaks", Severity.WARNING)
def summary_breaks_between_phrases(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Trích yếu (in đậm, cỡ 14, căn giữa, khổ 165 mm) được kehoach chia dòng giữa các cụm từ: không
    ngắt giữa một tên riêng (“xã An Dương”), một từ hai âm tiết (“Mục tiêu”, “bền vững”), không để
    “năm 2025” đứng riêng một dòng. Chữ hoa liền nhau được coi là một tên: trích yếu viết hoa chữ
    đầu mọi từ, hay có một tên dài hơn cả dòng, thì không chia được như vậy, và được báo.

    Sai:
        document:
          summary: >-
            Thực hiện Chương Trình Mục Tiêu Quốc Gia Giảm Nghèo Bền Vững Trên Địa Bàn
            Xã An Dương Năm 2024

    Đúng:
        document:
          summary: >-
            Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn
            xã An Dương năm 2024
    """
    from kehoach.metrics import TITLE_SIZE_PT, TITLE_WIDTH_PT
    from kehoach.phrases import break_lines, fits

    summary = " ".join(plan.document.summary.split())
    summary = summary[:1].upper() + summary[1:]
    if fits(summary, TITLE_WIDTH_PT, TITLE_SIZE_PT, bold=True):
        return  # the common case, in one pass; the lines are worked out only to say them
    broken = break_lines(summary, TITLE_WIDTH_PT, TITLE_SIZE_PT, bold=True)
    if not broken.fits:
        yield Problem(("document", "summary"),
                      "Trích yếu không chia dòng được giữa các cụm từ: sẽ in "
                      f"“{' / '.join(broken.lines)}”, có chỗ ngắt giữa một tên hoặc một từ.",
                      "Viết gọn trích yếu, hoặc viết thường những chữ không phải tên riêng (chữ hoa "
                      "liền nhau được coi là một tên, không ngắt được).")


@rule("KH507", "document-code-kind")
def issuer_code_without_kind(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """`issuer_code` chỉ là chữ viết tắt tên cơ quan; kehoach tự thêm `KH-` của tên loại văn bản.

    Ghi cả `KH-` thì văn bản in `Số: 943/KH-KH-PVHXH`.

    Sai:
        issuer_code: KH-PVHXH

    Đúng:
        issuer_code: PVHXH
    """
    code = plan.document.issuer_code.strip()
    if code.upper().startswith("KH-"):
        yield Problem(("document", "issuer_code"),
                      f"`issuer_code: {code}` đã có `KH-`; văn bản sẽ in “Số: …/KH-{code}”.",
                      f"Bỏ `KH-`: ghi `issuer_code: {code[3:]}` (kehoach tự in “Số: …/KH-{code[3:]}”).")


@rule("KH508", "place-name", Severity.WARNING)
def place_is_a_name(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Địa danh ở dòng ngày tháng chỉ là tên gọi, không có chữ “xã”, “huyện”, “tỉnh”… đứng trước.

    Đơn vị hành chính đặt tên bằng số giữ cả chữ đứng trước (“Phường 5”); với thành phố, thị xã
    thì ghi như cơ quan vẫn ghi (“Thành phố Huế”) — quy tắc này không xét hai loại đó.

    Sai:
        place: xã Sơn Tịnh

    Đúng:
        place: Sơn Tịnh
    """
    place = plan.document.place.strip()
    match = _PLACE_WORD.match(place)
    if (match and match.start() == 0 and not match[2].isdigit()
            and match[1].casefold() not in ("thành phố", "thị xã")):
        name = place[match.start(2):]
        yield Problem(("document", "place"),
                      f"Địa danh “{place}” có chữ “{match[1]}” đứng trước tên.",
                      f"Chỉ ghi tên: `place: {name}` (văn bản in “{name}, ngày … tháng … năm …”).")


@rule("KH509", "signer-name-title")
def signer_name_without_titles(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Họ tên người ký không kèm học hàm, học vị (Nghị định 30/2020, Phụ lục I: “không ghi học
    hàm, học vị và các danh hiệu danh dự khác”).

    Sai:
        signer: {title: Trưởng phòng, name: ThS. Nguyễn Văn An}

    Đúng:
        signer: {title: Trưởng phòng, name: Nguyễn Văn An}
    """
    name = plan.signer.name
    found = _ACADEMIC.search(name)
    if found:
        bare = _SPACES.sub(" ", _ACADEMIC.sub("", name)).strip(" .,")
        yield Problem(("signer", "name"),
                      f"Họ tên người ký có học hàm, học vị “{found[0]}”.",
                      f"Chỉ ghi họ tên: `name: {bare}`.")


@rule("KH510", "catalogue-years", Severity.WARNING, needs_catalogue=True)
def plan_within_programme(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Năm kế hoạch nên nằm trong giai đoạn của chương trình (`years` của danh mục).

    Một cảnh báo, không phải lỗi: kế hoạch năm đầu giai đoạn mới có khi vẫn dùng danh mục cũ
    trong lúc chờ chương trình mới được phê duyệt (`kehoach new` chuyển sang năm mới).

    Sai:
        programme: giam-ngheo-2021-2025
        year: 2026

    Đúng:
        programme: giam-ngheo-2021-2025
        year: 2025
    """
    catalogue = ctx.catalogue
    assert catalogue is not None
    if catalogue.years is None:
        return
    first, last = catalogue.years
    plan_first, plan_last = _plan_years(plan)
    if plan_first < first or plan_last > last:
        when = f"năm {plan_first}" if plan_first == plan_last else f"giai đoạn {plan_first}-{plan_last}"
        uses = any(not n.is_item and n.node.project for n in walk(plan))
        way_out = (
            "Chọn danh mục của chương trình giai đoạn mới (một tệp danh mục riêng: xem "
            "docs/catalogue.md), hoặc kiểm tra lại năm kế hoạch." if uses else
            "Kế hoạch không gọi dự án nào bằng mã (`project:`): bỏ dòng `programme`, kế hoạch "
            "không cần danh mục chương trình.")
        yield Problem(("programme",),
                      f"Kế hoạch {when} nằm ngoài giai đoạn {first}-{last} của danh mục "
                      f"“{catalogue.name}”.", way_out)


@rule("KH511", "numbering-depth", Severity.WARNING)
def numbering_not_too_deep(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Số thứ tự không sâu hơn các cấp thường dùng: I., 1., 1.1., 1.1.1., rồi gạch đầu dòng “-”
    và “+” — hoặc các cấp mà kế hoạch tự đặt trong `numbering` (`levels`, `items`) khi đặt nhiều
    cấp hơn.

    Sai:
        activities:
          - title: A
            children:
              - title: B
                children:
                  - title: C
                    children:
                      - title: D     # in ra “1.1.1.1.”

    Đúng:
        activities:
          - title: A
            children:
              - title: B
                children:
                  - title: C
                    items: [D]       # một gạch đầu dòng dưới 1.1.1.
    """
    deepest_item = max(len(plan.numbering.items), _DEEPEST_ITEM + 1) - 1
    levels = {entry.path: len(entry.levels) for entry in of(plan).sections}
    for node in walk(plan):
        if node.is_item:
            level = 0
            parent = node.parent
            while parent is not None and isinstance(parent.node, Item):
                level, parent = level + 1, parent.parent
            if level > deepest_item:
                yield Problem(node.path,
                              f"Ý “{_short(node.node.text)}” nằm dưới cấp “+”: sâu hơn các cấp "
                              "gạch đầu dòng thường dùng (“-”, “+”).",
                              "Gộp ý này vào ý cha, hoặc tách ý cha thành một mục có tiêu đề.")
            continue
        named = next((n for path, n in levels.items() if node.path[: len(path)] == path), 0)
        if node.depth > max(named, _DEEPEST_ACTIVITY + 1) - 1:
            yield Problem(node.path,
                          f"Mục {node.number} sâu hơn các cấp số thứ tự thường dùng (I., 1., 1.1., "
                          "1.1.1.).",
                          "Gộp bớt một cấp, hoặc viết các mục con thành gạch đầu dòng (`items`); "
                          "nếu văn bản thật có cấp này, đặt kiểu số của nó trong `numbering.levels`.")


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
