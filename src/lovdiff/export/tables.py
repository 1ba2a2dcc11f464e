"""Tables of a comparison and of a consultation: the rows every export is built from.

- ``change_rows``: the change table (one row per ``Pair``) for CSV/XLSX.
- ``consultation_rows``: one row per comment × link for CSV/XLSX.
- ``parallel_rows``: the parallelopstilling model (one row per chapter/section pair, with the
  subsections and items inside) shared by the Word, HTML and Markdown exports.
- ``heading_pairs``: which mellemrubrik of the old version each one of the new answers (the
  aligner does not pair them), for the parallel rows and the Word redline alike.
- ``segments``: a word diff with the systematic term replacements marked, for every export.
- ``to_csv`` and ``to_xlsx`` write any of these tables.

CSV convention (chosen for Danish Excel, which opens a double-clicked ``.csv`` with the
regional list separator): UTF-8 with a byte-order mark (so æ, ø, å show right), ``;`` as the
separator, ``"`` quoting where needed, CRLF line ends, decimal comma in numbers, ``ja``/``nej``
for flags. Formula-like cells get a leading apostrophe (see ``safe.csv_cell``). The JSON
export is the machine-readable format; the CSV is for people.

openpyxl is imported only inside ``to_xlsx``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from lovdiff.export.safe import csv_cell, excel_cell, is_formula_like, redact_contacts
from lovdiff.models import (
    Comparison,
    Consultation,
    DiffOp,
    Document,
    DocumentInfo,
    Finding,
    Pair,
    Provision,
    TermChange,
)

if TYPE_CHECKING:
    from lovdiff.terms import TermMap

STATUS_DA = {"unchanged": "uændret", "changed": "ændret", "added": "ny", "deleted": "udgået"}
LEVEL_DA = {"chapter": "kapitel", "section": "paragraf", "subsection": "stykke", "item": "nummer"}
METHOD_DA = {
    "exact": "samme tekst",
    "content": "indhold",
    "number": "nummer",
    "split": "opdeling",
    "merge": "sammenlægning",
    "none": "ingen modpart",
    "": "",
}
STANCE_DA = {
    "support": "støtter",
    "concern": "bekymring",
    "proposal": "forslag",
    "question": "spørgsmål",
    "neutral": "neutral",
}
BASIS_DA = {"explicit": "henvisning", "quote": "citat", "semantic": "indhold"}
DOCUMENT_DA = {"against": "udkast", "previous": "gældende"}
TARGET_DA = {"against": "udkastet", "other": "anden regel", "general": "generelt"}
FINDING_DA = {
    "numbering-gap": "nummerering: hul",
    "numbering-duplicate": "nummerering: dublet",
    "numbering-order": "nummerering: rækkefølge",
    "dangling-reference": "henvisning uden mål",
    "unplaced-text": "tekst uden plads",
    "stale-reference": "forældet henvisning",
    "conversion-damage": "konverteringsfejl",
    "unreadable": "ulæselig",
    "note": "bemærkning",
}
MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

STATUS_FILLS = {"uændret": "EDEDED", "ændret": "FFF2CC", "ny": "E2EFDA", "udgået": "FADBD8"}
STANCE_FILLS = {
    "støtter": "E2EFDA",
    "bekymring": "FADBD8",
    "forslag": "FFF2CC",
    "spørgsmål": "DDEBF7",
}

CHANGE_HEADERS = (
    "Niveau",
    "Gældende (ref)",
    "Udkast (ref)",
    "Status",
    "Omnummereret",
    "Flyttet",
    "Redaktionel",
    "Lighed",
    "Gældende tekst",
    "Ny tekst",
    "Matchet ved",
)
TERM_HEADERS = ("Gældende ord", "Nyt ord", "Antal")
FINDING_HEADERS = ("Dokument", "Art", "Sted", "Beskrivelse")
CONSULTATION_HEADERS = (
    "Organisation",
    "Dato",
    "Kommentar-id",
    "Bestemmelse",
    "Dokument",
    "Grundlag",
    "Sikkerhed",
    "Evidens",
    "Holdning",
    "Emne",
    "Kommentar",
    "Ministeriets bemærkning",
)

Cell = str | int | float | bool | date | None


def danish_date(iso: str | None) -> str:
    """``2026-02-18`` -> ``18. februar 2026``; anything unparsable is returned unchanged.

    >>> danish_date("2026-02-05")
    '5. februar 2026'
    """
    if not iso:
        return ""
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day}. {MONTHS_DA[d.month - 1]} {d.year}"


def describe(info: DocumentInfo) -> str:
    """ "Bekendtgørelse nr. 2236 af 29. december 2020 om …" where number and date are known.

    >>> describe(DocumentInfo("Bekendtgørelse om X", "bekendtgørelse", "12", "2020-01-02"))
    'Bekendtgørelse nr. 12 af 2. januar 2020 om X'
    """
    title = " ".join(info.title.split()) or "(uden titel)"
    if info.number and info.date and " nr. " not in title:
        words = title.split(" ", 1)
        rest = f" {words[1]}" if len(words) > 1 else ""
        return f"{words[0]} nr. {info.number} af {danish_date(info.date)}{rest}"
    return title


def version_roles(c: Comparison) -> tuple[str, str]:
    """What the two versions are: "Gældende regler" and "Udkast" (or "Lovforslaget") when
    the new version is a draft, which has no number of its own yet; "Tidligere version" and
    "Ny version" for two issued versions (two consolidations of a law, say)."""
    new = c.new.info
    if not new.number:
        return "Gældende regler", "Lovforslaget" if "lovforslag" in new.kind.lower() else "Udkast"
    return "Tidligere version", "Ny version"


def column_labels(c: Comparison) -> tuple[str, str]:
    """The parallelopstilling's column heads: ``version_roles``, or for two issued versions
    their numbers and dates ("Nr. 886 af 8. august 2011") where known."""
    roles = version_roles(c)
    if not c.new.info.number:
        return roles
    return _issued(c.old.info, roles[0]), _issued(c.new.info, roles[1])


def _issued(info: DocumentInfo, fallback: str) -> str:
    """ "Nr. 886 af 8. august 2011" (or "Nr. 886"), else ``fallback``.

    >>> _issued(DocumentInfo("Lov om X", "lovbekendtgørelse", "886", "2011-08-08"), "Ny version")
    'Nr. 886 af 8. august 2011'
    """
    if info.number and info.date:
        return f"Nr. {info.number} af {danish_date(info.date)}"
    return f"Nr. {info.number}" if info.number else fallback


def term_summary(terms: Iterable[TermChange]) -> str:
    """ "borgeren → personen (34 gange), borgerens → personens (12 gange)"."""
    return ", ".join(
        f"{t.old} → {t.new} ({t.count} {'gang' if t.count == 1 else 'gange'})" for t in terms
    )


def _iso_date(iso: str | None) -> date | str:
    try:
        return date.fromisoformat(iso) if iso else ""
    except ValueError:
        return iso or ""


# --------------------------------------------------------------------------- change table


def change_rows(c: Comparison) -> list[tuple[Cell, ...]]:
    """One row per pair, in the order of ``c.pairs``, values typed (bool, float, str)."""
    return [
        (
            LEVEL_DA.get(p.level, p.level),
            p.old or "",
            p.new or "",
            STATUS_DA.get(p.status, p.status),
            p.renumbered,
            p.moved,
            p.editorial,
            round(p.similarity, 3),
            p.old_text,
            p.new_text,
            METHOD_DA.get(p.method, p.method),
        )
        for p in c.pairs
    ]


def term_rows(terms: Iterable[TermChange]) -> list[tuple[Cell, ...]]:
    return [(t.old, t.new, t.count) for t in terms]


def finding_rows(c: Comparison) -> list[tuple[Cell, ...]]:
    """Findings with the document they concern: the comparison's own (stale references),
    the old version's, then the new version's (``c.findings`` holds these too, less those a
    stale reference explains: each is listed once)."""
    rows: list[tuple[Cell, ...]] = []
    own_new = set(c.new.findings)
    old_role, new_role = version_roles(c)
    if old_role == "Gældende regler":
        old_role = "gældende"
    groups: tuple[tuple[str, Sequence[Finding]], ...] = (
        ("sammenligning", [f for f in c.findings if f not in own_new]),
        (old_role.lower(), c.old.findings),
        (new_role.lower(), [f for f in c.findings if f in own_new]),
    )
    for name, findings in groups:
        rows.extend((name, FINDING_DA.get(f.kind, f.kind), f.where, f.message) for f in findings)
    return rows


# --------------------------------------------------------------------------- consultation


def consultation_rows(
    c: Consultation, *, redact: bool = False, remarks: Mapping[str, str] | None = None
) -> list[tuple[Cell, ...]]:
    """One row per comment × link (a comment without links gets one row with empty link
    cells), in response and comment order. ``redact`` removes personal contacts from every
    text cell (``Response.contacts`` plus ``safe.redact_contacts``' patterns). ``remarks``
    are the ministry's remarks by ``Comment.id`` (the viewer's drafters write them)."""
    remarks = remarks or {}
    rows: list[tuple[Cell, ...]] = []
    for r in c.responses:

        def clean(text: str, contacts: Sequence[str] = r.contacts) -> str:
            return redact_contacts(text, contacts) if redact else text

        for cm in r.comments:
            topic = TARGET_DA.get(cm.target, cm.target)
            if cm.target == "other" and cm.about:
                topic = f"{topic}: {cm.about}"
            base = (clean(r.organisation), _iso_date(r.date), cm.id)
            tail = (
                STANCE_DA.get(cm.stance, cm.stance),
                clean(topic),
                clean(cm.text),
                remarks.get(cm.id, ""),
            )
            if not cm.links:
                rows.append((*base, "", "", "", None, "", *tail))
            for ln in cm.links:
                rows.append(
                    (
                        *base,
                        ln.ref,
                        DOCUMENT_DA.get(ln.document, ln.document),
                        BASIS_DA.get(ln.basis, ln.basis),
                        round(ln.confidence, 2),
                        clean(ln.evidence),
                        *tail,
                    )
                )
    return rows


# --------------------------------------------------------------------------- writers


def _csv_value(v: Cell) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if isinstance(v, float):
        return f"{v:g}".replace(".", ",")
    if isinstance(v, date):
        return v.isoformat()
    return csv_cell(str(v))


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A CSV for Danish Excel: BOM, ``;``, CRLF, decimal comma, ``ja``/``nej``, safe cells."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(headers)
    for row in rows:
        w.writerow([_csv_value(v) for v in row])
    return "\ufeff" + buf.getvalue()


@dataclass(frozen=True)
class Sheet:
    """One worksheet: title (≤ 31 chars), headers, rows, and column widths in characters."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[int] = ()
    number_formats: dict[int, str] = field(default_factory=dict)
    """Column index (0-based) -> Excel number format."""
    fills: dict[int, dict[str, str]] = field(default_factory=dict)
    """Column index (0-based) -> {cell text: background colour}, e.g. the status column."""


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """Write sheets with a bold frozen header row (panes at A2), an autofilter over the
    table, wrapped top-aligned text and readable column widths.

    Every text cell is a string cell: formula-like text is stored as text with Excel's
    ``quotePrefix`` flag (never as a formula); illegal XML characters are removed and cells
    over 32,767 characters are cut with a Danish note (``safe.excel_cell``). Booleans are
    written as ``ja``/``nej`` so the autofilter reads in Danish.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE4EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.title))
        ws.append([excel_cell(h) for h in sheet.headers])
        for cell in ws[1]:
            cell.font = head_font
            cell.fill = head_fill
            cell.alignment = wrap
        for r, row in enumerate(sheet.rows, start=2):
            for col, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=col)
                if isinstance(value, bool):
                    cell.value = "ja" if value else "nej"
                elif isinstance(value, str):
                    text = excel_cell(value)
                    cell.value = text
                    cell.data_type = "s"  # never a formula, even when it starts with "="
                    if is_formula_like(text):
                        cell.quotePrefix = True
                else:
                    cell.value = value
                cell.alignment = wrap
                fmt = sheet.number_formats.get(col - 1)
                if fmt:
                    cell.number_format = fmt
                colour = sheet.fills.get(col - 1, {}).get(str(cell.value))
                if colour:
                    cell.fill = PatternFill("solid", fgColor=colour)
        for col, _ in enumerate(sheet.headers, start=1):
            width = sheet.widths[col - 1] if col - 1 < len(sheet.widths) else 16
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        last = get_column_letter(max(1, len(sheet.headers)))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(sheet.rows) + 1)}"
        ws.sheet_view.zoomScale = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "Ark"


def comparison_csv(c: Comparison) -> str:
    return to_csv(CHANGE_HEADERS, change_rows(c))


def comparison_xlsx(c: Comparison) -> bytes:
    """The change table, the term changes ("Gennemgående ændringer") and the findings."""
    return to_xlsx(
        [
            Sheet(
                "Ændringer",
                CHANGE_HEADERS,
                change_rows(c),
                widths=(11, 16, 16, 10, 9, 9, 11, 8, 60, 60, 14),
                number_formats={7: "0%"},
                fills={3: STATUS_FILLS},
            ),
            Sheet("Gennemgående ændringer", TERM_HEADERS, term_rows(c.term_changes), (28, 28, 8)),
            Sheet("Opmærksomhedspunkter", FINDING_HEADERS, finding_rows(c), (14, 22, 20, 90)),
        ]
    )


def consultation_csv(
    c: Consultation, *, redact: bool = False, remarks: Mapping[str, str] | None = None
) -> str:
    return to_csv(CONSULTATION_HEADERS, consultation_rows(c, redact=redact, remarks=remarks))


def provision_rows(c: Consultation) -> list[tuple[Cell, ...]]:
    """Per provision cited in the responses: comments, and which bodies commented; draft
    refs first in number order (§§, then chapters), then refs to the version in force."""
    seen: dict[tuple[str, str], tuple[set[str], list[str]]] = {}
    for r in c.responses:
        for cm in r.comments:
            for ln in {(ln.ref, ln.document): ln for ln in cm.links}.values():
                ids, orgs = seen.setdefault((ln.ref, ln.document), (set(), []))
                ids.add(f"{r.short_name}/{cm.id}")
                name = r.short_name or r.organisation
                if name not in orgs:
                    orgs.append(name)

    def key(item: tuple[tuple[str, str], object]) -> tuple[int, int, list[int], str]:
        (ref, doc), _ = item
        nums = [int(n) for n in re.findall(r"\d+", ref)]
        return (doc != "against", 0 if ref.startswith("§") else 1, nums, ref)

    return [
        (ref, DOCUMENT_DA.get(doc, doc), len(ids), ", ".join(orgs))
        for (ref, doc), (ids, orgs) in sorted(seen.items(), key=key)
    ]


def consultation_xlsx(
    c: Consultation, *, redact: bool = False, remarks: Mapping[str, str] | None = None
) -> bytes:
    """The comments (one row per comment × link) and a per-provision overview."""
    return to_xlsx(
        [
            Sheet(
                "Høringssvar",
                CONSULTATION_HEADERS,
                consultation_rows(c, redact=redact, remarks=remarks),
                widths=(28, 11, 11, 16, 10, 11, 9, 30, 11, 18, 80, 50),
                number_formats={1: "dd-mm-yyyy", 6: "0%"},
                fills={8: STANCE_FILLS},
            ),
            Sheet(
                "Bestemmelser",
                ("Bestemmelse", "Dokument", "Bemærkninger", "Organisationer"),
                provision_rows(c),
                widths=(20, 11, 13, 60),
            ),
        ]
    )


# --------------------------------------------------------------------------- term changes


def term_set(terms: Iterable[TermChange]) -> frozenset[tuple[str, str]]:
    """Lower-cased (old, new) pairs of the systematic replacements."""
    return frozenset((t.old.casefold(), t.new.casefold()) for t in terms)


_WORD = re.compile(r"\w+")


def _is_term_swap(deleted: str, inserted: str, terms: frozenset[tuple[str, str]]) -> bool:
    old_words = _WORD.findall(deleted.casefold())
    new_words = _WORD.findall(inserted.casefold())
    if not old_words or len(old_words) != len(new_words):
        return False
    return all(o == n or (o, n) in terms for o, n in zip(old_words, new_words, strict=True)) and (
        any((o, n) in terms for o, n in zip(old_words, new_words, strict=True))
    )


@dataclass(frozen=True)
class Segment:
    """A run of diff text: ``op`` -1/0/1 and whether it is a systematic term replacement."""

    op: int
    text: str
    term: bool = False


def segments(
    ops: Iterable[DiffOp], terms: frozenset[tuple[str, str]] = frozenset()
) -> list[Segment]:
    """Diff ops as segments, marking the deletions and insertions that are a replacement
    listed in ``term_changes`` (so exports can show them quietly): a deletion next to an
    insertion word for word ("borgeren" -> "personen"), or a changed stretch that the term
    changes explain with the equal words around it ("~~Offentlig~~ Digital Post" for
    "Offentlig Digital Post" -> "Digital Post"; "~~Ministeren for fødevarer, landbrug~~
    Miljø- og ~~fiskeri~~ fødevareministeren"). A stretch that also holds other changes is
    not marked: those are shown as changes."""
    seq = [(int(op), text) for op, text in ops if text]
    term_ops: set[int] = set()
    i = 0
    while i < len(seq):
        op, text = seq[i]
        if op != 0 and i + 1 < len(seq) and seq[i + 1][0] == -op and terms:
            deleted, inserted = (text, seq[i + 1][1]) if op == -1 else (seq[i + 1][1], text)
            if _is_term_swap(deleted, inserted, terms):
                term_ops.update((i, i + 1))
                i += 2
                continue
        i += 1
    if terms:
        term_ops |= _term_stretches(seq, term_ops, _term_map(terms))
    return [Segment(op, text, k in term_ops) for k, (op, text) in enumerate(seq)]


_TERM_CONTEXT = 6
"""Equal words either side of a changed stretch that may belong to a replaced phrase (a
phrase has at most ``terms.MAX_LONG_PHRASE`` words)."""
_TERM_STRETCHES = 4
"""Changed stretches (with the short equal runs between them) read as one replacement."""


@lru_cache(maxsize=64)
def _term_map(terms: frozenset[tuple[str, str]]) -> TermMap:
    """The replacements of ``term_set`` (lower-cased) as a ``terms.TermMap``."""
    return _build_term_map(sorted(terms))


def term_map(terms: Iterable[TermChange]) -> TermMap:
    """The comparison's term changes as a ``terms.TermMap`` that writes new phrases as the new
    version does ("Digital Post"), for ``terms.apply_terms`` and ``terms.is_editorial`` (the
    aligner's own map is not kept in the ``Comparison``)."""
    return _build_term_map([(t.old, t.new) for t in terms])


def _build_term_map(changes: Iterable[tuple[str, str]]) -> TermMap:
    """Single words and phrases, as ``terms.detect_term_changes`` keeps them. Citations
    updated to a new numbering ("§ 26" -> "§ 16") are left out: a bare number is no term."""
    from lovdiff.terms import TermMap
    from lovdiff.textdiff import words

    singles: dict[str, str] = {}
    phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    surface: dict[tuple[str, ...], str] = {}
    for old, new in changes:
        if _CITATION_TERM.match(old):
            continue
        ow, nw = tuple(words(old)), tuple(words(new))
        if not ow or ow == nw:
            continue
        if len(ow) == 1 and len(nw) == 1:
            singles.setdefault(ow[0], nw[0])
        else:
            phrases.setdefault(ow, nw)
            surface.setdefault(nw, " ".join(new.split()))
    return TermMap(singles, phrases, surface)


_CITATION_TERM = re.compile(r"^(?:§|kapitel\s+\d)", re.IGNORECASE)


def _term_stretches(seq: Sequence[DiffOp], done: set[int], tmap: TermMap) -> set[int]:
    """Indices of the changed ops in ``seq`` that the term changes explain: a run of changed
    stretches (the equal words between them short) whose old words, with up to
    ``_TERM_CONTEXT`` equal words either side, become its new words by ``tmap``."""
    from lovdiff.terms import MAX_LONG_PHRASE, canonical_words
    from lovdiff.textdiff import words

    if not tmap:
        return set()
    allowed = tmap.changed_words
    stretches: list[tuple[int, int]] = []
    k = 0
    while k < len(seq):
        if seq[k][0] == 0:
            k += 1
            continue
        start = k
        while k < len(seq) and seq[k][0] != 0:
            k += 1
        stretches.append((start, k))

    def termish(ws: Sequence[str]) -> bool:
        return all(w in allowed for w in ws)

    def edge(ws: Sequence[str], tail: bool) -> list[str]:
        """The equal words next to a stretch that could belong to a replaced phrase."""
        run: list[str] = []
        for w in reversed(ws) if tail else ws:
            if w not in allowed or len(run) == _TERM_CONTEXT:
                break
            run.append(w)
        return run[::-1] if tail else run

    out: set[int] = set()
    for a, (s, _) in enumerate(stretches):
        if s in out or all(k in done for k in range(*stretches[a])):
            continue
        for b in range(a, min(a + _TERM_STRETCHES, len(stretches))):
            e = stretches[b][1]
            inner = seq[s:e]
            changed = [w for op, t in inner if op for w in words(t)]
            if not changed or not termish(changed):
                break  # punctuation, or a word no replacement explains: another change
            if sum(len(words(t)) for op, t in inner if not op) > MAX_LONG_PHRASE:
                break
            old_mid = [w for op, t in inner if op <= 0 for w in words(t)]
            new_mid = [w for op, t in inner if op >= 0 for w in words(t)]
            if old_mid == new_mid:
                break  # the same words elsewhere: moved, not replaced
            before = edge(words(seq[s - 1][1]), True) if s > 0 else []
            after = edge(words(seq[e][1]), False) if e < len(seq) else []
            if any(
                canonical_words([*before[x:], *old_mid, *after[:y]], tmap)
                == [*before[x:], *new_mid, *after[:y]]
                for x in range(len(before), -1, -1)
                for y in range(len(after) + 1)
            ):
                out.update(k for k in range(s, e) if seq[k][0] != 0)
                break
    return out


# --------------------------------------------------------------------------- parallel rows

UNCHANGED_MARK = "– – –"
"""Shown in the new column for a stk./nr./§ whose wording is unchanged."""

PARALLEL_NOTE = (
    "Venstre kolonne gengiver de gældende regler, højre kolonne udkastet. Slettede ord er "
    "overstreget (rødt) i venstre kolonne, nye ord understreget (blåt) i højre kolonne; "
    "gennemgående ordskift (se »Gennemgående ændringer«) er vist i gråt. »– – –« i højre kolonne "
    "betyder, at paragraffen, stykket eller nummeret er uændret i forhold til venstre kolonne. "
    "»(tidligere § 26)« angiver omnummerering; flyttet tekst er markeret som flyttet."
)


@dataclass(frozen=True)
class Piece:
    """One provision's text in one column of a parallel row."""

    label: str
    """The printed label ("Stk. 2.", "1)"), empty for stk. 1; "Stk. 2-4." for a collapsed run."""
    kind: str
    """Provision kind: subsection, item, litra, section, chapter."""
    ops: tuple[DiffOp, ...]
    """The pair's diff; the old column shows ops 0/-1, the new column 0/1."""
    status: str
    """The pair's status, or "" when no pair covers the provision."""
    note: str = ""
    """"(tidligere stk. 2)", "Flyttet fra § 3, stk. 2", "Flyttet til § 7"."""
    unchanged: bool = False
    """Shown as ``– – –`` in the new column."""
    moved_away: bool = False
    """Old column: the text went to another row; shown plain, not struck."""
    depth: int = 0
    """0 for stk., 1 for nr., 2 for litra."""
    editorial: bool = False
    ref: str = ""
    """The provision's ref in its own document ("§ 8, stk. 2")."""


@dataclass(frozen=True)
class ParallelRow:
    """One row of the parallelopstilling: a chapter heading or a section pair."""

    kind: str
    """"chapter", "heading" (a mellemrubrik) or "section" (or "annex"); a changed heading row
    has its word diff as one piece in ``left`` and ``right``."""
    status: str
    old_label: str
    new_label: str
    old_heading: str = ""
    new_heading: str = ""
    note: str = ""
    """New column: "(tidligere § 26)"."""
    left: tuple[Piece, ...] = ()
    right: tuple[Piece, ...] = ()
    pair: Pair | None = None
    old_ref: str | None = None
    new_ref: str | None = None
    see_above_left: bool = False
    """The old provision was shown in an earlier row (split): say so instead of repeating."""
    see_above_right: bool = False
    editorial: bool = False
    """Changed by renumbering, updated references or term changes alone: the pair's flag, or
    for a mellemrubrik ``HeadingPair.editorial``."""


_DEPTH = {"subsection": 0, "item": 1, "litra": 2}
_ROW_KINDS = ("chapter", "section", "annex")


def _norm(text: str) -> str:
    return " ".join(text.split())


def best_pair(prs: Sequence[Pair]) -> Pair:
    """The pair that renders a provision sitting in several: two-sided before one-sided, the
    primary partner of a merge or split before the others, then the most similar."""
    return max(
        prs,
        key=lambda pr: (
            pr.old is not None and pr.new is not None,
            pr.method not in ("merge", "split"),
            pr.similarity,
        ),
    )


def fallback_ops(p: Pair) -> tuple[DiffOp, ...]:
    """The pair's diff, or whole-text ops when the aligner left ``diff`` empty."""
    if p.diff:
        return p.diff
    if p.status == "unchanged":
        return ((0, p.new_text or p.old_text),)
    if p.status == "added":
        return ((1, p.new_text),)
    if p.status == "deleted":
        return ((-1, p.old_text),)
    return tuple(op for op in ((-1, p.old_text), (1, p.new_text)) if op[1])


class _Side:
    """Lookups for one document of the comparison."""

    def __init__(self, doc: Document, pairs: Sequence[Pair], old: bool) -> None:
        self.doc = doc
        self.old = old
        self.index = {p.eid: i for i, p in enumerate(doc.provisions)}
        self.by_eid = {p.eid: p for p in doc.provisions}
        self.kids: dict[str | None, list[Provision]] = {}
        for p in doc.provisions:
            self.kids.setdefault(p.parent, []).append(p)
        self.pairs: dict[str, list[Pair]] = {}
        for pr in pairs:
            eid = self.eid_of(pr)
            if eid:
                self.pairs.setdefault(eid, []).append(pr)

    def eid_of(self, pr: Pair) -> str | None:
        eid = pr.old_eid if self.old else pr.new_eid
        if eid and eid in self.by_eid:
            return eid
        ref = pr.old if self.old else pr.new
        if ref is None:
            return None
        prov = self.doc.by_ref(ref)
        return prov.eid if prov else None

    def row_anchor(self, eid: str | None) -> str | None:
        """The eId of the nearest chapter/section/annex at or above ``eid``."""
        while eid is not None:
            prov = self.by_eid.get(eid)
            if prov is None:
                return None
            if prov.kind in ("section", "annex"):
                return eid
            eid = prov.parent
        return None

    def descendants(self, eid: str) -> list[Provision]:
        out: list[Provision] = []
        stack = list(reversed(self.kids.get(eid, [])))
        while stack:
            p = stack.pop()
            out.append(p)
            stack.extend(reversed(self.kids.get(p.eid, [])))
        return out


def _row_label(prov: Provision | None) -> str:
    if prov is None:
        return ""
    return prov.label if prov.kind == "heading" else prov.label or prov.ref


def _pieces(
    side: _Side,
    other: _Side,
    sec_eid: str | None,
    partner_eid: str | None,
    row_pair: Pair | None,
) -> list[Piece]:
    """The pieces of one column: the section's stk./nr./litra, each with its pair's diff."""
    if sec_eid is None:
        return []
    sec = side.by_eid[sec_eid]
    desc = side.descendants(sec_eid)
    pieces: list[Piece] = []
    covered: set[str] = set()
    any_pair = any(d.eid in side.pairs for d in desc)
    if not any_pair:
        # Only the section is paired (or nothing is). A changed section shows the pair's diff
        # as one piece; otherwise the text keeps its stk./nr. structure.
        if row_pair is not None and row_pair.status == "changed":
            return [Piece("", "section", fallback_ops(row_pair), "changed")]
        status = row_pair.status if row_pair is not None else ""
        unchanged = status == "unchanged" and not side.old
        pieces = [Piece("", "section", ((0, sec.text),), status)] if sec.text.strip() else []
        for d in desc:
            if d.text.strip() or d.label:
                pieces.append(
                    Piece(
                        d.label,
                        d.kind,
                        ((0, d.text),),
                        status,
                        unchanged=unchanged,
                        depth=_DEPTH.get(d.kind, 0),
                        ref=d.ref,
                    )
                )
        return pieces
    if sec.text.strip():
        pieces.append(Piece("", "section", ((0, sec.text),), ""))
    for d in desc:
        if d.parent in covered:
            covered.add(d.eid)
            continue
        depth = _DEPTH.get(d.kind, 0)
        prs = side.pairs.get(d.eid, [])
        if not prs:
            if d.text.strip() or d.label:
                pieces.append(Piece(d.label, d.kind, ((0, d.text),), "", depth=depth, ref=d.ref))
            continue
        pr = best_pair(prs)
        own, sub = _norm(d.text), _norm(side.doc.subtree_text(d.eid))
        pair_text = _norm(pr.old_text if side.old else pr.new_text)
        if side.kids.get(d.eid) and sub != own and pair_text == sub:
            covered.add(d.eid)  # the pair's text holds the children: do not repeat them
        partner = other.eid_of(pr)
        partner_anchor = other.row_anchor(partner) if partner else None
        elsewhere = partner is not None and partner_anchor != partner_eid
        other_ref = pr.new if side.old else pr.old
        note = ""
        moved_away = False
        if elsewhere and side.old:
            note, moved_away = f"Flyttet til udkastets {other_ref}", True
        elif elsewhere:
            note = f"Flyttet fra gældende {other_ref}"
        elif not side.old and other_ref and _short_ref(other_ref) != _short_ref(d.ref):
            note = f"(tidligere {_short_ref(other_ref)})"
        unchanged = pr.status == "unchanged" and not elsewhere and not side.old
        ops = fallback_ops(pr)
        if moved_away:
            ops = ((0, pr.old_text or d.text),)
        pieces.append(
            Piece(
                d.label,
                d.kind,
                ops,
                pr.status,
                note=note,
                unchanged=unchanged,
                moved_away=moved_away,
                depth=depth,
                editorial=pr.editorial,
                ref=d.ref,
            )
        )
    return pieces if side.old else _collapse_unchanged(pieces)


def _short_ref(ref: str) -> str:
    """The last part of a ref for a note inside its row: "§ 8, stk. 2" -> "stk. 2"."""
    return ref.rsplit(", ", 1)[-1] if ", " in ref else ref


def _collapse_unchanged(pieces: list[Piece]) -> list[Piece]:
    """Runs of unchanged sibling stk./nr. become one piece: "Stk. 2-4. – – –"."""
    out: list[Piece] = []
    run: list[Piece] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            first, last = run[0], run[-1]
            out.append(
                Piece(
                    _range_label(first, last),
                    first.kind,
                    (),
                    "unchanged",
                    unchanged=True,
                    depth=first.depth,
                )
            )
        run.clear()

    for p in pieces:
        if p.unchanged and not p.note and (not run or (run[-1].kind == p.kind)):
            run.append(p)
            continue
        flush()
        if p.unchanged and not p.note:
            run.append(p)
        else:
            out.append(p)
    flush()
    return out


_NUM = re.compile(r"(\d+\s?[a-zæøå]?)")


def _label_num(label: str, kind: str) -> str:
    if kind == "subsection" and not label:
        return "1"
    m = _NUM.search(label)
    return m.group(1) if m else label.strip(". )")


def _range_label(first: Piece, last: Piece) -> str:
    a, b = _label_num(first.label, first.kind), _label_num(last.label, last.kind)
    if first.kind == "subsection":
        return f"Stk. {a}-{b}."
    if first.kind == "item":
        return f"{a})-{b})"
    return f"{first.label}–{last.label}"


def parallel_rows(c: Comparison) -> list[ParallelRow]:
    """The parallelopstilling of a comparison, one row per chapter or section pair.

    Rows follow the new document's order; a row with only an old side (deleted) follows the
    row of its nearest preceding old provision that has a partner. Subsections and items
    whose pairs lead to another row are marked as moved in both rows. A provision in several
    pairs (split, merge) is shown in full in its first row and referred to after that.
    Mellemrubrikker are paired by ``heading_pairs``; a changed one carries its word diff.
    """
    old, new = _Side(c.old, c.pairs, True), _Side(c.new, c.pairs, False)
    units: list[tuple[str | None, str | None, Pair | None]] = []
    seen_old: set[str] = set()
    seen_new: set[str] = set()
    for pr in c.pairs:
        oe, ne = old.eid_of(pr), new.eid_of(pr)
        kinds = {
            k
            for k in (
                old.by_eid[oe].kind if oe else None,
                new.by_eid[ne].kind if ne else None,
            )
            if k
        }
        if pr.level not in ("chapter", "section") and not kinds & {"annex"}:
            continue
        if not kinds & set(_ROW_KINDS) and (oe or ne):
            continue
        units.append((oe, ne, pr))
        seen_old.update([oe] if oe else [])
        seen_new.update([ne] if ne else [])
    for p in c.new.provisions:
        if p.kind in _ROW_KINDS and p.eid not in seen_new:
            units.append((None, p.eid, None))
    for p in c.old.provisions:
        if p.kind in _ROW_KINDS and p.eid not in seen_old:
            units.append((p.eid, None, None))
    # mellemrubrikker are not aligned: pair them here (see heading_pairs)
    heads = {hp.new_eid: hp for hp in heading_pairs(c, sides=(old, new))}
    paired_old = {hp.old_eid for hp in heads.values()}
    for n in (p for p in c.new.provisions if p.kind == "heading"):
        units.append((heads[n.eid].old_eid if n.eid in heads else None, n.eid, None))
    units.extend(
        (o.eid, None, None)
        for o in c.old.provisions
        if o.kind == "heading" and o.eid not in paired_old
    )

    # order: new position; old-only units after the new partner of their old predecessor
    new_pos_of_old: dict[str, int] = {}
    for oe, ne, _ in units:
        if oe and ne:
            new_pos_of_old[oe] = min(new_pos_of_old.get(oe, 1 << 30), new.index[ne])
    anchor = -1
    anchor_of_old: dict[str, int] = {}
    for p in c.old.provisions:
        if p.eid in new_pos_of_old:
            anchor = new_pos_of_old[p.eid]
        anchor_of_old[p.eid] = anchor

    def key(u: tuple[str | None, str | None, Pair | None]) -> tuple[int, int, int]:
        oe, ne, _ = u
        if ne is not None:
            return (new.index[ne], 0, old.index.get(oe, 0) if oe else 0)
        assert oe is not None
        return (anchor_of_old.get(oe, -1), 1, old.index[oe])

    rows = front_rows(c)
    merged_olds: dict[int, list[str]] = {}
    shown_old: set[str] = set()
    shown_new: set[str] = set()
    for oe, ne, upr in sorted(units, key=key):
        op_ = old.by_eid[oe] if oe else None
        np_ = new.by_eid[ne] if ne else None
        kind = (np_ or op_).kind if (np_ or op_) else "section"  # type: ignore[union-attr]
        status = upr.status if upr else ("added" if oe is None else "deleted" if ne is None else "")
        hp = heads.get(ne) if ne is not None and kind == "heading" else None
        if hp is not None:
            status = hp.status
        note = ""
        if upr is not None and upr.renumbered and upr.old and op_ is not None and np_ is not None:
            note = f"(tidligere {upr.old})"
        if upr is not None and upr.method == "split" and upr.old:
            note = f"(del af tidligere {upr.old})"
        if kind in ("chapter", "heading"):
            diff: tuple[Piece, ...] = ()
            if hp is not None and hp.status == "changed":
                diff = (Piece("", "heading", hp.ops, "changed", editorial=hp.editorial),)
            rows.append(
                ParallelRow(
                    kind,
                    status,
                    _row_label(op_),
                    _row_label(np_),
                    op_.heading if op_ else "",
                    np_.heading if np_ else "",
                    note,
                    diff,
                    diff,
                    pair=upr,
                    old_ref=op_.ref if op_ else None,
                    new_ref=np_.ref if np_ else None,
                    editorial=hp.editorial if hp is not None else bool(upr and upr.editorial),
                )
            )
            continue
        again_old = oe is not None and oe in shown_old
        again_new = ne is not None and ne in shown_new
        prev = rows[-1] if rows else None
        if (
            again_new
            and not again_old
            and op_ is not None
            and prev is not None
            and prev.kind == kind
            and prev.new_ref == (np_.ref if np_ else None)
        ):
            # a merge: the old provisions that became one new provision share its row
            merged = merged_olds.setdefault(len(rows) - 1, [prev.old_ref] if prev.old_ref else [])
            merged.append(op_.ref)
            cited = ", ".join(merged[:-1]) + f" og {merged[-1]}"
            label = Piece(op_.label or op_.ref, "section", (), status, ref=op_.ref)
            extra = _pieces(old, new, oe, ne, upr)
            rows[-1] = replace(
                prev,
                left=(*prev.left, label, *extra),
                note=f"(sammenlægning af tidligere {cited})",
                status="changed" if prev.status == "unchanged" else prev.status,
            )
            shown_old.add(oe)  # type: ignore[arg-type]
            continue
        left = [] if again_old else _pieces(old, new, oe, ne, upr)
        right = [] if again_new else _pieces(new, old, ne, oe, upr)
        rows.append(
            ParallelRow(
                kind,
                status,
                _row_label(op_),
                _row_label(np_),
                op_.heading if op_ else "",
                np_.heading if np_ else "",
                note,
                tuple(left),
                tuple(right),
                upr,
                op_.ref if op_ else None,
                np_.ref if np_ else None,
                see_above_left=again_old,
                see_above_right=again_new,
                editorial=bool(upr and upr.editorial),
            )
        )
        shown_old.update([oe] if oe else [])
        shown_new.update([ne] if ne else [])
    return rows


# --------------------------------------------------------------------------- mellemrubrikker

_Basis = Literal["position", "wording"]

HEADING_FLOOR = 0.5
"""Least word similarity (``textdiff.similarity``, after the term changes) at which two
mellemrubrikker are one heading reworded."""


@dataclass(frozen=True)
class HeadingPair:
    """A mellemrubrik of the new version and the old one it answers. The aligner pairs
    chapters, sections and their parts, not these unnumbered headings: every export pairs
    them with ``heading_pairs``."""

    old_eid: str
    new_eid: str
    status: Literal["unchanged", "changed"]
    ops: tuple[DiffOp, ...]
    """Word diff of the old wording to the new."""
    editorial: bool
    """Changed by the comparison's term changes alone (``Comparison.term_changes``)."""
    basis: _Basis
    """"position": each stands right above a section and that section's aligned partner;
    "wording": the same words, or alike after the term changes."""


def _heading_words(p: Provision) -> str:
    from lovdiff.textdiff import normalise

    return normalise(" ".join(x for x in (p.heading, p.text) if x))


def _heading_above(doc: Document) -> dict[str, Provision]:
    """Section eId -> the mellemrubrik right above it (the provision just before it)."""
    ps = doc.provisions
    return {
        ps[i + 1].eid: p
        for i, p in enumerate(ps[:-1])
        if p.kind == "heading" and ps[i + 1].kind == "section"
    }


def heading_pairs(c: Comparison, *, sides: tuple[_Side, _Side] | None = None) -> list[HeadingPair]:
    """Which mellemrubrik of the old version each one of the new version answers, in the new
    version's order; headings in no pair were dropped or added.

    By position first: the heading right above a new section answers the heading right above
    that section's aligned old partner (``c.pairs``), where their words are alike; then by
    the same words, in order; then by position whatever the words (a heading reworded over
    the same section); then by words alike after the term changes (``textdiff.similarity``
    at least ``HEADING_FLOOR``), most alike first. A changed pair is editorial when the term
    changes alone explain it (``terms.is_editorial``). ``sides`` are the comparison's
    ``_Side`` lookups where the caller has them.
    """
    from lovdiff.terms import apply_terms, is_editorial
    from lovdiff.textdiff import similarity, word_diff

    old_heads = [p for p in c.old.provisions if p.kind == "heading"]
    new_heads = [p for p in c.new.provisions if p.kind == "heading"]
    if not old_heads or not new_heads:
        return []
    old, new = sides or (_Side(c.old, c.pairs, True), _Side(c.new, c.pairs, False))
    terms = term_map(c.term_changes)
    old_text = {o.eid: _heading_words(o) for o in old_heads}  # (eIds of the two versions
    new_text = {n.eid: _heading_words(n) for n in new_heads}  # may be the same)
    canon = {eid: apply_terms(t, terms) for eid, t in old_text.items()}

    def likeness(o: Provision, n: Provision) -> float:
        return similarity(canon[o.eid], new_text[n.eid])

    # the old heading standing where each new one stands: above a section's partner
    above_old = _heading_above(c.old)
    at_place: dict[str, Provision] = {}
    for sec_eid, n in _heading_above(c.new).items():
        prs = [pr for pr in new.pairs.get(sec_eid, []) if pr.old is not None]
        partner = old.eid_of(best_pair(prs)) if prs else None
        if partner is not None and partner in above_old:
            at_place[n.eid] = above_old[partner]

    match: dict[str, tuple[Provision, _Basis]] = {}
    taken: set[str] = set()

    def take(n: Provision, o: Provision, basis: _Basis) -> None:
        match[n.eid] = (o, basis)
        taken.add(o.eid)

    def free(n: Provision) -> bool:
        return n.eid not in match

    for n in new_heads:  # 1. by position, where the words are alike
        o = at_place.get(n.eid)
        if o is not None and o.eid not in taken and likeness(o, n) >= HEADING_FLOOR:
            take(n, o, "position")
    for n in filter(free, new_heads):  # 2. the same words, in order
        o = next(
            (o for o in old_heads if o.eid not in taken and old_text[o.eid] == new_text[n.eid]),
            None,
        )
        if o is not None:
            take(n, o, "wording")
    for n in filter(free, new_heads):  # 3. by position, whatever the words
        o = at_place.get(n.eid)
        if o is not None and o.eid not in taken:
            take(n, o, "position")
    alike = sorted(
        (-likeness(o, n), new.index[n.eid], old.index[o.eid], n, o)
        for n in new_heads
        if free(n)
        for o in old_heads
        if o.eid not in taken and likeness(o, n) >= HEADING_FLOOR
    )
    for *_, n, o in alike:  # 4. words alike after the term changes, most alike first
        if free(n) and o.eid not in taken:
            take(n, o, "wording")

    out: list[HeadingPair] = []
    for n in new_heads:
        if n.eid not in match:
            continue
        o, basis = match[n.eid]
        a, b = old_text[o.eid], new_text[n.eid]
        if a == b:
            out.append(HeadingPair(o.eid, n.eid, "unchanged", ((0, b),), False, basis))
            continue
        ops = word_diff(a, b)
        editorial = is_editorial(a, b, terms, {}, ops=ops)
        out.append(HeadingPair(o.eid, n.eid, "changed", ops, editorial, basis))
    return out


_FRONT = (("title", "Titel"), ("preamble", "Indledning"))
"""The front matter shown above the provisions: the title, and the preamble with the legal
basis (hjemmel), which drafters and consultation bodies check first."""


def front_rows(c: Comparison) -> list[ParallelRow]:
    """Rows for the title and the preamble, word-diffed (they are not aligned pairs)."""
    from lovdiff.textdiff import normalise, word_diff

    rows: list[ParallelRow] = []
    for kind, label in _FRONT:
        o = next((p for p in c.old.provisions if p.kind == kind and p.text.strip()), None)
        n = next((p for p in c.new.provisions if p.kind == kind and p.text.strip()), None)
        if o is None and n is None:
            continue
        a, b = normalise(o.text) if o else "", normalise(n.text) if n else ""
        status = "added" if o is None else "deleted" if n is None else "changed"
        if a == b:
            status = "unchanged"
        ops = word_diff(a, b)
        rows.append(
            ParallelRow(
                kind,
                status,
                label if o else "",
                label if n else "",
                left=(Piece("", kind, ops, status),) if o else (),
                right=(Piece("", kind, ops, status, unchanged=status == "unchanged"),) if n else (),
                old_ref=o.ref if o else None,
                new_ref=n.ref if n else None,
            )
        )
    return rows


def row_anchor_ids(rows: Sequence[ParallelRow]) -> list[str]:
    """Stable HTML ids for rows: the new ref, else the old ref, made URL-safe."""
    out: list[str] = []
    for r in rows:
        ref = r.new_ref or r.old_ref or ""
        slug = re.sub(r"[^0-9a-zæøå]+", "-", ref.casefold()).strip("-") or "raekke"
        out.append(("ny-" if r.new_ref else "gl-") + slug)
    return out


def summary_counts(c: Comparison) -> dict[str, int]:
    """Counts of section-level pairs by Danish status, plus "redaktionel"."""
    counts = dict.fromkeys(STATUS_DA.values(), 0)
    counts["redaktionel"] = 0
    for p in c.pairs:
        if p.level != "section":
            continue
        name = STATUS_DA.get(p.status, p.status)
        counts[name] = counts.get(name, 0) + 1
        if p.status == "changed" and p.editorial:
            counts["redaktionel"] += 1
    return counts
