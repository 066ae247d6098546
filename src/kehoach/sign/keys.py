"""The signer's key and certificate: a PKCS#12 file (.p12/.pfx) or a PKCS#11 token (the USB
tokens Vietnamese CAs issue, through the token maker's PKCS#11 library).

The PIN (or the .p12 password) comes from the environment variable KEHOACH_PIN, else it is asked
on the terminal without echo. It is never written anywhere: not to a file, not to a log, not in
a message. A wrong PIN is said as such (a token locks itself after a few wrong tries, so the
message says so too).

The certificate is checked before anything is signed: a certificate that has expired or is not
valid yet, or whose key usage forbids signing documents, is refused (exit 1) with the dates.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach.diagnostics import KehoachError, os_reason
from kehoach.sign import Refused
from kehoach.sign.timefmt import vn_time

if TYPE_CHECKING:
    from asn1crypto import x509
    from pyhanko.sign.signers import Signer

PIN_ENV = "KEHOACH_PIN"
PIN_HINT = f"Đặt biến môi trường {PIN_ENV} hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập mã PIN."


@dataclass(frozen=True, slots=True)
class KeySpec:
    """Where the key is: exactly one of `p12` and `pkcs11` (the token maker's library)."""

    p12: Path | None = None
    pkcs11: Path | None = None
    token: str | None = None  # the token's label, when the library sees several tokens
    key: str | None = None  # the key's label, when the token holds several keys


def read_pin(prompt: str) -> str:
    """KEHOACH_PIN, else the terminal (no echo). Never a PIN typed on the command line: it
    would stay in the shell's history and in the process list."""
    pin = os.environ.get(PIN_ENV)
    if pin is not None:
        return pin
    import getpass

    if sys.platform != "win32":
        # getpass reads /dev/tty; without one it would fall back to standard input and echo the
        # PIN with a warning in English. No terminal: say so, never read a PIN from a pipe.
        try:
            os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
        except OSError:
            raise KehoachError("Cần mã PIN nhưng không có cửa sổ dòng lệnh để hỏi.", PIN_HINT) from None
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise KehoachError("Chưa nhập mã PIN.", PIN_HINT) from None


def check_certificate(cert: x509.Certificate, now: datetime | None = None) -> None:
    """Refuse a certificate that cannot make a valid signature now."""
    now = now or datetime.now(UTC)
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    who = subject_name(cert)
    if now > end:
        raise Refused(f"Chứng thư số của {who} đã hết hạn từ {vn_time(end)}: chữ ký sẽ không hợp lệ.",
                      "Gia hạn chứng thư số với tổ chức cung cấp dịch vụ chứng thực chữ ký số.")
    if now < start:
        raise Refused(f"Chứng thư số của {who} chưa có hiệu lực (từ {vn_time(start)}).",
                      "Kiểm tra đồng hồ của máy tính, hoặc chờ đến ngày chứng thư có hiệu lực.")
    usage = cert.key_usage_value
    if usage is not None and not ({"digital_signature", "non_repudiation"} & set(usage.native)):
        raise Refused(f"Chứng thư số của {who} không dùng để ký văn bản (key usage: "
                      f"{', '.join(sorted(usage.native))}).",
                      "Dùng chứng thư ký số (digitalSignature/nonRepudiation) của người ký hoặc cơ quan.")


def subject_name(cert: x509.Certificate) -> str:
    """`Nguyễn Tuấn Anh` (the common name), else the whole subject."""
    subject = cert.subject.native
    return str(subject.get("common_name") or cert.subject.human_friendly)


@contextlib.contextmanager
def open_signer(spec: KeySpec, pin: Callable[[str], str] = read_pin) -> Iterator[Signer]:
    """A pyHanko signer over the key; a token's session is closed on the way out."""
    if (spec.p12 is None) == (spec.pkcs11 is None):
        raise KehoachError("Cho đúng một nguồn khóa ký: --p12 TỆP hoặc --pkcs11 THƯ_VIỆN.")
    if spec.p12 is not None:
        signer = _p12_signer(spec.p12, pin)
        check_certificate(signer.signing_cert)
        yield signer
        return
    assert spec.pkcs11 is not None
    with _token_session(spec, pin) as (session, key_id):
        from pyhanko.sign.pkcs11 import PKCS11Signer

        signer = PKCS11Signer(session, key_id=key_id, cert_id=key_id, other_certs_to_pull=None)
        try:
            cert = signer.signing_cert
        except Exception as exc:  # pyHanko's PKCS11Error: no certificate with the key's id
            raise KehoachError(f"Token không có chứng thư số đi kèm khóa ký ({type(exc).__name__}: {exc}).",
                               "Kiểm tra token bằng phần mềm của nhà cung cấp.") from None
        check_certificate(cert)
        yield signer


def _p12_signer(path: Path, pin: Callable[[str], str]) -> Signer:
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KehoachError(f"Không đọc được tệp khóa {path}: {os_reason(exc)}.") from None
    password = pin(f"Mật khẩu của {path.name}: ")
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(data, password.encode("utf-8") or None)
    except ValueError:
        # cryptography says the same for a wrong password and a file that is no PKCS#12: try to
        # tell them apart by whether the file parses as PKCS#12 at all (asn1crypto).
        raise KehoachError(f"Mật khẩu của {path} không đúng, hoặc tệp không phải PKCS#12 (.p12/.pfx).",
                           f"Kiểm tra mật khẩu ({PIN_ENV} hoặc nhập lại) và tệp khóa.") from None
    if key is None or cert is None:
        raise KehoachError(f"{path} không chứa khóa ký kèm chứng thư số.")
    return SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password.encode("utf-8") or None)


@contextlib.contextmanager
def _token_session(spec: KeySpec, pin: Callable[[str], str]) -> Iterator[tuple[object, bytes]]:
    import pkcs11
    from pkcs11 import Attribute, ObjectClass, TokenFlag
    from pkcs11 import exceptions as p11

    assert spec.pkcs11 is not None
    if not spec.pkcs11.is_file():
        raise KehoachError(f"Không có thư viện PKCS#11 {spec.pkcs11}.",
                           "Cài phần mềm token của nhà cung cấp chứng thư số; thư viện thường có tên "
                           "dạng lib…p11.so (Linux) hoặc …p11.dll (Windows).")
    try:
        library = pkcs11.lib(str(spec.pkcs11))
    except (RuntimeError, OSError, p11.PKCS11Error) as exc:
        raise KehoachError(f"Không nạp được thư viện PKCS#11 {spec.pkcs11} ({type(exc).__name__}).",
                           "Kiểm tra đường dẫn tới thư viện của token.") from None
    try:
        tokens = [slot.get_token() for slot in library.get_slots(token_present=True)]
    except p11.PKCS11Error as exc:
        raise KehoachError(f"Không đọc được danh sách token ({type(exc).__name__}).") from None
    tokens = [t for t in tokens if t.flags & TokenFlag.TOKEN_INITIALIZED]
    if spec.token is not None:
        tokens = [t for t in tokens if t.label == spec.token]
    if not tokens:
        raise KehoachError("Không thấy token nào" + (f" có nhãn {spec.token!r}" if spec.token else "") + ".",
                           "Cắm token vào máy; kiểm tra nhãn token (--token).")
    if len(tokens) > 1:
        labels = ", ".join(repr(t.label) for t in tokens)
        raise KehoachError(f"Có {len(tokens)} token ({labels}): chưa biết ký bằng token nào.",
                           "Chọn token bằng --token NHÃN.")
    token = tokens[0]
    secret = pin(f"Mã PIN của token {token.label}: ")
    try:
        session = token.open(user_pin=secret)
    except p11.PinIncorrect:
        raise KehoachError(f"Mã PIN của token {token.label!r} không đúng.",
                           "Nhập lại cẩn thận: nhập sai nhiều lần token sẽ bị khóa.") from None
    except p11.PinLocked:
        raise KehoachError(f"Token {token.label!r} đã bị khóa vì nhập sai mã PIN nhiều lần.",
                           "Liên hệ tổ chức cung cấp chứng thư số để mở khóa token.") from None
    except p11.PKCS11Error as exc:
        raise KehoachError(f"Không mở được token {token.label!r} ({type(exc).__name__}).") from None
    finally:
        del secret
    try:
        query = {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True}
        if spec.key is not None:
            query[Attribute.LABEL] = spec.key
        found = list(session.get_objects(query))
        if not found:
            raise KehoachError("Token không có khóa ký" + (f" nhãn {spec.key!r}" if spec.key else "") + ".",
                               "Kiểm tra nhãn khóa (--key).")
        if len(found) > 1:
            labels = ", ".join(repr(k.label) for k in found)
            raise KehoachError(f"Token có {len(found)} khóa ký ({labels}): chưa biết ký bằng khóa nào.",
                               "Chọn khóa bằng --key NHÃN.")
        key_id = found[0][Attribute.ID]
        yield session, key_id
    finally:
        with contextlib.suppress(Exception):
            session.close()
