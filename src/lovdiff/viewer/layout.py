"""Pure functions that arrange a :class:`~lovdiff.models.Comparison` for the comparison page.

Rows: one group per section pair (its header row) holding the subsection/item pairs under
it; chapter pairs become chapter rows and table-of-contents entries. Filters: ``show`` is
``alle`` (everything), ``aendringer`` (status other than unchanged, or moved) or
``vaesentlige`` (added, deleted, or changed and not editorial); ``chapter`` is a chapter key
(see :func:`chapter_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lovdiff.models import Comparison, Pair
from lovdiff.viewer.slugs import ref_to_slug

SHOW_OPTIONS = {
    "alle": "Alle bestemmelser",
    "aendringer": "Kun ændringer",
    "vaesentlige": "Kun indholdsmæssige ændringer (ikke redaktionelle)",
    "kommenterede": "Kun bestemmelser med høringssvar",
}


def section_of(ref: str | None) -> str | None:
    """The section (or annex) a ref lies in: "§ 8, stk. 4" -> "§ 8"; None for chapters.

    >>> section_of("§ 15 a, stk. 2"), section_of("kapitel 2")
    ('§ 15 a', None)
    """
    if not ref:
        return None
    head = ref.split(",", 1)[0].strip()
    return head if head.startswith(("§", "bilag")) else None


def is_change(p: Pair) -> bool:
    """Anything but an unchanged, unmoved pair."""
    return p.status != "unchanged" or p.moved


def is_substantive(p: Pair) -> bool:
    """Added, deleted, or changed beyond renumbering, references and term replacements."""
    return p.status in ("added", "deleted") or (p.status == "changed" and not p.editorial)


def matches(p: Pair, show: str, comments: Callable[[Pair], int] = lambda p: 0) -> bool:
    """Whether filter ``show`` keeps pair ``p``; ``comments`` counts the comments on it."""
    if show == "kommenterede":
        return comments(p) > 0
    if show == "aendringer":
        return is_change(p)
    if show == "vaesentlige":
        return is_substantive(p)
    return True


def anchor(p: Pair) -> str:
    """The HTML id of a pair's row: from the new ref, else the old ("o-…")."""
    if p.new:
        return "r-" + ref_to_slug(p.new)
    return "o-" + ref_to_slug(p.old or "x")


def chapter_key(ref: str, side: str) -> str:
    """Filter value for a chapter: "kapitel3" (new side) or "tidl-kapitel5" (old only)."""
    return ref_to_slug(ref) if side == "new" else "tidl-" + ref_to_slug(ref)


@dataclass
class Row:
    """A pair shown as a table row, with its unique HTML id."""

    pair: Pair
    anchor: str


@dataclass
class Group:
    """A section pair and the pairs under it."""

    pair: Pair
    anchor: str
    chapter: str | None
    rows: list[Pair] = field(default_factory=list)
    shown: list[Row] = field(default_factory=list)
    hidden: int = 0
    comments: int = 0
    toc_label: str = ""
    """How the table of contents names it: the new ref; "(§ 9)" for a deleted section;
    "§ 1 (fra § 2)" for the second part of a merge, which shares its new ref."""


@dataclass
class Chapter:
    """A chapter row / table-of-contents entry."""

    pair: Pair | None
    key: str
    title: str
    anchor: str
    groups: list[Group] = field(default_factory=list)


def _heading(cmp: Comparison, p: Pair) -> str:
    prov = cmp.new.by_ref(p.new) if p.new else None
    if prov is None and p.old:
        prov = cmp.old.by_ref(p.old)
    return prov.heading if prov is not None else ""


def arrange(
    cmp: Comparison,
    *,
    show: str = "alle",
    chapter: str | None = None,
    counts_new: Mapping[str, int] | None = None,
    counts_old: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Chapters with their section groups, filtered, plus the filter options and totals.

    ``counts_new``/``counts_old`` are ``store.comment_counts`` of each side (a count covers
    the provision and everything inside it)."""
    counts_new = counts_new or {}
    counts_old = counts_old or {}

    def commented(p: Pair) -> int:
        return counts_new.get(p.new or "", 0) + counts_old.get(p.old or "", 0)

    old_to_new_chapter = {
        p.old: p.new for p in cmp.pairs if p.level == "chapter" and p.old and p.new
    }
    chapters: list[Chapter] = []
    by_key: dict[str, Chapter] = {}
    loose = Chapter(None, "", "Uden for kapitler", "r-uden-kapitel")

    def chapter_for(p: Pair) -> Chapter:
        ref = p.chapter
        if ref is None:
            return loose
        if p.new:
            key = chapter_key(ref, "new")
        else:
            mapped = old_to_new_chapter.get(ref)
            key = chapter_key(mapped, "new") if mapped else chapter_key(ref, "old")
        ch = by_key.get(key)
        if ch is None:
            ch = Chapter(None, key, ref, "c-" + key)
            by_key[key] = ch
            chapters.append(ch)
        return ch

    groups_new: dict[str, Group] = {}
    groups_old: dict[str, Group] = {}
    order: list[Group] = []
    annexes: list[tuple[Chapter, Group]] = []
    for p in cmp.pairs:
        if p.level == "chapter":
            ref = p.new or p.old or ""
            key = chapter_key(ref, "new" if p.new else "old")
            title = _chapter_title(cmp, p)
            ch = by_key.get(key)
            if ch is None:
                ch = Chapter(p, key, title, "c-" + key)
                by_key[key] = ch
                chapters.append(ch)
            else:
                ch.pair, ch.title = p, title
            if ref.startswith("bilag"):
                # an annex has no §§ to carry its text: it is its own row
                annexes.append((ch, Group(p, anchor(p), None)))
        elif p.level == "section":
            g = Group(p, anchor(p), None)
            if p.new:
                groups_new.setdefault(p.new, g)
            if p.old:
                groups_old.setdefault(p.old, g)
            order.append(g)
    # Sub-pairs go under the section of their new ref, else of their old ref: the aligner
    # may list a pair away from its section (a moved or deleted stk.).
    for p in cmp.pairs:
        if p.level in ("chapter", "section"):
            continue
        sec_new, sec_old = section_of(p.new), section_of(p.old)
        g_opt = (groups_new.get(sec_new) if sec_new else None) or (
            groups_old.get(sec_old) if sec_old else None
        )
        if g_opt is None:
            g_opt = Group(p, anchor(p), None)
            order.append(g_opt)
        else:
            g_opt.rows.append(p)
    used: set[str] = set()

    def unique(base: str) -> str:
        out, n = base, 2
        while out in used:
            out, n = f"{base}-{n}", n + 1
        used.add(out)
        return out

    labelled: set[str] = set()
    for g in order:
        chapter_for(g.pair).groups.append(g)
        g.anchor = unique(g.anchor)
        new, old = g.pair.new, g.pair.old
        if not new:
            g.toc_label = f"({old})"
        elif new in labelled and old:
            g.toc_label = f"{new} (fra {old})"
        else:
            g.toc_label = new
        if new:
            labelled.add(new)
    for ch, g in annexes:
        ch.groups.append(g)
        g.anchor = unique(g.anchor)
        g.toc_label = g.pair.new or f"({g.pair.old})"

    # Chapters in the order of their first section (the aligner may list a deleted
    # chapter's own pair far from its sections); empty chapters keep their pair's place.
    place = {id(g): i for i, g in enumerate(order)}
    pair_place = {id(p): i for i, p in enumerate(cmp.pairs)}

    def chapter_place(ch: Chapter) -> float:
        if ch.pair is not None and (ch.pair.new or ch.pair.old or "").startswith("bilag"):
            return len(order) + pair_place[id(ch.pair)]  # annexes close the document
        if ch.groups:
            return place[id(ch.groups[0])]
        if ch.pair is not None:
            # just before the first section that comes after the chapter pair
            after = [
                place[id(g)]
                for g in order
                if pair_place.get(id(g.pair), 0) > pair_place[id(ch.pair)]
            ]
            return min(after) - 0.5 if after else len(order)
        return len(order)

    chapters.sort(key=chapter_place)
    visible_chapters: list[Chapter] = []
    totals = {"sections": 0, "unchanged": 0, "changed": 0, "added": 0, "deleted": 0}
    for ch in [*chapters, loose]:
        kept: list[Group] = []
        for g in ch.groups:
            if g.pair.level == "section":  # annex rows are not counted as §§
                totals["sections"] += 1
                totals[g.pair.status] = totals.get(g.pair.status, 0) + 1
            g.chapter = ch.key
            g.comments = counts_new.get(g.pair.new or "", 0) + counts_old.get(g.pair.old or "", 0)
            g.shown = [Row(r, unique(anchor(r))) for r in g.rows if matches(r, show, commented)]
            g.hidden = len(g.rows) - len(g.shown)
            if chapter and ch.key != chapter:
                continue
            if g.shown or matches(g.pair, show, commented):
                kept.append(g)
        if kept or (ch.pair is not None and not chapter and show == "alle"):
            visible_chapters.append(Chapter(ch.pair, ch.key, ch.title, ch.anchor, kept))
    return {
        "chapters": visible_chapters,
        "toc": [c for c in [*chapters, loose] if c.groups or c.pair is not None],
        "totals": totals,
        "show": show if show in SHOW_OPTIONS else "alle",
        "chapter": chapter,
        "show_options": SHOW_OPTIONS,
    }


def _chapter_title(cmp: Comparison, p: Pair) -> str:
    ref = p.new or p.old or ""
    heading = _heading(cmp, p)
    title = ref[:1].upper() + ref[1:]
    if heading:
        title += ": " + heading
    if p.new and p.old and p.old != p.new:
        title += f" (tidligere {p.old})"
    if not p.new:
        title += " (udgået)"
    return title


def pair_label(p: Pair, side: str) -> str:
    """The ref shown in a column; the new side says "(tidligere …)" when renumbered.

    >>> from lovdiff.models import Pair
    >>> pr = Pair("section", "§ 26", "§ 16", "unchanged", True, False, 1.0, "", "", (), True)
    >>> pair_label(pr, "new")
    '§ 16 (tidligere § 26)'
    """
    if side == "old":
        return p.old or ""
    if not p.new:
        return ""
    if p.renumbered and p.old and p.old != p.new:
        return f"{p.new} (tidligere {p.old})"
    return p.new


@dataclass
class TextRow:
    """One paragraph of a document as shown: a provision, with the section's label joined
    to its unlabelled stk. 1 ("§ 4. Kommunen kan …") as the order is printed."""

    prov: Any
    """The provision whose text the row shows (stk. 1 for a joined row)."""
    label: str
    """The label as printed ("§ 4.", "Stk. 2.", "1)"); for stk. 1 alone: "Stk. 1"."""
    label_ref: str
    """The ref the label links to (the section for a joined row)."""
    depth: int


def text_rows(provisions: Sequence[Any], depth: Mapping[str, int]) -> list[TextRow]:
    """Rows for the citable text kinds of ``provisions`` (in document order)."""
    rows: list[TextRow] = []
    skip: set[str] = set()
    for i, p in enumerate(provisions):
        if p.eid in skip:
            continue
        d = depth.get(p.eid, 0)
        nxt = provisions[i + 1] if i + 1 < len(provisions) else None
        if (
            p.kind == "section"
            and not p.text.strip()
            and nxt is not None
            and nxt.parent == p.eid
            and nxt.kind == "subsection"
            and not nxt.label
        ):
            rows.append(TextRow(nxt, p.label or p.ref, p.ref, d))
            skip.add(nxt.eid)
            continue
        label = p.label or (
            p.ref.rsplit(", ", 1)[-1].capitalize() if p.kind == "subsection" else ""
        )
        rows.append(TextRow(p, label, p.ref, d))
    return rows
