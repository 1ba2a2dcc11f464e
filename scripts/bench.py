"""Benchmarks of lovdiff, each printed beside a baseline measured in the same run.

Inputs: the bundled corpus (corpus/), ../shared/corpus-extra (for the synthetic 10x/40x orders),
the redlines package (the user's obvious alternative for a word diff), gunicorn, and the
PostgreSQL server at 127.0.0.1:5432 where one answers (else that part is skipped, saying so).

Output: a table on stdout, one line per measurement: what, value, baseline, ratio, goal and
whether the goal is met. ``--quick`` skips the page-load part. Exit code 0, or with ``--check``
1 when a goal is missed, so a regression fails a CI job that runs it. Targets live here, never
in timed unit tests.

    .venv/bin/python scripts/bench.py [--quick] [--requests N] [--clients N]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
OLD = CORPUS / "bek-2020-2236-sundhedsfaglig-raadgivning.txt"
NEW = CORPUS / "udkast-2026-sundhedsfaglig-raadgivning.txt"
LETTERS = CORPUS / "hoeringssvar-2026-sundhedsfaglig-raadgivning.txt"
PY = sys.executable
LOVDIFF = [PY, "-m", "lovdiff.cli"]
PG_URL = os.environ.get("LOVDIFF_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

ROWS: list[tuple[str, str, str, str, str, str]] = []


def row(
    what: str, value: str, baseline: str = "", ratio: str = "", goal: str = "", ok: str = ""
) -> None:
    ROWS.append((what, value, baseline, ratio, goal, ok))
    print(f"{what:<48} {value:>14} {baseline:>14} {ratio:>8}  {goal:<18} {ok}", flush=True)


def best_of(n: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(cmd: list[str], **kw: object) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)  # type: ignore[call-overload]
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- parse


def bench_parse() -> None:
    from lovdiff.parse import parse_text

    text = OLD.read_text(encoding="utf-8")
    big = text * 40
    t = best_of(3, lambda: parse_text(big))
    base = best_of(3, lambda: re.findall(r"\S+", big))  # baseline: only splitting into words
    mb = len(big.encode()) / 1e6
    row(
        "parse throughput (40x order)",
        f"{mb / t:.2f} MB/s",
        f"{mb / base:.0f} MB/s split",
        f"{base / t:.3f}",
    )
    cold = min(run([*LOVDIFF, "parse", str(OLD), "--format", "json"]) for _ in range(3))
    py = min(run([PY, "-c", "pass"]) for _ in range(3))
    row(
        "cold start: lovdiff parse (whole process)",
        f"{cold * 1000:.0f} ms",
        f"{py * 1000:.0f} ms python",
        f"{cold / py:.1f}x",
    )


# --------------------------------------------------------------------------- diff


def bench_diff() -> None:
    bench_long_diff()
    ours = min(run([*LOVDIFF, "diff", str(OLD), str(NEW), "--format", "json"]) for _ in range(3))
    code = (
        "import sys; from redlines import Redlines; "
        "a=open(sys.argv[1]).read(); b=open(sys.argv[2]).read(); Redlines(a, b).output_markdown"
    )
    try:
        theirs = min(run([PY, "-c", code, str(OLD), str(NEW)]) for _ in range(3))
    except subprocess.CalledProcessError:
        row("lovdiff diff vs redlines (seed pair)", f"{ours:.2f} s", "redlines missing")
        return
    ratio = ours / theirs
    row(
        "lovdiff diff vs redlines (seed pair, process)",
        f"{ours:.2f} s",
        f"{theirs:.2f} s",
        f"{ratio:.2f}x",
        "<= 2x",
        "ok" if ratio <= 2 else "MISSED",
    )


def bench_long_diff() -> None:
    """One long, heavily rewritten provision (3,000 words, a third of them replaced), diffed by
    ``word_diff`` (diff-match-patch's C++ port) against the same diff by the Python
    diff-match-patch, the ops checked equal. Annexes and rewritten chapters are like this."""
    import random

    from diff_match_patch import diff_match_patch

    from lovdiff.textdiff import _CODEC, clear_caches, word_diff

    rnd = random.Random(1)
    vocab = ["kommunen", "skal", "borgeren", "og", "i", "til", "af", "sag", "plan", "efter", "om"]
    a = [rnd.choice(vocab) for _ in range(3000)]
    b = [w if rnd.random() > 0.35 else rnd.choice(vocab) for w in a]
    text_a, text_b = " ".join(a), " ".join(b)

    def ours() -> object:
        clear_caches()
        return word_diff(text_a, text_b)

    def python_dmp() -> list[tuple[int, str]]:
        ca, cb, back = _CODEC.pair(text_a, text_b)
        dmp = diff_match_patch()
        dmp.Diff_Timeout = 0
        diffs = dmp.diff_main(ca, cb, False)
        dmp.diff_cleanupSemantic(diffs)
        return [(op, "".join(map(back.__getitem__, chars))) for op, chars in diffs]

    t_ours, t_py = best_of(3, ours), best_of(1, python_dmp)
    if list(ours()) != python_dmp():
        row("word diff, 3,000-word rewrite", "ops differ from Python dmp", ok="MISSED")
        return
    ratio = t_ours / t_py
    row(
        "word diff, 3,000-word rewrite vs Python dmp",
        f"{t_ours:.3f} s",
        f"{t_py:.2f} s",
        f"{ratio:.2f}x",
        "< 0.2x",
        "ok" if ratio < 0.2 else "MISSED",
    )


def machine_speed() -> None:
    """A fixed pure-Python loop. The same code runs two or three times faster on one machine
    than on another, so read absolute seconds (the 1,000-section bar) against this row."""

    def loop() -> int:
        total = 0
        for i in range(10_000_000):
            total += i
        return total

    row("machine: 10M-step Python loop (reference)", f"{best_of(3, loop):.2f} s")


def plain_diff_baseline(folder: Path, ours: float) -> None:
    """The user's obvious alternative on the same 10x texts: one plain word diff (redlines),
    which neither aligns provisions nor finds term changes."""
    try:
        from redlines import Redlines
    except ImportError:
        row("align 10x vs plain word diff", "skipped", "redlines missing")
        return
    a = (folder / "old.txt").read_text(encoding="utf-8")
    b = (folder / "new.txt").read_text(encoding="utf-8")
    theirs = best_of(1, lambda: Redlines(a, b).output_markdown)
    ratio = ours / theirs
    row(
        "align 10x vs plain word diff (redlines)",
        f"{ours:.2f} s",
        f"{theirs:.2f} s",
        f"{ratio:.2f}x",
        "< 1x",
        "ok" if ratio < 1 else "MISSED",
    )


def bench_scale() -> None:
    extra = ROOT.parent / "shared" / "corpus-extra"
    if not extra.exists():
        row("10x/40x orders", "skipped", "no corpus-extra")
        return
    machine_speed()
    from lovdiff.align import compare
    from lovdiff.parse import parse_file
    from lovdiff.textdiff import clear_caches

    def cold(old: object, new: object) -> None:
        clear_caches()  # every run pays for its own word diffs and tokenisation
        compare(old, new)  # type: ignore[arg-type]

    times = {}
    sections = {}
    for scale in (10, 40):
        out = Path(tempfile.mkdtemp(prefix=f"lovdiff-x{scale}-"))
        subprocess.run(
            [
                PY,
                str(ROOT / "scripts" / "make_synthetic_pair.py"),
                "--scale",
                str(scale),
                "--out",
                str(out),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        old, new = parse_file(out / "old.txt"), parse_file(out / "new.txt")
        n = sum(p.kind == "section" for p in old.provisions)
        times[scale] = best_of(3, lambda o=old, w=new: cold(o, w))
        sections[scale] = n
        row(f"align {scale}x order ({n} sections)", f"{times[scale]:.2f} s")
        if scale == 10:
            plain_diff_baseline(out, times[scale])
        shutil.rmtree(out, ignore_errors=True)
    ratio = times[40] / times[10]
    row(
        "growth 40x / 10x",
        f"{ratio:.2f}x",
        "4x = linear",
        "",
        "<= 6x",
        "ok" if ratio <= 6 else "MISSED",
    )
    per_1000 = times[40] / sections[40] * 1000
    row(
        "align per 1,000 sections (from 40x)",
        f"{per_1000:.2f} s",
        "",
        "",
        "well under 1 s",
        "ok" if per_1000 < 0.75 else "MISSED",
    )
    bench_mixed(extra, cold)


MIXED_ACTS = (
    "dk_okologiloven_1_LOV2008-463.txt",
    "dk_okologiloven_5_LBK2011-416.txt",
    "dk_okologiloven_8_LBK2017-21.txt",
    "dk_foraeldelsesloven_1_LBK2013-1063.txt",
    "dk_foraeldelsesloven_3_LBK2015-1238_fromXML.txt",
    "dk_digitalpost_1_LOV2012-528.txt",
    "dk_digitalpost_3_LBK2016-801.txt",
    "dk_skibsfinansiering_1_LBK2011-886.txt",
    "dk_skibsfinansiering_2_LBK2014-851.txt",
    "dk_digitalpost_4_BEK2013-985_juridiske_enheder_FLAT.txt",
    "dk_digitalpost_5_BEK2013-1553_fysiske_personer_FLAT.txt",
)
"""Eleven real acts and orders, one after another, for an order of 1,000 sections whose
provisions are not 40 copies of one act's (a copy's twins are the hardest candidates)."""


def bench_mixed(extra: Path, cold: Callable[[object, object], None]) -> None:
    from lovdiff.parse import parse_file

    out = Path(tempfile.mkdtemp(prefix="lovdiff-mixed-"))
    seeds = [arg for name in MIXED_ACTS for arg in ("--seed-file", str(extra / name))]
    script = str(ROOT / "scripts" / "make_synthetic_pair.py")
    subprocess.run(
        [PY, script, "--scale", "4", "--out", str(out), *seeds],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    old, new = parse_file(out / "old.txt"), parse_file(out / "new.txt")
    n = sum(p.kind == "section" for p in old.provisions)
    t = best_of(3, lambda: cold(old, new))
    shutil.rmtree(out, ignore_errors=True)
    per_1000 = t / n * 1000
    row(
        f"align 11 acts x4 ({n} sections), per 1,000",
        f"{per_1000:.2f} s",
        f"{t:.2f} s all",
        "",
        "well under 1 s",
        "ok" if per_1000 < 0.75 else "MISSED",
    )


# --------------------------------------------------------------------------- link, ingest


def bench_link() -> None:
    from lovdiff.align import compare
    from lovdiff.link import link_responses
    from lovdiff.parse import parse_file
    from lovdiff.responses import read_responses

    old, new = parse_file(OLD), parse_file(NEW)
    cmp = compare(old, new)
    sources = read_responses(LETTERS)
    n = sum(len(r.comments) for s in sources for r in s.responses)
    first = best_of(1, lambda: link_responses(sources, new, previous=old, comparison=cmp))
    warm = best_of(3, lambda: link_responses(sources, new, previous=old, comparison=cmp))
    split = best_of(3, lambda: read_responses(LETTERS))
    row(
        "link per comment (warm)",
        f"{warm / n * 1000:.2f} ms",
        f"{split / n * 1000:.2f} ms split",
        f"{warm / split:.1f}x",
    )
    row("link, first call (spaCy + index build)", f"{first:.2f} s")


def bench_ingest() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "LOVDIFF_INSTANCE": tmp,
            "LOVDIFF_DATABASE_URL": f"sqlite:///{tmp}/b.sqlite3",
        }
        first = run([*LOVDIFF, "ingest", str(CORPUS)], env=env)
        again = run([*LOVDIFF, "ingest", str(CORPUS)], env=env)
        parse_only = run(
            [*LOVDIFF, "comments", str(LETTERS), "--against", str(NEW), "--previous", str(OLD)],
            env=env,
        )
    row(
        "ingest corpus (SQLite, whole process)",
        f"{first:.2f} s",
        f"{parse_only:.2f} s comments",
        f"{first / parse_only:.1f}x",
    )
    row("ingest corpus again (idempotent)", f"{again:.2f} s")


# --------------------------------------------------------------------------- pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


def rss_kb(pid: int) -> int:
    total = 0
    for p in [pid, *child_pids(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def child_pids(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def load(
    port: int, paths: list[str], requests: int, clients: int
) -> tuple[list[float], float, int]:
    latencies, wall, errors, _ = load_by_path(port, paths, requests, clients)
    return latencies, wall, errors


def load_by_path(
    port: int, paths: list[str], requests: int, clients: int
) -> tuple[list[float], float, int, dict[str, list[float]]]:
    """``requests`` GETs cycling through ``paths`` from ``clients`` threads: all latencies,
    wall time, errors, and the latencies of each path."""
    latencies: list[float] = []
    per_path: dict[str, list[float]] = {p: [] for p in paths}
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            t0 = time.perf_counter()
            try:
                conn.request("GET", paths[i % len(paths)])
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                per_path[paths[i % len(paths)]].append(dt)
                errors += 0 if ok else 1
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - t0, errors, per_path


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def bench_pages(url: str, label: str, requests: int, clients: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = url.format(inst=tmp)
        env = {
            **os.environ,
            "LOVDIFF_INSTANCE": tmp,
            "LOVDIFF_DATABASE_URL": url,
            "LOVDIFF_SECRET_KEY": "bench",
        }
        subprocess.run(
            [*LOVDIFF, "ingest", str(CORPUS)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port = free_port()
        server = subprocess.Popen(
            [
                PY,
                str(ROOT / "scripts" / "serve_prod.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    if get(port, "/")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            cons = get(port, "/hoering/hoering-2026")[1].decode()
            responses = sorted(set(re.findall(r'href="(/svar/[^"#]+)"', cons)))[:2]
            orgs = get(port, "/organisationer")[1].decode()
            organisation = sorted(set(re.findall(r'href="(/organisation/[^"#]+)"', orgs)))[:1]
            paths = [  # every kind of page the viewer has
                "/",
                "/sammenlign/bek-2020/udkast-2026",
                "/sammenlign/bek-2020/udkast-2026?vis=vaesentlige",
                "/sammenlign/redline-2026-forudsaetninger-foer/redline-2026-forudsaetninger-efter",
                "/dokument/udkast-2026",
                "/dokument/udkast-2026/p8-stk4",
                "/dokument/udkast-2026/p19-stk4",
                "/hoering/hoering-2026",
                "/hoering/hoering-2026/matrix",
                "/organisationer",
                *organisation,
                "/soeg?q=klinisk+funktion",
                "/login",
                "/sammenlign/bek-2020/udkast-2026.json",
                *responses,
            ]
            for p in paths:  # warm every worker's caches
                for _ in range(4):
                    status = get(port, p)[0]
                    if status != 200:
                        row(f"pages ({label}) {p}", f"HTTP {status}")
            base_lat, base_wall, _ = load(port, ["/static/lovdiff.css"], requests // 2, clients)
            rss0 = rss_kb(server.pid)
            lat, wall, errors, per_path = load_by_path(port, paths, requests, clients)
            rss1 = rss_kb(server.pid)
            lat2, wall2, errors2 = load(port, paths, requests, clients)
            rss2 = rss_kb(server.pid)
            p50, p99 = pct(lat, 0.5) * 1000, pct(lat, 0.99) * 1000
            row(
                f"pages {label}: p50 ({clients} clients)",
                f"{p50:.1f} ms",
                f"{pct(base_lat, 0.5) * 1000:.1f} ms static",
                f"{p50 / max(pct(base_lat, 0.5) * 1000, 0.01):.1f}x",
            )
            row(
                f"pages {label}: p99 ({clients} clients)",
                f"{p99:.1f} ms",
                f"{pct(base_lat, 0.99) * 1000:.1f} ms static",
                "",
                "< 100 ms",
                "ok" if p99 < 100 else "MISSED",
            )
            worst = max((p for p in per_path if per_path[p]), key=lambda p: pct(per_path[p], 0.99))
            row(
                f"pages {label}: slowest page, p99",
                f"{pct(per_path[worst], 0.99) * 1000:.1f} ms",
                worst[:14],
            )
            row(
                f"pages {label}: requests/s",
                f"{len(lat) / wall:.0f}",
                f"{len(base_lat) / base_wall:.0f} static",
                f"{(len(lat) / wall) / (len(base_lat) / base_wall):.2f}",
            )
            growth = (rss2 - rss1) / max(rss1, 1)
            row(
                f"pages {label}: RSS over 2x{requests} requests",
                f"{rss0 // 1024}->{rss1 // 1024}->{rss2 // 1024} MB",
                "",
                f"{growth * 100:+.1f}%",
                "flat (< +5%)",
                "ok" if growth < 0.05 else "MISSED",
            )
            if errors or errors2:
                row(f"pages {label}: errors", str(errors + errors2))
        finally:
            server.terminate()
            server.wait(timeout=10)


def postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the page-load benchmark")
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    ap.add_argument("--only", choices=["parse", "diff", "scale", "link", "ingest", "pages"])
    args = ap.parse_args()
    os.chdir(ROOT)
    print(f"{'what':<48} {'value':>14} {'baseline':>14} {'ratio':>8}  {'goal':<18}")
    steps = {
        "parse": bench_parse,
        "diff": bench_diff,
        "scale": bench_scale,
        "link": bench_link,
        "ingest": bench_ingest,
    }
    for name, step in steps.items():
        if args.only in (None, name):
            step()
    if not args.quick and args.only in (None, "pages"):
        bench_pages("sqlite:///{inst}/pages.sqlite3", "SQLite", args.requests, args.clients)
        if postgres_available():
            bench_pages(PG_URL, "PostgreSQL", args.requests, args.clients)
        else:
            row("pages PostgreSQL", "skipped", "no server at 127.0.0.1:5432")
    missed = [r[0] for r in ROWS if r[5] == "MISSED"]
    if missed:
        print(f"\nmissed goals: {', '.join(missed)}")
    if args.check and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
