"""The .docx writer: each WordprocessingML part is a Jinja text template (templates/docx/), zipped
with the standard library. No binary template, so every layout decision shows up in a diff.
"""

from __future__ import annotations

import io
import zipfile

import jinja2

from kehoach.render.env import render_template
from kehoach.render.views import DocumentView

# Zip member → template. [Content_Types].xml goes first, as Office writes it.
PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "word/document.xml",
    "word/styles.xml",
    "word/settings.xml",
    "word/header1.xml",
    "word/header2.xml",
    "word/_rels/document.xml.rels",
)
# A fixed timestamp makes the same plan give byte-identical files (1980-01-01 is zip's epoch).
_EPOCH = (1980, 1, 1, 0, 0, 0)


def check_xml(xml: str, template: str) -> None:
    """Word refuses a whole file for one malformed part: every part must parse before anything is
    written (a user's template can produce anything). No DTD: Word never needs one, and an
    entity-expanding DOCTYPE is the way to make a parser work without bound."""
    from xml.parsers import expat

    from kehoach.diagnostics import KehoachError

    parser = expat.ParserCreate()

    def refuse_dtd(*_args: object) -> None:
        raise ValueError("DOCTYPE")

    parser.StartDoctypeDeclHandler = refuse_dtd
    try:
        parser.Parse(xml.encode("utf-8"), True)
    except ValueError:
        raise KehoachError(f"Mẫu {template} sinh ra XML có khai báo DOCTYPE; Word không dùng nó.",
                           "Bỏ dòng <!DOCTYPE …> khỏi mẫu.") from None
    except expat.ExpatError as exc:
        raise KehoachError(
            f"Mẫu {template} sinh ra XML hỏng (dòng {exc.lineno}, cột {exc.offset + 1} của phần "
            "đã kết xuất): Word sẽ không mở được tệp, nên tệp .docx không được ghi.",
            "Kiểm tra các thẻ mở/đóng và dấu & < > trong mẫu (chữ của kế hoạch đã được thoát sẵn).",
        ) from None


def render_docx(view: DocumentView, env: jinja2.Environment) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in PARTS:
            xml = render_template(env, f"docx/{part}", doc=view)
            check_xml(xml, f"docx/{part}")
            info = zipfile.ZipInfo(part, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, xml.encode("utf-8"))
    return buffer.getvalue()
