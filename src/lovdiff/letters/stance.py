"""The stance of a comment, by Danish cue words: support, concern, proposal, question, neutral.

Cues are inflected word forms and phrases (matched case-insensitively on word boundaries):

- support: "positiv", "tilfreds", "kvittere", "støtter", "kan (fuldt ud) støtte", "bakker op",
  "hilser … velkommen", "glæder sig", "er glad(e) for", "tilslutter sig", "kan tilslutte os",
  "bifalder", "hensigtsmæssige rammer", "er enig".
- concern: "bekymret", "problematisk", "kritisk(e)", "risiko", "risikerer", "uklart", "savner",
  "uhensigtsmæssig", "udfordring", "manglende", "uenig", "i strid med", "på bekostning af",
  and opposition: "er imod", "går imod", "modstander af", "tager afstand fra", "modsætter
  sig", "fraråder", "uacceptabel".
- rejection ("afviser", "afvise", "afvises", "afvist", "afvisende") is concern only when it
  is the responder's: the responder is its subject ("Vi afviser …", "KL afviser …", "FH må
  afvise …", "Derfor afviser KL …"), or what is rejected is the draft ("afviser forslaget",
  "afviser ændringen", "afviser den foreslåede …", "Forslaget bør afvises"). Elsewhere it
  tells what someone else does ("Kommunen afviser ansøgningen, hvis …", "Styrelsen kan
  afvise en klage") and is no cue. The responder is "vi", "jeg", "undertegnede",
  "foreningen" … or the sender's name (``sender``); without one, any consultation body
  ``organisations`` knows (not an authority) or an abbreviation such as "DASAMS".
- proposal: "foreslår", "foreslås", "bør", "anbefaler", "opfordre", "gerne set", "ønsker, at",
  "efterspurgt", "præciseres", "det er vigtigt/afgørende, at".
- question: a sentence ending in "?" or opening with "hvorfor" (mid-sentence "hvorfor"
  means "which is why"), "ønskes afklaret", "bedes oplyst".

Negation: a support cue after "ikke" ("ikke tilfredse", "kan ikke støtte", "kan vi ikke
tilslutte os") or followed by it ("støtter ikke", "bakker heller ikke op") counts as
concern; a negated concern ("ikke problematisk", "ingen risiko", "ikke imod") counts as
nothing. A request the sender made earlier and now sees met ("…, som vi har efterspurgt")
is no proposal.

Precedence (a comment often mixes cues):

1. The **last sentence with any cue** decides when it asks or proposes: a question there
   (ends in "?") gives *question*, else a proposal cue there gives *proposal*. So a comment
   that states a concern and ends in a concrete proposal is a proposal.
2. Otherwise concern > question > proposal > support; no cue at all is *neutral*.

Politeness ("takker for muligheden") is not support.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from lovdiff.letters.organisations import KNOWN_BODIES
from lovdiff.letters.patterns import UPPER
from lovdiff.models import Stance

_NOT = r"(?!ikke\b|ej\b|aldrig\b)"
"""Words between a verb and its particle may be adverbs, never a negation."""
_DRAFT_OBJECT = (
    r"(?=\s*[,.;]|\s+(?:op\b|om\b|forslag|ændring|bestemmels|udkast|at\b|dette\b|det\b|denne\b"
    r"|disse\b|intention|hensigt|§|kravet|reglen|regler|præcisering|justering|tilføjels"
    r"|(?:den|de)\s+(?:foreslåede|nye|ændrede|påtænkte)\b))"
)
_SUPPORT = re.compile(
    rf"""\b(?:positiv[et]?|positivt|tilfreds(?:e|hed)?|kvitter\w*|støtter
    |(?:kan|vil|kunne)\s+(?:\w+\s+){{0,3}}?støtte\b{_DRAFT_OBJECT}     # kan (ikke) støtte det
    |(?:kan|vil|kunne)\s+(?:\w+\s+){{0,3}}?(?:tilslutte\s+(?:sig|os|mig)|bakke\s+op)\b
    |bakker\s+(?:\w+\s+){{0,2}}?op\b|tilslutter\s+(?:\w+\s+)?(?:sig|os|mig)\b|bifald\w*
    |hilser\s+(?:\w+\s+){{0,6}}velkommen|glæder\s+(?:sig|os)|er\s+enige?\b|hensigtsmæssige\s+rammer
    |(?:er|bliver)\s+(?:\w+\s+){{0,2}}?glade?\s+for\b                # er (meget) glade for
    |anerkender|værdsætter|imødekommer|ser\s+frem\s+til)""",
    re.VERBOSE | re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:ikke|ej|aldrig)\b", re.IGNORECASE)
_NEGATED_AFTER = re.compile(
    r"\s+(?:\w+\s+)?(?:ikke|ej|aldrig)\b(?!\s+(?:blot|kun|alene|bare|mindst)\b)", re.IGNORECASE
)
"""A negation right after a support verb: "støtter ikke", "støtter heller ikke" (not "støtter
ikke blot …, men også", "ikke mindst")."""
_NEGATED = re.compile(r"\bikke\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_NO = re.compile(r"\bingen\s+(?:\w+\s+)?$", re.IGNORECASE)
_CONCERN = re.compile(
    r"""\b(?:bekymr\w*|problematisk\w*|kritisk\w*|risiko\w*|risikere\w*|uklar\w*
    |uhensigtsmæssig\w*|utilstrækkelig\w*|udfordr\w*|manglende|uenig\w*|betænkelig\w*
    |beklage\w*|uheldig\w*|i\s+strid\s+med|i\s+modstrid|på\s+bekostning\s+af|svække\w*
    |forringe\w*|ikke\s+enig\w*|savne[rst]?\b|savnes|uacceptab\w*)""",
    re.VERBOSE | re.IGNORECASE,
)
_AGAINST = re.compile(
    rf"""\b(?:(?:er|står|går|stiller\s+(?:sig|os))\s+(?:{_NOT}\w+\s+){{0,2}}?imod\b  # er imod
    |modstander[e]?\s+af|modsætte[rs]?\s+(?:sig|os)
    |fraråde[rs]?\b|frarådes|tager?\s+(?:{_NOT}\w+\s+){{0,2}}?afstand\s+fra)""",
    re.VERBOSE | re.IGNORECASE,
)
"""Opposition to the draft: a concern that also governs the clause after it."""
_REJECT = re.compile(r"\bafvis(?:er|e|es|t|te|ende)\b", re.IGNORECASE)
"""A rejection: whose it is decides whether it is a cue (``_responders_rejection``)."""
_DRAFT_NP = r"""
    (?:(?:den|det|de|dette|denne|disse|hele|vores|jeres)\s+)?            # den / dette
    (?:(?:foreslåede|nye|ændrede|påtænkte|pågældende|omtalte)\s+)?        # foreslåede
    (?:\w*forslag\w*|ændring\w*|bestemmels\w*|\w*udkast\w*|bekendtgørelse\w*|§
      |(?<=foreslåede\s)\w+|(?<=påtænkte\s)\w+)                          # forslaget, § 8
"""
"""The draft or one of its provisions, as a noun phrase: "forslaget", "den foreslåede frist"."""
_DRAFT_OBJECT_AFTER = re.compile(
    rf"""(?:\s+(?:\w+\s+){{0,2}}?(?:over\s+for|overfor|mod))?   # (er afvisende) over for
    \s+{_DRAFT_NP}""",
    re.VERBOSE | re.IGNORECASE,
)
"""What the verb rejects, right after it and its adverbs: "afviser (helt) forslaget",
"er afvisende over for ændringen"."""
_DRAFT_SUBJECT = re.compile(rf"{_DRAFT_NP}\s+(?:\w+\s+){{0,3}}$", re.VERBOSE | re.IGNORECASE)
"""A passive's subject before it: "Forslaget bør derfor afvises"."""
_CLAUSE_START = re.compile(
    r"(?:[.;:!?()\[\]–]|,|\b(?:at|hvis|når|fordi|da|som|der|hvor|mens|idet|og|men|eller|så)\b)",
    re.IGNORECASE,
)
"""Where the clause of a verb begins: its subject comes after the last of these."""
_INFINITIVE = re.compile(r"\bat\s+$", re.IGNORECASE)
_AUX = (
    r"(?:må|kan|kunne|vil|ville|skal|skulle|bør|burde|har|havde|er|var|bliver|blev|vælger|valgt"
    r"|ønsker|derfor|også|klart|helt|fortsat|ligeledes|således|tidligere|hermed|dog|stadig"
    r"|fuldt|ud|principielt|grundlæggende|kategorisk|entydigt|nødt|til|ikke|heller|aldrig"
    r"|altså|desværre|samlet|set|overordnet|fastholder|fastholde|sig|os|kun|blot|endnu|allerede"
    r"|igen|nu)"
)
"""Auxiliaries and adverbs between a subject and its verb: "KL må derfor afvise"."""
_ADVERB_AFTER = re.compile(rf"\s+(?i:{_AUX})(?=\s)")
"""An adverb right after the verb: "afviser derfor …", "afviser helt …"."""
_SELF = (
    r"(?i:vi|jeg|undertegnede|(?:vores|vor)\s+(?:organisation|forening|bestyrelse|forbund)"
    r"|foreningen|organisationen|forbundet|selskabet)"
)
"""How any responder names itself, whoever it is."""
_PROPOSAL = re.compile(
    r"""\b(?:foreslå[rs]|foreslog|bør|anbefal(?:er|es|ing|inger|e)\b|opfordr\w*|gerne\s+set
    |efterspurgt|efterspørger|skal\s+derfor|henstiller
    |ønsker,\s+at|ønsker\s+at\s+der\b
    |(?:er|være)\s+(?:derfor\s+|helt\s+)?(?:vigtigt|væsentligt|afgørende|nødvendigt),?\s+at)""",
    re.VERBOSE | re.IGNORECASE,
)
_WEAK_PROPOSAL = re.compile(r"\b(?:præciseres|tilføjes|ændres)\b", re.IGNORECASE)
"""A change in the passive: a proposal unless an opinion on the draft governs it ("Vi er
glade for, at § 5 præciseres", "Vi er imod, at § 8 ændres")."""
_MET_REQUEST = re.compile(
    r"""\bsom\s+(?:\w+\s+){0,3}?(?:har|havde)\s+(?:\w+\s+){0,2}?
    (?:efterspurgt|foreslået|anbefalet|ønsket|bedt\s+om|opfordret\s+til)\b""",
    re.VERBOSE | re.IGNORECASE,
)
"""A request made earlier and now met: "…, som vi har efterspurgt" (no proposal)."""
_QUESTION = re.compile(
    r"""\?|^\s*hvorfor\b|\b(?:ønskes\s+afklaret|ønsker\s+(?:\w+\s+)?afklaret|bedes\s+afklaret
    |bedes\s+oplyst|ønskes\s+oplyst|er\s+det\s+hensigten)""",
    re.VERBOSE | re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“”'A-ZÆØÅ§])")


_NOT_NEGATING = re.compile(
    r"\bikke\s+(?:desto\s+mindre|des\s+mindre|andet\s+end|blot|kun|alene|mindst|uden)\b",
    re.IGNORECASE,
)
"""Idioms with "ikke" that negate nothing: "hilser ikke desto mindre … velkommen", "kan
ikke andet end støtte"."""


@cache
def _responder(sender: tuple[str, ...]) -> re.Pattern[str]:
    """The responder as a word: "vi", "foreningen" … and the sender's names; with no sender,
    the names of every consultation body the table knows and any abbreviation ("DASAMS")
    but an authority's ("STAR", "SST"): those receive responses."""
    full = [n for n in sender if n]
    short: list[str] = []
    if not sender:
        bodies = [b for b in KNOWN_BODIES if not b.authority]
        full = [n for b in bodies for n in (b.full, *b.aliases)]
        short = [b.short for b in bodies if b.short]
    exact = "|".join(re.escape(n) for n in sorted(short, key=len, reverse=True))
    folded = "|".join(re.escape(n) for n in sorted(full, key=len, reverse=True))
    names = [f"(?i:{folded})"] if folded else []
    if exact:
        names.append(exact)
    if not sender:
        authorities = "|".join(re.escape(b.short) for b in KNOWN_BODIES if b.authority and b.short)
        names.append(rf"(?!(?:{authorities})\b)[{UPPER}][{UPPER}0-9&]{{1,7}}")
    organ = r"(?:(?:'s|’s|s)\s+\w+)?"  # "KL's bestyrelse"
    return re.compile(rf"(?<![\w\-])(?:{_SELF}|(?:{'|'.join(names)}){organ})(?![\w\-])")


def _responders_rejection(sentence: str, m: re.Match[str], responder: re.Pattern[str]) -> bool:
    """Whether the rejection ``m`` is the responder's opposition to the draft (rules in the
    module docstring): its subject is the responder, or what it rejects is the draft."""
    before = sentence[: m.start()]
    if _INFINITIVE.search(before):  # "vi er nødt til at afvise": the main clause's subject
        before = _INFINITIVE.sub("", before)
    starts = [c.end() for c in _CLAUSE_START.finditer(before)]
    clause = before[starts[-1] :] if starts else before
    if _subject_before(responder).search(clause):  # "KL må derfor afvise"
        return True
    after = sentence[m.end() :]
    while (word := _ADVERB_AFTER.match(after)) and not responder.match(after.lstrip()):
        after = after[word.end() :]  # "afviser derfor KL …", "afviser helt forslaget"
    if responder.match(after.lstrip()):  # "Derfor afviser KL …"
        return True
    passive = m.group(0).casefold() in ("afvises", "afvist")
    return bool(_DRAFT_OBJECT_AFTER.match(after)) or (
        passive and bool(_DRAFT_SUBJECT.search(clause))
    )


@cache
def _subject_before(responder: re.Pattern[str]) -> re.Pattern[str]:
    """The responder ending a clause, auxiliaries and adverbs after it: "KL må derfor "."""
    return re.compile(rf"{responder.pattern}(?:\s+(?i:{_AUX}))*\s+$")


def _cues(sentence: str, responder: re.Pattern[str] | None = None) -> set[str]:
    # blank the idioms out (same length: offsets hold) before looking for negations
    sentence = _NOT_NEGATING.sub(lambda m: " " * len(m.group(0)), sentence)
    found: set[str] = set()
    opinion = len(sentence)  # where the first opinion on the draft starts
    for m in _SUPPORT.finditer(sentence):
        negated = (
            _NEGATED.search(sentence[: m.start()])
            or _NEGATION.search(m.group(0))  # "kan ikke støtte"
            or _NEGATED_AFTER.match(sentence, m.end())  # "støtter ikke"
        )
        found.add("concern" if negated else "support")
        opinion = min(opinion, m.start())
    for m in _CONCERN.finditer(sentence):
        before = sentence[: m.start()]
        if not (_NEGATED.search(before) or _NO.search(before)):  # "ikke problematisk"
            found.add("concern")
    for m in _AGAINST.finditer(sentence):
        opinion = min(opinion, m.start())
        if not _NEGATED.search(sentence[: m.start()]):  # "ikke modstander af"
            found.add("concern")
    for m in _REJECT.finditer(sentence):
        if not _responders_rejection(sentence, m, responder or _responder(())):
            continue  # "Kommunen afviser ansøgningen": someone else's act
        opinion = min(opinion, m.start())
        if not (_NEGATED.search(sentence[: m.start()]) or _NEGATED_AFTER.match(sentence, m.end())):
            found.add("concern")  # not "vi afviser ikke", "kan ikke afvise"
    unmet = _MET_REQUEST.sub(" ", sentence)
    weak = [m for m in _WEAK_PROPOSAL.finditer(sentence) if m.start() < opinion]
    if _PROPOSAL.search(unmet) or weak:
        found.add("proposal")
    if _QUESTION.search(sentence):
        found.add("question")
    return found


def stance(text: str, sender: Sequence[str] = ()) -> Stance:
    """The stance of a comment's text (rules and precedence in the module docstring);
    ``sender`` are the names of the body that wrote it (full name, short form).

    >>> stance("KL er meget tilfredse med, at kravet lempes.")
    'support'
    >>> stance("Det er problematisk, at personen ikke høres.")
    'concern'
    >>> stance("Det er uklart, hvem der betaler. Vi anbefaler, at det præciseres.")
    'proposal'
    >>> stance("Vi anbefaler en præcisering. Det er dog fortsat uklart, hvem der betaler.")
    'concern'
    >>> stance("Hvorfor er kravet fjernet?")
    'question'
    >>> stance("FH takker for muligheden for at afgive høringssvar.")
    'neutral'
    >>> stance("Vi finder det ikke problematisk, at fristen er 14 dage.")
    'neutral'
    >>> stance("Vi kan ikke støtte forslaget."), stance("KL støtter ikke ændringen.")
    ('concern', 'concern')
    >>> stance("Vi tager afstand fra § 8."), stance("Vi støtter, som vi har efterspurgt, § 3.")
    ('concern', 'support')
    >>> stance("KL afviser forslaget."), stance("Kommunen afviser ansøgningen, hvis den mangler.")
    ('concern', 'neutral')
    >>> stance("Vejle Kommune må afvise en så kort frist.", sender=("Vejle Kommune",))
    'concern'
    """
    sentences = [s for s in _SENTENCE.split(text.strip()) if s.strip()]
    responder = _responder(tuple(sender))
    per_sentence = [(s, _cues(s, responder)) for s in sentences]
    cued = [(s, c) for s, c in per_sentence if c]
    if not cued:
        return "neutral"
    last_sentence, last = cued[-1]
    if "question" in last and last_sentence.rstrip().endswith("?"):
        return "question"
    if "proposal" in last:
        return "proposal"
    every = set().union(*(c for _, c in cued))
    order: tuple[Stance, ...] = ("concern", "question", "proposal", "support")
    for name in order:
        if name in every:
            return name
    return "neutral"
