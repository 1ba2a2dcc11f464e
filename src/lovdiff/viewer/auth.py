"""Login for drafters (accounts come from ``lovdiff create-user NAME``); reading is open.

Passwords are checked by ``store.check_login``, which also rate-limits failed attempts per
user and address. A successful login starts a fresh session (new CSRF token).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from lovdiff.viewer import db
from lovdiff.viewer.security import csrf_token, safe_next

bp = Blueprint("auth", __name__)

F = TypeVar("F", bound=Callable[..., Any])


def load_user() -> None:
    """``before_request`` hook: ``g.user`` is the logged-in user's name or None."""
    user = session.get("user")
    g.user = user if isinstance(user, str) and user else None


def login_required(view: F) -> F:
    """Redirect to the login page (returning here afterwards) unless logged in."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            if request.method == "GET":
                target = request.full_path.rstrip("?")
            else:
                target = safe_next(request.form.get("next"), request.referrer or "/")
            return redirect(url_for("auth.login", next=safe_next(target)))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    """The login form; on success back to ``next`` (a local path only)."""
    target = safe_next(request.values.get("next"))
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        ok = False
        if username and password:
            ok = bool(db.call("check_login", username, password, request.remote_addr or ""))
        if ok:
            session.clear()
            session["user"] = username
            csrf_token()
            flash(f"Logget ind som {username}.")
            return redirect(target)
        blocked = getattr(db.get_store(), "login_blocked", None)
        if callable(blocked) and blocked(db.get_engine(), username, request.remote_addr or ""):
            flash("For mange forsøg på at logge ind. Vent et kvarter, og prøv igen.")
        else:
            flash("Forkert brugernavn eller adgangskode.")
        return render_template("login.html", next=target, username=username), 401
    return render_template("login.html", next=target, username="")


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """End the session (POST with CSRF token, so no other site can log a user out)."""
    session.clear()
    flash("Du er logget ud.")
    return redirect(safe_next(request.form.get("next")))
