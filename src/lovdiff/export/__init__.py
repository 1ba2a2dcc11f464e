"""Every export of lovdiff: comparisons and consultations as files people open.

``render_comparison(c, fmt)`` (``lovdiff diff``/``redline``) and ``render_consultation(c, fmt)``
(``lovdiff comments``) are pure: objects in, ``str`` or ``bytes`` out, so the CLI and the
viewer's downloads use the same functions. Text formats return ``str`` (CSV starts with a
byte-order mark), binary formats (xlsx, docx) return ``bytes``.

Submodules: ``tables`` (CSV/XLSX and the row models), ``docx`` (parallelopstilling and
tracked-changes redline), ``report`` (Markdown and HTML, ``diff_html``), ``notat``
(høringsnotat), ``safe`` (safe cells, redaction), ``ooxml`` (the Word package writer).
Heavy libraries (openpyxl, lxml) are imported only when a format needs them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from lovdiff.errors import LovdiffError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lovdiff.models import Comparison, Consultation

COMPARISON_FORMATS = ("json", "csv", "xlsx", "docx", "redline-docx", "md", "html")
CONSULTATION_FORMATS = ("json", "csv", "xlsx", "md")


def _unknown(fmt: str, allowed: tuple[str, ...]) -> LovdiffError:
    return LovdiffError(f"ukendt format {fmt!r}; vælg et af: {', '.join(allowed)}")


def render_comparison(c: Comparison, fmt: str) -> str | bytes:
    """A comparison in ``fmt``: json, csv, xlsx, docx (parallelopstilling), redline-docx
    (tracked changes), md or html. Raises ``LovdiffError`` for an unknown format."""
    if fmt == "json":
        return json.dumps(c.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        from lovdiff.export.tables import comparison_csv

        return comparison_csv(c)
    if fmt == "xlsx":
        from lovdiff.export.tables import comparison_xlsx

        return comparison_xlsx(c)
    if fmt == "docx":
        from lovdiff.export.docx import parallel_docx

        return parallel_docx(c)
    if fmt == "redline-docx":
        from lovdiff.export.docx import redline_docx

        return redline_docx(c)
    if fmt == "md":
        from lovdiff.export.report import comparison_markdown

        return comparison_markdown(c)
    if fmt == "html":
        from lovdiff.export.report import comparison_html

        return comparison_html(c)
    raise _unknown(fmt, COMPARISON_FORMATS)


def render_consultation(
    c: Consultation,
    fmt: str,
    *,
    redact: bool = False,
    remarks: Mapping[str, str] | None = None,
) -> str | bytes:
    """A consultation in ``fmt``: json, csv, xlsx or md. ``redact`` replaces personal e-mail
    addresses and phone numbers with ``[fjernet]`` in all text (``safe.redact_contacts``).
    ``remarks`` (the ministry's, by ``Comment.id``) fill the tables' and the report's
    "Ministeriets bemærkning" (JSON carries them in the viewer's own pages)."""
    if fmt == "json":
        data = c.to_dict()
        if redact:
            from lovdiff.export.safe import redact_tree

            data = redact_tree(data, c)
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "csv":
        from lovdiff.export.tables import consultation_csv

        return consultation_csv(c, redact=redact, remarks=remarks)
    if fmt == "xlsx":
        from lovdiff.export.tables import consultation_xlsx

        return consultation_xlsx(c, redact=redact, remarks=remarks)
    if fmt == "md":
        from lovdiff.export.report import consultation_markdown

        return consultation_markdown(c, redact=redact, remarks=remarks)
    raise _unknown(fmt, CONSULTATION_FORMATS)
