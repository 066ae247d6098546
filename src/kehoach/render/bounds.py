"""How much a user's template may build, and how big a value will be before it exists.

The bounds (MAX_VALUE characters of one text, MAX_ITEMS items of one list, tuple or dict counted
as printed, MAX_INT_DIGITS digits of one integer, MAX_STEPS loop steps, MAX_SECONDS and
MAX_MEMORY for a render, MAX_TEMPLATE_BYTES for a template file), the exceptions that stop a
render, and the arithmetic of sizes: len(str(value)) of anything a template holds (a list holding
one list twice prints it twice), len(template % args), each field of str.format. Every function
here stops with TooLarge as soon as a size passes its bound, so working it out costs no more
than the bound, whatever the value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from itertools import islice
from typing import Any

from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace

from kehoach.render.watchdog import pressure

MAX_VALUE = 8 * 1024 * 1024  # characters of one text a template builds (the seed's whole document: 0.1 M)
MAX_ITEMS = 1_000_000  # items of one list, tuple or dict (nested ones counted as printed)
MAX_INT_DIGITS = 4300  # digits of one integer: Python itself prints no longer one
MAX_INT_BITS = math.ceil(MAX_INT_DIGITS * math.log2(10))
# Loop steps in one render: nested loops print nothing yet can run for hours (`range` alone is
# capped at 100 000 items, but loops multiply). The packaged templates take a few thousand.
MAX_STEPS = 2_000_000
MAX_SECONDS = 10.0  # one render of one document, every part; the seed's takes 0.1 s
MAX_MEMORY = 128 * 1024 * 1024  # bytes the process may grow by while a user's template renders
MAX_TEMPLATE_BYTES = 1024 * 1024  # one template file; the largest packaged one is 13 KB
MAX_DEPTH = 100  # nesting of lists a size is worked out for


class TooLarge(Exception):
    """A template would build a value past MAX_VALUE, MAX_ITEMS or MAX_INT_DIGITS."""


class TooLong(Exception):
    """A template's loops ran more than MAX_STEPS steps."""


class TemplateRefused(Exception):
    """A template file that is not a regular file, or larger than MAX_TEMPLATE_BYTES."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(name)
        self.name, self.why = name, why


# ---- sizes, worked out before a value exists ------------------------------------------------------

def escaped_len(text: str) -> int:
    """len(markupsafe.escape(text)): & < > ' " become entities of 4 or 5 characters."""
    return (len(text) + 4 * (text.count("&") + text.count("'") + text.count('"'))
            + 3 * (text.count("<") + text.count(">")))


def repr_len(text: str | bytes) -> int:
    """An upper bound of len(repr(text))."""
    if isinstance(text, str) and text.isprintable():
        return len(text) + text.count("\\") + text.count("'") + text.count('"') + 2
    return 10 * len(text) + 3  # \U0001xxxx at worst


def digits(value: int) -> int:
    return value.bit_length() * 30103 // 100000 + 2


_CONTAINERS = frozenset({list, tuple, dict, set, frozenset})


class Sizer:
    """Upper bounds of len(str(value)) and of a container's items, as printed (a list holding one
    list twice prints it twice). Stops with TooLarge as soon as a bound passes its limit, so the
    work is bounded by the limit, not by the value."""

    def __init__(self, escaped: bool = False) -> None:
        self.escaped = escaped
        self.texts: dict[int, int] = {}
        self.counts: dict[int, int] = {}

    def text(self, value: Any) -> int:
        """len(str(value)), escaped when autoescaping and the value is not markup."""
        if isinstance(value, str):
            n = len(value) if not self.escaped or hasattr(value, "__html__") else escaped_len(value)
        else:
            n = self._repr(value, 0) * (5 if self.escaped else 1)
        fits(n)
        return n

    def _repr(self, value: Any, depth: int) -> int:
        if isinstance(value, str | bytes | bytearray):
            return repr_len(value) if depth else len(value)
        if value is None or isinstance(value, bool):
            return 5
        if isinstance(value, int):
            return digits(value)
        if isinstance(value, float):
            return 32
        if isinstance(value, Namespace):
            value = value._Namespace__attrs  # type: ignore[attr-defined]  # as Namespace.__repr__
        if not isinstance(value, list | tuple | dict | set | frozenset):
            return 0  # a view of the plan, a macro, a loop: bounded by the plan, not by the template
        key = id(value)
        if key in self.texts:
            return self.texts[key]
        if depth > MAX_DEPTH:
            raise TooLarge
        total = 16
        pairs = value.items() if isinstance(value, dict) else ((item, None) for item in value)
        for first, second in pairs:
            total += self._repr(first, depth + 1) + 4
            total += self._repr(second, depth + 1) if second is not None else 0
            if total > MAX_VALUE:
                raise TooLarge
        self.texts[key] = total
        return total

    def items(self, value: Any, depth: int = 0) -> int:
        """Items of a container, every nested container counted as often as it is printed."""
        if not isinstance(value, list | tuple | dict | set | frozenset):
            return 1
        key = id(value)
        if key in self.counts:
            return self.counts[key]
        if depth > MAX_DEPTH:
            raise TooLarge
        items = value.values() if isinstance(value, dict) else value
        if len(value) > MAX_ITEMS:
            raise TooLarge
        if _CONTAINERS.isdisjoint(map(type, items)):  # flat (the usual case): counted at C speed
            self.counts[key] = len(value) + 1
            return len(value) + 1
        total = 1
        for item in items:
            nested = isinstance(item, list | tuple | dict | set | frozenset)
            total += self.items(item, depth + 1) if nested else 1
            if total > MAX_ITEMS:
                raise TooLarge
        self.counts[key] = total
        return total


def text_size(value: Any, escaped: bool = False) -> int:
    return Sizer(escaped).text(value)


def fits(size: int) -> None:
    """Refuse a value of `size` characters (or items) past MAX_VALUE; before a large one, ask the
    watchdog whether the render has room left (kehoach.render.watchdog.pressure)."""
    if size > MAX_VALUE:
        raise TooLarge
    pressure(size)


def check(value: Any) -> Any:
    """After a step whose result cannot outgrow its inputs by more than a small factor."""
    if isinstance(value, str | bytes | bytearray):
        fits(len(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise TooLarge
    elif isinstance(value, list | tuple | dict | set | frozenset):
        Sizer().items(value)
    return value


def count(value: Any) -> int:
    """Characters of a text, items of a container (as printed), for `+` and `*`."""
    if isinstance(value, str | bytes | bytearray):
        return len(value)
    if isinstance(value, list | tuple):
        return Sizer().items(value)
    return 0


def whole(value: Any, default: int = 0) -> int:
    """A count argument (width, n…) as the callee will read it; anything else is left to fail there."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    return default


def listed(iterable: Any) -> list:
    """An iterable as a list, stopped at MAX_ITEMS items rather than taken whole."""
    if isinstance(iterable, list | tuple):
        return list(iterable)
    taken = list(islice(iterable, MAX_ITEMS + 1))
    if len(taken) > MAX_ITEMS:
        raise TooLarge
    return taken


# printf-style formats: `%` and the `format` filter.
_PRINTF = re.compile(r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?"
                     r"[hlL]?(?P<type>.)", re.S)


def printf_size(template: str, args: Any, escaped: bool = False) -> int:
    """An upper bound of len(template % args), widths and precisions read from the format or,
    for `*`, from the arguments, before anything is formatted."""
    sizer = Sizer(escaped)
    values = list(args) if isinstance(args, tuple) else [args]
    mapping = args if isinstance(args, Mapping) else None
    at = 0
    total = len(template)

    def take() -> Any:
        nonlocal at
        at += 1
        return values[at - 1] if at - 1 < len(values) else None

    for m in _PRINTF.finditer(template):
        if m["type"] == "%":
            continue
        width = whole(take()) if m["width"] == "*" else int(m["width"] or 0)
        precision = (whole(take()) if m["precision"] == "*" else int(m["precision"])
                     if m["precision"] else None)
        if abs(width) > MAX_VALUE or (precision or 0) > MAX_VALUE:
            raise TooLarge
        value = mapping.get(m["key"]) if mapping is not None and m["key"] is not None else take()
        if m["type"] in "sra":
            base = sizer.text(value) if m["type"] == "s" else 10 * sizer.text(value) + 3
            base = min(base, precision) if precision is not None else base
        elif m["type"] in "diouxXc":
            base = (digits(value) * 4 if isinstance(value, int) else 32) + (precision or 0)
        else:  # e f g: a float's 309 digits at most, and its precision
            base = 330 + (precision or 0)
        total += max(abs(width), base)
        fits(total)
    return total


_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?"
                   r"(?P<type>[a-zA-Z%]?)", re.S)


class BoundedFormat:
    """What str.format adds up as it goes: each field's size checked before it is formatted."""

    def __init__(self, escaped: bool) -> None:
        self.sizer = Sizer(escaped)
        self.total = 0

    def field(self, value: Any, spec: str) -> None:
        m = _SPEC.fullmatch(spec)
        if m is None:  # a date's strftime spec, say: no longer than a few characters per letter
            size = self.sizer.text(value) + 16 * len(spec)
        else:
            width = int(m["width"] or 0)
            precision = int(m["precision"]) if m["precision"] else None
            if width > MAX_VALUE or (precision or 0) > MAX_VALUE:
                raise TooLarge
            if m["type"] in ("", "s") and not isinstance(value, int | float):
                base = self.sizer.text(value)
                base = min(base, precision) if precision is not None else base
            elif isinstance(value, int) and not isinstance(value, bool):
                base = digits(value) * 4 + (precision or 0)
            else:
                base = 330 + (precision or 0)
            size = max(width, base)
        self.total += size
        fits(self.total)


class _Bounded:
    """str.format's fields, sized before they are built (both formatters: plain and escaping)."""

    def __init__(self, env: Any, bound: BoundedFormat, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)  # type: ignore[call-arg]
        self.bound = bound

    def format_field(self, value: Any, format_spec: str) -> Any:
        self.bound.field(value, format_spec)
        return super().format_field(value, format_spec)  # type: ignore[misc]

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion in ("r", "a"):
            fits(10 * self.bound.sizer.text(value) + 3)
        return super().convert_field(value, conversion)  # type: ignore[misc]


class BoundedFormatter(_Bounded, SandboxedFormatter):
    pass


class EscapeFormatter(_Bounded, SandboxedEscapeFormatter):
    pass
