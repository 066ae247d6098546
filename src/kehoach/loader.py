"""Load a YAML file into plain Python data plus a source map of every node's position.

Positions are taken once, here, from PyYAML's composed node tree (C-accelerated when libyaml is
present); every later stage finds a position by its data path. The loader refuses what PyYAML
would silently accept: duplicate keys, YAML 1.1 number/boolean traps, legacy-encoded text.
"""

from __future__ import annotations

import errno
import os
import re
import stat
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
# Digit separators only between groups of three: `5_000_00` is a typo, never read as 500000.
_GROUPED_INT = re.compile(r"[-+]?(0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:_[0-9]{3})+)")
# The only tags a plan may carry (explicit or implied); `!!binary`, `!!set`, `!!omap`, … are refused.
_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "null", "int", "bool", "float", "timestamp")}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# Characters that are in a text but not on the page. Control characters (escapes such as "\0",
# "\x01", "\r") and bidi controls are refused; zero-width ones are reported where they hide.
# Tag characters (U+E0000–E007F, never in a text a person types) and noncharacters are refused
# as control characters are; variation selectors only hide, as zero-width characters do.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}"
                                            for plane in range(0, 0x110000, 0x10000))
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
                      "\U000e0000-\U000e007f" + _NONCHARACTERS + "]")
_HIDDEN = re.compile("[\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e\u034f\u115f\u1160\u3164"
                     "\uffa0\u2800\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_ODD = re.compile(f"{_CONTROL.pattern}|{_HIDDEN.pattern}")
# Nothing a reader can see: also a value of combining marks with no letter to carry them.
_INVISIBLE_ONLY = re.compile(f"(?:\\s|{_CONTROL.pattern}|{_HIDDEN.pattern}|[\u0300-\u036f])*")
# Vietnamese puts at most two marks on a letter; a long run of combining marks is never text, and
# normalising one is quadratic in its length.
MAX_MARKS = 4
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

    @property
    def not_read(self) -> bool:
        """The file could not be read at all (KH001: missing, a device, too big): exit 2, where
        a file read and refused (empty, bad YAML) is a problem in it: exit 1."""
        return self.data is None and any(d.code == "KH001" for d in self.diagnostics)


def _span(node: Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return _POSITIONS.at(s.line, s.column, e.line, e.column)


# YAML counts U+0085, U+2028, U+2029 and a lone CR as line breaks; editors, git and the excerpt
# count only "\n". Marks are mapped back to "\n" lines (only when the text holds such a break).
_YAML_BREAKS = re.compile("\r|\x85|\u2028|\u2029")
_ANY_BREAK = re.compile("\n|\r|\x85|\u2028|\u2029")


class _Positions:
    """YAML (line, column), 0-based → a 1-based Span in "\n" lines."""

    def __init__(self, text: str = "") -> None:
        self.table: list[tuple[int, int]] | None = None
        if _YAML_BREAKS.search(text):
            # For each YAML line: the "\n" line it is on and the column where it starts there.
            table, line, line_start = [(0, 0)], 0, 0
            for match in _ANY_BREAK.finditer(text):
                if match.group() == "\n":
                    line, line_start = line + 1, match.end()
                table.append((line, match.end() - line_start))
            self.table = table

    def one(self, line: int, column: int) -> tuple[int, int]:
        if self.table is None or line >= len(self.table):
            return line + 1, column + 1
        real, base = self.table[line]
        return real + 1, base + column + 1

    def at(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        return Span(*self.one(line, column), *self.one(end_line, end_column))


_POSITIONS = _Positions()  # set per load; loading is single-threaded

def _point(line: int, column: int) -> Span:
    return Span(line, column, line, column + 1)


class _Builder:
    """Turns a composed node tree into Python data, recording a span for every path."""

    def __init__(self, loaded: Loaded, booleans: bool = False) -> None:
        self.loaded = loaded
        self.source = loaded.source
        self.constructor = SafeConstructor()
        self.nodes = 0
        self.non_nfc: list[Span] = []
        self.hidden: list[tuple[Span, str]] = []
        self.legacy: Span | None = None
        self.booleans = booleans

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
        if not isinstance(node, ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.tag(node, path)
            return None
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
            key = self.nfc(key_node.value, key_node, (*path, key_node.value))
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

    def tag(self, node: Node, path: DataPath) -> None:
        """Refuse a tag a plan never needs (`!!set`, `!!omap`, `!!binary`, `!foo`)."""
        tag = node.tag
        name = tag.removeprefix("tag:yaml.org,2002:")
        shown = f"!!{name}" if name != tag else tag
        self.error("KH003", f"Thẻ YAML `{shown}` không được dùng trong kế hoạch.", _span(node),
                   "Bỏ thẻ `!…` và viết giá trị thường (chữ, số, danh sách `- `, bảng `khóa: giá trị`); "
                   "nội dung phải đọc được khi xem thay đổi trong git.")
        self.loaded.reported.add(path)

    def scalar(self, node: ScalarNode, path: DataPath) -> Any:
        raw = node.value
        self.source.raw[path] = raw
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            return self.text(raw, node, path)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag not in _SCALAR_TAGS:
            self.tag(node, path)
            return raw
        if tag == "tag:yaml.org,2002:int" and not _PLAIN_INT.fullmatch(raw):
            return self.trap(raw, node, path, "số (bát phân, thập lục phân hoặc giờ:phút)")
        if tag == "tag:yaml.org,2002:int" and not _GROUPED_INT.fullmatch(raw):
            return raw  # as typed: the field says what is wrong (money: separators misplaced)
        if tag == "tag:yaml.org,2002:bool" and raw.lower() not in _PLAIN_BOOL:
            return self.trap(raw, node, path, "giá trị đúng/sai")
        if tag == "tag:yaml.org,2002:bool" and not self.booleans:
            self.error("KH005", f"`{raw}` là giá trị đúng/sai; không trường nào của tệp này nhận "
                       "giá trị đúng/sai.", _span(node),
                       f'Ghi số hoặc chữ mà trường cần; nếu là chữ, đặt trong ngoặc kép: "{raw}".')
            self.loaded.reported.add(path)
            return raw
        construct = self.constructor.yaml_constructors[tag]
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

    def nfc(self, raw: str, node: ScalarNode, path: DataPath) -> str:
        """NFC, after refusing a run of combining marks (linear check; NFC of a run is quadratic)."""
        if raw.isascii() or unicodedata.is_normalized("NFC", raw):
            return raw
        run = 0
        for at, ch in enumerate(raw):
            run = run + 1 if unicodedata.combining(ch) else 0
            if run > MAX_MARKS:
                line, column = _POSITIONS.one(node.start_mark.line, node.start_mark.column)
                self.error("KH008", f"Có hơn {MAX_MARKS} dấu tổ hợp liền nhau trên một chữ "
                           f"(ký tự thứ {at + 1} của giá trị).", Span(line, column, line, column + 1),
                           "Chữ tiếng Việt chỉ có tối đa hai dấu trên một chữ cái: gõ lại đoạn chữ này.")
                self.loaded.reported.add(path)
                return raw[: at - run + 1]
        self.non_nfc.append(_span(node))
        return unicodedata.normalize("NFC", raw)

    def text(self, raw: str, node: ScalarNode, path: DataPath = ()) -> str:
        normal = self.nfc(raw, node, path)
        if _ODD.search(normal) or (normal and _INVISIBLE_ONLY.fullmatch(normal) and not normal.isspace()):
            self.odd(normal, node, path)
        if self.legacy is None and _looks_legacy(normal):
            self.legacy = _span(node)
        return normal

    def odd(self, text: str, node: ScalarNode, path: DataPath) -> None:
        """Text that the eye cannot check: control characters, bidi controls, or nothing visible."""
        names = sorted({f"U+{ord(ch):04X}" for ch in _ODD.findall(text) or text if not ch.isspace()})
        shown = ", ".join(names[:5]) + (f" và {len(names) - 5} ký tự khác" if len(names) > 5 else "")
        if _INVISIBLE_ONLY.fullmatch(text):
            self.error("KH008", f"Giá trị chỉ gồm ký tự không nhìn thấy ({shown}): để trống với người đọc.",
                       _span(node), "Gõ nội dung thật, hoặc bỏ trường này nếu không bắt buộc.")
            self.loaded.reported.add(path)
        elif control := _CONTROL.search(text):
            self.error("KH008", f"Có ký tự điều khiển U+{ord(control.group()):04X} trong chữ "
                       f"(ký tự thứ {control.start() + 1}); nó không hiện trên văn bản mà vẫn bị chép vào.",
                       _span(node), "Xóa ký tự này (thường do dán từ Word, PDF hay trang web, hoặc do "
                       "viết `\\0`, `\\x01` trong ngoặc kép) rồi lưu lại.")
            self.loaded.reported.add(path)
        else:
            self.hidden.append((_span(node), shown))


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
    span = _point(*_POSITIONS.one(mark.line, mark.column)) if mark else _point(1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    said = next((vi for en, vi in _PROBLEMS.items() if problem.startswith(en)), _OTHER_PROBLEM)
    notes: tuple[str, ...] = ()
    if problem_mark is not None and mark is not problem_mark:
        notes = (f"phát hiện ở dòng {_POSITIONS.one(problem_mark.line, 0)[0]}",)
    hint = "Kiểm tra thụt lề (dùng dấu cách, cùng một số cách cho các mục cùng cấp), dấu `:` và ngoặc kép."
    lines = text.split("\n")
    if mark and span.line <= len(lines) and "\t" in lines[span.line - 1]:
        hint = "Dòng này có ký tự Tab: YAML chỉ cho thụt lề bằng dấu cách. Thay Tab bằng dấu cách."
    elif mark and mark.line < len(lines) and lines[mark.line].rstrip().endswith(":") \
            and lines[mark.line].rstrip()[mark.column:] == ":":
        hint = COLON_HINT
    return Diagnostic("KH003", Severity.ERROR, f"Lỗi cú pháp YAML: {said}.", file, span, hint,
                      notes)


def load_text(text: str, file: str, *, booleans: bool = False) -> Loaded:
    """Load YAML text. `booleans`: whether this kind of file has yes/no fields (a plan has none)."""
    global _POSITIONS
    _POSITIONS = _Positions(text)
    try:
        return _load_text(text, file, booleans)
    finally:
        _POSITIONS = _Positions()


def _empty(file: str) -> Diagnostic:
    return Diagnostic(
        "KH003", Severity.ERROR, "Tệp rỗng: không có nội dung.", file, _point(1, 1),
        "Bắt đầu từ plans/2024.yaml mẫu, hoặc chạy `kehoach schema` để xem cấu trúc.")


def _load_text(text: str, file: str, booleans: bool) -> Loaded:
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
    # `---`, `null`, `~` or only comments: a document that holds nothing is not a clean plan.
    if node is None or (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
        loaded.diagnostics.append(_empty(file))
        return loaded
    builder = _Builder(loaded, booleans)
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
    said = f" ({size / 1024 / 1024:.1f} MB)" if size is not None else f" (hơn {MAX_BYTES // 1024 // 1024} MB)"
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


def load_bytes(raw: bytes, file: str, *, booleans: bool = False) -> Loaded:
    text, problem = decode(raw, file)
    if problem is not None:
        return Loaded(file, None, SourceMap(file, []), [problem])
    return load_text(text, file, booleans=booleans)


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def present(path: Path) -> bool:
    """Whether something is at `path` for a companion file (progress, report): anything at all,
    a FIFO or a dangling link included, so load_file says what is wrong with it instead of the
    file being taken for absent ("no progress yet") while something else sits in its place."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def load_file(path: Path, *, booleans: bool = False) -> Loaded:
    """Read and load one file. Unreadable files come back with `data is None` and a diagnostic.

    Only regular files are read (a FIFO, a device or a socket is refused before it is opened, so
    nothing blocks or streams forever), and never more than MAX_BYTES of them.
    """
    file = str(path)
    empty = Loaded(file, None, SourceMap(file, []))
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
    return load_bytes(raw, file, booleans=booleans)
