"""Stage 3: the document's parts under Decree 30, found by what they say, not how kehoach lays
them out: the header (a borderless table, tab-separated lines or text boxes), the document kind
and trích yếu, the preamble (Căn cứ lines, an opening paragraph), the body, the signature block
(Nơi nhận, Lưu, authority, name — a table or plain lines) and the appendices after it.

Every line keeps its đoạn, and every part says which đoạn it used, so the next stage can list
what nothing used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.diagnostics import KehoachError
from kehoach.docximport import marks
from kehoach.docximport.frame import (
    Header,
    Signature,
    is_rule,
    pieces_of,
    read_header,
    read_signature,
    signer_head,
    signer_line,
)
from kehoach.docximport.lines import Line, collapse, lines_of, split_label
from kehoach.docximport.read import Para, Source, Table
from kehoach.docximport.text import plain

KINDS = {  # other document kinds (Phụ lục III), to say what a document is when it is no plan
    "bao cao": "BÁO CÁO",
    "quyet dinh": "QUYẾT ĐỊNH",
    "to trinh": "TỜ TRÌNH",
    "thong bao": "THÔNG BÁO",
    "chuong trinh": "CHƯƠNG TRÌNH",
    "de an": "ĐỀ ÁN",
    "huong dan": "HƯỚNG DẪN",
    "bien ban": "BIÊN BẢN",
    "giay moi": "GIẤY MỜI",
    "cong van": "CÔNG VĂN",
    "nghi quyet": "NGHỊ QUYẾT",
    "chi thi": "CHỈ THỊ",
    "phuong an": "PHƯƠNG ÁN",
    "du an": "DỰ ÁN",
    "quy che": "QUY CHẾ",
}
@dataclass
class AppendixPart:
    index: int
    label: str
    title: list[str]
    note: str
    tables: list[Table]
    lines: list[Line]


@dataclass
class Parts:
    header: Header
    kind_index: int
    summary: str
    summary_indexes: list[int]
    preamble: list[Line]
    body: list[Line | Table]
    signature: Signature
    appendices: list[AppendixPart]
    stray: list[Line | Table]  # blocks found nowhere (before the header, between parts)


class NotAPlan(KehoachError):
    """No KẾ HOẠCH in the document."""


# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------


def _is_kind_line(text: str) -> bool:
    return plain(text) in ("ke hoach", "k e h o a c h")


def _find_kind(blocks: list[Para | Table]) -> tuple[int, int] | None:
    """(block position, đoạn) of the KẾ HOẠCH line: a paragraph, or a line of a header table."""
    for pos, block in enumerate(blocks):
        if isinstance(block, Para):
            first = block.text.split("\n")[0]
            if _is_kind_line(first):
                return pos, block.index
        elif pos < 3:
            for row in block.rows:
                for cell in row:
                    for para in cell:
                        if _is_kind_line(para.text.split("\n")[0]):
                            return pos, para.index
    return None


def _other_kind(blocks: list[Para | Table]) -> str | None:
    for block in blocks[:40]:
        texts = (
            [block.text] if isinstance(block, Para) else [p.text for r in block.rows for c in r for p in c]
        )
        for text in texts:
            key = plain(text.split("\n")[0])
            if key in KINDS:
                return KINDS[key]
    return None


def _starts_signature(block: Para | Table) -> bool:
    """ "Nơi nhận" in a paragraph or a table; a table holding a signer ("TM. ỦY BAN NHÂN DÂN")."""
    texts = (
        [block.text]
        if isinstance(block, Para)
        else [p.text for row in block.rows for cell in row for p in cell]
    )
    for text in texts:
        for part in re.split(r"[\t\n]|\s{3,}", text):
            if plain(part).startswith("noi nhan"):
                return True
            if isinstance(block, Table) and signer_line(part):
                return True
    return False


def _is_appendix_start(block: Para | Table) -> bool:
    return isinstance(block, Para) and bool(re.match(r"^phu luc\b", plain(block.text)))


def split_parts(source: Source) -> Parts:
    blocks = list(source.blocks)
    found = _find_kind(blocks)
    if found is None:
        other = _other_kind(blocks)
        if other:
            raise NotAPlan(
                f"Văn bản này là {other}, không phải KẾ HOẠCH.",
                "kehoach chỉ nhập kế hoạch; kiểm tra lại tệp.",
            )
        raise NotAPlan(
            'Không tìm thấy kế hoạch trong văn bản: không có dòng tên loại "KẾ HOẠCH".',
            "Kiểm tra đúng tệp kế hoạch; nếu văn bản ghi tên loại ở chỗ khác, sửa cho có "
            'dòng "KẾ HOẠCH" riêng rồi nhập lại.',
        )
    pos, kind_index = found
    head_blocks = blocks[: pos + (1 if isinstance(blocks[pos], Table) else 0)]
    pieces = [piece for block in head_blocks for piece in pieces_of(block)]
    pieces = [p for p in pieces if p.index != kind_index]
    header = read_header(pieces)

    # The trích yếu: what follows KẾ HOẠCH in its own paragraph, then the centred paragraphs
    # after it (a long one is often typed over two or three), up to a rule or the text.
    rest = blocks[pos + 1 :]
    summary_parts: list[str] = []
    summary_indexes: list[int] = []
    if isinstance(blocks[pos], Para):
        tail = blocks[pos].text.split("\n", 1)
        if len(tail) > 1 and tail[1].strip():
            summary_parts.append(tail[1])
            summary_indexes.append(blocks[pos].index)
    else:  # the KẾ HOẠCH line inside a header table: the trích yếu may sit under it in the cell
        summary_parts, summary_indexes = _summary_in_table(blocks[pos], kind_index)
    i = 0
    while i < len(rest):
        block = rest[i]
        if not isinstance(block, Para) or block.label:
            break
        text = block.text.strip()
        if not text:
            if summary_parts:
                i += 1
                break
            i += 1
            continue
        if is_rule(text):
            i += 1
            break
        starts_text = plain(text).startswith(("can cu", "thuc hien", "de ", "nham ", "trien khai "))
        first = not summary_parts  # the paragraph right under KẾ HOẠCH is the trích yếu
        if (
            split_label(text)[1]
            or (starts_text and not first)
            or (
                block.align != "center"
                and not (first and (block.bold or (len(text) < 300 and not starts_text)))
            )
        ):
            break
        summary_parts.append(text)
        summary_indexes.append(block.index)
        i += 1
    summary = _summary_text(summary_parts)
    rest = rest[i:]

    # The signature and what follows it: from "Nơi nhận" (or a signer typed as lines before it).
    end = next((k for k, b in enumerate(rest) if _starts_signature(b) or _is_appendix_start(b)), len(rest))
    k = _signer_start(rest, end)
    body_blocks, after = rest[:k], rest[k:]
    appendix_at = next((j for j, b in enumerate(after) if _is_appendix_start(b)), len(after))
    signature = read_signature(after[:appendix_at])
    appendices, stray = _appendices(after[appendix_at:])

    body_lines: list[Line | Table] = []
    for block in body_blocks:
        if isinstance(block, Table):
            body_lines.append(block)
        else:
            body_lines.extend(line for line in lines_of(block) if not is_rule(line.full))
    _unclose(body_lines)
    preamble: list[Line] = []
    top = _top_kind(body_lines)
    while body_lines and isinstance(body_lines[0], Line) and not _is_top(body_lines[0], top):
        preamble.append(body_lines.pop(0))  # type: ignore[arg-type]
    # The top sections, marked: numbered "1." like their own headings, they are told apart by
    # their capitals (Decree 30 prints a section's title in capitals, a heading's in sentence case).
    from dataclasses import replace

    body_lines = [replace(x, top=True) if isinstance(x, Line) and _is_top(x, top)
                  and (top != "number" or _capitals(x.text)) else x for x in body_lines]
    stray_header = [Line(p.index, p.text) for p in header.unplaced]
    return Parts(
        header,
        kind_index,
        summary,
        summary_indexes,
        preamble,
        body_lines,
        signature,
        appendices,
        [*stray_header, *stray],
    )


def _signer_start(blocks: list[Para | Table], end: int) -> int:
    """Where a signer block typed as short paragraphs begins, just before `end`; `end` if none."""
    start = end
    for j in range(end - 1, max(-1, end - 9), -1):
        block = blocks[j]
        if not isinstance(block, Para) or block.label or len(block.text.strip()) > 80:
            break
        if signer_head(block.text):
            start = j
    return start


# Words that never start a proper name: a capital on them after a line break is the clerk's.
_FUNCTION_WORDS = {
    "của",
    "đến",
    "và",
    "về",
    "trên",
    "tại",
    "cho",
    "trong",
    "theo",
    "với",
    "các",
    "những",
    "năm",
    "giai",
    "nhằm",
    "để",
    "từ",
    "thuộc",
    "định",
    "hướng",
    "thực",
    "triển",
    "khai",
    "hiện",
}


def _summary_text(parts: list[str]) -> str:
    """The trích yếu from its lines (manual breaks, or paragraphs): one sentence; a capital a
    line break put on a common word ("…ngày 06/9/2023 / Của Ban Thường vụ…") made small."""
    lines = [collapse(line) for part in parts for line in part.split("\n") if line.strip()]
    out = []
    for i, line in enumerate(lines):
        first = line.split(" ", 1)[0]
        if (
            i
            and not out[-1].endswith((".", ":", ";", "!", "?"))
            and first[:1].isupper()
            and first[1:].islower()
            and first.lower() in _FUNCTION_WORDS
        ):
            line = line[:1].lower() + line[1:]
        out.append(line)
    return " ".join(out)


def _unclose(lines: list[Line | Table]) -> None:
    """The body ends with "./." (Decree 30's mark after the last sentence): the sentence's own
    full stop stays, the mark goes; a "./." alone on its line goes with it."""
    from dataclasses import replace

    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if isinstance(line, Table) or not line.text:
            continue
        if line.text.strip() in ("./.", "/."):
            del lines[i]
            continue
        if line.text.rstrip().endswith("/."):
            before = line.text.rstrip()[:-2].rstrip()
            kept = before.rstrip(".") + "."
            # the full stop keeps its face when the sentence had it ("**… x.**" stays bold)
            own = marks.cut(line.marks, 0, len(kept)) if before == kept else marks.join(
                (kept[:-1], marks.cut(line.marks, 0, len(kept) - 1)), (".", ""))
            lines[i] = replace(line, text=kept, marks=own)
        return


def _summary_in_table(table: Table, kind_index: int) -> tuple[list[str], list[int]]:
    parts, indexes, seen = [], [], False
    for row in table.rows:
        for cell in row:
            for para in cell:
                if para.index == kind_index:
                    seen = True
                    continue
                if seen and para.text.strip() and not is_rule(para.text):
                    parts.append(para.text)
                    indexes.append(para.index)
    return parts, indexes


TOP_KINDS = ("roman", "upper")


def _top_kind(lines: list[Line | Table]) -> str:
    for line in lines:
        if isinstance(line, Line) and line.kind in TOP_KINDS and _looks_heading(line):
            return line.kind
    return "number"


def _looks_heading(line: Line) -> bool:
    letters = [ch for ch in line.text if ch.isalpha()]
    upper = bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.8
    return line.bold or upper or (len(line.text) < 120 and not line.text.rstrip().endswith((".", ";")))


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.8


def _is_top(line: Line, top: str) -> bool:
    return line.kind == top and (top != "number" or line.depth == 1) and _looks_heading(line)


def _appendices(blocks: list[Para | Table]) -> tuple[list[AppendixPart], list[Line | Table]]:
    out: list[AppendixPart] = []
    stray: list[Line | Table] = []
    for block in blocks:
        if _is_appendix_start(block):
            assert isinstance(block, Para)
            out.append(AppendixPart(block.index, collapse(block.text), [], "", [], []))
            continue
        if not out:
            if isinstance(block, Table) or block.text.strip():
                stray.append(block if isinstance(block, Table) else Line(block.index, collapse(block.text)))
            continue
        current = out[-1]
        if isinstance(block, Table):
            current.tables.append(block)
            continue
        text = collapse(block.text)
        if not text:
            continue
        if text.startswith("(") and "kèm theo" in text.lower():
            current.note = text
        elif not current.tables and not current.note and text.upper() == text:
            current.title.append(text)
        else:
            current.lines.extend(lines_of(block))
    return out, stray
