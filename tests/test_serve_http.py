"""kehoach serve as any HTTP client sees it (urllib): the pages and downloads are what the
commands print and write, refusals are Vietnamese pages with a 4xx and never a traceback,
broken files never stop it, Ctrl-C leaves no process and no temporary file behind."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest

from serving import Served, group_alive, start, wait_for

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("starlette")  # kehoach[serve]: .[test] pulls it in


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("serve")
    shutil.copytree(ROOT / "plans", base / "plans")
    return base / "plans"


@pytest.fixture(scope="module")
def served(folder: Path):
    server = start(folder)
    yield server
    server.stop()


def _token(server: Served, rel: str) -> str:
    import re

    _, body, _ = server.get(f"/progress/{rel}")
    return re.search(r'name="token" value="([^"]+)"', body.decode())[1]


def _render(tmp_path: Path, plan: Path, fmt: str) -> bytes:
    out = tmp_path / f"out.{fmt}"
    subprocess.run(
        [sys.executable, "-m", "kehoach", "render", str(plan), "-f", fmt, "-o", str(out)],
        check=True,
        capture_output=True,
        cwd=plan.parent,
    )
    return out.read_bytes()


def test_the_document_is_what_render_prints(served: Served, folder: Path, tmp_path: Path):
    for rel in ("2024.yaml", "examples/hue-2025-giam-ngheo.yaml", "examples/son-tinh-2025-phu-luc.yaml"):
        status, body, headers = served.get(f"/doc/{rel}")
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert body == _render(tmp_path, folder / rel, "html"), rel


def test_the_docx_download_is_what_render_writes(served: Served, folder: Path, tmp_path: Path):
    import docx

    status, body, headers = served.get("/download/docx/2024.yaml")
    assert status == 200 and "2024.docx" in headers["content-disposition"]
    assert body == _render(tmp_path, folder / "2024.yaml", "docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert "KẾ HOẠCH" in text


def test_the_province_workbook_opens(served: Served, folder: Path):
    import openpyxl

    wait_for(lambda: b'data-pending="0"' in served.get("/?phan=bang")[1], "the index to be checked")
    status, body, _ = served.get("/province.xlsx")
    assert status == 200
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    files = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None]
    plans = sorted(p for p in folder.rglob("*.yaml") if p.name.count(".") == 1)
    assert len(files) == len(plans)


def test_pages_of_another_day_are_checked_for_that_day(served: Served, folder: Path, tmp_path: Path):
    """?ngay=… (the index, the province view and its workbook): the rows are checked as of that
    day, beside today's (they once stayed 'đang kiểm tra…' for ever: only today was checked);
    the workbook is the one `kehoach summary --as-of` writes for that day."""
    import openpyxl

    for path in ("/?phan=bang&ngay=2024-12-31", "/province?ngay=2024-06-30", "/?phan=bang"):
        wait_for(lambda path=path: b'data-pending="0"' in served.get(path)[1], f"{path} to be checked", 120)
    status, body, _ = served.get("/province.xlsx?ngay=2024-06-30")
    assert status == 200
    out = tmp_path / "tong-hop.xlsx"
    subprocess.run(
        [sys.executable, "-m", "kehoach", "summary", folder.name, "--as-of", "2024-06-30", "-o", str(out)],
        cwd=folder.parent, check=True, capture_output=True,
    )

    def cells(book) -> dict[str, list[tuple]]:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}

    served_book, written = cells(openpyxl.load_workbook(io.BytesIO(body))), cells(openpyxl.load_workbook(out))
    assert served_book == written and any(row[1] == "plans/2024.yaml" for row in written["Tổng hợp"])


@pytest.mark.parametrize(
    "path",
    [
        "/plan/khong-co.yaml",
        "/plan/..%2F..%2Fetc%2Fpasswd.yaml",
        "/plan/../../etc/passwd.yaml",
        "/doc/.hidden.yaml",
        "/khong-co-trang",
        "/progress/2024.progress.yaml",
        "/events?plan=x.yaml",
        "/?ngay=31/02/2024",
    ],
)
def test_bad_requests_get_a_vietnamese_page(served: Served, path: str):
    status, body, headers = served.get(path)
    text = body.decode()
    assert status in (400, 404), (path, status)
    assert headers["content-type"].startswith("text/html") and 'lang="vi"' in text
    assert "Traceback" not in text and "Not Found" not in text


def test_a_request_for_another_host_name_is_refused(served: Served):
    status, body, _ = served.get("/", {"Host": "kehoach.example.com"})
    assert status == 400 and "Host" in body.decode()


def _form(token: str, **fields: str) -> bytes:
    return urlencode(
        {
            "token": token,
            "date": "2024-12-30",
            "task": "ra-soat-ho-ngheo",
            "status": "đang thực hiện",
            **fields,
        }
    ).encode()


def test_writes_need_our_origin_and_our_token(served: Served, folder: Path):
    progress = folder / "2024.progress.yaml"
    before = progress.read_bytes()
    token = _token(served, "2024.yaml")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    ours = served.url.rstrip("/")
    for headers, data in [
        ({**form, "Origin": "http://evil.example"}, _form(token)),
        ({**form, "Origin": "http://127.0.0.1:1"}, _form(token)),
        ({**form}, _form(token)),  # neither Origin nor Referer
        ({**form, "Origin": ours, "Sec-Fetch-Site": "cross-site"}, _form(token)),
        ({**form, "Origin": ours}, _form("doan-bua")),
    ]:
        status, body = served.post("/progress/2024.yaml", data, headers)
        assert status == 403 and "Traceback" not in body.decode()
    assert progress.read_bytes() == before
    status, _ = served.post(
        "/progress/2024.yaml", _form(token, note="Ghi từ kiểm thử"), {**form, "Origin": ours}
    )
    assert status in (200, 303)
    assert progress.read_bytes().startswith(before) and "Ghi từ kiểm thử" in progress.read_text("utf-8")


def test_other_methods_and_huge_bodies_are_refused(served: Served):
    import urllib.request

    request = urllib.request.Request(served.url + "plan/2024.yaml", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 405
    status, body = served.post(
        "/progress/2024.yaml",
        b"x" * 200_000,
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": served.url.rstrip("/")},
    )
    assert status == 413 and 'lang="vi"' in body.decode()


def test_read_only_writes_nothing(folder: Path, tmp_path: Path):
    copy = tmp_path / "plans"
    shutil.copytree(folder, copy)
    server = start(copy, "--read-only")
    try:
        _, page, _ = server.get("/progress/2024.yaml")
        assert b'name="token"' not in page  # no form
        before = (copy / "2024.progress.yaml").read_bytes()
        status, _ = server.post(
            "/progress/2024.yaml",
            _form("x"),
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": server.url.rstrip("/")},
        )
        assert status == 403 and (copy / "2024.progress.yaml").read_bytes() == before
    finally:
        server.stop()


def test_broken_files_never_stop_it(tmp_path: Path):
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder)
    (folder / "nhi-phan.yaml").write_bytes(b"\x00\xff\xfe" * 100)
    (folder / "cu-phap.yaml").write_text("document: [\n", encoding="utf-8")
    os.mkfifo(folder / "ong.yaml")
    (folder / "thu-muc.yaml").mkdir()
    outside = tmp_path / "ngoai.yaml"
    shutil.copy(ROOT / "plans" / "2024.yaml", outside)
    (folder / "lien-ket.yaml").symlink_to(outside)
    server = start(folder)
    try:

        def checked() -> bytes | None:
            body = server.get("/?phan=bang")[1]
            return body if b'data-pending="0"' in body else None

        rows = wait_for(checked, "every row to be checked", timeout=60)
        for name in ("nhi-phan.yaml", "cu-phap.yaml", "ong.yaml"):
            assert name.encode() in rows
            status, body, _ = server.get(f"/plan/{name}")
            assert status == 200 and 'id="kh-errors"' in body.decode() and "Traceback" not in body.decode()
        status, body, _ = server.get("/plan/lien-ket.yaml")
        assert status == 403 and "ra ngoài" in body.decode()
        assert server.get("/plan/2024.yaml")[0] == 200
    finally:
        assert server.stop() == 130


def test_ctrl_c_leaves_no_process_and_no_temporary_file(tmp_path: Path):
    folder = tmp_path / "plans"
    folder.mkdir()
    seed = (ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8")
    for i in range(40):  # enough for the index to be checked by worker processes
        (folder / f"xa-{i:02d}.yaml").write_text(seed.replace("An Dương", f"Xã Số {i}"), encoding="utf-8")
    server = start(folder)
    pgid = server.process.pid
    try:
        wait_for(lambda: b'data-pending="0"' in server.get("/?phan=bang")[1], "the index to be checked",
                 timeout=120)
        server.get("/plan/xa-00.yaml")
        import urllib.request

        live = urllib.request.urlopen(server.url + "events?plan=xa-00.yaml", timeout=60)  # an open page
        assert live.readline()
        code = server.stop()  # fails if the open page keeps it from stopping (30 s)
        live.close()
        assert code == 130 and "đã dừng" in "".join(server.output)
        wait_for(lambda: not group_alive(pgid), "every process of the server to end")
        assert not [p for p in folder.iterdir() if p.name.startswith(".")]
    finally:  # a failed step above must not leave the server running
        if group_alive(pgid):
            os.killpg(pgid, signal.SIGKILL)


def _counts(server: Served) -> dict[str, tuple[int, int]] | None:
    """Each plan's (errors, warnings) as the index shows them, once every row is checked."""
    import re

    body = server.get("/?phan=bang")[1].decode()
    if 'data-pending="0"' not in body:
        return None
    rows = re.findall(r'<tr data-plan="([^"]+)" data-errors="(\d+)" data-warnings="(\d+)"', body)
    return {rel: (int(e), int(w)) for rel, e, w in rows}


def _validate(cwd: Path) -> tuple[int, str, tuple[int, int]]:
    """`kehoach validate plans -f json` where the server was started: exit code, stderr and the
    (errors, warnings) it counts."""
    import json

    done = subprocess.run([sys.executable, "-m", "kehoach", "validate", "plans", "-f", "json"],
                          cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    if done.returncode == 2:  # stopped (the settings cannot be read): no counts
        return done.returncode, done.stderr, (0, 0)
    summary = json.loads(done.stdout)["summary"]
    return done.returncode, done.stderr, (summary["errors"], summary["warnings"])


def test_rule_settings_that_come_change_or_go_are_followed(tmp_path: Path):
    """kehoach.toml made above the served folder, changed, broken, removed; a pyproject.toml's
    [tool.kehoach] inside it: after each, the index counts what `kehoach validate` counts now
    (and the plan's page says a broken file as validate does), with no restart."""
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder)
    plan = folder / "2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  date: 2024-03-29\n", "", 1), encoding="utf-8")
    server = start(folder)
    try:
        def shows(errors: int, warnings: int):
            def seen():
                counts = _counts(server)
                return counts is not None and counts["2024.yaml"] == (errors, warnings) and counts
            counts = wait_for(seen, f"2024.yaml to count {errors} errors, {warnings} warnings", timeout=90)
            code, _, totals = _validate(tmp_path)
            assert totals == (sum(e for e, _ in counts.values()), sum(w for _, w in counts.values()))
            assert code == (1 if errors else 0)

        shows(0, 1)  # KH505: the plan has no date yet
        above = tmp_path / "kehoach.toml"
        above.write_text('[rules]\nKH505 = "off"\n', encoding="utf-8")  # a new file, above the folder
        shows(0, 0)
        above.write_text('[rules]\nKH505 = "error"  # until it is signed\n', encoding="utf-8")
        shows(1, 0)

        above.write_text('[rules]\nKH505 = "tắt hẳn"\n', encoding="utf-8")
        wait_for(lambda: (counts := _counts(server)) and all(e == 1 for e, _ in counts.values()),
                 "every plan to stop on the broken settings", timeout=90)
        code, stderr, _ = _validate(tmp_path)
        said = stderr.strip().removeprefix("kehoach: lỗi: ")
        assert code == 2 and said.startswith("kehoach.toml:2: mức `tắt hẳn` không có.")
        import html

        status, body, _ = server.get("/plan/2024.yaml")
        assert status == 200 and said in html.unescape(body.decode())
        assert server.get("/province.xlsx")[0] == 409  # summary stops on it too

        above.unlink()
        shows(0, 1)
        (folder / "pyproject.toml").write_text('[project]\nname = "ke-hoach-xa"\n\n[tool.kehoach.rules]\n'
                                               'document-undated = "off"\n', encoding="utf-8")
        shows(0, 0)
    finally:
        assert server.stop() == 130
