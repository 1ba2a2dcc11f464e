"""lovdiff's database: the only place with SQL (SQLAlchemy Core; SQLite or PostgreSQL).

Opening
-------
``get_engine(url=None) -> Engine``
    ``url`` or ``LOVDIFF_DATABASE_URL`` (an SQLAlchemy URL, e.g.
    ``postgresql+psycopg://postgres@127.0.0.1:5432/test``), else SQLite at
    ``<instance>/lovdiff.sqlite3`` where instance = ``LOVDIFF_INSTANCE`` or ``./instance``
    (created). Cached per URL; migrates the schema on first use; SQLite runs with WAL and
    foreign keys. ``postgresql://`` means ``postgresql+psycopg://``; other backends are
    refused with a LovdiffError. ``dispose_engines()`` closes them all (tests).

Every read function takes the engine first and returns JSON-ready dicts/lists, or model
objects where said. Missing ids raise ``NotFound`` (a ``LovdiffError``; answer 404).
Texts come back exactly as stored, except that NUL and lone surrogates were replaced by
U+FFFD when stored (one for one, so spans still fit). Spans are ``[start, end]`` lists.

Documents and orders
--------------------
``list_orders(engine)``
    ``[{id, title, versions: [{id, title, kind, number, date, in_force}] oldest first,
    comparisons: [{old, new}]}]``.
``list_documents(engine)``
    ``[{id, role, kind, title, corpus_title, number, date, in_force, source, sha256, format,
    n_provisions, n_findings, orders: [order ids]}]``; role: order, draft, other,
    redline-old, redline-new. A redline ``X`` is stored as ``X-foer`` and ``X-efter`` plus
    an order ``X`` holding the two and their comparison.
``load_document(engine, doc_id) -> Document`` (model object, with text and provenance).
``load_comparison(engine, old_id, new_id) -> Comparison`` (model object).
``remarks_version(engine) -> str`` changes whenever a remark is written or removed.
``data_version(engine) -> str``
    Changes when, and only when, an ingest changes what is stored (cache key).
``references_to(engine, doc_id, ref)``
    Incoming internal references: ``[{source, source_eid, text, target, targets, resolved,
    exact, span}]`` citing ``ref`` (``exact``) or a part of it ("§ 8, stk. 2" for "§ 8").

Consultations
-------------
``list_consultations(engine)``
    ``[{id, title, answers, previous, period, consulted, responses_doc, n_responses,
    n_comments, n_linked}]`` (answers/previous are document ids).
``load_consultation(engine, cons_id) -> Consultation`` (model object: responses with
    comments and links, exactly as ingested).
``comment_counts(engine, doc_id) -> {ref: n}``
    Distinct comments linked to the provision or anything inside it (also chapters).
    Works for the draft (links "against") and the previous version (links "previous").
``comments_for_provision(engine, doc_id, ref)``
    One entry per comment, same count as ``comment_counts``: ``[{comment_id, consultation,
    organisation, short_name, response_id, stance, target, text, heading, ref (the linked
    ref), document, basis, confidence, evidence, change, previous, remark}]``.
``get_response(engine, response_id)``
    ``{id, consultation, organisation, short_name, date, signatories, reference, text (the
    letter's region of its file), span, source, metadata: [[kind, text]], contacts,
    comments: [{id, text, span, target, stance, heading, about, links: [{ref, eid, document,
    doc_id, basis, confidence, evidence, change, previous, span}], remark}]}``.
    Response ids look like ``hoering-2026:1``, comment ids like ``hoering-2026:1.3``.
``list_organisations(engine, cons_id=None)``
    ``[{short_name, organisation, consultations, responses, n_responses, n_comments,
    n_linked}]`` in response order.
``get_organisation(engine, short_name)`` ``{short_name, organisation, n_comments,
    responses: [as get_response]}``.
``matrix(engine, cons_id)``
    ``{organisations: [short names], provisions: [refs in draft order: sections, annexes
    and commented chapters], cells: {org: {ref: count}}, general: {org: comments linked to
    nothing in the draft}}``; comments inside a section count for the section.
``search(engine, q, limit=50)``
    ``{provisions: [{doc_id, doc_title, ref, eid, kind, snippet, marks}], comments:
    [{comment_id, consultation, organisation, short_name, response_id, snippet, marks}]}``;
    Danish stemming; syntax: words, "phrases", ``or``, ``-word``. ``snippet`` is plain text
    (escape it), ``marks`` the [start, end) offsets of the matched words in it.

Remarks and accounts (written by the viewer)
--------------------------------------------
``set_remark(engine, comment_id, text, author)`` upserts the ministry's remark; empty
    text deletes it; NotFound for an unknown comment. Re-ingest never deletes or changes
    remarks.
``get_remark(engine, comment_id)`` ``{comment_id, text, author, updated_at, outdated} |
    None``; in other results ``remark`` is ``{text, author, updated_at, outdated} | None``.
    ``outdated``: a later ingest changed the comment's text since the remark was written
    (show the remark, with a warning).
``create_user(username, password, url=None)`` LovdiffError when taken/empty/< 8 chars.
``check_login(engine, username, password, remote_addr) -> bool``: refused (False, nothing
    checked) after 5 failures in 15 minutes for the user name or the address;
    ``login_blocked(engine, username, remote_addr)`` says whether that is why.

Writing
-------
``ingest_paths(paths, url=None, progress=None) -> IngestReport`` (``lovdiff.ingest``):
parse, compare and link first, then one atomic, idempotent write transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lovdiff.store.accounts import (
    LOGIN_MAX_FAILURES,
    LOGIN_WINDOW,
    check_login,
    create_user,
    get_remark,
    login_blocked,
    set_remark,
)
from lovdiff.store.engine import (
    NotFound,
    dispose_engines,
    get_engine,
    resolve_url,
    write_transaction,
)
from lovdiff.store.read import (
    comment_counts,
    comments_for_provision,
    data_version,
    get_organisation,
    get_response,
    list_consultations,
    list_documents,
    list_orders,
    list_organisations,
    load_comparison,
    load_consultation,
    load_document,
    matrix,
    references_to,
    remarks_version,
    search,
)
from lovdiff.store.schema import MIGRATIONS, migrate
from lovdiff.store.write import (
    Bundle,
    StoredConsultation,
    StoredDocument,
    StoredOrder,
    write_bundle,
)

if TYPE_CHECKING:
    from lovdiff.ingest import IngestReport


def ingest_paths(
    paths: list[Path], url: str | None = None, progress: bool | None = None
) -> IngestReport:
    """Load a corpus folder (with manifest.json) or single files; see ``lovdiff.ingest``."""
    from lovdiff.ingest import ingest_paths as _ingest_paths

    return _ingest_paths(paths, url=url, progress=progress)


__all__ = [
    "LOGIN_MAX_FAILURES",
    "LOGIN_WINDOW",
    "MIGRATIONS",
    "Bundle",
    "NotFound",
    "StoredConsultation",
    "StoredDocument",
    "StoredOrder",
    "check_login",
    "comment_counts",
    "comments_for_provision",
    "create_user",
    "data_version",
    "remarks_version",
    "dispose_engines",
    "get_engine",
    "get_organisation",
    "get_remark",
    "get_response",
    "ingest_paths",
    "list_consultations",
    "list_documents",
    "list_orders",
    "list_organisations",
    "load_comparison",
    "load_consultation",
    "load_document",
    "login_blocked",
    "matrix",
    "migrate",
    "references_to",
    "resolve_url",
    "search",
    "set_remark",
    "write_bundle",
    "write_transaction",
]
