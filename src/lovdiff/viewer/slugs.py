"""Readable URL slugs for canonical refs, and back.

``§ 8, stk. 4`` <-> ``p8-stk4``; ``§ 15 a, stk. 2`` <-> ``p15a-stk2``;
``§ 14, stk. 1, nr. 2, litra a`` <-> ``p14-stk1-nr2-litra-a``; ``kapitel 4`` <-> ``kapitel4``;
``bilag 1`` <-> ``bilag1``. Any other ref (``titel``, ``mellemrubrik før § 10``) gets an
encoded form ``r-…`` (percent-encoding with ``~`` for ``%``), so every ref round-trips and
no slug contains a slash.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

_SLUG = re.compile(
    r"""^(?:
        kapitel(?P<chapter>\d+[a-z]?)              # kapitel4
      | bilag(?P<annex>\d+[a-z]?)                  # bilag1
      | p(?P<sec>\d+)(?P<letter>[a-z]?)            # p15a
        (?:-stk(?P<stk>\d+))?                      # -stk2
        (?:-nr(?P<nr>\d+))?                        # -nr3
        (?:-litra-(?P<litra>[a-zæøå]))?            # -litra-a
    )$""",
    re.VERBOSE,
)


def _structured(slug: str) -> str | None:
    m = _SLUG.match(slug)
    if not m:
        return None
    if m["chapter"]:
        return f"kapitel {_num(m['chapter'])}"
    if m["annex"]:
        return f"bilag {_num(m['annex'])}"
    parts = [f"§ {m['sec']}" + (f" {m['letter']}" if m["letter"] else "")]
    if m["stk"]:
        parts.append(f"stk. {m['stk']}")
    if m["nr"]:
        parts.append(f"nr. {m['nr']}")
    if m["litra"]:
        parts.append(f"litra {m['litra']}")
    return ", ".join(parts)


def _num(num: str) -> str:
    """``15a`` -> ``15 a``."""
    return re.sub(r"(\d)([a-z])$", r"\1 \2", num)


def _slug_candidate(ref: str) -> str:
    s = ref.replace("§ ", "p").replace("stk. ", "stk").replace("nr. ", "nr")
    s = s.replace("litra ", "litra-").replace("kapitel ", "kapitel").replace("bilag ", "bilag")
    s = re.sub(r"(\d) ([a-z])\b", r"\1\2", s)
    return s.replace(", ", "-")


def ref_to_slug(ref: str) -> str:
    """A URL-safe slug for a ref that :func:`slug_to_ref` turns back into the same ref.

    >>> ref_to_slug("§ 8, stk. 4"), ref_to_slug("§ 15 a"), ref_to_slug("kapitel 3")
    ('p8-stk4', 'p15a', 'kapitel3')
    >>> ref_to_slug("titel")
    'r-titel'
    """
    cand = _slug_candidate(ref)
    if _structured(cand) == ref:
        return cand
    return "r-" + quote(ref, safe="").replace("~", "%7E").replace("%", "~")


def slug_to_ref(slug: str) -> str | None:
    """The ref a slug stands for, or None when the slug is not one of ours.

    >>> slug_to_ref("p19-stk4"), slug_to_ref("r-titel")
    ('§ 19, stk. 4', 'titel')
    """
    if slug.startswith("r-"):
        return unquote(slug[2:].replace("~", "%")) or None
    return _structured(slug)
