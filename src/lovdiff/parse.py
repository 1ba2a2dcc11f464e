"""The structure parser: cleaned lines -> provisions, with a stack and the patterns of regexes.py.

``parse_file(path)`` reads any supported file; ``parse_text(text)`` parses a text. The result
is a :class:`~lovdiff.models.Document` whose provisions cover the whole text in document order.

How a line is placed (after ``clean``):

1. A line that starts a structural unit (``Kapitel``, ``§ N.``, ``Stk. N.``, ``N)``, ``a)``,
   ``Bilag N``, a signature line, the amending acts' final notes) opens that unit. Inline
   ``Stk. N.`` and ``N)`` (flattened layouts) are split out when their number is the next one.
2. An unnumbered line followed by a ``§`` (possibly after lowercase continuation lines) and
   standing after a finished sentence is a mellemrubrik.
3. Any other line continues the open unit: blank lines never end a unit, since real texts
   put blank lines inside sentences; a line starting lowercase continues a heading.

Nothing is dropped: recognised page debris and file headers become ``note`` findings, so the
words of all provisions plus those findings are exactly the words of the cleaned source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from lovdiff import regexes as rx
from lovdiff.clean import Cleaned, clean, normalise_space
from lovdiff.models import (
    Document,
    DocumentInfo,
    Finding,
    Provenance,
    Provision,
    ReadResult,
    Revoked,
)

SENTENCE_END = (".", ":", ";", "!", "?", ")", "»", '"', "”")
HEADING_ABBREVIATIONS = ("m.v.", "mv.", "m.m.", "mm.", "o.l.", "ol.", "etc.", "osv.")
"""Headings may end with these ("Bemyndigelse til at gennemføre EU-lovgivning m.v.")."""


def _ends_like_text(line: str) -> bool:
    """A line ending as running text does (a full stop, comma, semicolon or colon), not as a
    heading that ends with an abbreviation."""
    return line.endswith((".", ",", ";", ":")) and not line.endswith(HEADING_ABBREVIATIONS)


@dataclass
class Line:
    text: str  # stripped
    start: int  # cleaned offsets of the stripped text
    end: int
    number: int  # 1-based source line


@dataclass
class _Node:
    kind: str
    num: str
    label: str
    parent: int | None
    start: int
    line: int
    heading: list[Line] = field(default_factory=list)
    text: list[Line] = field(default_factory=list)
    end: int = 0
    chapter: int | None = None


def _lines(cleaned: Cleaned) -> list[Line]:
    out: list[Line] = []
    pos = 0
    text = cleaned.text
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(stripped, pos + lead, pos + lead + len(stripped), number))
        pos += len(raw) + 1
    return out


def _sub(line: Line, start: int, end: int | None = None) -> Line:
    """A piece of a line (offsets relative to the line's stripped text), stripped again."""
    end = len(line.text) if end is None else end
    piece = line.text[start:end]
    lead = len(piece) - len(piece.lstrip())
    return Line(
        piece.strip(),
        line.start + start + lead,
        line.start + start + lead + len(piece.strip()),
        line.number,
    )


def _canon_section(num: str) -> str:
    """'15a' / '15 a' / '15  A' -> '15 a'."""
    m = re.match(r"(\d+)\s*([a-zA-Zæøå]?)$", num.strip())
    if not m:
        return num.strip()
    return m.group(1) + (" " + m.group(2).lower() if m.group(2) else "")


def _opens_quote(text: str, inside: bool) -> bool:
    """Whether a quote (»…«) is open after ``text``, given whether one was open before it."""
    opening, closing = text.rfind("»"), text.rfind("«")
    if opening < 0 and closing < 0:
        return inside
    return opening > closing


def _range_end(m: re.Match[str]) -> str | None:
    """The last section of a range label ("§§ 26-29." -> "29"), if the range goes up."""
    first, last = _canon_section(m.group("num")), _canon_section(m.group("last"))
    return last if _sort_key(first) < _sort_key(last) else None


def _label_range_end(p: Provision) -> tuple[int, str] | None:
    """Order key of the last section a range label covers ("§ 5a-5d." -> (5, "d"))."""
    m = rx.SECTION_RANGE_LINE.match(p.label) if p.kind == "section" else None
    end = _range_end(m) if m else None
    return _sort_key(end) if end else None


def _sort_key(num: str) -> tuple[int, str]:
    m = re.match(r"(\d+)\s*([a-zæøå]?)", num)
    return (int(m.group(1)), m.group(2)) if m else (0, num)


class _Builder:
    def __init__(self, cleaned: Cleaned) -> None:
        self.c = cleaned
        self.nodes: list[_Node] = []
        self.findings: list[Finding] = []
        self.mode = "front"
        self.cur: int | None = None  # node receiving continuation text
        self.heading_open = False  # continuation goes to the heading while lowercase
        self.chapter: int | None = None
        self.section: int | None = None
        self.subsection: int | None = None
        self.item: int | None = None
        self.litra: int | None = None
        self.annex: int | None = None
        self.footnote_markers: set[str] = set()
        self.seen_section = False
        self.bare_sections = False
        self.prev_text = ""
        self.child_count: dict[tuple[int | None, str], int] = {}
        self.last_num: dict[tuple[int | None, str], int] = {}
        self.last_section: str | None = None
        self.first_of_kind: dict[str, int] = {}
        self.quote_open = False
        """Inside new wording an amending act quotes (»…«) that runs over several lines."""

    # ----------------------------------------------------------------- nodes
    def open(self, kind: str, num: str, label: str, parent: int | None, line: Line) -> int:
        node = _Node(kind, num, label, parent, line.start, line.number, chapter=self.chapter)
        self.nodes.append(node)
        idx = len(self.nodes) - 1
        key = (parent, kind)
        self.child_count[key] = self.child_count.get(key, 0) + 1
        if num.isdigit():
            self.last_num[key] = int(num)
        if kind == "section":
            self.last_section = num
        self.first_of_kind.setdefault(kind, idx)
        self.cur = idx
        self.heading_open = False
        return idx

    def add_text(self, idx: int, line: Line) -> None:
        if line.text:
            self.nodes[idx].text.append(line)
            self._markers(line.text)

    def add_heading(self, idx: int, line: Line) -> None:
        if line.text:
            self.nodes[idx].heading.append(line)

    def _markers(self, text: str) -> None:
        for m in rx.FOOTNOTE_MARKER.finditer(text):
            self.footnote_markers.add(m.group("num"))

    def note(self, line: Line, message: str, kind: str = "note") -> None:
        span = self.c.source_span(line.start, line.end)
        self.findings.append(
            Finding(kind, f"linje {line.number}", f"{message}: «{line.text}»", span)
        )

    def close_below_chapter(self) -> None:
        self.section = self.subsection = self.item = self.litra = None

    # ----------------------------------------------------------------- line kinds
    def expected_stk(self) -> int:
        if self.section is None:
            return 0
        return self.child_count.get((self.section, "subsection"), 0) + 1

    def expected_item(self) -> int:
        parent = self.subsection
        if parent is None:
            return 1
        return self.last_num.get((parent, "item"), 0) + 1

    def handle(self, line: Line, nxt: list[Line]) -> None:
        """One line. In an amending act, the new wording it quotes (»§ 3 a. … Stk. 2. …«, over
        several lines) is text of the amendment, not sections of the act; a quote left open
        ends at the next amendment ("2. I § 4 …") or section label ("§ 2")."""
        if self.quote_open:
            t = line.text
            if not (rx.AMENDMENT_ITEM_LINE.match(t) or rx.BARE_SECTION_LINE.match(t)):
                self.continue_line(line)
                self.quote_open = _opens_quote(t, self.quote_open)
                return
            self.quote_open = False
        self._handle(line, nxt)
        if self.mode == "body" and self.amending:
            self.quote_open = _opens_quote(line.text, False)

    def _handle(self, line: Line, nxt: list[Line]) -> None:
        t = line.text
        if rx.PAGE_DEBRIS.match(t):
            self.note(line, "Sidetal/sidefod fjernet fra teksten")
            return
        if self.mode == "notes":
            self.handle_notes(line)
            return
        if rx.AMENDING_NOTES_START.match(t) or (rx.OFFICIAL_NOTES.match(t) and self.seen_section):
            self.mode = "notes"
            self.open("text", "", "", None, line)
            self.add_text(self.cur, line)  # type: ignore[arg-type]
            return

        m = rx.CHAPTER_LINE.match(t)
        if m and self.mode in ("front", "body") and not self._looks_like_sentence(m.group("rest")):
            self.mode = "body"
            self.close_below_chapter()
            num = m.group("num").replace(" ", "")
            idx = self.open("chapter", num, t[: m.start("rest")].strip(), None, line)
            self.chapter = idx
            self.nodes[idx].chapter = idx
            rest = m.group("rest").strip()
            if rest:
                self.add_heading(idx, _sub(line, m.start("rest")))
            self.heading_open = True
            return

        m = rx.SECTION_LINE.match(t)
        if m is None and (self.amending or self.bare_sections or self.prev_text.endswith(":")):
            m = rx.BARE_SECTION_LINE.match(t)  # "§ 1" alone on its line (amending acts)
            self.bare_sections = self.bare_sections or m is not None
        if m is None:
            m = rx.SECTION_RANGE_LINE.match(t)  # "§§ 26-29. (Ophævet)." (one provision)
            if m and _range_end(m) is None:
                m = None
        if m and self.mode in ("front", "body", "signature") and self._section_ok(m):
            self.mode = "body"
            self.seen_section = True
            num = _canon_section(m.group("num"))
            label = m.group("label") if "label" in m.groupdict() else t
            self.section = self.open("section", num, label, self.chapter, line)
            if "last" in m.groupdict():
                self.last_section = _range_end(m)
            self.subsection = self.open("subsection", "1", "", self.section, line)
            self.item = self.litra = None
            rest_at = m.start("rest") if "rest" in m.groupdict() else len(t)
            self.nodes[self.subsection].start = line.start + rest_at
            self._rest(line, rest_at, self.subsection)
            return

        if self.mode == "body" and self.section is not None:
            m = rx.SUBSECTION_LINE.match(t)
            stk1 = self.subsection
            implicit = self.nodes[stk1] if stk1 is not None else None
            if (
                m
                and stk1 is not None
                and implicit is not None
                and m.group("num") == "1"
                and implicit.num == "1"
                and not implicit.label
                and self.cur == stk1
                and (not implicit.text or self._is_section_heading(implicit.text))
            ):
                # "§ 17" then "Stk. 1. Loven træder …" (amending acts): the section's stk. 1;
                # a heading between them ("§ 18" / "Ikrafttræden m.v." / "Stk. 1. …") is the
                # section's own, since no words of stk. 1 come before its label
                if implicit.text:
                    self.nodes[self.section].heading.extend(implicit.text)
                    implicit.text = []
                    implicit.start = line.start
                implicit.label = m.group("label").replace("*", "")
                self._rest(line, m.start("rest"), stk1)
                return
            if m:
                self.subsection = self.open(
                    "subsection",
                    m.group("num"),
                    m.group("label").replace("*", ""),
                    self.section,
                    line,
                )
                self.item = self.litra = None
                self._rest(line, m.start("rest"), self.subsection)
                return
            m = rx.ITEM_LINE.match(t)
            if m is None and self.amending:
                m = rx.AMENDMENT_ITEM_LINE.match(t)
            if m and not self._is_footnote(m.group("num")):
                parent = self.subsection if self.subsection is not None else self.section
                self.item = self.open("item", m.group("num"), m.group("label"), parent, line)
                self.litra = None
                self._rest(line, m.start("rest"), self.item)
                return
            m = rx.LITRA_LINE.match(t)
            if m and self.item is not None:
                self.litra = self.open("litra", m.group("num"), m.group("label"), self.item, line)
                self._rest(line, m.start("rest"), self.litra)
                return

        if self.mode in ("body", "signature", "annex") and self.seen_section:
            m = rx.ANNEX_LINE.match(t)
            if m and (not m.group("rest") or not self._looks_like_sentence(m.group("rest"))):
                self.mode = "annex"
                self.close_below_chapter()
                self.chapter = None
                self.annex = self.open(
                    "annex", m.group("num"), t[: m.start("rest")].strip(), None, line
                )
                if m.group("rest").strip():
                    self.add_heading(self.annex, _sub(line, m.start("rest")))
                self.heading_open = True
                return

        if self.mode == "annex" and self.annex is not None:
            m = rx.ITEM_LINE.match(t)
            if m and m.group("num") in self.footnote_markers:
                self.open("footnote", m.group("num"), m.group("label"), self.annex, line)
                self._rest(line, m.start("rest"), self.cur)  # type: ignore[arg-type]
                return
            self.continue_line(line)
            return

        if (
            self.mode == "body"
            and self.seen_section
            and (rx.SIGNATURE_LINE.match(t) or rx.ROYAL_SIGNATURE.match(t))
        ):
            self.mode = "signature"
            self.close_below_chapter()
            self.chapter = None
            idx = self.open("signature", "", "", None, line)
            self.add_text(idx, line)
            return

        if self.mode == "front":
            self.handle_front(line, nxt)
            return
        if self.mode == "body" and self._is_mellemrubrik(line, nxt):
            self.close_below_chapter()
            idx = self.open("heading", "", "", self.chapter, line)
            self.add_heading(idx, line)
            self.heading_open = True
            return
        self.continue_line(line)

    def _rest(self, line: Line, start: int, idx: int) -> None:
        """Place the rest of a labelled line, splitting inline Stk./items (flattened layouts)."""
        rest = _sub(line, start)
        if not rest.text:
            return
        split = self._inline_split(rest)
        if split is None:
            self.add_text(idx, rest)
            return
        head, tail = split
        if head.text:
            self.add_text(idx, head)
        self._handle(tail, [])

    def _inline_split(self, line: Line) -> tuple[Line, Line] | None:
        want_stk = self.expected_stk() if self.section is not None else 0
        best: tuple[Line, Line] | None = None
        for m in rx.INLINE_SUBSECTION.finditer(line.text):
            if want_stk and int(m.group("num")) == want_stk:
                best = (_sub(line, 0, m.start("label")), _sub(line, m.start("label")))
                break
        want_item = self.expected_item() if self.section is not None else 0
        for m in rx.INLINE_ITEM.finditer(line.text):
            if best is not None and m.start() >= len(best[0].text):
                break
            n = int(m.group("num"))
            before = line.text[: m.start()].rstrip()
            opens_list = n == 1 and before.endswith(
                (":", "om", "i", "af", "at", "følgende", "til", "for")
            )
            if (
                n == want_item and n > 1 and before.endswith((",", ";", ".", "og", "eller"))
            ) or opens_list:
                return (_sub(line, 0, m.start("label")), _sub(line, m.start("label")))
        return best

    @property
    def amending(self) -> bool:
        """An amending act (ændringslov): its numbered amendments "1. …" are items."""
        first = self.first_of_kind.get("title")
        title = self.nodes[first] if first is not None else None
        return bool(
            title
            and title.text
            and re.match(r"(?:Lov|Bekendtgørelse) om ændring", title.text[0].text)
        )

    def _section_ok(self, m: re.Match[str]) -> bool:
        rest = (m.groupdict().get("rest") or "").strip()
        if self.cur is not None and not self._after_break() and not self._expected_section(m):
            return False  # "… kapitel 3 og\n§ 16." is a wrapped citation, not a new section
        if not rest:
            return True
        return rest[0].isupper() or rest[0] in '(«»"“*[~§' or rest[0].isdigit()

    def _is_footnote(self, num: str) -> bool:
        if num not in self.footnote_markers:
            return False
        # an item list that expects this number wins over a footnote
        return self.expected_item() != int(num) or self.subsection is None

    def _after_break(self) -> bool:
        """The text before this line is finished (a sentence end, a heading, or nothing)."""
        node = self.nodes[self.cur] if self.cur is not None else None
        if node is None or node.kind in ("chapter", "heading", "title"):
            return True
        lines = node.text or node.heading
        return not lines or lines[-1].text.endswith(SENTENCE_END)

    def _expected_section(self, m: re.Match[str]) -> bool:
        """The § number is the next one (or a lettered one after it)."""
        got = _sort_key(_canon_section(m.group("num")))
        if self.last_section is None:
            return got[0] == 1
        last = _sort_key(self.last_section)
        return got[0] == last[0] + 1 or (got[0] == last[0] and got[1] > last[1])

    def _is_section_heading(self, lines: list[Line]) -> bool:
        """The lines between a section's label alone on its line and its "Stk. 1." read as a
        heading: under the label, not on its line; capitalised, then lowercase continuation
        lines only; short; not ending as running text does ("Ikrafttræden m.v.")."""
        sec = self.nodes[self.section] if self.section is not None else None
        if sec is None or not lines or lines[0].number == sec.line:
            return False  # "§ 18. Loven træder …": the section's line holds its first words
        return (
            lines[0].text[0].isupper()
            and all(ln.text[0].islower() for ln in lines[1:])
            and sum(len(ln.text) for ln in lines) <= 200
            and not _ends_like_text(lines[-1].text)
        )

    @staticmethod
    def _looks_like_sentence(rest: str) -> bool:
        rest = rest.strip()
        return bool(rest) and (rest[0].islower() or rest.startswith((",", "§")))

    def _is_mellemrubrik(self, line: Line, nxt: list[Line]) -> bool:
        t = line.text
        if not t[0].isupper() or len(t) > 200 or _ends_like_text(t):
            return False
        if self.cur is not None:
            node = self.nodes[self.cur]
            last = node.text or node.heading
            if (
                last
                and not last[-1].text.endswith(SENTENCE_END)
                and node.kind not in ("chapter", "heading")
            ):
                return False
            if node.kind in ("chapter", "annex") and not node.heading:
                return False  # it is the chapter's heading line
        # skip lowercase continuation lines (the heading's own), then require a § or chapter
        block_end = t
        for following in nxt:
            if following.text[0].islower():
                block_end = following.text
                continue
            if _ends_like_text(block_end):
                return False
            return bool(
                rx.SECTION_LINE.match(following.text) or rx.CHAPTER_LINE.match(following.text)
            )
        return False

    def continue_line(self, line: Line) -> None:
        if self.cur is None:
            self.open("text", "", "", None, line)
            self.add_text(self.cur, line)  # type: ignore[arg-type]
            return
        node = self.nodes[self.cur]
        if node.kind in ("chapter", "annex", "heading") and self.heading_open:
            if (
                not node.heading
                or line.text[0].islower()
                or node.heading[-1].text.endswith(("-", "og", "om", "for", "i", "af", "til"))
            ):
                self.add_heading(self.cur, line)
                return
            self.heading_open = False
            if node.kind == "chapter":
                # an unplaced line between a chapter heading and its first section
                self.note(
                    line, "Tekst mellem kapiteloverskrift og første paragraf", "unplaced-text"
                )
                node.heading.append(line)
                return
        self.add_text(self.cur, line)

    def handle_front(self, line: Line, nxt: list[Line]) -> None:
        title = self.first_of_kind.get("title")
        if title is None:
            idx = self.open("title", "", "", None, line)
            self.add_text(idx, line)
            return
        tnode = self.nodes[title]
        pre = self.first_of_kind.get("preamble")
        if pre is None:
            if rx.PREAMBLE_START.match(line.text):
                idx = self.open("preamble", "", "", None, line)
                self.add_text(idx, line)
                return
            joined = line.text[0].islower() or tnode.text[-1].text.endswith(
                ("-", " og", " om", " i", " af")
            )
            adjacent = line.number == tnode.text[-1].number + 1
            if joined or (adjacent and not tnode.text[-1].text.endswith(".")):
                self.add_text(title, line)
                return
            if self._is_mellemrubrik(line, nxt):
                self._open_front_heading(line)
                return
            idx = self.open("preamble", "", "", None, line)
            self.add_text(idx, line)
            return
        if self._is_mellemrubrik(line, nxt):
            self._open_front_heading(line)
            return
        self.add_text(pre, line)

    def _open_front_heading(self, line: Line) -> None:
        """A mellemrubrik before § 1 ends the front matter."""
        self.mode = "body"
        idx = self.open("heading", "", "", None, line)
        self.add_heading(idx, line)
        self.heading_open = True

    def handle_notes(self, line: Line) -> None:
        m = rx.ITEM_LINE.match(line.text)
        if m and m.group("num") in self.footnote_markers:
            self.open("footnote", m.group("num"), m.group("label"), None, line)
            self._rest(line, m.start("rest"), self.cur)  # type: ignore[arg-type]
            return
        if rx.AMENDING_NOTES_START.match(line.text) or rx.OFFICIAL_NOTES.match(line.text):
            self.open("text", "", "", None, line)
        self.add_text(self.cur, line)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- assembly


def _refs_and_eids(nodes: list[_Node]) -> tuple[list[str], list[str]]:
    refs: list[str] = []
    eids: list[str] = []
    counters: dict[str, int] = {}
    used: dict[str, int] = {}
    for node in nodes:
        parent_ref = refs[node.parent] if node.parent is not None else ""
        parent_eid = eids[node.parent] if node.parent is not None else ""
        k = node.kind
        if k == "chapter":
            ref, eid = f"kapitel {node.num}", f"chp_{node.num}"
        elif k == "section":
            ref, eid = f"§ {node.num}", f"sec_{node.num.replace(' ', '')}"
            m = rx.SECTION_RANGE_LINE.match(node.label)
            last = _range_end(m) if m else None
            if last:  # one provision for "§§ 26-29. (Ophævet)."
                ref, eid = f"§§ {node.num}-{last}", f"{eid}-{last.replace(' ', '')}"
        elif k == "subsection":
            sec_ref = parent_ref
            ref, eid = f"{sec_ref}, stk. {node.num}", f"{parent_eid}__subsec_{node.num}"
        elif k == "item":
            ref, eid = f"{parent_ref}, nr. {node.num}", f"{parent_eid}__point_{node.num}"
        elif k == "litra":
            ref, eid = f"{parent_ref}, litra {node.num}", f"{parent_eid}__point_{node.num}"
        elif k == "annex":
            ref, eid = f"bilag {node.num}", f"att_{node.num}"
        elif k == "footnote":
            base = (parent_ref + ", ") if parent_ref else ""
            ref = f"{base}fodnote {node.num}"
            eid = f"{parent_eid}__note_{node.num}" if parent_eid else f"note_{node.num}"
        else:
            counters[k] = counters.get(k, 0) + 1
            n = counters[k]
            names = {
                "title": ("titel", "longTitle"),
                "preamble": ("indledning", "preamble"),
                "signature": ("underskrift", "conclusions"),
                "heading": (f"mellemrubrik {n}", f"hcontainer_{n}"),
                "text": (f"tekst {n}", f"blockContainer_{n}"),
            }
            ref, eid = names.get(k, (f"{k} {n}", f"{k}_{n}"))
            if k in ("title", "preamble", "signature") and n > 1:
                ref, eid = f"{ref} {n}", f"{eid}_{n}"
        if eid in used:
            used[eid] += 1
            eid = f"{eid}_dup{used[eid]}"
        else:
            used[eid] = 1
        refs.append(ref)
        eids.append(eid)
    return refs, eids


def _joined(lines: list[Line]) -> str:
    return normalise_space(" ".join(line.text for line in lines))


def _numbering_findings(provs: list[Provision]) -> list[Finding]:
    out: list[Finding] = []
    groups: dict[tuple[str | None, str], list[Provision]] = {}
    for p in provs:
        if p.kind in ("section", "subsection", "item", "litra", "chapter", "annex"):
            scope = None if p.kind in ("section", "chapter", "annex") else p.parent
            groups.setdefault((scope, p.kind), []).append(p)
    names = {
        "section": "paragraf",
        "subsection": "stykke",
        "item": "nummer",
        "litra": "litra",
        "chapter": "kapitel",
        "annex": "bilag",
    }
    for (_scope, kind), items in groups.items():
        prev: Provision | None = None
        seen: set[str] = set()
        for p in items:
            if p.kind == "subsection" and p.num == "1" and not p.label:
                prev = p
                seen.add(p.num)
                continue
            if p.num in seen:
                out.append(
                    Finding(
                        "numbering-duplicate",
                        p.ref,
                        f"{p.ref[:1].upper()}{p.ref[1:]} forekommer mere end én gang "
                        f"(står som »{(p.label or p.num).strip()}«).",
                        p.span,
                    )
                )
            elif prev is not None:
                a, b = _label_range_end(prev) or _order_key(prev), _order_key(p)
                if b < a:
                    out.append(
                        Finding(
                            "numbering-order",
                            p.ref,
                            f"{p.ref} står efter {prev.ref}: nummereringen går baglæns.",
                            p.span,
                        )
                    )
                elif (
                    isinstance(a[0], int) and isinstance(b[0], int) and b[0] > a[0] + 1 and not b[1]
                ):
                    missing = ", ".join(str(n) for n in range(a[0] + 1, b[0]))
                    out.append(
                        Finding(
                            "numbering-gap",
                            p.ref,
                            f"Nummereringen springer over før {p.ref} "
                            f"(mangler {names[kind]} {missing}).",
                            p.span,
                        )
                    )
            elif kind in ("item", "chapter", "subsection") and _order_key(p)[0] not in (1, 0):
                out.append(
                    Finding(
                        "numbering-gap",
                        p.ref,
                        f"{p.ref} er første {names[kind]}, men nummereringen starter ikke ved 1.",
                        p.span,
                    )
                )
            seen.add(p.num)
            prev = p
    return _summarised(out)


MAX_FINDINGS_PER_KIND = 20


def _summarised(findings: list[Finding]) -> list[Finding]:
    """At most MAX_FINDINGS_PER_KIND findings of one kind, then one that counts the rest.

    A text of 100,000 "§ 1." lines has 99,999 duplicates; listing them all helps nobody.
    """
    out: list[Finding] = []
    kept: dict[str, int] = {}
    extra: dict[str, list[Finding]] = {}
    for f in findings:
        if kept.get(f.kind, 0) < MAX_FINDINGS_PER_KIND:
            kept[f.kind] = kept.get(f.kind, 0) + 1
            out.append(f)
        else:
            extra.setdefault(f.kind, []).append(f)
    for kind, rest in extra.items():
        first, last = rest[0].where, rest[-1].where
        where = f"ved {first}" if first == last else f"fra {first} til {last}"
        out.append(
            Finding(
                kind,
                first,
                f"… og {len(rest)} flere nummereringsfejl af samme slags, {where}.",
                rest[0].span,
            )
        )
    return out


def _order_key(p: Provision) -> tuple[int, str]:
    if p.kind == "litra":
        return (ord(p.num) - 96 if p.num else 0, "")
    return _sort_key(p.num)


def _iso(date_text: str) -> str | None:
    m = rx.DANISH_DATE.search(date_text)
    if m:
        month = rx.MONTHS[m.group("month").lower()]
        return f"{int(m.group('year')):04d}-{month:02d}-{int(m.group('day')):02d}"
    m = rx.NUMERIC_DATE.search(date_text)
    if m:
        return f"{int(m.group('year')):04d}-{int(m.group('month')):02d}-{int(m.group('day')):02d}"
    m = rx.ISO_DATE.search(date_text)
    if m:
        return m.group(0)
    return None


def number_and_date(text: str) -> tuple[str | None, str | None]:
    """The official number and ISO date of "Bekendtgørelse nr. 2236 af 29. december 2020".

    >>> number_and_date("Bekendtgørelse nr. 2236 af 29. december 2020 om x")
    ('2236', '2020-12-29')
    >>> number_and_date("LBK nr 801 af 13/06/2016")
    ('801', '2016-06-13')
    """
    m = rx.TITLE_NUMBER.search(text)
    if not m:
        return None, None
    return m.group("number"), _iso(m.group("date"))


def _kind_of(title: str) -> str:
    t = title.lower()
    if t.startswith("lovbekendtgørelse") or re.match(r"bekendtgørelse af \w*lov(?:en)?\b", t):
        return "lovbekendtgørelse"
    if t.startswith("lov om ændring") or t.startswith("lov om ændring"):
        return "ændringslov"
    if t.startswith("bekendtgørelse"):
        return "bekendtgørelse"
    if t.startswith("lov ") or re.match(r"\w+lov(?:en)?\b", t):  # "Lov om …", "Økologilov"
        return "lov"
    if t.startswith("cirkulære"):
        return "cirkulære"
    if t.startswith("vejledning"):
        return "vejledning"
    return "andet"


def _metadata(provs: list[Provision], header: str, source: str, sha: str) -> DocumentInfo:
    title = next((p.text for p in provs if p.kind == "title"), "")
    title = rx.FOOTNOTE_MARKER.sub("", title).rstrip()  # "… institut1)": the note, not the title
    number = date = None
    for text in (header, title):
        number, date = number_and_date(text)
        if number:
            break
    sig = next((p for p in provs if p.kind == "signature"), None)
    if date is None and sig is not None:
        m = rx.SIGNATURE_LINE.match(sig.text.split("  ")[0]) or rx.DANISH_DATE.search(sig.text)
        date = _iso(sig.text)
    in_force = None
    revokes: list[Revoked] = []
    body = [p for p in provs if p.kind in ("subsection", "item", "section")]
    for p in body:
        if in_force is None:
            m = rx.IN_FORCE.search(p.text)
            if m:
                in_force = _iso(m.group("date"))
        for m in rx.REVOKED.finditer(p.text):
            revokes.append(
                Revoked(
                    number=m.group("number"),
                    date=_iso(m.group("date")),
                    title=normalise_space(m.group("title") or ""),
                    kind=m.group("kind").lower(),
                )
            )
    stem = Path(source).stem if source else ""
    return DocumentInfo(
        title=title,
        kind=_kind_of(title),
        number=number,
        date=date,
        in_force=in_force,
        revokes=tuple(revokes),
        source=source,
        sha256=sha,
        id=stem,
    )


def _strip_header(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """A leading "KEY: value" header closed by a dash rule (some renderings add one)."""
    for i, line in enumerate(lines[:40]):
        if rx.DASH_RULE.match(line.text):
            before = lines[:i]
            if before and rx.HEADER_KEY_LINE.match(before[0].text):
                return lines[: i + 1], lines[i + 1 :]
            break
    return [], lines


def parse_text(
    text: str,
    *,
    source: str = "",
    provenance: Provenance | None = None,
    doc_id: str = "",
) -> Document:
    """Parse a text into a Document (never raises on odd input; problems become findings)."""
    from lovdiff.refs import find_references

    cleaned = clean(text)
    lines = _lines(cleaned)
    header, lines = _strip_header(lines)
    b = _Builder(cleaned)
    for line in header:
        b.note(line, "Filhoved (metadata om kilden), ikke en del af teksten")
    for i, line in enumerate(lines):
        b.handle(line, lines[i + 1 : i + 12])
        b.prev_text = line.text

    # close spans: a node runs until the next node starts
    for i, node in enumerate(b.nodes):
        pieces = node.heading + node.text
        node.end = max((ln.end for ln in pieces), default=node.start)
        if node.kind == "subsection" and node.num == "1" and not node.label:
            node.start = min((ln.start for ln in pieces), default=node.start)
        del i

    refs, eids = _refs_and_eids(b.nodes)
    provs: list[Provision] = []
    for i, node in enumerate(b.nodes):
        chapter_ref = refs[node.chapter] if node.chapter is not None else None
        provs.append(
            Provision(
                ref=refs[i],
                eid=eids[i],
                kind=node.kind,  # type: ignore[arg-type]
                label=node.label,
                num=node.num,
                heading=_joined(node.heading),
                text=_joined(node.text),
                parent=eids[node.parent] if node.parent is not None else None,
                span=cleaned.source_span(node.start, max(node.end, node.start)),
                line=node.line,
                page=cleaned.page_of(node.start) if len(cleaned.page_starts) > 1 else None,
                chapter=chapter_ref,
            )
        )
    findings = list(b.findings)
    findings.extend(_numbering_findings(provs))
    header_text = " ".join(line.text for line in header)
    prov = provenance
    info = _metadata(
        provs, header_text, source or (prov.path if prov else ""), prov.sha256 if prov else ""
    )
    if doc_id:
        info = DocumentInfo(**{**info.__dict__, "id": doc_id})
    doc = Document(info=info, text=text, provisions=tuple(provs), findings=(), provenance=prov)
    own_lines = {eids[i]: node.text for i, node in enumerate(b.nodes)}
    references, ref_findings = find_references(doc, cleaned, own_lines)
    findings.extend(ref_findings)
    return Document(
        info=info,
        text=text,
        provisions=tuple(provs),
        references=tuple(references),
        findings=tuple(findings),
        provenance=prov,
    )


def parse_read(result: ReadResult, *, doc_id: str = "") -> Document:
    """Parse what a reader returned (the reader's findings first)."""
    doc = parse_text(
        result.text, source=result.provenance.path, provenance=result.provenance, doc_id=doc_id
    )
    if result.findings:
        doc = replace(doc, findings=result.findings + doc.findings)
    return doc


def parse_file(path: str | Path, *, doc_id: str = "") -> Document:
    """Read and parse a .txt, .docx or .pdf file."""
    from lovdiff.readers import read_path

    return parse_read(read_path(path), doc_id=doc_id)
