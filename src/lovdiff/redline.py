"""Read a redline (a document that shows its own changes) as two versions, and compare them.

Two kinds of redline are read (``lovdiff redline FILE``):

* **Word documents with tracked changes** (``read_docx_revisions``): text inside ``w:ins`` or
  ``w:moveTo`` belongs to the new version only, text inside ``w:del`` or ``w:moveFrom`` to the
  old version only; nested revisions follow the same rule (text inserted and then deleted is
  in neither). Inserted or deleted paragraph marks join paragraphs in the version that lacks
  them, and automatic list numbers are counted separately for each version, so an inserted
  list item renumbers the items after it in the new version only. The file is opened with the
  safe zip and XML checks of ``lovdiff.readers``.
* **Text with ``~~struck~~`` deletions** (``split_struck``), as produced by converting a Word
  redline to Markdown: struck text belongs to the old version only; unmarked text to both.
  *Inserted text is not marked in this format*, so the old version also contains the text
  that was inserted (a stated finding says so). The conversion damage seen in practice is
  repaired where the evidence allows, and reported as ``conversion-damage`` findings:

  - a struck ``o`` read as ``ø``: ``børgeren personen`` is the deleted ``borgeren`` followed
    by the inserted ``personen``, recognised when the ``o`` spelling occurs elsewhere in the
    text and the following word recurs as such a replacement;
  - a replacement struck together with the deleted word (``~~borgeren personen~~``) when the
    same replacement is seen elsewhere;
  - old and new numbers glued together in a label (``§ 136`` = old § 13, new § 6;
    ``§ ~~125~~``; ``Kapitel ~~64~~``), split where the numbering before it makes one reading
    clearly right;
  - two struck words in a row (``~~juli~~~~februar~~``): one of them was probably inserted,
    which cannot be decided; reported, and read as struck.

Both texts are then parsed with ``lovdiff.parse.parse_text`` and aligned with
``lovdiff.align.compare``; the findings of the reading come first in the comparison.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lovdiff.errors import InputError
from lovdiff.models import Comparison, Finding

# --------------------------------------------------------------------------- struck text

_STRUCK = re.compile(r"~~(.*?)~~", re.S)
_BULLET_ITEM = re.compile(r"(?m)^[ \t]*[-•*][ \t]+(?=(?:\d+|[a-zæøå])\)\s)")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]{1,200}?)(?<=\S)\*(?![*\w])")
_LABEL = re.compile(r"(?m)^[ \t]*(?P<kind>§|Kapitel)[ \t]+(?P<num>~~\d+~~|\d+)(?=[ \t]*(?:\.|$))")
_WORD = re.compile(r"[^\W\d_]+", re.U)
GAP = 3
"""A label number up to this far beyond the numbers seen so far is taken as it stands."""


@dataclass
class _Piece:
    """A stretch of the redline: its text in the old and in the new version."""

    old: str
    new: str
    struck: bool
    line: int


_INSERTED = ("\ue000", "\ue001")
"""Private-use brackets for text known to be inserted (used by the repairs only)."""
_MARKED = re.compile(r"~~(.*?)~~|\ue000(.*?)\ue001", re.S)


def _pieces(text: str) -> list[_Piece]:
    out: list[_Piece] = []
    pos = 0
    for m in _MARKED.finditer(text):
        if m.start() > pos:
            plain = text[pos : m.start()]
            out.append(_Piece(plain, plain, False, text.count("\n", 0, pos) + 1))
        line = text.count("\n", 0, m.start()) + 1
        if m.group(2) is not None:
            out.append(_Piece("", m.group(2), False, line))
        else:
            out.append(_Piece(m.group(1), "", True, line))
        pos = m.end()
    if pos < len(text):
        out.append(_Piece(text[pos:], text[pos:], False, text.count("\n", 0, pos) + 1))
    return out


def _finding(line: int, message: str) -> Finding:
    return Finding(kind="conversion-damage", where=f"linje {line}", message=message)


def split_struck(text: str) -> tuple[str, str, list[Finding]]:
    """The old and new text of a ``~~struck~~`` redline, and what was repaired or doubtful.

    >>> old, new, _ = split_struck("§ 1. Kommunen hjælper ~~borgeren~~ personen.")
    >>> old, new  # inserted text is not marked: the old text keeps it
    ('§ 1. Kommunen hjælper borgeren personen.', '§ 1. Kommunen hjælper  personen.')
    """
    text = text.replace(_INSERTED[0], "").replace(_INSERTED[1], "")  # our own markers
    text = _BULLET_ITEM.sub("", text)
    text = _EMPHASIS.sub(r"\1", text)
    findings: list[Finding] = []
    text = _split_glued_labels(text, findings)
    pieces = _pieces(text)
    known = _repair_o_as_oe(pieces, findings)
    _repair_struck_replacements(pieces, known, findings)
    for a, b in zip(pieces, pieces[1:], strict=False):
        if a.struck and b.struck and a.old.strip() and b.old.strip():
            findings.append(
                _finding(
                    b.line,
                    f"To overstregninger i træk ('{a.old.strip()}' og '{b.old.strip()}'): "
                    "den ene er formentlig indsat tekst, der ved konverteringen er blevet "
                    "overstreget; det kan ikke afgøres hvilken. Begge er læst som slettet.",
                )
            )
    old = "".join(p.old for p in pieces)
    new = "".join(p.new for p in pieces)
    return old, new, _merge_findings(findings)


def _merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per kind of repair, listing the lines where it was made."""
    lines: dict[str, list[str]] = {}
    for f in findings:
        lines.setdefault(f.message, []).append(f.where.removeprefix("linje "))
    out = []
    for message, where in lines.items():
        unique = list(dict.fromkeys(where))
        times = f" ({len(where)} steder)" if len(where) > 1 else ""
        out.append(
            Finding(
                kind="conversion-damage",
                where="linje " + ", ".join(unique),
                message=message + times,
            )
        )
    return out


def _split_glued_labels(text: str, findings: list[Finding]) -> str:
    """Rewrite label numbers that glue the old and the new number (``§ 136``): the old
    number struck, the new one marked as inserted."""
    seen: dict[str, tuple[int, int]] = {"§": (0, 0), "Kapitel": (0, 0)}
    out: list[str] = []
    pos = 0
    for m in _LABEL.finditer(text):
        kind, raw = m["kind"], m["num"]
        struck = raw.startswith("~~")
        digits = raw.strip("~")
        line_end = text.find("\n", m.end())
        rest = text[m.end() : line_end if line_end >= 0 else len(text)]
        if kind == "Kapitel" and not rest.strip(" .\t"):
            # a chapter's heading is on the next non-empty line
            following = [ln for ln in text[m.end() :].splitlines()[1:6] if ln.strip()]
            rest = following[0] if following else ""
        rest_struck = bool(rest.strip()) and not _STRUCK.sub("", rest).strip(" .\t")
        line_no = text.count("\n", 0, m.start()) + 1
        prev_old, prev_new = seen[kind]
        top = max(prev_old, prev_new)
        inside_strike = text.count("~~", 0, m.start()) % 2 == 1
        if inside_strike or (struck and rest_struck) or (struck and not rest.strip(" .\t")):
            # a deleted provision (or a lone struck number): old only
            seen[kind] = (int(digits), prev_new)
            continue
        whole = int(digits)
        if not struck and whole <= top + GAP:
            seen[kind] = (whole, whole)
            continue
        split = _best_split(digits, prev_old, prev_new, top)
        label = "§" if kind == "§" else "kapitel"
        if split is None:
            if struck:
                findings.append(
                    _finding(
                        line_no,
                        f"Nummeret i '{kind} {digits}' er overstreget, men bestemmelsen er ikke; "
                        "det nye nummer mangler formentlig. Læst som slettet nummer.",
                    )
                )
                seen[kind] = (whole, prev_new)
            else:
                seen[kind] = (whole, whole)
            continue
        old_n, new_n = split
        findings.append(
            _finding(
                line_no,
                f"'{kind} {raw}' er læst som gammel {label} {old_n} og ny {label} {new_n} "
                "(gammelt og nyt nummer sammenskrevet ved konverteringen).",
            )
        )
        seen[kind] = (int(old_n), int(new_n))
        out.append(text[pos : m.start("num")])
        out.append(f"~~{old_n}~~{_INSERTED[0]}{new_n}{_INSERTED[1]}")
        pos = m.end("num")
    out.append(text[pos:])
    return "".join(out)


def _best_split(digits: str, prev_old: int, prev_new: int, top: int) -> tuple[str, str] | None:
    """The reading of ``digits`` as old + new number that best continues both sequences."""
    best: tuple[float, str, str] | None = None
    for k in range(1, len(digits)):
        a, b = digits[:k], digits[k:]
        if a.startswith("0") or b.startswith("0"):
            continue
        ia, ib = int(a), int(b)
        if ia > top + GAP + 10 or ib > top + GAP:
            continue
        score = abs(ib - (prev_new + 1)) + 0.5 * abs(ia - (prev_old + 1))
        if best is None or score < best[0]:
            best = (score, a, b)
    return (best[1], best[2]) if best else None


def _o_variants(word: str) -> list[str]:
    """``word`` with one or all of its ``ø`` read back as ``o``."""
    out = [
        word[:k] + ("o" if ch == "ø" else "O") + word[k + 1 :]
        for k, ch in enumerate(word)
        if ch in "øØ"
    ]
    out.append(word.replace("ø", "o").replace("Ø", "O"))
    return list(dict.fromkeys(out))


def _repair_o_as_oe(pieces: list[_Piece], findings: list[Finding]) -> dict[str, Counter[str]]:
    """Repair ``børgeren personen`` (a struck ``o`` read as ``ø``) in unstruck text.

    Returns the replacements seen (old word -> Counter of new words), for later repairs.
    """
    all_words = Counter(w.lower() for p in pieces for w in _WORD.findall(p.old))
    struck_words = Counter(w.lower() for p in pieces if p.struck for w in _WORD.findall(p.old))
    pattern = re.compile(r"\b(\w*[øØ]\w*)(\s+)(\w+)")
    candidates: list[tuple[int, re.Match[str], str]] = []
    followers: Counter[str] = Counter()
    for n, p in enumerate(pieces):
        if p.struck:
            continue
        for m in pattern.finditer(p.old):
            w1 = m.group(1)
            if len(w1) < 5:
                continue
            for variant in _o_variants(w1):
                if (
                    all_words[variant.lower()] > 0
                    and all_words[w1.lower()]
                    <= all_words[variant.lower()] + struck_words[variant.lower()] + 2
                ):
                    candidates.append((n, m, variant))
                    followers[m.group(3).lower()] += 1
                    break
    known: dict[str, Counter[str]] = {}
    # proper "~~old~~ new" pairs also tell what replaces what
    for a, b in zip(pieces, pieces[1:], strict=False):
        if a.struck and not b.struck:
            ow = _WORD.findall(a.old)
            nw = _WORD.findall(b.old)
            if len(ow) == 1 and nw:
                known.setdefault(ow[0].lower(), Counter())[nw[0].lower()] += 1
    edits: dict[int, list[tuple[int, int, str, str]]] = {}
    for n, m, variant in candidates:
        w1, w2 = m.group(1), m.group(3)
        replaced = followers[w2.lower()] >= 2 or w2.lower() in known.get(variant.lower(), {})
        line = pieces[n].line + pieces[n].old.count("\n", 0, m.start())
        if replaced:
            edits.setdefault(n, []).append((m.start(1), m.end(3), variant, w2))
            known.setdefault(variant.lower(), Counter())[w2.lower()] += 1
            findings.append(
                _finding(
                    line,
                    f"'{w1} {w2}' er læst som slettet '{variant}' og indsat '{w2}' "
                    "(overstreget o gengivet som ø ved konverteringen).",
                )
            )
        elif struck_words[variant.lower()] or len(known.get(variant.lower(), ())):
            edits.setdefault(n, []).append((m.start(1), m.end(1), variant, ""))
            findings.append(
                _finding(
                    line,
                    f"'{w1}' er læst som slettet '{variant}' (overstreget o gengivet som ø); "
                    "der står intet nyt ord efter det, så et indsat ord mangler måske.",
                )
            )
    # apply: split the piece around each repaired word
    for n in sorted(edits, reverse=True):
        p = pieces[n]
        new_pieces: list[_Piece] = []
        pos = 0
        for start, end, variant, replacement in sorted(edits[n]):
            if start < pos:
                continue  # overlapping candidates: the first one wins
            if start > pos:
                new_pieces.append(_Piece(p.old[pos:start], p.old[pos:start], False, p.line))
            # the deleted word in the old text, its replacement (if any) in the new
            new_pieces.append(_Piece(variant, replacement, True, p.line))
            pos = end
        new_pieces.append(_Piece(p.old[pos:], p.old[pos:], False, p.line))
        pieces[n : n + 1] = new_pieces
    return known


def _repair_struck_replacements(
    pieces: list[_Piece], known: dict[str, Counter[str]], findings: list[Finding]
) -> None:
    """``~~borgeren personen~~``: a replacement struck with the word it replaces."""
    for p in pieces:
        if not p.struck:
            continue
        ws = p.old.split()
        if len(ws) != 2:
            continue
        a, b = (re.sub(r"\W", "", w).lower() for w in ws)
        if b in known.get(a, {}):
            p.old, p.new = ws[0], ws[1]
            findings.append(
                _finding(
                    p.line,
                    f"'~~{ws[0]} {ws[1]}~~' er læst som slettet '{ws[0]}' og indsat '{ws[1]}' "
                    "(erstatningen var overstreget sammen med det slettede ord).",
                )
            )
    # "borgerens personens" unmarked: the strike is lost, the known replacement is not
    for n in reversed(range(len(pieces))):
        p = pieces[n]
        if p.struck:
            continue
        pairs = [
            m
            for m in re.finditer(r"\b(\w+)(\s+)(\w+)\b", p.old)
            if known.get(m.group(1).lower(), Counter())[m.group(3).lower()] >= 2
        ]
        if not pairs:
            continue
        parts: list[_Piece] = []
        pos = 0
        for m in pairs:
            if m.start() < pos:
                continue
            parts.append(_Piece(p.old[pos : m.start()], p.old[pos : m.start()], False, p.line))
            parts.append(_Piece(m.group(1), m.group(3), True, p.line))
            pos = m.end()
            findings.append(
                _finding(
                    p.line + p.old.count("\n", 0, m.start()),
                    f"'{m.group(1)} {m.group(3)}' uden markering er læst som slettet "
                    f"'{m.group(1)}' og indsat '{m.group(3)}' (samme erstatning som andre "
                    "steder; overstregningen mangler).",
                )
            )
        parts.append(_Piece(p.old[pos:], p.old[pos:], False, p.line))
        pieces[n : n + 1] = parts
    # "~~borgeren~~ personen": a word known to replace the struck word is inserted text
    for struck, nxt in zip(pieces, pieces[1:], strict=False):
        if not struck.struck or nxt.struck or struck.new:
            continue
        ws = _WORD.findall(struck.old)
        first = re.match(r"\s*(\w+)", nxt.old)
        if (
            len(ws) == 1
            and first
            and known.get(ws[0].lower(), Counter())[first.group(1).lower()] >= 2
        ):
            nxt.old = nxt.old[: first.start(1)] + nxt.old[first.end(1) :]


# --------------------------------------------------------------------------- Word revisions


def read_docx_revisions(path: str | Path) -> tuple[str, str, list[Finding]]:
    """Old and new text of a .docx with tracked changes, and a note of what was read."""
    from lovdiff.readers import W, docx_document_root, numbered, numbering_formats

    root, zf = docx_document_root(path)
    formats = numbering_formats(zf, path)
    body = root.find(f"{W}body")
    if body is None:
        raise InputError(path, "Word-dokumentet har ingen brødtekst (w:body)")
    ins_tags = {f"{W}ins", f"{W}moveTo"}
    del_tags = {f"{W}del", f"{W}moveFrom"}
    counts: Counter[str] = Counter()
    for el in body.iter(*ins_tags, *del_tags):
        counts[el.tag.split("}")[1]] += 1

    def flags(el: Any, stop: Any) -> tuple[bool, bool]:
        inserted = deleted = False
        parent = el.getparent()
        while parent is not None and parent is not stop:
            if parent.tag in ins_tags:
                inserted = True
            elif parent.tag in del_tags:
                deleted = True
            parent = parent.getparent()
        return inserted, deleted

    counters: dict[str, dict[tuple[str, str], int]] = {"old": {}, "new": {}}
    old_parts: list[str] = []
    new_parts: list[str] = []
    for p in body.iter(f"{W}p"):
        if any(a.tag == f"{W}p" for a in p.iterancestors()):
            continue  # text boxes: read with their anchor paragraph
        old_run: list[str] = []
        new_run: list[str] = []
        for el in p.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br", f"{W}cr"):
            if any(a.tag == f"{W}txbxContent" for a in el.iterancestors()):
                continue
            inserted, deleted = flags(el, p)
            if el.tag in (f"{W}t", f"{W}delText"):
                piece = el.text or ""
            elif el.tag == f"{W}tab":
                piece = "\t"
            else:
                piece = "\n"
            if not inserted:
                old_run.append(piece)
            if not deleted:
                new_run.append(piece)
        mark = p.find(f"{W}pPr/{W}rPr")
        mark_ins = mark is not None and any(mark.find(t) is not None for t in ins_tags)
        mark_del = mark is not None and any(mark.find(t) is not None for t in del_tags)
        old_text, new_text = "".join(old_run), "".join(new_run)
        in_old = not (mark_ins and not old_text.strip())
        in_new = not (mark_del and not new_text.strip())
        num_new = p.find(f"{W}pPr/{W}numPr")
        changed = p.find(f"{W}pPr/{W}pPrChange/{W}pPr")
        num_old = changed.find(f"{W}numPr") if changed is not None else num_new
        if in_old:
            old_parts.append(numbered(old_text, num_old, formats, counters["old"]))
            old_parts.append(" " if mark_ins else "\n")
        if in_new:
            new_parts.append(numbered(new_text, num_new, formats, counters["new"]))
            new_parts.append(" " if mark_del else "\n")
    if not "".join(old_parts).strip() and not "".join(new_parts).strip():
        raise InputError(path, "Word-dokumentet indeholder ingen tekst")
    findings = [
        Finding(
            kind="note",
            where="dokument",
            message=(
                f"Ændringsmarkeringer læst: {counts['ins']} indsættelser, {counts['del']} "
                f"sletninger, {counts['moveFrom']} flytninger."
                if counts
                else "Dokumentet har ingen ændringsmarkeringer; gammel og ny version er ens."
            ),
        )
    ]
    return "".join(old_parts), "".join(new_parts), findings


# --------------------------------------------------------------------------- comparison

_FORMAT_NOTE = Finding(
    kind="note",
    where="dokument",
    message=(
        "I dette format er kun slettet tekst markeret (~~overstreget~~); indsat tekst er ikke "
        "markeret. Den gamle version indeholder derfor også den indsatte tekst, og ændringer "
        "vises kun, hvor der er slettet noget."
    ),
)


def read_redline(path: str | Path) -> Comparison:
    """Read a redline (.docx with tracked changes, or ``~~struck~~`` text) and compare."""
    from lovdiff.align import compare
    from lovdiff.parse import parse_text
    from lovdiff.readers import read_path

    p = Path(path)
    result = read_path(p)  # raises InputError for unreadable files
    if result.provenance.format == "docx":
        old_text, new_text, findings = read_docx_revisions(p)
    elif result.provenance.format == "txt":
        old_text, new_text, findings = split_struck(result.text)
        if "~~" not in result.text:
            findings.append(
                Finding(
                    kind="note",
                    where="dokument",
                    message="Teksten har ingen ~~overstregninger~~; gammel og ny version er ens.",
                )
            )
        else:
            findings.insert(0, _FORMAT_NOTE)
    else:
        raise InputError(p, "en redline skal være .docx med ændringsmarkering eller tekst")
    prov = result.provenance
    old = parse_text(old_text, source=str(p), provenance=prov, doc_id=f"{p.stem}-foer")
    new = parse_text(new_text, source=str(p), provenance=prov, doc_id=f"{p.stem}-efter")
    comparison = compare(old, new)
    return replace(comparison, findings=tuple(findings) + comparison.findings)
