"""Bold and italic inside a sentence, written as in Markdown: `**đậm**`, `*nghiêng*`, `***cả hai***`;
`\\*` is a plain asterisk. A leaf: text in, runs out (the renderer lays them out as Word character
styles, <strong>/<em>, Markdown), and the markers left open (rule KH522).

A marker opens only before a letter, a digit, a quote or a bracket, and closes only after a
character that is not a space, so "(*)" and "3 * 4" stay as written.
"""

from __future__ import annotations

from dataclasses import dataclass

_OPENS_BEFORE = "“\"'‘([«"


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


_MARKERS = ("***", "**", "*")  # longest first: "***" is bold and italic at once


def _tokens(text: str) -> list[tuple[str, int]]:
    """(a marker | "\\*" | a character, its index in `text`)."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("\\*", i):
            out.append(("\\*", i))
            i += 2
        elif marker := next((m for m in _MARKERS if text.startswith(m, i)), None):
            out.append((marker, i))
            i += len(marker)
        else:
            out.append((text[i], i))
            i += 1
    return out


def _pairs(text: str, tokens: list[tuple[str, int]]) -> tuple[set[int], list[int]]:
    """Token indexes of markers that pair up, and the text offsets of markers left open."""
    stack: list[int] = []
    paired: set[int] = set()
    for k, (token, at) in enumerate(tokens):
        if token not in _MARKERS:
            continue
        end = at + len(token)
        after = text[end:end + 1]
        before = text[at - 1:at] if at else ""
        if stack and tokens[stack[-1]][0] == token and before and not before.isspace():
            paired.update((stack.pop(), k))
        elif after and (after.isalnum() or after in _OPENS_BEFORE or after == "*"):
            stack.append(k)
    return paired, [tokens[k][1] for k in stack]


def runs(text: str) -> tuple[Run, ...] | None:
    """The runs of `text`, or None when it has no marker and no escape (printed as it is)."""
    if "*" not in text:
        return None
    tokens = _tokens(text)
    paired, _ = _pairs(text, tokens)
    if not paired and not any(token == "\\*" for token, _ in tokens):
        return None  # nothing formatted: as written, "(*)" and all
    out: list[Run] = []
    bold = italic = False
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            out.append(Run("".join(buffer), bold, italic))
            buffer.clear()

    for k, (token, _at) in enumerate(tokens):
        if k in paired:
            flush()
            bold = not bold if token in ("**", "***") else bold
            italic = not italic if token in ("*", "***") else italic
        else:
            buffer.append("*" if token == "\\*" else token)
    flush()
    return tuple(out)


def unclosed(text: str) -> list[int]:
    """Offsets in `text` of the markers opened and never closed (printed as plain asterisks)."""
    if "*" not in text:
        return []
    return _pairs(text, _tokens(text))[1]


def plain(text: str) -> str:
    """`text` without its markers, as a reader sees it."""
    found = runs(text)
    return text if found is None else "".join(run.text for run in found)


def markdown(found: tuple[Run, ...]) -> str:
    """The runs written back as Markdown (a plain asterisk escaped)."""
    out = []
    for run in found:
        text = run.text.replace("*", "\\*")
        stripped = text.strip()
        if not stripped or not (run.bold or run.italic):
            out.append(text)
            continue
        mark = "***" if run.bold and run.italic else "**" if run.bold else "*"
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        out.append(f"{lead}{mark}{stripped}{mark}{trail}")
    return "".join(out)
