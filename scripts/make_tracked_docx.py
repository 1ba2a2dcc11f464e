"""Write a small Word document with real tracked changes, for the redline reader's tests.

Inputs: none (the content is fixed below; ``--out`` chooses the file).
Output: ``tests/data/tracked.docx`` (default), a minimal but complete WordprocessingML
package written with lxml and zipfile: an order of two chapters whose revisions cover
insertions and deletions inside a paragraph (``w:ins``/``w:del``), a renumbered section label,
a whole deleted section (paragraph marks deleted too), a moved subsection
(``w:moveFrom``/``w:moveTo`` with their range markers), a nested revision (text inserted by
one author and deleted by another, ``w:ins`` around ``w:del``) and an inserted item in an
automatically numbered list (``w:numPr``), so the items after it are renumbered in the new
version only.

``--check`` converts the result with ``libreoffice --headless --convert-to txt`` into a
temporary folder and prints the text LibreOffice sees (it shows the document with all
changes accepted), to prove that a real word processor opens the file.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
DATE = "2026-02-01T10:00:00Z"

_rev_id = iter(range(1, 10_000))


def _el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    el = etree.Element(W + tag, {W + k: v for k, v in (attrs or {}).items()})
    el.extend(children)
    return el


def run(text: str, *, deleted: bool = False) -> etree._Element:
    t = _el("delText" if deleted else "t", {})
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return _el("r", {}, t)


def ins(*children: etree._Element, author: str = "STAR") -> etree._Element:
    return _el("ins", {"id": str(next(_rev_id)), "author": author, "date": DATE}, *children)


def dele(*children: etree._Element, author: str = "STAR") -> etree._Element:
    return _el("del", {"id": str(next(_rev_id)), "author": author, "date": DATE}, *children)


def para(
    *children: etree._Element, mark: str | None = None, num: int | None = None
) -> etree._Element:
    """A paragraph; ``mark`` "ins"/"del" tracks its paragraph mark; ``num`` puts it in list 1."""
    ppr = _el("pPr")
    if num is not None:
        ppr.append(_el("numPr", {}, _el("ilvl", {"val": "0"}), _el("numId", {"val": str(num)})))
    if mark:
        ppr.append(
            _el("rPr", {}, _el(mark, {"id": str(next(_rev_id)), "author": "STAR", "date": DATE}))
        )
    return _el("p", {}, ppr, *children)


def document() -> bytes:
    body = _el("body")
    add = body.append
    add(para(run("Bekendtgørelse om sundhedsfaglig rådgivning")))
    add(para(run("Kapitel 1")))
    add(para(run("Anvendelsesområde")))
    add(
        para(
            run("§ 1. Bekendtgørelsen gælder for rådgivning af "),
            dele(run("borgere", deleted=True)),
            ins(run("personer")),
            run(" i sager om fleksjob og førtidspension."),
        )
    )
    add(
        para(
            run("Stk. 2. Kommunen skal "),
            ins(run("altid ")),
            run("indhente oplysninger om"),
        )
    )
    add(para(run("helbred,"), num=1))
    add(para(ins(run("uddannelse,")), mark="ins", num=1))
    add(para(run("beskæftigelse."), num=1))
    # a moved subsection: from here ...
    move_from = _el(
        "moveFrom",
        {"id": str(next(_rev_id)), "author": "STAR", "date": DATE},
        run("Stk. 3. Regionen stiller en skabelon til rådighed."),
    )
    add(
        _el(
            "p",
            {},
            _el(
                "pPr",
                {},
                _el(
                    "rPr",
                    {},
                    _el("moveFrom", {"id": str(next(_rev_id)), "author": "STAR", "date": DATE}),
                ),
            ),
            _el(
                "moveFromRangeStart", {"id": "900", "name": "move1", "author": "STAR", "date": DATE}
            ),
            move_from,
            _el("moveFromRangeEnd", {"id": "900"}),
        )
    )
    # a deleted section, paragraph mark and all
    add(
        para(
            dele(
                run(
                    "§ 2. Sundhedskoordinatoren deltager i rehabiliteringsteamets møder.",
                    deleted=True,
                )
            ),
            mark="del",
        )
    )
    add(para(run("Kapitel 2")))
    add(para(run("Samarbejde")))
    add(
        para(
            run("§ "),
            dele(run("3", deleted=True)),
            ins(run("2")),
            run(". Regionen og kommunen indgår en samarbejdsaftale"),
            # inserted by one author, then deleted by another: in neither version
            ins(dele(run(" om priser", deleted=True), author="KL"), author="STAR"),
            run("."),
        )
    )
    # ... to here
    move_to = _el(
        "moveTo",
        {"id": str(next(_rev_id)), "author": "STAR", "date": DATE},
        run("Stk. 2. Regionen stiller en skabelon til rådighed."),
    )
    add(
        _el(
            "p",
            {},
            _el(
                "pPr",
                {},
                _el(
                    "rPr",
                    {},
                    _el("moveTo", {"id": str(next(_rev_id)), "author": "STAR", "date": DATE}),
                ),
            ),
            _el("moveToRangeStart", {"id": "901", "name": "move1", "author": "STAR", "date": DATE}),
            move_to,
            _el("moveToRangeEnd", {"id": "901"}),
        )
    )
    add(
        para(
            run("§ "),
            dele(run("4", deleted=True)),
            ins(run("3")),
            run(". Bekendtgørelsen træder i kraft den 1. juli 2026."),
        )
    )
    body.append(_el("sectPr"))
    root = etree.Element(W + "document", nsmap={"w": W_NS})
    root.append(body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def numbering() -> bytes:
    root = etree.Element(W + "numbering", nsmap={"w": W_NS})
    lvl = _el(
        "lvl",
        {"ilvl": "0"},
        _el("start", {"val": "1"}),
        _el("numFmt", {"val": "decimal"}),
        _el("lvlText", {"val": "%1)"}),
        _el("lvlJc", {"val": "left"}),
    )
    root.append(_el("abstractNum", {"abstractNumId": "0"}, lvl))
    root.append(_el("num", {"numId": "1"}, _el("abstractNumId", {"val": "0"})))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_PKG = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Types xmlns="{_PKG}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_OFFICE}.document.main+xml"/>'
    f'<Override PartName="/word/numbering.xml" ContentType="{_OFFICE}.numbering+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELS}/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)


def write(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        # fixed timestamps: the same bytes on every run
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES.encode()),
            ("_rels/.rels", RELS.encode()),
            ("word/_rels/document.xml.rels", DOC_RELS.encode()),
            ("word/document.xml", document()),
            ("word/numbering.xml", numbering()),
        ):
            info = zipfile.ZipInfo(name, date_time=(2026, 2, 1, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def check(path: Path) -> str:
    """The text LibreOffice extracts from ``path`` (raises if it cannot open it)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise SystemExit("LibreOffice is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                office,
                "--headless",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
                tmp,
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
        )
        return (Path(tmp) / (path.stem + ".txt")).read_text(encoding="utf-8-sig")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "tracked.docx")
    ap.add_argument("--check", action="store_true", help="open the result with LibreOffice")
    args = ap.parse_args(argv)
    write(args.out)
    print(f"wrote {args.out}")
    if args.check:
        print(check(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
