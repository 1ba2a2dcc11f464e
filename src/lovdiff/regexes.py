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
# The same marker where a comparison strips it (a renumbered note is editorial): also before
# punctuation, but never after a citation's abbreviation ("jf. stk.2)" cites stk. 2) ...
GLUED_NOTE_MARKER = re.compile(
    # (each opens with a lookahead for what it must match first: the lookbehinds are then
    # tried only there, not at every position of a long text)
    r"(?=\d{1,2}\))(?<=[^\s\d(§])(?<!\bstk\.)(?<!\bnr\.)(?<!\bpkt\.)(?<!\blitra)"
    r"\d{1,2}\)(?=[\s,.;:]|$)",
    re.IGNORECASE,
)
# ... and a changed word that may hold one: a number glued on ("ikrafttræden.1", "Grønland2").
GLUED_NOTE_NUMBER = re.compile(
    r"(?=[^\W\d_]\.?\d)(?<!\bstk)(?<!\bnr)(?<!\bpkt)[^\W\d_]\.?\d{1,2}(?!\d)", re.IGNORECASE
)

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
      |,?\s*(?:§§?\s*[^,§]{1,40}?,?\s*)?vedrører\s)""",  # commas optional (2009 layout)
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
# Its parts. A list of numbers ("2", "2 og 3", "2-4", "1, 3 og 4") never takes the "2." of "2. pkt."
# or of "2. og 3. pkt.".
_FURTHER_NUMS = r"(?:\s*(?:-|–|,|og|eller)\s*\d+(?!\d*\.\s*(?:og\s+\d+\.\s*)?pkt))*"
NUM_LIST = rf"\d+{_FURTHER_NUMS}"
_STK = rf"stk\.\s*{NUM_LIST}"  # stk. 1 og 2
_NR = rf"nr\.\s*\d+(?![\d/]){_FURTHER_NUMS}"  # nr. 2-4, never nr. 575/2013
_LITRA = r"litra\s+[a-z](?:\s*(?:-|–|,|og|eller)\s*[a-z]\b)*"  # litra a-c og g
_PKT = r"\d+\.\s*(?:og\s+\d+\.\s*)?pkt\."  # 2. pkt. / 1. og 2. pkt.
_TAIL = rf"(?:\s*(?:,\s*)?(?:{_STK}|{_NR}|{_LITRA}|{_PKT}))*"  # , stk. 1, nr. 2, 2. pkt.
# "§ 3, stk. 2 og stk. 3, nr. 4": a repeated "stk." after "og" continues the same section.
_MORE = rf"(?:(?:\s*,\s*|\s+)(?:og|eller)\s+{_STK}(?:\s*(?:,\s*)?(?:{_NR}|{_LITRA}|{_PKT}))*)*"
# A further number of a list, unless it is the "2." of "2. pkt." ("§ 12, 2. pkt.").
_NOT_SENTENCE = r"(?!\d|\.\s*(?:og\s+\d+\.\s*)?pkt)"

CITATION = re.compile(
    rf"""
    (?P<para>§§?)\s*                                        # § or §§
    (?P<secs>{SECTION_NUM}(?:\s*(?:-|–|,|og|eller|til)\s*(?:§\s*)?{SECTION_NUM}{_NOT_SENTENCE})*)
                                                            # 21-23 / 3 og 4 / 15 b - 15 c
    (?P<tail>{_TAIL})                                       # , stk. 1, nr. 2, 2. pkt.
    (?P<more>{_MORE})                                       # og stk. 3, nr. 4 (only after a stk.)
    """,
    X,
)
# A relative citation without §: "stk. 2", "stk. 2 og 3", "nr. 1", "stk. 1, nr. 3", and "Stk. 3,
# nr. 1, finder …" at a sentence's start (a label "Stk. 3." is told apart by SUBSECTION_LABEL).
RELATIVE_CITATION = re.compile(
    rf"""(?<![§\w.])(?<!§\s)
    (?P<tail>[Ss]tk\.\s*{NUM_LIST}                         # stk. 2 og 3 / Stk. 3
             (?:\s*(?:,\s*)?(?:{_NR}|{_LITRA}|{_PKT}))*          # , nr. 1, litra a, 2. pkt.
     |{_NR})                                                # nr. 1
    """,
    X,
)
# A subsection's label left inside a text: "Stk. 2-7. (Udelades)", or "Stk. 1" alone on its line
# (quoted acts in letters). A label, not a citation.
SUBSECTION_LABEL = re.compile(
    r"""Stk\.\s*\d+(?:\s*(?:-|–|,|og)\s*\d+)*
    (?:\.(?!\s*(?:og\s+\d+\.\s*)?pkt)   # "Stk. 2." (never "Stk. 2, 2. pkt.")
      |[ \t]*(?:\n|$))                  # "Stk. 1" ending its line
    """,
    X,
)
# What makes "nr. N" an act's number rather than an item: the act before it ("lov nr. 1336",
# "forordning (EU) nr. 575", "j.nr.") ...
ACT_NUMBER_BEFORE = re.compile(
    r"""(?:lov|bekendtgørelse|forordning|direktiv|cirkulære|vejledning|anordning|beslutning
        |afgørelse|konvention|BEK|LBK|LOV|\((?:EU|EF|EØF|Euratom)\)|(?<![\w])j)\.?\s*$""",
    X | re.IGNORECASE,
)
# ... or a year or date after it ("nr. 575/2013", "nr. 1092 af 3. august 2016", "nr. 12 af 2009").
ACT_NUMBER_AFTER = re.compile(
    rf"""^\s*(?:/\s*\d                                      # nr. 575/2013
        |af\s+(?:\d{{1,2}}\.\s*(?:{MONTH_ALT})|\d{{4}}\b))     # nr. 1092 af 3. august 2016
    """,
    X | re.IGNORECASE,
)
# An article and its parts (EU acts and conventions; Danish acts cite §§): "artikel 129, stk. 1,
# litra a-c og g, og stk. 2". Its stk. and nr. are never the document's own.
ARTICLE_CITATION = re.compile(
    rf"""(?<![\w])[Aa]rtik(?:el|ler|lerne)\s+
    (?P<secs>\d{{1,4}}[a-z]?\b(?:\s*(?:-|–|,|og|eller|til)\s*\d{{1,4}}[a-z]?\b{_NOT_SENTENCE})*)
                                                            # 129 / 3 og 4 / 5-7
    (?P<tail>{_TAIL})                                       # , stk. 1, litra a-c og g
    (?P<more>{_MORE})                                       # , og stk. 2
    """,
    X,
)
CHAPTER_CITATION = re.compile(
    r"""(?P<own>(?<![\w-])(?:bekendtgørelsens|lovens|denne\s+bekendtgørelses|denne\s+lovs)\s+)?
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
    r"""^\s*(?:,\s*)?(?:i|efter|jf\.)\s+
    (?P<act>
      (?:den\s+)?(?:lovbekendtgørelse|lov|bekendtgørelse|forordning|direktiv|cirkulære)
          (?:\s+nr\.\s*\d+(?:\s+af\s+\d{1,2}\.\s*\w+\s+\d{4})?)?
          (?:\s+(?:om|af|til)\s+(?:m\.v\.|mv\.|nr\.|jf\.|[^,.;:()§])+)?
     |(?:[A-ZÆØÅa-zæøå][\w-]*?)(?:loven|lov|lovens|bekendtgørelsen|bekendtgørelse|forordningen|kodeks)\b
    )""",
    X,
)
# An EU act right after a citation: "i Europa-Parlamentets og Rådets forordning (EU) nr. 575/2013".
EU_ACT_AFTER = re.compile(
    r"""^\s*(?:,\s*)?(?:i|efter|jf\.)\s+
    (?P<act>(?:(?:Europa-Parlamentets\s+og\s+)?Rådets|Kommissionens)\s+   # who adopted it
        (?:delegerede\s+|gennemførelses)?(?:forordning|direktiv|afgørelse|beslutning)
        (?:\s*\((?:EU|EF|EØF|Euratom)\))?                 # (EU)
        (?:\s+nr\.)?\s*\d+/\d+(?:/\w+)?)                  # nr. 575/2013 / 2013/36/EU
    """,
    X,
)
# The act named right before a citation: "retssikkerhedslovens § 4", "autorisationsloven § 17".
ACT_BEFORE = re.compile(
    r"""(?P<act>(?:[A-ZÆØÅa-zæøå][\w-]*?)(?:lovens|loven|lovs|lov|bekendtgørelsens|forordningens)
        |lov\s+om\s+[^,.;§]+?s)\s*$""",
    X,
)
# An act in the genitive right before a citation, also without a name of its own: "lovens § 5",
# "denne bekendtgørelses § 3", "samme lovs § 4", "forordningens artikel 4". Whether it is the
# document itself depends on the kind of document (OWN_* below).
GENITIVE_ACT_BEFORE = re.compile(
    r"""(?P<act>(?<![\w-])(?:(?:denne|nærværende|samme|nævnte)\s+)?   # "denne lovs"
        [\w-]*?(?:lovens|lovs|bekendtgørelsens|bekendtgørelses|forordningens|direktivets
                 |traktatens|konventionens|cirkulærets))\s*$""",
    X | re.IGNORECASE,
)
# An act by its number right before a citation: "Lov nr. 1336 af 19. december 2008 § 70".
NUMBERED_ACT_BEFORE = re.compile(
    rf"""(?P<act>(?<![\w-])(?:lov|lovbekendtgørelse|bekendtgørelse)\s+nr\.\s*\d+
        (?:\s+af\s+\d{{1,2}}\.\s*(?:{MONTH_ALT})\s+\d{{4}})?)\s*(?:,\s*)?$""",
    X | re.IGNORECASE,
)
# An act by its title right before a citation, in the nominative: "Lov om aktie- og
# anpartsselskaber § 242", "bekendtgørelse om rehabiliteringsplan § 3", "lovbekendtgørelse nr. 1
# af 2. januar 2010 om … § 4", "lov om finansiel virksomhed, jf. lovbekendtgørelse nr. 182 af
# 18. februar 2015, § 5". Only blanks (or that "jf." of the act's consolidation) may stand between
# title and "§": "lov om X, jf. § 4" and "lov om X og § 4" name no act for the § after them.
_ACT_NUMBER_DATE = rf"nr\.\s*\d+(?:\s+af\s+\d{{1,2}}\.\s*(?:{MONTH_ALT})\s+\d{{4}})?"
# A word of a title: no punctuation, except the abbreviations of "m.v." and "m.m."; a dash
# standing alone ends it ("Lov om social pension – grundlag for afgørelse …").
_TITLE_WORD = r"(?:m\.v\.|mv\.|m\.m\.|[^\s,.;:§()\-–][^\s,.;:§()]*)"
# The words a title never ends with; after them the § is the sentence's, not the act's.
_NOT_LAST_WORD = r"""(?:og|eller|samt|i|efter|jf|til|for|med|af|om|ved|på|som|der|hvor|at|
    end|fra|under|over|mod|uden|inden|hos|mellem|jævnfør|herunder|dog|samme|denne|nævnte)\b"""
TITLED_ACT_BEFORE = re.compile(
    rf"""(?P<act>(?<![\w-])(?:lov|lovbekendtgørelse|bekendtgørelse)   # Lov / bekendtgørelse
        (?:\s+{_ACT_NUMBER_DATE})?                                     # nr. 1 af 2. januar 2010
        \s+om(?:\s+{_TITLE_WORD})*?\s+(?!{_NOT_LAST_WORD}){_TITLE_WORD})  # om aktie- og …selskaber
    (?:\s*\([^()§\n]{{1,60}}\))?                                     # (forældelsesloven)
    (?:\s*,\s*jf\.\s*(?:lovbekendtgørelse|lov|bekendtgørelse)\s+{_ACT_NUMBER_DATE}\s*,)?  # , jf. LBK …,
    \s*$""",
    X | re.IGNORECASE,
)
# The document itself named in the genitive before a citation ("lovens § 5", "denne
# bekendtgørelses § 3") or after it ("§ 5 i denne lov", "§ 3 i bekendtgørelsen"): in a law the
# law's words, in an order the order's words, in anything else both.
OWN_LAW_BEFORE = re.compile(r"(?<![\w-])(?:(?:denne|nærværende)\s+lovs?|lovens)\s*$", re.I)
OWN_ORDER_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:denne|nærværende)\s+bekendtgørelses?|bekendtgørelsens)\s*$", re.I
)
OWN_DOCUMENT = re.compile(
    r"(?<![\w-])(?:bekendtgørelsens|(?:denne|nærværende)\s+(?:bekendtgørelses?|lovs?)|lovens)\s*$",
    re.IGNORECASE,
)
OWN_LAW_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:i|efter|jf\.)\s+(?:(?:denne|nærværende)\s+lov|loven)\b", re.I
)
OWN_ORDER_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:i|efter|jf\.)\s+(?:(?:denne|nærværende)\s+bekendtgørelse|bekendtgørelsen)\b",
    re.I,
)
OWN_DOCUMENT_AFTER = re.compile(
    r"""^\s*(?:,\s*)?(?:i|efter|jf\.)\s+
    (?:(?:denne|nærværende)\s+(?:lov|bekendtgørelse)|loven|bekendtgørelsen)\b""",
    X | re.I,
)
# A law's title, also a consolidation's: "Økologilov", "Bekendtgørelse af økologiloven".
LAW_TITLE = re.compile(r"^(?:bekendtgørelse\s+af\s+)?[\w-]*lov(?:en)?\b", re.IGNORECASE)
# A law's short name in its title: "… (forældelsesloven)", "Bekendtgørelse af økologiloven".
SHORT_NAME = re.compile(r"(?<![\w-])(?P<stem>[\w-]{3,}lov)(?:en)?\b", re.IGNORECASE)
# The amending act whose own provisions a consolidated act quotes at its end:
# "Lov nr. 1231 af 18. december 2012 indeholder følgende ikrafttrædelsesbestemmelser:".
NOTES_ACT = re.compile(
    rf"""^(?P<act>(?:Lov|Bekendtgørelse|Lovbekendtgørelse)\s+nr\.?\s*\d+
        (?:\s+af\s+\d{{1,2}}\.\s*(?:{MONTH_ALT})\s+\d{{4}})?)""",
    X | re.IGNORECASE,
)
# An amending act naming the act it amends by its short name (AMENDED_ACT takes "I lov …"):
# "I forældelsesloven, jf. lovbekendtgørelse nr. 1063 …, foretages følgende ændringer:".
AMENDED_NAMED_ACT = re.compile(
    r"(?<![\w-])I\s+(?P<act>[\w-]+lov(?:en)?)\b[^:]{0,400}?\s+foretages\s+følgende\s+ændring",
    re.DOTALL,
)
