"""The ``lovdiff`` command line (contract: ../shared/CLI.md).

Every command reads .txt, .docx and .pdf. A file that cannot be read gives one line on
stderr naming the file and the reason, and exit code 2; never a traceback. The same holds
for output: ``-o OUT`` is checked before any work is done (a folder, a missing folder, no
write access, a suffix the command cannot write), and the file is written to a temporary
file beside it and renamed into place, so a failure never leaves a half-written OUT.
Heavy modules (spaCy, Flask, SQLAlchemy) are imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from lovdiff.errors import LovdiffError

EXIT_USAGE = 2

# The formats each writing command can produce (CLI.md), the first being the default, and the
# ``-o`` suffixes that choose one when ``--format`` is not given. ``redline-docx`` has no suffix
# of its own: ``.docx`` is the parallelopstilling; the redline needs ``--format redline-docx``.
PARSE_FORMATS = ("json", "akn", "text")
DIFF_FORMATS = ("json", "csv", "xlsx", "docx", "redline-docx", "md", "html")
COMMENTS_FORMATS = ("json", "csv", "xlsx", "md")
PARSE_SUFFIXES = {".json": "json", ".xml": "akn", ".txt": "text"}
DIFF_SUFFIXES = {
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
}
COMMENTS_SUFFIXES = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".md": "md"}
NOTAT_SUFFIXES = {".docx": "docx"}


def _suffix_rule(suffixes: dict[str, str]) -> str:
    """The help text's sentence on how ``-o``'s suffix picks the format."""
    pairs = ", ".join(f"{s} → {f}" for s, f in suffixes.items())
    return (
        f"Uden --format afgør -o's filendelse formatet: {pairs}. En anden endelse er en fejl; "
        "uden -o eller uden endelse skrives json. Et --format, som endelsen modsiger, afvises."
    )


# --------------------------------------------------------------------------- output


def _check_output(out: str, example: str) -> None:
    """Refuse an ``-o`` that cannot be written, before any work is done.

    ``example`` is a file name to suggest when OUT is a folder (``ud.json``).
    """
    if not out.strip():
        raise LovdiffError(f"-o: filnavnet er tomt; angiv en fil, fx -o {example}")
    path = Path(out)
    try:
        if _is_special(path):  # a device or pipe, e.g. -o /dev/stdout: written in place
            if not os.access(path, os.W_OK):
                raise LovdiffError(f"{out}: ingen adgang til at skrive")
            return
        if path.is_dir():
            raise LovdiffError(f"{out}: er en mappe; angiv et filnavn, fx -o {path / example}")
        if out.endswith(("/", os.sep)):
            raise LovdiffError(f"{out}: ender på /, som en mappe; angiv et filnavn")
        parent = path.parent
        if not parent.exists():
            raise LovdiffError(f"{out}: mappen {parent} findes ikke; opret den først")
        if not parent.is_dir():
            raise LovdiffError(f"{out}: {parent} er ikke en mappe")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise LovdiffError(f"{out}: ingen adgang til at skrive i mappen {parent}")
        if path.is_file() and not os.access(path, os.W_OK):
            raise LovdiffError(f"{out}: filen er skrivebeskyttet")
    except OSError as exc:
        raise _output_error(out, exc) from None


def _output_error(out: str, exc: OSError) -> LovdiffError:
    """One line for an OSError met while writing ``out``."""
    parent = Path(out).parent
    if isinstance(exc, IsADirectoryError):
        return LovdiffError(f"{out}: er en mappe; angiv et filnavn")
    if isinstance(exc, FileNotFoundError):
        return LovdiffError(f"{out}: mappen {parent} findes ikke; opret den først")
    if isinstance(exc, NotADirectoryError):
        return LovdiffError(f"{out}: {parent} er ikke en mappe")
    if isinstance(exc, PermissionError):
        return LovdiffError(f"{out}: ingen adgang til at skrive filen")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return LovdiffError(f"{out}: der er ikke plads på disken; intet blev skrevet")
    return LovdiffError(f"{out}: kan ikke skrives ({exc.strerror or exc})")


def _is_special(path: Path) -> bool:
    """True for an output written in place, not by rename: a device or pipe (following
    symlinks), or /dev/stdout, /dev/stderr, /dev/fd/N and /proc/… (``-o /dev/stdout`` may
    resolve to the file stdout is redirected to, which must be written through, not
    replaced). A regular file elsewhere under /dev (``/dev/shm/x``) is a file."""
    name = os.path.abspath(path)
    if name in ("/dev/stdout", "/dev/stderr") or name.startswith(("/dev/fd/", "/proc/")):
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _new_file_mode(existing: Path) -> int:
    """The mode OUT gets: the old file's, or what ``open`` would give a new file (umask)."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(existing.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_file(payload: bytes, out: str) -> None:
    """Write ``payload`` to ``out`` atomically: a temporary file in the same folder, renamed
    into place. A device or pipe (``-o /dev/stdout``) is written directly."""
    if _is_special(Path(out)):
        with open(out, "ab") as fh:  # "a": a stdout redirected to a file is not truncated
            fh.write(payload)
        return
    target = Path(os.path.realpath(out))  # a symlink's target is replaced, not the link
    mode = _new_file_mode(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write(data: str | bytes, out: str | None, *, binary_hint: str = "") -> None:
    """Write output to ``out`` or stdout; binary formats need ``-o`` unless stdout is a pipe."""
    if out:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        try:
            _write_file(payload, out)
        except OSError as exc:
            raise _output_error(out, exc) from None
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


def _prepare_output(args: argparse.Namespace) -> None:
    """Check ``-o`` and settle ``--format`` before the command runs (see ``_suffix_rule``)."""
    suffixes: dict[str, str] | None = getattr(args, "suffixes", None)
    if suffixes is None:
        return
    formats: tuple[str, ...] = args.formats
    out: str | None = args.output
    if out is not None:
        _check_output(out, f"ud.{formats[0]}")  # the default format (json, docx) is a suffix
    suffix = Path(out).suffix.lower() if out else ""
    chosen: str | None = getattr(args, "format", None)
    if chosen is not None:
        implied = suffixes.get(suffix)
        if (
            implied is not None
            and implied != chosen
            and (chosen, suffix) != ("redline-docx", ".docx")
        ):
            wanted = [s for s, f in suffixes.items() if f == chosen]
            raise LovdiffError(
                f"{out}: endelsen {suffix} passer ikke til --format {chosen}"
                + (f"; brug endelsen {wanted[0]}" if wanted else "")
                + f" eller --format {implied}"
            )
        return
    fmt = suffixes.get(suffix) if suffix else formats[0]
    if fmt is None:
        known = ", ".join(suffixes)
        if len(formats) == 1:
            raise LovdiffError(
                f"{out}: {args.command} skriver kun {formats[0]}; brug endelsen {known}"
            )
        raise LovdiffError(
            f"{out}: {args.command} kan ikke skrive {suffix}-filer; brug endelsen {known} "
            f"eller vælg --format ({', '.join(formats)})"
        )
    args.format = fmt


# --------------------------------------------------------------------------- commands


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
    _check_against(args, against)
    previous = parse_file(args.previous) if args.previous else None
    comparison = compare(previous, against) if previous is not None else None
    files = read_responses(args.responses)
    consultation = link_responses(files, against, previous=previous, comparison=comparison)
    return consultation, against, comparison


ORDER_KINDS = ("bekendtgørelse", "lov", "lovbekendtgørelse", "ændringslov")


def _check_against(args: argparse.Namespace, against: Any) -> None:
    """``--against`` must be an order or draft with sections; say so (and whether the two
    arguments look swapped) rather than link letters to a letter."""
    from lovdiff.parse import parse_file

    sections = sum(p.kind == "section" for p in against.provisions)
    if against.info.kind in ORDER_KINDS and sections:
        return
    swapped = ""
    if Path(args.responses).is_file():
        responses = parse_file(args.responses)
        n = sum(p.kind == "section" for p in responses.provisions)
        if responses.info.kind in ORDER_KINDS and n > sections:
            swapped = (
                f"; {args.responses} ligner selv en {responses.info.kind} ({n} paragraffer): "
                "er høringssvarene og --against byttet om?"
            )
    if not sections or swapped:
        raise LovdiffError(
            f"{args.against}: --against skal være den bekendtgørelse eller det udkast, "
            f"svarene handler om, men den har {sections} paragraffer{swapped}"
        )


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
    from lovdiff.errors import InputError
    from lovdiff.ingest import read_manifest

    if not (against.parent / "manifest.json").is_file():
        return None, []
    try:
        manifest = read_manifest(against.parent)
    except InputError:
        return None, []  # a broken manifest only costs the period and the bodies
    ids = {d.id for d in manifest.documents if d.path.name == against.name}
    for cons in manifest.consultations:
        if cons.answers in ids:
            return cons.period or None, list(cons.consulted)
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


def _read_password() -> str:
    """The new account's password when ``--password`` is not given: ``LOVDIFF_PASSWORD``;
    else the first line of stdin when stdin is not a terminal (so scripts can pipe it in);
    else a prompt, asked twice."""
    password = os.environ.get("LOVDIFF_PASSWORD")
    if password:
        return password
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        try:
            line = stdin.readline() if stdin is not None else ""
        except (OSError, ValueError) as exc:
            raise LovdiffError(
                f"adgangskoden kunne ikke læses fra standard-input ({exc})"
            ) from None
        if not line:
            raise LovdiffError(
                "ingen adgangskode: standard-input er tom; send den ind på første linje, "
                "sæt LOVDIFF_PASSWORD eller brug --password"
            )
        return line.rstrip("\r\n")
    import getpass

    try:
        password = getpass.getpass("Adgangskode: ")
        if password and getpass.getpass("Gentag adgangskode: ") != password:
            raise LovdiffError("de to adgangskoder er ikke ens; prøv igen")
    except EOFError:
        print(file=sys.stderr)  # end the prompt's line
        raise LovdiffError("ingen adgangskode indtastet (afbrudt)") from None
    except KeyboardInterrupt:
        print(file=sys.stderr)
        raise
    return password


def cmd_user(args: argparse.Namespace) -> int:
    from lovdiff.store import create_user

    password = args.password if args.password is not None else _read_password()
    if not password:
        raise LovdiffError("adgangskoden må ikke være tom")
    create_user(args.username, password, url=args.database)  # checks the minimum length
    print(f"Bruger {args.username} oprettet.")
    return 0


# --------------------------------------------------------------------------- parser

HELP = "vis denne hjælp og afslut"
DATABASE_HELP = "SQLAlchemy-URL til databasen (standard: LOVDIFF_DATABASE_URL)"


def _subparser(
    sub: Any, name: str, helptext: str, epilog: str | None = None
) -> argparse.ArgumentParser:
    sp: argparse.ArgumentParser = sub.add_parser(
        name,
        help=helptext,
        description=helptext[0].upper() + helptext[1:] + ".",
        epilog=epilog,
        add_help=False,
    )
    sp.add_argument("-h", "--help", action="help", help=HELP)
    return sp


def _output_options(
    sp: argparse.ArgumentParser, formats: tuple[str, ...], suffixes: dict[str, str], fmt_help: str
) -> None:
    sp.add_argument("--format", choices=formats, default=None, help=fmt_help)
    sp.add_argument(
        "-o", "--output", metavar="OUT", help="skriv til filen OUT i stedet for standard-output"
    )
    sp.set_defaults(formats=formats, suffixes=suffixes)


_ARGPARSE_DA = (
    (r"the following arguments are required: (.*)", r"mangler: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"\1: ukendt valg \2 (vælg \3)"),
    (r"argument (\S+): expected one argument", r"\1: mangler en værdi"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: ugyldig værdi \3"),
    (r"unrecognized arguments: (.*)", r"ukendte argumenter: \1"),
    (r"argument (\S+): not allowed with argument (.*)", r"\1 kan ikke bruges sammen med \2"),
)


class _DanishFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="brug: " if prefix is None else prefix)


class DanishArgumentParser(argparse.ArgumentParser):
    """argparse with Danish usage, section titles and error messages (exit code 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _DanishFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "tilvalg"

    def error(self, message: str) -> NoReturn:
        import re

        for pattern, danish in _ARGPARSE_DA:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, danish, message)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fejl: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = DanishArgumentParser(
        prog="lovdiff",
        description="Parse, sammenlign og kommentér bekendtgørelser og høringssvar.",
        epilog="Skriv »lovdiff KOMMANDO -h« for hjælp til en kommando.",
        add_help=False,
    )
    from lovdiff import __version__

    p.add_argument("-h", "--help", action="help", help=HELP)
    p.add_argument(
        "--version",
        action="version",
        version=f"lovdiff {__version__}",
        help="vis versionsnummeret og afslut",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="KOMMANDO", title="kommandoer")

    sp = _subparser(
        sub,
        "parse",
        "opdel et dokument i dets struktur: kapitler, §§, stk., nr. og henvisninger",
        _suffix_rule(PARSE_SUFFIXES),
    )
    sp.add_argument("file", metavar="FILE", help="dokumentet (.txt, .docx eller .pdf)")
    _output_options(
        sp,
        PARSE_FORMATS,
        PARSE_SUFFIXES,
        "json (struktur, henvisninger og fund), akn (Akoma Ntoso XML) eller text (oversigt)",
    )
    sp.set_defaults(func=cmd_parse)

    diff_format_help = (
        "json, csv eller xlsx (ændringstabel), docx (parallelopstilling), redline-docx "
        "(Word med registrerede ændringer), md eller html (rapport)"
    )
    sp = _subparser(
        sub,
        "diff",
        "sammenlign to versioner bestemmelse for bestemmelse",
        _suffix_rule(DIFF_SUFFIXES) + " redline-docx kræver --format.",
    )
    sp.add_argument("old", metavar="OLD", help="den gældende version (.txt, .docx eller .pdf)")
    sp.add_argument("new", metavar="NEW", help="den nye version, fx udkastet")
    _output_options(sp, DIFF_FORMATS, DIFF_SUFFIXES, diff_format_help)
    sp.set_defaults(func=cmd_diff)

    sp = _subparser(
        sub,
        "redline",
        "læs et dokument med registrerede ændringer som to versioner",
        _suffix_rule(DIFF_SUFFIXES) + " redline-docx kræver --format.",
    )
    sp.add_argument(
        "file",
        metavar="FILE",
        help="en .docx med Word-ændringer eller tekst med ~~overstreget~~ slettet tekst",
    )
    _output_options(sp, DIFF_FORMATS, DIFF_SUFFIXES, diff_format_help)
    sp.set_defaults(func=cmd_redline)

    for name, func, helptext, epilog in (
        (
            "comments",
            cmd_comments,
            "opdel høringssvar i bemærkninger og knyt dem til bestemmelserne",
            _suffix_rule(COMMENTS_SUFFIXES),
        ),
        (
            "notat",
            cmd_notat,
            "skriv et udkast til høringsnotat i Word (.docx)",
            "OUT skal ende på .docx eller have ingen endelse.",
        ),
    ):
        sp = _subparser(sub, name, helptext, epilog)
        sp.add_argument(
            "responses",
            metavar="RESPONSES",
            help="en fil med ét eller flere høringssvar, eller en mappe med dem",
        )
        sp.add_argument(
            "--against", required=True, metavar="NEW", help="udkastet, som høringssvarene besvarer"
        )
        sp.add_argument("--previous", metavar="OLD", help="den version, udkastet afløser")
        if name == "comments":
            _output_options(
                sp,
                COMMENTS_FORMATS,
                COMMENTS_SUFFIXES,
                "json, csv eller xlsx (tabel over bemærkninger) eller md (rapport)",
            )
            sp.add_argument(
                "--redact",
                action="store_true",
                help="fjern personlige e-mailadresser og telefonnumre (til offentliggørelse)",
            )
        else:
            sp.add_argument(
                "-o",
                "--output",
                required=True,
                metavar="OUT",
                help="Word-filen, notatet skrives til, fx notat.docx",
            )
            sp.add_argument(
                "--periode",
                help='høringsperioden, fx "5.-18. februar 2026" (standard: korpussets manifest)',
            )
            sp.add_argument(
                "--hoeringspart",
                action="append",
                default=[],
                help="en hørt part (gentag for flere; standard: listen i korpussets manifest)",
            )
            sp.set_defaults(formats=("docx",), suffixes=NOTAT_SUFFIXES)
        sp.set_defaults(func=func)

    sp = _subparser(sub, "ingest", "indlæs dokumenter eller en korpusmappe i databasen")
    sp.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="filer eller mapper; en mappes manifest.json siger, hvad der hører sammen",
    )
    sp.add_argument("--database", metavar="URL", help=DATABASE_HELP)
    sp.set_defaults(func=cmd_ingest)

    sp = _subparser(sub, "serve", "vis fremviseren i browseren på 127.0.0.1")
    sp.add_argument("--port", type=int, help="porten (standard: PORT eller 5000)")
    sp.add_argument("--database", metavar="URL", help=DATABASE_HELP)
    sp.set_defaults(func=cmd_serve)

    sp = _subparser(
        sub,
        "create-user",
        "opret en konto, så en medarbejder kan logge ind i fremviseren",
        "Adgangskoden (mindst 8 tegn) tages fra --password, ellers LOVDIFF_PASSWORD, ellers "
        "første linje på standard-input, når den ikke er en terminal (echo … | lovdiff "
        "create-user NAME), ellers spørges der.",
    )
    sp.add_argument("username", metavar="NAME", help="brugernavnet")
    sp.add_argument(
        "--password",
        help="adgangskoden; den kan ses af andre i proceslisten, så brug hellere "
        "LOVDIFF_PASSWORD eller standard-input",
    )
    sp.add_argument("--database", metavar="URL", help=DATABASE_HELP)
    sp.set_defaults(func=cmd_user)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _prepare_output(args)
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
