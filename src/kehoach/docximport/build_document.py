"""The header and the preamble of the plan, for `build.Builder`: the issuing agency (and its
parent) back in ordinary case with its own line split where kehoach would split otherwise, ký
hiệu, number, place and date, trích yếu; Căn cứ lines and the opening paragraph.
"""

from __future__ import annotations

from typing import Any

from kehoach.docximport import recase
from kehoach.docximport.lines import Line
from kehoach.docximport.text import plain


class DocumentPart:
    """The header's methods of the Builder (its state lives in build.Builder)."""

    # ---- header ----------------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        from kehoach import agency

        header = self.parts.header
        self.use(*header.used, self.parts.kind_index, *self.parts.summary_indexes)
        out: dict[str, Any] = {}
        parent = (
            recase.agency(agency.expand(" ".join(header.parent_lines)), self.corpus)
            if header.parent_lines
            else ""
        )
        issuer = recase.agency(" ".join(header.issuer_lines), self.corpus) if header.issuer_lines else ""
        if parent:
            out["parent"] = parent
            computed = agency.parent_lines(parent, _header_width(), _agency_size())
            if [recase.fold(x) for x in computed] != [recase.fold(x) for x in header.parent_lines] and _fits(
                header.parent_lines
            ):
                out["parent_lines"] = [
                    recase.agency(x, self.corpus)
                    if not x.upper().startswith(("UBND", "HĐND"))
                    else _abbreviated(x, self.corpus)
                    for x in header.parent_lines
                ]
        out["issuer"] = issuer
        if not issuer:
            self.note(0, "không tìm thấy tên cơ quan ban hành ở góc trái tiêu đề", ("document", "issuer"))
        elif len(header.issuer_lines) > 0:
            computed = agency.issuer_lines(issuer, _header_width(), _agency_size())
            if [recase.fold(x) for x in computed] != [recase.fold(x) for x in header.issuer_lines] and _fits(
                header.issuer_lines
            ):  # a typed split kehoach can print as it is
                out["issuer_lines"] = _line_split(issuer, header.issuer_lines)
        out["issuer_code"] = header.issuer_code or None
        if not header.number_seen:
            self.note(0, 'không tìm thấy dòng "Số: …/KH-…"', ("document", "issuer_code"))
        elif header.kind_code and header.kind_code != "KH":
            self.note(
                0, f'ký hiệu văn bản ghi "{header.kind_code}", kế hoạch là "KH"', ("document", "issuer_code")
            )
        out["number"] = header.number
        out["place"] = header.place or None
        if not header.place:
            self.note(0, "không tìm thấy dòng địa danh, ngày tháng", ("document", "place"))
        out["date"] = header.date
        d, m, y = header.date_parts
        if header.date is None and header.place:
            shown = f"ngày {d or '…'} tháng {m or '…'} năm {y or '…'}"
            if m and y and not d:  # "ngày    tháng 4 năm 2022": the month is known
                out["date"] = f"tháng {m}/{y}"
                self.note(0, f"ngày ban hành để trống ({shown}): ghi `date: tháng {m}/{y}` như văn bản; "
                          "ghi đủ ngày khi biết", ("document", "date"))
            else:
                self.note(0, f"ngày ban hành để trống hoặc chưa đủ ({shown}): giữ trống",
                          ("document", "date"))
        summary = self.parts.summary
        if summary and recase.all_caps(summary):
            summary = recase.sentence_case(summary, self.corpus.upper_words)
            self.parts.summary = summary
            self.note(
                self.parts.summary_indexes[0] if self.parts.summary_indexes else 0,
                "trích yếu in hoa: đã viết thường như Nghị định 30 quy định; kiểm tra chữ hoa của tên riêng",
                ("document", "summary"),
            )
        out["summary"] = summary or None
        if not self.parts.summary:
            self.note(
                self.parts.kind_index,
                "không tìm thấy trích yếu dưới tên loại KẾ HOẠCH",
                ("document", "summary"),
            )
        self.issuer = issuer
        return out

    # ---- preamble ------------------------------------------------------------------------------

    def preamble(self) -> tuple[list[str], list[str] | str | None]:
        lines = self.parts.preamble
        bases: list[str] = []
        opening: list[str] = []
        italic_bases = any(line.italic and _is_basis(line) for line in lines)
        for line in lines:
            self.use(line.index)
            text = line.full
            if _is_basis(line) and (line.italic or not italic_bases) and not opening and not _opens(text):
                bases.append(self.marked(line, text.rstrip(";.,").rstrip(), full=True, path=("bases",)))
            else:
                opening.append(self.marked(line, full=True, path=("opening",)))
        value: list[str] | str | None = opening if len(opening) > 1 else (opening[0] if opening else None)
        return bases, value


def _is_basis(line: Line) -> bool:
    return not line.kind and plain(line.text).startswith("can cu")


def _opens(text: str) -> bool:
    """An opening paragraph ("… như sau:"), not a Căn cứ line."""
    return text.rstrip().endswith(":") or "như sau" in text.lower()


def _header_width() -> float:
    from kehoach.metrics import HEADER_LEFT

    return HEADER_LEFT / 20


def _agency_size() -> float:
    from kehoach.metrics import AGENCY_SIZE_PT

    return AGENCY_SIZE_PT


def _fits(lines: list[str]) -> bool:
    """Whether every typed header line fits the header's column (else Word wrapped it anyway)."""
    from kehoach.metrics import text_width_pt

    return all(text_width_pt(line.upper(), _agency_size(), bold=True) <= _header_width() for line in lines)


def _line_split(name: str, lines: list[str]) -> list[str]:
    """The issuer's own line split, in the case of the recovered name."""
    out, rest = [], name
    for line in lines:
        n = len(" ".join(line.split()))
        out.append(rest[:n].strip())
        rest = rest[n:].strip()
    if rest:
        out[-1] = f"{out[-1]} {rest}".strip()
    return out


def _abbreviated(line: str, corpus: recase.Corpus) -> str:
    head, _, rest = line.strip().partition(" ")
    return (
        f"{head.upper()} {recase.agency(rest, corpus)[:1].lower()}{recase.agency(rest, corpus)[1:]}".strip()
        if rest
        else head.upper()
    )
