"""All of lovdiff's data types: frozen records with a stated meaning for every field.

Every record that came from a text carries a ``span``: ``(start, end)`` character offsets
into the *source text* it came from (``Document.text`` / ``ResponseFile.text``), so the
viewer can show the source and tests can check that nothing was silently dropped.

Serialisation: every record has ``to_dict()`` producing the JSON contract of
``../shared/CLI.md`` (fields may be added, never renamed or dropped).
"""

from __future__ import annotations

import types
import typing
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, Literal, TypeVar, cast, get_args, get_origin

R = TypeVar("R")

Span = tuple[int, int]

ProvisionKind = Literal[
    "title",
    "preamble",
    "chapter",
    "heading",  # mellemrubrik: unnumbered heading between sections
    "section",  # paragraf, "§ 8."
    "subsection",  # stykke, "Stk. 2." (stk. 1 is implicit)
    "item",  # nummer, "1)"
    "litra",  # "a)"
    "annex",  # bilag
    "signature",
    "footnote",
    "text",  # unnumbered paragraph of prose (annex body, letter text, final notes)
]

CITABLE_KINDS: frozenset[str] = frozenset(
    {"chapter", "section", "subsection", "item", "litra", "annex"}
)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Record:
    """Mixin: ``to_dict`` for frozen dataclasses (tuples become lists)."""

    def to_dict(self) -> dict[str, Any]:
        return {k: _plain(v) for k, v in asdict(self).items()}  # type: ignore[call-overload]


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _coerce(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in get_args(tp):
            if arg is type(None):
                continue
            return _coerce(arg, value)
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_coerce(args[0], v) for v in value)
        return tuple(_coerce(a, v) for a, v in zip(args, value, strict=False))
    if isinstance(tp, type) and is_dataclass(tp) and isinstance(value, dict):
        return record_from_dict(tp, value)
    return value


def record_from_dict(cls: type[R], data: dict[str, Any]) -> R:
    """Rebuild a record from its ``to_dict()`` form (lists become tuples, nested records
    are rebuilt). Unknown keys are ignored so older stored JSON still loads.

    Documents and comparisons serialise with a different top-level shape; use
    ``Document.from_dict``/``Comparison``'s fields for those.
    """
    hints = _hints(cast(Any, cls))
    names = [f.name for f in fields(cast(Any, cls))]
    kwargs = {name: _coerce(hints[name], data[name]) for name in names if name in data}
    return cls(**kwargs)


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Provenance(_Record):
    """Where a document came from."""

    path: str
    """The file as given on the command line or in the manifest."""
    format: Literal["txt", "docx", "pdf", "akn"]
    """The reader that produced the text."""
    encoding: str = "utf-8"
    """The detected text encoding (for .txt), else the container's."""
    sha256: str = ""
    """SHA-256 of the file's bytes."""
    pages: tuple[int, ...] = ()
    """Offsets into ``Document.text`` where each page starts (PDF), empty when unknown."""


@dataclass(frozen=True)
class Revoked(_Record):
    """An order or act that this document repeals ("… ophæves")."""

    number: str | None
    """"2236" in "Bekendtgørelse nr. 2236 af 29. december 2020"."""
    date: str | None
    """ISO date, "2020-12-29"."""
    title: str
    """The words after the date: "om sundhedsfaglig rådgivning …"."""
    kind: str = "bekendtgørelse"
    """bekendtgørelse, lov, lovbekendtgørelse, …"""


@dataclass(frozen=True)
class DocumentInfo(_Record):
    """Metadata of a parsed document (the ``document`` object of the JSON contract)."""

    title: str
    kind: str
    """bekendtgørelse, lov, lovbekendtgørelse, ændringslov, udkast, other."""
    number: str | None = None
    """Official number ("2236"), where the text or file says it."""
    date: str | None = None
    """ISO date of issue/signature where known ("2020-12-29")."""
    in_force: str | None = None
    """ISO date from the in-force clause ("2026-07-01")."""
    revokes: tuple[Revoked, ...] = ()
    source: str = ""
    """Path of the source file."""
    sha256: str = ""
    id: str = ""
    """Corpus id (manifest) or a slug of the file name."""


@dataclass(frozen=True)
class Provision(_Record):
    """One structural unit of a document, in document order.

    ``label`` + ``heading`` + ``text`` of all provisions together hold every word of the
    source (line-end hyphenation undone): nothing is lost.
    """

    ref: str
    """Canonical citation: "§ 8, stk. 4", "kapitel 4", "bilag 1", "§ 14, stk. 1, nr. 2".
    Non-citable kinds get a readable ref: "titel", "indledning", "mellemrubrik før § 10",
    "underskrift", "bilag 1, fodnote 1"."""
    eid: str
    """Akoma Ntoso eId, unique in the document: "chp_4", "sec_8__subsec_4__point_2"."""
    kind: ProvisionKind
    label: str
    """The label as printed: "§ 8.", "Stk. 2.", "1)", "Kapitel 4", "Bilag 1". Empty for stk. 1."""
    num: str
    """The number normalised: "8", "15 a", "2", "a"; empty for unnumbered kinds."""
    heading: str
    """Chapter/annex heading text, the mellemrubrik's words, or a section's own heading (an
    amending act's "§ 18" / "Ikrafttræden m.v." / "Stk. 1. …")."""
    text: str
    """The provision's own text (without children), cleaned: hyphenation undone, one space."""
    parent: str | None
    """eId of the parent provision (None at top level)."""
    span: Span
    """Offsets into the source text covering label, heading and own text."""
    line: int = 0
    """1-based line in the source where the provision starts."""
    page: int | None = None
    """1-based page (PDF, or form-feed separated text) where known."""
    chapter: str | None = None
    """Ref of the enclosing chapter ("kapitel 3"), for filtering."""


@dataclass(frozen=True)
class Reference(_Record):
    """A citation found in a provision's text."""

    source: str
    """Ref of the provision whose text holds the citation."""
    text: str
    """The citation as written: "§§ 21-23", "§ 15 a, stk. 1, i lov om organisering …"."""
    target: str | None
    """Canonical ref of the (first) target: "§ 21". None when it cannot be made canonical."""
    internal: bool
    """True when it points into this document; False when it names another act."""
    act: str | None
    """The other act as written ("lov om social pension"), for external references."""
    resolved: bool
    """Internal: a provision with ``target`` exists. External: always False (cannot check)."""
    targets: tuple[str, ...] = ()
    """All refs it cites: a range or list expands ("§§ 21-23" -> § 21, § 22, § 23)."""
    span: Span = (0, 0)
    """Offsets of ``text`` in the source text."""
    source_eid: str = ""
    sentence: int | None = None
    """"2. pkt." -> 2, where cited."""


FindingKind = Literal[
    "numbering-gap",
    "numbering-duplicate",
    "numbering-order",
    "dangling-reference",
    "unplaced-text",
    "stale-reference",
    "conversion-damage",
    "unreadable",
    "note",
]


@dataclass(frozen=True)
class Finding(_Record):
    """Something a drafter should look at: numbering problems, dangling references, text the
    parser could not place, conversion damage."""

    kind: str
    """One of FindingKind; numbering kinds all contain "numbering"."""
    where: str
    """Ref (or readable place) the finding is about."""
    message: str
    """Danish, a full sentence: what is wrong and where."""
    span: Span | None = None


@dataclass(frozen=True)
class Document(_Record):
    """A parsed document: metadata, the cleaned source text and its provisions."""

    info: DocumentInfo
    text: str
    """The source text as read (decoded, not cleaned); spans point into this."""
    provisions: tuple[Provision, ...]
    references: tuple[Reference, ...] = ()
    findings: tuple[Finding, ...] = ()
    provenance: Provenance | None = None

    def by_ref(self, ref: str) -> Provision | None:
        """The first provision with this canonical ref."""
        for p in self.provisions:
            if p.ref == ref:
                return p
        return None

    def by_eid(self, eid: str) -> Provision | None:
        for p in self.provisions:
            if p.eid == eid:
                return p
        return None

    def children(self, eid: str | None) -> list[Provision]:
        return [p for p in self.provisions if p.parent == eid]

    def subtree_text(self, eid: str) -> str:
        """Label-free text of a provision and all its descendants, space-joined."""
        out: list[str] = []
        inside: set[str] = {eid}
        for p in self.provisions:
            if p.eid == eid or (p.parent is not None and p.parent in inside):
                inside.add(p.eid)
                if p.kind in ("item", "litra") and p.label:
                    out.append(p.label)
                if p.text:
                    out.append(p.text)
        return " ".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.info.to_dict(),
            "provisions": [p.to_dict() for p in self.provisions],
            "references": [r.to_dict() for r in self.references],
            "findings": [f.to_dict() for f in self.findings],
        }


# --------------------------------------------------------------------------- comparison

PairLevel = Literal["chapter", "section", "subsection", "item"]
PairStatus = Literal["unchanged", "changed", "added", "deleted"]
DiffOp = tuple[int, str]


@dataclass(frozen=True)
class Pair(_Record):
    """One row of the correspondence between two versions."""

    level: PairLevel
    old: str | None
    """Ref in the old version, None when added."""
    new: str | None
    """Ref in the new version, None when deleted."""
    status: PairStatus
    renumbered: bool
    """Both sides exist and their numbers differ (§ 26 -> § 16)."""
    moved: bool
    """The provision changed its place: a different parent (another §) or out of order."""
    similarity: float
    """0..1 on normalised words."""
    old_text: str
    new_text: str
    diff: tuple[DiffOp, ...]
    """Word-level ops: -1 deleted, 0 equal, 1 inserted; rebuild both texts exactly."""
    editorial: bool
    """Only renumbering, updated references or systematic term replacements differ."""
    method: str = ""
    """How the pair was matched: "exact", "content", "number", "split", "merge", "none"."""
    old_eid: str | None = None
    new_eid: str | None = None
    group: int | None = None
    """Pairs of one split/merge share a group number."""
    chapter: str | None = None
    """Chapter ref of the new side (else old side), for filtering."""


@dataclass(frozen=True)
class TermChange(_Record):
    """A systematic replacement detected across the whole document."""

    old: str
    new: str
    count: int


@dataclass(frozen=True)
class Comparison(_Record):
    """The result of aligning two versions (``lovdiff diff``/``redline``)."""

    old: Document
    new: Document
    pairs: tuple[Pair, ...]
    term_changes: tuple[TermChange, ...] = ()
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.info.to_dict(),
            "new": self.new.info.to_dict(),
            "pairs": [p.to_dict() for p in self.pairs],
            "term_changes": [t.to_dict() for t in self.term_changes],
            "findings": [f.to_dict() for f in self.findings],
        }


# --------------------------------------------------------------------------- responses

LinkBasis = Literal["explicit", "quote", "semantic"]
CommentTarget = Literal["against", "other", "general"]
Stance = Literal["support", "concern", "proposal", "question", "neutral"]


@dataclass(frozen=True)
class Link(_Record):
    """A comment's link to a provision, with the evidence for it."""

    ref: str
    document: Literal["against", "previous"]
    basis: LinkBasis
    confidence: float
    evidence: str
    """The citation as written, the quoted words, or the matched terms."""
    eid: str = ""
    span: Span | None = None
    """Offsets of the evidence in the response file's text, where it is a citation or quote."""
    change: str | None = None
    """For links into the draft: "new", "changed" or "unchanged" since the previous version."""
    previous: str | None = None
    """Ref of the predecessor in the previous version, where there is one."""


@dataclass(frozen=True)
class Comment(_Record):
    """One remark of a response: a paragraph, or a headed block with its heading."""

    text: str
    span: Span
    target: CommentTarget
    links: tuple[Link, ...] = ()
    stance: Stance = "neutral"
    heading: str = ""
    """The block heading the comment sits under ("§ 8, stk. 4.", "Økonomi")."""
    about: str = ""
    """The act the governing section heading names, as written ("" when none or general); the
    linker compares it with the draft's title to decide whether the comment is about another act."""
    id: str = ""
    """Stable id, unique in one ``read_responses`` call (a folder numbers its files' responses
    on): "<response index>.<comment index>"."""
    unresolved: tuple[str, ...] = ()
    """Citations of the draft (or of the previous version) that name no provision there, as
    written ("§ 21", "§ 7 (tidligere version)"): no link is made, but they are kept to show."""


@dataclass(frozen=True)
class Response(_Record):
    """One consultation response (høringssvar)."""

    organisation: str
    """Full name with the common short form: "FH – Fagbevægelsens Hovedorganisation"."""
    short_name: str
    """"FH", "KL", "Danske Regioner", "DASAMS", "Hedensted Kommune"."""
    date: str | None
    """ISO date."""
    signatories: tuple[str, ...]
    reference: str
    """The sender's reference numbers, joined with "; "."""
    comments: tuple[Comment, ...]
    span: Span
    """The whole letter in the response file's text."""
    source: str = ""
    metadata: tuple[tuple[str, str], ...] = ()
    """Letterhead/footer lines removed from the comment text: (kind, text)."""
    contacts: tuple[str, ...] = ()
    """Personal e-mail addresses and direct phone numbers found (redacted in exports)."""
    metadata_spans: tuple[Span, ...] = ()
    """Offsets of each ``metadata`` entry in the response file's text (parallel to it)."""

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["metadata"] = [list(m) for m in self.metadata]
        return d


@dataclass(frozen=True)
class Consultation(_Record):
    """Responses linked to a draft (``lovdiff comments``)."""

    responses: tuple[Response, ...]
    against: DocumentInfo
    previous: DocumentInfo | None = None
    text: str = ""
    """The response file's text (all letters), which comment spans point into."""
    sources: tuple[tuple[str, str], ...] = ()
    """For a folder: (file path, its text); spans of a response point into its own file."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "against": self.against.to_dict(),
            "previous": self.previous.to_dict() if self.previous else None,
            "responses": [r.to_dict() for r in self.responses],
        }


@dataclass(frozen=True)
class ReadResult:
    """What an input reader hands to the core: plain text plus provenance."""

    text: str
    provenance: Provenance
    revisions: tuple[Revision, ...] = field(default=())
    """For tracked-changes documents: the revisions, spans into ``text``."""
    findings: tuple[Finding, ...] = field(default=())
    """What the reader noticed about the file (tracked changes read as accepted)."""


@dataclass(frozen=True)
class Revision(_Record):
    """A tracked change in a redline: inserted or deleted text at a span of ``ReadResult.text``."""

    kind: Literal["ins", "del", "move-from", "move-to"]
    span: Span
    author: str = ""
    date: str = ""


def document_to_full_dict(doc: Document) -> dict[str, Any]:
    """Everything in a Document, for storage (the CLI JSON omits text and provenance)."""
    d = doc.to_dict()
    d["text"] = doc.text
    d["provenance"] = doc.provenance.to_dict() if doc.provenance else None
    return d


def document_from_dict(d: dict[str, Any]) -> Document:
    """Inverse of ``document_to_full_dict`` (and of ``Document.to_dict`` with text="")."""
    return Document(
        info=record_from_dict(DocumentInfo, d["document"]),
        text=d.get("text", ""),
        provisions=tuple(record_from_dict(Provision, p) for p in d["provisions"]),
        references=tuple(record_from_dict(Reference, r) for r in d.get("references", [])),
        findings=tuple(record_from_dict(Finding, f) for f in d.get("findings", [])),
        provenance=(record_from_dict(Provenance, d["provenance"]) if d.get("provenance") else None),
    )
