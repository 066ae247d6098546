"""The sandbox a user's templates run in: Jinja's own (no attribute tricks into Python), with a
bound on the size of every value a template can build, not only on what it prints.

render_template counts the output as it streams, but one expression (`"x" * 10**10`,
`"%0999999999d" % 1`, a string doubled by `~` in a loop) can build gigabytes before a single
character is printed. Every operator that can make a long value is checked here: before it runs
where the size is known in advance (`*`, `%`, `**`), right after where it is not (`~`), so no
value grows past about twice the bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment

MAX_VALUE = 64 * 1024 * 1024  # characters (or items) of one value; as render.env.MAX_OUTPUT
# Loop steps in one render: nested loops print nothing yet can run for hours (`range` alone is
# capped at 100 000 items, but loops multiply). The packaged templates take a few thousand.
MAX_STEPS = 2_000_000
_WIDTH = re.compile(r"%[-+ #0]*(\d+)|\{[^{}]*?:[^{}]*?(\d+)[^{}]*\}")


class TooLarge(Exception):
    """A template built a value longer than MAX_VALUE."""


class TooLong(Exception):
    """A template's loops ran more than MAX_STEPS steps."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _check(value: Any) -> Any:
    if _size(value) > MAX_VALUE:
        raise TooLarge
    return value


class _BoundedCodeGenerator(CodeGenerator):
    def visit_Concat(self, node: Any, frame: Any) -> None:  # `a ~ b`: checked once it is built
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_For(self, node: nodes.For, frame: Any) -> None:  # every loop counts its steps
        if not isinstance(node.iter, nodes.Call) or node.iter.node != _COUNTED:
            node.iter = nodes.Call(_COUNTED, [node.iter], [], None, None, lineno=node.lineno)
        super().visit_For(node, frame)


_COUNTED = nodes.EnvironmentAttribute("counted")


class BoundedSandbox(SandboxedEnvironment):
    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset(["*", "%", "**", "+"])

    steps = 0

    @staticmethod
    def bounded(value: Any) -> Any:
        return _check(value)

    def counted(self, iterable: Any) -> Iterator[Any]:
        for item in iterable:
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise TooLong
            yield item

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(times, int) and _size(seq) * max(times, 0) > MAX_VALUE:
                    raise TooLarge
        elif operator == "%" and isinstance(left, str):
            if any(int(a or b) > MAX_VALUE for a, b in _WIDTH.findall(left)):
                raise TooLarge
        elif operator == "**" and isinstance(right, int) and right > 4096 and left not in (0, 1, -1):
            raise TooLarge  # an integer of millions of digits, then printed
        return _check(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Any:
        """`"{:>999999999}".format(1)`: the widths of a format string are checked before it runs."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = getattr(value, "__self__", "")

        def bounded_format(*args: Any, **kwargs: Any) -> str:
            widths = _WIDTH.findall(template) if isinstance(template, str) else []
            if any(int(a or b) > MAX_VALUE for a, b in widths):
                raise TooLarge
            return _check(wrapped(*args, **kwargs))

        return bounded_format
