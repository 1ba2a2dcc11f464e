"""A per-process cache of whole pages for readers who are not logged in.

Pages change only when an ingest changes the store (``data_version``) or a drafter writes a
remark (``remarks_version``); both are part of the key, so a cached page is never stale.
Logged-in drafters see forms with CSRF tokens and unredacted letters: their pages are never
cached, nor are responses that set a cookie, carry flashed messages, or are not 200.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from flask import Flask, Response, g, request, session

MAX_ENTRIES = 512
MAX_BYTES = 4 * 1024 * 1024
_LOCK = threading.Lock()


def _key() -> tuple[str, ...] | None:
    if request.method != "GET" or g.get("user") or session.get("_flashes"):
        return None
    if request.path.startswith(("/static/", "/login")):
        return None
    from lovdiff.viewer.db import data_version, get_engine, get_store

    remarks = getattr(get_store(), "remarks_version", None)
    version = remarks(get_engine()) if callable(remarks) else ""
    return (request.full_path, str(data_version()), version)


def install(app: Flask) -> None:
    """Register the cache hooks (after the login hook, before the security headers)."""
    pages: OrderedDict[tuple[str, ...], tuple[bytes, int, list[tuple[str, str]]]] = OrderedDict()
    app.extensions.setdefault("lovdiff", {})["page_cache"] = pages

    def lookup() -> Any:
        if app.config.get("PAGE_CACHE") is False:
            return None
        key = _key()
        g.page_cache_key = key
        if key is None:
            return None
        with _LOCK:
            hit = pages.get(key)
            if hit is not None:
                pages.move_to_end(key)
        if hit is None:
            return None
        body, status, headers = hit
        g.page_cache_hit = True
        return Response(body, status=status, headers=headers)

    def store(response: Response) -> Response:
        key = g.get("page_cache_key")
        if key is None or g.get("page_cache_hit") or response.status_code != 200:
            return response
        if response.direct_passthrough or response.headers.get("Set-Cookie") or session.modified:
            return response
        body = response.get_data()
        if len(body) > MAX_BYTES:
            return response
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "set-cookie"]
        with _LOCK:
            pages[key] = (body, response.status_code, headers)
            while len(pages) > MAX_ENTRIES:
                pages.popitem(last=False)
        return response

    app.before_request(lookup)
    app.after_request(store)
