"""Shared fixtures: the bundled corpus (never ../shared) and cached parses of it."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@cache
def manifest() -> dict:
    return json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


def corpus_path(doc_id: str) -> Path:
    """Path of a corpus document by its manifest id ("bek-2020", "udkast-2026", …)."""
    for entry in manifest()["documents"]:
        if entry["id"] == doc_id:
            return CORPUS / entry["file"]
    raise KeyError(doc_id)


@cache
def parsed(doc_id: str):  # type: ignore[no-untyped-def]
    """The parsed corpus document (cached for the session)."""
    from lovdiff.parse import parse_file

    return parse_file(corpus_path(doc_id))


@pytest.fixture(scope="session")
def old_doc():  # type: ignore[no-untyped-def]
    return parsed("bek-2020")


@pytest.fixture(scope="session")
def new_doc():  # type: ignore[no-untyped-def]
    return parsed("udkast-2026")


# --------------------------------------------------------------------------- PostgreSQL

PG_URL = os.environ.get("LOVDIFF_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@cache
def pg_skip_reason() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when a server answers."""
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means: no server to test against
        return f"no PostgreSQL at {PG_URL}: {type(exc).__name__}"
    return None


@contextmanager
def fresh_pg_schema() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped afterwards (skips without a server)."""
    from sqlalchemy import create_engine, text

    from lovdiff.store import dispose_engines

    reason = pg_skip_reason()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        dispose_engines()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
