"""Who sent a letter: a table of known Danish consultation bodies plus general rules.

Recognition, in order of trust:

1. **Known bodies** (``KNOWN_BODIES``): full name, common short form, the form used in
   høringsnotater (``display``), aliases and mail domains. Matched by full name (any case,
   also in uppercase letterheads, possessive ``-s`` allowed), by short form (exact case, as a
   word: ``KL``, ``KL's``) and by mail/web domain.
2. **Rules for unknown bodies**: ``<Name> Kommune``, ``Region <Name>``, ``<Name> (<ABBR>)``,
   a capitalised name as the subject of a sentence that opens a response ("… takker for",
   "… afgiver høringssvar", "… har følgende bemærkninger", "… har modtaget") and
   "Høringssvar fra <Name>".

Every candidate is scored by its mentions in weighted parts of the letter (subject, first
paragraph, signature count more than the body); bodies named in the addressee block are
excluded, and authorities (ministries, styrelser: usually the recipient) count half.
When nothing matches, ``split`` falls back to the letterhead's first name line, an
organisation line of the signature, or the signatory (a citizen answering in person).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from lovdiff.letters.patterns import UPPER


@dataclass(frozen=True)
class Body:
    """An organisation that may send or receive a consultation response."""

    full: str
    """Full name: "Kommunernes Landsforening"."""
    short: str = ""
    """Common short form: "KL"; empty when the full name is what people use."""
    display: str = ""
    """Name for Response.organisation: "KL – Kommunernes Landsforening"; default full (short)."""
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    authority: bool = False
    """A ministry or agency: usually the addressee, not the sender."""
    town: str = ""
    """For municipalities and regions: the place name that shows up in letterhead addresses."""

    @property
    def name(self) -> str:
        if self.display:
            return self.display
        return (
            f"{self.full} ({self.short})" if self.short and self.short != self.full else self.full
        )

    @property
    def short_name(self) -> str:
        return self.short or self.full


KNOWN_BODIES: tuple[Body, ...] = (
    Body("Fagbevægelsens Hovedorganisation", "FH", "FH – Fagbevægelsens Hovedorganisation",
         ("fho.dk", "fh.dk")),
    Body("Kommunernes Landsforening", "KL", "KL – Kommunernes Landsforening", ("kl.dk",)),
    Body("Danske Regioner", "", "", ("regioner.dk",)),
    Body("Dansk Samfundsmedicinsk Selskab", "DASAMS", "", ("dasams.dk",)),
    Body("Dansk Arbejdsgiverforening", "DA", "", ("da.dk",)),
    Body("Danske Handicaporganisationer", "DH", "", ("handicap.dk",)),
    Body("Ældre Sagen", "", "", ("aeldresagen.dk",), ("ÆldreSagen",)),
    Body("Lægeforeningen", "", "", ("laeger.dk",), ("Den Almindelige Danske Lægeforening",)),
    Body("Dansk Socialrådgiverforening", "DS", "", ("socialraadgiverne.dk", "socialrdg.dk")),
    Body("Akademikerne", "AC", "", ("ac.dk",)),
    Body("Institut for Menneskerettigheder", "", "", ("humanrights.dk",)),
    Body("Ankestyrelsen", "", "", ("ast.dk",)),
    Body("Datatilsynet", "", "", ("datatilsynet.dk",)),
    Body("Dansk Erhverv", "", "", ("danskerhverv.dk",)),
    Body("Dansk Industri", "DI", "", ("di.dk",)),
    Body("Danske Patienter", "", "", ("danskepatienter.dk",)),
    Body("Rådet for Socialt Udsatte", "", "", ("udsatte.dk",)),
    Body("Dansk Psykolog Forening", "", "", ("dp.dk",)),
    Body("Danske Fysioterapeuter", "", "", ("fysio.dk",)),
    Body("Ergoterapeutforeningen", "", "", ("etf.dk",)),
    Body("Dansk Sygeplejeråd", "DSR", "", ("dsr.dk",)),
    Body("Praktiserende Lægers Organisation", "PLO", "", ("laeger.dk",)),
    Body("Dansk Selskab for Almen Medicin", "DSAM", "", ("dsam.dk",)),
    Body("Lægevidenskabelige Selskaber", "LVS", "", ("selskaberne.dk",)),
    Body("Danske A-kasser", "", "", ("danskeakasser.dk",)),
    Body("Fagligt Fælles Forbund", "3F", "3F – Fagligt Fælles Forbund", ("3f.dk",)),
    Body("HK Danmark", "HK", "", ("hk.dk",)),
    Body("FOA – Fag og Arbejde", "FOA", "FOA – Fag og Arbejde", ("foa.dk",)),
    Body("Kristelig Fagbevægelse", "Krifa", "", ("krifa.dk",)),
    Body("Dansk Metal", "", "", ("danskmetal.dk",)),
    Body("Danske Seniorer", "", "", ("danske-seniorer.dk",)),
    Body("Danske Ældreråd", "", "", ("danske-aeldreraad.dk",)),
    Body("SIND – Landsforeningen for psykisk sundhed", "SIND", "", ("sind.dk",)),
    Body("Bedre Psykiatri", "", "", ("bedrepsykiatri.dk",)),
    Body("Psykiatrifonden", "", "", ("psykiatrifonden.dk",)),
    Body("Kræftens Bekæmpelse", "", "", ("cancer.dk",)),
    Body("Scleroseforeningen", "", "", ("scleroseforeningen.dk",)),
    Body("Dansk Handicap Forbund", "DHF", "", ("danskhandicapforbund.dk",)),
    Body("Advokatrådet", "", "", ("advokatsamfundet.dk",)),
    Body("Danske Advokater", "", "", ("danskeadvokater.dk",)),
    Body("Landbrug & Fødevarer", "L&F", "", ("lf.dk",)),
    Body("SMVdanmark", "", "", ("smvdanmark.dk",)),
    Body("Forsikring & Pension", "F&P", "", ("forsikringogpension.dk",)),
    Body("Finanssektorens Arbejdsgiverforening", "FA", "", ("fanet.dk",)),
    Body("Jobcenterchefforeningen", "", "", ()),
    Body("Foreningen af Kommunale Social-, Sundheds- og Arbejdsmarkedschefer i Danmark", "FSD"),
    Body("Styrelsen for Arbejdsmarked og Rekruttering", "STAR", "", ("star.dk",), (),
         authority=True),
    Body("Beskæftigelsesministeriet", "BM", "", ("bm.dk",), (), authority=True),
    Body("Sundhedsstyrelsen", "SST", "", ("sst.dk",), (), authority=True),
    Body("Styrelsen for Patientsikkerhed", "STPS", "", ("stps.dk",), (), authority=True),
    Body("Indenrigs- og Sundhedsministeriet", "ISM", "", ("ism.dk",), (), authority=True),
    Body("Social- og Boligministeriet", "", "", ("sm.dk",), (), authority=True),
)  # fmt: skip

REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")

_STOP_FIRST = frozenset(
    {
        "vi", "det", "der", "den", "de", "dette", "disse", "her", "hermed", "med", "på", "som",
        "i", "samlet", "derfor", "endelig", "desuden", "generelt", "afslutningsvis",
        "indledningsvis", "jeg", "man", "vores", "hver", "enhver", "samme", "hvilken", "alle",
        "mange", "nogle", "en", "et", "ved", "til", "for", "af", "og", "når", "hvis", "da",
    }
)  # fmt: skip
_GENERIC = frozenset(
    {
        "kommunen", "regionen", "styrelsen", "ministeriet", "foreningen", "selskabet",
        "organisationen", "bestyrelsen", "rådet", "instituttet", "forbundet", "sekretariatet",
    }
)  # fmt: skip
"""Nouns that name the sender only generically ("Foreningen har følgende bemærkninger")."""
_CONNECT = r"(?:for|og|af|i|til|på|&|de|der|med)"
_NAME = rf"[{UPPER}][\w&'’\-]*(?:[ \t]+(?:{_CONNECT}[ \t]+)?[{UPPER}][\w&'’\-]*){{0,7}}"
_ABBR = rf"[{UPPER}][{UPPER}0-9&]{{1,7}}"

_KOMMUNE = re.compile(rf"\b([{UPPER}][a-zæøå]+(?:-[{UPPER}][a-zæøå]+)?s?)\s+Kommune\b")
_REGION = re.compile(rf"\bRegion\s+({'|'.join(REGIONS)}|[{UPPER}][a-zæøå]{{3,}})\b")
_NAME_ABBR = re.compile(rf"(?P<name>{_NAME})\s*\((?P<abbr>{_ABBR})\)")
_ABBR_DASH_NAME = re.compile(rf"(?<![\w\-])(?P<abbr>{_ABBR})\s+[–-]\s+(?P<name>{_NAME})")
_SUBJECT_VERB = re.compile(
    rf"""(?:^|(?<=[.!?]\s)|(?<=\n))
    (?P<name>{_NAME})(?:\s*\((?P<abbr>{_ABBR})\))?,?\s+
    (?:takker|afgiver|har\s+modtaget|har\s+hermed|har\s+følgende|fremsender|ønsker\s+at\s+afgive
      |vil\s+gerne\s+takke|kvitterer|skal\s+hermed|sender\s+hermed)\b""",
    re.VERBOSE,
)
_FROM = re.compile(rf"\bhøring\w*\s?svar\s+fra\s+(?P<name>{_NAME})", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|s)$")


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,")


@cache
def _patterns(body: Body) -> tuple[re.Pattern[str], ...]:
    pats = []
    for name in (body.full, *body.aliases):
        pats.append(re.compile(rf"(?<!\w){re.escape(name)}(?:s|'s|’s)?(?!\w)", re.IGNORECASE))
    if body.short and body.short != body.full:
        pats.append(re.compile(rf"(?<![\w\-]){re.escape(body.short)}(?:'s|’s|s)?(?![\w\-])"))
    for domain in body.domains:
        pats.append(re.compile(rf"[@.]{re.escape(domain)}\b|(?<![\w.]){re.escape(domain)}\b", re.I))
    if body.town:
        pats.append(re.compile(rf"(?<![\w@]){re.escape(body.town)}(?!\w)"))
    return tuple(pats)


@cache
def _needles(body: Body) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Literal strings one of which must occur for any mention: (casefolded, exact case)."""
    folded = tuple(n.casefold() for n in (body.full, *body.aliases, *body.domains))
    exact = tuple(n for n in (body.short, body.town) if n)
    return folded, exact


def count_mentions(body: Body, text: str) -> int:
    """How often ``text`` names the body (full name, alias, short form, domain, town)."""
    folded_needles, exact_needles = _needles(body)
    folded = text.casefold()
    if not any(n in folded for n in folded_needles) and not any(n in text for n in exact_needles):
        return 0
    spans: set[int] = set()
    for pat in _patterns(body):
        for m in pat.finditer(text):
            spans.add(m.start())
    return len(spans)


def short_form_for_domain(domain: str) -> str | None:
    """The short form of the known body that owns a mail domain ("handicap.dk" -> "DH")."""
    d = re.sub(r"\s+", "", domain).casefold()
    for body in KNOWN_BODIES:
        if any(d == x or d.endswith("." + x) for x in body.domains):
            return body.short or None
    return None


def _kommune(name: str) -> Body:
    town = name[:-1] if name.endswith("s") and not name.endswith("ss") else name
    return Body(f"{name} Kommune", town=town, domains=(f"{town.casefold()}.dk",))


def discover_bodies(text: str) -> list[Body]:
    """Bodies the general rules find in ``text`` (not in the table), in order of appearance."""
    found: list[tuple[int, Body]] = []
    # letterheads in capitals ("KØBENHAVNS KOMMUNE") are read in title case too
    capitals = [ln.title() for ln in text.splitlines() if ln.isupper() and len(ln) <= 80]
    text = "\n".join([text, *capitals]) if capitals else text
    for m in _KOMMUNE.finditer(text):
        if m.group(1).casefold() not in _STOP_FIRST:
            found.append((m.start(), _kommune(m.group(1))))
    for m in _REGION.finditer(text):
        found.append((m.start(), Body(f"Region {m.group(1)}", town="")))
    for m in _NAME_ABBR.finditer(text):
        name = _trim_name(m.group("name"))
        if name and not _is_known(name):
            found.append((m.start(), Body(name, m.group("abbr"))))
    for m in _ABBR_DASH_NAME.finditer(text):
        name = _trim_name(m.group("name"))
        if name and not _is_known(name) and not _is_known(m.group("abbr")):
            found.append((m.start(), Body(name, m.group("abbr"), f"{m.group('abbr')} – {name}")))
    for pat in (_SUBJECT_VERB, _FROM):
        for m in pat.finditer(text):
            name = _trim_name(m.group("name"))
            abbr = m.groupdict().get("abbr") or ""
            if name and not _is_known(name) and not (abbr and _is_known(abbr)):
                if re.fullmatch(_ABBR, name) and not abbr:
                    found.append((m.start(), Body(name, name)))
                else:
                    found.append((m.start(), Body(name, abbr)))
    out: list[Body] = []
    for _, body in sorted(found, key=lambda x: x[0]):
        if not any(b.full == body.full for b in out):
            out.append(body)
    return out


def _trim_name(name: str) -> str:
    name = _clean_name(name)
    words = name.split()
    while words and words[0].casefold() in _STOP_FIRST:
        words = words[1:]
    name = " ".join(words)
    if not name or len(name) < 2 or name.casefold() in _STOP_FIRST | _GENERIC:
        return ""
    return name


def _is_known(name: str) -> bool:
    n = _POSSESSIVE.sub("", name).casefold()
    for body in KNOWN_BODIES:
        names = {body.full.casefold(), body.short.casefold(), *(a.casefold() for a in body.aliases)}
        if name.casefold() in names or n in names:
            return True
    return bool(_KOMMUNE.fullmatch(name) or _REGION.fullmatch(name))


def known_body(name: str) -> Body | None:
    """The table entry (or rule-made body) for a name as written."""
    n = _POSSESSIVE.sub("", name.strip())
    for body in KNOWN_BODIES:
        if name.casefold() in (body.full.casefold(), body.short.casefold()) or n.casefold() in (
            body.full.casefold(),
            body.short.casefold(),
        ):
            return body
    m = _KOMMUNE.fullmatch(name.strip())
    return _kommune(m.group(1)) if m else None


def detect_organisation(
    parts: Sequence[tuple[str, float]], exclude: Sequence[str] = ()
) -> Body | None:
    """The sender: the body with the highest weighted mention count.

    ``parts`` are (text, weight) pieces of one letter (subject, first paragraph, body,
    signature, letterhead); bodies named in ``exclude`` (the addressee block) are skipped.

    >>> b = detect_organisation([("KL har modtaget udkastet. KL er tilfreds.", 1.0)])
    >>> (b.name, b.short_name)
    ('KL – Kommunernes Landsforening', 'KL')
    >>> detect_organisation([("Vejle Kommune har følgende bemærkninger.", 1.0)]).name
    'Vejle Kommune'
    """
    candidates: list[Body] = list(KNOWN_BODIES)
    for text, _ in parts:
        for body in discover_bodies(text):
            if not any(c.full == body.full for c in candidates):
                candidates.append(body)
    excluded = "\n".join(exclude)
    best: tuple[float, int, Body] | None = None
    for order, body in enumerate(candidates):
        if excluded and count_mentions(body, excluded):
            continue
        score = sum(weight * count_mentions(body, text) for text, weight in parts)
        if body.authority:
            score *= 0.5
        if score > 0 and (best is None or score > best[0]):
            best = (score, -order, body)
    return best[2] if best else None
