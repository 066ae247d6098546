"""The decisions the commands take from the library (issue 20), tested where a web page or a
language server would call them: plain data in, plain data out or a KehoachError."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import PLAN_2024, mutate
from kehoach import nextyear, tasks
from kehoach.diagnostics import Diagnostic, KehoachError, Severity
from kehoach.jsonschema import schema_target
from kehoach.output import parse_target, target_file
from kehoach.progress import progress_file
from kehoach.render.api import FORMATS, chosen_formats
from kehoach.report.api import Companions, read_companions, readiness, report_day
from kehoach.report.model import ReportFile
from kehoach.summary.choice import choose_format, default_name, named_format
from kehoach.validate import check_plan, exit_code, only_catalogues

ERROR = Diagnostic("KH201", Severity.ERROR, "sai", "x.yaml")
WARNING = Diagnostic("KH007", Severity.WARNING, "nfc", "x.yaml")
UNREAD = Diagnostic("KH001", Severity.ERROR, "không đọc được", "x.yaml")


# ---- -o as typed (render, report, tasks, summary, schema) --------------------------------------


def test_output_target_says_whether_it_is_a_folder():
    assert parse_target("build/") == (Path("build"), True)
    assert parse_target("build/x.docx") == (Path("build/x.docx"), False)
    with pytest.raises(KehoachError, match="-o đang để trống"):
        parse_target("  ")
    assert target_file(None, "a.csv") is None
    assert target_file("out/", "a.csv") == Path("out/a.csv")
    assert target_file("b.csv", "a.csv") == Path("b.csv")


# ---- the formats of render and report ----------------------------------------------------------


def test_one_format_is_that_format():
    assert chosen_formats("html") == (("html",), False)


def test_all_formats_leave_out_pdf_without_libreoffice_and_say_so():
    assert chosen_formats("all", have_pdf=True) == (FORMATS, False)
    formats, no_pdf = chosen_formats("all", have_pdf=False)
    assert no_pdf and "pdf" not in formats and set(formats) == set(FORMATS) - {"pdf"}


def test_all_formats_look_for_libreoffice_themselves(monkeypatch):
    import kehoach.render.pdf as pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    assert chosen_formats("all")[1] is True
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/usr/bin/soffice")
    assert chosen_formats("all") == (FORMATS, False)


# ---- which companion-file problems stop a report -----------------------------------------------


@pytest.fixture
def plan():
    checked = check_plan(PLAN_2024, progress=False)
    assert checked.plan is not None
    return checked.plan


def test_everything_present_and_clean_goes_ahead(plan):
    ready = readiness(Companions(progress=object(), report=ReportFile()), plan, draft=False)  # type: ignore[arg-type]
    assert ready.stop is None and ready.exit_code == 0 and not ready.no_progress


def test_an_unreadable_companion_stops_even_a_draft(plan):
    companions = Companions(unreadable=True, diagnostics=[UNREAD])
    for draft in (False, True):
        ready = readiness(companions, plan, draft=draft)
        assert ready.stop == "unreadable" and ready.exit_code == 2


def test_a_missing_report_file_stops_the_final_report_not_the_draft(plan):
    companions = Companions(progress=object(), missing_report=True)  # type: ignore[arg-type]
    assert readiness(companions, plan, draft=False).stop == "missing-report"
    assert readiness(companions, plan, draft=False).exit_code == 1
    assert readiness(companions, plan, draft=True).stop is None


def test_errors_stop_the_final_report_and_a_draft_goes_past_them(plan):
    companions = Companions(progress=object(), report=ReportFile(), diagnostics=[ERROR, WARNING])  # type: ignore[arg-type]
    final = readiness(companions, plan, draft=False)
    assert final.stop == "errors" and final.errors == 1 and final.draft_helps and final.exit_code == 1
    assert readiness(companions, plan, draft=True).stop is None


def test_a_draft_does_not_go_past_a_companion_whose_content_could_not_be_used(plan):
    # The report file is there (not missing) but its content was refused: nothing to print from.
    companions = Companions(progress=object(), report=None, diagnostics=[ERROR])  # type: ignore[arg-type]
    ready = readiness(companions, plan, draft=True)
    assert ready.stop == "errors" and not ready.draft_helps


def test_no_progress_file_and_a_plan_without_number_only_warn(tmp_path, plan):
    companions = Companions(report=ReportFile(), missing_progress=True)
    ready = readiness(companions, plan, draft=False)
    assert ready.stop is None and ready.no_progress
    unnumbered = plan.model_copy(update={"document": plan.document.model_copy(update={"number": None})})
    assert readiness(companions, unnumbered, draft=False).plan_lacks == ("number",)


def test_the_real_plan_and_its_files_are_ready():
    checked = check_plan(PLAN_2024, progress=False)
    ready = readiness(read_companions(checked, final=True), checked.plan, draft=False)  # type: ignore[arg-type]
    assert ready.stop is None, ready


def test_a_plan_without_its_report_file_is_not_ready(tmp_path):
    shutil.copy(PLAN_2024, tmp_path / "2024.yaml")
    checked = check_plan(tmp_path / "2024.yaml", progress=False)
    companions = read_companions(checked, final=True)
    ready = readiness(companions, checked.plan, draft=False)  # type: ignore[arg-type]
    assert ready.stop == "missing-report" and ready.no_progress


# ---- the as-of rules of a report ---------------------------------------------------------------


def test_the_day_is_given_else_the_files_else_today_within_the_period():
    end = date(2024, 12, 31)
    signed = ReportFile(date=date(2024, 12, 20), as_of=date(2024, 12, 15))
    assert report_day(date(2024, 12, 1), signed, end, draft=False, parts_file=Path("r")) == date(2024, 12, 1)
    assert report_day(None, signed, end, draft=False, parts_file=Path("r")) == date(2024, 12, 15)
    assert report_day(None, ReportFile(date=date(2024, 12, 20)), end, draft=False,
                      parts_file=Path("r")) == date(2024, 12, 20)
    past = date(2000, 12, 31)  # a finished plan: its period's end, not today
    assert report_day(None, ReportFile(), past, draft=True, parts_file=Path("r")) == past


def test_a_signed_report_refuses_figures_past_its_date_a_draft_does_not():
    signed = ReportFile(date=date(2024, 12, 20))
    with pytest.raises(KehoachError, match="sau ngày ký báo cáo 20/12/2024") as refused:
        report_day(date(2024, 12, 31), signed, date(2024, 12, 31), draft=False,
                   parts_file=Path("plans/2024.report.yaml"))
    assert "plans/2024.report.yaml" in refused.value.message
    assert report_day(date(2024, 12, 31), signed, date(2024, 12, 31), draft=True,
                      parts_file=Path("r")) == date(2024, 12, 31)


# ---- summary's format from -o ------------------------------------------------------------------


@pytest.mark.parametrize(("given", "output", "chosen"), [
    (None, None, "table"),
    (None, "t.csv", "csv"), (None, "t.JSON", "json"), (None, "t.xlsx", "xlsx"), (None, "t.txt", "table"),
    ("csv", None, "csv"), ("json", "t.txt", "json"), ("xlsx", "t.xlsx", "xlsx"),
])
def test_summary_format_from_the_option_and_the_suffix(given, output, chosen):
    assert choose_format(given, Path(output) if output else None) == chosen


@pytest.mark.parametrize(("given", "output", "said"), [
    ("xlsx", None, "không in ra màn hình"),
    (None, "t.yaml", "tệp YAML"), ("csv", "plans/x.yml", "tệp YAML"),
    ("xlsx", "t.csv", "--format xlsx nhưng tệp t.csv có đuôi .csv"),
])
def test_summary_refuses_rather_than_guesses(given, output, said):
    with pytest.raises(KehoachError, match=said):
        choose_format(given, Path(output) if output else None)


def test_summary_names_a_folder_output_by_format():
    assert default_name(None) == "tong-hop.xlsx" and default_name("csv") == "tong-hop.csv"
    assert named_format(None) == "table"


# ---- validate's exit code; a catalogue alone ---------------------------------------------------


def _checked(*diagnostics: Diagnostic):
    result = check_plan(PLAN_2024, progress=False)
    result.diagnostics = list(diagnostics)
    return result


def test_validate_exit_code():
    assert exit_code([_checked(), _checked(WARNING)]) == 0
    assert exit_code([_checked(), _checked(WARNING)], strict=True) == 1
    assert exit_code([_checked(ERROR), _checked()]) == 1
    assert exit_code([_checked(ERROR), _checked(UNREAD)]) == 2
    assert exit_code([]) == 0


def test_a_plan_refuses_a_command_unless_a_draft_can_go_past(tmp_path):
    broken = check_plan(mutate(tmp_path, "total: 13_000_000", "total: 13_000_001"), progress=False)
    assert broken.refused() and not broken.refused(draft=True) and broken.failure_code == 1
    missing = check_plan(tmp_path / "none.yaml", progress=False)
    assert missing.refused(draft=True) and missing.failure_code == 2


def test_only_catalogues(tmp_path):
    catalogue = tmp_path / "x.catalogue.yaml"
    catalogue.write_text("code: x\n", encoding="utf-8")
    assert only_catalogues([catalogue]) and not only_catalogues([]) and not only_catalogues([PLAN_2024])


# ---- tasks, progress, new, schema ---------------------------------------------------------------


def test_the_tasks_table_is_for_the_screen_only():
    assert tasks.output_for("table", None) is None
    assert tasks.output_for("csv", Path("t.csv")) == Path("t.csv")
    with pytest.raises(KehoachError, match="Bảng chỉ in ra màn hình"):
        tasks.output_for("table", Path("t.txt"))


def test_the_progress_file_read(tmp_path):
    assert progress_file(PLAN_2024, None) == PLAN_2024.with_name("2024.progress.yaml")
    assert progress_file(tmp_path / "2024.yaml", None) is None  # no records yet
    with pytest.raises(KehoachError, match="Không có tệp tiến độ"):
        progress_file(PLAN_2024, tmp_path / "none.progress.yaml")


def test_the_new_plans_year():
    assert nextyear.parse_year(" 2025 ") == 2025
    for bad in ("25", "năm 2025", "2025.0", ""):
        with pytest.raises(KehoachError, match="không phải một năm"):
            nextyear.parse_year(bad)


def test_the_schema_file():
    assert schema_target("schema/") == Path("schema/kehoach.schema.json")
    assert schema_target("x.json") == Path("x.json")
    with pytest.raises(KehoachError, match="tệp YAML"):
        schema_target("plans/2024.yaml")
