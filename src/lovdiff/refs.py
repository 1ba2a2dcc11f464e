"""Citations: find every reference in a document's provisions, classify, expand and resolve.

A citation is *external* when it names another act right after it (``§ 12 i lov om
sygedagpenge``), right before it (``retssikkerhedslovens § 4``), or shares the act of a list
it belongs to (``§ 19, stk. 2, og § 26 c, stk. 2, i lov om social pension``: both external).
Everything else is *internal* and is resolved against the document's own provisions: a
relative ``stk. 2`` means a subsection of the section it stands in. In a text without
sections of its own (a letter, an application), every citation is external and its act is the
nearest act named before it in the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from lovdiff import regexes as rx
from lovdiff.models import Document, Finding, Provision, Reference

if TYPE_CHECKING:
    from lovdiff.clean import Cleaned
    from lovdiff.parse import Line

_SPLIT = re.compile(r"\s*(?:,|og|eller|samt)\s*")
_RANGE = re.compile(r"^(\d+)\s*(?:-|–|til)\s*(\d+)$")
_NUMS = re.compile(r"(?:stk\.|nr\.|litra)\s*(.+)")
_PKT = re.compile(r"(\d+)\.\s*(?:og\s+\d+\.\s*)?pkt\.")
_CONNECT = re.compile(r"^\s*,?\s*(?:og|eller|samt|,)?\s*(?:jf\.\s*)?$")
_SENTENCE_END = re.compile(r"(?<!\bnr)(?<!\bjf)(?<!\bstk)(?<!\bpkt)[.!?]\s+(?=[A-ZÆØÅ])|\n\s*\n")
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


def _expand(nums: str) -> list[str]:
    """'21-23' -> 21, 22, 23; '3 og 4' -> 3, 4; '15 a' stays one number."""
    out: list[str] = []
    nums = nums.replace("§", " ")
    for part in _SPLIT.split(nums.strip()):
        part = part.strip()
        if not part:
            continue
        m = _RANGE.match(part)
        if m and int(m.group(2)) - int(m.group(1)) < 200:
            out.extend(str(n) for n in range(int(m.group(1)), int(m.group(2)) + 1))
        else:
            out.append(_canon(part))
    return out


def _canon(num: str) -> str:
    m = re.match(r"(\d+)\s*([a-zæøå]?)$", num.strip())
    if not m:
        return num.strip()
    return m.group(1) + (f" {m.group(2)}" if m.group(2) else "")


def _parse_tail(tail: str) -> tuple[list[str], list[str], list[str], int | None]:
    """Split ', stk. 1 og 2, nr. 3, 2. pkt.' into stk, nr, litra lists and the sentence."""
    stk: list[str] = []
    nr: list[str] = []
    litra: list[str] = []
    sentence = None
    m = _PKT.search(tail)
    if m:
        sentence = int(m.group(1))
        tail = tail[: m.start()] + tail[m.end() :]
    for part in re.finditer(
        r"(stk\.|nr\.)\s*(\d+(?:\s*(?:-|–|,|og|eller)\s*\d+(?![\d.]*\s*pkt))*)"
        r"|(litra)\s+([a-z](?:\s*(?:-|–|,|og|eller)\s*[a-z]\b)*)",
        tail,
    ):
        kind = part.group(1) or part.group(3)
        values = _expand(part.group(2) or part.group(4))
        target = {"stk.": stk, "nr.": nr, "litra": litra}[kind]
        target.extend(v for v in values if v)
    return stk, nr, litra, sentence


def _targets(sections: list[str], stk: list[str], nr: list[str], litra: list[str]) -> list[str]:
    out: list[str] = []
    for i, sec in enumerate(sections):
        base = f"§ {sec}"
        last = i == len(sections) - 1
        if not last or not stk:
            if last and nr:
                out.extend(f"{base}, nr. {n}" for n in nr)
            else:
                out.append(base)
            continue
        for j, s in enumerate(stk):
            sbase = f"{base}, stk. {s}"
            if j == len(stk) - 1 and nr:
                for n in nr:
                    nbase = f"{sbase}, nr. {n}"
                    if litra:
                        out.extend(f"{nbase}, litra {lt}" for lt in litra)
                    else:
                        out.append(nbase)
            else:
                out.append(sbase)
    return out


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
    refs: list[Reference] = []
    findings: list[Finding] = []
    amending = doc.info.kind == "ændringslov"
    amended_cache: dict[str, str | None] = {}
    for prov in doc.provisions:
        lines = pieces.get(prov.eid) or []
        if not lines:
            continue
        text, starts = _joined(lines)
        sec_ref, sub_ref = _section_of(by_eid, prov)
        amended = _amended_act(by_eid, prov, amended_cache) if amending else None
        for ref in _citations_in(text, prov, sec_ref, sub_ref, has_sections):
            if amended and ref.internal:
                ref = Reference(**{**ref.__dict__, "internal": False, "act": amended})
            s, e = ref.span
            span = cleaned.source_span(_to_clean(starts, s), _to_clean(starts, e - 1) + 1)
            resolved = ref.internal and bool(ref.targets) and all(t in known for t in ref.targets)
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
            if ref.internal and not resolved:
                missing = [t for t in ref.targets if t not in known] or [ref.text]
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


def _amended_act(
    by_eid: dict[str, Provision], prov: Provision, cache: dict[str, str | None]
) -> str | None:
    """In an amending act, the act that an amendment item changes ("I lov nr. … foretages
    følgende ændringer:"): its citations point into that act, not into the amending act."""
    if prov.eid in cache:
        return cache[prov.eid]
    m = rx.AMENDED_ACT.search(prov.text)
    if m:
        act: str | None = " ".join(m.group("act").split())
    else:
        parent = by_eid.get(prov.parent) if prov.parent else None
        act = _amended_act(by_eid, parent, cache) if parent is not None else None
    cache[prov.eid] = act
    return act


def _act_after(text: str, end: int) -> str | None:
    m = rx.ACT_AFTER.match(text[end : end + 200].replace("\n", " "))
    if not m:
        return None
    act = " ".join(m.group("act").split())
    act = re.split(r"\s+(?:og|samt|eller)\s+(?:i|på|for|efter|til|hvor|der|som)\b", act)[0]
    parts = act.split(" om ")
    if len(parts) > 2:  # "lov om sygedagpenge om muligheder for …": the act ends at the 2nd "om"
        act = " om ".join(parts[:2])
    act = re.sub(r"\s+(?:og|samt|eller)$", "", act)
    if act.lower().startswith(("denne bekendtgørelse", "bekendtgørelsen", "denne lov", "loven")):
        return None
    return act


def _act_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 80) : start].replace("\n", " ")
    if rx.OWN_DOCUMENT.search(window):
        return None
    m = rx.ACT_BEFORE.search(window)
    if m:
        return " ".join(m.group("act").split())
    return None


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


def _citations_in(
    text: str, prov: Provision, sec_ref: str | None, sub_ref: str | None, has_sections: bool
) -> Iterable[Reference]:
    # 1. § citations, grouped into lists that share an act
    matches = list(rx.CITATION.finditer(text))
    groups: list[list[re.Match[str]]] = []
    for m in matches:
        if groups and _CONNECT.match(text[groups[-1][-1].end() : m.start()]):
            groups[-1].append(m)
        else:
            groups.append([m])
    covered: list[tuple[int, int]] = []
    for group in groups:
        act = _act_after(text, group[-1].end()) or _act_before(text, group[0].start())
        if act is None and not has_sections:
            act = _nearest_act(text, group[0].start()) or "ukendt retsakt"
        for m in group:
            sections = _expand(m.group("secs"))
            stk, nr, litra, sentence = _parse_tail(m.group("tail"))
            targets = _targets(sections, stk, nr, litra)
            covered.append((m.start(), m.end()))
            yield Reference(
                source=prov.ref,
                text=m.group(0).rstrip(", "),
                target=targets[0] if targets else None,
                internal=act is None,
                act=act,
                resolved=False,
                targets=tuple(targets),
                span=(m.start(), m.start() + len(m.group(0).rstrip(", "))),
                sentence=sentence,
            )

    def inside(pos: int) -> bool:
        return any(s <= pos < e for s, e in covered)

    # 2. relative citations: "stk. 2", "stk. 1, nr. 3", "nr. 1"
    for m in rx.RELATIVE_CITATION.finditer(text):
        if inside(m.start()):
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        if re.search(r"(?:lov|bekendtgørelse|lovbekendtgørelse|bek|lbk|j)\.?\s*$", before, re.I):
            continue  # "lov nr. 1482": an act's number, not a citation
        act = _act_after(text, m.end())
        stk, nr, litra, sentence = _parse_tail(m.group("tail"))
        if act is not None or not has_sections or sec_ref is None:
            yield Reference(
                prov.ref,
                m.group(0),
                None,
                False,
                act or "ukendt retsakt",
                False,
                (),
                (m.start(), m.end()),
                sentence=sentence,
            )
            continue
        if stk:
            targets = _targets([sec_ref.removeprefix("§ ")], stk, nr, litra)
        else:
            base = sub_ref or sec_ref
            targets = [f"{base}, nr. {n}" for n in nr]
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
            own = kind == "kapitel" and bool(m.groupdict().get("own"))
            act = None if own else _act_after(text, m.end())
            if kind == "bilag" and re.match(
                r"\s+til\s+(?:lov|bekendtgørelse)", text[m.end() : m.end() + 40]
            ):
                act = "anden retsakt"
            if act is None and not has_sections:
                act = _nearest_act(text, m.start()) or "ukendt retsakt"
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
