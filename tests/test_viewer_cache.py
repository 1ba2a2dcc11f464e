"""The page cache serves readers fast but never a stale page or a drafter's page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from lovdiff.store import create_user, ingest_paths
    from lovdiff.viewer import create_app

    url = f"sqlite:///{Path(tmp_path_factory.mktemp('cache')) / 'db.sqlite3'}"
    ingest_paths([CORPUS], url=url, progress=False)
    create_user("drafter", "hemmelig-kode", url=url)
    return create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "t"})


def test_reader_pages_are_cached_and_remarks_invalidate(app: Any) -> None:
    from lovdiff.store import comments_for_provision, get_engine, set_remark

    cache = app.extensions["lovdiff"]["page_cache"]
    reader = app.test_client()
    url = "/dokument/udkast-2026/p19-stk4"
    first = reader.get(url)
    assert first.status_code == 200
    assert any(key[0].startswith(url) for key in cache)
    again = reader.get(url)
    assert again.data == first.data
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    # a remark written elsewhere (another worker, the CLI) shows at once
    engine = get_engine(app.config["DATABASE_URL"])
    comments = comments_for_provision(engine, "udkast-2026", "§ 19, stk. 4")
    assert comments
    set_remark(engine, comments[0]["comment_id"], "Bemærkningen tages til efterretning.", "drafter")
    after = reader.get(url)
    assert "Bemærkningen tages til efterretning." in after.data.decode()


def test_logged_in_pages_are_never_cached(app: Any) -> None:
    cache = app.extensions["lovdiff"]["page_cache"]
    cache.clear()
    drafter = app.test_client()
    login = drafter.get("/login").data.decode()
    token = login.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    resp = drafter.post(
        "/login", data={"username": "drafter", "password": "hemmelig-kode", "csrf_token": token}
    )
    assert resp.status_code in (302, 303)
    page = drafter.get("/dokument/udkast-2026/p8-stk4").data.decode()
    assert "Logget ind som" in page
    assert not cache
    reader_page = app.test_client().get("/dokument/udkast-2026/p8-stk4").data.decode()
    assert "Logget ind som" not in reader_page and 'name="csrf_token"' not in reader_page
