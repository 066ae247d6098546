"""Appending one progress record to `<plan>.progress.yaml` without touching anything else in it.

The new record is written as YAML by ruamel.yaml (quoting whatever needs it) and inserted as text
right after the last record, indented like the others (and after a blank line when the records
are separated by blank lines): every byte already in the file — comments, blank lines, the way
amounts and notes are written — stays exactly as it was, which a round-trip dump of the whole
file cannot promise. The file is created when the plan has none yet.

Before anything is written the new content is checked exactly as `kehoach validate` checks a
progress file (kehoach.progress.check, same rules, same messages); with any error nothing is
written and the diagnostics say why. The write is atomic (kehoach.output.write_atomic). Appends
to one file are serialised, and each one reads the file afresh under the lock, so two people
recording at once both find their record in the file; should the file change on disk between
that reading and the rename (an editor saving), the append starts over from the new content.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kehoach.companions import progress_path
from kehoach.diagnostics import Diagnostic, KehoachError, Severity

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
ATTEMPTS = 5  # rereads when the file changes under us; an editor saving in a loop wins after that


@dataclass
class Appended:
    """What became of one record: written or not, and what checking the new content found."""

    path: Path
    written: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    created: bool = False  # the progress file did not exist before
    line: int = 0  # where the new record starts in the file (1-based), once written

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def record_entry(
    day: date,
    task: str,
    status: str,
    *,
    spent: int | str | None = None,
    source: str | None = None,
    note: str | None = None,
    round_: str | None = None,
) -> dict[str, Any]:
    """One record in the file's key order (date, task, status, spent, note, round); `spent` by
    `source` when a funding source is named ({source: amount})."""
    entry: dict[str, Any] = {"date": day, "task": task, "status": status}
    if spent is not None:
        entry["spent"] = {source: spent} if source else spent
    if note:
        entry["note"] = note
    if round_:
        entry["round"] = round_
    return entry


def _lock(path: Path) -> threading.Lock:
    key = Path(path).absolute()
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


def append_record(plan_path: Path, entry: dict[str, Any], *, today: date | None = None) -> Appended:
    """Append `entry` (record_entry) to the plan's progress file if the result validates.

    Raises KehoachError when the plan itself cannot be used (errors: fix it first), when the
    progress file cannot be read or written, or when its records are not a block list."""
    from kehoach.validate import check_plan

    target = progress_path(plan_path)
    with _lock(target):
        checked = check_plan(plan_path, progress=False)
        if checked.plan is None or checked.errors:
            raise KehoachError(
                f"Kế hoạch {plan_path} đang có {len(checked.errors)} lỗi: chưa ghi được tiến độ.",
                f"Sửa kế hoạch trước (xem `kehoach validate {plan_path}`).",
            )
        for _ in range(ATTEMPTS):
            before = _read(target)
            text, line = with_record(before, entry, plan_path.name)
            result = _check(target, text, checked, today)
            result.line = line
            if result.errors:
                return result
            if _read(target) != before:  # changed on disk while we checked: start over
                continue
            from kehoach.output import write_atomic

            write_atomic(target, text.encode("utf-8"), inputs=(plan_path,), yaml_ok=True)
            result.written, result.created = True, before is None
            return result
        raise KehoachError(
            f"{target} thay đổi liên tục trong lúc ghi: chưa ghi bản ghi mới.",
            "Đóng chương trình đang sửa tệp này rồi thử lại.",
        )


def _read(path: Path) -> str | None:
    """The file's text as it is now; None when there is no file."""
    from kehoach.diagnostics import os_reason
    from kehoach.loader import decode, present

    if not present(path):
        return None
    try:
        if not path.is_file():
            raise KehoachError(
                f"{path} không phải tệp thường: không ghi tiến độ vào đó.",
                "Đổi tên hoặc xóa thứ đang nằm ở chỗ tệp tiến độ.",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise KehoachError(
            f"Không đọc được {path}: {os_reason(exc)}.", "Kiểm tra quyền đọc của tệp tiến độ."
        ) from None
    text, problem = decode(raw, str(path))
    if text is None:
        raise KehoachError(
            f"{path}: {problem.message if problem else 'không đọc được.'}", problem.hint if problem else ""
        )
    return text


def _check(target: Path, text: str, checked, today: date | None) -> Appended:
    from kehoach.progress.check import check_progress

    result = check_progress(target, checked.plan, checked.path, checked.catalogue, today=today, text=text)
    return Appended(target, False, list(result.diagnostics), {result.loaded.file: result.loaded.source.lines})


# ---- the text ---------------------------------------------------------------------------------


def _item_lines(entry: dict[str, Any], indent: int) -> list[str]:
    """The record as a block-list item (`- date: …`), its dash at column `indent`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML(typ="rt")
    yaml.width = 1 << 16  # a long note stays on its line
    yaml.indent(mapping=2, sequence=2, offset=0)
    out = io.StringIO()
    item = CommentedMap()
    for key, value in entry.items():
        item[key] = CommentedMap(value) if isinstance(value, dict) else value
    yaml.dump(CommentedSeq([item]), out)
    return [" " * indent + line if line else line for line in out.getvalue().splitlines()]


def _money_style(value: Any) -> Any:
    """Whole đồng as the files write them (1_200_000), so the new line reads like the others."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10_000:
        return _Underscored(value)
    if isinstance(value, dict):
        return {k: _money_style(v) for k, v in value.items()}
    return value


class _Underscored(int):
    """An int ruamel writes with thousands underscores (a registered representer below)."""


def _represent_underscored(representer, value: _Underscored):
    return representer.represent_scalar("tag:yaml.org,2002:int", f"{int(value):_d}")


def with_record(text: str | None, entry: dict[str, Any], plan_name: str) -> tuple[str, int]:
    """`text` (None: no file yet) with `entry` appended to its `records`; and the 1-based line
    where the new record begins. Raises KehoachError when the records are not a block list."""
    import yaml as pyyaml
    from ruamel.yaml.representer import RoundTripRepresenter

    RoundTripRepresenter.add_representer(_Underscored, _represent_underscored)
    entry = {k: _money_style(v) if k == "spent" else v for k, v in entry.items()}
    if text is None:
        lines = [f"plan: {plan_name}", "records:", *_item_lines(entry, 2)]
        return "\n".join(lines) + "\n", 3
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    try:
        root = pyyaml.compose(text, Loader=getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader))
    except pyyaml.YAMLError:
        raise KehoachError(
            "Tệp tiến độ đang có lỗi cú pháp YAML: chưa ghi thêm được.",
            "Sửa tệp tiến độ trước (xem `kehoach validate`).",
        ) from None
    if not isinstance(root, pyyaml.MappingNode):
        raise KehoachError(
            "Tệp tiến độ không phải một bảng `khóa: giá trị`: chưa ghi thêm được.",
            "Bắt đầu tệp bằng `plan: …` rồi `records:`.",
        )
    found = [(k, v) for k, v in root.value if isinstance(k, pyyaml.ScalarNode) and k.value == "records"]
    if not found:  # no `records:` yet: add it at the end
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["records:", *_item_lines(entry, 2)]
        return newline.join(lines) + newline, len(lines) - len(_item_lines(entry, 2)) + 1
    key, value = found[-1]
    if isinstance(value, pyyaml.SequenceNode) and value.value and not value.flow_style:
        first = value.value[0]
        dash = lines[first.start_mark.line].rfind("-", 0, first.start_mark.column + 1)
        indent = dash if dash >= 0 else first.start_mark.column
        end = _last_line(value.value[-1])
        spaced = len(value.value) > 1 and not lines[value.value[1].start_mark.line - 1].strip()
        new = ([""] if spaced else []) + _item_lines(entry, indent)
        lines[end + 1 : end + 1] = new
        return newline.join(lines) + newline, end + 2 + (1 if spaced else 0)
    if _empty(value):  # `records:` (nothing), `records: ~`, `records: []`
        row = key.start_mark.line
        head = lines[row][: value.start_mark.column] if value.start_mark.line == row else lines[row]
        tail = lines[row][value.end_mark.column :] if value.end_mark.line == row else ""
        comment = tail.strip() if tail.strip().startswith("#") else ""
        lines[row] = head.rstrip() + (f"  {comment}" if comment else "")
        new = _item_lines(entry, key.start_mark.column + 2)
        lines[row + 1 : row + 1] = new
        return newline.join(lines) + newline, row + 2
    raise KehoachError(
        "Các bản ghi trong tệp tiến độ không viết thành danh sách gạch đầu dòng "
        "(`records: [ … ]` trên một dòng): không ghi thêm tự động được.",
        "Viết mỗi bản ghi trên các dòng riêng, bắt đầu bằng `- date: …`, rồi thử lại.",
    )


def _empty(node) -> bool:
    import yaml as pyyaml

    if isinstance(node, pyyaml.ScalarNode):
        return node.tag == "tag:yaml.org,2002:null" or node.value in ("", "~", "null", "Null", "NULL")
    return isinstance(node, pyyaml.SequenceNode) and not node.value


def _last_line(node) -> int:
    """The 0-based line of the last character of `node`'s content (not of comments after it)."""
    import yaml as pyyaml

    if isinstance(node, pyyaml.ScalarNode) or getattr(node, "flow_style", False):
        mark = node.end_mark
        # A block scalar (|, >) ends at the start of the line after its text.
        return mark.line - 1 if mark.column == 0 and mark.line > node.start_mark.line else mark.line
    children = (
        [n for pair in node.value for n in pair] if isinstance(node, pyyaml.MappingNode) else list(node.value)
    )
    return max((_last_line(child) for child in children), default=node.start_mark.line)
