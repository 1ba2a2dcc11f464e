"""The viewer's web security: CSRF tokens, response headers, secret key, safe redirects.

- Every state-changing request (POST, PUT, PATCH, DELETE) must carry the session's CSRF
  token in the form field ``csrf_token`` (or the ``X-CSRF-Token`` header); otherwise 400.
  Tokens are compared with :func:`hmac.compare_digest`.
- Every response carries a strict Content-Security-Policy (no inline script or style, no
  framing), ``X-Content-Type-Options: nosniff``, a Referrer-Policy and ``X-Frame-Options``.
- The session cookie is signed with ``SECRET_KEY``: from ``LOVDIFF_SECRET_KEY`` or a random
  key kept in the instance folder (file mode 0600), so sessions survive restarts.
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, abort, request, session

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def csrf_token() -> str:
    """The session's CSRF token, created on first use."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def check_csrf() -> None:
    """``before_request`` hook: abort with 400 when an unsafe request lacks a valid token."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = session.get(CSRF_FIELD)
    given = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    if (
        not isinstance(expected, str)
        or not expected
        or not hmac.compare_digest(expected.encode(), given.encode())
    ):
        abort(400, description="Formularen er udløbet eller ugyldig (CSRF). Genindlæs siden.")


def add_security_headers(response: Response) -> Response:
    """``after_request`` hook: the headers listed in :data:`SECURITY_HEADERS`."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-cache")
    return response


def load_secret_key(app: Flask) -> str:
    """``LOVDIFF_SECRET_KEY``, else a random key persisted in ``instance/secret_key``.

    The file is created exclusively (mode 0600), so several worker processes starting at
    once agree on one key: the first writes it, the others read it.
    """
    env = os.environ.get("LOVDIFF_SECRET_KEY")
    if env:
        return env
    path = Path(app.instance_path) / "secret_key"
    key = secrets.token_hex(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process may be writing it right now
            stored = path.read_text(encoding="ascii").strip()
            if stored:
                return stored
            time.sleep(0.01)
        raise RuntimeError(f"lovdiff: nøglefilen {path} er tom; slet den og start igen") from None
    except OSError:
        app.logger.warning("kunne ikke gemme nøgle i %s; sessioner gælder til genstart", path)
        return key
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def safe_next(target: str | None, default: str = "/") -> str:
    """A redirect target that stays on this site: a path starting with one ``/``.

    >>> safe_next("/svar/3#k-1"), safe_next("//evil.example/"), safe_next("https://x/")
    ('/svar/3#k-1', '/', '/')
    """
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target
