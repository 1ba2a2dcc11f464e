"""Writing a parsed corpus: replace what the bundle names, keep everything else.

``write_bundle`` runs inside the caller's transaction (``engine.write_transaction``), so a
failure anywhere leaves the database exactly as it was. Each named document, order,
comparison and consultation is replaced as a whole (its row updated, its derived rows
deleted and inserted again); rows the bundle does not name stay, and ``remarks`` are never
touched, so a ministry remark survives re-ingest as long as its comment id does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, select, text

from lovdiff.models import Comparison, Consultation, Document, document_to_full_dict
from lovdiff.store import schema as s
from lovdiff.store.engine import clean, clean_text, dumps
from lovdiff.store.textsearch import index_terms


@dataclass(frozen=True)
class StoredDocument:
    """A document to store, with its role in the corpus."""

    doc: Document
    """``doc.info.id`` is the stored id."""
    role: str
    """order, draft, other (manifest kinds), redline-old, redline-new."""
    corpus_title: str = ""
    """The manifest's title for it, if any."""


@dataclass(frozen=True)
class StoredOrder:
    """Versions of one order, oldest first."""

    id: str
    title: str
    versions: tuple[str, ...]


@dataclass(frozen=True)
class StoredConsultation:
    """Responses to a draft, linked."""

    id: str
    consultation: Consultation
    responses_doc: str
    """Manifest id of the letters file."""
    answers: str | None
    previous: str | None = None
    period: str = ""
    consulted: tuple[str, ...] = ()
    title: str = ""
    path: str = ""
    """The letters file, when the consultation has one file (``Consultation.text``)."""


@dataclass(frozen=True)
class Bundle:
    """Everything one ingest writes."""

    documents: tuple[StoredDocument, ...] = ()
    orders: tuple[StoredOrder, ...] = ()
    comparisons: tuple[tuple[str | None, Comparison], ...] = field(default=())
    """(order id or None, comparison); document ids are ``comparison.old/new.info.id``."""
    consultations: tuple[StoredConsultation, ...] = ()


def comparison_id(old_id: str, new_id: str) -> str:
    return f"{old_id}..{new_id}"


def response_id(cons_id: str, index: int) -> str:
    """Id of the ``index``-th (0-based) response of a consultation: "hoering-2026:1"."""
    return f"{cons_id}:{index + 1}"


def comment_ids(cons_id: str, consultation: Consultation) -> list[list[str]]:
    """Global ids of every comment, per response: ``<consultation>:<Comment.id>``, falling
    back to ``<response>.<comment>`` (1-based) when the reader gave no id or a duplicate."""
    seen: set[str] = set()
    out: list[list[str]] = []
    for ri, response in enumerate(consultation.responses):
        ids: list[str] = []
        for ci, comment in enumerate(response.comments):
            local = comment.id or f"{ri + 1}.{ci + 1}"
            if local in seen:
                local = f"{ri + 1}.{ci + 1}"
                n = 2
                while local in seen:
                    local = f"{ri + 1}.{ci + 1}.{n}"
                    n += 1
            seen.add(local)
            ids.append(f"{cons_id}:{local}")
        out.append(ids)
    return out


def _span(span: Any) -> tuple[int | None, int | None]:
    if span is None:
        return None, None
    return int(span[0]), int(span[1])


def _digest(conn: Connection, kind: str, key: str, *parts: str) -> None:
    """Record what was written for one entity (see ``read.data_version``)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(clean_text(part).encode("utf-8"))
        h.update(b"\x00")
    _upsert(conn, s.digests, {"kind": kind, "id": key}, {"digest": h.hexdigest()})


def _upsert(conn: Connection, table: Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert the row with ``key``, or update it where it exists (one atomic statement:
    ``INSERT … ON CONFLICT DO UPDATE`` on both SQLite and PostgreSQL)."""
    key, values = clean(key), clean(values)
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table)
    stmt = stmt.values(**key, **values)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(key), set_={k: stmt.excluded[k] for k in values}
    )
    conn.execute(stmt)


def _insert(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> None:
    batch = [clean(r) for r in rows]
    if batch:
        conn.execute(table.insert(), batch)


def _fts_replace(conn: Connection, kind: str, owner: str, rows: list[tuple[str, str]]) -> None:
    """SQLite only: replace the search index rows of one document or consultation."""
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL indexes the columns themselves (GIN expression indexes)
    conn.execute(
        text(f"DELETE FROM {s.SQLITE_FTS} WHERE kind = :kind AND owner = :owner"),
        {"kind": kind, "owner": owner},
    )
    if rows:
        conn.execute(
            text(
                f"INSERT INTO {s.SQLITE_FTS} (body, kind, owner, key) "
                "VALUES (:body, :kind, :owner, :key)"
            ),
            [{"body": b, "kind": kind, "owner": owner, "key": k} for k, b in clean(rows)],
        )


def put_document(conn: Connection, stored: StoredDocument) -> None:
    """Store one document, replacing any earlier version with the same id."""
    doc = stored.doc
    info = doc.info
    doc_id = info.id
    if not doc_id:
        raise ValueError("a stored document needs info.id")
    data = document_to_full_dict(doc)
    data.pop("text")
    prov = doc.provenance
    _upsert(
        conn,
        s.documents,
        {"id": doc_id},
        {
            "role": stored.role,
            "kind": info.kind,
            "title": info.title or stored.corpus_title,
            "corpus_title": stored.corpus_title,
            "number": info.number,
            "date": info.date,
            "in_force": info.in_force,
            "source": info.source or (prov.path if prov else ""),
            "sha256": info.sha256 or (prov.sha256 if prov else ""),
            "format": prov.format if prov else "txt",
            "n_provisions": len(doc.provisions),
            "n_findings": len(doc.findings),
            "data": dumps(data),
            "text": doc.text,
        },
    )
    _digest(conn, "document", doc_id, stored.role, stored.corpus_title, dumps(data), doc.text)
    for table in (s.provisions, s.doc_references, s.findings):
        conn.execute(delete(table).where(table.c.doc_id == doc_id))
    _insert(
        conn,
        s.provisions,
        (
            {
                "doc_id": doc_id,
                "position": i,
                "eid": p.eid,
                "ref": p.ref,
                "kind": p.kind,
                "label": p.label,
                "num": p.num,
                "heading": p.heading,
                "text": p.text,
                "parent": p.parent,
                "chapter": p.chapter,
                "span_start": p.span[0],
                "span_end": p.span[1],
                "line": p.line,
                "page": p.page,
            }
            for i, p in enumerate(doc.provisions)
        ),
    )
    _insert(
        conn,
        s.doc_references,
        (
            {
                "doc_id": doc_id,
                "position": i,
                "source": r.source,
                "source_eid": r.source_eid,
                "text": r.text,
                "target": r.target,
                "targets": dumps(list(r.targets)),
                "internal": r.internal,
                "act": r.act,
                "resolved": r.resolved,
                "sentence": r.sentence,
                "span_start": r.span[0],
                "span_end": r.span[1],
            }
            for i, r in enumerate(doc.references)
        ),
    )
    _insert(
        conn,
        s.findings,
        (
            {
                "doc_id": doc_id,
                "position": i,
                "kind": f.kind,
                "place": f.where,
                "message": f.message,
                "span_start": _span(f.span)[0],
                "span_end": _span(f.span)[1],
            }
            for i, f in enumerate(doc.findings)
        ),
    )
    _fts_replace(
        conn,
        "provision",
        doc_id,
        [
            (str(i), s.provision_search_body(p.heading, p.text))
            for i, p in enumerate(doc.provisions)
        ],
    )


def put_order(conn: Connection, order: StoredOrder) -> None:
    """Store an order and its versions (the documents must be stored already)."""
    _upsert(conn, s.orders, {"id": order.id}, {"title": order.title})
    _digest(conn, "order", order.id, order.title, *order.versions)
    conn.execute(delete(s.order_versions).where(s.order_versions.c.order_id == order.id))
    _insert(
        conn,
        s.order_versions,
        ({"order_id": order.id, "position": i, "doc_id": d} for i, d in enumerate(order.versions)),
    )


def put_comparison(conn: Connection, order_id: str | None, comparison: Comparison) -> None:
    """Store a comparison of two stored documents, replacing an earlier one of the same pair."""
    old_id, new_id = comparison.old.info.id, comparison.new.info.id
    cid = comparison_id(old_id, new_id)
    data = comparison.to_dict()
    del data["old"], data["new"]
    _upsert(
        conn,
        s.comparisons,
        {"id": cid},
        {
            "order_id": order_id,
            "old_id": old_id,
            "new_id": new_id,
            "n_pairs": len(comparison.pairs),
            "n_changed": sum(p.status != "unchanged" for p in comparison.pairs),
            "data": dumps(data),
        },
    )
    _digest(conn, "comparison", cid, order_id or "", dumps(data))
    conn.execute(delete(s.pairs).where(s.pairs.c.comparison_id == cid))
    _insert(
        conn,
        s.pairs,
        (
            {
                "comparison_id": cid,
                "position": i,
                "level": p.level,
                "old_ref": p.old,
                "new_ref": p.new,
                "old_eid": p.old_eid,
                "new_eid": p.new_eid,
                "status": p.status,
                "renumbered": p.renumbered,
                "moved": p.moved,
                "editorial": p.editorial,
                "similarity": p.similarity,
                "chapter": p.chapter,
                "method": p.method,
                "grp": p.group,
            }
            for i, p in enumerate(comparison.pairs)
        ),
    )


def _delete_consultation_rows(conn: Connection, cons_id: str) -> None:
    comment_ids_q = select(s.comments.c.id).where(s.comments.c.consultation_id == cons_id)
    conn.execute(delete(s.links).where(s.links.c.comment_id.in_(comment_ids_q)))
    conn.execute(delete(s.comments).where(s.comments.c.consultation_id == cons_id))
    conn.execute(delete(s.responses).where(s.responses.c.consultation_id == cons_id))
    conn.execute(delete(s.response_files).where(s.response_files.c.consultation_id == cons_id))


def _first_source(cons: Consultation) -> str:
    return next((r.source for r in cons.responses if r.source), "")


def put_consultation(conn: Connection, stored: StoredConsultation) -> None:
    """Store a consultation with its letters, responses, comments and links, replacing an
    earlier one with the same id; remarks stay."""
    cons = stored.consultation
    cons_id = stored.id
    _delete_consultation_rows(conn, cons_id)
    files = list(cons.sources) or [(stored.path or _first_source(cons), cons.text)]
    texts = [t for _p, t in files]
    data = cons.to_dict()
    # how to rebuild Consultation.text and .sources from the stored files
    data["_stored"] = (
        {"sources": bool(cons.sources), "text_file": texts.index(cons.text)}
        if cons.text in texts
        else {"sources": bool(cons.sources), "text_value": cons.text}
    )
    consulted = dumps(list(stored.consulted))
    _digest(
        conn,
        "consultation",
        cons_id,
        stored.title,
        stored.responses_doc,
        stored.answers or "",
        stored.previous or "",
        stored.period,
        consulted,
        dumps(data),
        *(p + "\x00" + t for p, t in files),
    )
    _upsert(
        conn,
        s.consultations,
        {"id": cons_id},
        {
            "title": stored.title,
            "responses_doc": stored.responses_doc,
            "answers": stored.answers,
            "previous": stored.previous,
            "period": stored.period,
            "consulted": consulted,
            "data": dumps(data),
        },
    )
    _insert(
        conn,
        s.response_files,
        (
            {"consultation_id": cons_id, "position": i, "path": p, "text": t}
            for i, (p, t) in enumerate(files)
        ),
    )
    paths = {p: i for i, (p, _t) in enumerate(files)}
    role_doc = {"against": stored.answers, "previous": stored.previous}
    ids = comment_ids(cons_id, cons)
    response_rows: list[dict[str, Any]] = []
    comment_rows: list[dict[str, Any]] = []
    link_rows: list[dict[str, Any]] = []
    for ri, resp in enumerate(cons.responses):
        rid = response_id(cons_id, ri)
        response_rows.append(
            {
                "id": rid,
                "consultation_id": cons_id,
                "position": ri,
                "file_position": paths.get(resp.source, 0),
                "organisation": resp.organisation,
                "short_name": resp.short_name or resp.organisation,
                "date": resp.date,
                "signatories": dumps(list(resp.signatories)),
                "reference": resp.reference,
                "span_start": resp.span[0],
                "span_end": resp.span[1],
                "source": resp.source,
                "metadata": dumps([list(m) for m in resp.metadata]),
                "contacts": dumps(list(resp.contacts)),
            }
        )
        for ci, (cid, comment) in enumerate(zip(ids[ri], resp.comments, strict=True)):
            comment_rows.append(
                {
                    "id": cid,
                    "local_id": cid.split(":", 1)[1] if ":" in cid else cid,
                    "consultation_id": cons_id,
                    "response_id": rid,
                    "position": ci,
                    "text": comment.text,
                    "span_start": comment.span[0],
                    "span_end": comment.span[1],
                    "target": comment.target,
                    "stance": comment.stance,
                    "heading": comment.heading,
                    "about": comment.about,
                }
            )
            for li, link in enumerate(comment.links):
                start, end = _span(link.span)
                link_rows.append(
                    {
                        "comment_id": cid,
                        "position": li,
                        "ref": link.ref,
                        "eid": link.eid,
                        "role": link.document,
                        "doc_id": role_doc.get(link.document),
                        "basis": link.basis,
                        "confidence": link.confidence,
                        "evidence": link.evidence,
                        "change": link.change,
                        "previous": link.previous,
                        "span_start": start,
                        "span_end": end,
                    }
                )
    _insert(conn, s.responses, response_rows)
    _insert(conn, s.comments, comment_rows)
    _insert(conn, s.links, link_rows)
    _fts_replace(
        conn, "comment", cons_id, [(r["id"], index_terms(r["text"])) for r in comment_rows]
    )


def write_bundle(conn: Connection, bundle: Bundle) -> None:
    """Store a bundle inside the caller's transaction (see the module docstring).

    Concurrent ingests run one after the other: SQLite's ``BEGIN IMMEDIATE`` (see
    ``write_transaction``) and, on PostgreSQL, a transaction-scoped advisory lock.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4707353)")
    for stored in bundle.documents:
        put_document(conn, stored)
    for order in bundle.orders:
        put_order(conn, order)
    for order_id, comparison in bundle.comparisons:
        put_comparison(conn, order_id, comparison)
    for consultation in bundle.consultations:
        put_consultation(conn, consultation)
