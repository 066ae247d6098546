"""kehoach.progress.append: a record appended to the progress file, every other byte kept,
checked as `kehoach validate` checks the file, nothing written when the result has an error."""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
import yaml

from kehoach.diagnostics import KehoachError
from kehoach.progress.append import append_record, record_entry, with_record
from kehoach.validate import check_plan

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    for name in ("2024.yaml", "2024.progress.yaml", "2024.report.yaml"):
        shutil.copy(ROOT / "plans" / name, tmp_path / name)
    return tmp_path


def test_appends_after_the_last_record_keeping_every_byte(plans: Path):
    progress = plans / "2024.progress.yaml"
    before = progress.read_text(encoding="utf-8")
    done = append_record(
        plans / "2024.yaml",
        record_entry(
            date(2024, 12, 30), "ra-soat-ho-ngheo", "done", spent=100_000, note="Xong: # không phải chú thích"
        ),
    )
    assert done.written and not done.errors
    after = progress.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n") + "\n")  # the comments, blank lines, amounts: as they were
    added = after[len(before.rstrip("\n")) + 1 :]
    assert added == (
        "\n  - date: 2024-12-30\n    task: ra-soat-ho-ngheo\n    status: done\n    spent: 100_000\n"
        "    note: 'Xong: # không phải chú thích'\n"
    )  # blank line as between the others
    assert after.splitlines()[done.line - 1] == "  - date: 2024-12-30"
    records = yaml.safe_load(after)["records"]
    assert records[-1]["note"] == "Xong: # không phải chú thích" and records[-1]["spent"] == 100_000
    assert not check_plan(plans / "2024.yaml").errors


def test_an_invalid_record_writes_nothing_and_says_why_as_validate(plans: Path):
    progress = plans / "2024.progress.yaml"
    before = progress.read_bytes()
    result = append_record(plans / "2024.yaml", record_entry(date(2024, 12, 30), "khong-co-viec-nay", "done"))
    assert not result.written and progress.read_bytes() == before
    (error,) = result.errors
    assert error.code == "KH601" and error.file == str(progress) and error.line == result.line + 1


def test_overspending_is_refused_like_validate_refuses_it(plans: Path):
    before = (plans / "2024.progress.yaml").read_bytes()
    result = append_record(
        plans / "2024.yaml", record_entry(date(2024, 12, 30), "viet-bai", "done", spent=900_000_000)
    )
    assert not result.written and {d.code for d in result.errors} == {"KH604"}
    assert (plans / "2024.progress.yaml").read_bytes() == before


def test_creates_the_file_when_the_plan_has_none(plans: Path):
    (plans / "2024.progress.yaml").unlink()
    result = append_record(plans / "2024.yaml", record_entry(date(2024, 5, 2), "viet-bai", "in-progress"))
    assert result.written and result.created
    text = (plans / "2024.progress.yaml").read_text(encoding="utf-8")
    assert (
        text
        == "plan: 2024.yaml\nrecords:\n  - date: 2024-05-02\n    task: viet-bai\n    status: in-progress\n"
    )
    assert not check_plan(plans / "2024.yaml").errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan: a.yaml\nrecords:\n", "plan: a.yaml\nrecords:\n  - date: 2024-02-02\n"),
        (
            "plan: a.yaml\nrecords: []  # chưa có\n",
            "plan: a.yaml\nrecords:  # chưa có\n  - date: 2024-02-02\n",
        ),
        ("plan: a.yaml\n# chú thích\n", "plan: a.yaml\n# chú thích\nrecords:\n  - date: 2024-02-02\n"),
        (
            "records:\n- date: 2024-01-01\n  task: x\n  status: done\n  note: |\n"
            "    # trong ghi chú\n    dòng 2\n"
            "# chú thích cuối\nunit: đồng\n",
            "records:\n- date: 2024-01-01\n  task: x\n  status: done\n  note: |\n"
            "    # trong ghi chú\n    dòng 2\n"
            "- date: 2024-02-02\n",
        ),
    ],
)
def test_every_shape_of_records_gets_the_record_in_its_place(text: str, expected: str):
    new, line = with_record(text, record_entry(date(2024, 2, 2), "y", "done"), "a.yaml")
    assert new.startswith(expected)
    assert new.splitlines()[line - 1].strip() == "- date: 2024-02-02"
    assert yaml.safe_load(new)["records"][-1] == {"date": date(2024, 2, 2), "task": "y", "status": "done"}
    old = yaml.safe_load(text) or {}
    for key, value in old.items():  # nothing else changed meaning
        if key != "records":
            assert yaml.safe_load(new)[key] == value


def test_crlf_files_stay_crlf():
    new, _ = with_record(
        "plan: a.yaml\r\nrecords:\r\n  - date: 2024-01-01\r\n    task: x\r\n    status: done\r\n",
        record_entry(date(2024, 2, 2), "y", "done"),
        "a.yaml",
    )
    assert "\n" not in new.replace("\r\n", "")


def test_a_flow_list_of_records_is_refused_not_rewritten():
    with pytest.raises(KehoachError, match="danh sách gạch đầu dòng"):
        with_record(
            "records: [{date: 2024-01-01, task: x, status: done}]\n",
            record_entry(date(2024, 2, 2), "y", "done"),
            "a.yaml",
        )


def test_a_plan_with_errors_records_nothing(plans: Path):
    plan = plans / "2024.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("total: 13_000_000", "total: 12_000_000"), encoding="utf-8"
    )
    before = (plans / "2024.progress.yaml").read_bytes()
    with pytest.raises(KehoachError, match="lỗi"):
        append_record(plan, record_entry(date(2024, 5, 2), "viet-bai", "in-progress"))
    assert (plans / "2024.progress.yaml").read_bytes() == before


def test_a_symlinked_progress_file_is_never_written_through(plans: Path, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("ngoai") / "that.yaml"
    shutil.move(plans / "2024.progress.yaml", elsewhere)
    (plans / "2024.progress.yaml").symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    with pytest.raises(KehoachError, match="liên kết"):
        append_record(plans / "2024.yaml", record_entry(date(2024, 12, 30), "viet-bai", "done"))
    assert elsewhere.read_bytes() == before


def test_many_writers_at_once_lose_nothing(plans: Path):
    notes = [f"Bản ghi số {i}" for i in range(12)]
    errors: list[BaseException] = []

    def write(note: str) -> None:
        try:
            assert append_record(
                plans / "2024.yaml", record_entry(date(2024, 11, 1), "viet-bai", "in-progress", note=note)
            ).written
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in notes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    written = [
        r.get("note") for r in yaml.safe_load((plans / "2024.progress.yaml").read_text("utf-8"))["records"]
    ]
    assert sorted(n for n in written if n and n.startswith("Bản ghi số")) == sorted(notes)
