"""Every comparison export on the real aligner's output for the corpus (2020 order vs 2026
draft). Skipped only while ``lovdiff.align`` cannot be imported."""

from __future__ import annotations

import csv
import io
import json
from functools import cache

import pytest

from conftest import parsed
from lovdiff.export import COMPARISON_FORMATS, render_comparison, render_consultation
from lovdiff.models import Comparison
from test_export_docx import _norm, parts, visible_text

align = pytest.importorskip("lovdiff.align", reason="the aligner is not available yet")


@cache
def real() -> Comparison:
    return align.compare(parsed("bek-2020"), parsed("udkast-2026"))


@pytest.mark.parametrize("fmt", COMPARISON_FORMATS)
def test_every_format_renders(fmt: str) -> None:
    out = render_comparison(real(), fmt)
    assert out
    if fmt == "json":
        assert json.loads(out)["pairs"]  # type: ignore[arg-type]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out[1:]), delimiter=";"))  # type: ignore[index,arg-type]
        assert len(rows) == len(real().pairs) + 1


def test_redline_accept_gives_the_draft_and_reject_the_order_in_force() -> None:
    """Accepting all tracked changes yields every word of the draft, rejecting them every
    word of the order in force: nothing is lost or invented."""
    c = real()
    xml = parts(render_comparison(c, "redline-docx"))["word/document.xml"]  # type: ignore[arg-type]
    accepted = visible_text(xml, accept=True)
    rejected = visible_text(xml, accept=False)

    def missing(doc_provisions, text: str) -> list[str]:  # type: ignore[no-untyped-def]
        return [
            p.ref
            for p in doc_provisions
            for part in (_norm(p.text), _norm(p.heading))
            if part and part not in text
        ]

    missing_new = missing(c.new.provisions, accepted)
    missing_old = missing(c.old.provisions, rejected)
    assert missing_new == []
    assert missing_old == []


def test_parallel_shows_renumbering_and_term_changes_once() -> None:
    c = real()
    doc = parts(render_comparison(c, "docx"))["word/document.xml"]  # type: ignore[arg-type]
    text = "".join(doc.itertext())
    for p in c.pairs:
        if p.level == "section" and p.renumbered and p.old and p.method not in ("merge", "split"):
            assert (
                f"(tidligere {p.old})" in text
                or f"tidligere {p.old} " in text
                or (f"tidligere {p.old})" in text)
            ), p
    for t in c.term_changes:
        assert text.count(f"{t.old} → {t.new}") == 1


PERSONAL = ("ans@star.dk", "cfr@star.dk", "IBBE@kl.dk", "3370 3225", "24 97 0 65")


@cache
def real_consultation():  # type: ignore[no-untyped-def]
    pytest.importorskip("lovdiff.responses", reason="the response reader is not available yet")
    from conftest import corpus_path
    from lovdiff.link import link_responses
    from lovdiff.responses import read_responses

    files = read_responses(corpus_path("hoeringssvar-2026"))
    return link_responses(
        files, parsed("udkast-2026"), previous=parsed("bek-2020"), comparison=real()
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "md"])
def test_redacted_consultation_exports_hold_no_personal_contacts(fmt: str) -> None:
    out = render_consultation(real_consultation(), fmt, redact=True)
    if isinstance(out, bytes):  # xlsx: look inside the sheets
        import zipfile

        with zipfile.ZipFile(io.BytesIO(out)) as z:
            out = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    for contact in PERSONAL:
        assert contact not in out


def test_real_notat_keeps_every_comment_and_redacts() -> None:
    from lovdiff.export.notat import build_notat, summary
    from lovdiff.export.safe import redact_contacts

    cons = real_consultation()
    data = build_notat(cons, parsed("udkast-2026"), real())
    text = visible_text(parts(data)["word/document.xml"], accept=True)
    for contact in PERSONAL:
        assert contact not in text
    for r in cons.responses:
        for cm in r.comments:
            assert _norm(summary(redact_contacts(cm.text, r.contacts))) in text, cm.id
    assert "fra den 5. februar 2026 til den 18. februar 2026" in text
