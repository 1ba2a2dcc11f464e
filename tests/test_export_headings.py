"""Mellemrubrikker and term changes in the exports: a heading the new version words otherwise
is one changed row (not one dropped and one added), and the reports show the systematic term
replacements as they say they do.

The texts follow digitalpostloven (lov nr. 528 of 2012 and its 2016 consolidation, where "Overalt
i loven ændres »Offentlig Digital Post« til: »Digital Post«"); the last tests run on the real
acts in ../shared/corpus-extra (or $LOVDIFF_CORPUS_EXTRA) when they are there.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from lovdiff.align import compare
from lovdiff.export import render_comparison
from lovdiff.export.ooxml import W_NS
from lovdiff.models import Comparison, TermChange
from lovdiff.parse import parse_file, parse_text

EXTRA = Path(os.environ.get("LOVDIFF_CORPUS_EXTRA", ROOT.parent / "shared" / "corpus-extra"))
needs_extra = pytest.mark.skipif(not EXTRA.exists(), reason="no corpus-extra beside the checkout")
W = f"{{{W_NS}}}"

OLD = """Lov om Offentlig Digital Post

§ 1. Loven gælder for kommunikation i Offentlig Digital Post mellem myndigheder og borgere.

Offentlig Digital Post

§ 2. Finansministeren anviser en postløsning, der betegnes Offentlig Digital Post.
Stk. 2. Driften af Offentlig Digital Post varetages af en systemansvarlig.

Anvendelsen af Offentlig Digital Post

§ 3. Offentlige afsendere kan anvende Offentlig Digital Post til at sende afgørelser.

Klage

§ 4. Afgørelser efter loven kan ikke indbringes for anden administrativ myndighed.

Gebyrer

§ 5. Ministeren kan fastsætte regler om gebyrer for brug af postløsningen.

Ikrafttræden

§ 6. Loven træder i kraft den 1. juli 2012.
"""

NEW = """Lov om Digital Post

§ 1. Loven gælder for kommunikation i Digital Post mellem myndigheder og borgere.

Digital Post

§ 2. Finansministeren anviser en postløsning, der betegnes Digital Post.
Stk. 2. Driften af Digital Post varetages af en systemansvarlig.

Anvendelsen af Digital Post

§ 3. Offentlige afsendere kan anvende Digital Post til at sende afgørelser.

Adgang til domstolene

§ 4. Afgørelser efter loven kan ikke indbringes for anden administrativ myndighed.

§ 5. Ministeren kan fastsætte regler om gebyrer for brug af postløsningen.

Ikrafttræden

§ 6. Loven træder i kraft den 1. juli 2012.

Fuldmagt

§ 7. En fysisk person kan give en anden fuldmagt til at læse sin post.
"""


@cache
def comparison() -> Comparison:
    c = compare(parse_text(OLD), parse_text(NEW))
    assert [(t.old, t.new) for t in c.term_changes] == [("Offentlig Digital Post", "Digital Post")]
    return c


def titles(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("### ")]


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def paragraph_texts(xml: etree._Element) -> list[str]:
    return [
        "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")) for p in xml.iter(f"{W}p")
    ]


# ----------------------------------------------------------------------------- mellemrubrikker


def test_a_reworded_mellemrubrik_is_one_changed_row_in_the_markdown() -> None:
    md = render_comparison(comparison(), "md")
    assert isinstance(md, str)
    heads = [t for t in titles(md) if "§" not in t and "Titel" not in t]
    assert heads == [
        "### Digital Post (ændret, redaktionel)",
        "### Anvendelsen af Digital Post (ændret, redaktionel)",
        "### Adgang til domstolene (ændret)",
        "### Gebyrer (udgået)",
        "### Fuldmagt (ny)",
    ]
    lines = md.splitlines()
    assert lines[lines.index("### Digital Post (ændret, redaktionel)") + 2] == (
        "- ~~Offentlig~~ Digital Post"
    )
    assert "- ~~Klage~~**Adgang til domstolene**" in lines
    assert "Offentlig Digital Post (udgået)" not in md and "Digital Post (ny)" not in md


def test_heading_pairs_by_position_then_by_wording() -> None:
    from lovdiff.export.tables import heading_pairs

    c = comparison()
    old = {p.eid: p.heading for p in c.old.provisions}
    new = {p.eid: p.heading for p in c.new.provisions}
    got = [
        (old[hp.old_eid], new[hp.new_eid], hp.status, hp.editorial, hp.basis)
        for hp in heading_pairs(c)
    ]
    assert got == [
        ("Offentlig Digital Post", "Digital Post", "changed", True, "position"),
        (
            "Anvendelsen af Offentlig Digital Post",
            "Anvendelsen af Digital Post",
            "changed",
            True,
            "position",
        ),
        ("Klage", "Adgang til domstolene", "changed", False, "position"),
        ("Ikrafttræden", "Ikrafttræden", "unchanged", False, "position"),
    ]


def test_heading_pairs_by_wording_where_the_place_says_nothing() -> None:
    """A heading that moved with no section partner beneath it is found by its words: the
    same, or alike once the term changes are applied."""
    from dataclasses import replace

    from lovdiff.export.tables import heading_pairs

    c = comparison()
    # the new version without pairs: no section has a partner, so no heading has a place
    bare = replace(c, pairs=())
    got = {(hp.old_eid, hp.new_eid, hp.basis, hp.editorial) for hp in heading_pairs(bare)}
    assert got == {
        ("hcontainer_1", "hcontainer_1", "wording", True),  # alike after the term change
        ("hcontainer_2", "hcontainer_2", "wording", True),
        ("hcontainer_5", "hcontainer_4", "wording", False),  # Ikrafttræden: the same words
    }


def test_a_reworded_mellemrubrik_is_one_changed_row_in_html_and_the_parallel() -> None:
    c = comparison()
    html = render_comparison(c, "html")
    assert isinstance(html, str)
    row = re.search(r'<tr id="ny-mellemrubrik-1"[^>]*>.*?</tr>', html)
    assert row is not None
    assert 'data-status="ændret"' in row.group(0)
    assert '<del class="term">Offentlig </del>Digital Post' in row.group(0)
    assert '<span class="badge">redaktionel</span>' in row.group(0)
    assert "gl-mellemrubrik-1" not in html  # no row for the old heading alone

    xml = document_xml(render_comparison(c, "docx"))  # type: ignore[arg-type]
    cells = ["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in xml.iter(f"{W}tc")]
    i = cells.index("Offentlig Digital Post")
    assert cells[i + 1] == "Digital Post"  # one row: old wording | new wording
    struck = [
        r.findtext(f"{W}t")
        for r in xml.iter(f"{W}r")
        if r.find(f"{W}rPr/{W}strike") is not None and r.find(f"{W}rPr/{W}i") is not None
    ]
    assert "Offentlig " in struck and "Klage" in struck


def test_a_reworded_mellemrubrik_is_one_paragraph_with_tracked_changes() -> None:
    xml = document_xml(render_comparison(comparison(), "redline-docx"))  # type: ignore[arg-type]
    texts = paragraph_texts(xml)
    assert texts.count("Offentlig Digital Post") == 1  # deleted "Offentlig " + kept words
    assert len([t for t in texts if "Anvendelsen af" in t]) == 1
    deleted = [
        "".join(t.text or "" for t in d.iter(f"{W}delText")).strip() for d in xml.iter(f"{W}del")
    ]
    inserted = ["".join(t.text or "" for t in i.iter(f"{W}t")) for i in xml.iter(f"{W}ins")]
    assert "Offentlig" in deleted and "Klage" in deleted and "Adgang til domstolene" in inserted
    assert "Gebyrer" in deleted and "Fuldmagt" in inserted  # dropped and added stay so


@needs_extra
def test_digitalpost_headings_renamed_by_the_amending_act_are_editorial_changes() -> None:
    c = compare(
        parse_file(EXTRA / "dk_digitalpost_1_LOV2012-528.txt"),
        parse_file(EXTRA / "dk_digitalpost_3_LBK2016-801.txt"),
    )
    md = render_comparison(c, "md")
    assert isinstance(md, str)
    assert "### Digital Post (ændret, redaktionel)" in titles(md)
    assert "### Anvendelsen af Digital Post (ændret, redaktionel)" in titles(md)
    assert "(udgået)" not in md and "(ny)" not in md
    assert "- Anvendelsen af ~~Offentlig~~ Digital Post" in md.splitlines()


# ----------------------------------------------------------------------------- term changes


def test_the_markdown_says_how_it_shows_the_term_changes() -> None:
    md = render_comparison(comparison(), "md")
    assert isinstance(md, str)
    assert "uden fremhævning" not in md
    assert "De vises nedenfor som ~~gammelt ord~~ nyt ord (det nye ord uden fed)" in md
    # and so it does: the dropped word struck, the words that stay not bold
    assert "~~Offentlig~~ Digital Post" in md and "**Digital Post**" not in md


def test_replacements_of_phrases_and_dropped_words_are_shown_as_term_changes() -> None:
    from lovdiff.export.report import diff_html, diff_markdown
    from lovdiff.export.tables import segments, term_set
    from lovdiff.textdiff import word_diff

    minister = ("ministeren for fødevarer, landbrug og fiskeri", "miljø- og fødevareministeren")
    terms = [
        TermChange("Offentlig Digital Post", "Digital Post", 20),
        TermChange(*minister, 34),
        TermChange("borgeren", "personen", 11),
    ]
    ops = word_diff(
        "Ministeren for fødevarer, landbrug og fiskeri sender til borgeren i Offentlig Digital "
        "Post inden 4 uger.",
        "Miljø- og fødevareministeren sender til personen i Digital Post inden 2 uger.",
    )
    segs = segments(ops, term_set(terms))
    assert {s.text.strip() for s in segs if s.op and s.term} == {
        "Ministeren for fødevarer, landbrug",
        "Miljø-",
        "fiskeri",
        "fødevareministeren",
        "borgeren",
        "personen",
        "Offentlig",
    }
    assert {s.text for s in segs if s.op and not s.term} == {"4", "2"}  # a real change
    assert '<del class="term">Offentlig </del>Digital Post' in diff_html(ops, terms=terms)
    md = diff_markdown(ops, term_set(terms))
    assert "~~borgeren~~personen" in md and "~~4~~**2**" in md


def test_a_term_change_among_other_changes_is_shown_as_a_change() -> None:
    """Words that changed beside a replaced term are no term change: the stretch is a change."""
    from lovdiff.export.tables import segments, term_set
    from lovdiff.textdiff import word_diff

    terms = term_set([TermChange("Offentlig Digital Post", "Digital Post", 20)])
    ops = word_diff("anvende Offentlig Digital Post", "anvende den nye Digital Post")
    assert not any(s.term for s in segments(ops, terms))
    moved = [(-1, "Digital Post "), (0, "og "), (1, "Digital Post ")]  # the same words moved
    assert not any(s.term for s in segments(moved, terms))
    punctuation = [(0, "Digital Post"), (-1, ","), (0, " og")]
    assert not any(s.term for s in segments(punctuation, terms))
