"""The database schema: SQLAlchemy Core tables and the ordered migrations that build them.

``schema_version`` holds one row per applied migration; ``migrate`` applies the missing
ones, in order, in one transaction. A migration is a function of a ``Connection`` and must
never change once released: a later change to a table is a new migration (ALTER TABLE …).

Natural keys everywhere (document ids from the manifest, positions in document order,
``<old>..<new>`` for comparisons, ``<consultation>:<local id>`` for comments) so that
ingesting the same corpus twice writes identical rows.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)

from lovdiff.store.textsearch import index_terms

metadata = MetaData()


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", Float, nullable=False),
)

# ------------------------------------------------------------------ v1: documents and comparisons

documents = Table(
    "documents",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("role", String(40), nullable=False),  # order, draft, other, redline-old, redline-new
    Column("kind", String(60), nullable=False),  # DocumentInfo.kind: bekendtgørelse, udkast, …
    Column("title", Text, nullable=False),
    Column("corpus_title", Text, nullable=False),  # the manifest's title, "" for single files
    Column("number", String(40)),
    Column("date", String(10)),
    Column("in_force", String(10)),
    Column("source", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("format", String(10), nullable=False),
    Column("n_provisions", Integer, nullable=False),
    Column("n_findings", Integer, nullable=False),
    Column("data", Text, nullable=False),  # document_to_full_dict without "text" (JSON)
    Column("text", Text, nullable=False),  # the source text spans point into
)

provisions = Table(
    "provisions",
    metadata,
    Column("doc_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("eid", String(200), nullable=False),
    Column("ref", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("label", Text, nullable=False),
    Column("num", String(40), nullable=False),
    Column("heading", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("parent", String(200)),
    Column("chapter", String(200)),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("line", Integer, nullable=False),
    Column("page", Integer),
    Index("ix_provisions_ref", "doc_id", "ref"),
    Index("ix_provisions_eid", "doc_id", "eid"),
)

doc_references = Table(
    "doc_references",
    metadata,
    Column("doc_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("source", String(200), nullable=False),
    Column("source_eid", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("target", String(200)),
    Column("targets", Text, nullable=False),  # JSON list of refs
    Column("internal", Boolean, nullable=False),
    Column("act", Text),
    Column("resolved", Boolean, nullable=False),
    Column("sentence", Integer),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Index("ix_doc_references_target", "doc_id", "target"),
)

findings = Table(
    "findings",
    metadata,
    Column("doc_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("place", Text, nullable=False),  # Finding.where
    Column("message", Text, nullable=False),
    Column("span_start", Integer),
    Column("span_end", Integer),
)

orders = Table(
    "orders",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text, nullable=False),
)

order_versions = Table(
    "order_versions",
    metadata,
    Column("order_id", ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("doc_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
)

comparisons = Table(
    "comparisons",
    metadata,
    Column("id", String(401), primary_key=True),  # "<old_id>..<new_id>"
    Column("order_id", ForeignKey("orders.id", ondelete="SET NULL")),
    Column("old_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("new_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("n_pairs", Integer, nullable=False),
    Column("n_changed", Integer, nullable=False),
    Column("data", Text, nullable=False),  # JSON {pairs, term_changes, findings}
    Index("ix_comparisons_docs", "old_id", "new_id"),
)

pairs = Table(
    "pairs",
    metadata,
    Column("comparison_id", ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("level", String(20), nullable=False),
    Column("old_ref", String(200)),
    Column("new_ref", String(200)),
    Column("old_eid", String(200)),
    Column("new_eid", String(200)),
    Column("status", String(20), nullable=False),
    Column("renumbered", Boolean, nullable=False),
    Column("moved", Boolean, nullable=False),
    Column("editorial", Boolean, nullable=False),
    Column("similarity", Float, nullable=False),
    Column("chapter", String(200)),
    Column("method", String(20), nullable=False),
    Column("grp", Integer),
)

# ------------------------------------------------------------------ v1: consultations

consultations = Table(
    "consultations",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text, nullable=False),
    Column("responses_doc", String(200), nullable=False),  # manifest id of the letters file
    Column("answers", ForeignKey("documents.id", ondelete="SET NULL")),
    Column("previous", ForeignKey("documents.id", ondelete="SET NULL")),
    Column("period", Text, nullable=False),
    Column("consulted", Text, nullable=False),  # JSON list of names
    Column("data", Text, nullable=False),  # Consultation.to_dict() (JSON)
)

response_files = Table(
    "response_files",
    metadata,
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("text", Text, nullable=False),
)

responses = Table(
    "responses",
    metadata,
    Column("id", String(220), primary_key=True),  # "<consultation>:<n>", n from 1
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("file_position", Integer, nullable=False),
    Column("organisation", Text, nullable=False),
    Column("short_name", String(200), nullable=False),
    Column("date", String(10)),
    Column("signatories", Text, nullable=False),  # JSON list
    Column("reference", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("metadata", Text, nullable=False),  # JSON [[kind, text], …]
    Column("contacts", Text, nullable=False),  # JSON list
    Index("ix_responses_short_name", "short_name"),
)

comments = Table(
    "comments",
    metadata,
    Column("id", String(260), primary_key=True),  # "<consultation>:<Comment.id>"
    Column("local_id", String(60), nullable=False),
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False),
    Column("response_id", ForeignKey("responses.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("target", String(20), nullable=False),
    Column("stance", String(20), nullable=False),
    Column("heading", Text, nullable=False),
    Column("about", Text, nullable=False),
    Index("ix_comments_response", "response_id", "position"),
)

links = Table(
    "links",
    metadata,
    Column("comment_id", ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("ref", String(200), nullable=False),
    Column("eid", String(200), nullable=False),
    Column("role", String(20), nullable=False),  # Link.document: against | previous
    Column("doc_id", String(200)),  # the document the role names in this consultation
    Column("basis", String(20), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("change", String(20)),
    Column("previous", String(200)),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Index("ix_links_target", "doc_id", "ref"),
)

remarks = Table(
    "remarks",
    metadata,
    # No foreign key on purpose: re-ingest replaces comments but never touches remarks.
    Column("comment_id", String(260), primary_key=True),
    Column("text", Text, nullable=False),
    Column("author", String(200), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("comment_text", Text),  # v5: the comment as it read when the remark was written
)

_remarks_v1 = Table(
    "remarks",
    MetaData(),
    Column("comment_id", String(260), primary_key=True),
    Column("text", Text, nullable=False),
    Column("author", String(200), nullable=False),
    Column("updated_at", String(32), nullable=False),
)
"""``remarks`` as migration 1 created it (migrations must not change once released)."""

V1_TABLES = (
    documents,
    provisions,
    doc_references,
    findings,
    orders,
    order_versions,
    comparisons,
    pairs,
    consultations,
    response_files,
    responses,
    comments,
    links,
    _remarks_v1,
)

# ------------------------------------------------------------------ v3: accounts

users = Table(
    "users",
    metadata,
    Column("username", String(200), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(200), nullable=False),
    Column("remote_addr", String(100), nullable=False),
    Column("at", Float, nullable=False),  # seconds since the epoch
    Column("ok", Boolean, nullable=False),
    Index("ix_login_attempts_user", "username", "at"),
    Index("ix_login_attempts_addr", "remote_addr", "at"),
)

# ------------------------------------------------------------------ v4: content digests

digests = Table(
    "digests",
    metadata,
    Column("kind", String(20), primary_key=True),  # document, comparison, consultation, order
    Column("id", String(401), primary_key=True),
    Column("digest", String(64), nullable=False),  # SHA-256 of what was written
)

# ------------------------------------------------------------------ full-text search (v2)

SQLITE_FTS = "search_fts"
"""SQLite FTS5 table: ``body`` holds the stems (textsearch.index_terms) of one row;
``kind`` is "provision" or "comment", ``owner`` the document/consultation id, ``key`` the
provision position or comment id."""

PG_PROVISION_TSV = "to_tsvector('danish'::regconfig, p.heading || ' ' || p.text)"
PG_COMMENT_TSV = "to_tsvector('danish'::regconfig, c.text)"


def provision_search_body(heading: str, text_: str) -> str:
    """What the SQLite index holds for a provision."""
    return index_terms(f"{heading} {text_}")


def _v1_core(conn: Connection) -> None:
    """Documents, provisions, references, findings, orders, comparisons, consultations,
    responses, comments, links, remarks."""
    for table in V1_TABLES:
        table.create(conn)


def _v2_search(conn: Connection) -> None:
    """Full-text search: an FTS5 index filled from existing rows (SQLite), or GIN
    expression indexes over ``to_tsvector('danish', …)`` (PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX ix_provisions_fts ON provisions USING gin "
            "(to_tsvector('danish'::regconfig, heading || ' ' || text))"
        )
        conn.exec_driver_sql(
            "CREATE INDEX ix_comments_fts ON comments USING gin "
            "(to_tsvector('danish'::regconfig, text))"
        )
        return
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE {SQLITE_FTS} USING fts5("
        "body, kind UNINDEXED, owner UNINDEXED, key UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    rows = [
        {"body": provision_search_body(h, t), "kind": "provision", "owner": d, "key": str(p)}
        for d, p, h, t in conn.execute(
            select(
                provisions.c.doc_id, provisions.c.position, provisions.c.heading, provisions.c.text
            )
        )
    ]
    rows += [
        {"body": index_terms(t), "kind": "comment", "owner": cons, "key": cid}
        for cid, cons, t in conn.execute(
            select(comments.c.id, comments.c.consultation_id, comments.c.text)
        )
    ]
    if rows:
        conn.execute(
            text(
                f"INSERT INTO {SQLITE_FTS} (body, kind, owner, key) "
                "VALUES (:body, :kind, :owner, :key)"
            ),
            rows,
        )


def _v3_accounts(conn: Connection) -> None:
    """Drafter accounts and login attempts (for rate limiting)."""
    users.create(conn)
    login_attempts.create(conn)


def _v4_digests(conn: Connection) -> None:
    """A digest per stored document, order, comparison and consultation, so readers can
    tell cheaply whether an ingest changed anything (``data_version``). Existing rows get
    a digest of their stored JSON."""
    digests.create(conn)
    rows = [
        {"kind": kind, "id": key, "digest": hashlib.sha256(data.encode("utf-8")).hexdigest()}
        for kind, table in (
            ("document", documents),
            ("comparison", comparisons),
            ("consultation", consultations),
        )
        for key, data in conn.execute(select(table.c.id, table.c.data))
    ]
    if rows:
        conn.execute(digests.insert(), rows)


def _v5_remark_context(conn: Connection) -> None:
    """Remarks remember the comment text they answer, so a reader can tell when a
    re-ingest changed the comment under a remark."""
    conn.exec_driver_sql("ALTER TABLE remarks ADD COLUMN comment_text TEXT")


MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1_core,
    _v2_search,
    _v3_accounts,
    _v4_digests,
    _v5_remark_context,
]
"""Ordered migrations: ``MIGRATIONS[i]`` takes a database from version i to i + 1."""


def current_version(conn: Connection) -> int:
    """The highest applied migration (0 for an empty database)."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    found = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc()))
    return int(found.scalar() or 0)


def migrate(conn: Connection, target: int | None = None) -> int:
    """Apply the missing migrations up to ``target`` (default: all) inside the caller's
    transaction; returns the resulting version.

    On PostgreSQL an advisory lock makes concurrent first uses (several workers) wait for
    each other; on SQLite the caller's ``BEGIN IMMEDIATE`` does the same.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4707352)")
    target = len(MIGRATIONS) if target is None else target
    version = current_version(conn)
    if version == 0:
        schema_version.create(conn, checkfirst=True)
    for number in range(version, target):
        MIGRATIONS[number](conn)
        conn.execute(schema_version.insert().values(version=number + 1, applied_at=time.time()))
    return max(version, target)
