"""Nothing is lost: outputs are replaced atomically, inputs are never written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach import output
from kehoach.diagnostics import KehoachError
from kehoach.output import write_atomic


def test_writes_and_creates_folders(tmp_path):
    target = tmp_path / "a" / "b" / "plan.docx"
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["plan.docx"]  # no temp file left


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_interrupted_write_keeps_previous_file(tmp_path, monkeypatch, failure):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"previous")

    def broken_replace(src, dst):
        raise failure

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises((KehoachError, KeyboardInterrupt)) as caught:
        write_atomic(target, b"half-written")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"]  # the temp file is cleaned up
    if isinstance(caught.value, KehoachError):
        assert "đĩa đã đầy" in caught.value.message


def test_refuses_to_write_over_an_input(tmp_path):
    plan = tmp_path / "2024.yaml"
    plan.write_text("kehoach: 1\n", encoding="utf-8")
    with pytest.raises(KehoachError) as caught:
        write_atomic(tmp_path / "." / "2024.yaml", b"x", inputs=(plan,))
    assert "Không ghi đè" in caught.value.message
    assert plan.read_text(encoding="utf-8") == "kehoach: 1\n"


def test_refuses_through_a_symlink_to_an_input(tmp_path):
    plan = tmp_path / "2024.yaml"
    plan.write_text("kehoach: 1\n", encoding="utf-8")
    link = tmp_path / "out.docx"
    link.symlink_to(plan)
    with pytest.raises(KehoachError):
        write_atomic(link, b"x", inputs=(plan,))
    assert plan.read_text(encoding="utf-8") == "kehoach: 1\n"


def test_parent_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "build"
    blocker.write_text("not a folder")
    with pytest.raises(KehoachError) as caught:
        write_atomic(blocker / "2024.docx", b"x")
    assert "không phải thư mục" in caught.value.message
    assert caught.value.hint


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs /sys, read-only even for root (Linux)")
def test_read_only_location_is_a_clear_error():
    with pytest.raises(KehoachError) as caught:
        write_atomic(Path("/sys/kehoach-test.docx"), b"x")
    assert "quyền" in caught.value.message or "chỉ cho đọc" in caught.value.message
    assert caught.value.hint


def test_folder_is_fsynced_after_the_rename(tmp_path, monkeypatch):
    import stat

    events: list[str] = []
    real_fsync, real_replace = output.os.fsync, output.os.replace

    def fsync(fd):
        events.append("fsync-folder" if stat.S_ISDIR(output.os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "fsync", fsync)
    monkeypatch.setattr(output.os, "replace", replace)
    write_atomic(tmp_path / "out.docx", b"x")
    assert events == ["fsync-file", "rename", "fsync-folder"]
