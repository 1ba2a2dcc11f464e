"""The viewer's security (issue 6), tried against the app with Flask's test client.

A small in-memory store double holds hostile content (a comment with ``<script>``, an
organisation name with quotes and angle brackets, a ``javascript:`` URL in a letter), so
these tests do not depend on the parser or linker recognising such a letter.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lovdiff.errors import LovdiffError
from lovdiff.models import (
    Comment,
    Comparison,
    Consultation,
    Document,
    DocumentInfo,
    Link,
    Pair,
    Provision,
    Response,
)

EVIL_ORG = 'Foreningen "Ret & Vrang" <b>fed</b>'
EVIL_SHORT = 'R&V/A/S "ja"'
EVIL_TEXT = "<script>alert('xss')</script> Vi er imod § 1, stk. 1. javascript:alert(1)"
EMAIL = "anna.jensen@forening.dk"
LETTER = (
    f"Til STAR\n\n{EVIL_TEXT}\n\nMed venlig hilsen\n<img src=x onerror=alert(2)>\n"
    f"Anna Jensen, {EMAIL}, tlf. 21 43 65 87\n"
)


def _prov(ref: str, eid: str, kind: Any, label: str, num: str, text: str, parent: str | None):
    return Provision(ref, eid, kind, label, num, "", text, parent, (0, 0))


def _doc(doc_id: str, kind: str, year: str, text: str) -> Document:
    provs = (
        Provision(
            "kapitel 1", "chp_1", "chapter", "Kapitel 1", "1", "Om <em>alt</em>", "", None, (0, 0)
        ),
        _prov("§ 1", "sec_1", "section", "§ 1.", "1", "", "chp_1"),
        _prov("§ 1, stk. 1", "sec_1__subsec_1", "subsection", "", "1", text, "sec_1"),
    )
    info = DocumentInfo(title=f"Bekendtgørelse {year}", kind=kind, date=f"{year}-01-01", id=doc_id)
    return Document(info=info, text=text, provisions=provs)


class NotFound(LovdiffError):
    """As ``lovdiff.store.NotFound``."""


class FakeStore:
    """The store's read/write API over fixed records (shapes as in lovdiff.store)."""

    NotFound = NotFound

    def __init__(self) -> None:
        self.old = _doc("gammel", "bekendtgørelse", "2020", "Borgeren skal høres.")
        self.new = _doc("ny", "udkast", "2026", "Personen skal høres <straks>.")
        pairs = (
            Pair(
                "chapter",
                "kapitel 1",
                "kapitel 1",
                "unchanged",
                False,
                False,
                1.0,
                "",
                "",
                (),
                False,
                chapter="kapitel 1",
            ),
            Pair(
                "section",
                "§ 1",
                "§ 1",
                "changed",
                False,
                False,
                0.5,
                "",
                "",
                (),
                False,
                chapter="kapitel 1",
            ),
            Pair(
                "subsection",
                "§ 1, stk. 1",
                "§ 1, stk. 1",
                "changed",
                False,
                False,
                0.5,
                self.old.provisions[2].text,
                self.new.provisions[2].text,
                ((-1, "Borgeren"), (1, "Personen"), (0, " skal høres"), (1, " <straks>"), (0, ".")),
                False,
                chapter="kapitel 1",
            ),
        )
        self.cmp = Comparison(self.old, self.new, pairs)
        link = Link(
            "§ 1, stk. 1",
            "against",
            "explicit",
            0.9,
            "§ 1, stk. 1",
            change="changed",
            previous="§ 1, stk. 1",
        )
        start = LETTER.index(EVIL_TEXT)
        comments = (
            Comment(
                EVIL_TEXT, (start, start + len(EVIL_TEXT)), "against", (link,), "concern", id="1.1"
            ),
            Comment(
                "Om sygedagpenge <i>x</i>",
                (0, 8),
                "other",
                about="bekendtgørelse om sygedagpenge",
                id="1.2",
            ),
        )
        self.resp = Response(
            EVIL_ORG,
            EVIL_SHORT,
            "2026-02-18",
            ("Anna <A>",),
            'ref"1',
            comments,
            (0, len(LETTER)),
            contacts=(EMAIL,),
        )
        self.cons = Consultation((self.resp,), self.new.info, self.old.info, text=LETTER)
        self.remarks: dict[str, dict[str, str]] = {}
        self.failures: dict[str, int] = {}

    def get_engine(self, url: str | None = None) -> str:
        return "fake-engine"

    def list_orders(self, engine: Any) -> list[dict[str, Any]]:
        versions = [
            {
                "id": d.info.id,
                "title": d.info.title,
                "kind": d.info.kind,
                "number": None,
                "date": d.info.date,
                "in_force": None,
            }
            for d in (self.old, self.new)
        ]
        return [
            {
                "id": "o",
                "title": "Bekendtgørelse om <noget>",
                "versions": versions,
                "comparisons": [{"old": "gammel", "new": "ny"}],
            }
        ]

    def list_documents(self, engine: Any) -> list[dict[str, Any]]:
        return [
            {"id": d.info.id, "title": d.info.title, "kind": d.info.kind, "date": d.info.date}
            for d in (self.old, self.new)
        ]

    def list_consultations(self, engine: Any) -> list[dict[str, Any]]:
        return [
            {
                "id": "h",
                "answers": "ny",
                "previous": "gammel",
                "period": "1.–2. februar",
                "n_responses": 1,
                "n_comments": 2,
                "n_linked": 1,
                "consulted": [EVIL_ORG],
            }
        ]

    def load_document(self, engine: Any, doc_id: str) -> Document:
        docs = {"gammel": self.old, "ny": self.new}
        if doc_id not in docs:
            raise NotFound(doc_id)
        return docs[doc_id]

    def load_comparison(self, engine: Any, old_id: str, new_id: str) -> Comparison:
        if (old_id, new_id) != ("gammel", "ny"):
            raise NotFound(old_id)
        return self.cmp

    def load_consultation(self, engine: Any, cons_id: str) -> Consultation:
        return self.cons

    def comment_counts(self, engine: Any, doc_id: str) -> dict[str, int]:
        return {"§ 1, stk. 1": 1, "§ 1": 1, "kapitel 1": 1} if doc_id == "ny" else {}

    def comments_for_provision(self, engine: Any, doc_id: str, ref: str) -> list[dict[str, Any]]:
        if doc_id != "ny" or ref not in ("§ 1, stk. 1", "§ 1", "kapitel 1"):
            return []
        return [
            {
                "comment_id": "h:1.1",
                "organisation": EVIL_ORG,
                "short_name": EVIL_SHORT,
                "response_id": "h:1",
                "stance": "concern",
                "text": EVIL_TEXT,
                "heading": "",
                "basis": "explicit",
                "confidence": 0.9,
                "evidence": "<§ 1>",
                "change": "changed",
                "previous": "§ 1, stk. 1",
                "remark": self.get_remark(engine, "h:1.1"),
            }
        ]

    def get_response(self, engine: Any, response_id: str) -> dict[str, Any]:
        if response_id != "h:1":
            raise NotFound(response_id)
        d = self.resp.to_dict()
        d.update(id="h:1", consultation="h", text=LETTER)
        for c, cid in zip(d["comments"], ("h:1.1", "h:1.2"), strict=True):
            c["id"] = cid
            c["remark"] = self.get_remark(engine, cid)
        return d

    def list_organisations(self, engine: Any, cons_id: str | None = None) -> list[dict[str, Any]]:
        return [
            {
                "organisation": EVIL_ORG,
                "short_name": EVIL_SHORT,
                "response_id": "h:1",
                "consultation": "h",
                "date": "2026-02-18",
                "n_comments": 2,
            }
        ]

    def get_organisation(self, engine: Any, short_name: str) -> dict[str, Any]:
        if short_name != EVIL_SHORT:
            raise NotFound(short_name)
        return {
            "organisation": EVIL_ORG,
            "short_name": EVIL_SHORT,
            "responses": [{"id": "h:1", "consultation": "h", "date": "2026-02-18"}],
        }

    def matrix(self, engine: Any, cons_id: str) -> dict[str, Any]:
        return {
            "organisations": [EVIL_SHORT],
            "provisions": ["§ 1, stk. 1"],
            "cells": {EVIL_SHORT: {"§ 1, stk. 1": 1}},
        }

    def search(self, engine: Any, q: str, limit: int = 50) -> dict[str, Any]:
        return {
            "provisions": [{"doc_id": "ny", "ref": "§ 1, stk. 1", "snippet": "<b>" + q + "</b>"}],
            "comments": [
                {
                    "comment_id": "h:1.1",
                    "organisation": EVIL_ORG,
                    "response_id": "h:1",
                    "snippet": EVIL_TEXT,
                }
            ],
        }

    def set_remark(self, engine: Any, comment_id: str, text: str, author: str) -> None:
        if comment_id not in ("h:1.1", "h:1.2"):
            raise NotFound(comment_id)
        self.remarks[comment_id] = {"text": text, "author": author}

    def get_remark(self, engine: Any, comment_id: str) -> dict[str, str] | None:
        return self.remarks.get(comment_id)

    def login_blocked(self, engine: Any, username: str, remote_addr: str) -> bool:
        return self.failures.get(username, 0) >= 5

    def check_login(self, engine: Any, username: str, password: str, remote_addr: str) -> bool:
        if self.login_blocked(engine, username, remote_addr):
            return False
        if username == "anna" and password == "rigtig-kode":
            self.failures[username] = 0
            return True
        self.failures[username] = self.failures.get(username, 0) + 1
        return False


@pytest.fixture()
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture()
def client(store: FakeStore, tmp_path: Any):  # type: ignore[no-untyped-def]
    from lovdiff.viewer import create_app

    app = create_app({"TESTING": True, "STORE": store, "SECRET_KEY": "test-key"})
    return app.test_client()


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field in the page"
    return m.group(1)


def _login(client: Any, password: str = "rigtig-kode") -> Any:
    page = client.get("/login").get_data(as_text=True)
    return client.post(
        "/login",
        data={"username": "anna", "password": password, "csrf_token": _csrf(page), "next": "/"},
    )


PAGES = [
    "/",
    "/sammenlign/gammel/ny",
    "/dokument/ny",
    "/dokument/ny/p1-stk1",
    "/hoering/h",
    "/hoering/h/matrix",
    "/organisationer",
    '/organisation/R&V/A/S "ja"',
    "/svar/h:1",
    "/soeg?q=<script>x</script>",
    "/login",
]


@pytest.mark.parametrize("url", PAGES)
def test_hostile_text_is_escaped_everywhere(client: Any, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 200, url
    html = resp.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<script>x</script>" not in html
    assert "<b>fed</b>" not in html
    assert "<img src=x" not in html
    assert "<em>alt</em>" not in html
    assert "<straks>" not in html
    # every script tag is an external file from our own static folder
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert re.fullmatch(r'<script src="/static/[\w.]+" defer>', tag), tag
    assert 'href="javascript:' not in html.lower() and 'src="data:' not in html.lower()
    for tag in re.findall(r"<[a-zA-Z][^>]*>", html):
        assert " style=" not in tag  # CSP style-src 'self' forbids inline styles
        assert re.search(r"\son[a-z]+=", tag) is None, tag  # no inline event handlers


def test_hostile_text_is_shown_escaped(client: Any) -> None:
    html = client.get("/dokument/ny/p1-stk1").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in html
    assert "Foreningen &#34;Ret &amp; Vrang&#34; &lt;b&gt;fed&lt;/b&gt;" in html
    letter = client.get("/svar/h:1").get_data(as_text=True)
    assert (
        '<mark id="k-h:1.1"' in letter
        and '<span class="mark-no">1</span>' in letter
        and "&lt;img src=x onerror=alert(2)&gt;" in letter
    )
    # the diff markup is built from escaped text
    cmp = client.get("/sammenlign/gammel/ny").get_data(as_text=True)
    assert "<ins> &lt;straks&gt;</ins>" in cmp and "<del>Borgeren</del>" in cmp


def test_security_headers_on_every_response(client: Any) -> None:
    for url in ["/", "/svar/h:1", "/findes-ikke", "/static/lovdiff.css", "/index.json"]:
        resp = client.get(url)
        csp = resp.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["X-Frame-Options"] == "DENY"
        assert resp.headers["Referrer-Policy"]
        resp.close()


def test_session_cookie_flags(client: Any) -> None:
    resp = client.get("/login")
    cookie = resp.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_secure_cookie_when_configured(store: FakeStore) -> None:
    from lovdiff.viewer import create_app

    app = create_app({"STORE": store, "SECRET_KEY": "k", "SESSION_COOKIE_SECURE": True})
    cookie = app.test_client().get("/login").headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_post_without_csrf_token_is_400(client: Any) -> None:
    assert _login(client).status_code == 302
    resp = client.post("/kommentar/h:1.1/bemaerkning", data={"remark": "ok", "next": "/"})
    assert resp.status_code == 400
    bad = client.post(
        "/kommentar/h:1.1/bemaerkning", data={"remark": "ok", "csrf_token": "forkert"}
    )
    assert bad.status_code == 400
    # the login form itself needs the token too
    assert client.post("/login", data={"username": "anna", "password": "x"}).status_code == 400


def test_post_without_login_redirects_to_login(client: Any, store: FakeStore) -> None:
    token = _csrf(client.get("/login").get_data(as_text=True))
    resp = client.post(
        "/kommentar/h:1.1/bemaerkning",
        data={"remark": "ok", "csrf_token": token, "next": "/dokument/ny/p1-stk1"},
    )
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/login")
    assert store.remarks == {}


def test_remark_is_stored_and_shown(client: Any, store: FakeStore) -> None:
    assert _login(client).status_code == 302
    page = client.get("/dokument/ny/p1-stk1").get_data(as_text=True)
    assert 'name="remark"' in page and '<label for="remark-h:1.1">' in page
    resp = client.post(
        "/kommentar/h:1.1/bemaerkning",
        data={
            "remark": "Imødekommes <delvist>.",
            "csrf_token": _csrf(page),
            "next": "/dokument/ny/p1-stk1",
        },
    )
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/dokument/ny/p1-stk1#k-h:1.1"
    assert store.remarks["h:1.1"] == {"text": "Imødekommes <delvist>.", "author": "anna"}
    html = client.get("/dokument/ny/p1-stk1").get_data(as_text=True)
    assert "Imødekommes &lt;delvist&gt;." in html


def test_remark_redirect_stays_on_site(client: Any) -> None:
    _login(client)
    token = _csrf(client.get("/svar/h:1").get_data(as_text=True))
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        resp = client.post(
            "/kommentar/h:1.1/bemaerkning",
            data={"remark": "x", "csrf_token": token, "next": evil},
        )
        assert resp.status_code == 302
        assert resp.headers["Location"].startswith("/") and "evil" not in resp.headers["Location"]


def test_sixth_wrong_password_is_refused(client: Any) -> None:
    for _ in range(5):
        assert _login(client, "forkert").status_code == 401
    resp = _login(client, "rigtig-kode")
    assert resp.status_code == 401
    assert "For mange forsøg" in resp.get_data(as_text=True)


def test_login_and_logout(client: Any) -> None:
    resp = _login(client)
    assert resp.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Logget ind som <strong>anna</strong>" in home
    # logging out needs POST with the token
    assert client.get("/logout").status_code == 405
    resp = client.post("/logout", data={"csrf_token": _csrf(home), "next": "/"})
    assert resp.status_code == 302
    assert "Log ind" in client.get("/").get_data(as_text=True)


def test_secret_key_persisted_in_instance_folder(
    store: FakeStore, tmp_path: Any, monkeypatch: Any
) -> None:
    from lovdiff.viewer import create_app

    monkeypatch.delenv("LOVDIFF_SECRET_KEY", raising=False)
    monkeypatch.setenv("LOVDIFF_INSTANCE", str(tmp_path))
    a = create_app({"STORE": store}).config["SECRET_KEY"]
    assert a
    b = create_app({"STORE": store}).config["SECRET_KEY"]
    assert a == b  # survives a restart
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == a and key_file.stat().st_mode & 0o077 == 0
    monkeypatch.setenv("LOVDIFF_SECRET_KEY", "from-env")
    assert create_app({"STORE": store}).config["SECRET_KEY"] == "from-env"


def test_json_twins_escape_nothing_but_are_json(client: Any) -> None:
    resp = client.get("/svar/h:1.json")
    assert resp.mimetype == "application/json"
    assert resp.get_json()["organisation"] == EVIL_ORG
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_personal_contacts_hidden_from_readers_not_drafters(client: Any) -> None:
    assert "21 43 65 87" in LETTER
    for url in ("/svar/h:1", "/svar/h:1.json", '/organisation/R&V/A/S "ja".json'):
        body = client.get(url).get_data(as_text=True)
        assert EMAIL not in body and "21 43 65 87" not in body, url
        assert "[fjernet]" in body, url
    _login(client)
    assert EMAIL in client.get("/svar/h:1").get_data(as_text=True)
    assert EMAIL in client.get("/svar/h:1.json").get_json()["text"]


def test_jump_box_goes_to_the_row(client: Any) -> None:
    resp = client.get("/sammenlign/gammel/ny/gaa-til?p=§1 stk. 1")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/sammenlign/gammel/ny#r-p1-stk1"
    page = client.get("/sammenlign/gammel/ny").get_data(as_text=True)
    assert 'id="r-p1-stk1"' in page
    # anything else opens the comparison, saying what was not found (escaped), never an
    # external or script URL
    assert client.get("/sammenlign/gammel/ny/gaa-til?p=").headers["Location"] == (
        "/sammenlign/gammel/ny"
    )
    for junk in ("javascript:alert(1)", "//evil.example", "§ 99", "<b>x</b>"):
        resp = client.get("/sammenlign/gammel/ny/gaa-til", query_string={"p": junk})
        location = resp.headers["Location"]
        assert location.startswith("/sammenlign/gammel/ny?ikke_fundet="), location
        page = client.get(location).get_data(as_text=True)
        assert "findes ikke i" in page and "<b>x</b>" not in page


def test_unknown_ids_are_404(client: Any) -> None:
    for url in ("/sammenlign/x/y", "/dokument/x", "/dokument/ny/p99", "/svar/x", "/hoering/x"):
        resp = client.get(url)
        assert resp.status_code == 404, url
        assert "Siden findes ikke" in resp.get_data(as_text=True)
    assert client.get("/sammenlign/gammel/ny/hent/exe").status_code == 404


# --------------------------------------------------------------------------- escaping helpers

_OUR_TAGS = re.compile(
    r'</?(?:del|ins|mark)(?: [a-z]+="[^"<>]*")*>|<span class="mark-no">\d*</span>'
)


def _strip_ours(markup: str) -> str:
    import html

    rest = _OUR_TAGS.sub("", markup)
    assert "<" not in rest and ">" not in rest, rest
    return html.unescape(rest)


@given(st.lists(st.tuples(st.sampled_from([-1, 0, 1]), st.text(min_size=1)), max_size=8))
def test_diff_markup_escapes_and_keeps_every_character(ops: list[tuple[int, str]]) -> None:
    from lovdiff.export.safe import xml_text
    from lovdiff.viewer.render import diff_side

    # the exports' diff_html drops characters HTML/XML cannot hold (control characters)
    ops = [(op, t) for op, t in ops if xml_text(t) == t]
    old = "".join(t for op, t in ops if op <= 0)
    new = "".join(t for op, t in ops if op >= 0)
    assert _strip_ours(str(diff_side(ops, "old"))) == old
    assert _strip_ours(str(diff_side(ops, "new"))) == new


@given(
    st.text(max_size=80),
    st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=5),
)
def test_letter_and_search_markup_escape_and_keep_the_text(
    text: str, spans: list[tuple[int, int]]
) -> None:
    from lovdiff.viewer.render import letter_markup, marked

    marks = [(a, b, f"k-{i}", "comment") for i, (a, b) in enumerate(spans)]
    assert _strip_ours(str(letter_markup(text, marks))) == text
    assert _strip_ours(str(marked(text, [(max(a, 0), max(b, 0)) for a, b in spans]))) == text


def test_comparisons_are_cached_until_the_data_changes(store: FakeStore, client: Any) -> None:
    calls = []
    load = store.load_comparison

    def counting(engine: Any, old_id: str, new_id: str) -> Comparison:
        calls.append((old_id, new_id))
        return load(engine, old_id, new_id)

    store.load_comparison = counting  # type: ignore[method-assign]
    for _ in range(3):
        assert client.get("/sammenlign/gammel/ny").status_code == 200
        assert client.get("/dokument/ny/p1-stk1").status_code == 200
    assert calls == [("gammel", "ny")]
    # a re-ingest changes a document's hash: the next request loads afresh
    docs = store.list_documents

    def changed(engine: Any) -> list[dict[str, Any]]:
        return [{**d, "sha256": "ny-hash"} for d in docs(engine)]

    store.list_documents = changed  # type: ignore[method-assign]
    assert client.get("/sammenlign/gammel/ny").status_code == 200
    assert calls == [("gammel", "ny")] * 2


def test_login_link_on_the_login_page_keeps_its_target(client: Any) -> None:
    page = client.get("/login?next=/hoering/h").get_data(as_text=True)
    assert 'href="/login?next=/hoering/h"' in page
    assert "next=/login" not in page and "next=%2Flogin" not in page


def test_citation_search_redacts_before_it_shortens(
    client: Any, store: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phone number cut at the snippet's end ('21 43 65 …') no longer matches the phone
    patterns, so redaction must come first."""
    text = "Ord " * 50 + "ring tlf. 21 43 65 87 for mere."  # cut after "65"
    original = store.comments_for_provision

    def with_phone(engine: Any, doc_id: str, ref: str) -> list[dict[str, Any]]:
        return [{**c, "text": text, "consultation": "h"} for c in original(engine, doc_id, ref)]

    monkeypatch.setattr(store, "comments_for_provision", with_phone)
    body = client.get("/soeg?q=§ 1, stk. 1").get_data(as_text=True)
    assert "Ord Ord ring" in body  # the comment is there ...
    assert "21 43" not in body  # ... without the number, whole or cut
