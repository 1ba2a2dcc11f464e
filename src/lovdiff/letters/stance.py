"""The stance of a comment, by Danish cue words: support, concern, proposal, question, neutral.

Cues are inflected word forms and phrases (matched case-insensitively on word boundaries):

- support: "positiv", "tilfreds", "kvittere", "støtter", "bakker op", "hilser … velkommen",
  "glæder sig", "hensigtsmæssige rammer", "er enig"; a support cue right after "ikke"
  ("ikke tilfredse") counts as concern, a negated concern ("ikke problematisk", "ingen
  risiko") counts as nothing.
- concern: "bekymret", "problematisk", "kritisk(e)", "risiko", "risikerer", "uklart", "savner",
  "uhensigtsmæssig", "udfordring", "manglende", "uenig", "i strid med", "på bekostning af".
- proposal: "foreslår", "foreslås", "bør", "anbefaler", "opfordre", "gerne set", "ønsker, at",
  "efterspurgt", "præciseres", "det er vigtigt/afgørende, at".
- question: a sentence ending in "?" or opening with "hvorfor" (mid-sentence "hvorfor"
  means "which is why"), "ønskes afklaret", "bedes oplyst".

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

_SUPPORT = re.compile(
    r"""\b(?:positiv[et]?|positivt|tilfreds(?:e|hed)?|kvitter\w*|støtter|bakker\s+(?:\w+\s+)?op
    |hilser\s+(?:\w+\s+){0,6}velkommen|glæder\s+(?:sig|os)|er\s+enige?\b|hensigtsmæssige\s+rammer
    |anerkender|værdsætter|imødekommer|ser\s+frem\s+til)""",
    re.VERBOSE | re.IGNORECASE,
)
_NEGATED = re.compile(r"\bikke\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_NO = re.compile(r"\bingen\s+(?:\w+\s+)?$", re.IGNORECASE)
_CONCERN = re.compile(
    r"""\b(?:bekymr\w*|problematisk\w*|kritisk\w*|risiko\w*|risikere\w*|uklar\w*
    |uhensigtsmæssig\w*|utilstrækkelig\w*|udfordr\w*|manglende|uenig\w*|betænkelig\w*
    |beklage\w*|uheldig\w*|i\s+strid\s+med|i\s+modstrid|på\s+bekostning\s+af|svække\w*
    |forringe\w*|ikke\s+enig\w*|savne[rst]?\b|savnes)""",
    re.VERBOSE | re.IGNORECASE,
)
_PROPOSAL = re.compile(
    r"""\b(?:foreslå[rs]|foreslog|bør|anbefal(?:er|es|ing|inger|e)\b|opfordr\w*|gerne\s+set
    |efterspurgt|efterspørger|præciseres|tilføjes|ændres|skal\s+derfor|henstiller
    |ønsker,\s+at|ønsker\s+at\s+der\b
    |(?:er|være)\s+(?:derfor\s+|helt\s+)?(?:vigtigt|væsentligt|afgørende|nødvendigt),?\s+at)""",
    re.VERBOSE | re.IGNORECASE,
)
_QUESTION = re.compile(
    r"""\?|^\s*hvorfor\b|\b(?:ønskes\s+afklaret|ønsker\s+(?:\w+\s+)?afklaret|bedes\s+afklaret
    |bedes\s+oplyst|ønskes\s+oplyst|er\s+det\s+hensigten)""",
    re.VERBOSE | re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“”'A-ZÆØÅ§])")


def _cues(sentence: str) -> set[str]:
    found: set[str] = set()
    for m in _SUPPORT.finditer(sentence):
        found.add("concern" if _NEGATED.search(sentence[: m.start()]) else "support")
    for m in _CONCERN.finditer(sentence):
        before = sentence[: m.start()]
        if not (_NEGATED.search(before) or _NO.search(before)):  # "ikke problematisk"
            found.add("concern")
    if _PROPOSAL.search(sentence):
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
