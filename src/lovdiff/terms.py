"""Systematic term replacements between two versions, found from the data.

A drafter who replaces ``borgeren`` by ``personen`` throughout an order makes one decision,
not sixty changes. ``detect_term_changes`` finds such replacements from the word diffs of
paired provisions: a word (or a phrase of up to three words) deleted and another inserted in
its place, recurring in several pairs, consistent (the old word is nearly always replaced by
the same new one) and systematic (the old word has all but vanished from the new version).
Inflections are grouped by stem: ``borgeren/borgerens/borgere`` -> ``personen/personens/
personer`` share the stem replacement ``borger`` -> ``person``, so a rare inflection is
accepted on the strength of the common ones. A word dropped from or added to a name is read
with the words beside it ("Offentlig Digital Post" -> "Digital Post"), and replacements that
always stand one word apart are one phrase ("Økonomi- og erhvervsministeren" -> "Erhvervs- og
vækstministeren"); see ``_substitutions``. Nothing is hard-coded.

``canonical_words`` rewrites old words through the accepted replacements, so the aligner can
compare content; ``is_editorial`` says whether a pair differs only by such replacements and
renumbered references. Given the aligned documents (``Renumbering``), a citation counts as
renumbered exactly when it names what the old one named, mapped through every linked
provision's old ref -> new ref ("§ 4, stk. 3, nr. 3" -> "§ 4, stk. 3, nr. 4"), relative
citations ("stk. 2", "nr. 3") read as the parser resolved them in their own provision.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from lovdiff import regexes as rx
from lovdiff.models import Document, Reference, TermChange
from lovdiff.textdiff import normalise, word_diff, words

MAX_PHRASE = 3
"""Longest phrase (in words) on either side of a replacement ..."""
MAX_LONG_PHRASE = 7
"""... or of a rewrite joined across single equal words ("og"), such as a ministry's name."""
MIN_COUNT = 3
"""A replacement must occur at least this often ..."""
MIN_PAIRS = 2
"""... in at least this many provision pairs."""
MIN_CONSISTENCY = 0.6
"""Share of the old word's replacements that go to this new word."""
MAX_SURVIVAL = 0.25
"""The old word may survive in the new version at most this share of its old frequency."""
MAX_ENDING = 3
"""Longest inflectional ending that may differ when grouping by stem."""
MIN_STEM = 4
"""Shortest stem that groups inflections."""

_NUMBERISH = re.compile(r"^[\d.,\-–]+[a-z]?$")
_NUMBER_WORD = re.compile(r"(?<!\S)[\d.,\-–]+[a-z]?(?!\S)")
"""A ``_NUMBERISH`` word in words joined by spaces."""


@dataclass(frozen=True)
class TermMap:
    """Accepted replacements: lower-cased old word/phrase -> new word/phrase."""

    words: Mapping[str, str]
    """Single words: "borgeren" -> "personen"."""
    phrases: Mapping[tuple[str, ...], tuple[str, ...]]
    """Multi-word replacements, keyed by old word tuple."""
    surface: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    """How each new phrase is written ("Miljø- og fødevareministeren"), for rewriting text."""

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @cached_property
    def changed_words(self) -> frozenset[str]:
        """Every word on either side of a replacement (what an editorial change may touch)."""
        allowed = set(self.words) | set(self.words.values())
        for old, new in self.phrases.items():
            allowed.update(old)
            allowed.update(new)
        return frozenset(allowed)

    @cached_property
    def rewrites(self) -> tuple[tuple[re.Pattern[str], str | None], ...]:
        """(pattern, replacement) for each phrase, longest first, then (pattern, None) for
        all single words (each replaced by its own new word)."""
        out: list[tuple[re.Pattern[str], str | None]] = []
        for old, new in sorted(self.phrases.items(), key=lambda kv: -len(kv[0])):
            replacement = self.surface.get(new) or " ".join(new)
            out.append((re.compile(_phrase_pattern(old), re.I), replacement))
        if self.words:
            alternation = "|".join(re.escape(w) for w in sorted(self.words, key=len, reverse=True))
            out.append((re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.I), None))
        return tuple(out)


EMPTY = TermMap({}, {})


Sub = tuple[tuple[str, ...], tuple[str, ...]]
"""A replacement: (old words, new words)."""


class _Stretch(NamedTuple):
    """One changed stretch of a word diff, with the equal words around it."""

    deleted: tuple[str, ...]
    inserted: tuple[str, ...]
    gap: int
    """Equal words between the previous stretch (or the start) and this one."""
    before: tuple[str, ...]
    """The last of them (up to ``MAX_PHRASE - 1``: context enough)."""
    after: tuple[str, ...]
    """The first equal words after the stretch (as many)."""
    first: bool
    """Nothing before the stretch: it opens the text."""
    clean: bool
    """A replacement of its own: one to ``MAX_PHRASE`` words on both sides."""


class _Evidence(NamedTuple):
    """What one provision pair says about replacements, before the counts over all pairs
    decide how some of its stretches are read (see ``_substitutions``)."""

    subs: tuple[Sub, ...] = ()
    """Replacements read off directly (clean stretches, joined rewrites)."""
    chains: tuple[tuple[Sub, ...], ...] = ()
    """Runs of clean replacements one equal word apart, as replacements and (odd
    positions) the separating words: (sub, (sep, sep), sub, ...)."""
    edits: tuple[tuple[Sub, ...], ...] = ()
    """Pure deletions/insertions, each as its readings with context words."""


def _stretches(ops: Sequence[tuple[int, str]]) -> list[_Stretch]:
    """The changed stretches of ``ops`` with the equal words around them."""
    out: list[_Stretch] = []
    if len(ops) < 2:
        return out  # equal texts (or one side empty)
    context = MAX_PHRASE - 1
    gap, before = 0, tuple[str, ...]()  # the equal words before the current stretch
    deleted: list[str] = []
    inserted: list[str] = []
    changed = False  # inside a stretch (its ops may hold no words: punctuation)
    first = True
    for op, text in ops:
        if op:
            (deleted if op < 0 else inserted).extend(words(text))
            changed = True
            continue
        ws = words(text)
        if changed:
            out.append(_stretch(deleted, inserted, gap, before, ws[:context], first))
            deleted, inserted, changed = [], [], False
        first = False
        gap, before = len(ws), tuple(ws[-context:])
    if changed:
        out.append(_stretch(deleted, inserted, gap, before, [], first))
    return out


def _stretch(
    deleted: list[str],
    inserted: list[str],
    gap: int,
    before: tuple[str, ...],
    after: list[str],
    first: bool,
) -> _Stretch:
    """A ``_Stretch`` of these words (``after`` cut to the context wanted)."""
    clean = 0 < len(deleted) <= MAX_PHRASE and 0 < len(inserted) <= MAX_PHRASE
    return _Stretch(tuple(deleted), tuple(inserted), gap, before, tuple(after), first, clean)


def _numberish(ws: Sequence[str]) -> bool:
    """Any word a number ("26", "2.", "1-3", "15a"): references and dates, not terms."""
    return _NUMBER_WORD.search(" ".join(ws)) is not None


def _substitutions(old: str, new: str) -> _Evidence:
    """The replacements the word diff of ``old`` -> ``new`` suggests.

    * A clean stretch (one to ``MAX_PHRASE`` words deleted and as many inserted) is a
      replacement.
    * A stretch next to a larger rewrite (only one word of equal text between them) is part
      of that rewrite, not a replacement of its own: in "Ministeren for fødevarer, landbrug
      og fiskeri" -> "Miljø- og fødevareministeren", "fiskeri" is not replaced by
      "fødevareministeren"; the separating words belong to both sides.
    * Clean stretches one equal word apart form a chain: "Økonomi- og erhvervsministeren" ->
      "Erhvervs- og vækstministeren" is økonomi -> erhvervs, og, erhvervsministeren ->
      vækstministeren. ``detect_term_changes`` joins a chain into one phrase where its
      replacements are never seen alone.
    * A pure deletion or insertion (words on one side only) is read with neighbouring equal
      words as context: "Offentlig Digital Post" -> "Digital Post" may be (offentlig,
      digital) -> (digital), (offentlig, digital, post) -> (digital, post) or, with the word
      before, (til, offentlig) -> (til). ``detect_term_changes`` picks the reading most
      pairs share.
    """
    found = _stretches(word_diff(old, new))

    # join stretches separated by at most one equal word when any of them is not clean
    groups: list[list[_Stretch]] = []
    for r in found:
        if groups and not r.first and r.gap <= 1 and not (r.clean and groups[-1][-1].clean):
            groups[-1].append(r)
        else:
            groups.append([r])
    subs: list[Sub] = []
    chains: list[list[Sub]] = []
    edits: list[tuple[Sub, ...]] = []
    chained = False  # the last group was a clean, number-free stretch: a chain may go on
    for g in groups:
        r = g[0]
        if len(g) == 1 and r.clean:
            if _numberish(r.deleted + r.inserted):
                chained = False  # numbers are references or dates, handled elsewhere
            elif chained and not r.first and r.gap <= 1:
                chains[-1] += [(r.before, r.before), (r.deleted, r.inserted)]
            else:
                chains.append([(r.deleted, r.inserted)])
                chained = True
            continue
        chained = False
        if len(g) == 1:
            if bool(r.deleted) != bool(r.inserted):
                edits.append(_readings(r))
            continue
        # a joined rewrite: the separating words belong to both sides
        dels: list[str] = []
        inss: list[str] = []
        for n, s in enumerate(g):
            if n:
                dels += s.before
                inss += s.before
            dels += s.deleted
            inss += s.inserted
        if (
            1 <= len(dels) <= MAX_LONG_PHRASE
            and 1 <= len(inss) <= MAX_LONG_PHRASE
            and not _numberish(dels + inss)
        ):
            subs.append((tuple(dels), tuple(inss)))
    return _Evidence(tuple(subs), tuple(tuple(c) for c in chains), tuple(e for e in edits if e))


def _readings(r: _Stretch) -> tuple[Sub, ...]:
    """A pure deletion or insertion read as replacements with up to ``MAX_PHRASE - 1``
    equal words of context after or before it (no numbers, nothing past a neighbouring
    stretch): deleting "offentlig" before "digital post" is (offentlig, digital) ->
    (digital,) or (offentlig, digital, post) -> (digital, post)."""
    changed = r.deleted or r.inserted
    if len(changed) > MAX_PHRASE or _numberish(changed):
        return ()
    out: list[Sub] = []
    for n in range(1, MAX_PHRASE):
        for context, after in (
            (r.after[:n], True),
            (r.before[-n:] if n <= len(r.before) else (), False),
        ):
            if len(context) < n or _numberish(context):
                continue
            longer = changed + context if after else context + changed
            out.append((longer, context) if r.deleted else (context, longer))
    return tuple(out)


def _resolve(
    evidence: Sequence[_Evidence],
) -> Iterable[tuple[int, Sub]]:
    """(pair index, replacement) for every replacement the pairs show, once the counts over
    all pairs have decided how to read chains and pure deletions/insertions."""
    alone: Counter[Sub] = Counter()  # clean replacements seen outside a chain
    readings: Counter[Sub] = Counter()
    for ev in evidence:
        for chain in ev.chains:
            if len(chain) == 1:
                alone[chain[0]] += 1
        for edit in ev.edits:
            readings.update(edit)
    for k, ev in enumerate(evidence):
        for sub in ev.subs:
            yield k, sub
        for chain in ev.chains:
            yield from ((k, sub) for sub in _join_chain(chain, alone))
        for edit in ev.edits:
            # the reading most pairs share; on a tie the longer one
            yield k, max(edit, key=lambda s: (readings[s], len(s[0]) + len(s[1])))


def _join_chain(chain: Sequence[Sub], alone: Mapping[Sub, int]) -> list[Sub]:
    """A chain's replacements, neighbours joined into one phrase where neither is ever seen
    alone (and the phrase stays within ``MAX_LONG_PHRASE`` words)."""
    out: list[Sub] = [chain[0]]
    for n in range(2, len(chain), 2):
        sep, sub = chain[n - 1], chain[n]
        prev = out[-1]
        joined = (prev[0] + sep[0] + sub[0], prev[1] + sep[1] + sub[1])
        if (
            not alone[chain[n - 2]]
            and not alone[sub]
            and max(len(joined[0]), len(joined[1])) <= MAX_LONG_PHRASE
        ):
            out[-1] = joined
        else:
            out.append(sub)
    return out


def _stem_pair(old: str, new: str) -> tuple[str, str]:
    """Strip the longest common ending: ("borgerens", "personens") -> ("borger", "person")."""
    k = 0
    while k < min(len(old), len(new)) - 1 and old[-1 - k] == new[-1 - k]:
        k += 1
    return old[: len(old) - k], new[: len(new) - k]


def _stem_keys(old: str, new: str) -> list[tuple[str, str]]:
    """Stem pairs this word pair may belong to (allowing differing short endings)."""
    so, sn = _stem_pair(old, new)
    keys = [(so, sn)]
    for a in range(0, MAX_ENDING):
        for b in range(0, MAX_ENDING):
            if (a or b) and len(so) - a >= MIN_STEM and len(sn) - b >= MIN_STEM:
                keys.append((so[: len(so) - a], sn[: len(sn) - b]))
    return keys


def detect_term_changes(
    pairs: Iterable[tuple[str, str]],
    old_text: str,
    new_text: str,
    *,
    old_words: Sequence[str] | None = None,
    new_words: Sequence[str] | None = None,
) -> tuple[tuple[TermChange, ...], TermMap]:
    """Systematic replacements in ``pairs`` (old text, new text of paired provisions).

    ``old_text``/``new_text`` are the whole documents' texts, used to check that a replaced
    word has (nearly) vanished from the new version; ``old_words``/``new_words``, where the
    caller has them, are their ``words`` (saves tokenising both documents again). Returns
    the changes (most frequent first) and the map the aligner uses to canonicalise old words.
    """
    counts: Counter[tuple[tuple[str, ...], tuple[str, ...]]] = Counter()
    seen_in: dict[tuple[tuple[str, ...], tuple[str, ...]], set[int]] = defaultdict(set)
    evidence = [_substitutions(a, b) for a, b in pairs]
    for k, sub in _resolve(evidence):
        counts[sub] += 1
        seen_in[sub].add(k)
    if not counts:
        return (), EMPTY

    if old_words is None:
        old_words = words(normalise(old_text))
    if new_words is None:
        new_words = words(normalise(new_text))
    old_freq, new_freq = Counter(old_words), Counter(new_words)
    old_joined, new_joined = f" {' '.join(old_words)} ", f" {' '.join(new_words)} "

    phrase_counts: dict[tuple[bool, tuple[str, ...]], int] = {}

    def occurrences(ws: tuple[str, ...], *, in_new: bool) -> int:
        """Times ``ws`` occur in a row in the new (or old) text (each phrase counted once)."""
        if len(ws) == 1:
            return (new_freq if in_new else old_freq)[ws[0]]
        key = (in_new, ws)
        if key not in phrase_counts:
            joined = new_joined if in_new else old_joined
            phrase_counts[key] = joined.count(f" {' '.join(ws)} ")
        return phrase_counts[key]

    def systematic(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
        """The old word/phrase has (nearly) vanished from the new text (not counting where
        it is part of the new phrase: "digital post" -> "offentlig digital post")."""
        if len(old) == 1 and len(new) == 1 and not new_freq[new[0]]:
            return False
        survivors = occurrences(old, in_new=True)
        if len(new) > len(old) and f" {' '.join(old)} " in f" {' '.join(new)} ":
            survivors -= occurrences(new, in_new=True)
        return survivors <= MAX_SURVIVAL * occurrences(old, in_new=False)

    def collocated(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
        """A pure deletion (insertion) read with context: each deleted (inserted) word
        stands mostly in this phrase in the old (new) text ("offentlig" in "offentlig
        digital post"), not wherever something was dropped ("kommunen og
        sundhedskoordinatoren": neither "og" nor "sundhedskoordinatoren" stands mostly
        there)."""
        in_new = len(new) > len(old)
        longer, shorter = (new, old) if in_new else (old, new)
        n = len(longer) - len(shorter)
        if longer[n:] == shorter:
            changed = longer[:n]
        elif longer[:-n] == shorter:
            changed = longer[-n:]
        else:
            return True  # a rewrite, not an edit with context
        together = occurrences(longer, in_new=in_new)
        return all(together >= MIN_CONSISTENCY * occurrences((w,), in_new=in_new) for w in changed)

    # Stem statistics over single-word replacements.
    singles: dict[tuple[str, str], int] = {
        (a[0], b[0]): c for (a, b), c in counts.items() if len(a) == 1 and len(b) == 1
    }
    by_stem: Counter[tuple[str, str]] = Counter()
    stem_pairs: dict[tuple[str, str], set[int]] = defaultdict(set)
    for (ow, nw), c in singles.items():
        for key in _stem_keys(ow, nw):
            by_stem[key] += c
            stem_pairs[key] |= seen_in[((ow,), (nw,))]

    # Replacements of each old word, of each old stem (every prefix of at least MIN_STEM
    # letters) and of each old phrase, summed once (not once per candidate: quadratic).
    from_word: Counter[str] = Counter()
    from_prefix: Counter[str] = Counter()
    for (ow, _nw), c in singles.items():
        from_word[ow] += c
        for n in range(MIN_STEM, len(ow) + 1):
            from_prefix[ow[:n]] += c
    from_phrase: Counter[tuple[str, ...]] = Counter()
    for (old_p, _new_p), c in counts.items():
        from_phrase[old_p] += c

    def stem_ok(key: tuple[str, str]) -> bool:
        so, sn = key
        if len(so) < MIN_STEM or len(sn) < MIN_STEM:
            return False
        if by_stem[key] < MIN_COUNT or len(stem_pairs[key]) < MIN_PAIRS:
            return False
        return by_stem[key] >= MIN_CONSISTENCY * from_prefix[so]

    def word_consistent(o: str, n: str) -> bool:
        return singles[(o, n)] >= MIN_CONSISTENCY * from_word[o]

    accepted_words: dict[str, str] = {}
    accepted_phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    surfaces: dict[tuple[str, ...], str] = {}
    changes: list[TermChange] = []
    ranked = sorted(counts.items(), key=lambda kv: (len(kv[0][0]) + len(kv[0][1]) > 2, -kv[1]))
    for (old_p, new_p), c in ranked:  # single words first, then phrases
        if old_p == new_p:
            continue
        if len(old_p) == 1 and len(new_p) == 1:
            ow, nw = old_p[0], new_p[0]
            if ow in accepted_words or not systematic(old_p, new_p):
                continue
            if not word_consistent(ow, nw) or not any(stem_ok(k) for k in _stem_keys(ow, nw)):
                continue
            accepted_words[ow] = nw
            changes.append(TermChange(old=ow, new=nw, count=c))
        else:
            if any(w in accepted_words for w in old_p):
                continue  # explained by a single-word replacement
            if (  # the cheap tests first: systematic() counts the phrase in both texts
                c >= MIN_COUNT
                and len(seen_in[(old_p, new_p)]) >= MIN_PAIRS
                and c >= MIN_CONSISTENCY * from_phrase[old_p]
                and old_p not in accepted_phrases
                and systematic(old_p, new_p)
                and collocated(old_p, new_p)
                and (
                    not _is_edit(old_p, new_p) or _names_something(old_p, new_p, old_text, new_text)
                )
            ):
                accepted_phrases[old_p] = new_p
                surfaces[new_p] = _surface(new_p, new_text)
                changes.append(
                    TermChange(old=_surface(old_p, old_text), new=surfaces[new_p], count=c)
                )
    changes.sort(key=lambda t: (-t.count, t.old))
    return tuple(changes), TermMap(accepted_words, accepted_phrases, surfaces)


def _is_edit(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """A word dropped or added with its context ("offentlig digital post" -> "digital
    post"), not a replacement: one phrase is the other with words at one end."""
    if len(old) == len(new):
        return False
    longer, shorter = (old, new) if len(old) > len(new) else (new, old)
    n = len(longer) - len(shorter)
    return longer[n:] == shorter or longer[:-n] == shorter


def _names_something(
    old: tuple[str, ...], new: tuple[str, ...], old_text: str, new_text: str
) -> bool:
    """A dropped or added word is part of a name only where the longer phrase is written
    as one, every word capitalised ("Offentlig Digital Post"): dropping "skriftlig" from
    "skriftlig ansøgning" changes what the rule demands and is no renaming."""
    longer, text = (old, old_text) if len(old) > len(new) else (new, new_text)
    surface = _surface(longer, text)
    return all(w[:1].isupper() for w in surface.split() if w[:1].isalpha())


def count_term_changes(
    pairs: Iterable[tuple[str, str]], changes: Sequence[TermChange]
) -> tuple[TermChange, ...]:
    """``changes`` with their counts taken over paired texts (e.g. the final alignment):
    in each pair, the times the old term occurs in the old text and the new term in the
    new text, whichever is fewer."""
    keys = [(f" {' '.join(words(t.old))} ", f" {' '.join(words(t.new))} ") for t in changes]
    totals = [0] * len(changes)
    for old, new in pairs:
        if old == new:
            continue
        a, b = f" {' '.join(words(old))} ", f" {' '.join(words(new))} "
        for k, (ko, kn) in enumerate(keys):
            if ko in a:
                totals[k] += min(a.count(ko), b.count(kn))
    out = [
        TermChange(old=t.old, new=t.new, count=n or t.count)
        for t, n in zip(changes, totals, strict=True)
    ]
    out.sort(key=lambda t: (-t.count, t.old))
    return tuple(out)


def _phrase_pattern(ws: Sequence[str]) -> str:
    """A phrase's words with any punctuation or spacing between them ("landbrug og")."""
    return r"(?<!\w)" + r"\W+".join(re.escape(w) for w in ws) + r"(?!\w)"


def _surface(ws: Sequence[str], text: str) -> str:
    """A phrase as first written in ``text``, else its words. A first capital is lower-cased
    unless the phrase has others ("Miljø- og fødevareministeren" -> "miljø- og
    fødevareministeren", but "Offentlig Digital Post" stays)."""
    m = re.search(_phrase_pattern(ws), text, flags=re.I)
    if not m:
        return " ".join(ws)
    found = re.sub(r"\s+", " ", m.group(0))
    if found[1:2].islower() and not any(c.isupper() for c in found[1:]):
        return found[:1].lower() + found[1:]  # a sentence's capital, not a name's
    return found


def canonical_words(ws: Sequence[str], terms: TermMap) -> list[str]:
    """Lower-cased words with old terms replaced by their new ones."""
    if not terms:
        return list(ws)
    if not terms.phrases:
        get = terms.words.get
        return [get(w, w) for w in ws]
    out: list[str] = []
    i = 0
    while i < len(ws):
        for n in range(MAX_LONG_PHRASE, 0, -1):  # one word: an insertion's context
            key = tuple(ws[i : i + n])
            if len(key) == n and key in terms.phrases:
                out.extend(terms.phrases[key])
                i += n
                break
        else:
            out.append(terms.words.get(ws[i], ws[i]))
            i += 1
    return out


_SECTION_REF = re.compile(
    r"(?P<lead>§§?\s*)(?P<nums>\d+(?:\s?[a-zæøå])?\b(?:\s*(?:,|og|eller|-|–)\s*\d+(?:\s?[a-zæøå])?\b)*)"
)
_CHAPTER_REF = re.compile(r"(?P<lead>\b[Kk]apitel\s+)(?P<nums>\d+(?:\s?[a-z])?\b)")
_NUM = re.compile(r"\d+(?:\s?[a-zæøå])?\b")


def renumber_references(
    text: str, sections: Mapping[str, str], chapters: Mapping[str, str] | None = None
) -> str:
    """``text`` with internal section/chapter numbers mapped old -> new ("§ 26" -> "§ 16")."""

    def fix(mapping: Mapping[str, str]) -> Callable[[re.Match[str]], str]:
        def repl(m: re.Match[str]) -> str:
            nums = _NUM.sub(lambda n: mapping.get(_norm_num(n.group(0)), n.group(0)), m["nums"])
            return m["lead"] + nums

        return repl

    if sections:
        text = _SECTION_REF.sub(fix(sections), text)
    if chapters:
        text = _CHAPTER_REF.sub(fix(chapters), text)
    return text


def cited_sections(text: str) -> set[str]:
    """Section numbers cited in ``text`` ("§§ 21-23 og § 26 a" -> 21, 22, 23, 26 a)."""
    out: set[str] = set()
    for m in _SECTION_REF.finditer(text):
        nums = [_norm_num(n) for n in _NUM.findall(m["nums"])]
        out.update(nums)
        for a, b in re.findall(r"(\d+)\s*[-–]\s*(\d+)", m["nums"]):
            if int(a) < int(b) <= int(a) + 200:
                out.update(str(k) for k in range(int(a), int(b) + 1))
    return out


def _norm_num(num: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"(\d)([a-zæøå])$", r"\1 \2", num.strip()))


@dataclass(frozen=True)
class Renumbering:
    """What an alignment renumbered, for ``is_editorial`` to map citations through."""

    refs: Mapping[str, str]
    """Old ref -> new ref of every linked provision (primary links, not merges or splits):
    "§ 26" -> "§ 16", "§ 4, stk. 3, nr. 3" -> "§ 4, stk. 3, nr. 4", "kapitel 3" -> "kapitel 4"."""
    old: Document
    new: Document
    """The aligned documents, whose parsed ``references`` are the citations mapped."""

    @cached_property
    def _old(self) -> _Citations:
        return _Citations(self.old)

    @cached_property
    def _new(self) -> _Citations:
        return _Citations(self.new)

    def pair(self, old: tuple[int, int], new: tuple[int, int]) -> PairCitations:
        """The citations of a pair whose old (new) text is that of the provisions at these
        positions (first, last) in ``Document.provisions``: a provision and its subtree."""
        return PairCitations(self, old, new)

    def cited(
        self, old: tuple[int, int], new: tuple[int, int]
    ) -> tuple[Sequence[Reference], Sequence[Reference]]:
        """The internal citations of both sides, in text order (index built on first use)."""
        return self._old.within(*old), self._new.within(*new)


class PairCitations(NamedTuple):
    """A pair's citations, looked up only when ``is_editorial`` needs them."""

    renumbering: Renumbering
    old: tuple[int, int]
    """Positions of the old provision and of the last provision of its subtree."""
    new: tuple[int, int]


class _Citations:
    """A document's internal citations that name their targets, in text order, by the
    position of the provision whose own text holds them."""

    def __init__(self, doc: Document) -> None:
        pos = {p.eid: k for k, p in enumerate(doc.provisions)}
        rows = sorted(
            (pos[r.source_eid], r.span[0], n)
            for n, r in enumerate(doc.references)
            if r.internal and r.targets and r.source_eid in pos
        )
        self.positions = [k for k, _, _ in rows]
        self.refs = [doc.references[n] for _, _, n in rows]

    def within(self, first: int, last: int) -> Sequence[Reference]:
        """Citations held by the provisions at positions ``first`` to ``last``."""
        return self.refs[bisect_left(self.positions, first) : bisect_right(self.positions, last)]


_CITED = "ꙮ"
"""Stands for a citation compared by its targets: a letter no Danish text holds, so term
replacements and section renumbering pass it by as they pass the number it replaces."""


def _masked_citations(a: str, b: str, cited: PairCitations) -> tuple[str, str, bool] | None:
    """``a`` and ``b`` with their internal citations replaced by ``_CITED``, and whether each
    new citation cites what the old one in its place cited, mapped through the renumbering
    (same targets, same sentence). None when a side has no such citation, or one cannot be
    found in the (normalised) text: the caller then maps section numbers as before."""
    renumbering = cited.renumbering
    old_refs, new_refs = renumbering.cited(cited.old, cited.new)
    if not old_refs and not new_refs:
        return None
    masked_a, masked_b = _mask(a, old_refs), _mask(b, new_refs)
    if masked_a is None or masked_b is None:
        return None
    renumbered = len(old_refs) == len(new_refs) and all(
        o.sentence == n.sentence
        and len(o.targets) == len(n.targets)
        and all(
            _renumbered(t, renumbering.refs) == _with_stk(u)
            for t, u in zip(o.targets, n.targets, strict=True)
        )
        for o, n in zip(old_refs, new_refs, strict=False)
    )
    return masked_a, masked_b, renumbered


def _mask(text: str, refs: Sequence[Reference]) -> str | None:
    """``text`` with each citation of ``refs`` (in order) replaced by ``_CITED``; None when
    one is not found where the one before it ends."""
    out: list[str] = []
    pos = 0
    for ref in refs:
        written = normalise(ref.text)
        k = text.find(written, pos)
        while k >= 0 and not _whole(text, k, k + len(written)):
            k = text.find(written, k + 1)
        if k < 0:
            return None
        out += (text[pos:k], _CITED)
        pos = k + len(written)
    out.append(text[pos:])
    return "".join(out)


def _whole(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` does not cut a word or number ("nr. 1" in "nr. 13")."""
    return not (
        (start and text[start].isalnum() and text[start - 1].isalnum())
        or (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())
    )


def _with_stk(target: str) -> str:
    """An item of a section's only (unlabelled) stk. 1, as the provision's ref names it.

    >>> _with_stk("§ 5, nr. 2")
    '§ 5, stk. 1, nr. 2'
    """
    head, sep, rest = target.partition(", nr. ")
    return f"{head}, stk. 1, nr. {rest}" if sep and ", " not in head else target


def _renumbered(target: str, refs: Mapping[str, str]) -> str:
    """``target`` as the renumbering ``refs`` has it: its own new ref, or its nearest linked
    ancestor's with the rest kept ("§ 26, stk. 2, litra a" -> "§ 16, stk. 2, litra a").

    >>> _renumbered("§ 4, stk. 3, nr. 3", {"§ 4, stk. 3, nr. 3": "§ 4, stk. 3, nr. 4"})
    '§ 4, stk. 3, nr. 4'
    >>> _renumbered("§ 26, nr. 1, litra a", {"§ 26": "§ 16"})
    '§ 16, stk. 1, nr. 1, litra a'
    """
    target = _with_stk(target)
    parts = target.split(", ")
    for k in range(len(parts), 0, -1):
        new = refs.get(", ".join(parts[:k]))
        if new is not None:
            return ", ".join([new, *parts[k:]])
    return target


def apply_terms(text: str, terms: TermMap) -> str:
    """``text`` with the accepted replacements applied, keeping an initial capital."""
    if not terms:
        return text

    def word(m: re.Match[str]) -> str:
        return _case_like(m.group(0), terms.words[m.group(0).lower()])

    def phrase(replacement: str) -> Callable[[re.Match[str]], str]:
        return lambda m: _case_like(m.group(0), replacement)

    for pattern, replacement in terms.rewrites:
        text = pattern.sub(word if replacement is None else phrase(replacement), text)
    return text


def _case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def is_editorial(
    old: str,
    new: str,
    terms: TermMap,
    sections: Mapping[str, str],
    chapters: Mapping[str, str] | None = None,
    *,
    ops: Sequence[tuple[int, str]] | None = None,
    cited: PairCitations | None = None,
) -> bool:
    """True when ``old`` becomes ``new`` by term replacements and reference renumbering alone.

    ``ops``, the word diff of ``old`` and ``new`` if the caller has it, saves recomputing it.
    ``cited``, where the texts are whole provisions of aligned documents, holds their internal
    citations and every linked provision's renumbering: a citation is then editorial exactly
    when it cites what the old citation cited, renumbered ("§ 4, stk. 3, nr. 3" -> "§ 4,
    stk. 3, nr. 4" where a new item came before it; "stk. 2" -> "stk. 3" in a section that
    gained a stk. 2). Without it, section and chapter numbers are mapped through ``sections``
    and ``chapters`` wherever they stand.
    """
    a, b = normalise(old), normalise(new)
    if a == b:
        return False
    if not _only_terms_and_numbers(ops if ops is not None else word_diff(a, b), terms):
        # renumbered note markers ("ikrafttræden.1)" -> "ikrafttræden.6)") are editorial;
        # only a changed word with a number glued on can hold one (tested first: cheap)
        if ops is None:
            ops = word_diff(a, b)
        if not any(op and rx.GLUED_NOTE_NUMBER.search(text) for op, text in ops):
            return False
        bare_a, bare_b = rx.GLUED_NOTE_MARKER.sub("", a), rx.GLUED_NOTE_MARKER.sub("", b)
        if (bare_a, bare_b) == (a, b):
            return False
        a, b = bare_a, bare_b
        if a == b:
            return True
        if not _only_terms_and_numbers(word_diff(a, b), terms):
            return False
    masked = _masked_citations(a, b, cited) if cited is not None else None
    if masked is not None:
        a, b, renumbered = masked
        if not renumbered:
            return False  # a citation changed to something the renumbering does not explain
    return normalise(apply_terms(renumber_references(a, sections, chapters), terms)) == b


def _only_terms_and_numbers(ops: Sequence[tuple[int, str]], terms: TermMap) -> bool:
    """Cheap necessary condition: every changed word is a replaced term or a number."""
    allowed = terms.changed_words
    for op, text in ops:
        if op and any(w not in allowed and not _NUMBERISH.match(w) for w in words(text)):
            return False
    return True
