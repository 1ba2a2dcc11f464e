"""Tests of term-change detection beyond one-word swaps (``lovdiff.terms``).

A name shortened or lengthened by a word ("Offentlig Digital Post" -> "Digital Post") and a
ministry renamed in two places at once ("Økonomi- og erhvervsministeren" -> "Erhvervs- og
vækstministeren") are one drafting decision each, like "borgeren" -> "personen". The texts
below are written for these tests, modelled on the Digital Post act and the ship-finance act.
"""

from __future__ import annotations

from lovdiff.align import compare
from lovdiff.models import Comparison
from lovdiff.parse import parse_text
from lovdiff.terms import EMPTY, apply_terms, canonical_words, detect_term_changes, is_editorial
from lovdiff.textdiff import words

_POST_BODIES = [
    "Virksomheder skal være tilsluttet {name} fra den 1. november 2013.",
    "Meddelelser, der sendes via {name}, har samme retsvirkninger som papirbreve.",
    "En meddelelse anses for kommet frem, når den er tilgængelig i {name}.",
    "Ministeren kan fastsætte regler om fritagelse fra tilslutning til {name}.",
    "Kommunen kan hjælpe borgere med at bruge {name} ved personligt fremmøde.",
]
_KEPT = [
    "En offentlig afsender kan sende meddelelser til en modtager.",
    "Loven gælder ikke for en offentlig myndighed i Grønland.",
]


def _post_texts(old_name: str, new_name: str) -> tuple[list[tuple[str, str]], str, str]:
    pairs = [(b.format(name=old_name), b.format(name=new_name)) for b in _POST_BODIES]
    pairs += [(k, k) for k in _KEPT]
    return pairs, " ".join(a for a, _ in pairs), " ".join(b for _, b in pairs)


def _found(changes: tuple) -> list[tuple[str, str, int]]:  # type: ignore[type-arg]
    return [(t.old, t.new, t.count) for t in changes]


def test_a_word_dropped_from_a_name_is_a_phrase_replacement_with_its_context() -> None:
    pairs, old_all, new_all = _post_texts("Offentlig Digital Post", "Digital Post")
    changes, terms = detect_term_changes(pairs, old_all, new_all)
    # "offentlig" alone survives ("en offentlig afsender"): only the name is replaced, and it
    # is shown as written (a name keeps its capitals)
    assert _found(changes) == [("Offentlig Digital Post", "Digital Post", 5)]
    old, new = pairs[1]
    assert is_editorial(old, new, terms, {})
    assert apply_terms(old, terms) == new
    assert canonical_words(words(old), terms) == words(new)
    assert canonical_words(words(_KEPT[0]), terms) == words(_KEPT[0])


def test_a_word_added_to_a_name_is_a_phrase_replacement_with_its_context() -> None:
    pairs, old_all, new_all = _post_texts("Digital Post", "Offentlig Digital Post")
    changes, terms = detect_term_changes(pairs, old_all, new_all)
    assert _found(changes) == [("Digital Post", "Offentlig Digital Post", 5)]
    for old, new in pairs[:5]:
        assert is_editorial(old, new, terms, {})
        assert canonical_words(words(old), terms) == words(new)


def test_a_word_dropped_in_varied_places_is_not_a_term_change() -> None:
    """A role dropped from a few lists ("kommunen og sundhedskoordinatoren" -> "kommunen")
    is a substantive change, though it recurs and the role vanishes from the new text: the
    dropped word mostly stood elsewhere, not in that phrase."""
    pairs, old_all, new_all = _post_texts("Offentlig Digital Post", "Digital Post")
    dropped = [
        (
            f"Kommunen og sundhedskoordinatoren skal inden {n} uger tage stilling til sagen.",
            f"Kommunen skal inden {n} uger tage stilling til sagen.",
        )
        for n in ("fire", "otte", "tolv")
    ]
    elsewhere = [
        "Sundhedskoordinatoren er en læge ansat i regionen.",
        "Regionen stiller sundhedskoordinatoren til rådighed for kommunen.",
        "Hvis sundhedskoordinatoren er forhindret, udpeger regionen en stedfortræder.",
        "Rådgivningen fra sundhedskoordinatoren er skriftlig.",
    ]
    pairs += dropped
    old_all += " " + " ".join(a for a, _ in dropped) + " " + " ".join(elsewhere)
    new_all += " " + " ".join(b for _, b in dropped)
    changes, terms = detect_term_changes(pairs, old_all, new_all)
    assert _found(changes) == [("Offentlig Digital Post", "Digital Post", 5)]
    assert not any(is_editorial(a, b, terms, {}) for a, b in dropped)


_MINISTRY_BODIES = [
    "{name} bemyndiges til at godkende oprettelsen af et institut.",
    "Instituttets navn skal godkendes af {lower}.",
    "{name} kan tillade instituttet at udstede obligationer.",
    "Et medlem af bestyrelsen udpeges af {lower}.",
]


_BORGER_PAIRS = [
    (
        "Kommunen hører borgeren eller borgerens værge.",
        "Kommunen hører personen eller personens værge.",
    ),
    ("Borgeren eller borgerens læge kan klage.", "Personen eller personens læge kan klage."),
    ("Kommunen vejleder borgeren om sagen.", "Kommunen vejleder personen om sagen."),
    ("Borgeren kan få aktindsigt.", "Personen kan få aktindsigt."),
    ("Afgørelsen sendes til borgerens adresse.", "Afgørelsen sendes til personens adresse."),
    ("Kommunen skal inddrage borgerens læge.", "Kommunen skal inddrage personens læge."),
]


def test_two_replacements_that_always_stand_together_are_one_phrase() -> None:
    """Økonomi -> erhvervs and erhvervsministeren -> vækstministeren are never seen apart:
    one renamed ministry. Borgeren -> personen and borgerens -> personens also stand side by
    side ("borgeren eller borgerens"), but each is seen alone too: two replacements."""
    old_name, new_name = "Økonomi- og erhvervsministeren", "Erhvervs- og vækstministeren"
    pairs = [
        (
            b.format(name=old_name, lower=old_name.lower()),
            b.format(name=new_name, lower=new_name.lower()),
        )
        for b in _MINISTRY_BODIES
    ]
    pairs += _BORGER_PAIRS
    old_all = " ".join(a for a, _ in pairs)
    new_all = " ".join(b for _, b in pairs)
    changes, terms = detect_term_changes(pairs, old_all, new_all)
    assert _found(changes) == [
        ("borgeren", "personen", 4),
        ("borgerens", "personens", 4),
        ("økonomi- og erhvervsministeren", "erhvervs- og vækstministeren", 4),
    ]
    for old, new in pairs:
        assert is_editorial(old, new, terms, {})
        assert apply_terms(old, terms) == new


def _order(ministry: str, post: str) -> str:
    lower = ministry.lower()
    return "\n".join(
        [
            f"§ 1. {ministry} fastsætter regler om {post}.",
            f"Stk. 2. Virksomheder skal være tilsluttet {post} fra den 1. november 2013.",
            f"Stk. 3. Meddelelser via {post} har samme retsvirkninger som papirbreve.",
            f"§ 2. En meddelelse i {post} anses for kommet frem, når den er tilgængelig.",
            f"Stk. 2. {ministry} kan fritage en virksomhed fra tilslutning.",
            "Stk. 3. En offentlig afsender kan sende meddelelser til en modtager.",
            f"§ 3. Klager over afgørelser efter § 2, stk. 2, indgives til {lower}.",
            f"Stk. 2. {ministry} kan bemyndige en styrelse til at føre tilsyn med {post}.",
            "§ 4. Loven træder i kraft den 1. december 2012.",
        ]
    )


def _compared() -> Comparison:
    old = _order("Økonomi- og erhvervsministeren", "Offentlig Digital Post")
    new = _order("Erhvervs- og vækstministeren", "Digital Post")
    return compare(parse_text(old + "\n"), parse_text(new.replace("2012", "2016") + "\n"))


def test_compare_reports_each_renaming_once_and_marks_its_pairs_editorial() -> None:
    cmp = _compared()
    assert sorted((t.old, t.new) for t in cmp.term_changes) == [
        ("Offentlig Digital Post", "Digital Post"),
        ("økonomi- og erhvervsministeren", "erhvervs- og vækstministeren"),
    ]
    subs = {p.old: p for p in cmp.pairs if p.level == "subsection"}
    for ref in ("§ 1, stk. 1", "§ 1, stk. 2", "§ 1, stk. 3", "§ 2, stk. 1", "§ 2, stk. 2"):
        assert subs[ref].status == "changed" and subs[ref].editorial, ref
    assert subs["§ 3, stk. 2"].editorial
    # a real change stays one
    assert subs["§ 4, stk. 1"].status == "changed" and not subs["§ 4, stk. 1"].editorial


def test_the_seed_pair_finds_only_the_borger_person_replacement(old_doc, new_doc) -> None:  # type: ignore[no-untyped-def]
    """Guard: reading deletions and insertions with context adds no replacement to the
    2020 order -> 2026 draft (whose draft drops the sundhedskoordinator throughout)."""
    cmp = compare(old_doc, new_doc)
    words_only = {(t.old, t.new) for t in cmp.term_changes if not t.old.startswith("§")}
    assert words_only == {("borgeren", "personen"), ("borgerens", "personens")}


def test_renumbered_note_markers_are_editorial_and_nothing_else_is() -> None:
    """Consolidated acts glue note markers to words ("ikrafttræden.1)"); a new consolidation
    renumbers the notes. Only the markers changing is editorial; a changed list label or
    a changed number in the text is not."""
    assert is_editorial(
        "Ministeren fastsætter tidspunktet for lovens ikrafttræden.1)",
        "Ministeren fastsætter tidspunktet for lovens ikrafttræden.6)",
        EMPTY,
        {},
    )
    assert is_editorial(
        "Loven gælder ikke for Grønland2).", "Loven gælder ikke for Grønland.", EMPTY, {}
    )
    assert not is_editorial("fristen er 3) uger", "fristen er 4) uger", EMPTY, {})
    assert not is_editorial("inden 3 uger.1)", "inden 4 uger.6)", EMPTY, {})


def test_a_changed_citation_and_a_dropped_requirement_are_not_editorial() -> None:
    """Reviewed: "(jf. stk.2)" -> "(jf. stk.1)" cites another subsection (no note marker);
    dropping "skriftlig" from "skriftlig ansøgning" everywhere changes the rule (no name)."""
    assert not is_editorial("(jf. stk.2)", "(jf. stk.1)", EMPTY, {})
    pairs = [
        (
            "Kommunen træffer afgørelse på grundlag af en skriftlig ansøgning.",
            "Kommunen træffer afgørelse på grundlag af en ansøgning.",
        ),
        (
            "En skriftlig ansøgning skal indeholde oplysninger om indtægt.",
            "En ansøgning skal indeholde oplysninger om indtægt.",
        ),
        (
            "Modtager kommunen en skriftlig ansøgning, sendes en kvittering.",
            "Modtager kommunen en ansøgning, sendes en kvittering.",
        ),
        (
            "Afslag på en skriftlig ansøgning skal begrundes.",
            "Afslag på en ansøgning skal begrundes.",
        ),
    ]
    old, new = " ".join(a for a, _ in pairs), " ".join(b for _, b in pairs)
    changes, terms = detect_term_changes(pairs, old, new)
    assert changes == ()
    assert not any(is_editorial(a, b, terms, {}) for a, b in pairs)
