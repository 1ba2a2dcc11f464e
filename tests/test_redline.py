"""Tests of the redline readers (``lovdiff.redline``): Word revisions and ~~struck~~ text."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import corpus_path
from lovdiff.errors import InputError
from lovdiff.redline import read_docx_revisions, read_redline, split_struck

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent
TRACKED = DATA / "tracked.docx"


# ------------------------------------------------------------------ Word tracked changes


def test_docx_revisions_give_exact_old_and_new_text() -> None:
    old, new, findings = read_docx_revisions(TRACKED)
    assert old.splitlines() == [
        "Bekendtgørelse om sundhedsfaglig rådgivning",
        "Kapitel 1",
        "Anvendelsesområde",
        "§ 1. Bekendtgørelsen gælder for rådgivning af borgere i sager om fleksjob og "
        "førtidspension.",
        "Stk. 2. Kommunen skal indhente oplysninger om",
        "1) helbred,",
        "2) beskæftigelse.",
        "Stk. 3. Regionen stiller en skabelon til rådighed.",
        "§ 2. Sundhedskoordinatoren deltager i rehabiliteringsteamets møder.",
        "Kapitel 2",
        "Samarbejde",
        "§ 3. Regionen og kommunen indgår en samarbejdsaftale.",
        "§ 4. Bekendtgørelsen træder i kraft den 1. juli 2026.",
    ]
    assert new.splitlines() == [
        "Bekendtgørelse om sundhedsfaglig rådgivning",
        "Kapitel 1",
        "Anvendelsesområde",
        "§ 1. Bekendtgørelsen gælder for rådgivning af personer i sager om fleksjob og "
        "førtidspension.",
        "Stk. 2. Kommunen skal altid indhente oplysninger om",
        "1) helbred,",
        "2) uddannelse,",  # inserted list item: numbered in the new version only
        "3) beskæftigelse.",
        "Kapitel 2",
        "Samarbejde",
        "§ 2. Regionen og kommunen indgår en samarbejdsaftale.",  # inserted-then-deleted text gone
        "Stk. 2. Regionen stiller en skabelon til rådighed.",  # moved here
        "§ 3. Bekendtgørelsen træder i kraft den 1. juli 2026.",
    ]
    assert "flytninger" in findings[0].message


def test_a_tracked_docx_read_plainly_is_its_accepted_version() -> None:
    """``parse``/``diff`` read a .docx with every change accepted: moved-away text and deleted
    paragraph marks are gone as in Word's "accept all", and a note points to the redline."""
    from lovdiff.readers import read_path

    _old, new, _findings = read_docx_revisions(TRACKED)
    read = read_path(TRACKED)
    assert read.text.splitlines() == new.splitlines()
    assert [f.kind for f in read.findings] == ["note"]
    assert "2 flytninger" in read.findings[0].message


def test_the_drafts_own_redline_read_plainly_equals_the_draft(tmp_path: Path) -> None:
    """The Word redline of 2020 -> 2026, read as a plain .docx, is the 2026 draft: every
    pair unchanged (moves, deleted paragraph marks and the signature line included)."""
    from lovdiff.align import compare
    from lovdiff.export.docx import redline_docx
    from lovdiff.parse import parse_file

    new = parse_file(corpus_path("udkast-2026"))
    out = tmp_path / "redline.docx"
    out.write_bytes(redline_docx(compare(parse_file(corpus_path("bek-2020")), new)))
    back = compare(new, parse_file(out))
    assert {p.status for p in back.pairs} == {"unchanged"}
    notes = [f.message for f in back.findings]  # tracked changes read; the versions are alike
    assert len(notes) == 2 and "registrerede ændringer" in notes[0] and "samme" in notes[1]


def test_docx_redline_is_aligned() -> None:
    cmp = read_redline(TRACKED)
    pairs = {(p.level, p.old, p.new): p for p in cmp.pairs}
    moved = pairs[("subsection", "§ 1, stk. 3", "§ 2, stk. 2")]
    assert moved.status == "unchanged" and moved.moved and moved.renumbered
    assert pairs[("section", "§ 2", None)].status == "deleted"
    assert pairs[("item", None, "§ 1, stk. 2, nr. 2")].status == "added"
    assert pairs[("item", "§ 1, stk. 2, nr. 2", "§ 1, stk. 2, nr. 3")].status == "unchanged"
    assert pairs[("section", "§ 4", "§ 3")].renumbered


def test_generated_docx_is_reproducible(tmp_path: Path) -> None:
    out = tmp_path / "t.docx"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_tracked_docx.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == TRACKED.read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_tracked_docx() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from make_tracked_docx import check
    finally:
        sys.path.pop(0)
    text = check(TRACKED)
    assert "Regionen stiller en skabelon til rådighed" in text


def test_unreadable_docx_raises_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError):
        read_redline(bad)
    entity = tmp_path / "entity.docx"
    with zipfile.ZipFile(entity, "w") as zf:
        zf.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><d>&e;</d>',
        )
    with pytest.raises(InputError):
        read_docx_revisions(entity)
    with pytest.raises(InputError):
        read_redline(tmp_path / "missing.txt")


# ------------------------------------------------------------------ ~~struck~~ text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["ord ", "~~", "§ 12. ", "\n", "børgeren ", "personen ", "x"]), max_size=30
    )
)
def test_split_struck_never_raises_and_drops_markers(parts: list[str]) -> None:
    old, new, findings = split_struck("".join(parts))
    assert "\ue000" not in old + new and "\ue001" not in old + new
    assert all(f.kind == "conversion-damage" for f in findings)


def test_struck_text_is_old_only_and_unmarked_text_is_in_both() -> None:
    old, new, findings = split_struck("§ 1. Kommunen ~~skal~~ kan hjælpe.\n")
    assert old == "§ 1. Kommunen skal kan hjælpe.\n"  # insertions are not marked
    assert new == "§ 1. Kommunen  kan hjælpe.\n"
    assert not findings


def test_corpus_redline_conversion_damage_is_repaired_and_reported() -> None:
    text = corpus_path("redline-2026-forudsaetninger").read_text(encoding="utf-8")
    old, new, findings = split_struck(text)
    messages = " ".join(f.message for f in findings)
    # glued numbers: § 136 = old § 13, new § 6; § ~~125~~; Kapitel ~~64~~; § ~~169~~
    for line in (
        "'§ 136' er læst som gammel § 13 og ny § 6",
        "gammel § 12 og ny § 5",
        "gammel kapitel 6 og ny kapitel 4",
        "gammel § 16 og ny § 9",
    ):
        assert line in messages, line
    assert "\n§ 6. Ansøger personen om førtidspension" in new
    assert "\n§ 13. Ansøger borgeren om førtidspension" in old
    # ø for a struck o: deleted "borgeren", inserted "personen"
    assert "børger" not in old and "børger" not in new
    assert "sammen med personen udarbejde" in new
    assert "sammen med borgeren udarbejde" in old
    assert "'børgeren personen' er læst som slettet 'borgeren' og indsat 'personen'" in messages
    # ~~juli~~~~februar~~ cannot be decided: reported
    assert "('juli' og 'februar')" in messages
    assert all(f.kind == "conversion-damage" for f in findings)


def test_corpus_redline_compares_with_new_numbering_findings() -> None:
    cmp = read_redline(corpus_path("redline-2026-forudsaetninger"))
    sections = {(p.old, p.new) for p in cmp.pairs if p.level == "section"}
    assert {("§ 13", "§ 6"), ("§ 14", "§ 7"), ("§ 12", "§ 5"), ("§ 5", "§ 8")} <= sections
    assert ("§ 6", None) in sections and ("§ 7", None) in sections  # deleted team rules
    kinds = [f.kind for f in cmp.findings]
    assert kinds[0] == "note"  # the format's limitation comes first
    assert "conversion-damage" in kinds
    assert any(
        "numbering" in k and f.where == "§ 8" for k, f in zip(kinds, cmp.findings, strict=True)
    )
