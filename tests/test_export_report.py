"""HTML and Markdown reports and ``diff_html``."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from lovdiff.export import render_comparison, render_consultation
from lovdiff.export.report import diff_html, diff_markdown, md_escape
from lovdiff.models import TermChange
from test_export_fixtures import corpus_comparison, tiny_comparison, tiny_consultation


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.text.append(data)


def _parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


ops_strategy = st.lists(
    st.tuples(st.sampled_from([-1, 0, 1]), st.text(min_size=1, max_size=12)), max_size=12
)


@given(ops_strategy)
def test_diff_html_escapes_and_keeps_every_word(ops: list[tuple[int, str]]) -> None:
    out = diff_html(ops)
    parsed = _parse(out)
    assert set(parsed.tags) <= {"del", "ins"}
    import html as h

    expected = "".join(t for _, t in ops).replace("\x0b", " ").replace("\x0c", " ")
    expected = re.sub("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]", "", expected)
    assert h.unescape(re.sub(r"</?(del|ins)( class=\"term\")?>", "", out)) == expected


def test_diff_html_sides_and_terms() -> None:
    ops = [(0, "Kontakt "), (-1, "borgeren"), (1, "personen"), (0, " inden "), (-1, "4"), (1, "2")]
    terms = [TermChange("borgeren", "personen", 3)]
    both = diff_html(ops, terms=terms)
    assert '<del class="term">borgeren</del><ins class="term">personen</ins>' in both
    assert "<del>4</del><ins>2</ins>" in both
    assert "<ins>" not in diff_html(ops, side="old")
    assert "<del" not in diff_html(ops, side="new")


def test_html_report_is_self_contained_escaped_and_danish() -> None:
    html = render_comparison(tiny_comparison(), "html")
    assert isinstance(html, str)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="da">' in html
    parsed = _parse(html)
    assert "script" not in parsed.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"(src|href)=\"?https?:", html)
    assert "link" not in parsed.tags
    assert "<del" in html and "<ins" in html
    assert "Gennemgående ændringer" in html and html.count("borgeren → personen") == 1
    assert "Gældende regler" in html and "udgået" in html


def test_html_report_on_the_corpus_marks_renumbering_and_terms() -> None:
    c = corpus_comparison()
    html = render_comparison(c, "html")
    assert isinstance(html, str)
    assert "(tidligere § 26)" in html or any(
        f"(tidligere {p.old})" in html for p in c.pairs if p.renumbered and p.level == "section"
    )
    assert 'class="term"' in html  # borgeren -> personen shown quietly
    ids = re.findall(r'<tr id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_markdown_report() -> None:
    md = render_comparison(tiny_comparison(), "md")
    assert isinstance(md, str)
    assert md.startswith("# Sammenligning")
    assert "~~4~~" in md and "**2**" in md
    assert "<script>" not in md
    assert "udgået" in md
    assert "## Gennemgående ændringer" in md


def test_markdown_titles_on_the_corpus_and_findings_once() -> None:
    """Every change heading has a title (a mellemrubrik has no label: no "###  – …"), and a
    stale citation is listed once, as stale, not also as pointing nowhere."""
    from dataclasses import replace

    from lovdiff.align import compare
    from lovdiff.parse import parse_text

    cmp = corpus_comparison()
    md = render_comparison(cmp, "md")
    assert isinstance(md, str)
    titles = [line for line in md.splitlines() if line.startswith("### ")]
    assert titles and not [t for t in titles if t.startswith(("###  ", "### –"))]
    # the new § 11 is the old § 12, each under its mellemrubrik: one heading reworded
    assert "### Øvrigt om den sundhedsfaglige rådgivning (ændret)" in titles
    assert "- Øvrigt om ~~sundhedskoordinatorfunktionen~~**den sundhedsfaglige rådgivning**" in md
    assert "### Øvrigt om sundhedskoordinatorfunktionen (udgået)" not in titles

    stale_text = cmp.new.text.replace("kapitel 3 og § 16", "kapitel 3 og § 26", 1)
    assert stale_text != cmp.new.text
    stale = compare(cmp.old, replace(parse_text(stale_text), info=cmp.new.info))
    kinds = [f.kind for f in stale.findings if f.where == "§ 1, stk. 3"]
    assert kinds == ["stale-reference"], kinds
    md = render_comparison(stale, "md")
    assert isinstance(md, str)
    assert md.count("«§ 26»") + md.count("til § 26,") == 1


def test_markdown_helpers() -> None:
    assert md_escape("a|b*c") == "a\\|b\\*c"
    assert diff_markdown([(0, "x "), (-1, "old "), (1, "new")]) == "x ~~old~~ **new**"


def test_consultation_markdown_redacts() -> None:
    c = tiny_consultation()
    md = render_consultation(c, "md", redact=True)
    assert isinstance(md, str)
    assert "jh@fh.dk" not in md and "[fjernet]" in md
    assert "## FH – Fagbevægelsens Hovedorganisation (18. februar 2026)" in md
    assert "*bekymring*" in md and "anden regel" in md
    assert "jh@fh.dk" in render_consultation(c, "md")  # type: ignore[operator]
