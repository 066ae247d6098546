"""What keeps the page safe to leave running: which Host names it answers (a web page elsewhere
cannot reach it by a DNS name that points at 127.0.0.1), which requests may write (same origin,
with the form's token), and which plan names a URL may carry.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")


def host_name(value: str) -> str:
    """`127.0.0.1:8000` → `127.0.0.1`, `[::1]:8000` → `::1` (lower case)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """The server's rules for Host, Origin and the form token."""

    def __init__(self, bound_to: str = "127.0.0.1") -> None:
        self.bound_to = bound_to.strip().lower()
        self.token = secrets.token_urlsafe(32)  # new at every start; in every form of the pages

    def host_allowed(self, host: str | None) -> bool:
        """On loopback only loopback names (no DNS rebinding); with --host, that name too, and
        any name when bound to every interface (then the user chose to be reachable)."""
        if self.bound_to in WILDCARD:
            return True
        if host is None:
            return False
        name = host_name(host)
        return name in LOOPBACK or name == host_name(self.bound_to)

    def same_origin(
        self, origin: str | None, referer: str | None, host: str | None, fetch_site: str | None
    ) -> bool:
        """A write must come from one of our own pages: its Origin (or, lacking one, Referer)
        names this very host and port, and the browser does not call it cross-site."""
        if fetch_site is not None and fetch_site.lower() not in ("same-origin", "none"):
            return False
        if host is None:
            return False
        source = origin if origin not in (None, "", "null") else referer
        if not source:
            return False
        parts = urlsplit(source)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == host.strip().lower()

    def token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())


def plan_name_ok(rel: str) -> bool:
    """A plan's name in a URL: a relative path of plain parts (no `..`, no hidden part, no
    backslash or NUL), ending .yaml or .yml. Whether it is a plan of the folder is asked after."""
    if not rel or rel.startswith("/") or "\\" in rel or "\x00" in rel:
        return False
    parts = rel.split("/")
    return all(p and p not in (".", "..") and not p.startswith(".") for p in parts) and rel.endswith(
        (".yaml", ".yml")
    )
