"""Link consultation comments to the provisions they discuss (``lovdiff comments``).

``link_responses`` takes the responses read by ``lovdiff.responses`` and fills each
comment's ``target`` and ``links``. The work is done by *resolvers*, small functions
``(comment, context, found) -> links`` tried in order (``DEFAULT_RESOLVERS``):

* ``explicit_links``: citations as written (``§ 8, stk. 4``, ``§8, *Stk. 4``, ``Kapitel 6,
  § 15``, ``bekendtgørelsens § 19, stk. 4``, ``Paragraf 8, stykke 4``, ``stk. 4 i § 8``), the
  comment's heading as a citation (a citation in the text under it is kept, and a narrower
  one replaces it), anaphora (``Paragraffen``, ``bestemmelsen``, ``kapitlet``) and item
  pointers (``under 2)``). Citations naming another act (``retssikkerhedslovens § 4``,
  ``§ 15 a, stk. 1, i lov om …``, ``bekendtgørelse nr. 1092 af 3. august 2016 § 2``; the act
  is found by ``lovdiff.refs``' rules) are never links into the draft; citations of the
  previous order's numbering (``den nuværende § 7``, ``den tidligere bekendtgørelse (§ 15)``)
  link into ``previous``, and, through the alignment, to the draft provision that succeeds
  the cited one (``successor_links``).
* ``cited_act_links``: a provision of another act that the draft itself cites links the
  draft provision citing it (``§ 43 i lov om en aktiv beskæftigelsesindsats`` -> the
  provision that says "jf. § 43 i lov om en aktiv beskæftigelsesindsats").
* ``quote_links``: the draft's words quoted exactly or nearly, in quotation marks or as a long
  unquoted run of the same words, linked to the most specific provision holding them.
* ``named_links``: a provision named by what it rules: ``ikrafttrædelsen`` (the provision
  that says when the order takes effect), ``bestemmelsen om samarbejdsaftaler`` (the chapter
  so headed, or the one section whose text holds the words).
* ``semantic_links``: a comment that discusses a rule without citing it, matched sentence by
  sentence on lemmas, lemma pairs and number phrases ("12 måneder") weighted by how rare they
  are in the draft (idf over its provisions). Precision first: a weak or ambiguous match
  makes no link.

Whether a comment is about the draft at all (``act_target``): a comment whose ``about``
names another act, or that opens by naming another act (by its subject, or by a provision
the draft does not cite itself) and neither cites nor quotes the draft nor matches it by
meaning in a sentence that names no other act ("I bekendtgørelsen om sygedagpenge bør § 1
…", "Efter §§ 3 og 4 i lov om social pension skal …"), gets target ``other`` and no links.
Otherwise the target is ``against`` when it has links, else ``general``. Links into the draft
carry ``change`` and ``previous`` from the alignment of the previous version (``Comparison``),
when given. Citations that name no provision are not linked but kept in
``Comment.unresolved``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any, Literal, Protocol

from lovdiff.models import (
    Comment,
    Comparison,
    Consultation,
    Document,
    Link,
    Provision,
    Reference,
    Response,
    Span,
)
from lovdiff.nlp import (
    CitationAtom,
    citation_spans,
    is_content,
    lemma_of,
    lemmas,
    sentences,
    tokens,
)
from lovdiff.refs import act_after, act_before, own_of

DocName = Literal["against", "previous"]

DEFAULT_THRESHOLD = 0.3
"""Minimum semantic score (a cosine of idf-weighted terms, 0..1) for an implicit link."""


class ResponseSourceLike(Protocol):
    """What ``lovdiff.responses`` hands over: one file, its text and the responses in it."""

    @property
    def path(self) -> Any: ...

    @property
    def text(self) -> str: ...

    @property
    def responses(self) -> Sequence[Response]: ...


# ----------------------------------------------------------------------------- patterns
# Kept here because they describe letters, not legal texts (regexes.py covers those).

# Words that point back to the provision under discussion ("bestemmelsen om X" describes
# a provision instead, so it is no anaphor).
ANAPHOR = re.compile(
    r"""\b(?P<word>
        paragraffen(?:s)?|denne\s+paragraf|bestemmelsen(?:s)?|denne\s+bestemmelse
       |stykket|dette\s+stykke|kapitlet(?:s)?|dette\s+kapitel|nummeret)\b
       (?!\s+(?:om|i\s+lov|i\s+bekendtgørelse)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
# "under 2)", "i nr. 3)", "til 1)": an item of the provision under discussion.
ITEM_POINTER = re.compile(r"\b(?:under|i|til|ad)\s+(?:nr\.\s*)?(?P<num>\d{1,2})\)")
# Cue right before a citation that it uses the previous order's numbering.
PREVIOUS_CUE_BEFORE = re.compile(
    r"""(?:
        \b(?:nuværende|gældende|nugældende|tidligere|hidtidige|eksisterende|daværende)
          (?:\s+(?:bekendtgørelse|regler|ordning)\w*)?   # "den tidligere bekendtgørelse"
       |\bi\s+dag\s+(?:i|efter|af)?
    )\s*[,(]?\s*(?:jf\.\s*)?(?:i\s+|af\s+|efter\s+)?$""",
    re.IGNORECASE | re.VERBOSE,
)
# Cue right after: "§§ 21-23 i den nuværende bekendtgørelse".
PREVIOUS_CUE_AFTER = re.compile(
    r"""^\s*(?:,\s*)?(?:i|efter|jf\.|af)\s+(?:den\s+|de\s+)?
        (?:nuværende|gældende|nugældende|tidligere|hidtidige|eksisterende|daværende)
        \s+(?:bekendtgørelse|regler|ordning)""",
    re.IGNORECASE | re.VERBOSE,
)
# A sentence framed by the rules in force: "I den gældende bekendtgørelse skal …, jf. § 15".
PREVIOUS_FRAME = re.compile(
    r"""^\W*(?:\w+\s+){0,2}?(?:i|efter|ifølge|af)\s+(?:den|de)\s+
        (?:nuværende|gældende|nugældende|hidtidige|eksisterende|tidligere)\s+
        (?:bekendtgørelse|regler|ordning)
      |^\W*(?:i\s+dag|hidtil)\b""",
    re.IGNORECASE | re.VERBOSE,
)
AGAINST_WORDS = re.compile(
    r"\b(?:udkast\w*|forslag\w*|den\s+nye|nye\s+bekendtgørelse|fremover|fremadrettet)\b",
    re.IGNORECASE,
)
# Cue that the draft is meant: "udkastets § 8", "§ 8 i udkastet".
AGAINST_CUE_BEFORE = re.compile(
    r"(?:udkastets|bekendtgørelsesudkastets|den\s+nye|nye|foreslåede|forslagets)\s*$",
    re.IGNORECASE,
)
AGAINST_CUE_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:i|efter)\s+(?:udkastet|bekendtgørelsesudkastet|den\s+nye\s+bekendtgørelse|"
    r"denne\s+bekendtgørelse|bekendtgørelsen)\b",
    re.IGNORECASE,
)
# An act named in a letter: "bekendtgørelsen om sygedagpenge …", "lov om social pension".
ACT_MENTION = re.compile(
    r"""\b(?P<act>(?:bekendtgørelse|bekendtgørelsen|lov|loven)
        \s+(?:nr\.\s*\d+\s+(?:af\s+\d{1,2}\.?\s*\w+\.?\s+\d{4}\s+)?)?
        (?:om|vedr\.|vedrørende)\s+
        (?P<subject>(?:[^.;:()§\n]|m\.v\.|mv\.|\b[a-zæøå]\.(?=\w))+?)
    )(?=\s*(?:m\.v\.|mv\.|[.;:()§\n]|$|\s(?:og|samt)\s+(?:bekendtgørelse|lov))|\s+(?:foreslår|ønsker|
        bemærkes|finder|anbefaler|mener|bør|skal|er|har)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
# Parts of a citation written out in words, as letters do: "stykke 4", "4. stykke", "nummer 2"
# (orders write "stk. 4", "nr. 2"; "Paragraf 8" is read by ``citation_spans``).
WORDED_ATOM = re.compile(
    r"""(?<![\w.])(?:
        stykke\s+(?P<stk>\d{1,3})(?!\d)          # "stykke 4"
       |(?P<stk_ord>\d{1,3})\.\s*stykke\b        # "4. stykke"
       |nummer\s+(?P<nr>\d{1,3})(?![\d)])        # "nummer 2"
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Between a part and the section it belongs to: "stk. 4 i § 8", "nr. 2 af § 14, stk. 1".
INVERTED_JOIN = re.compile(r"^\s*(?:,\s*)?(?:i|af)\s+$")
# A citation given in support of what is said: "…, jf. retssikkerhedslovens § 4".
SUPPORT_BEFORE = re.compile(r"\b(?:jf|jfr|jvf)\.?\s*$|\bjævnfør\s*$", re.IGNORECASE)
# A provision named by what it rules: "Den foreslåede bestemmelse om lægeattester bør …",
# "bestemmelsen om samarbejdsaftaler" (not one of another act: "… i lov om …").
NAMED_PROVISION = re.compile(
    r"""\b(?P<name>(?:(?:den|de)\s+(?:foreslåede|nye)\s+)?
        bestemmelse(?:n|rne)?\s+om\s+
        (?P<subject>[^.,;:()§\n"“”]+?))
        (?=\s*(?:[.,;:()§\n"“”]|$)
          |\s+(?:bør|skal|er|har|kan|må|vil|bliver|blev|fremgår|findes|så|hvor|hvorefter|
                 og\s+at|i\s+§|i\s+kapitel|i\s+udkastet|i\s+bekendtgørelsen)\b)
        (?!\s+i\s+(?:lov|bekendtgørelse\s+om|[\w-]+loven)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
# The date a rule takes effect, named in a letter: "ikrafttrædelsen", "ikrafttrædelsesdatoen",
# not another act's ("ikrafttrædelsen af reformen").
IN_FORCE_WORD = re.compile(
    r"""\bikrafttræd(?:en|else|elsen|elses[a-zæøå]+)\b
        (?!\s+af\s+(?!(?:den\s+nye\s+|denne\s+)?(?:bekendtgørelse|udkast|regler)\w*\b
                     (?!\s+(?:om|af)\b)))""",  # "af bekendtgørelsen om sygedagpenge": another
    re.IGNORECASE | re.VERBOSE,
)
# A provision that says when the document takes effect: "Bekendtgørelsen træder i kraft den …".
IN_FORCE_TEXT = re.compile(r"^\W*(?:[\w-]+\s+){0,3}træder\s+i\s+kraft\b", re.IGNORECASE)
# Number phrases that make a rule recognisable: "12 måneder", "14 dage", "9 måneders varsel".
NUMBER_WORDS = {
    "en": "1", "et": "1", "to": "2", "tre": "3", "fire": "4", "fem": "5", "seks": "6",
    "syv": "7", "otte": "8", "ni": "9", "ti": "10", "elleve": "11", "tolv": "12",
    "fjorten": "14", "femten": "15", "tyve": "20", "fireogtyve": "24", "tredive": "30",
}  # fmt: skip
NUMBER_PHRASE = re.compile(
    r"\b(?P<num>\d{1,3}(?:\.\d{3})*(?:,\d+)?|"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")\s*(?P<unit>dage|dag|døgn|uger|uge|måneders|"
    r"måneder|måned|års|år|timer|time|kr\.|kroner|pct\.|procent|%)(?![a-zæøå])",
    re.IGNORECASE,
)
# The draft named right before a citation: "bekendtgørelsens § 19", "udkastets § 8".
OWN_BEFORE = re.compile(
    r"\b(?:bekendtgørelsens|denne\s+bekendtgørelses?|udkastets|bekendtgørelsesudkastets)\s*$",
    re.IGNORECASE,
)
# Names of bodies ("Styrelsen for Arbejdsmarked og Rekruttering", "Danske Regioner"): two or
# more capitalised words; their words say who, not what, and never make a link.
PROPER_NAME = re.compile(r"\b[A-ZÆØÅ][\w-]+(?:\s+(?:for|og|i|af|til)?\s*[A-ZÆØÅ][\w-]+)+\b")
QUOTE = re.compile(r"[\"“”„«»](?P<q>[^\"“”„«»\n]{8,600})[\"“”„«»]|\*(?P<s>[^*\n]{8,600})\*")
# The quoted words without a leading label and the marks around them:
# '*Stk. 4. "Er kommunen … personen."*' -> 'Er kommunen … personen'.
QUOTE_TRIM = re.compile(
    r"""^[\s"“”„«»*]*(?:(?:§\s*\d+\s*[a-z]?\.|Stk\.\s*\d+\.|\d+\))\s*[\s"“”„«»*]*)?
        (?P<words>.*?)[\s"“”„«»*.,;:]*$""",
    re.VERBOSE | re.DOTALL,
)
# Where a provision should move to: "Paragraffen foreslås flyttet til kapitel 6".
DESTINATION = re.compile(
    r"(?:flyttes|flyttet|overføres|overført|placeres|indsættes)\s+(?:til|i)\s*$"
)

_UNIT = {
    "dag": "dag",
    "dage": "dag",
    "døgn": "døgn",
    "uge": "uge",
    "uger": "uge",
    "måned": "måned",
    "måneder": "måned",
    "måneders": "måned",
    "år": "år",
    "års": "år",
    "time": "time",
    "timer": "time",
    "kr.": "kr",
    "kroner": "kr",
    "pct.": "pct",
    "procent": "pct",
    "%": "pct",
}

_BASIS_RANK = {"explicit": 0, "quote": 1, "semantic": 2}


# ----------------------------------------------------------------------------- index


@dataclass(frozen=True)
class Unit:
    """A citable provision as the linker sees it."""

    ref: str
    """The ref a link uses (a lone stk. 1 is linked as its section)."""
    kind: str
    eid: str
    parent: str | None
    """The ref of the citable parent, for specificity and sibling tests."""
    words: tuple[str, ...]
    """Every word's lemma, in order (for quotes)."""
    terms: frozenset[str]
    """Content lemmas, lemma pairs and number phrases (for meaning)."""


@dataclass(frozen=True)
class DocIndex:
    """What the linker needs from one document, built once per document."""

    doc: Document
    units: tuple[Unit, ...]
    """Subsections, items, litras and annexes: the provisions that carry text."""
    idf: Mapping[str, float]
    norms: Mapping[str, float]
    """Euclidean norm of each unit's idf-weighted term vector."""
    refs: frozenset[str]
    ancestors: Mapping[str, tuple[str, ...]]
    """Ref -> refs of its citable ancestors (nearest first)."""
    sole_subsection: Mapping[str, str]
    """Ref of a lone stk. 1 -> its section's ref."""
    title_terms: frozenset[str] = frozenset()
    """Terms of those titles: the order's subject, never distinctive of one provision."""
    grams: Mapping[tuple[str, ...], frozenset[int]] = field(default_factory=dict)
    """Every 4 consecutive word lemmas -> indexes of the units holding them (for quotes)."""
    titles: tuple[str, ...] = ()
    """Lemmas of the document's title and of the titles it revokes, space-joined: words
    that name the order are a mention of it, not a quote of a provision."""


def _lemmas_all(text: str, synonyms: Mapping[str, str]) -> list[str]:
    """Lemmas of every word token (stop words kept), synonyms applied."""
    out = []
    for word, lemma, _start in tokens(text):
        if any(c.isalnum() for c in word):
            out.append(synonyms.get(lemma, lemma))
    return out


def _number_term(m: re.Match[str]) -> str:
    """ "#14 dag" for "14 dage" and "fjorten dage"."""
    num = m.group("num").lower()
    unit = m.group("unit").lower()
    return f"#{NUMBER_WORDS.get(num, num)} {_UNIT.get(unit, unit)}"


def text_terms(text: str, synonyms: Mapping[str, str] | None = None) -> set[str]:
    """The matching terms of a text: content lemmas, adjacent lemma pairs, number phrases.

    Pairs are written ``"a b"``, number phrases ``"#12 måned"``.
    """
    syn = synonyms or {}
    text = PROPER_NAME.sub(lambda m: " " * len(m.group(0)), text)
    lems = [syn.get(w, w) for w in lemmas(text)]
    terms: set[str] = set(lems)
    terms.update(f"{a} {b}" for a, b in zip(lems, lems[1:], strict=False) if a != b)
    for m in NUMBER_PHRASE.finditer(text):
        terms.add(_number_term(m))
    return terms


def _citable(p: Provision) -> bool:
    return p.kind in ("chapter", "section", "subsection", "item", "litra", "annex")


def build_index(doc: Document, synonyms: Mapping[str, str] | None = None) -> DocIndex:
    """Index a document's provisions for linking (pure; see ``index_for`` for the cache)."""
    syn = synonyms or {}
    by_eid = {p.eid: p for p in doc.provisions}
    children: dict[str, list[Provision]] = defaultdict(list)
    for p in doc.provisions:
        if p.parent:
            children[p.parent].append(p)
    sole: dict[str, str] = {}
    for p in doc.provisions:
        if p.kind == "section":
            subs = [c for c in children[p.eid] if c.kind == "subsection"]
            if len(subs) == 1:
                sole[subs[0].ref] = p.ref
    ancestors: dict[str, tuple[str, ...]] = {}
    for p in doc.provisions:
        if not _citable(p):
            continue
        chain: list[str] = []
        q = by_eid.get(p.parent) if p.parent else None
        while q is not None:
            if _citable(q):
                chain.append(q.ref)
            q = by_eid.get(q.parent) if q.parent else None
        ancestors[p.ref] = tuple(chain)
    units: list[Unit] = []
    for p in doc.provisions:
        if p.kind not in ("subsection", "item", "litra", "annex"):
            continue
        text = doc.subtree_text(p.eid) if p.kind in ("subsection", "annex") else p.text
        if p.kind == "annex" and p.heading:
            text = f"{p.heading} {text}"
        if not text.strip():
            continue
        parent = ancestors.get(p.ref, ())
        units.append(
            Unit(
                ref=sole.get(p.ref, p.ref),
                kind=p.kind,
                eid=p.eid,
                parent=parent[0] if parent else None,
                words=tuple(_lemmas_all(text, syn)),
                terms=frozenset(text_terms(text, syn)),
            )
        )
    n = max(len(units), 1)
    df: dict[str, int] = defaultdict(int)
    for u in units:
        for t in u.terms:
            df[t] += 1
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    norms = {u.ref: math.sqrt(sum(idf[t] ** 2 for t in u.terms)) or 1.0 for u in units}
    refs = frozenset(p.ref for p in doc.provisions if _citable(p))
    titles = tuple(
        " ".join(_lemmas_all(t, syn))
        for t in (doc.info.title, *(r.title for r in doc.info.revokes))
        if t
    )
    title_terms = frozenset(
        t
        for title in (doc.info.title, *(r.title for r in doc.info.revokes))
        for t in text_terms(title, syn)
    )
    grams: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, u in enumerate(units):
        for j in range(len(u.words) - GRAM + 1):
            grams[u.words[j : j + GRAM]].add(i)
    return DocIndex(
        doc,
        tuple(units),
        idf,
        norms,
        refs,
        ancestors,
        sole,
        title_terms,
        {k: frozenset(v) for k, v in grams.items()},
        titles,
    )


GRAM = 4


def candidate_units(words: Sequence[str], idx: DocIndex, min_shared: int = 1) -> list[Unit]:
    """Units sharing at least ``min_shared`` runs of 4 words with ``words`` (a fast filter)."""
    counts: dict[int, int] = defaultdict(int)
    for j in range(len(words) - GRAM + 1):
        for i in idx.grams.get(tuple(words[j : j + GRAM]), ()):
            counts[i] += 1
    return [idx.units[i] for i, c in sorted(counts.items()) if c >= min_shared]


_INDEX_CACHE: dict[tuple[int, tuple[tuple[str, str], ...]], DocIndex] = {}


def index_for(doc: Document, synonyms: Mapping[str, str] | None = None) -> DocIndex:
    """``build_index`` cached per document object (a few documents at most)."""
    key = (id(doc), tuple(sorted((synonyms or {}).items())))
    hit = _INDEX_CACHE.get(key)
    if hit is not None and hit.doc is doc:
        return hit
    if len(_INDEX_CACHE) > 8:
        _INDEX_CACHE.clear()
    idx = build_index(doc, synonyms)
    _INDEX_CACHE[key] = idx
    return idx


# ----------------------------------------------------------------------------- context


@dataclass(frozen=True)
class LinkContext:
    """Everything a resolver may look at besides the comment."""

    against: DocIndex
    previous: DocIndex | None = None
    source_text: str = ""
    """The response file's text (for link spans)."""
    carried: tuple[str, ...] = ()
    """Refs in the draft discussed by the previous comment under the same heading."""
    topic: str | None = None
    """The one draft provision the previous comment (same heading) is linked to, if one;
    a comment in between that links nothing (an aside on another act) keeps it."""
    synonyms: Mapping[str, str] = field(default_factory=dict)
    """Old term lemma -> new term lemma (from the alignment's term changes)."""
    threshold: float = DEFAULT_THRESHOLD


Resolver = Callable[[Comment, LinkContext, Sequence[Link]], list[Link]]


# ----------------------------------------------------------------------------- acts


def _fuzzy_in(word: str, pool: Iterable[str]) -> bool:
    w = word.replace("x", "ks").strip("-")
    for p in pool:
        q = p.replace("x", "ks").strip("-")
        if w == q or (len(w) > 4 and len(q) > 4 and SequenceMatcher(None, w, q).ratio() >= 0.85):
            return True
    return False


_GENERIC_ACT_WORDS = frozenset({"sag", "brug", "område", "regel", "m.v", "mv"})


def _subject_terms(text: str) -> list[str]:
    m = re.search(r"\b(?:om|vedr\.|vedrørende)\s+(.*)$", text, re.IGNORECASE | re.DOTALL)
    part = m.group(1) if m else text
    return [w for w in lemmas(part) if w not in _GENERIC_ACT_WORDS]


def _cases_terms(text: str) -> list[str]:
    """The case types of a title: "… i sager om fleksjob, førtidspension m.v." -> lemmas."""
    m = re.search(r"\bsager\s+om\s+(.*)$", text, re.IGNORECASE | re.DOTALL)
    return lemmas(m.group(1)) if m else []


def same_act(named: str, title: str) -> bool:
    """Whether an act named in a letter is the act with this title.

    Compares the subject words ("om …"); when both name case types ("i sager om X"), those
    must overlap. ``"bekendtgørelsen om sundhedsfaglig rådgivning"`` is the act titled
    "Bekendtgørelse om sundhedsfaglig rådgivning og vurdering i sager om fleksjob, …", but
    "… i sager om sygedagpenge, kontanthjælp" is not.
    """
    if not named.strip() or not title.strip():
        return False
    cases_named, cases_title = _cases_terms(named), _cases_terms(title)
    if cases_named and cases_title and not any(_fuzzy_in(w, cases_title) for w in cases_named):
        return False
    terms = _subject_terms(named)
    pool = set(_subject_terms(title))
    if not terms or not re.search(r"\b(?:om|vedr\.|vedrørende)\s", named, re.IGNORECASE):
        # "retssikkerhedsloven" names another act; "bekendtgørelsen", "de to bekendtgørelser"
        # name nothing else than the acts under consultation.
        return not re.search(r"\w{3,}lov(?:en|ens)?\b|\blov\b", named, re.IGNORECASE)
    hits = sum(1 for w in terms if _fuzzy_in(w, pool))
    return hits / len(terms) >= 0.75


def act_mentions(text: str) -> list[tuple[int, int, str]]:
    """Acts named with their subject in ``text``: ``(start, end, as written)``."""
    return [(m.start("act"), m.end("act"), m.group("act")) for m in ACT_MENTION.finditer(text)]


def _titles(ctx: LinkContext) -> list[str]:
    out = [ctx.against.doc.info.title]
    if ctx.previous is not None:
        out.append(ctx.previous.doc.info.title)
    return [t for t in out if t]


def names_other_act(named: str, ctx: LinkContext) -> bool:
    """True when ``named`` is neither the draft nor the previous version."""
    return not any(same_act(named, t) for t in _titles(ctx))


def about_other_act(comment: Comment, ctx: LinkContext) -> bool:
    """The comment's ``about`` (the act its section heading names) is another act."""
    return bool(comment.about) and names_other_act(comment.about, ctx)


def other_act_namings(comment: Comment, ctx: LinkContext) -> list[int]:
    """Where the comment's text names another act (offsets); none when it names the draft.

    Named: with its subject ("Vedrørende bekendtgørelse om sygedagpenge …"), or by a
    provision of it ("Efter retssikkerhedslovens § 4 …", "I bekendtgørelse nr. 1092 af
    3. august 2016 § 2 …"). Not named so: a provision the draft itself cites ("beskrivelsen
    efter § 43 i lov om en aktiv beskæftigelsesindsats", the draft's § 7, stk. 2), and a
    provision given in support ("…, jf. retssikkerhedslovens § 4").
    """
    text = comment.text
    mentions = act_mentions(text)
    if any(not names_other_act(m[2], ctx) for m in mentions):
        return []
    cited: list[tuple[int, int]] = []
    named: list[int] = []
    for c in find_citations(text, ctx):
        if c.document != "external":
            continue
        start, end = _act_extent(text, c)
        if draft_citing(c, ctx):
            cited.append((start, end))
        elif not SUPPORT_BEFORE.search(text[max(0, start - 20) : start]):
            named.append(start)
    named += [s for s, e, _act in mentions if not any(a < e and s < b for a, b in cited)]
    return sorted(named)


def opens_with_other_act(comment: Comment, ctx: LinkContext) -> bool:
    """The comment's first sentence names another act, and no sentence of it names the
    draft (see ``other_act_namings``)."""
    named = other_act_namings(comment, ctx)
    if not named:
        return False
    sents = sentences(comment.text)
    first_end = sents[0][1] if sents else len(comment.text)
    return named[0] < first_end


def _matched_elsewhere(comment: Comment, ctx: LinkContext, links: Sequence[Link]) -> bool:
    """A semantic link into the draft rests on a sentence that names no other act."""
    src = ctx.source_text
    s0 = comment.span[0]
    if not src or src[s0 : comment.span[1]] != comment.text:
        return False
    named = other_act_namings(comment, ctx)
    for lk in links:
        if lk.document != "against" or lk.basis != "semantic" or lk.span is None:
            continue
        at = lk.span[0] - s0
        for a, b in sentences(comment.text):
            if a <= at < b and not any(a <= n < b for n in named):
                return True
    return False


def act_target(
    comment: Comment, ctx: LinkContext, links: Sequence[Link] = ()
) -> Literal["other"] | None:
    """``"other"`` when the comment is about another act than the draft, else None.

    Either ``comment.about`` names another act, or the comment opens by naming another
    act and neither cites nor quotes the draft (``links``), nor matches it by meaning in a
    sentence that names no other act: an act named for an external citation ("jf. § 11 i
    lov om …") in a comment on § 7 does not make it "other", nor does a provision of another
    act that the draft cites itself.
    """
    if about_other_act(comment, ctx):
        return "other"
    if any(lk.document == "against" and lk.basis != "semantic" for lk in links):
        return None
    if not opens_with_other_act(comment, ctx):
        return None
    return None if _matched_elsewhere(comment, ctx, links) else "other"


# ----------------------------------------------------------------------------- citations


@dataclass(frozen=True)
class Citation:
    """A citation found in a comment, made canonical and classified."""

    refs: tuple[str, ...]
    document: Literal["against", "previous", "external"]
    start: int
    end: int
    """Offsets in the text searched."""
    text: str
    relative: bool = False
    """It had no § or chapter of its own ("stk. 2", "under 2)") and was completed from
    the context."""
    destination: bool = False
    """It says where something should move ("flyttet til kapitel 6")."""
    act: str | None = None
    """The other act, as written, of an external citation (when one is named at it)."""


_CONNECTOR = re.compile(r"^[\s*,]*(?:(?:og|eller|samt)\s+)?[\s*]*$")
_GROUP_JOIN = re.compile(r"^[\s*]*(?:,\s*)?(?:(?:og|eller|samt|samt\s+i)\s+|,\s*)[\s*]*$")
_CONTINUE = re.compile(
    r"""^\s*(?:,\s*)?(?P<op>-|–|og|eller|til|,)\s*
    (?P<num>\d{1,4}
        (?:[a-zæøå](?![a-zæøå])                # glued letter: "4a"
          |\s[a-hj-zæøå](?![a-zæøå])           # "15 a"; never "i" ("§§ 3 og 4 i lov om …")
          |\si(?=\s*[,.;:)]))?)                 # "4 i," is "4 i" again
    (?!\s*\.\s*(?:og\s+\d+\.\s*)?(?:pkt|[Ss]tk|stykke|nr)\b)  # "§ 8, 4. stk.": an ordinal
    (?![\d)])""",
    re.VERBOSE,
)


def _expand(first: str, text: str, pos: int, limit: int | None = None) -> tuple[list[str], int]:
    """A number and the list or range that continues it: "3 og 4", "21-23"; never into the
    next citation atom (at ``limit``)."""
    nums = [first]
    if re.fullmatch(r"\d+[-–]\d+", first):
        a, b = re.split(r"[-–]", first)
        if 0 < int(b) - int(a) < 100:
            nums = [str(n) for n in range(int(a), int(b) + 1)]
    while True:
        m = _CONTINUE.match(text[pos:])
        if not m or (limit is not None and pos + m.end() > limit):
            break
        num = m.group("num").replace(" ", " ")
        num = re.sub(r"^(\d+)\s?([a-zæøå])$", r"\1 \2", num)
        if m.group("op") in ("-", "–", "til") and num.isdigit() and nums[-1].isdigit():
            lo, hi = int(nums[-1]), int(num)
            if not 0 < hi - lo < 100:
                break
            nums.extend(str(n) for n in range(lo + 1, hi + 1))
        else:
            nums.append(num)
        pos += m.end()
    return nums, pos


@dataclass
class _Chain:
    start: int
    end: int
    chapter: list[str] = field(default_factory=list)
    annex: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    stk: list[str] = field(default_factory=list)
    nr: list[str] = field(default_factory=list)
    worded: bool = False
    """It starts with a part written in words ("stykke 4")."""

    def refs(self, context: str | None) -> tuple[list[str], bool]:
        """Canonical refs; a relative chain is completed from ``context`` (a ref)."""
        if self.chapter:
            return [f"kapitel {n}" for n in self.chapter], False
        if self.annex:
            return [f"bilag {n}" for n in self.annex], False
        relative = False
        bases = [f"§ {s}" for s in self.sections]
        if not bases:
            if not context or not context.startswith("§"):
                return [], True
            relative = True
            sec = re.match(r"§ [^,]+", context)
            if self.stk or sec is None:
                bases = [sec.group(0)] if sec else []
            else:
                stk = re.match(r"§ [^,]+, stk\. \d+", context)
                bases = [stk.group(0)] if stk else [sec.group(0)]
        out: list[str] = []
        for b in bases:
            subs = [f"{b}, stk. {k}" for k in self.stk] or [b]
            if self.nr:
                for s in subs:
                    s2 = s if ", stk." in s else f"{s}, stk. 1"
                    out.extend(f"{s2}, nr. {n}" for n in self.nr)
            else:
                out.extend(subs)
        return out, relative


def _worded_atoms(text: str, taken: Sequence[CitationAtom]) -> list[CitationAtom]:
    """Parts of a citation written out in words ("stykke 4", "4. stykke", "nummer 2"),
    outside the atoms ``citation_spans`` found."""
    out: list[CitationAtom] = []
    for m in WORDED_ATOM.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in taken):
            continue
        num = m.group("stk") or m.group("stk_ord") or m.group("nr")
        kind: Literal["subsection", "item"] = "item" if m.group("nr") else "subsection"
        out.append(CitationAtom(kind, num, m.start(), m.end(), m.group(0)))
    return out


def _chains(text: str) -> list[_Chain]:
    chains: list[_Chain] = []
    cur: _Chain | None = None
    last_level = 0
    level = {"chapter": 1, "annex": 1, "section": 2, "subsection": 3, "item": 4, "sentence": 5}
    atoms = citation_spans(text)
    worded = _worded_atoms(text, atoms)
    atoms = sorted([*atoms, *worded], key=lambda a: a.start)
    for i, atom in enumerate(atoms):
        limit = atoms[i + 1].start if i + 1 < len(atoms) else None
        nums, end = _expand(atom.num, text, atom.end, limit)
        lv = level[atom.kind]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        part_first = (  # "… og nr. 2 i § 14": the part belongs to the section after it
            atom.kind in ("subsection", "item")
            and nxt is not None
            and nxt.kind == "section"
            and INVERTED_JOIN.match(text[end : nxt.start]) is not None
        )
        joined = (
            cur is not None
            and not part_first
            and _CONNECTOR.match(text[cur.end : atom.start]) is not None
            and lv > last_level
            and not (lv == 2 and last_level == 1)
        )
        if atom.kind == "item" and not joined:
            # "lov nr. 254", "bekendtgørelse nr. 2236": an act's number, not an item.
            before = text[max(0, atom.start - 40) : atom.start]
            if re.search(
                r"(?:lov|bekendtgørelse|lovbekendtgørelse|cirkulære|vejledning)\s*$",
                before,
                re.IGNORECASE,
            ):
                continue
        if not joined:
            cur = _Chain(atom.start, end, worded=atom in worded)
            chains.append(cur)
        assert cur is not None
        cur.end = end
        last_level = lv
        if atom.kind == "chapter":
            cur.chapter.extend(nums)
        elif atom.kind == "annex":
            cur.annex.extend(nums)
        elif atom.kind == "section":
            cur.sections.extend(nums)
        elif atom.kind == "subsection":
            cur.stk.extend(nums)
        elif atom.kind == "item":
            cur.nr.extend(nums)
    return _inverted(text, chains)


def _inverted(text: str, chains: list[_Chain]) -> list[_Chain]:
    """A part named before its section is that section's part: "stk. 4 i § 8" is § 8,
    stk. 4, "nr. 2 i § 14, stk. 1" is § 14, stk. 1, nr. 2. A chain that starts with a part
    in words ("stykke 4") and belongs to no section is dropped: words are no citation alone."""
    out: list[_Chain] = []
    i = 0
    while i < len(chains):
        a = chains[i]
        b = chains[i + 1] if i + 1 < len(chains) else None
        if (
            b is not None
            and not (a.sections or a.chapter or a.annex)
            and (a.stk or a.nr)
            and b.sections
            and not b.nr
            and not (a.stk and b.stk)
            and INVERTED_JOIN.match(text[a.end : b.start])
        ):
            out.append(_Chain(a.start, b.end, sections=b.sections, stk=a.stk or b.stk, nr=a.nr))
            i += 2
            continue
        if not a.worded:
            out.append(a)
        i += 1
    return out


def _previous_numbers(ctx: LinkContext) -> set[str]:
    """The previous version's number, from its own metadata or from the draft, which
    revokes it ("Bekendtgørelse nr. 2236 af 29. december 2020 … ophæves")."""
    out = {r.number for r in ctx.against.doc.info.revokes if r.number}
    if ctx.previous is not None and ctx.previous.doc.info.number:
        out.add(ctx.previous.doc.info.number)
    return out


def _document_of_act(act: str, ctx: LinkContext) -> Literal["against", "previous", "external"]:
    """The document an act named at a citation is: the draft or the previous version by its
    number or its title ("bekendtgørelse nr. 2236", "bekendtgørelsen om sundhedsfaglig
    rådgivning"), else another act."""
    number = re.search(r"nr\.\s*(\d+)", act)
    if number:
        if number.group(1) == (ctx.against.doc.info.number or ""):
            return "against"
        if ctx.previous is not None and number.group(1) in _previous_numbers(ctx):
            return "previous"
        return "external"
    if re.fullmatch(r"(?:den\s+)?bekendtgørelsen?", act.strip(), re.IGNORECASE):
        return "against"
    if re.match(
        r"(?:den\s+)?(?:bekendtgørelse|lov)\w*\s.*?\b(?:om|vedr\.|vedrørende)\s", act, re.I
    ):
        if same_act(act, ctx.against.doc.info.title):
            return "against"
        if ctx.previous is not None and same_act(act, ctx.previous.doc.info.title):
            return "previous"
    return "external"


def _classify(
    text: str, start: int, end: int, ctx: LinkContext
) -> tuple[Literal["against", "previous", "external"], str | None]:
    """Which document a citation group at ``text[start:end]`` points into, and the act named
    at it (as written) when that is what decided.

    The act right after or before the citation is found as for a document's own references
    (``lovdiff.refs``: "§§ 3 og 4 i lov om …", "retssikkerhedslovens § 4", "bekendtgørelse
    nr. 1092 af 3. august 2016 § 2"), the draft being the document that names itself.
    """
    before = text[max(0, start - 120) : start]
    after = text[end : end + 160]
    if AGAINST_CUE_BEFORE.search(before) or AGAINST_CUE_AFTER.match(after):
        return "against", None
    if PREVIOUS_CUE_BEFORE.search(before) or PREVIOUS_CUE_AFTER.match(after):
        return "previous", None
    own = own_of(ctx.against.doc)
    act = act_after(text, end, own)
    if act is not None:
        return _document_of_act(act, ctx), act
    if OWN_BEFORE.search(before):
        return "against", None
    act = act_before(text, start, own)
    if act is not None:
        return _document_of_act(act, ctx), act
    # "§ 2" in a sentence about another act: "Vedrørende bekendtgørelse om sygedagpenge …, at § 2".
    starts = [a for a, _b in sentences(text) if a <= start] or [0]
    sent_start = starts[-1]
    if len(starts) > 1 and re.search(r"\bm\.?v\.\s*$", text[:sent_start]):
        sent_start = starts[-2]  # "Lov om … m.v. Kap. 2; § 9": the title ended with "m.v."
    for _s, _e, act in act_mentions(text[sent_start:start]):
        if names_other_act(act, ctx):
            return "external", act
    sentence = text[sent_start:start]
    if PREVIOUS_FRAME.search(sentence) and not AGAINST_WORDS.search(sentence):
        return "previous", None
    return "against", None


def find_citations(text: str, ctx: LinkContext, context: str | None = None) -> list[Citation]:
    """Citations in ``text``, canonical and classified; relative ones completed from
    ``context`` (the ref under discussion) or from the citation before them."""
    chains = _chains(text)
    # Groups: chains joined by "og"/"," share the act named after the last of them.
    groups: list[list[_Chain]] = []
    for ch in chains:
        if groups and _GROUP_JOIN.match(text[groups[-1][-1].end : ch.start]):
            groups[-1].append(ch)
        else:
            groups.append([ch])
    out: list[Citation] = []
    current = context
    for group in groups:
        doc, act = _classify(text, group[0].start, group[-1].end, ctx)
        for ch in group:
            refs, relative = ch.refs(current if doc != "external" else None)
            if not refs:
                continue
            before = text[max(0, ch.start - 30) : ch.start]
            out.append(
                Citation(
                    refs=tuple(refs),
                    document=doc,
                    start=ch.start,
                    end=ch.end,
                    text=text[ch.start : ch.end],
                    relative=relative,
                    destination=DESTINATION.search(before) is not None,
                    act=act if doc == "external" else None,
                )
            )
            if doc == "against" and not ch.chapter and not ch.annex:
                current = refs[-1]
    for m in ITEM_POINTER.finditer(text):
        base = current or context
        if base and base.startswith("§") and ", nr." not in base and doc_has_items(ctx, base):
            b = base if ", stk." in base else f"{base}, stk. 1"
            out.append(
                Citation(
                    refs=(f"{b}, nr. {m.group('num')}",),
                    document="against",
                    start=m.start(),
                    end=m.end(),
                    text=m.group(0),
                    relative=True,
                )
            )
    out.sort(key=lambda c: c.start)
    return out


def doc_has_items(ctx: LinkContext, ref: str) -> bool:
    """Whether the provision ``ref`` in the draft has numbered items."""
    prefix = (ref if ", stk." in ref else f"{ref}, stk. 1") + ", nr. "
    return any(r.startswith(prefix) for r in ctx.against.refs)


# ----------------------------------------------------------------------------- spans


def _source_span(ctx: LinkContext, comment: Comment, start: int, end: int) -> Span | None:
    """Map offsets in ``comment.text`` to the response file's text."""
    src = ctx.source_text
    s0, s1 = comment.span
    if not src:
        return None
    if src[s0:s1] == comment.text:
        return (s0 + start, s0 + end)
    needle = comment.text[start:end]
    if not needle.strip():
        return None
    lo, hi = max(0, s0 - 50), min(len(src), s1 + 50)
    pos = src.find(needle, lo, hi)
    if pos >= 0:
        return (pos, pos + len(needle))
    # The comment's text was cleaned (markdown marks, line breaks removed): find the same
    # characters with such debris between them.
    chars = [re.escape(ch) for ch in needle if not ch.isspace()]
    m = re.compile(r"[\s*_]*".join(chars)).search(src, lo, hi)
    return (m.start(), m.end()) if m else None


def _heading_span(ctx: LinkContext, comment: Comment, start: int, end: int) -> Span | None:
    src = ctx.source_text
    if not src or not comment.heading:
        return None
    s0 = comment.span[0]
    pos = src.rfind(comment.heading.strip(), max(0, s0 - len(comment.heading) - 600), s0 + 5)
    if pos < 0:
        return None
    lead = len(comment.heading) - len(comment.heading.lstrip())
    return (pos + start - lead, pos + end - lead)


# ----------------------------------------------------------------------------- resolvers


def _make_link(
    ref: str,
    document: DocName,
    basis: Literal["explicit", "quote", "semantic"],
    confidence: float,
    evidence: str,
    ctx: LinkContext,
    span: Span | None,
) -> Link | None:
    idx = ctx.against if document == "against" else ctx.previous
    if idx is None or ref not in idx.refs:
        return None
    prov = idx.doc.by_ref(ref)
    return Link(
        ref=ref,
        document=document,
        basis=basis,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        evidence=evidence,
        eid=prov.eid if prov else "",
        span=span,
    )


def explicit_links(comment: Comment, ctx: LinkContext, found: Sequence[Link]) -> list[Link]:
    """Citations in the heading and text, anaphora and item pointers (basis "explicit")."""
    heading_links: list[Link] = []
    heading_cites = find_citations(comment.heading, ctx) if comment.heading else []
    context: str | None = None
    heading_refs: list[str] = []
    for c in heading_cites:
        if c.document == "external":
            continue
        for ref in c.refs:
            lk = _make_link(
                ref, c.document, "explicit", 0.95, c.text, ctx,
                _heading_span(ctx, comment, c.start, c.end),
            )  # fmt: skip
            if lk:
                heading_links.append(lk)
                if c.document == "against":
                    heading_refs.append(ref)
        if c.document == "against":
            context = c.refs[-1]
    links: list[Link] = []
    text_cites = find_citations(comment.text, ctx, context)
    refined: set[str] = set()
    for c in text_cites:
        if c.document == "external":
            continue
        conf = 0.9 if c.relative or c.document == "previous" else 0.95
        if c.destination:
            conf = 0.75
        for ref in c.refs:
            lk = _make_link(
                ref, c.document, "explicit", conf, c.text, ctx,
                _source_span(ctx, comment, c.start, c.end),
            )  # fmt: skip
            if lk:
                links.append(lk)
                if c.document == "against":
                    inside = set(ctx.against.ancestors.get(ref, ())) | {ref}
                    if inside & set(heading_refs):
                        refined.update(heading_refs)
    # "§ 14, stk. 1" + "under 2)", "(§§ 17-19)" + "§ 17, stk. 4": the text says which
    # provision under the heading is meant; the heading's wider refs are only context. The
    # text's own links stay, also when they repeat the heading ("Til § 8, stk. 4" + "Vi er
    # imod § 8, stk. 4").
    links = [
        lk for lk in heading_links
        if not (lk.document == "against" and lk.ref in refined)
    ] + links  # fmt: skip
    anaphor = ANAPHOR.search(comment.text)
    if anaphor and not any(lk.document == "against" for lk in links) and ctx.carried:
        for ref in ctx.carried:
            if anaphor.group("word").lower().startswith("kapitl") != ref.startswith("kapitel"):
                continue
            lk = _make_link(
                ref, "against", "explicit", 0.85, f"{anaphor.group(0)} ({ref})", ctx,
                _source_span(ctx, comment, anaphor.start(), anaphor.end()),
            )  # fmt: skip
            if lk:
                links.append(lk)
    return links


CITED_BY_DRAFT = 0.75
"""Confidence of a link through a provision of another act that the draft cites."""


def _act_extent(text: str, c: Citation) -> tuple[int, int]:
    """Offsets of an external citation together with the act named at it, as written:
    "§ 43 i lov om en aktiv beskæftigelsesindsats", "retssikkerhedslovens § 4"."""
    if not c.act:
        return c.start, c.end
    name = _act_name(c.act)
    pattern = re.compile(r"\s+".join(re.escape(w) for w in name.split()), re.IGNORECASE)
    after = pattern.search(text, c.end, min(len(text), c.end + 40 + len(name) * 2))
    if after is not None and not text[c.end : after.start()].strip(" ,").split()[1:]:
        return c.start, after.end()  # only "i"/"efter"/"jf." between
    before = list(pattern.finditer(text, max(0, c.start - 20 - len(name) * 2), c.start))
    if before and not text[before[-1].end() : c.start].strip(" ,"):
        return before[-1].start(), c.end
    return c.start, c.end


def _act_name(act: str) -> str:
    """An act as written without the words of the sentence that follow it: "lov om
    organisering … m.v. skal inddrage personen" -> "lov om organisering … m.v."."""
    m = ACT_MENTION.match(act)
    if m is None:
        return act
    name = m.group("act")
    rest = re.match(r"\s*(?:m\.v\.|mv\.)", act[m.end("act") :])
    return name + rest.group(0) if rest else name


def _act_kind(act: str) -> str:
    if re.match(r"(?:den\s+)?bekendtgørelse", act, re.IGNORECASE):
        return "order"
    return "law" if re.search(r"lov", act, re.IGNORECASE) else "other"


def same_other_act(named: str, cited: str) -> bool:
    """Whether an act named in a letter is an act the draft cites, both as written: the
    same number, the same short name ("retssikkerhedslovens", "retssikkerhedsloven"), or
    the same kind and subject ("lov om organisering …", "lovbekendtgørelse nr. 254 af
    1. marts 2024 om organisering og understøttelse af beskæftigelsesindsatsen m.v.")."""
    num_a = re.search(r"nr\.\s*(\d+)", named)
    num_b = re.search(r"nr\.\s*(\d+)", cited)
    if num_a and num_b:
        return num_a.group(1) == num_b.group(1)
    has_om = [re.search(r"\s(?:om|vedr\.|vedrørende)\s", f" {x} ") for x in (named, cited)]
    if all(has_om):
        return _act_kind(named) == _act_kind(cited) and same_act(_act_name(named), cited)
    stems = [re.match(r"([\w-]{3,}lov)(?:en|ens|s)?\b", x.strip(), re.I) for x in (named, cited)]
    if stems[0] and stems[1]:
        return stems[0].group(1).lower() == stems[1].group(1).lower()
    return False


def _ref_key(ref: str) -> str:
    return re.sub(r"\s+", "", ref)


def draft_citing(c: Citation, ctx: LinkContext) -> list[Reference]:
    """The draft's references to the provisions of another act an external citation names
    (the same act, the same provision or one inside or around it); only the exact ones when
    there are any."""
    if c.act is None:
        return []
    wanted = [_ref_key(r) for r in c.refs]
    near: list[Reference] = []
    exact: list[Reference] = []
    for r in ctx.against.doc.references:
        if r.internal or not r.act or not same_other_act(c.act, r.act):
            continue
        have = [_ref_key(t) for t in r.targets]
        if any(w == h for w in wanted for h in have):
            exact.append(r)
        elif any(w.startswith(h + ",") or h.startswith(w + ",") for w in wanted for h in have):
            near.append(r)
    return exact or near


def cited_act_links(comment: Comment, ctx: LinkContext, found: Sequence[Link]) -> list[Link]:
    """A provision of another act that the draft itself cites is linked to the draft's
    provision citing it ("beskrivelsen efter § 43 i lov om en aktiv beskæftigelsesindsats"
    -> § 7, stk. 2, which says "jf. § 43 i lov om en aktiv beskæftigelsesindsats"), basis
    "explicit" with lower confidence. Not when more than two provisions of the draft cite
    it: nothing says which one is meant."""
    idx = ctx.against
    links: list[Link] = []
    for c in find_citations(comment.text, ctx):
        if c.document != "external":
            continue
        sources: list[str] = []
        for r in draft_citing(c, ctx):
            ref = idx.sole_subsection.get(r.source, r.source)
            if ref in idx.refs and ref not in sources:
                sources.append(ref)
        if not sources or len(sources) > 2:
            continue
        start, end = _act_extent(comment.text, c)
        for ref in sources:
            lk = _make_link(
                ref, "against", "explicit", CITED_BY_DRAFT, comment.text[start:end], ctx,
                _source_span(ctx, comment, start, end),
            )  # fmt: skip
            if lk:
                links.append(lk)
    return links


NAMED = 0.7
"""Confidence of a link to a provision named by what it rules ("bestemmelsen om …")."""


def _holds(subject: Sequence[str], words: Iterable[str]) -> bool:
    have = set(words)
    return bool(subject) and all(w in have for w in subject)


def _section_of(ref: str) -> str:
    m = re.match(r"§ [^,]+", ref)
    return m.group(0) if m else ref


def named_links(comment: Comment, ctx: LinkContext, found: Sequence[Link]) -> list[Link]:
    """Provisions named by what they rule (basis "semantic"): the in-force provision for
    "ikrafttrædelsen"/"ikrafttrædelsesdatoen", and for "bestemmelsen om X" the one chapter
    whose heading holds X's words, else the provision(s) of one section whose text holds
    them (several sections: the one the rest of the comment is about, if clearly one; none
    when X is only the order's own subject, "sundhedsfaglig rådgivning"). Skipped when the
    comment already cites or quotes the draft."""
    if any(lk.document == "against" for lk in found):
        return []
    idx = ctx.against
    text = comment.text
    m = IN_FORCE_WORD.search(text)
    if m and not PREVIOUS_CUE_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
        refs = {
            idx.sole_subsection.get(p.ref, p.ref)
            for p in idx.doc.provisions
            if p.kind == "subsection" and IN_FORCE_TEXT.match(p.text)
        }
        if len(refs) == 1:
            lk = _make_link(
                refs.pop(), "against", "semantic", NAMED, m.group(0), ctx,
                _source_span(ctx, comment, m.start(), m.end()),
            )  # fmt: skip
            if lk:
                return [lk]
    for m in NAMED_PROVISION.finditer(text):
        if PREVIOUS_CUE_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
            continue
        subject = [ctx.synonyms.get(w, w) for w in lemmas(m.group("subject"))]
        if not subject or len(subject) > 5:
            continue
        ref = _named_ref(subject, text, ctx)
        if ref is None:
            continue
        lk = _make_link(
            ref, "against", "semantic", NAMED, m.group("name"), ctx,
            _source_span(ctx, comment, m.start("name"), m.end("name")),
        )  # fmt: skip
        if lk:
            return [lk]
    return []


def _named_ref(subject: Sequence[str], text: str, ctx: LinkContext) -> str | None:
    """The provision "bestemmelsen om <subject>" names (see ``named_links``), or None."""
    idx = ctx.against
    chapters = [
        p.ref
        for p in idx.doc.provisions
        if p.kind == "chapter"
        and _holds(subject, (ctx.synonyms.get(w, w) for w in lemmas(p.heading)))
    ]
    if len(chapters) == 1:
        return chapters[0]
    if all(w in idx.title_terms for w in subject):
        return None  # "bestemmelsen om sundhedsfaglig rådgivning": the order's own subject
    cands = [(1.0, u) for u in idx.units if _holds(subject, u.words)]
    sections = {_section_of(u.ref) for _c, u in cands}
    if len(sections) == 1:
        refs = {u.ref for _c, u in cands}
        return refs.pop() if len(refs) == 1 else sections.pop()
    rest = text_terms(text, ctx.synonyms) - set(subject)
    best = _disambiguate(_most_specific(cands, idx), rest, idx)
    return best[0][1].ref if len(best) == 1 else None


def _match_quote(
    words: Sequence[str], idx: DocIndex, min_block: int = 3
) -> list[tuple[float, Unit]]:
    """Units holding the quoted words, with the share of the quote found (blocks >= 3)."""
    out: list[tuple[float, Unit]] = []
    for u in candidate_units(words, idx) if len(words) >= GRAM + 2 else idx.units:
        sm = SequenceMatcher(None, words, u.words, autojunk=False)
        got = sum(b.size for b in sm.get_matching_blocks() if b.size >= min_block)
        if got:
            out.append((got / len(words), u))
    return out


def _most_specific(cands: list[tuple[float, Unit]], idx: DocIndex) -> list[tuple[float, Unit]]:
    """Best-covering units, dropping any whose descendant covers as well."""
    if not cands:
        return []
    best = max(c for c, _u in cands)
    top = [(c, u) for c, u in cands if c >= best - 0.02]
    keep = []
    for c, u in top:
        if any(u.ref in idx.ancestors.get(v.ref, ()) for _c, v in top if v is not u):
            continue
        keep.append((c, u))
    return keep


def _disambiguate(
    cands: list[tuple[float, Unit]], comment_terms: set[str], idx: DocIndex
) -> list[tuple[float, Unit]]:
    """Among several equally good units, keep the one the rest of the comment is about."""
    if len(cands) <= 1:
        return cands
    scored = sorted(
        ((_cosine(comment_terms, u, idx), c, u) for c, u in cands),
        key=lambda x: -x[0],
    )
    if scored[0][0] > 0 and scored[0][0] >= 1.3 * scored[1][0]:
        return [(scored[0][1], scored[0][2])]
    return []


def quote_links(comment: Comment, ctx: LinkContext, found: Sequence[Link]) -> list[Link]:
    """The draft's wording quoted in marks, or a long unquoted run of it (basis "quote")."""
    idx = ctx.against
    links: list[Link] = []
    cterms = text_terms(comment.text, ctx.synonyms)
    covered: list[tuple[int, int]] = []
    for m in QUOTE.finditer(comment.text):
        key = "q" if m.group("q") is not None else "s"
        inner = QUOTE_TRIM.match(m.group(key))
        assert inner is not None  # QUOTE_TRIM matches any string
        quoted = inner.group("words")
        q_start = m.start(key) + inner.start("words")
        words = _lemmas_all(quoted, ctx.synonyms)
        if len(words) < 4:
            continue  # 'eller undersøgelse': a proposed wording, not a quote
        cands = [(c, u) for c, u in _match_quote(words, idx) if c >= 0.8]
        best = _disambiguate(_most_specific(cands, idx), cterms, idx)
        for cover, u in best:
            covered.append((m.start(), m.end()))
            lk = _make_link(
                u.ref, "against", "quote", 0.75 + 0.2 * cover, quoted, ctx,
                _source_span(ctx, comment, q_start, q_start + len(quoted)),
            )  # fmt: skip
            if lk:
                links.append(lk)
    links.extend(_unquoted_runs(comment, ctx, covered, cterms))
    return links


_RUN_MIN = 8


def _unquoted_runs(
    comment: Comment, ctx: LinkContext, covered: list[tuple[int, int]], cterms: set[str]
) -> list[Link]:
    """Runs of >= 8 words that appear verbatim (by lemma) in one provision's text."""
    idx = ctx.against
    toks = [
        (ctx.synonyms.get(lem, lem), start, start + len(word))
        for word, lem, start in tokens(comment.text)
        if any(ch.isalnum() for ch in word) and not any(a <= start < b for a, b in covered)
    ]
    if len(toks) < _RUN_MIN:
        return []
    words = [t[0] for t in toks]
    hits: dict[str, tuple[int, int, Unit]] = {}
    for u in candidate_units(words, idx, _RUN_MIN - GRAM + 1):
        sm = SequenceMatcher(None, words, u.words, autojunk=False)
        for b in sm.get_matching_blocks():
            if b.size >= _RUN_MIN:
                content = sum(
                    1 for w in words[b.a : b.a + b.size] if w in idx.idf and is_content(w)
                )
                run = " ".join(words[b.a : b.a + b.size])
                titles = idx.titles + (ctx.previous.titles if ctx.previous else ())
                if content < 4 or any(run in t for t in titles):
                    continue
                prev = hits.get(u.ref)
                if prev is None or b.size > prev[1] - prev[0]:
                    hits[u.ref] = (b.a, b.a + b.size, u)
    if not hits:
        return []
    cands = [(float(e - s), u) for s, e, u in hits.values()]
    best_len = max(c for c, _u in cands)
    cands = [(c / best_len, u) for c, u in cands]
    best = _disambiguate(_most_specific(cands, idx), cterms, idx)
    links = []
    for _c, u in best:
        s, e, _u = hits[u.ref]
        first, last = toks[s][1], toks[e - 1][2]
        lk = _make_link(
            u.ref, "against", "quote", min(0.9, 0.6 + 0.02 * (e - s)), comment.text[first:last],
            ctx, _source_span(ctx, comment, first, last),
        )  # fmt: skip
        if lk:
            links.append(lk)
    return links


def _cosine(terms: set[str], u: Unit, idx: DocIndex) -> float:
    shared = terms & u.terms
    if not shared:
        return 0.0
    known = [t for t in terms if t in idx.idf]
    snorm = math.sqrt(sum(idx.idf[t] ** 2 for t in known)) or 1.0
    return sum(idx.idf[t] ** 2 for t in shared) / (snorm * idx.norms[u.ref])


MAX_SHARE = 0.12
"""A term found in more than this share of the draft's provisions is not distinctive."""


def semantic_score(
    terms: set[str], u: Unit, idx: DocIndex, *, max_share: float = MAX_SHARE
) -> tuple[float, list[str]]:
    """Cosine of idf-weighted terms, and the distinctive shared terms (best first).

    Zero unless the match rests on at least two distinctive words, and on a lemma pair or
    a number phrase or three distinctive words: common words of the draft ("kommunen",
    "klinisk funktion") never make a link on their own.
    """
    shared = (terms & u.terms) - idx.title_terms
    n = len(idx.units)
    min_idf = math.log((n + 1) / (max(2.0, max_share * n) + 0.5))
    distinctive = sorted(
        (t for t in shared if idx.idf.get(t, 0.0) >= min_idf), key=lambda t: -idx.idf[t]
    )
    words = [t for t in distinctive if " " not in t]
    pairs = [t for t in distinctive if " " in t and not t.startswith("#")]
    numbers = [t for t in distinctive if t.startswith("#")]
    if not (
        (len(words) >= 2 and (pairs or numbers or len(words) >= 3))
        or (len(words) == 1 and len(pairs) >= 2)
    ):
        return 0.0, distinctive
    return _cosine(terms, u, idx), distinctive


UNRIVALLED = 0.8
"""Share of the semantic threshold enough for a match no other provision rivals at all."""


def semantic_links(comment: Comment, ctx: LinkContext, found: Sequence[Link]) -> list[Link]:
    """Implicit references by meaning, sentence by sentence (basis "semantic").

    Skipped when the comment already cites or quotes the draft: then the comment says
    itself what it is about.
    """
    if any(lk.document == "against" for lk in found):
        return []
    idx = ctx.against
    best: dict[str, tuple[float, list[str], int, int]] = {}
    for s, e in sentences(comment.text):
        terms = text_terms(comment.text[s:e], ctx.synonyms)
        if len(terms) < 2:
            continue
        for u in idx.units:
            score, shared = semantic_score(terms, u, idx)
            if score > best.get(u.ref, (0.0,))[0]:
                best[u.ref] = (score, shared, s, e)
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
    if not ranked or ranked[0][1][0] < ctx.threshold * UNRIVALLED:
        return []
    if ranked[0][1][0] < ctx.threshold:
        # a little under the threshold: only three or more shared terms that nothing else
        # in the draft has a share of ("udveksling", "helbredsoplysning", "samtykke" -> § 2)
        rival = ranked[1][1][0] if len(ranked) > 1 else 0.0
        if len(set(ranked[0][1][1])) < 3 or rival > 0.0:
            return []
    top_ref, (score, shared, s, e) = ranked[0]
    units = {u.ref: u for u in idx.units}
    # A rival elsewhere in the draft that explains the words about as well: too ambiguous.
    # A sibling (same parent): link the parent, the words fit the provision as a whole.
    ref = top_ref
    for other_ref, (oscore, _osh, _os, _oe) in ranked[1:]:
        if oscore < 0.8 * score:
            break
        related = other_ref in idx.ancestors.get(top_ref, ()) or top_ref in idx.ancestors.get(
            other_ref, ()
        )
        if related:
            continue
        parent = units[top_ref].parent
        if parent is not None and units[other_ref].parent == parent and parent.startswith("§"):
            ref = parent
            score *= 0.9
            continue
        return []
    conf = min(0.85, 0.35 + score)
    evidence = _surface(comment.text[s:e], shared, ctx) or ", ".join(shared[:6])
    lk = _make_link(
        ref, "against", "semantic", conf, evidence, ctx, _source_span(ctx, comment, s, e)
    )
    return [lk] if lk else []


def _surface(sentence: str, shared: Sequence[str], ctx: LinkContext) -> str:
    """The sentence's own words behind the shared terms, in order: "inden for 12 måneder, …"."""
    words = {w for t in shared if not t.startswith("#") for w in t.split()}
    numbers = [t[1:] for t in shared if t.startswith("#")]
    out: list[str] = []
    taken: list[tuple[int, int]] = []
    for m in NUMBER_PHRASE.finditer(sentence):
        if _number_term(m)[1:] in numbers:
            out.append(m.group(0))
            taken.append(m.span())
    for word, lemma, start in tokens(sentence):
        inside = any(a <= start < b for a, b in taken)
        if ctx.synonyms.get(lemma, lemma) in words and word not in out and not inside:
            out.append(word)
    return ", ".join(out)


CONTINUED = 0.5
"""Confidence of a link that continues the previous comment's provision."""


def continuation_links(comment: Comment, ctx: LinkContext, found: Sequence[Link]) -> list[Link]:
    """A paragraph that goes on about the provision the previous paragraph cited or quoted
    (FH: § 8, stk. 4 quoted, then "Det er problematisk …", "Der bør derfor sikres adgang til
    kontakt med klinisk funktion") is linked to it too (basis "semantic", low confidence):
    only when nothing else links it, and it shares two or more of the provision's content
    words, common ones included, one of them a lemma pair ("klinisk funktion")."""
    if ctx.topic is None or found:
        return []
    unit = next((u for u in ctx.against.units if u.ref == ctx.topic), None)
    if unit is None:
        return []
    terms = text_terms(comment.text, ctx.synonyms)
    shared = sorted((terms & unit.terms) - ctx.against.title_terms)
    words = [t for t in shared if " " not in t and not t.startswith("#")]
    pairs = [t for t in shared if " " in t and not t.startswith("#")]
    if len(words) < 2 or not pairs:
        return []
    evidence = "fortsætter forrige bemærkning: " + (
        _surface(comment.text, shared, ctx) or ", ".join(shared[:6])
    )
    lk = _make_link(
        ctx.topic, "against", "semantic", CONTINUED, evidence, ctx, _source_span(
            ctx, comment, 0, len(comment.text)
        ),
    )  # fmt: skip
    return [lk] if lk else []


DEFAULT_RESOLVERS: tuple[Resolver, ...] = (
    explicit_links,
    cited_act_links,
    quote_links,
    named_links,
    semantic_links,
    continuation_links,
)


# ----------------------------------------------------------------------------- assembly


def merge_links(links: Iterable[Link]) -> list[Link]:
    """One link per (document, ref, basis), the most confident; semantic links to a ref that
    is also cited or quoted are dropped. Ordered by basis, then confidence."""
    best: dict[tuple[str, str, str], Link] = {}
    for lk in links:
        key = (lk.document, lk.ref, lk.basis)
        if key not in best or lk.confidence > best[key].confidence:
            best[key] = lk
    strong = {(d, r) for d, r, b in best if b != "semantic"}
    out = [lk for (d, r, b), lk in best.items() if b != "semantic" or (d, r) not in strong]
    out.sort(key=lambda lk: (_BASIS_RANK[lk.basis], -lk.confidence))
    return out


def successor_links(
    found: Sequence[Link], ctx: LinkContext, comparison: Comparison | None
) -> list[Link]:
    """A citation of the previous version's numbering, carried to the draft provision the
    alignment pairs it with ("reglen i den gældende § 12, stk. 2, er videreført" is about
    the draft's § 11, stk. 2). Not when the draft dropped the provision, and not when the
    comment already links that provision, or one above or below it, in the draft."""
    if comparison is None:
        return []
    in_draft = {lk.ref for lk in found if lk.document == "against"}
    near: set[str] = set()
    for ref in in_draft:
        near |= {ref, *ctx.against.ancestors.get(ref, ())}
    out: list[Link] = []
    for lk in found:
        if lk.document != "previous" or lk.basis != "explicit":
            continue
        pairs = [p for p in comparison.pairs if p.old == lk.ref and p.new is not None]
        whole = [p for p in pairs if p.method not in ("merge", "split")] or pairs
        if not whole:
            continue
        new = max(whole, key=lambda p: p.similarity).new
        assert new is not None
        # near: a linked ref or one of its ancestors; inside: below a linked ref
        inside = any(ref in ctx.against.ancestors.get(new, ()) for ref in in_draft)
        if new in near or inside:
            continue
        succ = _make_link(new, "against", "explicit", 0.85, lk.evidence, ctx, lk.span)
        if succ is not None:
            out.append(succ)
            in_draft.add(new)
            near |= {new, *ctx.against.ancestors.get(new, ())}
    return out


def with_change(link: Link, comparison: Comparison | None) -> Link:
    """Add ``change`` and ``previous`` from the alignment to a link into the draft.

    The pair of the linked ref decides (the closest one when a split or merge gives
    several). A section whose only paragraph is its stk. 1 is linked as the section, but its
    text moved as that stk.: the stk.'s pair names the predecessor more precisely
    (2026 § 5 <- 2020 § 1, stk. 5), and a predecessor that is a lone stk. 1 is named as its
    section.
    """
    if comparison is None or link.document != "against":
        return link
    pairs = [p for p in comparison.pairs if p.new == link.ref]
    sole = [p for p in comparison.pairs if p.new == f"{link.ref}, stk. 1"]
    if sole and _is_lone_subsection(comparison.new, f"{link.ref}, stk. 1"):
        pairs = sole + pairs
    if not pairs:
        return link
    pair = max(pairs, key=lambda p: (p.old is not None, p.similarity))
    change = {"added": "new", "changed": "changed", "unchanged": "unchanged"}.get(pair.status)
    old = pair.old
    if old is not None and old.endswith(", stk. 1") and _is_lone_subsection(comparison.old, old):
        old = old[: -len(", stk. 1")]
    return replace(link, change=change, previous=old)


def _is_lone_subsection(doc: Document, ref: str) -> bool:
    """``ref`` ("§ 5, stk. 1") is the only stk. of its section in ``doc``."""
    section = ref.rsplit(", stk.", 1)[0]
    prefix = f"{section}, stk. "
    stks = {p.ref for p in doc.provisions if p.kind == "subsection" and p.ref.startswith(prefix)}
    return stks == {ref}


def term_synonyms(comparison: Comparison | None) -> dict[str, str]:
    """Lemma of each systematically replaced term -> lemma of its replacement
    ("borgeren" -> "personen" gives borger -> person): letters keep the old words."""
    if comparison is None:
        return {}
    out: dict[str, str] = {}
    for tc in comparison.term_changes:
        old, new = tc.old.split(), tc.new.split()
        if len(old) == 1 and len(new) == 1:
            a, b = lemma_of(old[0]), lemma_of(new[0])
            if a != b:
                out[a] = b
    return out


def link_comment(
    comment: Comment,
    ctx: LinkContext,
    resolvers: Sequence[Resolver] = DEFAULT_RESOLVERS,
    comparison: Comparison | None = None,
) -> Comment:
    """One comment with ``target`` and ``links`` filled."""
    if about_other_act(comment, ctx):
        return replace(comment, target="other", links=())
    found: list[Link] = []
    for resolver in resolvers:
        found.extend(resolver(comment, ctx, tuple(found)))
    found.extend(successor_links(found, ctx, comparison))
    links = [with_change(lk, comparison) for lk in merge_links(found)]
    if act_target(comment, ctx, links) == "other":
        return replace(comment, target="other", links=())
    target: Literal["against", "general"] = "against" if links else "general"
    return replace(
        comment, target=target, links=tuple(links), unresolved=unresolved_citations(comment, ctx)
    )


def unresolved_citations(comment: Comment, ctx: LinkContext) -> tuple[str, ...]:
    """Citations of the draft or the previous version that name no provision there."""
    out: list[str] = []
    context: str | None = None
    for text in (comment.heading, comment.text):
        if not text:
            continue
        for c in find_citations(text, ctx, context):
            if c.document == "external":
                continue
            idx = ctx.against if c.document == "against" else ctx.previous
            for ref in c.refs:
                if idx is None or ref not in idx.refs:
                    label = ref if c.document == "against" else f"{ref} (tidligere version)"
                    if label not in out:
                        out.append(label)
            if c.document == "against" and text is comment.heading:
                context = c.refs[-1]
    return tuple(out)


def link_responses(
    sources: Sequence[ResponseSourceLike],
    against: Document,
    *,
    previous: Document | None = None,
    comparison: Comparison | None = None,
    resolvers: Sequence[Resolver] = DEFAULT_RESOLVERS,
    threshold: float = DEFAULT_THRESHOLD,
) -> Consultation:
    """Link every comment of every response to the draft (and the previous version).

    Comments keep their order and text; only ``target`` and ``links`` change. The draft's
    index is built once per document and reused.
    """
    synonyms = term_synonyms(comparison)
    a_idx = index_for(against, synonyms)
    p_idx = index_for(previous) if previous is not None else None
    responses: list[Response] = []
    for src in sources:
        for resp in src.responses:
            comments: list[Comment] = []
            carried: tuple[str, ...] = ()
            topic: str | None = None
            skipped = False
            heading = None
            for comment in resp.comments:
                if comment.heading != heading:
                    carried, topic, skipped, heading = (), None, False, comment.heading
                ctx = LinkContext(
                    against=a_idx,
                    previous=p_idx,
                    source_text=src.text,
                    carried=carried,
                    topic=topic,
                    synonyms=synonyms,
                    threshold=threshold,
                )
                linked = link_comment(comment, ctx, resolvers, comparison)
                in_draft = {lk.ref for lk in linked.links if lk.document == "against"}
                if in_draft or skipped:
                    topic = next(iter(in_draft)) if len(in_draft) == 1 else None
                    skipped = False
                else:
                    skipped = True  # one unlinked comment may stand between

                explicit = tuple(
                    lk.ref for lk in linked.links
                    if lk.document == "against" and lk.basis == "explicit"
                )  # fmt: skip
                carried = explicit or carried
                comments.append(linked)
            responses.append(replace(resp, comments=tuple(comments)))
    texts = tuple((str(s.path), s.text) for s in sources)
    return Consultation(
        responses=tuple(responses),
        against=against.info,
        previous=previous.info if previous is not None else None,
        text=sources[0].text if len(sources) == 1 else "",
        sources=texts,
    )
