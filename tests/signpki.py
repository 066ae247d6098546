"""A test PKI made in the tests, no real CA: a root, the person's and the body's certificates with
the key usage Vietnamese CAs give (digitalSignature + nonRepudiation), a timestamp authority, a
second root with a stranger's certificate, an expired certificate, and a local HTTP server that
answers RFC 3161 timestamp requests (pyHanko's DummyTimeStamper) and serves the root's CRL.

Built with `cryptography`; the keys go into PKCS#12 files and into a SoftHSMv2 token, and the
root into an NSS database for poppler's pdfsig.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PIN = "246810"
SO_PIN = "13579"
SOFTHSM_LIBS = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so")


def softhsm_library() -> Path | None:
    found = next((Path(p) for p in SOFTHSM_LIBS if Path(p).is_file()), None)
    return found if found and shutil.which("softhsm2-util") else None


@dataclass
class Identity:
    name: str
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    pem: Path  # the certificate
    p12: Path  # key, certificate and the chain above it, protected by PIN


def _name(common: str, org: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(attrs)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class PKI:
    """Everything under `folder`; `crl_url` goes into the end-entity certificates."""

    def __init__(self, folder: Path, crl_url: str | None = None) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC)
        self.now = now
        self.root = self._ca("Kehoach Test Root CA", now - timedelta(days=365), now + timedelta(days=3650))
        self.other_root = self._ca("Another Root CA", now - timedelta(days=365), now + timedelta(days=3650))
        signing = {"digital_signature": True, "content_commitment": True}
        self.person = self._leaf("Nguyễn Tuấn Anh", None, self.root, signing, crl_url)
        self.body = self._leaf("Ủy ban nhân dân xã An Dương", "Ủy ban nhân dân xã An Dương", self.root,
                               signing, crl_url)
        self.tsa = self._leaf("Kehoach Test TSA", "Kehoach Test", self.root, {"digital_signature": True},
                              crl_url, eku=ExtendedKeyUsageOID.TIME_STAMPING)
        self.stranger = self._leaf("Người Lạ", None, self.other_root, signing, None)
        self.expired = self._leaf("Trần Văn Cũ", None, self.root, signing, crl_url,
                                  start=now - timedelta(days=800), end=now - timedelta(days=30))
        self.revoked = self._leaf("Phạm Văn Thu", None, self.root, signing, crl_url)  # on the root's CRL
        self.crl = self._crl()

    # -- certificates -----------------------------------------------------------------------

    def _ca(self, common: str, start: datetime, end: datetime) -> Identity:
        key = _key()
        name = _name(common, "Kehoach Test PKI")
        cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=True, crl_sign=True, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return self._save(common, key, cert, ())

    def _leaf(self, common: str, org: str | None, issuer: Identity, usage: dict[str, bool],
              crl_url: str | None, eku=None, start: datetime | None = None,
              end: datetime | None = None) -> Identity:
        key = _key()
        flags = dict.fromkeys(("digital_signature", "content_commitment", "key_encipherment",
                               "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign",
                               "encipher_only", "decipher_only"), False) | usage
        builder = (
            x509.CertificateBuilder().subject_name(_name(common, org)).issuer_name(issuer.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start or self.now - timedelta(days=30))
            .not_valid_after(end or self.now + timedelta(days=730))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(**flags), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                           critical=False)
        )
        if eku is not None:
            builder = builder.add_extension(x509.ExtendedKeyUsage([eku]), critical=True)
        if crl_url:
            builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(crl_url)], relative_name=None, reasons=None,
                crl_issuer=None)]), critical=False)
        cert = builder.sign(issuer.key, hashes.SHA256())
        return self._save(common, key, cert, (issuer.cert,))

    def _save(self, common: str, key, cert, chain) -> Identity:  # type: ignore[no-untyped-def]
        stem = "".join(c for c in common.encode("ascii", "ignore").decode().lower() if c.isalnum()) or "id"
        stem = f"{stem}-{cert.serial_number % 10000}"
        pem = self.folder / f"{stem}.pem"
        pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        p12 = self.folder / f"{stem}.p12"
        p12.write_bytes(pkcs12.serialize_key_and_certificates(
            common.encode(), key, cert, list(chain), serialization.BestAvailableEncryption(PIN.encode())))
        return Identity(common, key, cert, pem, p12)

    def _crl(self) -> bytes:
        crl = (
            x509.CertificateRevocationListBuilder().issuer_name(self.root.cert.subject)
            .last_update(self.now - timedelta(hours=1)).next_update(self.now + timedelta(days=7))
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(self.revoked.cert.serial_number)
                .revocation_date(self.now - timedelta(days=2)).build())
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root.key.public_key()),
                           critical=False)
            .sign(self.root.key, hashes.SHA256())
        )
        return crl.public_bytes(serialization.Encoding.DER)

    # -- NSS database for pdfsig ---------------------------------------------------------

    def nss_db(self, folder: Path, roots: tuple[Identity, ...] | None = None) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"], check=True,
                       capture_output=True)
        for index, root in enumerate(roots or (self.root,)):
            subprocess.run(["certutil", "-A", "-d", f"sql:{folder}", "-n", f"root{index}", "-t", "CT,C,C",
                            "-i", str(root.pem)], check=True, capture_output=True)
        return folder

    # -- SoftHSMv2 token -------------------------------------------------------------------

    def softhsm_token(self, folder: Path, who: Identity, label: str = "kehoach-test") -> dict[str, str]:
        """A token holding `who`'s key and certificate (and the root); returns the environment
        (SOFTHSM2_CONF) under which the library sees it."""
        tokens = folder / "tokens"
        tokens.mkdir(parents=True, exist_ok=True)
        conf = folder / "softhsm2.conf"
        conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
        env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SO_PIN,
                        "--pin", PIN], check=True, capture_output=True, env=env)
        key_file = folder / "key.pem"
        key_file.write_bytes(who.key.private_bytes(serialization.Encoding.PEM,
                                                   serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()))
        subprocess.run(["softhsm2-util", "--import", str(key_file), "--token", label, "--label", "ky-so",
                        "--id", "01", "--pin", PIN], check=True, capture_output=True, env=env)
        key_file.unlink()
        # Certificates are objects the token maker's tool writes; softhsm2-util cannot, so a
        # child Python writes them with python-pkcs11 (its library must load under this env).
        script = (
            "import sys, pkcs11\n"
            "from pkcs11 import Attribute, ObjectClass, CertificateType\n"
            "lib = pkcs11.lib(sys.argv[1]); token = lib.get_token(token_label=sys.argv[2])\n"
            "with token.open(user_pin=sys.argv[3], rw=True) as s:\n"
            "    for label, ident, path, subject in zip(*[iter(sys.argv[4:])]*4):\n"
            "        s.create_object({Attribute.CLASS: ObjectClass.CERTIFICATE,\n"
            "            Attribute.CERTIFICATE_TYPE: CertificateType.X_509, Attribute.TOKEN: True,\n"
            "            Attribute.LABEL: label, Attribute.ID: bytes.fromhex(ident),\n"
            "            Attribute.VALUE: open(path,'rb').read(),\n"
            "            Attribute.SUBJECT: bytes.fromhex(subject)})\n"
        )
        args = []
        for cert_label, ident, identity in (("ky-so", "01", who), ("goc", "02", self.root)):
            der = folder / f"{cert_label}.der"
            der.write_bytes(identity.cert.public_bytes(serialization.Encoding.DER))
            args += [cert_label, ident, str(der), identity.cert.subject.public_bytes().hex()]
        import sys

        subprocess.run([sys.executable, "-c", script, str(softhsm_library()), label, PIN, *args], check=True,
                       capture_output=True, env=env)
        return env


class Services:
    """A local timestamp authority and CRL server on 127.0.0.1, stopped by `close()`."""

    def __init__(self) -> None:
        self.tsa = None  # DummyTimeStamper, set by `serve`
        self.crl: bytes | None = None
        self.requests: list[str] = []
        services = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

            def do_GET(self) -> None:
                services.requests.append(f"GET {self.path}")
                if self.path == "/root.crl" and services.crl is not None:
                    self._reply(200, "application/pkix-crl", services.crl)
                else:
                    self._reply(404, "text/plain", b"not here")

            def do_POST(self) -> None:
                services.requests.append(f"POST {self.path}")
                from asn1crypto import tsp

                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path != "/tsa" or services.tsa is None:
                    self._reply(404, "text/plain", b"not here")
                    return
                response = services.tsa.request_tsa_response(tsp.TimeStampReq.load(body))
                self._reply(200, "application/timestamp-reply", response.dump())

            def _reply(self, code: int, kind: str, data: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    @property
    def tsa_url(self) -> str:
        return f"{self.base}/tsa"

    @property
    def crl_url(self) -> str:
        return f"{self.base}/root.crl"

    def serve(self, pki: PKI) -> None:
        from asn1crypto import keys
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.timestamps import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        tsa_cert = asn1_x509.Certificate.load(pki.tsa.cert.public_bytes(serialization.Encoding.DER))
        tsa_key = keys.PrivateKeyInfo.load(pki.tsa.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        root = asn1_x509.Certificate.load(pki.root.cert.public_bytes(serialization.Encoding.DER))
        self.tsa = DummyTimeStamper(tsa_cert, tsa_key,
                                    certs_to_embed=SimpleCertificateStore.from_certs([root]))
        self.crl = pki.crl

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


# -- images ------------------------------------------------------------------------------------

BLUE, RED, BLACK = (28, 50, 190, 255), (215, 25, 35, 255), (20, 20, 20, 255)
SEAL_MM = 36.0
DPI = 300


def signature_png(path: Path, colour=BLUE, *, dpi: int | None = DPI, background=(0, 0, 0, 0),
                  fmt: str = "PNG") -> Path:
    """A handwritten-looking stroke, 50 × 20 mm at `dpi`, on a transparent background."""
    import math

    from PIL import Image, ImageDraw

    width, height = 590, 236  # 50 × 20 mm at 300 dpi
    image = Image.new("RGBA", (width, height), background)
    draw = ImageDraw.Draw(image)
    points = [(40 + t * 5, 130 - 70 * math.sin(t / 9) * math.exp(-t / 120) - t * 0.25) for t in range(0, 100)]
    draw.line(points, fill=colour, width=8, joint="curve")
    draw.line([(150, 170), (300, 60), (330, 150), (420, 70), (470, 140), (550, 95)], fill=colour, width=7,
              joint="curve")
    draw.line([(60, 200), (520, 185)], fill=colour, width=5)
    kwargs = {"dpi": (dpi, dpi)} if dpi else {}
    if fmt == "JPEG":
        image = image.convert("RGB")
    image.save(path, fmt, **kwargs)
    return path


def seal_png(path: Path, colour=RED, *, dpi: int | None = DPI, size_mm: float = SEAL_MM) -> Path:
    """A round seal: two rings, a star, `size_mm` across at `dpi`, transparent outside."""
    from PIL import Image, ImageDraw

    side = round(size_mm / 25.4 * (dpi or DPI))
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = max(4, side // 30)
    draw.ellipse((ring, ring, side - ring - 1, side - ring - 1), outline=colour, width=ring)
    inner = side // 5
    draw.ellipse((inner, inner, side - inner - 1, side - inner - 1), outline=colour, width=max(2, ring // 2))
    draw.regular_polygon((side / 2, side / 2, side / 9), 5, fill=colour)
    for angle in range(0, 360, 12):  # the ring of letters, as dots
        import math

        r = side / 2 - ring * 3.2
        x, y = side / 2 + r * math.cos(math.radians(angle)), side / 2 + r * math.sin(math.radians(angle))
        draw.ellipse((x - ring / 2, y - ring / 2, x + ring / 2, y + ring / 2), fill=colour)
    image.save(path, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return path
