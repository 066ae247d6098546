"""Issue 11, class 1 (nothing lost) and class 8 (consoles and pipes), through the real CLI.

An output never lands on an input, through a symlink, on a device, a FIFO, a template in use or
another plan; a trailing slash means a folder; modes follow the old file or the umask; temp files
of a killed run are removed; SIGTERM cleans up like Ctrl-C; a set of files is staged before any
is replaced. Consoles of any encoding, a closed or full stdout and a broken pipe end cleanly.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach import output
from kehoach.cli import app
from kehoach.diagnostics import KehoachError
from kehoach.output import write_all, write_atomic

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plans" / "2024.yaml"
KEHOACH = [sys.executable, "-c", "from kehoach.cli import main; main()"]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "2024.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def test_schema_through_a_symlink_to_a_plan_is_refused(plan, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(plan)
    result = run("schema", "-o", str(link))
    assert result.exit_code == 2
    assert "liên kết" in result.output
    assert plan.read_bytes() == PLAN.read_bytes()
    assert link.is_symlink()


def test_symlink_to_any_file_is_not_replaced(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("giữ nguyên")
    link = tmp_path / "out.md"
    link.symlink_to(other)
    with pytest.raises(KehoachError):
        write_atomic(link, b"x")
    assert link.is_symlink() and other.read_text() == "giữ nguyên"


def test_character_device_is_never_replaced():
    before = os.stat("/dev/null")
    result = run("schema", "-o", "/dev/null")
    assert result.exit_code == 2
    assert "tệp đặc biệt" in result.output
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_fifo_is_refused_promptly(plan, tmp_path):
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = run("render", str(plan), "-f", "md", "-o", str(fifo))
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_template_in_use_is_not_written(plan, tmp_path):
    templates = tmp_path / "mau"
    (templates / "md").mkdir(parents=True)
    own = templates / "md" / "plan.md.j2"
    own.write_text("{{ doc.summary }}\n", encoding="utf-8")
    result = run("render", str(plan), "-f", "md", "--templates", str(templates), "-o", str(own))
    assert result.exit_code == 2
    assert "thư mục đầu vào" in result.output
    assert own.read_text(encoding="utf-8") == "{{ doc.summary }}\n"


def test_kehoachs_own_templates_and_catalogues_are_never_written(plan):
    """The packaged templates are read by every render: an output there would change every
    document after it. So are the catalogues. Refused for every command that writes."""
    from kehoach.render.env import packaged_templates

    template = packaged_templates() / "md" / "kehoach.md"
    catalogue = next((Path(output.__file__).parent / "catalogues").glob("*.yaml"))
    before = template.read_bytes(), catalogue.read_bytes()
    for args in (["render", str(plan), "-f", "md", "-o", str(template)],
                 ["report", str(plan), "--draft", "-f", "md", "-o", str(template)],
                 ["tasks", str(plan), "-f", "csv", "-o", str(catalogue.with_suffix(".csv"))],
                 ["schema", "-o", str(catalogue.with_name("x.json"))]):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "thư mục của chính kehoach" in result.output, args
    assert (template.read_bytes(), catalogue.read_bytes()) == before
    assert not catalogue.with_suffix(".csv").exists() and not catalogue.with_name("x.json").exists()


def test_a_link_loop_on_the_way_to_an_output_is_said_in_vietnamese(plan, tmp_path):
    (tmp_path / "vong-a").symlink_to("vong-b")
    (tmp_path / "vong-b").symlink_to("vong-a")
    for args in (["render", str(plan), "-f", "md", "-o", str(tmp_path / "vong-a" / "x.md")],
                 ["render", str(plan), "-f", "all", "-o", f"{tmp_path / 'vong-a'}/"],
                 ["tasks", str(plan), "-f", "csv", "-o", str(tmp_path / "vong-a" / "x.csv")],
                 ["new", str(plan), "--year", "2025", "-o", str(tmp_path / "vong-a" / "2025.yaml")]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "liên kết tượng trưng vòng quanh" in result.output and "không mong đợi" not in result.output
    listed = run("summary", str(tmp_path / "vong-a"), "-f", "json")
    assert listed.exit_code == 2 and "không mong đợi" not in listed.output  # unreadable, as validate says
    assert "vòng quanh" in listed.output


def test_another_plan_is_not_written(plan, tmp_path):
    other = tmp_path / "2025.yaml"
    other.write_text("kehoach: 1\n", encoding="utf-8")
    result = run("render", str(plan), "-f", "md", "-o", str(other))
    assert result.exit_code == 2
    assert other.read_text(encoding="utf-8") == "kehoach: 1\n"


def test_trailing_slash_means_a_folder(plan, tmp_path):
    folder = tmp_path / "ra"
    result = run("render", str(plan), "-f", "md", "-o", f"{folder}/")
    assert result.exit_code == 0, result.output
    assert (folder / "2024.md").is_file()
    result = run("schema", "-o", f"{folder}/")
    assert result.exit_code == 0
    assert (folder / "kehoach.schema.json").is_file()
    # every command that writes a file: a new folder, never a file named like the folder
    result = run("tasks", str(plan), "-f", "json", "-o", f"{tmp_path}/nv/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "nv" / "2024-nhiem-vu.json").is_file()
    result = run("summary", str(plan), "-f", "csv", "--as-of", "2024-12-31", "-o", f"{tmp_path}/th/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "th" / "tong-hop.csv").is_file()


def test_existing_output_keeps_its_mode_and_new_one_honours_umask(tmp_path):
    kept = tmp_path / "kept.md"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    write_atomic(kept, b"new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_bytes() == b"new"
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "new.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o600
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "wide.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "wide.md").stat().st_mode) == 0o644


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temp_files_of_a_killed_run_are_removed_by_the_next(tmp_path):
    stale = tmp_path / f".out.md.{_dead_pid()}.abcd.tmp"
    stale.write_bytes(b"half")
    living = tmp_path / f".out.md.{os.getppid()}.efgh.tmp"  # a run still going: left alone
    living.write_bytes(b"busy")
    write_atomic(tmp_path / "out.md", b"x")
    assert not stale.exists()
    assert living.exists()


def test_a_set_is_staged_before_anything_is_replaced(tmp_path, monkeypatch):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_bytes(b"old a")
    b.write_bytes(b"old b")
    real_stage = output._stage

    def stage(path, data):
        if path == b:
            raise KehoachError("đĩa đã đầy")
        return real_stage(path, data)

    monkeypatch.setattr(output, "_stage", stage)
    with pytest.raises(KehoachError):
        write_all([(a, b"new a"), (b, b"new b")])
    assert a.read_bytes() == b"old a" and b.read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_a_rename_failing_half_way_says_what_was_written(tmp_path, monkeypatch):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith("b.md"):
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(KehoachError) as caught:
        write_all([(a, b"new a"), (b, b"new b")])
    message = caught.value.message
    assert "Đã ghi bản mới" in message and str(a) in message and "Chưa ghi" in message
    assert "Input/output" not in message and "lỗi đọc/ghi" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_sigterm_cleans_up_like_ctrl_c(plan, tmp_path):
    """A run stopped by SIGTERM between staging and renaming leaves the old file and no temp."""
    out = tmp_path / "out.md"
    out.write_text("cũ", encoding="utf-8")
    marker = tmp_path / "staged"
    script = (
        "import os, time\n"
        "from kehoach import output\n"
        "real = output.os.fsync\n"
        "def slow(fd):\n"
        "    real(fd)\n"
        f"    open({str(marker)!r}, 'w').close()\n"
        "    time.sleep(30)\n"
        "output.os.fsync = slow\n"
        "from kehoach.cli import main\n"
        "import sys\n"
        f"sys.argv = ['kehoach', 'render', {str(plan)!r}, '-f', 'md', '-o', {str(out)!r}]\n"
        "main()\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists()
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 143, err
    assert "đã dừng" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["2024.yaml", "out.md", "staged"])


# ---- class 8: consoles and pipes ---------------------------------------------------------------

COMMANDS = [["validate", "{plan}"], ["tasks", "{plan}"], ["progress", "{plan}", "--as-of", "2024-06-01"],
            ["render", "{plan}", "-f", "md", "-o", "{out}"]]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1258"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:3]))
def test_any_console_encoding(plan, tmp_path, encoding, command):
    args = [a.format(plan=plan, out=tmp_path / "o.md") for a in command]
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "100"}
    done = subprocess.run([*KEHOACH, *args], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    # What is printed is valid in the console's encoding (click takes an "ascii" console for a
    # misconfigured UTF-8 one and writes UTF-8 there, by design).
    text = done.stdout.decode("utf-8" if encoding == "ascii" else encoding)
    assert text.strip()
    if encoding == "cp1258":  # the code page shows Vietnamese: nothing lost to "?"
        assert "?" not in text


def test_c_locale(plan):
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run([*KEHOACH, "tasks", str(plan)], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0 and b"Traceback" not in done.stderr


@pytest.mark.parametrize("command", [["validate", "{plan}"], ["tasks", "{plan}"], ["rules"]])
def test_stdout_full_or_closed_is_a_clean_error(plan, command):
    args = [a.format(plan=plan) for a in command]
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*KEHOACH, *args], stdout=full, stderr=subprocess.PIPE, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "không ghi được ra đầu ra chuẩn" in err and "không mong đợi" not in err
    closed = subprocess.run([*KEHOACH, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            timeout=120, preexec_fn=lambda: os.close(1))
    assert closed.returncode == 2, closed.stderr.decode()
    assert "đầu ra chuẩn" in closed.stderr.decode()


def test_render_never_reports_failure_after_writing(plan, tmp_path):
    out = tmp_path / "o.md"
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*KEHOACH, "render", str(plan), "-f", "md", "-o", str(out)],
                              stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert out.is_file() and done.stderr == b""


@pytest.mark.parametrize("args", [["rules"], ["tasks", "{plan}"],
                                  ["progress", "{plan}", "--as-of", "2024-12-31"]])
def test_broken_pipe_ends_quietly(plan, args):
    """As `kehoach tasks plans/2024.yaml | head -1`: no message, and 141 as a shell reports SIGPIPE,
    never 1 (which says the plan has problems).

    The pipe holds one page (4,096 bytes) and every command here prints more than that and 10
    bytes. The reader takes at most 10 bytes with one unbuffered read(2) and closes: the rest of
    the output cannot fit, so the command is still writing at the close, and gets EPIPE whatever
    the load. (It was flaky with a buffered read(10), which took the whole page: a command
    printing less than two pages, progress's 5 KB, could then finish and exit 0.)"""
    import fcntl

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, 1031, 4096)  # F_SETPIPE_SZ: the output cannot all fit in the pipe
    child = subprocess.Popen([*KEHOACH, *(a.format(plan=plan) for a in args)], stdout=write_end,
                             stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "200"})
    os.close(write_end)
    try:
        assert os.read(read_end, 10)  # one read(2): at most 10 bytes taken, the rest cannot all fit
    finally:
        os.close(read_end)
    err = child.stderr.read()
    child.stderr.close()
    child.wait(timeout=60)
    assert b"l\xe1\xbb\x97i" not in err and b"Traceback" not in err, err  # no "lỗi", no traceback
    assert child.returncode == 141, "exit 0: the command printed less than the pipe holds (4,096 bytes)"


@pytest.mark.parametrize("how", ["full", "closed"])
def test_bytes_to_a_full_or_closed_stdout(plan, how):
    """Commands that write bytes to stdout (summary as csv) end as cleanly as text ones."""
    kwargs = {"preexec_fn": lambda: os.close(1)} if how == "closed" else {}
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*KEHOACH, "summary", str(plan.parent), "-f", "csv"], stdout=full,
                              stderr=subprocess.PIPE, timeout=120, **kwargs)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "đầu ra chuẩn" in err and "không mong đợi" not in err


def test_no_signal_is_sent_to_ask_about_a_process_on_windows(tmp_path, monkeypatch):
    """On Windows `os.kill(pid, 0)` sends CTRL_C_EVENT: a stale temp file there is kept, and no
    process is ever signalled."""
    sent = []
    monkeypatch.setattr(output, "_WINDOWS", True)
    monkeypatch.setattr(output.os, "kill", lambda *args: sent.append(args))
    stale = tmp_path / f".out.md.{_dead_pid()}.x.tmp"
    stale.write_text("x", encoding="utf-8")
    write_atomic(tmp_path / "out.md", b"new")
    assert sent == [] and stale.exists()
