"""Personal contact details in letters: e-mail addresses of people and direct phone numbers.

Rules (so exports can redact personal data and keep organisational addresses):

- An e-mail address is **personal** when its local part looks like a person: ``first.last``
  (letters separated by ``.``, ``_`` or ``-``), or 2–5 letters (initials such as ``IBBE``,
  ``ans``, ``cfr``) — unless the local part equals the domain's own name (``star@star.dk``,
  ``REGIONER@REGIONER.DK``), the short form of the organisation owning the domain
  (``dh@handicap.dk``), or a role word (``post``, ``info``, ``kontakt``, ``hoeringssvar`` …).
  Other single-word local parts (``jobcenter@…``, ``beskaeftigelse@…``) are organisational.
- A phone number is **personal** when labelled as direct or mobile (``Direkte:``, ``D:``,
  ``Mobil``, ``Direkte tlf.:``). Switchboard numbers (``T:``, ``Tlf.:``, ``Telefon:``, an
  unlabelled ``+45 35 29 81 00``) are organisational — except an unlabelled number printed
  right under a signatory's name, which ``split`` adds as that person's line.

Contacts are returned as the exact strings of the text (an address split over a line keeps
its line break), in order of appearance, without duplicates.
"""

from __future__ import annotations

import re

from lovdiff.letters.organisations import short_form_for_domain
from lovdiff.letters.patterns import EMAIL, PERSONAL_PHONE

ROLE_WORDS = (
    "post", "info", "kontakt", "mail", "email", "hoering", "høring", "hoeringer", "sekretariat",
    "sekretariatet", "jobcenter", "borgerservice", "postkasse", "kommune", "noreply",
    "no-reply", "admin", "service", "support", "presse", "kundeservice", "digitalpost",
    "hovedpost", "raadhus", "rådhus", "direktion", "ledelse", "team", "kontor", "hr",
)  # fmt: skip

_PERSON_LOCAL = re.compile(r"[^\W\d_]{2,}(?:[._\-][^\W\d_]+)+|[^\W\d_]{2,5}\d{0,2}")


def is_personal_email(address: str, org_names: tuple[str, ...] = ()) -> bool:
    """Whether an e-mail address belongs to a person (see the module rules).

    >>> is_personal_email("IBBE@kl.dk"), is_personal_email("star@star.dk")
    (True, False)
    >>> is_personal_email("Marianne.gro.bank@Hedensted.dk"), is_personal_email("post@aarhus.dk")
    (True, False)
    >>> is_personal_email("dh@handicap.dk"), is_personal_email("hoeringssvar@star.dk")
    (False, False)
    """
    compact = re.sub(r"\s+", "", address)
    local, _, domain = compact.partition("@")
    local_l = local.casefold()
    labels = domain.casefold().split(".")
    if local_l in labels[:-1]:
        return False
    owner = short_form_for_domain(domain)
    shorts = {n.casefold() for n in org_names} | ({owner.casefold()} if owner else set())
    shorts |= {_acronym(n).casefold() for n in org_names if _acronym(n)}
    if local_l in shorts:
        return False
    if any(local_l.startswith(w) or (len(w) >= 5 and w in local_l) for w in ROLE_WORDS):
        return False
    return _PERSON_LOCAL.fullmatch(local) is not None


def _acronym(name: str) -> str:
    words = [w for w in re.findall(r"\w+", name) if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def find_contacts(text: str, org_names: tuple[str, ...] = ()) -> list[str]:
    """Personal e-mail addresses and direct phone numbers in ``text``, as written.

    ``org_names`` are names/short forms of the sender, whose mailbox is not personal.

    >>> find_contacts("E-mail: IBBE@kl.dk\\nDirekte: 3370 3225\\nT: 79755000\\nkl@kl.dk")
    ['IBBE@kl.dk', '3370 3225']
    >>> find_contacts("Mail: Marianne.gro.bank\\n@Hedensted.dk\\nD: 24 97 0 65")
    ['Marianne.gro.bank\\n@Hedensted.dk', '24 97 0 65']
    """
    found: list[tuple[int, str]] = []
    for m in EMAIL.finditer(text):
        if is_personal_email(m.group(0), org_names):
            found.append((m.start(), m.group(0)))
    for m in PERSONAL_PHONE.finditer(text):
        number = m.group("number").strip()
        if sum(ch.isdigit() for ch in number) >= 6:
            found.append((m.start("number"), number))
    out: list[str] = []
    for _, value in sorted(found):
        if value not in out:
            out.append(value)
    return out
