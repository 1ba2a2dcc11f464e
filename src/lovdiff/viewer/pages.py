"""The viewer's pages: home, comparison, document, provision, consultation, organisation,
response, matrix, search, and the drafters' remark form.

Every page has a JSON twin at the same URL plus ``.json`` (or ``?format=json``); where the
CLI has an export for the same thing (comparison, consultation, parsed document) the twin is
produced by that export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from textwrap import shorten
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from lovdiff.export.tables import term_set
from lovdiff.models import Comparison, Document, Provision
from lovdiff.store.read import comment_hit, provision_hit
from lovdiff.viewer import db
from lovdiff.viewer.auth import login_required
from lovdiff.viewer.layout import SHOW_OPTIONS, anchor, arrange, section_of, text_rows
from lovdiff.viewer.render import change_note, doc_label
from lovdiff.viewer.security import safe_next
from lovdiff.viewer.slugs import ref_to_slug, slug_to_ref

bp = Blueprint("pages", __name__)

MAX_REMARK = 10_000
SEARCH_LIMIT = 50


def page(rule: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a page at ``rule`` and its JSON twin at ``rule + ".json"``."""

    def deco(view: Callable[..., Any]) -> Callable[..., Any]:
        bp.add_url_rule(rule, view_func=view, defaults={"fmt": "html"})
        json_rule = "/index.json" if rule == "/" else rule + ".json"
        bp.add_url_rule(json_rule, view_func=view, defaults={"fmt": "json"})
        return view

    return deco


def wants_json(fmt: str) -> bool:
    return fmt == "json" or request.args.get("format") == "json"


def json_response(payload: Any) -> Response:
    """Pretty, UTF-8 JSON (strings from an exporter are passed through as they are)."""
    body = (
        payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, indent=2)
    )
    return Response(body, mimetype="application/json")


def found(load: Callable[[], Any]) -> Any:
    """``load()``, or 404 when the store says the thing does not exist."""
    try:
        value = load()
    except db.not_found():
        abort(404)
    if value is None:
        abort(404)
    return value


def _plain(value: Any) -> Any:
    """Records to dicts for the JSON twins."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def comparisons_of(doc_id: str) -> list[tuple[str, str]]:
    """(old, new) id pairs of the stored comparisons that involve ``doc_id``."""
    out = []
    for order in db.orders():
        for c in order.get("comparisons", []):
            if doc_id in (c["old"], c["new"]):
                out.append((c["old"], c["new"]))
    return out


def previous_of(doc_id: str) -> str | None:
    """The id of the version a document replaces, where a stored comparison says so."""
    for old, new in comparisons_of(doc_id):
        if new == doc_id:
            return old
    return None


def doc_title(doc_id: str | None) -> str:
    """The short name of a stored document ("bek. nr. 2236 af 2020", "udkast 2026"), else its id."""
    if not doc_id:
        return ""
    d = db.documents().get(doc_id)
    if d is None:
        return doc_id
    return doc_label(d) or d.get("title") or doc_id


# --------------------------------------------------------------------------- home


@page("/")
def home(fmt: str) -> Any:
    """Orders with their versions and comparisons, consultations with who said what where.
    Orders with a consultation come first (that is where the work is)."""
    answered = {c["answers"] for c in db.consultations()}
    orders = sorted(
        db.orders(), key=lambda o: not any(v["id"] in answered for v in o.get("versions", []))
    )
    consultations = [dict(c) for c in db.consultations()]
    docs = list(db.documents().values())
    for cons in consultations:
        cons["answers_label"] = doc_title(cons["answers"])
        cons["organisations"] = _organisations_with_refs(cons["id"])
    data = {"orders": orders, "consultations": consultations, "documents": docs}
    if wants_json(fmt):
        return json_response(_plain(data))
    in_orders = {v["id"] for o in orders for v in o.get("versions", [])}
    others = [d for d in docs if d.get("id") not in in_orders]
    return render_template("home.html", **data, other_documents=others)


def _organisations_with_refs(cons_id: str) -> list[dict[str, Any]]:
    """``list_organisations`` of a consultation, each with ``refs``: the provisions of the
    draft its comments are linked to, in draft order, with how each changed since the
    previous version (``{ref, change}``; from the cached consultation)."""
    orgs = db.call("list_organisations", cons_id)
    try:
        cons = db.consultation(cons_id)
    except db.not_found():
        return orgs
    refs_of: dict[str, dict[str, str | None]] = {}
    for resp in cons.responses:
        bucket = refs_of.setdefault(resp.short_name, {})
        for comment in resp.comments:
            for link in comment.links:
                if link.document == "against":
                    bucket[link.ref] = bucket.get(link.ref) or link.change
    order = _ref_order(cons.against.id)
    for org in orgs:
        refs = refs_of.get(org["short_name"], {})
        org["refs"] = [
            {"ref": r, "change": refs[r]}
            for r in sorted(refs, key=lambda r: order.get(r, len(order)))
        ]
    return orgs


def _ref_order(doc_id: str) -> dict[str, int]:
    try:
        doc = db.document(doc_id)
    except db.not_found():
        return {}
    return {p.ref: i for i, p in reversed(list(enumerate(doc.provisions)))}


# --------------------------------------------------------------------------- comparison


@page("/sammenlign/<old_id>/<new_id>")
def comparison(old_id: str, new_id: str, fmt: str) -> Any:
    """Side-by-side comparison of two versions with filters and comment counts."""
    cmp: Comparison = found(lambda: db.comparison(old_id, new_id))
    if wants_json(fmt):
        from lovdiff.export import render_comparison

        return json_response(render_comparison(cmp, "json"))
    show = request.args.get("vis", "alle")
    if show not in SHOW_OPTIONS:
        show = "alle"
    chapter = request.args.get("kapitel") or None
    counts_new = db.call("comment_counts", new_id)
    counts_old = db.call("comment_counts", old_id)
    layout = arrange(cmp, show=show, chapter=chapter, counts_new=counts_new, counts_old=counts_old)
    from lovdiff.export.tables import front_rows

    return render_template(
        "comparison.html",
        cmp=cmp,
        # the title and the legal basis, where they changed (not in a chapter or the
        # commented-only view: they have no chapter, and comments are counted per provision)
        front=[]
        if chapter or show == "kommenterede"
        else [r for r in front_rows(cmp) if r.status != "unchanged"],
        terms=term_set(cmp.term_changes),
        old_id=old_id,
        new_id=new_id,
        old_label=doc_title(old_id),
        new_label=doc_title(new_id),
        counts_new=counts_new,
        counts_old=counts_old,
        not_found=request.args.get("ikke_fundet", "")[:40],
        **layout,
    )


@bp.route("/sammenlign/<old_id>/<new_id>/gaa-til")
def jump(old_id: str, new_id: str) -> Any:
    """The "go to §" box: ``?p=8``, ``?p=§ 8, stk. 4`` or ``?p=15a`` jumps to that row."""
    typed = request.args.get("p", "")[:40]
    wanted = normalise_ref(typed)
    base = url_for("pages.comparison", old_id=old_id, new_id=new_id)
    cmp: Comparison = found(lambda: db.comparison(old_id, new_id))
    if wanted and any(p.new == wanted for p in cmp.pairs):
        kind = "c" if wanted.startswith("kapitel") else "r"  # chapter rows are "c-kapitel4"
        return redirect(f"{base}#{kind}-{ref_to_slug(wanted)}")
    if wanted and any(p.old == wanted and p.new is None for p in cmp.pairs):
        # dropped: its row is the old one ("o-p9"; a chapter's "c-tidl-kapitel2")
        kind = "c-tidl" if wanted.startswith("kapitel") else "o"
        return redirect(f"{base}#{kind}-{ref_to_slug(wanted)}")
    if not typed.strip():
        return redirect(base)
    return redirect(url_for("pages.comparison", old_id=old_id, new_id=new_id, ikke_fundet=typed))


def normalise_ref(text: str) -> str | None:
    """A typed citation as a canonical ref: "8" / "§8" -> "§ 8", "15a, stk 2" ->
    "§ 15 a, stk. 2", "kapitel 3" stays. None when it is not a § or chapter citation.

    >>> normalise_ref("§8 stk 4"), normalise_ref(" 15A "), normalise_ref("kap. 3")
    ('§ 8, stk. 4', '§ 15 a', 'kapitel 3')
    """
    t = " ".join(text.lower().replace("§", " ").split())
    m = re.fullmatch(r"(?:kapitel|kap\.?)\s*(\d+)", t)
    if m:
        return f"kapitel {m.group(1)}"
    m = re.fullmatch(r"(\d+)\s*([a-z])?(?:,?\s*stk\.?\s*(\d+))?(?:,?\s*nr\.?\s*(\d+))?", t)
    if not m:
        return None
    ref = f"§ {m.group(1)}" + (f" {m.group(2)}" if m.group(2) else "")
    if m.group(3):
        ref += f", stk. {m.group(3)}"
        if m.group(4):
            ref += f", nr. {m.group(4)}"
    return ref


# --------------------------------------------------------------------------- documents


@page("/dokument/<doc_id>")
def document(doc_id: str, fmt: str) -> Any:
    """A whole document, its structure with links to each provision, and its findings."""
    doc: Document = found(lambda: db.document(doc_id))
    prose = doc_id in prose_documents()
    # letters and applications may hold personal contact details: hidden from readers
    red = redactor() if prose else (lambda s: s)
    if wants_json(fmt):
        from lovdiff.export.parsed import render_document
        from lovdiff.export.safe import redact_value

        data = json.loads(render_document(doc, "json"))
        if prose and g.get("user") is None:
            data = {**redact_value(data, ()), "redacted": True}  # offsets no longer hold
        return json_response(data)
    counts = db.call("comment_counts", doc_id)
    depth = _depths(doc)
    return render_template(
        "document.html",
        red=red,
        doc=doc,
        doc_id=doc_id,
        label=doc_title(doc_id),
        corpus_title=db.documents().get(doc_id, {}).get("corpus_title") or "",
        # letters and applications: show prose with its own paragraphs (orders read better
        # from the cleaned text, without the PDF's line ends and hyphenation)
        prose_from_source=prose,
        rows=text_rows(doc.provisions, depth),
        counts=counts,
        comparisons=comparisons_of(doc_id),
    )


def _depths(doc: Document) -> dict[str, int]:
    depth: dict[str, int] = {}
    for p in doc.provisions:
        depth[p.eid] = depth.get(p.parent, -1) + 1 if p.parent else 0
    return depth


def _subtree(doc: Document, prov: Provision) -> list[Provision]:
    inside = {prov.eid}
    out = []
    for p in doc.provisions:
        if p.eid == prov.eid or (p.parent is not None and p.parent in inside):
            inside.add(p.eid)
            out.append(p)
    return out


def _ancestors(doc: Document, prov: Provision) -> list[Provision]:
    out: list[Provision] = []
    parent = prov.parent
    while parent:
        p = doc.by_eid(parent)
        if p is None:
            break
        out.append(p)
        parent = p.parent
    return list(reversed(out))


@page("/dokument/<doc_id>/<slug>")
def provision(doc_id: str, slug: str, fmt: str) -> Any:
    """One provision: its text in each version with the diff, references, every comment."""
    ref = slug_to_ref(slug)
    if ref is None:
        abort(404)
    doc: Document = found(lambda: db.document(doc_id))
    prov = doc.by_ref(ref)
    if prov is None:
        abort(404)
    subtree = _subtree(doc, prov)
    if doc_id in prose_documents() and g.get("user") is None:
        # letters and applications may hold personal contact details: hidden from readers
        red = redactor()
        subtree = [replace(p, text=red(p.text), heading=red(p.heading)) for p in subtree]
        prov = subtree[0]
    depth = _depths(doc)
    refs = {p.ref for p in subtree}
    prefix = ref + ","

    def under(r: str | None) -> bool:
        return r is not None and (r == ref or r.startswith(prefix))

    versions = []
    for old_id, new_id in comparisons_of(doc_id):
        cmp: Comparison = db.comparison(old_id, new_id)
        side_is_new = new_id == doc_id
        pairs = [
            p for p in cmp.pairs if p.level != "chapter" and under(p.new if side_is_new else p.old)
        ]
        other = cmp.old if side_is_new else cmp.new
        versions.append(
            {
                "old_id": old_id,
                "new_id": new_id,
                "other_id": old_id if side_is_new else new_id,
                "other_label": doc_title(other.info.id) if other.info.id else doc_label(other.info),
                "direction": "from" if side_is_new else "to",
                "pairs": pairs,
                "anchor": anchor(pairs[0]) if pairs else "",
                "terms": term_set(cmp.term_changes),
            }
        )
    refs_out = [r for r in doc.references if r.source in refs]
    refs_in = [
        r
        for r in doc.references
        if r.internal and r.source not in refs and any(under(t) for t in (r.targets or (r.target,)))
    ]
    counts = db.call("comment_counts", doc_id)
    redact = redactor()
    previous_id = previous_of(doc_id)
    previous_label = doc_title(previous_id) if previous_id else ""
    comments = []
    if counts.get(ref):
        for c in db.call("comments_for_provision", doc_id, ref):
            c = dict(c)
            c["text"] = redact(c.get("text") or "")
            c["change_note"] = change_note(
                c.get("change"), c.get("previous"), previous_label, c.get("ref")
            )
            comments.append(c)
    own = counts.get(ref, 0)
    parent_comments = [
        (a.ref, counts[a.ref] - own)
        for a in _ancestors(doc, prov)
        if a.kind != "chapter" and counts.get(a.ref, 0) > own
    ]
    data = {
        "document": doc.info.to_dict(),
        "provision": prov.to_dict(),
        "subtree": [p.to_dict() for p in subtree],
        "versions": [{k: _plain(v) for k, v in ver.items() if k != "terms"} for ver in versions],
        "references_out": [r.to_dict() for r in refs_out],
        "references_in": [r.to_dict() for r in refs_in],
        "comments": comments,
    }
    if wants_json(fmt):
        return json_response(data)
    return render_template(
        "provision.html",
        doc=doc,
        doc_id=doc_id,
        label=doc_title(doc_id),
        prov=prov,
        rows=text_rows(subtree, depth),
        base_depth=depth.get(prov.eid, 0),
        ancestors=_ancestors(doc, prov),
        versions=versions,
        refs_out=refs_out,
        refs_in=refs_in,
        comments=comments,
        parent_comments=parent_comments,
        previous_label=previous_label,
    )


# --------------------------------------------------------------------------- consultations


def _consultation_row(cons_id: str) -> dict[str, Any]:
    for c in db.consultations():
        if c["id"] == cons_id:
            return dict(c)
    abort(404)


@page("/hoering/<cons_id>")
def consultation(cons_id: str, fmt: str) -> Any:
    """A consultation: period, bodies consulted and who replied, comments per provision."""
    row = _consultation_row(cons_id)
    if wants_json(fmt):
        from lovdiff.export import render_consultation

        cons = found(lambda: db.consultation(cons_id))
        return json_response(render_consultation(cons, "json", redact=g.user is None))
    organisations = _organisations_with_refs(cons_id)
    replied = {o.get("organisation") for o in organisations} | {
        o.get("short_name") for o in organisations
    }
    consulted = [
        {
            "name": name,
            "replied": any(r and re.search(rf"\b{re.escape(r)}\b", name) for r in replied),
        }
        for name in row.get("consulted", [])
    ]
    from lovdiff.viewer.downloads import remarks_for

    return render_template(
        "consultation.html",
        cons=row,
        cons_id=cons_id,
        n_remarks=len(remarks_for(cons_id)),
        organisations=organisations,
        consulted=consulted,
        against_label=doc_title(row["answers"]),
        previous_label=doc_title(row["previous"]) if row.get("previous") else "",
    )


@page("/hoering/<cons_id>/matrix")
def matrix(cons_id: str, fmt: str) -> Any:
    """Organisations × provisions: how many comments each body made on each provision."""
    row = _consultation_row(cons_id)
    data = db.call("matrix", cons_id)
    if wants_json(fmt):
        return json_response(_plain(data))
    cells = data.get("cells", {})
    peak = max((n for org in cells.values() for n in org.values()), default=0)
    totals = {
        ref: sum(cells.get(o, {}).get(ref, 0) for o in data.get("organisations", []))
        for ref in data.get("provisions", [])
    }
    return render_template(
        "matrix.html",
        cons=row,
        cons_id=cons_id,
        data=data,
        cells=cells,
        peak=peak,
        totals=totals,
        organisations=_org_rows(cons_id),
    )


def _org_rows(cons_id: str | None = None) -> dict[str, dict[str, Any]]:
    """Organisation rows keyed by both full and short name (for lookups from the matrix)."""
    rows: dict[str, dict[str, Any]] = {}
    for o in db.call("list_organisations", cons_id):
        for key in (o.get("organisation"), o.get("short_name")):
            if key:
                rows[key] = o
    return rows


@page("/organisationer")
def organisations(fmt: str) -> Any:
    """Every body that has answered a consultation."""
    rows = db.call("list_organisations")
    if wants_json(fmt):
        return json_response(_plain(rows))
    return render_template("organisations.html", organisations=rows)


@page("/organisation/<path:short_name>")
def organisation(short_name: str, fmt: str) -> Any:
    """One body: its responses and their comments."""
    org = found(lambda: db.call("get_organisation", short_name))
    responses = [
        r if isinstance(r, dict) and "comments" in r else _get_response(_response_id(r))
        for r in org.get("responses", [])
    ]
    if wants_json(fmt):
        return json_response(_plain({**org, "responses": [public_response(r) for r in responses]}))
    return render_template(
        "organisation.html", org=org, responses=[_response_view(r) for r in responses]
    )


def _get_response(response_id: Any) -> dict[str, Any]:
    return found(lambda: db.call("get_response", response_id))


def _response_id(r: Any) -> Any:
    return r["id"] if isinstance(r, dict) else r


def _response_view(resp: dict[str, Any]) -> dict[str, Any]:
    """Add change notes, doc labels and letter marks to a ``get_response`` dict."""
    resp = dict(resp)
    cons_id = resp.get("consultation")
    row = None
    for c in db.consultations():
        if c["id"] == cons_id:
            row = c
    against = row["answers"] if row else None
    previous = row.get("previous") if row else None
    previous_label = doc_title(previous) if previous else ""
    red = redactor(resp.get("contacts", ()))
    comments = []
    for c in resp.get("comments", []):
        c = dict(c)
        c["text"] = red(c.get("text") or "")
        links = []
        for link in c.get("links", []):
            link = dict(link)
            link["doc_id"] = link.get("doc_id") or (
                previous if link.get("document") == "previous" else against
            )
            link["note"] = (
                change_note(
                    link.get("change"), link.get("previous"), previous_label, link.get("ref")
                )
                if link.get("document") != "previous"
                else f"henviser til {previous_label or 'den gældende version'}"
            )
            links.append(link)
        c["links"] = links
        comments.append(c)
    resp["comments"] = comments
    resp["against"] = against
    resp["against_label"] = doc_title(against) if against else ""
    resp["previous_label"] = previous_label
    return resp


def _letter(
    resp: dict[str, Any],
) -> tuple[str, list[tuple[int, int, str, str]], dict[str, int]]:
    """The letter's text, the comment marks (spans made relative to the letter) and each
    mark's number (the comment's place in the response)."""
    text: str = resp.get("text") or ""
    span = resp.get("span") or (0, len(text))
    start, end = int(span[0]), int(span[1])
    if len(text) >= end and (start or end != len(text)):
        base, letter = start, text[start:end]
    else:
        base, letter = start, text
    lead = len(letter) - len(letter.lstrip())
    letter, base = letter[lead:].rstrip(), base + lead
    marks = []
    numbers = {f"k-{c['id']}": i for i, c in enumerate(resp.get("comments", []), start=1)}
    for c in resp.get("comments", []):
        cspan = c.get("span")
        if not cspan:
            continue
        css = "comment other" if c.get("target") == "other" else "comment"
        if cspan[0] is None or cspan[1] is None:
            continue
        a, b = int(cspan[0]) - base, int(cspan[1]) - base
        for n, (s, e) in enumerate(own_lines(letter, a, b, c.get("text") or "")):
            # the first piece carries the anchor and number; the rest continue it
            marks.append((s, e, f"k-{c['id']}" if n == 0 else "", css))
    return letter, marks, numbers


def own_lines(text: str, start: int, end: int, comment: str) -> list[tuple[int, int]]:
    r"""The pieces of ``text[start:end]`` that belong to the comment: runs of lines whose
    words are in the comment's text. A page footer or letterhead the splitter left out of
    the comment (it lies inside the span) is not highlighted with it.

    >>> own_lines("Vi mener\nSide 1 af 2\nat det er godt.", 0, 36, "Vi mener at det er godt.")
    [(0, 8), (21, 36)]
    >>> own_lines("sundheds-\nfaglig råd", 0, 20, "sundhedsfaglig råd")  # hyphenation
    [(0, 20)]
    """
    start, end = max(start, 0), min(end, len(text))
    words = "".join(comment.split())  # compared without spaces: line ends may split words
    pieces: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        body = "".join(line.split()).rstrip("-\u00ad\u2010")
        line_end = pos + len(line.rstrip("\r\n"))
        if not body or body in words:
            if pieces and pieces[-1][1] >= pos - 1 and body:
                pieces[-1] = (pieces[-1][0], line_end)
            elif body:
                pieces.append((pos, line_end))
        pos += len(line)
    return pieces or [(start, end)]


@page("/svar/<response_id>")
def response(response_id: str, fmt: str) -> Any:
    """A letter as received, each comment highlighted and linked to its provisions."""
    key: Any = int(response_id) if response_id.isdigit() else response_id
    resp = found(lambda: db.call("get_response", key))
    if wants_json(fmt):
        return json_response(_plain(public_response(resp)))
    view = _response_view(resp)
    letter, marks, numbers = _letter(view)
    return render_template(
        "response.html",
        resp=view,
        letter=letter,
        marks=marks,
        numbers=numbers,
        redact=redactor(view.get("contacts", ())),
    )


def public_response(resp: dict[str, Any]) -> dict[str, Any]:
    """A ``get_response`` dict as readers who are not logged in may see it: personal
    contact details removed from the letter and the comments (drafters get it as stored)."""
    if g.get("user"):
        return resp
    from lovdiff.export.safe import redact_value

    # every string: the letter, its comments, and the letterhead metadata (e-mail, phone,
    # the addressee's officers) alike
    out: dict[str, Any] = redact_value(resp, resp.get("contacts", ()))
    out["contacts"] = []
    out["redacted"] = True  # offsets into the redacted text no longer hold
    return out


def prose_documents() -> set[str]:
    """Ids of the stored documents that are no order (letters, applications): shown as
    prose, and their personal contact details hidden from readers."""
    return {d for d, info in db.documents().items() if info.get("role") == "other"}


def redactor(contacts: Any = ()) -> Callable[[str], str]:
    """Personal e-mail addresses and phone numbers are hidden from readers who are not
    logged in (drafters see the letter as received); returns the identity for drafters."""
    if g.get("user"):
        return lambda s: s
    from lovdiff.export.safe import redact_contacts

    extra = tuple(contacts or ())
    return lambda s: redact_contacts(s, extra)


# --------------------------------------------------------------------------- search


@page("/soeg")
def search(fmt: str) -> Any:
    """Full-text search over provisions and comments."""
    q = request.args.get("q", "").strip()[:200]
    results: dict[str, Any] = {"provisions": [], "comments": []}
    if q:
        results = db.call("search", q, limit=SEARCH_LIMIT)
        cited = _cited(q)
        if cited:
            results = _with_cited(results, *cited)
        red = redactor()
        results["comments"] = [
            {**r, "snippet": red(r.get("snippet") or "")} for r in results.get("comments", [])
        ]
        prose = prose_documents()
        results["provisions"] = [
            {**r, "snippet": red(r.get("snippet") or "")} if r.get("doc_id") in prose else r
            for r in results.get("provisions", [])
        ]
    if wants_json(fmt):
        return json_response({"q": q, **_plain(results)})
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in results.get("provisions", []):
        by_doc.setdefault(r["doc_id"], []).append(r)
    return render_template(
        "search.html",
        q=q,
        results=results,
        by_doc=by_doc,
        titles=_doc_titles(),
        limit=SEARCH_LIMIT,
    )


def _cited(q: str) -> tuple[str, str | None] | None:
    """A query that is a citation ("§ 8, stk. 4", "§8 stk 4", "kapitel 3", "udkast 2026
    § 8"): the ref, and the document it names when a document's label leads it."""
    docs = {doc_label(d) or "": doc_id for doc_id, d in db.documents().items()}
    doc_id = None
    rest = q
    for label, did in sorted(docs.items(), key=lambda kv: -len(kv[0])):
        if label and q.lower().startswith(label.lower()):
            doc_id, rest = did, q[len(label) :]
            break
    if "§" not in rest and "kap" not in rest.lower():
        return None  # a bare number is a word to search for
    ref = normalise_ref(rest)
    return (ref, doc_id) if ref else None


def _with_cited(results: dict[str, Any], ref: str, doc_id: str | None) -> dict[str, Any]:
    """Search results with the cited provision (in each document that has it, or the one
    named) and the comments linked to it first; full-text hits follow, without repeats."""
    hits: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    red = redactor()  # before shortening: a cut phone number escapes the patterns
    answered = {c["answers"] for c in db.consultations()}
    order = sorted(db.documents(), key=lambda d: d not in answered)  # the drafts first
    for did in [doc_id] if doc_id else order:
        prov = db.document(did).by_ref(ref)
        if prov is None:
            continue
        body = f"{prov.heading}: {prov.text}" if prov.heading and prov.text else prov.heading
        snippet = shorten(body or prov.text or "", 220, placeholder=" …")
        hits.append(provision_hit(did, doc_title(did), prov, snippet))
        for c in db.call("comments_for_provision", did, ref):
            if any(c["comment_id"] == seen["comment_id"] for seen in comments):
                continue  # linked in both versions: listed once
            comments.append(
                comment_hit(
                    c["comment_id"],
                    c["consultation"],
                    c["organisation"],
                    c["short_name"],
                    c["response_id"],
                    shorten(red(c.get("text") or ""), 220, placeholder=" …"),
                )
            )
    seen_p = {(h["doc_id"], h["ref"]) for h in hits}
    seen_c = {c["comment_id"] for c in comments}
    return {
        "provisions": hits
        + [h for h in results["provisions"] if (h["doc_id"], h["ref"]) not in seen_p],
        "comments": comments + [c for c in results["comments"] if c["comment_id"] not in seen_c],
    }


def _doc_titles() -> dict[str, str]:
    return {doc_id: doc_title(doc_id) for doc_id in db.documents()}


# --------------------------------------------------------------------------- remarks


@bp.route("/kommentar/<comment_id>/bemaerkning", methods=["POST"])
@login_required
def remark(comment_id: str) -> Any:
    """Store the ministry's remark on a comment (drafters only)."""
    key: Any = int(comment_id) if comment_id.isdigit() else comment_id
    text = request.form.get("remark", "").strip()
    if len(text) > MAX_REMARK:
        abort(400, description=f"Bemærkningen er for lang (højst {MAX_REMARK} tegn).")
    try:
        db.call("set_remark", key, text, g.user)
    except db.not_found():
        abort(404)
    db.cached_clear("consultation")
    flash("Bemærkningen er gemt." if text else "Bemærkningen er slettet.")
    target = safe_next(request.form.get("next"), url_for("pages.home"))
    return redirect(target.split("#", 1)[0] + f"#k-{comment_id}")


def doc_name(doc_id: str | None) -> str:
    """Template helper: :func:`doc_title`."""
    return doc_title(doc_id)


def provision_url(doc_id: str | None, ref: str | None) -> str:
    """URL of a provision page (template helper)."""
    if not doc_id or not ref:
        return ""
    return url_for("pages.provision", doc_id=doc_id, slug=ref_to_slug(ref))


def section_url(doc_id: str | None, ref: str | None) -> str:
    return provision_url(doc_id, section_of(ref) or ref)
