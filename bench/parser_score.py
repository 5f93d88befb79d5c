"""Score the signatory-list parser against every fixture that has expected results.

Usage: .venv/bin/python bench/parser_score.py [-v]

Fixtures are ``tests/data/parser/fixtures/*.txt`` with a sibling ``*.expected.json``, plus
``fixtures/seeds/<name>.expected.json`` whose text is the seed ``tests/data/seeds/<name>.txt``.

An entry counts as right when every field (position, kind, abbreviation, name,
transliteration, translation, country, affiliation, role, source line) equals the expected
value. Entries the parser produced that are not expected count against it (they are added to
the denominator). Prints "entries with every field right / all entries".
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from undersigned.imports.parsing import parse_signatories_file  # noqa: E402

FIXTURES = REPO / "tests" / "data" / "parser" / "fixtures"
SEEDS = REPO / "tests" / "data" / "seeds"
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


def cases() -> list[tuple[str, Path, Path]]:
    found: list[tuple[str, Path, Path]] = []
    for expected in sorted(FIXTURES.glob("*.expected.json")):
        text = expected.with_name(expected.name.removesuffix(".expected.json") + ".txt")
        if text.exists():
            found.append((text.name, text, expected))
    for expected in sorted((FIXTURES / "seeds").glob("*.expected.json")):
        text = SEEDS / (expected.name.removesuffix(".expected.json") + ".txt")
        if text.exists():
            found.append((f"seeds/{text.name}", text, expected))
    return found


def score_case(text: Path, expected_path: Path) -> tuple[int, int, list[str]]:
    """(right, total, messages) for one fixture."""
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["entries"]
    actual = parse_signatories_file(text).to_dict()["entries"]
    assert isinstance(actual, list)
    used = [False] * len(actual)
    right = 0
    messages: list[str] = []
    for want in expected:
        match = None
        for i, got in enumerate(actual):
            if not used[i] and got["source_line"] == want["source_line"]:
                match = i
                break
        if match is None:
            messages.append(f"  missing: {want['source_line']!r}")
            continue
        used[match] = True
        got = actual[match]
        wrong = [f for f in FIELDS if got[f] != want[f]]
        if wrong:
            detail = "; ".join(f"{f}: {got[f]!r} != {want[f]!r}" for f in wrong)
            messages.append(f"  wrong ({want['source_line'][:60]!r}): {detail}")
        else:
            right += 1
    extra = [got for i, got in enumerate(actual) if not used[i]]
    for got in extra:
        messages.append(f"  unexpected entry: {got['source_line']!r} -> {got['name']!r}")
    return right, len(expected) + len(extra), messages


def main() -> int:
    verbose = "-v" in sys.argv[1:]
    started = time.perf_counter()
    total_right = total = 0
    for label, text, expected in cases():
        right, count, messages = score_case(text, expected)
        total_right += right
        total += count
        print(f"{right:4d}/{count:<4d} {label}")
        if verbose:
            for message in messages:
                print(message)
    elapsed = time.perf_counter() - started
    share = 100.0 * total_right / total if total else 100.0
    print(
        f"parser score: {total_right}/{total} entries with every field right "
        f"({share:.1f}%) in {len(cases())} fixtures, {elapsed:.2f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
