"""Pure helpers that turn records into safe HTML fragments and Danish labels.

Every function here escapes sender- or document-controlled text first and only then adds
its own tags, so templates may mark the result safe. Nothing else in the viewer uses
``|safe`` or ``Markup`` on content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

STATUS_LABELS = {
    "unchanged": "uændret",
    "changed": "ændret",
    "added": "ny",
    "deleted": "udgået",
}
STANCE_LABELS = {
    "support": "støtter",
    "concern": "bekymring",
    "proposal": "forslag",
    "question": "spørgsmål",
    "neutral": "neutral",
}
BASIS_LABELS = {
    "explicit": "henvisning",
    "quote": "citat",
    "semantic": "indhold",
}
CHANGE_LABELS = {
    "new": "ny bestemmelse",
    "changed": "ændret",
    "unchanged": "uændret",
}


def diff_side(
    ops: Iterable[Sequence[Any]], side: str, terms: frozenset[tuple[str, str]] = frozenset()
) -> Markup:
    """One side of a word diff: ``old`` shows deletions as ``<del>``, ``new`` insertions as
    ``<ins>``; equal text is plain; replacements listed in ``terms`` get ``class="term"``.
    Built by the exports' own ``diff_html``, which escapes all text.

    >>> str(diff_side([(0, "a "), (-1, "<b>"), (1, "c")], "old"))
    'a <del>&lt;b&gt;</del>'
    """
    from lovdiff.export.report import diff_html

    side_arg: Any = side
    return Markup(diff_html([(int(op), str(t)) for op, t in ops], side=side_arg, terms=terms))


def marked(text: str, marks: Iterable[Sequence[int]]) -> Markup:
    """Escape ``text`` and wrap the ``[start, end)`` ``marks`` (search hits) in ``<mark>``.

    >>> str(marked("a <b> c", [[2, 5]]))
    'a <mark>&lt;b&gt;</mark> c'
    """
    out: list[str] = []
    pos = 0
    for start, end in sorted((int(a), int(b)) for a, b in marks):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(str(escape(text[pos:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def highlight(text: str, query: str) -> Markup:
    """Escape ``text`` and wrap each case-insensitive occurrence of the query's words in
    ``<mark>``.

    >>> str(highlight("Borgeren <i>", "borgeren"))
    '<mark>Borgeren</mark> &lt;i&gt;'
    """
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1]
    if not words:
        return Markup(escape(text))
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def letter_markup(
    text: str,
    marks: Sequence[tuple[int, int, str, str]],
    transform: Callable[[str], str] | None = None,
    numbers: Mapping[str, int] | None = None,
) -> Markup:
    """The letter ``text`` escaped, with each ``(start, end, anchor_id, css_class)`` span
    wrapped in ``<mark id=… class=…>`` and numbered (``numbers[anchor_id]``, else 1, 2, …
    in the order given, matching the list of comments beside the letter); an empty
    ``anchor_id`` continues the comment before it (no id, no number). Overlapping
    spans are clipped to the earlier one; spans outside the text are ignored.
    ``transform`` (e.g. redaction of personal contact details) is applied to each piece
    of text before escaping, so offsets hold.

    >>> str(letter_markup("ab<c>d", [(2, 5, "k-1", "c")]))
    'ab<mark id="k-1" class="c" tabindex="-1"><span class="mark-no">1</span>&lt;c&gt;</mark>d'
    """
    number = (
        dict(numbers)
        if numbers
        else {m[2]: i for i, m in enumerate((m for m in marks if m[2]), start=1)}
    )
    fix = transform or (lambda s: s)
    out: list[str] = []
    pos = 0
    for start, end, anchor, css in sorted(marks):
        start = max(start, pos)
        end = min(end, len(text))
        if start >= end:
            continue
        out.append(str(escape(fix(text[pos:start]))))
        if anchor:
            out.append(
                f'<mark id="{escape(anchor)}" class="{escape(css)}" tabindex="-1">'
                f'<span class="mark-no">{number.get(anchor, "")}</span>'
                f"{escape(fix(text[start:end]))}</mark>"
            )
        else:  # a later piece of the same comment (a page footer lay between)
            out.append(f'<mark class="{escape(css)}">{escape(fix(text[start:end]))}</mark>')
        pos = end
    out.append(str(escape(fix(text[pos:]))))
    return Markup("".join(out))


def tidy_paragraphs(text: str) -> str:
    r"""Source text for display with ``white-space: pre-line``: page-break runs of blank
    lines become one blank line, the ends are trimmed.

    >>> tidy_paragraphs("a\n\n \n\nb \n")
    'a\n\nb'
    """
    return re.sub(r"\n[ \t\f\v]*(?:\n[ \t\f\v]*)+", "\n\n", text).strip()


def year(date: str | None) -> str:
    """The year of an ISO date, or an empty string."""
    return date[:4] if date and re.match(r"\d{4}", date) else ""


def doc_label(info: Any) -> str:
    """A short Danish name for a document version: "bek. nr. 2236 af 2020", "udkast 2026",
    or "" when the document says too little (callers fall back to its title).

    ``info`` is a DocumentInfo or a dict (``list_documents`` rows carry ``role``; a draft
    is named by the year it comes into force; a redline's two sides by before/after).

    >>> doc_label({"kind": "bekendtgørelse", "role": "draft", "in_force": "2026-07-01"})
    'udkast 2026'
    >>> doc_label({"kind": "bekendtgørelse", "number": "2236", "date": "2020-12-29"})
    'bek. nr. 2236 af 2020'
    >>> doc_label({"kind": "bekendtgørelse", "role": "redline-old"}), doc_label({"kind": "x"})
    ('før ændringerne', '')
    """
    if info is None:
        return ""
    get = info.get if isinstance(info, dict) else lambda k, d=None: getattr(info, k, d)
    role = get("role") or ""
    if role == "redline-old":
        return "før ændringerne"
    if role == "redline-new":
        return "efter ændringerne"
    y = year(get("date")) or year(get("in_force"))
    kind = get("kind") or ""
    number = get("number")
    if kind in ("udkast", "draft") or role == "draft":
        return f"udkast {year(get('in_force')) or y}".strip()
    short = {"bekendtgørelse": "bek.", "lovbekendtgørelse": "lbk.", "lov": "lov"}.get(kind, kind)
    if number:
        return f"{short} nr. {number}" + (f" af {y}" if y else "")
    return f"{short} {y}" if y and short else ""


def count_of(n: int, one: str, many: str) -> str:
    """A number with the noun (or adjective) in the right number, Danish style.

    >>> count_of(1, "bemærkning", "bemærkninger"), count_of(3, "gang", "gange")
    ('1 bemærkning', '3 gange')
    >>> count_of(0, "uændret", "uændrede")
    '0 uændrede'
    """
    return f"{n} {one if n == 1 else many}"


def change_note(
    change: str | None, previous: str | None, previous_label: str = "", ref: str | None = None
) -> str:
    """Danish note on how a linked provision changed since the previous version, to follow
    "Bestemmelsen er …".

    >>> change_note("unchanged", "§ 29, stk. 4", "bek. 2020", "§ 19, stk. 4")
    'uændret siden bek. 2020, hvor den var § 29, stk. 4'
    >>> change_note("unchanged", "§ 19, stk. 4", "bek. 2020", "§ 19, stk. 4")
    'uændret siden bek. 2020'
    >>> change_note("new", None, "bek. 2020")
    'ny i forhold til bek. 2020'
    """
    label = previous_label or "forrige version"
    where = f", hvor den var {previous}" if previous and previous != ref else ""
    if change == "unchanged":
        return f"uændret siden {label}{where}"
    if change == "changed":
        return f"ændret siden {label}{where}"
    if change == "new":
        return f"ny i forhold til {label}"
    return ""
