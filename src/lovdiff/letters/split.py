"""Split a text of one or many letters into responses, and each response into comments.

Steps, each a small function with a stated contract:

1. ``_lines``: the text as lines with offsets; each line gets a *kind* from its whole
   content (``address``, ``date``, ``reference``, ``email``, ``phone``, ``web``, ``page``,
   ``attention``, ``closing`` … or ``text``).
2. ``_blocks``: runs of non-blank lines (one line per block for Word text, where every
   paragraph is a line), cut again where PDF text without blank lines mixes letterhead,
   closing and prose lines, and at page ends (form feed, "Side 1 af 2"); each block gets
   a *role*: ``meta`` (letterhead/footer material),
   ``names`` (name/organisation lines only), ``subject``, ``salutation``, ``closing``, ``text``.
3. ``_skeleton``: letter cores. A closing formula ("Med venlig hilsen", "For X",
   "På vegne af …") plus the signature after it ends a letter; a subject line after body
   text and a new letterhead also starts one (letters without a closing; a name block at
   the end is then the signature). Text after the last signature with no new letterhead
   is an annex of that letter, not a new one. Between two cores lies a *zone* of
   footer and letterhead blocks, cut by ``_cut_zone``: blocks that repeat the previous
   letter's page footer, carry a last-page number, or name the previous sender stay with
   it; the rest (addressee, date, subject …) open the next letter.
4. ``_build_response``: metadata (every non-comment line, with its kind and span),
   comments (paragraphs or headed blocks, bullet lists with their lead-in, sentences
   broken by a page footer joined again), organisation, date, signatories, reference
   and personal contacts.

Contract: response spans are disjoint and in order; every comment span lies in its
response; every non-blank line lies in a comment span or a metadata span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from lovdiff.letters import patterns as P
from lovdiff.letters.contacts import find_contacts, is_webmail
from lovdiff.letters.organisations import KNOWN_BODIES, Body, count_mentions, detect_organisation
from lovdiff.letters.stance import stance
from lovdiff.models import Comment, Response, Span

META_KINDS = frozenset(
    {
        "page", "date", "reference", "their-reference", "email", "phone", "web", "address",
        "attention", "contact-person", "letterhead", "email-header", "separator",
    }
)  # fmt: skip
BLANK_CHARS = " \t\f\v\u00a0\u200b\u2007\u202f\ufeff"


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    index: int
    start: int
    """Offset of the first non-blank character."""
    end: int
    """Offset after the last non-blank character."""
    text: str
    """The stripped line."""
    kind: str
    page_start: bool = False
    """The line follows a form feed (a new PDF page)."""

    @property
    def blank(self) -> bool:
        return self.kind == "blank"


def parse_date(text: str) -> str | None:
    """The first Danish date in ``text`` as ISO "YYYY-MM-DD", or None.

    >>> [parse_date(s) for s in ("Den 18. februar 2026", "17.2.2026", "12-02-2026")]
    ['2026-02-18', '2026-02-17', '2026-02-12']
    >>> parse_date("Dato: 3. marts 2026"), parse_date("18/2 2026"), parse_date("i går")
    ('2026-03-03', '2026-02-18', None)
    """
    for m in P.DATE.finditer(text):
        g = m.groupdict()
        if g["month_name"]:
            day, month, year = int(g["day"]), P.MONTHS[g["month_name"].casefold()], int(g["year"])
        elif g["d2"]:
            day, month, year = int(g["d2"]), int(g["m2"]), int(g["y2"])
            year += 2000 if year < 100 else 0
        elif g["iy"]:
            day, month, year = int(g["id"]), int(g["im"]), int(g["iy"])
        else:
            day, month, year = int(g["d3"]), int(g["m3"]), int(g["y3"])
        if 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def has_sentence_break(s: str) -> bool:
    """Whether ``s`` holds two sentences ("… mv. Dette …"), not only abbreviations.

    >>> has_sentence_break("Vedr. Bekendtgørelse om sygedagpenge mv.")
    False
    >>> has_sentence_break("Rikke M. Friis")
    False
    >>> has_sentence_break("Det er klart. Vi foreslår en ændring.")
    True
    """
    for m in P.SENTENCE_BREAK.finditer(s):
        word = m.group("word").casefold()
        if len(word) > 1 and word not in P.ABBREVIATIONS:
            return True
    return False


def _words(s: str) -> int:
    return len(s.split())


def _part_kind(s: str, has_email: bool) -> str:
    """Kind of one stripped line (or one part of a composite footer line)."""
    if P.PAGE_LINE.fullmatch(s) or _page_header(s):
        return "page"
    if P.SEPARATOR_LINE.fullmatch(s):
        return "separator"
    header = P.EMAIL_HEADER.fullmatch(s)
    if header and len(s) <= 200:
        label = header.group("label").casefold()
        if label in ("emne", "subject"):
            return "text"  # a subject line, decided with its block
        if label in ("sendt", "sent", "dato", "date", "indsendt", "modtaget") and parse_date(s):
            return "date"
        if label in ("til", "to"):
            return "attention"  # the recipient of a mail, never the sender
        return "email-header"
    if P.DATE_LINE.fullmatch(s) and parse_date(s):
        return "date"
    if P.THEIR_REFERENCE_LINE.fullmatch(s):
        return "their-reference"
    if P.REFERENCE_LINE.fullmatch(s) or P.CODE_LINE.fullmatch(s):
        return "reference"
    if P.CONTACT_PERSON_LINE.fullmatch(s) and _words(s) <= 14:
        return "contact-person"
    if P.ATTENTION_LINE.fullmatch(s) and _words(s) <= 14 and not s.endswith("."):
        return "attention"
    if (has_email or P.EMAIL_LABEL_LINE.fullmatch(s)) and _words(s) <= 12:
        return "email"
    m = P.PHONE_LINE.fullmatch(s)
    if m and (m.group("label") or P.GROUPED_NUMBER.fullmatch(s) or s.startswith("+")):
        return "phone"
    if P.WEB_LINE.fullmatch(s):
        return "web"
    if _words(s) <= 7 and (
        P.STREET_LINE.fullmatch(s) or P.POBOX_LINE.fullmatch(s) or P.POSTCODE_LINE.fullmatch(s)
    ):
        return "address"
    if P.PROVISION_HEADING.fullmatch(s):
        return "text"
    if (P.CLOSING_LINE.fullmatch(s) or P.FOR_LINE.fullmatch(s)) and not s.endswith("."):
        return "closing"
    if P.CLOSING_LINE.fullmatch(s) and _words(s) <= 4:
        return "closing"
    if P.ATTENTION_LINE.fullmatch(s) and _words(s) <= 14 and not P.TERMINAL.search(s[-1:]):
        return "attention"
    if P.SALUTATION_LINE.fullmatch(s) and _words(s) <= 10:
        return "salutation"
    if P.NUMBER_LINE.fullmatch(s):
        return "number"
    return "text"


def _page_header(s: str) -> bool:
    """A running header/footer with a page number: "Danske Patienter · Høringssvar · side 2".

    >>> _page_header("Danske Patienter · Høringssvar · side 2"), _page_header("Se bilag – side 2")
    (True, True)
    >>> _page_header("Vi henviser til vejledningen, side 2")
    False
    """
    m = P.PAGE_HEADER_LINE.fullmatch(s)
    if not m:
        return False
    label = m.group("label") or m.group("label2") or ""
    return _words(label) <= 12 and not P.TERMINAL.search(label) and not has_sentence_break(label)


def _line_kind(s: str, has_email: bool) -> str:
    parts = [p for p in P.COMPOSITE.split(s) if p.strip()]
    if len(parts) > 1 and len(s) <= 200:
        kinds = [_part_kind(p.strip(), bool(P.EMAIL.search(p))) for p in parts]
        meta = [k for k in kinds if k in META_KINDS | {"number"}]
        labels = all(
            k in META_KINDS | {"number"} or _label_like(p.strip())
            for k, p in zip(kinds, parts, strict=True)
        )
        if len(meta) == len(kinds) or (len(meta) >= 2 and labels):
            return meta[0] if len(set(kinds)) == 1 else "letterhead"
    return _part_kind(s, has_email)


def _lines(text: str) -> list[_Line]:
    """Every line of ``text`` with the offsets of its stripped content and its kind."""
    email_spans = [(m.start(), m.end()) for m in P.EMAIL.finditer(text)]
    out: list[_Line] = []
    pos = 0
    page_start = False
    for i, raw in enumerate(text.splitlines(keepends=True)):
        body = raw.rstrip("\r\n")
        stripped = body.strip(BLANK_CHARS)
        if not stripped:
            out.append(_Line(i, pos, pos, "", "blank"))
        else:
            start = pos + body.index(stripped)
            end = start + len(stripped)
            has_email = any(s < end and start < e for s, e in email_spans)
            kind = _line_kind(stripped, has_email)
            out.append(_Line(i, start, end, stripped, kind, page_start=page_start))
            page_start = False
        page_start = page_start or raw.endswith("\f") or "\f" in body
        pos += len(raw)
    return out


# --------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    lines: list[_Line]
    role: str = "text"
    gap_before: int = 0
    """Blank lines between this block and the previous one."""

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


def person_name(s: str) -> str | None:
    """The person's name at the start of a signature line, or None.

    >>> person_name("Marianne Gro Bank – Chef for Arbejdskraft"), person_name("Næstformand, FH")
    ('Marianne Gro Bank', None)
    >>> person_name("Rikke M. Friis"), person_name("Dansk Samfundsmedicinsk Selskab (DASAMS)")
    ('Rikke M. Friis', None)
    """
    # the name ends at a comma, a slash, a parenthesis or a spaced dash; no pattern opens
    # with a whitespace run (a long run of spaces made the split quadratic)
    head = re.split(r"[,/(]|\s[–—-]\s", s, maxsplit=1)[0].strip()
    tokens = head.split()
    if not 2 <= len(tokens) <= 5 or P.ORG_WORDS.search(head):
        return None
    if any(not P.NAME_TOKEN.fullmatch(t) for t in tokens) or P.TITLE_WORDS.fullmatch(tokens[0]):
        return None
    if any(b.full.casefold() == head.casefold() for b in KNOWN_BODIES):
        return None
    return head


def _is_org_line(s: str) -> bool:
    if _words(s) > 8 or P.TERMINAL.search(s[-1:]) and not s.endswith(")"):
        return False
    return bool(P.ORG_WORDS.search(s)) or any(count_mentions(b, s) for b in KNOWN_BODIES)


def _sentence_like(s: str) -> bool:
    return _words(s) >= 6 and (s.endswith(".") or bool(has_sentence_break(s)))


def _blocks(lines: list[_Line], line_mode: bool) -> list[_Block]:
    """Runs of non-blank lines (single lines in ``line_mode``), with their roles."""
    blocks: list[_Block] = []
    gap = 0
    current: list[_Line] = []
    for ln in lines:
        if ln.blank:
            if current:
                blocks.append(_Block(current, gap_before=gap))
                current, gap = [], 0
            gap += 1
            continue
        if line_mode and current:
            blocks.append(_Block(current, gap_before=gap))
            current, gap = [], 0
        current.append(ln)
    if current:
        blocks.append(_Block(current, gap_before=gap))
    out: list[_Block] = []
    for b in blocks:
        for k, run in enumerate(_split_mixed(b.lines)):
            out.append(_Block(run, gap_before=b.gap_before if k == 0 else 0))
    for b in out:
        b.role = _block_role(b)
    return out


def _category(ln: _Line) -> str:
    if ln.kind in META_KINDS or ln.kind == "number":
        return "meta"
    if ln.kind in ("closing", "salutation"):
        return ln.kind
    if P.SUBJECT_LINE.match(ln.text):
        return "subject"
    return "text"


def _label_like(s: str) -> bool:
    """A short capitalised line that is no sentence: a name or organisation in a letterhead."""
    return (
        _words(s) <= 6
        and len(s) <= 60
        and s[:1].isupper()
        and (not P.TERMINAL.search(s) or s.endswith(")"))
        and not P.PROVISION_HEADING.fullmatch(s)
    )


def _split_mixed(lines: list[_Line]) -> list[list[_Line]]:
    """A block mixing letterhead/footer lines, closings and prose (PDF text without blank
    lines) as runs of one category each. Signature lines stay with their closing, short
    name-like lines with the letterhead lines they touch, a wrapped subject stays whole."""
    cats = [_category(ln) for ln in lines]
    if len(set(cats)) == 1 and cats[0] not in ("closing", "subject"):
        return _split_pages(lines)
    width = max(len(ln.text) for ln in lines)
    n = len(lines)
    # signature lines after a closing (not an addressee: an organisation line before "Att.")
    for i in range(1, n):
        if cats[i] == "text" and cats[i - 1] in ("closing", "signature"):
            nxt = lines[i + 1].kind if i + 1 < n else ""
            # an organisation line before "Att."/an address/a mailbox opens the next letter
            addressee = _is_org_line(lines[i].text) and nxt in (
                "attention",
                "address",
                "email",
                "phone",
            )
            if _signature_like(lines[i]) and not addressee and cats[:i].count("signature") < 8:
                cats[i] = "signature"
    # short name-like lines touching letterhead lines are letterhead; a person's name and
    # the title under it stay apart (a signature or a contact person)
    personal = {i for i, ln in enumerate(lines) if cats[i] == "text" and person_name(ln.text)}
    personal |= {i + 1 for i in personal}
    for i, ln in enumerate(lines):
        if cats[i] == "text" and i not in personal and _label_like(ln.text):
            near = [cats[j] for j in (i - 1, i + 1) if 0 <= j < n]
            if "meta" in near:
                cats[i] = "meta"
    for i in range(n - 2, -1, -1):
        label = _label_like(lines[i].text)
        if cats[i] == "text" and i not in personal and cats[i + 1] == "meta" and label:
            cats[i] = "meta"
    # a subject starts with a capital after a finished line; wrapped subjects stay whole
    for i in range(n):
        before = lines[i - 1].text if i else "."
        if cats[i] == "subject" and (
            not lines[i].text[:1].isupper()
            or (cats[i - 1] == "text" and not P.ENDED.search(before))
        ):
            cats[i] = "text"
    for i in range(1, n):
        prev_line = lines[i - 1].text
        open_end = not lines[i].text[:1].isupper() or bool(P.OPEN_END.search(prev_line))
        long_prev = len(prev_line) >= 0.7 * width
        if cats[i] == "text" and cats[i - 1] == "subject" and long_prev and open_end:
            cats[i] = "subject"
    runs: list[list[_Line]] = []
    prev = ""
    for ln, cat in zip(lines, cats, strict=True):
        if runs and (cat == prev or (cat == "signature" and prev == "closing")):
            runs[-1].append(ln)
        else:
            runs.append([ln])
        prev = cat
    return [part for run in runs for part in _split_pages(run)]


def _split_pages(lines: list[_Line]) -> list[list[_Line]]:
    """Break after a page number line ("Side 1 af 2") and at form feeds: a page ends there."""
    out: list[list[_Line]] = [[]]
    for ln in lines:
        if out[-1] and ln.page_start:
            out.append([])
        out[-1].append(ln)
        if ln.kind == "page":
            out.append([])
    return [run for run in out if run]


def _block_role(b: _Block) -> str:
    kinds = [ln.kind for ln in b.lines]
    first = b.lines[0].text
    if kinds[0] == "closing":
        return "closing"
    if len(b.lines) <= 5 and P.SUBJECT_LINE.match(first) and kinds[0] == "text":
        return "subject"
    if len(b.lines) == 1 and kinds[0] == "salutation":
        return "salutation"
    meta = sum(k in META_KINDS for k in kinds)
    others = [ln for ln in b.lines if ln.kind not in META_KINDS and ln.kind != "number"]
    if meta and all(
        len(ln.text) <= 70
        and not _sentence_like(ln.text)
        and not P.PROVISION_HEADING.fullmatch(ln.text)
        for ln in others
    ):
        return "meta"
    if len(b.lines) <= 4 and all(
        ln.kind in ("text", "number")
        and (person_name(ln.text) or _is_org_line(ln.text) or ln.kind == "number")
        for ln in b.lines
    ):
        return "names"
    return "text"


# --------------------------------------------------------------------------- skeleton


@dataclass
class _Core:
    """One letter's body and tail, as block indices."""

    first: int
    """First body block (a text block)."""
    body_end: int
    """Block index after the body (the closing group's start, or after the last text block)."""
    tail_end: int
    """Block index after closing and signature (== body_end without a closing)."""
    signature: list[_Line] = field(default_factory=list)
    closing: list[_Line] = field(default_factory=list)
    annex: tuple[int, int] | None = None
    """Blocks of text after the signature that belong to this letter (a P.S., an annex)."""


def _signature_like(ln: _Line) -> bool:
    s = ln.text
    return (
        ln.kind == "text"
        and len(s) <= 80
        and _words(s) <= 10
        and not has_sentence_break(s)
        and not (s.endswith(".") and _words(s) > 4)
        and not P.SUBJECT_LINE.match(s)
    )


def _tail(blocks: list[_Block], i: int) -> tuple[int, list[_Line], list[_Line]]:
    """From a closing block at ``i``: (index after the signature, closing lines, signature)."""
    closing: list[_Line] = []
    signature: list[_Line] = []
    j = i
    while j < len(blocks) and blocks[j].role == "closing":
        for ln in blocks[j].lines:
            if ln.kind == "closing" and not signature:
                closing.append(ln)
            elif _signature_like(ln):
                signature.append(ln)
            else:
                break
        j += 1
    found_name = any(person_name(ln.text) for ln in signature)
    lines_taken = len(signature)
    while j < len(blocks):
        b = blocks[j]
        if b.role in ("meta", "subject", "closing", "salutation"):
            break
        if found_name and b.gap_before >= 2:
            break
        if not all(_signature_like(ln) for ln in b.lines) or lines_taken + len(b.lines) > 8:
            break
        signature.extend(b.lines)
        lines_taken += len(b.lines)
        found_name = found_name or any(person_name(ln.text) for ln in b.lines)
        j += 1
    return j, closing, signature


def _is_body(b: _Block) -> bool:
    return b.role == "text"


def _after_letterhead(blocks: list[_Block], lo: int, k: int) -> bool:
    """Whether letterhead material (addresses, a date, an addressee, a salutation) lies
    between the last body text before block ``k`` and ``k``: only then does a subject line
    after body text open a new letter (else it is a section heading)."""
    j = k - 1
    while j >= lo and not _is_body(blocks[j]):
        if blocks[j].role in ("meta", "names", "salutation"):
            return True
        j -= 1
    return False


def _unclosed_core(blocks: list[_Block], first: int, end: int) -> _Core:
    """A letter without a closing formula: a name (and title) block at the end of its text
    is still its signature."""
    k = end
    while k - 1 > first and end - (k - 1) <= 2:
        b = blocks[k - 1]
        if len(b.lines) > 4 or not all(_signature_like(ln) for ln in b.lines):
            break
        k -= 1
    for j in range(k, end):
        if person_name(blocks[j].lines[0].text):
            signature = [ln for b in blocks[j:end] for ln in b.lines]
            return _Core(first, j, end, signature)
    return _Core(first, end, end)


def _opens_letter(blocks: list[_Block], lo: int, hi: int) -> bool:
    """Whether ``blocks[lo:hi]`` hold what opens a letter: a subject, a salutation, a date,
    an addressee or an address."""
    for b in blocks[lo:hi]:
        if b.role in ("subject", "salutation"):
            return True
        if any(ln.kind in ("date", "attention", "address") for ln in b.lines):
            return True
    return False


def _skeleton(blocks: list[_Block]) -> list[_Core]:
    """Letter cores in order (see the module docstring)."""
    cores: list[_Core] = []
    i = 0
    n = len(blocks)
    while i < n:
        c = next((k for k in range(i, n) if blocks[k].role == "closing"), n)
        texts = [k for k in range(i, c) if _is_body(blocks[k])]
        # a subject block after body text starts a new letter (one without a closing)
        starts: list[int] = []
        new_letter = False
        words = 0
        for k in range(i, c):
            if blocks[k].role == "subject" and starts:
                # a few words before a subject are letterhead text, not a letter; a subject
                # after a letter's text and a new letterhead opens the next letter
                new_letter = words < 15 or _after_letterhead(blocks, i, k)
            elif _is_body(blocks[k]):
                if not starts:
                    starts.append(k)
                elif new_letter:
                    if words < 15:
                        starts[-1] = k
                    else:
                        starts.append(k)
                    new_letter, words = False, 0
                words += _words(blocks[k].text)
        for a, b in zip(starts, starts[1:], strict=False):
            last_text = max(t for t in texts if a <= t < b)
            cores.append(_unclosed_core(blocks, a, last_text + 1))
        if c == n:
            if starts:
                last_start = starts[-1]
                last_text = max(t for t in texts if t >= last_start)
                words = sum(_words(blocks[t].text) for t in texts if t >= last_start)
                opens = _opens_letter(blocks, i, last_start)
                if not cores or opens:
                    cores.append(_unclosed_core(blocks, last_start, last_text + 1))
                elif len(starts) == 1 and words >= 15:
                    # text after the signature with no new letterhead: an annex of the letter
                    cores[-1].annex = (last_start, last_text + 1)
                # else: a few words of footer text, kept as metadata of the last letter
            break
        end, closing, signature = _tail(blocks, c)
        first = starts[-1] if starts else c
        cores.append(_Core(first, c, end, signature, closing))
        i = end
    return cores


def _cut_zone(
    blocks: list[_Block],
    lo: int,
    hi: int,
    prev_repeat: set[str],
    prev_org: Body | None,
    next_org: Body | None,
) -> int:
    """Where the zone ``blocks[lo:hi]`` between two letters is cut (blocks before -> previous)."""
    last_prev = -1
    first_next = hi
    first_opener = hi
    for k in range(lo, hi):
        b = blocks[k]
        text = b.text
        prev_ev = False
        next_ev = b.role in ("subject", "salutation")
        for ln in b.lines:
            # a page number line, or a running header with one ("KL · side 2 af 3")
            m = P.PAGE_LINE.fullmatch(ln.text)
            m = m or (P.PAGE_LINE.search(ln.text) if ln.kind == "page" else None)
            if m:
                n_, m_ = m.group("n"), m.group("m")
                if n_ and m_ and int(n_) == 1 and int(m_) > 1:
                    next_ev = True
                else:
                    prev_ev = True
            if ln.kind == "attention":
                next_ev = True
            if ln.kind in META_KINDS and ln.text in prev_repeat:
                prev_ev = True
        p_hits = count_mentions(prev_org, text) if prev_org else 0
        n_hits = count_mentions(next_org, text) if next_org else 0
        if prev_org and next_org and prev_org.full == next_org.full:
            p_hits = n_hits = 0
        if p_hits and not n_hits:
            prev_ev = True
        if n_hits and not p_hits:
            next_ev = True
        if prev_ev and not next_ev:
            last_prev = k
        if next_ev and first_next == hi:
            first_next = k
        opener = any(
            ln.kind in ("date", "address", "reference", "attention") for ln in b.lines
        ) or b.role in ("subject", "salutation", "names")
        if opener and first_opener == hi:
            first_opener = k
    if last_prev >= lo:
        return last_prev + 1
    return min(first_opener, first_next)


# --------------------------------------------------------------------------- comments


@dataclass
class _Unit:
    kind: str
    """"text", "bullets", "heading"."""
    lines: list[_Line]
    heading_kind: str = ""
    about: str = ""
    interrupted: list[_Line] = field(default_factory=list)

    @property
    def span(self) -> Span:
        return (self.lines[0].start, self.lines[-1].end)


def _join_lines(lines: Sequence[_Line]) -> str:
    """Cleaned text of consecutive lines: one space between lines, hyphenation undone,
    bullets each on their own line, Markdown conversion marks removed."""
    out = ""
    for ln in lines:
        s = ln.text
        if not out:
            out = s
            continue
        if P.BULLET.match(s):
            out += "\n" + s
        elif P.DEHYPHEN.search(out) and s[:1].islower() and not P.CONJ.match(s):
            # "sagsbe-/handling" -> "sagsbehandling"; "EU-/regler" keeps its hyphen
            soft = out[-1] in "\u2010\u00ad" or out[-2:-1].islower()
            out = out[:-1] + s if soft else out + s
        elif out.endswith("@") or s.startswith("@") or _email_break(out, s):
            out += s
        else:
            out += " " + s
    return _clean(out)


def _email_break(before: str, after: str) -> bool:
    tail = before.rsplit(None, 1)[-1] if before.split() else ""
    return bool(P.EMAIL.fullmatch(tail + after.split(None, 1)[0])) if after else False


def _clean(s: str) -> str:
    s = P.MARKDOWN_LINK.sub(r"\1", s)
    s = P.MARKDOWN_EMPHASIS.sub("", s)
    s = s.replace("\u00a0", " ").replace("\u2010", "-")
    s = re.sub(r"[ \t]+", " ", s)
    return re.sub(r" ?\n ?", "\n", s).strip()


def _heading_kind(s: str) -> tuple[str, str]:
    """("section"|"general"|"provision"|"plain"|"", about) for a one-line paragraph."""
    if len(s) > 250 or P.BULLET.match(s) or s[:1].islower():
        return "", ""
    if P.PROVISION_HEADING.fullmatch(s):
        return "provision", ""
    ends_open = not re.search(r"[.,;:!?]$", s) or bool(P.ABBREVIATION_END.search(s))
    if not ends_open or has_sentence_break(s):
        return "", ""
    m = P.SECTION_HEADING.fullmatch(s)
    if m and _words(s) <= 30:
        title = P.ACT_TITLE.search(m.group("act"))
        about = P.ACT_TAIL.split(title.group("title"))[0].rstrip(" :") if title else ""
        return "section", about
    if P.GENERAL_HEADING.fullmatch(s):
        return "general", ""
    opens = s[0].isupper() or s[0].isdigit() or s[0] == "§"
    if _words(s) <= 10 and len(s) <= 80 and opens and not re.search(r"[.,;:!?]$", s):
        return "plain", ""
    return "", ""


def _paragraphs(block: _Block) -> list[_Unit]:
    """A text block as paragraphs: wrapped lines joined, bullets grouped, a heading line
    on top of a block split off."""
    units: list[_Unit] = []
    lines = block.lines
    width = max(len(ln.text) for ln in lines)
    for idx, ln in enumerate(lines):
        bullet = bool(P.BULLET.match(ln.text))
        if not units:
            units.append(_Unit("bullets" if bullet else "text", [ln]))
            continue
        cur = units[-1]
        prev = cur.lines[-1].text
        if bullet:
            if cur.kind == "bullets":
                cur.lines.append(ln)
            else:
                units.append(_Unit("bullets", [ln]))
            continue
        # a heading line: one line whose predecessor ended a sentence
        before = units[-2].lines[-1].text if len(units) > 1 else "."
        after_heading = (
            len(cur.lines) == 1
            and not ln.text[:1].islower()
            and (P.ENDED.search(before) or len(before) < 0.5 * width)
            and _heading_kind(prev)[0] != ""
        )
        ends = bool(P.ENDED.search(prev))
        heading_next = ends and idx + 1 < len(lines) and _heading_kind(ln.text)[0] != ""
        new_para = bool(after_heading) or heading_next
        new_para = new_para or (ends and (len(prev) < 0.7 * width or cur.kind == "bullets"))
        # a short line ends its paragraph even without a period when a capital follows
        short_end = len(prev) < 0.5 * width and not P.OPEN_END.search(prev)
        new_para = new_para or (short_end and ln.text[:1].isupper() and len(cur.lines) > 1)
        if new_para:
            units.append(_Unit("text", [ln]))
        else:
            cur.lines.append(ln)
    return units


@dataclass
class _Letter:
    blocks: list[_Block]
    header: list[_Block]
    body: list[_Block]
    annex: list[_Block]
    """Text after the signature that belongs to the letter (comments too)."""
    tail_closing: list[_Line]
    signature: list[_Line]
    tail_lines: list[_Line]
    """All lines of the closing and signature blocks."""
    tail_rest: list[_Block]


def _merged(lines: list[_Line]) -> _Line:
    """Lines as one (a heading wrapped over lines)."""
    text = " ".join(ln.text for ln in lines)
    return _Line(lines[-1].index, lines[0].start, lines[-1].end, text, "text")


def _meta_entries(lines: Iterable[_Line], default: str) -> list[tuple[str, _Line]]:
    out = []
    for ln in lines:
        kind = ln.kind
        if kind == "number":
            kind = "reference"
        elif kind == "attention":
            kind = "addressee"
        elif kind == "text":
            kind = default
        out.append((kind, ln))
    return out


def _group(entries: list[tuple[str, _Line]]) -> list[tuple[str, str, Span]]:
    """Consecutive lines of one kind become one metadata entry."""
    out: list[tuple[str, str, Span]] = []
    last_line = -2
    for kind, ln in entries:
        if (
            out
            and out[-1][0] == kind
            and ln.index == last_line + 1
            and kind
            not in (
                "reference",
                "date",
                "page",
                "signature",
                "heading",
            )
        ):
            k, v, (s, _) = out[-1]
            out[-1] = (k, v + "\n" + ln.text, (s, ln.end))
        else:
            out.append((kind, ln.text, (ln.start, ln.end)))
        last_line = ln.index
    return out


def _addressee_block(b: _Block) -> bool:
    if any(ln.kind == "attention" for ln in b.lines):
        return True
    return (
        any(body.authority and count_mentions(body, b.lines[0].text) for body in KNOWN_BODIES)
        and b.lines[0].kind == "text"
    )


SENDER_LABELS = ("fra", "from", "afsender")


def _sender_header(ln: _Line) -> tuple[str, str] | None:
    """(name, address) of a mail's sender line: "Fra: Jens Pedersen <jens.p@gmail.com>"."""
    m = P.EMAIL_HEADER.fullmatch(ln.text) if ln.kind == "email-header" else None
    if m is None or m.group("label").casefold() not in SENDER_LABELS:
        return None
    value = m.group("value")
    address = P.EMAIL.search(value)
    name = value[: address.start()] if address else value
    return name.strip(" \t<>\"'()[],;:"), address.group("domain") if address else ""


def _private_sender(letter: _Letter) -> str | None:
    """The person who sent a letter by mail from a private mail service (gmail.com …), as
    the "Fra:" line names them; None for any other letter."""
    for b in letter.header:
        for ln in b.lines:
            if (sender := _sender_header(ln)) is not None:
                name, domain = sender
                person = person_name(name)
                return person if person and domain and is_webmail(domain) else None
    return None


def _build_response(letter: _Letter, text: str, source: str, index: int) -> Response:
    entries: list[tuple[str, _Line]] = []
    addressee_text: list[str] = []
    letterhead_text: list[str] = []
    subject = ""
    subject_lines: list[_Line] = []
    for b in letter.header:
        if b.role == "subject":
            subject = " ".join(ln.text for ln in b.lines)
            subject_lines = b.lines
            entries += [("subject", ln) for ln in b.lines]
        elif any(_sender_header(ln) for ln in b.lines):
            # a mail's header: "Til:" names the recipient, the other lines the sender
            for ln in b.lines:
                if ln.kind == "attention":
                    addressee_text.append(ln.text)
                    entries += _meta_entries([ln], "addressee")
                else:
                    letterhead_text.append(ln.text)
                    entries += _meta_entries([ln], "letterhead")
        elif _addressee_block(b):
            addressee_text.append(b.text)
            entries += _meta_entries(b.lines, "addressee")
        else:
            letterhead_text.append(b.text)
            entries += _meta_entries(b.lines, "letterhead")

    units, body_meta = _body_units(letter.body)
    if letter.annex:
        annex_units, annex_meta = _body_units(letter.annex)
        units += annex_units
        body_meta += annex_meta
    entries += body_meta
    entries += [("heading", _merged(u.lines)) for u in units if u.kind == "heading"]
    entries += [("closing", ln) for ln in letter.tail_closing]
    entries += [("signature", ln) for ln in letter.signature]
    taken = {ln.index for ln in letter.tail_closing + letter.signature}
    entries += [("letterhead", ln) for ln in letter.tail_lines if ln.index not in taken]
    for b in letter.tail_rest:
        letterhead_text.append(b.text)
        entries += _meta_entries(b.lines, "letterhead")
    # mid-letter footers count as letterhead for the organisation
    letterhead_text += [ln.text for k, ln in body_meta if k != "contact"]

    comments: list[Comment] = []
    current_heading, current_about = "", ""
    for u in units:
        if u.kind == "heading":
            current_heading = _clean(" ".join(ln.text for ln in u.lines))
            if u.heading_kind in ("section", "general"):
                current_about = u.about
            continue
        body_text = _join_lines(u.lines)
        comments.append(
            Comment(
                text=body_text,
                span=u.span,
                target="general",
                stance=stance(body_text),
                heading=current_heading,
                about=current_about,
                id=f"{index}.{len(comments) + 1}",
            )
        )

    if not comments and subject_lines and P.NO_REMARKS.search(subject):
        # the subject says it all ("Emne: Ingen bemærkninger"): that is the response
        said = _join_lines(subject_lines)
        said = said[len(m.group(0)) :] if (m := P.SUBJECT_LABEL.match(said)) else said
        comments.append(
            Comment(
                text=said,
                span=(subject_lines[0].start, subject_lines[-1].end),
                target="general",
                stance=stance(said),
                id=f"{index}.1",
            )
        )
        taken_subject = {ln.index for ln in subject_lines}
        entries = [(k, ln) for k, ln in entries if ln.index not in taken_subject]
    first_para = comments[0].text if comments else ""
    sign_text = "\n".join(ln.text for ln in letter.tail_closing + letter.signature)
    private = _private_sender(letter)
    parts = [
        (subject, 2.0),
        (first_para, 2.0),
        ("\n".join(c.text for c in comments), 1.0),
        (sign_text, 3.0),
        ("\n".join(letterhead_text), 1.5),
    ]
    if private:
        # a person writing from a private mailbox: bodies named in the text are what the
        # letter is about; only a subject, signature or letterhead names a sender body
        parts = [parts[0], parts[3], parts[4]]
    org = detect_organisation(parts, exclude=addressee_text) or _fallback_sender(letter)
    if org is None and private:
        org = Body(private)
    if org is not None:
        # the sender known, stance reads its rejections by name ("Vejle Kommune må afvise …")
        sender = tuple(dict.fromkeys(n for n in (org.full, org.short, *org.aliases) if n))
        comments = [replace(c, stance=stance(c.text, sender)) for c in comments]

    ordered = sorted(entries, key=lambda e: e[1].start)
    metadata = _group(ordered)
    date = None
    for kind, value, _ in metadata:
        if kind == "date" and (d := parse_date(value)):
            date = d
            break
    refs: list[str] = []
    for kind, value, _ in metadata:
        if kind == "reference" and value not in refs:
            refs.append(value)
    names_found: list[str] = []
    for ln in letter.tail_closing:
        m = P.CLOSING_LINE.fullmatch(ln.text)
        rest = (m.group("rest") or m.group("rest2") or "") if m else ""
        if rest and (n := person_name(rest.strip(" ,–-"))):
            names_found.append(n)
    for ln in letter.signature:  # two signatories side by side: "Navn Et    Navn To"
        names_found += [n for part in P.COMPOSITE.split(ln.text) if (n := person_name(part))]
    signatories = tuple(dict.fromkeys(names_found))
    all_blocks = letter.blocks
    span = (all_blocks[0].start, all_blocks[-1].end)
    names = (org.full, org.short_name) if org else ()
    # running text: the comments' lines (not a footer a comment runs across), the contact
    # sentence, a contact person's line
    prose = [(ln.start, ln.end) for u in units if u.kind != "heading" for ln in u.lines]
    prose += [(ln.start, ln.end) for k, ln in entries if k in ("contact", "contact-person")]
    shifted = [(a - span[0], b - span[0]) for a, b in prose]
    contacts = find_contacts(text[span[0] : span[1]], names, shifted)
    contacts += [c for c in _signature_phones(letter) if c not in contacts]
    for c in list(contacts):
        compact = re.sub(r"\s+", "", c)
        if "@" in c and compact != c and any(compact in cm.text for cm in comments):
            contacts.append(compact)
    return Response(
        organisation=org.name if org else "",
        short_name=org.short_name if org else "",
        date=date,
        signatories=signatories,
        reference="; ".join(refs),
        comments=tuple(comments),
        span=span,
        source=source,
        metadata=tuple((k, v) for k, v, _ in metadata),
        contacts=tuple(contacts),
        metadata_spans=tuple(s for _, _, s in metadata),
    )


def _fallback_sender(letter: _Letter) -> Body | None:
    """When no rule names the sender: the first name line of the letterhead (not the
    addressee), else an organisation line of the signature, else the first signatory (a
    private person answers in their own name)."""
    for b in letter.header:
        if b.role in ("names", "meta") and not _addressee_block(b):
            first = b.lines[0]
            if first.kind == "text" and _label_like(first.text) and not person_name(first.text):
                return Body(first.text)
    for ln in letter.signature:
        if _is_org_line(ln.text) and not person_name(ln.text):
            return Body(ln.text)
    for ln in letter.signature:
        if name := person_name(ln.text):
            return Body(name)
    return None


def _signature_phones(letter: _Letter) -> list[str]:
    """Unlabelled phone numbers printed right under a signatory's name: that person's line.

    A number with a switchboard label ("T:", "Tlf.:", "Telefon:") stays organisational."""
    lines = [*letter.tail_lines, *(ln for b in letter.tail_rest for ln in b.lines)]
    out: list[str] = []
    after_name = 0
    for ln in lines:
        if person_name(ln.text):
            after_name = 3
            continue
        if after_name and ln.kind == "phone":
            m = P.PHONE_LINE.fullmatch(ln.text)
            if m and not m.group("label"):
                out.append(m.group("number"))
        after_name = max(0, after_name - 1)
    return out


def _letterhead_names(b: _Block) -> bool:
    """A names block inside a letter body is letterhead (not a heading) when it has several
    lines, or names a person or a known body exactly, or is in capitals."""
    if len(b.lines) > 1:
        return True
    s = b.lines[0].text
    known = any(s.casefold() in (x.full.casefold(), x.short.casefold()) for x in KNOWN_BODIES)
    return bool(person_name(s)) or known or s.isupper()


def _body_units(body: list[_Block]) -> tuple[list[_Unit], list[tuple[str, _Line]]]:
    """Comment units and headings of a letter body, and the metadata lines inside it."""
    meta: list[tuple[str, _Line]] = []
    raw: list[_Unit] = []
    pending_interrupt: list[_Line] = []
    for b in body:
        if (b.role == "meta" or (b.role == "names" and _letterhead_names(b))) and raw:
            meta += _meta_entries(b.lines, "letterhead")
            pending_interrupt += b.lines
            continue
        if b.role == "salutation" or (not raw and b.role in ("meta", "names")):
            meta += _meta_entries(b.lines, "letterhead")
            continue
        for u in _paragraphs(b):
            u.interrupted = pending_interrupt
            pending_interrupt = []
            raw.append(u)
    # headings
    for k, u in enumerate(raw):
        if u.kind == "text" and len(u.lines) <= 3:
            kind, about = _heading_kind(" ".join(ln.text for ln in u.lines))
            if len(u.lines) > 1 and kind not in ("section", "general"):
                continue
            nxt = raw[k + 1] if k + 1 < len(raw) else None
            if kind and nxt is not None and not nxt.lines[0].text[:1].islower():
                u.kind, u.heading_kind, u.about = "heading", kind, about
    # joins: broken sentences and bullet lists with their lead-in
    units: list[_Unit] = []
    for u in raw:
        prev = units[-1] if units else None
        if prev is not None and prev.kind in ("text", "bullets") and u.kind != "heading":
            last = prev.lines[-1].text
            opening = u.lines[0].text
            broken = not P.TERMINAL.search(last) and (
                opening[:1].islower()
                or bool(P.OPEN_END.search(last))
                or (last.endswith("§") and opening[:1].isdigit())
            )
            lead_in = not u.interrupted or P.ENDED.search(last) is not None
            label_only = len(prev.lines) == 1 and P.LIST_LABEL.fullmatch(last) is not None
            no_words = not any(ch.isalnum() for ch in u.lines[0].text) and len(u.lines) == 1
            if broken or label_only or no_words or (u.kind == "bullets" and lead_in):
                prev.lines += u.lines
                prev.kind = "text" if u.kind == "text" else prev.kind
                continue
        units.append(u)
    # contact notes and salutations are metadata, not comments
    out: list[_Unit] = []
    for u in units:
        first = u.lines[0].text
        if u.kind != "heading" and P.CONTACT_NOTE.match(first) and len(u.lines) <= 3:
            meta += [("contact", ln) for ln in u.lines]
        elif u.kind != "heading" and P.SALUTATION_LINE.fullmatch(first) and len(u.lines) == 1:
            if _words(first) <= 10:
                meta += [("salutation", ln) for ln in u.lines]
            else:
                out.append(u)
        else:
            out.append(u)
    # a heading with nothing after it (before the closing) is only metadata
    while out and out[-1].kind == "heading":
        meta.append(("heading", _merged(out.pop().lines)))
    return out, meta


# --------------------------------------------------------------------------- entry point


def _line_mode(lines: list[_Line]) -> bool:
    """Whether every line is a paragraph: hardly any blank lines, and prose lines are long
    (Word text), not wrapped at a page width (PDF text)."""
    nonblank = [ln for ln in lines if not ln.blank]
    if len(nonblank) <= 10 or len(lines) - len(nonblank) > len(nonblank) * 0.05:
        return False
    prose = sorted(len(ln.text) for ln in nonblank if _words(ln.text) > 6)
    return bool(prose) and prose[len(prose) // 2] > 120


def split_responses(
    text: str, source: str = "", *, line_mode: bool | None = None
) -> tuple[Response, ...]:
    """The letters in ``text`` as responses with comments, metadata and spans into ``text``.

    ``line_mode``: every line is a paragraph (text from Word); None decides by the share of
    blank lines.
    """
    lines = _lines(text)
    if line_mode is None:
        line_mode = _line_mode(lines)
    blocks = _blocks(lines, line_mode)
    if not blocks:
        return ()
    cores = _skeleton(blocks)
    if not cores:
        cores = [_Core(0, 0, 0)]
    # preliminary organisation of each core (body + tail) for cutting zones
    prelim: list[Body | None] = []
    for core in cores:
        body_text = "\n".join(b.text for b in blocks[core.first : core.tail_end])
        prelim.append(detect_organisation([(body_text, 1.0)]))
    bounds = [0]
    for k in range(len(cores) - 1):
        a, b = cores[k], cores[k + 1]
        repeat = {
            ln.text
            for blk in blocks[a.first : a.body_end]
            if blk.role == "meta"
            for ln in blk.lines
        }
        bounds.append(_cut_zone(blocks, a.tail_end, b.first, repeat, prelim[k], prelim[k + 1]))
    bounds.append(len(blocks))
    responses: list[Response] = []
    for k, core in enumerate(cores):
        lo, hi = bounds[k], bounds[k + 1]
        first = max(core.first, lo)
        a0, a1 = core.annex or (hi, hi)
        letter = _Letter(
            blocks=blocks[lo:hi],
            header=blocks[lo:first],
            body=blocks[first : core.body_end],
            annex=blocks[a0:a1],
            tail_closing=core.closing,
            signature=core.signature,
            tail_lines=[ln for blk in blocks[core.body_end : core.tail_end] for ln in blk.lines],
            tail_rest=[
                b
                for k, b in enumerate(
                    blocks[max(core.tail_end, first) : hi], max(core.tail_end, first)
                )
                if not a0 <= k < a1
            ],
        )
        if not letter.blocks:
            continue
        responses.append(_build_response(letter, text, source, len(responses) + 1))
    return tuple(responses)
