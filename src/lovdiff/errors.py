"""The one exception type users see: a clear, one-line message, never a traceback."""

from __future__ import annotations


class LovdiffError(Exception):
    """An error to report to the user as one line on stderr (exit code 2).

    The message says what happened and why, and where it helps, what to do.
    """


class InputError(LovdiffError):
    """A file that cannot be read: says which file and why."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
