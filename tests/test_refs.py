"""Citations (refs.py): which are the document's own, how they expand, what they resolve to.

Texts are built from the wording of real Danish acts; the last tests run on the acts in
../shared/corpus-extra (or $LOVDIFF_CORPUS_EXTRA) when they are there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, corpus_path
from lovdiff.models import Document, Finding, Reference
from lovdiff.parse import parse_file, parse_text

EXTRA = Path(os.environ.get("LOVDIFF_CORPUS_EXTRA", ROOT.parent / "shared" / "corpus-extra"))
needs_extra = pytest.mark.skipif(not EXTRA.exists(), reason="no corpus-extra beside the checkout")


def ref(doc: Document, source: str, text: str) -> Reference:
    found = [r for r in doc.references if r.source == source and r.text == text]
    assert len(found) == 1, [(r.source, r.text) for r in doc.references]
    return found[0]


def dangling(doc: Document) -> list[Finding]:
    return [f for f in doc.findings if f.kind == "dangling-reference"]


# A consolidated act (lovbekendtgørelse) with the amending act's provisions quoted at its end.
LAW = """Bekendtgørelse af lov om forældelse af fordringer (forældelsesloven)

§ 1. Overskydende midler indgår i konkursmassen, jf. konkurslovens § 32.
Stk. 2. Krav betales efter konkurslovens kapitel 10 og efter lovens § 2, jf. \
forældelseslovens § 3 og denne lovs § 9.
Stk. 3. Sikkerhed stilles i aktiver som nævnt i artikel 129, stk. 1, litra a-c og g, og stk. 2, \
i Europa-Parlamentets og Rådets forordning (EU) nr. 575/2013 af 26. juni 2013 om \
tilsynsmæssige krav, og i bekendtgørelsens § 3.

§ 2. Fristen er:
1) 3 år for løbende ydelser,
2) 10 år for fordringer efter § 3.

§ 3. Fristen regnes fra forfaldsdagen.
Stk. 2. Fristen forlænges efter § 15 a.
Stk. 3. Den absolutte frist er:
1) 10 år,
2) 30 år.
Stk. 4. Stk. 3, nr. 1, finder ikke anvendelse på fordringer efter § 2, nr. 2. Stk. 2 og 3 \
gælder dog.
Stk. 5-7. (Udelades)

§ 4. Fristen i § 3, stk. 2 og stk. 3, nr. 2, gælder også her, jf. § 3, stk. 3, nr. 1 og 2, \
og stk. 4.
Stk. 2. Reglerne i §§ 15 a - 15 b, jf. § 1, gælder.

§ 15 a. Tekst.

§ 15 b. Tekst.1)

Lov nr. 1231 af 18. december 2012 indeholder følgende ikrafttrædelsesbestemmelser:

§ 70

Stk. 1. §§ 1-39 og 41-50 gælder ikke for Færøerne og Grønland, jf. dog stk. 3.
Stk. 2-3. (Udeladt)

Officielle noter
1) Lovændringen vedrører indsættelse af §§ 15 a - 15 b og § 16.
"""


def test_an_act_named_in_the_genitive_makes_a_citation_external() -> None:
    doc = parse_text(LAW)
    r = ref(doc, "§ 1, stk. 1", "§ 32")  # "konkurslovens § 32": ends in -lovens, not "lovens"
    assert (r.internal, r.act, r.resolved) == (False, "konkurslovens", False)
    r = ref(doc, "§ 1, stk. 2", "kapitel 10")
    assert (r.internal, r.act) == (False, "konkurslovens")
    r = ref(doc, "§ 1, stk. 3", "§ 3")  # in a law, "bekendtgørelsens" is some order
    assert (r.internal, r.act) == (False, "bekendtgørelsens")
    # the law's own name for itself stays internal and is checked
    assert ref(doc, "§ 1, stk. 2", "§ 2").resolved  # lovens § 2
    assert ref(doc, "§ 1, stk. 2", "§ 3").resolved  # forældelseslovens § 3 (its short title)
    nine = ref(doc, "§ 1, stk. 2", "§ 9")  # denne lovs § 9: a real dangling reference
    assert nine.internal and not nine.resolved
    assert ("§ 1, stk. 2", "§ 9") in [(f.where, f.message.split("«")[1][:3]) for f in dangling(doc)]


def test_in_an_order_the_law_is_another_act_and_the_order_is_its_own() -> None:
    order = """Bekendtgørelse om prøver

Kapitel 1
Prøver

§ 1. Kommunen træffer afgørelse efter lovens § 17. Klage sker efter § 3 i loven, jf. \
bekendtgørelsens kapitel 2 og denne bekendtgørelses § 2.

Kapitel 2
Klage

§ 2. Afgørelsen kan påklages, jf. § 1.
"""
    doc = parse_text(order)
    r = ref(doc, "§ 1, stk. 1", "§ 17")
    assert (r.internal, r.act) == (False, "lovens")
    r = ref(doc, "§ 1, stk. 1", "§ 3")
    assert (r.internal, r.act) == (False, "loven")
    assert ref(doc, "§ 1, stk. 1", "bekendtgørelsens kapitel 2").resolved
    assert ref(doc, "§ 1, stk. 1", "§ 2").resolved
    assert not dangling(doc)


def test_an_article_and_its_parts_are_external() -> None:
    doc = parse_text(LAW)
    in_stk3 = [r for r in doc.references if r.source == "§ 1, stk. 3"]
    article = ref(doc, "§ 1, stk. 3", "artikel 129, stk. 1, litra a-c og g, og stk. 2")
    assert article.act == "Europa-Parlamentets og Rådets forordning (EU) nr. 575/2013"
    assert article.targets == (
        "artikel 129, stk. 1, litra a",
        "artikel 129, stk. 1, litra b",
        "artikel 129, stk. 1, litra c",
        "artikel 129, stk. 1, litra g",
        "artikel 129, stk. 2",
    )
    assert not [r for r in in_stk3 if r.internal]  # no "stk. 1", "stk. 2", "nr. 575" of § 1


# An act named by its title right before "§": the § is that act's, whatever case and ending.
TITLED = """Bekendtgørelse af lov om et skibsfinansieringsinstitut

§ 1. Instituttet kan omdannes til et aktieselskab.
Stk. 2. Lov om aktie- og anpartsselskaber § 242, 2. pkt., finder ikke anvendelse ved \
omdannelser omfattet af stk. 1.
Stk. 3. Sagen behandles efter bekendtgørelse om registrering m.v. §§ 3 og 4 og efter \
lovbekendtgørelse nr. 12 af 3. maj 2010 om finansiel virksomhed § 7.
Stk. 4. Reglerne i lov om finansiel virksomhed, jf. lovbekendtgørelse nr. 182 af \
18. februar 2015, § 8 gælder.

§ 2. Ydelser gives efter lov om social pension, jf. § 5, og efter lov om social pension og § 1.
Stk. 2. Ydelser gives efter lov om aktiv socialpolitik § 6 i denne lov.
"""


@pytest.mark.parametrize(
    ("source", "text", "act"),
    [
        ("§ 1, stk. 2", "§ 242, 2. pkt.", "Lov om aktie- og anpartsselskaber"),
        ("§ 1, stk. 3", "§§ 3 og 4", "bekendtgørelse om registrering m.v."),
        ("§ 1, stk. 3", "§ 7", "lovbekendtgørelse nr. 12 af 3. maj 2010 om finansiel virksomhed"),
        ("§ 1, stk. 4", "§ 8", "lov om finansiel virksomhed"),  # its consolidation between
    ],
)
def test_an_act_named_by_its_title_before_a_citation_makes_it_external(
    source: str, text: str, act: str
) -> None:
    r = ref(parse_text(TITLED), source, text)
    assert (r.internal, r.act) == (False, act)


def test_a_title_followed_by_jf_or_og_leaves_the_citation_internal() -> None:
    doc = parse_text(TITLED)
    # "lov om social pension, jf. § 5" and "… og § 1": the § is not the act's; § 5 is missing
    assert ref(doc, "§ 2, stk. 1", "§ 1").resolved
    five = ref(doc, "§ 2, stk. 1", "§ 5")
    assert five.internal and not five.resolved
    # "§ 6 i denne lov": the words after the citation win, as everywhere
    assert ref(doc, "§ 2, stk. 2", "§ 6").internal
    assert [f.message.split("«")[1].split("»")[0] for f in dangling(doc)] == ["§ 5", "§ 6"]


@pytest.mark.parametrize(
    "number",
    [
        "Europa-Parlamentets og Rådets forordning (EU) nr. 575/2013",
        "forordning (EF) nr. 1234 af 22. oktober 2007",
        "Kommissionens meddelelse nr. 12 af 3. maj 2010",
        "bekendtgørelse nr. 2236 af 29. december 2020",
        "lov nr. 1336 af 19. december 2008",
    ],
)
def test_an_act_number_is_no_item_citation(number: str) -> None:
    doc = parse_text(f"Bekendtgørelse om x\n\n§ 1. Reglerne i {number} gælder.\n\n§ 2. Tekst.\n")
    assert not [r for r in doc.references if r.text.startswith("nr.")]
    assert not dangling(doc)


def test_a_capital_stk_opening_a_sentence_cites_the_current_section() -> None:
    doc = parse_text(LAW)
    r = ref(doc, "§ 3, stk. 4", "Stk. 3, nr. 1")
    assert r.internal and r.resolved and r.targets == ("§ 3, stk. 3, nr. 1",)
    r = ref(doc, "§ 3, stk. 4", "Stk. 2 og 3")
    assert r.targets == ("§ 3, stk. 2", "§ 3, stk. 3") and r.resolved
    # an item of a section's only stk. is cited without "stk. 1" and still resolves
    assert ref(doc, "§ 3, stk. 4", "§ 2, nr. 2").resolved
    # "Stk. 5-7. (Udelades)" is a label left in the text, not a citation
    assert not [r for r in doc.references if r.text.startswith("Stk. 5")]


def test_stk_after_og_continues_the_cited_section() -> None:
    doc = parse_text(LAW)
    r = ref(doc, "§ 4, stk. 1", "§ 3, stk. 2 og stk. 3, nr. 2")
    assert r.targets == ("§ 3, stk. 2", "§ 3, stk. 3, nr. 2") and r.resolved
    r = ref(doc, "§ 4, stk. 1", "§ 3, stk. 3, nr. 1 og 2, og stk. 4")
    assert r.targets == ("§ 3, stk. 3, nr. 1", "§ 3, stk. 3, nr. 2", "§ 3, stk. 4")
    assert r.resolved
    assert not [r for r in doc.references if r.source == "§ 4, stk. 1" and r.text[0] == "s"]


def test_ranges_with_lettered_numbers_and_spaced_dashes_expand() -> None:
    doc = parse_text(LAW)
    r = ref(doc, "§ 4, stk. 2", "§§ 15 a - 15 b")
    assert r.targets == ("§ 15 a", "§ 15 b") and r.resolved
    end = parse_text("Lov om x\n\n§ 1. Se §§ 2-4.\n\n§ 2. a\n\n§ 3. b\n\n§ 4. c\n")
    assert ref(end, "§ 1, stk. 1", "§§ 2-4").targets == ("§ 2", "§ 3", "§ 4")  # sentence end


def test_the_amending_acts_quoted_at_the_end_are_not_this_act() -> None:
    doc = parse_text(LAW)
    trailer = [r for r in doc.references if r.source.startswith("tekst")]
    assert {r.text for r in trailer} == {"§ 70", "§§ 1-39 og 41-50", "stk. 3"}
    assert {(r.internal, r.act) for r in trailer} == {(False, "Lov nr. 1231 af 18. december 2012")}
    # the official notes speak of this act as it was when amended: still checked, but a
    # § 16 repealed since is no dangling reference (see the next test)
    note = ref(doc, "fodnote 1", "§§ 15 a - 15 b og § 16")
    assert note.internal and note.targets == ("§ 15 a", "§ 15 b", "§ 16")
    assert not note.resolved
    assert [f.where for f in dangling(doc)] == ["§ 1, stk. 2"]


# Official notes of a consolidated act: the history notes cite provisions repealed since.
NOTES = """Bekendtgørelse af lov om økologi

§ 1. Loven gælder økologiske produkter.1)
Stk. 2. Reglerne i § 9 gælder tilsvarende.

§ 2. Ministeren2) fastsætter regler3) om klage4).

Officielle noter
1) Lovændringen vedrører ophævelse af § 16, stk. 3-5.
2) Ikrafttræden vedrører ophævelsen af lovens § 7.
3) Bestemmelsen er ophævet ved § 1 i lov nr. 387 af 30. maj 2005. Lovens § 8 har virkning fra \
1. juni 2005.
4) Se § 12 om klage.
5) Ved bekendtgørelse nr. 208 af 15. marts 2011 er det bestemt, at § 11 træder i kraft den \
1. april 2011.
6) Se også § 14.
"""


def test_citations_in_history_notes_give_no_dangling_references() -> None:
    doc = parse_text(NOTES)
    history = [r for r in doc.references if r.text in ("§ 16, stk. 3-5", "§ 7", "§ 8", "§ 11")]
    assert len(history) == 4 and all(r.internal and not r.resolved for r in history)
    # a genuine dangling reference in the body, and in notes that tell no history, stays;
    # notes 4-6 have no marker the parser knows in the text: they share note 3's provision,
    # and each note is judged alone
    found = [(f.where, f.message.split(" peger")[0]) for f in dangling(doc)]
    assert found == [
        ("§ 1, stk. 2", "Henvisningen «§ 9» i § 1, stk. 2"),
        ("fodnote 3", "Henvisningen «§ 12» i fodnote 3"),
        ("fodnote 3", "Henvisningen «§ 14» i fodnote 3"),
    ]


def test_an_amending_act_names_the_amended_act_by_its_short_name() -> None:
    doc = parse_text(
        "Lov om ændring af forældelsesloven\n\n§ 1\n\n"
        "I forældelsesloven, jf. lovbekendtgørelse nr. 1063 af 28. august 2013, foretages "
        "følgende ændringer:\n\n1. I § 3, stk. 3, nr. 2, udgår »og«.\n\n"
        "§ 2\n\nLoven træder i kraft den 1. januar 2014, jf. dog § 1, nr. 1.\n"
    )
    r = ref(doc, "§ 1, stk. 1, nr. 1", "§ 3, stk. 3, nr. 2")
    assert (r.internal, r.act) == (False, "forældelsesloven")
    assert ref(doc, "§ 2, stk. 1", "§ 1, nr. 1").resolved  # the amending act's own item
    assert not dangling(doc)


# ----------------------------------------------------------------------------- real acts


@needs_extra
def test_skibsfinansiering_has_no_false_dangling_references() -> None:
    doc = parse_file(EXTRA / "dk_skibsfinansiering_2_LBK2014-851.txt")
    assert not dangling(doc), [f.message for f in dangling(doc)]
    assert {r.act for r in doc.references if r.source == "§ 3 c, stk. 5"} == {"konkurslovens"}
    quoted = [r for r in doc.references if r.text == "§§ 1-39, 41-50 og 53-68"]
    assert [r.act for r in quoted] == ["Lov nr. 1231 af 18. december 2012"]


@needs_extra
def test_skibsfinansiering_2011_cites_the_companies_act_by_its_title() -> None:
    doc = parse_file(EXTRA / "dk_skibsfinansiering_1_LBK2011-886.txt")
    r = ref(doc, "§ 8, stk. 2", "§ 242, 2. pkt.")
    assert (r.internal, r.act) == (False, "Lov om aktie- og anpartsselskaber")
    assert not dangling(doc), [f.message for f in dangling(doc)]


@needs_extra
@pytest.mark.parametrize(
    ("name", "item"),
    [
        ("dk_foraeldelsesloven_1_LBK2013-1063.txt", "3"),
        ("dk_foraeldelsesloven_3_LBK2015-1238_fromXML.txt", "4"),
    ],
)
def test_foraeldelsesloven_relative_citations_resolve(name: str, item: str) -> None:
    doc = parse_file(EXTRA / name)
    assert ref(doc, "§ 3, stk. 4", "Stk. 3, nr. 1").targets == ("§ 3, stk. 3, nr. 1",)
    assert ref(doc, "§ 16, stk. 3", "Stk. 2, nr. 2-4").targets == (
        "§ 16, stk. 2, nr. 2",
        "§ 16, stk. 2, nr. 3",
        "§ 16, stk. 2, nr. 4",
    )
    r = ref(doc, "§ 4, stk. 2", f"§ 3, stk. 2 og stk. 3, nr. {item}")
    assert r.targets == ("§ 3, stk. 2", f"§ 3, stk. 3, nr. {item}") and r.resolved
    assert not dangling(doc), [f.message for f in dangling(doc)]


@needs_extra
def test_okologiloven_history_note_on_a_repealed_provision_is_no_dangling_reference() -> None:
    doc = parse_file(EXTRA / "dk_okologiloven_7_LBK2015-1657.txt")
    r = ref(doc, "fodnote 7", "§ 16, stk. 3-5")  # "Lovændringen vedrører ophævelse af …"
    assert r.internal and not r.resolved
    assert not dangling(doc), [f.message for f in dangling(doc)]


def test_the_redline_drafts_genuine_dangling_references_stay() -> None:
    doc = parse_file(corpus_path("redline-2026-forudsaetninger"))
    assert len(dangling(doc)) == 7, [f.message for f in dangling(doc)]


@needs_extra
def test_okologiloven_footnote_range_resolves() -> None:
    doc = parse_file(EXTRA / "dk_okologiloven_7_LBK2015-1657.txt")
    r = ref(doc, "fodnote 9", "§§ 15 b - 15 c og § 18, stk. 1, 2. pkt.")
    assert r.resolved and r.targets == ("§ 15 b", "§ 15 c", "§ 18, stk. 1")
