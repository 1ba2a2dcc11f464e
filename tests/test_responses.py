"""Splitting consultation responses into letters and comments (lovdiff.responses).

Expectations on the corpus are facts read in the file; those on tests/data/letters_split/
were written together with the letters, before the splitter was tuned.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, corpus_path
from lovdiff.errors import InputError
from lovdiff.models import Response
from lovdiff.responses import (
    ResponseSource,
    find_contacts,
    read_responses,
    split_responses,
    stance,
)

LETTERS = DATA / "letters_split"


@pytest.fixture(scope="module")
def corpus_file() -> ResponseSource:
    (source,) = read_responses(corpus_path("hoeringssvar-2026"))
    return source


@pytest.fixture(scope="module")
def corpus(corpus_file: ResponseSource) -> tuple[Response, ...]:
    return corpus_file.responses


def _by_short(responses: tuple[Response, ...], short: str) -> Response:
    (found,) = [r for r in responses if r.short_name == short]
    return found


def _comment_with(response: Response, words: str):  # type: ignore[no-untyped-def]
    found = [c for c in response.comments if words in c.text]
    assert len(found) == 1, (words, [c.text[:60] for c in found])
    return found[0]


# --------------------------------------------------------------------------- the corpus


def test_corpus_has_five_letters_in_order(corpus: tuple[Response, ...]) -> None:
    got = [(r.organisation, r.short_name, r.date, r.signatories) for r in corpus]
    assert got == [
        ("FH – Fagbevægelsens Hovedorganisation", "FH", "2026-02-18", ("Nanna Højlund",)),
        ("Dansk Samfundsmedicinsk Selskab (DASAMS)", "DASAMS", "2026-02-18", ("Ann Lyngberg",)),
        (
            "KL – Kommunernes Landsforening",
            "KL",
            "2026-02-18",
            ("Nicolas Johansen", "Ibrahim Benli"),
        ),
        ("Hedensted Kommune", "Hedensted Kommune", "2026-02-17", ("Marianne Gro Bank",)),
        ("Danske Regioner", "Danske Regioner", "2026-02-12", ("Rikke M. Friis",)),
    ]


def test_corpus_letter_spans_partition_the_text(corpus_file: ResponseSource) -> None:
    text = corpus_file.text
    spans = [r.span for r in corpus_file.responses]
    assert spans == sorted(spans)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start and not text[end:start].strip()
    assert not text[: spans[0][0]].strip() and not text[spans[-1][1] :].strip()
    # each letter's own words sit inside its span
    assert "Nanna Højlund" in text[slice(*spans[0])]
    assert "Vores ref. MLJ" in text[slice(*spans[0])]
    assert "Side 2 af 2" in text[slice(*spans[2])]  # KL's last footer belongs to KL
    assert "Niels Espes Vej 8" in text[slice(*spans[3])]  # Hedensted's letterhead
    assert "EMN-2026-00205" in text[slice(*spans[4])]


def _assert_nothing_dropped(source: ResponseSource) -> None:
    """Each non-blank line lies in a comment or metadata span; metadata spans hold their text."""
    text = source.text
    covered: list[tuple[int, int]] = []
    for r in source.responses:
        covered += [c.span for c in r.comments] + list(r.metadata_spans)
        assert len(r.metadata_spans) == len(r.metadata)
        for (kind, value), (start, end) in zip(r.metadata, r.metadata_spans, strict=True):
            assert kind and value
            assert re.sub(r"\s+", " ", text[start:end]).strip() == re.sub(r"\s+", " ", value)
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos + len(line) - len(line.lstrip())
        end = pos + len(line.rstrip())
        pos += len(line)
        if line.strip():
            assert any(s <= start and end <= e for s, e in covered), line


def test_every_line_is_a_comment_or_metadata(corpus_file: ResponseSource) -> None:
    _assert_nothing_dropped(corpus_file)


@pytest.mark.parametrize("name", sorted(p.name for p in LETTERS.iterdir()))
def test_own_letters_drop_nothing(name: str) -> None:
    (source,) = read_responses(LETTERS / name)
    _assert_nothing_dropped(source)


def _wrapped_without_blank_lines(text: str, width: int = 90) -> str:
    """Text as PDF extraction gives it: lines wrapped at a page width, no blank lines."""
    import textwrap

    out: list[str] = []
    for line in text.splitlines():
        if line.strip():
            out.extend(textwrap.wrap(line, width))
    return "\n".join(out)


def test_corpus_as_word_paragraphs_splits_identically(corpus: tuple[Response, ...]) -> None:
    """Word text has one paragraph per line and no blank lines: same letters, same comments."""
    source = corpus_path("hoeringssvar-2026").read_text("utf-8")
    text = "\n".join(line.strip() for line in source.splitlines() if line.strip())
    word = split_responses(text)

    def key(r: Response) -> tuple[object, ...]:
        comments = [(c.text, c.heading, c.about, c.stance) for c in r.comments]
        return (r.organisation, r.date, r.signatories, r.reference, r.contacts, comments)

    assert [key(r) for r in word] == [key(r) for r in corpus]


def test_corpus_wrapped_like_pdf_text_splits_the_same(corpus: tuple[Response, ...]) -> None:
    text = _wrapped_without_blank_lines(corpus_path("hoeringssvar-2026").read_text("utf-8"))
    wrapped = split_responses(text)
    summary = [(r.organisation, r.date, r.signatories, r.reference) for r in wrapped]
    assert summary == [(r.organisation, r.date, r.signatories, r.reference) for r in corpus]
    kl = _by_short(wrapped, "KL")
    assert any("førtidspension eller fleksjob. Det er ligeledes" in c.text for c in kl.comments)
    assert any(c.heading == "Økonomi" for c in kl.comments)
    dr = _by_short(wrapped, "Danske Regioner")
    assert [c.heading for c in dr.comments if c.heading.startswith("§ 8")] == [
        "§ 8, stk. 3.",
        "§ 8, stk. 4.",
    ]
    assert (
        _by_short(wrapped, "Hedensted Kommune").contacts
        == _by_short(corpus, "Hedensted Kommune").contacts
    )


def test_comment_ids_and_spans(corpus_file: ResponseSource) -> None:
    ids = [c.id for r in corpus_file.responses for c in r.comments]
    assert len(ids) == len(set(ids))
    assert ids[0] == "1.1"
    for i, r in enumerate(corpus_file.responses, 1):
        for j, c in enumerate(r.comments, 1):
            assert c.id == f"{i}.{j}"
            assert r.span[0] <= c.span[0] < c.span[1] <= r.span[1]
            assert c.target == "general" and c.links == ()
            # every word of the cleaned text is in the original region
            region = corpus_file.text[slice(*c.span)]
            for word in re.findall(r"\w+", c.text):
                assert word in region


def test_kl_sentence_is_joined_across_the_page_footer(corpus: tuple[Response, ...]) -> None:
    kl = _by_short(corpus, "KL")
    joined = _comment_with(kl, "lige før en afgørelse om førtidspension eller fleksjob.")
    assert "Sags ID" not in joined.text and "Side 1 af 2" not in joined.text
    # the span covers the original region, footer included
    text = corpus_path("hoeringssvar-2026").read_text("utf-8")
    assert joined.span[0] < text.index("Side 1 af 2") < joined.span[1]
    assert text[joined.span[0] : joined.span[1]].startswith("KL har altid været")
    assert text[joined.span[0] : joined.span[1]].endswith("uden unødigt bureaukrati.")
    assert ("page", "Side 1 af 2") in kl.metadata
    assert any(k == "address" and "Weidekampsgade 10" in v for k, v in kl.metadata)
    assert kl.reference == "Sags ID: SAG-2025-03164; Dok. ID: 3667465"
    assert not any("Med venlig hilsen" in c.text or "kontorchef" in c.text for c in kl.comments)
    assert any(k == "subject" and v.startswith("Hørings svar - ") for k, v in kl.metadata)


def test_kl_sections_set_about_and_headings(corpus: tuple[Response, ...]) -> None:
    kl = _by_short(corpus, "KL")
    flex = "bekendtgørelse om sundhedsfaglig rådgivning og vurdering i sager om fleksjob, "
    flex += "førtidspension m.v."
    syg = "bekendtgørelse om sundhedsfaglig rådgivning til brug for sagsbehandlingen i sager "
    syg += "om sygedagpenge, kontanthjælp m.v."
    assert _comment_with(kl, "kvittere for en konstruktiv dialog").about == flex
    economy = _comment_with(kl, "realisere besparelsen")
    assert (economy.heading, economy.about) == ("Økonomi", flex)
    assert _comment_with(kl, "Samlet set vurderer KL").about == syg
    assert _comment_with(kl, "KL har modtaget udkast").about == ""
    assert _comment_with(kl, "meget tilfredse").stance == "support"


def test_danske_regioner_headed_blocks(corpus: tuple[Response, ...]) -> None:
    dr = _by_short(corpus, "Danske Regioner")
    assert dr.reference == "EMN-2026-00205; 1837579"
    flex = "bekendtgørelsen om sundhedsfaglig rådgivning og vurdering i sager om fleksjob, "
    flex += "førtidspension mv."
    c = _comment_with(dr, "Paragraffen foreslås til sidst")
    assert (c.heading, c.about, c.stance) == ("§ 7, stk. 2.", flex, "proposal")
    chapter4 = [c for c in dr.comments if c.heading == "Kapitel 4"]
    assert len(chapter4) == 2
    assert _comment_with(dr, "hvor kommunen er beliggende").heading == "Kapitel 6, § 15"
    assert _comment_with(dr, "uklart, hvad formålet").stance == "concern"
    last = dr.comments[-1]
    assert last.heading == "§ 1, stk. 1" and "sygedagpenge" in last.about
    assert _comment_with(dr, "hensigtsmæssige rammer").about == ""
    # the uppercase letterhead block in mid-letter is metadata, not comment text
    assert any("DAMPFÆRGEVEJ 22" in v for _, v in dr.metadata)
    assert not any("DAMPFÆRGEVEJ" in c.text or "REGIONER.DK" in c.text for c in dr.comments)
    assert "Henrik Casper" not in dr.signatories


def test_dasams_bullets_and_sections(corpus: tuple[Response, ...]) -> None:
    dasams = _by_short(corpus, "DASAMS")
    bullets = _comment_with(dasams, "forudsætter derfor specialiserede kompetencer")
    assert "Erfaring med tværfaglig og tværsektoriel vurdering" in bullets.text
    assert _comment_with(dasams, "dokumenterede kompetencer inden for").stance == "proposal"
    concern = _comment_with(dasams, "principielt bekymrende")
    assert concern.about == (
        "Bekendtgørelse om sundhedsfaglig rådgivning i sager om sygedagpenge, kontanthjælp mv."
    )
    assert concern.stance == "concern"
    general = _comment_with(dasams, "systematisk evaluering")
    assert (general.heading, general.about) == ("Generelt vedr. de to bekendtgørelser", "")
    duty = _comment_with(dasams, "autorisationsloven § 17")
    assert duty.heading == "Lægers pligt til at handle med omhu og samvittighedsfuldhed"
    assert not any(c.text.startswith("På vegne af") for c in dasams.comments)


def test_fh_letter(corpus: tuple[Response, ...]) -> None:
    fh = corpus[0]
    assert fh.reference == "Vores ref. MLJ"
    assert any(k == "subject" and v.startswith("Bemærkninger til høring") for k, v in fh.metadata)
    assert len(fh.comments) == 7
    assert _comment_with(fh, "overordnet set positiv").stance == "support"
    assert _comment_with(fh, "Det er problematisk").stance == "concern"
    assert _comment_with(fh, "FH foreslår").stance == "proposal"
    assert "*" not in _comment_with(fh, "specifik udfordring").text


def test_corpus_contacts(corpus: tuple[Response, ...]) -> None:
    kl = _by_short(corpus, "KL")
    assert {"IBBE@kl.dk", "3370 3225", "ans@star.dk", "cfr@star.dk"} <= set(kl.contacts)
    hedensted = _by_short(corpus, "Hedensted Kommune")
    assert {"Marianne.gro.bank\n@Hedensted.dk", "24 97 0 65"} <= set(hedensted.contacts)
    assert "79755000" not in hedensted.contacts
    dr = _by_short(corpus, "Danske Regioner")
    assert "ans@star.dk" in dr.contacts
    for organisational in ("star@star.dk", "REGIONER@REGIONER.DK", "+45 35 29 81 00"):
        assert organisational not in dr.contacts
    # contacts are exact strings of the file
    text = corpus_path("hoeringssvar-2026").read_text(encoding="utf-8")
    assert all(c in text for r in corpus for c in r.contacts)


def test_hedensted_letter(corpus: tuple[Response, ...]) -> None:
    h = _by_short(corpus, "Hedensted Kommune")
    assert _comment_with(h, "Vi stiller os kritiske").stance == "concern"
    assert _comment_with(h, "skal derfor opfordre").stance == "proposal"
    assert all(c.heading == "" for c in h.comments)
    assert any(k == "address" and "8722 Hedensted" in v for k, v in h.metadata)


# --------------------------------------------------------------------------- own letters


def test_single_letter_with_dato_header_and_page_footers() -> None:
    (source,) = read_responses(LETTERS / "dh-enkelt-brev-sidefod.txt")
    (r,) = source.responses
    assert r.organisation == "Danske Handicaporganisationer (DH)"
    assert r.short_name == "DH"
    assert r.date == "2026-03-03"
    assert r.signatories == ("Thorkild Olesen",)
    assert r.reference == "J.nr.: 26-0412; Vores ref.: MLA"
    got = [(c.heading, c.stance) for c in r.comments]
    assert got == [
        ("", "neutral"),
        ("", "support"),
        ("Generelle bemærkninger", "concern"),
        ("Ad § 8, stk. 4", "proposal"),
        ("Ad § 12", "question"),
        ("Ad kapitel 6", "proposal"),
        ("Ad kapitel 6", "question"),
        ("Øvrige bemærkninger", "neutral"),
    ]
    assert r.comments[2].text.endswith("en skriftlig vurdering kan ikke erstatte den samtale.")
    assert "• en procedure for opfølgning." in r.comments[5].text
    assert set(r.contacts) == {"mla@handicap.dk", "22 33 44 55"}
    assert [v for k, v in r.metadata if k == "page"] == [
        "Side 1 af 3",
        "Side 2 af 3",
        "Side 3 af 3",
    ]
    assert all(c.about == "" for c in r.comments)


def test_municipality_letter_with_jnr() -> None:
    (source,) = read_responses(LETTERS / "aarhus-kommune-jnr.txt")
    (r,) = source.responses
    assert (r.organisation, r.short_name) == ("Aarhus Kommune", "Aarhus Kommune")
    assert r.date == "2026-02-16"
    assert r.signatories == ("Anne Marie Kjær", "Peter Holm")
    assert r.reference == "J.nr. 26/004512-3"
    assert set(r.contacts) == {"41 85 72 19", "peho@aarhus.dk"}
    flex = "Bekendtgørelse om sundhedsfaglig rådgivning og vurdering i sager om fleksjob, "
    flex += "førtidspension m.v."
    got = [(c.heading, c.about, c.stance) for c in r.comments]
    assert got == [
        ("", "", "neutral"),
        ("§ 7, stk. 2", flex, "support"),
        ("§ 19, stk. 4", flex, "proposal"),
        (
            "2. Bekendtgørelse om sundhedsfaglig rådgivning til brug for sagsbehandlingen i "
            "sager om sygedagpenge, kontanthjælp m.v.",
            "Bekendtgørelse om sundhedsfaglig rådgivning til brug for sagsbehandlingen i sager "
            "om sygedagpenge, kontanthjælp m.v.",
            "neutral",
        ),
    ]
    assert any(k == "salutation" for k, _ in r.metadata)
    assert any(k == "subject" and v.startswith("Emne: Høring over") for k, v in r.metadata)


def test_two_letters_without_closing_formula() -> None:
    (source,) = read_responses(LETTERS / "to-breve-uden-hilsen.txt")
    first, second = source.responses
    assert (first.organisation, first.date, first.signatories) == (
        "Region Midtjylland",
        "2026-02-19",
        (),
    )
    assert first.reference == "Sagsnr.: 1-30-72-15-26"
    assert "lone.bech@rm.dk" in first.contacts
    assert [c.stance for c in first.comments] == ["neutral", "support", "proposal"]
    assert "Kontaktperson: Lone Bech" in source.text[slice(*first.span)]
    assert (second.organisation, second.short_name) == (
        "Foreningen for Sjældne Tilstande (FST)",
        "FST",
    )
    assert second.date == "2026-03-02" and second.signatories == ("Jens Dahl",)
    assert [c.stance for c in second.comments] == ["neutral", "concern", "question"]
    assert "Foreningen for Sjældne Tilstande" in source.text[slice(*second.span)]


def test_forwarded_email_letter() -> None:
    (source,) = read_responses(LETTERS / "email-videresendt.txt")
    (r,) = source.responses
    assert (r.organisation, r.short_name) == ("Dansk Psykolog Forening", "Dansk Psykolog Forening")
    assert r.date == "2026-02-17"
    assert r.signatories == ("Sofie Kragh",)
    assert [(c.heading, c.stance) for c in r.comments] == [
        ("", "neutral"),
        ("Til § 14, stk. 1, nr. 2:", "proposal"),
        ("Til § 8, stk. 4:", "question"),
    ]
    assert set(r.contacts) == {"sokr@ftf.dk", "lawi@ftf.dk", "29 64 18 07"}
    assert any(k == "subject" and v.startswith("Emne: Høringssvar") for k, v in r.metadata)
    assert ("separator", "--------------------------------------------") in r.metadata


def test_own_letters_concatenated_split_like_one_by_one() -> None:
    """Letters pasted into one file without separators split into the same responses."""
    files = sorted(LETTERS.glob("*.txt"))
    one_by_one = [r for f in files for r in read_responses(f)[0].responses]
    text = "\n\n".join(f.read_text("utf-8").strip() for f in files)
    together = split_responses(text)

    def key(r: Response) -> tuple[object, ...]:
        return (r.organisation, r.date, r.signatories, r.reference, len(r.comments), r.contacts)

    assert [key(r) for r in together] == [key(r) for r in one_by_one]
    assert len(together) == 5


def _write_docx(path: Path, paragraphs: list[str]) -> None:
    """A minimal WordprocessingML package: one w:p per paragraph, no empty paragraphs."""
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        zf.writestr("word/document.xml", document)


DOCX_LETTER = [
    "Lægeforeningen",
    "Kristianiagade 12",
    "2100 København Ø",
    "Styrelsen for Arbejdsmarked og Rekruttering",
    "Sendt til: hoeringssvar@star.dk",
    "1. marts 2026",
    "Vores ref.: 2026-1234/ABC",
    "Høringssvar om bekendtgørelse om sundhedsfaglig rådgivning og vurdering i sager om "
    "fleksjob, førtidspension m.v.",
    "Lægeforeningen har følgende bemærkninger til udkastet.",
    "Generelt",
    "Lægeforeningen er tilfreds med, at den sundhedsfaglige rådgivning fortsat forankres i "
    "regionernes kliniske funktioner.",
    "§ 8, stk. 4",
    "Lægeforeningen finder det problematisk, at rådgivningen kan ydes uden kontakt med personen.",
    "Det bør fremgå, at personen skal høres, før der ydes rådgivning uden kontakt.",
    "Med venlig hilsen",
    "Camilla Rathcke",
    "Direktør",
]


def test_docx_letter_one_paragraph_per_line(tmp_path: Path) -> None:
    path = tmp_path / "laegeforeningen.docx"
    _write_docx(path, DOCX_LETTER)
    (source,) = read_responses(path)
    (r,) = source.responses
    assert (r.organisation, r.short_name, r.date) == (
        "Lægeforeningen",
        "Lægeforeningen",
        "2026-03-01",
    )
    assert r.signatories == ("Camilla Rathcke",)
    assert r.reference == "Vores ref.: 2026-1234/ABC"
    assert r.contacts == ()
    got = [(c.heading, c.stance) for c in r.comments]
    assert got == [
        ("", "neutral"),
        ("Generelt", "support"),
        ("§ 8, stk. 4", "concern"),
        ("§ 8, stk. 4", "proposal"),
    ]


def test_folder_reads_every_letter_file(tmp_path: Path) -> None:
    for name in ("aarhus-kommune-jnr.txt", "dh-enkelt-brev-sidefod.txt"):
        (tmp_path / name).write_bytes((LETTERS / name).read_bytes())
    _write_docx(tmp_path / "c-laeger.docx", DOCX_LETTER)
    (tmp_path / "noter.md").write_text("ignoreres", encoding="utf-8")
    (tmp_path / "~$laeger.docx").write_bytes(b"lock")
    sources = read_responses(tmp_path)
    assert [Path(s.path).name for s in sources] == [
        "aarhus-kommune-jnr.txt",
        "c-laeger.docx",
        "dh-enkelt-brev-sidefod.txt",
    ]
    assert [s.responses[0].short_name for s in sources] == [
        "Aarhus Kommune",
        "Lægeforeningen",
        "DH",
    ]
    assert all(r.source == s.path for s in sources for r in s.responses)


def test_signature_without_closing_formula() -> None:
    (r,) = split_responses(
        "Vi er bekymrede for § 8.\n\nVi foreslår en ændring.\n\nNanna Højlund\nNæstformand\n"
    )
    assert r.signatories == ("Nanna Højlund",)
    assert [c.stance for c in r.comments] == ["concern", "proposal"]
    assert ("signature", "Næstformand") in r.metadata


def test_letter_without_header_or_closing_is_one_response() -> None:
    (r,) = split_responses("Vi foreslår, at § 3 udgår.\n\nVi er bekymrede for § 4.\n")
    assert [(c.stance, c.span) for c in r.comments] == [
        ("proposal", (0, 26)),
        ("concern", (28, 52)),
    ]
    assert (r.organisation, r.date, r.signatories) == ("", None, ())
    assert split_responses("") == () and split_responses("\n \n") == ()


def test_page_break_inside_a_sentence_in_pdf_text() -> None:
    text = (
        "Ældre Sagen\nNørregade 49\n1165 København K\n\n4. marts 2026\n\n"
        "Høringssvar om bekendtgørelse om sundhedsfaglig rådgivning\n\n"
        "Ældre Sagen finder det problematisk, at rådgivningen kan gives uden\n"
        "Side 1 af 2\f"
        "Ældre Sagen · Nørregade 49 · 1165 København K\n"
        "kontakt med personen.\n\nMed venlig hilsen\n\nBjarne Hastrup\nAdm. direktør\n"
    )
    (r,) = split_responses(text)
    assert r.organisation == "Ældre Sagen" and r.signatories == ("Bjarne Hastrup",)
    (c,) = r.comments
    assert c.text.endswith("kan gives uden kontakt med personen.") and c.stance == "concern"
    assert ("page", "Side 1 af 2") in r.metadata


def test_letters_separated_only_by_closing_and_salutation() -> None:
    text = (
        "Til Styrelsen for Arbejdsmarked og Rekruttering\n\n"
        "Ældre Sagen har følgende bemærkninger til udkastet.\n\n"
        "Vi er bekymrede for, at ældre borgere ikke bliver hørt.\n\n"
        "Med venlig hilsen\n\nBjarne Hastrup\nAdm. direktør\n\n\n\n"
        "Akademikerne\n\nDen 3. marts 2026\n\nKære STAR\n\n"
        "Akademikerne støtter udkastet, men savner en vurdering af økonomien.\n\n"
        "Venlig hilsen\nLars Qvistgaard\nFormand\nlq@ac.dk\n"
    )
    first, second = split_responses(text)
    assert (first.organisation, first.date, first.signatories) == (
        "Ældre Sagen",
        None,
        ("Bjarne Hastrup",),
    )
    assert [c.stance for c in first.comments] == ["neutral", "concern"]
    assert (second.organisation, second.short_name, second.date) == (
        "Akademikerne (AC)",
        "AC",
        "2026-03-03",
    )
    assert second.signatories == ("Lars Qvistgaard",) and second.contacts == ("lq@ac.dk",)
    assert [c.stance for c in second.comments] == ["concern"]
    assert ("signature", "Formand") in second.metadata and (
        "salutation",
        "Kære STAR",
    ) in second.metadata


def test_closing_variants_and_hyphenation() -> None:
    (r,) = split_responses("KL foreslår ændringer i § 3.\n\nMed venlig hilsen Nanna Højlund\n")
    assert r.signatories == ("Nanna Højlund",) and len(r.comments) == 1
    (r,) = split_responses("Vi støtter § 3.\n\nMed venlig hilsen,\nNanna Højlund\nKontorchef\n")
    assert r.signatories == ("Nanna Højlund",) and r.comments[0].stance == "support"
    (r,) = split_responses(
        "Vi støtter § 3.\n\nMed venlig hilsen\n\n"
        "Ida Jensen\nKonsulent\n33 70 32 25\nT: 33 70 33 70\n"
    )
    assert r.signatories == ("Ida Jensen",) and r.contacts == ("33 70 32 25",)
    (r,) = split_responses(
        "Vi foreslår, at sagsbe-\nhandlingen ændres og at EU-\nreglerne følges, også for "
        "sygedagpenge-\nog kontanthjælpsmodtagere.\n"
    )
    assert r.comments[0].text == (
        "Vi foreslår, at sagsbehandlingen ændres og at EU-reglerne følges, også for "
        "sygedagpenge- og kontanthjælpsmodtagere."
    )


def test_text_after_the_signature_is_an_annex_not_a_letter() -> None:
    text = (
        "KL foreslår ændringer i § 3.\n\nMed venlig hilsen\n\nNanna Højlund\n\n\n\nBilag 1\n\n"
        "Uddybende bemærkninger: KL foreslår desuden, at fristen i § 5 forlænges fra 14 til 30 "
        "dage, da kommunerne ellers ikke kan nå det.\n"
    )
    (r,) = split_responses(text)
    assert [(c.id, c.heading) for c in r.comments] == [("1.1", ""), ("1.2", "Bilag 1")]
    assert r.signatories == ("Nanna Højlund",) and r.span == (0, len(text) - 1)


def test_capital_letterhead_portal_header_and_side_by_side_signatures() -> None:
    text = (
        "KØBENHAVNS KOMMUNE\nBeskæftigelses- og Integrationsforvaltningen\nNyropsgade 1\n"
        "1602 København V\n\nAfsender: Københavns Kommune\nIndsendt: 17-02-2026 10:12\n\n"
        "Vi er bekymrede for § 8.\n\nMed venlig hilsen\n\n"
        "Nicolas Johansen    Ibrahim Benli\nKontorchef    Konsulent\n"
    )
    (r,) = split_responses(text)
    assert (r.organisation, r.date) == ("Københavns Kommune", "2026-02-17")
    assert r.signatories == ("Nicolas Johansen", "Ibrahim Benli")
    assert [c.text for c in r.comments] == ["Vi er bekymrede for § 8."]


def test_sender_fallbacks_for_unknown_bodies_and_citizens() -> None:
    (r,) = split_responses(
        "Hjernesagen\nKongens Vænge 20\n3400 Hillerød\n\n3. marts 2026\n\n"
        "Vi har følgende bemærkninger.\n\nVi støtter § 3.\n\nMed venlig hilsen\n\nAnne Jensen\n"
    )
    assert (r.organisation, r.short_name, r.signatories) == (
        "Hjernesagen",
        "Hjernesagen",
        ("Anne Jensen",),
    )
    (r,) = split_responses("Jeg er bekymret for § 8.\n\nMvh\nJens Hansen\n")
    assert (r.organisation, r.signatories) == ("Jens Hansen", ("Jens Hansen",))


def test_unreadable_inputs_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="findes ikke"):
        read_responses(tmp_path / "mangler.txt")
    with pytest.raises(InputError, match="ingen .txt"):
        read_responses(tmp_path)


# --------------------------------------------------------------------------- pure helpers


@pytest.mark.parametrize("module", ["contacts", "organisations", "split", "stance"])
def test_doctests(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"lovdiff.letters.{module}")
    result = doctest.testmod(mod)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KL er meget tilfredse med, at kravet lempes.", "support"),
        ("Vi støtter forslaget.", "support"),
        ("Vi er ikke tilfredse med forslaget.", "concern"),
        ("Det er problematisk, at personen ikke høres.", "concern"),
        ("Det foreslås tilføjet, at kommunen deltager.", "proposal"),
        ("Det er uklart, hvem der betaler. Vi anbefaler, at det præciseres.", "proposal"),
        ("Vi anbefaler en præcisering. Det er dog fortsat uklart, hvem der betaler.", "concern"),
        ("Hvorfor er kravet fjernet?", "question"),
        ("Det ønskes afklaret, om reglen også gælder for ledige.", "question"),
        ("FH takker for muligheden for at afgive høringssvar.", "neutral"),
        ("FH er positiv over for de foreslåede ændringer.", "support"),
        ("Det lægges til grund, at aftalen indgås med regionen.", "neutral"),
    ],
)
def test_stance_rules(text: str, expected: str) -> None:
    assert stance(text) == expected


def test_find_contacts_rules() -> None:
    text = (
        "E-mail: IBBE@kl.dk\nDirekte: 3370 3225\nT: 79755000\nkl@kl.dk\npost@aarhus.dk\n"
        "Mail: Marianne.gro.bank\n@Hedensted.dk\n+45 35 29 81 00\nMobil: 22 33 44 55\n"
        "hoeringssvar@star.dk, jens.dahl@example.org"
    )
    assert find_contacts(text) == [
        "IBBE@kl.dk",
        "3370 3225",
        "Marianne.gro.bank\n@Hedensted.dk",
        "22 33 44 55",
        "jens.dahl@example.org",
    ]


LETTERISH = st.lists(
    st.sampled_from(
        [
            "",
            "",
            "Med venlig hilsen",
            "Venlig hilsen",
            "For JobHedensted",
            "Nanna Højlund",
            "Næstformand, FH",
            "Side 1 af 2",
            "Den 18. februar 2026",
            "Styrelsen for Arbejdsmarked og Rekruttering",
            "Att. Alexander Sørensen (ans@star.dk)",
            "Høringssvar vedr. bekendtgørelse om noget",
            "§ 7, stk. 2.",
            "Økonomi",
            "- et punkt",
            "KL har modtaget udkast til bekendtgørelse om noget.",
            "Vi foreslår, at reglen ændres",
            "og at den gælder alle.",
            "2300 København S",
            "Vedr. Bekendtgørelse om sygedagpenge",
            "Mail: Marianne.gro.bank",
            "@Hedensted.dk",
            "Kære STAR",
            "-----",
            "\f",
            "Sendt: 3. marts 2026 10:00",
            "sagsbe-",
            "1.",
            ":",
            "\u00a0",
        ]
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(LETTERISH, st.sampled_from(["\n", "\r\n"]))
def test_split_never_raises_and_spans_are_sound(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    responses = split_responses(text)
    previous_end = 0
    for r in responses:
        assert previous_end <= r.span[0] <= r.span[1] <= len(text)
        previous_end = r.span[1]
        for c in r.comments:
            assert r.span[0] <= c.span[0] < c.span[1] <= r.span[1]
            assert c.text.strip()
        for start, end in r.metadata_spans:
            assert r.span[0] <= start < end <= r.span[1]
    if text.strip():
        assert responses
    _assert_nothing_dropped(ResponseSource("<hypothesis>", text, responses))
