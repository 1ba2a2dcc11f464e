"""lovdiff's web viewer: a Flask app serving the stored documents, comparisons and responses.

``create_app(test_config=None)`` as in Flask's tutorial. Configuration:

- ``DATABASE_URL``: SQLAlchemy URL (default ``LOVDIFF_DATABASE_URL``, else the store's default).
- ``SECRET_KEY``: ``LOVDIFF_SECRET_KEY``, else a random key kept in the instance folder.
- The instance folder is ``LOVDIFF_INSTANCE`` or ``./instance``, as for the store.
- ``SESSION_COOKIE_SECURE``: true when ``LOVDIFF_SECURE_COOKIES=1`` (behind HTTPS).
- ``STORE``: an object with the store's functions (tests); default ``lovdiff.store``.

Templates and static files come from ``lovdiff/_web`` in a wheel install, else from the
repository's ``web/`` folder (editable install).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request, url_for
from werkzeug.exceptions import HTTPException

import lovdiff


def web_dir() -> Path:
    """The folder holding ``templates/`` and ``static/``."""
    bundled = Path(lovdiff.__file__).resolve().parent / "_web"
    if (bundled / "templates" / "base.html").is_file():
        return bundled
    here = Path(__file__).resolve()
    for parent in here.parents[2:5]:
        candidate = parent / "web"
        if (candidate / "templates" / "base.html").is_file():
            return candidate
    raise RuntimeError(f"lovdiff: fandt ikke viewerens skabeloner (web/) nær {here}")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the viewer app; ``test_config`` overrides the configuration."""
    web = web_dir()
    app = Flask(
        __name__,
        instance_path=str(Path(os.environ.get("LOVDIFF_INSTANCE") or "instance").resolve()),
        instance_relative_config=True,
        template_folder=str(web / "templates"),
        static_folder=str(web / "static"),
    )
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("LOVDIFF_DATABASE_URL") or None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("LOVDIFF_SECURE_COOKIES", "") in ("1", "true"),
        SESSION_COOKIE_NAME="lovdiff_session",
        MAX_CONTENT_LENGTH=1_000_000,
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        from lovdiff.viewer.security import load_secret_key

        app.config["SECRET_KEY"] = load_secret_key(app)

    from lovdiff.viewer import auth, downloads, pages, render, security
    from lovdiff.viewer.slugs import ref_to_slug

    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(downloads.bp)
    app.before_request(auth.load_user)
    app.before_request(security.check_csrf)
    from lovdiff.viewer import cache

    cache.install(app)
    app.after_request(security.add_security_headers)

    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    from lovdiff.export.tables import danish_date

    app.jinja_env.filters["dato"] = lambda iso: danish_date(iso) if iso else ""
    app.jinja_env.filters["paragraphs"] = render.tidy_paragraphs
    app.jinja_env.filters["antal"] = render.count_of
    app.jinja_env.globals.update(
        csrf_token=security.csrf_token,
        provision_url=pages.provision_url,
        section_url=pages.section_url,
        ref_to_slug=ref_to_slug,
        diff_side=render.diff_side,
        marked=render.marked,
        highlight=render.highlight,
        letter_markup=render.letter_markup,
        doc_label=render.doc_label,
        doc_name=pages.doc_name,
        STATUS=render.STATUS_LABELS,
        STANCE=render.STANCE_LABELS,
        BASIS=render.BASIS_LABELS,
        MAX_REMARK=pages.MAX_REMARK,  # a global: macros see it too
    )

    @app.context_processor
    def page_links() -> dict[str, Any]:
        return {"json_url": _json_url(), "user": g.get("user")}

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        if exc.code is None or exc.code < 400:
            return exc
        messages = {
            400: "Forespørgslen kunne ikke behandles.",
            403: "Du har ikke adgang til denne side.",
            404: "Siden findes ikke.",
            405: "Metoden er ikke tilladt her.",
            413: "Forespørgslen er for stor.",
        }
        detail = exc.description if exc.code == 400 else ""
        return (
            render_template(
                "error.html",
                code=exc.code,
                message=messages.get(exc.code, "Der opstod en fejl."),
                detail=detail,
            ),
            exc.code,
        )

    return app


def _json_url() -> str | None:
    """The current page's JSON twin, for ``<link rel="alternate">``."""
    args = request.view_args or {}
    if request.endpoint is None or args.get("fmt") != "html":
        return None
    try:
        return url_for(request.endpoint, **{**request.args.to_dict(), **args, "fmt": "json"})
    except Exception:  # a page without a twin simply advertises none
        return None


def warm_up(app: Flask) -> list[str]:
    """Request the home page and the comparisons and consultations it links to, so that a
    new worker's caches (documents, comparisons, rendered pages) are filled before its first
    real request. Returns the paths fetched; a page that fails is skipped, never raised."""
    import re

    client = app.test_client()
    fetched: list[str] = []
    try:
        home = client.get("/").get_data(as_text=True)
    except Exception:  # warming must never stop a worker
        return fetched
    fetched.append("/")
    pages = re.findall(r'href="(/(?:sammenlign|hoering)/[^"#?.]+)"', home)  # no downloads
    for path in dict.fromkeys(p for p in pages if "/hent/" not in p):
        try:
            client.get(path)
            fetched.append(path)
        except Exception:
            continue
    return fetched
