"""The store on both backends: round trips, read API, search, remarks, accounts, migrations.

Every test runs on SQLite and on PostgreSQL (a fresh schema per test); the PostgreSQL runs
skip, saying why, when no server answers at LOVDIFF_TEST_PG_URL (default 127.0.0.1:5432).
The records are built by hand here; tests/test_ingest.py stores the real corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, inspect, select, text

from conftest import fresh_pg_schema
from lovdiff.errors import LovdiffError
from lovdiff.models import (
    Comment,
    Comparison,
    Consultation,
    Document,
    DocumentInfo,
    Finding,
    Link,
    Pair,
    Provenance,
    Provision,
    Reference,
    Response,
    TermChange,
)
from lovdiff.store import (
    MIGRATIONS,
    Bundle,
    NotFound,
    StoredConsultation,
    StoredDocument,
    StoredOrder,
    check_login,
    comment_counts,
    comments_for_provision,
    create_user,
    data_version,
    get_engine,
    get_organisation,
    get_remark,
    get_response,
    list_consultations,
    list_documents,
    list_orders,
    list_organisations,
    load_comparison,
    load_consultation,
    load_document,
    login_blocked,
    matrix,
    migrate,
    references_to,
    search,
    set_remark,
    write_bundle,
    write_transaction,
)
from lovdiff.store import schema as sch
from lovdiff.store import write as store_write
from lovdiff.store.engine import clean, clean_text
from lovdiff.store.textsearch import parse_query, snippet, stem, terms


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped afterwards."""
    with fresh_pg_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """The database URL of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'lovdiff.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def engine(db_url: str) -> Engine:
    return get_engine(db_url)


# ------------------------------------------------------------------ hand-made records


def P(ref: str, eid: str, kind: str, text_: str, parent: str | None, **kw: Any) -> Provision:  # noqa: N802
    return Provision(
        ref=ref,
        eid=eid,
        kind=kind,  # type: ignore[arg-type]
        label=kw.pop("label", ""),
        num=kw.pop("num", ""),
        heading=kw.pop("heading", ""),
        text=text_,
        parent=parent,
        span=kw.pop("span", (0, 0)),
        **kw,
    )


def make_doc(doc_id: str, body: str, *, version: int) -> Document:
    """A small order: a chapter, § 1 (two stk., items), § 2 citing § 1, stk. 2."""
    text_ = f"Bekendtgørelse om sundhedsfaglig rådgivning {version}\n\n{body}"
    provs = (
        P("titel", "title", "title", "Bekendtgørelse om sundhedsfaglig rådgivning", None),
        P("kapitel 1", "chp_1", "chapter", "", None, label="Kapitel 1", num="1",
          heading="Anvendelsesområde"),
        P("§ 1", "sec_1", "section", "", "chp_1", label="§ 1.", num="1", chapter="kapitel 1"),
        P("§ 1, stk. 1", "sec_1__subsec_1", "subsection", body, "sec_1", num="1",
          chapter="kapitel 1", span=(len(text_) - len(body), len(text_)), line=3),
        P("§ 1, stk. 2", "sec_1__subsec_2", "subsection", "Kommunen skal inddrage borgerne.",
          "sec_1", label="Stk. 2.", num="2", chapter="kapitel 1"),
        P("§ 1, stk. 2, nr. 1", "sec_1__subsec_2__point_1", "item", "sundhedskoordinatoren,",
          "sec_1__subsec_2", label="1)", num="1", chapter="kapitel 1"),
        P("§ 2", "sec_2", "section", "", "chp_1", label="§ 2.", num="2", chapter="kapitel 1"),
        P("§ 2, stk. 1", "sec_2__subsec_1", "subsection", "Reglerne i § 1, stk. 2, gælder.",
          "sec_2", num="1", chapter="kapitel 1", page=2),
    )  # fmt: skip
    refs = (
        Reference("§ 2, stk. 1", "§ 1, stk. 2", "§ 1, stk. 2", True, None, True,
                  ("§ 1, stk. 2",), (12, 23), "sec_2__subsec_1", None),
        Reference("§ 2, stk. 1", "§ 3", "§ 3", True, None, False, ("§ 3",), (30, 33),
                  "sec_2__subsec_1", 2),
        Reference("§ 1, stk. 1", "§ 4 i lov om social pension", "§ 4", False,
                  "lov om social pension", False, ("§ 4",), (0, 5), "sec_1__subsec_1"),
    )  # fmt: skip
    return Document(
        info=DocumentInfo(
            title="Bekendtgørelse om sundhedsfaglig rådgivning",
            kind="bekendtgørelse" if version == 1 else "udkast",
            number="2236" if version == 1 else None,
            date=f"202{version}-12-29",
            in_force=f"202{version + 1}-01-01",
            source=f"corpus/{doc_id}.txt",
            sha256="ab" * 32,
            id=doc_id,
        ),
        text=text_,
        provisions=provs,
        references=refs,
        findings=(Finding("dangling-reference", "§ 2, stk. 1", "§ 3 findes ikke.", (30, 33)),),
        provenance=Provenance(path=f"corpus/{doc_id}.txt", format="txt", sha256="ab" * 32),
    )


OLD = make_doc("bek-old", "Borgeren skal have en sundhedskoordinator.", version=1)
NEW = make_doc("udkast-new", "Personen skal have klinisk funktion.", version=2)


def make_comparison(old: Document = OLD, new: Document = NEW) -> Comparison:
    return Comparison(
        old=old,
        new=new,
        pairs=(
            Pair("section", "§ 1", "§ 1", "changed", False, False, 0.5, "a b", "a c",
                 ((0, "a "), (-1, "b"), (1, "c")), False, "number", "sec_1", "sec_1", None,
                 "kapitel 1"),
            Pair("subsection", "§ 1, stk. 2, nr. 1", None, "deleted", False, False, 0.0,
                 "sundhedskoordinatoren,", "", ((-1, "sundhedskoordinatoren,"),), False),
            Pair("section", "§ 2", "§ 2", "unchanged", False, False, 1.0, "x", "x",
                 ((0, "x"),), True, group=1),
        ),
        term_changes=(TermChange("borgeren", "personen", 1),),
        findings=(Finding("note", "§ 1", "Omformuleret."),),
    )  # fmt: skip


LETTERS = (
    "Til STAR\n\nFH mener, at § 1, stk. 2 om borgernes inddragelse er for svag.\n"
    "FH støtter § 2.\n\nMed venlig hilsen\nFH\n"
    "KL\n\nKL har ingen bemærkninger til klinisk funktion i § 1.\n"
)


def make_consultation(*, drop_second: bool = False, extra: str = "") -> Consultation:
    """Two responses (FH with three comments, KL with one) linked to NEW (and OLD)."""
    fh_end = LETTERS.index("KL\n\n")
    c1 = Comment(
        "FH mener, at § 1, stk. 2 om borgernes inddragelse er for svag." + extra,
        (10, 70),
        "against",
        (
            Link("§ 1, stk. 2", "against", "explicit", 1.0, "§ 1, stk. 2", "sec_1__subsec_2",
                 (24, 35), "changed", "§ 1, stk. 2"),
            Link("§ 1, stk. 2, nr. 1", "previous", "quote", 0.7, "sundhedskoordinator"),
        ),
        "concern",
        id="1.1",
    )  # fmt: skip
    c2 = Comment(
        "FH støtter § 2.",
        (71, 86),
        "against",
        (Link("§ 2", "against", "explicit", 0.9, "§ 2", "sec_2", (82, 85), "unchanged", "§ 2"),),
        "support",
        heading="§ 2",
        id="1.2",
    )
    c3 = Comment("Med venlig hilsen", (88, 105), "general", id="1.3")
    kl = Comment(
        "KL har ingen bemærkninger til klinisk funktion i § 1.",
        (fh_end + 4, len(LETTERS) - 1),
        "against",
        (Link("§ 1", "against", "semantic", 0.4, "klinisk funktion", "sec_1"),),
        "neutral",
        id="2.1",
    )
    responses = (
        Response(
            "FH – Fagbevægelsens Hovedorganisation",
            "FH",
            "2026-02-18",
            ("Lizette Risgaard",),
            "MLJ",
            (c1, c3) if drop_second else (c1, c2, c3),
            (0, fh_end),
            source="letters.txt",
            metadata=(("footer", "Side 1 af 2"),),
            contacts=("mlj@fho.dk",),
        ),
        Response("KL", "KL", None, (), "", (kl,), (fh_end, len(LETTERS)), source="letters.txt"),
    )
    return Consultation(responses=responses, against=NEW.info, previous=OLD.info, text=LETTERS)


def make_bundle(consultation: Consultation | None = None, new: Document = NEW) -> Bundle:
    cons = consultation or make_consultation()
    return Bundle(
        documents=(
            StoredDocument(OLD, "order", "Den gamle"),
            StoredDocument(new, "draft", "Udkastet"),
        ),
        orders=(StoredOrder("raadgivning", "Rådgivning", (OLD.info.id, new.info.id)),),
        comparisons=(("raadgivning", make_comparison(OLD, new)),),
        consultations=(
            StoredConsultation(
                id="hoering",
                consultation=cons,
                responses_doc="svar",
                answers=new.info.id,
                previous=OLD.info.id,
                period="5.–18. februar 2026",
                consulted=("FH", "KL", "Danske Regioner"),
                title="Høring 2026",
                path="letters.txt",
            ),
        ),
    )


def store(engine: Engine, bundle: Bundle) -> None:
    with write_transaction(engine) as conn:
        write_bundle(conn, bundle)


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: the database's whole content."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in sch.metadata.sorted_tables:
            if table.name in ("schema_version", "login_attempts"):
                continue
            out[table.name] = sorted((tuple(r) for r in conn.execute(select(table))), key=repr)
        if engine.dialect.name == "sqlite":
            out[sch.SQLITE_FTS] = sorted(
                (tuple(r) for r in conn.execute(text(f"SELECT * FROM {sch.SQLITE_FTS}"))), key=repr
            )
    return out


@pytest.fixture
def filled(engine: Engine) -> Engine:
    store(engine, make_bundle())
    return engine


# ------------------------------------------------------------------ round trips


def test_models_round_trip(filled: Engine) -> None:
    assert load_document(filled, "bek-old") == OLD
    assert load_document(filled, "udkast-new") == NEW
    assert load_comparison(filled, "bek-old", "udkast-new") == make_comparison()
    assert load_consultation(filled, "hoering") == make_consultation()


def test_missing_ids_raise_not_found(filled: Engine) -> None:
    with pytest.raises(NotFound, match="findes ikke"):
        load_document(filled, "nope")
    with pytest.raises(NotFound):
        load_comparison(filled, "udkast-new", "bek-old")
    with pytest.raises(NotFound):
        load_consultation(filled, "nope")
    with pytest.raises(NotFound):
        get_response(filled, "hoering:9")
    with pytest.raises(NotFound):
        get_organisation(filled, "Ingen")
    with pytest.raises(NotFound):
        matrix(filled, "nope")
    with pytest.raises(NotFound):
        set_remark(filled, "hoering:9.9", "x", "me")
    assert issubclass(NotFound, LovdiffError)


def test_listings(filled: Engine) -> None:
    [order] = list_orders(filled)
    assert order["id"] == "raadgivning"
    assert [v["id"] for v in order["versions"]] == ["bek-old", "udkast-new"]
    assert order["versions"][0] == {
        "id": "bek-old",
        "title": "Bekendtgørelse om sundhedsfaglig rådgivning",
        "kind": "bekendtgørelse",
        "number": "2236",
        "date": "2021-12-29",
        "in_force": "2022-01-01",
    }
    assert order["comparisons"] == [{"old": "bek-old", "new": "udkast-new"}]
    docs = {d["id"]: d for d in list_documents(filled)}
    assert set(docs) == {"bek-old", "udkast-new"}
    assert docs["udkast-new"]["role"] == "draft"
    assert docs["udkast-new"]["n_provisions"] == len(NEW.provisions)
    assert docs["bek-old"]["orders"] == ["raadgivning"]
    [cons] = list_consultations(filled)
    assert cons == {
        "id": "hoering",
        "title": "Høring 2026",
        "answers": "udkast-new",
        "previous": "bek-old",
        "period": "5.–18. februar 2026",
        "consulted": ["FH", "KL", "Danske Regioner"],
        "responses_doc": "svar",
        "n_responses": 2,
        "n_comments": 4,
        "n_linked": 3,
    }


def test_counts_roll_up_and_match_comment_lists(filled: Engine) -> None:
    counts = comment_counts(filled, "udkast-new")
    # FH's c1 on § 1, stk. 2 and KL on § 1 -> § 1 has two; FH's c2 on § 2.
    assert counts["§ 1, stk. 2"] == 1
    assert counts["§ 1"] == 2
    assert counts["§ 2"] == 1
    assert counts["kapitel 1"] == 3
    assert "§ 1, stk. 1" not in counts
    for ref, n in counts.items():
        assert len(comments_for_provision(filled, "udkast-new", ref)) == n
    items = comments_for_provision(filled, "udkast-new", "§ 1")
    assert [c["short_name"] for c in items] == ["FH", "KL"]
    assert items[0]["ref"] == "§ 1, stk. 2"  # the link inside § 1
    assert items[1]["ref"] == "§ 1" and items[1]["basis"] == "semantic"
    assert items[0]["change"] == "changed" and items[0]["previous"] == "§ 1, stk. 2"
    # the previous-numbering link counts in the old version
    assert comment_counts(filled, "bek-old") == {
        "§ 1, stk. 2, nr. 1": 1,
        "§ 1, stk. 2": 1,
        "§ 1": 1,
        "kapitel 1": 1,
    }
    assert comments_for_provision(filled, "udkast-new", "§ 1, stk. 1") == []


def test_response_and_organisations(filled: Engine) -> None:
    resp = get_response(filled, "hoering:1")
    assert resp["organisation"] == "FH – Fagbevægelsens Hovedorganisation"
    assert resp["text"] == LETTERS[: LETTERS.index("KL\n\n")]
    assert resp["signatories"] == ["Lizette Risgaard"]
    assert resp["metadata"] == [["footer", "Side 1 af 2"]]
    assert [c["id"] for c in resp["comments"]] == ["hoering:1.1", "hoering:1.2", "hoering:1.3"]
    first = resp["comments"][0]
    assert first["span"] == [10, 70] and first["remark"] is None
    assert [lk["doc_id"] for lk in first["links"]] == ["udkast-new", "bek-old"]
    assert first["links"][0]["span"] == [24, 35]
    kl = get_response(filled, "hoering:2")
    assert kl["text"].startswith("KL\n\nKL har ingen")
    orgs = list_organisations(filled, "hoering")
    assert [(o["short_name"], o["n_comments"], o["n_linked"]) for o in orgs] == [
        ("FH", 3, 2),
        ("KL", 1, 1),
    ]
    assert list_organisations(filled) == orgs
    fh = get_organisation(filled, "FH")
    assert fh["n_comments"] == 3 and [r["id"] for r in fh["responses"]] == ["hoering:1"]


def test_matrix(filled: Engine) -> None:
    m = matrix(filled, "hoering")
    assert m["organisations"] == ["FH", "KL"]
    assert m["provisions"] == ["§ 1", "§ 2"]
    assert m["cells"] == {"FH": {"§ 1": 1, "§ 2": 1}, "KL": {"§ 1": 1}}
    assert m["general"] == {"FH": 1, "KL": 0}


def test_references_to(filled: Engine) -> None:
    incoming = references_to(filled, "udkast-new", "§ 1")
    assert [(r["source"], r["exact"]) for r in incoming] == [("§ 2, stk. 1", False)]
    exact = references_to(filled, "udkast-new", "§ 1, stk. 2")
    assert exact[0]["exact"] and exact[0]["span"] == [12, 23]
    assert references_to(filled, "udkast-new", "§ 4") == []  # external references never count


# ------------------------------------------------------------------ search


def test_search_stems_danish(filled: Engine) -> None:
    # "borgerens" matches "Borgeren" (old § 1, stk. 1), "borgerne" and "borgernes" (comment)
    found = search(filled, "borgerens")
    refs = {(p["doc_id"], p["ref"]) for p in found["provisions"]}
    assert ("bek-old", "§ 1, stk. 1") in refs
    assert ("udkast-new", "§ 1, stk. 2") in refs  # "inddrage borgerne"
    assert [c["comment_id"] for c in found["comments"]] == ["hoering:1.1"]
    assert found["comments"][0]["short_name"] == "FH"
    for hit in found["provisions"] + found["comments"]:
        assert hit["marks"], hit
        for start, end in hit["marks"]:
            assert hit["snippet"][start:end].lower().startswith("borger")


def test_search_syntax(filled: Engine) -> None:
    both = search(filled, '"klinisk funktion"')
    assert {c["comment_id"] for c in both["comments"]} == {"hoering:2.1"}
    assert ("udkast-new", "§ 1, stk. 1") in {(p["doc_id"], p["ref"]) for p in both["provisions"]}
    without = search(filled, "funktion -klinisk")
    assert without["comments"] == [] and without["provisions"] == []
    either = search(filled, "sundhedskoordinator or støtter")
    assert {c["comment_id"] for c in either["comments"]} == {"hoering:1.2"}
    assert search(filled, "   ") == {"provisions": [], "comments": []}
    assert search(filled, 'og "" -') == {"provisions": [], "comments": []}
    assert search(filled, "zzzyx") == {"provisions": [], "comments": []}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.lists(
        st.sampled_from(list("abø§ \"*-()^:+.,'\x00") + ["or", "AND", "NOT", "NEAR", "borger"]),
        max_size=12,
    ).map("".join)
)
def test_search_never_fails_on_odd_queries(filled: Engine, q: str) -> None:
    found = search(filled, q)
    assert set(found) == {"provisions", "comments"}
    for hit in found["provisions"] + found["comments"]:
        assert all(0 <= a < b <= len(hit["snippet"]) for a, b in hit["marks"])


def test_search_limit(filled: Engine) -> None:
    assert len(search(filled, "rådgivning", limit=1)["provisions"]) == 1


def test_stemmer_examples() -> None:
    assert {stem(w) for w in ("borger", "borgere", "borgeren", "borgerne", "borgernes")} == {"borg"}
    assert {stem(w) for w in ("person", "personer", "personen", "personerne")} == {"person"}
    assert stem("børn") == stem("barn")
    assert stem("kontakt") == stem("kontakten")
    assert [t for t, _s, _e in terms("§ 15 a, 2020")] == ["15", "a", "2020"]


@given(
    st.text(alphabet="abcæøå ÆØÅé§.,-\n", max_size=300),
    st.sampled_from(
        [("borger", "Borgerne"), ("personens", "person"), ("sag", "sagerne"), ("å", "Å")]
    ),
)
def test_snippet_marks_point_at_matching_words(body: str, forms: tuple[str, str]) -> None:
    query_word, inflected = forms
    query = parse_query(query_word)
    text_ = body + " " + inflected + " " + body
    snip, marks = snippet(text_, query, width=60)
    assert marks
    assert len(snip) <= 60 + 4
    for start, end in marks:
        assert 0 <= start < end <= len(snip)
        assert next(t for t, _s, _e in terms(snip[start:end])) in query.stems


# ------------------------------------------------------------------ the text boundary


def test_nul_and_surrogates_are_replaced_alike(engine: Engine) -> None:
    bad = "Personen\x00 skal\ud800 have klinisk funktion."
    doc = make_doc("udkast-new", bad, version=2)
    store(engine, make_bundle(new=doc))
    loaded = load_document(engine, "udkast-new")
    assert loaded == clean_doc(doc)
    assert "\x00" not in loaded.text and "\ud800" not in loaded.text
    assert len(loaded.text) == len(doc.text)  # spans still fit
    p = loaded.by_ref("§ 1, stk. 1")
    assert p is not None and loaded.text[p.span[0] : p.span[1]] == p.text
    assert p.text == "Personen\ufffd skal\ufffd have klinisk funktion."
    assert search(engine, "personen")["provisions"]


def clean_doc(doc: Document) -> Document:
    from lovdiff.models import document_from_dict, document_to_full_dict

    return document_from_dict(clean(document_to_full_dict(doc)))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.text(st.characters(exclude_categories=()), min_size=1, max_size=60))
def test_round_trip_any_text(engine: Engine, body: str) -> None:
    """Whatever the text (NUL, surrogates, any script), storing and loading gives the
    cleaned document back, on both backends."""
    doc = make_doc("udkast-new", body, version=2)
    store(engine, make_bundle(new=doc))
    assert load_document(engine, "udkast-new") == clean_doc(doc)


# ------------------------------------------------------------------ idempotence, atomicity


def test_writing_twice_changes_nothing(filled: Engine) -> None:
    before = dump(filled)
    version = data_version(filled)
    store(filled, make_bundle())
    assert dump(filled) == before
    assert data_version(filled) == version
    set_remark(filled, "hoering:1.1", "Noteret.", "a")
    assert data_version(filled) == version  # remarks are not ingested data
    store(filled, make_bundle(make_consultation(extra=" Mere.")))
    assert data_version(filled) != version
    assert sum(len(rows) for rows in before.values()) > 40


def test_rewrite_replaces_derived_rows_and_keeps_remarks(filled: Engine) -> None:
    set_remark(filled, "hoering:1.1", "Imødekommet delvist.", "star-jurist")
    set_remark(filled, "hoering:1.2", "Taget til efterretning.", "star-jurist")
    remark = get_remark(filled, "hoering:1.1")
    assert remark is not None and remark["text"] == "Imødekommet delvist."
    assert remark["outdated"] is False
    store(filled, make_bundle())  # same content: the remark still fits its comment
    assert get_remark(filled, "hoering:1.1")["outdated"] is False  # type: ignore[index]
    assert remark["author"] == "star-jurist" and remark["updated_at"].endswith("+00:00")
    # FH's second comment disappears; the first one changes its text.
    store(filled, make_bundle(make_consultation(drop_second=True, extra=" Det bør ændres.")))
    resp = get_response(filled, "hoering:1")
    assert [c["id"] for c in resp["comments"]] == ["hoering:1.1", "hoering:1.3"]
    assert resp["comments"][0]["text"].endswith("Det bør ændres.")
    assert resp["comments"][0]["remark"]["text"] == "Imødekommet delvist."
    assert resp["comments"][0]["remark"]["outdated"] is True  # the comment's text changed
    kept = get_remark(filled, "hoering:1.2")  # the remark stays, its comment is gone
    assert kept is not None and kept["text"] == "Taget til efterretning." and kept["outdated"]
    assert comment_counts(filled, "udkast-new").get("§ 2") is None
    assert [c["comment_id"] for c in search(filled, "ændres")["comments"]] == ["hoering:1.1"]
    assert search(filled, "støtter")["comments"] == []
    [cons] = list_consultations(filled)
    assert cons["n_comments"] == 3
    # overwriting a remark
    set_remark(filled, "hoering:1.1", "Ikke imødekommet.", "chef")
    assert get_remark(filled, "hoering:1.1") == {
        "comment_id": "hoering:1.1",
        "text": "Ikke imødekommet.",
        "author": "chef",
        "updated_at": get_remark(filled, "hoering:1.1")["updated_at"],  # type: ignore[index]
        "outdated": False,
    }
    assert comments_for_provision(filled, "udkast-new", "§ 1")[0]["remark"]["author"] == "chef"
    # the drafter clears it
    set_remark(filled, "hoering:1.1", "  ", "chef")
    assert get_remark(filled, "hoering:1.1") is None
    assert get_response(filled, "hoering:1")["comments"][0]["remark"] is None


def test_consultation_of_several_files_round_trips(engine: Engine) -> None:
    base = make_consultation()
    fh, kl = base.responses
    files = (("svar/fh.txt", LETTERS[: kl.span[0]]), ("svar/kl.txt", LETTERS[kl.span[0] :]))
    kl_moved = replace(
        kl,
        source="svar/kl.txt",
        span=(0, len(files[1][1])),
        comments=tuple(
            replace(c, span=(c.span[0] - kl.span[0], c.span[1] - kl.span[0])) for c in kl.comments
        ),
    )
    cons = replace(
        base,
        responses=(replace(fh, source="svar/fh.txt"), kl_moved),
        text="",
        sources=files,
    )
    store(engine, make_bundle(cons))
    assert load_consultation(engine, "hoering") == cons
    assert get_response(engine, "hoering:2")["text"] == files[1][1]
    assert get_response(engine, "hoering:1")["text"] == files[0][1]


def test_failure_midway_rolls_back(filled: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    set_remark(filled, "hoering:1.1", "Bemærkning", "a")
    before = dump(filled)
    changed = make_doc("udkast-new", "Helt ny tekst om arbejdsmarkedet.", version=2)

    def boom(conn: Any, stored: Any) -> None:
        raise RuntimeError("injected failure after documents, orders and comparisons")

    monkeypatch.setattr(store_write, "put_consultation", boom)
    with pytest.raises(RuntimeError, match="injected"):
        store(filled, make_bundle(make_consultation(drop_second=True), new=changed))
    assert dump(filled) == before
    assert load_document(filled, "udkast-new") == NEW


# ------------------------------------------------------------------ accounts


def test_users_and_rate_limit(engine: Engine, db_url: str) -> None:
    create_user("jurist", "hemmeligt-ord", url=db_url)
    with pytest.raises(LovdiffError, match="findes allerede"):
        create_user("jurist", "andet-ord-123", url=db_url)
    with pytest.raises(LovdiffError, match="mindst 8"):
        create_user("kort", "abc", url=db_url)
    with pytest.raises(LovdiffError, match="tomt"):
        create_user("  ", "hemmeligt-ord", url=db_url)
    with engine.connect() as conn:
        stored = conn.execute(select(sch.users.c.password_hash)).scalar_one()
    assert "hemmeligt-ord" not in stored
    assert check_login(engine, "jurist", "hemmeligt-ord", "10.0.0.1")
    assert not check_login(engine, "jurist", "forkert", "10.0.0.1")
    assert not check_login(engine, "ukendt", "hemmeligt-ord", "10.0.0.9")
    for _ in range(4):
        assert not check_login(engine, "jurist", "forkert", "10.0.0.2")
    # five failures for the user name: refused even with the right password, anywhere
    assert login_blocked(engine, "jurist", "10.0.0.3")
    assert not check_login(engine, "jurist", "hemmeligt-ord", "10.0.0.3")
    # another user from a clean address is not affected
    create_user("chef", "chefens-ord", url=db_url)
    assert check_login(engine, "chef", "chefens-ord", "10.0.0.4")
    # an address with five failures is refused for every user name
    for i in range(5):
        check_login(engine, f"gæt{i}", "x", "10.0.0.66")
    assert not check_login(engine, "chef", "chefens-ord", "10.0.0.66")


def test_rate_limit_window_expires(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lovdiff.store.accounts as accounts

    create_user("jurist", "hemmeligt-ord", url=db_url)
    clock = [1_000_000.0]
    monkeypatch.setattr(accounts.time, "time", lambda: clock[0])
    for _ in range(5):
        check_login(engine, "jurist", "forkert", "10.0.0.1")
    assert not check_login(engine, "jurist", "hemmeligt-ord", "10.0.0.1")
    clock[0] += accounts.LOGIN_WINDOW + 1
    assert check_login(engine, "jurist", "hemmeligt-ord", "10.0.0.1")


# ------------------------------------------------------------------ migrations and engines


def test_upgrade_from_version_1(db_url: str) -> None:
    """A database at schema version 1 (no search index, no accounts) with data in it is
    upgraded on first use, and the new index covers the old rows."""
    raw = create_engine(db_url)
    with raw.begin() as conn:
        assert migrate(conn, target=1) == 1
        conn.execute(
            sch.documents.insert().values(
                id="gammel", role="order", kind="bekendtgørelse", title="Gammel",
                corpus_title="", number=None, date=None, in_force=None, source="x.txt",
                sha256="", format="txt", n_provisions=1, n_findings=0,
                data=store_write.dumps(
                    {"document": {"title": "Gammel", "kind": "bekendtgørelse", "id": "gammel"},
                     "provisions": [], "references": [], "findings": [], "provenance": None}
                ),
                text="Borgerne har ret til aktindsigt.",
            )
        )  # fmt: skip
        conn.execute(
            sch.provisions.insert().values(
                doc_id="gammel", position=0, eid="sec_1", ref="§ 1", kind="section",
                label="§ 1.", num="1", heading="", text="Borgerne har ret til aktindsigt.",
                parent=None, chapter=None, span_start=0, span_end=32, line=1, page=None,
            )
        )  # fmt: skip
        conn.execute(
            sch._remarks_v1.insert().values(
                comment_id="h:1.1", text="Gammel bemærkning", author="a", updated_at="2025"
            )
        )
    with raw.connect() as conn:
        assert sch.current_version(conn) == 1
        assert not inspect(conn).has_table("users")
        assert "comment_text" not in {c["name"] for c in inspect(conn).get_columns("remarks")}
    raw.dispose()
    engine = get_engine(db_url)
    with engine.connect() as conn:
        assert sch.current_version(conn) == len(MIGRATIONS)
        versions = conn.execute(select(sch.schema_version.c.version)).scalars().all()
        assert sorted(versions) == list(range(1, len(MIGRATIONS) + 1))
        assert inspect(conn).has_table("users")
    assert search(engine, "aktindsigten")["provisions"][0]["doc_id"] == "gammel"
    assert load_document(engine, "gammel").provisions == ()
    with engine.connect() as conn:
        backfilled = conn.execute(select(sch.digests.c.kind, sch.digests.c.id)).all()
    assert backfilled == [("document", "gammel")]
    assert get_remark(engine, "h:1.1") == {
        "comment_id": "h:1.1",
        "text": "Gammel bemærkning",
        "author": "a",
        "updated_at": "2025",
        "outdated": False,
    }
    # running the migrations again is a no-op
    with write_transaction(engine) as conn:
        assert migrate(conn) == len(MIGRATIONS)


def test_engine_is_cached_and_sqlite_configured(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOVDIFF_DATABASE_URL", raising=False)
    monkeypatch.setenv("LOVDIFF_INSTANCE", str(tmp_path / "inst"))
    engine = get_engine()
    assert engine is get_engine()
    assert (tmp_path / "inst" / "lovdiff.sqlite3").exists()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_bad_database_url_is_a_clear_error(tmp_path: Any) -> None:
    with pytest.raises(LovdiffError, match="ugyldig database-URL"):
        get_engine("ikke en url")
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    with pytest.raises(LovdiffError, match="kan ikke åbne databasen"):
        get_engine(f"sqlite:///{blocker}/under/db.sqlite3")


def test_url_forms(tmp_path: Any) -> None:
    with pytest.raises(LovdiffError, match="understøttes ikke: brug SQLite"):
        get_engine("mysql://bruger@vært/db")
    memory = get_engine("sqlite://")
    store(memory, make_bundle())
    assert load_document(memory, "bek-old") == OLD  # one database across connections


def test_postgres_url_without_driver_uses_psycopg(pg_url: str) -> None:
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    assert plain != pg_url
    engine = get_engine(plain)
    assert engine.dialect.driver == "psycopg"
    store(engine, make_bundle())
    assert [o["id"] for o in list_orders(engine)] == ["raadgivning"]


def test_clean_text_keeps_length() -> None:
    s = "a\x00b\ud83dc\udc00"
    assert clean_text(s) == "a\ufffdb\ufffdc\ufffd"
    assert clean({"k\x00": ["x\x00", ("y",), 3]}) == {"k\ufffd": ["x\ufffd", ["y"], 3]}
