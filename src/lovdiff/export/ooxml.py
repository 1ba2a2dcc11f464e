"""A small WordprocessingML writer (lxml + zipfile, no python-docx).

``Doc`` collects body elements (paragraphs, tables) built with the helpers below and
``Doc.package()`` writes a complete .docx: ``[Content_Types].xml``, ``_rels/.rels``,
``word/document.xml``, ``word/_rels/document.xml.rels``, ``word/styles.xml``,
``word/settings.xml``, ``docProps/core.xml`` and ``docProps/app.xml``.

All text passes through ``safe.xml_text`` (illegal XML characters removed, form feeds
become spaces), so no input can make an unreadable document. The default language is
Danish (``w:lang w:val="da-DK"``). The zip entries carry a fixed timestamp and the
document's dates come from ``build_time`` (now, or ``SOURCE_DATE_EPOCH``): with that set,
the same input gives the same bytes.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from lovdiff.export.safe import xml_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"w": W_NS, "r": R_NS}

FONT = "Times New Roman"
LANG = "da-DK"
RED = "C00000"
BLUE = "1F4E9A"
GREY = "7F7F7F"

# Page sizes in twentieths of a point (A4).
A4_SHORT, A4_LONG = 11906, 16838


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag: ``w("p")`` -> ``{…main}p``."""
    return f"{{{W_NS}}}{tag}"


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """A ``w:`` element with ``w:``-prefixed attributes and children."""
    e = etree.Element(w(tag), nsmap=NSMAP)
    for k, v in (attrs or {}).items():
        e.set(w(k), v)
    for ch in children:
        e.append(ch)
    return e


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    e = etree.SubElement(parent, w(tag))
    for k, v in (attrs or {}).items():
        e.set(w(k), v)
    return e


@dataclass(frozen=True)
class Fmt:
    """Character formatting of a run."""

    bold: bool = False
    italic: bool = False
    strike: bool = False
    underline: bool = False
    color: str = ""
    size: int = 0
    """Half-points (22 = 11 pt); 0 = style default."""
    shade: str = ""
    """Background fill (hex), for a highlighted label."""


PLAIN = Fmt()


def rpr(fmt: Fmt) -> etree._Element | None:
    """``w:rPr`` for a format, or None when the format is plain."""
    if fmt == PLAIN:
        return None
    r = el("rPr")
    if fmt.bold:
        sub(r, "b")
    if fmt.italic:
        sub(r, "i")
    if fmt.strike:
        sub(r, "strike")
    if fmt.color:
        sub(r, "color", {"val": fmt.color})
    if fmt.size:
        sub(r, "sz", {"val": str(fmt.size)})
    if fmt.underline:
        sub(r, "u", {"val": "single"})
    if fmt.shade:
        sub(r, "shd", {"val": "clear", "color": "auto", "fill": fmt.shade})
    return r


def run(text: str, fmt: Fmt = PLAIN, *, deleted: bool = False) -> etree._Element:
    """A ``w:r`` with ``text``; newlines become ``w:br``, tabs ``w:tab``.

    ``deleted`` writes ``w:delText`` (required inside ``w:del``).
    """
    r = el("r")
    props = rpr(fmt)
    if props is not None:
        r.append(props)
    tag = "delText" if deleted else "t"
    text = xml_text(text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i:
            sub(r, "br")
        parts = line.split("\t")
        for j, part in enumerate(parts):
            if j:
                sub(r, "tab")
            if part:
                t = sub(r, tag)
                t.text = part
                if part != part.strip():
                    t.set(f"{{{XML_NS}}}space", "preserve")
    return r


def paragraph(
    children: Iterable[etree._Element] = (),
    *,
    style: str = "",
    align: str = "",
    indent: int = 0,
    keep_next: bool = False,
    space_after: int | None = None,
    mark: etree._Element | None = None,
) -> etree._Element:
    """A ``w:p``. ``indent`` in twips; ``mark`` is a run-properties child for the paragraph
    mark (``w:ins``/``w:del`` there track the paragraph itself)."""
    p = el("p")
    ppr = el("pPr")
    if style:
        sub(ppr, "pStyle", {"val": style})
    if keep_next:
        sub(ppr, "keepNext")
    if space_after is not None:
        sub(ppr, "spacing", {"after": str(space_after)})
    if indent:
        sub(ppr, "ind", {"left": str(indent)})
    if align:
        sub(ppr, "jc", {"val": align})
    if mark is not None:
        mr = sub(ppr, "rPr")
        mr.append(mark)
    if len(ppr):
        p.append(ppr)
    for ch in children:
        p.append(ch)
    return p


def text_paragraph(text: str, fmt: Fmt = PLAIN, **kw: object) -> etree._Element:
    return paragraph([run(text, fmt)] if text else [], **kw)  # type: ignore[arg-type]


def table(
    widths: Sequence[int],
    rows: Iterable[etree._Element],
    *,
    header_rows: int = 0,
    borders: bool = True,
) -> etree._Element:
    """A ``w:tbl`` with fixed column widths (twips); rows from ``table_row``."""
    tbl = el("tbl")
    pr = sub(tbl, "tblPr")
    sub(pr, "tblStyle", {"val": "Tabelgitter"})
    sub(pr, "tblW", {"w": str(sum(widths)), "type": "dxa"})
    if borders:
        b = sub(pr, "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            sub(b, side, {"val": "single", "sz": "4", "space": "0", "color": "808080"})
    sub(pr, "tblLayout", {"type": "fixed"})
    mar = sub(pr, "tblCellMar")
    for side, v in (("left", "85"), ("right", "85")):
        sub(mar, side, {"w": v, "type": "dxa"})
    sub(pr, "tblLook", {"val": "04A0", "firstRow": "1", "lastRow": "0", "noHBand": "0"})
    grid = sub(tbl, "tblGrid")
    for wd in widths:
        sub(grid, "gridCol", {"w": str(wd)})
    for i, row in enumerate(rows):
        if i < header_rows:
            trpr = row.find(w("trPr"))
            if trpr is None:
                trpr = el("trPr")
                row.insert(0, trpr)
            sub(trpr, "tblHeader")
        tbl.append(row)
    return tbl


def table_row(cells: Iterable[etree._Element], *, cant_split: bool = False) -> etree._Element:
    tr = el("tr")
    if cant_split:
        sub(sub(tr, "trPr"), "cantSplit")
    for c in cells:
        tr.append(c)
    return tr


def table_cell(
    width: int, content: Sequence[etree._Element], *, span: int = 1, fill: str = ""
) -> etree._Element:
    """A ``w:tc``; an empty content list still gets the paragraph Word requires."""
    tc = el("tc")
    pr = sub(tc, "tcPr")
    sub(pr, "tcW", {"w": str(width), "type": "dxa"})
    if span > 1:
        sub(pr, "gridSpan", {"val": str(span)})
    if fill:
        sub(pr, "shd", {"val": "clear", "color": "auto", "fill": fill})
    for ch in content or [paragraph()]:
        tc.append(ch)
    return tc


# --------------------------------------------------------------------------- package

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _content_types() -> bytes:
    root = etree.Element(f"{{{_CT}}}Types", nsmap={None: _CT})
    for ext, ct in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        etree.SubElement(root, f"{{{_CT}}}Default", Extension=ext, ContentType=ct)
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    for part, ct in (
        ("/word/document.xml", f"{wml}.document.main+xml"),
        ("/word/styles.xml", f"{wml}.styles+xml"),
        ("/word/settings.xml", f"{wml}.settings+xml"),
        ("/word/footer1.xml", f"{wml}.footer+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    ):
        etree.SubElement(root, f"{{{_CT}}}Override", PartName=part, ContentType=ct)
    return _xml(root)


def _rels(items: Sequence[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{_PR}}}Relationships", nsmap={None: _PR})
    for rid, typ, target in items:
        etree.SubElement(root, f"{{{_PR}}}Relationship", Id=rid, Type=typ, Target=target)
    return _xml(root)


def _style(
    root: etree._Element,
    sid: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str = "",
    next_: str = "",
    ppr: Sequence[tuple[str, dict[str, str]]] = (),
    rpr_: Sequence[tuple[str, dict[str, str]]] = (),
    outline: int | None = None,
    default: bool = False,
) -> None:
    st = sub(root, "style", {"type": kind, "styleId": sid})
    if default:
        st.set(w("default"), "1")
    sub(st, "name", {"val": name})
    if based_on:
        sub(st, "basedOn", {"val": based_on})
    if next_:
        sub(st, "next", {"val": next_})
    sub(st, "qFormat")
    if ppr or outline is not None:
        p = sub(st, "pPr")
        for tag, attrs in ppr:
            sub(p, tag, attrs)
        if outline is not None:
            sub(p, "outlineLvl", {"val": str(outline)})
    if rpr_:
        r = sub(st, "rPr")
        for tag, attrs in rpr_:
            sub(r, tag, attrs)


def styles_xml() -> bytes:
    """Normal (Times New Roman 11 pt, Danish), Titel, Overskrift 1-3, Notat (small grey),
    Bemaerkning (italic heading for the ministry's remarks), Citat and the table style."""
    root = el("styles")
    dd = sub(root, "docDefaults")
    rd = sub(sub(dd, "rPrDefault"), "rPr")
    sub(rd, "rFonts", {"ascii": FONT, "hAnsi": FONT, "cs": FONT, "eastAsia": FONT})
    sub(rd, "sz", {"val": "22"})
    sub(rd, "szCs", {"val": "22"})
    sub(rd, "lang", {"val": LANG, "eastAsia": LANG, "bidi": "ar-SA"})
    pd = sub(sub(dd, "pPrDefault"), "pPr")
    sub(pd, "spacing", {"after": "120", "line": "264", "lineRule": "auto"})
    _style(root, "Normal", "Normal", default=True)
    _style(
        root,
        "Titel",
        "Title",
        based_on="Normal",
        next_="Normal",
        ppr=[("spacing", {"after": "240"})],
        rpr_=[("b", {}), ("sz", {"val": "36"}), ("szCs", {"val": "36"})],
    )
    for level, size in ((1, "28"), (2, "24"), (3, "22")):
        _style(
            root,
            f"Overskrift{level}",
            f"heading {level}",
            based_on="Normal",
            next_="Normal",
            ppr=[("keepNext", {}), ("spacing", {"before": "240", "after": "120"})],
            rpr_=[("b", {}), ("sz", {"val": size}), ("szCs", {"val": size})],
            outline=level - 1,
        )
    _style(
        root,
        "Notat",
        "Note",
        based_on="Normal",
        rpr_=[("color", {"val": "595959"}), ("sz", {"val": "18"}), ("szCs", {"val": "18"})],
    )
    _style(
        root,
        "Citat",
        "Quote",
        based_on="Normal",
        ppr=[("ind", {"left": "567", "right": "567"})],
        rpr_=[("i", {}), ("color", {"val": "404040"})],
    )
    _style(
        root,
        "Bemaerkning",
        "Ministeriets bemærkninger",
        based_on="Normal",
        next_="Normal",
        ppr=[("keepNext", {}), ("spacing", {"before": "120", "after": "60"})],
        rpr_=[("i", {}), ("b", {})],
    )
    _style(
        root,
        "Ministeriet",
        "Ministeriets tekst",
        based_on="Normal",
        ppr=[("spacing", {"after": "240"})],
        rpr_=[("i", {})],
    )
    _style(
        root,
        "Liste",
        "List Paragraph",
        based_on="Normal",
        ppr=[("spacing", {"after": "40"}), ("ind", {"left": "567", "hanging": "283"})],
    )
    _style(root, "Tabelgitter", "Table Grid", kind="table")
    return _xml(root)


def _field(instr: str) -> list[etree._Element]:
    """A simple complex field (PAGE, NUMPAGES) as begin/instr/separate/result/end runs."""
    begin, sep, end = el("r"), el("r"), el("r")
    sub(begin, "fldChar", {"fldCharType": "begin"})
    code = el("r")
    t = sub(code, "instrText")
    t.text = f" {instr} "
    t.set(f"{{{XML_NS}}}space", "preserve")
    sub(sep, "fldChar", {"fldCharType": "separate"})
    sub(end, "fldChar", {"fldCharType": "end"})
    return [begin, code, sep, run("1"), end]


def footer_xml() -> bytes:
    """A centred footer: "Side 1 af 3"."""
    root = el("ftr")
    p = paragraph(
        [run("Side "), *_field("PAGE"), run(" af "), *_field("NUMPAGES")],
        style="Notat",
        align="center",
    )
    root.append(p)
    etree.cleanup_namespaces(root)
    return _xml(root)


def settings_xml(*, track_revisions: bool = False) -> bytes:
    root = el("settings")
    sub(root, "zoom", {"percent": "100"})
    if track_revisions:
        sub(root, "trackRevisions")
    sub(root, "defaultTabStop", {"val": "709"})
    sub(root, "characterSpacingControl", {"val": "doNotCompress"})
    compat = sub(root, "compat")
    sub(
        compat,
        "compatSetting",
        {
            "name": "compatibilityMode",
            "uri": "http://schemas.microsoft.com/office/word",
            "val": "15",
        },
    )
    sub(root, "themeFontLang", {"val": LANG})
    return _xml(root)


def _core_xml(title: str, created: datetime, description: str = "") -> bytes:
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    dcterms = "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element(
        f"{{{cp}}}coreProperties", nsmap={"cp": cp, "dc": dc, "dcterms": dcterms, "xsi": xsi}
    )
    etree.SubElement(root, f"{{{dc}}}title").text = xml_text(title)
    etree.SubElement(root, f"{{{dc}}}creator").text = "lovdiff"
    if description:
        etree.SubElement(root, f"{{{dc}}}description").text = xml_text(description)
    etree.SubElement(root, f"{{{dc}}}language").text = LANG
    stamp = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag in ("created", "modified"):
        e = etree.SubElement(root, f"{{{dcterms}}}{tag}")
        e.set(f"{{{xsi}}}type", "dcterms:W3CDTF")
        e.text = stamp
    return _xml(root)


def _app_xml() -> bytes:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    etree.SubElement(root, f"{{{ns}}}Application").text = "lovdiff"
    return _xml(root)


def build_time() -> datetime:
    """When a document is made: now, or ``SOURCE_DATE_EPOCH`` (seconds) where that is set,
    as reproducible builds do (the same input then gives the same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class Doc:
    """A Word document under construction: append body elements, then ``package()``."""

    title: str
    landscape: bool = False
    body: list[etree._Element] = field(default_factory=list)
    track_revisions: bool = False
    created: datetime = field(default_factory=build_time)
    description: str = ""
    """Document properties' description (dc:description): what the file is."""

    def add(self, *elements: etree._Element) -> None:
        self.body.extend(elements)

    def content_width(self) -> int:
        """Text width in twips between the margins."""
        return (A4_LONG if self.landscape else A4_SHORT) - 2 * 1134

    def document_xml(self) -> bytes:
        root = el("document")
        body = sub(root, "body")
        for e in self.body:
            body.append(e)
        sect = sub(body, "sectPr")
        ref = sub(sect, "footerReference", {"type": "default"})
        ref.set(f"{{{R_NS}}}id", "rId3")
        width, height = (A4_LONG, A4_SHORT) if self.landscape else (A4_SHORT, A4_LONG)
        pg = {"w": str(width), "h": str(height)}
        if self.landscape:
            pg["orient"] = "landscape"
        sub(sect, "pgSz", pg)
        sub(
            sect,
            "pgMar",
            {
                "top": "1134",
                "right": "1134",
                "bottom": "1134",
                "left": "1134",
                "header": "567",
                "footer": "567",
                "gutter": "0",
            },
        )
        etree.cleanup_namespaces(root)
        return _xml(root)

    def package(self) -> bytes:
        """The .docx bytes."""
        parts = {
            "[Content_Types].xml": _content_types(),
            "_rels/.rels": _rels(
                [
                    ("rId1", f"{_OD}/officeDocument", "word/document.xml"),
                    (
                        "rId2",
                        "http://schemas.openxmlformats.org/package/2006/relationships/"
                        "metadata/core-properties",
                        "docProps/core.xml",
                    ),
                    ("rId3", f"{_OD}/extended-properties", "docProps/app.xml"),
                ]
            ),
            "word/document.xml": self.document_xml(),
            "word/_rels/document.xml.rels": _rels(
                [
                    ("rId1", f"{_OD}/styles", "styles.xml"),
                    ("rId2", f"{_OD}/settings", "settings.xml"),
                    ("rId3", f"{_OD}/footer", "footer1.xml"),
                ]
            ),
            "word/footer1.xml": footer_xml(),
            "word/styles.xml": styles_xml(),
            "word/settings.xml": settings_xml(track_revisions=self.track_revisions),
            "docProps/core.xml": _core_xml(self.title, self.created, self.description),
            "docProps/app.xml": _app_xml(),
        }
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
        return buf.getvalue()


REQUIRED_PARTS = (
    "[Content_Types].xml",
    "word/footer1.xml",
    "_rels/.rels",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
)
