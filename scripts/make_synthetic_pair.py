"""Make a synthetic old/new pair of an order with a known correspondence (gold).

Inputs:
    --seed-file PATH   a real order or act in Retsinformation's text layout (``Kapitel N`` +
                       heading line, ``§ N.``, ``Stk. N.``, ``N)`` at line starts); the header
                       ended by a line of dashes is skipped. Default: økologiloven 2015 from
                       ../shared/corpus-extra (an act the aligner was never tuned to). Given
                       more than once, the acts' chapters follow one another in one order
                       (under the first one's title): a long order of different provisions.
    --rng-seed N       seed of the edit script (default 7): same inputs, same outputs.
    --scale N          repeat the order N times (chapters and sections renumbered, each copy
                       marked so copies differ) before editing: for timing 10x and 40x orders.
    --out DIR          output folder (default tests/data/synthetic).

Outputs in DIR:
    old.txt    the seed order, cleanly laid out, sections numbered 1..n.
    new.txt    the edited order: sections deleted, added, moved to another chapter, split,
               merged; subsections moved into other sections; wording edited; one term replaced
               throughout; internal references renumbered, except one left stale on purpose.
    gold.json  the intended answer: {"pairs": {"section": [[old, new], ...], "subsection": …},
               "deleted", "added", "term_changes", "stale_references", "operations"}.

Section gold pairs: a new section corresponds to an old one when its stk. 1 comes from the old
section's stk. 1, or when the text it took from the old section is at least half of either
side (splits and merges). Subsection gold pairs follow every subsection to where it went.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT.parent / "shared" / "corpus-extra" / "dk_okologiloven_7_LBK2015-1657.txt"

SECTION = re.compile(r"^§\s*(\d+\s?[a-z]?)\.\s*(.*)$")
SUBSECTION = re.compile(r"^Stk\.\s*(\d+)\.\s*(.*)$")
ITEM = re.compile(r"^(\d+)\)\s*(.*)$")
INLINE_SUBSECTION = re.compile(r"(?<=[.:])\s+Stk\.\s*\d+\.\s+")
"""A subsection label inside a line, after a sentence ends (flattened layouts)."""
CHAPTER = re.compile(r"^Kapitel\s+(\d+\s?[a-z]?)\s*$")
REFERENCE = re.compile(r"§\s(\d+)(?=[\s,.;)])")
RANGE = re.compile(r"§§\s(\d+)((?:\s?(?:-|–|,|og|eller)\s?\d+)+)(?=[\s,.;)])")
REPLACEMENTS = ("myndigheden", "instansen", "organet", "enheden", "forvaltningen")


@dataclass
class Sub:
    text: str
    items: list[str] = field(default_factory=list)
    origin: str | None = None
    """Old ref ("§ 4, stk. 2") of the subsection this one came from; None when added."""

    def words(self) -> int:
        return len((self.text + " " + " ".join(self.items)).split())


@dataclass
class Sec:
    subs: list[Sub]
    origin: str | None = None
    """Old ref of the section this one continues ("§ 4"); None for a new section."""
    num: str = ""


@dataclass
class Chapter:
    heading: str
    secs: list[Sec]
    implicit: bool = False
    """The sections of an order without chapters (rendered without a ``Kapitel`` line)."""


def read_seed(path: Path) -> tuple[str, list[Chapter]]:
    """Title and chapters of a clean-layout order (mellemrubrikker and notes dropped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for k, line in enumerate(lines):
        if re.fullmatch(r"-{20,}", line.strip()):
            lines = lines[k + 1 :]
            break
    lines = [ln.replace("\u00a0", " ").replace("\u00ad", "").strip() for ln in lines]
    title = next(ln for ln in lines if ln)
    chapters: list[Chapter] = []
    sec: Sec | None = None
    pending_heading = False
    for line in lines:
        if not line:
            continue
        if line.startswith("Officielle noter") or line.startswith("Lov nr."):
            break
        if CHAPTER.match(line):
            chapters.append(Chapter("", []))
            pending_heading = True
            sec = None
            continue
        if pending_heading and not SECTION.match(line):
            chapters[-1].heading = line
            pending_heading = False
            continue
        pending_heading = False  # a chapter without a heading
        m = SECTION.match(line)
        if m and not chapters:  # an order without chapters (or sections before the first)
            chapters.append(Chapter("", [], implicit=True))
        if m:
            # a flattened layout puts a section's stk. on its line: "… tekst. Stk. 2. …"
            first, *rest = INLINE_SUBSECTION.split(m.group(2))
            sec = Sec([Sub(first.strip())] + [Sub(t.strip()) for t in rest])
            chapters[-1].secs.append(sec)
            continue
        if sec is None:
            continue
        m = SUBSECTION.match(line)
        if m:
            sec.subs.append(Sub(m.group(2)))
            continue
        m = ITEM.match(line)
        if m:
            sec.subs[-1].items.append(m.group(2))
            continue
        # other lines (mellemrubrikker) are dropped
    chapters = [c for c in chapters if c.secs]
    for c in chapters:
        for s in c.secs:
            for sub in s.subs:
                # footnote markers glued to a word or standing alone ("Miljøministeriet1) ,")
                sub.text = re.sub(
                    r"(?<=[^\W\d_])\d{1,2}\)\s?(?=[\s,.;])|\s\d\)(?=\s|$)", "", sub.text
                )
                sub.items = [re.sub(r"(?<=[^\W\d_])\d{1,2}\)", "", x) for x in sub.items]
    return title, chapters


def scale(chapters: list[Chapter], factor: int) -> list[Chapter]:
    """The chapters repeated ``factor`` times; copy c marks each subsection as its own."""
    if factor <= 1:
        return chapters
    out = []
    for c in range(factor):
        for ch in chapters:
            secs = [
                Sec([Sub(f"{s.text} Gælder for område {c + 1}.", list(s.items)) for s in sec.subs])
                for sec in ch.secs
            ]
            heading = f"{ch.heading} (område {c + 1})" if ch.heading else f"Område {c + 1}"
            out.append(Chapter(heading, secs))
    return out


def render(title: str, chapters: list[Chapter]) -> str:
    parts = [title, ""]
    n = 0
    for ch in chapters:
        if not ch.implicit:
            n += 1
            parts += [f"Kapitel {n}", ch.heading, ""]
        for sec in ch.secs:
            for k, sub in enumerate(sec.subs, 1):
                lead = f"§ {sec.num}." if k == 1 else f"Stk. {k}."
                parts.append(f"{lead} {sub.text}")
                parts += [f"{i}) {item}" for i, item in enumerate(sub.items, 1)]
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def number(chapters: list[Chapter]) -> None:
    n = 0
    for ch in chapters:
        for sec in ch.secs:
            n += 1
            sec.num = str(n)


def edit_words(text: str, rng: random.Random, vocab: list[str]) -> str:
    """Replace, insert or delete a few words (at most about 15 %)."""
    ws = text.split()
    if len(ws) < 8:
        return text + " " + " ".join(rng.sample(vocab, 2))
    for _ in range(max(1, len(ws) // 12)):
        k = rng.randrange(1, len(ws) - 1)
        op = rng.choice(("replace", "insert", "delete"))
        if op == "replace":
            ws[k] = rng.choice(vocab)
        elif op == "insert":
            ws.insert(k, rng.choice(vocab))
        elif len(ws) > 8:
            del ws[k]
    return " ".join(ws)


def invented_text(rng: random.Random, vocab: list[str], n_words: int) -> str:
    ws = [rng.choice(vocab) for _ in range(n_words)]
    return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed-file", type=Path, action="append")
    ap.add_argument("--rng-seed", type=int, default=7)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "synthetic")
    args = ap.parse_args(argv)
    rng = random.Random(args.rng_seed)

    seeds = args.seed_file or [DEFAULT_SEED]
    title, chapters = read_seed(seeds[0])
    for extra in seeds[1:]:
        chapters += read_seed(extra)[1]
    chapters = scale(chapters, args.scale)
    number(chapters)
    # old refs on every unit
    for ch in chapters:
        for sec in ch.secs:
            sec.origin = f"§ {sec.num}"
            for k, sub in enumerate(sec.subs, 1):
                sub.origin = f"§ {sec.num}, stk. {k}"
    old_text = render(title, chapters)
    all_words = re.findall(r"[a-zæøå]{6,}", old_text)
    vocab = sorted(set(all_words))

    # the new version, built from deep copies
    new: list[Chapter] = [
        Chapter(
            ch.heading,
            [
                Sec([Sub(s.text, list(s.items), s.origin) for s in sec.subs], sec.origin)
                for sec in ch.secs
            ],
            ch.implicit,
        )
        for ch in chapters
    ]
    ops: list[str] = []
    old_subs = {sub.origin: sub for ch in chapters for sec in ch.secs for sub in sec.subs}
    secs = [s for ch in new for s in ch.secs]
    n = len(secs)

    def pick(cond, k: int) -> list[Sec]:  # type: ignore[no-untyped-def]
        pool = [s for s in secs if cond(s) and not getattr(s, "_touched", False)]
        chosen = rng.sample(pool, min(k, len(pool)))
        for s in chosen:
            s._touched = True  # type: ignore[attr-defined]
        return chosen

    # 1. delete sections
    for s in pick(lambda s: True, max(1, n // 12)):
        for ch in new:
            if s in ch.secs:
                ch.secs.remove(s)
        ops.append(f"delete {s.origin}")
    # 2. split a section with >= 3 subsections into two
    for s in pick(lambda s: len(s.subs) >= 3, max(1, n // 25)):
        half = len(s.subs) // 2
        tail = Sec(s.subs[half:], None)
        s.subs = s.subs[:half]
        tail._touched = True  # type: ignore[attr-defined]
        for ch in new:
            if s in ch.secs:
                ch.secs.insert(ch.secs.index(s) + 1, tail)
        ops.append(f"split {s.origin} after stk. {half}")
    # 3. merge two neighbouring short sections
    merged = 0
    for ch in new:
        k = 0
        while k + 1 < len(ch.secs) and merged < max(1, n // 25):
            a, b = ch.secs[k], ch.secs[k + 1]
            ok = all(
                not getattr(x, "_touched", False) and x.origin and len(x.subs) <= 2 for x in (a, b)
            )
            if ok and rng.random() < 0.3:
                a.subs += b.subs
                ch.secs.remove(b)
                a._touched = True  # type: ignore[attr-defined]
                b._touched = True  # type: ignore[attr-defined]
                ops.append(f"merge {b.origin} into {a.origin}")
                merged += 1
            k += 1
    # 4. move sections to another chapter
    for s in pick(lambda s: True, max(1, n // 20)):
        src = next(ch for ch in new if s in ch.secs)
        dst = rng.choice([ch for ch in new if ch is not src] or [src])
        src.secs.remove(s)
        dst.secs.insert(rng.randrange(len(dst.secs) + 1), s)
        where = f"to chapter '{dst.heading}'" if not dst.implicit else "elsewhere"
        ops.append(f"move {s.origin} {where}")
    # 5. move single subsections (not stk. 1) into another section
    movable = [s for ch in new for s in ch.secs if len(s.subs) >= 3]
    for s in rng.sample(movable, min(max(1, n // 20), len(movable))):
        sub = s.subs.pop(rng.randrange(1, len(s.subs)))
        targets = [t for ch in new for t in ch.secs if t is not s and len(t.subs) >= 2]
        t = rng.choice(targets)
        t.subs.append(sub)
        ops.append(f"move {sub.origin} to the end of the section from {t.origin}")
    # 6. add new sections with invented text
    for _ in range(max(1, n // 12)):
        ch = rng.choice(new)
        subs = [
            Sub(invented_text(rng, vocab, rng.randint(12, 30))) for _ in range(rng.randint(1, 3))
        ]
        ch.secs.insert(rng.randrange(len(ch.secs) + 1), Sec(subs, None))
        ops.append("add a section" + (f" to chapter '{ch.heading}'" if not ch.implicit else ""))
    # 7. edit wording
    subs_all = [sub for ch in new for s in ch.secs for sub in s.subs if sub.origin]
    for sub in rng.sample(subs_all, len(subs_all) // 6):
        sub.text = edit_words(sub.text, rng, vocab)
    ops.append(f"edit wording of {len(subs_all) // 6} subsections")

    number(new)
    mapping: dict[str, str] = {}
    for ch in new:
        for s in ch.secs:
            if s.origin and s.subs and s.subs[0].origin == f"{s.origin}, stk. 1":
                mapping[s.origin.split()[1]] = s.num

    # 8. a systematic term replacement
    counts: dict[str, int] = {}
    for w in re.findall(r"\b[a-zæøå]{8,}\b", old_text):
        counts[w] = counts.get(w, 0) + 1
    term = max(sorted(counts), key=lambda w: counts[w])
    replacement = next(r for r in REPLACEMENTS if r not in old_text)
    ops.append(f"replace '{term}' by '{replacement}' throughout")

    def retext(text: str) -> str:
        text = re.sub(rf"\b{term}\b", replacement, text)
        text = RANGE.sub(
            lambda m: re.sub(r"\d+", lambda d: mapping.get(d.group(0), d.group(0)), m.group(0)),
            text,
        )
        return REFERENCE.sub(lambda m: "§ " + mapping.get(m.group(1), m.group(1)), text)

    # references: renumbered everywhere, except one left stale on purpose
    stale: list[str] = []
    for ch in new:
        for s in ch.secs:
            for k, sub in enumerate(s.subs, 1):
                original = sub.text
                sub.text = retext(sub.text)
                sub.items = [retext(x) for x in sub.items]
                if not stale and sub.origin:
                    refs = [
                        m.group(1)
                        for m in REFERENCE.finditer(original)
                        if mapping.get(m.group(1), m.group(1)) != m.group(1)
                    ]
                    if refs:
                        old_num = refs[0]
                        sub.text = re.sub(
                            rf"§ {mapping[old_num]}(?=[\s,.;)])", f"§ {old_num}", sub.text, count=1
                        )
                        stale.append(f"§ {s.num}, stk. {k}")
                        ops.append(
                            f"leave the reference to § {old_num} in § {s.num}, stk. {k} stale"
                        )

    if not stale:
        # no reference to a renumbered section in the seed: add one to both versions and
        # leave it unrenumbered in the new one
        moved_nums = sorted((k for k, v in mapping.items() if k != v), key=int)
        hosts = [
            (s, k, sub)
            for ch in new
            for s in ch.secs
            for k, sub in enumerate(s.subs, 1)
            if sub.origin and moved_nums and s.origin != f"§ {moved_nums[0]}"
        ]
        if hosts:
            s, k, sub = hosts[len(hosts) // 2]
            sentence = f" Reglerne i § {moved_nums[0]} finder tilsvarende anvendelse."
            old_subs[sub.origin].text += sentence  # type: ignore[index]
            sub.text += sentence
            stale.append(f"§ {s.num}, stk. {k}")
            ops.append(f"add a reference to § {moved_nums[0]} and leave it stale in {stale[0]}")
            old_text = render(title, chapters)

    new_text = render(title, new)

    # gold
    sub_pairs: list[list[str]] = []
    sec_pairs: set[tuple[str, str]] = set()
    sizes_old = {f"§ {s.num}": sum(x.words() for x in s.subs) for ch in chapters for s in ch.secs}
    added_secs, added_subs = [], []
    for ch in new:
        for s in ch.secs:
            size_new = sum(x.words() for x in s.subs)
            took: dict[str, int] = {}
            for k, sub in enumerate(s.subs, 1):
                ref = f"§ {s.num}, stk. {k}"
                if sub.origin is None:
                    added_subs.append(ref)
                    continue
                sub_pairs.append([sub.origin, ref])
                old_sec = sub.origin.split(",")[0]
                took[old_sec] = took.get(old_sec, 0) + sub.words()
                if k == 1 and sub.origin.endswith("stk. 1"):
                    sec_pairs.add((old_sec, f"§ {s.num}"))
            for old_sec, w in took.items():
                if w >= 0.5 * size_new or w >= 0.5 * sizes_old[old_sec]:
                    sec_pairs.add((old_sec, f"§ {s.num}"))
            if not took:
                added_secs.append(f"§ {s.num}")
    kept_subs = {a for a, _ in sub_pairs}
    kept_secs = {a for a, _ in sec_pairs}
    deleted_subs = [
        f"§ {s.num}, stk. {k}"
        for ch in chapters
        for s in ch.secs
        for k in range(1, len(s.subs) + 1)
        if f"§ {s.num}, stk. {k}" not in kept_subs
    ]
    deleted_secs = [
        f"§ {s.num}" for ch in chapters for s in ch.secs if f"§ {s.num}" not in kept_secs
    ]
    gold = {
        "seed": ", ".join(p.name for p in seeds),
        "rng_seed": args.rng_seed,
        "scale": args.scale,
        "operations": ops,
        "pairs": {
            "section": sorted(sec_pairs, key=lambda p: (_n(p[1]), _n(p[0]))),
            "subsection": sub_pairs,
        },
        "deleted": {"section": deleted_secs, "subsection": deleted_subs},
        "added": {"section": added_secs, "subsection": added_subs},
        "term_changes": [[term, replacement]],
        "stale_references": stale,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "old.txt").write_text(old_text, encoding="utf-8")
    (args.out / "new.txt").write_text(new_text, encoding="utf-8")
    (args.out / "gold.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(
        f"{args.out}: {sum(len(c.secs) for c in chapters)} old sections, "
        f"{sum(len(c.secs) for c in new)} new, {len(ops)} operations"
    )
    return 0


def _n(ref: str) -> int:
    return int(re.sub(r"\D", "", ref.split(",")[0]) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
