"""Consultation responses (høringssvar): files in, responses with comments out.

``read_responses(path)`` reads a file holding one or many letters, or a folder of
.txt/.docx/.pdf letters, and splits each file with ``split_responses``. Every span points
into the text of the file it came from (``ResponseSource.text``). Comment ids
("<response>.<comment>") are unique across everything one call reads: the responses of a
folder are numbered on from file to file. The linker (``lovdiff.link``) then sets each
comment's target and links.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from lovdiff.errors import InputError
from lovdiff.letters.contacts import find_contacts, is_personal_email
from lovdiff.letters.organisations import KNOWN_BODIES, Body, detect_organisation
from lovdiff.letters.split import parse_date, person_name, split_responses
from lovdiff.letters.stance import stance
from lovdiff.models import Response

__all__ = [
    "KNOWN_BODIES",
    "Body",
    "ResponseSource",
    "SUFFIXES",
    "detect_organisation",
    "find_contacts",
    "is_personal_email",
    "parse_date",
    "person_name",
    "read_responses",
    "split_responses",
    "stance",
]

SUFFIXES = (".txt", ".docx", ".pdf")


@dataclass(frozen=True)
class ResponseSource:
    """One file of responses: its path, its full text as read, and the letters in it."""

    path: str
    text: str
    """The file's text as read (decoded, not cleaned); every span of its responses points here."""
    responses: tuple[Response, ...]


def _read(path: Path) -> tuple[str, bool | None]:
    """The file's text, and whether every line is a paragraph: True for Word, False for PDF
    (lines wrapped at the page width), None for plain text (decided from the text)."""
    from lovdiff.readers import read_path

    result = read_path(path)
    return result.text, {"docx": True, "pdf": False}.get(result.provenance.format)


def read_file(path: str | Path) -> ResponseSource:
    """One file of one or many letters."""
    p = Path(path)
    text, line_mode = _read(p)
    return ResponseSource(str(p), text, split_responses(text, str(p), line_mode=line_mode))


def read_responses(path: str | Path) -> list[ResponseSource]:
    """A file of responses, or a folder of them (its .txt/.docx/.pdf files, sorted by name;
    hidden files and Word lock files "~$…" are skipped). Unreadable input raises
    ``InputError`` with the file and the reason."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "filen eller mappen findes ikke")
    if p.is_dir():
        files = sorted(
            f
            for f in p.iterdir()
            if f.is_file()
            and f.suffix.lower() in SUFFIXES
            and not f.name.startswith((".", "~$"))  # hidden files, Word's lock files
        )
        if not files:
            raise InputError(p, "mappen indeholder ingen .txt-, .docx- eller .pdf-filer")
        return _numbered_on([read_file(f) for f in files])
    return [read_file(p)]


def _numbered_on(sources: list[ResponseSource]) -> list[ResponseSource]:
    """The sources with response numbers running on across files, so that every comment id
    ("<response>.<comment>") is unique in the whole run, not only in its file."""
    out: list[ResponseSource] = []
    offset = 0
    for src in sources:
        responses = tuple(
            replace(
                r,
                comments=tuple(
                    replace(c, id=f"{offset + i}.{j}") for j, c in enumerate(r.comments, 1)
                ),
            )
            for i, r in enumerate(src.responses, 1)
        )
        out.append(replace(src, responses=responses))
        offset += len(src.responses)
    return out
