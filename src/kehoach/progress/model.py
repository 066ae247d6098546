"""The progress file (`plans/<year>.progress.yaml`) as pydantic models: shape only.

Kept apart from the plan, so the issued plan never changes when work is reported. Whether a
record's task exists, its status is known and its spending fits the budget is the job of the
progress rules (kehoach.progress.rules), which point at the record's line and column.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, ValidationInfo, model_validator

from kehoach.model import Date, Id, Money, StrictModel, Text, tag_amounts

# The status codes of the format, each with the Vietnamese label kehoach prints.
STATUSES: dict[str, str] = {
    "not-started": "chưa bắt đầu",
    "in-progress": "đang thực hiện",
    "done": "hoàn thành",
    "blocked": "vướng mắc",
}
# The Vietnamese words a progress file may write instead of a code, as offices say them (any
# case; accents required: "hoan thanh" is refused with a hint, KH602). Read as the code.
STATUS_WORDS: dict[str, str] = {
    "chưa bắt đầu": "not-started", "chưa thực hiện": "not-started", "chưa triển khai": "not-started",
    "đang thực hiện": "in-progress", "đang triển khai": "in-progress",
    "hoàn thành": "done", "đã hoàn thành": "done",
    "vướng mắc": "blocked", "có vướng mắc": "blocked", "gặp vướng mắc": "blocked",
}


def _status(value: Any) -> Any:
    """A Vietnamese status word read as its code; anything else as written (KH602 says it)."""
    if isinstance(value, str):
        word = " ".join(unicodedata.normalize("NFC", value).split()).lower()
        return STATUS_WORDS.get(word, value)
    return value


# Capitalised words ("Hoàn thành") are read too; the editor offers the lower-case ones.
_STATUS_PATTERN = "^\\s*(" + "|".join(
    f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in (*STATUSES, *STATUS_WORDS)) + ")\\s*$"


def _none_is_empty(value: Any) -> Any:
    return [] if value is None else value


# A plain amount, or the amount by funding source when the plan's budget names its sources. The
# tags carry a "-" so that an error's location never reads as a key of the record (schema.py).
Spent = Annotated[
    Annotated[Money, Tag("amount-")] | Annotated[dict[Id, Money], Tag("by-source")],
    Discriminator(lambda value: "by-source" if isinstance(value, dict) else "amount-"),
]


class Record(StrictModel):
    """Một lần báo cáo tiến độ của một nhiệm vụ."""

    date: Date = Field(description="Ngày báo cáo (hoặc ngày hoàn thành), dạng 2024-06-30.")
    task: Text = Field(
        description="Mã nhiệm vụ trong kế hoạch: `id` của mục (viet-bai) hoặc mã dự án (DA6.TDA1)."
    )
    status: Annotated[Text, BeforeValidator(_status)] = Field(
        description="Trạng thái, bằng tiếng Việt hoặc mã: hoàn thành (done), đang thực hiện "
        "(in-progress), chưa bắt đầu / chưa thực hiện (not-started), vướng mắc (blocked).",
        # The editor offers every word and underlines a wrong one; kehoach says it with a hint (KH602).
        json_schema_extra={"anyOf": [{"enum": [*STATUS_WORDS, *STATUSES]},
                                     {"type": "string", "pattern": _STATUS_PATTERN}]},
    )
    spent: Spent | None = Field(
        None, description="Số tiền đã chi trong lần báo cáo này, nếu có: một số tiền, hoặc theo "
        "nguồn vốn khi kinh phí của kế hoạch có nguồn: {ngan-sach-trung-uong: 500_000, …}."
    )
    note: Text | None = Field(None, description="Ghi chú: kết quả, khó khăn, lý do chậm.")
    round: Text | None = Field(
        None, description="Với nhiệm vụ định kỳ: kỳ mà bản ghi báo cáo, ghi như một thời hạn (quý "
        "II/2024, tháng 9/2023, 30/06/2024). Không ghi thì bản ghi tính cho kỳ chứa ngày của nó; "
        "ghi khi gửi bù báo cáo của một kỳ đã lỡ."
    )

    @property
    def spent_total(self) -> int:
        """Đồng spent in this record, whether written as one amount or by source."""
        if isinstance(self.spent, dict):
            return sum(self.spent.values())
        return self.spent or 0

    @property
    def spent_by_source(self) -> dict[str, int]:
        """The amounts by funding source; {} when the record gives one plain amount."""
        return self.spent if isinstance(self.spent, dict) else {}


class ProgressFile(StrictModel):
    """Tệp tiến độ của một kế hoạch: các lần báo cáo, ghi thêm theo thời gian."""

    plan: Text | None = Field(
        None, description="Tên tệp kế hoạch, tính từ thư mục của tệp tiến độ: 2024.yaml."
    )
    unit: Literal["đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"] | None = Field(
        None, description="Đơn vị của số chi (`spent`); mặc định theo đơn vị kinh phí của kế hoạch."
    )
    # `records:` left empty at the start of the year means no record yet, not an error.
    records: Annotated[list[Record], BeforeValidator(_none_is_empty)] = Field(
        [], description="Các lần báo cáo tiến độ.")

    @model_validator(mode="before")
    @classmethod
    def _unit(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict):
            return data
        plan_unit = (info.context or {}).get("unit")
        return tag_amounts(data, ("records.*.spent", "records.*.spent.*"), plan_unit)
