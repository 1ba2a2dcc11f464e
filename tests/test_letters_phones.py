"""Danish phone numbers without label or pair grouping ("24970651", "2497 0651"): listed as
contacts and redacted where the context shows a phone (a call cue, a person's name or
address beside it, a signature block), and never where eight digits are a pair of years, a
CVR/SE, journal or law number, an amount, a date or part of a longer number
(lovdiff.letters.patterns.PHONE_IN_TEXT, lovdiff.letters.contacts, lovdiff.export.safe).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import corpus_path
from lovdiff.cli import main
from lovdiff.export.safe import REDACTED, redact_contacts
from lovdiff.letters.contacts import find_contacts
from lovdiff.responses import split_responses

LETTER = """\
Aarhus Kommune
Rådhuspladsen 2
8000 Aarhus C
CVR-nr. 55133018

3. marts 2026
J.nr. 24970650

Høringssvar vedrørende bekendtgørelse om sundhedsfaglig rådgivning

Aarhus Kommune er bekymret for, at § 8, stk. 4, i perioden 2024 2025 har kostet \
24970652 kr., jf. lov nr. 24970653, og at sagerne fra 18022026 venter.

Har I spørgsmål, så ring på 2497 0654, eller kontakt Jens Hansen på 24970655.

Med venlig hilsen

Jens Hansen
Chefkonsulent
24970656
jh@aarhus.dk

Mette Lund, 2497 0657
"""

PERSONAL = ("2497 0654", "24970655", "24970656", "2497 0657")
NOT_PHONES = ("55133018", "24970650", "2024 2025", "24970652", "24970653", "18022026")


def _against() -> list[str]:
    return [
        "--against",
        str(corpus_path("udkast-2026")),
        "--previous",
        str(corpus_path("bek-2020")),
    ]


# --------------------------------------------------------------------------- a whole letter


def test_unlabelled_numbers_of_a_letter_are_contacts_and_the_rest_is_not() -> None:
    (r,) = split_responses(LETTER)
    assert r.organisation == "Aarhus Kommune"
    phones = [c for c in r.contacts if "@" not in c]
    assert phones == list(PERSONAL)
    assert "jh@aarhus.dk" in r.contacts


def test_cli_redact_removes_the_phones_and_keeps_years_cvr_amounts_and_laws(
    tmp_path: Path,
) -> None:
    letter = tmp_path / "aarhus.txt"
    letter.write_text(LETTER, encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["comments", str(letter), *_against(), "--redact", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    for number in PERSONAL:
        assert number not in text, number
    comments = " ".join(c["text"] for r in data["responses"] for c in r["comments"])
    assert "ring på [fjernet]" in comments
    assert "kontakt Jens Hansen på [fjernet]" in comments  # the context stays
    for kept in ("2024 2025", "24970652 kr.", "lov nr. 24970653", "18022026"):
        assert kept in comments, kept


# --------------------------------------------------------------------------- true positives


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Ring på 24970651, hvis I har spørgsmål.", "24970651"),
        ("Ring gerne til 2497 0651.", "2497 0651"),
        ("I er velkomne til at kontakte undertegnede på 2497 0651.", "2497 0651"),
        ("Lægen kan træffes på 24970651 alle hverdage.", "24970651"),
        ("Spørgsmål kan rettes til Jens Hansen på 2497 0651.", "2497 0651"),
        ("Kontaktperson: Mette M. Lund, 24970651", "24970651"),
        ("Kontakt: Jens Hansen (2497 0651)", "2497 0651"),
        ("Spørgsmål kan rettes til Jens Hansen, jh@aarhus.dk, 24970651.", "24970651"),
        ("jh@aarhus.dk · 2497 0651", "2497 0651"),
        ("24970651 / jh@aarhus.dk", "24970651"),
        ("Jens Hansen\nChefkonsulent\n24970651\njh@aarhus.dk", "24970651"),
        ("Jens Hansen – Chefkonsulent\nSocialforvaltningen\n2497 0651", "2497 0651"),
        ("Ring på +45 24970651.", "+45 24970651"),
    ],
)
def test_unlabelled_phone_in_a_phone_context(text: str, number: str) -> None:
    assert number in find_contacts(text, prose=[(0, len(text))])
    assert number in find_contacts(text)  # the context alone says it is a person's
    red = redact_contacts(text)
    assert number not in red and REDACTED in red, red
    assert redact_contacts(text, find_contacts(text)).count(REDACTED) >= 1


def test_the_context_is_kept_when_the_number_goes() -> None:
    assert redact_contacts("Kontakt Jens Hansen på 2497 0651.") == (
        f"Kontakt Jens Hansen på {REDACTED}."
    )
    assert redact_contacts("Jens Hansen, 24970651") == f"Jens Hansen, {REDACTED}"


# --------------------------------------------------------------------------- false positives


@pytest.mark.parametrize(
    "text",
    [
        "Reglerne gælder i perioden 2024 2025 og igen i 2025 2026.",
        "Jens Hansen, 2024 2025",
        "Ring på 2024 2025.",
        "Aarhus Kommune, CVR-nr. 55133018",
        "Jens Hansen, CVR-nr. 24970651",
        "Kommunen (CVR 24970651) har SE-nr. 24970652.",
        "Vi henviser til j.nr. 24970651 og journalnr. 2497 0651.",
        "Udgiften er 24970651 kr. om året, og ring på 2497 0651 kr. er ikke et nummer.",
        "jf. lov nr. 24970651 og bekendtgørelse nr. 2497 0651",
        "Jens Hansen, 18022026",
        "Kontakt Jens Hansen på 20260218.",
        "Sagen har nr. 1224970651, og ring på 2497 06512 eller 24970651234.",
        "Kontakt kommunen på 2497 0651 23.",
        "Aarhus Kommune, 24970651",
        "Danske Regioner\n24970651",
        "Kontakt os på 14970651.",
        "Jens Hansen deltog i 2024 2025.",
    ],
)
def test_eight_digits_that_are_no_phone_are_kept(text: str) -> None:
    assert redact_contacts(text) == text
    assert not [c for c in find_contacts(text, prose=[(0, len(text))]) if "@" not in c]


# --------------------------------------------------------------------------- properties

_YEARS_OR_DATE = re.compile(
    r"(?:19|20)\d\d(?:19|20)\d\d"  # a pair of years
    r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d"  # DDMMYYYY
    r"|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # YYYYMMDD
)
_PHONE = (
    st.integers(20_000_000, 99_999_999).map(str).filter(lambda d: not _YEARS_OR_DATE.fullmatch(d))
)
_WRITTEN = st.sampled_from([lambda d: d, lambda d: f"{d[:4]} {d[4:]}"])
_CONTEXT = st.sampled_from(
    [
        "Ring på {n}, hvis I har spørgsmål.",
        "Du kan kontakte mig på {n}.",
        "Spørgsmål kan rettes til Peter Holm på {n}.",
        "Kontakt: Peter Holm, {n}",
        "Peter Holm\nKonsulent\n{n}\n",
        "Skriv til ph@kl.dk eller {n}",
        "{n} · ph@kl.dk",
    ]
)


@settings(max_examples=150, deadline=None)
@given(_PHONE, _WRITTEN, _CONTEXT)
def test_a_phone_in_a_phone_context_is_listed_and_redacted(digits, written, context) -> None:  # type: ignore[no-untyped-def]
    number = written(digits)
    text = context.format(n=number)
    assert number in find_contacts(text)
    assert digits[:4] not in redact_contacts(text)


_YEAR = st.integers(1900, 2099).map(str)
_NOT_A_PHONE = st.sampled_from(
    [
        "i perioden {y1} {y2}",
        "Ring på {y1} {y2}",
        "Peter Holm, {y1} {y2}",
        "Peter Holm\nKonsulent\n{y1} {y2}\n",
        "CVR-nr. {d}",
        "Peter Holm, CVR-nr. {d}",
        "SE-nr. {d}",
        "j.nr. {d}",
        "J.nr.: {d}",
        "lov nr. {d}",
        "ring på {d} kr.",
        "Peter Holm, {d} kroner",
        "kontakt os på {d}1",
        "ring på 1{d}",
        "Peter Holm, {d4} {d4}-1",
    ]
)


@settings(max_examples=200, deadline=None)
@given(_YEAR, _YEAR, _PHONE, _NOT_A_PHONE)
def test_years_cvr_journal_law_numbers_and_amounts_are_kept(y1, y2, d, template) -> None:  # type: ignore[no-untyped-def]
    text = f"Kommunen bemærker: {template.format(y1=y1, y2=y2, d=d, d4=d[:4])}."
    assert redact_contacts(text) == text
    assert not find_contacts(text, prose=[(0, len(text))])
