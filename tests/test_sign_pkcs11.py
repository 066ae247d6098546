"""Keys on a PKCS#11 token — the USB tokens Vietnamese CAs issue — emulated by SoftHSMv2 (Debian
softhsm2, installed by .ci/run). kehoach runs as a real process, as the clerk runs it: the token's
library is loaded there, under the SOFTHSM2_CONF that points at the test token."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from signenv import loud_skip
from signpki import PIN, softhsm_library


@pytest.fixture(scope="module")
def token(sign_env, tmp_path_factory):
    library = softhsm_library()
    if library is None:
        loud_skip("SoftHSMv2 is not installed (apt-get install softhsm2): PKCS#11 signing NOT tested")
    env = sign_env.pki.softhsm_token(tmp_path_factory.mktemp("token"), sign_env.pki.person)
    return library, env


def run(env: dict[str, str], *args: str, pin: str = PIN) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, text=True,
                          check=False, env={**env, "KEHOACH_PIN": pin}, stdin=subprocess.DEVNULL)


def test_the_person_signs_with_the_token(sign_env, token, tmp_path):
    library, env = token
    out = tmp_path / "token.ky.pdf"
    done = run(env, "sign", str(sign_env.plan), "--as", "person", "--image", str(sign_env.signature),
               "--pkcs11", str(library), "--tsa", sign_env.services.tsa_url, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Đã ký (B-LT, trang 4): {out}")
    checked = run(env, "verify", str(out), "--trust", str(sign_env.pki.root.pem))
    assert checked.returncode == 0 and "Người ký: Nguyễn Tuấn Anh" in checked.stdout, checked.stdout
    poppler = sign_env.pdfsig(out)
    assert "Signature is Valid." in poppler and "Certificate is Trusted." in poppler, poppler
    assert PIN.encode() not in out.read_bytes()


@pytest.mark.parametrize(("extra", "pin", "said"), [
    ((), "000000", "Mã PIN của token 'kehoach-test' không đúng"),
    (("--token", "token-khac"), PIN, "Không thấy token nào có nhãn 'token-khac'"),
    (("--key", "khoa-khac"), PIN, "Token không có khóa ký nhãn 'khoa-khac'"),
])
def test_token_problems_in_vietnamese(sign_env, token, tmp_path, extra, pin, said):
    library, env = token
    before = hashlib.sha256(sign_env.plan.read_bytes()).hexdigest()
    out = tmp_path / "x.pdf"
    done = run(env, "sign", str(sign_env.plan), "--as", "person", "--image", str(sign_env.signature),
               "--pkcs11", str(library), *extra, "-o", str(out), pin=pin)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr and pin not in done.stderr + done.stdout
    assert not out.exists() and hashlib.sha256(sign_env.plan.read_bytes()).hexdigest() == before


def test_a_missing_token_library(sign_env, tmp_path):
    done = run(dict(os.environ), "sign", str(sign_env.plan), "--as", "person", "--image",
               str(sign_env.signature), "--pkcs11", str(tmp_path / "libkhong.so"),
               "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and "Không có thư viện PKCS#11" in done.stderr, done.stderr


def test_the_body_signs_with_its_own_token(sign_env, token, tmp_path_factory, tmp_path):
    """The văn thư's token (the body's key, another label): the body's signature over the person's,
    both valid and trusted in both validators."""
    library, _ = token
    env = sign_env.pki.softhsm_token(tmp_path_factory.mktemp("body-token"), sign_env.pki.body,
                                     label="van-thu")
    out = tmp_path / "token.ban-hanh.pdf"
    done = run(env, "sign", str(sign_env.person_signed), "--as", "body", "--image", str(sign_env.seal),
               "--pkcs11", str(library), "--token", "van-thu", "-o", str(out))
    assert done.returncode == 0, done.stderr
    checked = run(env, "verify", str(out), "--trust", str(sign_env.pki.root.pem))
    assert checked.returncode == 0 and checked.stdout.count("): HỢP LỆ") == 2, checked.stdout
    assert "Người ký: Ủy ban nhân dân xã An Dương" in checked.stdout
    poppler = sign_env.pdfsig(out)
    assert poppler.count("Signature is Valid.") == 2, poppler
    assert poppler.count("Certificate is Trusted.") == 2, poppler
