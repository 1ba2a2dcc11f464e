"""Hand-built comparisons and consultations for the export tests.

The exports must not depend on the aligner's or linker's current quality, so the tests build
their own ``Comparison``: a small greedy content alignment of the two corpus versions (best
word similarity per section, then per stk./nr. inside matched sections), and a
``Consultation`` written by hand with the traps the exports must survive (formula-like text,
control characters, personal contacts). The tests in this file check the builders themselves.
"""

from __future__ import annotations

from functools import cache

from conftest import parsed
from lovdiff.models import (
    Comment,
    Comparison,
    Consultation,
    Document,
    DocumentInfo,
    Finding,
    Link,
    Pair,
    Provision,
    Response,
    TermChange,
)
from lovdiff.textdiff import similarity, word_diff

LEVEL = {"chapter": "chapter", "section": "section", "subsection": "subsection", "item": "item"}


def _pair(level: str, o: Provision | None, n: Provision | None, ot: str, nt: str) -> Pair:
    if o is None:
        status, sim = "added", 0.0
    elif n is None:
        status, sim = "deleted", 0.0
    else:
        sim = similarity(ot, nt)
        status = "unchanged" if " ".join(ot.split()) == " ".join(nt.split()) else "changed"
    return Pair(
        level=level,  # type: ignore[arg-type]
        old=o.ref if o else None,
        new=n.ref if n else None,
        status=status,  # type: ignore[arg-type]
        renumbered=bool(o and n and o.num != n.num),
        moved=False,
        similarity=sim,
        old_text=ot,
        new_text=nt,
        diff=word_diff(ot, nt),
        editorial=False,
        method="content" if o and n else "none",
        old_eid=o.eid if o else None,
        new_eid=n.eid if n else None,
    )


def _match(olds: list[Provision], news: list[Provision], text, threshold: float):  # type: ignore[no-untyped-def]
    """Greedy best-similarity matching, returns {old eid: new provision}."""
    scored = sorted(
        (
            (similarity(text(o), text(n)), i, j)
            for i, o in enumerate(olds)
            for j, n in enumerate(news)
        ),
        reverse=True,
    )
    used_o: set[int] = set()
    used_n: set[int] = set()
    out: dict[str, Provision] = {}
    for s, i, j in scored:
        if s < threshold or i in used_o or j in used_n:
            continue
        used_o.add(i)
        used_n.add(j)
        out[olds[i].eid] = news[j]
    return out


def align_docs(old: Document, new: Document) -> Comparison:
    """A simple content alignment, good enough to exercise every export path."""
    pairs: list[Pair] = []
    chapters_o = [p for p in old.provisions if p.kind == "chapter"]
    chapters_n = [p for p in new.provisions if p.kind == "chapter"]
    cm = _match(chapters_o, chapters_n, lambda p: p.heading, 0.6)
    for o in chapters_o:
        n = cm.get(o.eid)
        pairs.append(_pair("chapter", o, n, o.heading, n.heading if n else ""))
    for n in chapters_n:
        if n not in cm.values():
            pairs.append(_pair("chapter", None, n, "", n.heading))
    secs_o = [p for p in old.provisions if p.kind == "section"]
    secs_n = [p for p in new.provisions if p.kind == "section"]
    sm = _match(secs_o, secs_n, lambda p: (old if p in secs_o else new).subtree_text(p.eid), 0.45)
    for o in secs_o:
        n = sm.get(o.eid)
        pairs.append(
            _pair("section", o, n, old.subtree_text(o.eid), new.subtree_text(n.eid) if n else "")
        )
        subs_o = [p for p in old.provisions if p.parent == o.eid]
        subs_n = [p for p in new.provisions if n and p.parent == n.eid]
        um = _match(subs_o, subs_n, lambda p: p.text, 0.3)
        for so in subs_o:
            sn = um.get(so.eid)
            pairs.append(_pair("subsection", so, sn, so.text, sn.text if sn else ""))
            items_o = [p for p in old.provisions if p.parent == so.eid]
            items_n = [p for p in new.provisions if sn and p.parent == sn.eid]
            im = _match(items_o, items_n, lambda p: p.text, 0.3)
            for io in items_o:
                inn = im.get(io.eid)
                pairs.append(_pair("item", io, inn, io.text, inn.text if inn else ""))
            for inn in items_n:
                if inn not in im.values():
                    pairs.append(_pair("item", None, inn, "", inn.text))
        for sn in subs_n:
            if sn not in um.values():
                pairs.append(_pair("subsection", None, sn, "", sn.text))
    for n in secs_n:
        if n not in sm.values():
            pairs.append(_pair("section", None, n, "", new.subtree_text(n.eid)))
    terms = (TermChange("borgeren", "personen", 34), TermChange("borgerens", "personens", 12))
    return Comparison(
        old=old,
        new=new,
        pairs=tuple(pairs),
        term_changes=terms,
        findings=(Finding("note", "§ 1", "En testbemærkning."),),
    )


@cache
def corpus_comparison() -> Comparison:
    return align_docs(parsed("bek-2020"), parsed("udkast-2026"))


def tiny_comparison() -> Comparison:
    """Two versions of a two-section order with every kind of change and hostile text."""

    def prov(ref: str, eid: str, kind: str, label: str, num: str, text: str, parent=None):  # type: ignore[no-untyped-def]
        return Provision(ref, eid, kind, label, num, "", text, parent, (0, 0))  # type: ignore[arg-type]

    old = Document(
        DocumentInfo("Bekendtgørelse om prøver", "bekendtgørelse", "12", "2020-01-02"),
        "",
        (
            prov("§ 1", "sec_1", "section", "§ 1.", "1", ""),
            prov(
                "§ 1, stk. 1",
                "sec_1__subsec_1",
                "subsection",
                "",
                "1",
                "Borgeren skal have svar inden 4 uger.",
                "sec_1",
            ),
            prov(
                "§ 1, stk. 2",
                "sec_1__subsec_2",
                "subsection",
                "Stk. 2.",
                "2",
                '=HYPERLINK("http://x") <script>alert(1)</script>',
                "sec_1",
            ),
            prov("§ 2", "sec_2", "section", "§ 2.", "2", ""),
            prov(
                "§ 2, stk. 1",
                "sec_2__subsec_1",
                "subsection",
                "",
                "1",
                "Reglen om sundhedskoordinatoren ophæves.",
                "sec_2",
            ),
        ),
    )
    new = Document(
        DocumentInfo("Bekendtgørelse om prøver", "udkast", None, None),
        "",
        (
            prov("§ 1", "sec_1", "section", "§ 1.", "1", ""),
            prov(
                "§ 1, stk. 1",
                "sec_1__subsec_1",
                "subsection",
                "",
                "1",
                "Personen skal have svar inden 2 uger.",
                "sec_1",
            ),
            prov(
                "§ 1, stk. 2",
                "sec_1__subsec_2",
                "subsection",
                "Stk. 2.",
                "2",
                '=HYPERLINK("http://x") <script>alert(1)</script>',
                "sec_1",
            ),
            prov(
                "§ 1, stk. 3",
                "sec_1__subsec_3",
                "subsection",
                "Stk. 3.",
                "3",
                "Helt ny regel\x00 med styretegn\x07.",
                "sec_1",
            ),
        ),
    )
    o, n = old.provisions, new.provisions
    pairs = (
        _pair("section", o[0], n[0], old.subtree_text("sec_1"), new.subtree_text("sec_1")),
        _pair("subsection", o[1], n[1], o[1].text, n[1].text),
        _pair("subsection", o[2], n[2], o[2].text, n[2].text),
        _pair("subsection", None, n[3], "", n[3].text),
        _pair("section", o[3], None, old.subtree_text("sec_2"), ""),
        _pair("subsection", o[4], None, o[4].text, ""),
    )
    return Comparison(old, new, pairs, (TermChange("borgeren", "personen", 1),))


def tiny_consultation() -> Consultation:
    """Two responses with general, provision and other-act comments, and personal contacts."""
    fh = Response(
        organisation="FH – Fagbevægelsens Hovedorganisation",
        short_name="FH",
        date="2026-02-18",
        signatories=("Jens Hansen",),
        reference="26-0001",
        comments=(
            Comment(
                "FH støtter overordnet udkastet. Det er positivt, at personen inddrages. "
                "Kontakt Jens på jh@fh.dk eller tlf. 33 12 34 56.",
                (0, 10),
                "general",
                stance="support",
                id="0.0",
            ),
            Comment(
                "FH er bekymret for fristen i § 1, stk. 1. Fristen på 2 uger er for kort.",
                (10, 20),
                "against",
                (
                    Link(
                        "§ 1, stk. 1",
                        "against",
                        "explicit",
                        0.95,
                        "§ 1, stk. 1",
                        change="changed",
                        previous="§ 1, stk. 1",
                    ),
                ),
                stance="concern",
                id="0.1",
            ),
            Comment(
                "=cmd|' /C calc'!A0 skal ikke udføres.",
                (20, 30),
                "against",
                (Link("§ 1, stk. 3", "against", "semantic", 0.41, "ny regel", change="new"),),
                stance="question",
                id="0.2",
            ),
        ),
        span=(0, 30),
        contacts=("jh@fh.dk", "33 12 34 56"),
    )
    kl = Response(
        organisation="KL",
        short_name="KL",
        date="2026-02-17",
        signatories=(),
        reference="",
        comments=(
            Comment(
                "KL foreslår, at § 1, stk. 2, udgår. Direkte: 3370 3225.",
                (30, 40),
                "against",
                (
                    Link(
                        "§ 1, stk. 2",
                        "against",
                        "explicit",
                        0.9,
                        "§ 1, stk. 2",
                        change="unchanged",
                        previous="§ 1, stk. 2",
                    ),
                ),
                stance="proposal",
                id="1.0",
            ),
            Comment(
                "Bekendtgørelsen om sygedagpenge bør også ændres.",
                (40, 50),
                "other",
                stance="proposal",
                about="bekendtgørelse om sygedagpenge",
                id="1.1",
            ),
        ),
        span=(30, 50),
    )
    return Consultation(
        responses=(fh, kl),
        against=DocumentInfo("Bekendtgørelse om prøver", "udkast"),
        previous=DocumentInfo("Bekendtgørelse om prøver", "bekendtgørelse", "12", "2020-01-02"),
    )


def test_tiny_comparison_ops_rebuild_texts() -> None:
    for p in tiny_comparison().pairs:
        assert "".join(t for op, t in p.diff if op <= 0) == p.old_text
        assert "".join(t for op, t in p.diff if op >= 0) == p.new_text


def test_corpus_comparison_finds_renumbered_sections() -> None:
    c = corpus_comparison()
    renumbered = [p for p in c.pairs if p.level == "section" and p.renumbered]
    assert renumbered, "the 2026 draft renumbers most sections"
    assert any(p.status == "deleted" for p in c.pairs if p.level == "section")
