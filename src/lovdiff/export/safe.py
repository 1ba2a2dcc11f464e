"""Safe cells and safe text for every export: spreadsheets, Word XML and publication.

Contract (each function is pure and total: it never raises on any ``str``):

- ``xml_text``: characters XML 1.0 forbids (C0 controls except tab/newline/CR, lone
  surrogates, U+FFFE/U+FFFF) are never written. Vertical tab and form feed (page breaks in
  PDF text) become a space; every other forbidden character, NUL included, is removed.
- ``excel_cell``: ``xml_text`` plus Excel's limit of 32,767 characters per cell. Longer text
  is cut and ends with an explicit Danish note ``… [afkortet: N tegn i alt]`` (N = the
  length of the text before cutting), never silently. XLSX cells are written as *string*
  cells (``inlineStr``) with Excel's own ``quotePrefix`` flag when they look like a formula
  (see ``is_formula_like``), so the text stays exactly as written and is never evaluated.
- ``csv_cell``: CSV has no cell types, so a cell that looks like a formula gets a leading
  apostrophe (OWASP's advice); Excel shows the apostrophe, which is the visible sign that
  the cell was neutralised. Same length limit and note as ``excel_cell``.
- ``redact_contacts``: personal e-mail addresses, phone numbers (with their "+45"/"0045"
  country code) and CPR numbers become ``[fjernet]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from lovdiff.letters.patterns import COUNTRY_PREFIX, CPR_NUMBER, PHONE_IN_TEXT

if TYPE_CHECKING:
    from lovdiff.models import Consultation

EXCEL_CELL_LIMIT = 32_767
"""Excel's maximum number of characters in one cell."""

REDACTED = "[fjernet]"
"""What a redacted e-mail address, phone number or CPR number is replaced by."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection)."""

_ILLEGAL_XML = re.compile(
    "[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]"  # C0 controls (not tab/LF/VT/FF/CR), non-chars
)
_PAGE_BREAKS = re.compile("[\x0b\x0c]")  # vertical tab, form feed: layout breaks -> a space


def xml_text(text: str) -> str:
    """Text that can be written into any XML document (XLSX, DOCX, HTML).

    >>> xml_text("a\\x00b\\x0cc")
    'ab c'
    """
    return _ILLEGAL_XML.sub("", _PAGE_BREAKS.sub(" ", text))


def truncation_note(total: int) -> str:
    """The Danish note that ends a cut cell: ``… [afkortet: 40.000 tegn i alt]``."""
    return f"… [afkortet: {total:,} tegn i alt]".replace(",", ".")


def limit_cell(text: str, limit: int = EXCEL_CELL_LIMIT) -> str:
    """Cut ``text`` to at most ``limit`` characters, ending with the Danish truncation note.

    >>> limit_cell("abcdefghij" * 10, 40)
    'abcdefghijab… [afkortet: 100 tegn i alt]'
    """
    if len(text) <= limit:
        return text
    note = truncation_note(len(text))
    return text[: max(0, limit - len(note))] + note


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read the cell as a formula (starts with = + - @ tab CR)."""
    return text.startswith(FORMULA_TRIGGERS)


def excel_cell(text: str) -> str:
    """A string safe to store in an XLSX cell (see the module docstring)."""
    return limit_cell(xml_text(text))


def csv_cell(text: str) -> str:
    """A string safe as a CSV field opened in Excel: formulas neutralised with an apostrophe.

    >>> csv_cell("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    """
    text = xml_text(text)
    if is_formula_like(text):
        text = "'" + text
    return limit_cell(text)


# --------------------------------------------------------------------------- redaction

_EMAIL = re.compile(
    r"""
    (?<![\w.+-])
    (?P<local>[\w.+-]*\w)            # local part (letters incl. æøå, digits, . + -)
    (?:[ \t]*\n[ \t]*)?              # a line break before the @ (letterhead wrapping)
    @
    (?P<domain>[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})  # domain with a top-level domain
    """,
    re.VERBOSE,
)

_GENERIC_MAILBOXES = frozenset(
    {
        "post",
        "info",
        "kontakt",
        "mail",
        "email",
        "e-mail",
        "sekretariat",
        "sekretariatet",
        "hoering",
        "hoeringer",
        "hoeringssvar",
        "høring",
        "høringer",
        "høringssvar",
        "presse",
        "kommune",
        "borgerservice",
        "support",
        "administration",
        "adm",
        "kontoret",
        "noreply",
        "no-reply",
        "digitalpost",
    }
)

_PHONE = PHONE_IN_TEXT
"""Phone numbers in text: the same pattern ``lovdiff.letters.contacts`` reads letters with."""

_PREFIX_LEFT = re.compile(rf"(?<![\w+]){COUNTRY_PREFIX}(?={re.escape(REDACTED)})")
"""A country code left in front of a number already replaced: "+45 [fjernet]"."""


def _is_generic_mailbox(local: str, domain: str) -> bool:
    """A functional mailbox (post@, info@, star@star.dk), not a person's address."""
    local = local.lower()
    labels = domain.lower().split(".")
    return local in _GENERIC_MAILBOXES or local in labels[:-1]


def _redact_email(m: re.Match[str]) -> str:
    if _is_generic_mailbox(m.group("local"), m.group("domain")):
        return m.group(0)
    return REDACTED


def _redact_phone(m: re.Match[str]) -> str:
    label = m.group("label")
    if label:
        number = re.sub(rf"^{COUNTRY_PREFIX}", "", m.group("labelled"))
        digits = re.sub(r"\D", "", number)
        if not 7 <= len(digits) <= 10:
            return m.group(0)
        return label + REDACTED
    return REDACTED


def _redact_cpr(m: re.Match[str]) -> str:
    return (m.group("label") or "") + REDACTED


def redact_contacts(text: str, extra: Iterable[str] = ()) -> str:
    """Replace personal e-mail addresses, phone numbers and CPR numbers in ``text`` with
    ``[fjernet]``.

    ``extra`` are the exact strings a reader found (``Response.contacts``); they are replaced
    first, longest first. The regex fallback then catches what the reader missed:
    e-mail addresses (also wrapped before the ``@``) except functional mailboxes such as
    ``post@``, ``info@`` or an address whose name is its own domain (``star@star.dk``);
    phone numbers written as ``+45 …``/``0045 …``, as four pairs ``35 29 81 00``, or after a
    label (``Tlf.``, ``Direkte:``, ``Mobil``, ``D:``, ``T:``), or as eight digits
    (``24970651``, ``2497 0651``) where the context shows a phone (after "ring på",
    "kontakt … på", beside a name or an e-mail address, in a signature block); a country
    code goes with its number. Switchboard numbers after such a label are redacted too:
    over-redaction is the safe side for publication. CPR numbers go too: ``DDMMYY-NNNN``
    anywhere, ten digits after "CPR"/"personnummer" (the label stays).

    >>> redact_contacts("Kontakt: ab@kl.dk, Direkte: 3370 3225, post@kl.dk")
    'Kontakt: [fjernet], Direkte: [fjernet], post@kl.dk'
    >>> redact_contacts("Ring 0045 29 64 81 17. CPR 0102031234 og 010203-1234.")
    'Ring [fjernet]. CPR [fjernet] og [fjernet].'
    """
    for s in sorted({e for e in extra if e and e.strip()}, key=len, reverse=True):
        text = text.replace(s, REDACTED)
    text = CPR_NUMBER.sub(_redact_cpr, text)
    text = _EMAIL.sub(_redact_email, text)
    text = _PHONE.sub(_redact_phone, text)
    return _PREFIX_LEFT.sub("", text)


def redact_value(value: Any, extra: Iterable[str] = ()) -> Any:
    """Every string inside a JSON-like value (dicts, lists) passed through ``redact_contacts``."""
    extra = tuple(extra)
    if isinstance(value, str):
        return redact_contacts(value, extra)
    if isinstance(value, list | tuple):
        return [redact_value(v, extra) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v, extra) for k, v in value.items()}
    return value


def redact_tree(data: dict[str, Any], consultation: Consultation) -> dict[str, Any]:
    """A consultation's ``to_dict()`` with personal contacts removed from all text; each
    response's ``contacts`` list (the personal data itself) is emptied."""
    out = dict(data)
    responses = []
    for r_dict, r in zip(data.get("responses", []), consultation.responses, strict=False):
        red = redact_value(r_dict, r.contacts)
        red["contacts"] = []
        responses.append(red)
    out["responses"] = responses
    return out
