"""`kehoach import` (issue 22): the field score and the time.

Field score, per document, fields recovered / fields present:
- round trips: every plan kehoach renders here (plans/2024.yaml, plans/examples, the generated
  plans of tests/docx_generated.py) rendered to .docx and imported back; the fields are the
  leaves of what the document prints (kehoach.docximport.compare.printed), compared one by one;
  again after LibreOffice re-saved each .docx when it is installed;
- hand-typed: the plans of tests/docx_typed.py (typed as clerks type, one in the style of each
  real plan); the fields are issuer, number, date, trích yếu, each basis or opening paragraph,
  each section title, each deadline, each amount, each recipient, the signer; every miss must be
  on the review list at its đoạn (said below when one is not).

Time: `kehoach import` of a 10-page plan (its page count measured through LibreOffice's PDF when
installed) as a whole command, interleaved with `kehoach validate plans/2024.yaml` (the baseline
measured in the same run), and in process; the bad inputs (zip bomb, 500 pages, encrypted).

    .venv/bin/python benchmarks/bench_import.py [runs]
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from timing import ROOT, kehoach, run_once

import docx_generated
import docx_typed
from kehoach.docximport.api import import_file
from kehoach.docximport.compare import printed
from kehoach.render.api import render_view
from kehoach.render.pdf import find_soffice
from kehoach.render.views import build_view
from kehoach.validate import COMPANION_SUFFIXES, check_plan


def leaves(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list | tuple) and value and any(isinstance(x, dict | list | tuple) for x in value):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]")
    else:
        yield path, value


def field_score(original, imported) -> tuple[int, int, list[str], dict[str, tuple[int, int]]]:
    """(recovered, present, misses, {kind: (recovered, present)}) where the kinds are the fields in
    tables (each cell, header cell, money column, unit, total) and the texts with bold or italic
    words (each text with markers); a field of both kinds counts as a table's."""
    want = dict(leaves(printed(original.plan, original.catalogue)))
    got = dict(leaves(printed(imported.plan, imported.catalogue))) if imported.plan is not None else {}
    misses = [path for path, value in want.items() if got.get(path, object()) != value]
    kinds = {"tables": [p for p in want if "table" in p],
             "emphasis": [p for p, v in want.items() if "table" not in p and isinstance(v, str) and "*" in v]}
    return len(want) - len(misses), len(want), misses, {
        kind: (len([p for p in paths if p not in misses]), len(paths)) for kind, paths in kinds.items()}


def round_trips(folder: Path) -> list[tuple[str, Path, Path]]:
    plans = [
        ROOT / "plans" / "2024.yaml",
        *sorted(
            p for p in (ROOT / "plans" / "examples").glob("*.yaml") if not p.name.endswith(COMPANION_SUFFIXES)
        ),
    ]
    out = []
    for i in range(docx_generated.COUNT):
        path = folder / f"generated-{i:02d}.yaml"
        path.write_text(docx_generated.plan_text(i), encoding="utf-8")
        plans.append(path)
    for plan in plans:
        checked = check_plan(plan, progress=False)
        docx = folder / f"{plan.stem}.docx"
        docx.write_bytes(
            render_view(build_view(checked.plan, checked.catalogue), ("docx",), None, plan.stem)["docx"]
        )
        name = str(plan.relative_to(ROOT)) if plan.is_relative_to(ROOT) else plan.name
        out.append((name, plan, docx))
    return out


def resave(paths: list[Path], folder: Path) -> dict[Path, Path]:
    soffice = find_soffice()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "lo"),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=900,
        start_new_session=True,
    )
    return {p: folder / "lo" / p.name for p in paths}


def scores(folder: Path) -> None:
    cases = round_trips(folder)
    again = resave([docx for _, _, docx in cases], folder) if find_soffice() else {}
    totals = {"round trip": [0, 0], "after LibreOffice": [0, 0], "hand-typed": [0, 0]}
    # of which in tables, or texts with bold and italic words (issue 24 part 6)
    shown = {f"{label} {kind}": [0, 0] for label in ("round trip", "after LibreOffice", "hand-typed")
             for kind in ("tables", "emphasis")}
    print(f"{'document':46} {'round trip':>14} {'LibreOffice':>14}")
    for name, plan, docx in cases:
        original = check_plan(plan, progress=False)
        cells = []
        for label, source in (("round trip", docx), ("after LibreOffice", again.get(docx))):
            if source is None:
                cells.append("—")
                continue
            imported = import_file(source, folder / "out.yaml").checked
            got, present, misses, kinds = field_score(original, imported)
            totals[label][0] += got
            totals[label][1] += present
            for kind, (found, there) in kinds.items():
                shown[f"{label} {kind}"][0] += found
                shown[f"{label} {kind}"][1] += there
            cells.append(f"{got}/{present}" + (f" ✗{len(misses)}" if misses else ""))
            for miss in misses[:3]:
                print(f"    miss ({label}): {miss}")
        print(f"{name:46} {cells[0]:>14} {cells[1]:>14}")
    print()
    print(f"{'hand-typed document':46} {'fields':>14} {'misses not reviewed':>20}")
    unreviewed = 0
    for name, make in docx_typed.DOCUMENTS.items():
        data, truth = make()
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        imported = import_file(path, folder / "out.yaml")
        score = docx_typed.score(truth, imported.draft.data)
        reviewed = {r.index for _, r in imported.review}
        missing = [m for m in score.misses if m[1] not in reviewed]
        unreviewed += len(missing)
        totals["hand-typed"][0] += score.recovered
        totals["hand-typed"][1] += score.present
        for key, (got, present) in (("hand-typed tables", score.tables),
                                    ("hand-typed emphasis", score.emphasis)):
            shown[key][0] += got
            shown[key][1] += present
        print(f"{name:46} {score.recovered:>7}/{score.present:<6} {len(missing):>20}")
        for what, at in score.misses:
            flag = "  (NOT in the review list)" if (what, at) in missing else ""
            print(f"    miss: đoạn {at}: {what}{flag}")
    print()
    for label, (got, present) in totals.items():
        if present:
            print(f"total {label:18} {got}/{present} fields = {100 * got / present:.1f} %")
    for label, (got, present) in shown.items():
        if present:
            what = ("table fields (cells, columns, unit, total)" if label.endswith("tables")
                    else "texts or phrases with bold/italic words")
            print(f"  of which {label:28} {got}/{present} {what} = {100 * got / present:.1f} %")
    print(f"misses not on the review list: {unreviewed}")


# ---------------------------------------------------------------------------------------------


def ten_pages(folder: Path) -> Path:
    """A plan of about ten pages: generated plan 0 with its activities repeated under new titles."""
    import yaml

    data = docx_generated.plan(1)
    extra = []
    for n in range(20):
        extra.append(
            {
                "title": f"Tuyên truyền, vận động đợt {n + 1} tại các thôn",
                "deadline": f"tháng {n % 9 + 4}/2025",
                "text": [
                    "Tổ chức tuyên truyền về chính sách giảm nghèo bền vững, vận động hộ nghèo chủ động "
                    "vươn lên thoát nghèo, phát huy vai trò của cộng đồng dân cư trong công tác giảm "
                    "nghèo trên địa bàn; lồng ghép trong các cuộc họp thôn, sinh hoạt đoàn thể."
                ]
                * 2,
                "items": [
                    "Phát tin, bài trên hệ thống truyền thanh xã và các thôn.",
                    "Treo băng rôn, khẩu hiệu tại trung tâm xã và nhà văn hóa các thôn.",
                    "Biểu dương hộ thoát nghèo tiêu biểu trong hội nghị thôn.",
                ],
            }
        )
    data["activities"] = data["activities"] + extra
    path = folder / "muoi-trang.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    checked = check_plan(path, progress=False)
    assert not checked.errors, [d.message for d in checked.errors]
    docx = folder / "muoi-trang.docx"
    docx.write_bytes(
        render_view(build_view(checked.plan, checked.catalogue), ("docx",), None, "muoi-trang")["docx"]
    )
    return docx


def pages(docx: Path, folder: Path) -> str:
    soffice = find_soffice()
    if soffice is None:
        return "? (LibreOffice not installed)"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        start_new_session=True,
    )
    try:
        info = subprocess.run(
            ["pdfinfo", str(docx.with_suffix(".pdf"))], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "? (pdfinfo missing)"
    return next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))


def bad_inputs(folder: Path) -> dict[str, Path]:
    from kehoach.docximport.container import MAX_TOTAL

    out = {}
    bomb = folder / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(MAX_TOTAL // (1 << 20) + 8):
                part.write(b"\0" * (1 << 20))
    out[f"zip bomb ({bomb.stat().st_size // 1024} KB → {MAX_TOTAL // (1 << 20) + 8} MB)"] = bomb
    sys.path.insert(0, str(ROOT / "tests"))
    from test_import_bad_input import minimal_docx

    head = [
        "ỦY BAN NHÂN DÂN XÃ AN DƯƠNG",
        "Số: 05/KH-UBND",
        "An Dương, ngày 05 tháng 3 năm 2024",
        "KẾ HOẠCH",
        "Tuyên truyền năm 2024",
        "I. MỤC ĐÍCH",
        "Nâng cao nhận thức.",
    ]
    page = [
        "Nội dung phụ lục thống kê hộ nghèo của các thôn trên địa bàn xã, số liệu chi tiết từng hộ. " * 5
    ] * 5
    long_doc = folder / "dai.docx"
    long_doc.write_bytes(minimal_docx(head + page * 500))
    out["500 pages (refused)"] = long_doc
    try:
        from msoffcrypto.format.ooxml import OOXMLFile

        plain = folder / "2024.docx"
        encrypted = io.BytesIO()
        OOXMLFile(io.BytesIO(plain.read_bytes())).encrypt("matkhau", encrypted)
        (folder / "mat-khau.docx").write_bytes(encrypted.getvalue())
        out["encrypted"] = folder / "mat-khau.docx"
    except (ImportError, FileNotFoundError):
        pass
    return out


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measured(command: list[str], ok: tuple[int, ...] = (2,)) -> str:
    """Wall time and peak memory of one run in a child process of its own."""
    script = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "quiet = subprocess.DEVNULL; "
        "code = subprocess.run(sys.argv[1:], stdout=quiet, stderr=quiet).returncode; "
        "print(code, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *command], capture_output=True, text=True, check=True
    )
    code, seconds, kilobytes = done.stdout.split()
    assert int(code) in ok, (command, code)
    return f"{float(seconds) * 1000:6.0f} ms, peak memory {int(kilobytes) // 1024} MB"


def times(folder: Path, runs: int) -> None:
    print(f"\nload before timing: {load()}")
    docx = ten_pages(folder)
    print(
        f"10-page plan: {docx.name}, {pages(docx, folder)} pages as LibreOffice prints it, "
        f"{docx.stat().st_size // 1024} KB"
    )
    out = folder / "muoi-trang-nhap.yaml"
    commands = {
        "validate plans/2024.yaml (baseline)": kehoach("validate", "plans/2024.yaml"),
        "import 10-page plan": kehoach("import", str(docx), "-o", str(out), "--force"),
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    cpu: list[float] = []
    for _ in range(2):
        for command in commands.values():
            run_once(command)
    for _ in range(runs):
        for name, command in commands.items():
            before = os.times()
            samples[name].append(run_once(command))
            after = os.times()
            if name.startswith("import"):
                cpu.append(
                    after.children_user
                    + after.children_system
                    - before.children_user
                    - before.children_system
                )
    base = statistics.median(samples["validate plans/2024.yaml (baseline)"])
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"  {name:40} median {median * 1000:6.0f} ms = {median / base:.2f} × baseline")
    print(f"  import 10-page plan, CPU (user + system): median {statistics.median(cpu) * 1000:.0f} ms")
    start = time.perf_counter()
    for _ in range(runs):
        import_file(docx, out)
    each = (time.perf_counter() - start) / runs
    print(f"  in process (read, recognise, build, write YAML, validate): {each * 1000:.0f} ms")
    (folder / "2024.docx").write_bytes(
        render_view(
            build_view(
                *(lambda c: (c.plan, c.catalogue))(check_plan(ROOT / "plans" / "2024.yaml", progress=False))
            ),
            ("docx",),
            None,
            "2024",
        )["docx"]
    )
    for name, path in bad_inputs(folder).items():
        said = measured(kehoach("import", str(path), "-o", str(folder / "bad.yaml")))
        print(f"  bad input, {name:30} exit 2 in {said}")
    said = measured(commands["import 10-page plan"], ok=(0,))
    print(f"  import 10-page plan, once more for its memory:  {said}")
    print(f"load after timing: {load()}")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        scores(folder)
        times(folder, runs)


if __name__ == "__main__":
    main()
