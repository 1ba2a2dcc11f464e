"""Danish search normalisation for the SQLite full-text index: fold, stem, query, snippet.

Pure functions, no SQL and no spaCy (the search path must stay light). The same
``index_terms`` runs when a row is indexed and when a query is parsed, so a query word
matches every inflection that stems alike:

>>> index_terms("Borgerens sager og borgerne")
'borg sag og borg'
>>> stem("personerne"), stem("personer"), stem("personens")
('person', 'person', 'person')

PostgreSQL does not use this module for matching: it has ``to_tsvector('danish', …)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

VOWELS = frozenset("aeiouyæøå")
"""Danish vowels (Snowball)."""
S_ENDING = frozenset("abcdfghjklmnoprtvyzå")
"""Letters after which a final -s is an inflection and may go."""


def _words(text: str) -> list[str]:
    return text.split()


STEP1_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        _words(
            "hed ethed ered e erede ende erende ene erne ere en heden eren er heder erer "
            "heds es endes erendes enes ernes eres ens hedens erens ers ets erets et eret"
        ),
        key=len,
        reverse=True,
    )
)
"""Inflectional endings (the Snowball Danish step 1 list), longest first."""
STEP2_SUFFIXES = ("gd", "dt", "gt", "kt")
STEP3_SUFFIXES = ("elig", "lig", "els", "ig")

LEMMAS: dict[str, str] = {
    # irregular plurals and verb forms whose stem differs from the base form
    "børn": "barn",
    "børnene": "barn",
    "børnenes": "barn",
    "børns": "barn",
    "mænd": "mand",
    "mændene": "mand",
    "mænds": "mand",
    "fødder": "fod",
    "hænder": "hånd",
    "hænderne": "hånd",
    "tænder": "tand",
    "bøger": "bog",
    "bøgerne": "bog",
    "døtre": "datter",
    "brødre": "broder",
    "bror": "broder",
    "gjorde": "gøre",
    "gjort": "gøre",
    "gør": "gøre",
    "kunne": "kan",
    "skulle": "skal",
    "ville": "vil",
    "måtte": "må",
    "fik": "få",
    "fået": "få",
    "gik": "gå",
    "gået": "gå",
    "stod": "stå",
    "stået": "stå",
    "sagde": "sige",
    "sagt": "sige",
}
"""Irregular forms mapped to the base form before stemming (a lemma table, not a model)."""

STOPWORDS = frozenset(
    _words(
        "og i at det en den til er som på de med han af for ikke der var mig sig men et har om "
        "vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal "
        "selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle "
        "denne end dette mit også under have dig anden hende mine alt meget sit sine vor mod "
        "disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan"
    )
)
"""PostgreSQL's Danish stop words: dropped from queries (not from the index), as there."""

_WORD = re.compile(r"\w+")
_FOLD = str.maketrans({"ä": "æ", "ö": "ø", "ß": "ss"})


def fold(text: str) -> str:
    """Lowercase and drop accents, keeping æ, ø and å (ä → æ, ö → ø).

    >>> fold("Idé-ÅRET Über")
    'ide-året uber'
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text.casefold().translate(_FOLD)):
        if ch in "æøå" or ch.isascii():
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out)


def _r1(word: str) -> int:
    """Start of the Snowball R1 region (at least 3 letters in)."""
    for i in range(1, len(word)):
        if word[i - 1] in VOWELS and word[i] not in VOWELS:
            return max(i + 1, 3)
    return len(word)


def stem(word: str) -> str:
    """A light Danish stemmer (Snowball's four steps) for one folded word.

    >>> [stem(w) for w in ("borgerens", "borgere", "borger", "sundhedsfaglige", "rådgivningen")]
    ['borg', 'borg', 'borg', 'sundhedsfag', 'rådgivning']
    """
    word = LEMMAS.get(word, word)
    if len(word) < 3 or not word.isalpha():
        return word
    r1 = _r1(word)
    # step 1: inflectional endings
    for suffix in STEP1_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and len(word) > 1 and word[-2] in S_ENDING:
            word = word[:-1]

    def step2(w: str) -> str:
        if any(w.endswith(s) and len(w) - 2 >= r1 for s in STEP2_SUFFIXES):
            return w[:-1]
        return w

    word = step2(word)
    # step 3: derivational endings
    if word.endswith("igst"):
        word = word[:-2]
    for suffix in STEP3_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = step2(word[: -len(suffix)])
            break
    else:
        if word.endswith("løst") and len(word) - 4 >= r1:
            word = word[:-1]
    # step 4: undouble a final consonant
    if (
        len(word) >= 2
        and len(word) - 1 >= r1
        and word[-1] == word[-2]
        and word[-1] not in VOWELS
        and word[-1].isalpha()
    ):
        word = word[:-1]
    return word


def terms(text: str) -> Iterator[tuple[str, int, int]]:
    """Every word of ``text`` as (stem, start, end), offsets into ``text``."""
    for m in _WORD.finditer(text):
        word = fold(m.group())
        if word.isdigit():
            yield word, m.start(), m.end()
        else:
            yield stem(word), m.start(), m.end()


def index_terms(text: str) -> str:
    """The space-joined stems of ``text``: what the SQLite index stores for a row."""
    return " ".join(t for t, _s, _e in terms(text))


@dataclass(frozen=True)
class Query:
    """A parsed search query (the subset of PostgreSQL's ``websearch_to_tsquery`` syntax):
    words (all must occur), ``"quoted phrases"``, ``or`` between alternatives, ``-word``
    to exclude, ``word*`` for a prefix."""

    fts: str
    """The FTS5 MATCH expression; empty when nothing searchable is left."""
    stems: frozenset[str]
    """Stems to highlight in snippets."""
    prefixes: frozenset[str]


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def parse_query(q: str) -> Query:
    """Turn what a user typed into an FTS5 expression over stems.

    >>> parse_query('borgerens "klinisk funktion" -kontakt').fts
    '"borg" AND "klinisk funktion" NOT "kontak"'
    >>> parse_query("fleksjob or førtidspension").fts
    '"fleksjob" OR "førtidspension"'
    """
    tokens = re.findall(r'(-?)"([^"]*)"?|(\S+)', q)
    groups: list[list[str]] = [[]]
    negatives: list[str] = []
    stems: set[str] = set()
    prefixes: set[str] = set()
    for neg, phrase, word in tokens:
        if word and fold(word) == "or":
            if groups[-1]:
                groups.append([])
            continue
        negative = bool(neg) or word.startswith("-")
        raw = phrase if phrase else word.lstrip("-")
        prefix = bool(word) and raw.endswith("*")
        found = [t for t, _s, _e in terms(raw)]
        if not phrase and not negative:
            kept = [t for t in found if t not in STOPWORDS and fold(t) not in STOPWORDS]
            found = kept or found
        if not found:
            continue
        if prefix:
            expr = " AND ".join([_quote(t) for t in found[:-1]] + [_quote(found[-1]) + "*"])
            prefixes.add(found[-1])
        elif phrase:
            expr = _quote(" ".join(found))
        else:
            expr = " AND ".join(_quote(t) for t in found)
        if negative:
            negatives.append(expr)
        else:
            groups[-1].append(expr)
            stems.update(found)
    alternatives = [" AND ".join(g) for g in groups if g]
    if not alternatives:
        return Query("", frozenset(), frozenset())
    fts = " OR ".join(f"({a})" if len(alternatives) > 1 and " " in a else a for a in alternatives)
    if negatives:
        if len(alternatives) > 1:
            fts = f"({fts})"
        fts += "".join(f" NOT {n}" for n in negatives)
    return Query(fts, frozenset(stems), frozenset(prefixes))


def snippet(text: str, query: Query, width: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` around the first match and the matched words' offsets in it.

    The snippet is plain text (the viewer escapes it and highlights ``marks``); ``…`` marks
    cut ends.
    """
    hits = [
        (s, e)
        for t, s, e in terms(text)
        if t in query.stems or any(t.startswith(p) for p in query.prefixes)
    ]
    if len(text) <= width:
        start, end = 0, len(text)
    else:
        centre = hits[0][0] if hits else 0
        start = max(0, centre - width // 3)
        end = min(len(text), start + width)
        start = max(0, end - width)
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + 30 else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > end - 30 else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    marks = [(s + shift, e + shift) for s, e in hits if s >= start and e <= end]
    return prefix + text[start:end] + suffix, marks


def marked_snippet(marked: str, start_sel: str, stop_sel: str) -> tuple[str, list[tuple[int, int]]]:
    """Split a snippet with inline selection markers (PostgreSQL ``ts_headline``) into
    plain text and mark offsets.

    >>> marked_snippet("a \\x02b\\x03 c", "\\x02", "\\x03")
    ('a b c', [(2, 3)])
    """
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    pos = 0
    opened: int | None = None
    for part in re.split(f"({re.escape(start_sel)}|{re.escape(stop_sel)})", marked):
        if part == start_sel:
            opened = pos
        elif part == stop_sel:
            if opened is not None:
                marks.append((opened, pos))
            opened = None
        else:
            out.append(part)
            pos += len(part)
    return "".join(out), marks
