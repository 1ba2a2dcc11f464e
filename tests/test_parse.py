"""The parser on the seeds, on real acts nobody tuned it to, on renderings and on bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, ROOT, corpus_path, parsed
from lovdiff.akn import from_akn, to_akn
from lovdiff.clean import clean
from lovdiff.export.parsed import outline
from lovdiff.parse import parse_file, parse_text

EXTRA = ROOT.parent / "shared" / "corpus-extra"
GOLDEN = Path(__file__).parent / "golden"


def words(text: str) -> list[str]:
    """Words for the lossless check: tokens stripped of surrounding punctuation."""
    out = (t.strip('.,:;()»«"“”!?-–*~') for t in text.split())
    return [w for w in out if w]


def placed_words(doc) -> Counter[str]:  # type: ignore[no-untyped-def]
    got: Counter[str] = Counter()
    for p in doc.provisions:
        got.update(words(f"{p.label} {p.heading} {p.text}"))
    for f in doc.findings:
        if f.kind == "note":  # page debris and file headers: recognised, removed, reported
            got.update(words(f.message.split("«", 1)[1].rsplit("»", 1)[0]))
    return got


def refs(doc, kind: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.ref for p in doc.provisions if kind is None or p.kind == kind]


# ----------------------------------------------------------------------------- the seeds


def test_order_2020_structure() -> None:
    doc = parsed("bek-2020")
    assert refs(doc, "section") == [f"§ {n}" for n in range(1, 31)]
    assert refs(doc, "chapter") == [f"kapitel {n}" for n in range(1, 9)]
    chapter4 = doc.by_ref("kapitel 4")
    assert chapter4 is not None
    assert chapter4.heading == (
        "Vurdering i klinisk funktion af borgerens muligheder for arbejde eller uddannelse"
    )
    headings = [p.heading for p in doc.provisions if p.kind == "heading"]
    assert headings == [
        "Sundhedskoordinatorfunktionen i åbenbare sager om førtidspension",
        "Sundhedskoordinatorfunktionen i løbende sager",
        "Øvrigt om sundhedskoordinatorfunktionen",
        "Prisfastsættelse og afregning",
        "Frister for regionens ydelser",
        "Aftaleperiode m.v.",  # a heading may end with an abbreviation
    ]
    assert doc.by_ref("§ 24, stk. 1").text.endswith("bestemte postkasse.")  # type: ignore[union-attr]
    # every section has an unlabelled stk. 1
    for sec in (p for p in doc.provisions if p.kind == "section"):
        first = doc.children(sec.eid)[0]
        assert first.kind == "subsection" and first.num == "1" and first.label == ""
    assert [p.ref for p in doc.children(doc.by_ref("§ 16, stk. 2").eid)] == [  # type: ignore[union-attr]
        f"§ 16, stk. 2, nr. {n}" for n in range(1, 7)
    ]
    # wrapped item continuation and PDF hyphenation across a blank line are joined
    item = doc.by_ref("§ 11, stk. 2, nr. 1")
    assert item is not None and item.text.startswith(
        "rådgivning om mulighederne for, at en borger kan fortsætte i et ressourceforløb"
    )
    assert doc.by_ref("§ 1, stk. 1").text.startswith(  # type: ignore[union-attr]
        "Denne bekendtgørelse fastlægger rammerne for aftaler om regionernes"
    )
    # § 3 starts mid-line after a space; § 16, stk. 3 follows an item without a blank line
    assert doc.by_ref("§ 3, stk. 2") is not None
    assert doc.by_ref("§ 16, stk. 3").text.startswith("Kommunen og regionen kan vælge")  # type: ignore[union-attr]
    # annex with its own footnote; the marker "kr.1)" is not an item
    annex = doc.by_ref("bilag 1")
    assert annex is not None and annex.heading.startswith("Rammer for betaling")
    notes = [p for p in doc.provisions if p.kind == "footnote"]
    assert [(n.ref, n.parent) for n in notes] == [("bilag 1, fodnote 1", "att_1")]
    assert "14.000 kr.1) inklusiv" in annex.text
    assert doc.info.in_force == "2021-01-01"
    assert doc.info.date == "2020-12-29"
    assert [(r.number, r.date) for r in doc.info.revokes] == [("1610", "2019-12-27")]
    sig = next(p for p in doc.provisions if p.kind == "signature")
    assert "Maria Schack Vindum" in sig.text
    assert not [f for f in doc.findings if "numbering" in f.kind or f.kind == "dangling-reference"]


def test_draft_2026_structure() -> None:
    doc = parsed("udkast-2026")
    assert refs(doc, "section") == [f"§ {n}" for n in range(1, 21)]
    chapters = [(p.ref, p.label, p.heading) for p in doc.provisions if p.kind == "chapter"]
    assert chapters[0] == ("kapitel 1", "Kapitel 1:", "Anvendelsesområde")
    assert chapters[1] == ("kapitel 2", "Kap. 2:", "Øvrig rekvirering af attester")
    assert chapters[2] == ("kapitel 3", "Kapitel 3.", "Sundhedsfaglig rådgivning")
    assert len(chapters) == 8
    headings = [p.heading for p in doc.provisions if p.kind == "heading"]
    assert headings == [
        "Sager hvor kommunen vurderer personen er i målgruppen for fleksjob, tilskud til "
        "selvstændigt erhvervsdrivende og førtidspension",
        "Øvrigt om den sundhedsfaglige rådgivning",
    ]
    # blank lines inside sentences: § 5 is one paragraph of two sentences
    s5 = doc.by_ref("§ 5, stk. 1")
    assert s5 is not None and s5.text.endswith("speciallægeattest fra regionens kliniske funktion.")
    assert [p.ref for p in doc.children(doc.by_ref("§ 8").eid)] == [  # type: ignore[union-attr]
        f"§ 8, stk. {n}" for n in range(1, 5)
    ]
    assert doc.info.in_force == "2026-07-01"
    assert [(r.number, r.date) for r in doc.info.revokes] == [("2236", "2020-12-29")]
    assert doc.info.revokes[0].title.startswith("om sundhedsfaglig rådgivning og vurdering")


@pytest.mark.parametrize(
    ("line", "signature"),
    [
        ("Styrelsen for Arbejdsmarked og Rekruttering, den x. marts 2026", True),
        # Word and PDF often put the signers on the date's line
        ("Styrelsen for Arbejdsmarked, den 29. december 2020 Jens Erik Zebis / Thomas Dahl", True),
        ("Beskæftigelsesministeriet, den 1. marts 2026 P.b.v. Hans Hansen", True),
        # a sentence that goes on after a date is not a signature
        ("Kommunen træffer afgørelse, den 1. marts 2026 eller senere.", False),
    ],
)
def test_signature_line_with_or_without_the_signers(line: str, signature: bool) -> None:
    doc = parse_text(f"Bekendtgørelse om prøver\n\n§ 1. Reglerne gælder.\n\n{line}\n")
    kinds = [p.kind for p in doc.provisions]
    assert ("signature" in kinds) is signature, kinds
    assert line in doc.provisions[-1].text  # placed, not lost


_CONSOLIDATED = """Bekendtgørelse af lov om prøver

Kapitel 1
Administration af loven

Bemyndigelse til at gennemføre EU-lovgivning m.v.

§ 1. Ministeren kan fastsætte regler.

§§ 2 a-2 c. (Ophævet).

§ 3. Loven gælder ikke for Færøerne.

{trailer}
§ 167. Loven træder i kraft den 1. januar 2009.
Stk. 2. Reglerne gælder også verserende sager.
"""


@pytest.mark.parametrize(
    "trailer",
    [
        "Lov nr. 1336 af 19. december 2008 (Konsekvensændringer) indeholder følgende "
        "ikrafttrædelses- og overgangsbestemmelse:",
        "Lov nr. 633 af 8. juni 2016 indeholder følgende ikrafttrædelsesbestemmelse:",
        "Lov nr. 1336 af 19. december 2008, § 70, vedrører lovens § 1. Loven træder i kraft "
        "1. januar 2009, jf. § 167.",
        "Lov nr. 1336 af 19. december 2008 § 70 vedrører lovens § 1.",  # the 2009 layout
    ],
)
def test_consolidated_act_trailers_ranges_and_headings(trailer: str) -> None:
    """A consolidated act ends with notes on the amending acts, whose own sections (§ 167)
    are not sections of this act; a repealed range is one provision; a mellemrubrik ending
    in "m.v." is a mellemrubrik, not part of the chapter heading."""
    doc = parse_text(_CONSOLIDATED.format(trailer=trailer))
    sections = [p for p in doc.provisions if p.kind == "section"]
    assert [p.ref for p in sections] == ["§ 1", "§§ 2 a-2 c", "§ 3"]
    assert sections[1].label == "§§ 2 a-2 c."
    last = [p for p in doc.provisions if p.ref.startswith("§ 3")][-1]
    assert last.text == "Loven gælder ikke for Færøerne."
    assert any(p.kind == "text" and p.text.startswith("Lov nr.") for p in doc.provisions)
    chapter = next(p for p in doc.provisions if p.kind == "chapter")
    assert chapter.heading == "Administration af loven"
    assert [p.heading for p in doc.provisions if p.kind == "heading"] == [
        "Bemyndigelse til at gennemføre EU-lovgivning m.v."
    ]
    structural = [f for f in doc.findings if "numbering" in f.kind or f.kind == "unplaced-text"]
    assert not structural, structural


@pytest.mark.parametrize(
    ("head", "title", "kind"),
    [
        ("Økologilov", "Økologilov", "lov"),
        ("Bekendtgørelse af økologiloven", "Bekendtgørelse af økologiloven", "lovbekendtgørelse"),
        # a footnote marker on the title belongs to the note, not to the title
        (
            "Bekendtgørelse af lov om et skibsfinansieringsinstitut1)",
            "Bekendtgørelse af lov om et skibsfinansieringsinstitut",
            "lovbekendtgørelse",
        ),
    ],
)
def test_title_and_kind_of_acts(head: str, title: str, kind: str) -> None:
    doc = parse_text(
        f"{head}\n\nHermed bekendtgøres loven, jf. lovbekendtgørelse nr. 886 af 8. august "
        "2011.\n\n§ 1. Loven gælder.\n"
    )
    assert (doc.info.title, doc.info.kind) == (title, kind)
    assert [p.kind for p in doc.provisions][:3] == ["title", "preamble", "section"]


_AMENDING = """Lov om ændring af lov om prøver

§ 1

I lov om prøver foretages følgende ændringer:
1. Efter § 3 indsættes:
»§ 3 a. Ministeren kan fastsætte regler om digital kommunikation.
Stk. 2. Ministeren kan fastsætte nærmere regler.

§ 3 b. Hvor der er krævet underskrift, kan kravet opfyldes digitalt.«
2. I § 4, stk. 1, indsættes som 2. pkt.:
»Ministeren kan endvidere fastsætte regler om klager.«

§ 2

Stk. 1. Loven træder i kraft den 1. januar 2014.
Stk. 2. Regler udstedt efter de hidtidige bestemmelser gælder fortsat.
"""


def test_an_amending_act_quotes_new_sections_as_text() -> None:
    """The sections an amending act inserts (»§ 3 a. … § 3 b. …«) are the wording of its
    amendment no. 1, not sections of the act; its own § 2 may label its first stk."""
    doc = parse_text(_AMENDING)
    assert [p.ref for p in doc.provisions if p.kind == "section"] == ["§ 1", "§ 2"]
    first = doc.by_ref("§ 1, stk. 1, nr. 1")
    assert first is not None and "§ 3 b. Hvor der er krævet underskrift" in first.text
    assert [(p.ref, p.label) for p in doc.provisions if p.ref.startswith("§ 2,")] == [
        ("§ 2, stk. 1", "Stk. 1."),
        ("§ 2, stk. 2", "Stk. 2."),
    ]
    assert not [f for f in doc.findings if "numbering" in f.kind]


# The layout of Retsinformation's amending acts: a heading under a section's label, then stk. 1.
_AMENDING_HEADED = """Lov om ændring af lov om skove

§ 1

I lov om skove foretages følgende ændring:
1. § 29 ophæves.

§ 2
Ikrafttræden m.v.

Stk. 1. Loven træder i kraft den 1. maj 2011, jf. dog stk. 2.
Stk. 2. Ministeren fastsætter tidspunktet for ikrafttræden af § 1, nr. 1.

§ 3
Overgangsbestemmelser for
igangværende sager

Stk. 1. Sager afgøres efter de hidtidige regler.
Stk. 2. Dog gælder § 1 også for dem.
"""


def test_a_heading_between_a_section_label_and_its_stk_1_is_the_sections() -> None:
    doc = parse_text(_AMENDING_HEADED)
    headed_3 = "Overgangsbestemmelser for igangværende sager"  # over two lines
    for ref, heading in (("§ 2", "Ikrafttræden m.v."), ("§ 3", headed_3)):
        section = doc.by_ref(ref)
        assert section is not None and (section.heading, section.text) == (heading, "")
        stk1 = doc.by_ref(f"{ref}, stk. 1")
        assert stk1 is not None and stk1.label == "Stk. 1." and heading not in stk1.text
        assert doc.text[stk1.span[0] : stk1.span[1]].startswith("Stk. 1.")
    assert [p.ref for p in doc.provisions if p.ref.startswith("§ 2,")] == [
        "§ 2, stk. 1",
        "§ 2, stk. 2",
    ]
    assert not [f for f in doc.findings if "numbering" in f.kind]
    assert placed_words(doc) == Counter(words(clean(doc.text).text))


def test_the_outline_shows_a_sections_own_heading() -> None:
    lines = outline(parse_text(_AMENDING_HEADED)).splitlines()
    assert any(ln.strip() == "§ 2 — Ikrafttræden m.v." for ln in lines)


@pytest.mark.parametrize(
    "between",
    [
        "Loven træder i kraft den 1. maj 2011.",  # a sentence: stk. 1's words before its label
        "Ikrafttræden m.v.\nmed virkning fra 1. maj 2011.",  # ends as running text
    ],
)
def test_a_sentence_between_a_section_label_and_stk_1_is_no_heading(between: str) -> None:
    text = _AMENDING_HEADED.replace("Ikrafttræden m.v.", between, 1)
    section = parse_text(text).by_ref("§ 2")
    assert section is not None and section.heading == ""


@pytest.mark.skipif(not EXTRA.exists(), reason="../shared/corpus-extra is not beside the checkout")
def test_okologiloven_amending_act_2011_section_heading() -> None:
    doc = parse_file(EXTRA / "dk_okologiloven_4_aendr_LOV2011-341.txt")
    section = doc.by_ref("§ 18")
    assert section is not None and section.heading == "Ikrafttræden m.v."
    stk1 = [p for p in doc.provisions if p.ref == "§ 18, stk. 1"]
    assert [(p.label, p.text[:19]) for p in stk1] == [("Stk. 1.", "Loven træder i kraf")]
    assert not [f for f in doc.findings if "numbering" in f.kind]


def test_references_are_classified_and_resolved() -> None:
    doc = parsed("bek-2020")
    by_text = {(r.source, r.text): r for r in doc.references}
    r = by_text[("§ 24, stk. 1", "§§ 21-23")]
    assert r.internal and r.resolved and r.targets == ("§ 21", "§ 22", "§ 23")
    r = by_text[("§ 21, stk. 2", "§§ 3 og 4")]
    assert not r.internal and r.act and r.act.startswith("bekendtgørelse om rehabiliteringsplan")
    r = by_text[("§ 1, stk. 3", "§ 19, stk. 2")]  # shares the act named after the list
    assert not r.internal and r.act == "lov om social pension"
    assert by_text[("§ 2, stk. 1", "bekendtgørelsens kapitel 3")].internal
    assert by_text[("§ 17, stk. 2", "bilag 1")].resolved
    assert by_text[("§ 14, stk. 4", "stk. 2 og 3")].targets == ("§ 14, stk. 2", "§ 14, stk. 3")
    assert by_text[("§ 17, stk. 2", "§ 16, stk. 2, nr. 1")].resolved
    new = parsed("udkast-2026")
    r = next(r for r in new.references if r.text.startswith("§ 18, stk. 2, 2. pkt."))
    assert not r.internal and r.sentence == 2 and r.act == "lov om social pension"


def test_dangling_reference_is_a_finding() -> None:
    doc = parse_text("Bekendtgørelse om x\n\n§ 1. Se § 7, stk. 2.\n\n§ 2. Tekst.\n")
    kinds = [(f.kind, f.where) for f in doc.findings]
    assert ("dangling-reference", "§ 1, stk. 1") in kinds


def test_application_2017_cites_older_acts() -> None:
    doc = parsed("frikommune-2017")
    external = [r for r in doc.references if not r.internal]
    assert len(external) == len(doc.references) > 20
    acts = {r.act for r in external}
    assert "Bekendtgørelse nr. 1092 af 3. august 2016" in acts
    assert "sygedagpengelovens" in acts


def test_redline_text_parses_with_numbering_findings() -> None:
    doc = parsed("redline-2026-forudsaetninger")
    kinds = Counter(f.kind for f in doc.findings)
    assert kinds["numbering-order"] >= 1 and kinds["numbering-duplicate"] >= 1


@pytest.mark.parametrize(
    "doc_id", [e["id"] for e in json.loads((CORPUS / "manifest.json").read_text())["documents"]]
)
def test_seeds_lossless_and_spans(doc_id: str) -> None:
    doc = parsed(doc_id)
    assert placed_words(doc) == Counter(words(clean(doc.text).text))
    for p in doc.provisions:
        s, e = p.span
        assert 0 <= s <= e <= len(doc.text)
        source = doc.text[s:e]
        if p.text:  # the span holds the provision's first and last words
            first, last = p.text.split()[0], p.text.split()[-1]
            flat = " ".join(clean(source).text.split())
            assert first in flat and last[-3:] in flat, (p.ref, source[:80])
    for r in doc.references:
        s, e = r.span
        squashed = re.sub(r"[\s\u2010-]+", "", doc.text[s:e])
        assert squashed == re.sub(r"[\s-]+", "", r.text), r


def test_golden_outlines() -> None:
    """Outlines of the two orders, produced by the code and checked by reading them.

    On mismatch the new outline is written beside the golden file (``.new``); replace the
    golden file only on purpose, after reading the difference.
    """
    for doc_id in ("bek-2020", "udkast-2026"):
        got = outline(parsed(doc_id))
        golden = GOLDEN / f"{doc_id}.outline.txt"
        if not golden.exists():
            GOLDEN.mkdir(exist_ok=True)
            golden.write_text(got, encoding="utf-8")
        expected = golden.read_text(encoding="utf-8")
        if got != expected:
            golden.with_suffix(".new").write_text(got, encoding="utf-8")
        assert got == expected, f"outline of {doc_id} changed; see {golden.with_suffix('.new')}"


def test_akn_round_trip_and_well_formed() -> None:
    from lxml import etree

    for doc_id in ("bek-2020", "udkast-2026"):
        doc = parsed(doc_id)
        xml = to_akn(doc)
        root = etree.fromstring(xml.encode())
        assert root.tag.endswith("akomaNtoso")
        assert root.find(".//{*}section[@eId='sec_8']") is not None
        back = from_akn(xml)
        assert back.provisions == doc.provisions
        assert back.info == doc.info


# ----------------------------------------------------------------------------- real acts


@pytest.mark.skipif(not EXTRA.exists(), reason="../shared/corpus-extra is not beside the checkout")
def test_real_acts_parse_lossless() -> None:
    for path in sorted(EXTRA.glob("*.txt")):
        doc = parse_file(path)
        assert placed_words(doc) == Counter(words(clean(doc.text).text)), path.name
        assert any(p.kind == "section" for p in doc.provisions), path.name


@pytest.mark.skipif(not EXTRA.exists(), reason="../shared/corpus-extra is not beside the checkout")
def test_two_renderings_parse_alike() -> None:
    a = parse_file(EXTRA / "dk_foraeldelsesloven_3_LBK2015-1238_fromXML.txt")
    b = parse_file(EXTRA / "dk_foraeldelsesloven_4_LBK2015-1238_fromOldHTML.txt")
    body = ("section", "subsection", "item", "chapter")
    assert [p.ref for p in a.provisions if p.kind in body] == [
        p.ref for p in b.provisions if p.kind in body
    ]
    assert a.by_ref("§ 2 a") is not None
    skib1 = parse_file(EXTRA / "dk_skibsfinansiering_1_LBK2011-886.txt")
    skib2 = parse_file(EXTRA / "dk_skibsfinansiering_2_LBK2014-851.txt")
    both = {p.ref for p in skib1.provisions} & {p.ref for p in skib2.provisions}
    assert "§ 2 a" in both


@pytest.mark.skipif(not EXTRA.exists(), reason="../shared/corpus-extra is not beside the checkout")
def test_flattened_layout_and_consolidated_act() -> None:
    flat = parse_file(EXTRA / "dk_digitalpost_5_BEK2013-1553_fysiske_personer_FLAT.txt")
    assert flat.by_ref("§ 2, stk. 4") is not None
    assert flat.by_ref("§ 3, stk. 1, nr. 3") is not None
    lbk = parse_file(EXTRA / "dk_digitalpost_3_LBK2016-801.txt")
    assert lbk.info.kind == "lovbekendtgørelse" and lbk.info.number == "801"
    assert refs(lbk, "section") == [
        f"§ {n}" for n in range(1, 14)
    ]  # the amending act's § 2 is not one
    assert any(p.kind == "text" and "indeholder følgende" in p.text for p in lbk.provisions)


# ----------------------------------------------------------------------------- renderings


def _libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(_libreoffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_docx_and_pdf_renderings_parse_like_the_text(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "udkast.txt"
    src.write_bytes(corpus_path("udkast-2026").read_bytes())
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [_libreoffice(), "--headless", "--convert-to", fmt, "--outdir", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    rendered = parse_file(tmp_path / f"udkast.{fmt}")
    text = parsed("udkast-2026")
    body = ("section", "subsection", "item", "chapter", "heading")
    assert [p.ref for p in rendered.provisions if p.kind in body] == [
        p.ref for p in text.provisions if p.kind in body
    ]


# ----------------------------------------------------------------------------- bad input


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lovdiff.cli", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("tom.txt", b"", "filen er tom"),
        ("binaer.txt", bytes(range(256)) * 50, "binære data"),
        ("ikke.docx", b"dette er ikke en zip", "ikke et Word-dokument"),
        ("ikke.pdf", b"%PDF-1.4\n%%EOF\n", "PDF"),
        ("blank.txt", b"   \n\n \t ", "ingen tekst"),
    ],
)
def test_bad_input_one_line_exit_2(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    proc = _cli("parse", str(path))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0], proc.stderr


def test_missing_file(tmp_path: Path) -> None:
    proc = _cli("parse", str(tmp_path / "findes-ikke.txt"))
    assert proc.returncode == 2 and "findes ikke" in proc.stderr


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("\ufeff§ 1. Første.\nStk. 2. Æble.".encode(), "utf-8-sig"),
        ("§ 1. Første.\nStk. 2. Æble.".encode("utf-16"), "utf-16"),
        ("§ 1. Første.\nStk. 2. Æble.".encode("cp1252"), "windows-1252"),
    ],
)
def test_text_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    doc = parse_file(path)
    assert doc.provenance is not None and doc.provenance.encoding == encoding
    assert doc.by_ref("§ 1, stk. 2").text == "Æble."  # type: ignore[union-attr]


def test_parse_does_not_import_spacy() -> None:
    path = str(corpus_path("bek-2020"))
    code = (
        "import sys; from lovdiff.cli import main; "
        f"main(['parse', {path!r}, '--format', 'text']); "
        "assert 'spacy' not in sys.modules, 'spacy imported'"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


# ----------------------------------------------------------------------------- properties

SOUP = st.lists(
    st.sampled_from(
        [
            "§ 1.",
            "§ 2 a.",
            "§§ 3-4",
            "Stk. 2.",
            "stk. 3",
            "nr. 1",
            "1)",
            "a)",
            "Kapitel 2",
            "Kap. 3:",
            "Bilag 1",
            "\n",
            "\n\n",
            " ",
            "borgeren",
            "‐\n",
            "Tekst.",
            "jf.",
            "i lov om x",
            "\u00a0",
            "\f",
            "den 1. juli 2026",
            "ophæves",
            "træder i kraft",
            "~~",
            "»",
            "\u00ad",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(SOUP, st.text(max_size=300)))
def test_parser_never_raises_and_loses_nothing(text: str) -> None:
    doc = parse_text(text)
    assert placed_words(doc) == Counter(words(clean(text).text))
    for p in doc.provisions:
        assert 0 <= p.span[0] <= p.span[1] <= len(text)
    for r in doc.references:
        assert 0 <= r.span[0] <= r.span[1] <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab ‐\n\u00ad-cø"), max_size=80))
def test_clean_maps_back_to_source(text: str) -> None:
    c = clean(text)
    for i, ch in enumerate(c.text):
        src = text[c.to_source(i)]
        if ch.isalpha():
            assert src == ch
