"""Issue 28, classes 6 and 7: a user's template is bounded in time and in every way it can build
a value. Each case is a whole `kehoach render` with the template as the user's; it must stop with
a Vietnamese message naming the template (exit 2, nothing written), and the refused builders
must stop before the value exists: without the bounds they take gigabytes or minutes."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.render import bounds, watchdog

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plans" / "2024.yaml"

# Every way to build a value past the bounds, each refused before it is built (class 7).
BUILDERS = {
    "center": "{{ 'x'|center(10**9) }}",
    "printf width from args": "{{ '%*d' % (10**9, 1) }}",
    "printf precision from args": "{{ '%.*f' % (10**9, 1.5) }}",
    "printf width": "{{ '%0999999999d' % 1 }}",
    "printf precision": "{{ '%.999999999s' % ('x' * 1000) }}",
    "format filter": "{{ '%*d'|format(10**9, 1) }}",
    "str.format nested width": "{{ '{:>{w}}'.format(1, w=10**9) }}",
    "str.format width": "{{ '{:>999999999}'.format(1) }}",
    "str.format precision": "{{ '{:.999999999f}'.format(1.5) }}",
    "format_map": "{{ '{a:>999999999}'.format_map({'a': 1}) }}",
    "str.format many fields": "{% set s = 'x' * 1000000 %}{{ ('{0}' * 100).format(s) }}",
    "replace filter doubling": "{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
                               "{% set ns.s = ns.s|replace('a', 'aa') %}{% endfor %}{{ ns.s|length }}",
    "replace method doubling": "{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
                               "{% set ns.s = ns.s.replace('a', 'aa') %}{% endfor %}{{ ns.s|length }}",
    "replace empty": "{{ ('x' * 1000)|replace('', 'y' * 100000) }}",
    "~ doubling": "{% set ns = namespace(s='x') %}{% for i in range(34) %}{% set ns.s = ns.s ~ ns.s %}"
                  "{% endfor %}{{ ns.s|length }}",
    "~ of two large": "{{ ('x' * 8000000) ~ ('x' * 8000000) }}",
    "repeat": "{{ 'x' * 10**10 }}",
    "list repeat": "{{ [1] * 999999999 }}",
    "nested lists doubling": "{% set ns = namespace(l=[1]) %}{% for i in range(100) %}"
                             "{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l }}",
    "nested dicts doubling": "{% set ns = namespace(d={}) %}{% for i in range(60) %}"
                             "{% set ns.d = {'a': ns.d, 'b': ns.d} %}{% endfor %}{{ ns.d == ns.d }}",
    "list concat doubling": "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}"
                            "{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l|length }}",
    "power": "{{ 10 ** 100000000 }}",
    "power of a big base": "{{ (10 ** 4000) ** 4000 }}",
    "squaring": "{% set ns = namespace(x=3) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}"
                "{% endfor %}{{ ns.x % 10 }}",
    "indent": "{{ 'a\nb'|indent(10**9) }}",
    "indent by a text": "{{ ('a\n' * 100000)|indent('x' * 1000, blank=true) }}",
    "wordwrap": "{{ ('ab ' * 100000)|wordwrap(1, wrapstring='x' * 100000) }}",
    "join filter": "{{ ([('x' * 1000000)] * 1000)|join }}",
    "join method": "{{ ''.join([('x' * 1000000)] * 1000) }}",
    "join of a generator": "{{ ([('x' * 100000)] * 100000)|map('string')|join }}",
    "sum of lists": "{{ ([[1] * 100000] * 100)|sum(start=[]) }}",
    "batch fill": "{{ 'ab'|batch(10**9, 'x')|list }}",
    "slice": "{{ 'ab'|slice(10**9)|list }}",
    "tojson indent": "{{ [1, [2, [3]]]|tojson(indent=10**9) }}",
    "urlencode": "{{ ('é' * 4000000)|urlencode }}",
    "lipsum": "{{ lipsum(n=3000000) }}",
    "lipsum of long paragraphs": "{{ lipsum(100000, max=100000) }}",
    "ljust": "{{ 'a'.ljust(10**9) }}",
    "rjust": "{{ 'a'.rjust(10**9) }}",
    "zfill": "{{ '1'.zfill(10**9) }}",
    "expandtabs": "{{ ('\t' * 1000).expandtabs(10**9) }}",
    "translate": "{{ ('x' * 100).translate({120: 'y' * 1000000}) }}",
    "encode": "{{ ('\u0101' * 8000000).encode('unicode_escape')|length }}",
    "to_bytes": "{{ (1).to_bytes(10**9, 'big') }}",
    "split into many": "{{ ('a ' * 4000000).split()|length }}",
    "printing a list of large texts": "{% set s = 'x' * 1000000 %}{{ [s, s, s, s, s, s, s, s, s, s] }}",
    "set block": "{% set x %}{% for i in range(2000) %}{% for j in range(1000) %}0123456789{% endfor %}"
                 "{% endfor %}{% endset %}{{ x|length }}",
    "macro output": "{% macro m() %}{% for i in range(1000) %}{% for j in range(1000) %}0123456789"
                    "{% endfor %}{% endfor %}{% endmacro %}{{ m()|length }}",
}

# Work without end and without building anything large (class 6): only time can stop it.
SLOW = {
    "recursive macro": "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}"
                       "{{ f(60) }}",
    "caller doubling": "{% macro m() %}{{ caller() }}{{ caller() }}{% endmacro %}{% macro r(n) %}{% if n %}"
                       "{% call m() %}{{ r(n-1) }}{% endcall %}{% else %}x{% endif %}{% endmacro %}"
                       "{{ r(30)|length }}",
    "big-integer powers in a short loop": "{% for i in range(100000) %}{% for j in range(20) %}"
                                          "{{ (7 ** 4000) % 7 }}{% endfor %}{% endfor %}",
    "replace on a large text in a loop": "{% set big = 'a' * 8000000 %}{% for i in range(100000) %}"
                                         "{{ big|replace('a', 'b')|length }}{% endfor %}",
    "striptags on many tags": "{% for i in range(1000) %}{{ ('<a>' * 2000000)|striptags|length }}"
                              "{% endfor %}",
    "sorting again and again": "{% set l = range(100000)|list|reverse|list %}{% for i in range(100000) %}"
                               "{{ l|sort|first }}{% endfor %}",
}


class _Runner(CliRunner):
    def invoke(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = super().invoke(*args, **kwargs)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return result


def _render(tmp_path: Path, body: str, fmt: str = "md"):
    folder = tmp_path / "mau"
    name = {"md": "md/kehoach.md", "html": "html/kehoach.html", "docx": "docx/word/document.xml"}[fmt]
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    out = tmp_path / f"x.{fmt}"
    command = ["render", str(PLAN), "-f", fmt, "--templates", str(folder), "-o", str(out)]
    return _Runner().invoke(app, command), out, name


@pytest.mark.parametrize("case", BUILDERS, ids=list(BUILDERS))
def test_every_builder_is_refused_before_the_value_exists(tmp_path, monkeypatch, case):
    """Refused by size, not by the watchdog: its time and memory allowances are set out of reach,
    so a loaded machine cannot turn a refusal into a timeout."""
    monkeypatch.setattr(bounds, "MAX_MEMORY", 1 << 40)
    monkeypatch.setattr(bounds, "MAX_SECONDS", 1e6)
    result, out, name = _render(tmp_path, BUILDERS[case])
    assert result.exit_code == 2, result.output
    assert "giá trị quá lớn" in result.output or "lặp hơn" in result.output, result.output
    assert name in result.output and "lỗi không mong đợi" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_escaping_templates_are_bounded_too(tmp_path, monkeypatch, fmt):
    """Autoescaped (HTML, XML) templates: escaping grows a text; `~`, `%` and format count it."""
    monkeypatch.setattr(bounds, "MAX_MEMORY", 1 << 40)
    monkeypatch.setattr(bounds, "MAX_SECONDS", 1e6)
    for body in ("{{ ('<' * 3000000) ~ ('&' * 1) }}", "{{ '%s%s' % ('\"' * 2000000, '<') }}",
                 "{{ '{}'.format('&' * 2000000) ~ '<b>'|safe }}"):
        result, out, _ = _render(tmp_path, body, fmt)
        assert result.exit_code == 2 and "giá trị quá lớn" in result.output, (body, result.output)
        assert not out.exists()


@pytest.mark.parametrize("case", SLOW, ids=list(SLOW))
def test_a_render_is_bounded_in_time(tmp_path, monkeypatch, case):
    """The watchdog stops it at the (here shortened) time bound, with the template named; the
    message and exit code do not depend on how fast the machine is."""
    monkeypatch.setattr(bounds, "MAX_SECONDS", 1.0)
    result, out, name = _render(tmp_path, SLOW[case])
    assert result.exit_code == 2, result.output
    assert "chạy quá 1 giây" in result.output and name in result.output, result.output
    assert not out.exists()


def test_memory_of_a_render_is_bounded(tmp_path, monkeypatch):
    """Many values, each within bounds, kept in a list: stopped at the memory allowance."""
    monkeypatch.setattr(bounds, "MAX_MEMORY", 64 * 1024 * 1024)
    result, out, name = _render(tmp_path, "{% set ns = namespace(l=[]) %}{% for i in range(1000) %}"
                                "{% set ns.l = ns.l + [('x' * 4000000) ~ i] %}{% endfor %}{{ ns.l|length }}")
    assert result.exit_code == 2, result.output
    assert "bộ nhớ" in result.output and name in result.output
    assert not out.exists()


def test_good_templates_are_untouched(tmp_path):
    """The packaged templates, run as a user's (sandboxed, bounded), give the same bytes."""
    user = tmp_path / "mau"
    shutil.copytree(ROOT / "templates", user)
    for fmt in ("docx", "html", "md"):
        plain, own = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        assert _Runner().invoke(app, ["render", str(PLAN), "-f", fmt, "-o", str(plain)]).exit_code == 0
        command = ["render", str(PLAN), "-f", fmt, "--templates", str(user), "-o", str(own)]
        result = _Runner().invoke(app, command)
        assert result.exit_code == 0, result.output
        assert own.read_bytes() == plain.read_bytes(), fmt


def test_the_watchdog_never_outlives_its_render(tmp_path, monkeypatch):
    """A render that ends just as its time runs out: no exception lands later, elsewhere."""
    import threading
    import time

    monkeypatch.setattr(bounds, "MAX_SECONDS", 0.05)
    for _ in range(20):
        _render(tmp_path, "{% for i in range(100000) %}{% endfor %}")
        time.sleep(0.3)  # a stray TooSlow would be raised in this sleep
    assert not [t for t in threading.enumerate() if t.name == "kehoach-template-watchdog"]


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_a_template_file_is_read_as_a_plan_file_is(tmp_path, kind):
    folder = tmp_path / "mau" / "md"
    folder.mkdir(parents=True)
    target = folder / "kehoach.md"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target.symlink_to("/dev/zero")
    else:
        with target.open("wb") as handle:
            handle.truncate(50 * 1024 * 1024)  # sparse: no disk used
    out = tmp_path / "x.md"
    result = _Runner().invoke(app, ["render", str(PLAN), "-f", "md", "--templates", str(tmp_path / "mau"),
                                    "-o", str(out)])
    assert result.exit_code == 2 and "kehoach.md" in result.output, result.output
    assert "không phải tệp thường" in result.output or "lớn hơn" in result.output
    assert not out.exists()


# ---- peak memory of the whole command, in a process of its own --------------------------------------

HEAVY = ["~ of two large", "encode", "urlencode", "split into many", "set block", "macro output",
         "printing a list of large texts", "join of a generator", "str.format many fields"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="SKIPPED LOUDLY: no /proc (VmHWM)")
@pytest.mark.parametrize("case", [*HEAVY, "retained"], ids=[*HEAVY, "retained"])
def test_peak_memory_of_a_template_render_stays_under_300_mb(tmp_path, case):
    body = BUILDERS.get(case) or ("{% set ns = namespace(l=[]) %}{% for i in range(1000) %}"
                                  "{% set ns.l = ns.l + [('x' * 8000000) ~ i] %}{% endfor %}"
                                  "{{ ns.l|length }}")
    folder = tmp_path / "mau" / "md"
    folder.mkdir(parents=True)
    (folder / "kehoach.md").write_text(body, encoding="utf-8")
    # The peak of the command's own memory (VmHWM, kept per address space, written as it exits):
    # ru_maxrss would also count the pages of this pytest process the child shared before exec.
    peak_file = tmp_path / "peak"
    code = ("import atexit, re\n"
            "def peak():\n"
            "    status = open('/proc/self/status').read()\n"
            f"    open({str(peak_file)!r}, 'w').write(re.search(r'VmHWM:\\s*(\\d+)', status)[1])\n"
            "atexit.register(peak)\n"
            "from kehoach.cli import main\n"
            "main()\n")
    command = [sys.executable, "-c", code, "render", str(PLAN), "-f", "md",
               "--templates", str(tmp_path / "mau"), "-o", str(tmp_path / "x.md")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 2, done.stderr
    assert "lỗi không mong đợi" not in done.stderr
    peak = int(peak_file.read_text()) * 1024
    assert peak < 300 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"


def test_an_exception_landing_in_a_finaliser_is_not_printed(monkeypatch):
    """The watchdog's exception may land where Python cannot raise it (a weakref callback, a
    __del__): it is dropped there, never printed as "Exception ignored … Traceback", and the
    watchdog raises it again."""
    import sys
    import time
    import weakref

    class Item:
        pass

    printed: list[BaseException] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: printed.append(u.exc_value))
    for _ in range(20):
        with pytest.raises(watchdog.TooSlow), watchdog.Watchdog(time.monotonic() + 0.02, 1 << 40):
            while True:  # finalisers and weakref callbacks run most of the time here
                keep = weakref.WeakSet([Item() for _ in range(200)])
                del keep
    assert not [e for e in printed if isinstance(e, watchdog.TooSlow)]


def test_the_watchdog_raises_only_in_its_own_thread():
    """Leaving a watched block takes back an exception not yet raised; nested blocks restore."""
    import time

    with pytest.raises(watchdog.TooSlow), watchdog.Watchdog(time.monotonic() + 0.05, 1 << 40):
        while True:
            pass
    with watchdog.Watchdog(time.monotonic() + 60, 1 << 40) as outer:
        with watchdog.Watchdog(time.monotonic() + 60, 1 << 40):
            pass
        assert watchdog._active.watchdog is outer


def test_a_watchdog_whose_exit_never_ran_ends_with_the_frame_that_entered_it():
    """An exception can land on the very first step of __exit__, before it stops the watchdog
    (seen once in a full run at load 8: TooSlow then hit later tests and pytest's own teardown).
    The watchdog must then end once the frame that entered the block has returned, instead of
    raising into whatever the thread runs next. Here __exit__ is skipped altogether, in a thread
    of the test's own (never pytest's); the bound on the waits is reached only by a watchdog that
    never ends."""
    import threading
    import time

    made: list[watchdog.Watchdog] = []
    left, finished = threading.Event(), threading.Event()

    def entered_and_left() -> None:
        dog = watchdog.Watchdog(time.monotonic() - 1, 1 << 40)
        made.append(dog)
        try:
            dog.__enter__()
            while True:
                pass
        except watchdog.TooSlow:
            return  # out of the block without __exit__

    def watched() -> None:
        with contextlib.suppress(watchdog.TooSlow):  # a second one, while still in the frame
            entered_and_left()
        left.set()
        while not finished.is_set():
            with contextlib.suppress(watchdog.TooSlow):  # one raised just as the frame returned
                finished.wait(0.01)

    thread = threading.Thread(target=watched, daemon=True)
    thread.start()
    assert left.wait(120)
    made[0].thread.join(120)
    still_raising = made[0].thread.is_alive()
    finished.set()
    thread.join(120)
    assert not still_raising, "the watchdog goes on raising after the block was left"
