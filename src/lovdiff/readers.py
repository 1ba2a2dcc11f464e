"""Input readers at the edge: .txt, .docx and .pdf become plain text plus provenance.

Every reader raises :class:`~lovdiff.errors.InputError` (one line: which file, why) for input it
cannot read, and never hands back an empty document. Word files are opened with a locked-down
XML parser (no entities, no network, no huge trees) after checking the zip's member count,
declared sizes and compression ratios. PDF extraction runs in a child process with a memory
limit, a timeout and a page cap, because PDF libraries can hang on small crafted files.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import sys
import zipfile
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

from lovdiff.errors import InputError
from lovdiff.models import Finding, Provenance, ReadResult

MAX_TEXT_BYTES = 64 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_TOTAL = 256 * 1024 * 1024
MAX_ZIP_MEMBER = 128 * 1024 * 1024
MAX_ZIP_RATIO = 200
PDF_TIMEOUT = 60.0  # seconds; LOVDIFF_PDF_TIMEOUT overrides (read at each call)
PDF_MAX_PAGES = 2000  # LOVDIFF_PDF_MAX_PAGES
PDF_MEMORY_MB = 1024  # LOVDIFF_PDF_MEMORY_MB: address-space limit of the child process

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W = f"{{{W_NS}}}"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def safe_xml_parser() -> Any:
    """The only XML parser lovdiff uses on foreign input: no entities, no network, no DTD."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, path: Path | str, part: str) -> Any:
    """Parse foreign XML safely; a DOCTYPE (entity tricks) or broken XML is an InputError.

    A DOCTYPE is refused before parsing when it is near the start, and after parsing wherever
    it was (the parser never loads or expands it either way).
    """
    from lxml import etree

    refused = f"{part} indeholder en DOCTYPE/ENTITY-erklæring; afvist af sikkerhedshensyn"
    if b"<!doctype" in data[:2048].lower() or b"<!entity" in data[:65536].lower():
        raise InputError(path, refused)
    try:
        root = etree.fromstring(data, safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        msg = " ".join(str(exc.msg or exc).split())[:160]
        raise InputError(path, f"{part} er ikke gyldig XML ({msg})") from None
    except (ValueError, MemoryError) as exc:
        raise InputError(path, f"{part} kan ikke læses som XML ({exc})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise InputError(path, refused)
    return root


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_path(path: str | Path) -> ReadResult:
    """Read a .txt, .docx or .pdf file (decided by content, then by suffix)."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "filen findes ikke")
    if p.is_dir():
        raise InputError(p, "er en mappe, ikke en fil")
    try:
        size = p.stat().st_size
        if size > MAX_TEXT_BYTES * 4:
            raise InputError(p, f"filen er for stor ({size // (1024 * 1024)} MB)")
        data = p.read_bytes()
    except PermissionError:
        raise InputError(p, "ingen adgang til at læse filen") from None
    except OSError as exc:
        raise InputError(p, f"kan ikke læses ({exc.strerror})") from None
    if not data:
        raise InputError(p, "filen er tom")
    suffix = p.suffix.lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            raise InputError(p, "er ikke en PDF (mangler %PDF-signatur)")
        return read_pdf(p, data)
    if data.startswith(b"PK\x03\x04") or suffix in (".docx", ".docm", ".dotx"):
        return read_docx(p, data)
    if data.startswith(OLE_MAGIC):
        raise _ole_error(p, data)
    return read_txt(p, data)


def _ole_error(path: Path | str, data: bytes) -> InputError:
    """The error for an OLE compound file: an encrypted .docx, or an old binary .doc."""
    if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data.replace(
        b"\x00", b""
    ):
        return InputError(
            path, "er krypteret (adgangskodebeskyttet); gem dokumentet som .docx uden adgangskode"
        )
    return InputError(
        path, "er et gammelt Word-dokument (.doc) eller en anden OLE-fil; gem det som .docx"
    )


# --------------------------------------------------------------------------- text


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if len(sample) >= 4:
        even_zero = sample[0::2].count(0)
        odd_zero = sample[1::2].count(0)
        half = len(sample) // 2
        if odd_zero > half * 0.4 and even_zero < half * 0.05:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even_zero > half * 0.4 and odd_zero < half * 0.05:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes (a bad copy, a cut file) stays UTF-8: otherwise
    # every "§" and "ø" would turn into Windows-1252 mojibake.
    head = data[: 1 << 20]
    replaced = head.decode("utf-8", errors="replace")
    if len(_UTF8_MULTIBYTE.findall(head)) > replaced.count("\ufffd"):
        return data.decode("utf-8", errors="replace"), "utf-8 (med ugyldige bytes erstattet)"
    return data.decode("cp1252", errors="replace"), "windows-1252"


def decode_text(data: bytes, path: Path | str = "<tekst>") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (BOM or zero-byte pattern) or
    Windows-1252; binary data is an InputError.

    Mostly-valid UTF-8 keeps its characters and gets U+FFFD for the broken bytes. Whatever the
    encoding, a text whose start is mostly control characters is refused as binary.
    """
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(path, f"tekstfilen er for stor ({len(data) // (1024 * 1024)} MB)")
    text, encoding = _decode(data)
    head = text[:8192]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\n\r\t\f")
    bad = head.count("\ufffd")
    if controls + bad > max(8, len(head) // 20):
        raise InputError(path, "ligner ikke tekst (binære data); angiv en .txt, .docx eller .pdf")
    return text, encoding


def read_txt(path: Path, data: bytes) -> ReadResult:
    text, encoding = decode_text(data, path)
    if not text.strip():
        raise InputError(path, "filen indeholder ingen tekst (kun mellemrum)")
    return ReadResult(text, Provenance(str(path), "txt", encoding, sha256_of(data)))


# --------------------------------------------------------------------------- docx


def open_docx(path: Path | str, data: bytes | None = None) -> zipfile.ZipFile:
    """Open a .docx as a zip after the safety checks (size, members, ratio, encryption)."""
    import io

    raw = data if data is not None else Path(path).read_bytes()
    if raw.startswith(OLE_MAGIC):
        raise _ole_error(path, raw)
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        if raw.startswith(b"PK\x03\x04"):
            raise InputError(
                path, "zip-filen er ødelagt eller afkortet (mangler sin indholdsliste)"
            )
        raise InputError(path, "er ikke et Word-dokument (.docx er en zip-fil, denne er ikke)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError(path, f"zip-strukturen er ødelagt ({exc})") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(path, f"har {len(infos)} dele; højst {MAX_ZIP_MEMBERS} tillades")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise InputError(path, "indeholder dele med samme navn to gange (mistænkelig zip)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(path, "er krypteret; gem dokumentet uden adgangskode")
        total += info.file_size
        if info.file_size > MAX_ZIP_MEMBER:
            raise InputError(
                path, f"delen {info.filename} er for stor udpakket ({info.file_size} bytes)"
            )
        if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
            raise InputError(
                path, f"delen {info.filename} har mistænkelig høj komprimering (zip-bombe?)"
            )
    if total > MAX_ZIP_TOTAL:
        raise InputError(path, f"fylder {total // (1024 * 1024)} MB udpakket; for stort")
    return zf


def read_member(zf: zipfile.ZipFile, name: str, path: Path | str) -> bytes:
    """Read one zip member, refusing to inflate beyond its declared size."""
    info = zf.getinfo(name)
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise InputError(path, "er krypteret; gem dokumentet uden adgangskode") from None
    except NotImplementedError:
        raise InputError(path, f"delen {name} bruger en ukendt komprimering") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise InputError(path, f"delen {name} er ødelagt ({exc})") from None
    if len(data) > info.file_size:
        raise InputError(path, f"delen {name} er større end angivet i zip-filen")
    return data


def docx_main_part(zf: zipfile.ZipFile, path: Path | str) -> str:
    """The name of the main document part (from the package relationships)."""
    names = set(zf.namelist())
    if "_rels/.rels" in names:
        rels = parse_xml(read_member(zf, "_rels/.rels", path), path, "_rels/.rels")
        for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                target = rel.get("Target", "").lstrip("/")
                if target in names:
                    return target
                raise InputError(path, f"hoveddelen {target} mangler i dokumentet")
    if "word/document.xml" in names:
        return "word/document.xml"
    raise InputError(path, "mangler sin dokumentdel (word/document.xml); er det et Word-dokument?")


def docx_document_root(path: Path | str, data: bytes | None = None) -> tuple[Any, zipfile.ZipFile]:
    """The parsed main document part of a .docx (safe), and the open zip."""
    zf = open_docx(path, data)
    part = docx_main_part(zf, path)
    xml = read_member(zf, part, path)
    if W_STRICT_NS.encode() in xml[:4096]:
        raise InputError(
            path,
            "bruger Strict Open XML, som lovdiff ikke læser; "
            "gem som almindeligt Word-dokument (.docx)",
        )
    root = parse_xml(xml, path, part)
    if root.tag != f"{W}document":
        raise InputError(path, f"{part} er ikke et Word-dokument (rod-element {root.tag})")
    return root, zf


def numbering_formats(
    zf: zipfile.ZipFile, path: Path | str
) -> dict[tuple[str, str], tuple[str, str]]:
    """(numId, ilvl) -> (numFmt, lvlText) from word/numbering.xml, where present."""
    if "word/numbering.xml" not in zf.namelist():
        return {}
    root = parse_xml(read_member(zf, "word/numbering.xml", path), path, "word/numbering.xml")
    abstract: dict[str, dict[str, tuple[str, str]]] = {}
    for an in root.iter(f"{W}abstractNum"):
        levels: dict[str, tuple[str, str]] = {}
        for lvl in an.iter(f"{W}lvl"):
            fmt = lvl.find(f"{W}numFmt")
            txt = lvl.find(f"{W}lvlText")
            levels[str(_small_int(lvl.get(f"{W}ilvl")))] = (
                fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                txt.get(f"{W}val", "%1.") if txt is not None else "%1.",
            )
        abstract[an.get(f"{W}abstractNumId", "")] = levels
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for num in root.iter(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        if ref is None:
            continue
        for ilvl, spec in abstract.get(ref.get(f"{W}val", ""), {}).items():
            out[(num.get(f"{W}numId", ""), ilvl)] = spec
    return out


def _small_int(value: str | None, default: int = 0) -> int:
    """A list level or id from Word XML as an int; anything else (hostile input) is default."""
    if value is None or not value.isdigit() or len(value) > 6:
        return default
    return int(value)


def format_number(fmt: str, n: int) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
        vals += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, k = "", min(n, 9999)
        for v, sym in vals:
            count, k = divmod(k, v)
            out += sym * count
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "bullet":
        return "•"
    return str(n)


def paragraph_text(p: Any, *, include_deleted: bool = False, include_inserted: bool = True) -> str:
    """The visible text of a w:p: runs, tabs and breaks. By default the text with every
    tracked change accepted: deleted and moved-away text (``w:delText``, ``w:t`` inside
    ``w:moveFrom``) left out, inserted and moved-here text kept; ``include_deleted`` and
    ``include_inserted`` choose the other versions."""
    # the elements themselves, not their ids: lxml's proxies live only while referenced
    moved_away = {t for mf in p.iter(f"{W}moveFrom") for t in mf.iter(f"{W}t")}
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            if el in moved_away:
                if include_deleted:
                    parts.append(el.text or "")
                continue
            if not include_inserted and _inside(el, (f"{W}ins", f"{W}moveTo")):
                continue
            parts.append(el.text or "")
        elif tag == f"{W}delText":
            if include_deleted:
                parts.append(el.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{W}softHyphen":
            parts.append("\u00ad")
    return "".join(parts)


def _inside(el: Any, tags: tuple[str, ...]) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def docx_paragraphs(root: Any, zf: zipfile.ZipFile, path: Path | str) -> list[str]:
    """Paragraph texts of the body in order (tables row by row), with list numbers rendered,
    every tracked change accepted: a paragraph whose mark was deleted (or moved away) is
    joined to the next one, as Word joins them on "accept all"."""
    formats = numbering_formats(zf, path)
    counters: dict[tuple[str, str], int] = {}
    body = root.find(f"{W}body")
    if body is None:
        raise InputError(path, "Word-dokumentet har ingen brødtekst (w:body)")
    out: list[str] = []
    carry = ""
    for p in body.iter(f"{W}p"):
        text = carry + paragraph_text(p)
        mark = p.find(f"{W}pPr/{W}rPr")
        if mark is not None and (
            mark.find(f"{W}del") is not None or mark.find(f"{W}moveFrom") is not None
        ):
            carry = text
            continue
        carry = ""
        out.append(numbered(text, p.find(f"{W}pPr/{W}numPr"), formats, counters))
    if carry:
        out.append(carry)
    return out


def revision_counts(root: Any) -> Counter[str]:
    """Tracked changes in a document part: its ``ins``, ``del`` and ``moveFrom`` elements."""
    return Counter(el.tag[len(W) :] for el in root.iter(f"{W}ins", f"{W}del", f"{W}moveFrom"))


def numbered(
    text: str,
    num_pr: Any,
    formats: dict[tuple[str, str], tuple[str, str]],
    counters: dict[tuple[str, str], int],
) -> str:
    """``text`` with the automatic list number its ``w:numPr`` gives it ("1)", "a."), counted
    in ``counters`` (one dict per version being read; deeper levels restart). Text that
    already starts with its label, or has no usable list format, is returned as it is."""
    if num_pr is None:
        return text
    num_id_el = num_pr.find(f"{W}numId")
    ilvl_el = num_pr.find(f"{W}ilvl")
    num_id = num_id_el.get(f"{W}val", "") if num_id_el is not None else ""
    level = _small_int(ilvl_el.get(f"{W}val") if ilvl_el is not None else None)
    key = (num_id, str(level))
    spec = formats.get(key)
    if not spec or num_id == "0":
        return text
    counters[key] = counters.get(key, 0) + 1
    for nid, lv in list(counters):
        if nid == num_id and _small_int(lv) > level:
            counters.pop((nid, lv))
    fmt, lvl_text = spec
    label = lvl_text.replace(f"%{level + 1}", format_number(fmt, counters[key]))
    if label and fmt != "none" and not text.lstrip().startswith(label):
        return f"{label} {text}"
    return text


def read_docx(path: Path, data: bytes) -> ReadResult:
    """The text of a Word document with every tracked change accepted. Where it has tracked
    changes, a note says so (``lovdiff redline`` reads both versions)."""
    root, zf = docx_document_root(path, data)
    paragraphs = docx_paragraphs(root, zf, path)
    text = "\n".join(paragraphs)
    if not text.strip():
        raise InputError(path, "Word-dokumentet indeholder ingen tekst")
    findings: tuple[Finding, ...] = ()
    counts = revision_counts(root)
    if counts:
        findings = (
            Finding(
                kind="note",
                where="dokument",
                message=(
                    f"Word-dokumentet {Path(path).name} indeholder registrerede ændringer "
                    f"({counts['ins']} indsættelser, {counts['del']} sletninger, "
                    f"{counts['moveFrom']} flytninger); teksten er læst med alle ændringer "
                    "accepteret. «lovdiff redline» læser begge versioner."
                ),
            ),
        )
    return ReadResult(
        text, Provenance(str(path), "docx", "utf-8", sha256_of(data)), findings=findings
    )


# --------------------------------------------------------------------------- pdf


def pdf_limits() -> tuple[float, int, int]:
    """(timeout in s, page cap, memory in MB) of the PDF child, read from the environment now.

    ``LOVDIFF_PDF_TIMEOUT``, ``LOVDIFF_PDF_MAX_PAGES`` and ``LOVDIFF_PDF_MEMORY_MB`` override
    the defaults; a value that is not a positive number (a whole one for pages and memory) is
    ignored.
    """

    def env(name: str, default: float) -> float:
        try:
            value = float(os.environ.get(name, ""))
        except ValueError:
            return default
        return value if value > 0 else default

    def whole(name: str, default: int) -> int:
        value = env(name, default)
        return int(value) if math.isfinite(value) and value == int(value) else default

    return (
        env("LOVDIFF_PDF_TIMEOUT", PDF_TIMEOUT),
        whole("LOVDIFF_PDF_MAX_PAGES", PDF_MAX_PAGES),
        whole("LOVDIFF_PDF_MEMORY_MB", PDF_MEMORY_MB),
    )


def _pdf_child(path: str, max_pages: int) -> None:  # pragma: no cover - runs in the child
    """Child process: extract page texts with pdfplumber and print them as JSON.

    The page tree is walked lazily first, so a tree listing 50,000 pages stops at the cap
    before any page is built.
    """
    import warnings

    warnings.simplefilter("ignore")
    import pdfplumber
    from pdfminer.pdfpage import PDFPage

    pages: list[str] = []
    with pdfplumber.open(path) as pdf:
        for count, _ in enumerate(PDFPage.create_pages(pdf.doc), start=1):
            if count > max_pages:
                print(json.dumps({"error": f"har over {max_pages} sider (grænsen)"}))
                return
        for page in pdf.pages:
            pages.append(page.extract_text(x_tolerance=1.5, y_tolerance=3) or "")
    print(json.dumps({"pages": pages}))


def _limit_memory(megabytes: int) -> Any:  # pragma: no cover - runs in the child
    def limit() -> None:
        import resource

        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return limit


def _child_failure(path: Path, proc: subprocess.CompletedProcess[bytes]) -> InputError:
    """A one-line Danish error for a PDF child that died (memory, signal, or exception)."""
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    last = lines[-1] if lines else ""
    if "MemoryError" in last or "allocate" in last.lower():
        return InputError(path, "PDF-udtræk brugte for meget hukommelse og blev stoppet")
    if proc.returncode < 0 or not last:
        return InputError(
            path, f"PDF-udtræk stoppede uventet (signal {-proc.returncode}); PDF'en er ødelagt?"
        )
    head, _, message = last.partition(":")
    detail = " ".join(f"{head.rsplit('.', 1)[-1]}: {message}".split())[:160]
    return InputError(path, f"PDF'en er ødelagt eller ufuldstændig og kan ikke læses ({detail})")


def read_pdf(path: Path, data: bytes) -> ReadResult:
    """Extract a PDF's text in a child process with a timeout, a memory limit and a page cap.

    A PDF without extractable text (a scan) is an InputError, never an empty document.
    """
    timeout, max_pages, memory_mb = pdf_limits()
    code = (
        "import sys; from lovdiff.readers import _pdf_child; "
        "_pdf_child(sys.argv[1], int(sys.argv[2]))"
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(path), str(max_pages)],
            capture_output=True,
            timeout=timeout,
            preexec_fn=_limit_memory(memory_mb) if os.name == "posix" else None,  # noqa: PLW1509
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(path, f"PDF-udtræk tog over {timeout:g} s og blev stoppet") from None
    except OSError as exc:
        raise InputError(path, f"PDF-udtræk kunne ikke startes ({exc.strerror})") from None
    if proc.returncode != 0:
        raise _child_failure(path, proc)
    try:
        result = json.loads(proc.stdout.decode("utf-8"))
        pages: list[str] = [str(p) for p in result.get("pages", [])]
    except (ValueError, AttributeError, TypeError):
        raise InputError(path, "PDF-udtræk gav ikke noget resultat") from None
    if "error" in result:
        raise InputError(path, str(result["error"]))
    if not any(p.strip() for p in pages):
        raise InputError(
            path, "PDF'en indeholder ingen udtrækkelig tekst (skannet billede?); kør OCR først"
        )
    text = "\f".join(pages)
    offsets: list[int] = []
    pos = 0
    for page in pages:
        offsets.append(pos)
        pos += len(page) + 1
    return ReadResult(text, Provenance(str(path), "pdf", "utf-8", sha256_of(data), tuple(offsets)))
