"""Downloads: the same files the CLI exports write, from the stored data.

Comparison: change table (CSV, XLSX), parallelopstilling (DOCX), redline (DOCX with tracked
changes), Markdown/HTML reports and JSON, via ``lovdiff.export.render_comparison``.
Consultation: comments (CSV, XLSX, Markdown, JSON) via ``render_consultation`` (personal
contact details redacted unless a drafter is logged in), and the høringsnotat (DOCX) via
``lovdiff.export.notat.build_notat``, carrying the drafters' stored remarks.
"""

from __future__ import annotations

import inspect
from typing import Any

from flask import Blueprint, Response, abort, g

from lovdiff.viewer import db
from lovdiff.viewer.pages import _consultation_row, found

bp = Blueprint("downloads", __name__)

COMPARISON_FORMATS: dict[str, tuple[str, str, str]] = {
    # fmt: (file name stem, suffix, mimetype)
    "csv": ("aendringstabel", ".csv", "text/csv"),
    "xlsx": (
        "aendringstabel",
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "docx": (
        "parallelopstilling",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "redline-docx": (
        "aendringsmarkering",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "md": ("sammenligning", ".md", "text/markdown"),
    "html": ("sammenligning", ".html", "text/html"),
    "json": ("sammenligning", ".json", "application/json"),
}
CONSULTATION_FORMATS: dict[str, tuple[str, str, str]] = {
    "csv": ("hoeringssvar", ".csv", "text/csv"),
    "xlsx": ("hoeringssvar", ".xlsx", COMPARISON_FORMATS["xlsx"][2]),
    "md": ("hoeringssvar", ".md", "text/markdown"),
    "json": ("hoeringssvar", ".json", "application/json"),
}
DOCX = COMPARISON_FORMATS["docx"][2]


def attachment(data: str | bytes, filename: str, mimetype: str) -> Response:
    """A download response; text is sent as UTF-8. Any exported HTML is served as an
    attachment under the page's CSP, so it cannot run script in the viewer's origin."""
    body = data.encode("utf-8") if isinstance(data, str) else data
    # content_type as is: Flask's mimetype= would add a second "; charset=utf-8" to text/*
    charset = "; charset=utf-8" if isinstance(data, str) else ""
    resp = Response(body, content_type=mimetype + charset)
    resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


def _safe_name(s: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in s)


@bp.route("/sammenlign/<old_id>/<new_id>/hent/<fmt>")
def comparison_file(old_id: str, new_id: str, fmt: str) -> Response:
    """The comparison in one of the CLI's ``diff`` formats."""
    if fmt not in COMPARISON_FORMATS:
        abort(404)
    from lovdiff.export import render_comparison

    cmp = found(lambda: db.comparison(old_id, new_id))
    stem, suffix, mimetype = COMPARISON_FORMATS[fmt]
    name = f"{stem}-{_safe_name(old_id)}-{_safe_name(new_id)}{suffix}"
    data = db.cached("download", (old_id, new_id, fmt), lambda: render_comparison(cmp, fmt))
    return attachment(data, name, mimetype)


@bp.route("/hoering/<cons_id>/hent/<fmt>")
def consultation_file(cons_id: str, fmt: str) -> Response:
    """The linked comments in one of the CLI's ``comments`` formats."""
    if fmt not in CONSULTATION_FORMATS:
        abort(404)
    from lovdiff.export import render_consultation

    _consultation_row(cons_id)
    cons = found(lambda: db.consultation(cons_id))
    stem, suffix, mimetype = CONSULTATION_FORMATS[fmt]
    data = render_consultation(cons, fmt, redact=g.user is None, remarks=remarks_for(cons_id))
    return attachment(data, f"{stem}-{_safe_name(cons_id)}{suffix}", mimetype)


def remarks_for(cons_id: str) -> dict[str, str]:
    """The drafters' remarks on this consultation's comments, keyed by ``Comment.id`` (the
    id within the consultation, as ``build_notat`` sees it): {"1.3": "Imødekommes …"}."""
    prefix = f"{cons_id}:"
    out: dict[str, str] = {}
    for org in db.call("list_organisations", cons_id):
        for rid in org.get("responses", []):
            for c in db.call("get_response", rid).get("comments", []):
                remark = c.get("remark")
                text = remark.get("text", "") if isinstance(remark, dict) else str(remark or "")
                if text:
                    cid = str(c["id"])
                    out[cid[len(prefix) :] if cid.startswith(prefix) else cid] = text
    return out


@bp.route("/hoering/<cons_id>/notat.docx")
def notat(cons_id: str) -> Response:
    """The høringsnotat skeleton: period and consulted bodies from the corpus manifest, the
    drafters' remarks where the notat builder accepts them."""
    from lovdiff.export.notat import build_notat

    row = _consultation_row(cons_id)
    cons = found(lambda: db.consultation(cons_id))
    against = found(lambda: db.document(row["answers"]))
    comparison = db.comparison(row["previous"], row["answers"]) if row.get("previous") else None
    params = inspect.signature(build_notat).parameters
    kwargs: dict[str, Any] = {}
    if "period" in params and row.get("period"):
        kwargs["period"] = row["period"]
    if "consulted" in params and row.get("consulted"):
        kwargs["consulted"] = tuple(row["consulted"])
    if "remarks" in params:
        kwargs["remarks"] = remarks_for(cons_id)
    data = build_notat(cons, against, comparison, **kwargs)
    return attachment(data, f"hoeringsnotat-{_safe_name(cons_id)}.docx", DOCX)
