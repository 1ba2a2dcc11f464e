"""What the viewer writes: the ministry's remarks on comments, and drafter accounts."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from lovdiff.errors import LovdiffError
from lovdiff.store import schema as s
from lovdiff.store.engine import NotFound, clean_text, get_engine, write_transaction
from lovdiff.store.write import _upsert

LOGIN_WINDOW = 15 * 60
"""Seconds within which failed logins count."""
LOGIN_MAX_FAILURES = 5
"""Failures (per user name, and per address) after which logins are refused."""
_DUMMY_HASH = generate_password_hash("lovdiff-timing-equaliser")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def set_remark(engine: Engine, comment_id: str, text: str, author: str) -> None:
    """Write (or replace) the ministry's remark on a comment; an empty ``text`` deletes it.
    Raises NotFound when no such comment is stored. Re-ingest never deletes or changes
    remarks."""
    with write_transaction(engine) as conn:
        comment = conn.execute(
            select(s.comments.c.text).where(s.comments.c.id == comment_id)
        ).first()
        if comment is None:
            raise NotFound(f"bemærkningen {comment_id} findes ikke i databasen")
        if not text.strip():
            conn.execute(delete(s.remarks).where(s.remarks.c.comment_id == comment_id))
            return
        _upsert(
            conn,
            s.remarks,
            {"comment_id": comment_id},
            {"text": text, "author": author, "updated_at": _now(), "comment_text": comment.text},
        )


def get_remark(engine: Engine, comment_id: str) -> dict[str, Any] | None:
    """``{comment_id, text, author, updated_at, outdated}`` or None; ``outdated`` is True
    when a later ingest changed (or removed) the comment the remark answers."""
    rm, cm = s.remarks, s.comments
    with engine.connect() as conn:
        row = conn.execute(
            select(rm, cm.c.text.label("current"))
            .join(cm, cm.c.id == rm.c.comment_id, isouter=True)
            .where(rm.c.comment_id == comment_id)
        ).first()
    if row is None:
        return None
    return {
        "comment_id": row.comment_id,
        "text": row.text,
        "author": row.author,
        "updated_at": row.updated_at,
        "outdated": row.comment_text is not None and row.comment_text != row.current,
    }


def create_user(username: str, password: str, url: str | None = None) -> None:
    """Create a drafter account (``lovdiff create-user``). Raises LovdiffError when the name
    is taken or a field is empty."""
    username = clean_text(username).strip()
    if not username:
        raise LovdiffError("brugernavnet må ikke være tomt")
    if len(password) < 8:
        raise LovdiffError("adgangskoden skal have mindst 8 tegn")
    engine = get_engine(url)
    with write_transaction(engine) as conn:
        taken = conn.execute(select(s.users.c.username).where(s.users.c.username == username))
        if taken.first() is not None:
            raise LovdiffError(f"brugeren {username} findes allerede")
        conn.execute(
            s.users.insert().values(
                username=username,
                password_hash=generate_password_hash(password),
                created_at=_now(),
            )
        )


def login_blocked(engine: Engine, username: str, remote_addr: str) -> bool:
    """True when the user name or the address has failed ``LOGIN_MAX_FAILURES`` times in
    the last ``LOGIN_WINDOW`` seconds (the viewer can say so instead of "wrong password")."""
    la = s.login_attempts
    since = time.time() - LOGIN_WINDOW
    with engine.connect() as conn:
        for column, value in ((la.c.username, username), (la.c.remote_addr, remote_addr)):
            failures = conn.execute(
                select(func.count()).where(column == value, la.c.at >= since, la.c.ok.is_(False))
            ).scalar_one()
            if failures >= LOGIN_MAX_FAILURES:
                return True
    return False


def check_login(engine: Engine, username: str, password: str, remote_addr: str) -> bool:
    """True when the password is right and the login is not rate-limited. Every checked
    attempt is recorded; while blocked, nothing is checked or recorded."""
    username = clean_text(username)
    remote_addr = clean_text(remote_addr or "")
    if login_blocked(engine, username, remote_addr):
        return False
    with engine.connect() as conn:
        row = conn.execute(
            select(s.users.c.password_hash).where(s.users.c.username == username)
        ).first()
    if row is None:
        check_password_hash(_DUMMY_HASH, password)  # same time as a real check
        ok = False
    else:
        ok = check_password_hash(row.password_hash, password)
    with write_transaction(engine) as conn:
        conn.execute(
            s.login_attempts.insert().values(
                username=username, remote_addr=remote_addr, at=time.time(), ok=ok
            )
        )
    return ok
