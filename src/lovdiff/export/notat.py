"""The høringsnotat: a first draft of the consultation memo, as a Word document.

Layout (Danish ministry practice):

- "Høringsnotat" and the draft's title, with a note that the draft was made by lovdiff and
  that the summaries are the first sentences of each comment, to be read through.
- **1. Høringen**: the period (given, or read from the responses: "frist … den 18. februar
  2026", "publiceret den 5. februar 2026"), the consulted bodies if given (marking who
  replied), the bodies that replied with the date of their reply.
- **2. Generelle bemærkninger**: per body, comments about the draft as a whole (target
  ``general``, and comments about the draft not tied to a provision): a short summary (the
  first one or two sentences) and the stance.
- **3. Bemærkninger til de enkelte bestemmelser**: per provision in the draft's order, a
  heading with the ref, the provision's opening words as a quote, a line on how it changed
  since the version in force (``Link.change``/``Link.previous``, else the comparison), then
  each body's comments (stance in Danish, short quote), then an empty "Ministeriets
  bemærkninger" for the drafter. Links to the version in force are moved to the draft
  provision that replaced it where the comparison says which.
- **4. Bemærkninger til andre regler**: comments about other acts (sibling orders).
- **5. Øvrige bemærkninger**: anything not shown above, so no comment is ever dropped.

Personal e-mail addresses and phone numbers are redacted by default (the memo is published).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from lovdiff.export.ooxml import Doc, Fmt, paragraph, run, text_paragraph
from lovdiff.export.safe import redact_contacts
from lovdiff.export.tables import MONTHS_DA, STANCE_DA, danish_date, describe
from lovdiff.models import (
    Comment,
    Comparison,
    Consultation,
    Document,
    DocumentInfo,
    Link,
    Response,
)

BOLD = Fmt(bold=True)
ITALIC = Fmt(italic=True)
GREY_ITALIC = Fmt(italic=True, color="595959")

MINISTRY_HEADING = "Ministeriets bemærkninger"

# --------------------------------------------------------------------------- text helpers

_ABBREVIATIONS = frozenset(
    {
        "jf", "stk", "nr", "pkt", "bl.a", "f.eks", "fx", "ca", "evt", "dvs", "vedr", "iht",
        "ang", "inkl", "ekskl", "kr", "pct", "mht", "hhv", "tlf", "att", "st", "lovbkg",
        "bkg", "bek", "kap", "afs", "litra", "j.nr", "sml", "el", "ifm", "pga", "mfl",
    }
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?](?=[\"'»”)]*\s+[\"'«„“(]*[A-ZÆØÅ§0-9])")


def sentences(text: str) -> list[str]:
    """Split Danish prose into sentences; abbreviations such as "jf.", "stk.", "bl.a." and
    "f.eks." do not end a sentence.

    >>> sentences("KL støtter jf. § 3, stk. 2. Det er godt. Men m.v. Slut")
    ['KL støtter jf. § 3, stk. 2.', 'Det er godt.', 'Men m.v.', 'Slut']
    """
    text = " ".join(text.split())
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        before = text[start : m.start()].rsplit(" ", 1)[-1].casefold()
        before = before.strip("*_\"'(«»„“”").rstrip(".")
        if m.group(0) == "." and (before in _ABBREVIATIONS or re.fullmatch(r"[a-zæøå]", before)):
            continue
        piece = text[start:end].strip()
        if len(piece) <= 3 and out:  # "4." after a label: not a sentence of its own
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def summary(text: str, *, max_sentences: int = 2, max_chars: int = 420) -> str:
    """The first one or two sentences, cut at a word with "…" when longer than max_chars."""
    parts = sentences(text)
    out = " ".join(parts[:max_sentences])
    if len(out) > max_chars:
        cut = out[:max_chars].rsplit(" ", 1)[0]
        return cut.rstrip(",;:") + " …"
    if len(parts) > max_sentences:
        return out + " …"
    return out


def _sort_key(name: str) -> str:
    """Danish alphabetical order: æ, ø, å after z."""
    return name.casefold().translate(str.maketrans("æøå", "{|}"))


_DATE = r"(\d{1,2}\.\s*(?:" + "|".join(MONTHS_DA) + r")\s+\d{4})"
_DEADLINE = re.compile(r"frist\w*(?:\s+[\w-]+){0,6}?\s+(?:den|d\.)\s+" + _DATE, re.IGNORECASE)
_START = re.compile(
    r"(?:publiceret|sendt\s+i\s+høring|udsendt\s+i\s+høring)\s+(?:den|d\.)\s+" + _DATE,
    re.IGNORECASE,
)


def infer_period(texts: Iterable[str]) -> tuple[str | None, str | None]:
    """(start, deadline) as Danish dates read from the responses' own words, where stated.

    >>> infer_period(["med frist for angivelse af bemærkninger den 18. februar 2026."])
    (None, '18. februar 2026')
    """
    start = deadline = None
    for text in texts:
        flat = " ".join(text.split())
        if deadline is None and (m := _DEADLINE.search(flat)):
            deadline = m.group(1)
        if start is None and (m := _START.search(flat)):
            start = m.group(1)
    return start, deadline


def _sentence(text: str) -> str:
    """End with one full stop ("… m.v." stays "… m.v.")."""
    return text if text.endswith((".", "!", "?")) else text + "."


def _lower_first(text: str) -> str:
    """ "Bekendtgørelse nr. 12 …" -> "bekendtgørelse nr. 12 …" (inside a sentence)."""
    return text[:1].lower() + text[1:]


def _kind_word(info: DocumentInfo | None) -> str:
    kind = (info.kind if info else "").casefold()
    if "lov" in kind:
        return "den gældende lov"
    if kind in ("bekendtgørelse", "cirkulære", "vejledning"):
        return f"den gældende {kind}"
    return "de gældende regler"


def _cite_in(ref: str, where: str) -> str:
    """ "§ 29, stk. 4" + "den gældende bekendtgørelse" -> "§ 29, stk. 4, i den gældende …"."""
    return f"{ref}, i {where}" if ", " in ref else f"{ref} i {where}"


# --------------------------------------------------------------------------- grouping


@dataclass(frozen=True)
class _Entry:
    response: Response
    comment: Comment
    link: Link | None = None


class _Notat:
    def __init__(
        self,
        consultation: Consultation,
        against: Document,
        comparison: Comparison | None,
        *,
        redact: bool,
        remarks: Mapping[str, str] | None = None,
    ) -> None:
        self.c = consultation
        self.remarks: Mapping[str, str] = remarks or {}
        self.pending: list[tuple[Response, Comment]] = []
        self.against = against
        self.comparison = comparison
        self.redact = redact
        self.shown: set[tuple[int, str]] = set()
        self.order = {p.ref: i for i, p in enumerate(against.provisions)}

    def clean(self, r: Response, text: str) -> str:
        return redact_contacts(text, r.contacts) if self.redact else text

    def mark(self, r: Response, cm: Comment) -> None:
        self.shown.add((id(r), cm.id or str(id(cm))))

    def is_shown(self, r: Response, cm: Comment) -> bool:
        return (id(r), cm.id or str(id(cm))) in self.shown

    def new_ref_for_previous(self, ref: str) -> str | None:
        """The draft ref that replaced ``ref`` of the version in force, per the comparison."""
        if self.comparison is None:
            return None
        for p in self.comparison.pairs:
            if p.old == ref and p.new:
                return p.new
        return None

    # -- pieces of text

    def comment_paragraph(self, r: Response, cm: Comment, *, note: str = "") -> etree._Element:
        stance = STANCE_DA.get(cm.stance, cm.stance)
        head = f"{r.short_name or r.organisation}"
        runs = [run(head, BOLD)]
        if cm.stance != "neutral":
            runs.append(run(f" ({stance})", ITALIC))
        runs.append(run(": "))
        runs.append(run(f"»{summary(self.clean(r, cm.text))}«"))
        if note:
            runs.append(run(f" {note}", GREY_ITALIC))
        self.mark(r, cm)
        self.pending.append((r, cm))
        return paragraph(runs)

    def ministry(self) -> list[etree._Element]:
        """The "Ministeriets bemærkninger" heading, then the drafters' stored remarks on the
        comments shown since the last one (``remarks``), or an empty paragraph to write in."""
        shown, self.pending = self.pending, []
        found: list[tuple[str, str]] = []
        for r, cm in shown:
            text = self.remarks.get(cm.id, "").strip() if cm.id else ""
            if text and all(text != t for _, t in found):
                found.append((r.short_name or r.organisation, text))
        out = [text_paragraph(MINISTRY_HEADING, style="Bemaerkning")]
        if not found:
            return [*out, paragraph(style="Ministeriet")]
        several = len({who for who, _ in found}) > 1
        for who, text in found:
            runs = [run(f"{who}: ", Fmt(italic=True, bold=True))] if several else []
            out.append(paragraph([*runs, run(text)], style="Ministeriet"))
        return out

    def change_line(self, ref: str, links: Sequence[Link]) -> str:
        where = _kind_word(
            self.c.previous or (self.comparison.old.info if self.comparison else None)
        )
        link = next((ln for ln in links if ln.change), None)
        change = link.change if link else None
        previous = link.previous if link else None
        pair = None
        if self.comparison is not None:
            pair = next((p for p in self.comparison.pairs if p.new == ref), None)
            if change is None and pair is not None:
                change = {"added": "new", "unchanged": "unchanged", "changed": "changed"}.get(
                    pair.status
                )
                previous = pair.old
        if change == "new":
            return "Bestemmelsen er ny."
        if change == "unchanged":
            if previous:
                return f"Bestemmelsen er uændret i forhold til {_cite_in(previous, where)}."
            return f"Bestemmelsen er uændret i forhold til {where}."
        if change == "changed":
            line = (
                f"Bestemmelsen er ændret i forhold til {_cite_in(previous, where)}."
                if previous
                else f"Bestemmelsen er ændret i forhold til {where}."
            )
            if pair is not None and pair.editorial:
                line += " Ændringen er alene redaktionel."
            return line
        return ""

    # -- sections

    def section_hearing(self, period: str | None, consulted: Sequence[str]) -> list[etree._Element]:
        out = [text_paragraph("1. Høringen", style="Overskrift1")]
        title = self.c.against.title or self.against.info.title or "bekendtgørelsen"
        texts = [self.c.text, *(t for _, t in self.c.sources)]
        texts += [cm.text for r in self.c.responses for cm in r.comments]
        if period:
            when = f"i perioden {period}"
        else:
            start, deadline = infer_period(texts)
            if start and deadline:
                when = f"fra den {start} til den {deadline}"
            elif deadline:
                when = f"med frist den {deadline}"
            else:
                when = "[høringsperioden indsættes]"
        line = _sentence(f"Udkast til {_lower_first(title)} har været i offentlig høring {when}")
        out.append(text_paragraph(line))
        if self.c.previous is not None:
            out.append(
                text_paragraph(
                    _sentence(
                        f"Bekendtgørelsen skal afløse {_lower_first(describe(self.c.previous))}"
                    )
                    if self.c.previous.kind == "bekendtgørelse"
                    else _sentence(f"Udkastet afløser {_lower_first(describe(self.c.previous))}")
                )
            )
        replied = {_sort_key(r.organisation): r for r in self.c.responses}
        if consulted:
            out.append(
                text_paragraph(
                    "Udkastet blev sendt i høring hos følgende myndigheder og "
                    "organisationer (de, der har afgivet høringssvar, er markeret):"
                )
            )
            names = {_sort_key(r.short_name): r for r in self.c.responses}
            for body in consulted:
                key = _sort_key(body)
                hit = (
                    replied.get(key)
                    or names.get(key)
                    or next((r for k, r in replied.items() if key in k or k in key), None)
                )
                mark = f" – høringssvar {danish_date(hit.date)}".rstrip() if hit else ""
                out.append(paragraph([run("– " + body), run(mark, BOLD)], style="Liste"))
        n = len(self.c.responses)
        out.append(
            text_paragraph(
                f"Der er modtaget høringssvar fra følgende {n} "
                f"{'høringspart' if n == 1 else 'høringsparter'}:"
                if n
                else "Der er ikke modtaget høringssvar."
            )
        )
        for _, r in sorted(replied.items()):
            date = f" ({danish_date(r.date)})" if r.date else ""
            out.append(text_paragraph(f"– {r.organisation}{date}", style="Liste"))
        out.append(
            text_paragraph(
                "Nedenfor gengives hovedindholdet af høringssvarene i forkortet form; der "
                "henvises til høringssvarene i deres helhed. Ministeriets bemærkninger er "
                "anført i kursiv under hvert afsnit."
            )
        )
        return out

    def section_general(self) -> list[etree._Element]:
        out = [text_paragraph("2. Generelle bemærkninger", style="Overskrift1")]
        any_ = False
        for r in self.c.responses:
            picked = [
                cm for cm in r.comments
                if cm.target == "general" or (cm.target == "against" and not cm.links)
            ]  # fmt: skip
            for cm in picked:
                out.append(self.comment_paragraph(r, cm))
                any_ = True
        if not any_:
            out.append(text_paragraph("Der er ikke modtaget generelle bemærkninger."))
        return out + self.ministry()

    def provision_groups(self) -> list[tuple[str, list[_Entry], str]]:
        """(draft ref, entries, note) in the draft's provision order."""
        groups: dict[str, list[_Entry]] = {}
        notes: dict[str, str] = {}
        for r in self.c.responses:
            for cm in r.comments:
                if cm.target == "other":
                    continue
                seen: set[str] = set()
                for ln in cm.links:
                    ref = ln.ref
                    if ln.document == "previous":
                        mapped = self.new_ref_for_previous(ln.ref)
                        if mapped is None:
                            continue
                        ref = mapped
                    if ref in seen:
                        continue
                    seen.add(ref)
                    groups.setdefault(ref, []).append(_Entry(r, cm, ln))
                    if ref not in self.order:
                        notes[ref] = "Bestemmelsen findes ikke i udkastet."
        keys = sorted(groups, key=lambda ref: (self.order.get(ref, 1 << 30), ref))
        return [(ref, groups[ref], notes.get(ref, "")) for ref in keys]

    def section_provisions(self) -> list[etree._Element]:
        out = [text_paragraph("3. Bemærkninger til de enkelte bestemmelser", style="Overskrift1")]
        groups = self.provision_groups()
        if not groups:
            out.append(
                text_paragraph("Der er ikke modtaget bemærkninger til enkelte bestemmelser.")
            )
        for n, (ref, entries, note) in enumerate(groups, start=1):
            out.append(text_paragraph(f"3.{n}. {ref[:1].upper()}{ref[1:]}", style="Overskrift2"))
            prov = self.against.by_ref(ref)
            if prov is not None:
                text = prov.text or prov.heading or self.against.subtree_text(prov.eid)
                if text:
                    out.append(
                        text_paragraph(
                            f"»{summary(text, max_sentences=1, max_chars=300)}«", style="Citat"
                        )
                    )
            if note:
                out.append(text_paragraph(note, GREY_ITALIC))
            line = self.change_line(ref, [e.link for e in entries if e.link is not None])
            if line:
                out.append(text_paragraph(line, GREY_ITALIC))
            for e in entries:
                ln = e.link
                extra = ""
                if ln is not None and ln.document == "previous":
                    extra = f"(henviser til {ln.ref} i {_kind_word(self.c.previous)})"
                elif ln is not None and ln.basis == "semantic":
                    extra = "(knyttet til bestemmelsen efter indhold – kontrollér)"
                out.append(self.comment_paragraph(e.response, e.comment, note=extra))
            out.extend(self.ministry())
        return out

    def section_other(self) -> list[etree._Element]:
        from lovdiff.link import same_act

        # one heading per act however the letters name it ("… sygedagpenge, kontanthjælp
        # mv." and "… til brug for sagsbehandlingen i sager om sygedagpenge, kontanthjælp
        # m.v." are one order); the fullest name heads the section
        groups: list[tuple[list[str], list[tuple[Response, Comment]]]] = []
        for r in self.c.responses:
            for cm in r.comments:
                if cm.target != "other":
                    continue
                act = cm.about.strip() or "andre regler"
                for names, items in groups:
                    if any(n == act or (same_act(act, n) and same_act(n, act)) for n in names):
                        names.append(act)
                        items.append((r, cm))
                        break
                else:
                    groups.append(([act], [(r, cm)]))
        by_act = {max(names, key=len): items for names, items in groups}
        if not by_act:
            return []
        out = [text_paragraph("4. Bemærkninger til andre regler", style="Overskrift1")]
        out.append(
            text_paragraph(
                "Følgende bemærkninger vedrører andre regler end udkastet, typisk de "
                "bekendtgørelser, der blev sendt i høring samtidig."
            )
        )
        for n, (act, items) in enumerate(by_act.items(), start=1):
            out.append(text_paragraph(f"4.{n}. {act[:1].upper()}{act[1:]}", style="Overskrift2"))
            for r, cm in items:
                out.append(self.comment_paragraph(r, cm))
            out.extend(self.ministry())
        return out

    def section_rest(self, number: int) -> list[etree._Element]:
        rest = [(r, cm) for r in self.c.responses for cm in r.comments if not self.is_shown(r, cm)]
        if not rest:
            return []
        out = [text_paragraph(f"{number}. Øvrige bemærkninger", style="Overskrift1")]
        for r, cm in rest:
            refs = ", ".join(ln.ref for ln in cm.links)
            note = f"(henviser til {refs} i {_kind_word(self.c.previous)})" if refs else ""
            out.append(self.comment_paragraph(r, cm, note=note))
        return out + self.ministry()


def build_notat(
    consultation: Consultation,
    against: Document,
    comparison: Comparison | None,
    *,
    redact: bool = True,
    period: str | None = None,
    consulted: Sequence[str] = (),
    remarks: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> bytes:
    """The høringsnotat skeleton as .docx bytes (see the module docstring).

    ``period`` ("5. februar 2026 – 18. februar 2026") and ``consulted`` (the bodies the
    draft was sent to) come from the manifest where known; without them the period is read
    from the responses and only the bodies that replied are listed. ``remarks`` are the
    drafters' answers keyed by ``Comment.id``; each is written under "Ministeriets
    bemærkninger" of the section where its comment is shown (else the paragraph is empty).
    """
    when = now or datetime.now(UTC).replace(microsecond=0)
    title = consultation.against.title or against.info.title or "bekendtgørelsen"
    doc = Doc(title=f"Høringsnotat: {title}", created=when)
    n = _Notat(consultation, against, comparison, redact=redact, remarks=remarks)
    doc.add(
        text_paragraph("Høringsnotat", style="Titel"),
        text_paragraph(f"Udkast til {_lower_first(title)}", BOLD),
        text_paragraph(
            f"Første udkast dannet af lovdiff den {danish_date(when.date().isoformat())}. "
            "Resuméerne er de første sætninger af hver bemærkning og skal gennemlæses; "
            "tilknytningen til bestemmelserne bør kontrolleres."
            + (" Personlige e-mailadresser og telefonnumre er fjernet." if redact else ""),
            style="Notat",
        ),
    )
    doc.add(*n.section_hearing(period, consulted))
    doc.add(*n.section_general())
    doc.add(*n.section_provisions())
    other = n.section_other()
    doc.add(*other)
    doc.add(*n.section_rest(5 if other else 4))
    return doc.package()
