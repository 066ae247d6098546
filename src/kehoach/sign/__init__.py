"""`kehoach sign` and `kehoach verify`: the electronic original as Decree 30/2020 defines it.

Stages that take and return plain data, one module each, so a command, a web page or a test
calls the same code:

- `layout`: where a kehoach PDF's signer block, number and date lines are (the renderer's marks);
- `images`: the signature image and the seal image, checked (transparent PNG, blue / red);
- `placement`: the rectangles Phụ lục I asks for, computed from the layout and the images;
- `keys`: the signer's key and certificate, from a PKCS#12 file or a PKCS#11 token;
- `signing`: a PAdES signature added by incremental update (pyHanko);
- `verification`: every signature of a PDF checked, said in Vietnamese.

The PAdES library (pyHanko) and the PDF text reader (pdfminer.six) are the optional extra
`kehoach[sign]`; nothing outside this package imports them.
"""

from __future__ import annotations

from kehoach.diagnostics import KehoachError

INSTALL_HINT = "Cài phần ký số: pip install 'kehoach[sign]'."


class Refused(KehoachError):
    """The input was read, and signing it (or calling it valid) is refused: exit code 1.
    A KehoachError proper (exit 2) is input that cannot be read or used at all."""

    exit_code = 1


def require() -> None:
    """Fail with the install command, not an ImportError, when the extra is missing."""
    import warnings

    # pyHanko imports cryptography's DSA module, which warns on import that DSA is deprecated:
    # a warning for pyHanko's authors, not for a clerk signing a plan.
    warnings.filterwarnings("ignore", message=r"DSA is deprecated", module=r"pyhanko(\.|$)")
    try:
        import pdfminer  # noqa: F401
        import pyhanko  # noqa: F401
        from PIL import Image  # noqa: F401
    except ImportError as exc:
        raise KehoachError(f"Chưa cài phần ký số của kehoach (thiếu {exc.name}).", INSTALL_HINT) from None


def quiet_libraries() -> None:
    """pyHanko, its certificate validator and fontTools log what they find (a chain that does not
    reach a root, a font table dropped) with tracebacks; kehoach says what matters in Vietnamese
    instead. Their loggers are silenced here, not the program's logging as a whole."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools", "pdfminer"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False
