"""The viewer on the real corpus: pages, JSON twins, downloads, accessibility, speed.

The corpus is ingested once into a temporary SQLite database (the same ``ingest_paths``
``lovdiff ingest`` uses) and served with Flask's test client.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from conftest import fresh_pg_schema
from lovdiff.viewer.slugs import ref_to_slug, slug_to_ref

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CSS = ROOT / "web" / "static" / "lovdiff.css"

OLD, NEW, CONS = "bek-2020", "udkast-2026", "hoering-2026"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The corpus ingested into each backend: the viewer must behave the same on both."""
    from lovdiff.store import ingest_paths

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('viewer') / 'lovdiff.sqlite3'}"
        ingest_paths([CORPUS], url=url, progress=False)
        yield url
        return
    with fresh_pg_schema() as url:
        ingest_paths([CORPUS], url=url, progress=False)
        yield url


@pytest.fixture(scope="module")
def app(database_url: str) -> Any:
    from lovdiff.viewer import create_app

    return create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "t"})


@pytest.fixture()
def client(app: Any) -> Any:
    return app.test_client()


def get_html(client: Any, url: str) -> Any:
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code)
    assert resp.mimetype == "text/html"
    return lxml_html.fromstring(resp.get_data(as_text=True))


def links(tree: Any) -> list[str]:
    return [a.get("href") for a in tree.iter("a") if a.get("href")]


def follow(client: Any, tree: Any, pattern: str) -> tuple[str, Any]:
    """Open the first link whose href matches ``pattern`` (a regex)."""
    for href in links(tree):
        if re.search(pattern, unquote(href)):
            return href, get_html(client, href.split("#")[0])
    raise AssertionError(f"no link matching {pattern!r}")


def all_pages(client: Any) -> list[str]:
    """Every kind of page, found by following links from the home page."""
    home = get_html(client, "/")
    hrefs = [unquote(h).split("#")[0] for h in links(home)]
    out = ["/"]
    for pattern in (
        r"^/sammenlign/[^/]+/[^/]+$",
        r"^/dokument/[^/]+$",
        r"^/dokument/[^/]+/[^/]+$",
        r"^/hoering/[^/]+$",
        r"^/hoering/[^/]+/matrix$",
        r"^/svar/",
        r"^/organisationer$",
    ):
        out.append(next(h for h in hrefs if re.search(pattern, h)))
    org = get_html(client, "/organisationer")
    out.append(next(unquote(h) for h in links(org) if h.startswith("/organisation/")))
    out.append("/soeg?q=klinisk+funktion")
    out.append("/login")
    return out


# --------------------------------------------------------------------------- the user's paths


def test_home_leads_to_the_comparison_2020_2026(client: Any) -> None:
    home = get_html(client, "/")
    assert home.getroottree().getroot().get("lang") == "da"
    href, page = follow(client, home, rf"^/sammenlign/{OLD}/{NEW}$")
    assert page.findtext(".//h1").startswith("Sammenligning")
    assert "2020" in page.findtext(".//h1") and "2026" in page.findtext(".//h1")


def _comment_cards(page: Any, organisation: str) -> list[Any]:
    return [
        art
        for art in page.xpath("//section[@id='kommentarer']//article")
        if organisation in art.text_content()
    ]


def test_home_leads_to_fh_on_section_8_stk_4(client: Any) -> None:
    home = get_html(client, "/")
    row = next(tr for tr in home.iter("tr") if "FH" in tr.text_content())
    href = next(a.get("href") for a in row.iter("a") if a.text_content() == "§ 8, stk. 4")
    page = get_html(client, href.split("#")[0])
    assert page.findtext(".//h1").startswith("§ 8, stk. 4")
    cards = _comment_cards(page, "FH")
    assert cards, "FH's comment is not on the page of § 8, stk. 4"
    text = cards[0].text_content()
    assert "klinisk funktion" in text
    # a link to the letter, anchored at the comment, and the anchor exists there
    letter_href = next(a.get("href") for a in cards[0].iter("a") if "/svar/" in a.get("href", ""))
    path, anchor = letter_href.split("#")
    letter = get_html(client, path)
    mark = letter.get_element_by_id(anchor)
    assert mark.tag == "mark" and "klinisk funktion" in mark.text_content()


def test_home_leads_to_hedensted_on_section_19_stk_4_unchanged(client: Any) -> None:
    home = get_html(client, "/")
    row = next(tr for tr in home.iter("tr") if "Hedensted" in tr.text_content())
    href = next(a.get("href") for a in row.iter("a") if a.text_content() == "§ 19, stk. 4")
    page = get_html(client, href.split("#")[0])
    cards = _comment_cards(page, "Hedensted")
    assert cards
    note = " ".join(cards[0].text_content().split())
    assert "uændret siden" in note and "2020" in note


def test_response_page_shows_letter_and_other_order_comments(client: Any) -> None:
    from lovdiff.store import get_engine, list_organisations

    engine = get_engine(client.application.config["DATABASE_URL"])
    orgs = list_organisations(engine, CONS)
    assert len(orgs) == 5
    seen_other = False
    for org in orgs:
        page = get_html(client, f"/svar/{org['responses'][0]}")
        marks = page.xpath("//div[@class='letter']//mark")
        assert marks, org["short_name"]
        ids = [m.get("id") for m in marks if m.get("id") is not None]
        assert ids and all(i.startswith("k-") for i in ids)  # the rest continue a comment
        seen_other |= "Vedrører en anden bekendtgørelse" in page.text_content()
    assert seen_other  # DASAMS and KL also write about the sygedagpenge order


# --------------------------------------------------------------------------- comparison page


@pytest.fixture(scope="module")
def comparison(app: Any) -> Any:
    from lovdiff.store import get_engine, load_comparison

    return load_comparison(get_engine(app.config["DATABASE_URL"]), OLD, NEW)


def test_comparison_rows_cover_every_pair(client: Any, comparison: Any) -> None:
    page = get_html(client, f"/sammenlign/{OLD}/{NEW}")
    sections = [p for p in comparison.pairs if p.level == "section"]
    subs = [p for p in comparison.pairs if p.level in ("subsection", "item")]
    assert len(page.xpath("//tr[contains(@class, 'section-row')]")) >= len(sections)
    text_rows = page.xpath(
        "//tbody[contains(@class,'section-group')]/tr[contains(@class,'text-row')]"
    )
    assert len(text_rows) >= len(subs)
    # renumbering is shown as "(tidligere § 26)"
    body = " ".join(page.text_content().split())
    assert "m.v.." not in body  # a title ending in a full stop gets no second one
    for p in sections:
        if p.renumbered and p.old and p.new and p.old != p.new:
            assert f"{p.new} (tidligere {p.old})" in body
    # the term replacements are summarised once at the top
    terms = [
        " ".join(li.text_content().split())
        for li in page.xpath("//ul[contains(@class,'terms')]/li")
    ]
    assert len(terms) == len(comparison.term_changes)
    for t, shown in zip(comparison.term_changes, terms, strict=True):
        assert shown.startswith(f"{t.old} → {t.new} ({t.count} ")
    # deletions and insertions are marked word by word
    assert page.xpath("//td[@class='old']//del") and page.xpath("//td[@class='new']//ins")


def test_comparison_shows_the_changed_title_and_legal_basis(client: Any) -> None:
    """The legal basis (hjemmel) in the preamble changed from 2020 to 2026: the page shows
    it word by word above the provisions, as the parallelopstilling does."""
    page = get_html(client, f"/sammenlign/{OLD}/{NEW}")
    rows = page.xpath("//section[@aria-labelledby='h-front']//tbody/tr")
    assert [r.get("id") for r in rows] == ["forside-title", "forside-preamble"]
    preamble = rows[1]
    deleted = [d.text_content() for d in preamble.xpath("td[@class='old']//del")]
    inserted = [i.text_content() for i in preamble.xpath("td[@class='new']//ins")]
    assert "1482" in deleted and "lovbekendtgørelse" in inserted
    assert "ændret" in preamble.xpath("td")[2].text_content()


def test_comparison_toc_names_each_section_once(client: Any, comparison: Any) -> None:
    """One table-of-contents entry per section pair, each with its own name: the second
    part of a merge says where it came from instead of repeating the new number."""
    page = get_html(client, f"/sammenlign/{OLD}/{NEW}")
    entries = page.xpath("//ol[@class='toc-sections']/li/a")
    labels = [a.text_content() for a in entries]
    sections = [p for p in comparison.pairs if p.level == "section"]
    annexes = [
        p for p in comparison.pairs if p.level == "chapter" and (p.new or p.old).startswith("bilag")
    ]
    assert annexes  # the 2020 order's bilag 1 is dropped: it has its own entry and row
    assert len(labels) == len(sections) + len(annexes)
    assert len(set(labels)) == len(labels), labels
    for a in entries:
        assert page.xpath(f"//*[@id='{a.get('href')[1:]}']"), a.get("href")
    for new in {p.new for p in sections if p.new}:
        parts = [p for p in sections if p.new == new]
        named = [label for label in labels if label == new or label.startswith(f"{new} (fra ")]
        assert len(named) == len(parts)
        assert sum(f"{new} (fra {p.old})" in labels for p in parts) == len(parts) - 1


def test_a_dropped_annex_shows_its_text(client: Any) -> None:
    page = get_html(client, f"/sammenlign/{OLD}/{NEW}?kapitel=tidl-bilag1")
    text = " ".join(page.text_content().split())
    assert "Ingen bestemmelser passer til filteret" not in text
    assert "bilag 1 (udgået)" in text and "Sundhedskoordinatorfunktionen" in text


def test_filter_on_commented_provisions(client: Any) -> None:
    """'Kun bestemmelser med høringssvar' keeps exactly the rows with a comment count:
    § 19, stk. 4 (unchanged, so hidden by 'Kun ændringer') and § 8, stk. 4 among them."""
    page = get_html(client, f"/sammenlign/{OLD}/{NEW}?vis=kommenterede")
    rows = page.xpath("//tbody[contains(@class,'section-group')]/tr[@id]")
    ids = {tr.get("id") for tr in rows}
    assert {"r-p19-stk4", "r-p8-stk4"} <= ids
    for tr in page.xpath("//tr[contains(@class,'text-row')][@id]"):
        assert tr.xpath(".//a[contains(@class,'count')]"), tr.get("id")  # each has comments
    changes = get_html(client, f"/sammenlign/{OLD}/{NEW}?vis=aendringer")
    assert not changes.xpath("//tr[@id='r-p19-stk4']")


def test_comparison_filters(client: Any, comparison: Any) -> None:
    page = get_html(client, f"/sammenlign/{OLD}/{NEW}?vis=vaesentlige")
    assert page.xpath("//input[@name='vis'][@value='vaesentlige'][@checked]")
    rows = page.xpath("//tr[contains(@class,'text-row')]")
    assert rows
    for tr in rows:
        assert "status-unchanged" not in tr.get("class", "")
        assert "redaktionel" not in tr.text_content()
    full = get_html(client, f"/sammenlign/{OLD}/{NEW}")
    assert len(rows) < len(full.xpath("//tr[contains(@class,'text-row')]"))
    # one chapter only
    option = page.xpath("//select[@name='kapitel']/option[@value!='']")[1]
    one = get_html(client, f"/sammenlign/{OLD}/{NEW}?kapitel={option.get('value')}")
    chapters = one.xpath("//tr[@class='chapter-row']")
    assert len(chapters) <= 1
    assert (
        0
        < len(one.xpath("//tr[contains(@class,'section-row')]"))
        < len(full.xpath("//tr[contains(@class,'section-row')]"))
    )


def test_comparison_comment_counts_link_to_provisions(client: Any) -> None:
    page = get_html(client, f"/sammenlign/{OLD}/{NEW}")
    counts = page.xpath("//a[@class='count']")
    assert counts
    href = counts[0].get("href")
    assert href.startswith("/dokument/") and href.endswith("#kommentarer")
    target = get_html(client, href.split("#")[0])
    assert target.xpath("//section[@id='kommentarer']//article")


def test_comparison_json_twin_is_the_cli_export(client: Any, comparison: Any) -> None:
    from lovdiff.export import render_comparison

    page = get_html(client, f"/sammenlign/{OLD}/{NEW}")
    alt = page.xpath("//link[@rel='alternate'][@type='application/json']/@href")
    assert alt == [f"/sammenlign/{OLD}/{NEW}.json"]
    resp = client.get(alt[0])
    assert resp.mimetype == "application/json"
    assert resp.get_json() == json.loads(render_comparison(comparison, "json"))
    assert client.get(f"/sammenlign/{OLD}/{NEW}?format=json").get_json() == resp.get_json()


def test_every_page_has_a_json_twin(client: Any) -> None:
    for url in all_pages(client):
        if url == "/login":
            continue
        page = get_html(client, url)
        alt = page.xpath("//link[@rel='alternate'][@type='application/json']/@href")
        assert len(alt) == 1, url
        resp = client.get(alt[0])
        assert resp.status_code == 200 and resp.mimetype == "application/json", url
        assert resp.get_json() is not None


def test_readers_never_see_personal_contacts(client: Any, app: Any) -> None:
    """Not logged in, no page, JSON twin or download of any letter or organisation holds a
    personal e-mail address or phone number the reader found (letterheads included)."""
    from lovdiff.store import get_engine, get_response, list_organisations

    engine = get_engine(app.config["DATABASE_URL"])
    contacts: set[str] = set()
    urls: set[str] = set(all_pages(client))
    for org in list_organisations(engine, "hoering-2026"):
        urls.add(f"/organisation/{org['short_name']}")
        for rid in org["responses"]:
            contacts.update(get_response(engine, rid)["contacts"])
            urls.add(f"/svar/{rid}")
    assert {"IBBE@kl.dk"} <= contacts  # the reader found them: there is something to hide
    for url in sorted(urls):  # each page's JSON twin
        twin = get_html(client, url).xpath("//link[@rel='alternate']/@href")
        urls |= set(twin)
    urls |= {f"/hoering/hoering-2026/hent/{fmt}" for fmt in ("csv", "md", "json")}
    for url in sorted(urls):
        resp = client.get(url)
        assert resp.status_code == 200, url
        body = resp.get_data(as_text=True)
        leaked = [c for c in contacts if c in body]
        assert not leaked, (url, leaked)


# --------------------------------------------------------------------------- downloads


def test_comparison_downloads(client: Any) -> None:
    page = get_html(client, f"/sammenlign/{OLD}/{NEW}")
    hrefs = [h for h in links(page) if "/hent/" in h]
    assert {h.rsplit("/", 1)[1] for h in hrefs} >= {"csv", "xlsx", "docx", "redline-docx"}
    csv = client.get(f"/sammenlign/{OLD}/{NEW}/hent/csv")
    assert "attachment" in csv.headers["Content-Disposition"]
    assert csv.headers["Content-Disposition"].endswith('.csv"')
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "§" in csv.get_data(as_text=True)
    for fmt, member in (("xlsx", "xl/workbook.xml"), ("docx", "word/document.xml")):
        data = client.get(f"/sammenlign/{OLD}/{NEW}/hent/{fmt}").data
        assert member in zipfile.ZipFile(io.BytesIO(data)).namelist()
    red = client.get(f"/sammenlign/{OLD}/{NEW}/hent/redline-docx").data
    xml = zipfile.ZipFile(io.BytesIO(red)).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml
    assert client.get(f"/sammenlign/{OLD}/{NEW}/hent/exe").status_code == 404


def test_notat_download(client: Any) -> None:
    page = get_html(client, f"/hoering/{CONS}")
    href = next(h for h in links(page) if h.endswith("notat.docx"))
    resp = client.get(href)
    assert resp.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(resp.data)).read("word/document.xml").decode()
    assert "FH" in xml and "bemærkninger" in xml.lower()


# --------------------------------------------------------------------------- search, matrix


def test_search_groups_provisions_and_comments(client: Any) -> None:
    page = get_html(client, "/soeg?q=klinisk+funktion")
    assert page.get_element_by_id("h-prov") is not None
    assert page.get_element_by_id("h-com") is not None
    assert page.xpath("//section[@aria-labelledby='h-prov']//li//mark")
    assert page.xpath("//section[@aria-labelledby='h-com']//li//a[contains(@href,'/svar/')]")


@pytest.mark.parametrize("q", ["§ 8, stk. 4", "§8 stk 4", "udkast 2026 § 8, stk. 4"])
def test_search_for_a_citation_finds_the_provision_and_its_comments(
    client: Any, app: Any, q: str
) -> None:
    """A query that is a citation puts that provision first (the draft's before other
    documents', or only the named document's) and then every comment linked to it."""
    from lovdiff.store import comments_for_provision, get_engine

    got = client.get("/soeg.json", query_string={"q": q}).get_json()
    first = got["provisions"][0]
    assert (first["doc_id"], first["ref"]) == (NEW, "§ 8, stk. 4")
    if q.startswith("udkast"):
        assert {p["doc_id"] for p in got["provisions"][:1]} == {NEW}
    linked = comments_for_provision(get_engine(app.config["DATABASE_URL"]), NEW, "§ 8, stk. 4")
    assert [c["comment_id"] for c in got["comments"][: len(linked)]] == [
        c["comment_id"] for c in linked
    ]
    assert {c["short_name"] for c in linked} >= {"FH", "Danske Regioner"}
    # a bare number is a word, not a citation
    plain = client.get("/soeg.json", query_string={"q": "8"}).get_json()
    assert all(p["ref"] != "§ 8" for p in plain["provisions"])


def test_matrix_shows_numbers_with_headers(client: Any) -> None:
    page = get_html(client, f"/hoering/{CONS}/matrix")
    table = page.xpath("//table[@class='matrix']")[0]
    assert table.xpath(".//thead//th[@scope='col']")
    assert len(table.xpath(".//tbody//th[@scope='row']")) == 5
    numbers = [int(td.text_content()) for td in table.xpath(".//tbody//td")]
    assert sum(numbers) > 0
    heat = table.xpath(".//td[contains(@class,'heat-')]")
    for td in heat:
        assert td.text_content().strip().isdigit()  # the number is in the cell


# --------------------------------------------------------------------------- accessibility


def test_pages_are_structurally_accessible(client: Any) -> None:
    for url in all_pages(client):
        page = get_html(client, url)
        assert page.get("lang") == "da"
        assert page.xpath("//a[@class='skip-link'][@href='#indhold']") and page.xpath(
            "//main[@id='indhold']"
        )
        levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels and levels[0] == 1 and levels.count(1) == 1, url
        for a, b in zip(levels, levels[1:], strict=False):
            assert b <= a + 1, (url, levels)
        ids = {e.get("id") for e in page.iter() if e.get("id")}
        labelled = {lab.get("for") for lab in page.iter("label")}
        for field in page.xpath("//input[not(@type='hidden')] | //select | //textarea"):
            wrapped = any(anc.tag == "label" for anc in field.iterancestors())
            assert wrapped or field.get("id") in labelled, (url, field.get("name"))
        for a in page.iter("a"):
            assert a.text_content().strip() or a.get("aria-label"), (url, a.get("href"))
            href = a.get("href", "")
            assert not href.lower().startswith(("javascript:", "data:")), url
            if href.startswith("#") and len(href) > 1:
                assert unquote(href[1:]) in ids, (url, href)
        for table in page.iter("table"):
            for th in table.iter("th"):
                assert th.get("scope") in ("col", "row", "colgroup", "rowgroup"), url


def _hex(c: str) -> tuple[float, float, float]:
    c = c.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return tuple(int(c[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _luminance(c: str) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in _hex(c))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_helper() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5 < contrast("#595959", "#ffffff")


def test_css_colour_pairs_have_contrast() -> None:
    """Every rule that sets a text colour is checked against its own background, or the
    page background when it sets none; colours come from the custom properties."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    props = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", css))
    assert props

    def value(v: str) -> str | None:
        m = re.fullmatch(r"var\((--[\w-]+)\)", v.strip())
        if m:
            return props[m.group(1)]
        return v.strip() if re.fullmatch(r"#[0-9a-fA-F]{3,6}", v.strip()) else None

    checked = 0
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        decls = {k.strip(): v.strip() for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body)}
        fg = value(decls["color"]) if "color" in decls else None
        if fg is None:
            continue
        bg_raw = decls.get("background") or decls.get("background-color")
        bg = value(bg_raw) if bg_raw else None
        backgrounds = [bg] if bg else [props["--bg"], props["--panel"]]
        for b in backgrounds:
            ratio = contrast(fg, b)
            assert ratio >= 4.5, f"{selector.strip()}: {fg} on {b} = {ratio:.2f}"
            checked += 1
    assert checked > 20
    # text that sits on a coloured box without setting its own background
    nested = [
        ("--link", "--panel"),
        ("--link-visited", "--panel"),
        ("--link", "--other-bg"),
        ("--link-visited", "--other-bg"),
        ("--link", "--mark-bg"),
        ("--link", "--editorial-bg"),
        ("--muted", "--panel"),
        ("--muted", "--other-bg"),
        ("--fg", "--mark-bg"),
        ("--editorial-fg", "--panel"),
        ("--link", "--flash-bg"),
        ("--fg", "--other-bg"),
    ]
    for fg_name, bg_name in nested:
        ratio = contrast(props[fg_name], props[bg_name])
        assert ratio >= 4.5, f"{fg_name} on {bg_name} = {ratio:.2f}"
    # the focus outline must be visible against the page (non-text contrast >= 3)
    assert contrast(props["--focus"], props["--bg"]) >= 3
    assert ":focus-visible" in css


# --------------------------------------------------------------------------- security on real pages


def test_real_pages_send_security_headers(client: Any) -> None:
    for url in all_pages(client):
        resp = client.get(url)
        assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
        assert resp.headers["X-Frame-Options"] == "DENY"
        body = resp.get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", body):
            assert " src=" in tag, (url, tag)
        for tag in re.findall(r"<[a-zA-Z][^>]*>", body):
            assert " style=" not in tag, (url, tag)


def test_unknown_things_are_404_in_danish(client: Any) -> None:
    for url in (
        "/sammenlign/findes/ikke",
        f"/dokument/{NEW}/p999",
        f"/dokument/{NEW}/ikke-en-slug",
        "/dokument/findes-ikke",
        "/svar/findes:1",
        "/hoering/findes",
        "/organisation/Ingen",
    ):
        resp = client.get(url)
        assert resp.status_code == 404, url
        assert "Siden findes ikke" in resp.get_data(as_text=True)


# --------------------------------------------------------------------------- slugs


REF_PARTS = st.builds(
    lambda sec, letter, stk, nr, litra: ", ".join(
        x
        for x in (
            f"§ {sec}" + (f" {letter}" if letter else ""),
            f"stk. {stk}" if stk else "",
            f"nr. {nr}" if stk and nr else "",
            f"litra {litra}" if stk and nr and litra else "",
        )
        if x
    ),
    st.integers(1, 300),
    st.sampled_from(["", "a", "b", "z"]),
    st.integers(0, 12),
    st.integers(0, 30),
    st.sampled_from(["", "a", "c"]),
)


@given(REF_PARTS)
def test_canonical_refs_get_readable_slugs(ref: str) -> None:
    slug = ref_to_slug(ref)
    assert re.fullmatch(r"[a-z0-9-]+", slug), slug
    assert slug_to_ref(slug) == ref


@given(st.text(min_size=1, max_size=60))
def test_any_ref_round_trips(ref: str) -> None:
    slug = ref_to_slug(ref)
    assert "/" not in slug and "%" not in slug and "#" not in slug and "?" not in slug
    assert slug_to_ref(slug) == ref


def test_slug_examples() -> None:
    assert ref_to_slug("§ 8, stk. 4") == "p8-stk4"
    assert ref_to_slug("§ 15 a, stk. 2") == "p15a-stk2"
    assert ref_to_slug("§ 14, stk. 1, nr. 2") == "p14-stk1-nr2"
    assert ref_to_slug("kapitel 4") == "kapitel4" and ref_to_slug("bilag 1") == "bilag1"
    assert slug_to_ref("ikke-en-slug") is None


def test_provision_urls_round_trip_through_flask(client: Any, app: Any) -> None:
    from lovdiff.store import get_engine, load_document

    doc = load_document(get_engine(app.config["DATABASE_URL"]), NEW)
    for prov in doc.provisions[:60]:
        with app.test_request_context():
            from flask import url_for

            url = url_for("pages.provision", doc_id=NEW, slug=ref_to_slug(prov.ref))
        resp = client.get(url)
        assert resp.status_code == 200, (prov.ref, url)
        assert prov.ref in unquote(resp.get_data(as_text=True).split("<h1>", 1)[1][:400]) or (
            "&" in prov.ref
        )


# --------------------------------------------------------------------------- packaging


@pytest.mark.slow
def test_wheel_install_serves_pages(tmp_path: Path) -> None:
    """The wheel carries templates and static files (lovdiff/_web) and serves pages (from
    an empty database: the store creates its schema on first use)."""
    database_url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    wheel_dir = tmp_path / "wheel"
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            *isolation,
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0 and "hatchling" in build.stderr and not isolation:
        pytest.skip("the build backend hatchling is neither installed nor downloadable")
    assert build.returncode == 0, build.stderr
    wheel = next(wheel_dir.glob("lovdiff-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "lovdiff/_web/templates/base.html" in names
        assert "lovdiff/_web/static/lovdiff.css" in names
        zf.extractall(site)
    code = (
        "import lovdiff, sys\n"
        "from lovdiff.viewer import create_app, web_dir\n"
        "assert str(web_dir()).startswith(sys.argv[1]), web_dir()\n"
        "app = create_app({'DATABASE_URL': sys.argv[2], 'SECRET_KEY': 'x'})\n"
        "c = app.test_client()\n"
        "r = c.get('/')\n"
        "assert r.status_code == 200 and b'lang=\"da\"' in r.data, r.status_code\n"
        "assert c.get('/static/lovdiff.css').status_code == 200\n"
        "print(lovdiff.__file__)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(site), database_url],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith(str(site))


def test_redirects_and_links_stay_on_site(client: Any) -> None:
    for url in all_pages(client):
        page = get_html(client, url)
        for href in links(page):
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, (url, href)


# --------------------------------------------------------------------------- layout (pure)


@pytest.fixture(scope="module")
def aligned() -> Any:
    from conftest import parsed
    from lovdiff.align import compare

    return compare(parsed("bek-2020"), parsed("udkast-2026"))


def test_layout_places_every_pair_once(aligned: Any) -> None:
    from lovdiff.viewer.layout import arrange

    lay = arrange(aligned)
    groups = [g for ch in lay["chapters"] for g in ch.groups]
    heads = [g.pair for g in groups]
    rows = [r.pair for g in groups for r in g.shown]
    assert sorted(map(id, heads + rows)) == sorted(
        id(p)
        for p in aligned.pairs
        if p.level != "chapter" or (p.new or p.old or "").startswith("bilag")  # annex rows
    )
    anchors = [g.anchor for g in groups] + [r.anchor for g in groups for r in g.shown]
    assert len(anchors) == len(set(anchors))
    # a sub-pair sits under the section of its new ref (else its old ref)
    from lovdiff.viewer.layout import section_of

    for g in groups:
        for r in g.shown:
            p = r.pair
            if p.new and any(h.new == section_of(p.new) for h in heads):
                assert g.pair.new == section_of(p.new), (p.old, p.new, g.pair.new)


def test_layout_filters(aligned: Any) -> None:
    from lovdiff.viewer.layout import arrange, is_substantive

    lay = arrange(aligned, show="vaesentlige")
    shown = [r.pair for ch in lay["chapters"] for g in ch.groups for r in g.shown]
    assert shown and all(is_substantive(p) for p in shown)
    keys = [c.key for c in lay["toc"] if c.key]
    one = arrange(aligned, chapter=keys[1])
    assert [c.key for c in one["chapters"]] == [keys[1]]
    totals = arrange(aligned)["totals"]
    assert totals["sections"] == sum(1 for p in aligned.pairs if p.level == "section")


@pytest.mark.parametrize("module", ["slugs", "render", "layout", "security", "pages"])
def test_viewer_doctests(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"lovdiff.viewer.{module}"))
    assert result.attempted > 0 and result.failed == 0


def test_every_document_and_provision_page_renders(client: Any, app: Any) -> None:
    """Every stored document (orders, draft, redline sides, the 2017 application) and every
    one of its provisions has a working page, and each page's links resolve."""
    from lovdiff.store import get_engine, list_documents, load_document

    engine = get_engine(app.config["DATABASE_URL"])
    seen_links: set[str] = set()
    for d in list_documents(engine):
        page = get_html(client, f"/dokument/{d['id']}")
        seen_links.update(h for h in links(page) if h.startswith("/dokument/"))
        doc = load_document(engine, d["id"])
        for prov in doc.provisions:
            url = f"/dokument/{d['id']}/{ref_to_slug(prov.ref)}"
            resp = client.get(url)
            assert resp.status_code == 200, (url, prov.ref)
    for href in sorted(seen_links):
        assert client.get(href.split("#")[0]).status_code == 200, href


def test_drafter_login_remark_and_rate_limit_on_the_real_store(client: Any, app: Any) -> None:
    from lovdiff.store import create_user, get_engine, get_response, list_organisations
    from lovdiff.viewer.downloads import remarks_for

    url = app.config["DATABASE_URL"]
    create_user("tester", "rigtig-kode-9", url=url)

    def login(password: str) -> Any:
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        return client.post(
            "/login", data={"username": "tester", "password": password, "csrf_token": token}
        )

    assert login("rigtig-kode-9").status_code == 302
    engine = get_engine(url)
    fh = next(o for o in list_organisations(engine, CONS) if o["short_name"] == "FH")
    comment = get_response(engine, fh["responses"][0])["comments"][0]
    page = client.get(f"/svar/{fh['responses'][0]}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    resp = client.post(
        f"/kommentar/{comment['id']}/bemaerkning",
        data={"remark": "Imødekommes ikke.", "csrf_token": token, "next": "/"},
    )
    assert resp.status_code == 302
    assert "Imødekommes ikke." in client.get(f"/svar/{fh['responses'][0]}").get_data(as_text=True)
    with app.test_request_context():
        local = comment["id"].split(":", 1)[1]
        assert remarks_for(CONS)[local] == "Imødekommes ikke."
    # … and the remark is carried into the høringsnotat
    notat = client.get(f"/hoering/{CONS}/notat.docx")
    xml = zipfile.ZipFile(io.BytesIO(notat.data)).read("word/document.xml").decode()
    assert "Imødekommes ikke." in xml
    client.post("/logout", data={"csrf_token": token})
    # five wrong passwords, then even the right one is refused
    for _ in range(5):
        assert login("forkert").status_code == 401
    refused = login("rigtig-kode-9")
    assert refused.status_code == 401
    assert "For mange forsøg" in refused.get_data(as_text=True)


def test_warm_up_fetches_the_pages_a_reader_opens_first(app: Any) -> None:
    from lovdiff.viewer import warm_up

    fetched = warm_up(app)
    assert fetched[0] == "/"
    assert f"/sammenlign/{OLD}/{NEW}" in fetched and f"/hoering/{CONS}" in fetched
    assert len(fetched) == len(set(fetched))
    assert not [p for p in fetched if "/hent/" in p or p.endswith(".docx")]  # pages only


def test_consultation_downloads_carry_the_ministrys_remarks(client: Any, app: Any) -> None:
    """A remark a drafter wrote is in the CSV, XLSX and Markdown downloads of the
    consultation, beside the comment it answers (and gone again when deleted)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from lovdiff.store import get_engine, set_remark

    engine = get_engine(app.config["DATABASE_URL"])
    remark = "Imødekommes delvist: kontakt tilbydes, når personen ønsker det."
    set_remark(engine, f"{CONS}:1.3", remark, "redaktoer")
    try:
        text = client.get(f"/hoering/{CONS}/hent/csv").get_data(as_text=True).lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[0][-1] == "Ministeriets bemærkning"
        marked = [r for r in rows[1:] if r[-1] == remark]
        assert marked and {r[2] for r in marked} == {"1.3"}  # on each row of that comment
        assert all(r[-1] == remark for r in rows[1:] if r[2] == "1.3")
        book = load_workbook(io.BytesIO(client.get(f"/hoering/{CONS}/hent/xlsx").data))
        ws = book["Høringssvar"]
        assert ws.cell(1, ws.max_column).value == "Ministeriets bemærkning"
        assert remark in [c.value for c in ws[get_column_letter(ws.max_column)]]
        md = client.get(f"/hoering/{CONS}/hent/md").get_data(as_text=True)
        assert f"*Ministeriets bemærkning:* {remark}" in md
    finally:
        set_remark(engine, f"{CONS}:1.3", "", "redaktoer")
    text = client.get(f"/hoering/{CONS}/hent/csv").get_data(as_text=True)
    assert remark not in text


@pytest.mark.parametrize(
    ("typed", "anchor"),
    [
        ("kapitel 4", "c-kapitel4"),
        ("8, stk. 4", "r-p8-stk4"),
        ("§ 14, stk. 1, nr. 2", "r-p14-stk1-nr2"),
    ],
)
def test_go_to_lands_on_a_row_that_exists(client: Any, typed: str, anchor: str) -> None:
    resp = client.get(f"/sammenlign/{OLD}/{NEW}/gaa-til", query_string={"p": typed})
    assert resp.headers["Location"] == f"/sammenlign/{OLD}/{NEW}#{anchor}"
    page = get_html(client, f"/sammenlign/{OLD}/{NEW}")
    assert page.xpath(f"//*[@id='{anchor}']"), anchor


def test_remark_form_limits_its_length_in_the_browser(client: Any, app: Any) -> None:
    """The textarea stops at the server's limit, so a drafter never loses a long remark to
    an error page."""
    from lovdiff.store import create_user
    from lovdiff.viewer.pages import MAX_REMARK

    create_user("laengde", "hemmelig-kode-2", url=app.config["DATABASE_URL"])
    with client.session_transaction() as session:  # logged in (logins are rate-limited
        session["user"] = "laengde"  # per address, and other tests fail some on purpose)
    page = get_html(client, f"/dokument/{NEW}/p8-stk4")
    areas = page.xpath("//textarea[@name='remark']")
    assert areas and all(a.get("maxlength") == str(MAX_REMARK) for a in areas)


def test_own_lines_stays_inside_the_text() -> None:
    from lovdiff.viewer.pages import own_lines

    text = "Vi mener\nat det er godt."
    assert own_lines(text, -1, 24, text) == [(0, 24)]  # a span a little off is clamped
    assert own_lines(text, 0, 99, text) == [(0, 24)]


def test_letter_highlights_skip_the_page_footer_inside_a_comment(client: Any) -> None:
    """KL's comment runs across a page break; the footer printed there (date, case number,
    address, 'Side 1 af 2') is part of the span but not of the comment, and is not marked.
    Each comment keeps one numbered anchor."""
    page = get_html(client, "/svar/hoering-2026:3")
    for mark in page.xpath("//div[@class='letter']//mark"):
        text = mark.text_content()
        assert "Weidekampsgade" not in text and "Side 1 af 2" not in text, text[:80]
    anchors = page.xpath("//div[@class='letter']//mark/@id")
    assert len(anchors) == len(set(anchors)) == len(page.xpath("//span[@class='mark-no']"))
    continued = page.xpath("//div[@class='letter']//mark[not(@id)]")
    assert continued and continued[0].text_content().startswith("eller fleksjob.")


def test_a_letter_ingested_without_a_manifest_hides_its_contacts(tmp_path: Any) -> None:
    """A file of letters ingested on its own is not an order: it is stored as another
    document, and readers see its personal e-mail addresses and phone numbers hidden, on
    the page, in its provisions, in its JSON twin and in search."""
    from lovdiff.store import ingest_paths
    from lovdiff.viewer import create_app

    letter = tmp_path / "svar-aarhus.txt"
    letter.write_text(
        "Aarhus Kommune\nSocialforvaltningen\n\n12. maj 2026\n\n"
        "Høringssvar om udkast til bekendtgørelse om sundhedsfaglig rådgivning\n\n"
        "Aarhus Kommune støtter udkastet. Kontakt: Søren Kjær, sokj@aarhus.dk, tlf. 41 87 22 19.\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'l.db'}"
    ingest_paths([letter], url=url, progress=False)
    client = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "t"}).test_client()
    home = client.get("/").get_data(as_text=True)
    assert "svar-aarhus" in home
    for path in ("/dokument/svar-aarhus", "/dokument/svar-aarhus.json", "/soeg?q=Kontakt"):
        body = client.get(path).get_data(as_text=True)
        assert "Kontakt" in body, path
        assert "sokj@aarhus.dk" not in body and "41 87 22 19" not in body, path
