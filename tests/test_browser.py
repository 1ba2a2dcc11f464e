"""The viewer in real headless Chromium (Playwright) against a real server.

The corpus is ingested into a temporary SQLite database, the app is served by werkzeug in a
thread on 127.0.0.1, and the tests walk the user's paths by clicking, run a small
accessibility checker inside each page, and save screenshots to ``test-artifacts/``.
Skipped (with the reason) when /usr/bin/chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]

A11Y_CHECK = r"""
() => {
  const problems = [];
  const name = (el) => (el.getAttribute('aria-label') || el.textContent
                        || el.getAttribute('title') || '').trim();
  if (!document.documentElement.lang) problems.push('html has no lang');
  if (!document.title.trim()) problems.push('page has no title');
  document.querySelectorAll('img').forEach((img) => {
    if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.src);
  });
  document.querySelectorAll('input, select, textarea').forEach((f) => {
    if (f.type === 'hidden') return;
    const labelled = (f.id && document.querySelector('label[for="' + CSS.escape(f.id) + '"]'))
      || f.closest('label') || f.getAttribute('aria-label') || f.getAttribute('aria-labelledby');
    if (!labelled) problems.push('field without label: ' + (f.name || f.id));
  });
  let last = 0;
  document.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((h) => {
    const level = Number(h.tagName[1]);
    if (last === 0 && level !== 1) problems.push('first heading is ' + h.tagName);
    if (last && level > last + 1)
      problems.push('heading skips h' + last + ' -> ' + h.tagName + ': ' + h.textContent.trim());
    last = level;
  });
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  document.querySelectorAll('a[href]').forEach((a) => {
    if (!name(a)) problems.push('link without name: ' + a.getAttribute('href'));
    const href = a.getAttribute('href').trim().toLowerCase();
    if (href.startsWith('javascript:') || href.startsWith('data:'))
      problems.push('unsafe link: ' + href);
  });
  document.querySelectorAll('button').forEach((b) => {
    if (!name(b)) problems.push('button without name');
  });
  document.querySelectorAll('th').forEach((th) => {
    if (!th.getAttribute('scope')) problems.push('th without scope: ' + th.textContent.trim());
  });
  const ids = new Set();
  document.querySelectorAll('[id]').forEach((el) => {
    if (ids.has(el.id)) problems.push('duplicate id: ' + el.id);
    ids.add(el.id);
  });
  const skip = document.querySelector('a.skip-link[href="#indhold"]');
  if (!skip || !document.getElementById('indhold'))
    problems.push('no skip link to main');
  // WCAG 2 contrast of every visible text against its (blended) background
  const rgb = (s) => {
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, base) => ({
    r: top.r * top.a + base.r * (1 - top.a),
    g: top.g * top.a + base.g * (1 - top.a),
    b: top.b * top.a + base.b * (1 - top.a), a: 1});
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let base = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
    return base;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const seen = new Set();
  document.querySelectorAll('body *').forEach((el) => {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) return;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('.skip-link')) return;
    const bg = background(el);
    const fg = over(rgb(style.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    const key = el.tagName + '.' + el.className + ':' + style.color + '/' + JSON.stringify(bg);
    if (ratio < need && !seen.has(key)) {
      seen.add(key);
      const what = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
      const text = el.textContent.trim().slice(0, 30);
      problems.push(`contrast ${ratio.toFixed(2)} < ${need}: ${what} "${text}"`);
    }
  });
  return problems;
}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh server on the ingested corpus; or, with ``LOVDIFF_BROWSER_URL`` set, a running
    viewer whose database has the user ``redaktoer`` / ``hemmelig-kode-1``."""
    if os.environ.get("LOVDIFF_BROWSER_URL"):
        yield os.environ["LOVDIFF_BROWSER_URL"].rstrip("/")
        return
    from werkzeug.serving import make_server

    from lovdiff.store import create_user, ingest_paths
    from lovdiff.viewer import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'lovdiff.sqlite3'}"
    ingest_paths([ROOT / "corpus"], url=url, progress=False)
    create_user("redaktoer", "hemmelig-kode-1", url=url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-test"})
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    try:
        yield pg
    finally:
        context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def check_page(page: Any) -> None:
    problems = page.evaluate(A11Y_CHECK)
    assert problems == [], f"{page.url}: {problems}"
    assert page.errors == [], f"{page.url}: {page.errors}"  # incl. CSP violations


def test_home_to_comparison_and_filter(server: str, page: Any) -> None:
    page.goto(server + "/")
    check_page(page)
    shot(page, "01-home")
    page.get_by_role("link", name="Sammenlign bek. nr. 2236 af 2020 → udkast 2026").click()
    page.wait_for_load_state()
    assert "/sammenlign/bek-2020/udkast-2026" in page.url
    check_page(page)
    shot(page, "02-comparison")
    assert page.locator("tr.section-row").count() > 10
    assert page.locator("td.new ins").count() > 0 and page.locator("td.old del").count() > 0
    before = page.locator("tr.text-row").count()
    # the filter applies on change (small JS enhancement) and is a plain GET form
    with page.expect_navigation():
        page.get_by_label("Kun indholdsmæssige ændringer (ikke redaktionelle)").check()
    assert "vis=vaesentlige" in page.url
    check_page(page)
    after = page.locator("tr.text-row").count()
    assert 0 < after < before
    assert page.locator("tr.text-row.status-unchanged").count() == 0
    shot(page, "03-comparison-filtered")
    # table of contents jumps to a section
    page.locator("nav.toc a[href^='#r-p']").first.click()
    assert "#r-p" in page.url


def test_home_to_fh_comment_on_8_4(server: str, page: Any) -> None:
    page.goto(server + "/")
    row = page.locator("tr", has_text="FH")
    row.get_by_role("link", name="§ 8, stk. 4", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("§ 8, stk. 4")
    check_page(page)
    card = page.locator("#kommentarer article", has_text="FH").first
    assert "klinisk funktion" in card.inner_text()
    shot(page, "04-provision-8-4")
    card.get_by_role("link", name="Se bemærkningen i høringssvaret").click()
    page.wait_for_load_state()
    assert "/svar/" in page.url and "#k-" in page.url
    check_page(page)
    anchor = page.url.split("#", 1)[1]
    mark = page.locator(f"mark[id='{anchor}']")
    assert mark.is_visible() and "klinisk funktion" in mark.inner_text()
    shot(page, "05-response-fh")


def test_home_to_hedensted_on_19_4_unchanged(server: str, page: Any) -> None:
    page.goto(server + "/")
    row = page.locator("tr", has_text="Hedensted")
    row.get_by_role("link", name="§ 19, stk. 4", exact=True).click()
    page.wait_for_load_state()
    check_page(page)
    card = page.locator("#kommentarer article", has_text="Hedensted").first
    text = " ".join(card.inner_text().split())
    assert "uændret siden" in text and "2020" in text
    shot(page, "06-provision-19-4")


def test_download_change_table(server: str, page: Any) -> None:
    page.goto(server + "/sammenlign/bek-2020/udkast-2026")
    with page.expect_download() as info:
        page.get_by_role("link", name="Ændringstabel (CSV)").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "§ 8" in data and len(data.splitlines()) > 20


def test_other_pages_pass_the_checker(server: str, page: Any) -> None:
    for i, url in enumerate(
        [
            "/hoering/hoering-2026",
            "/hoering/hoering-2026/matrix",
            "/organisationer",
            "/dokument/udkast-2026",
            "/soeg?q=klinisk+funktion",
            "/login",
        ]
    ):
        page.goto(server + url)
        check_page(page)
        shot(page, f"{10 + i:02d}-{url.strip('/').split('?')[0].replace('/', '-') or 'home'}")


def test_keyboard_skip_link_and_focus(server: str, page: Any) -> None:
    page.goto(server + "/sammenlign/bek-2020/udkast-2026")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator("a.skip-link").is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "indhold"


FOCUS_STATE = """
() => {
  const el = document.activeElement;
  const st = getComputedStyle(el);
  const ring = (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0)
    || st.boxShadow !== 'none';
  return {tag: el.tagName, text: (el.textContent || el.name || '').trim().slice(0, 30),
          ring: ring, shown: el.getClientRects().length > 0,
          index: [...document.querySelectorAll('*')].indexOf(el)};
}
"""


def test_keyboard_reaches_controls_with_a_visible_focus(server: str, page: Any) -> None:
    """Tabbing through the comparison's first 40 stops: each stop is a visible element with a
    focus ring, further down the page than the one before (reading order, no trap)."""
    page.goto(server + "/sammenlign/bek-2020/udkast-2026")
    stops: list[dict[str, Any]] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        assert state["tag"] != "BODY", stops
        assert state["shown"] and state["ring"], state
        assert not stops or state["index"] > stops[-1]["index"], (stops[-1], state)
        stops.append(state)
    assert {"A", "INPUT", "BUTTON"} <= {s["tag"] for s in stops}


def test_checker_finds_what_it_looks_for(page: Any) -> None:
    """The accessibility checker itself: a page with the faults it knows gets each named."""
    page.set_content(
        "<html><head><title>x</title></head><body><main><h1>A</h1><h3>B</h3>"
        '<p style="color:#aaa">lys tekst</p><p style="color:#fff;background:#ff0">gul</p>'
        '<input name="felt"><img src="data:,"><a href="javascript:void(0)">x</a>'
        "<table><tr><th>h</th></tr></table></main></body></html>"
    )
    problems = " | ".join(page.evaluate(A11Y_CHECK))
    for fault in (
        "html has no lang",
        "heading skips h1 -> H3",
        'contrast 2.32 < 4.5: p "lys tekst"',
        'contrast 1.07 < 4.5: p "gul"',
        "field without label: felt",
        "img without alt",
        "unsafe link: javascript:",
        "th without scope",
        "no skip link to main",
    ):
        assert fault in problems, (fault, problems)


def test_drafter_writes_a_remark(server: str, page: Any) -> None:
    page.goto(server + "/dokument/udkast-2026/p8-stk4")
    assert page.locator("textarea").count() == 0  # reading is open, writing is not
    page.get_by_role("link", name="Log ind").click()
    page.get_by_label("Brugernavn").fill("redaktoer")
    page.get_by_label("Adgangskode").fill("hemmelig-kode-1")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    assert "/dokument/udkast-2026/p8-stk4" in page.url
    area = page.locator("#kommentarer textarea").first
    area.fill("Imødekommes delvist: kontakt tilbydes, når personen ønsker det.")
    page.locator("#kommentarer").get_by_role("button", name="Gem bemærkning").first.click()
    page.wait_for_load_state()
    assert "Bemærkningen er gemt." in page.inner_text("body")
    assert "Imødekommes delvist" in page.locator("#kommentarer .remark-text").first.inner_text()
    check_page(page)
    shot(page, "07-remark")


def test_phone_width_pages_never_scroll_sideways(server: str, browser: Any) -> None:
    """At 390 px (a phone) wide tables scroll inside themselves; the page does not."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    try:
        for url in (
            "/",
            "/hoering/hoering-2026",
            "/hoering/hoering-2026/matrix",
            "/organisationer",
            "/sammenlign/bek-2020/udkast-2026",
            "/dokument/udkast-2026/p8-stk4",
            "/svar/hoering-2026:1",
            "/soeg?q=klinisk+funktion",
        ):
            pg.goto(server + url)
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
        pg.goto(server + "/hoering/hoering-2026/matrix")
        shot(pg, "20-phone-matrix")
    finally:
        context.close()
