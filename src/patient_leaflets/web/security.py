"""The front desk's defences: who may connect, which requests may change things, what a page may load.

- Bound to loopback, the app answers only requests addressed to loopback
  names (a web page elsewhere cannot reach it through DNS rebinding).
  Bound to any other address it needs an access token, or it does not start;
  the token is compared in constant time.
- Printing, building and checking a copy are POST requests carrying the
  session's CSRF token.
- Every response has a strict Content-Security-Policy: everything from the
  app itself, no inline script, no frames, no plug-ins.
"""

from __future__ import annotations

import hmac
import ipaddress

from ..errors import UsageError

TOKEN_COOKIE = "leaflets_token"
TOKEN_ENV = "LEAFLETS_TOKEN"
MIN_TOKEN_LENGTH = 16
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) can only be reached from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without an access token (or with a guessable one)."""
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise UsageError(f"the access token must be at least {MIN_TOKEN_LENGTH} characters; make "
                         "one with: python3 -c 'import secrets; print(secrets.token_urlsafe())'")
    if not is_loopback(host) and token is None:
        raise UsageError(f"--host {host} lets other machines connect: give an access token with "
                         f"--token or {TOKEN_ENV} (or serve on 127.0.0.1 behind a proxy)")


def loopback_names(port: int) -> list[str]:
    """Return the Host headers a browser on this machine sends to the app."""
    return [f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")] + \
           ["127.0.0.1", "localhost", "[::1]"]


def token_matches(expected: str, given: str | None) -> bool:
    """Whether ``given`` is the access token, compared in constant time."""
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())

