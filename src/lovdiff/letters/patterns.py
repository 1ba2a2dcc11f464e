"""All patterns for reading Danish letters (høringssvar), verbose, one comment per group.

Line patterns are anchored (``fullmatch`` on a stripped line): a line is letterhead/footer
material only when the *whole* line is an address, a date, a reference, a page number …
so sentences in the body never match.
"""

from __future__ import annotations

import re

UPPER = "A-ZÆØÅÄÖÜÉ"
LOWER = "a-zæøåäöüé"

MONTHS: dict[str, int] = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4,
    "apr": 4, "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

DATE = re.compile(
    rf"""
    (?P<day>\d{{1,2}})\.?\s*(?P<month_name>{_MONTH})\.?\s+(?P<year>\d{{4}})   # 18. februar 2026
  | (?P<d2>\d{{1,2}})[./-](?P<m2>\d{{1,2}})[./-](?P<y2>\d{{4}}|\d{{2}})\b    # 17.2.2026, 12-02-2026
  | (?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})\b                      # 2026-02-18
  | (?P<d3>\d{{1,2}})/(?P<m3>\d{{1,2}})\s+(?P<y3>\d{{4}})                    # 18/2 2026
    """,
    re.VERBOSE | re.IGNORECASE,
)

DATE_LINE = re.compile(
    rf"""
    (?:(?:dato|date)\s*[:.]?\s*)?                       # "Dato: …"
    (?:(?-i:[{UPPER}])[\w.\- ]{{1,30}}?,?\s+)?         # a place: "Aarhus, den …"
    (?:den\s+|d\.\s*)?                                  # "Den 18. februar 2026"
    (?P<date>{DATE.pattern})
    \s*\.?
    """,
    re.VERBOSE | re.IGNORECASE,
)

REFERENCE_LINE = re.compile(
    r"""
    (?P<label>
        (?:vores|vor|our)\s+(?:ref(?:erence)?|j\.?\s*nr|sagsnr)\.?(?:\s*nr\.?)?   # Vores ref.
      | ref(?:erence)?\.?\s*(?:nr\.?)?(?=\s*:)                                   # Ref.: …
      | sags?\s*[-.]?\s*(?:nr|nummer|id)\.?                                      # Sagsnr., Sags ID
      | j\.?\s*nr\.?|journal\s*(?:nr|nummer)\.?                                  # J.nr.
      | dok(?:ument)?\.?\s*(?:id|nr|nummer)\.?                                   # Dok. ID
      | (?:akt|brev|emne)\s*[-.]?\s*(?:id|nr)\.?                                 # Akt-ID
    )
    \s*[:.]?\s*
    (?P<value>\S.{0,60})
    """,
    re.VERBOSE | re.IGNORECASE,
)

THEIR_REFERENCE_LINE = re.compile(
    r"(?:deres|jeres|your)\s+(?:ref(?:erence)?|j\.?\s*nr|sagsnr)\.?\s*[:.]?\s*\S.{0,60}",
    re.IGNORECASE,
)

CODE_LINE = re.compile(
    r"""
    [A-ZÆØÅ]{2,6}[-\s]?\d{2,4}[-/.]\d{2,8}(?:[-/.]\d+)*     # EMN-2026-00205, SAG-2025-03164
  | \d{1,4}(?:[-/.]\d{1,8}){1,5}(?:/[A-Z]{2,5})?           # 26/004512-3, 1-30-72-15-26
    """,
    re.VERBOSE,
)

NUMBER_LINE = re.compile(r"\d{4,12}")
"""A bare number in a letterhead block: a document or case number."""

# ------------------------------------------------------------------ contacts

ORG_WORDS = re.compile(  # words that make a line an organisation's name
    r"\b\w*(?:forvaltning|styrelse|ministerie|sekretariat)\w*\b"
    r"|\b(?:kommune|region|regioner|selskab|forening\w*|styrelse\w*|ministeri\w*|organisation\w*"
    r"|sagen|råd\w*|institut\w*|center|centret|fond\w*|forbund\w*|landsforening|sekretariat\w*"
    r"|bestyrelse\w*|afdeling\w*|jobcenter\w*|forvaltning\w*|a/s|aps)\b",
    re.IGNORECASE,
)

NAME_TOKEN = re.compile(rf"[{UPPER}][{LOWER}'’\-]+(?:-[{UPPER}][{LOWER}]+)?|[{UPPER}]\.")
"""One word of a person's name: "Højlund", "Lyngberg-Hansen", an initial "M."."""

EMAIL = re.compile(
    r"""
    (?<![\w.@])
    (?P<local>[\w][\w.%+\-]*)          # local part
    (?:[ \t]*\n[ \t]*)?                # split over a line before the @ (PDF/Word wrap)
    @
    (?:[ \t]*\n[ \t]*)?                # … or after it
    (?P<domain>[\w\-]+(?:\.[\w\-]+)+)  # domain with at least one dot
    """,
    re.VERBOSE,
)

PHONE_NUMBER = r"(?:\+\s?\d{2}\s?)?\d(?:[ .]?\d){5,11}"
"""6–12 digits with single spaces or dots, optional country code."""

PERSONAL_PHONE = re.compile(
    rf"""
    (?:
        \b(?:direkte|dir\.|mobil|mob\.|mobiltelefon|mobilnr\.?|mobilnummer)   # direct / mobile
        (?:\s*(?:tlf\.?|telefon(?:nummer)?|nummer|nr\.?))?
      | \b(?:tlf\.?|telefon)\s*(?:direkte|dir\.|mobil)
      | ^[ \t]*(?-i:[DM])                             # "D: 24 97 0 65" at a line start
    )
    [ \t]*[:.]?[ \t]*
    (?:på[ \t]+)?
    (?P<number>{PHONE_NUMBER})
    (?!\d)
    """,
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)

COUNTRY_PREFIX = r"(?:\+[ \t]?|00)45[ \t.\-]?"
"""Denmark's calling code, as "+45" or "0045": it belongs to the number after it."""

DK_NUMBER = r"[2-9]\d{7}|[2-9]\d{3}[ \t\u00a0]\d{4}"
"""A Danish subscriber number as written without a label: eight digits, the first 2–9
(landlines and mobiles alike), solid or as 4+4: "24970651", "2497 0651"."""

_NOT_A_PHONE = r"""
    (?!(?:19|20)\d\d[ \t\u00a0](?:19|20)\d\d)                               # years: 2024 2025
    (?!(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d)               # date: 18022026
    (?!(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))               # date: 20260218
"""
"""Eight digits that read as a pair of years or a date are no phone number, whatever the
context (also after "ring på")."""

_PHONE_END = r"""
    (?![ \t\u00a0]?\d|[.,/\-]\d)                                  # no longer number: 2497 0651 23
    (?![ \t\u00a0]*(?:kr\b|kr\.|kroner|dkk|mio\b|mia\b|%|euro))   # no amount: 24970651 kr.
"""

_CALL_CUE = r"""
    \b(?:ring(?:e|er|es)?|kontakt(?:e|es|er)?|træffes?|nås|sms(?:'?e)?)  # ring, kontakte, træffes
    (?:[ \t]+(?!på\b)[^\s\d.!?;:@()]+){0,5}?[ \t]+på                    # … (up to 5 words) på
  | \b(?:ring(?:e|er)?|sms(?:'?e)?)(?:[ \t]+(?:gerne|bare|blot|endelig))?[ \t]+til  # ring til
"""
"""Words that ask the reader to call: "ring på", "kontakt Jens Hansen på", "kan træffes på",
"ring gerne til"."""

_NAME_WORD = (
    rf"(?!(?i:{ORG_WORDS.pattern}))"  # "Aarhus Kommune", "Danske Regioner": no person
    rf"(?!(?i:lov|lovbekendtgørelse|bekendtgørelse|kapitel|bilag|side|nr|stk|cvr|se|dato|sag\w*"
    rf"|journal\w*|konto\w*|reg|dok\w*|ref\w*|id|{_MONTH})\b)"  # "Lov Nr", "Bilag Side"
    rf"(?:{NAME_TOKEN.pattern})"
)
_PERSON = rf"(?-i:{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,4}})"
"""A person's name: two to five capitalised words, none an organisation or a citation word."""

_CONTACT_MAIL = r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+|\[[^\W\d_]{3,20}\]"
"""An e-mail address, or the placeholder ("[fjernet]") that already replaced one."""

PHONE_IN_TEXT = re.compile(
    rf"""
    (?<![\w+])
    (?:
        {COUNTRY_PREFIX}\d{{2}}(?:[ \t.\-]?\d{{2}}){{3}}         # +45 35 29 81 00, 004535298100
      | (?:{COUNTRY_PREFIX})?\d{{2}}[ .]\d{{2}}[ .]\d{{2}}[ .]\d{{2}}  # 35 29 81 00, 35.29.81.00
      | (?P<label>                                           # a phone label, then any digits
          (?:(?:tlf|telefon|telephone|phone|mobil|mobile|mob|direkte|dir|direct|fax)
             \.?[ \t]?(?:nr\.?[ \t]?)?:?
           | [tdm]:)                                         # single letters only with ":"
          [ \t]*
        | (?P<context>                                       # … or a context that shows a phone,
            (?P<call>{_CALL_CUE})[ \t]+                      # then a Danish number (DK_NUMBER):
          | (?:(?P<person>{_PERSON})|(?P<mail>{_CONTACT_MAIL}))
            (?:[ \t]*[,;:(|·/–—-][ \t]*                      # beside a name or address on its line
              | [ \t]+(?:(?:på|eller|og)[ \t]+)?
              | (?P<below>[ \t]*(?:[,;:–—-][^\n\d@]{{0,60}})?\n  # or below it, on a line of its own
                 (?:[ \t]*[^\n\d@]{{1,60}}\n){{0,2}}[ \t]*))     # (at most two lines between)
          | (?P<above>(?m:^)[ \t]*)                          # or above an address, line-initial
          )
        )
        (?P<labelled>
          (?(context)
              (?:{COUNTRY_PREFIX})?{_NOT_A_PHONE}(?:{DK_NUMBER}){_PHONE_END}
              (?(below)(?=[ \t]*(?:\n|\Z)))
              (?(above)(?=(?:[ \t]*(?:[,;(|·/–—-][ \t]*)?|[ \t]*\n[ \t]*)
                          (?:e-?mail[ \t]*:?[ \t]*)?(?P<mail_after>{_CONTACT_MAIL})))
            | (?:{COUNTRY_PREFIX})?\d[\d \t.\-]{{5,14}}\d
          )
        )
    )
    (?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""A phone number anywhere in running text (what exports redact, and what ``contacts`` lists
from a letter's sentences): with the country code, as four pairs, or after a label
("Tlf. 3370 3456", "Direkte: …", "D: …"); the label itself is not part of the number.
A Danish number without label or grouping ("24970651", "2497 0651", ``DK_NUMBER``) counts
only where its context shows a phone, and that context is kept as the ``label``: after a
call cue ("ring på", "kontakt … på", "træffes på"), beside a person's name or an e-mail
address on its line ("Jens Hansen, 2497 0651", "jh@kl.dk · 24970651"), alone on a line
below a name or address (a signature block) or right before an address. A pair of years
("2024 2025"), a date written as eight digits, a number inside a longer one or followed by
"kr." is never one; nor is a number after a label of another kind ("CVR-nr.", "j.nr.",
"lov nr."): no such label is a context."""

CPR_NUMBER = re.compile(
    r"""
    (?<![\w\-])
    (?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}      # birth date DDMMYY
    [\-\u2010\u2011\u2013]\d{4}                          # "-" and four digits: 010203-1234
    (?![\w\-])
  | (?P<label>
        \b(?:cpr|personnummer)(?:[\-.\ ]?(?:nr|nummer|no)\.?)?(?:et|ene)?  # CPR-nr., personnummeret
        (?:[ \t]*[:.]?[ \t]*(?:\w+[ \t]+){0,3}?)                      # "CPR-nummeret er "
    )
    (?P<number>(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}          # DDMMYY
        [ \t]?[\-\u2010\u2011\u2013]?[ \t]?\d{4})                          # (-)NNNN
    (?![\w\-])
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""A CPR number (personal identity number): DDMMYY-NNNN anywhere, or ten digits (with or
without the dash) after "CPR"/"personnummer" and at most three words."""

PHONE_LINE = re.compile(
    rf"""
    (?P<label>(?:direkte|dir\.|mobil|mob\.|tlf\.?|telefon|phone|tel\.?|hovednummer
               |omstilling|fax|[TDMF])(?:\s*(?:tlf\.?|direkte|dir\.|nr\.?))?\s*[:.]?\s*)?
    (?P<number>{PHONE_NUMBER})
    """,
    re.VERBOSE | re.IGNORECASE,
)

GROUPED_NUMBER = re.compile(r"(?:\+\s?\d{2}\s)?\d{2,4}(?:\s\d{1,4}){1,4}")
"""An unlabelled phone number needs spaces or a country code: "+45 35 29 81 00"."""

WEB_LINE = re.compile(
    r"(?:https?://|www\.)\S+|[\w\-]+(?:\.[\w\-]+)*\.(?:dk|com|org|net|eu|nu|info)/?",
    re.IGNORECASE,
)

EMAIL_LABEL_LINE = re.compile(
    r"(?:e-?mail|mail|email|e-post|sendt\s+(?:pr\.\s*e-?mail\s+)?til|cc)\s*[:.]?.*",
    re.IGNORECASE,
)

# ------------------------------------------------------------------ addresses

_STREET_SUFFIX = (
    "vej|gade|vænge|allé|alle|plads|stræde|torv|boulevard|have|park|bakke|vang|høj|toft|"
    "tofte|gård|kaj|bro|holm|dal|løkke|sti|stien|vangen|engen|mark|parken|vej\\.|gaden|"
    "passage|brygge|kvarter|ring|centret|center|borg|berg|bjerg|lund|skov|strand|hegn"
)

STREET_LINE = re.compile(
    rf"""
    (?:[\w.'\-]+\s){{0,4}}              # "Niels Espes", "Domus Medica,"
    [\w.'\-]*(?:{_STREET_SUFFIX})       # a word ending in a street suffix
    \s+\d{{1,4}}\s?[A-Za-z]?            # house number: 38, 15B, 22 A
    (?:\s*,\s*(?:\d+\.?\s*(?:sal)?\.?\s*(?:th|tv|mf)?\.?|st\.?\s*(?:th|tv|mf)?\.?))?  # floor
    """,
    re.VERBOSE | re.IGNORECASE,
)

POBOX_LINE = re.compile(r"(?:postboks|box|p\.\s?o\.\s?box|pb\.)\s*\d+", re.IGNORECASE)

POSTCODE_LINE = re.compile(
    rf"(?:DK[-\s]?)?\d{{4}}\s+[{UPPER}][\w.\- ]{{1,30}}",
)
"""Postcode and town: "2100 København Ø", "8722 Hedensted", "DK-2300 København S"."""

# ------------------------------------------------------------------ letter parts

EMAIL_HEADER = re.compile(
    r"""
    (?P<label>fra|from|sendt|sent|til|to|cc|bcc|emne|subject|vedhæftet|vedhæftede\s+filer
      |attachments?|dato|date|afsender|indsendt|modtaget|organisation|myndighed)
    \s*:\s*(?P<value>\S.*)
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""A header line of a forwarded e-mail ("Fra: …", "Sendt: 17. februar 2026 14:32")."""

SEPARATOR_LINE = re.compile(r"[-=_*~·•.#]{3,}|(?:[-=_*~·] ?){3,}")
"""A rule between letters or sections ("-----", "* * *")."""

PAGE_LINE = re.compile(
    r"""
    (?:side|s\.|page)\s*(?P<n>\d+)\s*(?:af|/|of|ud\s+af)\s*(?P<m>\d+)   # Side 1 af 2
  | (?:side|page)\s+(?P<n2>\d+)                                        # Side 2
  | -\s*(?P<n3>\d+)\s*-                                                # - 2 -
  | (?P<n4>\d+)\s*\((?P<m4>\d+)\)                                      # 2 (3)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_PAGE_NO = r"(?:side|page|s\.)\s*\d{1,3}(?:\s*(?:af|/|of|ud\s+af)\s*\d{1,3})?"
_PAGE_SEP = r"(?:\s*[·|•–—]\s*|\s+-\s+|\s{3,}|\t+)"

PAGE_HEADER_LINE = re.compile(
    rf"""
    (?P<label>(?-i:[{UPPER}0-9]).{{1,100}}?){_PAGE_SEP}{_PAGE_NO}    # Danske Patienter · side 2
  | {_PAGE_NO}{_PAGE_SEP}(?P<label2>(?-i:[{UPPER}0-9]).{{1,100}})    # Side 2 | KL
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""A running page header or footer: a short title and a page number ("Høringssvar fra KL –
side 2", "Side 2 af 3 | Danske Patienter"); ``split`` checks the title is no sentence."""

CLOSING_LINE = re.compile(
    rf"""
    (?:med\s+)?(?:venlig(?:st)?|venlige|mange|bedste|kærlig)\s+hilsen(?:er)?   # Med venlig hilsen
    (?:\s+og\s+på\s+vegne\s+af\b.*)?
    [,.!]?
    (?P<rest>\s*[,–-]\s*.{{2,60}}|\s+(?-i:[{UPPER}]).{{2,60}})?          # … , Nanna Højlund
  | (?:mvh|vh|m\.v\.h\.|kind\s+regards|best\s+regards)[.,]?
    (?P<rest2>\s*[,–-]?\s*.{{2,60}})?
  | (?:på\s+vegne\s+af|p\.v\.|pva\.)\s.{{2,120}}                          # På vegne af …
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""A closing formula; ``rest``/``rest2`` hold a name written on the same line."""

FOR_LINE = re.compile(rf"For\s+[{UPPER}][\w&\-]*(?:\s+(?:og\s+|&\s+)?[{UPPER}][\w&\-()]*){{0,5}}")
"""A sign-off "For JobHedensted" (capitalised words only, no period)."""

SALUTATION_LINE = re.compile(r"(?:kære|hej|dear|til\s+rette\s+vedkommende)\b.{0,80}", re.IGNORECASE)

ATTENTION_LINE = re.compile(
    rf"""
    (?i:att(?:n)?\.?|attention|til)\s*[:.]?\s*[{UPPER}].{{0,100}}    # Att. …, Til Styrelsen …
  | og\s+[{UPPER}][\w\-]+(?:\s+[{UPPER}][\w\-]+){{1,3}}\s*\(.*@.*\)\s*(?:og)?  # og Claus (cfr@…)
    """,
    re.VERBOSE,
)

CONTACT_PERSON_LINE = re.compile(
    r"(?:sagsbehandler|kontaktperson|kontakt|ansvarlig|skrevet\s+af|direkte\s+kontakt)\s*:\s*\S.*",
    re.IGNORECASE,
)

CONTACT_NOTE = re.compile(
    r"""
    (?:eventuelle\s+)?(?:spørgsmål|uddybning|henvendelse)\w*\s.{0,80}?
    (?:kan|bedes)\s+(?:rettes|stilles|sendes)\s+til
  | (?:du|i)\s+er\s+velkommen\s+til\s+at\s+kontakte
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""The contact sentence at the end of a letter ("Eventuelle spørgsmål kan rettes til …")."""

_STATEMENT_WORD = (
    r"(?:har|havde|er|var|ikke|ingen|kan|vil|skal|takker|afgiver|fremsender|sender|giver"
    r"|ønsker|finder|hermed|jeg|vi)\b"
)
"""A verb, negation or pronoun before "bemærkninger til …": a sentence ("Datatilsynet har
ikke bemærkninger til udkastet."), never a subject line."""

SUBJECT_LINE = re.compile(
    rf"""
    (?:(?:emne|vedr(?:ørende)?|ang(?:ående)?|re|sv|titel)\s*[.:]\s*)?   # Emne: / Vedr.:
    (?:(?!{_STATEMENT_WORD})[\w\-]+(?:'s|’s|s)?\s+){{0,3}}?            # Lægeforeningens …
    (?:
        høring\w*\s?svar\w*|hørings\s+svar|høringsbemærkning\w*            # Høringssvar
      | høring\s+(?:over|vedr\.?|vedrørende|om|af)                       # Høring over …
      | (?:bemærkninger|kommentarer)\s+til\s+(?:høring|udkast|forslag)    # Bemærkninger til høring
      | svar\s+på\s+høring
    )\b
  | (?:emne|vedr|vedrørende|subject)\s*:\s*\S                             # Emne: anything
    """,
    re.VERBOSE | re.IGNORECASE,
)

NO_REMARKS = re.compile(
    r"""
    \b(?:ingen|ikke(?:\s+nogen)?)\s+(?:\w+\s+){0,2}?           # ingen (yderligere) / ikke nogen
    (?:bemærkninger|kommentarer|indvendinger)\b
  | \b(?:ingen|ikke)\b.{0,60}?\banledning\s+til\s+(?:\w+\s+)?bemærkninger\b  # giver ikke anledning
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""A statement that the sender has no remarks ("Datatilsynet har ikke bemærkninger til …",
"Ingen bemærkninger", "giver ikke anledning til bemærkninger")."""

SUBJECT_LABEL = re.compile(
    r"(?:emne|subject|vedr(?:ørende)?|re|sv|fw|fwd)\s*[.:]\s*", re.IGNORECASE
)
"""The label in front of a subject line ("Emne: …")."""

BULLET = re.compile(
    r"""
    [ \t]*
    (?P<glyph>[-–•*▪●◦○·➢►■□◆✓\uf000-\uf0ff]|o(?=\s)|\d{1,2}\)|[a-zæøå]\))  # - • o 1) a)
    [ \t\u00a0]+\S
    """,
    re.VERBOSE,
)
"""A bullet item; symbol-font glyphs from PDFs (U+F0B7, U+F076 …) count as bullets."""

# ------------------------------------------------------------------ headings

_CITATION = r"(?:(?:kapitel|kap\.|bilag)\s*\d+\s*[a-z]?|§§?\s*\d+\s*[a-z]?\b)"

PROVISION_HEADING = re.compile(
    rf"""
    (?:(?:ad\.?|til|vedr\.?|vedrørende|om|bemærkninger\s+til|kommentarer\s+til)\s+)?  # Ad § 12
    {_CITATION}
    (?:\s*[,:–-]?\s*(?:{_CITATION}|stk\.\s*\d+|nr\.\s*\d+|\d+\.\s*pkt\.|litra\s+[a-z]
        |og|samt|-|–|\d+\s*[a-z]?\b))*                                         # , stk. 2; §§ 10-12
    \s*[.:]?
    (?:\s*[–:-]\s*[^.]{{1,60}})?                                              # – a short title
    """,
    re.VERBOSE | re.IGNORECASE,
)

ACT_NOUN = (
    r"(?:bekendtgørelse\w*|lov\b|love\b|lovene\b|loven\b|lovforslag\w*|lovbekendtgørelse\w*|"
    r"vejledning\w*|cirkulære\w*|forordning\w*|direktiv\w*)"
)

SECTION_HEADING = re.compile(
    rf"""
    (?:\d+(?:\.\d+)*\.?\s+)?                                    # 1. / 2.1
    (?:
        (?:[\w'’.\-]+\s+){{0,3}}?                     # KL's / Specifikke / Danske Regioners
        (?:bemærkninger|kommentarer|høringssvar|svar)\s+(?:til|vedr\.?|vedrørende|om)\s+
      | (?:vedr\.?|vedrørende|angående|ang\.|ad)\s+
      | generelt\s+(?:vedr\.?|vedrørende|om|til)\s+
    )?
    (?:(?:udkast|forslag)\s+til\s+)?
    (?P<act>{ACT_NOUN}.*)
    """,
    re.VERBOSE | re.IGNORECASE,
)

GENERAL_HEADING = re.compile(
    r"""
    (?:\d+(?:\.\d+)*\.?\s+)?
    (?:generelt|generelle\s+bemærkninger|overordnede\s+bemærkninger|overordnet|
       indledende\s+bemærkninger|indledning|generelle\s+kommentarer|
       generelt\s+(?:vedr\.?|vedrørende|om|til)\b.*)
    \s*:?
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""A heading that opens general remarks: it resets ``Comment.about`` to ""."""

ACT_TITLE = re.compile(rf"(?P<title>{ACT_NOUN}\s+om\s.+)", re.IGNORECASE)
"""The act a heading names: an act noun followed by "om …" (the title as written)."""

ABBREVIATION_END = re.compile(
    r"(?:m\.v\.|mv\.|m\.fl\.|mfl\.|o\.l\.|ol\.|bl\.a\.|jf\.|stk\.\s*\d+\.|§\s*\d+\s*[a-z]?\.|nr\.\s*\d+\.)$",
    re.IGNORECASE,
)

SENTENCE_BREAK = re.compile(rf"(?P<word>[\w.]*)[.!?]\s+[{UPPER}§]")
"""A period, then a capital: a sentence break unless ``word`` is an abbreviation."""

ABBREVIATIONS = frozenset(
    {
        "vedr", "jf", "bl.a", "m.v", "mv", "m.fl", "mfl", "nr", "stk", "pkt", "ca", "f.eks",
        "fx", "dvs", "evt", "inkl", "ift", "mht", "ang", "att", "ref", "dok", "tlf", "hhv",
        "kap", "o.l", "ol", "pga", "iht", "jfr", "sml", "s", "dir", "mob", "att.", "st",
    }
)  # fmt: skip
MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,200})\]\([^)\s]{0,300}\)")
MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}(?=\S)|(?<=\S)\*{1,2}(?![\w*])")
TERMINAL = re.compile(r"""[.!?:;)\]"”»'’]\s*$""")

# ------------------------------------------------------------------ splitting helpers

COMPOSITE = re.compile(r"\s+[·|•]\s+|\s{3,}|\t+")
"""Separators inside one footer line: "Blekinge Boulevard 2 · 2630 Taastrup · T: …"."""

TITLE_WORDS = re.compile(  # job titles in signatures: "Næstformand", "kontorchef"
    r"(?:formand|næstformand|direktør|vicedirektør|chef|kontorchef|afdelingschef|konsulent"
    r"|chefkonsulent|specialkonsulent|fuldmægtig|sekretariatschef|borgmester|rådmand|leder"
    r"|jobcenterchef|overlæge|professor|sekretær|koordinator|medlem|rådgiver|jurist|adm\.)\w*",
    re.IGNORECASE,
)

LIST_LABEL = re.compile(r"(?:\d{1,2}|[a-zA-Z])[.)]|[-–•*▪●◦○·➢►■□◆✓\uf000-\uf0ff]")
"""A list label standing alone on its line ("1.", "a)", "•"); its text follows below."""

DEHYPHEN = re.compile(r"([^\W\d_])[\u2010\u00ad-]$")
"""A word broken at a line end with a hyphen ("sagsbe-")."""

CONJ = re.compile(r"(?:og|eller|samt|til|som|med|uden)\b")
"""A conjunction after a line-end hyphen: "sygedagpenge-/og" keeps its hyphen."""

ACT_TAIL = re.compile(r"\s+[–-]\s+|\s*;|\s*:\s|\s+§|\s+(?:kap\.|kapitel)\s*\d")
"""Where an act's title ends in a heading ("Lov om X – grundlag for …; § 70a")."""

ENDED = re.compile(
    r"(?<!\bjf\.)(?<!\bnr\.)(?<!\bstk\.)(?<!\bpkt\.)(?<!\bca\.)(?<!\bjfr\.)(?<!\bvedr\.)[.!?:]$"
)
"""A line that ends a sentence ("… jf." / "… stk." continue on the next line)."""

OPEN_END = re.compile(r"(?:\b(?:og|om|i|til|for|af|med|eller|samt|vedr\.|fra|på)|[,(–-])$")
"""A line that cannot end a sentence or a title: the text goes on below."""
