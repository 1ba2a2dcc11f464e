"""lovdiff's spaCy pipeline: Danish tokens, lemmas, sentences and citation atoms.

This is the only module that imports spaCy, and it does so lazily: ``get_nlp()`` builds the
pipeline once (``spacy.blank("da")`` + lookup lemmatizer from spacy-lookups-data + sentencizer),
so commands that need no NLP (``lovdiff parse``, ``diff``) never pay for it.

The pipeline knows Danish legal abbreviations (``stk.``, ``nr.``, ``jf.``, ``bl.a.``, ``m.v.``,
``lbk.``, ``§§`` …): they stay one token and never end a sentence, while a citation that ends a
sentence ("… retssikkerhedslovens § 4. Som …") does. ``citation_spans`` finds the atoms of
citations (``§ 8``, ``stk. 4``, ``nr. 2``, ``kapitel 4``, ``bilag 1``, ``2. pkt.``) with a
``Matcher``; ``lovdiff.link`` chains them into canonical refs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

CitationKind = Literal["section", "subsection", "item", "chapter", "annex", "sentence"]

ABBREVIATIONS: tuple[str, ...] = (
    "stk.",
    "Stk.",
    "nr.",
    "Nr.",
    "pkt.",
    "jf.",
    "Jf.",
    "jfr.",
    "Jfr.",
    "bl.a.",
    "Bl.a.",
    "m.v.",
    "mv.",
    "m.m.",
    "f.eks.",
    "F.eks.",
    "fx.",
    "Fx.",
    "evt.",
    "Evt.",
    "pr.",
    "ca.",
    "kr.",
    "pct.",
    "lbk.",
    "bek.",
    "kap.",
    "Kap.",
    "vedr.",
    "Vedr.",
    "iht.",
    "inkl.",
    "ekskl.",
    "osv.",
    "etc.",
    "dvs.",
    "Dvs.",
    "mht.",
    "ift.",
    "att.",
    "Att.",
)
"""Tokens kept whole by the tokenizer (each also as its own special case)."""

SENTENCE_FINAL_ABBREVIATIONS = frozenset({"m.v.", "mv.", "m.m.", "kr.", "pct.", "osv.", "etc."})
"""Abbreviations that may end a sentence when a capitalised word follows."""

CITATION_HEADS = frozenset({"§", "§§", "stk.", "nr.", "kapitel", "kap.", "bilag"})

_LEGAL_STOPWORDS = """
    stk. stk nr. nr pkt. pkt jf. jf jfr. jfr bl.a. m.v. mv. m.m. f.eks. fx. fx evt. pr. ca. kr.
    pct. lbk. bek. kap. vedr. iht. inkl. osv. etc. dvs. mht. ift. att. §
    bekendtgørelse bekendtgørelsen lov loven paragraf bestemmelse kapitel bilag
    udkast høring høringssvar bemærkning bemærke foreslå forslag præcisere præcisering tilføje
    tilføjelse ønske anbefale finde mene vurdere lægge grund fremgå følge gælde skulle kunne
    ville måtte burde blive være have gøre sige del side dato
    herunder således endvidere desuden derfor dog fortsat også allerede ligeledes herudover
    hermed heraf herom hertil samt eller både enten hvilken hvilke hvorvidt hvordan hvornår
    sådan sådanne anden andre øvrig øvrige enkelt enkelte konkret konkrete relevant relevante
    særlig særligt generelt generel overordnet
    ske sag tilfælde brug led form baggrund forbindelse henblik måde område
    helt delvis delvist fuldt blot alene altid aldrig ofte typisk gerne meget mere mindre
    større stor lille god godt hurtig hurtigt hurtigst muligt mulig nødvendig nødvendigt
    væsentlig væsentligt tale eksempel eksempelvis fremover fremadrettet vigtig vigtigt
"""
LEGAL_STOPWORDS: frozenset[str] = frozenset(_LEGAL_STOPWORDS.split())
"""Words of letters and orders that carry no subject matter for linking."""

_CITATION_NUM = r"^\d{1,4}[a-zæøå]?(?:[-–]\d{1,4}[a-zæøå]?)?\.?$"


@dataclass(frozen=True)
class CitationAtom:
    """One atom of a citation: ``§ 8``, ``stk. 4``, ``nr. 2``, ``kapitel 4``, ``2. pkt.``."""

    kind: CitationKind
    num: str
    """The number normalised: "8", "15 a", "21-23"; for ``sentence`` the pkt number."""
    start: int
    end: int
    """Character offsets of the atom in the text given to ``citation_spans``."""
    text: str
    plural: bool = False
    """``§§``: a list or range of sections follows."""


def _legal_sentences(doc: Any) -> Any:
    """Fix sentence starts the sentencizer gets wrong in legal Danish.

    * "§ 4. Som …": the number token ``4.`` after a citation head ends the sentence;
    * "… m.v. Næste …": some abbreviations end a sentence before a capital letter;
    * "stk. 2" etc. never start a sentence after the abbreviation, and no sentence starts with
      a lowercase word after a period ("ml. kommunen": an abbreviation not listed).
    """
    n = len(doc)
    for i, tok in enumerate(doc[:-1]):
        if tok.is_space:
            continue
        j = i + 1
        while j < n - 1 and doc[j].is_space:
            j += 1
        nxt = doc[j]
        low = tok.lower_
        start: bool | None = None
        if any("\n\n" in doc[k].text for k in range(i + 1, j)) or "\n\n" in tok.whitespace_:
            start = True  # a blank line always ends a sentence
        elif (
            i > 0
            and re.fullmatch(r"\d{1,4}[a-z]?\.", tok.text)
            and doc[i - 1].lower_ in CITATION_HEADS
            and nxt.text[:1].isupper()
            and nxt.lower_ not in ("stk.", "pkt.")
        ) or (low in SENTENCE_FINAL_ABBREVIATIONS and nxt.text[:1].isupper()):
            start = True
        elif (
            low in CITATION_HEADS
            or low in ("jf.", "jfr.", "pkt.")
            or (low.endswith(".") and nxt.text[:1].islower())  # "ml. kommunen": not listed
            or nxt.text[:1] in ",;:"
        ):
            start = False
        if start is not None:
            for k in range(i + 1, j):
                doc[k].is_sent_start = False
            doc[j].is_sent_start = start
    return doc


@cache
def get_nlp() -> Language:
    """The shared pipeline, built on first use (about a second) and cached."""
    import spacy
    from spacy.language import Language

    if "lovdiff_legal_sentences" not in Language.factories:
        Language.component("lovdiff_legal_sentences", func=_legal_sentences)

    nlp = spacy.blank("da")
    tokenizer: Any = nlp.tokenizer
    for abbr in (*ABBREVIATIONS, "§§"):
        tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    # "§§" glued to a number ("§§21") and "§8" split like "§ 8".
    prefixes = [r"§§", *(nlp.Defaults.prefixes or [])]
    tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lovdiff_legal_sentences")
    nlp.initialize()
    return nlp


@cache
def _lemma_table() -> Any:
    """The lookup table (a spaCy ``Table``: ``get(word)`` hashes the string)."""
    return get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]


@lru_cache(maxsize=65536)
def lemma_of(word: str) -> str:
    """Lowercased lookup lemma of one word; compounds by their head ("speciallægeattesten").

    >>> lemma_of("Kommunerne")
    'kommune'
    """
    low = word.lower()
    table = _lemma_table()
    hit = table.get(low)
    if hit:
        return hit.lower()
    if len(low) >= 8 and low.isalpha():
        # Danish compounds: lemmatise the longest known head word ("…attesten" -> "…attest").
        for k in range(3, len(low) - 3):
            head = table.get(low[k:])
            if head and len(low) - k >= 4:
                return low[:k] + head.lower()
    return low


@cache
def stopwords() -> frozenset[str]:
    """spaCy's Danish stop words plus lovdiff's legal-letter stop words, lowercased."""
    from spacy.lang.da.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS) | LEGAL_STOPWORDS


def is_content(lemma: str) -> bool:
    """True for a lemma that may carry subject matter (not a stop word, number or symbol)."""
    return (
        len(lemma) > 1
        and any(c.isalpha() for c in lemma)
        and lemma not in stopwords()
        and not lemma.endswith(".")
    )


@lru_cache(maxsize=4096)
def _doc(text: str) -> Any:
    return get_nlp()(text)


def tokens(text: str) -> list[tuple[str, str, int]]:
    """Every token as ``(text, lowercased lemma, start offset)``, punctuation included."""
    return [(t.text, lemma_of(t.text), t.idx) for t in _doc(text)]


def lemmas(text: str) -> list[str]:
    """Lowercased content lemmas of ``text`` in order, stop words and numbers removed.

    >>> lemmas("Kommunen indgår samarbejdsaftalen med den region, hvor kommunen er beliggende.")
    ['kommune', 'indgå', 'samarbejdsaftale', 'region', 'kommune', 'beligge']
    """
    out: list[str] = []
    for tok in _doc(text):
        if tok.is_punct or tok.is_space:
            continue
        lem = lemma_of(tok.text)
        if is_content(lem) and tok.lower_ not in stopwords():
            out.append(lem)
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, legal abbreviations respected."""
    return [(s.start_char, s.end_char) for s in _doc(text).sents]


@cache
def _citation_matcher() -> Any:
    from spacy.matcher import Matcher

    num = {"TEXT": {"REGEX": _CITATION_NUM}}
    # "§ 15 a"; never "i" ("§ 12 i lov om …" is the preposition).
    letter = {"TEXT": {"REGEX": r"^[a-hj-zæøå]\.?$"}, "OP": "?"}
    m = Matcher(get_nlp().vocab)
    m.add(
        "section",
        [
            [{"ORTH": {"IN": ["§", "§§"]}}, num, letter],
            [{"LOWER": {"IN": ["paragraf", "paragraph"]}}, num, letter],  # "paragraf 8"
        ],
    )
    m.add(
        "subsection",
        [
            [{"LOWER": {"IN": ["stk.", "stk"]}}, num],
            [{"TEXT": {"REGEX": r"^[Ss]tk\.\d{1,3}\.?$"}}],  # "stk.4"
            [{"TEXT": {"REGEX": r"^\d{1,3}\.$"}}, {"LOWER": {"IN": ["stk.", "stk"]}}],  # "4. stk."
        ],
    )
    m.add("item", [[{"LOWER": {"IN": ["nr.", "nr"]}}, num]])
    m.add("chapter", [[{"LOWER": {"IN": ["kapitel", "kap."]}}, num]])
    m.add("annex", [[{"LOWER": "bilag"}, num]])
    m.add("sentence", [[{"TEXT": {"REGEX": r"^\d{1,2}\.$"}}, {"LOWER": "pkt."}]])
    return m


def _atom_num(kind: str, words: list[str]) -> str:
    if kind == "sentence" or (len(words) == 2 and words[1].lower().startswith("stk")):
        return words[0].rstrip(".")  # "2. pkt.", "4. stk."
    if len(words) == 1:  # "stk.4"
        return words[0][4:].rstrip(".")
    num = words[1].rstrip(".")
    if len(words) > 2:
        num = f"{num} {words[2].rstrip('.')}"
    m = re.fullmatch(r"(\d+)([a-zæøå])", num)
    if m:  # "§ 2a" is "§ 2 a"
        num = f"{m.group(1)} {m.group(2)}"
    return num


def citation_spans(text: str) -> list[CitationAtom]:
    """The citation atoms in ``text``, in order, longest match first, never overlapping.

    >>> [(a.kind, a.num) for a in citation_spans("jf. § 14, stk. 1, nr. 2, og kapitel 4")]
    [('section', '14'), ('subsection', '1'), ('item', '2'), ('chapter', '4')]
    """
    doc = _doc(text)
    strings = get_nlp().vocab.strings
    found: list[CitationAtom] = []
    taken: set[int] = set()
    matches = sorted(_citation_matcher()(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    for match_id, start, end in matches:
        if any(i in taken for i in range(start, end)):
            continue
        kind = strings[match_id]
        span = doc[start:end]
        words = [t.text for t in span]
        # "§ 4. Som": a trailing capital-letter "letter" is the next word, not "4 a".
        if kind == "section" and len(words) == 3 and not words[2].islower():
            words = words[:2]
            span = doc[start : start + 2]
        end_char = span.end_char
        if words[-1].endswith(".") and kind != "sentence":
            end_char -= 1  # the period ends the sentence, it is not part of the number
        taken.update(range(span.start, span.end))
        found.append(
            CitationAtom(
                kind=kind,
                num=_atom_num(kind, words),
                start=span.start_char,
                end=end_char,
                text=text[span.start_char : end_char],
                plural=words[0] == "§§",
            )
        )
    found.sort(key=lambda a: a.start)
    return found
