"""Certificates the user names on the command line (`--trust`): PEM or DER files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach.diagnostics import KehoachError, os_reason

if TYPE_CHECKING:
    from asn1crypto import x509


def load_certs(paths: Sequence[Path]) -> list[x509.Certificate]:
    """Certificates from PEM or DER files (one or several per file)."""
    from asn1crypto import pem, x509

    certs = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise KehoachError(f"Không đọc được chứng thư {path}: {os_reason(exc)}.") from None
        try:
            if pem.detect(data):
                certs += [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
            else:
                cert = x509.Certificate.load(data)
                cert.native  # noqa: B018 - parse now: asn1crypto is lazy
                certs.append(cert)
        except (ValueError, TypeError):
            raise KehoachError(f"{path} không phải chứng thư số (PEM hoặc DER).") from None
    return certs
