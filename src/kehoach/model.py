"""The plan as pydantic models: shape only. Meaning (sums, words, deadlines, references) is the
rules' job, run on a model that passed its schema.

Field names match the YAML keys one to one (no aliases), so a data path in the model is a data
path in the source map. Descriptions are Vietnamese: they become the editor's hover text through
the JSON Schema (`kehoach schema`).

Long because the plan is one schema: each model names the next, their descriptions are read as one
document, and the amounts' unit tagging runs across them; the progress and report files' models
build on `StrictModel` and `tag_amounts` from here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kehoach.deadlines import Deadline, parse_deadline
from kehoach.deadlines.schema import deadline_schema
from kehoach.money import UNITS, MoneyError, parse_money

_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_CODE = re.compile(r"[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*")
# A date written as text: 29/03/2024, or a quoted '2024-03-29' (the same day as the plain one;
# the JSON Schema accepts both).
_DATE_TEXT = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
                        r"|(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})")


class _InUnit(NamedTuple):
    """An amount written in a larger unit than đồng (`unit: triệu đồng`), tagged before parsing."""

    value: Any
    unit: str


def _money(value: Any) -> int:
    value, unit = value if isinstance(value, _InUnit) else (value, "đồng")
    try:
        return parse_money(value, unit)
    except MoneyError as exc:
        kind = "money_float" if isinstance(value, float) else "money"
        raise PydanticCustomError(kind, str(exc), {"unit": unit}) from None


def _tag_amounts(data: dict, paths: tuple[str, ...], unit: Any = None) -> dict:
    """A copy of `data` whose amounts (at `paths`: "key", "key.*", "key.*.amount"…) are tagged
    with the unit (`unit`, else the data's own `unit:` key), so that Money reads "1.234,5" as
    1.234,5 triệu đồng. In đồng, or with an unknown unit (reported by its field): unchanged."""
    unit = data.get("unit") or unit
    if not isinstance(unit, str) or UNITS.get(unit, 1) == 1:
        return data

    def tag(node: Any, parts: list[str]) -> Any:
        if not parts:
            return node if node is None or isinstance(node, dict | list) else _InUnit(node, unit)
        head, rest = parts[0], parts[1:]
        if head == "*" and isinstance(node, dict):
            return {k: tag(v, rest) for k, v in node.items()}
        if head == "*" and isinstance(node, list):
            return [tag(v, rest) for v in node]
        if isinstance(node, dict) and head in node:
            return {**node, head: tag(node[head], rest)}
        if head == "amount" and not isinstance(node, dict | list):  # a line written as a bare amount
            return _InUnit(node, unit)
        return node

    out = dict(data)
    for path in paths:
        out = tag(out, path.split("."))
    return out


def _deadline(value: Any) -> Deadline:
    try:
        return parse_deadline(value)
    except ValueError as exc:
        raise PydanticCustomError("deadline", str(exc)) from None


_PERIOD = re.compile(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*")


def _period(value: Any) -> str:
    m = _PERIOD.fullmatch(value) if isinstance(value, str) else None
    if m is None or not 2000 <= int(m[1]) < int(m[2]) <= 2100:
        raise PydanticCustomError(
            "period", "giai đoạn viết năm đầu - năm cuối, năm đầu nhỏ hơn năm cuối, ví dụ 2021-2025"
        )
    return f"{m[1]}-{m[2]}"


def _date(value: Any) -> date:
    # YAML reads `2024-03-29 10:00` as a datetime, a date subclass that cannot be compared with
    # a date: refuse it here rather than crash a rule later.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and (m := _DATE_TEXT.fullmatch(value.strip())):
        try:
            return date(int(m["y"] or m["y2"]), int(m["m"] or m["m2"]), int(m["d"] or m["d2"]))
        except ValueError:
            pass
    raise PydanticCustomError(
        "date", "cần một ngày có thật, viết năm-tháng-ngày (2024-03-29) hoặc ngày/tháng/năm (29/03/2024)"
    )


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A document date published with its day (or its day and month) left blank — “ngày    tháng
    4 năm 2022” — printed so, and checked from its first possible day."""

    year: int
    month: int | None = None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, 1)

    def __str__(self) -> str:
        return f"tháng {self.month}/{self.year}" if self.month else f"năm {self.year}"


# A date with a blank day, or a blank day and month: tháng 4/2022, 04/2022, 2022-04, tháng 4 năm
# 2022, năm 2022 — or the published line's own words, “ngày    tháng 4 năm 2022”.
_PARTIAL_DATE = re.compile(
    r"(?:ngày\s*)?(?:tháng\s*)?(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})|(?P<y2>\d{4})-(?P<m2>\d{2})"
    r"|(?:ngày\s*)?tháng\s*(?P<m3>\d{1,2})\s+năm\s+(?P<y3>\d{4})"
    r"|(?:ngày\s*)?(?:tháng\s*)?năm\s+(?P<y4>\d{4})", re.IGNORECASE)


def parse_issue_date(value: Any) -> date | PartialDate:
    """A document date: a real day, or one with the day (and month) left blank."""
    if isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100:
        return PartialDate(value)
    if isinstance(value, str) and (m := _PARTIAL_DATE.fullmatch(" ".join(value.split()))):
        month = m["m"] or m["m2"] or m["m3"]
        if month is None or 1 <= int(month) <= 12:
            return PartialDate(int(m["y"] or m["y2"] or m["y3"] or m["y4"]), int(month) if month else None)
    try:
        return _date(value)
    except PydanticCustomError:
        raise PydanticCustomError(
            "date", "cần một ngày có thật, viết năm-tháng-ngày (2024-03-29) hoặc ngày/tháng/năm "
            "(29/03/2024); ngày để trống khi văn bản in trống: tháng 4/2022 (hoặc năm 2022)"
        ) from None


def _invisible(value: str) -> str:
    """Name the invisible characters pasted into an id, which the eye cannot find."""
    import unicodedata

    hidden = [ch for ch in value if unicodedata.category(ch) in ("Cf", "Zs", "Cc") and ch != " "]
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip() for ch in hidden)


def _ident(value: Any) -> str:
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    if isinstance(value, str) and (hidden := _invisible(value)):
        raise PydanticCustomError(
            "identifier", "mã `{value}` chứa ký tự ẩn ({hidden})", {"value": value, "hidden": hidden}
        )
    raise PydanticCustomError(
        "identifier",
        "mã `{value}` không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu `-` (ví dụ `vhxh`, "
        "`dai-truyen-thanh`)",
        {"value": value},
    )


def _code(value: Any) -> str:
    if isinstance(value, str) and _CODE.fullmatch(value):
        return value
    raise PydanticCustomError(
        "code", "mã `{value}` không hợp lệ: viết như trong danh mục, ví dụ `DA6` hoặc `DA6.TDA1`",
        {"value": value},
    )


def _as_item(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


def _as_list(value: Any) -> Any:
    """One paragraph may be written as a string rather than a list of one."""
    return [value] if isinstance(value, str) else value


# Numbering styles, written as they print: a level is numbered I., II. (Roman), A., B. (capital
# letters of the Vietnamese alphabet), 1., 2. (Arabic), 1.1., 1.2. (its parent's number, then its
# own), a), b) (letters: a b c d đ e g …), or not numbered: "-", "+".
STYLES = ("I.", "A.", "1.", "1.1.", "1.1.1.", "a)", "-", "+")
# YAML reads an unquoted `1.` as the number 1.0 and `1.1` as 1.1: read them as the style meant.
_STYLE_NUMBERS = {1: "1.", 1.1: "1.1."}  # 1 == 1.0
_STYLE_ALIASES = {"I": "I.", "A": "A.", "1": "1.", "1.1": "1.1.", "1.1.1": "1.1.1.", "a": "a)", "a.": "a)"}


def _style(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool) and value in _STYLE_NUMBERS:
        return _STYLE_NUMBERS[value]
    if isinstance(value, str):
        return _STYLE_ALIASES.get(value.strip(), value.strip())
    return value


Style = Annotated[
    Literal["I.", "A.", "1.", "1.1.", "1.1.1.", "a)", "-", "+"],
    BeforeValidator(_style),
    WithJsonSchema({
        "anyOf": [{"enum": list(STYLES)}, {"enum": [*_STYLE_ALIASES, 1, 1.1]}],
        "description": "Kiểu đánh số của một cấp: \"I.\" (La Mã), \"A.\" (chữ in hoa), \"1.\" (số), "
        "\"1.1.\" hay \"1.1.1.\" (số của mục cha rồi số của mục), \"a)\" (chữ cái a, b, c, d, đ, "
        "e…), \"-\" hoặc \"+\" (gạch đầu dòng, không số). Viết trong ngoặc kép.",
    }),
]


def _as_line(value: Any) -> Any:
    return value if isinstance(value, dict) else {"amount": value}


# Every text form parse_money accepts, including `13_000_000`, which YAML 1.2 (the editor's
# yaml-language-server) reads as a string, and decimals after a comma for `unit: triệu đồng`.
_MONEY_PATTERN = (  # letters as [xX] pairs: JSON Schema patterns have no case-insensitive flag
    r"^\s*(0|[1-9][0-9]*|[1-9][0-9]{0,2}(\.[0-9]{3})+|[1-9][0-9]{0,2}(_[0-9]{3})+)(,[0-9]+)?\s*"
    r"(([nN][gG][hH][ìÌ][nN]|[tT][rR][iI][ệỆ][uU]|[tT][ỷỶ])\s*)?"
    r"([đĐ][ồỒ][nN][gG]|[vV][nN][đĐdD]|[đĐ])?\s*$"
)
Money = Annotated[
    int,
    PlainValidator(_money),
    WithJsonSchema({
        "anyOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "pattern": _MONEY_PATTERN},
        ],
        "x-kehoach": "money",  # kehoach.jsonschema: the editor's message; removed from the file
        "description": "Số tiền, mặc định bằng đồng, số nguyên: 5000000 hoặc 5_000_000 hoặc "
        "\"5.000.000\". Không viết 5.000 không có ngoặc kép (YAML đọc thành số thực 5,0). Khi "
        "kinh phí ghi `unit: triệu đồng`, số lẻ viết bằng dấu phẩy trong ngoặc kép: \"1.234,5\".",
    }),
]
DeadlineField = Annotated[
    Deadline,
    PlainValidator(_deadline),
    PlainSerializer(str),
    WithJsonSchema(deadline_schema(
        "Thời hạn: ngày (31/12/2024), tháng (12/2024), quý (Q4/2024, quý IV/2024), nửa năm (6 tháng đầu "
        "năm 2024, H1/2024), năm (năm 2024), sự kiện (vào ngày 04/11/2025), khoảng (từ tháng 4 đến "
        "tháng 12/2024, 01/7/2023 - 31/7/2023), định kỳ (định kỳ hằng quý, định kỳ 6 tháng, hằng tháng "
        "trước ngày 20, hằng năm, định kỳ 6 tháng, hằng năm) hoặc thường xuyên."
    )),
]
Date = Annotated[
    date,
    PlainValidator(_date),
    PlainSerializer(lambda d: d.isoformat()),
    WithJsonSchema({"type": "string", "pattern": r"^\s*(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\s*$",
                    "description": "Ngày: 2024-03-29 hoặc 29/03/2024.", "x-kehoach": "date"}),
]
IssueDate = Annotated[
    date | PartialDate,
    PlainValidator(parse_issue_date),
    PlainSerializer(lambda d: d.isoformat() if isinstance(d, date) else str(d)),
    WithJsonSchema({"anyOf": [
        {"type": "string", "pattern": r"^\s*(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\s*$"},
        {"type": "string", "pattern": r"^\s*(([Nn]gày\s*)?([Tt]háng\s*)?\d{1,2}\s*/\s*\d{4}|\d{4}-\d{2}"
                                      r"|([Nn]gày\s*)?[Tt]háng\s*\d{1,2}\s+năm\s+\d{4}"
                                      r"|([Nn]gày\s*)?([Tt]háng\s*)?[Nn]ăm\s+\d{4})\s*$"},
        {"type": "integer", "minimum": 2000, "maximum": 2100}],
        "x-kehoach": "issue-date",  # kehoach.jsonschema: the editor's message; removed from the file
        "description": "Ngày ban hành: 2024-03-29 hoặc 29/03/2024; ngày để trống như văn bản đã "
        "in: tháng 4/2022 (in “ngày     tháng 4 năm 2022”) hoặc năm 2022."}),
]
Period = Annotated[
    str,
    PlainValidator(_period),
    WithJsonSchema({"type": "string", "pattern": r"^\s*(20\d\d|2100)\s*[-–]\s*(20\d\d|2100)\s*$",
                    "description": "Giai đoạn kế hoạch: năm đầu-năm cuối, ví dụ 2021-2025.",
                    "x-kehoach": "period"}),
]
Id = Annotated[
    str,
    PlainValidator(_ident),
    WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9]+([-_][a-z0-9]+)*$", "x-kehoach": "id"}),
]
Code = Annotated[
    str,
    PlainValidator(_code),
    WithJsonSchema({"type": "string", "pattern": r"^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$", "x-kehoach": "code"}),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Paragraphs = Annotated[list[Text], BeforeValidator(_as_list, json_schema_input_type=Text | list[Text])]


class _Model(BaseModel):
    # Unknown keys are errors: a typo such as `deadlnie:` must never be ignored.
    model_config = ConfigDict(extra="forbid", validate_default=False)


StrictModel = _Model  # the base of every file's model: the plan's, the progress file's, the report file's
tag_amounts = _tag_amounts  # amounts read in the file's (or the plan's) unit, for the progress file


class Document(_Model):
    """Thể thức của văn bản: cơ quan ban hành, số, ký hiệu, địa danh, ngày tháng, trích yếu."""

    parent: Text | None = Field(
        None, description="Tên cơ quan chủ quản (nếu có), in hoa phía trên tên cơ quan ban hành."
    )
    issuer: Text = Field(description="Tên cơ quan ban hành, ví dụ: Ủy ban nhân dân xã An Dương.")
    issuer_lines: list[Text] | None = Field(
        None, description="Tự chia tên cơ quan ban hành thành các dòng ở tiêu đề (khi cách chia tự "
        "động không đúng như cơ quan vẫn viết); ghép lại phải đúng bằng `issuer`. Ví dụ: "
        "[Ngân hàng Chính sách xã hội, huyện Pác Nặm]."
    )
    parent_lines: list[Text] | None = Field(
        None, description="Tự chia tên cơ quan chủ quản thành các dòng; ghép lại phải đúng bằng "
        "`parent` (được viết tắt UBND, HĐND). Ví dụ: [UBND xã Sơn Tịnh]."
    )
    issuer_code: Text = Field(
        description="Chữ viết tắt tên cơ quan trong ký hiệu văn bản, ví dụ UBND → KH-UBND."
    )
    number: int | None = Field(
        None, description="Số văn bản; để trống cho tới khi văn thư cấp số.", ge=1,
        # kehoach also reads the number written in quotes ('12'): the editor must not flag it.
        json_schema_extra={"anyOf": [{"type": "integer", "minimum": 1},
                                     {"type": "string", "pattern": r"^\s*0*[1-9][0-9]*\s*$"},
                                     {"type": "null"}]},
    )
    place: Text = Field(description="Địa danh ghi ở dòng ngày tháng (tên xã, không có chữ “xã”).")
    date: IssueDate | None = Field(
        None, description="Ngày ban hành; để trống khi chưa ký ban hành (dòng ngày in để trống). "
        "Văn bản in trống ngày mà ghi tháng: tháng 4/2022 (“ngày     tháng 4 năm 2022”); trống cả "
        "ngày và tháng: năm 2022."
    )
    summary: Text = Field(description="Trích yếu nội dung (viết hoa chữ đầu câu).")

    @property
    def issued(self) -> date | None:
        """The day of issue when written in full; None when blank or partly blank."""
        return self.date if isinstance(self.date, date) else None

    @property
    def earliest(self) -> date | None:
        """The first day the plan may have been issued: its date, or the first day of the month
        (year) a partly blank date names; None when undated. What "not before issue" checks use."""
        return self.date.first_day if isinstance(self.date, PartialDate) else self.date

    @property
    def latest(self) -> date | None:
        """The last day the plan may have been issued (a partly blank date: its month's or year's
        last day)."""
        if isinstance(self.date, PartialDate):
            month = self.date.month or 12
            return date(self.date.year, month, calendar.monthrange(self.date.year, month)[1])
        return self.date

    @property
    def date_words(self) -> str:
        """The date as a message says it: 29/03/2024, or tháng 4/2022 when the day is blank."""
        return f"{self.date:%d/%m/%Y}" if isinstance(self.date, date) else str(self.date or "")


class Bullet(_Model):
    """Một ý có các ý nhỏ hơn: dòng “- …:” rồi các dòng “+ …”."""

    text: Text = Field(description="Nội dung của ý (dòng “- …”).")
    items: list[BulletEntry] = Field([], description="Các ý nhỏ hơn (dòng “+ …”).")


# A bullet: a sentence, or a sentence with its own sub-bullets ({text, items}). Chosen by shape, so
# a mapping is only ever read as a Bullet (a mistake in it is said once, not once per form); the
# tags carry a "-" so that an error's location never reads as a key (schema.py).
BulletEntry = Annotated[
    Annotated[Text, Tag("text-")] | Annotated[Bullet, Tag("bullet-")],
    Discriminator(lambda value: "bullet-" if isinstance(value, dict | Bullet) else "text-"),
]
Bullet.model_rebuild()
Bullets = list[BulletEntry]


class Purpose(_Model):
    """Mục Mục đích, yêu cầu. Mỗi phần không bắt buộc; phần trống không được in."""

    goals: Bullets | Text = Field(
        [], description="Mục đích: danh sách (mỗi ý một gạch đầu dòng; ý có ý nhỏ hơn viết "
        "{text, items}) hoặc một đoạn văn."
    )
    requirements: Bullets | Text = Field(
        [], description="Yêu cầu: danh sách (mỗi ý một gạch đầu dòng) hoặc một đoạn văn; bỏ trống "
        "nếu kế hoạch không có phần Yêu cầu."
    )


def _cell(value: Any) -> Any:
    """A table cell: text, a whole number, or empty. A YAML float (`12.5`, `1.000`) is refused: the
    writer meant "12,5" or "1.000", which only quotes keep."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    raise PydanticCustomError("cell", "ô của bảng là chữ hoặc số nguyên; số lẻ hay số có dấu chấm viết "
                              "trong ngoặc kép: \"12,5\", \"1.000\"")


Cell = Annotated[str, PlainValidator(_cell), WithJsonSchema({
    "anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}],
    "description": "Một ô: chữ, số nguyên, hoặc để trống; số lẻ viết trong ngoặc kép (\"12,5\")."})]


class Table(_Model):
    """Một bảng trong văn bản (chỉ tiêu theo năm, theo thôn…): hàng tiêu đề, các hàng, cột nào là
    số tiền. kehoach kẻ bảng, canh số tiền bên phải, cộng dòng tổng nếu ghi `total`."""

    header: list[Text] = Field(min_length=1, description="Hàng tiêu đề: tên các cột.")
    rows: list[list[Cell]] = Field(
        min_length=1, description="Các hàng, mỗi hàng một danh sách ô, đủ số cột của hàng tiêu đề."
    )
    money: list[int | Text] = Field(
        [], description="Các cột là số tiền: số thứ tự cột (1 là cột đầu) hoặc tên cột. Ô của cột "
        "số tiền viết như số tiền của kế hoạch (5_000_000, \"5.000.000\"), in \"5.000.000\"."
    )
    unit: Literal["đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"] = Field(
        "đồng", description="Đơn vị của các cột số tiền (ghi trong tiêu đề cột, ví dụ “Kinh phí "
        "(triệu đồng)”); với triệu đồng, số lẻ viết \"1.234,5\"."
    )
    total: Text | None = Field(
        None, description="Thêm dòng tổng ở cuối, ô đầu ghi chữ này (ví dụ Tổng cộng), các cột số "
        "tiền là tổng của cột."
    )


class Item(_Model):
    """Một ý (gạch đầu dòng). Viết thành chữ; viết thành bảng khi cần theo dõi (id, đơn vị, hạn)."""

    id: Id | None = Field(None, description="Mã để theo dõi tiến độ, chữ thường không dấu: viet-bai.")
    text: Text = Field(description="Nội dung của ý.")
    lead: Id | None = Field(None, description="Mã đơn vị chủ trì (trong `units`); in trong văn bản "
                            "khi kế hoạch ghi `show_units: body`.")
    partners: list[Id] = Field([], description="Mã các đơn vị phối hợp; in khi `show_units: body`.")
    deadline: DeadlineField | None = Field(None, description="Thời hạn riêng; mặc định theo mục cha.")
    items: list[ItemField] = Field([], description="Các ý nhỏ hơn (dấu +).")


ItemField = Annotated[Item, BeforeValidator(_as_item, json_schema_input_type=Text | Item)]
Item.model_rebuild()


class Activity(_Model):
    """Một mục của phần Nội dung thực hiện (hay mục con của một mục chung): dự án, tiểu dự án, một
    hoạt động có tiêu đề, hoặc một đoạn văn được đánh số (không có tiêu đề)."""

    project: Code | None = Field(
        None, description="Mã dự án/tiểu dự án trong danh mục chương trình, ví dụ DA6 hoặc DA6.TDA1."
    )
    id: Id | None = Field(None, description="Mã để theo dõi tiến độ, chữ thường không dấu.")
    title: Text | None = Field(
        None, description="Tiêu đề mục khi không phải dự án trong danh mục (tên dự án lấy từ danh "
        "mục). Bỏ cả `title` và `project` thì đoạn văn đầu của `text` được đánh số (“1. Tuyên "
        "truyền …”), không có dòng tiêu đề."
    )
    text: Paragraphs = Field([], description="Các đoạn văn của mục (không gạch đầu dòng).")
    table: Table | None = Field(None, description="Một bảng, in sau các đoạn văn của mục.")
    items_title: Text | None = Field(
        None, description="Tiêu đề của phần các ý, mặc định “Nội dung thực hiện”."
    )
    items: list[ItemField] = Field([], description="Các ý (gạch đầu dòng).")
    children: list[Activity] = Field([], description="Các mục con (đánh số 1.1., 1.1.1.).")
    lead: Id | None = Field(None, description="Mã đơn vị chủ trì; in trong văn bản khi kế hoạch ghi "
                            "`show_units: body`, không thì chỉ trong phụ lục phân công.")
    partners: list[Id] = Field([], description="Mã các đơn vị phối hợp; in khi `show_units: body`.")
    deadline: DeadlineField | None = Field(
        None, description="Thời hạn; các mục con không ghi thời hạn thì theo thời hạn này."
    )

    @model_validator(mode="after")
    def _heading_and_content(self) -> Activity:
        if self.project is None and self.title is None and not self.text:
            raise PydanticCustomError(
                "activity_heading", "mục cần `project` (mã trong danh mục) hoặc `title` (tiêu đề); "
                "một đoạn văn được đánh số thì cần `text`"
            )
        if self.project is not None and self.title is not None:
            raise PydanticCustomError(
                "activity_heading",
                "mục có `project` thì tên lấy từ danh mục: bỏ `title` hoặc bỏ `project`",
            )
        if not (self.text or self.items or self.children or self.table):
            raise PydanticCustomError(
                "activity_empty", "mục chưa có nội dung: thêm `text`, `table`, `items` hoặc `children`"
            )
        return self

    @property
    def headed(self) -> bool:
        """Whether the activity has a heading line (a project or a title); else its first
        paragraph carries its number."""
        return self.project is not None or self.title is not None


SectionUse = Literal["purpose", "activities", "budget", "organization"]


class Section(_Model):
    """Một mục La Mã (I., II., …) của văn bản, theo thứ tự kế hoạch chọn.

    Mục có `use` lấy nội dung từ khóa cùng tên (purpose, activities, budget, organization) và giữ
    nguyên ý nghĩa: nhiệm vụ, kinh phí, phân công. Mục không có `use` là mục chung: `title` cùng
    các đoạn văn (`text`), các ý (`items`) và các mục con (`children`) như một hoạt động.
    """

    use: SectionUse | None = Field(
        None, description="Phần có ý nghĩa riêng đặt ở mục này: purpose (mục đích, yêu cầu), "
        "activities (nội dung thực hiện), budget (kinh phí), organization (tổ chức thực hiện)."
    )
    title: Text | None = Field(
        None, description="Tiêu đề mục, viết thường như câu (kehoach in hoa): Mục tiêu, Chế độ báo "
        "cáo. Mục có `use` mà không ghi `title` thì dùng tiêu đề quen thuộc."
    )
    text: Paragraphs = Field([], description="Các đoạn văn của mục.")
    table: Table | None = Field(None, description="Một bảng, in sau các đoạn văn của mục.")
    items: list[ItemField] = Field([], description="Các ý (gạch đầu dòng) của mục.")
    children: list[Activity] = Field([], description="Các mục con (đánh số 1., 2., …).")
    numbering: list[Style] | None = Field(
        None, description="Kiểu đánh số các cấp mục con của riêng mục này, thay cho "
        "`numbering.levels` của kế hoạch, ví dụ [\"1.\", \"a)\"]."
    )

    @model_validator(mode="after")
    def _use_or_content(self) -> Section:
        content = self.text or self.items or self.children or self.table
        if self.use in ("budget",) and self.numbering is not None:
            raise PydanticCustomError(
                "section_use", "mục Kinh phí không có mục con được đánh số: bỏ `numbering` ở đây")
        if self.use is not None and content:
            raise PydanticCustomError(
                "section_use",
                "mục có `use: {use}` lấy nội dung từ khóa `{use}`: bỏ `text`, `table`, `items`, `children` ở "
                "đây, hoặc bỏ `use` để thành một mục chung", {"use": self.use},
            )
        if self.use is None and self.title is None:
            raise PydanticCustomError(
                "section_heading", "mục cần `title` (tiêu đề), hoặc `use` để đặt một phần có sẵn "
                "(purpose, activities, budget, organization)"
            )
        if self.use is None and not content:
            raise PydanticCustomError(
                "section_empty", "mục chưa có nội dung: thêm `text`, `table`, `items` hoặc `children`"
            )
        return self


class BudgetLine(_Model):
    """Một dòng kinh phí, khi cần ghi nguồn vốn."""

    amount: Money = Field(description="Số tiền của dòng.")
    sources: dict[Id, Money] = Field(
        {}, description="Chia đủ theo nguồn (mã trong `funding_sources` hoặc danh sách có sẵn: "
        "ngan-sach-trung-uong, ngan-sach-dia-phuong, …); cộng đúng bằng số tiền của dòng."
    )
    of_which: dict[Id, Money] = Field(
        {}, description="Một phần theo nguồn (“…, trong đó ngân sách trung ương …”): không cần cộng "
        "đủ số tiền của dòng, nhưng không được vượt."
    )


BudgetLineField = Annotated[
    BudgetLine, BeforeValidator(_as_line, json_schema_input_type=Money | BudgetLine)
]


class Budget(_Model):
    """Mục Kinh phí thực hiện: chỉ câu nêu nguồn; hoặc tổng chia theo nguồn, theo dòng, hay cả hai."""

    unit: Literal["đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"] = Field(
        "đồng", description="Đơn vị của mọi số tiền trong mục này; với triệu đồng, số lẻ viết "
        "bằng dấu phẩy trong ngoặc kép: \"1.234,5\"."
    )
    sources: Text | None = Field(None, description="Câu nêu nguồn kinh phí (có thể là nội dung duy nhất).")
    total: Money | None = Field(
        None, description="Tổng số tiền; bắt buộc khi có `lines` hoặc `by_source`."
    )
    total_in_words: Text | None = Field(
        None, description="Tổng số tiền bằng chữ, nếu muốn ghi; kehoach đối chiếu với con số."
    )
    by_source: dict[Id, Money] = Field(
        {}, description="Tổng chia theo nguồn: mã nguồn → số tiền; cộng đúng bằng tổng."
    )
    lines: dict[Code, BudgetLineField] = Field(
        {}, description="Các dòng kinh phí theo mã dự án/tiểu dự án hoặc mã hoạt động: số tiền."
    )

    @model_validator(mode="before")
    @classmethod
    def _unit(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return _tag_amounts(data, ("total", "by_source.*", "lines.*.amount", "lines.*.sources.*",
                                   "lines.*.of_which.*"))


class Signer(_Model):
    """Người ký và thẩm quyền ký (TM., KT., Q., TL., TUQ.)."""

    authority: Literal["TM", "KT", "Q", "TL", "TUQ"] | None = Field(
        None,
        description="Thẩm quyền ký: TM (thay mặt tập thể), KT (ký thay), Q (quyền), TL (thừa lệnh), "
        "TUQ (thừa ủy quyền); để trống khi người đứng đầu ký trực tiếp.",
    )
    title: Text = Field(description="Chức vụ của người ký: Chủ tịch, Phó Chủ tịch, …")
    head_title: Text | None = Field(
        None, description="Chức vụ người đứng đầu được ký thay (KT., Q., TL., TUQ.), mặc định Chủ tịch."
    )
    collective: Text | None = Field(
        None, description="Tập thể được thay mặt (TM.), mặc định lấy từ tên cơ quan: Ủy ban nhân dân."
    )
    name: Text = Field(description="Họ và tên người ký, không ghi học hàm, học vị.")


# Collective bodies sign "TM." (thay mặt); a head-led office signs in its head's own name.
_COLLECTIVE = re.compile(
    r"^(ủy ban|uỷ ban|ubnd|hội đồng|hđnd|ban chấp hành|ban thường vụ|đảng ủy|đảng uỷ)", re.I
)


def signs_as_collective(issuer: str, signer: Signer) -> bool:
    """Whether the issuer is a collective body (UBND, HĐND…) whose head signs "TM." for it."""
    return signer.collective is not None or bool(_COLLECTIVE.match(issuer.strip()))


class Appendix(_Model):
    """Một phụ lục sau chữ ký, do kehoach tính từ nội dung kế hoạch (không gõ lại)."""

    use: Literal["tasks"] = Field(
        description="Loại phụ lục. `tasks`: bảng phân công nhiệm vụ — số thứ tự như trong văn bản, "
        "nội dung, đơn vị chủ trì, đơn vị phối hợp, thời gian, kinh phí — tính từ các mục của kế hoạch."
    )
    title: Text | None = Field(
        None, description="Tên phụ lục, viết hoa chữ đầu (kehoach in hoa). Bỏ trống: “Phân công "
        "nhiệm vụ thực hiện Kế hoạch”."
    )


SectionStyle = Annotated[
    Literal["I.", "A.", "1."], BeforeValidator(_style),
    WithJsonSchema({"anyOf": [{"enum": ["I.", "A.", "1."]}, {"enum": ["I", "A", "1", 1]}],
                    "description": "Kiểu số của các mục lớn: \"I.\" (mặc định), \"A.\" hoặc \"1.\"."}),
]


class Numbering(_Model):
    """Cách đánh số của văn bản, mỗi cấp một kiểu. Bỏ trống: I. cho các mục; 1., 1.1., 1.1.1. cho
    các mục con; “-” rồi “+” cho các ý."""

    sections: SectionStyle = Field(
        "I.", description="Kiểu số của các mục lớn: \"I.\" (mặc định), \"A.\" hoặc \"1.\"."
    )
    levels: list[Style] = Field(
        ["1.", "1.1.", "1.1.1."], min_length=1,
        description="Kiểu số của các cấp mục con trong mọi mục, từ cấp ngoài: mặc định "
        "[\"1.\", \"1.1.\", \"1.1.1.\"]; ví dụ [\"1.\", \"a)\", \"-\"]. Cấp sâu hơn dùng kiểu của cấp cuối."
    )
    items: list[Style] = Field(
        ["-", "+"], min_length=1,
        description="Kiểu của các cấp ý (gạch đầu dòng): mặc định [\"-\", \"+\"]; ví dụ [\"a)\", \"-\"] "
        "để các ý thành các điểm a), b)."
    )


def _as_where(value: Any) -> Any:
    return {"where": value} if isinstance(value, str) else value


class ShowUnits(_Model):
    """Nơi in đơn vị chủ trì, phối hợp (`lead`, `partners`) của từng nhiệm vụ, và cách viết."""

    where: Literal["appendix", "body", "both"] = Field(
        "appendix", description="appendix (mặc định): chỉ trong bảng phụ lục phân công nhiệm vụ "
        "(không có phụ lục thì không in); body: dưới từng nhiệm vụ trong văn bản (phụ lục, nếu có, "
        "bỏ hai cột đơn vị); both: cả hai."
    )
    form: Literal["label", "sentence"] = Field(
        "label", description="label (mặc định): “Đơn vị chủ trì: …; đơn vị phối hợp: ….”; sentence: "
        "“… chủ trì, phối hợp với ….”"
    )


class Plan(_Model):
    """Một kế hoạch của cơ quan, ghi nội dung; số thứ tự và cách trình bày do kehoach tính."""

    kehoach: Literal[1] = Field(description="Phiên bản định dạng tệp kế hoạch (hiện là 1).")
    document: Document = Field(description="Thể thức văn bản: cơ quan, số, ngày, trích yếu.")
    year: Annotated[int, Field(strict=True, ge=2000, le=2100)] | None = Field(
        None, description="Năm kế hoạch (kế hoạch một năm); kế hoạch nhiều năm ghi `period` thay cho `year`."
    )
    period: Period | None = Field(
        None, description="Giai đoạn kế hoạch nhiều năm, ví dụ 2021-2025; ghi thay cho `year`."
    )
    start: Date | None = Field(
        None, description="Ngày bắt đầu thực hiện, khi công việc đã bắt đầu trước ngày ban hành "
        "(thời hạn và khoảng thời gian được tính từ ngày này thay vì ngày ban hành).",
    )
    programme: Text | None = Field(
        None, description="Danh mục chương trình, chỉ khi kế hoạch gọi dự án bằng mã (`project: "
        "DA6.TDA1`): tên có sẵn (giam-ngheo-2021-2025) hoặc đường dẫn tệp YAML. Kế hoạch không "
        "thuộc chương trình nào (phòng, chống thiên tai, chuyển đổi số…) bỏ trống."
    )
    bases: list[Text] = Field([], description="Các căn cứ pháp lý, mỗi căn cứ một dòng “Căn cứ …”.")
    opening: list[Text] | Text | None = Field(
        None, description="Đoạn mở đầu trước mục I: một đoạn (để một dòng trống giữa các đoạn khi "
        "viết `>-`) hoặc danh sách các đoạn."
    )
    units: dict[Id, Text] = Field(description="Danh sách đơn vị: mã → tên đầy đủ.")
    sections: list[Section] | None = Field(
        None, description="Các mục La Mã theo thứ tự của văn bản. Bỏ trống: Mục đích, yêu cầu; Nội "
        "dung thực hiện; Kinh phí thực hiện (nếu có); Tổ chức thực hiện."
    )
    numbering: Numbering = Field(
        default_factory=Numbering, description="Kiểu đánh số từng cấp: `sections` (I., A., 1.), "
        "`levels` (các cấp mục con), `items` (các cấp ý). Bỏ trống: I.; 1., 1.1., 1.1.1.; -, +."
    )
    show_units: Annotated[ShowUnits, BeforeValidator(
        _as_where, json_schema_input_type=Literal["appendix", "body", "both"] | ShowUnits)] = Field(
        default_factory=ShowUnits, description="In đơn vị chủ trì, phối hợp ở đâu: `appendix` (mặc "
        "định, chỉ bảng phụ lục), `body` (dưới từng nhiệm vụ), `both`; hoặc {where, form} với form "
        "`label` (Đơn vị chủ trì: …) hay `sentence` (… chủ trì, phối hợp với …)."
    )
    purpose: Purpose | None = Field(None, description="Mục đích, yêu cầu.")
    activities: list[Activity] = Field([], description="Nội dung thực hiện: dự án, tiểu dự án, hoạt động.")
    funding_sources: dict[Id, Text] = Field(
        {}, description="Nguồn vốn riêng của kế hoạch, ngoài danh sách có sẵn: mã → tên in ra "
        "(chữ thường, như đứng giữa câu), ví dụ quy-vi-nguoi-ngheo: Quỹ Vì người nghèo xã."
    )
    budget: Budget | None = Field(
        None, description="Mục Kinh phí thực hiện; bỏ trống nếu kế hoạch không dùng kinh phí."
    )
    organization: dict[Id, Bullets | Text] = Field(
        {}, description="Tổ chức thực hiện: mã đơn vị → các nhiệm vụ (danh sách; nhiệm vụ có ý nhỏ "
        "hơn viết {text, items}) hoặc một đoạn văn."
    )
    recipients: list[Text] = Field(description="Nơi nhận (không gồm dòng Lưu).")
    archive: list[Text] = Field(["VT"], description="Dòng “Lưu”: VT và đơn vị soạn thảo, ví dụ [VT, VHXH].")
    signer: Signer = Field(description="Người ký và thẩm quyền ký.")
    appendices: list[Appendix] = Field(
        [], description="Các phụ lục in sau chữ ký, mỗi phụ lục một trang mới (Phụ lục I, II…), ví "
        "dụ `[{use: tasks}]`: bảng phân công nhiệm vụ tính từ các mục của kế hoạch."
    )

    @field_validator("period")
    @classmethod
    def _not_both(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("year") is not None:
            raise PydanticCustomError(
                "year_and_period", "kế hoạch ghi `year` (một năm) hoặc `period` (nhiều năm), không ghi cả hai"
            )
        return value

    @model_validator(mode="after")
    def _year_or_period(self) -> Plan:
        if self.year is None and self.period is None:
            raise PydanticCustomError(
                "year_or_period",
                "thiếu `year` (năm kế hoạch, ví dụ 2024) hoặc `period` (giai đoạn, ví dụ 2021-2025)",
            )
        return self

    @property
    def first_year(self) -> int:
        """The plan's first year: its `year`, or the first year of its `period`."""
        return self.year if self.year is not None else int(str(self.period)[:4])

    @property
    def last_year(self) -> int:
        return self.year if self.year is not None else int(str(self.period)[-4:])

    @property
    def years_label(self) -> str:
        """How a label names the plan's time: "năm 2024" or "giai đoạn 2021-2025"."""
        return f"năm {self.year}" if self.year is not None else f"giai đoạn {self.period}"
