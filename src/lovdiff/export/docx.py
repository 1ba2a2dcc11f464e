"""Word exports of a comparison: the parallelopstilling and the tracked-changes redline.

``parallel_docx(c)``: landscape A4, title, a note on the conventions, the systematic term
replacements once, then a two-column table "Gældende regler | Udkast" (header row repeated
on every page), one row per chapter or section pair with its stk./nr. inside. Deleted words
are struck through in red in the left column, inserted words underlined in blue in the right
column, term replacements listed in ``term_changes`` in grey. An unchanged stk./nr./§ is
shown as ``– – –`` in the right column; renumbered provisions say ``(tidligere § 26)``;
moved text says ``Flyttet fra …``/``Flyttet til …`` and is not shown as deleted.

``redline_docx(c)``: the new version, paragraph by provision (chapter headings and § labels
bold, ``Stk.`` labels italic as in Lovtidende), with every difference from the old version as
a real Word tracked change: ``w:ins``/``w:del`` with ``w:author="lovdiff"``, a ``w:date`` and
unique ``w:id``; deleted text in ``w:delText``. Provisions that were dropped appear as deleted
paragraphs where they stood (after the new place of their old predecessor); renumbering is a
tracked change of the label. A provision the aligner found moved (to another section or
chapter, or out of order) is a Word move: its old wording in ``w:moveFrom`` where it stood, its
new wording in ``w:moveTo`` (inserted words as ``w:ins``) where it is now, the two joined by a
named move range, with the provisions that moved along with it (a moved chapter takes its
sections; annexes are renumbered in place; parts of a split or merge stay beside their
partner, diffed against it).
Accepting every change gives exactly the new text, rejecting every change the old text, in the
old order but for those parts (tested); tracking stays on for further edits; what the file is
goes in the document properties, not the body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from lxml import etree

from lovdiff.export import ooxml
from lovdiff.export.ooxml import BLUE, GREY, PLAIN, RED, Doc, Fmt, build_time, el, paragraph, run, w
from lovdiff.export.tables import (
    PARALLEL_NOTE,
    UNCHANGED_MARK,
    ParallelRow,
    Piece,
    _Side,
    best_pair,
    column_labels,
    describe,
    fallback_ops,
    heading_pairs,
    parallel_rows,
    segments,
    term_set,
    term_summary,
    version_roles,
)
from lovdiff.models import Comparison, DiffOp, Pair, Provision

AUTHOR = "lovdiff"

BOLD = Fmt(bold=True)
ITALIC = Fmt(italic=True)
NOTE = Fmt(italic=True, color=GREY)
DEL = Fmt(strike=True, color=RED)
INS = Fmt(underline=True, color=BLUE)
TERM_DEL = Fmt(strike=True, color=GREY)
TERM_INS = Fmt(underline=True, color=GREY)


def _label_fmt(kind: str) -> Fmt:
    return ITALIC if kind == "subsection" else BOLD if kind in ("section", "chapter") else PLAIN


# --------------------------------------------------------------------------- parallel


def _side_runs(
    ops: Sequence[DiffOp],
    old_side: bool,
    terms: frozenset[tuple[str, str]],
    *,
    marked: bool,
    base: Fmt = PLAIN,
) -> list[etree._Element]:
    """Runs for one column: equal text plain, own-side changes marked, other side omitted;
    ``base`` adds bold or italics to every run (a mellemrubrik is italic)."""
    keep = -1 if old_side else 1
    out: list[etree._Element] = []
    for seg in segments(ops, terms):
        if seg.op not in (0, keep):
            continue
        if seg.op == 0 or not marked:
            fmt = PLAIN
        elif seg.term:
            fmt = TERM_DEL if old_side else TERM_INS
        else:
            fmt = DEL if old_side else INS
        out.append(
            run(
                seg.text, replace(fmt, bold=fmt.bold or base.bold, italic=fmt.italic or base.italic)
            )
        )
    return out


def _piece_runs(
    piece: Piece, old_side: bool, terms: frozenset[tuple[str, str]], *, marked: bool
) -> list[etree._Element]:
    runs: list[etree._Element] = []
    if piece.label:
        runs.append(run(piece.label + " ", _label_fmt(piece.kind)))
    if piece.note:
        runs.append(run(piece.note + " ", NOTE))
    if not old_side and piece.unchanged:
        runs.append(run(UNCHANGED_MARK))
    elif piece.moved_away:
        runs.extend(run(t, Fmt(color=GREY)) for _, t in piece.ops)
    else:
        runs.extend(_side_runs(piece.ops, old_side, terms, marked=marked))
    return runs


def _cell_content(
    row: ParallelRow, old_side: bool, terms: frozenset[tuple[str, str]]
) -> list[etree._Element]:
    label = row.old_label if old_side else row.new_label
    heading = row.old_heading if old_side else row.new_heading
    if not label and not heading:
        return []
    pieces = row.left if old_side else row.right
    marked = row.status not in ("added", "deleted")
    head: list[etree._Element] = [run(label + " ", BOLD)] if label else []
    if not old_side and row.note:
        head.append(run(row.note + " ", NOTE))
    paras: list[etree._Element] = []
    if heading:
        paras.append(paragraph([*head, run(heading, BOLD)], keep_next=True))
        head = []
    if row.see_above_left if old_side else row.see_above_right:
        paras.append(paragraph([*head, run("(se ovenfor)", NOTE)]))
        return paras
    whole_unchanged = (
        not old_side and row.status == "unchanged" and all(p.unchanged for p in pieces)
    )
    if whole_unchanged:
        paras.append(paragraph([*head, run(UNCHANGED_MARK)]))
        return paras
    for piece in pieces:
        if piece.kind == "section" and piece.label and not piece.ops:
            if head:
                paras.append(paragraph(head, keep_next=True))
            head = [run(piece.label + " ", BOLD)]  # a merged-in old section
            continue
        runs = _piece_runs(piece, old_side, terms, marked=marked)
        if head and not piece.label and piece.depth == 0:
            paras.append(paragraph([*head, *runs]))
            head = []
            continue
        if head:
            paras.append(paragraph(head, keep_next=True))
            head = []
        paras.append(paragraph(runs, indent=340 * piece.depth))
    if head:
        paras.append(paragraph(head))
    return paras


def _chapter_content(
    row: ParallelRow, old_side: bool, terms: frozenset[tuple[str, str]]
) -> list[etree._Element]:
    label = row.old_label if old_side else row.new_label
    heading = row.old_heading if old_side else row.new_heading
    if not label and not heading:
        return []
    runs = [run(label, BOLD)] if label else []
    if not old_side and row.note:
        runs.append(run(" " + row.note, NOTE))
    if heading:
        if runs:
            runs.append(run("\n"))
        fmt = ITALIC if row.kind == "heading" else BOLD
        pieces = row.left if old_side else row.right
        if pieces:  # a changed mellemrubrik: its word diff
            runs.extend(_side_runs(pieces[0].ops, old_side, terms, marked=True, base=fmt))
        else:
            runs.append(run(heading, fmt))
    return [paragraph(runs, align="center", keep_next=True)]


def parallel_docx(c: Comparison) -> bytes:
    """The parallelopstilling as .docx bytes (see the module docstring)."""
    doc = Doc(title=f"Parallelopstilling: {c.new.info.title}", landscape=True)
    terms = term_set(c.term_changes)
    old_role, new_role = version_roles(c)
    old_head, new_head = column_labels(c)
    doc.add(ooxml.text_paragraph("Parallelopstilling", style="Titel"))
    doc.add(
        paragraph([run(f"{old_role}: ", BOLD), run(describe(c.old.info))], space_after=40),
        paragraph([run(f"{new_role}: ", BOLD), run(describe(c.new.info))]),
        ooxml.text_paragraph(PARALLEL_NOTE, style="Notat"),
    )
    if c.term_changes:
        doc.add(
            paragraph(
                [
                    run("Gennemgående ændringer: ", Fmt(bold=True, size=18)),
                    run(term_summary(c.term_changes)),
                ],
                style="Notat",
            )
        )
    half = doc.content_width() // 2
    header = ooxml.table_row(
        [
            ooxml.table_cell(half, [paragraph([run(old_head, BOLD)])], fill="DDE4EE"),
            ooxml.table_cell(half, [paragraph([run(new_head, BOLD)])], fill="DDE4EE"),
        ]
    )
    body_rows: list[etree._Element] = [header]
    for row in parallel_rows(c):
        if row.kind in ("chapter", "heading"):
            left, right = _chapter_content(row, True, terms), _chapter_content(row, False, terms)
            fill = "F2F2F2" if row.kind == "chapter" else ""
        else:
            left, right = _cell_content(row, True, terms), _cell_content(row, False, terms)
            fill = ""
        body_rows.append(
            ooxml.table_row(
                [
                    ooxml.table_cell(half, left, fill=fill),
                    ooxml.table_cell(half, right, fill=fill),
                ]
            )
        )
    doc.add(ooxml.table([half, half], body_rows, header_rows=1))
    doc.add(paragraph())
    return doc.package()


# --------------------------------------------------------------------------- redline


class _Revisions:
    """Makes ``w:ins``/``w:del`` wrappers with unique ids, one author and one date."""

    def __init__(self, when: datetime) -> None:
        self.date = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1

    def attrs(self) -> dict[str, str]:
        a = {"id": str(self.next_id), "author": AUTHOR, "date": self.date}
        self.next_id += 1
        return a

    def ins(self, *runs: etree._Element) -> etree._Element:
        return el("ins", self.attrs(), *runs)

    def delete(self, *runs: etree._Element) -> etree._Element:
        return el("del", self.attrs(), *runs)

    def mark(self, kind: str) -> etree._Element:
        """Paragraph-mark revision (inside ``w:pPr/w:rPr``)."""
        return el(kind, self.attrs())

    def moved(self, kind: str, name: str, runs: list[etree._Element]) -> list[etree._Element]:
        """``runs`` inside a named move range: ``kind`` is "moveFrom" (the old place) or
        "moveTo" (the new place); plain runs are wrapped in ``w:moveFrom``/``w:moveTo``,
        revisions (inserted words) are left as they are."""
        start = el(f"{kind}RangeStart", {**self.attrs(), "name": name})
        out = [start]
        for r in runs:
            out.append(el(kind, self.attrs(), r) if r.tag == w("r") else r)
        out.append(el(f"{kind}RangeEnd", {"id": start.get(w("id"), "")}))
        return out

    def ops(self, ops: Iterable[DiffOp], fmt: Fmt = PLAIN) -> list[etree._Element]:
        out: list[etree._Element] = []
        for op, text in ops:
            if not text:
                continue
            if op == 0:
                out.append(run(text, fmt))
            elif op > 0:
                out.append(self.ins(run(text, fmt)))
            else:
                out.append(self.delete(run(text, fmt, deleted=True)))
        return out


def _increasing(seq: Sequence[int], weights: Sequence[int]) -> set[int]:
    """Indices of a non-decreasing subsequence of ``seq`` with the largest total weight
    (deterministic among equals). O(n log n): a Fenwick tree of the best chain ending at each
    value."""
    values = sorted(set(seq))
    rank = {v: k + 1 for k, v in enumerate(values)}
    tree: list[tuple[int, int]] = [(0, -1)] * (len(values) + 1)  # (weight, last index)
    prev = [-1] * len(seq)
    best: tuple[int, int] = (0, -1)
    for i, x in enumerate(seq):
        k = rank[x]
        got: tuple[int, int] = (0, -1)
        while k > 0:  # best chain over values <= x
            if tree[k][0] > got[0]:
                got = tree[k]
            k -= k & -k
        prev[i] = got[1]
        mine = (got[0] + weights[i], i)
        if mine[0] > best[0]:
            best = mine
        k = rank[x]
        while k < len(tree):
            if mine[0] > tree[k][0]:
                tree[k] = mine
            k += k & -k
    out: set[int] = set()
    i = best[1]
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def _reconstruct(ops: Iterable[DiffOp], new: bool) -> str:
    return "".join(t for op, t in ops if (op >= 0 if new else op <= 0))


def _norm(text: str) -> str:
    return " ".join(text.split())


class _Tree(_Side):
    """Pairs and children of one document, by eId (the change table's lookups, plus the
    choices the Word exports need)."""

    def pair(self, p: Provision) -> Pair | None:
        """The pair that renders ``p``: two-sided before one-sided, the primary partner of a
        merge or split before the others, then the most similar."""
        prs = self.pairs.get(p.eid, [])
        return best_pair(prs) if prs else None

    def section_of(self, eid: str | None) -> str | None:
        """The eId of the section that holds provision ``eid`` (itself when it is one)."""
        while eid is not None:
            prov = self.by_eid.get(eid)
            if prov is None:
                return None
            if prov.kind == "section":
                return eid
            eid = prov.parent
        return None

    def has_paired_descendant(self, eid: str) -> bool:
        stack = list(self.kids.get(eid, []))
        while stack:
            p = stack.pop()
            if p.eid in self.pairs:
                return True
            stack.extend(self.kids.get(p.eid, []))
        return False


def _block_provisions(tree: _Tree, p: Provision) -> list[Provision]:
    """A section's paragraph also holds its stk. 1 (unlabelled), as printed in Lovtidende."""
    if p.kind == "section":
        kids = tree.kids.get(p.eid, [])
        if kids and kids[0].kind == "subsection" and not kids[0].label:
            return [p, kids[0]]
    return [p]


_INDENT = {"item": 567, "litra": 1134}
_MOVABLE = frozenset({"chapter", "section", "subsection", "item", "litra"})
_TOP_KINDS = frozenset({"section", "chapter", "annex", "heading"})
_PROSE_KINDS = frozenset({"title", "preamble", "signature", "text", "footnote"})


class _Redliner:
    def __init__(self, c: Comparison, when: datetime) -> None:
        self.c = c
        self.rev = _Revisions(when)
        self.old = _Tree(c.old, c.pairs, True)
        self.new = _Tree(c.new, c.pairs, False)
        self.used = {
            id(pr) for p in c.new.provisions if (pr := self.new.pair(p)) is not None and pr.old
        }
        # mellemrubrikker are not aligned: paired as in the parallelopstilling, a changed
        # one shown with its word diff as tracked changes
        self.headings = {hp.new_eid: hp for hp in heading_pairs(c, sides=(self.old, self.new))}
        self.heading_match = {n: hp.old_eid for n, hp in self.headings.items()}
        self.matched_old_headings = set(self.heading_match.values())
        # prose the aligner does not pair (title, preamble, signature, unnumbered text,
        # loose footnotes): the k-th of a kind in the new version answers the k-th in the old
        self.prose_match: dict[str, str] = {}
        old_prose = [p for p in c.old.provisions if self.is_prose(self.old, p)]
        for n in (p for p in c.new.provisions if self.is_prose(self.new, p)):
            hit = next((o for o in old_prose if o.kind == n.kind), None)
            if hit is not None:
                old_prose.remove(hit)
                self.prose_match[n.eid] = hit.eid
        self.matched_old_prose = set(self.prose_match.values())
        self.before: list[etree._Element] = []
        """Paragraphs ``new_block`` split off in front of the one it returns."""
        self.lead_deletions: dict[str, list[Provision]] = {}
        """New section eId -> old provisions (dropped or moved away) shown right after its
        label, where they stood (see ``lead_of``)."""
        self.moves = self.find_moves()
        self.moved_from = {o: n for n, o in self.moves.items()}
        self.move_names = {n: f"lovdiff-flytning-{k}" for k, n in enumerate(self.moves, 1)}

    def find_moves(self) -> dict[str, str]:
        """New eId -> old eId of the provisions shown as Word moves: a one-to-one pair the
        aligner marked moved, and the provisions that went along with it (children of a moved
        provision whose partners are children of its partner). Parts of a split or merge stay
        where they are, diffed against their partner."""
        moves: dict[str, str] = {}
        taken: set[str] = set()
        for n in self.c.new.provisions:
            if n.kind not in _MOVABLE:  # annexes are renumbered in place
                continue
            pr = self.new.pair(n)
            if pr is None or pr.old is None or pr.new is None or pr.group is not None:
                continue
            o = self.old.eid_of(pr)
            old_p = self.old.by_eid.get(o) if o else None
            if old_p is None or o in taken or self.old.pair(old_p) is not pr:
                continue
            along = old_p.parent is not None and moves.get(n.parent or "") == old_p.parent
            if pr.moved or along:
                moves[n.eid] = old_p.eid
                taken.add(old_p.eid)
        return moves

    @staticmethod
    def is_prose(tree: _Tree, p: Provision) -> bool:
        """A provision of an unaligned kind with no pair on it or any ancestor."""
        if p.kind not in _PROSE_KINDS:
            return False
        eid: str | None = p.eid
        while eid is not None:
            if eid in tree.pairs:
                return False
            anc = tree.by_eid.get(eid)
            eid = anc.parent if anc else None
        return True

    def text_ops(
        self, p: Provision, text: str, attr: str = "text"
    ) -> tuple[tuple[DiffOp, ...] | None, bool]:
        """Ops that rebuild ``text`` of new provision ``p`` and whether they also hold its
        children. The pair's own diff when it fits; else a word diff against the partner's
        own ``attr`` (the aligner may have compared whole subtrees); else None."""
        pr = self.new.pair(p)
        if pr is None:
            return None, False
        ops = fallback_ops(pr)
        side = _norm(_reconstruct(ops, True))
        if side == _norm(text):
            return ops, False
        if (
            self.new.kids.get(p.eid)
            and not self.new.has_paired_descendant(p.eid)
            and side == _norm(self.new.doc.subtree_text(p.eid))
        ):
            return ops, True
        old_eid = self.old.eid_of(pr) if pr.old else None
        old_p = self.old.by_eid.get(old_eid) if old_eid else None
        if old_p is not None:
            from lovdiff.textdiff import word_diff

            return word_diff(getattr(old_p, attr), text), False
        if pr.status == "added":
            return ((1, text),), False
        return None, False

    def old_gone(self, p: Provision) -> bool:
        """An old provision whose text is not rendered in a new one: no pair of it is used
        (deleted, or the secondary partner of a merge), or, without pairs of its own, its
        nearest paired ancestor is gone. Mellemrubrikker: no new one answers it
        (``heading_pairs``)."""
        if p.kind == "heading":
            return p.eid not in self.matched_old_headings
        if self.is_prose(self.old, p):
            return p.eid not in self.matched_old_prose
        eid: str | None = p.eid
        while eid is not None:
            prs = self.old.pairs.get(eid)
            if prs:
                return not any(id(pr) in self.used for pr in prs)
            anc = self.old.by_eid.get(eid)
            eid = anc.parent if anc else None
        return False

    def landmarks(self, pos_of_new: dict[str, int]) -> dict[str, int]:
        """Old eId -> the new block after which the dropped and moved-away old provisions that
        follow it go. Only provisions rendered in the old order are landmarks: not one that
        moved, nor a part of a split or merge left inside a move, and of the rest the chain
        whose new places keep the old order with the most provisions that are not parts of a
        split or merge (those stay beside their partner, wherever that is)."""
        inverse = {v: k for k, v in (*self.heading_match.items(), *self.prose_match.items())}
        grouped = {self.old.eid_of(pr) for pr in self.c.pairs if pr.group is not None and pr.old}
        found: list[tuple[str, int, int]] = []
        loose: set[str] = set()  # parts of splits and merges, and what they hold
        for p in self.c.old.provisions:
            if p.eid in grouped or (p.parent is not None and p.parent in loose):
                loose.add(p.eid)
            if self.old_gone(p) or p.eid in self.moved_from or self.inside_move(p):
                continue
            partners = [
                self.new.eid_of(pr)
                for pr in self.old.pairs.get(p.eid, [])
                if id(pr) in self.used and not pr.moved
            ]
            partners.append(inverse.get(p.eid))
            at = next((pos_of_new[ne] for ne in partners if ne in pos_of_new), None)
            if at is not None:  # a provision in its old order outweighs any number of parts
                found.append((p.eid, at, 1 if p.eid in loose else len(self.c.old.provisions)))
        keep = _increasing([at for _, at, _ in found], [wt for _, _, wt in found])
        return {eid: at for k, (eid, at, _) in enumerate(found) if k in keep}

    def lead_of(
        self,
        p: Provision,
        landmarks: dict[str, int],
        blocks: list[tuple[list[Provision], bool]],
    ) -> str | None:
        """The new section whose paragraph shows old ``p``, dropped or moved away, right
        after its label. That is where ``p`` stood when its old section is still where it
        was and that section's paragraph now holds, as its stk. 1, a provision that came
        after ``p`` in the old version and kept its order (after its paragraph would be too
        late). An old unlabelled stk. 1 stays in the section's paragraph; the others are
        paragraphs of their own, split off in front of it with deleted paragraph marks."""
        if not (self.old_gone(p) or p.eid in self.moved_from):
            return None
        section = self.old.section_of(p.parent)
        at = landmarks.get(section) if section is not None else None
        if at is None or len(blocks[at][0]) < 2 or blocks[at][0][0].kind != "section":
            return None
        first = self.new.pair(blocks[at][0][1])
        later = self.old.eid_of(first) if first is not None and first.old else None
        if later not in landmarks or self.old.index[p.eid] >= self.old.index[later]:
            return None  # (a stk. 1 moved here is no landmark: it is not here when rejected)
        return blocks[at][0][0].eid

    def inside_move(self, p: Provision) -> bool:
        """An old provision below one shown as moved."""
        eid = p.parent
        while eid is not None:
            if eid in self.moved_from:
                return True
            anc = self.old.by_eid.get(eid)
            eid = anc.parent if anc else None
        return False

    def label_runs(self, p: Provision, fmt: Fmt) -> list[etree._Element]:
        """The label, as a tracked change when the number changed. A moved provision's old
        label is at its old place: here the label is new (changed) or moved (the same)."""
        pr = self.new.pair(p)
        old_eid = self.old.eid_of(pr) if pr is not None and pr.old else None
        old_p = self.old.by_eid.get(old_eid) if old_eid else None
        if p.eid in self.moves and old_p is not None:
            if not p.label:
                return []
            if old_p.label == p.label:
                return [run(p.label, fmt), run(" ")]
            return [self.rev.ins(run(p.label + " ", fmt))]
        if pr is not None and pr.old is None and p.label:  # an added provision's label
            return [self.rev.ins(run(p.label + " ", fmt))]
        if old_p is not None and p.label and self.old.pair(old_p) is not pr:
            # another part of a split: the old label is shown once, at its main part
            return [self.rev.ins(run(p.label + " ", fmt))]
        if old_p is not None and old_p.num != p.num and (old_p.label or p.label):
            runs: list[etree._Element] = []
            if old_p.label:
                runs.append(self.rev.delete(run(old_p.label + " ", fmt, deleted=True)))
            if p.label:
                runs.append(self.rev.ins(run(p.label + " ", fmt)))
            return runs
        return [run(p.label, fmt), run(" ")] if p.label else []

    def text_runs(self, p: Provision, text: str) -> tuple[list[etree._Element], bool]:
        ops, covers = self.text_ops(p, text)
        if ops is None:
            return ([run(text)] if text else []), False
        if p.eid in self.moves:  # the deleted words are in the old wording, at the old place
            ops = tuple(op for op in ops if op[0] >= 0)
        return self.rev.ops(ops), covers

    def moved_old_text(self, old_p: Provision) -> str:
        """The old wording of a moved provision, as its new place's diff has it (the words a
        rejected move puts back; the same as ``old_p.text`` unless the diff holds children)."""
        new_p = self.new.by_eid[self.moved_from[old_p.eid]]
        ops, _ = self.text_ops(new_p, new_p.text)
        return _reconstruct(ops, False) if ops is not None else old_p.text

    def new_block(self, members: list[Provision]) -> tuple[etree._Element, set[str]]:
        """One paragraph for a new provision (a section with its stk. 1); returns the eIds
        whose children are already included. Old provisions that stood right after the
        section's label (``lead_of``) may split paragraphs off in front: ``self.before``."""
        runs: list[etree._Element] = []
        covered: set[str] = set()
        head = members[0]
        indent = _INDENT.get(head.kind, 0)
        style = ""
        align = ""
        if head.kind in ("chapter", "annex"):
            moved = head.eid in self.moves
            runs.extend(self.label_runs(head, BOLD))
            if head.heading:
                runs.append(run("\n"))
                ops, _ = self.text_ops(head, head.heading, "heading")
                if ops is not None and moved:  # the old heading is at the old place
                    ops = tuple(op for op in ops if op[0] >= 0)
                runs.extend(
                    self.rev.ops(ops, BOLD) if ops is not None else [run(head.heading, BOLD)]
                )
            if head.text:
                runs.append(run("\n" + head.text))
            if moved:
                runs = self.rev.moved("moveTo", self.move_names[head.eid], runs)
            mark = self.rev.mark("moveTo") if moved else None
            return paragraph(runs, align="center", keep_next=True, mark=mark), covered
        if head.kind == "heading":
            text = head.heading or head.text
            hp = self.headings.get(head.eid)
            if hp is not None:
                runs = (
                    self.rev.ops(hp.ops, ITALIC) if hp.status == "changed" else [run(text, ITALIC)]
                )
                return paragraph(runs, align="center", keep_next=True), covered
            return (
                paragraph(
                    [self.rev.ins(run(text, ITALIC))],
                    align="center",
                    keep_next=True,
                    mark=self.rev.mark("ins"),
                ),
                covered,
            )
        if self.is_prose(self.new, head):
            return self.unpaired_block(head), covered
        for m in members:
            member: list[etree._Element] = self.label_runs(m, _label_fmt(m.kind))
            if m.heading:
                member.append(run(m.heading + " ", ITALIC if m.kind == "section" else BOLD))
            split = False
            for k, lead in enumerate(self.lead_deletions.get(m.eid, [])):
                if k == 0 and not lead.label:  # the old stk. 1: in the section's paragraph
                    member.extend(self.old_runs(lead))
                    continue
                # the old paragraphs in between end in paragraph marks the new version does
                # not have: deleted, so accepting joins them to this paragraph again
                self.before.append(
                    paragraph(runs + member, indent=indent, mark=self.rev.mark("del"))
                )
                runs, member, indent, split = (
                    [],
                    self.old_runs(lead),
                    _INDENT.get(lead.kind, 0),
                    True,
                )
            if split:
                self.before.append(paragraph(member, indent=indent, mark=self.rev.mark("del")))
                member, indent = [], _INDENT.get(head.kind, 0)
            text_runs, covers = self.text_runs(m, m.text)
            member.extend(text_runs)
            if covers:
                covered.add(m.eid)
            if m.eid in self.moves and member:
                member = self.rev.moved("moveTo", self.move_names[m.eid], member)
            runs.extend(member)
        # a paragraph that is all new (inserted or moved here) is itself new: rejecting the
        # changes removes it, not just empties it
        kinds = {w(t) for t in ("ins", "moveTo", "moveToRangeStart", "moveToRangeEnd")}
        mark = None
        if runs and all(r.tag in kinds for r in runs):
            mark = self.rev.mark("moveTo" if head.eid in self.moves else "ins")
        return paragraph(runs, style=style, align=align, indent=indent, mark=mark), covered

    def unpaired_block(self, p: Provision) -> etree._Element:
        """Title, preamble, signature, unnumbered text: diffed against the old provision of
        the same kind and rank (``prose_match``), or inserted when there is none."""
        label = [run(p.label + " ")] if p.label else []
        text = " ".join(x for x in (p.heading, p.text) if x)
        old_eid = self.prose_match.get(p.eid)
        old_p = self.old.by_eid.get(old_eid) if old_eid else None
        mark = None
        if old_p is not None:
            from lovdiff.textdiff import word_diff

            old_text = " ".join(x for x in (old_p.heading, old_p.text) if x)
            runs = [*label, *self.rev.ops(word_diff(old_text, text))]
        else:
            runs = [self.rev.ins(*label, run(text))]
            mark = self.rev.mark("ins")
        if p.kind == "title":
            return paragraph(runs, style="Titel", align="center", mark=mark)
        return paragraph(runs, mark=mark)

    def old_runs(self, m: Provision) -> list[etree._Element]:
        """Label, heading and text of old ``m``: deleted, or the old end of its move."""
        fmt = BOLD if m.kind in ("section", "chapter", "annex") else _label_fmt(m.kind)
        moved_to = self.moved_from.get(m.eid)
        body = self.moved_old_text(m) if moved_to else m.text
        parts = [m.label, m.heading, body]
        if not any(parts):
            return []
        # a chapter or annex has its label, heading and text on lines of their own, as at
        # the new side and in Lovtidende (read back, "Bilag 1 Rammer …" is no annex)
        sep = "\n" if m.kind in ("chapter", "annex") else " "
        pieces = [(m.label + sep, fmt)] if m.label else []
        text = sep.join(x for x in parts[1:] if x)
        if text:
            pieces.append((text + " ", PLAIN))
        if moved_to:
            moved = [run(t, f) for t, f in pieces]
            return self.rev.moved("moveFrom", self.move_names[moved_to], moved)
        return [self.rev.delete(run(t, f, deleted=True)) for t, f in pieces]

    def old_block(self, members: list[Provision]) -> etree._Element:
        """One paragraph of old provisions that are not in the new version where they stood:
        dropped ones as deletions, moved ones as the old end of a Word move."""
        runs: list[etree._Element] = []
        head = members[0]
        for m in members:
            runs.extend(self.old_runs(m))
        align = "center" if head.kind in ("chapter", "annex", "heading") else ""
        kind = "moveFrom" if head.eid in self.moved_from else "del"
        return paragraph(
            runs, indent=_INDENT.get(head.kind, 0), align=align, mark=self.rev.mark(kind)
        )

    def build(self) -> list[etree._Element]:
        # New blocks in order, each remembering the new eIds it holds.
        blocks: list[tuple[list[Provision], bool]] = []  # (members, is_old_deleted)
        consumed: set[str] = set()
        for p in self.c.new.provisions:
            if p.eid in consumed:
                continue
            members = _block_provisions(self.new, p)
            consumed.update(m.eid for m in members)
            blocks.append((members, False))
        # Where old deleted provisions go: after the block holding the new partner of their
        # nearest preceding old provision that has one.
        pos_of_new: dict[str, int] = {}
        section_end: dict[str, int] = {}  # last block of each new section
        block_section: list[str | None] = []
        for i, (members, _) in enumerate(blocks):
            for m in members:
                pos_of_new[m.eid] = i
            sec = self.new.section_of(members[0].eid)
            block_section.append(sec)
            if sec is not None:
                section_end[sec] = i
        inserts: dict[int, list[list[Provision]]] = {}
        landmarks = self.landmarks(pos_of_new)
        anchor = -1
        redirect = (-2, -2)
        old_consumed: set[str] = set()
        for p in self.c.old.provisions:
            if p.eid in old_consumed:
                continue
            lead = self.lead_of(p, landmarks, blocks)
            if lead is not None:  # a dropped or moved stk. 1 stays after its section's label
                self.lead_deletions.setdefault(lead, []).append(p)
                old_consumed.add(p.eid)
                continue
            if self.old_gone(p) or p.eid in self.moved_from:
                members = [
                    m
                    for m in _block_provisions(self.old, p)
                    if self.old_gone(m) or m.eid in self.moved_from
                ]
                old_consumed.update(m.eid for m in members)
                at = anchor
                if members[0].kind in _TOP_KINDS and 0 <= at < len(blocks):
                    # a dropped section or chapter never splits a new section's paragraphs;
                    # its dropped stk./nr. that follow go with it
                    sec = block_section[at]
                    at = section_end.get(sec, at) if sec is not None else at
                    redirect = (anchor, at)
                elif redirect[0] == anchor:
                    at = redirect[1]
                inserts.setdefault(at, []).append(members)
                continue
            anchor = landmarks.get(p.eid, anchor)
        out: list[etree._Element] = []
        for group in inserts.get(-1, []):
            out.append(self.old_block(group))
        covered: set[str] = set()
        for i, (members, _) in enumerate(blocks):
            head = members[0]
            if head.parent is not None and head.parent in covered:
                covered.add(head.eid)
            else:
                self.before = []
                para, cov = self.new_block(members)
                out.extend(self.before)
                if head.kind == "title" or len(para) > 0:
                    out.append(para)
                covered |= cov
            for group in inserts.get(i, []):
                out.append(self.old_block(group))
        return out


def redline_docx(c: Comparison, *, now: datetime | None = None) -> bytes:
    """The new version with the changes as Word tracked changes (see the module docstring).

    ``now`` is the revision date (default: ``ooxml.build_time``: now, or
    ``SOURCE_DATE_EPOCH`` where that is set).
    """
    when = now or build_time()
    doc = Doc(
        title=c.new.info.title or "Udkast",
        landscape=False,
        created=when,
        track_revisions=True,
        description=(
            f"Ændringsmarkering: {describe(c.new.info)} sammenholdt med "
            f"{describe(c.old.info).rstrip('.')}. Ændringerne er registrerede ændringer "
            f"(forfatter »{AUTHOR}«) og kan accepteres eller afvises i Word."
        ),
    )
    red = _Redliner(c, when)
    body = red.build()
    doc.add(*body)
    if not body:
        doc.add(paragraph())
    return doc.package()
