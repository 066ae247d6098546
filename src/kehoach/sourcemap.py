"""A composed YAML node tree → plain Python data, a span for every data path (the SourceMap), and
what the text hides, found while building: YAML 1.1 traps, text not in NFC, control, bidi and
hidden characters, text typed in a legacy encoding (TCVN3, VNI), alias bombs.

kehoach.loader reads the file, composes it with PyYAML and hands the tree to Builder; every later
stage finds a position by its data path in the SourceMap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from kehoach.diagnostics import Diagnostic, Severity, Span

DataPath = tuple[str | int, ...]

MAX_NODES = 200_000  # bounds alias expansion ("billion laughs") and absurd files
MAX_DEPTH = 100

# Scalars that YAML 1.1 reads as something the author rarely meant.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
# Digit separators only between groups of three: `5_000_00` is a typo, never read as 500000.
_GROUPED_INT = re.compile(r"[-+]?(0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:_[0-9]{3})+)")
# The only tags a plan may carry (explicit or implied); `!!binary`, `!!set`, `!!omap`, … are refused.
_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "null", "int", "bool", "float", "timestamp")}
_RESOLVER = Resolver()
_INT, _BOOL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool"


def _explicit(node: ScalarNode) -> bool:
    """The node's tag was written (`!!int hai`), not read from the value by YAML's rules."""
    return node.tag != _RESOLVER.resolve(ScalarNode, node.value, (not node.style, False))  # libyaml: ""
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



# YAML counts U+0085, U+2028, U+2029 and a lone CR as line breaks; editors, git and the excerpt
# count only "\n". Marks are mapped back to "\n" lines (only when the text holds such a break).
_YAML_BREAKS = re.compile("\r|\x85|\u2028|\u2029")
_ANY_BREAK = re.compile("\n|\r|\x85|\u2028|\u2029")


class Positions:
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



class Builder:
    """Turns a composed node tree into Python data, recording a span for every path."""

    def __init__(self, file: str, source: SourceMap, diagnostics: list[Diagnostic], reported: set[DataPath],
                 positions: Positions, booleans: bool = False) -> None:
        # The loader's own list and set: what was found before a failure half-way is kept.
        self.file = file
        self.source = source
        self.diagnostics = diagnostics
        self.reported = reported
        self.positions = positions
        self.constructor = SafeConstructor()
        self.nodes = 0
        self.non_nfc: list[Span] = []
        self.hidden: list[tuple[Span, str]] = []
        self.legacy: Span | None = None
        self.booleans = booleans

    def span(self, node: Node) -> Span:
        s, e = node.start_mark, node.end_mark
        return self.positions.at(s.line, s.column, e.line, e.column)

    def error(self, code: str, message: str, span: Span, hint: str = "", notes=()) -> None:
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, message, self.file, span, hint,
                                           tuple(notes)))

    def build(self, node: Node, path: DataPath, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooBig(self.span(node))
        if depth > MAX_DEPTH:
            raise TooDeep(self.span(node))
        self.source.values[path] = self.span(node)
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
                           self.span(key_node), "Viết khóa dạng `ten_truong: giá trị`.")
                continue
            key = self.nfc(key_node.value, key_node, (*path, key_node.value))
            key_span = self.span(key_node)
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
        self.error("KH003", f"Thẻ YAML `{shown}` không được dùng trong kế hoạch.", self.span(node),
                   "Bỏ thẻ `!…` và viết giá trị thường (chữ, số, danh sách `- `, bảng `khóa: giá trị`); "
                   "nội dung phải đọc được khi xem thay đổi trong git.")
        self.reported.add(path)

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
        if tag in (_INT, _BOOL) and _explicit(node) and not (
                _PLAIN_INT.fullmatch(raw) if tag == _INT else raw.lower() in _PLAIN_BOOL):
            return self.untagged(raw, node, path)  # the writer's tag, not YAML 1.1's reading
        if tag == "tag:yaml.org,2002:int" and not _PLAIN_INT.fullmatch(raw):
            return self.trap(raw, node, path, "số (bát phân, thập lục phân hoặc giờ:phút)")
        if tag == "tag:yaml.org,2002:int" and not _GROUPED_INT.fullmatch(raw):
            return raw  # as typed: the field says what is wrong (money: separators misplaced)
        if tag == "tag:yaml.org,2002:bool" and raw.lower() not in _PLAIN_BOOL:
            return self.trap(raw, node, path, "giá trị đúng/sai")
        if tag == "tag:yaml.org,2002:bool" and not self.booleans:
            self.error("KH005", f"`{raw}` là giá trị đúng/sai; không trường nào của tệp này nhận "
                       "giá trị đúng/sai.", self.span(node),
                       f'Ghi số hoặc chữ mà trường cần; nếu là chữ, đặt trong ngoặc kép: "{raw}".')
            self.reported.add(path)
            return raw
        construct = self.constructor.yaml_constructors[tag]
        try:
            return construct(self.constructor, node)
        except (ValueError, TypeError, AttributeError, ConstructorError):
            if tag == "tag:yaml.org,2002:timestamp":
                self.error("KH004", f"`{raw}` không phải là ngày có thật.", self.span(node),
                           "Viết ngày dạng năm-tháng-ngày có thật, ví dụ 2024-12-31.")
            else:  # an explicit tag the value does not fit, e.g. `!!float năm`
                return self.untagged(raw, node, path)
            self.reported.add(path)
            return raw

    def untagged(self, raw: str, node: ScalarNode, path: DataPath) -> str:
        """A value written with a tag it does not fit (`year: !!int hai`): said as that."""
        name = node.tag.rsplit(":", 1)[-1]
        what = {"int": "số nguyên", "bool": "giá trị đúng/sai (true/false)", "float": "số",
                "timestamp": "ngày"}.get(name, name)
        self.error("KH003", f"`{raw}` có thẻ `!!{name}` nhưng không phải {what}.", self.span(node),
                   f"Bỏ thẻ `!!{name}` và viết giá trị thường: số như 2024, chữ như đã viết.")
        self.reported.add(path)
        return raw

    def trap(self, raw: str, node: ScalarNode, path: DataPath, what: str) -> str:
        self.error(
            "KH005",
            f"YAML 1.1 đọc `{raw}` thành {what}, không phải chữ như đã viết.",
            self.span(node),
            f'Đặt trong ngoặc kép nếu là chữ: "{raw}"; nếu là số tiền, viết số nguyên không có '
            "số 0 đứng đầu, ví dụ 5000000.",
        )
        self.reported.add(path)
        return raw

    def nfc(self, raw: str, node: ScalarNode, path: DataPath) -> str:
        """NFC, after refusing a run of combining marks (linear check; NFC of a run is quadratic)."""
        if raw.isascii() or unicodedata.is_normalized("NFC", raw):
            return raw
        run = 0
        for at, ch in enumerate(raw):
            run = run + 1 if unicodedata.combining(ch) else 0
            if run > MAX_MARKS:
                line, column = self.positions.one(node.start_mark.line, node.start_mark.column)
                self.error("KH008", f"Có hơn {MAX_MARKS} dấu tổ hợp liền nhau trên một chữ "
                           f"(ký tự thứ {at + 1} của giá trị).", Span(line, column, line, column + 1),
                           "Chữ tiếng Việt chỉ có tối đa hai dấu trên một chữ cái: gõ lại đoạn chữ này.")
                self.reported.add(path)
                return raw[: at - run + 1]
        self.non_nfc.append(self.span(node))
        return unicodedata.normalize("NFC", raw)

    def text(self, raw: str, node: ScalarNode, path: DataPath = ()) -> str:
        normal = self.nfc(raw, node, path)
        if _ODD.search(normal) or (normal and _INVISIBLE_ONLY.fullmatch(normal) and not normal.isspace()):
            self.odd(normal, node, path)
        if self.legacy is None and looks_legacy(normal):
            self.legacy = self.span(node)
        return normal

    def odd(self, text: str, node: ScalarNode, path: DataPath) -> None:
        """Text that the eye cannot check: control characters, bidi controls, or nothing visible."""
        names = sorted({f"U+{ord(ch):04X}" for ch in _ODD.findall(text) or text if not ch.isspace()})
        shown = ", ".join(names[:5]) + (f" và {len(names) - 5} ký tự khác" if len(names) > 5 else "")
        if _INVISIBLE_ONLY.fullmatch(text):
            self.error("KH008", f"Giá trị chỉ gồm ký tự không nhìn thấy ({shown}): để trống với người đọc.",
                       self.span(node), "Gõ nội dung thật, hoặc bỏ trường này nếu không bắt buộc.")
            self.reported.add(path)
        elif control := _CONTROL.search(text):
            self.error("KH008", f"Có ký tự điều khiển U+{ord(control.group()):04X} trong chữ "
                       f"(ký tự thứ {control.start() + 1}); nó không hiện trên văn bản mà vẫn bị chép vào.",
                       self.span(node), "Xóa ký tự này (thường do dán từ Word, PDF hay trang web, hoặc do "
                       "viết `\\0`, `\\x01` trong ngoặc kép) rồi lưu lại.")
            self.reported.add(path)
        else:
            self.hidden.append((self.span(node), shown))


class TooBig(Exception):
    def __init__(self, span: Span) -> None:
        self.span = span


class TooDeep(TooBig):
    pass


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [value for _, value in node.value]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def check_expansion(root: Node, positions: Positions) -> None:
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
            s, e = node.start_mark, node.end_mark
            raise TooBig(positions.at(s.line, s.column, e.line, e.column))
        node = bigger[0]
        seen.add(id(node))


def looks_legacy(text: str) -> bool:
    """TCVN3/VNI text decoded as Unicode shows characters Vietnamese never uses."""
    if text.isascii():
        return False
    return any(len(marks.findall(text, 0)) >= 2 for marks in (_TCVN3_MARKS, _VNI_MARKS))


# ---- the quick twin: a clean file's data without positions (issue 21) ----------------------------
#
# Most files are clean, and for them every span the Builder records is thrown away. QuickBuilder
# walks the same composed tree without spans; the checks Builder makes on each string are made
# once on the whole text instead (plain_text). It gives up (Decline) on anything Builder would
# report or read differently, and the loader then reads the file the full way: for a file it
# accepts, it returns what Builder returns (tests/test_quickload.py compares them). Kept beside
# Builder so that a check added there is seen here.

# What in a text makes some value need a check QuickBuilder does not make, besides an escape
# (which can spell any character) and a merge key: the control, hidden and combining characters
# of the BMP in one class (one class is searched several times faster than _CONTROL, whose
# noncharacters reach into every plane), and any character beyond the BMP at all (tag characters,
# noncharacters and variation selectors live there; a plan rarely holds any other).
# tests/test_quickload.py checks the classes cover _CONTROL, _HIDDEN and the marks.
_ASCII_UNUSUAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_BMP_UNUSUAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
                          "\ufdd0-\ufdef\ufffe\uffff\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e\u034f"
                          "\u115f\u1160\u3164\uffa0\u2800\ufe00-\ufe0f\u0300-\u036f]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CONSTRUCTED = {f"tag:yaml.org,2002:{t}" for t in ("int", "bool", "float", "timestamp")}
_STR, _NULL, _INT, _BOOL = (f"tag:yaml.org,2002:{t}" for t in ("str", "null", "int", "bool"))
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class Decline(Exception):
    """QuickBuilder cannot vouch for this file: read it the full way."""


def plain_text(text: str) -> bool:
    """Whether no key or value of `text` can hold what Builder checks strings for. A value is a
    piece of the text (or pieces joined by spaces and line breaks): with the whole text in NFC and
    free of escapes, control, hidden and combining characters, and with fewer than two legacy
    marks of each kind in all, every value is clean too."""
    if "\\" in text or "<<" in text:
        return False
    if text.isascii():
        return not _ASCII_UNUSUAL.search(text)
    if _BMP_UNUSUAL.search(text) or _ASTRAL.search(text):
        return False
    if not unicodedata.is_normalized("NFC", text):
        return False
    return all(len(marks.findall(text)) < 2 for marks in (_TCVN3_MARKS, _VNI_MARKS))


class QuickBuilder:
    """Builder without spans, for a text plain_text accepted; raises Decline."""

    def __init__(self, booleans: bool = False) -> None:
        self.booleans = booleans
        self.nodes = 0
        self.constructor = SafeConstructor()

    def build(self, node: Node, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise Decline
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, MappingNode) and node.tag == _MAP:
            result: dict[str, Any] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode) or key.value in result:
                    raise Decline  # a key that is a list or a table; a key written twice
                result[key.value] = self.build(value, depth + 1)
            return result
        if isinstance(node, SequenceNode) and node.tag == _SEQ:
            return [self.build(child, depth + 1) for child in node.value]
        raise Decline  # `!!set`, `!!omap`, `!foo` on a table or a list

    def scalar(self, node: ScalarNode) -> Any:
        tag, raw = node.tag, node.value
        if tag == _STR:
            return raw
        if tag == _NULL:
            return None
        if tag not in _CONSTRUCTED:
            raise Decline
        if tag == _INT:
            if not _PLAIN_INT.fullmatch(raw):
                raise Decline  # octal, hexadecimal, 1:30
            if not _GROUPED_INT.fullmatch(raw):
                return raw  # as typed, as Builder does: the field says what is wrong
        if tag == _BOOL and (not self.booleans or raw.lower() not in _PLAIN_BOOL):
            raise Decline
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        except (ValueError, TypeError, AttributeError, ConstructorError):
            raise Decline from None  # a date that does not exist
