"""Load a YAML file into plain Python data plus a source map of every node's position.

Positions are taken once, here, from PyYAML's composed node tree (C-accelerated when libyaml is
present); every later stage finds a position by its data path. The loader refuses what PyYAML
would silently accept: duplicate keys, YAML 1.1 number/boolean traps, legacy-encoded text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kehoach.diagnostics import Diagnostic, Severity, Span, os_reason

try:  # libyaml's composer is several times faster; both give the same marks.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

DataPath = tuple[str | int, ...]

MAX_BYTES = 10 * 1024 * 1024  # a plan is tens of kilobytes; refuse before reading a huge file
MAX_NODES = 200_000  # bounds alias expansion ("billion laughs") and absurd files
MAX_DEPTH = 100

# Scalars that YAML 1.1 reads as something the author rarely meant.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_PLAIN_BOOL = {"true", "false"}
# Characters that never occur in Vietnamese text but fill TCVN3 (ABC) and VNI text shown as Unicode.
_TCVN3_MARKS = re.compile("[¸µ¶·¹¨©ª«¬®¯±²³´½¾×¦§\u00ad]")
_VNI_MARKS = re.compile("[ñïøöüûëäåæçÿÑÏØÖÜÛËÄÅÆÇ]")
# An alias (`*name`) where YAML allows one; a few false hits in text only cost a check.
_ALIAS = re.compile(r"(?:^|[\s\[{,:])\*[^\s,\[\]{}]", re.MULTILINE)
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


@dataclass
class SourceMap:
    """Spans of values and keys by data path, plus the text for excerpts."""

    file: str
    lines: list[str]
    values: dict[DataPath, Span] = field(default_factory=dict)
    keys: dict[DataPath, Span] = field(default_factory=dict)
    raw: dict[DataPath, str] = field(default_factory=dict)

    def span(self, path: DataPath) -> Span | None:
        """The value at `path`, or the nearest enclosing node that exists."""
        for n in range(len(path), -1, -1):
            found = self.values.get(path[:n])
            if found is not None:
                return found
        return None

    def key_span(self, path: DataPath) -> Span | None:
        """The key naming `path` (for unknown or misplaced keys), else the value."""
        return self.keys.get(path) or self.span(path)


@dataclass
class Loaded:
    """What loading one file produced. `data` is None when the file could not be read at all."""

    file: str
    data: Any
    source: SourceMap
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Paths whose value the loader already reported; the schema stage stays silent there.
    reported: set[DataPath] = field(default_factory=set)

    @property
    def unreadable(self) -> bool:
        return self.data is None


def _span(node: Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)


def _point(line: int, column: int) -> Span:
    return Span(line, column, line, column + 1)


class _Builder:
    """Turns a composed node tree into Python data, recording a span for every path."""

    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.source = loaded.source
        self.constructor = SafeConstructor()
        self.nodes = 0
        self.non_nfc: list[Span] = []
        self.legacy: Span | None = None

    def error(self, code: str, message: str, span: Span, hint: str = "", notes=()) -> None:
        self.loaded.diagnostics.append(
            Diagnostic(code, Severity.ERROR, message, self.loaded.file, span, hint, tuple(notes))
        )

    def build(self, node: Node, path: DataPath, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(_span(node))
        if depth > MAX_DEPTH:
            raise _TooDeep(_span(node))
        self.source.values[path] = _span(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: MappingNode, path: DataPath, depth: int) -> dict[str, Any]:
        self.constructor.flatten_mapping(node)  # resolves "<<" merge keys
        result: dict[str, Any] = {}
        first_seen: dict[str, Span] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error("KH003", "Khóa (tên trường) phải là một chữ, không phải danh sách hay bảng.",
                           _span(key_node), "Viết khóa dạng `ten_truong: giá trị`.")
                continue
            key = unicodedata.normalize("NFC", key_node.value)
            key_span = _span(key_node)
            if key in first_seen:
                before = first_seen[key]
                self.error(
                    "KH002",
                    f"Khóa `{key}` bị lặp: đã có ở dòng {before.line}.",
                    key_span,
                    "YAML chỉ giữ giá trị sau cùng và bỏ mất giá trị trước. Gộp hai mục làm một "
                    "hoặc đổi tên một khóa.",
                )
                continue
            first_seen[key] = key_span
            self.source.keys[(*path, key)] = key_span
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def scalar(self, node: ScalarNode, path: DataPath) -> Any:
        raw = node.value
        self.source.raw[path] = raw
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            return self.text(raw, node)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:int" and not _PLAIN_INT.fullmatch(raw):
            return self.trap(raw, node, path, "số (bát phân, thập lục phân hoặc giờ:phút)")
        if tag == "tag:yaml.org,2002:bool" and raw.lower() not in _PLAIN_BOOL:
            return self.trap(raw, node, path, "giá trị đúng/sai")
        construct = self.constructor.yaml_constructors.get(tag)
        if construct is None or tag.startswith("tag:yaml.org,2002:python"):
            self.error("KH003", f"Thẻ YAML `{tag}` không được hỗ trợ.", _span(node),
                       "Bỏ thẻ `!…` và viết giá trị thường.")
            self.loaded.reported.add(path)
            return raw
        try:
            return construct(self.constructor, node)
        except (ValueError, TypeError, AttributeError, ConstructorError):
            if tag == "tag:yaml.org,2002:timestamp":
                self.error("KH004", f"`{raw}` không phải là ngày có thật.", _span(node),
                           "Viết ngày dạng năm-tháng-ngày có thật, ví dụ 2024-12-31.")
            else:  # an explicit tag the value does not fit, e.g. `!!int năm`
                self.error("KH003", f"`{raw}` không đọc được theo thẻ `{tag.rsplit(':', 1)[-1]}`.",
                           _span(node), "Bỏ thẻ `!!…` và viết giá trị thường.")
            self.loaded.reported.add(path)
            return raw

    def trap(self, raw: str, node: ScalarNode, path: DataPath, what: str) -> str:
        self.error(
            "KH005",
            f"YAML 1.1 đọc `{raw}` thành {what}, không phải chữ như đã viết.",
            _span(node),
            f'Đặt trong ngoặc kép nếu là chữ: "{raw}"; nếu là số tiền, viết số nguyên không có '
            "số 0 đứng đầu, ví dụ 5000000.",
        )
        self.loaded.reported.add(path)
        return raw

    def text(self, raw: str, node: ScalarNode) -> str:
        normal = unicodedata.normalize("NFC", raw)
        if normal != raw:
            self.non_nfc.append(_span(node))
        if self.legacy is None and _looks_legacy(normal):
            self.legacy = _span(node)
        return normal


class _TooBig(Exception):
    def __init__(self, span: Span) -> None:
        self.span = span


class _TooDeep(_TooBig):
    pass


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [value for _, value in node.value]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: Node) -> None:
    """Refuse, without expanding anything, a tree whose aliases would expand past MAX_NODES.

    The composed tree shares one node per anchor, so sizes are computed once per distinct node
    (memoised by identity): a "billion laughs" file costs a few dozen steps here instead of
    MAX_NODES builder calls. A recursive alias (`&a [*a]`) is infinitely large.
    """
    cap = MAX_NODES + 1
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node: Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            return cap
        if depth > MAX_DEPTH:  # too deep: the builder says so, with its own message
            return 1
        visiting.add(key)
        total = 1
        for child in _children(node):
            total = min(cap, total + size(child, depth + 1))
        visiting.discard(key)
        sizes[key] = total
        return total

    if size(root, 0) < cap:
        return
    # Point at the smallest part of the file that is too big on its own.
    node, seen = root, {id(root)}
    while True:
        bigger = [c for c in _children(node) if sizes.get(id(c), cap) >= cap and id(c) not in seen]
        if not bigger:
            raise _TooBig(_span(node))
        node = bigger[0]
        seen.add(id(node))


def _looks_legacy(text: str) -> bool:
    """TCVN3/VNI text decoded as Unicode shows characters Vietnamese never uses."""
    if text.isascii():
        return False
    return any(len(marks.findall(text, 0)) >= 2 for marks in (_TCVN3_MARKS, _VNI_MARKS))


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


def _conflicts(text: str, file: str) -> Iterator[Diagnostic]:
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
}
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


def _syntax_error(exc: yaml.YAMLError, text: str, file: str) -> Diagnostic:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_error(exc, text, file)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    mark = problem_mark or context_mark
    past_end = mark is not None and mark.line >= len(text.rstrip("\n").split("\n"))
    if context_mark is not None and (context.startswith(_STARTED_AT) or past_end):
        mark = context_mark
    span = _point(mark.line + 1, mark.column + 1) if mark else _point(1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    said = next((vi for en, vi in _PROBLEMS.items() if problem.startswith(en)), problem)
    notes: tuple[str, ...] = ()
    if problem_mark is not None and mark is not problem_mark:
        notes = (f"phát hiện ở dòng {problem_mark.line + 1}",)
    hint = "Kiểm tra thụt lề (dùng dấu cách, cùng một số cách cho các mục cùng cấp), dấu `:` và ngoặc kép."
    lines = text.split("\n")
    if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
        hint = "Dòng này có ký tự Tab: YAML chỉ cho thụt lề bằng dấu cách. Thay Tab bằng dấu cách."
    elif mark and mark.line < len(lines) and lines[mark.line].rstrip().endswith(":") \
            and lines[mark.line].rstrip()[mark.column:] == ":":
        hint = COLON_HINT
    return Diagnostic("KH003", Severity.ERROR, f"Lỗi cú pháp YAML: {said}.", file, span, hint,
                      notes)


def load_text(text: str, file: str) -> Loaded:
    source = SourceMap(file, text.split("\n"))
    loaded = Loaded(file, None, source)
    conflicts = list(_conflicts(text, file))
    if conflicts:
        loaded.diagnostics.extend(conflicts)
        return loaded
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        loaded.diagnostics.append(_syntax_error(exc, text, file))
        return loaded
    except RecursionError:
        loaded.diagnostics.append(Diagnostic(
            "KH003", Severity.ERROR, "Tệp lồng quá sâu để đọc.", file, _point(1, 1),
            "Một kế hoạch chỉ cần vài cấp lồng nhau; kiểm tra lại thụt lề."))
        return loaded
    if node is None:
        loaded.diagnostics.append(Diagnostic(
            "KH003", Severity.ERROR, "Tệp rỗng: không có nội dung kế hoạch.", file, _point(1, 1),
            "Bắt đầu từ plans/2024.yaml mẫu, hoặc chạy `kehoach schema` để xem cấu trúc."))
        return loaded
    builder = _Builder(loaded)
    try:
        if _ALIAS.search(text):  # without an alias no node is shared, so nothing can blow up
            _check_expansion(node)  # before building: an alias bomb must not be expanded at all
        data = builder.build(node, ())
    except yaml.YAMLError as exc:  # e.g. a bad `<<` merge key, found while building
        loaded.diagnostics.append(_syntax_error(exc, text, file))
        return loaded
    except _TooBig as exc:
        deep = isinstance(exc, _TooDeep)
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
    loaded.data = data
    return loaded


def load_file(path: Path) -> Loaded:
    """Read and load one file. Unreadable files come back with `data is None` and a diagnostic."""
    file = str(path)
    empty = Loaded(file, None, SourceMap(file, []))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            empty.diagnostics.append(Diagnostic(
                "KH001", Severity.ERROR,
                f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB); một kế hoạch chỉ vài chục KB.",
                file, _point(1, 1), f"kehoach chỉ đọc tệp dưới {MAX_BYTES // 1024 // 1024} MB."))
            return empty
        raw = path.read_bytes()
    except OSError as exc:
        empty.diagnostics.append(Diagnostic(
            "KH001", Severity.ERROR, f"Không đọc được tệp: {os_reason(exc)}.", file,
            hint="Kiểm tra đường dẫn và quyền đọc tệp."))
        return empty
    text, problem = decode(raw, file)
    if problem is not None:
        empty.diagnostics.append(problem)
        return empty
    return load_text(text, file)
