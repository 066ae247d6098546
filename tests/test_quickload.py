"""The quick reading (issue 21: positions only where a diagnostic needs them) gives exactly what the
full reading gives, or declines: over every plan, companion and corpus file in the repository, the
corpus's replacements of the real plan, and generated texts."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PLAN_TEXT, ROOT
from kehoach.loader import decode, load_text
from kehoach.validate import check_plan

CASES = yaml.safe_load((ROOT / "tests" / "corpus" / "cases.yaml").read_text(encoding="utf-8"))
FILES = sorted([*ROOT.glob("plans/**/*.yaml"), *(ROOT / "tests" / "corpus").glob("*.yaml"),
                *(ROOT / "src" / "kehoach").glob("**/*.yaml")])


def _same(a, b) -> bool:
    """Equal, and of the same types all the way down (1 is not True, a date not a datetime)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _agree(text: str, booleans: bool = False) -> bool:
    """The quick reading of `text` agrees with the full one; True when it did not decline."""
    full = load_text(text, "f.yaml", booleans=booleans)
    quick = load_text(text, "f.yaml", booleans=booleans, positions=False)
    if quick.positions:  # declined: it is the full reading itself
        assert quick.diagnostics == full.diagnostics
        return False
    assert not full.diagnostics and not full.reported, full.diagnostics  # nothing it should have said
    assert _same(quick.data, full.data)
    assert quick.source.lines == full.source.lines
    return True


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_in_the_repository(path):
    text, _ = decode(path.read_bytes(), str(path))
    if text is not None:
        for booleans in (False, True):
            _agree(text, booleans)


def test_the_clean_plans_are_read_the_quick_way():
    for path in ROOT.glob("plans/**/*.yaml"):
        assert _agree(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("case", [c for c in CASES if "replace" in c], ids=lambda c: c["name"])
def test_every_corpus_replacement(case):
    old, new = case["replace"]
    _agree(PLAN_TEXT.replace(old, new))


@pytest.mark.parametrize("text", [
    "a: 0123\n", "a: 0x1F\n", "a: 1:30\n", "a: yes\n", "a: True\n", "a: 5_000_00\n", "a: 5_000_000\n",
    "a: 2024-02-30\n", "a: 2024-02-29\n", "a: 1.5\n", "a: .inf\n", "a: ~\n", "a: !!str 12\n",
    "a: !!binary aGk=\n", "a: !!set {x}\n", "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "? [x]\n: 1\n",
    "1: x\n", "null: x\n", "a: \"\\u0301\"\n", "a: \"x\\ty\"\n", "a: Vie\u0301t\n", "a: x\u200bx\n",
    "a: x\u202ex\n", "a: >-\n  hai\n  dòng\n", "a: |\n  hai\n  dòng\n", "- [1, 2]\n", "'x'\n", "",
    "---\n", "a: [\n", "<<: {a: 1}\n", "a: Ð¸µ¶\n", "a: ñï\n", "a: ñ\n", "b: ' '\n",
    "x: " + "[" * 120 + "]" * 120 + "\n",
])
def test_every_trap(text):
    for booleans in (False, True):
        _agree(text, booleans)


_settings = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=12), st.dates(min_value=datetime.date(1900, 1, 1)))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=3), max_leaves=12)


@_settings
@given(values, st.sampled_from([None, False, True]))
def test_generated_data(value, flow):
    _agree(yaml.safe_dump({"k": value}, allow_unicode=True, default_flow_style=flow))


@_settings
@given(st.text(max_size=200))
def test_generated_text(text):
    _agree(text.replace("\r", ""))


@_settings
@given(st.integers(0, len(PLAN_TEXT) - 1), st.text(max_size=8))
def test_the_real_plan_with_a_few_characters_changed(at, inserted):
    _agree(PLAN_TEXT[:at] + inserted + PLAN_TEXT[at + len(inserted):])


def test_a_plan_with_something_to_say_is_checked_the_full_way(tmp_path):
    broken = tmp_path / "2024.yaml"
    broken.write_text(PLAN_TEXT.replace("total: 13_000_000", "total: 13_000_001"), encoding="utf-8")
    quick, full = check_plan(broken, positions=False), check_plan(broken)
    assert quick.diagnostics == full.diagnostics and quick.positions
    clean = check_plan(ROOT / "plans" / "2024.yaml", positions=False)
    assert clean.diagnostics == [] and not clean.positions and clean.plan is not None


def test_a_rule_that_needs_a_span_on_quick_data_sends_the_file_the_full_way(tmp_path, monkeypatch):
    from kehoach import validate
    from kehoach.diagnostics import Severity
    from kehoach.rules.base import Rule

    def needs_a_span(plan, ctx):
        ctx.source.span(("year",)).line  # noqa: B018 - None on quick data: AttributeError
        return []

    rule = Rule("KH999", "needs-a-span", Severity.ERROR, needs_a_span)
    monkeypatch.setattr(validate, "RULES", (*validate.RULES, rule))
    result = validate.check_plan(Path(ROOT / "plans" / "2024.yaml"), positions=False)
    assert result.positions and result.diagnostics == []


def test_the_whole_text_checks_cover_every_character_the_builder_checks():
    from kehoach.sourcemap import _CONTROL, _HIDDEN, plain_text

    for code in [*range(0x10000), 0x1F600, 0xE0001, 0xE0100, 0x1FFFE]:
        ch = chr(code)
        if _CONTROL.match(ch) or _HIDDEN.match(ch) or "\u0300" <= ch <= "\u036f":
            assert not plain_text(f"a: Việt{ch}\n") and not plain_text(f"a: x{ch}\n"), hex(code)


def test_bold_words_stay_on_the_quick_path():
    """`**…**` (issue 24's emphasis) at a line's or a word's start is no alias: read the quick way;
    an anchor still sends the file the full way (its aliases checked before anything is built)."""
    assert _agree("a: >-\n  **Đậm** ở đầu dòng, **“bốn tại chỗ”**\nb: [x, '**y**']\nc: TKCN&PTDS\n")
    assert not _agree("a: &x [1, 2]\nb: *x\nc: '**đậm**'\n")
