"""Akoma Ntoso 3.0 out and back in (lxml).

``to_akn(doc)`` writes an ``<akomaNtoso><act>`` with a ``<preface>`` (title), ``<preamble>``,
``<body>`` (chapter/section/subsection/point, mellemrubrikker as ``hcontainer``),
``<conclusions>`` (signature) and ``<attachments>`` (bilag, with footnotes as
``authorialNote``). Every element carries the eId of the provision, and lovdiff's own fields
(kind, ref, label, num, span, line) ride along in ``lovdiff:*`` attributes so that
``from_akn(to_akn(doc))`` gives back the same provisions.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from lovdiff.models import Document, DocumentInfo, Provision, Revoked

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LD = "https://lovdiff.example/ns/1"
NSMAP = {None: AKN, "lovdiff": LD}

ELEMENT = {
    "title": "longTitle",
    "preamble": "formula",
    "chapter": "chapter",
    "heading": "hcontainer",
    "section": "section",
    "subsection": "subsection",
    "item": "point",
    "litra": "point",
    "annex": "attachment",
    "signature": "blockContainer",
    "footnote": "authorialNote",
    "text": "blockContainer",
}


def _a(name: str) -> str:
    return f"{{{AKN}}}{name}"


def _ld(name: str) -> str:
    return f"{{{LD}}}{name}"


def to_akn(doc: Document) -> str:
    """Serialise a Document as Akoma Ntoso XML (UTF-8 string)."""
    root = etree.Element(_a("akomaNtoso"), nsmap=NSMAP)
    act = etree.SubElement(root, _a("act"), name=doc.info.kind or "act")
    meta = etree.SubElement(act, _a("meta"))
    ident = etree.SubElement(meta, _a("identification"), source="#lovdiff")
    work = etree.SubElement(ident, _a("FRBRWork"))
    etree.SubElement(
        work, _a("FRBRthis"), value=f"/akn/dk/act/{doc.info.kind}/{doc.info.id or 'x'}"
    )
    etree.SubElement(work, _a("FRBRdate"), date=doc.info.date or "0001-01-01", name="Generation")
    etree.SubElement(work, _a("FRBRcountry"), value="dk")
    if doc.info.number:
        etree.SubElement(work, _a("FRBRnumber"), value=doc.info.number)
    proprietary = etree.SubElement(meta, _a("proprietary"), source="#lovdiff")
    info = etree.SubElement(proprietary, _ld("info"))
    for key in ("title", "kind", "number", "date", "in_force", "source", "sha256", "id"):
        value = getattr(doc.info, key)
        if value:
            info.set(key, value)
    for r in doc.info.revokes:
        el = etree.SubElement(info, _ld("revokes"))
        for key in ("number", "date", "title", "kind"):
            if getattr(r, key):
                el.set(key, getattr(r, key))

    containers: dict[str, Any] = {}
    preface = etree.SubElement(act, _a("preface"))
    preamble = etree.SubElement(act, _a("preamble"))
    body = etree.SubElement(act, _a("body"))
    conclusions = etree.SubElement(act, _a("conclusions"))
    attachments = etree.SubElement(act, _a("attachments"))
    by_eid = {p.eid: p for p in doc.provisions}
    for p in doc.provisions:
        if p.parent and p.parent in containers:
            parent_el = containers[p.parent]
        elif p.kind == "title":
            parent_el = preface
        elif p.kind == "preamble":
            parent_el = preamble
        elif p.kind == "signature":
            parent_el = conclusions
        elif p.kind in ("annex",) or (p.parent and by_eid.get(p.parent, p).kind == "annex"):
            parent_el = attachments
        else:
            parent_el = body
        el = etree.SubElement(parent_el, _a(ELEMENT.get(p.kind, "hcontainer")), eId=p.eid)
        if p.kind in ("heading", "text"):
            el.set("name", "mellemrubrik" if p.kind == "heading" else "tekst")
        for key in ("kind", "ref", "label", "num", "chapter"):
            value = getattr(p, key)
            if value:
                el.set(_ld(key), value)
        el.set(_ld("span"), f"{p.span[0]} {p.span[1]}")
        el.set(_ld("line"), str(p.line))
        if p.page is not None:
            el.set(_ld("page"), str(p.page))
        if p.label:
            etree.SubElement(el, _a("num")).text = p.label
        if p.heading:
            etree.SubElement(el, _a("heading")).text = p.heading
        if p.text:
            content = etree.SubElement(el, _a("content"))
            etree.SubElement(content, _a("p")).text = p.text
        containers[p.eid] = el
    for empty in (preface, preamble, conclusions, attachments):
        if len(empty) == 0:
            act.remove(empty)
    return etree.tostring(root, encoding="unicode", pretty_print=True)


def from_akn(xml: str | bytes) -> Document:
    """Read lovdiff's Akoma Ntoso back into a Document (provisions and metadata)."""
    from lovdiff.readers import parse_xml

    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    root = parse_xml(data, "<akn>", "Akoma Ntoso-dokumentet")
    info_el = root.find(f".//{_ld('info')}")
    info_kwargs: dict[str, Any] = {"title": "", "kind": "andet"}
    revokes: list[Revoked] = []
    if info_el is not None:
        for key in ("title", "kind", "number", "date", "in_force", "source", "sha256", "id"):
            if info_el.get(key) is not None:
                info_kwargs[key] = info_el.get(key)
        for r in info_el.findall(_ld("revokes")):
            revokes.append(
                Revoked(
                    number=r.get("number"),
                    date=r.get("date"),
                    title=r.get("title", ""),
                    kind=r.get("kind", "bekendtgørelse"),
                )
            )
    info = DocumentInfo(**info_kwargs, revokes=tuple(revokes))
    provisions: list[Provision] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.get(_ld("kind")) is None:
            continue
        parent = el.getparent()
        while parent is not None and parent.get(_ld("kind")) is None:
            parent = parent.getparent()
        num_el = el.find(_a("num"))
        heading_el = el.find(_a("heading"))
        text_el = el.find(f"{_a('content')}/{_a('p')}")
        start, end = (int(x) for x in el.get(_ld("span"), "0 0").split())
        page = el.get(_ld("page"))
        provisions.append(
            Provision(
                ref=el.get(_ld("ref"), ""),
                eid=el.get("eId", ""),
                kind=el.get(_ld("kind")),
                label=num_el.text or "" if num_el is not None else "",
                num=el.get(_ld("num"), ""),
                heading=heading_el.text or "" if heading_el is not None else "",
                text=text_el.text or "" if text_el is not None else "",
                parent=parent.get("eId") if parent is not None else None,
                span=(start, end),
                line=int(el.get(_ld("line"), "0")),
                page=int(page) if page else None,
                chapter=el.get(_ld("chapter")),
            )
        )
    # document order: the XML groups front matter, body and attachments; lines restore order
    provisions.sort(key=lambda p: p.line)
    return Document(info=info, text="", provisions=tuple(provisions))
