"""Render a parsed Document: JSON (the CLI contract), Akoma Ntoso XML, or a readable outline."""

from __future__ import annotations

import json

from lovdiff.models import Document

INDENT = {
    "chapter": 0,
    "heading": 1,
    "section": 1,
    "subsection": 2,
    "item": 3,
    "litra": 4,
    "footnote": 2,
}


def render_document(doc: Document, fmt: str) -> str:
    """``json`` (contract of CLI.md), ``akn`` (Akoma Ntoso) or ``text`` (outline)."""
    if fmt == "json":
        return json.dumps(doc.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "akn":
        from lovdiff.akn import to_akn

        return to_akn(doc)
    return outline(doc)


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def outline(doc: Document, *, width: int = 90) -> str:
    """A readable outline: one line per provision, indented by depth."""
    info = doc.info
    lines = [f"{info.title or '(uden titel)'}"]
    meta = [f"type: {info.kind}"]
    if info.number:
        meta.append(f"nr. {info.number}")
    if info.date:
        meta.append(f"dato {info.date}")
    if info.in_force:
        meta.append(f"i kraft {info.in_force}")
    lines.append("  " + ", ".join(meta))
    for r in info.revokes:
        lines.append(f"  ophæver: {r.kind} nr. {r.number} af {r.date} {r.title}")
    lines.append("")
    for p in doc.provisions:
        if p.kind == "title":
            continue
        pad = "  " * INDENT.get(p.kind, 0)
        if p.kind in ("chapter", "annex"):
            lines.append(f"{pad}{p.label.rstrip(':.')} — {p.heading}")
        elif p.kind == "heading":
            lines.append(f"{pad}[{_short(p.heading, width)}]")
        elif p.kind == "section":
            heading = f" — {_short(p.heading, width)}" if p.heading else ""
            lines.append(f"{pad}{p.label}{heading}")
        else:
            label = p.label or ("Stk. 1." if p.kind == "subsection" else f"<{p.kind}>")
            lines.append(f"{pad}{label} {_short(p.text, width)}")
    if doc.findings:
        lines.append("")
        lines.append("Fund:")
        for f in doc.findings:
            lines.append(f"  [{f.kind}] {f.where}: {_short(f.message, 120)}")
    return "\n".join(lines) + "\n"
