"""Generate the hostile input corpus for lovdiff's readers and parser into a folder.

Nothing binary is committed: every file is built here from bytes written by hand (PDF objects,
zip archives via ``zipfile``, crafted text). Usage::

    python tests/make_hostile_corpus.py OUTDIR [--big]

Without ``--big`` only the small, fast cases are written (what tests/test_hostile.py uses for
most checks); ``--big`` adds the 50 MB single line, 100,000 ``§ 1.`` lines and the 200 MB
Flate bomb. ``CASES`` lists every case: file name -> what it is.
"""

from __future__ import annotations

import io
import struct
import sys
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)

SAMPLE_PARAGRAPHS = (
    "Bekendtgørelse om prøve",
    "§ 1. Denne bekendtgørelse gælder for alle kommuner.",
    "Stk. 2. Kommunen træffer afgørelse efter § 1.",
    "§ 2. Bekendtgørelsen træder i kraft den 1. januar 2027.",
)


def document_xml(paragraphs: tuple[str, ...] = SAMPLE_PARAGRAPHS, ns: str = W_NS) -> str:
    """A minimal WordprocessingML main part with one run per paragraph."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    )


def make_docx(parts: dict[str, str | bytes] | None = None, *, document: str | bytes = "") -> bytes:
    """A .docx (zip) with content types, relationships and the given document part."""
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "word/document.xml": document or document_xml(),
    }
    members.update(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _zip(entries: list[tuple[str, bytes]], *, flag_bits: int = 0) -> bytes:
    """A zip of ``entries``; ``flag_bits`` are OR-ed into every header afterwards (zipfile
    clears them when it writes)."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one case
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
    data = bytearray(buf.getvalue())
    if flag_bits:
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            pos = data.find(signature)
            while pos != -1:
                flags = int.from_bytes(data[pos + offset : pos + offset + 2], "little")
                data[pos + offset : pos + offset + 2] = (flags | flag_bits).to_bytes(2, "little")
                pos = data.find(signature, pos + 4)
    return bytes(data)


def _base_entries() -> list[tuple[str, bytes]]:
    return [
        ("[Content_Types].xml", CONTENT_TYPES.encode()),
        ("_rels/.rels", RELS.encode()),
    ]


def docx_lying_size() -> bytes:
    """A zip whose central directory declares 100 bytes for a 5 MB document part."""
    body = "".join(f"<w:p><w:r><w:t>§ {i}. tekst</w:t></w:r></w:p>" for i in range(1, 200_000))
    xml = (f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>').encode()
    data = bytearray(_zip([*_base_entries(), ("word/document.xml", xml)]))
    # patch the uncompressed size (offset 24) of the central directory entry of the document
    name = b"word/document.xml"
    pos = data.rfind(b"PK\x01\x02")
    while pos != -1:
        n = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if bytes(data[pos + 46 : pos + 46 + n]) == name:
            data[pos + 24 : pos + 28] = (100).to_bytes(4, "little")
            break
        pos = data.rfind(b"PK\x01\x02", 0, pos)
    return bytes(data)


def docx_zip_bomb() -> bytes:
    """A small .docx whose document part inflates to 300 MB (compression ratio ~1000)."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    raw = b"".join(co.compress(chunk) for _ in range(300)) + co.flush()
    size = 300 << 20
    crc = 0
    for _ in range(300):
        crc = zlib.crc32(chunk, crc)
    name = b"word/document.xml"
    # the fields both headers share: version needed, flags, method (deflate), time and
    # date, CRC, compressed and declared size, name length
    shared = struct.pack("<HHHIIIIH", 20, 0, 8, 0, crc, len(raw), size, len(name))
    local = b"PK\x03\x04" + shared + struct.pack("<H", 0) + name  # no extra field
    # central: made by, the shared fields, then extra, comment, disk, internal and external
    # attributes, offset of the local header
    central = b"PK\x01\x02" + struct.pack("<H", 20) + shared + bytes(16) + name
    body = local + raw
    end = b"PK\x05\x06" + struct.pack("<IHHIIH", 0, 1, 1, len(central), len(body), 0)
    return body + central + end


def ole_encrypted() -> bytes:
    """The start of an OLE compound file holding an encrypted package (EncryptionInfo)."""
    head = OLE_MAGIC + b"\x00" * 504
    names = "".join(n for n in ("EncryptionInfo", "EncryptedPackage"))
    return head + names.encode("utf-16-le") + b"\x00" * 1024


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w:document ['
    '<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd">'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>§ 1. Tekst.</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
# an entity declaration placed after 70 kB of whitespace in the prolog
LATE_DOCTYPE = (
    '<?xml version="1.0"?>'
    + " " * 70_000
    + '<!DOCTYPE w:document [<!ENTITY a "§ 1. Fra en entitet.">]>'
    + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
DEEP_XML = (
    f'<w:document xmlns:w="{W_NS}"><w:body>'
    + "<w:p>" * 100_000
    + "x"
    + "</w:p>" * 100_000
    + "</w:body></w:document>"
)
BAD_NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="x"><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%x)"/></w:lvl>'
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
)
NUMBERED_DOC = (
    f'<w:document xmlns:w="{W_NS}"><w:body>'
    + "".join(
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="x"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"<w:r><w:t>punkt {i}</w:t></w:r></w:p>"
        for i in range(3)
    )
    + "</w:body></w:document>"
)


# --------------------------------------------------------------------------- PDF


def pdf_bytes(objects: list[bytes], *, root: int = 1, truncate: int | None = None) -> bytes:
    """A PDF file from numbered object bodies (object i+1 = objects[i]), with a valid xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out[:truncate] if truncate else out)


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT_CONTENT = (
    b"BT /F1 12 Tf 72 720 Td (Bekendtgoerelse om proeve) Tj 0 -20 Td "
    b"(\\247 1. Denne bekendtgoerelse gaelder for alle kommuner.) Tj 0 -20 Td "
    b"(\\247 2. Bekendtgoerelsen traeder i kraft den 1. januar 2027.) Tj ET"
)


def _page(content_obj: int, resources: bytes = b"<< /Font << /F1 5 0 R >> >>") -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
        + resources
        + f" /Contents {content_obj} 0 R >>".encode()
    )


def pdf_text() -> bytes:
    """A valid one-page PDF with extractable text (the positive control)."""
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(4),
            _stream(TEXT_CONTENT),
            FONT,
        ]
    )


def pdf_image_only() -> bytes:
    """A valid one-page PDF whose only content is a 1x1 image: no extractable text."""
    image = _stream(
        b"\x80",
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
        "/BitsPerComponent 8 ",
    )
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(4, b"<< /XObject << /Im1 5 0 R >> >>"),
            _stream(b"q 200 0 0 200 100 400 cm /Im1 Do Q"),
            image,
        ]
    )


def pdf_cycle() -> bytes:
    """A Pages node that lists itself as its own kid (a reference cycle)."""
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            _page(4),
            _stream(TEXT_CONTENT),
            FONT,
        ]
    )


def pdf_many_kids(n: int = 50_000) -> bytes:
    """A Pages /Kids array with the same page listed ``n`` times."""
    kids = b" ".join([b"3 0 R"] * n)
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + f"] /Count {n} >>".encode(),
            _page(4),
            _stream(TEXT_CONTENT),
            FONT,
        ]
    )


def pdf_flate_bomb(megabytes: int = 200) -> bytes:
    """A page whose content stream is ``megabytes`` MB of spaces, Flate-compressed."""
    co = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    raw = b"".join(co.compress(chunk) for _ in range(megabytes)) + co.flush()
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(4),
            _stream(raw, "/Filter /FlateDecode "),
            FONT,
        ]
    )


def pdf_truncated() -> bytes:
    """The text PDF cut off in the middle of its content stream."""
    data = pdf_text()
    return data[: data.index(b"stream") + 40]


# --------------------------------------------------------------------------- text


def _sections_backwards() -> bytes:
    lines = ["Bekendtgørelse om baglæns nummerering", ""]
    for i in range(20, 0, -1):
        lines.append(f"§ {i}. Bestemmelse nummer {i} gælder.")
    return "\n".join(lines).encode()


def _mixed_endings() -> bytes:
    return (
        "Bekendtgørelse om linjeskift\r\n\r\n§ 1. Første bestemmelse.\r"
        "Stk. 2. Anden stk.\n§ 2. Anden bestemmelse.\r\n\r§ 3. Tredje.\n"
    ).encode()


SAMPLE_TEXT = "\n".join(SAMPLE_PARAGRAPHS)

# name -> (builder, description); "big" cases only with --big
CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    # text
    "invalid_utf8.txt": (
        lambda: SAMPLE_TEXT.encode() + b"\n\xff\xfe\xc3\x28 ugyldig \xa0\x80\n",
        "UTF-8 with invalid bytes",
    ),
    "utf16_bom.txt": (lambda: SAMPLE_TEXT.encode("utf-16"), "UTF-16 with BOM"),
    "utf16le_nobom.txt": (lambda: SAMPLE_TEXT.encode("utf-16-le"), "UTF-16-LE without BOM"),
    "utf16be_nobom.txt": (lambda: SAMPLE_TEXT.encode("utf-16-be"), "UTF-16-BE without BOM"),
    "cp1252.txt": (lambda: SAMPLE_TEXT.encode("cp1252"), "Windows-1252"),
    "nul_bytes.txt": (
        lambda: SAMPLE_TEXT.encode().replace(b" ", b"\x00 ", 3),
        "a few NUL bytes in text",
    ),
    "binary_nuls.txt": (lambda: b"\x00\x01\x02\x03" * 4096, "binary data named .txt"),
    "whitespace.txt": (lambda: b" \t\r\n\n   \n\t" * 100, "only whitespace"),
    "empty.txt": (lambda: b"", "empty file"),
    "mixed_endings.txt": (_mixed_endings, "\\r\\n, \\r and \\n mixed"),
    "backwards.txt": (_sections_backwards, "§ 20 down to § 1"),
    # docx
    "not_zip.docx": (lambda: SAMPLE_TEXT.encode(), "text named .docx"),
    "ole_encrypted.docx": (ole_encrypted, "OLE compound file with EncryptionInfo"),
    "ole_doc.docx": (lambda: OLE_MAGIC + b"\x00" * 2048, "OLE compound file (old .doc)"),
    "zip_encrypted_flag.docx": (
        lambda: _zip(
            [*_base_entries(), ("word/document.xml", document_xml().encode())], flag_bits=0x1
        ),
        "zip entries with the encryption flag",
    ),
    "no_document.docx": (lambda: _zip(_base_entries()), "no word/document.xml"),
    "no_document_norels.docx": (
        lambda: _zip([("[Content_Types].xml", CONTENT_TYPES.encode())]),
        "neither relationships nor document part",
    ),
    "dup_document.docx": (
        lambda: _zip(
            [
                *_base_entries(),
                ("word/document.xml", document_xml().encode()),
                ("word/document.xml", document_xml(("§ 1. Anden udgave.",)).encode()),
            ]
        ),
        "word/document.xml twice",
    ),
    "strict.docx": (lambda: make_docx(document=document_xml(ns=W_STRICT_NS)), "Strict OOXML"),
    "billion_laughs.docx": (lambda: make_docx(document=BILLION_LAUGHS), "entity expansion"),
    "xxe.docx": (lambda: make_docx(document=XXE), "external entity file:///etc/passwd"),
    "external_dtd.docx": (lambda: make_docx(document=EXTERNAL_DTD), "DTD over the network"),
    "late_doctype.docx": (lambda: make_docx(document=LATE_DOCTYPE), "DOCTYPE after 70 kB"),
    "deep.docx": (lambda: make_docx(document=DEEP_XML), "100,000 nested elements"),
    "broken_xml.docx": (lambda: make_docx(document="<w:document><w:body>"), "broken XML"),
    "wrong_root.docx": (
        lambda: make_docx(document=f'<w:body xmlns:w="{W_NS}"/>'),
        "root is not w:document",
    ),
    "no_body.docx": (
        lambda: make_docx(document=f'<w:document xmlns:w="{W_NS}"/>'),
        "w:document without w:body",
    ),
    "empty_text.docx": (lambda: make_docx(document=document_xml(("", " "))), "no text"),
    "bad_numbering.docx": (
        lambda: make_docx({"word/numbering.xml": BAD_NUMBERING}, document=NUMBERED_DOC),
        "numbering with a non-numeric level",
    ),
    "rels_traversal.docx": (
        lambda: make_docx({"_rels/.rels": RELS.replace("word/document.xml", "../../etc/passwd")}),
        "main part target outside the package",
    ),
    "many_members.docx": (
        lambda: _zip([*_base_entries()] + [(f"x/{i}.xml", b"<a/>") for i in range(3000)]),
        "3,000 zip members",
    ),
    "lying_size.docx": (docx_lying_size, "central directory understates the size"),
    "zip_bomb.docx": (docx_zip_bomb, "300 MB document part in a small zip"),
    "truncated.docx": (lambda: make_docx()[:-40], "zip cut before its end"),
    "valid.docx": (make_docx, "a valid .docx (positive control)"),
    # pdf
    "text.pdf": (pdf_text, "a valid one-page PDF with text (positive control)"),
    "image_only.pdf": (pdf_image_only, "one page, only an image"),
    "cycle.pdf": (pdf_cycle, "Pages tree that contains itself"),
    "many_kids.pdf": (pdf_many_kids, "the same page 50,000 times"),
    "truncated.pdf": (pdf_truncated, "cut in the middle of a stream"),
    "not_pdf.pdf": (lambda: SAMPLE_TEXT.encode(), "text named .pdf"),
    "header_only.pdf": (lambda: b"%PDF-1.7\n", "only the %PDF header"),
}

BIG_CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "line_50mb.txt": (
        lambda: (b"Tekst uden linjeskift " * (50 * 1024 * 1024 // 22 + 1))[: 50 * 1024 * 1024],
        "a 50 MB single line",
    ),
    "para1_100k.txt": (
        lambda: ("Bekendtgørelse om gentagelse\n\n" + "§ 1. Tekst.\n" * 100_000).encode(),
        "100,000 lines '§ 1. Tekst.'",
    ),
    "flate_bomb.pdf": (pdf_flate_bomb, "content stream of 200 MB spaces, Flate-compressed"),
}


def write_corpus(folder: Path, *, big: bool = False, names: list[str] | None = None) -> list[Path]:
    """Write the cases (all small ones, plus the big ones if asked) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = {**CASES, **(BIG_CASES if big else {})}
    out = []
    for name, (build, _) in cases.items():
        if names is not None and name not in names:
            continue
        path = folder / name
        path.write_bytes(build())
        out.append(path)
    return out


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    for path in write_corpus(Path(argv[0]), big="--big" in argv):
        print(f"{path}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
