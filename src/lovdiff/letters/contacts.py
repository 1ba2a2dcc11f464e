"""Personal contact details in letters: e-mail addresses of people and direct phone numbers.

Rules (so exports can redact personal data and keep organisational addresses):

- An e-mail address is **personal** when its local part looks like a person: ``first.last``
  (letters separated by ``.``, ``_`` or ``-``), or 2–5 letters (initials such as ``IBBE``,
  ``ans``, ``cfr``) — unless the local part equals the domain's own name (``star@star.dk``,
  ``REGIONER@REGIONER.DK``), the short form of the organisation owning the domain
  (``dh@handicap.dk``), or a role word (``post``, ``info``, ``kontakt``, ``hoeringssvar`` …).
  Other single-word local parts (``jobcenter@…``, ``beskaeftigelse@…``) are organisational.
  Two kinds of address are personal whatever their local part: one at a private mail
  service (``gmail.com``, ``hotmail.dk``, ``mail.dk`` … ``WEBMAIL_DOMAINS``: only people
  have those) and one written after a person's name (``Jens Pedersen <jp1975@…>``, the
  "Fra:" line of a mail) — unless it is a role word.
- A phone number is **personal** when labelled as direct or mobile (``Direkte:``, ``D:``,
  ``Mobil``, ``Direkte tlf.:``), or when it stands in running text (``prose``: the letter's
  comments and its contact sentence, "… kan rettes til Peter Holm, tlf. 3370 3456"), found
  with the pattern the exports redact with (``patterns.PHONE_IN_TEXT``), so the list and
  the redaction agree. Switchboard numbers in a letterhead or footer (``T:``, ``Tlf.:``,
  ``Telefon:``, an unlabelled ``+45 35 29 81 00``) are organisational — except an
  unlabelled number printed right under a signatory's name, which ``split`` adds as that
  person's line. A country code ("+45", "0045") is part of the number.
- A Danish number with neither label nor pair grouping ("24970651", "2497 0651") is a
  phone only where its context shows one (``patterns.PHONE_IN_TEXT``, context kept out of
  the number): after a call cue ("ring på", "kontakt Jens Hansen på"), beside or below a
  person's name or e-mail address ("Jens Hansen, 2497 0651", a signature block), or just
  before an address. There it is personal anywhere in the letter when the cue is a call,
  the name is no organisation's, the address a personal one. Pairs of years, dates, CVR,
  journal and law numbers, amounts and digits of a longer number are never phones.

Contacts are returned as the exact strings of the text (an address split over a line keeps
its line break), in order of appearance, without duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lovdiff.letters.organisations import KNOWN_BODIES, count_mentions, short_form_for_domain
from lovdiff.letters.patterns import EMAIL, NAME_TOKEN, ORG_WORDS, PERSONAL_PHONE, PHONE_IN_TEXT

ROLE_WORDS = (
    "post", "info", "kontakt", "mail", "email", "hoering", "høring", "hoeringer", "sekretariat",
    "sekretariatet", "jobcenter", "borgerservice", "postkasse", "kommune", "noreply",
    "no-reply", "admin", "service", "support", "presse", "kundeservice", "digitalpost",
    "hovedpost", "raadhus", "rådhus", "direktion", "ledelse", "team", "kontor", "hr",
)  # fmt: skip

WEBMAIL_DOMAINS = (
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.dk", "outlook.com", "outlook.dk",
    "live.com", "live.dk", "msn.com", "yahoo.com", "yahoo.dk", "icloud.com", "me.com", "mac.com",
    "aol.com", "protonmail.com", "proton.me", "gmx.com", "gmx.net", "mail.dk", "email.dk",
    "jubii.dk", "ofir.dk", "post.tele.dk", "mail.tele.dk", "webspeed.dk", "stofanet.dk",
    "youmail.dk", "get2net.dk",
)  # fmt: skip
"""Mail services for private people: an address there belongs to a person."""

_NAME_BEFORE = re.compile(
    rf"(?P<name>(?:{NAME_TOKEN.pattern})(?:[ \t]+(?:{NAME_TOKEN.pattern})){{1,4}})[ \t]*<[ \t]*$"
)
"""A person's name right before ``<address>``: "Jens Pedersen <"."""

_PERSON_LOCAL = re.compile(r"[^\W\d_]{2,}(?:[._\-][^\W\d_]+)+|[^\W\d_]{2,5}\d{0,2}")


def is_personal_email(
    address: str, org_names: tuple[str, ...] = (), *, named: bool = False
) -> bool:
    """Whether an e-mail address belongs to a person (see the module rules); ``named``: it
    is written after a person's name ("Jens Pedersen <jp1975@firma.dk>").

    >>> is_personal_email("IBBE@kl.dk"), is_personal_email("star@star.dk")
    (True, False)
    >>> is_personal_email("Marianne.gro.bank@Hedensted.dk"), is_personal_email("post@aarhus.dk")
    (True, False)
    >>> is_personal_email("dh@handicap.dk"), is_personal_email("hoeringssvar@star.dk")
    (False, False)
    >>> is_personal_email("jenspedersen1975@gmail.com")
    True
    >>> is_personal_email("jp1975@firma.dk"), is_personal_email("jp1975@firma.dk", named=True)
    (False, True)
    """
    compact = re.sub(r"\s+", "", address)
    local, _, domain = compact.partition("@")
    local_l = local.casefold()
    if is_webmail(domain):
        return True
    labels = domain.casefold().split(".")
    if local_l in labels[:-1]:
        return False
    owner = short_form_for_domain(domain)
    shorts = {n.casefold() for n in org_names} | ({owner.casefold()} if owner else set())
    shorts |= {_acronym(n).casefold() for n in org_names if _acronym(n)}
    if local_l in shorts:
        return False
    if _is_role(local):
        return False
    return named or _PERSON_LOCAL.fullmatch(local) is not None


def is_webmail(domain: str) -> bool:
    """Whether a mail domain is a private mail service (``WEBMAIL_DOMAINS``).

    >>> is_webmail("gmail.com"), is_webmail("Hotmail.DK"), is_webmail("kl.dk")
    (True, True, False)
    """
    d = re.sub(r"\s+", "", domain).casefold().rstrip(".")
    return d in WEBMAIL_DOMAINS


def _is_role(local: str) -> bool:
    local_l = local.casefold()
    return any(local_l.startswith(w) or (len(w) >= 5 and w in local_l) for w in ROLE_WORDS)


def _named_by_person(text: str, start: int) -> bool:
    """Whether the address at ``start`` follows a person's name and "<" on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    m = _NAME_BEFORE.search(text, line_start, start)
    if m is None or ORG_WORDS.search(m.group("name")):
        return False
    return not any(count_mentions(body, m.group("name")) for body in KNOWN_BODIES)


def _personal_context(m: re.Match[str], org_names: tuple[str, ...]) -> bool:
    """Whether the context that makes an unlabelled number a phone (``PHONE_IN_TEXT``'s
    ``context``) makes it a person's: a call cue, a person's name, a personal address."""
    if m.group("call"):
        return True
    if name := m.group("person"):
        return not any(count_mentions(body, name) for body in KNOWN_BODIES)
    mail = m.group("mail") or m.group("mail_after") or ""
    return "@" in mail and is_personal_email(mail, org_names)


def _acronym(name: str) -> str:
    words = [w for w in re.findall(r"\w+", name) if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def find_contacts(
    text: str, org_names: tuple[str, ...] = (), prose: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """Personal e-mail addresses and direct phone numbers in ``text``, as written.

    ``org_names`` are names/short forms of the sender, whose mailbox is not personal;
    ``prose`` are spans of running text in ``text``, where every phone number is personal.

    >>> find_contacts("E-mail: IBBE@kl.dk\\nDirekte: 3370 3225\\nT: 79755000\\nkl@kl.dk")
    ['IBBE@kl.dk', '3370 3225']
    >>> find_contacts("Mail: Marianne.gro.bank\\n@Hedensted.dk\\nD: 24 97 0 65")
    ['Marianne.gro.bank\\n@Hedensted.dk', '24 97 0 65']
    >>> find_contacts("Fra: Jens Pedersen <jenspedersen@firma.dk>\\nTil: post@star.dk")
    ['jenspedersen@firma.dk']
    >>> find_contacts("T: 33 70 33 70\\nRing til Ib på tlf. 3370 3456.", prose=[(15, 44)])
    ['3370 3456']
    >>> find_contacts("Jens Hansen\\nKonsulent\\n24970651\\nCVR-nr. 55133018\\ni 2024 2025")
    ['24970651']
    """
    found: list[tuple[int, str]] = []
    for m in EMAIL.finditer(text):
        named = _named_by_person(text, m.start())
        if is_personal_email(m.group(0), org_names, named=named):
            found.append((m.start(), m.group(0)))
    for m in PERSONAL_PHONE.finditer(text):
        number = m.group("number").strip()
        if sum(ch.isdigit() for ch in number) >= 6:
            found.append((m.start("number"), number))
    for m in PHONE_IN_TEXT.finditer(text):
        if m.group("context") is not None and _personal_context(m, org_names):
            found.append((m.start("labelled"), m.group("labelled")))
    for start, end in prose:
        for m in PHONE_IN_TEXT.finditer(text, start, end):
            at = m.start("labelled") if m.group("label") else m.start()
            number = m.group("labelled") if m.group("label") else m.group(0)
            if sum(ch.isdigit() for ch in number) >= 6:
                found.append((at, number))
    out: list[str] = []
    for _, value in sorted(found):
        if value not in out:
            out.append(value)
    return out
