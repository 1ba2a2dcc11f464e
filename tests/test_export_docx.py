"""Word exports: the OOXML package, the parallelopstilling, the tracked-changes redline, and
that LibreOffice opens them and shows the inserted and deleted words."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from lovdiff.export import render_comparison
from lovdiff.export.docx import parallel_docx, redline_docx
from lovdiff.export.ooxml import REQUIRED_PARTS, W_NS
from test_export_fixtures import corpus_comparison, tiny_comparison

W = f"{{{W_NS}}}"
NS = {"w": W_NS}
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def parts(data: bytes) -> dict[str, etree._Element]:
    """Every XML part of a .docx, parsed (raises when one is not well-formed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {
            n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))
        }


def _norm(text: str) -> str:
    return " ".join(text.split())


def visible_text(doc: etree._Element, *, accept: bool) -> str:
    """The document text with all changes accepted (or all rejected): accepting drops
    deletions and the old ends of moves, rejecting drops insertions and the new ends."""
    out: list[str] = []
    for el in doc.iter(f"{W}t", f"{W}delText", f"{W}br", f"{W}p"):
        if el.tag == f"{W}p":
            out.append(" ")
            continue
        inside_del = any(a.tag in (f"{W}del", f"{W}moveFrom") for a in el.iterancestors())
        inside_ins = any(a.tag in (f"{W}ins", f"{W}moveTo") for a in el.iterancestors())
        if (accept and inside_del) or (not accept and inside_ins):
            continue
        out.append(" " if el.tag == f"{W}br" else el.text or "")
    return _norm("".join(out))


def pdf_text(data: bytes, tmp: Path) -> str:
    """Convert with LibreOffice (own profile, so parallel runs do not clash) and extract."""
    import pdfplumber

    src = tmp / "in.docx"
    src.write_bytes(data)
    profile = tmp / "lo-profile"
    subprocess.run(
        [
            str(LIBREOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp)},
    )
    with pdfplumber.open(tmp / "in.pdf") as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


needs_libreoffice = pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")


@pytest.mark.parametrize("fmt", ["docx", "redline-docx"])
def test_package_parts_are_complete_and_well_formed(fmt: str) -> None:
    data = render_comparison(tiny_comparison(), fmt)
    assert isinstance(data, bytes)
    xml = parts(data)
    for name in REQUIRED_PARTS:
        assert name in xml, name
    styles = xml["word/styles.xml"]
    lang = styles.find(".//w:docDefaults//w:lang", NS)
    assert lang is not None and lang.get(f"{W}val") == "da-DK"
    types = etree.tostring(xml["[Content_Types].xml"]).decode()
    assert "wordprocessingml.document.main+xml" in types
    # no control characters from the hostile input reach the XML
    body = etree.tostring(xml["word/document.xml"], encoding="unicode")
    assert "\x00" not in body and "\x07" not in body
    assert "Helt ny regel med styretegn." in visible_text(xml["word/document.xml"], accept=True)


def test_parallel_is_landscape_two_columns_with_repeated_header() -> None:
    xml = parts(parallel_docx(tiny_comparison()))["word/document.xml"]
    pg = xml.find(".//w:sectPr/w:pgSz", NS)
    assert pg is not None and pg.get(f"{W}orient") == "landscape"
    assert int(pg.get(f"{W}w")) > int(pg.get(f"{W}h"))
    tbl = xml.find(".//w:tbl", NS)
    assert tbl is not None and len(tbl.findall("w:tblGrid/w:gridCol", NS)) == 2
    first = tbl.find("w:tr", NS)
    assert first is not None and first.find("w:trPr/w:tblHeader", NS) is not None
    assert "Gældende regler" in "".join(first.itertext())
    rows = tbl.findall("w:tr", NS)[1:]
    # the changed section: struck red words left, underlined blue right
    row1 = rows[0]
    left, right = row1.findall("w:tc", NS)
    struck = [
        "".join(r.itertext())
        for r in left.iter(f"{W}r")
        if r.find("w:rPr/w:strike", NS) is not None
    ]
    under = [
        "".join(r.itertext()) for r in right.iter(f"{W}r") if r.find("w:rPr/w:u", NS) is not None
    ]
    assert any("4" in s for s in struck) and any("2" in u for u in under)
    assert any("Borgeren" in s for s in struck)  # a term swap, shown grey but still struck
    # the unchanged stk. 2 is "– – –" on the right, full text on the left
    assert "– – –" in "".join(right.itertext())
    assert "HYPERLINK" in "".join(left.itertext())
    # the dropped § 2 has an empty right column
    last_left, last_right = rows[-1].findall("w:tc", NS)
    assert "sundhedskoordinatoren" in "".join(last_left.itertext())
    assert "".join(last_right.itertext()).strip() == ""


def test_parallel_marks_renumbering_on_the_corpus() -> None:
    c = corpus_comparison()
    xml = parts(parallel_docx(c))["word/document.xml"]
    text = "".join(xml.itertext())
    renumbered = [p for p in c.pairs if p.level == "section" and p.renumbered and p.old]
    assert renumbered
    for p in renumbered:
        assert f"(tidligere {p.old})" in text


def test_redline_has_real_tracked_changes() -> None:
    c = tiny_comparison()
    package = parts(redline_docx(c))
    xml = package["word/document.xml"]
    assert package["word/settings.xml"].find("w:trackRevisions", NS) is not None
    ins = xml.findall(".//w:ins", NS)
    dels = xml.findall(".//w:del", NS)
    assert ins and dels
    ids = [e.get(f"{W}id") for e in xml.iter(f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids))
    for e in ins + dels:
        assert e.get(f"{W}author") == "lovdiff"
        assert e.get(f"{W}date", "").endswith("Z")
    deleted = " ".join("".join(t.text or "" for t in d.iter(f"{W}delText")) for d in dels)
    inserted = " ".join("".join(t.text or "" for t in i.iter(f"{W}t")) for i in ins)
    assert "Borgeren" in deleted and "4" in deleted and "sundhedskoordinatoren" in deleted
    assert "Personen" in inserted and "2" in inserted and "Helt ny regel" in inserted
    for d in dels:  # deleted text is never in w:t
        assert d.find(".//w:t", NS) is None
    assert visible_text(xml, accept=True).count("Personen skal have svar inden 2 uger.") == 1
    assert "Borgeren skal have svar inden 4 uger." in visible_text(xml, accept=False)


def test_redline_accept_and_reject_give_both_versions_on_the_corpus() -> None:
    c = corpus_comparison()
    xml = parts(redline_docx(c))["word/document.xml"]
    accepted = visible_text(xml, accept=True)
    rejected = visible_text(xml, accept=False)
    kinds = ("subsection", "item")
    missing_new = [
        p.ref for p in c.new.provisions if p.kind in kinds and _norm(p.text) not in accepted
    ]
    missing_old = [
        p.ref for p in c.old.provisions if p.kind in kinds and _norm(p.text) not in rejected
    ]
    assert missing_new == []
    assert missing_old == []
    bold = [r for r in xml.iter(f"{W}r") if r.find("w:rPr/w:b", NS) is not None]
    assert any("§ 16." in "".join(r.itertext()) for r in bold)


@needs_libreoffice
def test_libreoffice_renders_the_redline_with_both_versions(tmp_path: Path) -> None:
    text = pdf_text(redline_docx(tiny_comparison()), tmp_path)
    assert "Personen" in text and "Borgeren" in text
    assert "sundhedskoordinatoren" in text  # the deleted section is shown struck


@needs_libreoffice
def test_libreoffice_renders_both_ends_of_a_move(tmp_path: Path) -> None:
    """2020 § 12 is 2026 § 11: its old label at the old place, its new one at the new."""
    from lovdiff.align import compare
    from test_export_fixtures import parsed

    c = compare(parsed("bek-2020"), parsed("udkast-2026"))
    xml = parts(redline_docx(c))["word/document.xml"]
    assert xml.find(".//w:moveFrom", NS) is not None and xml.find(".//w:moveTo", NS) is not None
    text = _norm(pdf_text(redline_docx(c), tmp_path))
    old = _norm(c.old.by_ref("§ 12, stk. 2").text)  # type: ignore[union-attr]
    new = _norm(c.new.by_ref("§ 11, stk. 2").text)  # type: ignore[union-attr]
    assert old[:60] in text and new[:60] in text


@needs_libreoffice
def test_libreoffice_renders_the_parallel(tmp_path: Path) -> None:
    text = pdf_text(parallel_docx(corpus_comparison()), tmp_path)
    assert "Gældende regler" in text and "Udkast" in text
    assert "tidligere §" in text


# --------------------------------------------------------------------------- properties

_WORDS = [
    "borgeren",
    "personen",
    "kommunen",
    "skal",
    "kan",
    "regionen",
    "yde",
    "rådgivning",
    "§ 3",
    "jf.",
]


def _doc(sections: list[list[str]], title: str):  # type: ignore[no-untyped-def]
    from lovdiff.models import Document, DocumentInfo, Provision

    provs = []
    for i, stks in enumerate(sections, start=1):
        provs.append(
            Provision(f"§ {i}", f"sec_{i}", "section", f"§ {i}.", str(i), "", "", None, (0, 0))
        )
        for j, text in enumerate(stks, start=1):
            provs.append(
                Provision(
                    f"§ {i}, stk. {j}",
                    f"sec_{i}__subsec_{j}",
                    "subsection",
                    "" if j == 1 else f"Stk. {j}.",
                    str(j),
                    "",
                    text,
                    f"sec_{i}",
                    (0, 0),
                )
            )
    return Document(DocumentInfo(title, "bekendtgørelse"), "", tuple(provs))


_stk = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(" ".join)
_sections = st.lists(st.lists(_stk, min_size=1, max_size=3), min_size=1, max_size=5)


@settings(max_examples=40, deadline=None)
@given(_sections, _sections)
def test_redline_and_parallel_hold_both_versions_for_any_alignment(old_s, new_s) -> None:  # type: ignore[no-untyped-def]
    """Whatever the alignment, accepting the tracked changes gives every text of the new
    version and rejecting them every text of the old one; the parallel shows every section."""
    from lovdiff.export.tables import parallel_rows
    from test_export_fixtures import align_docs

    c = align_docs(_doc(old_s, "Gammel"), _doc(new_s, "Ny"))
    xml = parts(redline_docx(c))["word/document.xml"]
    accepted, rejected = visible_text(xml, accept=True), visible_text(xml, accept=False)
    for p in c.new.provisions:
        assert _norm(p.text) in accepted, p.ref
    for p in c.old.provisions:
        assert _norm(p.text) in rejected, p.ref
    rows = parallel_rows(c)
    assert {r.new_ref for r in rows if r.new_ref} == {
        p.ref for p in c.new.provisions if p.kind == "section"
    }
    assert {r.old_ref for r in rows if r.old_ref} == {
        p.ref for p in c.old.provisions if p.kind == "section"
    }
    parts(parallel_docx(c))  # well-formed


def _in_order(texts: list[str], whole: str) -> list[str]:
    """The texts not found in ``whole`` after the one before them (greedy, which is exact
    for deciding whether they occur in this order)."""
    pos, out = 0, []
    for t in texts:
        k = whole.find(t, pos)
        if k < 0:
            out.append(t)
        else:
            pos = k + len(t)
    return out


def _moved_check(c):  # type: ignore[no-untyped-def]
    """Accept-all gives the new texts in the new order; reject-all the old texts in the old
    order (but for parts of splits and merges, which stay beside their partner); every
    move has both ends, joined by one name; and lovdiff's own redline reader agrees."""
    import tempfile

    from lovdiff.redline import read_docx_revisions

    data = redline_docx(c)
    xml = parts(data)["word/document.xml"]
    accepted, rejected = visible_text(xml, accept=True), visible_text(xml, accept=False)
    grouped = {pr.old for pr in c.pairs if pr.group is not None and pr.old}

    def in_group(p) -> bool:  # type: ignore[no-untyped-def]
        while p is not None:
            if p.ref in grouped:
                return True
            p = c.old.by_eid(p.parent) if p.parent else None
        return False

    kinds = ("subsection", "item")
    new_texts = [_norm(p.text) for p in c.new.provisions if p.kind in kinds and p.text.strip()]
    old_texts = [
        _norm(p.text)
        for p in c.old.provisions
        if p.kind in kinds and p.text.strip() and not in_group(p)
    ]
    assert _in_order(new_texts, accepted) == []
    assert _in_order(old_texts, rejected) == []
    froms = _move_ranges(xml)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "redline.docx"
        path.write_bytes(data)
        old_text, new_text, _ = read_docx_revisions(path)
    assert _in_order(new_texts, _norm(new_text)) == []
    assert _in_order(old_texts, _norm(old_text)) == []
    return froms


def _move_ranges(xml: etree._Element) -> set[str]:
    """Checks every move has one range at each end, each range closes, revision ids are
    unique; returns the move names."""
    froms = sorted(e.get(f"{W}name", "") for e in xml.iter(f"{W}moveFromRangeStart"))
    tos = sorted(e.get(f"{W}name", "") for e in xml.iter(f"{W}moveToRangeStart"))
    assert froms == tos and len(set(froms)) == len(froms)  # each move once at each end
    ends = (f"{W}moveFromRangeEnd", f"{W}moveToRangeEnd")
    ids = [e.get(f"{W}id") for e in xml.iter() if e.get(f"{W}id") and e.tag not in ends]
    assert len(ids) == len(set(ids))
    for kind in ("moveFrom", "moveTo"):  # every range that starts ends, once
        opened = sorted(e.get(f"{W}id", "") for e in xml.iter(f"{W}{kind}RangeStart"))
        closed = sorted(e.get(f"{W}id", "") for e in xml.iter(f"{W}{kind}RangeEnd"))
        assert opened == closed
    return set(froms)


def test_redline_shows_moves_as_word_moves_on_the_corpus() -> None:
    """2020 § 2, stk. 1 became 2026 § 1, stk. 3, and § 12 became § 11 in another chapter:
    Word moves, so that rejecting every change gives the 2020 order back."""
    from lovdiff.align import compare
    from test_export_fixtures import parsed

    c = compare(parsed("bek-2020"), parsed("udkast-2026"))
    names = _moved_check(c)
    assert len(names) >= 5
    xml = parts(redline_docx(c))["word/document.xml"]
    moved_from = " ".join("".join(e.itertext()) for e in xml.iter(f"{W}moveFrom"))
    assert "§ 12." in moved_from


def test_reading_the_redline_back_gives_the_same_pairs(tmp_path: Path) -> None:
    """``lovdiff diff --format redline-docx`` then ``lovdiff redline`` on the file: the two
    versions read back from the tracked changes align as the originals did (with moves
    rendered in place the old version came back in the new order, and 2020 §§ 2, 3 and 9
    were lost; a dropped annex on one line was no annex when read back)."""
    from lovdiff.align import compare
    from lovdiff.redline import read_redline
    from test_export_fixtures import parsed

    c = compare(parsed("bek-2020"), parsed("udkast-2026"))
    path = tmp_path / "redline.docx"
    path.write_bytes(redline_docx(c))
    back = read_redline(path)

    def pairs(cmp: object, level: str) -> set[tuple[str | None, str | None, str]]:
        return {(p.old, p.new, p.status) for p in cmp.pairs if p.level == level}  # type: ignore[attr-defined]

    for level in ("chapter", "section", "item"):  # chapters include bilag 1
        assert pairs(back, level) == pairs(c, level), level
    # subsections: only the parts of merges and splits, which stay beside their partner
    grouped = {p.old for p in c.pairs if p.group is not None} - {None}
    differ = pairs(back, "subsection") ^ pairs(c, "subsection")
    assert differ and {old for old, _new, _status in differ} <= grouped
    assert [t.old for t in back.term_changes] == [t.old for t in c.term_changes]


def _paragraph_texts(xml: etree._Element, *, accept: bool) -> list[str]:
    """The non-empty paragraphs after accepting (rejecting) every change, where a paragraph
    whose mark is deleted (inserted) joins the next one, as in Word."""
    out: list[str] = []
    carry = ""
    drop = (f"{W}del", f"{W}moveFrom") if accept else (f"{W}ins", f"{W}moveTo")
    for para in xml.iter(f"{W}p"):
        text = carry
        for el in para.iter(f"{W}t", f"{W}delText"):
            if not any(a.tag in drop for a in el.iterancestors()):
                text += el.text or ""
        mark = para.find("w:pPr/w:rPr", NS)
        joins = mark is not None and any(mark.find(t) is not None for t in drop)
        if joins:
            carry = text
            continue
        carry = ""
        if text.strip():
            out.append(_norm(text))
    return out


def test_a_dropped_stk_1_with_items_keeps_its_paragraphs_and_labels() -> None:
    """§ 1, stk. 1 and its items are dropped; stk. 2 becomes the only stk. The old paragraphs
    come back on rejecting, with their labels, before the old stk. 2; accepting gives one."""
    from lovdiff.align import compare
    from lovdiff.parse import parse_text

    old = (
        "§ 1. Kommunen skal yde rådgivning om følgende forhold:\n"
        "1) helbred og sygdom hos borgeren,\n2) arbejdsevne og skåner i jobbet.\n"
        "Stk. 2. Regionen kan bistå kommunen med lægefaglig vurdering.\n\n"
        "§ 2. Bekendtgørelsen træder i kraft den 1. januar 2021.\n"
    )
    new = (
        "§ 1. Regionen kan bistå kommunen med lægefaglig vurdering.\n\n"
        "§ 2. Bekendtgørelsen træder i kraft den 1. januar 2021.\n"
    )
    c = compare(parse_text(old), parse_text(new))
    xml = parts(redline_docx(c))["word/document.xml"]
    assert _paragraph_texts(xml, accept=False)[-5:] == [
        "§ 1. Kommunen skal yde rådgivning om følgende forhold:",
        "1) helbred og sygdom hos borgeren,",
        "2) arbejdsevne og skåner i jobbet.",
        "Stk. 2. Regionen kan bistå kommunen med lægefaglig vurdering.",
        "§ 2. Bekendtgørelsen træder i kraft den 1. januar 2021.",
    ]
    assert _paragraph_texts(xml, accept=True)[-2:] == [
        "§ 1. Regionen kan bistå kommunen med lægefaglig vurdering.",
        "§ 2. Bekendtgørelsen træder i kraft den 1. januar 2021.",
    ]
    _moved_check(c)


def test_chapters_that_swap_places_are_word_moves_with_their_sections() -> None:
    """A chapter moved before another is a Word move, its sections with it: both orders come
    back, and each chapter heading is there once on either side."""
    from lovdiff.align import compare
    from lovdiff.parse import parse_text

    def order(first: tuple[str, str], second: tuple[str, str]) -> str:
        return "".join(
            f"Kapitel {k}\n{head}\n\n§ {k}. {text}\n\n"
            for k, (head, text) in enumerate((first, second), 1)
        )

    intro = ("Indledning", "Kommunen skal yde rådgivning til borgeren om alle forhold.")
    control = ("Tilsyn", "Ministeriet fører tilsyn med regionernes opgaver efter loven.")
    c = compare(parse_text(order(intro, control)), parse_text(order(control, intro)))
    xml = parts(redline_docx(c))["word/document.xml"]
    assert len(_moved_check(c)) >= 2  # the chapter and its section
    moved_from = " ".join("".join(e.itertext()) for e in xml.iter(f"{W}moveFrom"))
    assert "Kapitel" in moved_from
    for accept in (True, False):
        text = visible_text(xml, accept=accept)
        assert text.count("Indledning") == 1 and text.count("Tilsyn") == 1
        first = "Tilsyn" if accept else "Indledning"  # the new order, or the old one
        assert text.index(first) == min(text.index("Tilsyn"), text.index("Indledning"))


@settings(max_examples=60, deadline=None)
@given(_sections, st.randoms(use_true_random=False))
def test_redline_moves_keep_both_orders_for_shuffled_orders(sections, rnd) -> None:  # type: ignore[no-untyped-def]
    """The real aligner on an order and a shuffled, partly edited copy of it."""
    from lovdiff.align import compare

    new_s = [list(stks) for stks in sections]
    rnd.shuffle(new_s)
    if len(new_s) > 1 and len(new_s[0]) > 1:
        new_s[1].append(new_s[0].pop())  # a subsection moved into another section
    for stks in new_s:
        if rnd.random() < 0.3:
            stks[0] = stks[0] + " og kommunen"
    _moved_check(compare(_doc(sections, "Gammel"), _doc(new_s, "Ny")))


def test_parallel_docx_is_dated_now_or_reproducibly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Word shows a file's creation date: today's, not a fixed 2000-01-01; with
    SOURCE_DATE_EPOCH set (reproducible builds) that date, and the same bytes twice."""
    from datetime import UTC, datetime

    def created(data: bytes) -> str:
        core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
        return core.split("<dcterms:created", 1)[1].split(">", 1)[1].split("<", 1)[0]

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert created(parallel_docx(tiny_comparison()))[:10] == datetime.now(UTC).strftime("%Y-%m-%d")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782864000")
    first, second = parallel_docx(tiny_comparison()), parallel_docx(tiny_comparison())
    assert created(first) == "2026-07-01T00:00:00Z" and first == second


def test_redline_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782864000")
    first, second = redline_docx(tiny_comparison()), redline_docx(tiny_comparison())
    assert first == second
    assert b'w:date="2026-07-01T00:00:00Z"' in zipfile.ZipFile(io.BytesIO(first)).read(
        "word/document.xml"
    )
