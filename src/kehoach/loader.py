"""Load a YAML file into plain Python data plus a source map of every node's position.

Positions are taken once, here, from PyYAML's composed node tree (C-accelerated when libyaml is
present; kehoach.sourcemap builds the data and the map); every later stage finds a position by its
data path. The loader refuses what PyYAML would silently accept: duplicate keys, YAML 1.1
number/boolean traps, legacy-encoded text; and it says what cannot be read (size, encoding,
syntax, merge conflicts) in Vietnamese.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from kehoach import reads
from kehoach.diagnostics import Diagnostic, Severity, Span, format_decimal, os_reason
from kehoach.sourcemap import (
    MAX_DEPTH,
    MAX_NODES,
    Builder,
    DataPath,
    Decline,
    Positions,
    QuickBuilder,
    SourceMap,
    TooBig,
    TooDeep,
    check_expansion,
    plain_text,
)

try:  # libyaml's composer is several times faster; both give the same marks.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader without its per-node calls for path resolvers, which kehoach never adds
    (PyYAML's own return at once when there are none): a quarter of the composing time."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

__all__ = ["COLON_HINT", "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "DataPath", "Loaded", "SourceMap", "decode",
           "load_bytes", "load_file", "load_text", "present", "read_capped"]

MAX_BYTES = 10 * 1024 * 1024  # a plan is tens of kilobytes; refuse before reading a huge file
# An anchor (`&name`) where YAML allows one: only a node with an anchor can be shared by an alias
# (`*name` without one is an error before anything is built). Looking for the anchor, not the
# alias, keeps a plan's bold words (`**bốn tại chỗ**`, issue 24) on the quick path; a few false
# hits in text only cost a check.
_ANCHOR = re.compile(r"(?:^|[\s\[{,:])&[^\s,\[\]{}]", re.MULTILINE)
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


@dataclass
class Loaded:
    """What loading one file produced. `data` is None when the file could not be read at all."""

    file: str
    data: Any
    source: SourceMap
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Paths whose value the loader already reported; the schema stage stays silent there.
    reported: set[DataPath] = field(default_factory=set)
    # False: read the quick way (a clean file, no spans in `source`); see load_text.
    positions: bool = True

    @property
    def unreadable(self) -> bool:
        return self.data is None

    @property
    def not_read(self) -> bool:
        """The file could not be read at all (KH001: missing, a device, too big): exit 2, where
        a file read and refused (empty, bad YAML) is a problem in it: exit 1."""
        return self.data is None and any(d.code == "KH001" for d in self.diagnostics)


def _point(line: int, column: int) -> Span:
    return Span(line, column, line, column + 1)


def decode(raw: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    """Bytes to text: UTF-8 (BOM allowed) only; anything else is refused with the reason."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:200]):
        kind = "UTF-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[1:2] == b"\x00" else ""
        message = (f"Tệp được lưu bằng mã {kind}, không phải UTF-8." if kind
                   else "Tệp chứa dữ liệu nhị phân, không phải văn bản.")
        return None, Diagnostic("KH001", Severity.ERROR, message, file, _point(1, 1),
                                "Lưu lại tệp với mã UTF-8 (trong Notepad: Lưu thành… → Mã hóa UTF-8).")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Diagnostic(
            "KH001", Severity.ERROR,
            f"Tệp không phải UTF-8: byte 0x{raw[exc.start]:02X} không đọc được.",
            file, _point(line, column),
            "Có thể tệp dùng mã cũ (TCVN3, VNI hoặc Windows-1258). Chuyển sang Unicode dựng sẵn "
            "bằng Unikey (Công cụ chuyển mã), rồi lưu với mã UTF-8.",
        )
    return text.replace("\r\n", "\n"), None


def _has_alias(text: str) -> bool:
    """Whether a node may be shared (an anchor stands where YAML allows one)."""
    return "&" in text and _ANCHOR.search(text) is not None  # `in` first: a fraction of the regex's cost


def _has_conflict(text: str) -> bool:
    return ("<<<<<<<" in text or "=======" in text or ">>>>>>>" in text) and bool(_CONFLICT.search(text))


def _conflicts(text: str, file: str) -> Iterator[Diagnostic]:
    if not _has_conflict(text):
        return
    for match in _CONFLICT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield Diagnostic(
            "KH006", Severity.ERROR, "Còn dấu xung đột khi gộp git (`<<<<<<<`, `=======`, `>>>>>>>`).",
            file, Span(line, 1, line, len(match.group(1)) + 1),
            "Chọn nội dung đúng giữa hai phía, xóa các dòng dấu rồi lưu lại.",
        )


# PyYAML's problems, said in Vietnamese; anything else is shown as PyYAML words it.
_PROBLEMS = {
    "mapping values are not allowed": "không được viết `khóa: giá trị` ở đây (thường do thụt lề sai, "
    "hoặc một đoạn chữ có `: ` mà chưa đặt trong ngoặc kép)",
    "did not find expected key": "thụt lề không khớp với các khóa cùng cấp",
    "did not find expected '-' indicator": "thụt lề không khớp với các mục `- ` cùng cấp",
    "could not find expected ':'": "thiếu dấu `:` sau tên khóa",
    "did not find expected ',' or ']'": "danh sách mở bằng `[` chưa được đóng bằng `]`",
    "did not find expected ',' or '}'": "bảng mở bằng `{` chưa được đóng bằng `}`",
    "found unexpected end of stream": "tệp kết thúc khi ngoặc kép chưa được đóng",
    "found character that cannot start any token": "có ký tự không được đứng đầu một giá trị "
    "(Tab, `@`, `` ` `` hoặc `%`)",
    "found a tab character that violates indentation": "thụt lề bằng ký tự Tab",
    "found undefined alias": "dùng alias `*…` chưa được khai báo bằng `&…`",
    "found unknown escape character": "ký tự sau dấu `\\` trong ngoặc kép không hợp lệ",
    "but found another document": "tệp chỉ được có một tài liệu YAML (có dòng `---` thừa)",
    "expected a single document": "tệp chỉ được có một tài liệu YAML (có dòng `---` thừa)",
    "found invalid Unicode character escape": "mã ký tự `\\u…`/`\\x…` trong ngoặc kép không hợp lệ",
    "expected escape sequence of": "mã ký tự `\\u…`/`\\x…` trong ngoặc kép không đủ chữ số",
    "found incompatible YAML document": "dòng `%YAML` khai báo phiên bản YAML khác 1.x",
    "found duplicate %YAML directive": "dòng `%YAML` bị lặp",
    "found duplicate YAML directive": "dòng `%YAML` bị lặp",
    "found duplicate %TAG directive": "dòng `%TAG` bị lặp",
    "found unknown directive name": "dòng bắt đầu bằng `%` không phải chỉ thị YAML (đặt chữ có `%` "
    "trong ngoặc kép)",
    "found undefined tag handle": "thẻ `!…!` chưa được khai báo",
    "found unexpected document indicator": "dòng `---` hoặc `...` nằm giữa một giá trị",
    "found unexpected document separator": "dòng `---` hoặc `...` nằm giữa một giá trị",
    "found unexpected ':'": "dấu `:` không đúng chỗ (đặt chữ có dấu `:` trong ngoặc kép)",
    "found a tab character where an indentation": "thụt lề bằng ký tự Tab",
    "block sequence entries are not allowed": "mục `- ` không được đứng ở đây (thường do thụt lề sai)",
    "mapping keys are not allowed": "khóa `? ` không được đứng ở đây",
    "did not find expected node content": "thiếu giá trị ở đây",
    "did not find expected <document start>": "có nội dung thừa sau khi tệp đã kết thúc",
    "did not find expected comment or line break": "có chữ thừa sau giá trị trên cùng một dòng",
    "did not find expected whitespace": "thiếu dấu cách sau ký hiệu",
    "did not find expected alphabetic or numeric character": "tên của `&` hoặc `*` không hợp lệ",
    "did not find URI escaped octet": "thẻ `!…` không hợp lệ",
    "did not find expected tag URI": "thẻ `!…` không hợp lệ",
    "did not find expected '!'": "thẻ `!…` không hợp lệ",
    "found an indentation indicator equal to 0": "chỉ số thụt lề sau `|` hoặc `>` phải từ 1 đến 9",
    "expected indentation indicator": "chỉ số thụt lề sau `|` hoặc `>` phải từ 1 đến 9",
    "found unhashable key": "khóa phải là một chữ, không phải danh sách hay bảng",
    "expected a mapping for merging": "khóa gộp `<<` cần một bảng",
    "expected a mapping or list of mappings": "khóa gộp `<<` cần một bảng",
    "control characters are not allowed": "có ký tự điều khiển không được phép trong tệp",
    "found non-specific tag": "thẻ `!` không được dùng",
    "found unconstructable recursive node": "alias `*…` trỏ vào chính nó",
    "while increasing": "tệp lồng quá sâu",
}
# Any other PyYAML/libyaml problem: still said in Vietnamese, never in the library's English.
_OTHER_PROBLEM = "cấu trúc YAML không hợp lệ ở đây"
# Problems whose cause is where the construct began (an unclosed quote or bracket).
_STARTED_AT = ("while scanning a quoted scalar", "while parsing a flow", "while parsing a quoted",
               "while scanning a simple key")


def _reader_error(exc: yaml.reader.ReaderError, text: str, file: str) -> Diagnostic:
    """A character YAML does not allow in a file (a control character pasted from Word)."""
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    # libyaml gives a byte offset, PyYAML a character index: find the character itself.
    at = text.find(char)
    if at < 0:
        at = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Diagnostic(
        "KH003", Severity.ERROR,
        f"Lỗi cú pháp YAML: có ký tự điều khiển U+{ord(char):04X}, không được phép trong tệp.",
        file, _point(line, column),
        "Ký tự ẩn này thường đến khi dán từ Word hay PDF: xóa nó (hoặc gõ lại đoạn chữ) rồi lưu lại.",
    )


# A sentence ending in ":" ("… như sau:") written without a block scalar is read as a key.
COLON_HINT = ("Đoạn văn kết thúc bằng dấu `:` (như “… như sau:”) phải viết dạng khối: ghi `>-` ngay sau "
              "`khóa:` (hoặc sau `- ` của một mục), xuống dòng, thụt vào thêm hai dấu cách rồi viết "
              "đoạn văn; dấu `:` ở cuối khi đó chỉ là chữ.")


# A value that starts with `*` (bold `**…**` or italic `*…*` at its start) is read by YAML as an
# alias (`*name`).
_STARTS_STARRED = re.compile(r"(?:^\s*(?:-\s+)*|:\s+|[\[{,]\s*)\*")
STAR_HINT = ("Giá trị bắt đầu bằng `*` (chữ đậm `**…**` hay nghiêng `*…*` ở đầu câu) bị YAML đọc là "
             "alias `*tên`: đặt cả câu trong ngoặc kép (`- \"**100%** hộ nghèo …\"`), hoặc viết dạng "
             "khối: `>-` rồi xuống dòng, thụt vào thêm hai dấu cách.")


def _syntax_error(exc: yaml.YAMLError, text: str, file: str, positions: Positions) -> Diagnostic:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_error(exc, text, file)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    mark = problem_mark or context_mark
    past_end = mark is not None and mark.line >= len(text.rstrip("\n").split("\n"))
    if context_mark is not None and (context.startswith(_STARTED_AT) or past_end):
        mark = context_mark
    span = _point(*positions.one(mark.line, mark.column)) if mark else _point(1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    said = next((vi for en, vi in _PROBLEMS.items() if problem.startswith(en)), _OTHER_PROBLEM)
    notes: tuple[str, ...] = ()
    if problem_mark is not None and mark is not problem_mark:
        notes = (f"phát hiện ở dòng {positions.one(problem_mark.line, 0)[0]}",)
    hint = "Kiểm tra thụt lề (dùng dấu cách, cùng một số cách cho các mục cùng cấp), dấu `:` và ngoặc kép."
    lines = text.split("\n")
    if mark and span.line <= len(lines) and "\t" in lines[span.line - 1]:
        hint = "Dòng này có ký tự Tab: YAML chỉ cho thụt lề bằng dấu cách. Thay Tab bằng dấu cách."
    elif mark and mark.line < len(lines) and lines[mark.line].rstrip().endswith(":") \
            and lines[mark.line].rstrip()[mark.column:] == ":":
        hint = COLON_HINT
    elif "alias" in context + problem and mark and mark.line < len(lines) \
            and _STARTS_STARRED.search(lines[mark.line]):
        hint = STAR_HINT
    return Diagnostic("KH003", Severity.ERROR, f"Lỗi cú pháp YAML: {said}.", file, span, hint,
                      notes)


def load_text(text: str, file: str, *, booleans: bool = False, positions: bool = True) -> Loaded:
    """Load YAML text. `booleans`: whether this kind of file has yes/no fields (a plan has none).

    `positions=False`: a clean file is read the quick way, its data without spans (`.positions`
    False); a file with anything to report is read the full way all the same. A caller that finds
    something to say about quick data reads the file again with positions (validate.check_plan).
    """
    if not positions:
        quick = _quick(text, file, booleans)
        if quick is not None:
            return quick
    return _load_text(text, file, booleans, Positions(text))


def _quick(text: str, file: str, booleans: bool) -> Loaded | None:
    if not plain_text(text) or _has_alias(text) or _has_conflict(text):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    if node is None or (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
        return None
    try:
        data = QuickBuilder(booleans).build(node)
    except Decline:
        return None
    return Loaded(file, data, SourceMap(file, text.split("\n")), positions=False)


def _empty(file: str) -> Diagnostic:
    return Diagnostic(
        "KH003", Severity.ERROR, "Tệp rỗng: không có nội dung.", file, _point(1, 1),
        "Bắt đầu từ plans/2024.yaml mẫu, hoặc chạy `kehoach schema` để xem cấu trúc.")


def _load_text(text: str, file: str, booleans: bool, positions: Positions) -> Loaded:
    source = SourceMap(file, text.split("\n"))
    loaded = Loaded(file, None, source)
    conflicts = list(_conflicts(text, file))
    if conflicts:
        loaded.diagnostics.extend(conflicts)
        return loaded
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        loaded.diagnostics.append(_syntax_error(exc, text, file, positions))
        return loaded
    except RecursionError:
        loaded.diagnostics.append(Diagnostic(
            "KH003", Severity.ERROR, "Tệp lồng quá sâu để đọc.", file, _point(1, 1),
            "Một kế hoạch chỉ cần vài cấp lồng nhau; kiểm tra lại thụt lề."))
        return loaded
    # `---`, `null`, `~` or only comments: a document that holds nothing is not a clean plan.
    if node is None or (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
        loaded.diagnostics.append(_empty(file))
        return loaded
    builder = Builder(file, source, loaded.diagnostics, loaded.reported, positions, booleans)
    try:
        if _has_alias(text):  # without an alias no node is shared, so nothing can blow up
            check_expansion(node, positions)  # before building: an alias bomb must not be expanded at all
        data = builder.build(node, ())
    except yaml.YAMLError as exc:  # e.g. a bad `<<` merge key, found while building
        loaded.diagnostics.append(_syntax_error(exc, text, file, positions))
        return loaded
    except TooBig as exc:
        deep = isinstance(exc, TooDeep)
        loaded.diagnostics.append(Diagnostic(
            "KH003", Severity.ERROR,
            "Tệp lồng quá sâu." if deep else "Tệp có quá nhiều phần tử (có thể do alias `*` lồng nhau).",
            file, exc.span,
            "Một kế hoạch không cần alias lồng nhau; viết nội dung trực tiếp." if not deep
            else "Một kế hoạch chỉ cần vài cấp lồng nhau; kiểm tra lại thụt lề."))
        return loaded
    if builder.legacy is not None:
        loaded.diagnostics.append(Diagnostic(
            "KH001", Severity.ERROR,
            "Văn bản có vẻ gõ bằng mã cũ TCVN3 (ABC) hoặc VNI, hiển thị sai khi đọc như Unicode.",
            file, builder.legacy,
            "Chuyển văn bản sang Unicode dựng sẵn bằng Unikey (Công cụ chuyển mã: nguồn TCVN3 hoặc "
            "VNI Windows, đích Unicode) rồi dán lại."))
        return loaded
    if builder.non_nfc:
        first = builder.non_nfc[0]
        loaded.diagnostics.append(Diagnostic(
            "KH007", Severity.WARNING,
            f"Có {len(builder.non_nfc)} đoạn chữ không ở dạng Unicode dựng sẵn (NFC); kehoach đã "
            "chuẩn hóa khi đọc.",
            file, first,
            "Chữ dạng tổ hợp (NFD) thường đến từ macOS hoặc khi dán từ PDF; lưu lại tệp ở dạng dựng "
            "sẵn (Unikey: Unicode dựng sẵn) để so khớp và tìm kiếm đúng."))
    for span, shown in builder.hidden:  # one per value: a reviewer must find each of them
        loaded.diagnostics.append(Diagnostic(
            "KH009", Severity.WARNING,
            f"Có ký tự ẩn ({shown}) trong chữ: không nhìn thấy nhưng vẫn bị chép vào văn bản.",
            file, span,
            "Xóa ký tự ẩn (thường do dán từ Word, PDF hay trang web): gõ lại đoạn chữ đó."))
    if data is None:  # a root that the builder refused (e.g. `!!set`)
        return loaded
    loaded.data = data
    return loaded


def _too_big(file: str, size: int | None = None) -> Diagnostic:
    mb = MAX_BYTES // 1024 // 1024
    said = f" ({format_decimal(size / 1024 / 1024)} MB)" if size is not None else f" (hơn {mb} MB)"
    return Diagnostic("KH001", Severity.ERROR, f"Tệp quá lớn{said}; một kế hoạch chỉ vài chục KB.",
                      file, _point(1, 1), f"kehoach chỉ đọc tệp dưới {MAX_BYTES // 1024 // 1024} MB.")


def read_capped(stream, file: str) -> tuple[bytes | None, Diagnostic | None]:
    """At most MAX_BYTES from a binary stream (stdin, a pipe): never an unbounded read."""
    raw = stream.read(MAX_BYTES + 1)
    if raw is None:  # a non-blocking file with nothing to read now (/proc/kmsg): it would block
        raise BlockingIOError(errno.EAGAIN, "read would block")
    if len(raw) > MAX_BYTES:
        return None, _too_big(file)
    return raw, None


def load_bytes(raw: bytes, file: str, *, booleans: bool = False, positions: bool = True) -> Loaded:
    text, problem = decode(raw, file)
    if problem is not None:
        return Loaded(file, None, SourceMap(file, []), [problem])
    return load_text(text, file, booleans=booleans, positions=positions)


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def present(path: Path) -> bool:
    """Whether something is at `path` for a companion file (progress, report): anything at all,
    a FIFO or a dangling link included, so load_file says what is wrong with it instead of the
    file being taken for absent ("no progress yet") while something else sits in its place."""
    try:
        found = os.path.lexists(path)
    except (OSError, ValueError):
        found = False
    reads.note_presence(path, found)  # for the incremental cache (kehoach.reads)
    return found


def load_file(path: Path, *, booleans: bool = False, positions: bool = True) -> Loaded:
    """Read and load one file. Unreadable files come back with `data is None` and a diagnostic.

    Only regular files are read (a FIFO, a device or a socket is refused before it is opened, so
    nothing blocks or streams forever), and never more than MAX_BYTES of them.
    """
    file = str(path)
    empty = Loaded(file, None, SourceMap(file, []))
    reads.note_unread(path)  # replaced by the content's digest once it is read
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            kind = "thư mục" if stat.S_ISDIR(info.st_mode) else "tệp đặc biệt (thiết bị, FIFO hoặc socket)"
            empty.diagnostics.append(Diagnostic(
                "KH001", Severity.ERROR, f"Không đọc được: đây là {kind}, không phải tệp thường.",
                file, _point(1, 1), "Chỉ ra một tệp .yaml; để đọc từ đầu vào chuẩn, dùng `-`."))
            return empty
        if info.st_size > MAX_BYTES:
            empty.diagnostics.append(_too_big(file, info.st_size))
            return empty
        # Opened without blocking and checked again once open: a FIFO swapped in after stat(), or
        # a "regular" file that blocks on read (/proc/kmsg), fails at once instead of hanging.
        with open(path, "rb", opener=_nonblocking) as handle:  # it may grow after stat(): the cap
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise OSError(errno.EINVAL, "not a regular file")
            raw, problem = read_capped(handle, file)
    except OSError as exc:
        empty.diagnostics.append(Diagnostic(
            "KH001", Severity.ERROR, f"Không đọc được tệp: {os_reason(exc)}.", file,
            hint="Kiểm tra đường dẫn và quyền đọc tệp."))
        return empty
    except ValueError:  # a path with a NUL byte: the OS cannot even look it up
        empty.diagnostics.append(Diagnostic(
            "KH001", Severity.ERROR, "Không đọc được tệp: đường dẫn chứa ký tự NUL.", file,
            hint="Kiểm tra đường dẫn tới tệp."))
        return empty
    if problem is not None or raw is None:
        empty.diagnostics.append(problem or _too_big(file))
        return empty
    reads.note_content(path, raw)
    return load_bytes(raw, file, booleans=booleans, positions=positions)
