"""What each of a template's builders will make, worked out from its arguments before it runs:
the methods of a text (`ljust`, `zfill`, `expandtabs`, `replace`, `join`, `translate`, `split`…),
`int.to_bytes`, `lipsum`, and the filters that can make a value longer than their input
(`center`, `indent`, `wordwrap`, `format`, `replace`, `join`, `sum`, `batch`, `slice`,
`tojson`, `pprint`, `urlencode`, `urlize`, `escape`…). kehoach.render.sandbox asks here before
each call; what a builder returns is checked once more after it (bounds.check).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import wraps
from typing import Any

from markupsafe import Markup

from kehoach.render.bounds import (
    MAX_DEPTH,
    MAX_ITEMS,
    Sizer,
    TooLarge,
    check,
    count,
    escaped_len,
    fits,
    listed,
    printf_size,
    text_size,
    whole,
)


def _arg(args: tuple, kwargs: dict, at: int, name: str, default: Any = None) -> Any:
    return args[at] if len(args) > at else kwargs.get(name, default)


def method_size(obj: Any, args: tuple, kwargs: dict) -> tuple[int, tuple, dict] | None:
    """For a method of a text (or bytes): the size of what it returns, worked out from its
    arguments, and the arguments to call it with (an iterable to join taken as a list)."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, int) and not isinstance(owner, bool) and name == "to_bytes":
        return whole(_arg(args, kwargs, 0, "length", 1)), args, kwargs
    if not isinstance(owner, str | bytes | bytearray):
        return None
    n = len(owner)
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(n, whole(_arg(args, kwargs, 0, "width"))), args, kwargs
    if name == "expandtabs":
        tab = "\t" if isinstance(owner, str) else b"\t"
        return n + owner.count(tab) * max(whole(_arg(args, kwargs, 0, "tabsize", 8), 8), 0), args, kwargs
    if name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        count = whole(_arg(args, kwargs, 2, "count", -1), -1)
        if not isinstance(old, str | bytes | bytearray) or not isinstance(new, str | bytes | bytearray):
            return None
        times = owner.count(old) if old else n + 1
        times = min(times, count) if count >= 0 else times
        extra = len(new) if not isinstance(owner, Markup) else escaped_len(str(new))
        return n + times * max(0, extra - len(old)), args, kwargs
    if name == "join" and args:
        parts = listed(args[0])
        sizer = Sizer(isinstance(owner, Markup))
        size = sum(len(p) if isinstance(p, str | bytes | bytearray) else sizer.text(p) for p in parts)
        return size + n * max(len(parts) - 1, 0), (parts, *args[1:]), kwargs
    if name in ("upper", "lower", "title", "capitalize", "casefold", "swapcase"):
        return 3 * n, args, kwargs
    if name == "encode":  # 4 bytes a character in UTF-8/16/32; an escaping codec up to 10
        codec = str(_arg(args, kwargs, 0, "encoding", "utf-8")).lower().replace("_", "-")
        return (4 if codec.startswith("utf") else 10) * n + 4, args, kwargs
    if name == "hex":
        return 3 * n, args, kwargs
    if name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str | bytes)), default=1)
        return n * max(longest, 1), args, kwargs
    if name in ("split", "rsplit", "splitlines"):
        sep = _arg(args, kwargs, 0, "sep") if name != "splitlines" else None
        limit = whole(_arg(args, kwargs, 1, "maxsplit", -1), -1) if name != "splitlines" else -1
        if n >= MAX_ITEMS and not 0 <= limit < MAX_ITEMS and _parts(owner, sep, name) > MAX_ITEMS:
            raise TooLarge  # a list of millions of small texts: counted first, never built
        return n, args, kwargs
    return None


def _parts(text: str | bytes | bytearray, sep: Any, name: str) -> int:
    """How many parts split/splitlines would make, counted without making them."""
    if isinstance(sep, str | bytes) and sep:
        return text.count(sep) + 1  # type: ignore[arg-type]
    pattern = (rb"\S+" if name != "splitlines" else rb"\n") if not isinstance(text, str) else \
        (r"\S+" if name != "splitlines" else r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
    return sum(1 for _ in re.finditer(pattern, text)) + 1


def lipsum_size(args: tuple, kwargs: dict) -> int:
    n = whole(_arg(args, kwargs, 0, "n", 5), 5)
    most = whole(_arg(args, kwargs, 3, "max", 100), 100)
    if n > MAX_ITEMS or most > MAX_ITEMS:
        raise TooLarge
    return max(n, 0) * (max(most, 1) * 16 + 16)  # words of up to 14 letters, a paragraph's markup


# Filters that build: a function (value, *args, **kwargs) -> the size of their result, checked
# before the filter runs (it may also change the arguments: an iterable to join taken as a list).
def _center(value: Any, width: Any = 80) -> int:
    return max(text_size(value), whole(width, 80))


def _indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> int:
    text = str(s) if isinstance(s, str) else ""
    prefix = len(width) if isinstance(width, str) else max(whole(width, 4), 0)
    lines = text.count("\n") + text.count("\r") + 2
    return text_size(s) + lines * prefix


def _wordwrap(s: Any, width: Any = 79, break_long_words: bool = True, wrapstring: Any = None,
              break_on_hyphens: bool = True) -> int:
    n = text_size(s)
    # textwrap fills a line up to `width` unless the next word does not fit: at most two lines
    # per `width` characters, plus the lines the text already had.
    lines = 2 * n // max(whole(width, 79), 1) + (str(s).count("\n") if isinstance(s, str) else 0) + 2
    return n + lines * len(wrapstring if isinstance(wrapstring, str) else "\n")


def _format(value: Any, *args: Any, **kwargs: Any) -> int:
    template = str(value) if isinstance(value, str) else ""
    return printf_size(template, kwargs or args, isinstance(value, Markup))


def _replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> int:
    text = str(s) if isinstance(s, str) else ""
    old, new = str(old), str(new)
    times = text.count(old) if old else len(text) + 1
    times = min(times, whole(count)) if count is not None else times
    grown = escaped_len(new) if eval_ctx.autoescape else len(new)
    return text_size(s, eval_ctx.autoescape) + times * max(0, grown - len(old))


def _depth(value: Any, depth: int = 0) -> int:
    if not isinstance(value, list | tuple | dict) or depth > MAX_DEPTH:
        return depth
    return max((_depth(v, depth + 1) for v in (value.values() if isinstance(value, dict) else value)),
               default=depth + 1)


def _tojson(eval_ctx: Any, value: Any, indent: Any = None) -> int:
    sizer = Sizer(True)
    body = sizer.text(value) * 6  # \uXXXX for a character outside ASCII, HTML-safe escapes
    spaces = len(indent) if isinstance(indent, str) else max(whole(indent), 0)
    return body + sizer.items(value) * (spaces * _depth(value) + 2)


def _pprint(value: Any) -> int:
    sizer = Sizer()
    return 2 * sizer.text(value) + sizer.items(value) * 4


def _urlencode(value: Any) -> int:
    return 12 * text_size(value) + 16


def _urlize(value: Any, trim_url_limit: Any = None, nofollow: bool = False, target: Any = None,
            rel: Any = None, extra_schemes: Any = None) -> int:
    n = text_size(value)
    extra = 64 + len(str(target or "")) + len(str(rel or ""))
    return 3 * n + (n // 2 + 1) * extra


def _batch(value: Any, linecount: Any, fill_with: Any = None) -> int:
    if whole(linecount) > MAX_ITEMS:
        raise TooLarge
    return 0


def _slice(value: Any, slices: Any, fill_with: Any = None) -> int:
    if whole(slices) > MAX_ITEMS:
        raise TooLarge
    return 0


_FILTER_SIZES = {
    "center": _center, "indent": _indent, "wordwrap": _wordwrap, "format": _format, "replace": _replace,
    "tojson": _tojson, "pprint": _pprint, "urlencode": _urlencode, "urlize": _urlize, "batch": _batch,
    "slice": _slice,
    "string": lambda value: text_size(value), "escape": lambda value: text_size(value, True),
    "e": lambda value: text_size(value, True), "forceescape": lambda value: escaped_len(str(value))
    if isinstance(value, str) else text_size(value, True),
    "upper": lambda value: 3 * text_size(value), "title": lambda value: 3 * text_size(value),
    "capitalize": lambda value: 3 * text_size(value), "xmlattr": lambda eval_ctx, d, autospace=True:
    2 * text_size(d, True) + Sizer().items(d) * 8,
}


def bounded_filter(name: str, function: Any) -> Any:
    """`function` (a filter) that says the size of what it makes before making it."""
    size = _FILTER_SIZES.get(name)
    pass_arg = getattr(function, "jinja_pass_arg", None)
    lists = name in ("join", "sum", "list", "unique", "sort", "reverse", "dictsort", "groupby")

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        own = 1 if pass_arg is not None else 0  # context, eval context or environment first
        if lists and len(args) > own and not isinstance(args[own], str | Mapping):
            args = (*args[:own], listed(args[own]), *args[own + 1:])
        if size is not None:
            fits(size(*args, **kwargs) if name in ("replace", "tojson", "xmlattr") else
                  size(*args[own:], **kwargs))
        elif name == "join":
            items = args[own]
            sep = _arg(args[own + 1:], kwargs, 0, "d", "")
            sizer = Sizer(bool(own) and args[0].autoescape)
            fits(sum(sizer.text(item) for item in items) + text_size(sep, True) * max(len(items) - 1, 0))
        elif name == "sum":
            start = _arg(args[own + 1:], kwargs, 1, "start", 0)
            if isinstance(start, list | tuple | str):
                grown = count(start) + sum(count(item) for item in args[own])
                if grown > MAX_ITEMS:
                    raise TooLarge
        return check(function(*args, **kwargs))

    return bounded
