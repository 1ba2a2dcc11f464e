"""The stance of a comment, by Danish cue words: support, concern, proposal, question, neutral.

Cues are inflected word forms and phrases (matched case-insensitively on word boundaries):

- support: "positiv", "tilfreds", "kvittere", "støtter", "kan (fuldt ud) støtte", "bakker op",
  "hilser … velkommen", "glæder sig", "er glad(e) for", "tilslutter sig", "kan tilslutte os",
  "bifalder", "hensigtsmæssige rammer", "er enig".
- concern: "bekymret", "problematisk", "kritisk(e)", "risiko", "risikerer", "uklart", "savner",
  "uhensigtsmæssig", "udfordring", "manglende", "uenig", "i strid med", "på bekostning af",
  and opposition: "er imod", "går imod", "modstander af", "tager afstand fra", "afviser",
  "afvisende", "modsætter sig", "fraråder", "uacceptabel".
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
    |modstander[e]?\s+af|modsætte[rs]?\s+(?:sig|os)|afviser|afvisende
    |fraråde[rs]?\b|frarådes|tager?\s+(?:{_NOT}\w+\s+){{0,2}}?afstand\s+fra)""",
    re.VERBOSE | re.IGNORECASE,
)
"""Opposition to the draft: a concern that also governs the clause after it."""
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


def _cues(sentence: str) -> set[str]:
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
    unmet = _MET_REQUEST.sub(" ", sentence)
    weak = [m for m in _WEAK_PROPOSAL.finditer(sentence) if m.start() < opinion]
    if _PROPOSAL.search(unmet) or weak:
        found.add("proposal")
    if _QUESTION.search(sentence):
        found.add("question")
    return found


def stance(text: str) -> Stance:
    """The stance of a comment's text (rules and precedence in the module docstring).

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
    """
    sentences = [s for s in _SENTENCE.split(text.strip()) if s.strip()]
    per_sentence = [(s, _cues(s)) for s in sentences]
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
