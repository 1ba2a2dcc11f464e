"""``lovdiff ingest``: manifests, checksums, progress, and the atomic, idempotent write.

Corpus copies in tmp folders carry their own manifest, so a test can change a file or the
manifest without touching corpus/. Tests that need the response reader and the redline
reader skip, saying which import failed, until those modules exist.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from conftest import CORPUS, ROOT, manifest, parsed
from lovdiff.errors import InputError
from lovdiff.ingest import Progress, ingest_paths, read_manifest, slug
from lovdiff.store import (
    comment_counts,
    comments_for_provision,
    get_engine,
    get_response,
    list_consultations,
    list_documents,
    list_orders,
    load_comparison,
    load_consultation,
    load_document,
    matrix,
    search,
    set_remark,
)
from lovdiff.store import schema as sch
from lovdiff.store import write as store_write
from test_store import dump, pg_url  # noqa: F401 - pg_url is a fixture

ORDER_IDS = ("bek-2020", "udkast-2026", "frikommune-2017")


def full_pipeline_missing() -> str | None:
    """Why the whole corpus cannot be ingested yet (a module the pipeline needs is missing)."""
    for module in (
        "lovdiff.parse",
        "lovdiff.align",
        "lovdiff.redline",
        "lovdiff.responses",
        "lovdiff.link",
    ):
        try:
            __import__(module)
        except ImportError as exc:
            return f"{module} cannot be imported yet: {exc}"
    return None


needs_all_modules = pytest.mark.skipif(
    full_pipeline_missing() is not None, reason=str(full_pipeline_missing())
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_corpus(folder: Path, ids: tuple[str, ...] = ORDER_IDS, *, orders: bool = True) -> Path:
    """Copy some corpus documents into ``folder`` with a manifest for just them."""
    folder.mkdir(parents=True, exist_ok=True)
    m = manifest()
    docs = [d for d in m["documents"] if d["id"] in ids]
    for d in docs:
        shutil.copyfile(CORPUS / d["file"], folder / d["file"])
    data: dict[str, Any] = {"documents": docs}
    if orders:
        data["orders"] = [o for o in m["orders"] if set(o["versions"]) <= set(ids)]
    data["consultations"] = [
        c
        for c in m.get("consultations", [])
        if {c["responses"], c["answers"], c.get("previous")} - {None} <= set(ids)
    ]
    (folder / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def rewrite(folder: Path, doc_id: str, new_text: str) -> None:
    """Change a document in a corpus copy and update its checksum in the manifest."""
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for d in data["documents"]:
        if d["id"] == doc_id:
            (folder / d["file"]).write_text(new_text, encoding="utf-8")
            d["sha256"] = sha(folder / d["file"])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each ingest test runs on SQLite and on a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'lovdiff.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


def rows(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


# ------------------------------------------------------------------ manifests and checks


def test_manifest_of_the_corpus() -> None:
    m = read_manifest(CORPUS)
    assert [d.id for d in m.documents] == [d["id"] for d in manifest()["documents"]]
    assert m.orders[0].versions == ("bek-2020", "udkast-2026")
    [cons] = m.consultations
    assert (cons.answers, cons.previous, cons.responses) == (
        "udkast-2026",
        "bek-2020",
        "hoeringssvar-2026",
    )
    assert len(cons.consulted) == 5


def test_checksum_mismatch_writes_nothing(tmp_path: Path, url: str) -> None:
    folder = make_corpus(tmp_path / "c")
    ingest_paths([folder], url=url, progress=False)
    before = dump(get_engine(url))
    draft = folder / "udkast-2026-sundhedsfaglig-raadgivning.txt"
    draft.write_text(draft.read_text(encoding="utf-8") + "\nÆndret.\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        ingest_paths([folder], url=url, progress=False)
    message = str(err.value)
    assert message.startswith(str(draft)) and "SHA-256 passer ikke" in message
    assert "\n" not in message
    assert dump(get_engine(url)) == before


def test_checksum_mismatch_before_any_database(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path / "c", ("bek-2020",))
    (folder / "bek-2020-2236-sundhedsfaglig-raadgivning.txt").write_text("x", encoding="utf-8")
    db = tmp_path / "never" / "db.sqlite3"
    with pytest.raises(InputError, match="SHA-256"):
        ingest_paths([folder], url=f"sqlite:///{db}", progress=False)
    assert not db.exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m["documents"][0].update(file="mangler.txt"), "filen findes ikke"),
        (lambda m: m["documents"][0].update(kind="roman"), "ukendt kind 'roman'"),
        (lambda m: m["documents"][0].pop("id"), "mangler feltet 'id'"),
        (lambda m: m["orders"][0].update(versions=["bek-2020", "nope"]), "'nope' står ikke"),
        (lambda m: m["documents"].append(dict(m["documents"][0])), "flere gange"),
        (lambda m: m["orders"].append(dict(m["orders"][0])), "flere ordninger"),
        (lambda m: m["orders"][0].update(versions="bek-2020"), "ikke-tom liste"),
        (lambda m: m["orders"][0].update(versions=[["bek-2020"]]), "liste af id'er"),
        (lambda m: m["documents"][0].update(file="../../etc/passwd"), "uden for korpusmappen"),
        (lambda m: m["documents"][0].update(file="/etc/passwd"), "uden for korpusmappen"),
        (lambda m: m["documents"][0].update(file=7), "'file' skal være en ikke-tom tekst"),
        (lambda m: m["documents"][0].update(file="a\x00b.txt"), "kan ikke bruges"),
        (lambda m: m.update(documents=5), "'documents' skal være en liste"),
        (lambda m: m.update(documents={"id": "x"}), "'documents' skal være en liste"),
        (lambda m: m.update(orders="bek-2020"), "'orders' skal være en liste"),
        (lambda m: m.update(consultations={}), "'consultations' skal være en liste"),
        (lambda m: m["documents"].__setitem__(0, "bek-2020"), "skal være et objekt"),
    ],
)
def test_bad_manifests(tmp_path: Path, url: str, change: Any, expected: str) -> None:
    folder = make_corpus(tmp_path / "c", ("bek-2020", "udkast-2026"))
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    change(data)
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=expected) as raised:
        ingest_paths([folder], url=url, progress=False)
    assert "\n" not in str(raised.value)  # the CLI prints it as one line
    assert rows(get_engine(url), sch.documents) == 0


def test_manifest_file_in_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path / "c", ("bek-2020", "udkast-2026"))
    (folder / "loop").symlink_to(folder / "loop")
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data["documents"][0]["file"] = "loop/x.txt"
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="loop/x.txt"):
        read_manifest(folder)


def test_unreadable_inputs(tmp_path: Path, url: str) -> None:
    with pytest.raises(InputError, match="findes ikke"):
        ingest_paths([tmp_path / "nowhere"], url=url, progress=False)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="ingen manifest.json"):
        ingest_paths([tmp_path / "empty"], url=url, progress=False)
    (tmp_path / "empty" / "manifest.json").write_text("{nej", encoding="utf-8")
    with pytest.raises(InputError, match="ugyldig JSON"):
        ingest_paths([tmp_path / "empty"], url=url, progress=False)


def test_slug() -> None:
    assert slug("BEK nr. 2236 (2020) – sundhed.txt") == "bek-nr-2236-2020-sundhed"
    assert slug("Høringssvar Ærø.docx") == "hoeringssvar-aeroe"
    assert slug("§§.txt") == "dokument"


def test_progress_lines_and_bar() -> None:
    lines = io.StringIO()
    p = Progress(2, None, lines)
    p.step("Indlæser bek-2020 …")
    p.step("Gemmer i databasen …")
    p.finish("Færdig.")
    assert lines.getvalue() == "Indlæser bek-2020 …\nGemmer i databasen …\nFærdig.\n"

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    bar = Progress(4, None, tty)
    bar.step("Indlæser a …")
    bar.step("Indlæser b …")
    bar.finish("Færdig.")
    out = tty.getvalue()
    assert out.count("\r") == 3 and "2/4" not in out.split("\r")[1] and "1/4" in out
    assert out.endswith("Færdig.\n")
    silent = io.StringIO()
    Progress(2, False, silent).step("x")
    assert silent.getvalue() == ""


# ------------------------------------------------------------------ orders (parser + aligner)


def test_ingest_orders_end_to_end(
    tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_corpus(tmp_path / "c")
    report = ingest_paths([folder], url=url, progress=None)
    err = capsys.readouterr().err
    assert "Indlæser bek-2020 …\n" in err and "Sammenligner bek-2020 med udkast-2026 …" in err
    assert report.summary() in err
    assert set(report.documents) == set(ORDER_IDS)
    assert report.comparisons == (("bek-2020", "udkast-2026"),)
    engine = get_engine(url)
    for doc_id in ORDER_IDS:
        stored = load_document(engine, doc_id)
        expected = parsed(doc_id)
        assert stored.provisions == expected.provisions
        assert stored.text == expected.text
        assert stored.info.id == doc_id
    [order] = list_orders(engine)
    assert [v["id"] for v in order["versions"]] == ["bek-2020", "udkast-2026"]
    comparison = load_comparison(engine, "bek-2020", "udkast-2026")
    assert comparison.old.info.id == "bek-2020" and comparison.pairs
    roles = {d["id"]: d["role"] for d in list_documents(engine)}
    assert roles == {"bek-2020": "order", "udkast-2026": "draft", "frikommune-2017": "other"}
    # Danish stemming finds the old order's "borgeren" from "borgerens"
    hits = search(engine, "borgerens sundhedskoordinator")["provisions"]
    assert "bek-2020" in {h["doc_id"] for h in hits}
    assert "udkast-2026" not in {h["doc_id"] for h in hits}  # the draft drops the regime


def test_ingest_twice_is_idempotent(tmp_path: Path, url: str) -> None:
    folder = make_corpus(tmp_path / "c")
    ingest_paths([folder], url=url, progress=False)
    engine = get_engine(url)
    before = dump(engine)
    ingest_paths([folder], url=url, progress=False)
    assert dump(engine) == before


def test_concurrent_ingests_run_one_after_the_other(tmp_path: Path, url: str) -> None:
    folder = make_corpus(tmp_path / "c")
    errors: list[BaseException] = []

    def run() -> None:
        try:
            ingest_paths([folder], url=url, progress=False)
        except BaseException as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    engine = get_engine(url)
    before = dump(engine)
    ingest_paths([folder], url=url, progress=False)
    assert dump(engine) == before
    assert len(list_documents(engine)) == len(ORDER_IDS)


def test_changed_document_replaces_its_rows(tmp_path: Path, url: str) -> None:
    folder = make_corpus(tmp_path / "c")
    ingest_paths([folder], url=url, progress=False)
    engine = get_engine(url)
    n_before = rows(engine, sch.provisions)
    draft = folder / "udkast-2026-sundhedsfaglig-raadgivning.txt"
    text = draft.read_text(encoding="utf-8")
    cut = text.index("§ 20.") if "§ 20." in text else len(text) // 2
    rewrite(folder, "udkast-2026", text[:cut])
    ingest_paths([folder], url=url, progress=False)
    stored = load_document(engine, "udkast-2026")
    assert stored.by_ref("§ 20") is None
    assert rows(engine, sch.provisions) < n_before
    with engine.connect() as conn:
        refs = (
            conn.execute(
                select(sch.provisions.c.ref)
                .where(sch.provisions.c.doc_id == "udkast-2026")
                .order_by(sch.provisions.c.position)
            )
            .scalars()
            .all()
        )
    assert list(refs) == [p.ref for p in stored.provisions]


def test_single_files(tmp_path: Path, url: str) -> None:
    src = CORPUS / "bek-2020-2236-sundhedsfaglig-raadgivning.txt"
    report = ingest_paths([src], url=url, progress=False)
    doc_id = "bek-2020-2236-sundhedsfaglig-raadgivning"
    assert report.documents == (doc_id,)
    engine = get_engine(url)
    assert load_document(engine, doc_id).info.id == doc_id
    assert [o["id"] for o in list_orders(engine)] == [doc_id]
    with pytest.raises(InputError, match="flere dokumenter"):
        ingest_paths([src, src], url=url, progress=False)


def test_failure_while_writing_rolls_back(
    tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_corpus(tmp_path / "c")
    ingest_paths([folder], url=url, progress=False)
    engine = get_engine(url)
    before = dump(engine)
    rewrite(folder, "udkast-2026", "Bekendtgørelse om noget andet\n\n§ 1. Kort.\n")

    def boom(conn: Any, order_id: Any, comparison: Any) -> None:
        raise RuntimeError("disk full (injected)")

    monkeypatch.setattr(store_write, "put_comparison", boom)
    with pytest.raises(RuntimeError, match="injected"):
        ingest_paths([folder], url=url, progress=False)
    assert dump(engine) == before


CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import lovdiff.store.write as w

    marker = Path(sys.argv[3])
    real = w.put_order

    def slow_put_order(conn, order):
        real(conn, order)
        marker.write_text("inside")  # documents are written, the transaction is open
        time.sleep(60)

    w.put_order = slow_put_order
    from lovdiff.ingest import ingest_paths
    ingest_paths([Path(sys.argv[1])], url=sys.argv[2], progress=False)
    """
)


def test_sigkill_mid_ingest_leaves_old_content(tmp_path: Path, url: str) -> None:
    folder = make_corpus(tmp_path / "c", ("bek-2020", "udkast-2026"))
    ingest_paths([folder], url=url, progress=False)
    before = dump(get_engine(url))
    rewrite(folder, "udkast-2026", "Bekendtgørelse om noget andet\n\n§ 1. Kort.\n")
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    log = tmp_path / "child.log"
    with log.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), url, str(marker)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    deadline = time.monotonic() + 60
    while not marker.exists():
        if child.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            pytest.fail(f"child ended early ({child.returncode}): {tail}")
        assert time.monotonic() < deadline, "child never reached the write transaction"
        time.sleep(0.05)
    # while the writer holds its transaction open, readers see the old content at once
    engine = get_engine(url)
    started = time.monotonic()
    assert load_document(engine, "udkast-2026").by_ref("§ 20") is not None
    assert time.monotonic() - started < 5
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    from lovdiff.store import dispose_engines

    dispose_engines()
    engine = get_engine(url)
    assert dump(engine) == before
    assert load_document(engine, "udkast-2026").by_ref("§ 20") is not None


# ------------------------------------------------------------------ the whole corpus


@needs_all_modules
def test_whole_corpus(tmp_path: Path, url: str) -> None:
    started = time.perf_counter()
    report = ingest_paths([CORPUS], url=url, progress=False)
    seconds = time.perf_counter() - started
    engine = get_engine(url)
    ids = {d["id"] for d in list_documents(engine)}
    assert ids == {
        "bek-2020",
        "udkast-2026",
        "frikommune-2017",
        "redline-2026-forudsaetninger-foer",
        "redline-2026-forudsaetninger-efter",
    }
    orders = {o["id"]: o for o in list_orders(engine)}
    assert orders["redline-2026-forudsaetninger"]["comparisons"] == [
        {"old": "redline-2026-forudsaetninger-foer", "new": "redline-2026-forudsaetninger-efter"}
    ]
    [cons] = list_consultations(engine)
    assert cons["id"] == "hoering-2026" and cons["n_responses"] == 5
    assert (
        cons["n_comments"] == report.n_comments > 0 and 0 < cons["n_linked"] <= cons["n_comments"]
    )
    consultation = load_consultation(engine, "hoering-2026")
    assert [r.short_name for r in consultation.responses] == [
        "FH",
        "DASAMS",
        "KL",
        "Hedensted Kommune",
        "Danske Regioner",
    ]
    # every response's text is its region of the letters file
    letters = (CORPUS / "hoeringssvar-2026-sundhedsfaglig-raadgivning.txt").read_text(
        encoding="utf-8"
    )
    first = get_response(engine, "hoering-2026:1")
    assert first["text"] and first["text"] in letters
    counts = comment_counts(engine, "udkast-2026")
    assert counts, "no comment linked into the draft"
    for ref, n in counts.items():
        assert len(comments_for_provision(engine, "udkast-2026", ref)) == n
    m = matrix(engine, "hoering-2026")
    assert m["organisations"][0] == "FH"
    # FH writes about § 8, stk. 4
    assert m["cells"]["FH"].get("§ 8", 0) >= 1
    # idempotent, and remarks survive a re-ingest
    some = first["comments"][0]["id"]
    set_remark(engine, some, "Imødekommet.", "star")
    before = dump(engine)
    ingest_paths([CORPUS], url=url, progress=False)
    assert dump(engine) == before
    print(f"\ncorpus ingest: {seconds:.2f} s (write {report.write_seconds:.2f} s)")


@needs_all_modules
def test_cli_ingest(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "LOVDIFF_INSTANCE": str(tmp_path / "inst"),
    }
    env.pop("LOVDIFF_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "lovdiff.cli", "ingest", str(CORPUS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Indlæser bek-2020 …" in done.stderr and "høringssvar" in done.stderr
    assert (tmp_path / "inst" / "lovdiff.sqlite3").exists()
    bad = subprocess.run(
        [sys.executable, "-m", "lovdiff.cli", "ingest", str(tmp_path / "nowhere")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("lovdiff: ") and "Traceback" not in bad.stderr
