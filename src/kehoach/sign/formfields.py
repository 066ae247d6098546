"""The number and date the văn thư gives after the person has signed (Decree 30's order).

Every glyph on the page is sealed by the person's signature, so nothing can be added to the page
afterwards without breaking it — except what PDF provides for exactly this: filling a form field
(ISO 32000 counts it among the changes a signature allows; pyHanko's difference analysis calls
it FORM_FILLING). So, when the person signs a PDF whose number or date is still blank, an empty
text field is laid over each blank in the same revision as the signature (`add_blanks`); the
body's signature fills them (`fill`) in its own revision: the value, and an appearance drawn in
the line's own face — Times New Roman, upright for the number, italic for the date, the line's
size, on its baseline — the number against the slash, the day and month centred in their gaps.
"""

from __future__ import annotations

from collections.abc import Sequence

from kehoach.sign.layout import NUMBER_FIELD, Blank

# Acrobat's name for Times-Roman in a form's default resources: what a viewer uses if a person
# types into the field by hand (kehoach writes its own appearance, embedded).
DEFAULT_FONT = "/TiRo"


def add_blanks(writer, blanks: Sequence[Blank]) -> None:  # writer: pyHanko IncrementalPdfFileWriter
    """An empty text field over each blank, on the blank's page, listed in the document's form."""
    if not blanks:
        return
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string

    form = _form(writer)
    for blank in blanks:
        page_ref, _ = writer.find_page_for_modification(blank.page)
        box = blank.box
        widget = generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/FT"): pdf_name("/Tx"),
            pdf_name("/T"): pdf_string(blank.field),
            pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(round(v, 3))
                                                   for v in (box.x0, box.y0, box.x1, box.y1)),
            pdf_name("/F"): generic.NumberObject(4),  # printed
            pdf_name("/P"): page_ref,
            pdf_name("/DA"): pdf_string(f"{DEFAULT_FONT} {blank.size:g} Tf 0 g"),
            pdf_name("/Q"): generic.NumberObject(2 if blank.field == NUMBER_FIELD else 1),
            pdf_name("/AP"): generic.DictionaryObject(
                {pdf_name("/N"): writer.add_object(_appearance(box, b""))}),
        })
        ref = writer.add_object(widget)
        page = page_ref.get_object()
        annots = page.get("/Annots")
        if isinstance(annots, generic.ArrayObject):
            annots.append(ref)
            if isinstance(page.raw_get("/Annots"), generic.IndirectObject):
                writer.update_container(annots)
        else:
            page[pdf_name("/Annots")] = generic.ArrayObject([ref])
        writer.update_container(page)
        form["/Fields"].append(ref)
    writer.update_container(form)


def fill(writer, fills: Sequence[tuple[Blank, str]]) -> None:
    """Write each text into its field: the value and its appearance."""
    if not fills:
        return
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string

    from kehoach.sign.fonts import engine_factory

    fields = {str(ref.get_object().get("/T")): ref.get_object() for ref in _form(writer)["/Fields"]}
    for blank, text in fills:
        widget = fields[blank.field]
        size = round(blank.size)
        style = "Italic" if blank.italic else "Regular"
        engine = engine_factory(style, text, size).create_font_engine(writer)
        shaped = engine.shape(text)
        box = blank.box
        width = shaped.x_advance * size
        scale = min(1.0, box.width / width) if width else 1.0  # a long number shrinks into the gap
        left = box.width - width * scale if blank.field == NUMBER_FIELD else (box.width - width * scale) / 2
        content = b"/Tx BMC q BT /F1 %g Tf %g 0 0 %g %g %g Tm %s ET Q EMC" % (
            size, scale, scale, left, blank.baseline - box.y0, shaped.graphics_ops)
        resources = generic.DictionaryObject({pdf_name("/Font"): generic.DictionaryObject(
            {pdf_name("/F1"): engine.as_resource()})})
        widget[pdf_name("/V")] = pdf_string(text)
        widget[pdf_name("/AP")] = generic.DictionaryObject(
            {pdf_name("/N"): writer.add_object(_appearance(box, content, resources))})
        writer.update_container(widget)


def _appearance(box, content: bytes, resources=None):  # -> StreamObject
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    entries = {
        pdf_name("/Type"): pdf_name("/XObject"),
        pdf_name("/Subtype"): pdf_name("/Form"),
        pdf_name("/BBox"): generic.ArrayObject(
            generic.FloatObject(round(v, 3)) for v in (0, 0, box.width, box.height)),
    }
    if resources is not None:
        entries[pdf_name("/Resources")] = resources
    return generic.StreamObject(entries, stream_data=content)


def _form(writer):  # -> the AcroForm dictionary, made (with Times-Roman as its default font) if absent
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    root = writer.root
    if "/AcroForm" in root:
        form = root["/AcroForm"]
        if "/Fields" not in form:
            form[pdf_name("/Fields")] = generic.ArrayObject()
        return form
    times = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Font"), pdf_name("/Subtype"): pdf_name("/Type1"),
        pdf_name("/BaseFont"): pdf_name("/Times-Roman"), pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding")})
    form = generic.DictionaryObject({
        pdf_name("/Fields"): generic.ArrayObject(),
        pdf_name("/DR"): generic.DictionaryObject({pdf_name("/Font"): generic.DictionaryObject(
            {pdf_name(DEFAULT_FONT): writer.add_object(times)})}),
        pdf_name("/DA"): generic.pdf_string(f"{DEFAULT_FONT} 0 Tf 0 g"),
    })
    root[pdf_name("/AcroForm")] = writer.add_object(form)
    writer.update_root()
    return root["/AcroForm"]
