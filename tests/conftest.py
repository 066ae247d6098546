"""Shared fixtures and helpers for the whole suite.

Helpers (plain functions, importable as `from conftest import …` or used through the fixtures):
- `ROOT`, `PLAN_2024`: the repository root and plans/2024.yaml.
- `check_text(tmp_path, yaml_text, name="plan.yaml")`: write inline YAML, run `check_plan`.
- `mutate(tmp_path, old, new)`: copy plans/2024.yaml replacing `old` (which must occur exactly
  once) by `new`; returns the new file's path.
- `line_of(text, needle, nth=1)`: 1-based line of the nth occurrence of `needle` in `text`.
- `codes(checked)`: the diagnostic codes of a result, in order.
- `only(checked, code)`: the single diagnostic with `code` (fails if there are none or several).
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
    # click < 8.2 (what typer < 0.16 runs on, the lowest versions CI tests) folds stderr into
    # stdout unless told not to; click ≥ 8.2 keeps them apart and gives `output` as both. Make the
    # old test runner behave as the new one, so one suite runs on the lowest and newest versions.
    from click.testing import Result

    _runner_init = CliRunner.__init__

    def _separate_stderr(self, *args, mix_stderr: bool = False, **kwargs) -> None:  # type: ignore[no-untyped-def]
        _runner_init(self, *args, mix_stderr=mix_stderr, **kwargs)

    CliRunner.__init__ = _separate_stderr  # type: ignore[method-assign]
    Result.output = property(  # type: ignore[assignment, method-assign]
        lambda self: self.stdout + (self.stderr if self.stderr_bytes is not None else ""))

# The suite never reads or fills the user's cache of results (kehoach.cache): each test gets what a
# first run gets; tests/test_cache.py turns it on in a folder of its own. (The templates' cache,
# KEHOACH_NO_CACHE, is the render tests' to set.)
os.environ["KEHOACH_NO_RESULTS_CACHE"] = "1"

from kehoach.diagnostics import Diagnostic
from kehoach.validate import Checked, check_plan

ROOT = Path(__file__).resolve().parents[1]
PLAN_2024 = ROOT / "plans" / "2024.yaml"
PLAN_TEXT = PLAN_2024.read_text(encoding="utf-8")


def write_text(tmp_path: Path, text: str | bytes, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def check_text(tmp_path: Path, yaml_text: str | bytes, name: str = "plan.yaml") -> Checked:
    """Write `yaml_text` (str or raw bytes) to tmp_path/name and check it."""
    return check_plan(write_text(tmp_path, yaml_text, name))


def mutated_text(old: str, new: str) -> str:
    count = PLAN_TEXT.count(old)
    assert count == 1, f"{old!r} occurs {count} times in plans/2024.yaml, expected exactly once"
    return PLAN_TEXT.replace(old, new)


def mutate(tmp_path: Path, old: str, new: str, name: str = "2024.yaml") -> Path:
    """A copy of plans/2024.yaml with the one occurrence of `old` replaced by `new`."""
    return write_text(tmp_path, mutated_text(old, new), name)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line on which the nth occurrence of `needle` starts."""
    start = -1
    for _ in range(nth):
        start = text.find(needle, start + 1)
        assert start >= 0, f"{needle!r} not found {nth} time(s)"
    return text.count("\n", 0, start) + 1


def column_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based column at which the nth occurrence of `needle` starts."""
    start = -1
    for _ in range(nth):
        start = text.find(needle, start + 1)
        assert start >= 0, f"{needle!r} not found {nth} time(s)"
    return start - (text.rfind("\n", 0, start) + 1) + 1


def codes(checked: Checked) -> list[str]:
    return [d.code for d in checked.diagnostics]


def only(checked: Checked, code: str) -> Diagnostic:
    found = [d for d in checked.diagnostics if d.code == code]
    assert len(found) == 1, f"expected one {code}, got {[(d.code, d.message) for d in checked.diagnostics]}"
    return found[0]


def where(d: Diagnostic) -> tuple[str, int, int]:
    return d.code, d.line, d.column


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def plan_path() -> Path:
    return PLAN_2024


@pytest.fixture
def plan_text() -> str:
    return PLAN_TEXT


# A small plan that validates clean; rule tests change one thing in it.
MINI_PLAN = """\
kehoach: 1
document:
  issuer: Ủy ban nhân dân xã An Dương
  issuer_code: UBND
  place: An Dương
  date: 2024-03-29
  summary: Kế hoạch thử
year: 2024
programme: giam-ngheo-2021-2025
units:
  vhxh: Công chức Văn hóa - Xã hội
  tckt: Công chức Tài chính - Kế toán
purpose:
  goals: [Mục đích]
  requirements: [Yêu cầu]
activities:
  - project: DA6
    children:
      - project: DA6.TDA1
        id: thong-tin
        lead: vhxh
        deadline: Q4/2024
        text: [Hỗ trợ thông tin]
      - project: DA6.TDA2
        deadline: Q4/2024
        items:
          - id: viet-bai
            text: Viết bài
            lead: vhxh
            partners: [tckt]
budget:
  total: 7_000_000
  total_in_words: Bảy triệu đồng
  lines:
    DA6.TDA1: 5_000_000
    DA6.TDA2: 2_000_000
organization:
  vhxh: [Triển khai kế hoạch]
recipients: [Các thôn]
archive: [VT, VHXH]
signer:
  authority: TM
  title: Chủ tịch
  name: Nguyễn Tuấn Anh
"""


def mini(old: str = "", new: str = "") -> str:
    """MINI_PLAN with the one occurrence of `old` replaced by `new`."""
    if not old:
        return MINI_PLAN
    count = MINI_PLAN.count(old)
    assert count == 1, f"{old!r} occurs {count} times in MINI_PLAN"
    return MINI_PLAN.replace(old, new)


@pytest.fixture(scope="session")
def sign_env(tmp_path_factory):
    """The signing tests' shared world (tests/signenv.py): test PKI, local timestamp server, kehoach
    PDFs, images; built on first use, its server stopped at the end of the session."""
    from signenv import build

    env = build(tmp_path_factory.mktemp("sign"))
    yield env
    env.services.close()
