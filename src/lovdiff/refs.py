"""Citations: find every reference in a document's provisions, classify, expand and resolve.

A citation is *external* when it names another act right after it (``§ 12 i lov om
sygedagpenge``), right before it (``retssikkerhedslovens § 4``, ``lov om social services § 5``,
``Lov om aktie- og anpartsselskaber § 242``, ``forordningens artikel 4``), or shares the act
of a list it belongs to (``§ 19, stk. 2, og § 26 c, stk. 2, i lov om social pension``: both
external). Whether a bare genitive names the document itself depends on the document:
``lovens § 5`` and ``§ 5 i denne lov`` are internal in a law and external in an order (they
cite its enabling act); ``bekendtgørelsens kapitel 3`` is internal in an order and external in
a law. An article (``artikel 129, stk. 1``) is always external, and so is an act's number
(``lov nr. 1336``, ``forordning (EU) nr. 575/2013``), which is no citation at all. Citations in
the amending acts' provisions that a consolidated act quotes at its end (``Lov nr. 1231 af …
indeholder følgende ikrafttrædelsesbestemmelser: … § 70 …``) point into that amending act.

Everything else is *internal* and is resolved against the document's own provisions: a
relative ``stk. 2`` (or ``Stk. 2`` opening a sentence) means a subsection of the section it
stands in; a ``stk.`` repeated after ``og`` continues the section cited before it (``§ 3, stk. 2
og stk. 3, nr. 4``). In a text without sections of its own (a letter, an application), every
citation is external and its act is the nearest act named before it in the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from lovdiff import regexes as rx
from lovdiff.models import Document, Finding, Provision, Reference

if TYPE_CHECKING:
    from lovdiff.clean import Cleaned
    from lovdiff.parse import Line

_SPLIT = re.compile(r"\s*(?:,|og|eller|samt)\s*")
# A range: "21-23", "15 b - 15 d", "15-15 c", "2a-2c", "3 til 5".
_RANGE = re.compile(r"^(\d+)\s*([a-zæø]?)\s*(?:-|–|til)\s*(\d+)\s*([a-zæø]?)$")
_LETTER_RANGE = re.compile(r"^([a-z])\s*(?:-|–)\s*([a-z])$")
_PKT = re.compile(r"(\d+)\.\s*(?:og\s+\d+\.\s*)?pkt\.")
_PART = re.compile(
    rf"(?P<kind>stk\.|nr\.)\s*(?P<nums>{rx.NUM_LIST})"
    r"|litra\s+(?P<letters>[a-z](?:\s*(?:-|–|,|og|eller)\s*[a-z]\b)*)",
    re.IGNORECASE,
)
_LEVEL = {"stk.": 1, "nr.": 2, "litra": 3}
_UNKNOWN_ACT = "ukendt retsakt"
# Each run of spaces follows a token of its own: three optional parts around bare "\s*"s
# backtracked cubically (1,000 spaces before a word took 10 s).
_CONNECT = re.compile(r"^\s*(?:,\s*)?(?:(?:og|eller|samt|,)\s*)?(?:jf\.\s*)?$")
_SENTENCE_END = re.compile(r"(?<!\bnr)(?<!\bjf)(?<!\bstk)(?<!\bpkt)[.!?]\s+(?=[A-ZÆØÅ])|\n\s*\n")
# An official note on the act's history (a consolidated act's "Officielle noter"): what an
# amendment concerned, what it repealed or inserted, when it came into force. It cites the act
# as it was when amended, so a citation of a provision since repealed is no dangling one.
_AMENDMENT_HISTORY = re.compile(
    r"""\b\w*ændring(?:en|erne|sloven)?\s+vedrører\b
        # "Lovændringen vedrører § 18, stk. 4", "Ændringsloven vedrører …"
    |\bikrafttræden(?:en)?\s+vedrører\b
        # "Ikrafttræden vedrører ophævelsen af lovens § 2"
    |\bvedrører\s+(?:\w+\s+)?(?:ophævelse|indsættelse|ændring|tilføjelse|(?:ny)?affattelse)
        # "… vedrører ophævelse af § 16, stk. 3-5", "vedrører økologilovens ændring …"
    |\b(?:er|blev)\s+(?:blevet\s+)?(?:ophævet|indsat|ændret|tilføjet|(?:ny)?affattet)\s+ved\b
        # "Bestemmelsen er ophævet ved § 1 i lov nr. 387 af 30. maj 2005"
    |\b(?:træder|trådte|er\s+trådt)\s+i\s+kraft\b
        # "Ved bekendtgørelse nr. 208 … er det bestemt, at loven træder i kraft den …"
    |\bhar\s+virkning\s+fra\b
        # "Lovens § 4 har virkning fra omdannelsen af Danmarks Skibskreditfond"
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A line that opens an official note: "7) Lovændringen …" (notes the parser could not tell
# apart share one provision).
_NOTE_START = re.compile(r"^\s*\d{1,3}\)\s", re.MULTILINE)
_ACT_MENTION = re.compile(
    r"""(?P<act>
        (?:Lov|lov|Bekendtgørelse|bekendtgørelse|Lovbekendtgørelse|lovbekendtgørelse|BEK|LBK)
            (?:\s+nr\.?\s*\d+(?:\s+af\s+(?:\d{1,2}\.?\s+\w+\s+)?\d{4})?)?
            (?:\s+(?:om|af)\s+[^;§()\n–]{3,120}?)?(?=\s*[;:(–-]|\s*§|\s*\)|$)
       |[A-ZÆØÅa-zæøå][\w-]*(?:loven|lovens|lov)\b
       |\b[A-ZÆØ]{2,6}\b(?=\s*§)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class OwnNames:
    """How a document names itself: the genitive before a citation ("lovens"), the words after
    it ("i denne lov"), and a law's short name ("forældelsesloven" -> stem "forældelseslov")."""

    before: re.Pattern[str]
    after: re.Pattern[str]
    names: tuple[str, ...] = ()

    def names_self(self, act: str) -> bool:
        a = act.lower()
        return any(a in (s, f"{s}s", f"{s}en", f"{s}ens") for s in self.names)


_LAW_KINDS = ("lov", "lovbekendtgørelse", "ændringslov")


def own_of(doc: Document) -> OwnNames:
    """A law (also a consolidated one) names itself "loven"; an order "bekendtgørelsen"; a
    document of another kind may mean either."""
    kind, title = doc.info.kind, doc.info.title.strip()
    if kind in _LAW_KINDS or rx.LAW_TITLE.match(title):
        names: tuple[str, ...] = ()
        if kind != "ændringslov":  # an amending act's title names the acts it amends
            names = tuple(m.group("stem").lower() for m in rx.SHORT_NAME.finditer(title))
        return OwnNames(rx.OWN_LAW_BEFORE, rx.OWN_LAW_AFTER, names)
    if kind == "bekendtgørelse":
        return OwnNames(rx.OWN_ORDER_BEFORE, rx.OWN_ORDER_AFTER)
    return OwnNames(rx.OWN_DOCUMENT, rx.OWN_DOCUMENT_AFTER)


class _Chain(NamedTuple):
    """One citation chain: "§ 3, stk. 2 og stk. 3, nr. 4" / "artikel 129, stk. 1"."""

    start: int
    end: int
    secs: str
    tail: str


def _chains(pattern: re.Pattern[str], text: str) -> list[_Chain]:
    out = []
    for m in pattern.finditer(text):
        tail = m.group("tail")
        end = m.end("tail")
        if re.search(r"stk\.", tail, re.IGNORECASE):  # "og stk. 3" continues a cited stk.
            tail, end = tail + m.group("more"), m.end("more")
        out.append(_Chain(m.start(), end, m.group("secs"), tail))
    return out


def _grouped(text: str, chains: list[_Chain]) -> list[list[_Chain]]:
    """Chains joined by "og"/","/"jf." form a list that shares the act named after its last."""
    groups: list[list[_Chain]] = []
    for ch in chains:
        if groups and _CONNECT.match(text[groups[-1][-1].end : ch.start]):
            groups[-1].append(ch)
        else:
            groups.append([ch])
    return groups


def _expand(nums: str) -> list[str]:
    """The numbers of a list, ranges expanded.

    >>> _expand("21-23")
    ['21', '22', '23']
    >>> _expand("3 og 4")
    ['3', '4']
    >>> _expand("15 b - 15 d og 18")
    ['15 b', '15 c', '15 d', '18']
    >>> _expand("15 a-17")
    ['15 a', '16', '17']
    """
    out: list[str] = []
    nums = nums.replace("§", " ")
    for part in _SPLIT.split(nums.strip()):
        part = part.strip()
        if not part:
            continue
        m = _RANGE.match(part)
        expanded = _range(*m.groups()) if m else None
        out.extend(expanded if expanded is not None else [_canon(part)])
    return out


def _range(first: str, first_letter: str, last: str, last_letter: str) -> list[str] | None:
    """The sections from one number to another; lettered ones in between cannot be known,
    except on the same number ("15 - 15 c" is 15, 15 a, 15 b, 15 c). None when not a range."""
    a, b = int(first), int(last)
    if last_letter and not "a" <= last_letter <= "z":
        return None
    letters = [chr(c) for c in range(ord("a"), ord(last_letter) + 1)] if last_letter else []
    if a == b:
        if not last_letter or first_letter >= last_letter:
            return None
        start = [] if first_letter else [str(a)]
        return start + [f"{a} {c}" for c in letters if c >= (first_letter or "a")]
    if not 0 < b - a < 200:
        return None
    out = [f"{a} {first_letter}" if first_letter else str(a)]
    out.extend(str(n) for n in range(a + 1, b + 1))
    return out + [f"{b} {c}" for c in letters]


def _letters(spec: str) -> list[str]:
    """'a-c og g' -> a, b, c, g."""
    out: list[str] = []
    for part in _SPLIT.split(spec.strip()):
        m = _LETTER_RANGE.match(part.strip())
        if m and m.group(1) <= m.group(2):
            out.extend(chr(c) for c in range(ord(m.group(1)), ord(m.group(2)) + 1))
        elif part.strip():
            out.append(part.strip())
    return out


def _canon(num: str) -> str:
    m = re.match(r"(\d+)\s*([a-zæøå]?)$", num.strip())
    if not m:
        return num.strip()
    return m.group(1) + (f" {m.group(2)}" if m.group(2) else "")


def _parse_tail(tail: str) -> tuple[list[tuple[str, list[str]]], int | None]:
    """Split ', stk. 1 og 2, nr. 3, 2. pkt.' into its parts in order, and the sentence."""
    sentence = None
    m = _PKT.search(tail)
    if m:
        sentence = int(m.group(1))
        tail = tail[: m.start()] + tail[m.end() :]
    parts: list[tuple[str, list[str]]] = []
    for part in _PART.finditer(tail):
        if part.group("kind"):
            kind, values = part.group("kind").lower(), _expand(part.group("nums"))
        else:
            kind, values = "litra", _letters(part.group("letters"))
        parts.append((kind, [v for v in values if v]))
    return parts, sentence


def _level(component: str) -> int:
    return _LEVEL.get(component.split(" ", 1)[0], 0)


def _targets(bases: list[str], parts: list[tuple[str, list[str]]]) -> list[str]:
    """Canonical refs of a chain: a part refines the last ref, a repeated part is its sibling.

    >>> _targets(["§ 3"], [("stk.", ["2"]), ("stk.", ["3"]), ("nr.", ["4"])])
    ['§ 3, stk. 2', '§ 3, stk. 3, nr. 4']
    >>> _targets(["§ 17"], [("stk.", ["1"]), ("nr.", ["1", "3"]), ("stk.", ["3"])])
    ['§ 17, stk. 1, nr. 1', '§ 17, stk. 1, nr. 3', '§ 17, stk. 3']
    >>> _targets(["§ 21", "§ 22"], [("stk.", ["1", "2"])])
    ['§ 21', '§ 22, stk. 1', '§ 22, stk. 2']
    """
    paths = [tuple(b.split(", ")) for b in bases]
    for kind, values in parts:
        if not values or not paths:
            continue
        level = _LEVEL[kind]
        last = paths[-1]
        parent = tuple(c for c in last if _level(c) < level)
        new = [(*parent, f"{kind} {v}") for v in values]
        if _level(last[-1]) < level:
            paths[-1:] = new
        else:
            paths.extend(new)
    return [", ".join(p) for p in paths]


def _resolves(target: str, known: set[str]) -> bool:
    """A target exists; "§ 3, nr. 2" names an item of a section's only (unlabelled) stk. 1."""
    if target in known:
        return True
    m = re.match(r"(§ [^,]+), (nr\..*)$", target)
    return m is not None and f"{m.group(1)}, stk. 1, {m.group(2)}" in known


def _section_of(doc_provs: dict[str, Provision], prov: Provision) -> tuple[str | None, str | None]:
    """The enclosing section's ref and subsection's ref for a provision."""
    sec = sub = None
    p: Provision | None = prov
    while p is not None:
        if p.kind == "subsection" and sub is None:
            sub = p.ref
        if p.kind == "section":
            sec = p.ref
            break
        p = doc_provs.get(p.parent) if p.parent else None
    return sec, sub


def _joined(lines: list[Line]) -> tuple[str, list[tuple[int, int]]]:
    text_parts: list[str] = []
    starts: list[tuple[int, int]] = []
    pos = 0
    for line in lines:
        starts.append((pos, line.start))
        text_parts.append(line.text)
        pos += len(line.text) + 1
    return "\n".join(text_parts), starts


def _to_clean(starts: list[tuple[int, int]], pos: int) -> int:
    best = starts[0]
    for s in starts:
        if s[0] <= pos:
            best = s
        else:
            break
    return best[1] + (pos - best[0])


def find_references(
    doc: Document, cleaned: Cleaned, pieces: dict[str, list[Line]]
) -> tuple[list[Reference], list[Finding]]:
    """All citations in the provisions' own texts, resolved; dangling ones as findings."""
    by_eid = {p.eid: p for p in doc.provisions}
    known = {p.ref for p in doc.provisions}
    has_sections = any(p.kind == "section" for p in doc.provisions)
    own = own_of(doc)
    refs: list[Reference] = []
    findings: list[Finding] = []
    amending = doc.info.kind == "ændringslov"
    amended_cache: dict[str, str | None] = {}
    last_section = max((k for k, p in enumerate(doc.provisions) if p.kind == "section"), default=-1)
    for k, prov in enumerate(doc.provisions):
        lines = pieces.get(prov.eid) or []
        if not lines:
            continue
        text, starts = _joined(lines)
        notes = prov.kind == "footnote" or (
            prov.kind == "text" and prov.parent is None and k > last_section >= 0
        )
        history = _history_notes(text) if notes else []
        sec_ref, sub_ref = _section_of(by_eid, prov)
        other = _quoting_act(prov) or (
            _amended_act(by_eid, prov, amended_cache) if amending else None
        )
        for ref in _citations_in(text, prov, sec_ref, sub_ref, has_sections, own):
            if other and (ref.internal or ref.act == _UNKNOWN_ACT):
                ref = Reference(**{**ref.__dict__, "internal": False, "act": other})
            s, e = ref.span
            span = cleaned.source_span(_to_clean(starts, s), _to_clean(starts, e - 1) + 1)
            resolved = (
                ref.internal and bool(ref.targets) and all(_resolves(t, known) for t in ref.targets)
            )
            full = Reference(
                source=prov.ref,
                text=" ".join(ref.text.split()),
                target=ref.target,
                internal=ref.internal,
                act=ref.act,
                resolved=resolved,
                targets=ref.targets,
                span=span,
                source_eid=prov.eid,
                sentence=ref.sentence,
            )
            refs.append(full)
            if any(a <= ref.span[0] < b for a, b in history):
                continue  # the act as it was when amended: its provision may be gone since
            if ref.internal and not resolved:
                missing = [t for t in ref.targets if not _resolves(t, known)] or [ref.text]
                findings.append(
                    Finding(
                        "dangling-reference",
                        prov.ref,
                        f"Henvisningen «{full.text}» i {prov.ref} peger på {', '.join(missing)}, "
                        "som ikke findes i dokumentet.",
                        span,
                    )
                )
    return refs, findings


def _history_notes(text: str) -> list[tuple[int, int]]:
    r"""The stretches of an official note's text (a footnote, or the notes after the last
    section) that tell the act's history: what an amendment concerned ("Lovændringen vedrører
    ophævelse af § 16, stk. 3-5."), what it repealed or inserted, when it came into force.
    Each note ("7) …" on a line of its own) is judged alone.

    >>> _history_notes("Lovændringen vedrører § 2.\n8) Se § 4.")
    [(0, 27)]
    """
    cuts = [0, *(m.start() for m in _NOTE_START.finditer(text) if m.start()), len(text)]
    return [
        (a, b)
        for a, b in zip(cuts, cuts[1:], strict=False)
        if _AMENDMENT_HISTORY.search(text, a, b)
    ]


def _quoting_act(prov: Provision) -> str | None:
    """At the end of a consolidated act, a note that quotes an amending act's own provisions
    ("Lov nr. 1231 af 18. december 2012 indeholder følgende ikrafttrædelsesbestemmelser: § 70
    Stk. 1. §§ 1-39 … gælder ikke for Færøerne"): its citations point into that amending act."""
    if prov.kind != "text" or not rx.AMENDING_NOTES_START.match(prov.text):
        return None
    m = rx.NOTES_ACT.match(prov.text)
    return " ".join(m.group("act").split()) if m else "ændringslov"


def _amended_act(
    by_eid: dict[str, Provision], prov: Provision, cache: dict[str, str | None]
) -> str | None:
    """In an amending act, the act that an amendment item changes ("I lov nr. … foretages
    følgende ændringer:", "I forældelsesloven, jf. …, foretages følgende ændringer:"): its
    citations point into that act, not into the amending act. The sentence stands in the
    section's first stk., so subsections quoted in an amendment («Stk. 3. …») count too."""
    if prov.eid in cache:
        return cache[prov.eid]
    texts = [prov.text]
    first = by_eid.get(f"{prov.eid}__subsec_1") if prov.kind == "section" else None
    if first is not None:
        texts.append(first.text)
    m = next((m for t in texts for m in _amending_sentences(t)), None)
    if m:
        act: str | None = " ".join(m.group("act").split())
    else:
        parent = by_eid.get(prov.parent) if prov.parent else None
        act = _amended_act(by_eid, parent, cache) if parent is not None else None
    cache[prov.eid] = act
    return act


def _amending_sentences(text: str) -> Iterable[re.Match[str]]:
    for pattern in (rx.AMENDED_ACT, rx.AMENDED_NAMED_ACT):
        m = pattern.search(text)
        if m:
            yield m


def act_after(text: str, end: int, own: OwnNames) -> str | None:
    after = text[end : end + 200].replace("\n", " ")
    if own.after.match(after):
        return None
    m = rx.EU_ACT_AFTER.match(after)
    if m:
        return " ".join(m.group("act").split())
    m = rx.ACT_AFTER.match(after)
    if not m:
        return None
    act = " ".join(m.group("act").split())
    act = re.split(r"\s+(?:og|samt|eller)\s+(?:i|på|for|efter|til|hvor|der|som)\b", act)[0]
    parts = act.split(" om ")
    if len(parts) > 2:  # "lov om sygedagpenge om muligheder for …": the act ends at the 2nd "om"
        act = " om ".join(parts[:2])
    act = re.sub(r"\s+(?:og|samt|eller)$", "", act)
    if " " not in act:  # the pattern may stop inside a word: "lov" of "loven"
        act += re.findall(r"^[\w-]*", after[m.end("act") :])[0]
    return None if own.names_self(act) else act


def act_before(text: str, start: int, own: OwnNames) -> str | None:
    """The act named right before a citation: in the genitive ("konkurslovens § 32"), by its
    number ("Lov nr. 1336 af 19. december 2008 § 70") or by its title ("Lov om aktie- og
    anpartsselskaber § 242"); None when the words before name the document or no act."""
    window = text[max(0, start - 80) : start].replace("\n", " ")
    if own.before.search(window):
        return None
    m = (
        rx.ACT_BEFORE.search(window)
        or rx.GENITIVE_ACT_BEFORE.search(window)
        # a title with its consolidation ("…, jf. lovbekendtgørelse nr. … af …,") runs longer
        or rx.TITLED_ACT_BEFORE.search(text[max(0, start - 240) : start].replace("\n", " "))
        or rx.NUMBERED_ACT_BEFORE.search(window)
    )
    if not m:
        return None
    act = " ".join(m.group("act").split())
    return None if own.names_self(act) else act


def _act_of(text: str, start: int, end: int, own: OwnNames) -> str | None:
    """The act named at a citation ``text[start:end]``: the words after it first ("§ 5 i
    lov om …"), then those before it; none when the words after name the document itself
    ("lov om social pension § 5 i denne lov" is this act's § 5)."""
    if own.after.match(text[end : end + 200].replace("\n", " ")):
        return None
    return act_after(text, end, own) or act_before(text, start, own)


def _nearest_act(text: str, start: int) -> str | None:
    """For texts without sections: the nearest act named earlier in the sentence/line."""
    window = text[max(0, start - 220) : start + 1]
    cuts = [m.end() for m in _SENTENCE_END.finditer(window)]
    if cuts:
        window = window[cuts[-1] :]
    best = None
    for m in _ACT_MENTION.finditer(window):
        best = m
    return " ".join(best.group("act").split()) if best else None


def _is_act_number(text: str, m: re.Match[str]) -> bool:
    """ "nr. 1336" in "lov nr. 1336", "nr. 575/2013", "nr. 1092 af 3. august 2016"."""
    if not m.group(0).startswith("nr"):
        return False
    before = text[max(0, m.start() - 30) : m.start()]
    return bool(
        rx.ACT_NUMBER_BEFORE.search(before)
        or rx.ACT_NUMBER_AFTER.match(text[m.end() : m.end() + 40])
    )


def _citations_in(
    text: str,
    prov: Provision,
    sec_ref: str | None,
    sub_ref: str | None,
    has_sections: bool,
    own: OwnNames,
) -> Iterable[Reference]:
    covered: list[tuple[int, int]] = []

    def inside(pos: int) -> bool:
        return any(s <= pos < e for s, e in covered)

    # 1. § citations and articles, grouped into lists that share an act
    for pattern, head in ((rx.CITATION, "§"), (rx.ARTICLE_CITATION, "artikel")):
        for group in _grouped(text, [c for c in _chains(pattern, text) if not inside(c.start)]):
            act = _act_of(text, group[0].start, group[-1].end, own)
            if act is None and (head == "artikel" or not has_sections):
                act = _nearest_act(text, group[0].start) or _UNKNOWN_ACT
            for ch in group:
                parts, sentence = _parse_tail(ch.tail)
                targets = _targets([f"{head} {s}" for s in _expand(ch.secs)], parts)
                covered.append((ch.start, ch.end))
                written = text[ch.start : ch.end].rstrip(", ")
                yield Reference(
                    source=prov.ref,
                    text=written,
                    target=targets[0] if targets else None,
                    internal=act is None,
                    act=act,
                    resolved=False,
                    targets=tuple(targets),
                    span=(ch.start, ch.start + len(written)),
                    sentence=sentence,
                )

    # 2. relative citations: "stk. 2", "stk. 1, nr. 3", "nr. 1", "Stk. 3, nr. 1, finder …"
    for m in rx.RELATIVE_CITATION.finditer(text):
        if inside(m.start()) or _is_act_number(text, m):
            continue
        if m.group(0).startswith("Stk") and rx.SUBSECTION_LABEL.match(text, m.start()):
            continue  # "Stk. 2-7. (Udelades)": a label left in the text
        act = act_after(text, m.end(), own)
        parts, sentence = _parse_tail(m.group("tail"))
        if act is not None or not has_sections or sec_ref is None:
            yield Reference(
                prov.ref,
                m.group(0),
                None,
                False,
                act or _UNKNOWN_ACT,
                False,
                (),
                (m.start(), m.end()),
                sentence=sentence,
            )
            continue
        base = sec_ref if parts and parts[0][0] == "stk." else (sub_ref or sec_ref)
        targets = _targets([base], parts)
        yield Reference(
            source=prov.ref,
            text=m.group(0),
            target=targets[0] if targets else None,
            internal=True,
            act=None,
            resolved=False,
            targets=tuple(targets),
            span=(m.start(), m.end()),
            sentence=sentence,
        )

    # 3. chapters and annexes
    for pattern, kind in ((rx.CHAPTER_CITATION, "kapitel"), (rx.ANNEX_CITATION, "bilag")):
        for m in pattern.finditer(text):
            if inside(m.start()):
                continue
            if kind == "kapitel" and prov.kind == "chapter":
                continue
            named = m.groupdict().get("own")  # "lovens kapitel 3": the document or another act
            if named:
                act = None if own.before.search(named) else " ".join(named.split())
            else:
                act = _act_of(text, m.start(), m.end(), own)
            if kind == "bilag" and re.match(
                r"\s+til\s+(?:lov|bekendtgørelse)", text[m.end() : m.end() + 40]
            ):
                act = "anden retsakt"
            if act is None and not has_sections:
                act = _nearest_act(text, m.start()) or _UNKNOWN_ACT
            nums = [n.replace(" ", "") for n in _expand(m.group("nums"))]
            targets = [f"{kind} {n}" for n in nums]
            yield Reference(
                source=prov.ref,
                text=m.group(0),
                target=targets[0] if targets else None,
                internal=act is None,
                act=act,
                resolved=False,
                targets=tuple(targets),
                span=(m.start(), m.end()),
            )
