"""Align two versions of an order provision by provision (``lovdiff diff``).

Content decides, numbers only break ties. The engine works bottom-up:

1. **Subsections** (each with its items' text) are matched across the whole documents by a
   list of strategies, each a small function that only adds links for units still unlinked:
   ``match_exact`` (equal words after normalisation and term canonicalisation; duplicates
   are paired in order), ``match_neighbours`` (a free unit next to a linked one and the
   free unit next to its partner, when alike enough: the runs of edited provisions that
   kept their place), ``match_content`` (candidates from an inverted index of rare words,
   at most ``MAX_CANDIDATES`` per unit plus the partners of its neighbours, scored by an
   idf-weighted Dice coefficient with a small bonus for keeping order, accepted greedily),
   ``match_partial`` (a unit whose words are mostly contained in an already linked unit on the
   other side: merges and splits) and ``match_number`` (same number under linked parents, with
   a low similarity floor: the tie-breaker).
2. **Sections** are derived from the words their subsections share. A section pair whose
   first subsections are linked is the primary one (stk. 1 carries a section's main rule);
   other pairs that carry at least ``SHARE_FLOOR`` of either side's words become merges or
   splits in the same ``group``.
3. **Items** are matched like subsections, with a bonus when their subsections are linked.
4. **Chapters** are derived from their sections; annexes (``bilag``) are matched on their
   whole text and reported at chapter level, since they are top-level divisions too.

Systematic term replacements (``lovdiff.terms``) are detected from a first pass and the
alignment is then redone with old words rewritten to the new terms, so ``borgeren`` ->
``personen`` does not lower similarity. Every step is near-linear: hashing, an inverted index
with bounded candidates, greedy acceptance over a bounded edge list; no all-pairs assignment.

Texts in pairs: chapters carry their heading; sections, subsections and items carry the
text of their whole subtree (a section's text is all its subsections, items with their
labels), normalised with ``textdiff.normalise``. ``renumbered`` means the citation changed
(``§ 26, stk. 2`` -> ``§ 16, stk. 2``); ``moved`` means the provision now sits under a parent
that is not its old parent's primary partner, or is out of order among its siblings;
``editorial`` means the pair differs (in text or number) only by renumbering, renumbered
references and the detected term replacements. ``similarity`` is
``textdiff.similarity``: twice the longest common subsequence of the normalised words over
the words on both sides (the shown diff, semantically cleaned up, may keep fewer); a
chapter's is that of its whole text, not of its heading alone.
``method`` says how a pair was found: ``exact``, ``content``, ``number`` (same number under
linked parents, the tie-breaker), ``merge``/``split`` (one side also took text from or gave
text to another provision; such pairs share a ``group``), ``none`` (added or deleted).

Findings: the new version's own findings (numbering, dangling references, unplaced text),
then ``stale-reference`` findings: a citation in the new text of a section number whose old
section now has another number, where the new number does not exist, or where the same
citation stood in the old text and does not correspond to the renumbering.

Pairs are ordered in new-document order; a deleted provision follows the partner (and that
partner's subtree) of its nearest old predecessor of the same level that has one, and the
children of a deleted provision follow it.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from operator import itemgetter, mul

from lovdiff.models import (
    Comparison,
    DiffOp,
    Document,
    Finding,
    Pair,
    PairLevel,
    Provision,
    TermChange,
)
from lovdiff.terms import (
    EMPTY,
    Renumbering,
    TermMap,
    canonical_words,
    cited_sections,
    count_term_changes,
    detect_term_changes,
    is_editorial,
)
from lovdiff.textdiff import (
    lcs_length,
    normalise,
    same_wording,
    shared_count,
    similarity,
    word_diff,
    word_similarity,
    words,
)

MAX_CANDIDATES = 8
"""Candidates per unit taken from the inverted index (plus neighbours' partners)."""
MAX_INDEX_WORDS = 12
"""Rarest words of a unit looked up in the inverted index."""
CONTENT_FLOOR = 0.5
"""Weighted Dice a content link needs ..."""
SURE_FLOOR = 0.75
"""Content links this similar are accepted in a first round, before the order bonus counts."""
CONTAINED_FLOOR = 0.7
"""... or this share of the smaller side's words found, in order, in the larger side ..."""
CONTAINED_DICE = 0.3
"""... together with at least this weighted Dice."""
PARTIAL_FLOOR = 0.7
"""Share of a unit's words found, in order, in a linked unit for a merge/split link."""
RESIDUAL_FLOOR = 0.5
"""Share of its words a merged/split unit must find outside what the partners explain."""
PARTIAL_MIN_WORDS = 5
"""Units shorter than this never join a merge or split."""
NUMBER_FLOOR = 0.3
"""Weighted Dice that a same-number pair under linked parents needs."""
ORDER_BONUS = 0.05
"""Added to a candidate whose neighbour units are linked to its neighbours."""
SHARE_FLOOR = 0.3
"""Share of a section's (chapter's) words that must flow to a partner for a pair."""
MIN_FLOW = 3
"""Fewest shared words for a derived section or chapter pair."""


# --------------------------------------------------------------------------- units


NO_BAG: Counter[str] = Counter()
"""The bag of a unit compared by its words only (sections, placeholders): one shared empty
Counter, never changed (bags are only read; a residual is a copy)."""


@dataclass
class Unit:
    """A provision as the aligner sees it."""

    pos: int
    """Index in ``Document.provisions``."""
    prov: Provision
    level: PairLevel
    text: str
    """Normalised text shown in the pair (subtree text; heading for chapters)."""
    words: list[str]
    """Lower-cased words used for matching (old side: canonicalised through term changes)."""
    parent: int | None = None
    """Index (in the unit list of the level above) of the enclosing unit."""
    end: int = 0
    """Index in ``Document.provisions`` of the last provision of the subtree."""
    first: bool = False
    """A section's first subsection (stk. 1)."""
    bag: Counter[str] = field(default_factory=lambda: NO_BAG)
    body: str = ""
    """Normalised text of the whole subtree (differs from ``text`` for chapters)."""
    raw: list[str] = field(default_factory=list)
    """Lower-cased words of ``text`` before canonicalisation."""
    body_words: list[str] = field(default_factory=list)
    """Lower-cased words of ``body`` (set for chapters, whose ``text`` is their heading)."""
    stub: bool = False
    """A repealed provision's placeholder ("(Ophævet)."): matched by its number, since it has
    no words of its own (``_repealed_by_number``)."""

    @property
    def key(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Link:
    """A correspondence between unit ``old`` and unit ``new`` (indices in their lists)."""

    old: int
    new: int
    method: str
    score: float


@dataclass
class LevelContext:
    """What a strategy sees: the units of one level on both sides and the links so far."""

    old: list[Unit]
    new: list[Unit]
    links: list[Link]
    weight: dict[str, float]
    parents: dict[int, int] = field(default_factory=dict)
    """Primary links of the level above: old parent index -> new parent index."""
    parent_bonus: float = 0.0
    """Added to a candidate whose parents are linked (items)."""
    max_candidates: int = MAX_CANDIDATES
    """Candidates per unit from the inverted index (fewer in the quick first pass)."""

    def linked_old(self) -> set[int]:
        return {lk.old for lk in self.links}

    def linked_new(self) -> set[int]:
        return {lk.new for lk in self.links}

    _wsums: dict[int, float] = field(default_factory=dict)
    _lcs: dict[tuple[int, int], float] = field(default_factory=dict)

    def wsum(self, bag: Counter[str]) -> float:
        key = id(bag)
        got = self._wsums.get(key)
        if got is None:
            weights = map(self.weight.get, bag.keys(), repeat(1.0))
            got = self._wsums[key] = sum(map(mul, bag.values(), weights))
        return got

    _common: dict[tuple[int, int], float] = field(default_factory=dict)

    def common(self, a: Counter[str], b: Counter[str]) -> float:
        """Weighted size of the words two bags share (cached: strategies ask again)."""
        key = (id(a), id(b))
        got = self._common.get(key)
        if got is None:
            small, big = (a, b) if len(a) <= len(b) else (b, a)
            weight = self.weight
            got = 0.0
            for w, c in small.items():
                other = big.get(w)
                if other:
                    got += (c if c < other else other) * weight.get(w, 1.0)
            self._common[key] = got
        return got

    def dice(self, u: Unit, v: Unit) -> float:
        total = self.wsum(u.bag) + self.wsum(v.bag)
        return 2 * self.common(u.bag, v.bag) / total if total else 0.0

    def contained(self, u: Unit, v: Unit) -> float:
        """Share of ``u``'s (weighted) words found in ``v``, in any order (cheap)."""
        total = self.wsum(u.bag)
        return self.common(u.bag, v.bag) / total if total else 0.0

    def contained_in_order(self, u: Unit, v: Unit) -> float:
        """Share of ``u``'s words found in ``v`` in the same order (longest common subsequence)."""
        if not u.words:
            return 0.0
        key = (id(u), id(v))
        got = self._lcs.get(key)
        if got is None:
            got = self._lcs[key] = lcs_length(u.words, v.words) / len(u.words)
        return got


Strategy = Callable[[LevelContext], list[Link]]


def match_exact(ctx: LevelContext) -> list[Link]:
    """Units with the same words; duplicates on both sides are paired in document order."""
    done_o, done_n = ctx.linked_old(), ctx.linked_new()
    by_key_old: dict[str, list[int]] = defaultdict(list)
    by_key_new: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(ctx.old):
        if u.words and i not in done_o:
            by_key_old[u.key].append(i)
    for j, v in enumerate(ctx.new):
        if v.words and j not in done_n:
            by_key_new[v.key].append(j)
    out: list[Link] = []
    for key, olds in by_key_old.items():
        news = by_key_new.get(key)
        if news and len(news) == len(olds):
            out.extend(Link(i, j, "exact", 1.0) for i, j in zip(olds, news, strict=True))
    return out


def _top(acc: dict[int, float], k: int) -> list[int]:
    """The ``k`` keys of ``acc`` with the highest scores, ties to the lower key, best first:
    ``heapq.nlargest(k, acc, key=lambda i: (acc[i], -i))`` without a Python key function
    (the k-th best score first, then C-level sorts of the keys that reach it)."""
    if k <= 0:
        return []
    if len(acc) > k:  # only the keys scoring at least the k-th best score can be chosen
        least = heapq.nlargest(k, acc.values())[-1]
        items = sorted((i, s) for i, s in acc.items() if s >= least)
    else:
        items = sorted(acc.items())
    items.sort(key=itemgetter(1), reverse=True)  # stable: equal scores keep ascending keys
    return [i for i, _score in items[:k]]


def _by_rarity(bag: Counter[str], weight: dict[str, float]) -> list[str]:
    """The bag's words, rarest (highest weight) first; ties keep the bag's order."""
    if bag.keys() <= weight.keys():
        return sorted(bag, key=weight.__getitem__, reverse=True)
    return sorted(bag, key=lambda w: -weight.get(w, 1.0))


def _candidates(ctx: LevelContext, done_o: set[int]) -> dict[int, set[int]]:
    """For each unlinked new unit, the unlinked old units worth scoring (bounded)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(ctx.old):
        if i not in done_o:
            for w in u.bag:
                postings[w].append(i)
    n_units = len(ctx.old) + len(ctx.new)
    max_df = max(8, int(2 * math.sqrt(n_units)))
    partner_o = {lk.new: lk.old for lk in ctx.links}
    out: dict[int, set[int]] = {}
    done_n = ctx.linked_new()
    for j, v in enumerate(ctx.new):
        if j in done_n or not v.bag:
            continue
        acc: dict[int, float] = defaultdict(float)
        rare = _by_rarity(v.bag, ctx.weight)
        used = 0
        for w in rare:
            plist = postings.get(w)
            if not plist:
                continue
            if (len(plist) > max_df and used >= 3) or used >= MAX_INDEX_WORDS:
                break
            if len(plist) > 4 * max_df:
                continue
            used += 1
            wt = ctx.weight.get(w, 1.0)
            for i in plist:
                acc[i] += wt
        cands = set(_top(acc, ctx.max_candidates))
        for dj in (-1, 1):  # where the partners of the neighbours point
            near = partner_o.get(j + dj)
            if near is not None:
                for k in (near - dj,):
                    if 0 <= k < len(ctx.old) and k not in done_o:
                        cands.add(k)
        if cands:
            out[j] = cands
    return out


def _order_bonus(ctx: LevelContext, i: int, j: int, pairs: set[tuple[int, int]]) -> float:
    bonus = 0.0
    if (i - 1, j - 1) in pairs or (i + 1, j + 1) in pairs:
        bonus += ORDER_BONUS
    pu, pv = ctx.old[i].parent, ctx.new[j].parent
    if ctx.parent_bonus and pu is not None and ctx.parents.get(pu) == pv:
        bonus += ctx.parent_bonus
    if ctx.old[i].prov.num and ctx.old[i].prov.num == ctx.new[j].prov.num:
        bonus += 0.001  # numbers only break ties
    return bonus


def _acceptable(ctx: LevelContext, u: Unit, v: Unit) -> tuple[bool, float]:
    """Whether a content link is good enough, and its weighted Dice.

    Where the parents are known and not linked to each other, only the Dice route counts:
    a unit that leaves its parent needs real likeness, not shared boilerplate.
    """
    d = ctx.dice(u, v)
    if d >= CONTENT_FLOOR:
        return True, d
    cross_parent = bool(ctx.parents) and ctx.parents.get(u.parent, -1) != v.parent  # type: ignore[arg-type]
    if d >= CONTAINED_DICE and not cross_parent:
        small, big = (u, v) if len(u.words) <= len(v.words) else (v, u)
        if (
            len(small.words) >= PARTIAL_MIN_WORDS
            and ctx.contained_in_order(small, big) >= CONTAINED_FLOOR
        ):
            return True, d
    return False, d


def match_content(ctx: LevelContext) -> list[Link]:
    """Similar units found through rare shared words, accepted greedily, best first."""
    done_o = ctx.linked_old()
    cands = _candidates(ctx, done_o)
    edges: list[tuple[float, float, int, int]] = []
    for j, olds in cands.items():
        for i in olds:
            ok, d = _acceptable(ctx, ctx.old[i], ctx.new[j])
            if ok:
                edges.append((d, d, i, j))
    pairs = {(lk.old, lk.new) for lk in ctx.links}
    out: list[Link] = []
    # two rounds: clear matches first, then the rest, whose order bonus sees those links
    for floor in (SURE_FLOOR, 0.0):
        scored = sorted(
            ((d + _order_bonus(ctx, i, j, pairs), d, i, j) for _s, d, i, j in edges),
            key=lambda e: (-e[0], e[2], e[3]),
        )
        used_o = done_o | {lk.old for lk in out}
        used_n = ctx.linked_new() | {lk.new for lk in out}
        for _score, d, i, j in scored:
            if i in used_o or j in used_n or d < floor:
                continue
            out.append(Link(i, j, "content", round(d, 4)))
            used_o.add(i)
            used_n.add(j)
            pairs.add((i, j))
    return out


def match_neighbours(ctx: LevelContext) -> list[Link]:
    """Runs next to linked units: new unit ``j`` whose neighbour ``j - 1`` is linked to old
    ``i - 1`` (or ``j + 1`` to ``i + 1``) is linked to a free old ``i`` when their weighted
    Dice is at least ``SURE_FLOOR``. Sweeps forward, then backward, so a run of edited
    provisions next to one anchor links in order without an index search (cheap: one score
    per unit). Used in the evidence pass, where most provisions keep their place.

    A free unit next to either one that is more like its would-be partner wins: the pair is
    left to the index search (a provision copied into the next section while its old place
    gets a looser rewrite). A better partner further away is not looked for."""
    partner = {lk.new: lk.old for lk in ctx.links}
    used_o = set(partner.values())
    out: list[Link] = []

    def better_nearby(i: int, j: int, d: float) -> bool:
        rivals_n = [
            jj
            for jj in (j - 1, j + 1)
            if 0 <= jj < len(ctx.new) and jj not in partner and ctx.new[jj].words
        ]
        rivals_o = [
            ii
            for ii in (i - 1, i + 1)
            if 0 <= ii < len(ctx.old) and ii not in used_o and ctx.old[ii].words
        ]
        return any(ctx.dice(ctx.old[i], ctx.new[jj]) > d for jj in rivals_n) or any(
            ctx.dice(ctx.old[ii], ctx.new[j]) > d for ii in rivals_o
        )

    def attempt(j: int, i: int) -> None:
        if 0 <= i < len(ctx.old) and i not in used_o and ctx.old[i].words:
            d = ctx.dice(ctx.old[i], ctx.new[j])
            if d >= SURE_FLOOR and not better_nearby(i, j, d):
                out.append(Link(i, j, "content", round(d, 4)))
                partner[j] = i
                used_o.add(i)

    for j in range(1, len(ctx.new)):
        if j not in partner and (j - 1) in partner and ctx.new[j].words:
            attempt(j, partner[j - 1] + 1)
    for j in range(len(ctx.new) - 2, -1, -1):
        if j not in partner and (j + 1) in partner and ctx.new[j].words:
            attempt(j, partner[j + 1] - 1)
    return out


def match_partial(ctx: LevelContext) -> list[Link]:
    """Merges and splits: an unlinked unit contained in a linked unit opposite.

    The unlinked unit's words must be found in order in the linked unit (``PARTIAL_FLOOR``),
    and mostly among the words its current partners do not already account for
    (``RESIDUAL_FLOOR``): a near-duplicate of the partner is not a merge. Where parents are
    known (items), both parents must be linked.
    """
    out: list[Link] = []
    linked_o, linked_n = ctx.linked_old(), ctx.linked_new()

    def parents_linked(i: int, j: int) -> bool:
        if not ctx.parents:
            return True
        pu, pv = ctx.old[i].parent, ctx.new[j].parent
        return pu is not None and ctx.parents.get(pu) == pv

    # old units merged into a linked new unit
    inverse = LevelContext(
        ctx.new, ctx.old, [Link(lk.new, lk.old, "", 0) for lk in ctx.links], ctx.weight
    )
    for i, j in _partial_candidates(inverse, linked_n, linked_o):
        if parents_linked(i, j):
            out.append(Link(i, j, "merge", round(ctx.dice(ctx.old[i], ctx.new[j]), 4)))
    for j, i in _partial_candidates(ctx, linked_o, linked_n):
        if parents_linked(i, j):
            out.append(Link(i, j, "split", round(ctx.dice(ctx.old[i], ctx.new[j]), 4)))
    return out


def _partial_candidates(
    ctx: LevelContext, linked_old: set[int], linked_new: set[int]
) -> list[tuple[int, int]]:
    """(new j, old i): unlinked new units contained in a linked old unit."""
    # each unlinked unit looks up its eight rarest words: index only those words
    lookups = {
        j: _by_rarity(v.bag, ctx.weight)[:8]
        for j, v in enumerate(ctx.new)
        if j not in linked_new and len(v.words) >= PARTIAL_MIN_WORDS
    }
    if not lookups:
        return []
    needed = set(chain.from_iterable(lookups.values()))
    postings: dict[str, list[int]] = defaultdict(list)
    for i in linked_old:
        for w in needed.intersection(ctx.old[i].bag):
            postings[w].append(i)
    partners: dict[int, list[int]] = defaultdict(list)
    for lk in ctx.links:
        partners[lk.old].append(lk.new)
    out = []
    for j, rare in lookups.items():
        v = ctx.new[j]
        acc: dict[int, float] = defaultdict(float)
        for w in rare:
            plist = postings.get(w, ())
            if len(plist) > 200:
                continue
            wt = ctx.weight.get(w, 1.0)
            for i in plist:
                acc[i] += wt
        best: tuple[float, int] | None = None
        for i in _top(acc, MAX_CANDIDATES):
            c = ctx.contained_in_order(v, ctx.old[i])
            if c < PARTIAL_FLOOR or (best is not None and c <= best[0]):
                continue
            total = ctx.wsum(v.bag)
            rest = _in_residual(ctx, v.bag, ctx.old[i].bag, [ctx.new[p].bag for p in partners[i]])
            in_rest = rest / total if total else 0.0
            if in_rest >= RESIDUAL_FLOOR:  # the partners do not already account for them
                best = (c, i)
        if best is not None:
            out.append((j, best[1]))
    return out


def _in_residual(
    ctx: LevelContext, bag: Counter[str], whole: Counter[str], parts: Sequence[Counter[str]]
) -> float:
    """Weighted size of the words ``bag`` shares with what is left of ``whole`` once its
    ``parts`` are taken away (``ctx.common(bag, whole - parts)``, counting only ``bag``'s
    words instead of building the residual bag)."""
    got = 0.0
    weight = ctx.weight
    for w, c in bag.items():
        left = whole.get(w, 0)
        if left:
            for part in parts:
                left -= part.get(w, 0)
            if left > 0:
                got += (c if c < left else left) * weight.get(w, 1.0)
    return got


def match_number(ctx: LevelContext) -> list[Link]:
    """Unlinked units with the same number under linked parents, if not too different."""
    if not ctx.parents:
        return []
    done_o, done_n = ctx.linked_old(), ctx.linked_new()
    by_slot: dict[tuple[int, str], int] = {}
    for j, v in enumerate(ctx.new):
        if j not in done_n and v.parent is not None:
            by_slot[(v.parent, v.prov.num)] = j
    out = []
    for i, u in enumerate(ctx.old):
        if i in done_o or u.parent is None or u.parent not in ctx.parents:
            continue
        slot = by_slot.get((ctx.parents[u.parent], u.prov.num))
        if slot is None:
            continue
        j = slot
        v = ctx.new[j]
        d = ctx.dice(u, v)
        if d >= NUMBER_FLOOR or _same_opening(u, v) or (not u.words and not v.words) or v.stub:
            out.append(Link(i, j, "number", round(d, 4)))
            done_n.add(j)
    return out


match_number.uses_parents = True  # type: ignore[attr-defined]
match_partial.partial = True  # type: ignore[attr-defined]


def _same_opening(u: Unit, v: Unit, n: int = 3) -> bool:
    """Both texts open with the same ``n`` words (a provision keeps its lead-in)."""
    return len(u.words) >= n and len(v.words) >= n and u.words[:n] == v.words[:n]


DEFAULT_STRATEGIES: tuple[Strategy, ...] = (match_exact, match_content, match_partial, match_number)


def run_strategies(ctx: LevelContext, strategies: Sequence[Strategy]) -> None:
    """Apply each strategy in turn; each sees the links of those before it."""
    for strategy in strategies:
        ctx.links.extend(strategy(ctx))


def rerun_with_parents(ctx: LevelContext, strategies: Sequence[Strategy]) -> None:
    """Run again the strategies that use the parents' links (``uses_parents``)."""
    run_strategies(ctx, [s for s in strategies if getattr(s, "uses_parents", False)])


# --------------------------------------------------------------------------- documents


@dataclass
class DocUnits:
    """A document's units per level."""

    doc: Document
    chapters: list[Unit]
    sections: list[Unit]
    subsections: list[Unit]
    items: list[Unit]
    annexes: list[Unit]
    leaves: list[Unit]
    """Subsections, and sections without subsections (matched at the subsection level)."""


def _build_units(doc: Document) -> DocUnits:
    provs = doc.provisions
    pos = {p.eid: k for k, p in enumerate(provs)}
    kids: dict[str | None, list[int]] = defaultdict(list)
    for k, p in enumerate(provs):
        kids[p.parent if p.parent in pos else None].append(k)

    texts: dict[int, str] = {}
    body_words: dict[int, list[str]] = {}
    ends: dict[int, int] = {}

    def subtree(k: int) -> tuple[str, list[str], int]:
        # iterative post-order to avoid recursion limits on deep documents
        stack = [(k, False)]
        while stack:
            node, expanded = stack.pop()
            if node in texts:
                continue
            if not expanded:
                stack.append((node, True))
                stack.extend((c, False) for c in reversed(kids.get(provs[node].eid, [])))
                continue
            p = provs[node]
            parts = []
            ws: list[str] = []
            own = normalise(p.text) if p.text else ""
            if own:
                parts.append(own)
                ws.extend(words(own))
            end = node
            for c in kids.get(p.eid, []):
                child = provs[c]
                if child.kind in ("item", "litra") and child.label:
                    label = normalise(child.label)
                    parts.append(label)
                    ws.extend(words(label))
                if texts[c]:
                    parts.append(texts[c])
                    ws.extend(body_words[c])
                end = max(end, ends[c])
            # no word spans the joining space: the words of the body are its parts' words
            texts[node] = " ".join(parts)
            body_words[node] = ws
            ends[node] = end
        return texts[k], body_words[k], ends[k]

    def unit(k: int, level: PairLevel, text: str | None = None) -> Unit:
        body, body_ws, end = subtree(k)  # normalised parts joined by one space: normalised
        if text is None:
            t, ws = body, list(body_ws)
        else:
            t = normalise(text)
            ws = words(t)
        return Unit(
            pos=k,
            prov=provs[k],
            level=level,
            text=t,
            words=ws,
            end=end,
            body=body,
            raw=ws,
            body_words=body_ws if text is not None else [],
        )

    chapters: list[Unit] = []
    sections: list[Unit] = []
    subsections: list[Unit] = []
    items: list[Unit] = []
    annexes: list[Unit] = []
    leaves: list[Unit] = []
    unit_of: dict[int, tuple[str, int]] = {}
    for k, p in enumerate(provs):
        if p.kind == "chapter":
            u = unit(k, "chapter", p.heading or p.text)
            chapters.append(u)
            unit_of[k] = ("chapter", len(chapters) - 1)
        elif p.kind == "annex":
            u = unit(k, "chapter")
            annexes.append(u)
        elif p.kind == "section":
            u = unit(k, "section")
            sections.append(u)
            unit_of[k] = ("section", len(sections) - 1)
        elif p.kind == "subsection":
            u = unit(k, "subsection")
            subsections.append(u)
            unit_of[k] = ("subsection", len(subsections) - 1)
        elif p.kind == "item":
            u = unit(k, "item")
            items.append(u)
            unit_of[k] = ("item", len(items) - 1)

    def enclosing(k: int, kind: str) -> int | None:
        eid = provs[k].parent
        while eid is not None and eid in pos:
            a = pos[eid]
            if a in unit_of and unit_of[a][0] == kind:
                return unit_of[a][1]
            eid = provs[a].parent
        return None

    chapter_by_ref = {u.prov.ref: n for n, u in enumerate(chapters)}
    for s in sections:
        s.parent = enclosing(s.pos, "chapter")
        if s.parent is None and s.prov.chapter in chapter_by_ref:
            s.parent = chapter_by_ref[s.prov.chapter]
    first_seen: set[int] = set()
    for u in subsections:
        u.parent = enclosing(u.pos, "section")
        if u.parent is not None and u.parent not in first_seen:
            first_seen.add(u.parent)
            u.first = True
    for u in items:
        u.parent = enclosing(u.pos, "subsection")
    with_subsections = {u.parent for u in subsections}
    for n, s in enumerate(sections):
        if n not in with_subsections:
            leaf = Unit(
                s.pos, s.prov, "section", s.text, s.words, n, s.end, True, body=s.body, raw=s.raw
            )
            leaves.append(leaf)
    leaves.extend(subsections)
    leaves.sort(key=lambda u: u.pos)
    for u in chain(sections, leaves):
        u.stub = bool(_REPEALED.fullmatch(u.text))
    return DocUnits(doc, chapters, sections, subsections, items, annexes, leaves)


_REPEALED = re.compile(r"\(?(?:ophævet|udgået|udgår)\)?\.?", re.IGNORECASE)
"""The text of a repealed provision kept for its number: "(Ophævet).", "(Udgået)"."""
_SECTION_RANGE = re.compile(
    r"§§\s*(?P<first>\d+)(?:\s?(?P<a>[a-z]))?\s*[-–]\s*(?P<last>\d+)(?:\s?(?P<b>[a-z]))?$"
)


def _section_numbers(ref: str) -> list[str]:
    """The section numbers a section ref covers: "§ 7" -> 7; a repealed range "§§ 26-29" ->
    26 … 29, "§§ 5 a-5 d" -> 5 a … 5 d."""
    m = _SECTION_RANGE.match(ref)
    if not m:
        return [ref.removeprefix("§").strip()]
    first, last, a, b = int(m["first"]), int(m["last"]), m["a"], m["b"]
    if first == last and a and b and a <= b:
        return [f"{first} {chr(c)}" for c in range(ord(a), ord(b) + 1)]
    if not a and not b and first < last <= first + 200:
        return [str(n) for n in range(first, last + 1)]
    return [f"{first} {a}" if a else str(first), f"{last} {b}" if b else str(last)]


def _in_range(old_ref: str, new_ref: str) -> bool:
    """``new_ref`` is ``old_ref`` with a repealed range narrowed to one of its numbers
    ("§§ 5 a-5 d" -> "§ 5 d", "§§ 5 a-5 d, stk. 1" -> "§ 5 d, stk. 1"): no renumbering."""
    head_o, _, rest_o = old_ref.partition(", ")
    head_n, _, rest_n = new_ref.partition(", ")
    return (
        head_o.startswith("§§")
        and rest_o == rest_n
        and head_n.removeprefix("§").strip() in _section_numbers(head_o)
    )


def _repealed_by_number(old: list[Unit], new: list[Unit], links: Sequence[Link]) -> list[Link]:
    """A provision repealed in the new version keeps its number as a placeholder ("§ 7.
    (Ophævet)."), which has no words to be matched by. The placeholders in a run of unlinked
    new sections pair with the free old sections between the linked sections around the run:
    in order where there are as many of each (the whole order renumbered around them), else by
    number (a repealed range "§§ 5 a-5 d" covers each of its numbers). A repealed number given
    new text is a new provision, so only placeholders are paired this way."""
    partner = {lk.new: lk.old for lk in links if lk.method not in ("merge", "split")}
    linked_o = {lk.old for lk in links}
    linked_n = {lk.new for lk in links}
    out: list[Link] = []
    j = 0
    while j < len(new):
        if j in linked_n:
            j += 1
            continue
        run_end = j
        while run_end < len(new) and run_end not in linked_n:
            run_end += 1
        stubs = [k for k in range(j, run_end) if new[k].stub]
        lo = partner.get(j - 1, -1)
        hi = partner.get(run_end, len(old))
        span = range(lo + 1, hi) if lo < hi else range(len(old))
        free = [i for i in span if i not in linked_o]
        if stubs and len(free) == len(stubs):
            chosen = list(zip(free, stubs, strict=True))
        else:
            chosen = []
            by_num: dict[str, int] = {}
            for i in free:
                for num in _section_numbers(old[i].prov.ref):
                    by_num.setdefault(num, i)
            taken: set[int] = set()
            for k in stubs:
                for num in _section_numbers(new[k].prov.ref):
                    same = by_num.get(num)
                    if same is not None and same not in taken:
                        chosen.append((same, k))
                        taken.add(same)
                        break
        for i, k in chosen:
            out.append(Link(i, k, "number", 1.0 if old[i].stub else 0.0))
            linked_o.add(i)
        j = run_end
    return out


def _idf(*unit_lists: Sequence[Unit]) -> dict[str, float]:
    """Inverse document frequency of each word over the units (a unit's distinct words)."""
    units = [u for lst in unit_lists for u in lst]
    n = len(units)
    df = Counter(chain.from_iterable(u.bag.keys() if u.bag else set(u.words) for u in units))
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


def _set_words(
    units: Iterable[Unit], terms: TermMap, *, canonical: bool, bags: bool = True
) -> None:
    """Set each unit's matching words and bag: its raw words, or (``canonical``) its raw
    words rewritten through ``terms``. Without ``bags`` (sections: only their words are
    compared) no bag is built."""
    touched = set(terms.words) | {p[0] for p in terms.phrases}
    for u in units:
        if u.stub:  # matched by number only
            u.words, u.bag = [], NO_BAG
            continue
        rewrite = canonical and not touched.isdisjoint(u.raw)
        ws = canonical_words(u.raw, terms) if rewrite else u.raw
        if ws is u.words and (u.bag or not bags or not ws):
            continue  # set already (untouched by the terms): keep the bag built before
        u.words = ws
        u.bag = Counter(ws) if bags else NO_BAG


def _match_level(
    old: list[Unit],
    new: list[Unit],
    strategies: Sequence[Strategy],
    *,
    parents: dict[int, int] | None = None,
    parent_bonus: float = 0.0,
) -> LevelContext:
    ctx = LevelContext(old, new, [], _idf(old, new), parents or {}, parent_bonus)
    run_strategies(ctx, strategies)
    return ctx


# --------------------------------------------------------------------------- derived levels


def _flows(
    links: Sequence[Link], old: Sequence[Unit], new: Sequence[Unit]
) -> dict[tuple[int, int], float]:
    """Shared words between parent units, summed over the links of their children."""
    flow: dict[tuple[int, int], float] = defaultdict(float)
    for lk in links:
        u, v = old[lk.old], new[lk.new]
        if u.parent is None or v.parent is None:
            continue
        flow[(u.parent, v.parent)] += shared_count(u.words, v.words)
    return flow


def _derive(
    flow: dict[tuple[int, int], float],
    old: Sequence[Unit],
    new: Sequence[Unit],
    firsts: set[tuple[int, int]],
) -> list[Link]:
    """Parent-level links from child flows: primary pairs first, then merges and splits."""
    size_o = [max(1, len(u.words)) for u in old]
    size_n = [max(1, len(v.words)) for v in new]
    edges = []
    for (i, j), w in flow.items():
        share = max(w / size_o[i], w / size_n[j])
        if (w >= MIN_FLOW and share >= SHARE_FLOOR) or (i, j) in firsts:
            edges.append(((i, j) in firsts, w, i, j))
    edges.sort(key=lambda e: (not e[0], -e[1], e[2], e[3]))
    links: list[Link] = []
    used_o: set[int] = set()
    used_n: set[int] = set()
    rest = []
    for _first, w, i, j in edges:
        if i in used_o or j in used_n:
            rest.append((w, i, j))
            continue
        exact = old[i].body == new[j].body
        links.append(Link(i, j, "exact" if exact else "content", _share(w, size_o[i], size_n[j])))
        used_o.add(i)
        used_n.add(j)
    for w, i, j in rest:
        method = "merge" if j in used_n else "split"
        links.append(Link(i, j, method, _share(w, size_o[i], size_n[j])))
    return links


def _share(w: float, a: int, b: int) -> float:
    return round(min(1.0, 2 * w / (a + b)), 4)


def _primary(links: Sequence[Link]) -> dict[int, int]:
    """old -> new for links that are not merges or splits (first one wins)."""
    out: dict[int, int] = {}
    taken: set[int] = set()
    for lk in links:
        if lk.method in ("merge", "split"):
            continue
        if lk.old not in out and lk.new not in taken:
            out[lk.old] = lk.new
            taken.add(lk.new)
    return out


# --------------------------------------------------------------------------- compare


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: aligning allocates many small objects but frees
    them by reference counting, and the collector's passes over the growing heap cost about
    a tenth of the time. Its state is restored afterwards, and it then collects as usual.
    (Handing the survivors straight to the oldest generation with freeze/unfreeze would be
    cheaper still, but it moves every object of the process, so other code's garbage cycles
    would never be collected.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _with_neighbours(strategies: Sequence[Strategy]) -> list[Strategy]:
    """``strategies`` with ``match_neighbours`` right after ``match_exact``: the runs next to
    exact anchors are linked by one score each before the index search, which then scores
    only what moved or was rewritten (a sixth fewer instructions aligning an order of 1,000
    sections; and an index search among many near-twin provisions links more of them
    wrongly than the neighbours do)."""
    out = list(strategies)
    if match_exact in out and match_neighbours not in out:
        out.insert(out.index(match_exact) + 1, match_neighbours)
    return out


def compare(
    old: Document, new: Document, *, strategies: Sequence[Strategy] = DEFAULT_STRATEGIES
) -> Comparison:
    """Align ``old`` and ``new`` at chapter, section, subsection and item level."""
    with _no_cyclic_gc():
        return _compare(old, new, strategies)


def _compare(old: Document, new: Document, strategies: Sequence[Strategy]) -> Comparison:
    uo, un = _build_units(old), _build_units(new)
    all_o = (uo.leaves, uo.sections, uo.items, uo.chapters, uo.annexes)
    all_n = (un.leaves, un.sections, un.items, un.chapters, un.annexes)
    for lst in all_o + all_n:  # sections are compared through their children: no bags
        _set_words(
            lst, EMPTY, canonical=False, bags=lst is not uo.sections and lst is not un.sections
        )

    # pass 1: raw words, to find the systematic term replacements (subsections carry their
    # items' text; one-to-one strategies only, few candidates: this pass only gathers evidence)
    one_to_one = _with_neighbours([s for s in strategies if not getattr(s, "partial", False)])
    first = LevelContext(uo.leaves, un.leaves, [], _idf(uo.leaves, un.leaves), max_candidates=3)
    run_strategies(first, one_to_one)
    evidence = [(uo.leaves[lk.old].text, un.leaves[lk.new].text) for lk in first.links]
    old_all = " ".join(u.text for u in uo.leaves)
    new_all = " ".join(u.text for u in un.leaves)
    term_changes, terms = detect_term_changes(
        evidence,
        old_all,
        new_all,
        old_words=list(chain.from_iterable(u.raw for u in uo.leaves)),
        new_words=list(chain.from_iterable(u.raw for u in un.leaves)),
    )

    # pass 2: old words rewritten to the new terms
    if terms:
        for lst in all_o:
            _set_words(lst, terms, canonical=True, bags=lst is not uo.sections)
    leaves = _match_level(uo.leaves, un.leaves, _with_neighbours(strategies))
    if term_changes:
        # count the replacements over the final alignment
        final = [(uo.leaves[lk.old].text, un.leaves[lk.new].text) for lk in leaves.links]
        term_changes = count_term_changes(final, term_changes)

    sec_links = _section_links(uo, un, leaves.links)
    sec_links += _repealed_by_number(uo.sections, un.sections, sec_links)
    sec_primary = _primary(sec_links)
    # the tie-breaker needs the parents: run the strategies again with them
    leaves.parents = sec_primary
    rerun_with_parents(leaves, strategies)

    sub_primary = _leaf_primary_subsections(uo, un, leaves.links)
    items = _match_level(uo.items, un.items, strategies, parents=sub_primary, parent_bonus=0.1)

    # chapters follow where their sections went (not stray merged subsections)
    primary_secs = [lk for lk in sec_links if lk.method not in ("merge", "split")]
    chap_flow = _flows(primary_secs, uo.sections, un.sections)
    chap_links = _derive(chap_flow, uo.chapters, un.chapters, set())
    chap_ctx = LevelContext(uo.chapters, un.chapters, chap_links, _idf(uo.chapters, un.chapters))
    _chapters_by_number(chap_ctx)
    annex_ctx = _match_level(uo.annexes, un.annexes, strategies)
    _annexes_by_number(annex_ctx)

    sec_map = {uo.sections[i].prov.num: un.sections[j].prov.num for i, j in sec_primary.items()}
    chap_map = {
        uo.chapters[lk.old].prov.num: un.chapters[lk.new].prov.num
        for lk in chap_ctx.links
        if lk.method not in ("merge", "split")
    }
    renumbering = Renumbering(
        {
            units_o[i].prov.ref: units_n[j].prov.ref
            for units_o, units_n, primary in (
                (uo.chapters, un.chapters, _primary(chap_ctx.links)),
                (uo.annexes, un.annexes, _primary(annex_ctx.links)),
                (uo.sections, un.sections, sec_primary),
                (uo.subsections, un.subsections, sub_primary),
                (uo.items, un.items, _primary(items.links)),
            )
            for i, j in primary.items()
        },
        old,
        new,
    )
    builder = _PairBuilder(uo, un, terms, sec_map, chap_map, renumbering)
    builder.children = _section_children(uo, un, leaves.links)
    builder.add(chap_ctx.links, uo.chapters, un.chapters, "chapter", _primary(chap_ctx.links))
    builder.add(annex_ctx.links, uo.annexes, un.annexes, "chapter", {})
    builder.add(sec_links, uo.sections, un.sections, "section", _primary(chap_ctx.links))
    sub_old = [u for u in uo.leaves if u.level == "subsection"]
    sub_new = [u for u in un.leaves if u.level == "subsection"]
    idx_o = {id(u): n for n, u in enumerate(sub_old)}
    idx_n = {id(u): n for n, u in enumerate(sub_new)}
    sub_links = [
        Link(idx_o[id(uo.leaves[lk.old])], idx_n[id(un.leaves[lk.new])], lk.method, lk.score)
        for lk in leaves.links
        if id(uo.leaves[lk.old]) in idx_o and id(un.leaves[lk.new]) in idx_n
    ]
    builder.add(sub_links, sub_old, sub_new, "subsection", sec_primary)
    builder.add(items.links, uo.items, un.items, "item", _subsection_primary(uo, un, sub_links))
    pairs = _editorial_chapters(builder.ordered(), old, new, terms, sec_map, chap_map)

    term_changes = term_changes + updated_references(
        old, new, uo, un, leaves.links, sec_map, chap_map
    )
    stale = stale_references(old, new, uo, un, sec_primary, leaves.links)
    explained = {(f.where, f.span) for f in stale}  # a stale citation also points nowhere
    findings = [
        f
        for f in new.findings
        if f.kind != "dangling-reference" or (f.where, f.span) not in explained
    ]
    findings.extend(stale)
    if pairs and all(p.status == "unchanged" and not (p.renumbered or p.moved) for p in pairs):
        findings.append(
            Finding(
                "note",
                "dokument",
                "De to versioner har de samme bestemmelser med samme ordlyd og nummerering.",
            )
        )
    return Comparison(
        old=old,
        new=new,
        pairs=tuple(pairs),
        term_changes=term_changes,
        findings=tuple(findings),
    )


def _editorial_chapters(
    pairs: list[Pair],
    old: Document,
    new: Document,
    terms: TermMap,
    sec_map: dict[str, str],
    chap_map: dict[str, str],
) -> list[Pair]:
    """A changed chapter is editorial when its heading kept its wording or changed only
    editorially and everything in it stayed in the chapter's partner, unchanged or changed
    editorially (the minister's new title throughout the chapter is no substantive change)."""
    inside_old: dict[str, set[str]] = defaultdict(set)
    inside_new: dict[str, set[str]] = defaultdict(set)
    for doc, inside in ((old, inside_old), (new, inside_new)):
        for prov in doc.provisions:
            if prov.chapter is not None and prov.kind != "chapter":
                inside[prov.chapter].add(prov.eid)
    by_old: dict[str, list[int]] = defaultdict(list)
    by_new: dict[str, list[int]] = defaultdict(list)
    for n, p in enumerate(pairs):
        if p.level != "chapter":
            if p.old_eid is not None:
                by_old[p.old_eid].append(n)
            if p.new_eid is not None:
                by_new[p.new_eid].append(n)
    out = list(pairs)
    for n, c in enumerate(pairs):
        if not (c.level == "chapter" and c.status == "changed" and not c.editorial):
            continue
        if c.old is None or c.new is None or not c.old.startswith("kapitel"):
            continue
        heading_ok = same_wording(c.old_text, c.new_text) or is_editorial(
            c.old_text, c.new_text, terms, sec_map, chap_map, ops=c.diff
        )
        eids_o, eids_n = inside_old[c.old], inside_new[c.new]
        found = {k for e in eids_o for k in by_old.get(e, ())}
        found.update(k for e in eids_n for k in by_new.get(e, ()))
        rows = [pairs[k] for k in found]
        if heading_ok and all(
            p.old_eid in eids_o and p.new_eid in eids_n and (p.status == "unchanged" or p.editorial)
            for p in rows
        ):
            out[n] = replace(c, editorial=True)
    return out


def _section_links(uo: DocUnits, un: DocUnits, leaf_links: Sequence[Link]) -> list[Link]:
    flow = _flows(leaf_links, uo.leaves, un.leaves)
    firsts = {
        (uo.leaves[lk.old].parent, un.leaves[lk.new].parent)
        for lk in leaf_links
        if uo.leaves[lk.old].first
        and un.leaves[lk.new].first
        and lk.method not in ("merge", "split")
    }
    firsts_clean = {(i, j) for i, j in firsts if i is not None and j is not None}
    links = _derive(flow, uo.sections, un.sections, firsts_clean)
    # sections that are leaves themselves, linked as leaves
    return links


@dataclass
class _Children:
    """Subsections of every section (by section position), and the primary leaf links."""

    old: dict[int, list[tuple[int, str]]]
    new: dict[int, list[tuple[int, str]]]
    partner: dict[int, int]


def _section_children(uo: DocUnits, un: DocUnits, leaf_links: Sequence[Link]) -> _Children:
    kids_o: dict[int, list[tuple[int, str]]] = defaultdict(list)
    kids_n: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for i, u in enumerate(uo.leaves):
        if u.level == "subsection" and u.parent is not None and u.text:
            kids_o[uo.sections[u.parent].pos].append((i, u.text))
    for j, v in enumerate(un.leaves):
        if v.level == "subsection" and v.parent is not None and v.text:
            kids_n[un.sections[v.parent].pos].append((j, v.text))
    return _Children(kids_o, kids_n, _primary(leaf_links))


def _structured_diff(
    olds: Sequence[tuple[int, str]], news: Sequence[tuple[int, str]], partner: dict[int, int]
) -> list[DiffOp]:
    """Diff of two sections' texts built from their subsections: linked subsections (in
    order) are diffed with each other, the others are whole deletions or insertions."""
    at_new = {j: k for k, (j, _t) in enumerate(news)}
    links = [
        (ko, at_new[partner[i]]) for ko, (i, _t) in enumerate(olds) if partner.get(i) in at_new
    ]
    keep = _lis([kn for _ko, kn in links])
    kept = [lk for k, lk in enumerate(links) if k in keep]
    ops: list[DiffOp] = []
    started_old = started_new = False

    def sep(old_side: bool, new_side: bool) -> None:
        if old_side and new_side and started_old and started_new:
            ops.append((0, " "))
        else:
            if old_side and started_old:
                ops.append((-1, " "))
            if new_side and started_new:
                ops.append((1, " "))

    po = pn = 0
    for ko, kn in [*kept, (len(olds), len(news))]:
        for _i, text in olds[po:ko]:
            sep(True, False)
            ops.append((-1, text))
            started_old = True
        for _j, text in news[pn:kn]:
            sep(False, True)
            ops.append((1, text))
            started_new = True
        if ko < len(olds):
            sep(True, True)
            ops.extend(word_diff(olds[ko][1], news[kn][1]))
            started_old = started_new = True
        po, pn = ko + 1, kn + 1
    return ops


def _leaf_primary_subsections(uo: DocUnits, un: DocUnits, links: Sequence[Link]) -> dict[int, int]:
    """Primary subsection links as indices into ``DocUnits.subsections`` (for items)."""
    so = {id(u): n for n, u in enumerate(uo.subsections)}
    sn = {id(u): n for n, u in enumerate(un.subsections)}
    out: dict[int, int] = {}
    for lk in links:
        if lk.method in ("merge", "split"):
            continue
        a, b = id(uo.leaves[lk.old]), id(un.leaves[lk.new])
        if a in so and b in sn and so[a] not in out:
            out[so[a]] = sn[b]
    return out


def _subsection_primary(uo: DocUnits, un: DocUnits, sub_links: Sequence[Link]) -> dict[int, int]:
    """Primary links between subsections, as indices into ``DocUnits.subsections``."""
    sub_old = [u for u in uo.leaves if u.level == "subsection"]
    sub_new = [u for u in un.leaves if u.level == "subsection"]
    so = {id(u): n for n, u in enumerate(uo.subsections)}
    sn = {id(u): n for n, u in enumerate(un.subsections)}
    return {
        so[id(sub_old[i])]: sn[id(sub_new[j])]
        for i, j in _primary(sub_links).items()
        if id(sub_old[i]) in so and id(sub_new[j]) in sn
    }


def _chapters_by_number(ctx: LevelContext) -> None:
    """Unlinked chapters with the same number and a similar heading."""
    done_o, done_n = ctx.linked_old(), ctx.linked_new()
    by_num = {v.prov.num: j for j, v in enumerate(ctx.new) if j not in done_n and v.prov.num}
    for i, u in enumerate(ctx.old):
        j = by_num.get(u.prov.num)
        if i in done_o or j is None:
            continue
        if similarity(u.text, ctx.new[j].text) >= 0.5:
            ctx.links.append(Link(i, j, "number", similarity(u.text, ctx.new[j].text)))


def _annexes_by_number(ctx: LevelContext) -> None:
    """Unlinked annexes with the same number and a similar heading or text."""
    done_o, done_n = ctx.linked_old(), ctx.linked_new()
    by_num = {v.prov.num: j for j, v in enumerate(ctx.new) if j not in done_n}
    for i, u in enumerate(ctx.old):
        j = by_num.get(u.prov.num)
        if i in done_o or j is None:
            continue
        heading_sim = similarity(u.prov.heading, ctx.new[j].prov.heading)
        if heading_sim >= 0.5 or ctx.dice(u, ctx.new[j]) >= NUMBER_FLOOR:
            ctx.links.append(Link(i, j, "number", round(ctx.dice(u, ctx.new[j]), 4)))


# --------------------------------------------------------------------------- pairs


def _lis(seq: Sequence[int]) -> set[int]:
    """Indices (into ``seq``) of one longest strictly increasing subsequence (patience)."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(seq)
    for k, x in enumerate(seq):
        p = bisect.bisect_left(tails, x)
        if p == len(tails):
            tails.append(x)
            tail_idx.append(k)
        else:
            tails[p] = x
            tail_idx[p] = k
        prev[k] = tail_idx[p - 1] if p > 0 else -1
    out: set[int] = set()
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.add(k)
        k = prev[k]
    return out


@dataclass
class _Row:
    pair: Pair
    key: tuple[int, int, int]
    level_rank: int


class _PairBuilder:
    """Turns links into ``Pair`` records and orders them."""

    RANK = {"chapter": 0, "section": 1, "subsection": 2, "item": 3}

    def __init__(
        self,
        uo: DocUnits,
        un: DocUnits,
        terms: TermMap,
        sec_map: dict[str, str],
        chap_map: dict[str, str],
        renumbering: Renumbering,
    ) -> None:
        self.uo, self.un = uo, un
        self.terms = terms
        self.sec_map, self.chap_map = sec_map, chap_map
        self.renumbering = renumbering
        self.rows: list[_Row] = []
        self.partner_end: dict[tuple[str, int], int] = {}
        """(level, old provision position) -> end position of its (first) new partner."""
        self.partner_start: dict[int, int] = {}
        """Old provision position -> its primary partner's position (any level)."""
        self.deleted: list[tuple[str, Unit, list[Unit]]] = []
        self.group_ids: dict[tuple[str, tuple[str, int]], int] = {}
        self.children = None

    def add(
        self,
        links: Sequence[Link],
        old: Sequence[Unit],
        new: Sequence[Unit],
        level: PairLevel,
        parent_primary: dict[int, int],
    ) -> None:
        by_old: dict[int, list[Link]] = defaultdict(list)
        by_new: dict[int, list[Link]] = defaultdict(list)
        for lk in links:
            by_old[lk.old].append(lk)
            by_new[lk.new].append(lk)
        # order: links among siblings under the same parent pair, checked by LIS
        primary = _primary(links)
        out_of_order: set[tuple[int, int]] = set()
        groups: dict[tuple[int | None, int | None], list[tuple[int, int]]] = defaultdict(list)
        for i, j in primary.items():
            groups[(old[i].parent, new[j].parent)].append((i, j))
        for members in groups.values():
            members.sort(key=lambda ij: new[ij[1]].pos)
            keep = _lis([old[i].pos for i, _ in members])
            out_of_order.update(m for k, m in enumerate(members) if k not in keep)

        # groups for split/merge: connected components with more than one link
        parent: dict[tuple[str, int], tuple[str, int]] = {}

        def find(x: tuple[str, int]) -> tuple[str, int]:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        for lk in links:
            a, b = find(("o", lk.old)), find(("n", lk.new))
            if a != b:
                parent[a] = b
        comp_size: Counter[tuple[str, int]] = Counter(find(("o", lk.old)) for lk in links)

        for lk in links:
            u, v = old[lk.old], new[lk.new]
            moved = (lk.old, lk.new) in out_of_order
            if u.parent is not None or v.parent is not None:
                old_parent_partner = parent_primary.get(u.parent) if u.parent is not None else None
                moved = moved or old_parent_partner != v.parent
            comp = find(("o", lk.old))
            group = None
            if comp_size[comp] > 1:
                group = self.group_ids.setdefault((level, comp), len(self.group_ids) + 1)
            # a split's second part (the old provision's number lives on in its primary
            # partner) carries text, not the number
            part = lk.method in ("merge", "split") and primary.get(lk.old, lk.new) != lk.new
            pair = self._pair(level, u, v, lk.method, moved, group, part=part)
            self.rows.append(_Row(pair, (v.pos, 0, u.pos), self.RANK[level]))
            key = (level, u.pos)
            if lk.method not in ("merge", "split") or key not in self.partner_end:
                self.partner_end.setdefault(key, v.end)
                self.partner_start.setdefault(u.pos, v.pos)
        for j, v in enumerate(new):
            if j not in by_new:
                pair = self._pair(level, None, v, "none", False, None)
                self.rows.append(_Row(pair, (v.pos, 0, -1), self.RANK[level]))
        for i, u in enumerate(old):
            if i not in by_old:
                self.deleted.append((level, u, list(old)))

    def _pair(
        self,
        level: PairLevel,
        u: Unit | None,
        v: Unit | None,
        method: str,
        moved: bool,
        group: int | None,
        *,
        part: bool = False,
    ) -> Pair:
        """``part``: the link carries part of the old provision's text to ``v`` while its
        number went to another partner (never ``renumbered``)."""
        old_text = u.text if u else ""
        new_text = v.text if v else ""
        diff = self._diff(u, v)
        if u is not None and v is not None:
            same = old_text == new_text or (
                _alike_words(u.raw, v.raw) and same_wording(old_text, new_text)
            )
            if level == "chapter" and u.prov.kind == "chapter":
                same = same and _subtree_same(u, v)
            status = "unchanged" if same else "changed"
            renumbered = (
                u.prov.ref != v.prov.ref and not part and not _in_range(u.prov.ref, v.prov.ref)
            )
            if level == "chapter" and u.prov.kind == "chapter":
                # a chapter is as alike as its whole text (its heading alone may not change)
                sim = 1.0 if same else word_similarity(u.body_words, v.body_words)
            else:
                sim = 1.0 if same else self._similarity(u, v)
            if same:
                editorial = renumbered
            else:
                editorial = is_editorial(
                    old_text,
                    new_text,
                    self.terms,
                    self.sec_map,
                    self.chap_map,
                    ops=diff,
                    cited=self.renumbering.pair((u.pos, u.end), (v.pos, v.end)),
                )
        else:
            status = "added" if u is None else "deleted"
            renumbered = False
            sim = 0.0
            editorial = False
        ref_side = v if v is not None else u
        assert ref_side is not None
        return Pair(
            level=level,
            old=u.prov.ref if u else None,
            new=v.prov.ref if v else None,
            status=status,  # type: ignore[arg-type]
            renumbered=renumbered,
            moved=moved if (u and v) else False,
            similarity=sim,
            old_text=old_text,
            new_text=new_text,
            diff=diff,
            editorial=editorial,
            method=method,
            old_eid=u.prov.eid if u else None,
            new_eid=v.prov.eid if v else None,
            group=group,
            chapter=ref_side.prov.chapter
            if ref_side.prov.chapter is not None
            else (ref_side.prov.ref if ref_side.prov.kind == "chapter" else None),
        )

    children: _Children | None

    def _similarity(self, u: Unit, v: Unit) -> float:
        """``textdiff.similarity`` of the pair's texts, from the words the units already hold
        (a unit's ``raw`` words are ``words`` of its normalised ``text``)."""
        return word_similarity(u.raw, v.raw)

    def _diff(self, u: Unit | None, v: Unit | None) -> tuple[DiffOp, ...]:
        """Word diff of a pair. A section pair is diffed subsection by subsection where its
        text is its subsections' text (the same kind of ops, much cheaper than one long diff);
        the result is checked to rebuild both texts, else the whole texts are diffed."""
        old_text = u.text if u else ""
        new_text = v.text if v else ""
        kids = self.children
        if (
            u is not None
            and v is not None
            and u.level == "section"
            and old_text != new_text
            and kids is not None
            and (u.pos in kids.old or v.pos in kids.new)
        ):
            ops = _structured_diff(kids.old.get(u.pos, []), kids.new.get(v.pos, []), kids.partner)
            merged: list[DiffOp] = []
            for op, t in ops:
                if not t:
                    continue
                if merged and merged[-1][0] == op:
                    merged[-1] = (op, merged[-1][1] + t)
                else:
                    merged.append((op, t))
            rebuilt_old = "".join(t for op, t in merged if op <= 0)
            rebuilt_new = "".join(t for op, t in merged if op >= 0)
            if rebuilt_old == old_text and rebuilt_new == new_text:
                return tuple(merged)
        return word_diff(old_text, new_text)

    def ordered(self) -> list[Pair]:
        rows = list(self.rows)
        deleted_keys: dict[int, tuple[int, int, int]] = {}
        doc_provs = self.uo.doc.provisions
        pos_parent = {p.eid: k for k, p in enumerate(doc_provs)}
        for level, u, same_level in sorted(self.deleted, key=lambda t: t[1].pos):
            key: tuple[int, int, int] | None = None
            # a child of a deleted provision follows its parent
            eid = u.prov.parent
            while eid is not None and eid in pos_parent:
                a = pos_parent[eid]
                if a in deleted_keys:
                    base = deleted_keys[a]
                    key = (base[0], 1, u.pos)
                    break
                eid = doc_provs[a].parent
            if key is None:
                key = self._deleted_key(level, u, same_level, pos_parent)
            deleted_keys[u.pos] = key
            pair = self._pair(level, u, None, "none", False, None)  # type: ignore[arg-type]
            rows.append(_Row(pair, key, self.RANK[level]))
        rows.sort(
            key=lambda r: (r.key[0], r.key[1], r.key[2] if r.key[1] else r.level_rank, r.key[2])
        )
        # group numbers 1, 2, … in output order
        numbers: dict[int, int] = {}
        out = []
        for r in rows:
            p = r.pair
            if p.group is not None:
                g = numbers.setdefault(p.group, len(numbers) + 1)
                p = _replace_group(p, g)
            out.append(p)
        return out

    def _deleted_key(
        self, level: str, u: Unit, same_level: Sequence[Unit], pos_of: dict[str, int]
    ) -> tuple[int, int, int]:
        """Where a deleted provision goes: after the partner (and its subtree) of its nearest
        earlier provision of the same list that has one; else of the same level (an annex
        after the chapters); else right after its nearest enclosing provision's partner;
        else first."""
        for w in reversed(same_level):
            if w.pos < u.pos and (level, w.pos) in self.partner_end:
                return (self.partner_end[(level, w.pos)], 1, u.pos)
        earlier = [pos for lv, pos in self.partner_end if lv == level and pos < u.pos]
        if earlier:
            return (self.partner_end[(level, max(earlier))], 1, u.pos)
        doc_provs = self.uo.doc.provisions
        eid = u.prov.parent
        while eid is not None and eid in pos_of:
            a = pos_of[eid]
            if a in self.partner_start:
                return (self.partner_start[a], 1, u.pos)
            eid = doc_provs[a].parent
        return (-1, 1, u.pos)


def _replace_group(p: Pair, g: int) -> Pair:
    from dataclasses import replace

    return replace(p, group=g)


def _subtree_same(u: Unit, v: Unit) -> bool:
    """Two chapters' whole texts have the same wording (``textdiff.same_wording``)."""
    return u.body == v.body or (
        _alike_words(u.body_words, v.body_words) and same_wording(u.body, v.body)
    )


def _alike_words(a: Sequence[str], b: Sequence[str]) -> bool:
    """The cheap test before ``same_wording``: the same words but for a number glued on at
    the end (a note marker: "miljøministeriet1", "ikrafttræden.6"); spaces at punctuation
    leave the words alone."""
    return len(a) == len(b) and all(
        x == y or x.rstrip(_DIGITS).rstrip(".,") == y.rstrip(_DIGITS).rstrip(".,")
        for x, y in zip(a, b, strict=True)
    )


_DIGITS = "0123456789"


# --------------------------------------------------------------------------- references


def _cited_by_leaf(doc: Document) -> dict[str, Counter[str]]:
    """Internal citations per subsection ref (items' citations count for their subsection):
    "§ 26" / "kapitel 3" -> how often."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for r in doc.references:
        if not r.internal:
            continue
        leaf = ", ".join(r.source.split(", ")[:2])
        for t in r.targets or ((r.target,) if r.target else ()):
            m = _TOP.match(t)
            if m:
                out[leaf][f"{m.group(1)} {m.group(2)}"] += 1
    return out


def updated_references(
    old: Document,
    new: Document,
    uo: DocUnits,
    un: DocUnits,
    leaf_links: Sequence[Link],
    sec_map: dict[str, str],
    chap_map: dict[str, str],
) -> tuple[TermChange, ...]:
    """Citations updated to the new numbering ("§ 26" -> "§ 16"), as term changes: an old
    citation of a renumbered section or chapter whose partner cites the new number."""
    cited_o, cited_n = _cited_by_leaf(old), _cited_by_leaf(new)
    counts: Counter[tuple[str, str]] = Counter()
    for lk in leaf_links:
        if lk.method in ("merge", "split"):
            continue
        a, b = cited_o.get(uo.leaves[lk.old].prov.ref), cited_n.get(un.leaves[lk.new].prov.ref)
        if not a or not b:
            continue
        for target, n in a.items():
            kind, num = target.split(" ", 1)
            mapped = (sec_map if kind == "§" else chap_map).get(num)
            if mapped and mapped != num and b.get(f"{kind} {mapped}"):
                counts[(target, f"{kind} {mapped}")] += min(n, b[f"{kind} {mapped}"])
    return tuple(
        TermChange(old=o, new=n, count=c)
        for (o, n), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


_TOP = re.compile(r"^(§|kapitel)\s+(\d+(?:\s?[a-zæøå])?)\b")


def stale_references(
    old: Document,
    new: Document,
    uo: DocUnits,
    un: DocUnits,
    sec_primary: dict[int, int],
    leaf_links: Sequence[Link],
) -> list[Finding]:
    """References in ``new`` that still use a renumbered provision's old number."""
    old_num = {u.prov.num: n for n, u in enumerate(uo.sections)}
    new_num = {v.prov.num: n for n, v in enumerate(un.sections)}
    inverse = {j: i for i, j in sec_primary.items()}
    # the old text of each new provision, to see whether a citation was carried over
    old_text_of: dict[str, str] = defaultdict(str)
    for lk in leaf_links:
        v, u = un.leaves[lk.new], uo.leaves[lk.old]
        old_text_of[v.prov.ref] += " " + u.text
    for j, i in inverse.items():
        old_text_of[un.sections[j].prov.ref] += " " + uo.sections[i].text
    sec_map = {uo.sections[i].prov.num: un.sections[j].prov.num for i, j in sec_primary.items()}
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for r in new.references:
        if not r.internal or not r.target:
            continue
        m = _TOP.match(r.target)
        if not m or m.group(1) != "§":
            continue
        num = re.sub(r"(\d)\s?([a-zæøå])$", r"\1 \2", m.group(2))
        found = old_num.get(num)
        if found is None or found not in sec_primary:
            continue
        i = found
        j = sec_primary[i]
        moved_to = un.sections[j].prov.num
        if moved_to == num:
            continue
        here = new_num.get(num)
        if here is not None and inverse.get(here) == i:
            continue
        old_cited = cited_sections(_source_old_text(r.source, old_text_of))
        expected = {sec_map.get(c, c) for c in old_cited}
        if here is not None and (num not in old_cited or num in expected):
            continue  # a new citation, or the renumbered citation of another provision
        if (r.source, r.target) in seen:
            continue
        seen.add((r.source, r.target))
        why = (
            f"§ {num} findes ikke i den nye version"
            if here is None
            else f"den nye § {num} svarer ikke til den gamle § {num}"
        )
        out.append(
            Finding(
                kind="stale-reference",
                where=r.source,
                message=(
                    f"{r.source} henviser til {r.target}, men den gamle § {num} er nu "
                    f"§ {moved_to}, og {why}; henvisningen er formentlig ikke opdateret."
                ),
                span=r.span,
            )
        )
    return out


def _source_old_text(source: str, old_text_of: dict[str, str]) -> str:
    """Old text behind a new provision ref, trying the ref and its enclosing refs."""
    ref = source
    while ref:
        if ref in old_text_of:
            return old_text_of[ref]
        if "," not in ref:
            break
        ref = ref.rsplit(",", 1)[0]
    return ""
