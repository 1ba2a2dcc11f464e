"""Letters that broke the reader: private senders by mail, folders, stance wordings, CPR and
phone numbers, "no remarks" letters and running page headers (lovdiff.letters, lovdiff.responses,
lovdiff.export.safe).

Each letter is written here in full, as a body would send it; the assertions are about what a
drafter sees in the output, never about internals.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, corpus_path
from lovdiff.cli import main
from lovdiff.export.safe import REDACTED, redact_contacts
from lovdiff.models import Response
from lovdiff.responses import read_responses, split_responses, stance

LETTERS = DATA / "letters_split"
PHONE_LIKE = re.compile(r"(?<![\d+])(?:(?:\+|00)45 ?)?\d{2} ?\d{2} ?\d{2} ?\d{2}(?![\d-])")
"""A Danish phone number as people write it (an oracle independent of the reader's)."""

PRIVATE_MAIL = """\
Fra: Jens Pedersen <jenspedersen1975@gmail.com>
Sendt: 2. marts 2026 21:14
Til: star@star.dk
Emne: Høringssvar til bekendtgørelse om sundhedsfaglig rådgivning

Hej

Jeg er imod, at rådgivningen kan ydes uden kontakt til personen, jf. § 8, stk. 4. Jeg har selv \
været i et forløb, hvor ingen talte med mig, og KL har ikke fået det ændret.

Jeg kan ikke støtte forslaget.
"""

NO_REMARKS_LETTER = """\
Styrelsen for Arbejdsmarked og Rekruttering
Att.: Kontor for Sygedagpenge og Fleksjob

Sendt pr. e-mail til hoeringssvar@star.dk

Datatilsynet
Carl Jacobsens Vej 35
2500 Valby
T 33 19 32 00
dt@datatilsynet.dk

3. marts 2026
J.nr. 2026-112-0345

Datatilsynet har ikke bemærkninger til udkast til bekendtgørelse om sundhedsfaglig rådgivning \
og vurdering i sager om fleksjob, førtidspension m.v.

Med venlig hilsen

Karen Hansen
"""

CONTACT_LETTER = """\
Lægeforeningen
Kristianiagade 12
2100 København Ø

5. marts 2026

Høringssvar vedrørende bekendtgørelse om sundhedsfaglig rådgivning

Lægeforeningen er imod, at fristen i § 12 forkortes. En læge har oplyst, at personen med \
CPR-nummer 010203-1234 ventede i 10 uger, og at CPR 0102031234 blev brugt i en anden sag.

Lægeforeningen ønsker, at § 8, stk. 4, udgår. Lægen kan træffes på tlf. 36 75 17 77 eller \
0045 29 64 81 17.

Spørgsmål kan rettes til Peter Holm, Tlf. 3370 3456, eller mobil +45 29648117.

Med venlig hilsen

Peter Holm
Formand
"""

PAGED_PDF_LETTER = (
    "Danske Patienter\nFiolstræde 17\n1171 København K\n\n2. marts 2026\n\n"
    "Høringssvar vedrørende udkast til bekendtgørelse om sundhedsfaglig rådgivning\n\n"
    "Danske Patienter takker for muligheden for at afgive høringssvar.\n\n"
    "Vi er bekymrede for, at rådgivning efter § 8, stk. 4, kan ydes uden\n"
    "kontakt til personen, og at personen dermed ikke bliver hørt.\n"
    "\fDanske Patienter · Høringssvar om sundhedsfaglig rådgivning · side 2\n\n"
    "Vi foreslår, at fristen i § 12 forlænges til 14 dage.\n"
    "\fHøringssvar fra Danske Patienter – side 3\n\n"
    "Vi anbefaler, at kapitel 6 præciseres.\n\n"
    "Med venlig hilsen\n\nMorten Freil\nDirektør\n"
)


def _one(text: str) -> Response:
    (response,) = split_responses(text)
    return response


def _against() -> list[str]:
    return [
        "--against",
        str(corpus_path("udkast-2026")),
        "--previous",
        str(corpus_path("bek-2020")),
    ]


# --------------------------------------------------------------------------- 1. sender


def test_private_mail_is_the_persons_not_the_recipients() -> None:
    r = _one(PRIVATE_MAIL)
    assert (r.organisation, r.short_name) == ("Jens Pedersen", "Jens Pedersen")
    assert "jenspedersen1975@gmail.com" in r.contacts
    assert ("addressee", "Til: star@star.dk") in r.metadata
    assert [c.stance for c in r.comments] == ["concern", "concern"]


def test_mail_header_address_after_a_persons_name_is_personal() -> None:
    text = (
        "Fra: Sofie Hansen <sofiehansen@foreningen.dk>\nTil: Styrelsen for Arbejdsmarked og "
        "Rekruttering <star@star.dk>\n\nForeningen for Sjældne Tilstande har følgende "
        "bemærkninger.\n\nVi er bekymrede for § 8.\n\nMed venlig hilsen\nSofie Hansen\n"
    )
    r = _one(text)
    assert r.organisation == "Foreningen for Sjældne Tilstande"
    assert r.contacts == ("sofiehansen@foreningen.dk",)
    # a body's own mailbox stays organisational, whatever name is written before it
    r = _one(text.replace("Sofie Hansen <sofiehansen@", "Danske Patienter <danskepatienter@"))
    assert r.contacts == ()


def test_body_mailed_by_a_known_body_keeps_its_name() -> None:
    text = (
        "Fra: Ibrahim Benli <IBBE@kl.dk>\nTil: star@star.dk\nEmne: Høringssvar\n\n"
        "Vi kan tilslutte os ændringen af § 3.\n"
    )
    r = _one(text)
    assert r.short_name == "KL"
    assert r.contacts == ("IBBE@kl.dk",)
    assert [c.stance for c in r.comments] == ["support"]


# --------------------------------------------------------------------------- 2. ids


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("breve")
    for name in (
        "aarhus-kommune-jnr.txt",
        "dh-enkelt-brev-sidefod.txt",
        "to-breve-uden-hilsen.txt",
    ):
        (path / name).write_bytes((LETTERS / name).read_bytes())
    (path / "privat.txt").write_text(PRIVATE_MAIL, encoding="utf-8")
    return path


def test_comment_ids_are_unique_across_a_folder(folder: Path) -> None:
    sources = read_responses(folder)
    assert len(sources) == 4
    responses = [r for s in sources for r in s.responses]
    ids = [c.id for r in responses for c in r.comments]
    assert len(ids) == len(set(ids)) > 10
    # numbered on in reading order: response n, comment m
    for n, r in enumerate(responses, 1):
        assert [c.id for c in r.comments] == [f"{n}.{m}" for m in range(1, len(r.comments) + 1)]


def test_comment_ids_are_unique_in_json_csv_and_xlsx(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "k.json"
    assert main(["comments", str(folder), *_against(), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    json_ids = [c["id"] for r in data["responses"] for c in r["comments"]]
    assert len(json_ids) == len(set(json_ids))

    # CSV and XLSX have a row per link: one comment may fill several rows, but one id never
    # belongs to two comments
    out = tmp_path / "k.csv"
    assert main(["comments", str(folder), *_against(), "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    head = rows[0]
    by_id: dict[str, set[tuple[str, str]]] = {}
    for row in rows[1:]:
        cell = dict(zip(head, row, strict=True))
        by_id.setdefault(cell["Kommentar-id"], set()).add((cell["Organisation"], cell["Kommentar"]))
    assert set(by_id) == set(json_ids)
    assert all(len(v) == 1 for v in by_id.values())

    out = tmp_path / "k.xlsx"
    assert main(["comments", str(folder), *_against(), "--format", "xlsx", "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    head = [c.value for c in ws[1]]
    col = head.index("Kommentar-id")
    text_col = head.index("Kommentar")
    xlsx: dict[str, set[str]] = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        xlsx.setdefault(str(row[col]), set()).add(str(row[text_col]))
    assert set(xlsx) == set(json_ids)
    assert all(len(v) == 1 for v in xlsx.values())


# --------------------------------------------------------------------------- 3. stance


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi er imod forslaget om at fjerne sundhedskoordinatoren.", "concern"),
        ("KL er derfor imod, at § 8 ændres.", "concern"),
        ("Vi kan ikke støtte forslaget.", "concern"),
        ("DH støtter ikke ændringen af § 12.", "concern"),
        ("Vi bakker heller ikke op om forslaget.", "concern"),
        ("Vi kan ikke tilslutte os den foreslåede frist.", "concern"),
        ("Lægeforeningen tager afstand fra, at rådgivning kan ydes uden kontakt.", "concern"),
        ("FH afviser, at fristen forkortes.", "concern"),
        ("Vi fraråder, at reglen ændres.", "concern"),
        ("Vi kan tilslutte os ændringen af § 3.", "support"),
        ("Vi er glade for, at § 5 præciseres.", "support"),
        ("Vi er ikke glade for ændringen.", "concern"),
        ("KL kan fuldt ud støtte forslaget.", "support"),
        ("KL kan derfor ikke støtte den foreslåede ændring.", "concern"),
        ("Vi støtter ikke blot forslaget, men også § 3.", "support"),
        (
            "Vi støtter, at personen inddrages, som vi har efterspurgt i tidligere høringssvar.",
            "support",
        ),
        ("Vi er ikke imod forslaget.", "neutral"),
        # noun "støtte", the municipality's duty, a citizen's right: no opinion on the draft
        ("Personen skal have økonomisk støtte.", "neutral"),
        ("Kommunen kan støtte personen i forløbet.", "neutral"),
        ("Borgeren kan afvise at deltage.", "neutral"),
        # a past request is no proposal, a request is
        ("KL har længe efterspurgt en afklaring af § 4.", "proposal"),
        ("Vi er imod § 8 og foreslår, at bestemmelsen udgår.", "proposal"),
    ],
)
def test_stance_wordings(text: str, expected: str) -> None:
    assert stance(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # someone else rejects something: what the rules say, no opinion on the draft
        ("Kommunen afviser ansøgningen, hvis den ikke er fyldestgørende.", "neutral"),
        ("Styrelsen kan afvise en klage, hvis den er indgivet for sent.", "neutral"),
        ("Jobcentret har afvist ansøgningen.", "neutral"),
        ("Ansøgningen blev afvist af kommunen.", "neutral"),
        ("Kommunen afviser derfor ansøgningen.", "neutral"),
        ("Vi oplever at kommunen afviser ansøgninger.", "neutral"),
        ("STAR afviser ansøgningen.", "neutral"),  # an authority is no responder
        ("Kommunen er afvisende over for borgeren.", "neutral"),
        # the responder is the subject
        ("Vi afviser, at fristen forkortes.", "concern"),
        ("KL afviser forslaget.", "concern"),
        ("FH må afvise en så kort frist.", "concern"),
        ("DASAMS må derfor afvise en så kort frist.", "concern"),
        ("Derfor afviser KL en frist på 14 dage.", "concern"),
        ("Samlet set må vi afvise en så kort frist.", "concern"),
        ("Vi er nødt til at afvise en så kort frist.", "concern"),
        ("Foreningen afviser at lade fristen stå.", "concern"),
        ("KL er afvisende over for en så kort frist.", "concern"),
        # the draft is what is rejected, whoever rejects it
        ("Kommunen afviser ændringen.", "concern"),
        ("Kommunen afviser den foreslåede ordning.", "concern"),
        ("Forslaget må afvises.", "concern"),
        ("Vi afviser kategorisk § 8, stk. 4.", "concern"),
        # negated: no opinion
        ("Vi afviser ikke forslaget.", "neutral"),
        ("Vi kan ikke afvise, at reglen kan give mening.", "neutral"),
        # one sentence describes, the next opposes
        ("Styrelsen kan afvise en klage. Vi afviser dog ændringen af § 8.", "concern"),
    ],
)
def test_rejection_counts_only_when_it_is_the_responders(text: str, expected: str) -> None:
    assert stance(text) == expected


_FUNCTION_WORDS = {"ikke", "aldrig", "ingen", "der", "som", "men", "hvis", "når", "fordi", "hvor"}
_FUNCTION_WORDS |= {"mens", "idet", "og", "eller", "så", "at", "da"}
_WORD = st.from_regex(r"[A-ZÆØÅ][a-zæøå]{2,10}", fullmatch=True).filter(
    lambda w: w.casefold() not in _FUNCTION_WORDS  # a name, no clause word ("Der", "Ikke")
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_WORD, min_size=1, max_size=3).map(" ".join),
    st.sampled_from(["Forening", "Kommune", "Selskab", "Råd", ""]),
    st.sampled_from(["afviser", "må afvise", "kan derfor kun afvise", "har afvist"]),
    st.sampled_from(["kravet om en lægeerklæring", "en så kort frist", "at fristen forkortes"]),
    st.sampled_from(["Kommunen", "Styrelsen", "Jobcentret", "Ankestyrelsen", "Borgeren"]),
)
def test_any_senders_rejection_is_concern_anyone_elses_is_not(  # type: ignore[no-untyped-def]
    words, kind, verb, what, other
) -> None:
    sender = f"{words} {kind}".strip()
    assert stance(f"{sender} {verb} {what}.", sender=(sender,)) == "concern"
    assert stance(f"{other} {verb} {what}.", sender=(sender,)) == "neutral"
    assert stance(f"{other} {verb} {what}, men vi afviser ikke ændringen.", (sender,)) == "neutral"


def test_rejection_by_the_sender_of_the_letter_by_name() -> None:
    """A body the table does not know is the responder when it wrote the letter; another
    body's rejection, described in a letter, is no opinion of the sender."""
    vejle = (
        "Vejle Kommune\nKirkegade 2\n7100 Vejle\n\n3. marts 2026\n\n"
        "Høringssvar vedrørende bekendtgørelse om sundhedsfaglig rådgivning\n\n"
        "Vejle Kommune har følgende bemærkninger.\n\n"
        "Vejle Kommune må afvise en så kort frist for sagsbehandlingen.\n\n"
        "Kommunen afviser i dag ansøgningen, hvis lægeerklæringen mangler.\n\n"
        "Med venlig hilsen\n\nJens Hansen\n"
    )
    r = _one(vejle)
    assert r.organisation == "Vejle Kommune"
    assert [c.stance for c in r.comments] == ["neutral", "concern", "neutral"]
    assert stance("Vejle Kommune må afvise en så kort frist.") == "neutral"  # sender unknown
    dh = (
        "Danske Handicaporganisationer\nBlekinge Boulevard 2\n2630 Taastrup\n\n"
        "3. marts 2026\n\nHøringssvar vedrørende bekendtgørelse om sundhedsfaglig rådgivning\n\n"
        "DH er bekymret for § 8.\n\nKL afviser ofte at udlevere sagsakterne til personen.\n\n"
        "Med venlig hilsen\n\nThorkild Olesen\n"
    )
    r = _one(dh)
    assert r.short_name == "DH"
    assert [c.stance for c in r.comments] == ["concern", "neutral"]


# --------------------------------------------------------------------------- 4. + 5. redaction


def test_cpr_numbers_and_country_codes_are_redacted() -> None:
    text = (
        "CPR-nr. 010203-1234, cpr 0102031234, personnummeret er 0102031234; "
        "ring 0045 29 64 81 17, +45 29648117 eller +45 22 33 44 55. J.nr. 2026-112-0345."
    )
    red = redact_contacts(text)
    assert not re.search(r"\d{6}-?\d{4}|\+|0045|\b45\b", red), red
    assert "J.nr. 2026-112-0345" in red  # a case number is no CPR number
    # a number the reader found is replaced first; its country code goes with it
    assert redact_contacts("Mobil +45 22 33 44 55", ["22 33 44 55"]) == f"Mobil {REDACTED}"
    assert redact_contacts("0045 22334455 og 0045 22 33 44 55", ["22 33 44 55"]) == (
        f"{REDACTED} og {REDACTED}"
    )


def test_ten_digits_without_a_cpr_context_are_kept() -> None:
    assert redact_contacts("Sag 0102031234 og konto 1234567890") == (
        "Sag 0102031234 og konto 1234567890"
    )


def test_contacts_hold_the_phone_numbers_of_running_text() -> None:
    r = _one(CONTACT_LETTER)
    assert r.organisation == "Lægeforeningen"
    assert set(r.contacts) >= {"36 75 17 77", "0045 29 64 81 17", "3370 3456", "+45 29648117"}
    assert not any("1234" in c for c in r.contacts)  # a CPR number is no contact


def test_contacts_and_redaction_agree_on_comments() -> None:
    """Every phone number the exports remove from a comment is a listed contact, and the
    listed contacts are exactly what redaction removes (nothing personal left)."""
    for r in (_one(CONTACT_LETTER), _one(PRIVATE_MAIL)):
        for c in r.comments:
            for number in PHONE_LIKE.findall(c.text):
                assert number in r.contacts, (number, r.contacts)
            red = redact_contacts(c.text)  # the patterns alone, as the viewer's documents use
            assert not re.search(r"\d{2} \d{2} \d{2} \d{2}|\d{4} \d{4}|\d{6}-\d{4}", red), red


def test_cli_redact_leaves_no_cpr_phone_or_prefix(tmp_path: Path) -> None:
    letter = tmp_path / "laeger.txt"
    letter.write_text(CONTACT_LETTER, encoding="utf-8")
    for fmt in ("json", "csv", "md"):
        out = tmp_path / f"r.{fmt}"
        assert main(["comments", str(letter), *_against(), "--format", fmt, "--redact"]
                    + ["-o", str(out)]) == 0  # fmt: skip
        text = out.read_text(encoding="utf-8-sig")
        assert REDACTED in text
        for secret in ("010203-1234", "0102031234", "29 64 81 17", "0045", "+45", "3370 3456"):
            assert secret not in text, (fmt, secret)
        assert "36 75 17 77" not in text


# --------------------------------------------------------------------------- 6. no remarks


def test_a_no_remarks_letter_has_that_statement_as_its_comment() -> None:
    r = _one(NO_REMARKS_LETTER)
    assert (r.organisation, r.date, r.signatories) == (
        "Datatilsynet",
        "2026-03-03",
        ("Karen Hansen",),
    )
    (c,) = r.comments
    assert c.text.startswith("Datatilsynet har ikke bemærkninger til udkast til bekendtgørelse")
    assert c.text.endswith("førtidspension m.v.")
    assert c.stance == "neutral"
    assert not any(k == "subject" for k, _ in r.metadata)
    assert NO_REMARKS_LETTER[slice(*c.span)].startswith("Datatilsynet har ikke")


def test_a_mail_whose_subject_says_no_remarks_keeps_it_as_comment() -> None:
    text = (
        "Fra: Lone Madsen <lm@ast.dk>\nSendt: 4. marts 2026 09:12\nTil: hoeringssvar@star.dk\n"
        "Emne: Ingen bemærkninger til høring over bekendtgørelse om sundhedsfaglig rådgivning\n\n"
        "Venlig hilsen\nLone Madsen\nAnkestyrelsen\n"
    )
    r = _one(text)
    assert r.organisation == "Ankestyrelsen"
    assert [c.text for c in r.comments] == [
        "Ingen bemærkninger til høring over bekendtgørelse om sundhedsfaglig rådgivning"
    ]
    assert ("addressee", "Til: hoeringssvar@star.dk") in r.metadata


def test_subject_lines_are_still_subjects() -> None:
    """A real subject ("Bemærkninger til høring …") stays metadata, not a comment."""
    text = (
        "Bemærkninger til høring over udkast til bekendtgørelse om sundhedsfaglig rådgivning\n\n"
        "KL har ingen bemærkninger til § 3, men er bekymret for § 8.\n\nMed venlig hilsen\nKL\n"
    )
    r = _one(text)
    assert [c.text for c in r.comments] == [
        "KL har ingen bemærkninger til § 3, men er bekymret for § 8."
    ]
    assert any(k == "subject" for k, _ in r.metadata)


# --------------------------------------------------------------------------- 7. page headers


def test_running_page_headers_are_page_debris_not_headings() -> None:
    r = _one(PAGED_PDF_LETTER)
    assert r.organisation == "Danske Patienter"
    assert [(c.heading, c.stance) for c in r.comments] == [
        ("", "neutral"),
        ("", "concern"),
        ("", "proposal"),
        ("", "proposal"),
    ]
    pages = [v for k, v in r.metadata if k == "page"]
    assert pages == [
        "Danske Patienter · Høringssvar om sundhedsfaglig rådgivning · side 2",
        "Høringssvar fra Danske Patienter – side 3",
    ]
    assert not any("side 2" in c.text or "side 3" in c.text for c in r.comments)


def test_corpus_letters_unchanged_by_the_new_rules() -> None:
    """The five bundled letters: same organisations, comment counts and stances as before."""
    (source,) = read_responses(corpus_path("hoeringssvar-2026"))
    got = [(r.short_name, len(r.comments)) for r in source.responses]
    assert got == [
        ("FH", 7),
        ("DASAMS", 8),
        ("KL", 11),
        ("Hedensted Kommune", 8),
        ("Danske Regioner", 18),
    ]
    stances = [c.stance for r in source.responses for c in r.comments]
    assert {s: stances.count(s) for s in set(stances)} == {
        "concern": 9,
        "neutral": 18,
        "proposal": 21,
        "support": 4,
    }


def test_idioms_with_ikke_negate_nothing() -> None:
    from lovdiff.letters.stance import stance

    assert stance("KL hilser ikke desto mindre forslaget velkommen.") == "support"
    assert stance("Vi kan ikke andet end støtte forslaget.") == "support"
    assert stance("Vi kan ikke støtte forslaget.") == "concern"
