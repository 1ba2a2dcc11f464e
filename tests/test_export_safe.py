"""Safe cells and redaction: invariants over any text (hypothesis) and the corpus traps."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import corpus_path
from lovdiff.export.safe import (
    EXCEL_CELL_LIMIT,
    REDACTED,
    csv_cell,
    excel_cell,
    is_formula_like,
    limit_cell,
    redact_contacts,
    xml_text,
)

ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

any_text = st.text(alphabet=st.characters(), max_size=300)


@given(any_text)
def test_xml_text_never_keeps_illegal_characters(text: str) -> None:
    out = xml_text(text)
    assert not ILLEGAL.search(out)
    # legal characters survive untouched, in order
    assert out.replace(" ", "") == ILLEGAL.sub("", text).replace(" ", "")


@given(any_text)
def test_csv_cell_neutralises_formulas(text: str) -> None:
    out = csv_cell(text)
    assert not is_formula_like(out)
    clean = xml_text(text)
    assert out == ("'" + clean if is_formula_like(clean) else clean)
    assert not ILLEGAL.search(out)


@given(any_text)
def test_excel_cell_keeps_text_exactly_when_legal(text: str) -> None:
    out = excel_cell(text)
    assert not ILLEGAL.search(out)
    if not ILLEGAL.search(text):
        assert out == text


@settings(max_examples=30)
@given(st.integers(min_value=EXCEL_CELL_LIMIT + 1, max_value=3 * EXCEL_CELL_LIMIT))
def test_long_cells_are_cut_with_a_note(n: int) -> None:
    out = excel_cell("æ" * n)
    assert len(out) == EXCEL_CELL_LIMIT
    assert out.endswith(f"[afkortet: {n:,} tegn i alt]".replace(",", "."))
    assert out.startswith("æææ")


@given(st.text(max_size=50), st.integers(min_value=30, max_value=80))
def test_limit_cell_is_identity_when_short(text: str, limit: int) -> None:
    out = limit_cell(text, limit)
    assert len(out) <= max(limit, len(text) if len(text) <= limit else limit)
    if len(text) <= limit:
        assert out == text


emails = st.from_regex(r"[a-z]{2,8}(\.[a-z]{2,6})?@[a-z]{3,8}\.(dk|com)", fullmatch=True)
words = st.lists(st.sampled_from(["Vi", "støtter", "§ 8,", "stk. 2.", "KL", "frist", "den"]))


@given(words, st.lists(emails, min_size=1, max_size=3))
def test_redaction_removes_every_known_contact(filler: list[str], contacts: list[str]) -> None:
    text = " ".join(filler[: len(filler) // 2] + contacts + filler[len(filler) // 2 :])
    out = redact_contacts(text, contacts)
    for c in contacts:
        assert c not in out
    assert out.count(REDACTED) >= 1
    assert redact_contacts(out, contacts) == out  # idempotent


@given(any_text)
def test_redaction_never_raises_and_is_idempotent(text: str) -> None:
    once = redact_contacts(text)
    assert redact_contacts(once) == once


def test_redaction_on_the_corpus_responses() -> None:
    text = corpus_path("hoeringssvar-2026").read_text(encoding="utf-8")
    out = redact_contacts(text)
    for personal in ("ans@star.dk", "cfr@star.dk", "IBBE@kl.dk", "3370 3225", "24 97 0 65"):
        assert personal in text
        assert personal not in out
    assert "Marianne.gro.bank" not in out  # wrapped before the @
    # functional mailboxes and case numbers stay
    assert "star@star.dk" in out
    assert "REGIONER@REGIONER.DK" in out
    assert "SAG-2025-03164" in out and "1837579" in out
    assert "den 18. februar 2026" in out
    assert "Direkte: [fjernet]" in out


def test_redaction_leaves_legal_text_alone() -> None:
    law = (
        "jf. § 15, stk. 1, i lov nr. 1482 af 23. december 2014, d. 12.02.2026, "
        "kr. 12.345.678 og §§ 21-23, 2024 2025"
    )
    assert redact_contacts(law) == law
