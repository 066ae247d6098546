"""`kehoach sign` and `kehoach verify` end to end, checked by two independent validators: pyHanko's
own (through `kehoach verify`) and poppler's `pdfsig` with an NSS database trusting the test root.
Bad input: a Vietnamese message, exit 2 or 1, the input unchanged and no output written."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from signenv import kehoach
from signpki import PIN


def verify(*args: str):  # type: ignore[no-untyped-def]
    return kehoach("verify", *args)


def test_person_then_body_both_valid_and_trusted_in_both_validators(sign_env):
    signed = sign_env.body_signed
    result = verify(str(signed), "--trust", str(sign_env.pki.root.pem))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("): HỢP LỆ") == 2 and "Kết luận: HỢP LỆ" in out
    assert "trường NguoiKy — người có thẩm quyền" in out and "trường CoQuan — cơ quan ban hành" in out
    assert "Người ký: Nguyễn Tuấn Anh" in out and "Người ký: Ủy ban nhân dân xã An Dương" in out
    assert out.count("Mức: PAdES B-LT") == 2  # timestamp server given, the CRL could be had
    assert "CHƯA KIỂM TRA" not in out  # the revocation data is in the file
    # the person's, after the body's
    assert "sau khi ký chỉ thêm chữ ký số, dữ liệu kiểm tra, hoặc điền số, ngày vào ô để sẵn (được phép)" \
        in out
    assert re.search(r"Dấu thời gian: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00 \(hợp lệ\)", out)
    assert "GET /root.crl" in sign_env.services.requests  # the revocation data came from the CA's server
    poppler = sign_env.pdfsig(signed)
    assert poppler.count("Signature Validation: Signature is Valid.") == 2, poppler
    assert poppler.count("Certificate Validation: Certificate is Trusted.") == 2, poppler
    assert poppler.count("Signature Type: ETSI.CAdES.detached") == 2, poppler


def _content_offset(data: bytes) -> int:
    """An offset inside the last page's content stream (the page with the signatures)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    count = int(reader.root["/Pages"]["/Count"])
    page, _ = reader.find_page_for_modification(count - 1)
    contents = page.get_object().raw_get("/Contents")
    idnum = contents.idnum if hasattr(contents, "idnum") else contents[0].idnum
    start = data.index(f"\n{idnum} 0 obj".encode()) + 1
    return data.index(b"stream", start) + 40


def test_one_byte_of_page_content_changed_is_invalid_in_both(sign_env, tmp_path):
    data = bytearray(sign_env.body_signed.read_bytes())
    offset = _content_offset(bytes(data))
    data[offset] ^= 0x01
    tampered = tmp_path / "sua.pdf"
    tampered.write_bytes(bytes(data))
    result = verify(str(tampered), "--trust", str(sign_env.pki.root.pem))
    assert result.exit_code == 1, result.output
    assert result.output.count("KHÔNG HỢP LỆ") >= 2 and "SAI: nội dung đã ký bị thay đổi" in result.output
    # what is wrong is the content, not the chain: the report does not blame the certificates
    assert result.output.count("Tin cậy: chuỗi chứng thư dẫn tới chứng thư gốc tin cậy") == 2, result.output
    poppler = sign_env.pdfsig(tampered)
    assert "Signature is Valid" not in poppler and poppler.count("Digest Mismatch") == 2, poppler


def test_a_certificate_from_another_root_is_untrusted_in_vietnamese(sign_env, tmp_path):
    out = tmp_path / "la.pdf"
    result = kehoach("sign", str(sign_env.plan), "--as", "person", "--image", str(sign_env.signature),
                     "--p12", str(sign_env.pki.stranger.p12), "-o", str(out))
    assert result.exit_code == 0, result.output
    result = verify(str(out), "--trust", str(sign_env.pki.root.pem))
    assert result.exit_code == 1
    assert ("Tin cậy: KHÔNG — chuỗi chứng thư không dẫn tới chứng thư gốc tin cậy nào đã cho (--trust)"
            in result.output)
    assert "Toàn vẹn: chữ ký đúng với nội dung đã ký" in result.output  # intact, just not trusted
    poppler = sign_env.pdfsig(out)
    assert "Signature is Valid." in poppler and "Certificate is Trusted" not in poppler, poppler
    assert "Certificate issuer isn't Trusted." in poppler, poppler
    # With no root given at all, nothing is trusted: kehoach never falls back on the computer's list.
    bare = verify(str(sign_env.body_signed))
    assert bare.exit_code == 1 and "chưa cho chứng thư gốc tin cậy (--trust GỐC.pem)" in bare.output


def test_levels(sign_env, tmp_path):
    """B-B without a timestamp server; B-T when asked; auto with a chain whose revocation data
    cannot be had (the stranger's certificate names no CRL) says so and stays B-T."""
    common = ["--as", "person", "--image", str(sign_env.signature), "--p12", str(sign_env.pki.person.p12)]
    for level, extra, said in (("B-B", [], "PAdES B-B"),
                               ("B-T", ["--tsa", sign_env.services.tsa_url, "--level", "b-t"], "PAdES B-T")):
        out = tmp_path / f"{level}.pdf"
        result = kehoach("sign", str(sign_env.plan), *common, *extra, "-o", str(out))
        assert result.exit_code == 0 and f"Đã ký ({level}, trang 4)" in result.output, result.output
        checked = verify(str(out), "--trust", str(sign_env.pki.root.pem))
        assert checked.exit_code == 0 and f"Mức: {said}" in checked.output, checked.output
    out = tmp_path / "auto.pdf"
    result = kehoach("sign", str(sign_env.plan), "--as", "person", "--image", str(sign_env.signature),
                     "--p12", str(sign_env.pki.stranger.p12), "--tsa", sign_env.services.tsa_url,
                     "-o", str(out))
    assert result.exit_code == 0 and "Đã ký (B-T" in result.output, result.output
    assert "lưu ý: Không lấy được dữ liệu thu hồi" in result.output
    result = kehoach("sign", str(sign_env.plan), *common, "--level", "b-lt", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and "cần dấu thời gian" in result.output
    result = kehoach("sign", str(sign_env.plan), *common, "--tsa", "http://127.0.0.1:9/tsa", "-o",
                     str(tmp_path / "y.pdf"))
    assert result.exit_code == 2 and "Không lấy được dấu thời gian" in result.output, result.output
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(env, tmp_path, args, code, said, pin=PIN):  # type: ignore[no-untyped-def]
    """Run `kehoach sign ARGS -o OUT`: refused with `code` and `said`, the input untouched, no output
    and no temp file left behind."""
    inputs = [Path(a) for a in args if Path(a).is_file()]
    before = {p: _digest(p) for p in inputs}
    out = tmp_path / "out" / "ky.pdf"
    out.parent.mkdir(exist_ok=True)
    result = kehoach("sign", *args, "-o", str(out), env={"KEHOACH_PIN": pin})
    assert result.exit_code == code, result.output
    assert said in result.output, result.output
    assert result.output.startswith("kehoach: lỗi: ") and "Traceback" not in result.output
    assert {p: _digest(p) for p in inputs} == before
    assert list(out.parent.iterdir()) == []  # nothing written, not even a temp file
    assert pin not in result.output


def test_the_decrees_order(sign_env, tmp_path):
    pki = sign_env.pki
    body = ["--as", "body", "--image", str(sign_env.seal), "--p12", str(pki.body.p12)]
    person = ["--as", "person", "--image", str(sign_env.signature), "--p12", str(pki.person.p12)]
    _refused(sign_env, tmp_path, [str(sign_env.unnumbered), *body], 1, "Văn bản chưa có số và ngày ban hành")
    _refused(sign_env, tmp_path, [str(sign_env.plan), *body], 1,
             "chưa có chữ ký số của người có thẩm quyền")
    _refused(sign_env, tmp_path, [str(sign_env.person_signed), *person], 1,
             "đã có chữ ký số của người có thẩm quyền")
    _refused(sign_env, tmp_path, [str(sign_env.body_signed), *body], 1, "đã có chữ ký số của cơ quan")
    _refused(sign_env, tmp_path, [str(sign_env.draft), *person], 1, "bản DỰ THẢO")
    _refused(sign_env, tmp_path, [str(sign_env.foreign), "--as", "body", "--attachment-of",
                                  str(sign_env.unnumbered), "--p12", str(pki.body.p12)], 1,
             "Văn bản chính chưa có số")


def test_bad_input(sign_env, tmp_path):
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    pki = sign_env.pki
    person = ["--as", "person", "--image", str(sign_env.signature), "--p12", str(pki.person.p12)]
    _refused(sign_env, tmp_path, [str(sign_env.foreign), *person], 2, "không có dấu vị trí khối chữ ký")
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(sign_env.plan.read_bytes())))
    writer.encrypt("chu-so-huu", "")
    locked = tmp_path / "ma-hoa.pdf"
    with locked.open("wb") as f:
        writer.write(f)
    _refused(sign_env, tmp_path, [str(locked), *person], 2, "được mã hóa")
    damaged = tmp_path / "hong.pdf"
    damaged.write_bytes(sign_env.plan.read_bytes()[:3000])
    _refused(sign_env, tmp_path, [str(damaged), *person], 2, "tệp hỏng")
    not_pdf = tmp_path / "khong.pdf"
    not_pdf.write_text("chữ", encoding="utf-8")
    _refused(sign_env, tmp_path, [str(not_pdf), *person], 2, "không phải tệp PDF")
    _refused(sign_env, tmp_path, [str(sign_env.plan), *person], 2, "Mật khẩu", pin="sai-mat-khau")
    _refused(sign_env, tmp_path, [str(sign_env.plan), "--as", "person", "--image", str(sign_env.signature),
                                  "--p12", str(pki.expired.p12)], 1, "đã hết hạn từ")
    opaque = sign_env.image("opaque.png", background=(255, 255, 255, 255))
    _refused(sign_env, tmp_path, [str(sign_env.plan), "--as", "person", "--image", str(opaque),
                                  "--p12", str(pki.person.p12)], 2, "không trong suốt")
    from signpki import BLUE

    blue_seal = sign_env.image("seal-blue.png", colour=BLUE)
    _refused(sign_env, tmp_path, [str(sign_env.person_signed), "--as", "body", "--image", str(blue_seal),
                                  "--p12", str(pki.body.p12)], 2, "không phải màu đỏ")
    _refused(sign_env, tmp_path, [str(sign_env.plan), "--as", "person", "--p12", str(pki.person.p12)], 2,
             "Thiếu ảnh chữ ký")
    _refused(sign_env, tmp_path, [str(sign_env.plan), "--as", "person", "--image", str(sign_env.signature)],
             2, "Cho đúng một nguồn khóa ký")


def test_the_output_is_a_new_file_never_the_input(sign_env, tmp_path):
    copy = tmp_path / "2024.pdf"
    copy.write_bytes(sign_env.plan.read_bytes())
    before = _digest(copy)
    result = kehoach("sign", str(copy), "--as", "person", "--image", str(sign_env.signature), "--p12",
                     str(sign_env.pki.person.p12), "-o", str(copy))
    assert result.exit_code == 2 and _digest(copy) == before, result.output
    result = kehoach("sign", str(copy), "--as", "person", "--image", str(sign_env.signature), "--p12",
                     str(sign_env.pki.person.p12))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2024.ky.pdf").is_file() and _digest(copy) == before  # beside it, by default
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024.ky.pdf", "2024.pdf"]
    assert PIN.encode() not in (tmp_path / "2024.ky.pdf").read_bytes()


def test_verify_unreadable_and_unsigned(sign_env, tmp_path):
    junk = tmp_path / "x.pdf"
    junk.write_text("không phải PDF", encoding="utf-8")
    result = verify(str(junk))
    assert result.exit_code == 2 and "không phải tệp PDF" in result.output
    result = verify(str(sign_env.plan), "--trust", str(sign_env.pki.root.pem))
    assert result.exit_code == 1 and "không có chữ ký số nào" in result.output


def test_pin_asked_without_a_terminal_is_a_clear_error(sign_env, tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "KEHOACH_PIN"}
    done = subprocess.run(
        [sys.executable, "-m", "kehoach", "sign", str(sign_env.plan), "--as", "person", "--image",
         str(sign_env.signature), "--p12", str(sign_env.pki.person.p12), "-o", str(tmp_path / "k.pdf")],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, start_new_session=True,
        check=False)
    assert done.returncode == 2, done.stderr
    assert "không có cửa sổ dòng lệnh để hỏi" in done.stderr and "KEHOACH_PIN" in done.stderr
    assert not (tmp_path / "k.pdf").exists()


def test_pin_typed_on_the_terminal_is_not_echoed(sign_env, tmp_path):
    """A real pseudo-terminal: the PIN is asked there, typed, not shown, and the file is signed."""
    import os
    import pty
    import select
    import sys
    import time

    out = tmp_path / "tty.pdf"
    env = {k: v for k, v in os.environ.items() if k != "KEHOACH_PIN"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: kehoach on the terminal
        os.execve(sys.executable, [sys.executable, "-m", "kehoach", "sign", str(sign_env.plan), "--as",
                                   "person", "--image", str(sign_env.signature), "--p12",
                                   str(sign_env.pki.person.p12), "-o", str(out)], env)
    seen = b""
    typed = False
    deadline = time.monotonic() + 120  # a bound for a stuck child, not a timing margin
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if not typed and "Mật khẩu của".encode() in seen:
            os.write(fd, PIN.encode() + b"\n")
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert typed, seen.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, seen.decode("utf-8", "replace")
    assert PIN.encode() not in seen  # not echoed
    assert out.is_file()


def test_a_revoked_certificate(sign_env, tmp_path):
    """A certificate on its CA's revocation list: with the CA's CRL at hand (a timestamp server given,
    so kehoach fetches the chain's revocation data) signing is refused; a copy signed without that
    check (B-B) is called revoked by `kehoach verify --online`."""
    revoked = ["--as", "person", "--image", str(sign_env.signature), "--p12", str(sign_env.pki.revoked.p12)]
    _refused(sign_env, tmp_path, [str(sign_env.plan), *revoked, "--tsa", sign_env.services.tsa_url], 1,
             "đã bị thu hồi")
    out = tmp_path / "thu-hoi.pdf"
    result = kehoach("sign", str(sign_env.plan), *revoked, "-o", str(out))
    assert result.exit_code == 0 and "Đã ký (B-B" in result.output, result.output
    checked = verify(str(out), "--trust", str(sign_env.pki.root.pem), "--online")
    assert checked.exit_code == 1, checked.output
    assert "Tin cậy: KHÔNG — chứng thư số đã bị thu hồi" in checked.output, checked.output
    # Offline, a B-B file carries no revocation data: nothing can tell, and the report says so.
    offline = verify(str(out), "--trust", str(sign_env.pki.root.pem))
    assert "Thu hồi: CHƯA KIỂM TRA — tệp không kèm dữ liệu thu hồi" in offline.output, offline.output
    assert "--online" in offline.output
