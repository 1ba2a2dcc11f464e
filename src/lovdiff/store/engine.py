"""Opening the database: URL resolution, engines (cached, migrated), and the text boundary.

SQLite runs with WAL, foreign keys and SQLAlchemy's own transaction control (pysqlite's
implicit transactions switched off), so ``engine.begin()`` is a real ``BEGIN`` and a
write transaction can ask for ``BEGIN IMMEDIATE`` with ``conn.execution_options(
immediate=True)``. PostgreSQL runs as it comes.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import StaticPool

from lovdiff.errors import LovdiffError
from lovdiff.store.schema import migrate

ENV_URL = "LOVDIFF_DATABASE_URL"
ENV_INSTANCE = "LOVDIFF_INSTANCE"
SQLITE_NAME = "lovdiff.sqlite3"

_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


class NotFound(LovdiffError):
    """A document, comparison, consultation, response, comment or organisation that is not
    in the database (the viewer answers 404)."""


def instance_path() -> Path:
    """The instance folder (``LOVDIFF_INSTANCE`` or ``./instance``), created if missing."""
    path = Path(os.environ.get(ENV_INSTANCE) or "instance")
    path.mkdir(parents=True, exist_ok=True)
    return path


def resolve_url(url: str | None = None) -> str:
    """The database URL: the argument, else ``LOVDIFF_DATABASE_URL``, else SQLite in the
    instance folder."""
    if url:
        return url
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    return f"sqlite:///{(instance_path() / SQLITE_NAME).resolve()}"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (see ``resolve_url``), created and migrated on first use and
    cached per URL."""
    resolved = resolve_url(url)
    with _LOCK:
        engine = _ENGINES.get(resolved)
        if engine is not None:
            return engine
        try:
            parsed = make_url(resolved)
        except ArgumentError as exc:
            raise LovdiffError(f"ugyldig database-URL {resolved!r}: {exc}") from exc
        backend = parsed.get_backend_name()
        if backend == "postgres" or (
            backend == "postgresql" and parsed.get_driver_name() in ("psycopg2", "")
        ):
            backend = "postgresql"
            parsed = parsed.set(drivername="postgresql+psycopg")  # the driver lovdiff ships
        elif backend not in ("sqlite", "postgresql"):
            raise LovdiffError(
                f"databasen {parsed.render_as_string(hide_password=True)} understøttes ikke: "
                "brug SQLite (sqlite:///sti) eller PostgreSQL (postgresql+psycopg://…)"
            )
        shown = parsed.render_as_string(hide_password=True)
        if backend == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                try:
                    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise LovdiffError(
                        f"kan ikke åbne databasen {shown}: {exc.strerror or exc}"
                    ) from exc
            if parsed.database in (None, "", ":memory:"):
                # one shared connection, or every checkout would see a new empty database
                engine = create_engine(
                    parsed, connect_args={"check_same_thread": False}, poolclass=StaticPool
                )
            else:
                engine = create_engine(parsed, connect_args={"timeout": 30})
            _sqlite_setup(engine)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
        try:
            with write_transaction(engine) as conn:
                migrate(conn)
        except OperationalError as exc:
            engine.dispose()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise LovdiffError(f"kan ikke åbne databasen {shown}: {reason}") from exc
        _ENGINES[resolved] = engine
        return engine


def dispose_engines() -> None:
    """Close every cached engine (tests, and before dropping a PostgreSQL schema)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed on success, rolled back on any exception.

    SQLite takes the write lock at the start (``BEGIN IMMEDIATE``), so two writers queue
    instead of failing halfway.
    """
    with engine.connect() as conn:
        conn = conn.execution_options(immediate=True)
        with conn.begin():
            yield conn


# ------------------------------------------------------------------ the text boundary

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_text(value: str) -> str:
    """Replace NUL and lone surrogates (which PostgreSQL rejects and UTF-8 cannot encode)
    by U+FFFD, one for one, so spans into the text stay valid on both backends.

    >>> clean_text("a\\x00b")
    'a\\ufffdb'
    """
    return _UNSTORABLE.sub(REPLACEMENT, value)


def clean(value: Any) -> Any:
    """``clean_text`` applied to every string in nested lists, tuples and dicts."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """Compact JSON of cleaned data, for the Text columns that hold JSON."""
    return json.dumps(clean(value), ensure_ascii=False, separators=(",", ":"))


def loads(value: str | None) -> Any:
    return json.loads(value) if value else None
