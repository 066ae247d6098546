"""Rendering a checked plan to files: build the view once, then one writer per format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kehoach.diagnostics import KehoachError
from kehoach.model import Plan
from kehoach.outline import walk
from kehoach.render.views import DocumentView, build_view
from kehoach.validate import Checked, progress_path

FORMATS = ("docx", "html", "md", "pdf")


@dataclass(frozen=True)
class Written:
    format: str
    path: Path
    notes: tuple[str, ...] = ()  # warnings about the file written (a PDF in a substitute font)


def chosen_formats(choice: str, have_pdf: bool | None = None) -> tuple[tuple[str, ...], bool]:
    """The formats `--format` names (render, report): one, or for `all` every format, without
    pdf when LibreOffice is missing (`have_pdf` None: look for it). The flag: pdf was left out,
    which the user is told."""
    if choice != "all":
        return (choice,), False
    if have_pdf is None:
        from kehoach.render.pdf import find_soffice

        have_pdf = bool(find_soffice())
    return (FORMATS, False) if have_pdf else (tuple(f for f in FORMATS if f != "pdf"), True)


def output_paths(plan: Path, formats: tuple[str, ...], output: Path | None,
                 as_folder: bool = False) -> dict[str, Path]:
    """One format: -o is the file (default build/<stem>.<fmt>), or an existing folder to put it
    in (or any folder, written with a trailing slash). Several formats: -o is a folder."""
    if len(formats) == 1 and not as_folder and not (output and output.is_dir()):
        target = output or Path("build") / f"{plan.stem}.{formats[0]}"
        return {formats[0]: target}
    folder = output or Path("build")
    if folder.exists() and not folder.is_dir():
        raise KehoachError(f"{folder} không phải thư mục.",
                           "Với --format all, -o là thư mục chứa các tệp kết quả.")
    return {fmt: folder / f"{plan.stem}.{fmt}" for fmt in formats}


def unprinted_units(plan: Plan) -> str | None:
    """A note when tasks name their units (`lead`, `partners`) that the document prints nowhere
    (`show_units: appendix`, the default, and no task appendix): the data is only for `tasks` and
    `progress`, which the writer should know. None when every unit named is printed."""
    if plan.show_units.where != "appendix" or any(a.use == "tasks" for a in plan.appendices):
        return None
    count = sum(1 for node in walk(plan) if node.node.lead or node.node.partners)
    if not count:
        return None
    return (f"Ghi chú: đơn vị chủ trì, phối hợp (`lead`, `partners`) của {count} nhiệm vụ không được "
            "in trong văn bản (chỉ dùng cho `kehoach tasks`, `progress`). Ghi `show_units: body` để "
            "in dưới từng nhiệm vụ, hoặc thêm `appendices: [{use: tasks}]` để in bảng phân công.")


def input_files(checked: Checked) -> tuple[Path, ...]:
    """Every file a render reads, none of which it may write over: the plan, its progress file
    (checked with it) and a catalogue file of its own (`programme: x.yaml`)."""
    plan = checked.path
    files = [plan, progress_path(plan)]
    if checked.plan is not None and (checked.plan.programme or "").endswith((".yaml", ".yml")):
        files.append(plan.parent / checked.plan.programme)
    return tuple(files)


def render_checked(checked: Checked, formats: tuple[str, ...], output: Path | None,
                   templates: Path | None, draft: bool, as_folder: bool = False) -> list[Written]:
    """Render the plan of `checked` (which must have loaded) and write every requested format."""
    assert checked.plan is not None
    targets = output_paths(checked.path, formats, output, as_folder)
    inputs = input_files(checked) + ((templates,) if templates is not None else ())
    from kehoach.output import check_target

    for target in targets.values():  # refused before the (slow) rendering, and again when written
        check_target(target, inputs)
    return write_all(rendered(checked, formats, templates, draft=draft), targets, inputs)


def rendered(checked: Checked, formats: tuple[str, ...], templates: Path | None = None,
             draft: bool = False) -> dict[str, bytes]:
    """The plan of `checked` (which must have loaded) in every requested format, in memory: what
    `render` writes, byte for byte (the web page shows and downloads these)."""
    assert checked.plan is not None
    view: DocumentView = build_view(checked.plan, checked.catalogue, draft=draft)
    return render_view(view, formats, templates, checked.path.stem)


def render_view(view: DocumentView, formats: tuple[str, ...], templates: Path | None,
                stem: str) -> dict[str, bytes]:
    """Every requested format of one document view (a plan, a report), in memory."""
    from kehoach.render.env import make_env

    env = make_env(templates)
    rendered: dict[str, bytes] = {}
    docx: bytes | None = None
    if "docx" in formats or "pdf" in formats:
        from kehoach.render.docx import render_docx

        docx = render_docx(view, env)
    for fmt in formats:
        if fmt == "docx":
            rendered[fmt] = docx  # type: ignore[assignment]
        elif fmt == "html":
            from kehoach.render.html import render_html

            rendered[fmt] = render_html(view, env)
        elif fmt == "md":
            from kehoach.render.markdown import render_markdown

            rendered[fmt] = render_markdown(view, env)
        elif fmt == "pdf":
            from kehoach.render.pdf import docx_to_pdf

            rendered[fmt] = docx_to_pdf(docx or b"", stem)
    return rendered


def write_all(rendered: dict[str, bytes], targets: dict[str, Path],
              inputs: tuple[Path, ...]) -> list[Written]:
    """Everything is rendered, then staged, before the first file is replaced (output.write_all):
    a failure leaves no half set of files, or says which are new. A user's template folder in
    `inputs` protects every file under it."""
    from kehoach import output

    output.write_all([(targets[fmt], data) for fmt, data in rendered.items()], inputs)
    return [Written(fmt, targets[fmt], notes_on(fmt, data)) for fmt, data in rendered.items()]


def notes_on(fmt: str, data: bytes) -> tuple[str, ...]:
    if fmt != "pdf":
        return ()
    from kehoach.render.pdf import font_notes

    return font_notes(data)
