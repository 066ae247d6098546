"""The parts of a BÁO CÁO that only people can write, kept in `<stem>.report.yaml` beside the
plan: shape only (pydantic). Which parts a final report needs is `check.missing_parts`'s job,
so that `--draft` can print placeholders where a part is still empty.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from kehoach.model import Date, Signer, StrictModel, Text


def _paragraphs(value: Any) -> Any:
    """A string (a blank line inside a block scalar separates paragraphs) or a list of them."""
    if value is None:
        return []
    if isinstance(value, str):
        # `|` keeps a blank line as "\n\n"; `>` folds lines and leaves one "\n" per blank line.
        parts = value.split("\n\n") if "\n\n" in value else value.split("\n")
        return [p for p in (" ".join(part.split()) for part in parts) if p]
    return value


Paragraphs = Annotated[list[Text], BeforeValidator(_paragraphs, json_schema_input_type=Text | list[Text])]


class ReportFile(StrictModel):
    """Tệp báo cáo kết quả thực hiện kế hoạch (`<tên kế hoạch>.report.yaml`): những phần chỉ
    người viết được; kết quả từng nhiệm vụ và kinh phí do kehoach tính từ kế hoạch và tiến độ."""

    plan: Text | None = Field(
        None, description="Tên tệp kế hoạch, tính từ thư mục của tệp báo cáo: 2024.yaml.")
    number: int | None = Field(
        None, ge=1, description="Số của báo cáo; để trống cho tới khi văn thư cấp số.")
    date: Date | None = Field(None, description="Ngày ký báo cáo, dạng 2024-12-31.")
    as_of: Date | None = Field(
        None, description="Số liệu tính đến ngày này; mặc định là ngày của báo cáo.")
    signer: Signer | None = Field(None, description="Người ký báo cáo và thẩm quyền ký.")
    recipients: list[Text] | None = Field(
        None, description="Nơi nhận (không gồm dòng Lưu); mặc định như nơi nhận của kế hoạch.")
    archive: list[Text] | None = Field(
        None, description="Dòng “Lưu”; mặc định như của kế hoạch.")
    opening: Paragraphs = Field(
        [], description="Đoạn mở đầu; mặc định “Thực hiện Kế hoạch số …, … báo cáo kết quả … như sau:”.")
    assessment: Paragraphs = Field(
        [], description="Đánh giá chung về kết quả (không bắt buộc), in sau kết quả kinh phí.")
    shortcomings: Paragraphs = Field([], description="Tồn tại, hạn chế: mỗi ý một dòng.")
    causes: Paragraphs = Field([], description="Nguyên nhân của tồn tại, hạn chế.")
    directions: Paragraphs = Field([], description="Phương hướng, nhiệm vụ thời gian tới.")
    recommendations: Paragraphs = Field([], description="Kiến nghị, đề xuất.")


# The parts a final report cannot do without, in the order the report prints them: key → what
# a person calls it (for messages and for the placeholders of a draft).
REQUIRED_PARTS: dict[str, str] = {
    "date": "ngày ký báo cáo",
    "signer": "người ký",
    "shortcomings": "tồn tại, hạn chế",
    "causes": "nguyên nhân",
    "directions": "phương hướng, nhiệm vụ thời gian tới",
    "recommendations": "kiến nghị, đề xuất",
}
