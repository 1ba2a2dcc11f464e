"""The høringsnotat: structure, order, change lines, redaction, and LibreOffice rendering."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lovdiff.export.notat import build_notat, infer_period, sentences, summary
from lovdiff.export.safe import xml_text
from lovdiff.models import Comment, Consultation, Link
from test_export_docx import W, _norm, needs_libreoffice, parts, pdf_text, visible_text
from test_export_fixtures import corpus_comparison, tiny_comparison, tiny_consultation


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style, text) of every paragraph."""
    doc = parts(data)["word/document.xml"]
    out = []
    for p in doc.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        out.append((style.get(f"{W}val") if style is not None else "", "".join(p.itertext())))
    return out


def test_notat_structure_and_order() -> None:
    c = tiny_comparison()
    data = build_notat(tiny_consultation(), c.new, c)
    paras = _paragraphs(data)
    headings = [t for s, t in paras if s == "Overskrift1"]
    assert headings == [
        "1. Høringen",
        "2. Generelle bemærkninger",
        "3. Bemærkninger til de enkelte bestemmelser",
        "4. Bemærkninger til andre regler",
    ]
    assert paras[0] == ("Titel", "Høringsnotat")
    subs = [t for s, t in paras if s == "Overskrift2"]
    # provisions in the draft's order, then the other act
    assert subs[:3] == ["3.1. § 1, stk. 1", "3.2. § 1, stk. 2", "3.3. § 1, stk. 3"]
    assert subs[3].startswith("4.1. Bekendtgørelse om sygedagpenge")
    texts = [t for _, t in paras]
    assert "Bestemmelsen er ny." in texts
    assert (
        "Bestemmelsen er uændret i forhold til § 1, stk. 2, i den gældende bekendtgørelse." in texts
    )
    assert any(t.startswith("Bestemmelsen er ændret i forhold til § 1, stk. 1, i") for t in texts)
    # every section with comments ends with an empty "Ministeriets bemærkninger" for the drafter
    for i, (style, text) in enumerate(paras):
        if style == "Bemaerkning":
            assert text == "Ministeriets bemærkninger"
            assert paras[i + 1] == ("Ministeriet", "")
    assert sum(1 for s, _ in paras if s == "Bemaerkning") == 2 + 3  # general, 3 provisions, other
    joined = "\n".join(texts)
    assert "FH (støtter)" in joined and "KL (forslag)" in joined and "(bekymring)" in joined
    assert "FH – Fagbevægelsens Hovedorganisation (18. februar 2026)" in joined
    assert "kontrollér" in joined  # the semantic link is flagged for checking


def test_notat_redacts_by_default() -> None:
    c = tiny_comparison()
    doc = parts(build_notat(tiny_consultation(), c.new, c))["word/document.xml"]
    text = visible_text(doc, accept=True)
    for contact in ("jh@fh.dk", "33 12 34 56", "3370 3225"):
        assert contact not in text
    assert "[fjernet]" in text
    raw = visible_text(
        parts(build_notat(tiny_consultation(), c.new, c, redact=False))["word/document.xml"],
        accept=True,
    )
    assert "3370 3225" in raw


def test_notat_lists_consulted_bodies_and_period() -> None:
    c = tiny_comparison()
    data = build_notat(
        tiny_consultation(),
        c.new,
        c,
        period="5. februar 2026 – 18. februar 2026",
        consulted=["FH – Fagbevægelsens Hovedorganisation", "KL", "Danske Regioner"],
    )
    texts = [t for _, t in _paragraphs(data)]
    assert any("i perioden 5. februar 2026 – 18. februar 2026" in t for t in texts)
    assert "– KL – høringssvar 17. februar 2026" in texts
    assert "– Danske Regioner" in texts  # consulted, did not reply


def test_no_comment_is_dropped_on_the_corpus_draft() -> None:
    """Links to the version in force are moved to the draft provision that replaced it."""
    c = corpus_comparison()
    old_pair = next(p for p in c.pairs if p.level == "subsection" and p.old and p.new)
    base = tiny_consultation()
    extra = Comment(
        "Vi henviser til den gældende regel.",
        (0, 1),
        "against",
        (Link(old_pair.old, "previous", "explicit", 0.9, old_pair.old),),  # type: ignore[arg-type]
        id="0.9",
    )
    fh = base.responses[0]
    fh2 = fh.__class__(**{**fh.__dict__, "comments": (*fh.comments, extra)})
    cons = Consultation((fh2, base.responses[1]), base.against, base.previous)
    paras = _paragraphs(build_notat(cons, c.new, c))
    joined = "\n".join(t for _, t in paras)
    for r in cons.responses:
        for cm in r.comments:
            assert summary(cm.text)[:25].replace("'", "") in joined.replace("'", ""), cm.id
    subs = [t for s, t in paras if s == "Overskrift2"]
    assert any(t.endswith(str(old_pair.new)) for t in subs)
    assert f"henviser til {old_pair.old}" in joined


def test_period_is_read_from_the_responses() -> None:
    start, deadline = infer_period(
        [
            "publiceret den 5. februar 2026 på Høringsportalen",
            "i høring med frist for angivelse af bemærkninger den 18. februar 2026.",
        ]
    )
    assert (start, deadline) == ("5. februar 2026", "18. februar 2026")


def test_sentences_respect_abbreviations() -> None:
    text = "Det følger af § 8, stk. 3. Vi foreslår bl.a. en frist, jf. § 2. Slut."
    assert sentences(text) == [
        "Det følger af § 8, stk. 3.",
        "Vi foreslår bl.a. en frist, jf. § 2.",
        "Slut.",
    ]
    assert summary(text) == "Det følger af § 8, stk. 3. Vi foreslår bl.a. en frist, jf. § 2. …"


@given(st.text(max_size=400))
def test_summary_is_a_prefix_of_the_words(text: str) -> None:
    out = summary(text)
    words = " ".join(text.split())
    core = out.removesuffix(" …").rstrip(",;:")
    assert words.startswith(core) or core == ""
    assert len(out) <= 430


@needs_libreoffice
def test_libreoffice_renders_the_notat(tmp_path: Path) -> None:
    c = corpus_comparison()
    text = pdf_text(build_notat(tiny_consultation(), c.new, c), tmp_path)
    assert "Høringsnotat" in text and "1. Høringen" in text
    assert "Ministeriets bemærkninger" in text
    assert "§ 1, stk. 1" in text


_refs = st.sampled_from(["§ 1, stk. 1", "§ 1, stk. 2", "§ 1, stk. 3", "§ 9", "kapitel 1"])
_links = st.builds(
    Link,
    ref=_refs,
    document=st.sampled_from(["against", "previous"]),
    basis=st.sampled_from(["explicit", "quote", "semantic"]),
    confidence=st.floats(0, 1),
    evidence=st.text(max_size=20),
    change=st.sampled_from([None, "new", "changed", "unchanged"]),
    previous=st.sampled_from([None, "§ 1, stk. 1", "§ 2"]),
)
_comments = st.builds(
    Comment,
    text=st.text(min_size=1, max_size=120),
    span=st.just((0, 1)),
    target=st.sampled_from(["against", "other", "general"]),
    links=st.lists(_links, max_size=2).map(tuple),
    stance=st.sampled_from(["support", "concern", "proposal", "question", "neutral"]),
    about=st.text(max_size=30),
    id=st.uuids().map(str),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(_comments, max_size=4), max_size=3))
def test_any_consultation_gives_a_wellformed_notat_that_keeps_every_comment(
    comment_lists: list[list[Comment]],
) -> None:
    base = tiny_consultation().responses[0]
    responses = tuple(
        base.__class__(
            **{
                **base.__dict__,
                "organisation": f"Org {i}",
                "short_name": f"O{i}",
                "comments": tuple(cms),
                "contacts": (),
            }
        )
        for i, cms in enumerate(comment_lists)
    )
    cons = Consultation(responses, tiny_consultation().against, tiny_consultation().previous)
    c = tiny_comparison()
    data = build_notat(cons, c.new, c, redact=False)
    text = visible_text(parts(data)["word/document.xml"], accept=True)
    for r in responses:
        for cm in r.comments:
            assert _norm(xml_text(summary(cm.text))) in text, cm


def test_stored_remarks_fill_the_ministry_paragraphs() -> None:
    c = tiny_comparison()
    remarks = {
        "0.1": "Fristen fastholdes, jf. lovens § 3.",
        "1.1": "Videregivet til sygedagpengekontoret.",
    }
    paras = _paragraphs(build_notat(tiny_consultation(), c.new, c, remarks=remarks))
    after = [paras[i + 1] for i, (s, _) in enumerate(paras) if s == "Bemaerkning"]
    texts = [t for _, t in after]
    assert "Fristen fastholdes, jf. lovens § 3." in texts
    assert "Videregivet til sygedagpengekontoret." in texts
    assert texts.count("") == len(texts) - 2  # the other sections stay empty for the drafter
    # the remark sits in the section of its comment (§ 1, stk. 1 is 3.1)
    idx = next(i for i, (_, t) in enumerate(paras) if t == "3.1. § 1, stk. 1")
    nxt = next(i for i, (s, _) in enumerate(paras) if s == "Bemaerkning" and i > idx)
    assert paras[nxt + 1][1] == "Fristen fastholdes, jf. lovens § 3."


def test_one_section_per_other_act_however_the_letters_name_it(tmp_path: Path) -> None:
    """KL names the sibling order "… til brug for sagsbehandlingen i sager om sygedagpenge,
    kontanthjælp m.v.", DASAMS "… i sager om sygedagpenge, kontanthjælp mv.": one act,
    one section 4.1, headed by the fuller name, holding both bodies' comments."""
    from lovdiff.cli import main

    out = tmp_path / "notat.docx"
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    code = main(
        [
            "notat",
            str(corpus / "hoeringssvar-2026-sundhedsfaglig-raadgivning.txt"),
            "--against",
            str(corpus / "udkast-2026-sundhedsfaglig-raadgivning.txt"),
            "--previous",
            str(corpus / "bek-2020-2236-sundhedsfaglig-raadgivning.txt"),
            "-o",
            str(out),
        ]
    )
    assert code == 0
    paras = _paragraphs(out.read_bytes())
    subs = [t for s, t in paras if s == "Overskrift2" and t.startswith("4.")]
    assert subs == [
        "4.1. Bekendtgørelse om sundhedsfaglig rådgivning til brug for sagsbehandlingen i "
        "sager om sygedagpenge, kontanthjælp m.v."
    ]
    start = next(i for i, (_s, t) in enumerate(paras) if t == subs[0])
    section = " ".join(t for _s, t in paras[start : start + 12])
    assert "KL" in section and "DASAMS" in section


def test_acts_named_vaguely_do_not_swallow_other_acts() -> None:
    """A comment whose act is unnamed ("andre regler") and one about another named order
    stay in their own sections beside the sygedagpenge order."""
    from dataclasses import replace

    c = tiny_comparison()
    cons = tiny_consultation()
    kl = cons.responses[1]
    extra = (
        Comment("Andre regler bør også ses på.", (50, 60), "other", id="1.2"),
        Comment(
            "Seniorpensionsreglerne bør ændres.",
            (60, 70),
            "other",
            about="bekendtgørelse om seniorpension",
            id="1.3",
        ),
    )
    cons = replace(cons, responses=(cons.responses[0], replace(kl, comments=kl.comments + extra)))
    subs = [t for s, t in _paragraphs(build_notat(cons, c.new, c)) if s == "Overskrift2"]
    assert [t for t in subs if t.startswith("4.")] == [
        "4.1. Bekendtgørelse om sygedagpenge",
        "4.2. Andre regler",
        "4.3. Bekendtgørelse om seniorpension",
    ]
