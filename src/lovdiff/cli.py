"""The ``lovdiff`` command line (contract: ../shared/CLI.md).

Every command reads .txt, .docx and .pdf. A file that cannot be read gives one line on
stderr naming the file and the reason, and exit code 2; never a traceback. Heavy modules
(spaCy, Flask, SQLAlchemy) are imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lovdiff.errors import LovdiffError

EXIT_USAGE = 2


def _write(data: str | bytes, out: str | None, *, binary_hint: str = "") -> None:
    """Write output to ``out`` or stdout; binary formats need ``-o`` unless stdout is a pipe."""
    if out:
        path = Path(out)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return
    if isinstance(data, bytes):
        if sys.stdout.isatty():
            raise LovdiffError(
                f"{binary_hint or 'dette format'} er binært; angiv en fil med -o, fx -o ud.xlsx"
            )
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    sys.stdout.write(data)
    if not data.endswith("\n"):
        sys.stdout.write("\n")


def cmd_parse(args: argparse.Namespace) -> int:
    from lovdiff.export.parsed import render_document
    from lovdiff.parse import parse_file

    doc = parse_file(args.file)
    _write(render_document(doc, args.format), args.output)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from lovdiff.align import compare
    from lovdiff.export import render_comparison
    from lovdiff.parse import parse_file

    old = parse_file(args.old)
    new = parse_file(args.new)
    comparison = compare(old, new)
    _write(render_comparison(comparison, args.format), args.output, binary_hint=args.format)
    return 0


def cmd_redline(args: argparse.Namespace) -> int:
    from lovdiff.export import render_comparison
    from lovdiff.redline import read_redline

    comparison = read_redline(args.file)
    _write(render_comparison(comparison, args.format), args.output, binary_hint=args.format)
    return 0


def _consultation(args: argparse.Namespace) -> Any:
    from lovdiff.align import compare
    from lovdiff.link import link_responses
    from lovdiff.parse import parse_file
    from lovdiff.responses import read_responses

    against = parse_file(args.against)
    previous = parse_file(args.previous) if args.previous else None
    comparison = compare(previous, against) if previous is not None else None
    files = read_responses(args.responses)
    consultation = link_responses(files, against, previous=previous, comparison=comparison)
    return consultation, against, comparison


def cmd_comments(args: argparse.Namespace) -> int:
    from lovdiff.export import render_consultation

    consultation, _against, _comparison = _consultation(args)
    data = render_consultation(consultation, args.format, redact=args.redact)
    _write(data, args.output, binary_hint=args.format)
    return 0


def cmd_notat(args: argparse.Namespace) -> int:
    from lovdiff.export.notat import build_notat

    consultation, against, comparison = _consultation(args)
    period, consulted = _manifest_consultation(Path(args.against))
    data = build_notat(
        consultation,
        against,
        comparison,
        period=args.periode or period,
        consulted=args.hoeringspart or consulted,
    )
    _write(data, args.output, binary_hint="docx")
    return 0


def _manifest_consultation(against: Path) -> tuple[str | None, list[str]]:
    """Period and consulted bodies from a corpus manifest beside the draft, where one says so."""
    import json

    manifest = against.parent / "manifest.json"
    if not manifest.is_file():
        return None, []
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, []
    ids = {d.get("id") for d in data.get("documents", []) if d.get("file") == against.name}
    for cons in data.get("consultations", []):
        if cons.get("answers") in ids:
            return cons.get("period"), list(cons.get("consulted", []))
    return None, []


def cmd_ingest(args: argparse.Namespace) -> int:
    from lovdiff.ingest import ingest_paths

    ingest_paths([Path(p) for p in args.paths], url=args.database)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from lovdiff.viewer import create_app

    port = args.port or int(os.environ.get("PORT", "5000"))
    app = create_app({"DATABASE_URL": args.database} if args.database else None)
    app.run(host="127.0.0.1", port=port, debug=False)
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from lovdiff.store import create_user

    password = args.password or os.environ.get("LOVDIFF_PASSWORD")
    if not password:
        import getpass

        password = getpass.getpass("Adgangskode: ")
    create_user(args.username, password, url=args.database)
    print(f"Bruger {args.username} oprettet.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lovdiff",
        description="Parse, sammenlign og kommentér bekendtgørelser og høringssvar.",
    )
    from lovdiff import __version__

    p.add_argument("--version", action="version", version=f"lovdiff {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sp = sub.add_parser("parse", help="parse a document into its structure")
    sp.add_argument("file")
    sp.add_argument("--format", choices=["json", "akn", "text"], default="json")
    sp.add_argument("-o", "--output")
    sp.set_defaults(func=cmd_parse)

    diff_formats = ["json", "csv", "xlsx", "docx", "redline-docx", "md", "html"]
    sp = sub.add_parser("diff", help="align two versions provision by provision")
    sp.add_argument("old")
    sp.add_argument("new")
    sp.add_argument("--format", choices=diff_formats, default="json")
    sp.add_argument("-o", "--output")
    sp.set_defaults(func=cmd_diff)

    sp = sub.add_parser("redline", help="read a tracked-changes document as two versions")
    sp.add_argument("file")
    sp.add_argument("--format", choices=diff_formats, default="json")
    sp.add_argument("-o", "--output")
    sp.set_defaults(func=cmd_redline)

    for name, func, helptext in (
        ("comments", cmd_comments, "split consultation responses and link them to provisions"),
        ("notat", cmd_notat, "write a høringsnotat skeleton (.docx)"),
    ):
        sp = sub.add_parser(name, help=helptext)
        sp.add_argument("responses", help="a file of one or many responses, or a folder")
        sp.add_argument("--against", required=True, help="the draft the responses answer")
        sp.add_argument("--previous", help="the version the draft replaces")
        if name == "comments":
            sp.add_argument("--format", choices=["json", "csv", "xlsx", "md"], default="json")
            sp.add_argument(
                "--redact",
                action="store_true",
                help="redact personal e-mail addresses and phone numbers (for publication)",
            )
            sp.add_argument("-o", "--output")
        else:
            sp.add_argument("-o", "--output", required=True)
            sp.add_argument("--periode", help='the consultation period, e.g. "5.-18. februar 2026"')
            sp.add_argument(
                "--hoeringspart",
                action="append",
                default=[],
                help="a consulted body (repeat); default: the corpus manifest's list",
            )
        sp.set_defaults(func=func)

    sp = sub.add_parser("ingest", help="load documents or a corpus folder into the database")
    sp.add_argument("paths", nargs="+")
    sp.add_argument("--database", help="SQLAlchemy URL (default: LOVDIFF_DATABASE_URL)")
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser("serve", help="serve the viewer on 127.0.0.1")
    sp.add_argument("--port", type=int)
    sp.add_argument("--database", help="SQLAlchemy URL (default: LOVDIFF_DATABASE_URL)")
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("create-user", help="create a drafter account for the viewer")
    sp.add_argument("username")
    sp.add_argument("--password", help="default: LOVDIFF_PASSWORD or a prompt")
    sp.add_argument("--database", help="SQLAlchemy URL (default: LOVDIFF_DATABASE_URL)")
    sp.set_defaults(func=cmd_user)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except LovdiffError as exc:
        print(f"lovdiff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("lovdiff: afbrudt", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        print("lovdiff: for lidt hukommelse til at behandle input", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
