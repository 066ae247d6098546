"""PDF through LibreOffice headless: the .docx is what is signed, the PDF is what it looks like.

Each conversion uses a throw-away LibreOffice profile, so it neither disturbs nor waits for a
LibreOffice the user has open, and a hung conversion is killed after a timeout.

LibreOffice runs in a process group of its own: `soffice` is only a launcher for `soffice.bin`,
and killing the launcher alone would leave the real converter running (and the temporary
folder in use). On a timeout, Ctrl-C or SIGTERM the whole group is killed, then the folder removed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kehoach.diagnostics import KehoachError, os_reason

TIMEOUT_S = 180
INSTALL_HINT = (
    "Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui "
    "fonts-liberation2), hoặc kết xuất .docx rồi mở bằng Word và lưu thành PDF."
)


# Word bookmarks become PDF named destinations: the exact place of the lines kehoach marks (the
# signer's title and name, the number and date lines), read by `kehoach sign` to place the
# signatures. The JSON form of the filter options needs LibreOffice 7.4; an older one ignores it
# and its PDF is refused by `kehoach sign` (no marks), never signed in the wrong place.
PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, stem: str = "kehoach") -> bytes:
    """The PDF of a .docx, as LibreOffice lays it out — with its headings kept with their text.

    LibreOffice 7.4 does not always honour keep-with-next: on a page that starts with the header
    table and is full enough, a heading (or a run of headings) can be left as the page's last
    lines with its text on the next page, though the style carries keep-with-next and Word keeps
    them together. Widow/orphan control, the table's and section's properties and the line
    spacing were each ruled out (changing them moves the fault elsewhere, never removes it).
    So the PDF is read back (render/pdflayout.py): a heading run that ends a page gets a page
    break before it in the copy LibreOffice converts — one at a time, as each moves what follows.
    The .docx the user gets is not changed: Word keeps the heading with its text by itself.
    """
    return docx_to_pdfs({stem: docx})[stem]


def docx_to_pdfs(documents: dict[str, bytes]) -> dict[str, bytes]:
    """Several .docx (by file stem) through one LibreOffice run each round, as docx_to_pdf."""
    soffice = find_soffice()
    if soffice is None:
        raise KehoachError("Không tìm thấy LibreOffice (soffice) để tạo PDF.", INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        pdfs = _convert(soffice, folder, documents)
        pending = dict(documents)
        for _ in range(MAX_ROUNDS):
            fixed = {stem: marked for stem, docx in pending.items()
                     if (marked := _keep_next_heading(pdfs[stem], docx)) is not None}
            if not fixed:
                break
            pdfs.update(_convert(soffice, folder, fixed))
            pending = fixed
        return pdfs


# Page breaks added for headings LibreOffice left at a page's foot, at most this many per document.
MAX_ROUNDS = 6
DECREE_FONT = "Times New Roman"


def font_family(postscript: str) -> str:
    """`LiberationSerif-BoldItalic` → `Liberation Serif`; `TimesNewRomanPS-BoldMT` → `Times New Roman`."""
    if postscript.replace(" ", "").startswith("TimesNewRoman"):
        return DECREE_FONT
    base = postscript.split("-", 1)[0].split(",", 1)[0]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", base)


def font_notes(pdf: bytes) -> tuple[str, ...]:
    """A warning when the PDF is not set in Times New Roman (Nghị định 30/2020): which font
    LibreOffice used instead, read from the PDF itself. Nothing to say for a PDF it cannot read."""
    from kehoach.render import pdflayout

    try:
        used = sorted({font_family(name) for name in pdflayout.read(pdf).fonts})
    except ValueError:
        return ()
    others = [family for family in used if family != DECREE_FONT]
    if not others:
        return ()
    same = " (cùng kích thước chữ, nên trang và dòng không đổi)" if others == ["Liberation Serif"] else ""
    return (f"PDF dùng phông {', '.join(others)} thay cho {DECREE_FONT}{same}: máy này không có phông "
            f"{DECREE_FONT} mà Nghị định 30/2020/NĐ-CP quy định. Cài phông {DECREE_FONT} (Debian/Ubuntu: "
            "sudo apt-get install ttf-mscorefonts-installer) rồi kết xuất lại, hoặc in từ tệp .docx "
            "bằng Word.",)


def _keep_next_heading(pdf: bytes, docx: bytes) -> bytes | None:
    """The .docx with a page break before the first heading run that ends a page of `pdf`, or
    None when there is none (or the PDF or .docx is not what kehoach writes: left as it is)."""
    from kehoach.render import pdflayout

    try:
        layout = pdflayout.read(pdf)
    except ValueError:
        return None
    index = pdflayout.stranded(layout)
    if index is None:
        return None
    return break_before(docx, index, layout.headings[index].title)


_STYLE = re.compile(r'<w:style\b[^>]*w:type="paragraph"[^>]*>.*?</w:style>', re.S)
_PARAGRAPH = re.compile(r"<w:p(?=[\s>])[^>]*>.*?</w:p>", re.S)


def _outline_styles(styles: str) -> set[str]:
    """Paragraph style ids with an outline level (their own or a base style's)."""
    own: dict[str, str | None] = {}
    level: dict[str, bool] = {}
    for block in _STYLE.findall(styles):
        sid = re.search(r'w:styleId="([^"]+)"', block)
        if sid is None:
            continue
        based = re.search(r'<w:basedOn w:val="([^"]+)"', block)
        outline = re.search(r'<w:outlineLvl w:val="(\d+)"', block)
        own[sid[1]] = based[1] if based else None
        if outline:
            level[sid[1]] = int(outline[1]) < 9
    found = set()
    for sid in own:
        current, seen = sid, set()
        while current is not None and current not in level and current not in seen:
            seen.add(current)
            current = own.get(current)
        if current is not None and level.get(current):
            found.add(sid)
    return found


def _text(paragraph: str) -> str:
    from html import unescape

    return " ".join(unescape("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", paragraph)))
                    .replace("\u00a0", " ").split())


def break_before(docx: bytes, index: int, title: str) -> bytes | None:
    """`docx` with a page break before its `index`-th outline paragraph (a heading, in document
    order, as the PDF's outline lists them), checked against the heading's `title`."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError):
        return None
    parts = {info.filename: data for info, data in members}
    if "word/document.xml" not in parts or "word/styles.xml" not in parts:
        return None
    outline = _outline_styles(parts["word/styles.xml"].decode("utf-8"))
    document = parts["word/document.xml"].decode("utf-8")
    count = -1
    for match in _PARAGRAPH.finditer(document):
        paragraph = match[0]
        style = re.search(r'<w:pStyle w:val="([^"]+)"', paragraph)
        direct = re.search(r'<w:outlineLvl w:val="(\d+)"', paragraph)
        if not ((direct and int(direct[1]) < 9) or (not direct and style and style[1] in outline)):
            continue
        count += 1
        if count != index:
            continue
        if _text(paragraph) != " ".join(title.replace("\u00a0", " ").split()):
            return None
        props = re.search(r"<w:pPr>((?:<w:pStyle [^>]*/>)?(?:<w:keepNext/>)?(?:<w:keepLines/>)?)", paragraph)
        if props is None or "<w:pageBreakBefore" in paragraph:
            return None
        marked = paragraph[:props.end()] + "<w:pageBreakBefore/>" + paragraph[props.end():]
        document = document[:match.start()] + marked + document[match.end():]
        break
    else:
        return None
    parts["word/document.xml"] = document.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, _data in members:
            archive.writestr(info.filename, parts[info.filename])
    return buffer.getvalue()


def _convert(soffice: str, folder: Path, documents: dict[str, bytes]) -> dict[str, bytes]:
    """One LibreOffice run over the .docx `documents` (by file stem), in `folder` (its profile is
    kept from one run to the next)."""
    sources = []
    for stem, docx in documents.items():
        source = folder / f"{stem}.docx"
        source.write_bytes(docx)
        (folder / f"{stem}.pdf").unlink(missing_ok=True)
        sources.append(str(source))
    command = [
        soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless", "--norestore", "--nolockcheck",
        "--convert-to", PDF_FILTER, "--outdir", str(folder), *sources,
    ]
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise KehoachError(f"Không chạy được LibreOffice ({soffice}): {os_reason(exc)}.",
                           INSTALL_HINT) from None
    try:
        out, err = child.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        stop_group(child)
        raise KehoachError(f"LibreOffice không chuyển xong sang PDF sau {TIMEOUT_S} giây.",
                           "Thử lại; nếu vẫn lỗi, mở tệp .docx và lưu thành PDF.") from None
    except BaseException:  # Ctrl-C, SIGTERM: LibreOffice stops with us
        stop_group(child)
        raise
    stop_group(child)  # a helper the launcher left behind must not outlive the folder
    done = subprocess.CompletedProcess(command, child.returncode, out, err)
    results = {stem: folder / f"{stem}.pdf" for stem in documents}
    if done.returncode != 0 or any(not r.is_file() or r.stat().st_size == 0 for r in results.values()):
        detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
        raise KehoachError(
            "LibreOffice không tạo được PDF" + (f": {detail[-500:]}" if detail else "."),
            "Kiểm tra LibreOffice chạy được (soffice --headless --version).",
        )
    return {stem: result.read_bytes() for stem, result in results.items()}


def stop_group(child: subprocess.Popen) -> None:
    """Kill the child's whole process group (launcher and soffice.bin) and reap the child:
    SIGTERM first, SIGKILL for whatever is still there a moment later."""
    if not hasattr(os, "killpg"):  # pragma: no cover - Windows: no process groups to signal
        child.kill()
        child.wait()
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(child.pid, sig)
        except (ProcessLookupError, PermissionError):  # the group is gone already
            break
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=3)
    with contextlib.suppress(subprocess.TimeoutExpired):  # a process that survives SIGKILL
        child.wait(timeout=5)
