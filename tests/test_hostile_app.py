"""A hostile consultation, end to end: ingested for real, served, browsed and downloaded.

Two letters written the way an attacker would (markup and script in the organisation's name,
formula injection, NUL bytes, a ``javascript:`` link, a 40,000-character paragraph) answer
the 2026 draft. They go through ``lovdiff ingest`` into SQLite and PostgreSQL, and every
page of the viewer and every download is checked: nothing the sender wrote runs or computes,
nothing is lost; the same checks run on both backends.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from lxml import html as lxml_html

from conftest import CORPUS, manifest
from lovdiff.store import ingest_paths
from lovdiff.viewer import create_app
from test_store import pg_url  # noqa: F401 - a fixture

LONG = "Lang " + "tekst " * 6_700 + "slut."  # over Excel's 32,767 characters per cell
SCRIPT = "<script>alert(1)</script>"
LETTERS = f"""

Den 3. marts 2026

Høringssvar fra {SCRIPT} A/S

{SCRIPT} A/S har følgende bemærkninger til § 8, stk. 4.

Vi foreslår =HYPERLINK("http://angriber.example","klik her") i stedet for kontakt, se
javascript:alert(2) og <img src=x onerror=alert(3)>. Tekst\x00med NUL-tegn.

{LONG}

Med venlig hilsen

Hans "<b>fed</b>" Hansen
{SCRIPT} A/S



Den 4. marts 2026

Høringssvar fra =cmd|' /C calc'!A0 Kommune

=cmd|' /C calc'!A0 Kommune bemærker til § 19, stk. 4, at +SUM(1;2) og @fejl og -1+1 ikke hører
hjemme i en bekendtgørelse.

Med venlig hilsen

Grete Jensen
=cmd|' /C calc'!A0 Kommune
"""


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


def hostile_corpus(folder: Path) -> Path:
    folder.mkdir()
    m = manifest()
    docs = [dict(d) for d in m["documents"] if d["id"] in ("bek-2020", "udkast-2026")]
    for d in docs:
        shutil.copyfile(CORPUS / d["file"], folder / d["file"])
    data = LETTERS.encode("utf-8")
    (folder / "svar.txt").write_bytes(data)
    docs.append(
        {
            "id": "ondt",
            "file": "svar.txt",
            "kind": "responses",
            "title": f"Svar {SCRIPT}",
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    )
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "documents": docs,
                "orders": m["orders"],
                "consultations": [
                    {
                        "id": "h",
                        "responses": "ondt",
                        "answers": "udkast-2026",
                        "previous": "bek-2020",
                        "title": f"Høring {SCRIPT}",
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return folder


@pytest.fixture()
def client(url: str, tmp_path: Path) -> Any:
    ingest_paths([hostile_corpus(tmp_path / "c")], url=url, progress=False)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "t", "TESTING": True})
    return app.test_client()


def crawl(client: Any) -> dict[str, str]:
    """Every page reachable from the home page within the consultation's pages."""
    todo, seen = ["/"], {}
    while todo:
        href = todo.pop()
        if href in seen:
            continue
        resp = client.get(href)
        assert resp.status_code == 200, href
        if resp.mimetype != "text/html":
            continue  # downloads: checked below
        body = resp.get_data(as_text=True)
        seen[href] = body
        for a in lxml_html.fromstring(body).iter("a"):
            link = (a.get("href") or "").split("#")[0]
            if re.match(r"/(hoering|svar|organisation)", link) and "/hent/" not in link:
                todo.append(quote(link, safe="/:?=&%"))
    return seen


def test_pages_show_the_sender_text_and_run_none_of_it(client: Any) -> None:
    pages = crawl(client)
    assert any(p.startswith("/svar/") for p in pages) and any("organisation/" in p for p in pages)
    for href, body in pages.items():
        assert SCRIPT not in body, href
        assert "<img src=x" not in body and "<b>fed</b>" not in body, href
        assert 'href="javascript:' not in body.lower(), href
        for tag in re.findall(r"<script\b[^>]*>", body):
            assert re.fullmatch(r'<script src="/static/[\w.]+" defer>', tag), (href, tag)
    letters = [body for href, body in pages.items() if href.startswith("/svar/")]
    assert len(letters) == 2
    letter = next(body for body in letters if "A/S har følgende" in body)
    text = " ".join(lxml_html.fromstring(letter).text_content().split())
    assert f"{SCRIPT} A/S har følgende bemærkninger" in text  # shown, escaped in the markup
    assert "slut." in text  # the long paragraph is all there
    assert "Tekst\x00med" not in letter and "Tekst" in text
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1]


def test_downloads_neutralise_formulas_and_keep_long_text(client: Any) -> None:
    got = client.get("/hoering/h/hent/csv")
    assert got.status_code == 200
    text = got.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))  # as Danish Excel reads it
    cells = [c for row in rows for c in row]
    assert cells, "empty CSV"
    for c in cells:
        assert not c.startswith(("=", "+", "-", "@")), c
    assert any("HYPERLINK" in c for c in cells)
    assert "'=cmd|' /C calc'!A0 Kommune" in cells  # neutralised, visibly, and kept
    long = [c for c in cells if c.startswith("Lang tekst")]
    assert len(long) == 1 and long[0].endswith("… [afkortet: 40.210 tegn i alt]")
    assert len(long[0]) <= 32_767  # what Excel would cut silently, cut with a note

    got = client.get("/hoering/h/hent/xlsx")
    assert got.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(got.data))
    cells_x = [c for ws in book for row in ws.iter_rows() for c in row if c.value]
    formulas = [c for c in cells_x if str(c.value).startswith(("=", "+", "-", "@"))]
    assert formulas  # kept exactly as written ...
    for c in formulas:
        assert c.data_type == "s" and c.quotePrefix, (c.coordinate, c.value)  # ... as text
    assert all(len(str(c.value)) <= 32_767 for c in cells_x)
    assert any(str(c.value).endswith("[afkortet: 40.210 tegn i alt]") for c in cells_x)

    got = client.get("/hoering/h/notat.docx")
    assert got.status_code == 200
    with zipfile.ZipFile(io.BytesIO(got.data)) as zf:
        document = zf.read("word/document.xml").decode("utf-8")
    assert "<script>" not in document and "&lt;script&gt;" in document
    assert "\x00" not in document
