"""Tests of word diffs, normalisation, similarity and term-change detection."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st

from lovdiff.terms import (
    apply_terms,
    canonical_words,
    cited_sections,
    detect_term_changes,
    is_editorial,
    renumber_references,
)
from lovdiff.textdiff import (
    _CODEC,
    _Codec,
    _cpp,
    clear_caches,
    normalise,
    similarity,
    word_diff,
    words,
)

# Danish-looking text: words, numbers, §, punctuation, odd spaces and line-end hyphens.
_pieces = st.sampled_from(
    [
        "borgeren",
        "personen",
        "skal",
        "§",
        "26",
        "stk.",
        "2",
        ",",
        ".",
        " ",
        "  ",
        "\n",
        "afta\u2010\nler",
        "\u00a0",
        "kommunen",
        "æøå",
        "Æ",
        "1)",
        "jf.",
        "\t",
        "\u201c",
        "x",
        "\ue000",
        "\U000f0000",
    ]
)
texts = st.lists(_pieces, max_size=40).map("".join) | st.text(max_size=80)


def _rebuild(ops: tuple[tuple[int, str], ...]) -> tuple[str, str]:
    return "".join(t for op, t in ops if op <= 0), "".join(t for op, t in ops if op >= 0)


def test_texts_with_more_distinct_words_than_precomputed_code_points_rebuild() -> None:
    """Past the 6,400 private-use code points of the BMP they come from planes 15 and 16."""
    a = " ".join(f"ord{i}" for i in range(8000))
    b = " ".join(f"ord{i}" for i in range(0, 8000, 2)) + " nyt"
    ops = word_diff(a, b)
    assert _rebuild(ops) == (a, b)
    assert any(op == 1 and "nyt" in t for op, t in ops)


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_diff_ops_rebuild_both_texts(a: str, b: str) -> None:
    ops = word_diff(a, b)
    assert _rebuild(ops) == (a, b)
    assert all(op in (-1, 0, 1) and text for op, text in ops)
    assert all(x[0] != y[0] for x, y in zip(ops, ops[1:], strict=False))  # merged runs


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.sampled_from(["ord", "og", "§", "12", "kommunen", "skal"]), min_size=300, max_size=600
    )
)
def test_long_texts_rebuild_through_the_patience_split(ws: list[str]) -> None:
    a = " ".join(ws)
    b = " ".join(ws[::2] + ["nyt"] + ws[1::3])
    assert _rebuild(word_diff(a, b)) == (a, b)


# Encoded token strings as ``word_diff`` diffs them: small alphabets make many equal
# stretches and ties; the second alphabet lies beyond the Basic Multilingual Plane, where the
# code points of texts with more than 6,400 distinct tokens come from.
_codes = st.sampled_from(
    ["\ue000\ue001\ue002\ue003", "".join(map(chr, range(0xF0000, 0xF0040)))]
).flatmap(
    lambda alphabet: st.tuples(st.text(alphabet, max_size=150), st.text(alphabet, max_size=150))
)


@settings(max_examples=400, deadline=None)
@given(_codes, st.booleans())
def test_the_cpp_port_gives_the_python_diff_match_patch_ops(
    ab: tuple[str, str], semantic: bool
) -> None:
    """lovdiff diffs with diff-match-patch's C++ port for speed; its ops must be the ops the
    reference Python implementation gives (``diff_main`` without line mode or timeout, then
    the semantic cleanup), or the word diffs would depend on which one ran."""
    a, b = ab
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    expected = dmp.diff_main(a, b, False)
    if semantic:
        dmp.diff_cleanupSemantic(expected)
    assert _cpp(a, b, semantic=semantic) == [tuple(op) for op in expected]


@given(texts, texts)
def test_similarity_is_bounded_and_symmetric_on_identity(a: str, b: str) -> None:
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert similarity(a, a) == 1.0


@given(texts)
def test_normalise_is_idempotent_and_keeps_words(a: str) -> None:
    once = normalise(a)
    assert normalise(once) == once
    assert "\n" not in once and "  " not in once


def test_word_diff_is_word_level_and_deterministic() -> None:
    a = "Kommunen skal yde borgeren sundhedsfaglig rådgivning, jf. § 26."
    b = "Kommunen skal yde personen sundhedsfaglig rådgivning, jf. § 16."
    ops = word_diff(a, b)
    assert (-1, "borgeren") in ops and (1, "personen") in ops
    assert (-1, "26") in ops and (1, "16") in ops
    assert word_diff(a, b) == ops == word_diff.__wrapped__(a, b)


def test_unrelated_texts_are_one_deletion_and_one_insertion() -> None:
    ops = word_diff("Bekendtgørelsen træder i kraft", "Regionen betaler månedsvis bagud")
    assert [op for op, _ in ops] == [-1, 1]


def test_normalise_undoes_pdf_hyphenation_but_keeps_real_hyphens() -> None:
    assert normalise("afta\u2010\nler om\n\nsundheds- og ældreministeren") == (
        "aftaler om sundheds- og ældreministeren"
    )
    assert normalise("ar\u2010\n\nbejdstid") == "arbejdstid"
    assert words("CPR-lovens § 6, stk. 4") == ["cpr-lovens", "6", "stk", "4"]


# ------------------------------------------------------------------ terms


def _pairs() -> list[tuple[str, str]]:
    base = [
        ("Kommunen skal inddrage borgeren i sagen.", "Kommunen skal inddrage personen i sagen."),
        ("Det skal ske med borgerens samtykke.", "Det skal ske med personens samtykke."),
        ("Lægen taler med borgeren om helbredet.", "Lægen taler med personen om helbredet."),
        ("Borgerens læge får kopi af attesten.", "Personens læge får kopi af attesten."),
        (
            "Kommunen underretter borgere om afgørelsen.",
            "Kommunen underretter personer om afgørelsen.",
        ),
        ("Regionen aftaler prisen med kommunen.", "Regionen aftaler prisen med staten."),
    ]
    return base


def test_term_changes_found_with_inflections_and_not_one_off_edits() -> None:
    pairs = _pairs()
    old_all = " ".join(a for a, _ in pairs)
    new_all = " ".join(b for _, b in pairs)
    changes, terms = detect_term_changes(pairs, old_all, new_all)
    found = {(t.old, t.new) for t in changes}
    assert ("borgeren", "personen") in found and ("borgerens", "personens") in found
    # the rare plural is accepted on the strength of the shared stem
    assert ("borgere", "personer") in found
    # a single substantive edit is not a term change
    assert ("kommunen", "staten") not in found
    assert canonical_words(words("Borgerens ret"), terms) == ["personens", "ret"]
    assert apply_terms("Borgeren og borgerens læge", terms) == "Personen og personens læge"


def test_no_term_change_when_the_old_word_survives() -> None:
    pairs = [("a borgeren b", "a personen b")] * 4
    # "borgeren" is still everywhere in the new version: not a systematic replacement
    changes, _ = detect_term_changes(pairs, "borgeren " * 4, "borgeren " * 4 + "personen")
    assert not changes


def test_editorial_means_terms_and_renumbered_references_only() -> None:
    pairs = _pairs()
    _changes, terms = detect_term_changes(
        pairs, " ".join(a for a, _ in pairs), " ".join(b for _, b in pairs)
    )
    sections = {"26": "16", "27": "17"}
    assert is_editorial(
        "Borgeren skal, jf. § 26, have svar.",
        "Personen skal, jf. § 16, have svar.",
        terms,
        sections,
    )
    assert is_editorial("efter §§ 26 og 27", "efter §§ 16 og 17", terms, sections)
    assert not is_editorial(
        "Borgeren skal have svar.", "Personen skal have et svar.", terms, sections
    )
    assert not is_editorial("jf. § 26", "jf. § 18", terms, sections)
    assert not is_editorial("samme tekst", "samme tekst", terms, sections)
    assert renumber_references("kapitel 3 og § 26", sections, {"3": "4"}) == "kapitel 4 og § 16"
    assert cited_sections("§§ 21-23 og § 26 a, jf. § 4, stk. 2") == {"21", "22", "23", "26 a", "4"}


def test_a_renamed_ministry_is_one_phrase_replacement() -> None:
    old_name, new_name = (
        "Ministeren for fødevarer, landbrug og fiskeri",
        "Miljø- og fødevareministeren",
    )
    bodies = ["fastsætter regler om mærkning.", "kan bemyndige en styrelse.", "fører tilsyn."]
    pairs = [(f"{old_name} {b}", f"{new_name} {b}") for b in bodies]
    old_all = " ".join(a for a, _ in pairs)
    new_all = " ".join(b for _, b in pairs)
    changes, terms = detect_term_changes(pairs, old_all, new_all)
    assert [(t.old, t.new, t.count) for t in changes] == [
        ("ministeren for fødevarer, landbrug og fiskeri", "miljø- og fødevareministeren", 3)
    ]
    assert is_editorial(pairs[0][0], pairs[0][1], terms, {})
    assert "fiskeri" not in canonical_words(words(pairs[1][0]), terms)


_token_text = st.text(
    alphabet=st.sampled_from(list("ab1_-. \n\tæ§,") + ["\u00a0", "\u0301", "İ"]), max_size=40
)


@given(_token_text)
@settings(max_examples=300, deadline=None)
def test_possessive_tokenisers_match_the_plain_patterns(text: str) -> None:
    """The tokenisers' possessive quantifiers (for speed) never change a match: the same
    tokens and words as the plain, backtracking patterns."""
    import re

    from lovdiff.textdiff import tokens

    assert tokens(text) == re.findall(r"\w+(?:[-.]\w+)*|\s+|[^\w\s]", text)
    assert words(text) == re.findall(r"\w+(?:[-.]\w+)*", text.lower())


@settings(max_examples=100, deadline=None)
@given(texts, texts, st.lists(texts, max_size=6))
def test_a_diff_does_not_depend_on_the_texts_diffed_before(
    a: str, b: str, before: list[str]
) -> None:
    """The token table is shared by every diff of the process: the characters a pair gets
    depend on what was encoded before, its ops must not."""
    clear_caches()
    fresh = word_diff(a, b)
    clear_caches()
    for k, other in enumerate(before):
        word_diff(other, before[k - 1] + " x")
    word_diff.cache_clear()
    assert word_diff(a, b) == fresh


def test_the_token_table_starts_afresh_when_the_code_points_run_out(monkeypatch) -> None:
    """Past the last private-use code point the table is rebuilt, so a long-running process
    (the viewer) never runs out; a single pair with more distinct tokens is refused."""
    clear_caches()
    monkeypatch.setattr(_Codec, "LIMIT", 40)
    for n in range(6):
        a = " ".join(f"ord{n}x{i}" for i in range(8))
        b = a.replace("x3", "y3")
        assert _rebuild(word_diff(a, b)) == (a, b)
    assert len(_CODEC.code) <= 40
    many = " ".join(f"a{i}" for i in range(30))
    with pytest.raises(ValueError, match="for mange forskellige ord"):
        word_diff(many, many + " " + " ".join(f"b{i}" for i in range(20)))
    clear_caches()


def test_threads_diffing_at_once_get_the_ops_of_one_thread() -> None:
    """Two tokens never share a character when threads (the viewer's) encode at once."""
    pairs = [
        (" ".join(f"t{k}w{i}" for i in range(60)), " ".join(f"t{k}w{i}" for i in range(1, 61)))
        for k in range(200)
    ]
    clear_caches()
    alone = [word_diff(a, b) for a, b in pairs]
    clear_caches()
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda ab: word_diff(*ab), pairs))
    assert together == alone


# The comparison's note-marker patterns open with a lookahead only for speed: with it removed
# they must find the same matches, in texts made of the characters that decide them.
_MARKER_ALPHABET = st.text(alphabet="ab stkrpl.,;:()§1234-\n", max_size=60)


@pytest.mark.parametrize(
    ("name", "lead"),
    [
        ("_NOTE_MARKER", r"(?=\d{1,2}\))"),
        ("_LOOSE_SPACE", r"(?=\s)"),
        ("GLUED_NOTE_MARKER", r"(?=\d{1,2}\))"),
        ("GLUED_NOTE_NUMBER", r"(?=[^\W\d_]\.?\d)"),
    ],
)
@settings(max_examples=300, deadline=None)
@given(text=_MARKER_ALPHABET)
def test_marker_patterns_lookahead_is_only_a_speed_up(name: str, lead: str, text: str) -> None:
    import re

    from lovdiff import regexes, textdiff

    compiled = getattr(textdiff if name.startswith("_") else regexes, name)
    assert compiled.pattern.startswith(lead)
    plain = re.compile(compiled.pattern[len(lead) :], compiled.flags)
    assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in plain.finditer(text)]
