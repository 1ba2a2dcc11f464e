"""``lovdiff ingest``: read a corpus (manifest) or single files, then store it atomically.

Contract:
- A folder must hold ``manifest.json`` (see corpus/manifest.json): ``documents`` (id, file,
  kind: order | draft | other | redline | responses, sha256, title), ``orders`` (versions
  oldest first) and ``consultations`` (responses, answers, previous, period, consulted).
- Every file's SHA-256 is checked against the manifest before anything else; a mismatch is
  an ``InputError`` and nothing is written.
- A single file is parsed as an order; its id is a slug of its file name. A file of
  consultation letters needs a manifest (it must say which draft the letters answer).
- All parsing, comparing and linking happens before the write transaction opens, so the
  database is locked only for the writing, and a failure there changes nothing.
- Ingesting the same input twice writes the same rows (see ``lovdiff.store.write``).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from lovdiff.errors import InputError
from lovdiff.models import Comparison, Document
from lovdiff.store import (
    Bundle,
    StoredConsultation,
    StoredDocument,
    StoredOrder,
    get_engine,
    resolve_url,
    write_bundle,
    write_transaction,
)

MANIFEST = "manifest.json"
DOCUMENT_KINDS = frozenset({"order", "draft", "other", "redline", "responses"})
PARSED_KINDS = frozenset({"order", "draft", "other"})


# ------------------------------------------------------------------ the manifest


@dataclass(frozen=True)
class ManifestDocument:
    id: str
    path: Path
    kind: str
    sha256: str = ""
    title: str = ""


@dataclass(frozen=True)
class ManifestOrder:
    id: str
    title: str
    versions: tuple[str, ...]


@dataclass(frozen=True)
class ManifestConsultation:
    id: str
    responses: str
    answers: str
    previous: str | None = None
    period: str = ""
    consulted: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Manifest:
    """A corpus folder's manifest, checked for consistency (ids exist, kinds fit)."""

    path: Path
    documents: tuple[ManifestDocument, ...]
    orders: tuple[ManifestOrder, ...] = ()
    consultations: tuple[ManifestConsultation, ...] = ()

    def document(self, doc_id: str) -> ManifestDocument:
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise InputError(self.path, f"id'et {doc_id!r} står ikke under documents")


def _field(entry: Any, key: str, where: str, path: Path, *, required: bool = True) -> Any:
    if not isinstance(entry, dict):
        raise InputError(path, f"{where} skal være et objekt")
    if key not in entry:
        if required:
            raise InputError(path, f"{where} mangler feltet {key!r}")
        return None
    return entry[key]


def _text(value: Any, key: str, where: str, path: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(path, f"{where}: {key!r} skal være en ikke-tom tekst")
    return value


def _list(value: Any, key: str, where: str, path: Path) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(path, f"{where}: {key!r} skal være en liste")
    return value


def _inside(folder: Path, file: str, where: str, path: Path) -> Path:
    """``folder / file``, refused when ``file`` is absolute or leads outside the folder."""
    target = folder / file
    try:
        inside = target.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError) as exc:  # NUL byte, symlink loop
        raise InputError(path, f"{where}: filen {file!r} kan ikke bruges ({exc})") from None
    if Path(file).is_absolute() or not inside:
        raise InputError(path, f"{where}: filen {file!r} ligger uden for korpusmappen")
    return target


def read_manifest(folder: Path) -> Manifest:
    """Read and check ``folder/manifest.json``. Raises InputError naming the problem."""
    path = folder / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(folder, f"mappen har ingen {MANIFEST}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"ugyldig JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise InputError(path, "skal være et JSON-objekt")
    docs: list[ManifestDocument] = []
    for i, entry in enumerate(
        _list(_field(raw, "documents", "manifestet", path), "documents", "manifestet", path)
    ):
        where = f"documents[{i}]"
        doc_id = _text(_field(entry, "id", where, path), "id", where, path)
        kind = _text(_field(entry, "kind", where, path), "kind", where, path)
        if kind not in DOCUMENT_KINDS:
            raise InputError(
                path,
                f"{doc_id}: ukendt kind {kind!r} (kendte: {', '.join(sorted(DOCUMENT_KINDS))})",
            )
        file = _text(_field(entry, "file", where, path), "file", where, path)
        docs.append(
            ManifestDocument(
                id=doc_id,
                path=_inside(folder, file, where, path),
                kind=kind,
                sha256=str(entry.get("sha256") or "").lower(),
                title=str(entry.get("title") or ""),
            )
        )
    ids = [d.id for d in docs]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(path, f"id'et {duplicates[0]!r} står flere gange under documents")
    manifest = Manifest(path=path, documents=tuple(docs))
    orders: list[ManifestOrder] = []
    for i, entry in enumerate(_list(raw.get("orders"), "orders", "manifestet", path)):
        where = f"orders[{i}]"
        versions = _field(entry, "versions", where, path)
        if not isinstance(versions, list) or not versions:
            raise InputError(path, f"{where}: 'versions' skal være en ikke-tom liste af id'er")
        for v in versions:
            if not isinstance(v, str):
                raise InputError(path, f"{where}: 'versions' skal være en liste af id'er")
            if manifest.document(v).kind not in PARSED_KINDS:
                raise InputError(path, f"{where}: {v} er ikke en bekendtgørelse eller et udkast")
        orders.append(
            ManifestOrder(
                id=_text(_field(entry, "id", where, path), "id", where, path),
                title=str(entry.get("title") or ""),
                versions=tuple(versions),
            )
        )
    consultations: list[ManifestConsultation] = []
    for i, entry in enumerate(_list(raw.get("consultations"), "consultations", "manifestet", path)):
        where = f"consultations[{i}]"
        responses = _text(_field(entry, "responses", where, path), "responses", where, path)
        answers = _text(_field(entry, "answers", where, path), "answers", where, path)
        previous = entry.get("previous") or None
        if previous is not None:
            previous = _text(previous, "previous", where, path)
        if manifest.document(responses).kind != "responses":
            raise InputError(path, f"{where}: {responses} har ikke kind 'responses'")
        for ref in (answers, previous):
            if ref is not None and manifest.document(ref).kind not in PARSED_KINDS:
                raise InputError(path, f"{where}: {ref} er ikke en bekendtgørelse eller et udkast")
        consulted = _list(entry.get("consulted"), "consulted", where, path)
        consultations.append(
            ManifestConsultation(
                id=_text(_field(entry, "id", where, path), "id", where, path),
                responses=responses,
                answers=answers,
                previous=previous,
                period=str(entry.get("period") or ""),
                consulted=tuple(str(c) for c in consulted),
                title=str(entry.get("title") or ""),
            )
        )
    return replace(manifest, orders=tuple(orders), consultations=tuple(consultations))


def sha256_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError as exc:
        raise InputError(path, "filen findes ikke") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "er en mappe, ikke en fil") from exc
    except PermissionError as exc:
        raise InputError(path, "ingen adgang til filen") from exc


def verify(manifest: Manifest) -> None:
    """Check that every file exists and matches its SHA-256 in the manifest."""
    for doc in manifest.documents:
        actual = sha256_of(doc.path)
        if doc.sha256 and actual != doc.sha256:
            raise InputError(
                doc.path,
                f"SHA-256 passer ikke med {MANIFEST} (forventet {doc.sha256[:12]}…, "
                f"fik {actual[:12]}…); filen er ændret, eller manifestet skal opdateres",
            )


def slug(name: str) -> str:
    """A URL-safe id from a file name.

    >>> slug("BEK nr. 2236 (2020) – sundhed.txt")
    'bek-nr-2236-2020-sundhed'
    """
    stem = Path(name).stem
    folded = unicodedata.normalize("NFKD", stem.replace("æ", "ae").replace("ø", "oe"))
    folded = folded.replace("Æ", "Ae").replace("Ø", "Oe")
    ascii_ = folded.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-") or "dokument"


# ------------------------------------------------------------------ progress


class Progress:
    """Progress on stderr: a bar on a terminal, plain lines otherwise, nothing when off."""

    def __init__(self, total: int, enabled: bool | None = None, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.enabled = True if enabled is None else enabled
        self.bar = enabled is not False and self.stream.isatty()
        self.total = max(total, 1)
        self.done = 0

    def step(self, message: str) -> None:
        """Announce the next step (and count the previous one as done)."""
        if not self.enabled:
            return
        if self.bar:
            columns = max(shutil.get_terminal_size((80, 24)).columns - 1, 40)
            width = 28
            filled = width * self.done // self.total
            line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {message}"
            self.stream.write("\r" + line[:columns].ljust(columns))
        else:
            self.stream.write(message + "\n")
        self.stream.flush()
        self.done += 1

    def finish(self, message: str) -> None:
        """Complete the bar (on a terminal) and print the closing message."""
        if not self.enabled:
            return
        if self.bar:
            columns = max(shutil.get_terminal_size((80, 24)).columns - 1, 40)
            line = f"[{'#' * 28}] {self.total}/{self.total}"
            self.stream.write("\r" + line.ljust(columns) + "\n")
        self.stream.write(message + "\n")
        self.stream.flush()


# ------------------------------------------------------------------ the pipeline


@dataclass(frozen=True)
class IngestReport:
    """What an ingest stored."""

    url: str
    """The database, password hidden."""
    documents: tuple[str, ...]
    orders: tuple[str, ...]
    comparisons: tuple[tuple[str, str], ...]
    consultations: tuple[str, ...]
    n_responses: int
    n_comments: int
    n_links: int
    seconds: float
    """Wall time of the whole ingest."""
    write_seconds: float
    """Time the write transaction held the database."""
    skipped: tuple[str, ...] = field(default=())
    """Documents not stored, with the reason (Danish)."""

    def summary(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        return (
            f"Indlæst i {self.url}: {n(len(self.documents), 'dokument', 'dokumenter')}, "
            f"{n(len(self.comparisons), 'sammenligning', 'sammenligninger')}, "
            f"{n(len(self.consultations), 'høring', 'høringer')} med "
            f"{self.n_responses} høringssvar og "
            f"{n(self.n_comments, 'bemærkning', 'bemærkninger')} "
            f"({self.n_links} koblinger) på {self.seconds:.1f} s "
            f"(skrivning {self.write_seconds:.2f} s)."
        )


@dataclass
class _Plan:
    """Work collected from all inputs before anything is parsed."""

    manifests: list[Manifest] = field(default_factory=list)
    singles: list[Path] = field(default_factory=list)

    def steps(self) -> int:
        n = len(self.singles)
        for m in self.manifests:
            n += sum(d.kind != "responses" for d in m.documents)
            n += sum(max(len(o.versions) - 1, 0) for o in m.orders)
            n += 2 * len(m.consultations)
        return n + 1


def _plan(paths: list[Path]) -> _Plan:
    plan = _Plan()
    for path in paths:
        if path.is_dir():
            plan.manifests.append(read_manifest(path))
        elif path.is_file():
            if path.name == MANIFEST:
                plan.manifests.append(read_manifest(path.parent))
            else:
                plan.singles.append(path)
        else:
            raise InputError(path, "filen eller mappen findes ikke")
    return plan


def _with_id(doc: Document, doc_id: str) -> Document:
    return replace(doc, info=replace(doc.info, id=doc_id))


def _with_manifest_number(doc: Document, title: str) -> Document:
    """The manifest's title may name the order's number and date ("Bekendtgørelse nr. 2236 af
    29. december 2020 …") where the text itself does not (the 2020 order's PDF text)."""
    from lovdiff.parse import number_and_date

    if doc.info.number or not title:
        return doc
    number, date = number_and_date(title)
    if number is None:
        return doc
    return replace(doc, info=replace(doc.info, number=number, date=doc.info.date or date))


def _parse(path: Path) -> Document:
    from lovdiff.parse import parse_file

    return parse_file(path)


def _compare(old: Document, new: Document) -> Comparison:
    from lovdiff.align import compare

    return compare(old, new)


def build_bundle(plan: _Plan, bar: Progress) -> tuple[Bundle, list[str]]:
    """Parse, compare, read and link everything the plan names (no database involved);
    returns what to store and the documents skipped, with the reason."""
    stored_docs: dict[str, StoredDocument] = {}
    orders: dict[str, StoredOrder] = {}
    comparisons: dict[tuple[str, str], tuple[str | None, Comparison]] = {}
    consultations: dict[str, StoredConsultation] = {}
    skipped: list[str] = []

    def add_document(stored: StoredDocument, source: Path) -> None:
        doc_id = stored.doc.info.id
        if doc_id in stored_docs:
            raise InputError(
                source, f"id'et {doc_id} bruges af flere dokumenter i samme indlæsning"
            )
        stored_docs[doc_id] = stored

    def add_order(order: StoredOrder, source: Path) -> None:
        if order.id in orders:
            raise InputError(source, f"id'et {order.id} bruges af flere ordninger/redlines")
        orders[order.id] = order

    for manifest in plan.manifests:
        for entry in manifest.documents:
            if entry.kind == "responses":
                if not any(c.responses == entry.id for c in manifest.consultations):
                    skipped.append(f"{entry.id}: høringssvar uden en høring i {MANIFEST}")
                continue
            bar.step(f"Indlæser {entry.id} …")
            if entry.kind == "redline":
                from lovdiff.redline import read_redline

                red = read_redline(entry.path)
                old = _with_id(red.old, f"{entry.id}-foer")
                new = _with_id(red.new, f"{entry.id}-efter")
                add_document(StoredDocument(old, "redline-old", entry.title), entry.path)
                add_document(StoredDocument(new, "redline-new", entry.title), entry.path)
                add_order(
                    StoredOrder(
                        entry.id, entry.title or new.info.title, (old.info.id, new.info.id)
                    ),
                    manifest.path,
                )
                comparisons[(old.info.id, new.info.id)] = (
                    entry.id,
                    replace(red, old=old, new=new),
                )
            else:
                doc = _with_manifest_number(_with_id(_parse(entry.path), entry.id), entry.title)
                add_document(StoredDocument(doc, entry.kind, entry.title), entry.path)
        for order in manifest.orders:
            add_order(StoredOrder(order.id, order.title, order.versions), manifest.path)
            for a, b in zip(order.versions, order.versions[1:], strict=False):
                bar.step(f"Sammenligner {a} med {b} …")
                comparisons[(a, b)] = (
                    order.id,
                    _compare(stored_docs[a].doc, stored_docs[b].doc),
                )
        for cons in manifest.consultations:
            from lovdiff.link import link_responses
            from lovdiff.responses import read_responses

            letters = manifest.document(cons.responses)
            bar.step(f"Læser høringssvar {letters.id} …")
            sources = read_responses(letters.path)
            against = stored_docs[cons.answers].doc
            previous = stored_docs[cons.previous].doc if cons.previous else None
            comparison = None
            if previous is not None:
                key = (previous.info.id, against.info.id)
                if key not in comparisons:
                    comparisons[key] = (None, _compare(previous, against))
                comparison = comparisons[key][1]
            bar.step(f"Kobler høringssvar til {cons.answers} …")
            consultation = link_responses(
                sources, against, previous=previous, comparison=comparison
            )
            if cons.id in consultations:
                raise InputError(manifest.path, f"høringen {cons.id} står flere gange")
            consultations[cons.id] = StoredConsultation(
                id=cons.id,
                consultation=consultation,
                responses_doc=letters.id,
                answers=cons.answers,
                previous=cons.previous,
                period=cons.period,
                consulted=cons.consulted,
                title=cons.title or letters.title,
                path=str(letters.path),
            )
    for single in plan.singles:
        doc_id = slug(single.name)
        bar.step(f"Indlæser {doc_id} …")
        doc = _with_id(_parse(single), doc_id)
        sections = sum(p.kind == "section" for p in doc.provisions)
        if sections >= 3 or (sections and doc.info.kind != "andet"):  # a letter quotes a § or two
            add_document(StoredDocument(doc, "order"), single)
            add_order(StoredOrder(doc_id, doc.info.title, (doc_id,)), single)
        else:  # letters, an application …: shown as prose, contact details hidden
            add_document(StoredDocument(doc, "other"), single)

    bundle = Bundle(
        documents=tuple(stored_docs.values()),
        orders=tuple(orders.values()),
        comparisons=tuple(comparisons.values()),
        consultations=tuple(consultations.values()),
    )
    return bundle, skipped


def ingest_paths(
    paths: list[Path], url: str | None = None, progress: bool | None = None
) -> IngestReport:
    """Ingest corpus folders (with manifest.json) and single files into the database.

    ``progress``: None = a bar on a terminal, plain lines otherwise; False = silent.
    Raises InputError (nothing written) for a missing file, a bad manifest or a SHA-256
    mismatch; any other failure also leaves the database as it was.
    """
    started = time.perf_counter()
    plan = _plan([Path(p) for p in paths])
    for manifest in plan.manifests:
        verify(manifest)
    for single in plan.singles:
        sha256_of(single)
    engine = get_engine(url)  # a bad database URL fails before the slow work
    bar = Progress(plan.steps(), progress)
    bundle, skipped = build_bundle(plan, bar)
    bar.step("Gemmer i databasen …")
    write_started = time.perf_counter()
    with write_transaction(engine) as conn:
        write_bundle(conn, bundle)
    done = time.perf_counter()
    from sqlalchemy.engine import make_url

    consultations = [c.consultation for c in bundle.consultations]
    report = IngestReport(
        url=make_url(resolve_url(url)).render_as_string(hide_password=True),
        documents=tuple(d.doc.info.id for d in bundle.documents),
        orders=tuple(o.id for o in bundle.orders),
        comparisons=tuple((c.old.info.id, c.new.info.id) for _o, c in bundle.comparisons),
        consultations=tuple(c.id for c in bundle.consultations),
        n_responses=sum(len(c.responses) for c in consultations),
        n_comments=sum(len(r.comments) for c in consultations for r in c.responses),
        n_links=sum(len(cm.links) for c in consultations for r in c.responses for cm in r.comments),
        seconds=done - started,
        write_seconds=done - write_started,
        skipped=tuple(skipped),
    )
    bar.finish(report.summary() + "".join(f"\nSprunget over: {s}" for s in skipped))
    return report


__all__ = ["IngestReport", "Manifest", "build_bundle", "ingest_paths", "read_manifest", "slug"]
