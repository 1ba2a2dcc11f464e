"""The command line's edges: where ``-o`` points, which format its suffix picks, how
``create-user`` gets a password without a terminal, and Danish help everywhere.

Every failure here must be one ``lovdiff: …`` line on stderr and exit code 2, never a
traceback, and must leave no file (or half a file) behind.
"""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lovdiff import cli
from lovdiff.cli import build_parser, main

OLD = """Bekendtgørelse om prøver

§ 1. Kommunen skal give borgeren besked.
Stk. 2. Besked gives skriftligt.

§ 2. Bekendtgørelsen træder i kraft den 1. juli 2026.
"""
NEW = OLD.replace("borgeren", "personen").replace("2026", "2027")
RESPONSE = "Høringssvar fra KL\n\nKL har ingen bemærkninger til § 1.\n"
REDLINE = "Bekendtgørelse om prøver\n\n§ 1. Kommunen skal give ~~borgeren~~ personen besked.\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """Small inputs for every command, in their own folder (outputs go to tmp_path)."""
    src = tmp_path / "in"
    src.mkdir()
    texts = {"old": OLD, "new": NEW, "svar": RESPONSE, "red": REDLINE}
    for name, text in texts.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    return {name: str(src / f"{name}.txt") for name in texts}


def command(name: str, f: dict[str, str]) -> list[str]:
    """The arguments of command ``name`` up to (not including) ``-o``."""
    return {
        "parse": ["parse", f["old"]],
        "diff": ["diff", f["old"], f["new"]],
        "redline": ["redline", f["red"]],
        "comments": ["comments", f["svar"], "--against", f["new"], "--previous", f["old"]],
        "notat": ["notat", f["svar"], "--against", f["new"], "--previous", f["old"]],
    }[name]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, *fragments: str) -> None:
    assert code == 2, err
    assert err.startswith("lovdiff: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --------------------------------------------------------------------------- -o errors

WRITERS = ["parse", "diff", "redline", "comments", "notat"]


@pytest.mark.parametrize("name", WRITERS)
def test_output_that_is_a_folder(
    name: str, files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ud"
    folder.mkdir()
    code, out, err = run([*command(name, files), "-o", str(folder)], capsys)
    assert_one_line_error(code, err, f"{folder}: er en mappe; angiv et filnavn")
    assert out == "" and files_in(folder) == set()


@pytest.mark.parametrize("name", WRITERS)
def test_output_in_a_missing_folder(
    name: str, files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "findes-ikke" / "ud.docx"
    if name in ("parse", "comments"):
        target = target.with_suffix(".json")
    code, _, err = run([*command(name, files), "-o", str(target)], capsys)
    assert_one_line_error(code, err, f"mappen {target.parent} findes ikke")
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("in/old.txt/ud.json", "in/old.txt er ikke en mappe"),
        ("nyt/", "ender på /, som en mappe"),
        ("", "filnavnet er tomt"),
    ],
)
def test_other_outputs_that_cannot_be_written(
    out: str,
    message: str,
    files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run([*command("diff", files), "-o", out], capsys)
    assert_one_line_error(code, err, message)
    assert files_in(tmp_path) == {"in"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_output_in_a_read_only_folder(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "laast"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _, err = run([*command("diff", files), "-o", str(folder / "ud.json")], capsys)
    finally:
        folder.chmod(0o755)
    assert_one_line_error(code, err, "ingen adgang til at skrive i mappen")


def test_permission_error_while_writing_is_one_line(
    files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(cli.tempfile, "mkstemp", refuse)
    target = tmp_path / "ud.json"
    code, _, err = run([*command("diff", files), "-o", str(target)], capsys)
    assert_one_line_error(code, err, f"{target}: ingen adgang til at skrive filen")
    assert not target.exists()


def test_a_failed_write_leaves_the_old_file_whole(
    files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "ud.xlsx"
    target.write_bytes(b"den gamle fil")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli.os, "fsync", disk_full)
    code, _, err = run([*command("diff", files), "-o", str(target)], capsys)
    assert_one_line_error(code, err, "ikke plads på disken")
    assert target.read_bytes() == b"den gamle fil"
    assert files_in(tmp_path) == {"in", "ud.xlsx"}  # no temporary file left


def test_writing_replaces_the_file_and_keeps_its_mode(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ud.json"
    target.write_text("gammelt indhold, længere end det nye? nej, men det skal væk", "utf-8")
    target.chmod(0o640)
    code, out, err = run([*command("parse", files), "-o", str(target)], capsys)
    assert (code, out, err) == (0, "", "")
    assert json.loads(target.read_text("utf-8"))["document"]["title"] == "Bekendtgørelse om prøver"
    assert target.stat().st_mode & 0o777 == 0o640
    assert files_in(tmp_path) == {"in", "ud.json"}


def test_a_new_file_gets_the_usual_mode(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ny.json"
    assert run([*command("parse", files), "-o", str(target)], capsys)[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_symlinked_output_writes_through_the_link(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "rigtig.json"
    real.write_text("{}", "utf-8")
    link = tmp_path / "genvej.json"
    link.symlink_to(real)
    assert run([*command("parse", files), "-o", str(link)], capsys)[0] == 0
    assert link.is_symlink()
    assert "provisions" in json.loads(real.read_text("utf-8"))


def test_output_to_a_device_is_written_in_place(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    assert run([*command("diff", files), "-o", "/dev/null"], capsys)[0] == 0


# --------------------------------------------------------------------------- format by suffix


def _written(
    args: list[str], target: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[bytes, str]:
    code, out, err = run([*args, "-o", str(target)], capsys)
    assert (code, out, err) == (0, "", ""), err
    data = target.read_bytes()
    return data, data.decode("utf-8", errors="replace")


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".json", lambda b, t: "pairs" in json.loads(t)),
        (".csv", lambda b, t: b.startswith(b"\xef\xbb\xbf") and "§ 1" in t),
        (".xlsx", lambda b, t: b[:2] == b"PK" and "xl/worksheets" in t),
        (".docx", lambda b, t: b[:2] == b"PK" and "word/document.xml" in t),
        (".md", lambda b, t: t.startswith("# Sammenligning")),
        (".html", lambda b, t: "<html" in t.lower()),
        (".HTML", lambda b, t: "<html" in t.lower()),
    ],
)
def test_diff_takes_the_format_from_the_suffix(
    suffix: str,
    check: object,
    files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data, text = _written(command("diff", files), tmp_path / f"ud{suffix}", capsys)
    assert callable(check) and check(data, text)


def _document_xml(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_docx_suffix_is_the_parallelopstilling_and_format_wins(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parallel, _ = _written(command("diff", files), tmp_path / "a.docx", capsys)
    assert "<w:tbl" in _document_xml(parallel) and "<w:ins " not in _document_xml(parallel)
    args = [*command("diff", files), "--format", "redline-docx"]
    redline, _ = _written(args, tmp_path / "b.docx", capsys)
    assert "<w:ins " in _document_xml(redline)
    # an explicit --format with an unknown suffix is written as asked
    _, md = _written([*command("diff", files), "--format", "md"], tmp_path / "c.markdown", capsys)
    assert md.startswith("# Sammenligning")


@pytest.mark.parametrize(("fmt", "name"), [("md", "c.docx"), ("json", "c.xlsx"), ("docx", "c.md")])
def test_a_format_the_suffix_contradicts_is_refused(
    fmt: str, name: str, files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Markdown written into a .docx gives a file Word cannot open: refuse, writing nothing."""
    out = tmp_path / "ud" / name
    out.parent.mkdir()
    code, _, err = run([*command("diff", files), "--format", fmt, "-o", str(out)], capsys)
    assert_one_line_error(code, err, "passer ikke til --format")
    assert not list(out.parent.iterdir())


def test_no_output_and_no_suffix_give_json(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(command("diff", files), capsys)
    assert code == 0 and "pairs" in json.loads(out)
    _, text = _written(command("diff", files), tmp_path / "uden-endelse", capsys)
    assert "pairs" in json.loads(text)


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".json", lambda t: "provisions" in json.loads(t)),
        (".xml", lambda t: "<akomaNtoso" in t),
        (".txt", lambda t: t.startswith("Bekendtgørelse om prøver\n  type:")),
    ],
)
def test_parse_takes_the_format_from_the_suffix(
    suffix: str,
    check: object,
    files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, text = _written(command("parse", files), tmp_path / f"ud{suffix}", capsys)
    assert callable(check) and check(text)


def test_redline_takes_the_format_from_the_suffix(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, text = _written(command("redline", files), tmp_path / "ud.md", capsys)
    assert text.startswith("# Sammenligning")


@pytest.mark.parametrize(
    ("name", "out", "fragments"),
    [
        ("diff", "ud.pdf", ["diff kan ikke skrive .pdf-filer", "--format (json, csv, xlsx, docx"]),
        ("diff", "ud.xml", ["diff kan ikke skrive .xml-filer"]),
        ("parse", "ud.docx", ["parse kan ikke skrive .docx-filer", "--format (json, akn, text)"]),
        ("redline", "ud.txt", ["redline kan ikke skrive .txt-filer"]),
        ("comments", "ud.docx", ["comments kan ikke skrive .docx", "(json, csv, xlsx, md)"]),
        ("comments", "ud.html", ["comments kan ikke skrive .html"]),
        ("notat", "notat.pdf", ["notat skriver kun docx; brug endelsen .docx"]),
    ],
)
def test_a_suffix_the_command_cannot_write_is_refused(
    name: str,
    out: str,
    fragments: list[str],
    files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run([*command(name, files), "-o", str(tmp_path / out)], capsys)
    assert_one_line_error(code, err, *fragments)
    assert not (tmp_path / out).exists()


def test_a_foreign_suffix_is_fine_with_an_explicit_format(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, text = _written([*command("parse", files), "--format", "text"], tmp_path / "a.pdf", capsys)
    assert text.startswith("Bekendtgørelse om prøver")


def test_comments_and_notat_write_their_files(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, md = _written(command("comments", files), tmp_path / "svar.md", capsys)
    assert "KL" in md and not md.lstrip().startswith("{")
    data, _ = _written(command("notat", files), tmp_path / "notat.docx", capsys)
    assert "Høringsnotat" in _document_xml(data)


def test_help_documents_the_suffix_rule(capsys: pytest.CaptureFixture[str]) -> None:
    for name, expected in (
        ("diff", ".xlsx → xlsx"),
        ("redline", ".docx → docx"),
        ("parse", ".xml → akn"),
        ("comments", ".csv → csv"),
        ("notat", ".docx"),
    ):
        with pytest.raises(SystemExit) as exc:
            main([name, "-h"])
        assert exc.value.code == 0
        text = " ".join(capsys.readouterr().out.split())
        assert expected in text, name
        if name != "notat":
            assert "Uden --format afgør -o's filendelse formatet" in text


# --------------------------------------------------------------------------- create-user


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("LOVDIFF_PASSWORD", raising=False)
    return f"sqlite:///{tmp_path / 'lovdiff.sqlite'}"


def _user(
    db: str, stdin: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    *extra: str,
) -> tuple[int, str, str]:  # fmt: skip
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return run(["create-user", "jurist", "--database", db, *extra], capsys)


def test_password_is_read_from_piped_stdin(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _user(db, "hemmelig kode \nnæste linje\n", capsys, monkeypatch)
    assert (code, out, err) == (0, "Bruger jurist oprettet.\n", "")
    from lovdiff.store import check_login, get_engine

    engine = get_engine(db)
    assert check_login(engine, "jurist", "hemmelig kode ", "127.0.0.1")  # only \n stripped


@pytest.mark.parametrize(
    ("stdin", "extra", "message"),
    [
        ("", (), "ingen adgangskode: standard-input er tom"),
        ("\n", (), "adgangskoden må ikke være tom"),
        ("\r\n", (), "adgangskoden må ikke være tom"),
        ("kort\n", (), "adgangskoden skal have mindst 8 tegn"),
        ("hemmelig kode\n", ("--password", ""), "adgangskoden må ikke være tom"),
        ("", ("--password", "kort"), "adgangskoden skal have mindst 8 tegn"),
    ],
)
def test_bad_passwords_are_refused_in_one_line(
    stdin: str,
    extra: tuple[str, ...],
    message: str,
    db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = _user(db, stdin, capsys, monkeypatch, *extra)
    assert_one_line_error(code, err, message)
    assert out == ""
    assert not (tmp_path / "lovdiff.sqlite").exists()  # refused before the database is touched


def test_password_option_and_environment_win_over_stdin(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _user(db, "kort\n", capsys, monkeypatch, "--password", "langt nok ord")[0] == 0
    monkeypatch.setenv("LOVDIFF_PASSWORD", "fra miljøet 1")
    monkeypatch.setattr(sys, "stdin", io.StringIO("kort\n"))
    assert run(["create-user", "chef", "--database", db], capsys)[0] == 0


def _cli_env(db: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LOVDIFF_PASSWORD"}
    env["LOVDIFF_DATABASE_URL"] = db
    return env


@pytest.mark.parametrize(("stdin", "code"), [(subprocess.DEVNULL, 2), ("hemmelig kode\n", 0)])
def test_create_user_without_a_terminal(stdin: object, code: int, db: str) -> None:
    piped = isinstance(stdin, str)
    proc = subprocess.run(
        [sys.executable, "-m", "lovdiff.cli", "create-user", "jurist"],
        stdin=None if piped else subprocess.DEVNULL,
        input=stdin if piped else None,
        capture_output=True,
        text=True,
        timeout=60,
        env=_cli_env(db),
    )
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    if code:
        assert proc.stderr == (
            "lovdiff: ingen adgangskode: standard-input er tom; send den ind på første linje, "
            "sæt LOVDIFF_PASSWORD eller brug --password\n"
        )
    else:
        assert proc.stdout == "Bruger jurist oprettet.\n"


def _on_a_terminal(db: str, replies: list[bytes | None]) -> tuple[int, str]:
    """Run ``create-user`` on a pseudo-terminal; answer each prompt with the next reply
    (``None``: Ctrl-C, sent as SIGINT). The child has no controlling terminal, so getpass
    prompts on the pty (never on the terminal running the tests)."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lovdiff.cli", "create-user", "jurist"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_cli_env(db),
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    pending = list(replies)
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
                if pending and seen.rstrip().endswith(b":"):
                    time.sleep(0.1)  # let getpass switch echo off before we type
                    reply = pending.pop(0)
                    if reply is None:
                        proc.send_signal(signal.SIGINT)
                    else:
                        os.write(master, reply)
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return code, seen.decode("utf-8", errors="replace").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_create_user_prompts_twice_on_a_terminal(db: str) -> None:
    code, text = _on_a_terminal(db, [b"hemmelig kode\n", b"hemmelig kode\n"])
    assert code == 0, text
    assert "Adgangskode:" in text and "Gentag adgangskode:" in text
    assert "hemmelig" not in text  # not echoed
    assert text.rstrip().endswith("Bruger jurist oprettet.")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("replies", "message", "exit_code"),
    [
        ([b"\x04"], "lovdiff: ingen adgangskode indtastet (afbrudt)", 2),
        ([b"hemmelig kode\n", b"en anden kode\n"], "lovdiff: de to adgangskoder er ikke ens", 2),
        ([None], "lovdiff: afbrudt", 130),
    ],
)
def test_create_user_prompt_ends_in_one_line(
    replies: list[bytes | None], message: str, exit_code: int, db: str
) -> None:
    code, text = _on_a_terminal(db, replies)
    assert code == exit_code, text
    assert message in text and "Traceback" not in text
    assert [line for line in text.splitlines() if line.startswith("lovdiff:")] == [
        line for line in text.splitlines() if "lovdiff:" in line
    ]


# --------------------------------------------------------------------------- Danish help


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [("lovdiff", parser), *sub.choices.items()]


def test_every_command_and_option_has_danish_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    commands = {c.dest: c.help for c in sub._choices_actions}
    assert set(commands) == set(sub.choices)
    english = (" the ", " a ", " an ", " of ", " and ", " or ", " into ", "show ", " default")
    for name, p in _parsers():
        helps = [
            (a.dest, a.help) for a in p._actions if not isinstance(a, argparse._SubParsersAction)
        ]
        helps += [(name, commands.get(name, p.description))]
        for dest, text in helps:
            assert text and text != argparse.SUPPRESS, (name, dest)
            assert not any(w in f" {text.lower()} " for w in english), (name, dest, text)
        assert any(a.help == "vis denne hjælp og afslut" for a in p._actions), name


def test_help_is_shown_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["create-user", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "vis denne hjælp og afslut" in out and "standard-input" in out
    assert "show this help" not in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["comments", "x"], "lovdiff comments: fejl: mangler: --against"),
        (["nope"], "lovdiff: fejl: KOMMANDO: ukendt valg 'nope'"),
        (["parse", "a", "--format", "pdf"], "lovdiff parse: fejl: --format: ukendt valg 'pdf'"),
        (["parse", "a", "--bogus"], "lovdiff: fejl: ukendte argumenter: --bogus"),
        (["parse", "a", "-o"], "lovdiff parse: fejl: -o/--output: mangler en værdi"),
        (["serve", "--port", "x"], "lovdiff serve: fejl: --port: ugyldig værdi 'x'"),
    ],
)
def test_usage_errors_are_danish(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("brug: lovdiff")
    assert expected in err.splitlines()[-1]


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="no /dev/shm here")
def test_a_regular_file_under_dev_is_replaced_not_appended(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = Path("/dev/shm") / f"lovdiff-test-{os.getpid()}.json"
    try:
        for _ in range(2):
            assert main([*command("parse", files), "-o", str(out)]) == 0
        json.loads(out.read_text(encoding="utf-8"))  # one document, not two appended
    finally:
        out.unlink(missing_ok=True)


def test_notat_survives_a_broken_manifest_beside_the_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The manifest only lends the period and the bodies consulted; a wrong one costs
    those, not the notat."""
    import shutil

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    draft = tmp_path / "udkast.txt"
    shutil.copyfile(corpus / "udkast-2026-sundhedsfaglig-raadgivning.txt", draft)
    (tmp_path / "manifest.json").write_text('{"documents": ["x"], "consultations": 5}')
    out = tmp_path / "notat.docx"
    letters = corpus / "hoeringssvar-2026-sundhedsfaglig-raadgivning.txt"
    code = main(["notat", str(letters), "--against", str(draft), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert out.stat().st_size > 0


def test_comments_against_letters_says_the_arguments_look_swapped(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The letters as --against and the draft as the responses: one line saying so, not a
    consultation read from the draft ("a letter from KL signed by the ministry")."""
    out = tmp_path / "svar.json"
    code, _, err = run(
        ["comments", files["new"], "--against", files["svar"], "-o", str(out)], capsys
    )
    assert_one_line_error(code, err, "byttet om", "paragraffer")
    assert not out.exists()
