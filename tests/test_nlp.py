"""lovdiff.nlp: tokens, sentences, lemmas and citation atoms of legal Danish."""

from __future__ import annotations

import doctest
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import corpus_path
from lovdiff import nlp


def test_pipeline_is_built_once_and_cached() -> None:
    assert nlp.get_nlp() is nlp.get_nlp()
    assert nlp.get_nlp().pipe_names == ["lemmatizer", "sentencizer", "lovdiff_legal_sentences"]


def test_doctests() -> None:
    assert doctest.testmod(nlp).failed == 0


def test_legal_abbreviations_are_one_token_and_never_end_a_sentence() -> None:
    text = (
        "Det følger af § 8, stk. 4, jf. bl.a. lbk. nr. 254, bek. nr. 2236 og f.eks. "
        "kap. 3, jfr. evt. §§ 21-23 m.v. Næste sætning starter her."
    )
    words = [w for w, _lemma, _start in nlp.tokens(text)]
    for abbr in ("stk.", "jf.", "bl.a.", "lbk.", "nr.", "bek.", "f.eks.", "kap.", "jfr.", "evt."):
        assert abbr in words, abbr
    assert "§§" in words
    sents = [text[a:b] for a, b in nlp.sentences(text)]
    assert sents == [text[: text.index(" Næste")], "Næste sætning starter her."]


def test_a_citation_may_end_a_sentence() -> None:
    text = "jfr. retssikkerhedslovens § 4. Som fastslår at borgeren skal medvirke."
    sents = [text[a:b] for a, b in nlp.sentences(text)]
    assert sents == ["jfr. retssikkerhedslovens § 4.", "Som fastslår at borgeren skal medvirke."]
    (atom,) = nlp.citation_spans(text)
    assert (atom.kind, atom.num, atom.text) == ("section", "4", "§ 4")


def test_ordinal_before_pkt_does_not_end_a_sentence() -> None:
    text = "Det gælder ikke for sager omfattet af § 18, stk. 2, 2. pkt. i loven."
    assert len(nlp.sentences(text)) == 1


def test_lemmas_are_lowercased_content_words() -> None:
    got = nlp.lemmas("Klinisk funktion skal have ydet den sundhedsfaglige rådgivning, jf. stk. 2.")
    assert got == ["klinisk", "funktion", "yde", "sundhedsfaglig", "rådgivning"]
    assert nlp.lemmas("Det er den, der har det.") == []


def test_lemmas_of_unknown_compounds_use_their_head_word() -> None:
    assert nlp.lemma_of("Speciallægeattesten") == "speciallægeattest"
    assert nlp.lemma_of("samarbejdsaftalerne") == "samarbejdsaftale"
    assert nlp.lemma_of("Borgerens") == "borger"


def test_citation_atoms_in_the_forms_letters_use() -> None:
    cases = {
        "i §8, *Stk. 4. er": [("section", "8"), ("subsection", "4")],
        "jf. § 14, stk. 1, nr. 2": [("section", "14"), ("subsection", "1"), ("item", "2")],
        "Kapitel 6, § 15": [("chapter", "6"), ("section", "15")],
        "§ 15 a, stk. 1, 2. pkt., og bilag 1": [
            ("section", "15 a"),
            ("subsection", "1"),
            ("sentence", "2"),
            ("annex", "1"),
        ],
        "§2a og §§ 21-23": [("section", "2 a"), ("section", "21-23")],
        "efter § 12 i lov om sygedagpenge": [("section", "12")],
        "§8 stk.4 og paragraf 9, 2. stk.": [
            ("section", "8"),
            ("subsection", "4"),
            ("section", "9"),
            ("subsection", "2"),
        ],
    }
    for text, expected in cases.items():
        atoms = nlp.citation_spans(text)
        assert [(a.kind, a.num) for a in atoms] == expected, text
        for a in atoms:
            assert text[a.start : a.end] == a.text


SOUP = st.lists(
    st.sampled_from(
        ["§", "§§", "§8", "stk.", "Stk.", "nr.", "4", "4.", "15 a", "21-23", "2.", "pkt.",
         "kapitel", "Kapitel", "bilag", "og", ",", "*", "i", "lov", "om", ".", "Det", "1)",
         "jf.", "bl.a.", "m.v.", "\n", "“", "”"]
    ),
    max_size=40,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(SOUP)
def test_atoms_and_sentences_are_consistent_on_any_soup(words: list[str]) -> None:
    text = " ".join(words)
    atoms = nlp.citation_spans(text)
    last = 0
    for a in atoms:
        assert last <= a.start < a.end <= len(text)
        assert text[a.start : a.end] == a.text
        last = a.end
    sents = nlp.sentences(text)
    pos = 0
    for s, e in sents:
        assert pos <= s <= e <= len(text)
        pos = e


def _imports_spacy(code: str) -> bool:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('spacy' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1] == "True"


def test_parsing_never_imports_spacy() -> None:
    assert not _imports_spacy("import lovdiff.parse")
    assert not _imports_spacy("import lovdiff.link")  # only linking itself builds the pipeline
    path = corpus_path("udkast-2026")
    code = (
        "import contextlib, io\n"
        "from lovdiff.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['parse', {str(path)!r}]) == 0\n"
    )
    assert not _imports_spacy(code)
    assert _imports_spacy("from lovdiff.nlp import get_nlp\nget_nlp()")
