"""The viewer's access to the store: one engine per app, put on ``g`` per request.

The store module is ``lovdiff.store`` unless ``app.config["STORE"]`` names another object
with the same functions (tests use that). Loaded comparisons and documents are cached per
process, keyed by the database's ingest version when the store reports one, so a page
never re-aligns two versions on every request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import current_app, g

_LOCK = threading.Lock()


def get_store() -> Any:
    """The store module (or the test double in ``config["STORE"]``)."""
    store = current_app.config.get("STORE")
    if store is None:
        from lovdiff import store as store_module

        store = store_module
        current_app.config["STORE"] = store
    return store


def not_found() -> type[Exception]:
    """The store's exception for a missing id (``NotFound``; a LovdiffError)."""
    exc = getattr(get_store(), "NotFound", None)
    if isinstance(exc, type) and issubclass(exc, Exception):
        return exc
    from lovdiff.errors import LovdiffError

    return LovdiffError


def get_engine() -> Any:
    """The app's SQLAlchemy engine, created once, available as ``g.engine``."""
    if "engine" not in g:
        ext = current_app.extensions.setdefault("lovdiff", {})
        with _LOCK:
            engine = ext.get("engine")
            if engine is None:
                engine = get_store().get_engine(current_app.config.get("DATABASE_URL"))
                ext["engine"] = engine
        g.engine = engine
    return g.engine


def data_version() -> Any:
    """A value that changes whenever an ingest changes what is stored: the store's own
    ``data_version`` where it has one, else the documents' hashes and the consultations'
    counts (two cheap queries, shared with the page that needs them anyway)."""
    if "data_version" not in g:
        fn = getattr(get_store(), "data_version", None)
        if callable(fn):
            g.data_version = fn(get_engine())
        else:
            docs = tuple(sorted((d["id"], d.get("sha256")) for d in documents().values()))
            cons = tuple(
                (c["id"], c.get("n_responses"), c.get("n_comments"), c.get("n_linked"))
                for c in consultations()
            )
            g.data_version = hash((docs, cons))
    return g.data_version


def documents() -> dict[str, dict[str, Any]]:
    """``list_documents`` by id, once per request."""
    if "documents" not in g:
        g.documents = {d["id"]: d for d in call("list_documents")}
    return g.documents


def consultations() -> list[dict[str, Any]]:
    """``list_consultations``, once per request (callers copy before changing rows)."""
    if "consultations" not in g:
        g.consultations = call("list_consultations")
    return g.consultations


def cached(kind: str, key: tuple[Any, ...], load: Callable[[], Any]) -> Any:
    """``load()`` once per (kind, key, ingest version) and process."""
    ext = current_app.extensions.setdefault("lovdiff", {})
    cache: dict[tuple[Any, ...], Any] = ext.setdefault("cache", {})
    full = (kind, key, data_version())
    if full in cache:
        return cache[full]
    value = load()
    with _LOCK:
        if len(cache) > 64:
            cache.clear()
        cache[full] = value
    return value


def call(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call store function ``name`` with the engine first."""
    return getattr(get_store(), name)(get_engine(), *args, **kwargs)


def comparison(old_id: str, new_id: str) -> Any:
    """The cached :class:`~lovdiff.models.Comparison` of two stored versions."""
    return cached("comparison", (old_id, new_id), lambda: call("load_comparison", old_id, new_id))


def document(doc_id: str) -> Any:
    """The cached :class:`~lovdiff.models.Document`."""
    return cached("document", (doc_id,), lambda: call("load_document", doc_id))


def consultation(cons_id: str) -> Any:
    """The cached :class:`~lovdiff.models.Consultation` (without remarks, which change)."""
    return cached("consultation", (cons_id,), lambda: call("load_consultation", cons_id))


def orders() -> list[dict[str, Any]]:
    """``list_orders`` once per request."""
    if "orders" not in g:
        g.orders = call("list_orders")
    return g.orders


def cached_clear(kind: str) -> None:
    """Drop the cached entries of one kind (after a write that changes them)."""
    ext = current_app.extensions.setdefault("lovdiff", {})
    cache: dict[tuple[Any, ...], Any] = ext.setdefault("cache", {})
    with _LOCK:
        for k in [k for k in cache if k[0] == kind]:
            del cache[k]
