"""`kehoach new`: next year's plan from this one, and what a person must still review.

The new file is the old one edited in place through ruamel.yaml's round-trip mode, so comments,
key order, quoting and folded paragraphs survive: a clerk recognises their own file. Only facts
tied to the old year change: `year` (or `period`), every `deadline` (moved with its kind kept),
the document number and date (cleared: a plan not yet issued has neither). Anything that cannot be
moved without guessing (bases, sentences naming the old year, budget figures, an ending
programme) is kept as written and listed for review instead.

ruamel.yaml is imported here only: `validate` never pays for it.

Long because one file goes through one pass: the round trip (with its choice of indentation), the
edits, the line merge that keeps the file's own lines (checked to read back as the same data), and
the review list, whose lines are the new file's.
"""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kehoach import years
from kehoach.catalogue import Catalogue
from kehoach.deadlines import parse_deadline, shifted
from kehoach.diagnostics import Diagnostic, KehoachError
from kehoach.model import Plan
from kehoach.shown import shown

MIN_YEAR, MAX_YEAR = 2000, 2100  # as the model's `year`
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_PERIOD = re.compile(r"\s*(\d{4})(\s*[-–]\s*)(\d{4})\s*")
# Keys whose values are not prose: moved (deadline, period, start) or codes never printed.
_NOT_TEXT = frozenset({"deadline", "period", "start", "programme", "id", "lead", "partners", "date",
                       "number", "table"})  # a table's years are data, as for KH520
REVIEW_MARK = "XEM LẠI"


@dataclass(frozen=True, slots=True)
class Moved:
    """One deadline moved: where it is in the new file, as written before and after."""

    line: int
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Review:
    """One thing a person must look at before the new plan is issued (line in the new file)."""

    line: int | None
    topic: str  # document, bases, budget, programme, old-year, comment, deadline, format
    message: str


@dataclass(frozen=True)
class NextYear:
    text: str  # the new plan file, UTF-8 NFC
    old_years: tuple[int, int]
    new_years: tuple[int, int]
    moved: tuple[Moved, ...]
    review: tuple[Review, ...]


def plan_years(plan: Plan) -> tuple[int, int]:
    """First and last year of a plan: its `year` twice, or a period plan's `period`."""
    return plan.first_year, plan.last_year


def catalogue_last_year(catalogue: Catalogue | None) -> int | None:
    """The last year of the programme (`years: 2021-2025` in its catalogue); None if it says none."""
    years = catalogue.years if catalogue is not None else None
    return years[1] if years is not None else None


def shift_deadline(value: object, years: int) -> object:
    """The deadline moved by `years`, in the form it was written (a date stays a date); forms
    without a year (thường xuyên, định kỳ hằng quý) stay as they are."""
    text = shifted(parse_deadline(value).text, years)
    return date.fromisoformat(text) if isinstance(value, date) else text


def parse_year(text: str) -> int:
    """`--year` as typed: four digits (spaces around allowed), else a KehoachError."""
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise KehoachError(f"`{text}` không phải một năm.", "Viết --year 2025.")
    return int(text)


def protected(plan: Path) -> tuple[Path, ...]:
    """Files `kehoach new` never writes over, even with --force: the plan and its companions."""
    from kehoach.companions import COMPANION_SUFFIXES

    return (plan, *(plan.with_name(plan.stem + suffix) for suffix in COMPANION_SUFFIXES))


def refuse_target(output: Path, inputs: tuple[Path, ...], force: bool) -> None:
    """Raise unless `output` may receive the new plan."""
    from kehoach.companions import COMPANION_SUFFIXES, PLAN_SUFFIXES
    from kehoach.output import check_target

    if output.is_dir():
        raise KehoachError(f"{output} là thư mục.", "Ghi tên tệp kế hoạch mới, ví dụ -o plans/2025.yaml.")
    if output.suffix not in PLAN_SUFFIXES or output.name.endswith(COMPANION_SUFFIXES):
        raise KehoachError(f"Tên {output.name} không phải tên tệp kế hoạch.",
                           "Đặt tên như plans/2025.yaml (không dùng đuôi .progress.yaml, .report.yaml, "
                           ".catalogue.yaml: các tệp đó đi kèm một kế hoạch).")
    check_target(output, inputs, yaml_ok=True)  # links, loops, special files, kehoach's own folders
    if any(p.exists() and output.resolve() == p.resolve() for p in inputs):
        raise KehoachError(f"Không ghi đè tệp đầu vào {output}.", "Chọn tên khác cho kế hoạch mới.")
    if output.exists() and not force:
        raise KehoachError(f"Tệp {output} đã có; kehoach không ghi đè.",
                           "Chọn tên khác, hoặc thêm --force để ghi đè.")


def next_year(path: Path, plan: Plan, catalogue: Catalogue | None, year: int) -> NextYear:
    """Next year's plan from the checked plan at `path`, starting in `year`."""
    old_first, old_last = plan_years(plan)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise KehoachError(f"Năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.",
                           "Ghi năm của kế hoạch mới, ví dụ --year 2025.")
    if year == old_first:
        raise KehoachError(f"Kế hoạch {path} đã là kế hoạch năm {year}.",
                           f"Ghi năm của kế hoạch mới, ví dụ --year {old_first + 1}.")
    if year < old_first:  # a plan is carried forward, never back: an earlier year is a slip
        raise KehoachError(f"Năm {year} trước năm của kế hoạch {path} ({old_first}); kế hoạch mới "
                           "được lập cho năm sau.", f"Ghi năm của kế hoạch mới, ví dụ --year {old_last + 1}.")
    shift = year - old_first
    old, new = (old_first, old_last), (old_first + shift, old_last + shift)

    raw = path.read_bytes().decode("utf-8")
    source = unicodedata.normalize("NFC", raw.removeprefix("\ufeff")).replace("\r\n", "\n")
    yaml, doc, unedited = _round_trip(source, path)

    review: list[tuple[tuple, str, str]] = []  # (data path, topic, message), lines found later
    _move_year(doc, year, shift)
    _clear_document(doc, review, shift)
    moved_paths = _move_times(doc, shift, review)
    marked = _mark_for_review(doc, old, new, review)
    ends = catalogue_last_year(catalogue)
    if catalogue is not None and ends is not None and ends < new[1]:
        review.append((("programme",), "programme",
                       f"Danh mục `{plan.programme}` ({catalogue.name}) chỉ tới năm {ends}, không phủ "
                       f"hết {_span(*new)} của kế hoạch mới: đổi `programme` sang danh mục của giai "
                       "đoạn mới, hoặc xác nhận chương trình được kéo dài."))

    text = _dump(yaml, doc)
    lost: list[int] = []
    if unedited == source:  # the file itself plus one comment line above each marked key
        where = _Where(doc, tuple(sorted(doc.lc.key(k)[0] for k in marked)))
    else:  # ruamel writes some lines its own way: keep the file's where we changed nothing
        merged, lost = _merge(source, unedited, text)
        reread = _reread(yaml, merged)  # and read the result again for its line numbers
        if reread is not None and reread == doc:
            text, where = merged, _Where(reread, ())
        else:  # lines that repeat can mislead a merge by lines: never at the cost of the data
            lost = [a + 1 for op in _differing(source.splitlines(), unedited.splitlines())
                    for a in range(op[1], op[2])]
            where = _Where(yaml.load(text), ())
    items: list[Review] = []
    if lost:
        shown = ", ".join(map(str, lost[:8])) + (", …" if len(lost) > 8 else "")
        items.append(Review(None, "format", f"{len(lost)} dòng của tệp cũ được viết lại theo một kiểu "
                            f"thụt lề và khoảng trắng chung (dòng {shown} của {path.name}); nội dung không "
                            "đổi, so hai tệp nếu muốn giữ kiểu cũ."))
    items += [Review(where.line(p), topic, msg) for p, topic, msg in review]
    # The year after the old plan too: in a 2023 plan, “năm 2024” means “next year”.
    items += _old_year_mentions(where, text.split("\n"), old, new)
    items.sort(key=lambda r: (r.line is not None, r.line or 0))
    moved = tuple(Moved(where.line(p) or 0, before, after) for p, before, after in moved_paths)
    if raw.startswith("\ufeff"):
        text = "\ufeff" + text
    if "\r\n" in raw:
        text = text.replace("\n", "\r\n")
    return NextYear(text, old, new, moved, tuple(items))


def _move_year(doc: Any, year: int, shift: int) -> None:
    """`year: 2025`, or a period plan's `period: 2026-2030` (its separator kept)."""
    if "year" in doc:
        doc["year"] = year
    period = doc.get("period")
    if isinstance(period, str) and (m := _PERIOD.fullmatch(period)):
        doc["period"] = _like(period, f"{int(m[1]) + shift}{m[2]}{int(m[3]) + shift}")


def _clear_document(doc: Any, review: list, shift: int) -> None:
    """No number and no date: a plan not yet issued has neither (KH505 reminds of the date). A
    date written with its day left blank (`tháng 4/2025`, `năm 2025`) names no day to clear: it is
    moved like a deadline, its blanks kept."""
    document = doc.get("document")
    if not isinstance(document, dict):
        return
    written = document.get("date")
    if written is not None and not isinstance(written, date) and _is_partial(written):
        moved = _YEAR.sub(lambda m: str(int(m[1]) + shift), str(written))
        document["date"] = int(moved) if isinstance(written, int) else _like(written, moved)
        for key in ("number",) if document.get("number") is not None else ():
            document[key] = None
        review.append((("document", "date"), "document",
                       f"Số văn bản để trống; ngày văn bản dời thành `{moved}`, ngày vẫn để trống như "
                       "kế hoạch cũ: văn thư ghi `number` khi cấp số, ghi đủ `date` khi ký ban hành."))
        return
    for key in ("number", "date"):
        if document.get(key) is not None:
            document[key] = None
    review.append((("document", "date"), "document",
                   "Số và ngày văn bản để trống: văn thư ghi `number` khi cấp số, ghi `date` khi ký "
                   "ban hành (tới lúc đó văn bản in “Số:     /KH-…” và “ngày     tháng     năm …”)."))


def _move_times(doc: Any, shift: int, review: list) -> list[tuple[tuple, str, str]]:
    """Every deadline and the plan's `start` moved in place; (data path, before, after) of each."""
    moved: list[tuple[tuple, str, str]] = []
    done: dict[int, object] = {}  # an anchored value and its aliases are one object: move it once
    times = list(_deadlines(doc))
    if doc.get("start") is not None:  # the day work began, when before the issue date
        times.insert(0, (doc, "start", ("start",)))
    for container, key, data_path in times:
        old = container[key]
        if id(old) in done:
            container[key] = done[id(old)]
            continue
        try:
            new = _like(old, shift_deadline(old, shift))
        except ValueError as exc:
            review.append((data_path, "deadline", f"Thời hạn `{old}` chưa dời được ({exc}): sửa tay."))
            continue
        done[id(old)] = container[key] = new
        if new != old:
            moved.append((data_path, str(old), _written(new)))
    return moved


def _is_partial(value: object) -> bool:
    from kehoach.model import PartialDate, parse_issue_date

    try:
        return isinstance(parse_issue_date(value), PartialDate)
    except ValueError:
        return False


def _mark_for_review(doc: Any, old: tuple[int, int], new: tuple[int, int], review: list) -> list[str]:
    """A `# XEM LẠI: …` line above `bases` and `budget`, kept as written; the top-level keys marked."""
    marked: list[str] = []
    if isinstance(doc.get("bases"), list) and doc["bases"]:
        marked.append("bases")
        doc.yaml_set_comment_before_after_key(
            "bases", before=f"{REVIEW_MARK}: các căn cứ chép từ kế hoạch {_span(*old)}; "
            "bỏ văn bản đã hết hiệu lực, thêm văn bản mới.", indent=0)
        for i, basis in enumerate(doc["bases"]):
            review.append((("bases", i), "bases", f"Căn cứ chép từ kế hoạch cũ: “{_excerpt(str(basis))}”."))
    budget = doc.get("budget")
    if isinstance(budget, dict) and any(k in budget for k in ("total", "lines", "by_source")):
        marked.append("budget")
        doc.yaml_set_comment_before_after_key(
            "budget", before=f"{REVIEW_MARK}: kinh phí chép từ kế hoạch {_span(*old)}; "
            f"xác nhận dự toán {_span(*new)}.", indent=0)
        lines = budget.get("lines")
        count = len(lines) if isinstance(lines, dict) else 0
        review.append((("budget", "total") if "total" in budget else ("budget",), "budget",
                       "Kinh phí (tổng" + (f" và {count} dòng" if count else "") + ") chép nguyên từ "
                       f"kế hoạch cũ: xác nhận số được giao {_span(*new)}."))
    return marked


def _round_trip(source: str, path: Path) -> tuple[Any, Any, str]:
    """The file read once for round-trip, a YAML dumper set up like the file (its mapping and
    sequence indentation, no re-wrapping), and what that dumper writes for the file unedited:
    the file itself when it is written in one consistent style, the usual case."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a long line the author wrote on one line
    try:
        doc = yaml.load(source)
    except YAMLError as exc:  # the plan passed kehoach's own reader; say so rather than crash
        raise KehoachError(f"ruamel.yaml không đọc được {path} để giữ nguyên chú thích: "
                           f"{str(exc).splitlines()[0]}.",
                           "Báo lỗi này kèm tệp kế hoạch; trong lúc chờ, chép tệp và sửa tay.") from None
    if not isinstance(doc, CommentedMap):  # check_plan accepted it, so this is a mapping
        raise KehoachError(f"Không đọc được {path} như một kế hoạch.")
    best: tuple[tuple[int, int, int], str, int] | None = None
    for style in _STYLES:  # dumping does not change `doc`: try each style on the one reading
        yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
        dumped = _dump(yaml, doc)
        if dumped == source:
            return yaml, doc, dumped
        differing = len(_differing(source.splitlines(), dumped.splitlines()))
        if best is None or differing < best[2]:
            best = (style, dumped, differing)
    assert best is not None
    yaml.indent(mapping=best[0][0], sequence=best[0][1], offset=best[0][2])
    return yaml, doc, best[1]


# Indentation styles (mapping, sequence, dash offset), the common ones first: `key:\n  - item`
# (2, 4, 2) as plans/2024.yaml, `key:\n- item` (2, 2, 0), then four-space variants.
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))


def _differing(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    import difflib

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [op for op in matcher.get_opcodes() if op[0] != "equal"]


def _merge(source: str, unedited: str, edited: str) -> tuple[str, list[int]]:
    """`edited` (ruamel's writing of the changed file) with the file's own lines wherever ruamel
    wrote the unchanged file differently (a long plain scalar wrapped by hand, `null`, odd
    spacing) and nothing was changed there: a three-way merge by lines, `unedited` the base.
    Returns the text and the 1-based lines of `source` that could not be kept as written."""
    import difflib

    old, base, new = source.splitlines(), unedited.splitlines(), edited.splitlines()
    own: dict[int, list[str]] = {}  # base line → the lines `edited` has for it
    before: dict[int, list[str]] = {}  # base line → lines `edited` inserts above it
    changed: set[int] = set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=base, b=new, autojunk=False).get_opcodes():
        if tag == "insert":
            before.setdefault(i1, []).extend(new[j1:j2])
            continue
        changed.update(range(i1, i2) if tag != "equal" else ())
        if tag == "equal" or i2 - i1 == j2 - j1:
            own.update({i1 + k: [new[j1 + k]] if j1 + k < j2 else [] for k in range(i2 - i1)})
        else:  # a block replaced by a block of another length: its first line carries it
            own.update({k: [] for k in range(i1, i2)})
            own[i1] = new[j1:j2]
    out: list[str] = []
    lost: list[int] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=base, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(b1, b2):
                out += before.get(k, []) + own[k]
            continue
        out += before.get(b1, [])
        if any(k in changed for k in range(b1, b2)) or any(before.get(k) for k in range(b1 + 1, b2)):
            for k in range(b1, b2):  # changed where ruamel rewrote: its writing, said so
                out += (before.get(k, []) if k > b1 else []) + own[k]
            lost += range(a1 + 1, a2 + 1)
        else:
            out += old[a1:a2]
    out += before.get(len(base), [])
    return "\n".join(out) + "\n", lost


def _reread(yaml: Any, text: str) -> Any:
    """`text` read back, or None when it does not read (a merge that left a key twice)."""
    from ruamel.yaml.error import YAMLError

    try:
        return yaml.load(text)
    except YAMLError:
        return None


def _dump(yaml: Any, doc: Any) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def _like(old: object, new: object) -> object:
    """`new` in the clothes of `old`: the same quoting style and anchor (`&cuoi-nam Q4/2024`)."""
    if not isinstance(old, str) or type(old) is str:
        return new
    anchor = getattr(old, "anchor", None)
    name = getattr(anchor, "value", None)
    return type(old)(new, anchor=name) if name else type(old)(new)


def _written(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _span(first: int, last: int) -> str:
    """`năm 2025` or `giai đoạn 2026-2030`, as the plan's own time is named."""
    return f"năm {first}" if first == last else f"giai đoạn {first}-{last}"


def _excerpt(text: str, at: int | None = None, words: int = 10) -> str:
    """The words around character `at` of `text` (whitespace collapsed), cut at word boundaries."""
    flat = text.split()
    if at is None:
        return " ".join(flat[: 2 * words]) + (" …" if len(flat) > 2 * words else "")
    index = len(" ".join(text[:at].split()).split()) if text[:at].strip() else 0
    if text[:at] and not text[:at][-1].isspace() and index:
        index -= 1  # `at` sits inside a word already counted
    start, end = max(0, index - words), min(len(flat), index + words + 1)
    return ("… " if start else "") + " ".join(flat[start:end]) + (" …" if end < len(flat) else "")


def _deadlines(node: Any, path: tuple = ()) -> Iterator[tuple[Any, Any, tuple]]:
    """Every `deadline` value, wherever the outline puts it (activities, items, generic sections)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "deadline" and value is not None:
                yield node, key, (*path, key)
            else:
                yield from _deadlines(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _deadlines(value, (*path, i))


def _texts(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string value that is prose (not a key, a deadline or a programme id)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in _NOT_TEXT:
                yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


def _value(doc: Any, path: tuple) -> Any:
    for key in path:
        try:
            doc = doc[key]
        except (KeyError, IndexError, TypeError):
            return None
    return doc


@dataclass(frozen=True)
class _Where:
    """Positions in the new file: from a reading of it, or from the old reading and the 0-based
    lines above which a comment line was inserted."""

    doc: Any
    inserted: tuple[int, ...]

    def position(self, path: tuple) -> tuple[int, int] | None:
        """0-based line and column where the value at `path` starts."""
        node, pos = self.doc, None
        for key in path:
            try:
                pos = node.lc.value(key) if isinstance(node, dict) else node.lc.item(key)
                node = node[key]
            except (AttributeError, KeyError, IndexError, TypeError):
                break
        return self._moved(pos)

    def line(self, path: tuple) -> int | None:
        """1-based line of the value at `path`; of its key when the value is empty."""
        pos = self.position(path)
        parent = _value(self.doc, path[:-1])
        if path and isinstance(parent, dict) and path[-1] in parent and parent.get(path[-1]) is None:
            pos = self._moved(parent.lc.key(path[-1]))  # an empty value has no position of its own
        return pos[0] + 1 if pos is not None else None

    def _moved(self, pos: tuple[int, int] | None) -> tuple[int, int] | None:
        if pos is None:
            return None
        return pos[0] + bisect.bisect_right(self.inserted, pos[0]), pos[1]


def _old_year_mentions(where: _Where, lines: list[str], old_years: tuple[int, int],
                       new_years: tuple[int, int]) -> list[Review]:
    """Each line of prose naming a year before the new plan (the rule of KH520, kehoach.years) or
    the year after the old plan (in a 2023 plan, “năm 2024” means “next year”), and comments naming
    an old year (they may need the same edit)."""
    old = range(old_years[0], old_years[1] + 2)
    after = old_years[1] + 1
    found: list[Review] = []
    seen: set[int] = set()
    for path, value in _texts(where.doc):
        hits = sorted([*years.stale(value, new_years[0]),
                       *(m for m in years.YEAR.finditer(value) if int(m[1]) == after >= new_years[0]
                         and not years.in_span(value, m) and not years.cited(value, m))],
                      key=lambda m: m.start())
        pos = where.position(path)
        if not hits or pos is None:
            continue
        for hit in hits:
            at = years.locate(lines, *pos, value, hit[0], hit.start())  # the same occurrence in the file
            if at is None:
                break
            line = at[0]
            seen.add(line)
            said = " (năm sau của kế hoạch cũ)" if int(hit[1]) == after else ""
            found.append(Review(line + 1, "old-year",
                                f"Câu nhắc năm {hit[1]}{said}: “{_excerpt(value, hit.start())}”."))
    comment_lines = []
    for number, text in enumerate(lines):
        if number in seen:
            continue
        hash_at = text.find("#")
        if text.lstrip().startswith(f"# {REVIEW_MARK}:"):
            continue  # our own mark
        if hash_at >= 0 and (hash_at == 0 or text[hash_at - 1].isspace()) and any(
                int(m[1]) in old for m in _YEAR.finditer(text, hash_at)):
            comment_lines.append(number + 1)
    if comment_lines:
        found.append(Review(comment_lines[0], "comment",
                            "Chú thích trong tệp nhắc năm cũ (dòng " + ", ".join(map(str, comment_lines))
                            + "): sửa nếu cần."))
    return found


# Diagnostics of the new plan that its review list already says, line by line (the stale-year
# rule is the review's own): `kehoach new` prints them once, in the list.
IN_REVIEW = frozenset({"KH520"})


def not_in_review(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The new plan's diagnostics to print above the review list."""
    return [d for d in diagnostics if d.code not in IN_REVIEW]


def as_text(result: NextYear, file: str, source: str) -> str:
    """What `kehoach new` prints after writing: deadlines moved, then the review list."""
    file, source = shown(file), shown(source)
    old, new = _span(*result.old_years), _span(*result.new_years)
    out = [f"Đã ghi {file}: kế hoạch {new} từ {source} ({old})."]
    if result.moved:
        out.append(f"Đã dời {len(result.moved)} thời hạn sang {new}:")
        out += [f"  {file}:{m.line}: {m.old} → {m.new}" for m in result.moved]
    out.append("Tiến độ của kế hoạch cũ không chép sang: kế hoạch mới bắt đầu chưa có báo cáo nào.")
    out.append(f"Cần xem lại trước khi ban hành ({len(result.review)} mục):")
    for r in result.review:
        out.append(f"  {file}:{r.line}: {r.message}" if r.line else f"  {file}: {r.message}")
    return "\n".join(out)

