"""The sandbox a user's templates run in: Jinja's immutable sandbox (no attribute tricks into
Python, no changing a list or a dict in place) with every way to build a value bounded before
the value exists, and the render as a whole bounded in steps, time and memory.

Before: every operator, filter, method, global, `~`, `{{ … }}`, list literal and buffer join
that can make a value longer than its inputs says how long the result will be, from its
arguments, before it runs (kehoach.render.bounds, kehoach.render.builders): `"x" * n`,
`"%*d" % (n, 1)`, `"{:>{w}}".format(…)`, `|center(n)`, `|replace` in a doubling loop, `|join`,
`lipsum(n)`, `.ljust(n)`, big integers through `*`, `**`, `+`, `[l, l]` nested in a loop.

As a whole: loops count their steps (MAX_STEPS), and kehoach.render.watchdog stops the render
when it runs past MAX_SECONDS or grows the process by more than MAX_MEMORY (a recursive macro
needs no loop, and a filter's own Python loop counts no step); no single step can outrun it for
long, since no step works on a value past the bounds. Template files are read by
kehoach.render.template_files (regular files, at most MAX_TEMPLATE_BYTES).
"""

from __future__ import annotations

import math
import time
import types
from collections.abc import Iterable, Iterator
from string import Formatter
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum, pass_eval_context
from markupsafe import Markup

from kehoach.render import bounds
from kehoach.render.bounds import (
    MAX_INT_BITS,
    MAX_ITEMS,
    MAX_STEPS,
    MAX_VALUE,
    BoundedFormat,
    BoundedFormatter,
    EscapeFormatter,
    Sizer,
    TooLarge,
    TooLong,
    check,
    count,
    fits,
    printf_size,
    text_size,
)
from kehoach.render.builders import bounded_filter, lipsum_size, method_size
from kehoach.render.watchdog import Watchdog


class _BoundedCodeGenerator(CodeGenerator):
    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:  # `a ~ b`: sized first
        if frame.eval_ctx.volatile:
            self.write("environment.joined(context.eval_ctx.autoescape, (")
        else:
            self.write(f"environment.joined({bool(frame.eval_ctx.autoescape)}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_For(self, node: nodes.For, frame: Any) -> None:  # every loop counts its steps
        if not isinstance(node.iter, nodes.Call) or node.iter.node != _COUNTED:
            node.iter = nodes.Call(_COUNTED, [node.iter], [], None, None, lineno=node.lineno)
        super().visit_For(node, frame)

    def visit_List(self, node: nodes.List, frame: Any) -> None:  # [a, a]: sized as printed
        self.write("environment.built(")
        super().visit_List(node, frame)
        self.write(")")

    def visit_Tuple(self, node: nodes.Tuple, frame: Any) -> None:
        if node.ctx != "load":  # `{% for a, b in … %}`, `{% set a, b = … %}`: names, not a value
            super().visit_Tuple(node, frame)
            return
        self.write("environment.built(")
        super().visit_Tuple(node, frame)
        self.write(")")

    def visit_Dict(self, node: nodes.Dict, frame: Any) -> None:
        self.write("environment.built(")
        super().visit_Dict(node, frame)
        self.write(")")


_COUNTED = nodes.EnvironmentAttribute("counted")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset(["*", "%", "**", "+", "-"])

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=self._printed, **options)
        self.filters = {name: bounded_filter(name, f) for name, f in self.filters.items()}
        self.steps = 0
        self.deadline: float | None = None

    # -- values

    @staticmethod
    def built(value: Any) -> Any:
        Sizer().items(value)
        return value

    @staticmethod
    def joined(autoescape: bool, parts: tuple) -> str:
        markup = autoescape and any(hasattr(p, "__html__") for p in parts)
        sizer = Sizer(markup)
        fits(sum(sizer.text(p) for p in parts))
        return markup_join(parts) if autoescape else str_join(parts)

    @staticmethod
    def concat(pieces: Iterable[str]) -> str:  # the buffer of a macro, a block, {% set %}…{% endset %}
        listed = pieces if isinstance(pieces, list) else list(pieces)
        fits(sum(map(len, listed)))
        return "".join(listed)

    @staticmethod
    @pass_eval_context
    def _printed(eval_ctx: Any, value: Any) -> Any:  # each {{ … }}, before str() or escape()
        text_size(value, eval_ctx.autoescape)
        return value

    def counted(self, iterable: Any) -> Iterator[Any]:
        for item in iterable:
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise TooLong
            yield item

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                limit = MAX_VALUE if isinstance(seq, str | bytes) else MAX_ITEMS
                if isinstance(times, int) and isinstance(seq, str | bytes | list | tuple) and \
                        count(seq) * max(times, 0) > limit:
                    raise TooLarge
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
                raise TooLarge
        elif operator == "%" and isinstance(left, str):
            printf_size(left, right, isinstance(left, Markup))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and left not in (0, 1, -1):
            if right > 0 and right * math.log2(abs(left)) > MAX_INT_BITS:
                raise TooLarge  # an integer of millions of digits, then printed
        elif operator == "+" and isinstance(left, str | bytes | list | tuple) and \
                isinstance(right, str | bytes | list | tuple):
            limit = MAX_VALUE if isinstance(left, str | bytes) else MAX_ITEMS
            if count(left) + count(right) > limit:
                raise TooLarge
        return check(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Every call a template makes: a builder says what it will make before it runs."""
        if __obj is generate_lorem_ipsum:
            fits(lipsum_size(args, kwargs))
        elif (sized := method_size(__obj, args, kwargs)) is not None:
            size, args, kwargs = sized
            fits(size)
        return check(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Any:
        """`"{:>{w}}".format(…)`, `format_map`: every field sized (its width read once the
        nested fields are filled in) before it is formatted."""
        if not isinstance(value, types.MethodType | types.BuiltinMethodType) or \
                value.__name__ not in ("format", "format_map") or not isinstance(value.__self__, str):
            return None
        owner: str = value.__self__
        is_map = value.__name__ == "format_map"

        def bounded_format(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            bound = BoundedFormat(isinstance(owner, Markup))
            bound.total = len(owner)
            formatter: Formatter = (EscapeFormatter(self, bound, escape=owner.escape)
                                    if isinstance(owner, Markup) else BoundedFormatter(self, bound))
            return check(type(owner)(formatter.vformat(owner, args, kwargs)))

        return bounded_format

    # -- the whole render

    def watched(self) -> Watchdog:
        """A watchdog over this environment's render: MAX_SECONDS from its first template on."""
        if self.deadline is None:
            self.deadline = time.monotonic() + bounds.MAX_SECONDS
        return Watchdog(self.deadline, bounds.MAX_MEMORY)
