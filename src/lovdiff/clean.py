"""Named text-cleaning steps with an offset map back to the source.

``clean(source)`` returns a :class:`Cleaned` text. After it, the following are guaranteed:

* line breaks are ``\\n`` (``\\r\\n``, ``\\r``, U+2028/2029 and form feeds become ``\\n``; form
  feeds are remembered as page starts);
* no-break and other odd spaces, tabs and control characters are plain spaces; zero-width
  characters, BOMs and NUL bytes are gone;
* U+2010/U+2011/U+2012 hyphens are ASCII ``-``; PDF bullet glyphs (U+F0B7 …) are ``•``;
* line-end hyphenation is undone: ``afta‐\\nler`` → ``aftaler`` (also across blank lines; soft
  hyphens anywhere), while a real hyphen before a conjunction stays: ``sundheds- og``. An ASCII
  hyphen at a line end is joined only after at least three letters and before a lowercase word;
* ``Cleaned.to_source(i)`` is the source offset of cleaned character ``i``.

The steps are one translate table (one character for one) and one pass of edits
(:data:`_EDITS`) that record where the text changed length, so mapping back is a bisect.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

SPACES = "\u00a0\u202f\u2007\u2009\u200a\u3000\t\v"
HYPHENS = "\u2010\u2011\u2012"
BULLETS = "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u25aa\u25cf\u2022\u25e6"


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text plus the map back to the source.

    The map is piecewise linear: ``breaks`` holds ``(clean_offset, source_offset)`` at the
    start of every stretch that was copied unchanged or replaced.
    """

    text: str
    breaks: tuple[tuple[int, int], ...]
    page_starts: tuple[int, ...]
    """Cleaned offsets where a page starts (after a form feed); the first page starts at 0."""
    source_length: int
    _keys: list[int] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._keys.extend(b[0] for b in self.breaks)

    def to_source(self, pos: int) -> int:
        """The source offset of cleaned offset ``pos``."""
        i = bisect_right(self._keys, pos) - 1
        cs, ss = self.breaks[max(i, 0)]
        limit = self.breaks[i + 1][1] if i + 1 < len(self.breaks) else self.source_length
        return min(ss + (pos - cs), max(limit, ss))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned ``[start, end)`` to a source span."""
        if end <= start:
            pos = self.to_source(start)
            return (pos, pos)
        return (self.to_source(start), self.to_source(end - 1) + 1)

    def page_of(self, pos: int) -> int:
        """1-based page of a cleaned offset."""
        return bisect_right(self.page_starts, pos)


def _translate_table() -> dict[int, str]:
    table: dict[int, str] = {ord(c): " " for c in SPACES}
    table.update({ord(c): "\u2010" for c in HYPHENS})
    table.update({ord(c): "•" for c in BULLETS})
    table.update({c: " " for c in range(32) if c not in (0, 10, 12, 13)})
    table.update({0x7F: " ", 0x2028: "\n", 0x2029: "\n", 0x85: "\n", 0x0C: "\n", 0x0D: "\n"})
    return table


_TRANSLATE = _translate_table()

_LETTER = r"[^\W\d_]"
_EDITS = re.compile(
    rf"""
    (?P<drop>\r(?=\n)|[\u200b\u200c\u200d\u2060\ufeff\x00]+)      # CR of CRLF, zero-width, NUL
    |(?P<soft>\u00ad(?:[ ]*\n[ \n]*(?=[a-zæøå]))?)               # soft hyphen (+ line break)
    |(?P<hyph>(?<={_LETTER})\u2010[ ]*\n[ \n]*(?=[a-zæøå]))      # U+2010 at a line end
    |(?P<ascii>(?<={_LETTER}{_LETTER}{_LETTER})-[ ]*\n[ \n]*(?=[a-zæøå]))  # ASCII, 3+ letters
    """,
    re.VERBOSE,
)
_CONJUNCTION = re.compile(r"(?:og|eller|samt|henholdsvis|til)\b|og/")


def clean(source: str) -> Cleaned:
    """Run the clean steps over ``source``; see the module docstring for the guarantees."""
    source_pages = [m.start() + 1 for m in re.finditer("\f", source)]
    # CR is kept by the table only when it is not part of CRLF (the edits drop that one).
    text = source.translate({k: v for k, v in _TRANSLATE.items() if k != 0x0D})
    text = re.sub("\r(?!\n)", "\n", text)
    pieces: list[str] = []
    breaks: list[tuple[int, int]] = [(0, 0)]
    clean_pos = 0
    last = 0
    for m in _EDITS.finditer(text):
        pieces.append(text[last : m.start()])
        clean_pos += m.start() - last
        replacement = ""
        if m.lastgroup in ("hyph", "ascii") and _CONJUNCTION.match(text, m.end()):
            replacement = "- "
        pieces.append(replacement)
        breaks.append((clean_pos, m.start()))
        clean_pos += len(replacement)
        breaks.append((clean_pos, m.end()))
        last = m.end()
    pieces.append(text[last:])
    out = "".join(pieces).replace("\u2010", "-")
    to_clean = _inverse(breaks)
    pages = (0, *(to_clean(p) for p in source_pages))
    return Cleaned(out, tuple(breaks), pages, len(source))


def _inverse(breaks: list[tuple[int, int]]) -> Callable[[int], int]:
    """A function from a source offset to the nearest cleaned offset."""
    src_keys = [b[1] for b in breaks]

    def inv(pos: int) -> int:
        i = bisect_right(src_keys, pos) - 1
        cs, ss = breaks[max(i, 0)]
        return cs + (pos - ss)

    return inv


def normalise_space(text: str) -> str:
    """One space between words, none at the ends.

    >>> normalise_space("  a \\n\\n b  ")
    'a b'
    """
    return " ".join(text.split())


def dehyphenated_words(source: str) -> list[str]:
    """The words of a source text once cleaned: what the parser must never lose.

    >>> dehyphenated_words("afta\\u2010\\nler om sundheds\\u2010\\nog ældre")
    ['aftaler', 'om', 'sundheds-', 'og', 'ældre']
    """
    return clean(source).text.split()
