"""The end of the plan, for `build.Builder`: the Kinh phí section (read by budget.py, matched
to the plan's projects and tasks), Nơi nhận and Lưu, the signer, and the task appendix whose
rows give the leads and partners the body does not print.
"""

from __future__ import annotations

from typing import Any

from kehoach import emphasis
from kehoach.docximport import recase
from kehoach.docximport.budget import read_budget
from kehoach.docximport.frame import AUTHORITY
from kehoach.docximport.lines import Line
from kehoach.docximport.parts import AppendixPart
from kehoach.docximport.read import Source, Table
from kehoach.docximport.text import excerpt, plain
from kehoach.docximport.tree import Node
from kehoach.render.appendix import DEFAULT_TITLE as DEFAULT_APPENDIX


class EndPart:
    """The end's methods of the Builder (its state lives in build.Builder)."""

    # ---- budget --------------------------------------------------------------------------------

    def budget(self, node: Node) -> dict[str, Any] | None:
        flat: list[Line] = []

        def walk(n: Node) -> None:
            for x in n.order:
                if isinstance(x, Node):
                    assert x.line is not None
                    flat.append(x.line)
                    walk(x)
                elif isinstance(x, Line):
                    flat.append(x)
                else:
                    self.unplaced(x, None, ("budget",), "bảng trong mục Kinh phí chưa nhập được")

        walk(node)

        def project(text: str, group: str | None) -> str | None:
            return self.project_code(text, group)

        def activity(text: str) -> str | None:
            found = self.activities_by_title.get(recase.fold(text.rstrip(":;.")))
            if found is None:
                return None
            if "project" in found:
                return str(found["project"])
            if "id" not in found:
                found["id"] = self.activity_ids.make(str(found.get("title", "")), words=5)
            return str(found["id"])

        def source(name: str) -> str | None:
            from kehoach import funding

            folded = recase.fold(name)
            for code, printed in {**funding.builtin(), **self.funding_sources}.items():
                if recase.fold(printed) == folded:
                    return code
            return None

        def new_source(name: str) -> str:
            code = self.source_ids.make(name, words=5)
            self.funding_sources[code] = name[:1].upper() + name[1:] if name[1:2].isupper() else name
            return code

        result = read_budget(flat, project, activity, source, new_source)
        self.use(*result.used)
        for index, message in result.review:
            self.note(
                index,
                message,
                ("budget", "total") if "tổng" in message or "bằng chữ" in message else ("budget",),
            )
        data = result.data
        for line in result.leftover:
            sentence = data.get("sources")
            said = self.marked(line, full=True, path=("budget", "sources"))
            data["sources"] = f"{sentence} {said}" if sentence else said
            self.use(line.index)
            self.note(
                line.index,
                f"dòng kinh phí không gắn được với dự án hay nhiệm vụ nào: đặt vào câu nguồn "
                f'kinh phí ("{excerpt(line.full)}")',
                ("budget", "sources"),
            )
        if not data:
            return None
        return data

    # ---- signature -------------------------------------------------------------------------------

    def signature(self) -> dict[str, Any]:
        from kehoach import agency

        sig = self.parts.signature
        self.use(*sig.used)
        out: dict[str, Any] = {}
        out["recipients"] = [text for _, text in sig.recipients]
        if not sig.recipients:
            self.note(0, "không tìm thấy Nơi nhận", ("recipients",))
        if sig.archive:
            out["archive"] = sig.archive
        lines = [text for _, text in sig.authority]
        signer: dict[str, Any] = {}
        issuer = self.issuer
        default_collective = agency.expand(agency.split_agency(issuer)[0]).upper() if issuer else ""
        first = AUTHORITY.match(lines[0]) if lines else None
        title_line = ""
        if first and first[1] == "TM":
            rest = lines[1:]
            if recase.fold(first[2]) != recase.fold(default_collective):
                signer["collective"] = recase.agency(first[2], self.corpus)
            second = AUTHORITY.match(rest[0]) if rest else None
            if second and second[1] in ("KT", "Q"):
                signer["authority"] = second[1]
                head = second[2]
                title_line = rest[1] if len(rest) > 1 else head
                if recase.fold(head) != "chủ tịch":
                    signer["head_title"] = recase.title(head)
            else:
                signer["authority"] = "TM"
                title_line = rest[0] if rest else ""
        elif first:
            signer["authority"] = first[1]
            head = first[2]
            title_line = lines[1] if len(lines) > 1 else head
            if recase.fold(head) != "chủ tịch":
                signer["head_title"] = recase.title(head)
        elif lines:
            title_line = lines[0]
        if len(lines) > 3 or (not first and len(lines) > 1):
            self.note(
                sig.authority[-1][0], "khối chữ ký có dòng chưa nhận ra: " + " / ".join(lines), ("signer",)
            )
        signer["title"] = recase.title(title_line) if title_line else None
        if not title_line:
            self.note(0, "không tìm thấy chức vụ người ký", ("signer",))
        signer["name"] = sig.name or None
        if not sig.name:
            self.note(0, "không tìm thấy họ tên người ký", ("signer",))
        order = ("authority", "head_title", "collective", "title", "name")
        out["signer"] = {k: signer[k] for k in order if k in signer}
        for piece in sig.unplaced:
            self.use(piece.index)
            self.note(
                piece.index, f'dòng trong khối chữ ký chưa nhận ra: "{excerpt(piece.text)}"', ("signer",)
            )
        return out

    # ---- appendices ------------------------------------------------------------------------------

    def appendices(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for part in self.parts.appendices:
            self.use(part.index)
            table = next((t for t in part.tables if _task_table(t)), None)
            title = " ".join(part.title)
            if part.note:
                self.use(*(i for i in _indexes_of(self.source, part.note)))
            self.use(*(i for i in _indexes_of_title(self.source, part)))
            if table is None:
                self.note(
                    part.index,
                    f'phụ lục "{excerpt(title or part.label)}" không phải bảng phân công '
                    "nhiệm vụ: kehoach chưa nhập được, giữ ở tệp Word; nội dung chép ở cuối tệp này",
                    (),
                )
                self.keep_as_comment(part.tables, part.lines)
                continue
            entry: dict[str, Any] = {"use": "tasks"}
            if title and recase.fold(title) != recase.fold(DEFAULT_APPENDIX):
                entry["title"] = recase.sentence_case(title, self.corpus.upper_words)
            out.append(entry)
            self.task_table(table)
            others = [t for t in part.tables if t is not table]
            for other in others:
                self.note(other.index, "bảng khác trong phụ lục chưa nhập được: chép ở cuối tệp này", ())
            for line in part.lines:
                self.note(line.index, f'đoạn trong phụ lục chưa nhập được: "{excerpt(line.full)}"', ())
            self.keep_as_comment(others, part.lines)
        return out

    def keep_as_comment(self, tables: list[Table], lines: list[Line], limit: int = 400) -> None:
        """Text no field can hold (an appendix's own table), kept word for word as comments at
        the end of the file, row by row; past `limit` rows, how many more there are."""
        rows = [f"đoạn {line.index}: {line.full}" for line in lines]
        for t in tables:
            for row in t.rows:
                cells = [" ".join(p.text for p in cell).strip() for cell in row]
                first = next((p.index for cell in row for p in cell), t.index)
                rows.append(f"đoạn {first}: | " + " | ".join(cells) + " |")
            self.use(*(p.index for row in t.rows for cell in row for p in cell))
        self.use(*(line.index for line in lines))
        kept = [" ".join(r.split()) for r in rows[:limit]]
        if len(rows) > limit:
            kept.append(f"… và {len(rows) - limit} dòng nữa (xem tệp Word)")
        self.trailing.extend(kept)

    def task_table(self, table: Table) -> None:
        """Leads and partners from the appendix's rows, onto the activities and items they name."""
        self.use(*(p.index for row in table.rows for cell in row for p in cell))
        header = [" ".join(p.text for p in cell) for cell in table.rows[0]] if table.rows else []
        cols = {name: i for i, name in enumerate(plain(h) for h in header)}
        lead_col = next((i for n, i in cols.items() if "chu tri" in n), None)
        partner_col = next((i for n, i in cols.items() if "phoi hop" in n), None)
        self.appendix_units = lead_col is not None or partner_col is not None
        content_col = next((i for n, i in cols.items() if "noi dung" in n), 1)
        number_col = next((i for n, i in cols.items() if n.startswith("stt")), 0)
        for row in table.rows[1:]:
            cells = [" ".join(p.text for p in cell).strip() for cell in row]
            if len(cells) <= max(content_col, number_col):
                continue
            lead = cells[lead_col] if lead_col is not None and lead_col < len(cells) else ""
            partners = cells[partner_col] if partner_col is not None and partner_col < len(cells) else ""
            found = self.units_of(partners) if partners else []
            if found is None:
                self.note(row[partner_col][0].index if row[partner_col] else table.index,
                          f'không tách được danh sách đơn vị phối hợp "{excerpt(partners)}": có tên đơn vị '
                          "chứa dấu phẩy hoặc chữ “và” mà văn bản không nêu riêng ở đâu; ghi `partners` bằng "
                          "tay", ())
                found = []
            leads = [self.unit(lead)] if lead else []
            self.appendix_rows.append((cells[number_col], cells[content_col], leads, found))

    def appendix_leads(self) -> list[str]:
        """The names in the chủ trì column of the task appendix: each one unit."""
        out = []
        for part in self.parts.appendices:
            for table in part.tables:
                if not _task_table(table):
                    continue
                header = [plain(" ".join(p.text for p in cell)) for cell in table.rows[0]]
                col = next((i for i, h in enumerate(header) if "chu tri" in h), None)
                for row in table.rows[1:] if col is not None else []:
                    if col < len(row) and (name := " ".join(" ".join(p.text for p in row[col]).split())):
                        out.append(name)
        return out

    def apply_appendix(self) -> None:
        """Leads and partners the task table names, on the tasks in the order the table lists
        them; a lead the task inherits from its parent is not repeated."""
        if not self.appendix_rows:
            return
        rows = self.appendix_rows
        effective: dict[int, str | None] = {}
        at = 0
        for task, parent in self.tasks:
            inherited = effective.get(id(parent)) if parent is not None else None
            is_item = "title" not in task and "project" not in task
            content = f"- {emphasis.plain(str(task.get('text', ''))).rstrip(';.,')}" if is_item else \
                self._title_of(task)
            found = next((j for j in range(at, len(rows))
                          if recase.fold(emphasis.plain(rows[j][1])) == recase.fold(content)), None)
            if found is not None:
                at = found + 1
                _, _, lead, partners = rows[found]
                if lead and lead[0] != inherited and "lead" not in task:
                    task["lead"] = lead[0]
                if partners and "partners" not in task:
                    task["partners"] = partners
            effective[id(task)] = task.get("lead") or inherited


def _task_table(table: Table) -> bool:
    if not table.rows:
        return False
    header = " ".join(plain(p.text) for cell in table.rows[0] for p in cell)
    # STT, Nội dung, then the units (unless the body prints them), Thời gian thực hiện, Kinh phí
    columns = ("chu tri", "thoi gian")
    return header.startswith("stt") and "noi dung" in header and any(c in header for c in columns)


def _indexes_of(source: Source, text: str) -> list[int]:
    from kehoach.docximport.read import Para

    return [b.index for b in source.blocks if isinstance(b, Para) and " ".join(b.text.split()) == text]


def _indexes_of_title(source: Source, part: AppendixPart) -> list[int]:
    from kehoach.docximport.read import Para

    titles = set(part.title)
    return [b.index for b in source.blocks if isinstance(b, Para) and " ".join(b.text.split()) in titles]
