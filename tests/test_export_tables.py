"""CSV and XLSX change tables and consultation tables, reopened and checked."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from lovdiff.errors import LovdiffError
from lovdiff.export import render_comparison, render_consultation
from lovdiff.export.safe import EXCEL_CELL_LIMIT
from lovdiff.export.tables import CHANGE_HEADERS, CONSULTATION_HEADERS, parallel_rows
from lovdiff.models import Comparison
from test_export_fixtures import corpus_comparison, tiny_comparison, tiny_consultation


def _csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_change_csv_has_danish_headers_and_one_row_per_pair() -> None:
    c = tiny_comparison()
    text = render_comparison(c, "csv")
    assert isinstance(text, str)
    rows = _csv_rows(text)
    assert tuple(rows[0]) == CHANGE_HEADERS
    assert len(rows) == len(c.pairs) + 1
    statuses = {r[3] for r in rows[1:]}
    assert statuses == {"ændret", "uændret", "ny", "udgået"}
    assert "\r\n" in text
    # the formula-like text is neutralised with an apostrophe, the rest kept
    formula = next(r for r in rows if r[2] == "§ 1, stk. 2")
    assert formula[8].startswith("'=HYPERLINK")
    # control characters are gone
    assert "\x00" not in text and "\x07" not in text
    # similarity with decimal comma, flags ja/nej
    changed = next(r for r in rows if r[2] == "§ 1, stk. 1")
    assert "," in changed[7] and "." not in changed[7]
    assert changed[4] in ("ja", "nej")


def test_change_xlsx_reopens_with_frozen_filtered_danish_sheets(tmp_path) -> None:  # type: ignore[no-untyped-def]
    c = tiny_comparison()
    data = render_comparison(c, "xlsx")
    assert isinstance(data, bytes)
    path = tmp_path / "t.xlsx"
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Ændringer", "Gennemgående ændringer", "Opmærksomhedspunkter"]
    ws = wb["Ændringer"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:K{len(c.pairs) + 1}"
    assert tuple(cell.value for cell in ws[1]) == CHANGE_HEADERS
    assert ws.column_dimensions["I"].width >= 40
    assert ws["A2"].alignment.wrap_text
    texts = [ws.cell(row=r, column=9).value for r in range(2, ws.max_row + 1)]
    formula_cell = next(
        ws.cell(row=r, column=9)
        for r in range(2, ws.max_row + 1)
        if ws.cell(row=r, column=3).value == "§ 1, stk. 2"
    )
    assert formula_cell.data_type == "s"
    assert formula_cell.value.startswith("=HYPERLINK")  # text kept exactly, as a string
    assert formula_cell.quotePrefix
    status_fill = {
        ws.cell(row=r, column=4).value: ws.cell(row=r, column=4).fill.fgColor.rgb
        for r in range(2, ws.max_row + 1)
    }
    assert status_fill["udgået"] != status_fill["ny"]
    assert any(t and "sundhedskoordinatoren" in t for t in texts)
    terms = wb["Gennemgående ændringer"]
    assert [cell.value for cell in terms[2]] == ["borgeren", "personen", 1]
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere


def test_huge_and_hostile_cells_never_crash(tmp_path) -> None:  # type: ignore[no-untyped-def]
    c = tiny_comparison()
    long = "=" + "ord " * 20_000 + "\x00\x1b"
    pair = c.pairs[0].__class__(**{**c.pairs[0].__dict__, "old_text": long, "diff": ()})
    c2 = Comparison(c.old, c.new, (pair, *c.pairs[1:]), c.term_changes)
    path = tmp_path / "h.xlsx"
    path.write_bytes(render_comparison(c2, "xlsx"))  # type: ignore[arg-type]
    cell = openpyxl.load_workbook(path)["Ændringer"]["I2"]
    assert len(cell.value) == EXCEL_CELL_LIMIT
    assert cell.value.endswith("[afkortet: 80.001 tegn i alt]")
    rows = _csv_rows(render_comparison(c2, "csv"))  # type: ignore[arg-type]
    assert rows[1][8].startswith("'=") and rows[1][8].endswith("tegn i alt]")


def test_corpus_change_table_counts_match_pairs() -> None:
    c = corpus_comparison()
    rows = _csv_rows(render_comparison(c, "csv"))  # type: ignore[arg-type]
    assert len(rows) - 1 == len(c.pairs)
    renumbered = [r for r in rows[1:] if r[0] == "paragraf" and r[4] == "ja"]
    assert len(renumbered) == sum(1 for p in c.pairs if p.level == "section" and p.renumbered)


def test_consultation_csv_one_row_per_comment_and_link_redacted() -> None:
    c = tiny_consultation()
    plain = _csv_rows(render_consultation(c, "csv"))  # type: ignore[arg-type]
    assert tuple(plain[0]) == CONSULTATION_HEADERS
    n_rows = sum(max(1, len(cm.links)) for r in c.responses for cm in r.comments)
    assert len(plain) - 1 == n_rows
    assert any("jh@fh.dk" in cell for row in plain for cell in row)
    red = _csv_rows(render_consultation(c, "csv", redact=True))  # type: ignore[arg-type]
    flat = " ".join(cell for row in red for cell in row)
    for contact in ("jh@fh.dk", "33 12 34 56", "3370 3225"):
        assert contact not in flat
    assert "[fjernet]" in flat
    stances = {row[8] for row in red[1:]}
    assert {"støtter", "bekymring", "forslag", "spørgsmål"} <= stances
    assert any(row[9].startswith("anden regel: bekendtgørelse om sygedagpenge") for row in red)
    formula = next(row for row in red if row[2] == "0.2")
    assert formula[10].startswith("'=cmd")


def test_consultation_xlsx_and_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    c = tiny_consultation()
    path = tmp_path / "c.xlsx"
    path.write_bytes(render_consultation(c, "xlsx", redact=True))  # type: ignore[arg-type]
    ws = openpyxl.load_workbook(path).active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert tuple(cell.value for cell in ws[1]) == CONSULTATION_HEADERS
    assert ws["B2"].value.year == 2026  # a real date
    over = openpyxl.load_workbook(path)["Bestemmelser"]
    cited = {row[0].value: row[2].value for row in over.iter_rows(min_row=2)}
    assert cited == {"§ 1, stk. 1": 1, "§ 1, stk. 3": 1, "§ 1, stk. 2": 1}
    values = " ".join(str(cell.value) for row in ws.iter_rows() for cell in row)
    assert "jh@fh.dk" not in values
    data = json.loads(render_consultation(c, "json", redact=True))  # type: ignore[arg-type]
    assert "jh@fh.dk" not in json.dumps(data, ensure_ascii=False)
    assert data["responses"][0]["contacts"] == []
    unredacted = json.loads(render_consultation(c, "json"))  # type: ignore[arg-type]
    assert unredacted == json.loads(json.dumps(c.to_dict()))


def test_unknown_format_is_a_danish_error() -> None:
    with pytest.raises(LovdiffError, match="ukendt format"):
        render_comparison(tiny_comparison(), "pdf")
    with pytest.raises(LovdiffError, match="ukendt format"):
        render_consultation(tiny_consultation(), "docx")


def test_parallel_rows_cover_every_section_once() -> None:
    c = corpus_comparison()
    rows = parallel_rows(c)
    new_secs = [p.ref for p in c.new.provisions if p.kind == "section"]
    old_secs = [p.ref for p in c.old.provisions if p.kind == "section"]
    assert sorted(r.new_ref for r in rows if r.kind == "section" and r.new_ref) == sorted(new_secs)
    assert sorted({r.old_ref for r in rows if r.kind == "section" and r.old_ref}) == sorted(
        old_secs
    )
    # rows follow the draft's order
    order = [new_secs.index(r.new_ref) for r in rows if r.kind == "section" and r.new_ref]
    assert order == sorted(order)


def test_parallel_rows_open_with_the_title_and_the_legal_basis() -> None:
    """The parallelopstilling starts with the title and the preamble (the legal basis, the
    first thing a consultation body checks), word-diffed: 2026 cites lovbekendtgørelse
    nr. 254 where 2020 cited lov nr. 1482."""
    rows = parallel_rows(corpus_comparison())
    assert [(r.kind, r.old_label, r.new_label, r.status) for r in rows[:2]] == [
        ("title", "Titel", "Titel", "changed"),
        ("preamble", "Indledning", "Indledning", "changed"),
    ]
    ops = rows[1].right[0].ops
    assert (1, "lovbekendtgørelse") in ops and (1, "254") in ops and (-1, "1482") in ops
    old_text = "".join(t for op, t in ops if op <= 0)
    assert old_text.startswith("I medfør af § 17, stk. 1 og 2, i lov nr. 1482")
    assert rows[2].kind == "chapter"


def test_importing_the_export_package_stays_cheap() -> None:
    import subprocess
    import sys

    code = (
        "import sys, lovdiff.export, lovdiff.export.report, lovdiff.export.safe;"
        "print(sorted(m for m in ('openpyxl', 'lxml', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_two_issued_versions_are_not_called_rules_in_force_and_draft() -> None:
    """A draft has no number yet: "Gældende regler | Udkast". Two issued versions (two
    consolidations of a law) are headed by their numbers and dates instead."""
    from dataclasses import replace

    from lovdiff.export.tables import column_labels, finding_rows, version_roles

    cmp = corpus_comparison()
    assert column_labels(cmp) == version_roles(cmp) == ("Gældende regler", "Udkast")
    old = replace(cmp.old, info=replace(cmp.old.info, number="886", date="2011-08-08"))
    new = replace(cmp.new, info=replace(cmp.new.info, number="851", date="2014-06-25"))
    issued = replace(cmp, old=old, new=new)
    assert version_roles(issued) == ("Tidligere version", "Ny version")
    assert column_labels(issued) == ("Nr. 886 af 8. august 2011", "Nr. 851 af 25. juni 2014")
    md = render_comparison(issued, "md")
    assert isinstance(md, str) and "**Tidligere version:**" in md and "Udkast" not in md
    assert {row[0] for row in finding_rows(issued)} <= {
        "sammenligning",
        "tidligere version",
        "ny version",
    }
