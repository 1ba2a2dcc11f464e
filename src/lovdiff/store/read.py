"""The read API the viewer uses (documented in ``lovdiff.store``): plain JSON-ready dicts,
or model objects rebuilt from their stored JSON."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, func, select, text

from lovdiff.models import (
    Comparison,
    Consultation,
    Document,
    DocumentInfo,
    Finding,
    Pair,
    Response,
    TermChange,
    document_from_dict,
    record_from_dict,
)
from lovdiff.store import schema as s
from lovdiff.store.engine import NotFound, clean_text, loads
from lovdiff.store.textsearch import marked_snippet, parse_query, snippet
from lovdiff.store.write import comparison_id

SECTION_KINDS = frozenset({"section", "annex"})


# ------------------------------------------------------------------ documents and orders


def _doc_summary(row: RowMapping) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "kind": row["kind"],
        "number": row["number"],
        "date": row["date"],
        "in_force": row["in_force"],
    }


def list_documents(engine: Engine) -> list[dict[str, Any]]:
    """Every stored document, by id."""
    d = s.documents
    cols = [c for c in d.c if c.name not in ("data", "text")]
    with engine.connect() as conn:
        rows = conn.execute(select(*cols).order_by(d.c.id)).mappings().all()
        in_orders: dict[str, list[str]] = defaultdict(list)
        for order_id, doc_id in conn.execute(
            select(s.order_versions.c.order_id, s.order_versions.c.doc_id).order_by(
                s.order_versions.c.order_id, s.order_versions.c.position
            )
        ):
            in_orders[doc_id].append(order_id)
    return [{**dict(r), "orders": in_orders.get(r["id"], [])} for r in rows]


def list_orders(engine: Engine) -> list[dict[str, Any]]:
    """Orders with their versions (oldest first) and the stored comparisons between them."""
    ov, d, c = s.order_versions, s.documents, s.comparisons
    with engine.connect() as conn:
        orders = conn.execute(select(s.orders).order_by(s.orders.c.id)).mappings().all()
        versions = (
            conn.execute(
                select(
                    ov.c.order_id, d.c.id, d.c.title, d.c.kind, d.c.number, d.c.date, d.c.in_force
                )
                .join(d, d.c.id == ov.c.doc_id)
                .order_by(ov.c.order_id, ov.c.position)
            )
            .mappings()
            .all()
        )
        comps = conn.execute(select(c.c.order_id, c.c.old_id, c.c.new_id).order_by(c.c.id)).all()
    out = []
    for order in orders:
        vs = [_doc_summary(v) for v in versions if v["order_id"] == order["id"]]
        position = {v["id"]: i for i, v in enumerate(vs)}
        cs = sorted(
            (
                {"old": old, "new": new}
                for oid, old, new in comps
                if oid == order["id"] or (old in position and new in position)
            ),
            key=lambda x: (position.get(x["old"], 0), position.get(x["new"], 0)),
        )
        out.append({"id": order["id"], "title": order["title"], "versions": vs, "comparisons": cs})
    return out


def load_document(engine: Engine, doc_id: str) -> Document:
    """The stored document as a model object. Raises NotFound."""
    with engine.connect() as conn:
        row = conn.execute(
            select(s.documents.c.data, s.documents.c.text).where(s.documents.c.id == doc_id)
        ).first()
    if row is None:
        raise NotFound(f"dokumentet {doc_id} findes ikke i databasen")
    data = loads(row.data)
    data["text"] = row.text
    return document_from_dict(data)


def load_comparison(engine: Engine, old_id: str, new_id: str) -> Comparison:
    """The stored comparison of two documents as a model object. Raises NotFound."""
    with engine.connect() as conn:
        row = conn.execute(
            select(s.comparisons.c.data).where(s.comparisons.c.id == comparison_id(old_id, new_id))
        ).first()
    if row is None:
        raise NotFound(f"der er ingen sammenligning af {old_id} med {new_id} i databasen")
    data = loads(row.data)
    return Comparison(
        old=load_document(engine, old_id),
        new=load_document(engine, new_id),
        pairs=tuple(record_from_dict(Pair, p) for p in data["pairs"]),
        term_changes=tuple(record_from_dict(TermChange, t) for t in data["term_changes"]),
        findings=tuple(record_from_dict(Finding, f) for f in data["findings"]),
    )


@dataclass(frozen=True)
class _Tree:
    """A document's provision tree, for rolling counts up to ancestors."""

    eid_of: dict[str, str]  # ref -> eid (first provision with the ref)
    ref_of: dict[str, str]  # eid -> ref
    parent: dict[str, str | None]  # eid -> parent eid
    kind: dict[str, str]  # eid -> kind
    order: list[str]  # eids in document order

    def resolve(self, ref: str, eid: str = "") -> str | None:
        if eid and eid in self.ref_of and self.ref_of[eid] == ref:
            return eid
        return self.eid_of.get(ref) or (eid if eid in self.ref_of else None)

    def ancestors(self, eid: str) -> list[str]:
        """The eid itself and its ancestors, innermost first."""
        out: list[str] = []
        cur: str | None = eid
        while cur is not None and cur not in out:
            out.append(cur)
            cur = self.parent.get(cur)
        return out


def _tree(conn: Connection, doc_id: str) -> _Tree:
    p = s.provisions
    rows = conn.execute(
        select(p.c.eid, p.c.ref, p.c.parent, p.c.kind)
        .where(p.c.doc_id == doc_id)
        .order_by(p.c.position)
    ).all()
    eid_of: dict[str, str] = {}
    for eid, ref, _parent, _kind in rows:
        eid_of.setdefault(ref, eid)
    return _Tree(
        eid_of=eid_of,
        ref_of={eid: ref for eid, ref, _p, _k in rows},
        parent={eid: parent for eid, _r, parent, _k in rows},
        kind={eid: kind for eid, _r, _p, kind in rows},
        order=[eid for eid, _r, _p, _k in rows],
    )


def references_to(engine: Engine, doc_id: str, ref: str) -> list[dict[str, Any]]:
    """Internal references in ``doc_id`` that cite ``ref`` or a part of it ("§ 8, stk. 2"
    cites "§ 8"), in document order; ``exact`` says whether ``ref`` itself is cited."""
    r = s.doc_references
    with engine.connect() as conn:
        rows = (
            conn.execute(
                select(r).where(r.c.doc_id == doc_id, r.c.internal.is_(True)).order_by(r.c.position)
            )
            .mappings()
            .all()
        )
    out = []
    for row in rows:
        targets = loads(row["targets"]) or ([row["target"]] if row["target"] else [])
        exact = ref in targets or row["target"] == ref
        inner = any(t.startswith(ref + ",") for t in targets if t)
        if exact or inner:
            out.append(
                {
                    "source": row["source"],
                    "source_eid": row["source_eid"],
                    "text": row["text"],
                    "target": row["target"],
                    "targets": targets,
                    "resolved": row["resolved"],
                    "exact": exact,
                    "span": [row["span_start"], row["span_end"]],
                }
            )
    return out


# ------------------------------------------------------------------ consultations


def list_consultations(engine: Engine) -> list[dict[str, Any]]:
    """Consultations with counts of responses, comments and linked comments."""
    c, r, cm, lk = s.consultations, s.responses, s.comments, s.links
    with engine.connect() as conn:
        rows = conn.execute(select(c).order_by(c.c.id)).mappings().all()
        n_resp: dict[str, int] = dict(
            conn.execute(
                select(r.c.consultation_id, func.count()).group_by(r.c.consultation_id)
            ).all()
        )
        n_comm: dict[str, int] = dict(
            conn.execute(
                select(cm.c.consultation_id, func.count()).group_by(cm.c.consultation_id)
            ).all()
        )
        n_linked: dict[str, int] = dict(
            conn.execute(
                select(cm.c.consultation_id, func.count(func.distinct(cm.c.id)))
                .join(lk, lk.c.comment_id == cm.c.id)
                .group_by(cm.c.consultation_id)
            ).all()
        )
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "answers": row["answers"],
            "previous": row["previous"],
            "period": row["period"],
            "consulted": loads(row["consulted"]) or [],
            "responses_doc": row["responses_doc"],
            "n_responses": int(n_resp.get(row["id"], 0)),
            "n_comments": int(n_comm.get(row["id"], 0)),
            "n_linked": int(n_linked.get(row["id"], 0)),
        }
        for row in rows
    ]


def load_consultation(engine: Engine, cons_id: str) -> Consultation:
    """The stored consultation as a model object (responses, comments, links). Raises
    NotFound."""
    with engine.connect() as conn:
        row = conn.execute(
            select(s.consultations.c.data).where(s.consultations.c.id == cons_id)
        ).first()
        if row is None:
            raise NotFound(f"høringen {cons_id} findes ikke i databasen")
        files = conn.execute(
            select(s.response_files.c.path, s.response_files.c.text)
            .where(s.response_files.c.consultation_id == cons_id)
            .order_by(s.response_files.c.position)
        ).all()
    data = loads(row.data)
    stored = data.get("_stored", {})
    sources = tuple((p, t) for p, t in files) if stored.get("sources") else ()
    if "text_file" in stored and stored["text_file"] < len(files):
        text_ = files[stored["text_file"]][1]
    else:
        text_ = stored.get("text_value", "")
    return Consultation(
        responses=tuple(record_from_dict(Response, r) for r in data["responses"]),
        against=record_from_dict(DocumentInfo, data["against"]),
        previous=record_from_dict(DocumentInfo, data["previous"]) if data.get("previous") else None,
        text=text_,
        sources=sources,
    )


def _remarks(conn: Connection, comment_ids: list[str]) -> dict[str, dict[str, Any]]:
    """``{text, author, updated_at, outdated}`` per comment id that has a remark."""
    if not comment_ids:
        return {}
    rm, cm = s.remarks, s.comments
    rows = conn.execute(
        select(rm, cm.c.text.label("current"))
        .join(cm, cm.c.id == rm.c.comment_id, isouter=True)
        .where(rm.c.comment_id.in_(comment_ids))
    ).all()
    return {
        r.comment_id: {
            "text": r.text,
            "author": r.author,
            "updated_at": r.updated_at,
            "outdated": r.comment_text is not None and r.comment_text != r.current,
        }
        for r in rows
    }


def _link_dict(row: RowMapping) -> dict[str, Any]:
    return {
        "ref": row["ref"],
        "eid": row["eid"],
        "document": row["role"],
        "doc_id": row["doc_id"],
        "basis": row["basis"],
        "confidence": row["confidence"],
        "evidence": row["evidence"],
        "change": row["change"],
        "previous": row["previous"],
        "span": None if row["span_start"] is None else [row["span_start"], row["span_end"]],
    }


def _responses(conn: Connection, where: Any) -> list[dict[str, Any]]:
    """Full response dicts (with comments, links, remarks) for the responses ``where`` picks."""
    r, cm, lk, rf = s.responses, s.comments, s.links, s.response_files
    rows = (
        conn.execute(
            select(r, rf.c.text.label("file_text"))
            .join(
                rf,
                (rf.c.consultation_id == r.c.consultation_id)
                & (rf.c.position == r.c.file_position),
                isouter=True,
            )
            .where(where)
            .order_by(r.c.consultation_id, r.c.position)
        )
        .mappings()
        .all()
    )
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    comments = (
        conn.execute(
            select(cm).where(cm.c.response_id.in_(ids)).order_by(cm.c.response_id, cm.c.position)
        )
        .mappings()
        .all()
    )
    cids = [c["id"] for c in comments]
    link_rows = (
        conn.execute(
            select(lk).where(lk.c.comment_id.in_(cids)).order_by(lk.c.comment_id, lk.c.position)
        )
        .mappings()
        .all()
        if cids
        else []
    )
    links_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for lrow in link_rows:
        links_of[lrow["comment_id"]].append(_link_dict(lrow))
    remarks = _remarks(conn, cids)
    comments_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in comments:
        comments_of[c["response_id"]].append(
            {
                "id": c["id"],
                "text": c["text"],
                "span": [c["span_start"], c["span_end"]],
                "target": c["target"],
                "stance": c["stance"],
                "heading": c["heading"],
                "about": c["about"],
                "links": links_of.get(c["id"], []),
                "remark": remarks.get(c["id"]),
            }
        )
    out = []
    for row in rows:
        file_text = row["file_text"] or ""
        out.append(
            {
                "id": row["id"],
                "consultation": row["consultation_id"],
                "organisation": row["organisation"],
                "short_name": row["short_name"],
                "date": row["date"],
                "signatories": loads(row["signatories"]) or [],
                "reference": row["reference"],
                "text": file_text[row["span_start"] : row["span_end"]],
                "span": [row["span_start"], row["span_end"]],
                "source": row["source"],
                "comments": comments_of.get(row["id"], []),
                "metadata": loads(row["metadata"]) or [],
                "contacts": loads(row["contacts"]) or [],
            }
        )
    return out


def get_response(engine: Engine, response_id: str) -> dict[str, Any]:
    """One response with its letter text, comments, links and remarks. Raises NotFound."""
    with engine.connect() as conn:
        found = _responses(conn, s.responses.c.id == response_id)
    if not found:
        raise NotFound(f"høringssvaret {response_id} findes ikke i databasen")
    return found[0]


def list_organisations(engine: Engine, cons_id: str | None = None) -> list[dict[str, Any]]:
    """Responding organisations (of one consultation, or all), in response order:
    ``{short_name, organisation, consultations, responses, n_responses, n_comments, n_linked}``."""
    r, cm, lk = s.responses, s.comments, s.links
    q = select(r.c.id, r.c.consultation_id, r.c.short_name, r.c.organisation).order_by(
        r.c.consultation_id, r.c.position
    )
    if cons_id is not None:
        q = q.where(r.c.consultation_id == cons_id)
    with engine.connect() as conn:
        rows = conn.execute(q).all()
        linked = select(lk.c.comment_id).distinct().subquery()
        counts = {
            rid: (n, nl)
            for rid, n, nl in conn.execute(
                select(cm.c.response_id, func.count(), func.count(linked.c.comment_id))
                .join(linked, linked.c.comment_id == cm.c.id, isouter=True)
                .group_by(cm.c.response_id)
            ).all()
        }
    orgs: dict[str, dict[str, Any]] = {}
    for rid, cid, short, org in rows:
        entry = orgs.setdefault(
            short,
            {
                "short_name": short,
                "organisation": org,
                "consultations": [],
                "responses": [],
                "n_responses": 0,
                "n_comments": 0,
                "n_linked": 0,
            },
        )
        if cid not in entry["consultations"]:
            entry["consultations"].append(cid)
        entry["responses"].append(rid)
        entry["n_responses"] += 1
        n, nl = counts.get(rid, (0, 0))
        entry["n_comments"] += int(n)
        entry["n_linked"] += int(nl)
    return list(orgs.values())


def get_organisation(engine: Engine, short_name: str) -> dict[str, Any]:
    """An organisation with all its responses (as ``get_response``). Raises NotFound."""
    with engine.connect() as conn:
        found = _responses(conn, s.responses.c.short_name == short_name)
    if not found:
        raise NotFound(f"organisationen {short_name} har ingen høringssvar i databasen")
    return {
        "short_name": short_name,
        "organisation": found[0]["organisation"],
        "responses": found,
        "n_comments": sum(len(r["comments"]) for r in found),
    }


def _links_into(conn: Connection, doc_id: str) -> list[RowMapping]:
    lk = s.links
    return list(
        conn.execute(
            select(lk).where(lk.c.doc_id == doc_id).order_by(lk.c.comment_id, lk.c.position)
        )
        .mappings()
        .all()
    )


def comment_counts(engine: Engine, doc_id: str) -> dict[str, int]:
    """Ref -> number of distinct comments linked to that provision or any provision inside
    it (a comment on "§ 8, stk. 4" counts for "§ 8, stk. 4", "§ 8" and its chapter)."""
    with engine.connect() as conn:
        tree = _tree(conn, doc_id)
        rows = _links_into(conn, doc_id)
    seen: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        eid = tree.resolve(row["ref"], row["eid"])
        if eid is None:
            seen[row["ref"]].add(row["comment_id"])
            continue
        for anc in tree.ancestors(eid):
            seen[tree.ref_of[anc]].add(row["comment_id"])
    return {ref: len(ids) for ref, ids in seen.items()}


def comments_for_provision(engine: Engine, doc_id: str, ref: str) -> list[dict[str, Any]]:
    """The comments linked to ``ref`` in ``doc_id`` or to a provision inside it, one entry
    per comment (its link to ``ref`` itself, else its most confident link inside), in
    consultation and response order; ``len()`` equals ``comment_counts()[ref]``."""
    cm, r = s.comments, s.responses
    with engine.connect() as conn:
        tree = _tree(conn, doc_id)
        rows = _links_into(conn, doc_id)
        target = tree.eid_of.get(ref)
        best: dict[str, RowMapping] = {}
        for row in rows:
            eid = tree.resolve(row["ref"], row["eid"])
            inside = (
                row["ref"] == ref
                if eid is None or target is None
                else target in tree.ancestors(eid)
            )
            if not inside:
                continue
            cur = best.get(row["comment_id"])
            rank = (row["ref"] == ref, row["confidence"])
            if cur is None or rank > (cur["ref"] == ref, cur["confidence"]):
                best[row["comment_id"]] = row
        if not best:
            return []
        meta = {
            m["id"]: m
            for m in conn.execute(
                select(
                    cm.c.id,
                    cm.c.text,
                    cm.c.stance,
                    cm.c.heading,
                    cm.c.target,
                    cm.c.consultation_id,
                    cm.c.position,
                    r.c.id.label("response_id"),
                    r.c.position.label("response_position"),
                    r.c.organisation,
                    r.c.short_name,
                )
                .join(r, r.c.id == cm.c.response_id)
                .where(cm.c.id.in_(list(best)))
            )
            .mappings()
            .all()
        }
        remarks = _remarks(conn, list(best))
    out = []
    for cid, link in best.items():
        m = meta[cid]
        out.append(
            {
                "comment_id": cid,
                "consultation": m["consultation_id"],
                "organisation": m["organisation"],
                "short_name": m["short_name"],
                "response_id": m["response_id"],
                "stance": m["stance"],
                "target": m["target"],
                "text": m["text"],
                "heading": m["heading"],
                "ref": link["ref"],
                "document": link["role"],
                "basis": link["basis"],
                "confidence": link["confidence"],
                "evidence": link["evidence"],
                "change": link["change"],
                "previous": link["previous"],
                "remark": remarks.get(cid),
                "_order": (m["consultation_id"], m["response_position"], m["position"]),
            }
        )
    out.sort(key=lambda x: x["_order"])
    for x in out:
        del x["_order"]
    return out


def matrix(engine: Engine, cons_id: str) -> dict[str, Any]:
    """Organisations × provisions of the draft: how many comments of each organisation
    concern each section (links inside a section count for the section; links to a
    chapter as a whole count for the chapter).

    ``{organisations: [short names in response order], provisions: [refs in draft order:
    every section and annex, plus chapters with comments], cells: {org: {ref: count}},
    general: {org: number of comments without a link into the draft}}``. Raises NotFound.
    """
    c, r, cm, lk = s.consultations, s.responses, s.comments, s.links
    with engine.connect() as conn:
        cons = conn.execute(select(c.c.answers).where(c.c.id == cons_id)).first()
        if cons is None:
            raise NotFound(f"høringen {cons_id} findes ikke i databasen")
        tree = _tree(conn, cons.answers) if cons.answers else _Tree({}, {}, {}, {}, [])
        comment_rows = conn.execute(
            select(cm.c.id, r.c.short_name)
            .join(r, r.c.id == cm.c.response_id)
            .where(cm.c.consultation_id == cons_id)
            .order_by(r.c.position, cm.c.position)
        ).all()
        orgs = list(
            dict.fromkeys(
                short
                for (short,) in conn.execute(
                    select(r.c.short_name)
                    .where(r.c.consultation_id == cons_id)
                    .order_by(r.c.position)
                )
            )
        )
        link_rows = conn.execute(
            select(lk.c.comment_id, lk.c.ref, lk.c.eid)
            .join(cm, cm.c.id == lk.c.comment_id)
            .where(cm.c.consultation_id == cons_id, lk.c.role == "against")
        ).all()
    org_of = dict(comment_rows)
    hits: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    linked: set[str] = set()
    for cid, ref, eid in link_rows:
        node = tree.resolve(ref, eid)
        cell = ref
        if node is not None:
            chain = tree.ancestors(node)
            section = next((e for e in chain if tree.kind.get(e) in SECTION_KINDS), None)
            cell = tree.ref_of[section] if section else tree.ref_of[node]
        hits[org_of[cid]][cell].add(cid)
        linked.add(cid)
    used = {ref for per in hits.values() for ref in per}
    refs = [
        tree.ref_of[e]
        for e in tree.order
        if tree.kind.get(e) in SECTION_KINDS or tree.ref_of[e] in used
    ]
    refs = list(dict.fromkeys(refs)) + sorted(used - set(refs))
    general: dict[str, int] = defaultdict(int)
    for cid, short in comment_rows:
        if cid not in linked:
            general[short] += 1
    return {
        "organisations": orgs,
        "provisions": refs,
        "cells": {org: {ref: len(ids) for ref, ids in hits[org].items()} for org in orgs},
        "general": {org: general.get(org, 0) for org in orgs},
    }


def data_version(engine: Engine) -> str:
    """A digest of everything ingest has stored (documents, orders, comparisons,
    consultations): it changes when, and only when, an ingest changes something, so the
    viewer can key caches on it. Remarks and accounts do not count."""
    d = s.digests
    with engine.connect() as conn:
        rows = conn.execute(select(d.c.kind, d.c.id, d.c.digest).order_by(d.c.kind, d.c.id))
        h = hashlib.sha256()
        for kind, key, digest in rows:
            h.update(f"{kind}\x00{key}\x00{digest}\x00".encode())
    return h.hexdigest()[:16]


def remarks_version(engine: Engine) -> str:
    """Changes whenever a remark is written, changed or removed, so cached pages that show
    remarks go stale correctly (a digest of the remarks' ids and times; the table is small)."""
    r = s.remarks
    digest = hashlib.sha256()
    with engine.connect() as conn:
        rows = conn.execute(select(r.c.comment_id, r.c.updated_at).order_by(r.c.comment_id))
        for cid, updated in rows:
            digest.update(f"{cid}\x00{updated}\x00".encode())
    return digest.hexdigest()[:16]


# ------------------------------------------------------------------ search


def search(engine: Engine, q: str, limit: int = 50) -> dict[str, Any]:
    """Full-text search with Danish stemming over provisions and comments.

    ``{provisions: [{doc_id, doc_title, ref, eid, kind, snippet, marks}], comments:
    [{comment_id, consultation, organisation, short_name, response_id, snippet, marks}]}``,
    best first, at most ``limit`` of each. ``snippet`` is plain text (escape it); ``marks``
    are [start, end) offsets of the matched words in it. The query syntax is PostgreSQL's
    web-search one: words, "phrases", ``or``, ``-word``.
    """
    q = clean_text(q).strip()
    if not q:
        return {"provisions": [], "comments": []}
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            return _search_pg(conn, q, limit)
        return _search_sqlite(conn, q, limit)


def provision_hit(
    doc_id: str,
    doc_title: str,
    prov: Any,
    snippet: str,
    marks: Sequence[tuple[int, int]] = (),
) -> dict[str, Any]:
    """One provision found by search, as both backends and the viewer's citation search
    report it; ``prov`` has ``ref``, ``eid`` and ``kind`` (a row or a ``Provision``)."""
    return {
        "doc_id": doc_id,
        "doc_title": doc_title,
        "ref": prov.ref,
        "eid": prov.eid,
        "kind": prov.kind,
        "snippet": snippet,
        "marks": [list(m) for m in marks],
    }


def comment_hit(
    comment_id: str,
    consultation: str,
    organisation: str,
    short_name: str,
    response_id: str,
    snippet: str,
    marks: Sequence[tuple[int, int]] = (),
) -> dict[str, Any]:
    """One comment found by search, in the same shape wherever it was found."""
    return {
        "comment_id": comment_id,
        "consultation": consultation,
        "organisation": organisation,
        "short_name": short_name,
        "response_id": response_id,
        "snippet": snippet,
        "marks": [list(m) for m in marks],
    }


def _search_sqlite(conn: Connection, q: str, limit: int) -> dict[str, Any]:
    query = parse_query(q)
    if not query.fts:
        return {"provisions": [], "comments": []}
    sql = text(
        f"SELECT owner, key FROM {s.SQLITE_FTS} WHERE {s.SQLITE_FTS} MATCH :q AND kind = :kind "
        "ORDER BY rank, owner, key LIMIT :limit"
    )
    p, d = s.provisions, s.documents
    found = conn.execute(sql, {"q": query.fts, "kind": "provision", "limit": limit}).all()
    provisions = []
    for owner, key in found:
        row = conn.execute(
            select(p.c.ref, p.c.eid, p.c.kind, p.c.heading, p.c.text, d.c.title)
            .join(d, d.c.id == p.c.doc_id)
            .where(p.c.doc_id == owner, p.c.position == int(key))
        ).first()
        if row is None:
            continue
        body = f"{row.heading}: {row.text}" if row.heading and row.text else row.heading or row.text
        provisions.append(provision_hit(owner, row.title, row, *snippet(body, query)))
    cm, r = s.comments, s.responses
    found = conn.execute(sql, {"q": query.fts, "kind": "comment", "limit": limit}).all()
    comments = []
    for _owner, key in found:
        crow = conn.execute(
            select(cm.c.text, cm.c.consultation_id, r.c.id, r.c.organisation, r.c.short_name)
            .join(r, r.c.id == cm.c.response_id)
            .where(cm.c.id == key)
        ).first()
        if crow is None:
            continue
        comments.append(
            comment_hit(
                key,
                crow.consultation_id,
                crow.organisation,
                crow.short_name,
                crow.id,
                *snippet(crow.text, query),
            )
        )
    return {"provisions": provisions, "comments": comments}


_SEL = ("\x02", "\x03")
_HEADLINE = "StartSel=\x02, StopSel=\x03, MaxWords=35, MinWords=15, MaxFragments=1"


def _search_pg(conn: Connection, q: str, limit: int) -> dict[str, Any]:
    provision_sql = text(
        "SELECT p.doc_id, d.title, p.ref, p.eid, p.kind, "
        "ts_headline('danish', CASE WHEN p.heading <> '' AND p.text <> '' "
        "THEN p.heading || ': ' || p.text ELSE p.heading || p.text END, query, :opts) AS hl "
        "FROM provisions p JOIN documents d ON d.id = p.doc_id, "
        "websearch_to_tsquery('danish', :q) query "
        f"WHERE {s.PG_PROVISION_TSV} @@ query "
        f"ORDER BY ts_rank({s.PG_PROVISION_TSV}, query) DESC, p.doc_id, p.position LIMIT :limit"
    )
    provisions = []
    for row in conn.execute(provision_sql, {"q": q, "opts": _HEADLINE, "limit": limit}):
        provisions.append(provision_hit(row.doc_id, row.title, row, *marked_snippet(row.hl, *_SEL)))
    comment_sql = text(
        "SELECT c.id, c.consultation_id, r.id AS response_id, r.organisation, r.short_name, "
        "ts_headline('danish', c.text, query, :opts) AS hl "
        "FROM comments c JOIN responses r ON r.id = c.response_id, "
        "websearch_to_tsquery('danish', :q) query "
        f"WHERE {s.PG_COMMENT_TSV} @@ query "
        f"ORDER BY ts_rank({s.PG_COMMENT_TSV}, query) DESC, c.id LIMIT :limit"
    )
    comments = []
    for row in conn.execute(comment_sql, {"q": q, "opts": _HEADLINE, "limit": limit}):
        comments.append(
            comment_hit(
                row.id,
                row.consultation_id,
                row.organisation,
                row.short_name,
                row.response_id,
                *marked_snippet(row.hl, *_SEL),
            )
        )
    return {"provisions": provisions, "comments": comments}
