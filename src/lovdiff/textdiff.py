"""Word-level text comparison: normalisation, deterministic word diffs and similarity.

Contract:

* ``normalise(text)`` removes what does not matter when two versions are compared: line-end
  hyphenation (``afta‐\\nler`` -> ``aftaler``), soft hyphens, non-breaking and other odd spaces,
  typographic quotes, line breaks and runs of whitespace. It never changes words.
* ``word_diff(a, b)`` returns diff-match-patch ops ``(op, text)`` (-1 deleted, 0 equal,
  1 inserted) over *words*: the ops rebuild ``a`` (ops <= 0) and ``b`` (ops >= 0) exactly.
  It is deterministic: ``Diff_Timeout = 0`` and every token (word, space run, punctuation
  mark) is mapped to one private-use character before diffing, as ``diff_linesToChars`` does
  for lines, then ``diff_cleanupSemantic`` merges tiny equalities. The diffs are computed by
  diff-match-patch's C++ implementation (``fast_diff_match_patch``), which gives the same ops
  as the Python one (checked by a property test) many times faster; the Python one merges
  and cleans up the pieces of a long diff split at unique common tokens.
* ``similarity(a, b)`` is 0..1: twice the number of words in the longest common word
  subsequence over the number of words on both sides, on normalised, lower-cased words.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from diff_match_patch import diff_match_patch
from fast_diff_match_patch import diff as _cpp_diff
from rapidfuzz.distance import LCSseq

from lovdiff.models import DiffOp

# One token: a word (letters/digits, may hold inner hyphens or dots as in "14.000"
# or "CPR-lovens"), a run of whitespace, or one other character. The quantifiers are
# possessive: a word never needs to give characters back (\w and [-.] do not overlap), and
# not offering to makes tokenising about a third faster.
_TOKEN = re.compile(r"\w++(?:[-.]\w++)*+|\s++|[^\w\s]")
_WORD = re.compile(r"\w++(?:[-.]\w++)*+")

# Line-end hyphenation: a PDF hyphen (U+2010, U+2011) or soft hyphen at the end of a line,
# blank lines and indentation after it, then the rest of the word.
_HYPHENATION = re.compile(r"(?<=\w)[\u2010\u2011\u00ad][ \t]*(?:\r?\n[ \t\f\v]*)+(?=\w)")
_SOFT_HYPHEN = re.compile("\u00ad")
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\ufeff]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060]")
_SPACES = re.compile(r"\s+")
_ODD_CHAR = re.compile(
    "[\u00a0\u00ad\u2000-\u200d\u2010\u2011\u2018-\u201e\u202f\u205f\u2060\u3000\ufeff"
    "\t\n\r\f\v\x1c-\x1f\x85\u1680\u2028\u2029]"
)


def _is_normal(text: str) -> bool:
    """True when ``normalise`` would return ``text`` unchanged (cheap checks only)."""
    return not (text[:1].isspace() or text[-1:].isspace() or "  " in text or _ODD_CHAR.search(text))


_SINGLE_QUOTES = re.compile("[\u2018\u2019\u201a]")
_DOUBLE_QUOTES = re.compile("[\u201c\u201d\u201e]")
_DASHES = re.compile("[\u2010\u2011]")

# Private-use code points that stand for tokens while diffing (BMP area, then planes 15, 16).
_PRIVATE_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))


def normalise(text: str) -> str:
    """Text with hyphenation, odd spaces, quotes and line breaks normalised (one space).

    >>> normalise("afta\u2010\\nler om  regionernes\u00a0levering")
    'aftaler om regionernes levering'
    """
    if _is_normal(text):
        return text  # already normalised: the common case inside the aligner
    text = _HYPHENATION.sub("", text)
    text = _SOFT_HYPHEN.sub("", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACE.sub(" ", text)
    text = _SINGLE_QUOTES.sub("'", text)
    text = _DOUBLE_QUOTES.sub('"', text)
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


# What a comparison of two versions ignores beyond ``normalise``; the texts shown stay as
# written. A space before closing punctuation or after opening ("el.lign. ," / "el.lign.,"), and
# a note marker glued to a word ("Miljøministeriet1)", "ikrafttræden.6)"): the notes are the
# consolidating authority's, not the law's words. Not after a citation's abbreviation ("jf.
# stk.2)" cites stk. 2) and not after a digit or a dash ("nr. 1-3)"). Each pattern opens with a
# lookahead for the characters it must match first, so the lookbehinds are tried only there
# (about six times faster over a long text than trying them at every position).
_NOTE_MARKER = re.compile(
    r"(?=\d{1,2}\))(?:(?<=[^\W\d_])|(?<=[^\W\d_][.,]))(?<!\bstk\.)(?<!\bnr\.)(?<!\bpkt\.)"
    r"\d{1,2}\)(?=[\s,.;:]|$)",
    re.IGNORECASE,
)
_LOOSE_SPACE = re.compile(r"(?=\s)(?:\s+(?=[,.;:!?)\]»])|(?<=[(\[«])\s+)")


def wording(text: str) -> str:
    """``text`` without what a comparison ignores: glued note markers, spaces before closing
    and after opening punctuation.

    >>> wording("Miljøministeriet1) , jf. § 3 ( stk. 2)")
    'Miljøministeriet, jf. § 3 (stk. 2)'
    """
    return _LOOSE_SPACE.sub("", _NOTE_MARKER.sub("", text))


def same_wording(a: str, b: str) -> bool:
    """True when two normalised texts say the same: equal, or equal but for note markers and
    spaces at punctuation (``wording``)."""
    return a == b or wording(a) == wording(b)


def tokens(text: str) -> list[str]:
    """All tokens of ``text`` (words, whitespace runs, punctuation): they join to ``text``."""
    return _TOKEN.findall(text)


def words(text: str) -> list[str]:
    """The lower-cased words of ``text`` (no whitespace, no punctuation)."""
    return list(_cached_words(text))


@lru_cache(maxsize=65536)
def _cached_words(text: str) -> tuple[str, ...]:
    """The aligner asks for the same provision's words many times; tokenise each text once."""
    return tuple(_WORD.findall(text.lower()))


def clear_caches() -> None:
    """Forget every cached tokenisation, diff and similarity (for honest cold timings)."""
    _cached_words.cache_clear()
    _CODEC.clear()
    word_diff.cache_clear()
    similarity.cache_clear()


def _code_point(n: int) -> str:
    for lo, hi in _PRIVATE_RANGES:
        size = hi - lo + 1
        if n < size:
            return chr(lo + n)
        n -= size
    raise ValueError("for mange forskellige ord til at sammenligne teksterne")


class _Codec:
    """One token <-> private-use character table for every diff of the process, so a text is
    tokenised and encoded once however many partners it is diffed against (the aligner diffs
    a provision in the evidence pass, as a pair and inside its section's diff).

    A diff depends only on which tokens are equal, never on the characters chosen (every
    private-use character is of one class for the semantic cleanup), so the ops are those
    of a table made for each pair. The table starts afresh when the code points run out.
    A lock keeps two threads from giving two tokens one character."""

    LIMIT = sum(hi - lo + 1 for lo, hi in _PRIVATE_RANGES)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.code: dict[str, str] = {}
        self.back: dict[str, str] = {}
        self.texts: dict[str, str] = {}

    def _encode(self, text: str) -> str | None:
        """``text`` with each token replaced by its character; None when the table is full."""
        got = self.texts.get(text)
        if got is not None:
            return got
        toks = tokens(text)
        new = sorted(set(toks).difference(self.code))  # sorted: the same table every run
        if len(self.code) + len(new) > self.LIMIT:
            return None
        if new:
            first = len(self.code)
            chars = [_code_point(n) for n in range(first, first + len(new))]
            self.code.update(zip(new, chars, strict=True))
            self.back.update(zip(chars, new, strict=True))
        if len(self.texts) >= TEXTS_KEPT:
            self.texts.clear()
        got = self.texts[text] = "".join(map(self.code.__getitem__, toks))
        return got

    def pair(self, a: str, b: str) -> tuple[str, str, dict[str, str]]:
        """Both texts encoded in one table, and the way back (character -> token)."""
        with self.lock:
            ca, cb = self._encode(a), self._encode(b)
            if ca is None or cb is None:  # the code points ran out: start afresh
                self.code, self.back, self.texts = {}, {}, {}
                ca, cb = self._encode(a), self._encode(b)
                if ca is None or cb is None:
                    raise ValueError("for mange forskellige ord til at sammenligne teksterne")
            return ca, cb, self.back

    def clear(self) -> None:
        with self.lock:
            self.code, self.back, self.texts = {}, {}, {}


TEXTS_KEPT = 65536
"""Encoded texts remembered (then forgotten all at once)."""

_CODEC = _Codec()


def _dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # deterministic: never cut the diff short
    return dmp


PATIENCE_AT = 100_000_000
"""Above this product of lengths (about 10,000 tokens a side), the diff is split at unique
common tokens first. Below it the C++ diff is cheaper whole: splitting, then merging and
cleaning up the pieces in Python, cost twenty times more on provisions of a few hundred
tokens."""


def _anchors(ca: str, cb: str) -> list[tuple[int, int]]:
    """Positions of tokens unique in both strings, in an order both agree on (patience)."""
    import bisect

    first_a: dict[str, int] = {}
    count_a: Counter[str] = Counter(ca)
    count_b: Counter[str] = Counter(cb)
    for i, c in enumerate(ca):
        if count_a[c] == 1 and count_b.get(c) == 1:
            first_a[c] = i
    pairs = [(first_a[c], j) for j, c in enumerate(cb) if c in first_a]
    # longest increasing subsequence of the a-positions (pairs are in b order)
    tails: list[int] = []
    idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (i, _j) in enumerate(pairs):
        p = bisect.bisect_left(tails, i)
        if p == len(tails):
            tails.append(i)
            idx.append(k)
        else:
            tails[p] = i
            idx[p] = k
        prev[k] = idx[p - 1] if p else -1
    out = []
    k = idx[-1] if idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


_OPS = {"=": 0, "-": -1, "+": 1}


def _cpp(ca: str, cb: str, *, semantic: bool) -> list[tuple[int, str]]:
    """``diff_main(ca, cb, checklines=False)`` with ``Diff_Timeout = 0`` (and, if
    ``semantic``, ``diff_cleanupSemantic``), computed by diff-match-patch's C++ port."""
    ops = _cpp_diff(
        ca,
        cb,
        timelimit=0,
        checklines=False,
        cleanup="Semantic" if semantic else "No",
        counts_only=False,
    )
    return [(_OPS[op], text) for op, text in ops]


def _diff_main(ca: str, cb: str, *, semantic: bool) -> list[tuple[int, str]]:
    """diff_main, split first at unique common tokens when the texts are long (the result
    is exact and deterministic, possibly not minimal, and much cheaper on long texts)."""
    if len(ca) * len(cb) <= PATIENCE_AT:
        return _cpp(ca, cb, semantic=semantic)
    out: list[tuple[int, str]] = []
    pa = pb = 0
    for i, j in _anchors(ca, cb) + [(len(ca), len(cb))]:
        out.extend(_cpp(ca[pa:i], cb[pb:j], semantic=False))
        if i < len(ca):
            out.append((0, ca[i]))
        pa, pb = i + 1, j + 1
    dmp = _dmp()
    dmp.diff_cleanupMerge(out)
    if semantic:
        dmp.diff_cleanupSemantic(out)
    return out


def _diff_texts(a: str, b: str, *, semantic: bool) -> list[tuple[int, str]]:
    ca, cb, back = _CODEC.pair(a, b)
    lookup = back.__getitem__
    diffs = _diff_main(ca, cb, semantic=semantic)
    out: list[tuple[int, str]] = []
    for op, chars in diffs:
        text = "".join(map(lookup, chars))
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


UNRELATED = 0.2
"""Below this word-bag Dice two texts are shown as one deletion and one insertion."""


@lru_cache(maxsize=32768)
def word_diff(a: str, b: str) -> tuple[DiffOp, ...]:
    """Word-level diff of ``a`` and ``b``: ops (-1 deleted, 0 equal, 1 inserted).

    ``"".join(t for op, t in ops if op <= 0) == a`` and likewise for ``b`` with ``op >= 0``.
    Texts that share almost no words (bag Dice below ``UNRELATED``) are returned as one
    deletion and one insertion: what the semantic cleanup would leave anyway, at no cost.

    >>> word_diff("borgeren skal have", "personen skal have")
    ((-1, 'borgeren'), (1, 'personen'), (0, ' skal have'))
    """
    if a == b:
        return ((0, a),) if a else ()
    if not a or not b:
        return ((-1, a),) if a else ((1, b),)
    if bag_similarity(words(a), words(b)) < UNRELATED:
        return ((-1, a), (1, b))
    return tuple(_diff_texts(a, b, semantic=True))


def diff_similarity(ops: Sequence[DiffOp]) -> float:
    """0..1: share of words a word diff keeps (2 * kept words / words on both sides)."""
    kept = old = new = 0
    for op, text in ops:
        n = len(_WORD.findall(text))
        if op == 0:
            kept += n
            old += n
            new += n
        elif op < 0:
            old += n
        else:
            new += n
    if not old and not new:
        return 1.0
    return round(2 * kept / (old + new), 4)


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences (exact; rapidfuzz's
    bit-parallel LCS, which is far cheaper than a diff when only the length is wanted)."""
    if not a or not b:
        return 0
    return int(LCSseq.similarity(a, b))


@lru_cache(maxsize=4096)
def similarity(a: str, b: str) -> float:
    """0..1: share of normalised, lower-cased words the two texts have in common, in order.

    >>> similarity("Borgeren skal have en plan", "borgeren skal have en plan")
    1.0
    >>> similarity("", "")
    1.0
    """
    return word_similarity(words(normalise(a)), words(normalise(b)))


def word_similarity(wa: Sequence[str], wb: Sequence[str]) -> float:
    """``similarity`` of two texts from their words (``words(normalise(text))``)."""
    if not wa and not wb:
        return 1.0
    if not wa or not wb:
        return 0.0
    return round(2 * lcs_length(wa, wb) / (len(wa) + len(wb)), 4)


def bag_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """0..1: Dice coefficient of two word multisets (order-blind, cheap)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2 * shared_count(a, b) / (len(a) + len(b))


def shared_count(a: Sequence[str], b: Sequence[str]) -> int:
    """Size of the multiset intersection of two word lists (the LCS of the sorted lists:
    exact, and cheaper in C than intersecting two Counters)."""
    if not a or not b:
        return 0
    if a == b:  # most aligned provisions keep their words: no sorting needed
        return len(a)
    return int(LCSseq.similarity(sorted(a), sorted(b)))
