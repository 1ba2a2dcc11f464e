"""Readable reports: Markdown and self-contained HTML of a comparison, Markdown of a
consultation, and ``diff_html`` for the viewer.

The HTML report is one file: inline CSS, no scripts, no external resources; every text is
escaped. It opens with an overview (counts of sections by status), the systematic term
replacements once (they are then shown in grey, not as substantive changes) and the
findings, then the parallelopstilling as a two-column table with ``<del>``/``<ins>``.

The Markdown report lists unchanged sections compactly and shows each changed, new or
dropped section (and each changed mellemrubrik) with its stk./nr.: deleted words as
``~~struck~~``, inserted words as ``**bold**`` (term replacements as ``~~borgeren~~ personen``,
the new word not bold, as the report says under "Gennemgående ændringer").
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from lovdiff.export.safe import redact_contacts, xml_text
from lovdiff.export.tables import (
    BASIS_DA,
    PARALLEL_NOTE,
    STANCE_DA,
    STATUS_DA,
    TARGET_DA,
    UNCHANGED_MARK,
    ParallelRow,
    Piece,
    column_labels,
    danish_date,
    describe,
    finding_rows,
    parallel_rows,
    row_anchor_ids,
    segments,
    summary_counts,
    term_set,
    version_roles,
)
from lovdiff.models import Comparison, Consultation, DiffOp, TermChange

Side = Literal["both", "old", "new"]


def _esc(text: str) -> str:
    return html.escape(xml_text(text), quote=True)


def diff_html(
    ops: Iterable[DiffOp],
    *,
    side: Side = "both",
    terms: Iterable[TermChange] | frozenset[tuple[str, str]] = (),
) -> str:
    """Escaped HTML of word-diff ops: deletions in ``<del>``, insertions in ``<ins>``.

    ``side="old"`` keeps only equal and deleted text, ``"new"`` only equal and inserted text.
    A deletion/insertion that is one of ``terms`` (``Comparison.term_changes``) gets
    ``class="term"`` so a page can show systematic replacements quietly.

    >>> diff_html([(0, "a "), (-1, "<b>"), (1, "c")])
    'a <del>&lt;b&gt;</del><ins>c</ins>'
    """
    tset = terms if isinstance(terms, frozenset) else term_set(terms)
    out: list[str] = []
    for seg in segments(ops, tset):
        if seg.op == 0:
            out.append(_esc(seg.text))
            continue
        if (seg.op < 0 and side == "new") or (seg.op > 0 and side == "old"):
            continue
        tag = "del" if seg.op < 0 else "ins"
        cls = ' class="term"' if seg.term else ""
        out.append(f"<{tag}{cls}>{_esc(seg.text)}</{tag}>")
    return "".join(out)


_describe = describe


TERMS_NOTE_HTML = (
    "Disse ord er skiftet ud overalt. De vises nedenfor i gråt, så de ikke skygger for de "
    "indholdsmæssige ændringer; hvor et ordskift falder sammen med en anden ændring, vises det "
    "som en ændring."
)
TERMS_NOTE_MD = (
    "Disse ord er skiftet ud overalt. De vises nedenfor som ~~gammelt ord~~ nyt ord (det nye "
    "ord uden fed), så de ikke skygger for de indholdsmæssige ændringer; hvor et ordskift falder "
    "sammen med en anden ændring, vises det som en ændring."
)
"""What the reports say of the term changes (``Comparison.term_changes``): shown quietly where
``tables.segments`` finds them, as changes where other words changed with them."""


def term_lines(terms: Sequence[TermChange]) -> list[str]:
    return [f"{t.old} → {t.new} ({t.count} {'gang' if t.count == 1 else 'gange'})" for t in terms]


# --------------------------------------------------------------------------- HTML

REPORT_CSS = """
body{font-family:Georgia,'Times New Roman',serif;margin:2rem auto;max-width:90rem;padding:0 1rem;
color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.3rem}h2{font-size:1.2rem;margin-top:2rem}
.meta{color:#444;margin:.1rem 0}.note{color:#555;font-size:.9rem;max-width:60rem}
table.counts td,table.counts th{padding:.2rem .8rem;text-align:left;border-bottom:1px solid #ddd}
table.parallel{border-collapse:collapse;width:100%;table-layout:fixed}
table.parallel th{background:#dde4ee;text-align:left;padding:.4rem;position:sticky;top:0}
table.parallel td{border:1px solid #bbb;vertical-align:top;padding:.4rem .6rem;width:50%}
tr.chapter td{background:#f2f2f2;text-align:center;font-weight:bold}
tr.heading td{text-align:center;font-style:italic}
td p{margin:.2rem 0}.depth1{margin-left:1.5rem}.depth2{margin-left:3rem}
.lbl{font-weight:bold}.stk{font-style:italic}.gray{color:#6b6b6b;font-style:italic}
del{color:#b00020;text-decoration:line-through}ins{color:#1f4e9a;text-decoration:underline}
del.term,ins.term{color:#777}.moved{color:#6b6b6b}
.badge{font-size:.75rem;border:1px solid #999;border-radius:.2rem;padding:0 .3rem;color:#555;
font-family:sans-serif;font-weight:normal}
"""


def _label_html(piece: Piece) -> str:
    if not piece.label:
        return ""
    cls = "stk" if piece.kind == "subsection" else "lbl" if piece.kind == "section" else ""
    return f'<span class="{cls}">{_esc(piece.label)}</span> ' if cls else _esc(piece.label) + " "


def _piece_html(
    piece: Piece, old_side: bool, tset: frozenset[tuple[str, str]], marked: bool
) -> str:
    parts = [_label_html(piece)]
    if piece.note:
        parts.append(f'<span class="gray">{_esc(piece.note)}</span> ')
    if not old_side and piece.unchanged:
        parts.append(UNCHANGED_MARK)
    elif piece.moved_away:
        parts.append(f'<span class="moved">{_esc("".join(t for _, t in piece.ops))}</span>')
    elif marked:
        parts.append(diff_html(piece.ops, side="old" if old_side else "new", terms=tset))
    else:
        keep = -1 if old_side else 1
        parts.append(_esc("".join(t for op, t in piece.ops if op in (0, keep))))
    depth = f' class="depth{piece.depth}"' if piece.depth else ""
    return f"<p{depth}>{''.join(parts)}</p>"


def _cell_html(row: ParallelRow, old_side: bool, tset: frozenset[tuple[str, str]]) -> str:
    label = row.old_label if old_side else row.new_label
    heading = row.old_heading if old_side else row.new_heading
    if not label and not heading:
        return ""
    head = f'<span class="lbl">{_esc(label)}</span> ' if label else ""
    if not old_side and row.note:
        head += f'<span class="gray">{_esc(row.note)}</span> '
    if row.kind in ("chapter", "heading"):
        words = _esc(heading)
        pieces = row.left if old_side else row.right
        if pieces:  # a changed mellemrubrik: its word diff
            words = diff_html(pieces[0].ops, side="old" if old_side else "new", terms=tset)
        return head + (f"<br>{words}" if heading and label else words)
    out: list[str] = []
    if heading:
        out.append(f"<p>{head}<strong>{_esc(heading)}</strong></p>")
        head = ""
    if row.see_above_left if old_side else row.see_above_right:
        return "".join(out) + f'<p>{head}<span class="gray">(se ovenfor)</span></p>'
    pieces = row.left if old_side else row.right
    if not old_side and row.status == "unchanged" and all(p.unchanged for p in pieces):
        return "".join(out) + f"<p>{head}{UNCHANGED_MARK}</p>"
    marked = row.status not in ("added", "deleted")
    for piece in pieces:
        if piece.kind == "section" and piece.label and not piece.ops:
            if head:
                out.append(f"<p>{head}</p>")
            head = f'<span class="lbl">{_esc(piece.label)}</span> '  # a merged-in old section
            continue
        body = _piece_html(piece, old_side, tset, marked)
        if head and not piece.label and not piece.depth:
            body = body.replace("<p>", f"<p>{head}", 1)
            head = ""
        elif head:
            out.append(f"<p>{head}</p>")
            head = ""
        out.append(body)
    if head:
        out.append(f"<p>{head}</p>")
    return "".join(out)


def _badge(row: ParallelRow) -> str:
    if row.editorial and row.status == "changed":
        return ' <span class="badge">redaktionel</span>'
    return ""


def comparison_html(c: Comparison) -> str:
    """A self-contained Danish HTML report of a comparison (see the module docstring)."""
    rows = parallel_rows(c)
    counts = summary_counts(c)
    title = f"Sammenligning: {c.new.info.title}"
    heads = tuple(_esc(h) for h in version_roles(c))
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="da"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{REPORT_CSS}</style></head><body>",
        f"<h1>{_esc(title)}</h1>",
        f'<p class="meta"><strong>{heads[0]}:</strong> {_esc(_describe(c.old.info))}</p>',
        f'<p class="meta"><strong>{heads[1]}:</strong> {_esc(_describe(c.new.info))}</p>',
        "<h2>Overblik</h2>",
        '<table class="counts"><tr><th>Paragraffer</th><th>Antal</th></tr>',
    ]
    for name, n in counts.items():
        label = "heraf kun redaktionelt ændret" if name == "redaktionel" else name
        out.append(f"<tr><td>{_esc(label)}</td><td>{n}</td></tr>")
    out.append("</table>")
    if c.term_changes:
        out.append("<h2>Gennemgående ændringer</h2>")
        out.append(f'<p class="note">{_esc(TERMS_NOTE_HTML)}</p><ul>')
        out.extend(f"<li>{_esc(line)}</li>" for line in term_lines(c.term_changes))
        out.append("</ul>")
    findings = finding_rows(c)
    if findings:
        out.append("<h2>Opmærksomhedspunkter</h2><ul>")
        for doc_name, kind, where, message in findings:
            out.append(
                f"<li><strong>{_esc(str(where))}</strong> ({_esc(str(doc_name))}, "
                f"{_esc(str(kind))}): {_esc(str(message))}</li>"
            )
        out.append("</ul>")
    out.append("<h2>Parallelopstilling</h2>")
    out.append(f'<p class="note">{_esc(PARALLEL_NOTE)}</p>')
    out.append(parallel_table_html(c, rows=rows))
    out.append('<p class="note">Lavet med lovdiff.</p></body></html>')
    return "\n".join(out) + "\n"


def parallel_table_html(c: Comparison, *, rows: Sequence[ParallelRow] | None = None) -> str:
    """The parallelopstilling as one escaped ``<table class="parallel">`` fragment (for the
    viewer; style it with ``REPORT_CSS``). Each row has ``id`` = ``row_anchor_ids`` (``ny-8``,
    ``gl-26``) and ``data-status`` (Danish status)."""
    tset = term_set(c.term_changes)
    rows = parallel_rows(c) if rows is None else rows
    old_head, new_head = (_esc(h) for h in column_labels(c))
    out = [
        f'<table class="parallel"><thead><tr><th>{old_head}</th><th>{new_head}</th></tr>'
        "</thead><tbody>"
    ]
    for row, rid in zip(rows, row_anchor_ids(rows), strict=True):
        cls = f' class="{row.kind}"' if row.kind in ("chapter", "heading") else ""
        status = _esc(STATUS_DA.get(row.status, row.status))
        out.append(
            f'<tr id="{_esc(rid)}"{cls} data-status="{status}" title="{status}">'
            f"<td>{_cell_html(row, True, tset)}</td>"
            f"<td>{_cell_html(row, False, tset)}{_badge(row)}</td></tr>"
        )
    out.append("</tbody></table>")
    return "\n".join(out)


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_<>|~#]|\](?=\())")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown syntax characters.

    >>> md_escape("a*b_<c>")
    'a\\\\*b\\\\_\\\\<c\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", xml_text(text).replace("\n", " "))


def diff_markdown(ops: Iterable[DiffOp], terms: frozenset[tuple[str, str]] = frozenset()) -> str:
    """Ops as Markdown: ``~~deleted~~`` and ``**inserted**``; term swaps without bold."""
    out: list[str] = []
    for seg in segments(ops, terms):
        text = md_escape(seg.text)
        if seg.op == 0 or not text.strip():
            out.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        core = text.strip()
        if seg.op < 0:
            out.append(f"{lead}~~{core}~~{trail}")
        elif seg.term:
            out.append(text)
        else:
            out.append(f"{lead}**{core}**{trail}")
    return "".join(out)


def _row_title(row: ParallelRow) -> str:
    label = (row.new_label or row.old_label).rstrip(".:")
    parts = [label] if label else []
    if row.note:
        parts.append(row.note)
    heading = row.new_heading or row.old_heading
    if heading:
        parts.append(f"– {heading}" if parts else heading)  # a mellemrubrik has no label
    status = STATUS_DA.get(row.status, row.status)
    if row.editorial and row.status == "changed":
        status += ", redaktionel"
    return f"{' '.join(md_escape(p) for p in parts)} ({status})"


def _md_piece(piece: Piece, tset: frozenset[tuple[str, str]], *, deleted: bool = False) -> str:
    """One stk./nr. as a list item; ``deleted`` shows an old-only piece by its full ref."""
    label = f"*{md_escape(piece.label)}* " if piece.label else ""
    if deleted and piece.ref:
        label = f"*gældende {md_escape(piece.ref)}:* "
    note = f"({md_escape(piece.note.strip('()'))}) " if piece.note else ""
    indent = "    " * piece.depth
    if piece.unchanged:
        body = UNCHANGED_MARK
    elif piece.moved_away:
        body = ""
    elif deleted:
        text = md_escape("".join(t for op, t in piece.ops if op <= 0)).strip()
        body = f"~~{text}~~ (udgået)" if text else "(udgået)"
    else:
        body = diff_markdown(piece.ops, tset)
    return f"{indent}- {label}{note}{body}".rstrip()


def comparison_markdown(c: Comparison) -> str:
    """A Danish Markdown report of a comparison (see the module docstring)."""
    tset = term_set(c.term_changes)
    rows = parallel_rows(c)
    old_role, new_role = version_roles(c)
    out = [
        f"# Sammenligning: {md_escape(c.new.info.title)}",
        "",
        f"- **{old_role}:** {md_escape(_describe(c.old.info))}",
        f"- **{new_role}:** {md_escape(_describe(c.new.info))}",
        "",
        "## Overblik",
        "",
        "| Paragraffer | Antal |",
        "|---|---:|",
    ]
    for name, n in summary_counts(c).items():
        out.append(
            f"| {'heraf kun redaktionelt ændret' if name == 'redaktionel' else name} | {n} |"
        )
    if c.term_changes:
        out += ["", "## Gennemgående ændringer", ""]
        out += [f"- {md_escape(line)}" for line in term_lines(c.term_changes)]
        out += ["", TERMS_NOTE_MD]
    findings = finding_rows(c)
    if findings:
        out += ["", "## Opmærksomhedspunkter", ""]
        out += [
            f"- **{md_escape(str(w))}** ({md_escape(str(d))}, {md_escape(str(k))}): "
            f"{md_escape(str(m))}"
            for d, k, w, m in findings
        ]
    out += [
        "",
        "## Ændringer",
        "",
        "Slettede ord er ~~overstreget~~, nye ord **fremhævet**; »– – –« betyder uændret.",
    ]
    unchanged: list[str] = []
    for row in rows:
        if row.kind in ("chapter", "heading"):
            if row.status in ("added", "deleted", "changed"):
                out += ["", f"### {_row_title(row)}"]
            if row.right:  # a changed mellemrubrik: its word diff
                out += ["", *(_md_piece(p, tset) for p in row.right)]
            continue
        if row.status == "unchanged" and all(p.unchanged for p in row.right):
            label = (row.new_label or row.old_label).rstrip(".:")
            unchanged.append(f"{label} {row.note}".strip())
            continue
        out += ["", f"### {_row_title(row)}", ""]
        if row.status == "deleted":
            left = [p for p in row.left if p.ops or p.moved_away]
            out += [_md_piece(p, tset, deleted=True) for p in left] or ["- (udgået)"]
            continue
        out += [_md_piece(p, tset) for p in row.right]
        out += [
            _md_piece(p, tset, deleted=True)
            for p in row.left
            if (p.status == "deleted" and p.ops) or p.moved_away
        ]
    if unchanged:
        out += ["", "## Uændrede paragraffer", "", md_escape(", ".join(unchanged))]
    return "\n".join(out) + "\n"


def consultation_markdown(
    c: Consultation, *, redact: bool = False, remarks: Mapping[str, str] | None = None
) -> str:
    """A Danish Markdown overview of the responses: per body, each comment with its links,
    and the ministry's remark under it where ``remarks`` (by ``Comment.id``) has one."""
    remarks = remarks or {}
    out = [f"# Høringssvar: {md_escape(c.against.title)}", ""]
    if c.previous is not None:
        prev = _describe(c.previous)
        end = "" if prev.endswith(".") else "."
        out += [f"Udkastet erstatter {md_escape(prev[:1].lower() + prev[1:])}{end}", ""]
    out.append(f"{len(c.responses)} høringssvar.")
    for r in c.responses:

        def clean(text: str, contacts: Sequence[str] = r.contacts) -> str:
            return md_escape(redact_contacts(text, contacts) if redact else text)

        date = f" ({danish_date(r.date)})" if r.date else ""
        out += ["", f"## {clean(r.organisation)}{date}", ""]
        for cm in r.comments:
            stance = STANCE_DA.get(cm.stance, cm.stance)
            if cm.links:
                where = ", ".join(
                    f"{md_escape(ln.ref)}"
                    + (" (gældende)" if ln.document == "previous" else "")
                    + f" ({BASIS_DA.get(ln.basis, ln.basis)}, {round(ln.confidence * 100)} %)"
                    for ln in cm.links
                )
            elif cm.target == "other" and cm.about:
                where = f"{TARGET_DA['other']}: {clean(cm.about)}"
            else:
                where = TARGET_DA.get(cm.target, cm.target)
            out.append(f"- **{where}** — *{stance}*: {clean(cm.text)}")
            if remarks.get(cm.id):
                out.append(f"  - *Ministeriets bemærkning:* {md_escape(remarks[cm.id])}")
    return "\n".join(out) + "\n"
