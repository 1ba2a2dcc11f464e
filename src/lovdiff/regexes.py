"""Every pattern lovdiff uses to read Danish legal text, in one place, verbose and commented.

Patterns work on *cleaned* text (see ``clean.py``): no-break spaces are plain spaces, hyphens
are ASCII, line-end hyphenation is undone. Structural patterns match a whole stripped line.
"""

from __future__ import annotations

import re

X = re.VERBOSE

MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
MONTH_ALT = "|".join(MONTHS)

# A section number: digits, optionally a letter with or without a space ("15 a", "2a").
SECTION_NUM = (
    r"\d{1,4}"
    r"(?:[a-zæø](?![a-zæøå])"  # glued letter: "2a"
    r"|\s[a-hj-zæø](?=[,.;:)\-–]|\s+(?:stk\.|nr\.|og\b|eller\b|i\b|til\b|jf\.|-|–)|\s*$)"  # "15 a"
    r"|\si(?=[,.;:)]))?"  # "§ 12 i" is "§ 12 in …" unless punctuation follows
)

CHAPTER_LINE = re.compile(
    r"""^
    (?P<label>(?:Kapitel|KAPITEL|Kap\.)\s*(?P<num>\d{1,3}(?:\s?[a-z](?![a-zæøå]))?))  # Kapitel 4 / Kap. 2
    (?=\s|[:.\-–](?:\s|$)|$)                               # never inside a word
    \s*(?:[:.\-–]\s*)?                                     # "Kapitel 1:", "Kapitel 3."
    (?P<rest>.*)$                                          # the heading on the same line
    """,
    X,
)

SECTION_LINE = re.compile(
    rf"""^
    (?P<label>§\s*(?P<num>{SECTION_NUM})\.)   # "§ 8." / "§ 15 a." / "§ 2a."
    (?P<rest>(?:\s+.*)?)$                     # the section's first words (may be empty)
    """,
    X,
)

# Repealed sections in a consolidated act, one label for a range: "§§ 26-29. (Ophævet).",
# "§ 5a-5d. (Ophævet)."
SECTION_RANGE_LINE = re.compile(
    rf"""^
    (?P<label>§§?\s*(?P<num>{SECTION_NUM})\s*[-–]\s*(?P<last>{SECTION_NUM})\.)
    (?P<rest>(?:\s+.*)?)$
    """,
    X,
)

# A section label alone on its line without a period ("§ 2" in amending acts' final notes).
BARE_SECTION_LINE = re.compile(rf"^§\s*(?P<num>{SECTION_NUM})$", X)

SUBSECTION_LINE = re.compile(
    r"""^
    (?P<label>\*?Stk\.\*?\s*(?P<num>\d{1,3})\.\*?)   # "Stk. 2." (capital S only; asterisks from markdown)
    (?P<rest>(?:\s+.*)?)$
    """,
    X,
)

ITEM_LINE = re.compile(
    r"""^
    (?:[-–•]\s*)?                           # a bullet some conversions put before the number
    (?P<label>(?P<num>\d{1,3})\))           # "1)"
    (?P<rest>(?:\s+.*)?)$
    """,
    X,
)

# The numbered amendments of an amending act: "1. Lovens titel affattes således:".
AMENDMENT_ITEM_LINE = re.compile(
    r"""^(?P<label>(?P<num>\d{1,3})\.)(?P<rest>\s+(?:[A-ZÆØÅ»"]|I\s|§).*)$""",
    X,
)

LITRA_LINE = re.compile(
    r"""^
    (?:[-–•]\s*)?
    (?P<label>(?P<num>[a-z])\))              # "a)"
    (?P<rest>\s+.*)$
    """,
    X,
)

ANNEX_LINE = re.compile(
    r"""^
    (?P<label>(?:Bilag|BILAG)\s+(?P<num>\d{1,3}[a-z]?))   # "Bilag 1"
    (?=\s|[:.\-–](?:\s|$)|$)                               # never inside a word
    \s*(?:[:.\-–]\s*)?
    (?P<rest>.{0,200})$
    """,
    X,
)

# Inline structure inside one paragraph (flattened layouts): "… sidste ord. Stk. 2. Næste …"
INLINE_SUBSECTION = re.compile(
    r"""(?<=[.:;)])\s+                      # after the end of a sentence
    (?P<label>Stk\.\s*(?P<num>\d{1,3})\.)   # Stk. N.
    (?=\s+\S)""",
    X,
)
INLINE_ITEM = re.compile(
    r"""(?<=[\s:])                          # after a space or colon, never glued ("kr.1)")
    (?P<label>(?P<num>\d{1,3})\))           # N)
    (?=\s+\S)""",
    X,
)

# A footnote marker glued to the word before it: "14.000 kr.1) inklusiv", "Bekendtgørelse om …1)".
FOOTNOTE_MARKER = re.compile(r"(?<=[^\s\d(§])(?P<num>\d{1,2})\)(?=\s|$)")

PREAMBLE_START = re.compile(
    r"""^(?:I\s+medfør\s+af|I\s+henhold\s+til|Her(?:ved|med)\s+bekendtgøres|VI\s+\w+|Efter\s+bemyndigelse)""",
    X,
)

SIGNATURE_LINE = re.compile(
    rf"""^
    (?P<who>[A-ZÆØÅ][^§]{{2,140}}?),\s*        # "Styrelsen for Arbejdsmarked og Rekruttering,"
    den\s+(?P<day>\d{{1,2}}|x|X)\.\s*           # "den 29." / "den x."
    (?:(?P<month>{MONTH_ALT})\s+)?              # month may be missing in drafts
    (?P<year>\d{{4}})
    (?:\s+(?P<names>(?-i:[A-ZÆØÅ])[^§\d]{{0,160}}))?  # signers on the same line (Word, PDF)
    \s*$
    """,
    X | re.IGNORECASE,
)

# A law's signature formula: "Givet på Amalienborg, den …", "Under Vor Kongelige Hånd og Segl".
ROYAL_SIGNATURE = re.compile(r"^(?:Givet\s+på\s+\w+|Under\s+Vor\s+Kongelige\s+Hånd)", re.IGNORECASE)

# "I lov nr. 528 af 11. juni 2012 om Offentlig Digital Post foretages følgende ændringer:"
AMENDED_ACT = re.compile(
    r"I\s+(?P<act>(?:lov|bekendtgørelse|lovbekendtgørelse)\b.*?)(?:,\s*som\s+ændret\s+.*?)?"
    r"\s+foretages\s+følgende\s+ændring",
    re.IGNORECASE | re.DOTALL,
)

# The notes on amending acts after a consolidated act's last section:
# "Lov nr. 633 af 8. juni 2016 (…) indeholder følgende ikrafttrædelsesbestemmelse:",
# "… indeholder følgende ikrafttrædelses- og overgangsbestemmelser:",
# "Lov nr. 1336 af 19. december 2008, § 70, vedrører økologilovens § 16, stk. 3-5. …"
AMENDING_NOTES_START = re.compile(
    r"""^(?:Lov|Bekendtgørelse|Lovbekendtgørelse)\s+nr\.?\s*\d+\s+af\s+.*?
    (?:indeholder\s+følgende\s+(?:[\w-]+\s+(?:og|eller)\s+)?\w*bestemmelser?
      |,\s*(?:§§?\s*[^,]{1,40},\s*)?vedrører\s)""",
    X | re.IGNORECASE,
)
OFFICIAL_NOTES = re.compile(r"^(?:Officielle\s+noter|Noter)\s*:?$", re.IGNORECASE)

# File header some renderings put on top: "KEY: value" lines closed by a line of dashes.
HEADER_KEY_LINE = re.compile(r"^[A-Z][A-Z-]{1,20}:\s")
DASH_RULE = re.compile(r"^[-=_]{20,}$")

# Page debris: "Side 1 af 2", "- 3 -", "Side 2".
PAGE_DEBRIS = re.compile(
    r"^(?:Side\s+\d+(?:\s+af\s+\d+)?|-\s*\d+\s*-|\d+\s*/\s*\d+)$", re.IGNORECASE
)

# ------------------------------------------------------------------------- metadata
DANISH_DATE = re.compile(
    rf"""(?P<day>\d{{1,2}})\.\s*(?P<month>{MONTH_ALT})\s+(?P<year>\d{{4}})""",
    X | re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})")
ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")

IN_FORCE = re.compile(
    rf"""træder\s+i\s+kraft\s+(?:den\s+)?(?P<date>\d{{1,2}}\.\s*(?:{MONTH_ALT})\s+\d{{4}})""",
    X | re.IGNORECASE,
)

REVOKED = re.compile(
    rf"""(?P<kind>Bekendtgørelse|Lovbekendtgørelse|Lov|Cirkulære|Vejledning)\s+
    nr\.\s*(?P<number>\d+)\s+af\s+
    (?P<date>\d{{1,2}}\.\s*(?:{MONTH_ALT})\s+\d{{4}})\s*
    (?P<title>(?:om|af)\s.+?)?\s*
    ophæves""",
    X | re.IGNORECASE | re.DOTALL,
)

TITLE_NUMBER = re.compile(
    r"""(?:BEK|LBK|LOV|Bekendtgørelse|Lovbekendtgørelse|Lov)\s+nr\.?\s*(?P<number>\d+)\s+af\s+
    (?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\s*\w+\s+\d{4})""",
    X | re.IGNORECASE,
)

# ------------------------------------------------------------------------- references
# One citation chain: "§ 15 a, stk. 1 og 2, nr. 3, 2. pkt." / "§§ 21-23" / "§§ 3 og 4".
CITATION = re.compile(
    rf"""
    (?P<para>§§?)\s*                                        # § or §§
    (?P<secs>{SECTION_NUM}(?:\s*(?:-|–|,|og|eller|til)\s*(?:§\s*)?{SECTION_NUM}(?![\d.]))*)  # 21-23 / 3 og 4
    (?P<tail>(?:\s*,?\s*(?:stk\.\s*\d+(?:\s*(?:-|–|,|og|eller)\s*\d+(?!\d*\.\s*pkt))*
                      |nr\.\s*\d+(?:\s*(?:-|–|,|og|eller)\s*\d+(?!\d*\.\s*pkt))*
                      |litra\s+[a-z](?:\s*(?:-|–|,|og|eller)\s*[a-z]\b)*
                      |\d+\.\s*(?:og\s+\d+\.\s*)?pkt\.))*)   # , stk. 1, nr. 2, 2. pkt.
    """,
    X,
)
# A relative citation without §: "stk. 2", "stk. 2 og 3", "nr. 1", "stk. 1, nr. 3".
RELATIVE_CITATION = re.compile(
    r"""(?<![§\w.])(?<!§\s)
    (?P<tail>(?:stk\.\s*\d+(?:\s*(?:-|–|,|og|eller)\s*\d+(?!\d*\.\s*pkt))*)
             (?:\s*,?\s*(?:nr\.\s*\d+(?:\s*(?:-|–|,|og|eller)\s*\d+)*|\d+\.\s*pkt\.))*
     |nr\.\s*\d+(?:\s*(?:-|–|,|og|eller)\s*\d+)*)""",
    X,
)
CHAPTER_CITATION = re.compile(
    r"""(?P<own>(?:bekendtgørelsens|lovens|denne\s+bekendtgørelses|denne\s+lovs)\s+)?
    (?<![\w])kapitel\s+(?P<nums>\d{1,3}(?:\s?[a-hj-z](?![a-zæøå]))?
        (?:\s*(?:-|–|,|og|eller)\s*\d{1,3}(?:\s?[a-hj-z](?![a-zæøå]))?)*)""",
    X | re.IGNORECASE,
)
ANNEX_CITATION = re.compile(
    r"(?<![\w])bilag\s+(?P<nums>\d{1,3}(?:\s*(?:-|–|,|og)\s*\d{1,3})*)", re.I
)

# The act a citation names, right after it: ", i lov om social pension", "i sundhedsloven",
# "i bekendtgørelse om …", "i lov nr. 1482 af 23. december 2014 om …", "i forvaltningsloven".
ACT_AFTER = re.compile(
    r"""^\s*,?\s*(?:i|efter|jf\.)\s+
    (?P<act>
      (?:den\s+)?(?:lov|lovbekendtgørelse|bekendtgørelse|forordning|direktiv|cirkulære)
          (?:\s+nr\.\s*\d+(?:\s+af\s+\d{1,2}\.\s*\w+\s+\d{4})?)?
          (?:\s+(?:om|af|til)\s+(?:m\.v\.|mv\.|nr\.|jf\.|[^,.;:()§])+)?
     |(?:[A-ZÆØÅa-zæøå][\w-]*?)(?:loven|lov|lovens|bekendtgørelsen|bekendtgørelse|forordningen|kodeks)\b
    )""",
    X,
)
# The act named right before a citation: "retssikkerhedslovens § 4", "autorisationsloven § 17".
ACT_BEFORE = re.compile(
    r"""(?P<act>(?:[A-ZÆØÅa-zæøå][\w-]*?)(?:lovens|loven|lov|bekendtgørelsens|forordningens)
        |lov\s+om\s+[^,.;§]+?s)\s*$""",
    X,
)
OWN_DOCUMENT = re.compile(
    r"(?:bekendtgørelsens|denne\s+bekendtgørelses?|lovens|denne\s+lovs?)\s*$", re.IGNORECASE
)
