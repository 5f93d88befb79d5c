"""Score the signatory-list parser against lists whose entries were written out by hand.

Usage::

    .venv/bin/python bench/parser_score.py [--split train|blind|fixtures|all] [--dir DIR] [-v]

A case is ``<id>.txt`` (the list as published, byte for byte) with ``<id>.expected.json``
beside it: its ``entries`` with the fields below, and optionally ``shapes`` (the shape
classes of the list, for the breakdown). The splits are folders of the repository:

- ``fixtures``: ``tests/data/parser/fixtures/`` (hand-made) and the seeds
  (``fixtures/seeds/<name>.expected.json`` with the text ``tests/data/seeds/<name>.txt``);
- ``train``: ``tests/data/parser/real/train/``, real lists the parser was tuned on;
- ``blind``: ``tests/data/parser/real/blind/``, real lists it was never tuned on.

``--dir`` scores any other folder of cases instead.

An entry is right when every field (position, kind, abbreviation, name, transliteration,
translation, country, affiliation, role, source line) equals the expected value. The
source line is compared with each of its lines stripped of surrounding whitespace and
inner runs of spaces squeezed, which is how the parser reports lines.

Expected and produced entries are paired by identity, not by position, so that one stray
heading costs one entry and not every entry after it: first by source line and name,
then by source line alone (in order), then by name among entries whose source lines
overlap. An expected entry left unpaired counts as wrong; a produced entry left unpaired
adds one to the list's total (an extra entry costs like a wrong one).

Printed per list: ``right/total  share  count-ok  id`` (count-ok: the number of entries
produced is within 10 % of the true number); then overall the entries right of all, the
mean share per list, the lists within 10 % of their count, and the same per shape.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from undersigned.imports.parsing import parse_signatories_file  # noqa: E402

DATA = REPO / "tests" / "data"
FIXTURES = DATA / "parser" / "fixtures"
SEEDS = DATA / "seeds"
REAL = DATA / "parser" / "real"
FIELDS = (
    "position",
    "kind",
    "abbreviation",
    "name",
    "name_transliteration",
    "name_translation",
    "country",
    "affiliation",
    "role",
    "source_line",
)


# The classes of shape of issue 16, each as the shape tags of the expected files that
# belong to it (a list belongs to every class one of its tags matches).
CLASSES: dict[str, str] = {
    "abbreviation-country": r"abbr.*country|country-no-comma|glued-paren-country|"
    r"name-(comma|dash|space-comma)-country|name-\(country\)|abbreviated-party",
    "individuals": r"individual|name-paren|name-(en-dash-)?role|name-title|"
    r"name-(comma-)?institution|affiliation|bold-name|surname-first",
    "headings-editorial-lead-in": r"group-heading|sector-heading|category-heading|"
    r"heading-inside|headings-between|editorial|html-comment|closing|and-many-more|"
    r"and-others|lead-in-(verb|without|coalition|sentence|third)|vague-category|"
    r"not-signatories|junk-line|body-numbered|two-groups|country-headings|footnote-line",
    "digits-punctuation-rtl": r"digits|rtl|trailing-comma|full-stop|danda|numbered|"
    r"numbering|trailing-separator|letter-markers|emoji-bullets|fullwidth-semicolon",
    "inline": r"inline|list-inside-prose|ideographic-comma|arabic-comma|last-entry-joined|"
    r"final-dan|two-entries",
    "tables": r"table|column|cell|delimited",
    "name-forms": r"ABBR|abbr-|acronym|capitals|legal-form|titles|pseudonym|flag|handle|"
    r"footnote|marker|lowercase|links|emails|post-nominal",
    "scripts": r"cjk|korean|katakana|corner-brackets|simplified-chinese|rtl|devanagari|"
    r"bengali|cyrillic|mixed-script|multiscript|polish|greek|thai|hebrew|swahili|georgian|"
    r"ethiopic|tamil|vietnamese",
}


@dataclass
class Case:
    split: str
    label: str
    text: Path
    expected: Path


@dataclass
class Score:
    case: Case
    right: int
    total: int
    expected: int
    produced: int
    shapes: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    @property
    def count_ok(self) -> bool:
        return abs(self.produced - self.expected) <= 0.1 * self.expected


def cases_in(folder: Path, split: str) -> list[Case]:
    found = []
    for expected in sorted(folder.glob("*.expected.json")):
        text = expected.with_name(expected.name.removesuffix(".expected.json") + ".txt")
        if text.exists():
            found.append(Case(split, text.stem, text, expected))
    return found


def cases(split: str) -> list[Case]:
    found: list[Case] = []
    if split in {"fixtures", "all"}:
        found += cases_in(FIXTURES, "fixtures")
        for expected in sorted((FIXTURES / "seeds").glob("*.expected.json")):
            text = SEEDS / (expected.name.removesuffix(".expected.json") + ".txt")
            if text.exists():
                found.append(Case("fixtures", f"seeds/{text.stem}", text, expected))
    for name in ("train", "blind"):
        if split in {name, "all"}:
            found += cases_in(REAL / name, name)
    return found


def normalized_source(value: object) -> str:
    lines = str(value or "").split("\n")
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in lines)


def normalized_name(value: object) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().casefold()


def comparable(entry: dict[str, Any], name: str) -> object:
    value = entry.get(name)
    return normalized_source(value) if name == "source_line" else value


def pair(expected: list[dict[str, Any]], produced: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (expected index, produced index) by identity; see the module's docstring."""
    pairs: list[tuple[int, int]] = []
    free_e = set(range(len(expected)))
    free_p = set(range(len(produced)))
    src_e = [normalized_source(e.get("source_line")) for e in expected]
    src_p = [normalized_source(p.get("source_line")) for p in produced]
    name_e = [normalized_name(e.get("name")) for e in expected]
    name_p = [normalized_name(p.get("name")) for p in produced]

    def take(i: int, j: int) -> None:
        pairs.append((i, j))
        free_e.discard(i)
        free_p.discard(j)

    for i in range(len(expected)):
        for j in sorted(free_p):
            if src_e[i] == src_p[j] and name_e[i] == name_p[j]:
                take(i, j)
                break
    by_source: dict[str, list[int]] = defaultdict(list)
    for j in sorted(free_p):
        by_source[src_p[j]].append(j)
    for i in sorted(free_e):
        candidates = [j for j in by_source.get(src_e[i], []) if j in free_p]
        if candidates:
            best = max(candidates, key=lambda j: (fuzz.ratio(name_e[i], name_p[j]), -j))
            take(i, best)
    for i in sorted(free_e):
        lines_e = set(src_e[i].split("\n"))
        options = [
            (fuzz.ratio(name_e[i], name_p[j]), -j, j)
            for j in free_p
            if lines_e & set(src_p[j].split("\n"))
        ]
        options = [o for o in options if o[0] >= 60]
        if options:
            take(i, max(options)[2])
    return pairs


def score_case(case: Case) -> Score:
    want = json.loads(case.expected.read_text(encoding="utf-8"))
    expected: list[dict[str, Any]] = want["entries"]
    produced: list[dict[str, Any]] = parse_signatories_file(case.text).to_dict()["entries"]  # type: ignore[assignment]
    pairs = pair(expected, produced)
    right = 0
    messages: list[str] = []
    paired_e = {i for i, _ in pairs}
    paired_p = {j for _, j in pairs}
    for i, j in sorted(pairs):
        want_entry, got = expected[i], produced[j]
        wrong = [f for f in FIELDS if comparable(got, f) != comparable(want_entry, f)]
        if wrong:
            detail = "; ".join(f"{f}: {got.get(f)!r} != {want_entry.get(f)!r}" for f in wrong)
            messages.append(f"  wrong ({str(want_entry['source_line']).strip()[:60]!r}): {detail}")
        else:
            right += 1
    for i, want_entry in enumerate(expected):
        if i not in paired_e:
            line = str(want_entry["source_line"])[:80]
            messages.append(f"  missing: {line!r} ({want_entry['name']!r})")
    extra = [got for j, got in enumerate(produced) if j not in paired_p]
    for got in extra:
        line = str(got["source_line"])[:80]
        messages.append(f"  unexpected entry: {line!r} -> {got['name']!r}")
    shapes = [str(s) for s in want.get("shapes", [])]
    return Score(
        case, right, len(expected) + len(extra), len(expected), len(produced), shapes, messages
    )


def summary(label: str, scores: list[Score]) -> str:
    right = sum(s.right for s in scores)
    total = sum(s.total for s in scores)
    mean = sum(s.share for s in scores) / len(scores) if scores else 0.0
    count_ok = sum(s.count_ok for s in scores)
    share = right / total if total else 1.0
    return (
        f"{label}: {right}/{total} entries right ({share:.3f}), mean share per list "
        f"{mean:.3f}, {count_ok}/{len(scores)} lists within 10 % of the count"
    )


def classes_of(score: Score) -> set[str]:
    return {
        name
        for name, pattern in CLASSES.items()
        if any(re.search(pattern, shape) for shape in score.shapes)
    }


def print_classes(scores: list[Score]) -> None:
    by_class: dict[str, list[Score]] = defaultdict(list)
    for score in scores:
        for name in classes_of(score):
            by_class[name].append(score)
    if not by_class:
        return
    print("\nper class of shape (lists, entries right/all, mean share per list, count ok):")
    for name in CLASSES:
        group = by_class.get(name, [])
        if not group:
            continue
        right = sum(s.right for s in group)
        total = sum(s.total for s in group)
        mean = sum(s.share for s in group) / len(group)
        count_ok = sum(s.count_ok for s in group)
        print(
            f"  {name:28} {len(group):3}  {right:5}/{total:<5}  {mean:.3f}  {count_ok}/{len(group)}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--split",
        choices=("train", "blind", "fixtures", "all"),
        default="all",
        help="which cases to score (default: all)",
    )
    parser.add_argument("--dir", type=Path, help="score the cases of this folder instead")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the differences")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    found = cases_in(args.dir, args.dir.name) if args.dir else cases(args.split)
    if not found:
        folders = {"fixtures": FIXTURES, "all": REAL}
        where = args.dir or folders.get(args.split, REAL / args.split)
        print(f"no cases found ({where} is absent or holds no expected file)", file=sys.stderr)
        return 1
    scores = [score_case(case) for case in found]
    for score in scores:
        ok = "ok" if score.count_ok else "COUNT"
        print(f"{score.right:4d}/{score.total:<4d} {score.share:5.2f}  {ok:5} {score.case.label}")
        if args.verbose:
            for message in score.messages:
                print(message)
    print()
    splits = sorted({s.case.split for s in scores})
    for split in splits:
        print(summary(f"split {split}", [s for s in scores if s.case.split == split]))
    if len(splits) > 1:
        print(summary("all", scores))
    print_classes(scores)
    by_shape: dict[str, list[Score]] = defaultdict(list)
    for score in scores:
        for shape in score.shapes:
            by_shape[shape].append(score)
    if by_shape:
        print("\nper shape (lists, entries right/all, mean share per list):")
        for shape, group in sorted(by_shape.items()):
            right = sum(s.right for s in group)
            total = sum(s.total for s in group)
            mean = sum(s.share for s in group) / len(group)
            print(f"  {shape:40} {len(group):3}  {right:5}/{total:<5}  {mean:.3f}")
    print(f"\n{len(scores)} lists in {time.perf_counter() - started:.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
