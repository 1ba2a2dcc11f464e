"""lovdiff.link on letter layouts and citation forms the corpus letters do not show.

Each letter below is a whole response (letterhead, date, headings, text), read by
``lovdiff.responses.read_responses`` and linked by ``lovdiff.link.link_responses``, as
``lovdiff comments`` does. Expectations are stated from the documents themselves (the
provision whose text says when the order takes effect, the draft provision that cites a
provision of another act), not from one letter's wording.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from conftest import parsed
from lovdiff import link as L
from lovdiff.models import Comment, Comparison, Document, Response


@cache
def comparison() -> Comparison:
    from lovdiff.align import compare

    return compare(parsed("bek-2020"), parsed("udkast-2026"))


def link_letter(
    tmp_path: Path, text: str, against: str = "udkast-2026", previous: str | None = "bek-2020"
) -> Response:
    """The one response in ``text``, linked as ``lovdiff comments`` links it."""
    from lovdiff.responses import read_responses

    path = tmp_path / "svar.txt"
    path.write_text(text, encoding="utf-8")
    sources = read_responses(path)
    prev = parsed(previous) if previous else None
    cons = L.link_responses(
        sources,
        parsed(against),
        previous=prev,
        comparison=comparison() if previous == "bek-2020" and against == "udkast-2026" else None,
    )
    (resp,) = cons.responses
    return resp


def comment_with(resp: Response, snippet: str) -> Comment:
    (c,) = [c for c in resp.comments if snippet in c.text]
    return c


def refs_of(c: Comment) -> set[tuple[str, str]]:
    return {(lk.ref, lk.document) for lk in c.links}


def ctx_for(against: Document, previous: Document | None = None) -> L.LinkContext:
    return L.LinkContext(
        against=L.index_for(against), previous=L.index_for(previous) if previous else None
    )


# ---------------------------------------------------------------------------- 1. heading + text

HEADED = """Testkommune
Jobcentret

Høringssvar over udkast til bekendtgørelse om sundhedsfaglig rådgivning og vurdering

Testby, den 3. marts 2026

Testkommune takker for muligheden for at afgive høringssvar og har følgende bemærkninger.

Til § 8, stk. 4

Vi er imod bestemmelsen i § 8, stk. 4, da personen altid bør have kontakt med klinisk funktion.

§ 12

Kommunen bør efter § 12 selv kunne vælge, om den praktiserende læge skal orienteres.

Kapitel 4

Vurderingen efter kapitel 4 bør kunne ske uden fysisk konsultation, når sagen er oplyst.

Med venlig hilsen

Hans Hansen
Jobcenterchef
"""


@pytest.mark.parametrize(
    ("snippet", "ref"),
    [("Vi er imod", "§ 8, stk. 4"), ("efter § 12 selv", "§ 12"), ("efter kapitel 4", "kapitel 4")],
)
def test_a_heading_and_its_text_citing_the_same_provision_link_it(
    tmp_path: Path, snippet: str, ref: str
) -> None:
    resp = link_letter(tmp_path, HEADED)
    c = comment_with(resp, snippet)
    assert c.target == "against"
    explicit = [lk for lk in c.links if lk.basis == "explicit"]
    assert [(lk.ref, lk.document) for lk in explicit] == [(ref, "against")]
    # the link is the text's own citation: its span lies inside the comment
    (lk,) = explicit
    assert lk.span is not None and c.span[0] <= lk.span[0] < lk.span[1] <= c.span[1]


def test_the_text_keeps_its_link_and_a_narrower_one_still_replaces_the_heading() -> None:
    ctx = ctx_for(parsed("udkast-2026"))
    for heading, text, refs in (
        ("§ 12", "Kommunen bør efter § 12 selv kunne vælge.", {"§ 12"}),
        ("§ 8", "Vi foreslår, at § 8, stk. 4, udgår.", {"§ 8, stk. 4"}),
        ("§ 8, stk. 4", "Vi foreslår, at § 8, stk. 4, udgår, jf. § 8, stk. 3.",
         {"§ 8, stk. 4", "§ 8, stk. 3"}),
    ):  # fmt: skip
        comment = Comment(text=text, span=(0, len(text)), target="general", heading=heading)
        linked = L.link_comment(comment, ctx)
        assert refs_of(linked) == {(r, "against") for r in refs}, (heading, text)


# ---------------------------------------------------------------------------- 2. other acts

OTHER_ACTS = """Testkommune
Jobcentret

Høringssvar over udkast til bekendtgørelse om sundhedsfaglig rådgivning og vurdering

Testby, den 3. marts 2026

Sammenhæng med anden lovgivning

Efter §§ 3 og 4 i lov om social pension skal kommunen træffe afgørelse om førtidspension på et fyldestgørende grundlag.

Efter §§ 3 og 4 i bekendtgørelse om rehabiliteringsplan skal planen indeholde en beskrivelse af personens ressourcer.

I bekendtgørelse nr. 1092 af 3. august 2016 § 2 var kravene til rehabiliteringsteamets sammensætning fastsat.

Efter retssikkerhedslovens § 4 har personen ret til at medvirke i behandlingen af sin sag.

Efter retssikkerhedslovens § 4 har personen ret til at medvirke i sin sag. Klinisk funktion bør derfor altid have kontakt med personen, også når kommunen og regionen er enige om, at kontakt ikke er nødvendig.

Med venlig hilsen

Hans Hansen
Jobcenterchef
"""  # noqa: E501


@pytest.mark.parametrize(
    "snippet",
    [
        "i lov om social pension skal",
        "i bekendtgørelse om rehabiliteringsplan",
        "bekendtgørelse nr. 1092",
        "behandlingen af sin sag",
    ],
)
def test_provisions_of_other_acts_are_never_linked_into_the_draft(
    tmp_path: Path, snippet: str
) -> None:
    c = comment_with(link_letter(tmp_path, OTHER_ACTS), snippet)
    assert (c.target, c.links, c.unresolved) == ("other", (), ())


def test_a_comment_naming_another_act_but_arguing_about_the_draft_is_not_other(
    tmp_path: Path,
) -> None:
    """Both open with retssikkerhedslovens § 4; only the second goes on, in a sentence that
    names no other act, about what § 8, stk. 4 rules."""
    resp = link_letter(tmp_path, OTHER_ACTS)
    assert comment_with(resp, "behandlingen af sin sag").target == "other"
    c = comment_with(resp, "altid have kontakt")
    assert c.target == "against"
    assert ("§ 8, stk. 4", "against") in refs_of(c)


@pytest.mark.parametrize(
    "text",
    [
        "efter §§ 3 og 4 i lov om social pension skal",
        "efter §§ 3 og 4 i bekendtgørelse om rehabiliteringsplan og rehabiliteringsteamets",
        "I bekendtgørelse nr. 1092 af 3. august 2016 § 2 var",
        "Efter lovens § 15 har",
    ],
)
def test_citations_of_other_acts_are_external(text: str) -> None:
    ctx = ctx_for(parsed("udkast-2026"), parsed("bek-2020"))
    cites = L.find_citations(text, ctx)
    assert cites and {c.document for c in cites} == {"external"}
    assert all(re.fullmatch(r"§ \d+", ref) for c in cites for ref in c.refs)


def test_the_revoked_order_cited_by_number_is_the_previous_version() -> None:
    """The draft revokes "Bekendtgørelse nr. 2236 af 29. december 2020": that number is the
    previous version even when its own text does not carry it."""
    draft = parsed("udkast-2026")
    (revoked,) = [r.number for r in draft.info.revokes]
    ctx = ctx_for(draft, parsed("bek-2020"))
    (cite,) = L.find_citations(f"I bekendtgørelse nr. {revoked} af 29. december 2020 § 8 står", ctx)
    assert (cite.refs, cite.document) == (("§ 8",), "previous")


# ---------------------------------------------------------------------------- 3. cited by the draft

CITED = """Testkommune
Jobcentret

Høringssvar over udkast til bekendtgørelse om sundhedsfaglig rådgivning og vurdering

Testby, den 3. marts 2026

Rådgivningen

Den sundhedsfaglige rådgivning bygger på beskrivelsen efter § 43 i lov om en aktiv beskæftigelsesindsats, og kommunen bør sikre, at beskrivelsen er fyldestgørende.

Klinisk funktion skal efter § 15 a, stk. 2, i lov om organisering og understøttelse af beskæftigelsesindsatsen m.v. skal inddrage personen, og det bør ske ved et personligt møde.

Med venlig hilsen

Hans Hansen
Jobcenterchef
"""  # noqa: E501


def _citing(doc: Document, target: str, act_word: str) -> set[str]:
    """Refs of the provisions of ``doc`` that cite ``target`` of an act named with
    ``act_word``."""
    return {
        r.source
        for r in doc.references
        if not r.internal and target in r.targets and act_word in (r.act or "")
    }


@pytest.mark.parametrize(
    ("snippet", "target", "act_word"),
    [
        ("§ 43 i lov om en aktiv", "§ 43", "aktiv beskæftigelsesindsats"),
        ("§ 15 a, stk. 2, i lov om organisering", "§ 15 a, stk. 2", "organisering"),
    ],
)
def test_a_provision_of_another_act_the_draft_cites_links_the_citing_provision(
    tmp_path: Path, snippet: str, target: str, act_word: str
) -> None:
    draft = parsed("udkast-2026")
    citing = _citing(draft, target, act_word)
    assert len(citing) == 1  # the draft cites it in one provision
    c = comment_with(link_letter(tmp_path, CITED), snippet)
    assert c.target == "against"
    assert refs_of(c) == {(next(iter(citing)), "against")}
    (lk,) = c.links
    assert lk.basis == "explicit" and lk.confidence < 0.95
    assert lk.evidence.startswith(target.split(",")[0]) and act_word in lk.evidence


def test_the_same_holds_against_another_order(tmp_path: Path) -> None:
    """The 2020 order cites § 110, stk. 3, in lov om en aktiv beskæftigelsesindsats."""
    old = parsed("bek-2020")
    citing = _citing(old, "§ 110, stk. 3", "aktiv beskæftigelsesindsats")
    assert len(citing) == 1
    letter = CITED.replace(
        "beskrivelsen efter § 43 i lov om en aktiv beskæftigelsesindsats",
        "reglerne i § 110, stk. 3, i lov om en aktiv beskæftigelsesindsats",
    )
    c = comment_with(link_letter(tmp_path, letter, "bek-2020", None), "§ 110, stk. 3")
    assert c.target == "against"
    assert refs_of(c) == {(next(iter(citing)), "against")}


# ---------------------------------------------------------------------------- 4. citation forms


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("Paragraf 8, stykke 4 bør udgå", ("§ 8, stk. 4",)),
        ("Vi foreslår, at stk. 4 i § 8 udgår helt.", ("§ 8, stk. 4",)),
        ("Vi foreslår, at § 8, 4. stk. udgår helt.", ("§ 8, stk. 4",)),
        ("Det 4. stykke i § 8 bør udgå.", ("§ 8, stk. 4",)),
        ("Efter nr. 2 i § 14, stk. 1, skal", ("§ 14, stk. 1, nr. 2",)),
        ("efter §§ 3 og 4 i lov om social pension", ("§ 3", "§ 4")),
        # a part named before its section, after "og": it is that section's part
        (
            "DH er imod stk. 4 i § 8 og nr. 2 i § 14, stk. 1.",
            ("§ 8, stk. 4", "§ 14, stk. 1, nr. 2"),
        ),
        (
            "DH er imod § 8, stk. 4, og nr. 2 i § 14, stk. 1.",
            ("§ 8, stk. 4", "§ 14, stk. 1, nr. 2"),
        ),
        ("Vi henviser til § 8 og stykke 4 i § 12.", ("§ 8", "§ 12, stk. 4")),
        ("Vi er imod § 8, stk. 4, og stk. 5.", ("§ 8, stk. 4", "§ 8, stk. 5")),
    ],
)
def test_citation_forms_are_read_whole(text: str, refs: tuple[str, ...]) -> None:
    ctx = ctx_for(parsed("udkast-2026"), parsed("bek-2020"))
    assert tuple(ref for c in L.find_citations(text, ctx) for ref in c.refs) == refs


def test_parts_in_words_are_citations_only_with_their_section() -> None:
    ctx = ctx_for(parsed("udkast-2026"), parsed("bek-2020"))
    (cite,) = L.find_citations("Paragraf 14, stykke 1, nummer 2 bør udgå", ctx)
    assert cite.refs == ("§ 14, stk. 1, nr. 2",)
    assert L.find_citations("Et stykke 4 meter langt og nummer 2 på listen", ctx) == []


FORMS = """Testkommune
Jobcentret

Høringssvar over udkast til bekendtgørelse om sundhedsfaglig rådgivning og vurdering

Testby, den 3. marts 2026

Citatformer

Paragraf 8, stykke 4 bør udgå, så kontakten altid sikres.

Vi foreslår, at stk. 4 i § 8 udgår helt.

Vi foreslår, at § 8, 4. stk. udgår helt.

Med venlig hilsen

Hans Hansen
Jobcenterchef
"""


@pytest.mark.parametrize("snippet", ["Paragraf 8", "stk. 4 i § 8", "§ 8, 4. stk."])
def test_citation_forms_link_the_subsection_and_leave_nothing_unresolved(
    tmp_path: Path, snippet: str
) -> None:
    c = comment_with(link_letter(tmp_path, FORMS), snippet)
    assert refs_of(c) == {("§ 8, stk. 4", "against")}
    assert c.unresolved == ()


# ---------------------------------------------------------------------------- 5. named provisions

NAMED = """Testkommune
Jobcentret

Høringssvar over udkast til bekendtgørelse om sundhedsfaglig rådgivning og vurdering

Testby, den 3. marts 2026

Øvrige bemærkninger

Ikrafttrædelsesdatoen er for tidligt sat, kommunerne skal have tid til at omstille sig.

Ikrafttrædelsen af reformen af beskæftigelsesindsatsen bør koordineres med kommunerne.

Bestemmelsen om samarbejdsaftaler bør ændres, så aftalerne kan indgås for flere år ad gangen.

Bestemmelsen om sundhedsfaglig rådgivning er uklar og bør skrives om.

Med venlig hilsen

Hans Hansen
Jobcenterchef
"""


def test_the_in_force_date_links_the_provision_that_sets_it(tmp_path: Path) -> None:
    draft = parsed("udkast-2026")
    sets = [p for p in draft.provisions if p.kind == "subsection" and "træder i kraft" in p.text]
    assert len(sets) == 1
    resp = link_letter(tmp_path, NAMED)
    c = comment_with(resp, "Ikrafttrædelsesdatoen")
    assert c.target == "against"
    ((ref, doc),) = refs_of(c)
    assert doc == "against" and (ref == sets[0].ref or sets[0].ref.startswith(ref + ","))
    # another act's entry into force is not the draft's
    assert comment_with(resp, "af reformen").links == ()


def test_a_provision_named_by_its_subject_links_the_chapter_of_that_heading(
    tmp_path: Path,
) -> None:
    draft = parsed("udkast-2026")
    (chapter,) = [
        p.ref for p in draft.provisions if p.kind == "chapter" and "Samarbejdsaftale" in p.heading
    ]
    resp = link_letter(tmp_path, NAMED)
    assert refs_of(comment_with(resp, "samarbejdsaftaler")) == {(chapter, "against")}
    # the order's own subject names no one provision
    assert comment_with(resp, "sundhedsfaglig rådgivning er uklar").links == ()


def test_another_orders_in_force_date_is_not_the_drafts() -> None:
    from lovdiff.link import IN_FORCE_WORD

    assert not IN_FORCE_WORD.search("før ikrafttrædelsen af bekendtgørelsen om sygedagpenge")
    assert IN_FORCE_WORD.search("ikrafttrædelsen af bekendtgørelsen bør udskydes")
    assert IN_FORCE_WORD.search("Ikrafttrædelsesdatoen er for tidlig")
