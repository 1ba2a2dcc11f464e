"""The README documents every CLI command and the set-up commands."""

from __future__ import annotations

from conftest import ROOT
from lovdiff.cli import build_parser


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = sorted(sub.choices)  # type: ignore[arg-type]
    assert {"parse", "diff", "redline", "comments", "notat", "ingest", "serve"} <= set(commands)
    for name in commands:
        assert f"`lovdiff {name}" in readme, name
    assert "make run" in readme and "make test" in readme


def test_changes_has_unreleased_on_top() -> None:
    changes = (ROOT / "CHANGES.md").read_text(encoding="utf-8").splitlines()
    assert changes[0] == "# Changes" and "## Unreleased" in changes[:4]
