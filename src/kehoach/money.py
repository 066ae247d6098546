"""Money in official documents: figures (13.000.000 đồng) and amounts in words.

Follows the money-and-words spec (Northern accounting usage). Pure stdlib and no work at
import beyond a few small tables, because `kehoach words 13000000` must start instantly.
Everything works on Python ints of any size: readings are built by divmod, never via str(),
so the interpreter's 4300-digit str/int conversion limit does not apply to them.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "UNITS",
    "MoneyError",
    "amount_in_words",
    "float_in_unit_message",
    "format_amount",
    "format_in_unit",
    "format_money",
    "format_money_vnd",
    "normalise_words",
    "parse_money",
    "parse_stated",
    "words_match",
]


class MoneyError(ValueError):
    """An amount that cannot be used; the message (Vietnamese) says what to write instead."""


# ---------------------------------------------------------------------------------------------
# Figures

_EXAMPLE = "ví dụ 5000000, 5.000.000 hoặc 5.000.000 đồng"


def _check_amount(amount: object) -> int:
    # bool is an int subclass: `true` in YAML must not silently become 1 đồng.
    if isinstance(amount, bool):
        raise MoneyError(
            f"Số tiền phải là số đồng nguyên, không phải giá trị đúng/sai ({amount}); "
            f"hãy ghi số tiền, {_EXAMPLE}."
        )
    if isinstance(amount, float):
        raise MoneyError(_float_message(amount))
    if not isinstance(amount, int):
        raise MoneyError(
            f"Số tiền phải là số nguyên (đồng), nhận được {amount!r} "
            f"(kiểu {type(amount).__name__}); hãy ghi số tiền, {_EXAMPLE}."
        )
    if amount < 0:
        raise MoneyError(
            f"Số tiền không được âm (nhận được -{format_money(-amount)}); "
            "hãy ghi số tiền dương, ví dụ 5.000.000."
        )
    return amount


def format_money(amount: int) -> str:
    """13000000 -> "13.000.000" (thousands separated by ".", as Vietnamese documents write)."""
    n = _check_amount(amount)
    parts: list[str] = []
    while n >= 1000:
        n, rest = divmod(n, 1000)
        parts.append(f"{rest:03d}")
    parts.append(str(n))
    return ".".join(reversed(parts))


def format_money_vnd(amount: int) -> str:
    """13000000 -> "13.000.000 đồng", the one form the renderer writes in body text."""
    return f"{format_money(amount)} đồng"


# The units a plan may state its amounts in (`budget.unit`); amounts are kept as exact đồng.
UNITS: dict[str, int] = {"đồng": 1, "nghìn đồng": 10**3, "triệu đồng": 10**6, "tỷ đồng": 10**9}


def format_in_unit(amount: int, unit: str = "đồng") -> str:
    """1234500000 in "triệu đồng" -> "1.234,5": thousands with ".", decimals with ",", exact."""
    whole, rest = divmod(_check_amount(amount), UNITS[unit])
    shown = format_money(whole)
    if rest:
        digits = len(str(UNITS[unit])) - 1
        shown += "," + f"{rest:0{digits}d}".rstrip("0")
    return shown


def format_amount(amount: int, unit: str = "đồng") -> str:
    """An amount as the plan states it: "13.000.000 đồng", "1.234,5 triệu đồng"."""
    return f"{format_in_unit(amount, unit)} {unit}"


# ---------------------------------------------------------------------------------------------
# Parsing what people write in plans

def _float_message(value: float) -> str:
    msg = (
        f"Số tiền {value!r} là số thực, không phải số đồng nguyên: YAML đọc 5.000 thành số thực "
        "5.0 (dấu chấm bị hiểu là dấu thập phân). Hãy viết 5000, 5_000 hoặc đặt trong ngoặc "
        'kép "5.000".'
    )
    # The usual cause is a dotted figure with one separator, so offer the likely intent.
    if 0 < value < 1000:
        guess = round(value * 1000)
        if abs(value * 1000 - guess) < 1e-6:
            shown = format_money(guess)
            msg += f' Nếu ý là {shown} đồng, hãy viết {guess} hoặc "{shown}".'
    return msg


_SUFFIX = re.compile(r"(?P<num>.*?)\s*(?:đồng|vnđ|vnd|đ)?", re.IGNORECASE)
_PLAIN = re.compile(r"0|[1-9][0-9]*")
_DOTTED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_UNDERSCORED = re.compile(r"[1-9][0-9]{0,2}(?:_[0-9]{3})+")
_COMMA_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_EXPONENT = re.compile(r"[0-9.]\s*[eE]\s*[+-]?[0-9]")
_SCALE_WORD = re.compile(r"([0-9]+)\s*(nghìn|ngàn|triệu|tỷ|tỉ)", re.IGNORECASE)
_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}


def parse_money(value: object, unit: str = "đồng") -> int:
    """An amount from a plan in đồng: an int, or a string such as "5.000.000 đồng" / "5_000_000".
    In a larger unit ("triệu đồng") the figure may carry decimals after a comma ("1.234,5"),
    read exactly as text; a YAML float is refused, since `1.234` may mean 1,234 or 1234."""
    if unit != "đồng":
        return _parse_in_unit(value, unit)
    if value is None:
        raise MoneyError(f"Thiếu số tiền (giá trị rỗng); hãy ghi số tiền, {_EXAMPLE}.")
    if not isinstance(value, str):
        return _check_amount(value)
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise MoneyError(f"Số tiền đang để trống; hãy ghi số tiền, {_EXAMPLE}.")
    match = _SUFFIX.fullmatch(text)
    num = match.group("num").strip() if match else text
    try:
        if _PLAIN.fullmatch(num):
            return int(num)
        if _DOTTED.fullmatch(num) or _UNDERSCORED.fullmatch(num):
            return int(num.replace(".", "").replace("_", ""))
    except ValueError:  # only the interpreter's digit limit can get here
        raise MoneyError(f"Số tiền quá dài ({len(num)} ký tự); hãy kiểm tra lại.") from None
    raise MoneyError(_diagnose(text, num))


_DECIMALS = re.compile(r"(?P<int>[^,]*),(?P<frac>[0-9]+)")


def parse_stated(text: str) -> int:
    """An amount as a sentence states it, its unit included: "1.234,5 triệu đồng", "2 tỷ đồng",
    "13.000.000 đồng" (for `kehoach words`)."""
    folded = unicodedata.normalize("NFC", text).strip().lower()
    for unit in sorted(UNITS, key=len, reverse=True):
        if unit != "đồng" and (folded.endswith(unit) or folded.endswith(unit.split()[0])):
            return parse_money(text, unit)
    return parse_money(text)


def float_in_unit_message(written: str, unit: str) -> str:
    """Why `1.120` (a YAML float) is refused as an amount in triệu đồng, with what to write for
    each reading; `written` is the text as typed (schema.py has it), else the float's repr."""
    whole, _, frac = written.strip().partition(".")
    choices = [f'số lẻ thì viết "{whole},{frac}"'] if frac.isdigit() else []
    if frac.isdigit() and len(frac) == 3 and whole.isdigit() and 0 < len(whole) <= 3:
        choices.append(f'{whole}{frac} {unit} thì viết "{whole}.{frac}" trong ngoặc kép')
    return (
        f"Số tiền {written.strip()} là số thực: YAML đọc dấu chấm là dấu thập phân, nên không biết ý "
        "là số lẻ hay dấu phân cách hàng nghìn"
        + (f"; {', '.join(choices)}" if choices else "")
        + f'. Số lẻ viết bằng dấu phẩy trong ngoặc kép, ví dụ "12,5" ({unit}).'
    )


def _parse_in_unit(value: object, unit: str) -> int:
    scale = UNITS[unit]
    example = f'ví dụ 1234, "1.234" hoặc "1.234,5" ({unit})'
    if isinstance(value, float):
        raise MoneyError(float_in_unit_message(repr(value), unit))
    if value is None or isinstance(value, bool) or not isinstance(value, (int, str)):
        _check_amount(value if value is not None else "")  # raises with the đồng wording
    if isinstance(value, int):
        return _check_amount(value) * scale
    text = unicodedata.normalize("NFC", value).strip()
    for suffix in (unit, unit.split()[0]):  # "1.234,5 triệu đồng", "1.234,5 triệu"
        if text.lower().endswith(suffix):
            text = text[: -len(suffix)].strip()
            break
    frac = ""
    if m := _DECIMALS.fullmatch(text):
        text, frac = m["int"].strip(), m["frac"]
    whole = 0 if text == "0" and frac else None
    if whole is None:
        try:
            whole = parse_money(text)
        except MoneyError:
            raise MoneyError(f'Không đọc được số tiền "{value}" ({unit}); {example}.') from None
    exact, rest = divmod(int(frac or "0") * scale, 10 ** len(frac))
    if rest:
        raise MoneyError(f'Số tiền "{value}" {unit} có phần lẻ nhỏ hơn 1 đồng; hãy bớt chữ số thập phân.')
    return whole * scale + exact


def _diagnose(text: str, num: str) -> str:
    """Why a money string was refused, most specific reason first."""
    shown = f'"{text}"'
    if not num:
        return f"Số tiền {shown} thiếu chữ số; hãy ghi số tiền, {_EXAMPLE}."
    if num[0] in "-−":
        return f"Số tiền không được âm ({shown}); hãy ghi số tiền dương, ví dụ 5.000.000."
    if _COMMA_THOUSANDS.fullmatch(num):
        dotted = num.replace(",", ".")
        return (
            f"Số tiền {shown} dùng dấu phẩy để phân cách hàng nghìn; văn bản tiếng Việt dùng "
            f'dấu chấm: hãy viết "{dotted}" hoặc {dotted.replace(".", "")}.'
        )
    if "," in num:
        return (
            f"Số tiền {shown} có phần thập phân (dấu phẩy); số tiền tính bằng đồng nguyên. "
            'Hãy quy ra đồng, ví dụ 5,5 triệu viết là 5500000 hoặc "5.500.000"; hoặc ghi '
            "`unit: triệu đồng` ở mục kinh phí để viết số tiền bằng triệu đồng."
        )
    if _EXPONENT.search(num):
        return (
            f"Số tiền {shown} viết dạng lũy thừa; hãy viết đủ các chữ số, ví dụ 1e6 viết là "
            '1000000 hoặc "1.000.000".'
        )
    scaled = _SCALE_WORD.fullmatch(num)
    if scaled:
        amount = int(scaled.group(1)) * _SCALES[scaled.group(2).lower()]
        return (
            f"Số tiền {shown} viết lẫn chữ; hãy viết bằng chữ số: {amount} hoặc "
            f'"{format_money(amount)}".'
        )
    if "." in num or "_" in num:
        return (
            f"Số tiền {shown} đặt dấu phân cách sai chỗ: dấu chấm (hoặc _) phải chia các chữ số "
            'thành từng nhóm 3 tính từ bên phải, không có số 0 ở đầu, ví dụ "5.000.000" hoặc '
            "5_000_000."
        )
    if num.isdecimal() and num.isascii():  # only a leading zero is left
        return (
            f"Số tiền {shown} có số 0 ở đầu; hãy bỏ số 0 ở đầu, ví dụ {int(num)}."
        )
    return f"Không đọc được số tiền {shown}; hãy ghi bằng chữ số, {_EXAMPLE}."


# ---------------------------------------------------------------------------------------------
# Amount in words

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9


def _read_group(n: int, full: bool) -> list[str]:
    """A group of three digits (0 < n < 1000); `full` = a higher group precedes it."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    # Inner groups keep their hundreds even when zero (1.005.000 = … không trăm linh năm nghìn).
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _read_below_billion(n: int, full: bool) -> list[str]:
    """0 < n < 10**9 as triệu / nghìn / units groups, all-zero groups skipped with their name."""
    words: list[str] = []
    for group, name in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if group:
            words += _read_group(group, full)
            if name:
                words.append(name)
            full = True
    return words


def _read(n: int) -> list[str]:
    """The reading of n >= 0 without " đồng", lower case."""
    if n == 0:
        return ["không"]
    # Above tỷ the reading repeats: n = high·10⁹ + low reads as "<high> tỷ <low>", so
    # 10¹² = một nghìn tỷ, 10¹⁸ = một tỷ tỷ. Unrolled into 9-digit chunks to avoid recursion.
    chunks: list[int] = []
    while n:
        n, chunk = divmod(n, _BILLION)
        chunks.append(chunk)
    words: list[str] = []
    for level in range(len(chunks) - 1, -1, -1):
        if chunks[level]:
            words += _read_below_billion(chunks[level], full=bool(words))
        if level:
            words.append("tỷ")
    return words


def amount_in_words(amount: int) -> str:
    """13000000 -> "Mười ba triệu đồng"."""
    words = " ".join(_read(_check_amount(amount)))
    return f"{words[0].upper()}{words[1:]} đồng"


# ---------------------------------------------------------------------------------------------
# Comparing a stated reading with the figure

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def _tone_key(word: str) -> tuple[str, str] | None:
    """(letters without tone, tone mark): equal for "hoà"/"hòa"-style placement variants."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return None
    letters = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", letters), "".join(tones)


# Every word a reading can contain, with the accepted spelling variants folded to one form.
_VOCABULARY = {w: w for w in (*_DIGITS, "mốt", "tư", "lăm", "mười", "mươi", "trăm", "linh",
                              "nghìn", "triệu", "tỷ", "đồng", "chẵn")}
_VOCABULARY |= {"lẻ": "linh", "ngàn": "nghìn", "tỉ": "tỷ"}
_CANONICAL_WORD = {_tone_key(w): canon for w, canon in _VOCABULARY.items()}

# The units word depends on the word before it; fold each variant to what _read_group writes.
_AFTER = {
    "mươi": {"một": "mốt", "năm": "lăm", "bốn": "tư"},
    "mười": {"năm": "lăm", "tư": "bốn"},
    "linh": {"tư": "bốn"},
}
_EDGE_JUNK = re.compile(r"^[\s()*]+|[\s()*.]+$")


def normalise_words(text: str) -> str:
    """The folded form of a reading: "Một triệu không trăm lẻ năm ngàn đồng chẵn." ->
    "một triệu không trăm linh năm nghìn" (lower case, NFC, canonical spellings, no "đồng")."""
    if not isinstance(text, str):
        raise MoneyError(
            f"Số tiền bằng chữ phải là chữ, nhận được {text!r}; "
            "hãy viết ví dụ: Mười ba triệu đồng."
        )
    text = _EDGE_JUNK.sub("", unicodedata.normalize("NFC", text).lower())
    words: list[str] = []
    for raw in text.split():
        word = _CANONICAL_WORD.get(_tone_key(raw), raw)
        if words:
            word = _AFTER.get(words[-1], {}).get(word, word)
        words.append(word)
    if words and words[-1] == "chẵn":
        words.pop()
    if words and words[-1] == "đồng":
        words.pop()
    return " ".join(words)


def words_match(text: str, amount: int) -> bool:
    """Whether a stated amount in words reads the same as the figure, spelling variants aside."""
    return normalise_words(text) == normalise_words(amount_in_words(amount))
