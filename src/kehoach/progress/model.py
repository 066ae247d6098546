"""The progress file (`plans/<year>.progress.yaml`) as pydantic models: shape only.

Kept apart from the plan, so the issued plan never changes when work is reported. Whether a
record's task exists, its status is known and its spending fits the budget is the job of the
progress rules (kehoach.progress.rules), which point at the record's line and column.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from kehoach.model import Date, Money, Text, _Model

# The status words of the format (English, like every key); their Vietnamese labels are shown.
STATUSES: dict[str, str] = {
    "not-started": "chưa bắt đầu",
    "in-progress": "đang thực hiện",
    "done": "hoàn thành",
    "blocked": "vướng mắc",
}


def _none_is_empty(value: Any) -> Any:
    return [] if value is None else value


class Record(_Model):
    """Một lần báo cáo tiến độ của một nhiệm vụ."""

    date: Date = Field(description="Ngày báo cáo (hoặc ngày hoàn thành), dạng 2024-06-30.")
    task: Text = Field(
        description="Mã nhiệm vụ trong kế hoạch: `id` của mục (viet-bai) hoặc mã dự án (DA6.TDA1)."
    )
    status: Text = Field(
        description="Trạng thái: not-started (chưa bắt đầu), in-progress (đang thực hiện), "
        "done (hoàn thành), blocked (vướng mắc)."
    )
    spent: Money | None = Field(
        None, description="Số tiền đã chi trong lần báo cáo này (đồng, số nguyên), nếu có."
    )
    note: Text | None = Field(None, description="Ghi chú: kết quả, khó khăn, lý do chậm.")


class ProgressFile(_Model):
    """Tệp tiến độ của một kế hoạch: các lần báo cáo, ghi thêm theo thời gian."""

    plan: Text | None = Field(
        None, description="Tên tệp kế hoạch, tính từ thư mục của tệp tiến độ: 2024.yaml."
    )
    # `records:` left empty at the start of the year means no record yet, not an error.
    records: Annotated[list[Record], BeforeValidator(_none_is_empty)] = Field(
        [], description="Các lần báo cáo tiến độ.")
