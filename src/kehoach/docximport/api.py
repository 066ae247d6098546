"""The import as one library call: a Word file in, the plan file's text, its check and the review
list out; and the decision what to write, which the CLI (and anything else) only carries out.

Exit codes (`outcome`): 0 the plan validates; 1 written only under `--draft` (the plan is
incomplete or has errors); 2 nothing written (unreadable input, no plan found, or a plan that
does not validate without `--draft`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.diagnostics import KehoachError
from kehoach.docximport.build import Builder, Draft, Review
from kehoach.docximport.container import identify, read_input
from kehoach.docximport.emit import to_yaml
from kehoach.docximport.parts import split_parts
from kehoach.docximport.read import CHARS_PER_PAGE, MAX_CHARS, MAX_PARAGRAPHS, Para, Source, read_docx


@dataclass
class Imported:
    """The result of reading one Word file."""

    source_name: str
    text: str  # the plan file
    draft: Draft
    source: Source
    checked: Any  # validate.Checked of `text`
    review: list[tuple[int, Review]] = field(default_factory=list)  # (line in `text`, review)
    converted_from: str = ""  # doc, odt, rtf when LibreOffice converted the file first

    @property
    def errors(self) -> list:
        return self.checked.errors if self.checked is not None else []

    @property
    def valid(self) -> bool:
        return (
            self.checked is not None
            and self.checked.plan is not None
            and not self.errors
            and not self.source.truncated
        )


def read_source(path: Path) -> tuple[Source, str]:
    """The Word file as plain data, converting .doc/.odt/.rtf through LibreOffice first."""
    data = read_input(path)
    opened = identify(data, str(path))
    converted = ""
    if opened.kind != "docx":
        from kehoach.docximport.convert import to_docx

        converted = opened.kind
        data = to_docx(data, opened.kind, str(path))
        opened = identify(data, str(path))
    return read_docx(opened.data, str(path)), converted


def import_file(path: Path, target: Path | None = None, *, draft: bool = True) -> Imported:
    """Read `path` and make the plan file's text; `target` (where it will be written) names the
    file in messages and is where a programme catalogue would be looked up. A document past the
    reading limits is refused unless `draft` (then its first part is imported)."""
    source, converted = read_source(path)
    if source.truncated and not draft:
        raise KehoachError(
            f"{path} quá dài cho một kế hoạch (hơn {source.pages} trang; kehoach đọc tối đa khoảng "
            f"{MAX_CHARS // CHARS_PER_PAGE} trang, {MAX_PARAGRAPHS:,} đoạn).".replace(",", "."),
            "Kiểm tra đúng tệp kế hoạch; để nhập phần đầu của văn bản, thêm --draft.",
        )
    return import_source(source, path.name, target or path.with_suffix(".yaml"), converted)


def import_source(source: Source, name: str, target: Path, converted: str = "") -> Imported:
    """The plan file's text from a document already read, checked as `validate` checks it."""
    from kehoach.validate import check_plan

    parts = split_parts(source)
    draft = Builder(parts, source).build()
    _account(source, draft)
    header = [
        f"Nhập từ {name} bằng `kehoach import`.",
        "Chỗ ghi XEM LẠI cần người đối chiếu với văn bản Word (đoạn N: đoạn thứ N của văn bản,",
        "đếm cả đoạn trong bảng). Sửa xong, xóa dòng XEM LẠI và chạy: kehoach validate " + target.name,
    ]
    text = to_yaml(draft.data, draft.comments, header, draft.trailing)
    checked = check_plan(target, progress=False, source=text.encode("utf-8"))
    review = _lines(draft, checked)
    return Imported(name, text, draft, source, checked, review, converted)


def _account(source: Source, draft: Draft) -> None:
    """Nothing dropped silently: a non-empty paragraph no stage used is listed, with its text."""
    from kehoach.docximport.text import excerpt

    for block in source.blocks:
        paras = (
            [block] if isinstance(block, Para) else [p for row in block.rows for cell in row for p in cell]
        )
        for para in paras:
            if (
                para.text.strip()
                and para.index not in draft.used
                and not _decorative(para.text)
            ):
                draft.review.append(Review(para.index, f'chưa nhập: "{excerpt(para.text)}"'))
                draft.comments.setdefault((), []).append(
                    f'XEM LẠI (đoạn {para.index}): chưa nhập: "{" ".join(para.text.split())}"'
                )


def _decorative(text: str) -> bool:
    from kehoach.docximport.frame import is_rule

    return is_rule(text.strip())


def _lines(draft: Draft, checked: Any) -> list[tuple[int, Review]]:
    out = []
    spans = checked.loaded.source if checked is not None else None
    for review in sorted(draft.review, key=lambda r: (r.index == 0, r.index)):
        line = 0
        if spans is not None and review.path:
            span = spans.key_span(review.path) if review.path else None
            line = span.line if span else 0
        out.append((line, review))
    return out


# ---------------------------------------------------------------------------------------------
# Writing


def refuse_target(output: Path, source: Path, force: bool) -> None:
    """Raise unless `output` may receive the plan: a .yaml name, not the Word file, not an
    existing file without --force, nothing special (links, devices, kehoach's folders)."""
    from kehoach.output import check_target
    from kehoach.validate import COMPANION_SUFFIXES, PLAN_SUFFIXES

    if str(output) == "-":
        return
    if output.is_dir() or str(output).endswith(os.sep):
        raise KehoachError(f"{output} là thư mục.", "Ghi tên tệp kế hoạch, ví dụ -o plans/2024.yaml.")
    if output.suffix not in PLAN_SUFFIXES or output.name.endswith(COMPANION_SUFFIXES):
        raise KehoachError(
            f"Tên {output.name} không phải tên tệp kế hoạch.",
            "Đặt tên kết thúc bằng .yaml, ví dụ plans/2024.yaml (không dùng đuôi "
            ".progress.yaml, .report.yaml, .catalogue.yaml).",
        )
    check_target(output, (source,), yaml_ok=True)
    if output.exists() and not force:
        raise KehoachError(
            f"Tệp {output} đã có; kehoach không ghi đè.", "Chọn tên khác (-o), hoặc thêm --force để ghi đè."
        )


def default_output(source: Path) -> Path:
    """`ke-hoach.docx` → `ke-hoach.yaml` beside it."""
    return source.with_suffix(".yaml")


def outcome(imported: Imported, draft_mode: bool) -> tuple[bool, int]:
    """(write the file?, exit code) for a finished import."""
    if imported.valid:
        return True, 0
    return (True, 1) if draft_mode else (False, 2)


def write(imported: Imported, output: Path, source: Path, force: bool) -> None:
    from kehoach.output import write_atomic

    refuse_target(output, source, force)
    write_atomic(output, imported.text.encode("utf-8"), inputs=(source,), yaml_ok=True)


def summary_text(imported: Imported, output: str, written: bool) -> str:
    """What the command prints after the import: where, what was found, the review list."""
    source = imported.source
    plan = imported.draft.data
    lines = []
    if written:
        lines.append(
            f"Đã ghi {output} từ {imported.source_name}"
            + (f" (chuyển từ .{imported.converted_from} bằng LibreOffice)" if imported.converted_from else "")
            + "."
        )
    doc = plan.get("document", {})
    lines.append(
        f"Văn bản: {source.paragraphs} đoạn, khoảng {source.pages} trang; "
        f"kế hoạch {doc.get('issuer') or '(chưa rõ cơ quan)'}"
        + (f", số {doc['number']}" if doc.get("number") else "")
        + (f", ngày {doc['date']:%d/%m/%Y}" if doc.get("date") else "")
        + "."
    )
    if source.truncated:
        lines.append(
            f"Văn bản quá dài (hơn {MAX_CHARS:,} ký tự hoặc quá nhiều đoạn): chỉ nhập phần đầu "
            f"(đến đoạn {source.paragraphs}).".replace(",", ".")
        )
    review = imported.review
    lines.append(f"Cần xem lại ({len(review)} mục):" if review else "Không có chỗ nào cần xem lại.")
    for line, r in review:
        where = f"đoạn {r.index}" if r.index else "cả văn bản"
        at = f"{output}:{line}" if line else output
        lines.append(f"  {at}: [{where}] {r.message}")
    return "\n".join(lines)
