"""Tests for the signatory-list parser (pure Python: no Django, no database).

Run with: .venv/bin/pytest src/undersigned/imports -p no:django -p no:randomly -q
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

import pytest

from undersigned.imports.parsing import (
    CONFIDENCE_THRESHOLD,
    Entry,
    ParseResult,
    acronym_score,
    find_country_mentions,
    format_individual_line,
    format_organization_line,
    match_country,
    parse_signatories,
    parse_signatories_file,
    parse_status_date,
)

REPO = Path(__file__).resolve().parents[4]
FIXTURES = REPO / "tests" / "data" / "parser" / "fixtures"
SEEDS = REPO / "tests" / "data" / "seeds"
SEED_DECLARATION = SEEDS / "000_054abe046e493413.txt"
SEED_OPEN_LETTER = SEEDS / "002_18e71d892ce9157f.txt"

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


def _read(path: Path) -> str:
    if not path.exists():
        pytest.fail(f"missing test input {path}")
    return path.read_text(encoding="utf-8")


def fixture_texts() -> list[Path]:
    return sorted(FIXTURES.glob("*.txt"))


def all_inputs() -> list[Path]:
    return [*fixture_texts(), SEED_DECLARATION, SEED_OPEN_LETTER]


def assert_every_line_accounted_for(text: str, result: ParseResult) -> None:
    """Every non-blank input line is an entry's source line or a skipped line."""
    covered: set[str] = set()
    for entry in result.entries:
        covered.update(entry.source_line.split("\n"))
    for skipped in result.skipped:
        covered.update(skipped.line.split("\n"))
    for line in text.removeprefix("\ufeff").splitlines():
        if line.strip():
            assert line.strip() in covered, f"line dropped silently: {line!r}"


def assert_well_formed(result: ParseResult) -> None:
    data = result.to_dict()
    json.dumps(data, ensure_ascii=False)
    assert list(data) == ["status_line", "status_date", "entries", "skipped"]
    for entry in result.entries:
        assert list(entry.to_dict()) == [
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
            "confidence",
            "issues",
            "notes",
        ]
        assert entry.kind in {"organization", "individual"}
        assert entry.name
        assert entry.name.strip() == entry.name
        assert 0.0 <= entry.confidence <= 1.0
        if entry.confidence < CONFIDENCE_THRESHOLD:
            assert entry.issues, f"low confidence without an issue: {entry}"
        assert all(isinstance(i, str) and i for i in entry.issues)
        assert [n["code"] for n in entry.to_dict()["notes"]] == [n.code for n in entry.notes]
    for skipped in result.skipped:
        assert skipped.reason
        assert skipped.line.strip()
        assert list(skipped.to_dict()) == ["line", "reason", "notes"]


# --------------------------------------------------------------------------------------
# The real seed: a declaration with 19 signatory organisations
# --------------------------------------------------------------------------------------

SEED_ORGANIZATIONS: list[tuple[int, str, str, str | None, str | None, str | None]] = [
    (
        1,
        "ORC",
        "Organisation Révolutionnaire du Congo",
        None,
        "Revolutionary Organization of Congo",
        "Democratic Republic of the Congo",
    ),
    (
        2,
        "UPC-Manidem",
        "Union des Populations du Cameroun - Manifeste National pour l’Instauration de la "
        "Démocratie",
        None,
        "Union of Populations of Cameroon - National Manifesto for the Establishment of Democracy",
        None,
    ),
    (3, "SPB", "Socialist Party of Bangladesh", None, None, None),
    (4, "RUFN", "Revolutionary United Front of Nepal", None, None, None),
    (5, "CPA/ML", "Communist Party of Australia (Marxist-Leninist)", None, None, None),
    (
        6,
        "Krasnyj Klin",
        "Gruppa Kommunistov-Revoljucionerov „Krasnyj Klin“",
        None,
        "Group of Communist Revolutionaries “Krasnyj Klin” [Red Wedge]",
        "Belarus",
    ),
    (7, "PR-ByH", "Partija Rada - ByH", None, "Party of Labor - Bosnia and Herzegovina", None),
    (
        8,
        "KOL",
        "Kommunistische Organisation Luxemburg",
        None,
        "Communist Organization of Luxemburg",
        None,
    ),
    (9, "RM", "Rode Morgen", None, "Red Dawn", "Netherlands"),
    (
        10,
        "RMP",
        "Российская маоистская партия",
        "Rossijskaya maoistskaya partiya",
        "Russian Maoist Party",
        None,
    ),
    (
        11,
        "MLGS",
        "Marxistisch-Leninistische Gruppe Schweiz",
        None,
        "Marxist-Leninist Group of Switzerland",
        None,
    ),
    (
        12,
        "KSRD",
        "Koordinazionnyj Sowjet Rabotschewo Dvizhenija",
        None,
        "Coordination Council of the Workers Class Movement",
        "Ukraine",
    ),
    (13, "UMU", "Union of Maoists of the Urals", None, "Union of Maoists of the Urals", "Russia"),
    (
        14,
        "PCP (independiente)",
        "Partido Comunista Paraguayo (independiente)",
        None,
        "Paraguayan Communist Party (independent)",
        None,
    ),
    (
        15,
        "PC (ML)",
        "Partido Comunista (Marxista Leninista)",
        None,
        "Communist Party (Marxist-Leninist)",
        "Dominican Republic",
    ),
    (16, "SUCI (C)", "Socialist Unity Center of India (Communist)", None, None, None),
    (17, "CPPDM", "Chinese People's Party for the Defense of Mao Zedong", None, None, None),
    (
        18,
        "Chinese Communists (MLM)",
        "Chinese Communists (Marxist Leninist Maoist)",
        None,
        None,
        None,
    ),
    (19, "NCP (Mashal)", "Nepal Communist Party (Mashal)", None, None, None),
]


@pytest.fixture(scope="module")
def seed_result() -> ParseResult:
    return parse_signatories_file(SEED_DECLARATION)


def test_seed_declaration_status_line(seed_result: ParseResult) -> None:
    assert seed_result.status_line == (
        "Status of the signatories 06.01.2025. Further signing possible. "
        "Current list of signatories at"
    )
    assert seed_result.status_date == dt.date(2025, 1, 6)
    assert seed_result.to_dict()["status_date"] == "2025-01-06"


def test_seed_declaration_has_exactly_the_19_organizations(seed_result: ParseResult) -> None:
    got = [
        (
            e.position,
            e.abbreviation,
            e.name,
            e.name_transliteration,
            e.name_translation,
            e.country,
        )
        for e in seed_result.entries
    ]
    assert got == SEED_ORGANIZATIONS
    assert all(e.kind == "organization" for e in seed_result.entries)
    assert all(e.role is None and e.affiliation is None for e in seed_result.entries)


def test_seed_declaration_entries_are_confident(seed_result: ParseResult) -> None:
    for entry in seed_result.entries:
        assert entry.confidence >= CONFIDENCE_THRESHOLD, entry
        assert not [i for i in entry.issues if "guess" in i or "uncertain" in i], entry


def test_seed_country_only_implied_by_the_name_is_not_invented(seed_result: ParseResult) -> None:
    spb = seed_result.entries[2]
    assert spb.abbreviation == "SPB"
    assert spb.country is None
    assert any("Bangladesh" in issue for issue in spb.issues)


def test_seed_text_before_the_list_is_skipped_not_parsed(seed_result: ParseResult) -> None:
    text = _read(SEED_DECLARATION)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    status_index = next(i for i, line in enumerate(lines) if line.startswith("Status of the"))
    before = lines[:status_index]
    assert "Demand to Ukraine:" in before
    reasons = {s.line: s.reason for s in seed_result.skipped}
    for line in before:
        assert "before the list" in reasons[line], line
    assert "status" in reasons[lines[status_index]]
    assert {e.source_line for e in seed_result.entries}.isdisjoint(before)


@pytest.mark.parametrize("index", range(19))
def test_seed_format_reproduces_each_line(seed_result: ParseResult, index: int) -> None:
    entry = seed_result.entries[index]
    original = re.sub(r"^\d+\.\s", "", entry.source_line)
    rendered = format_organization_line(
        entry.abbreviation,
        entry.name,
        entry.name_transliteration,
        entry.name_translation,
        entry.country,
    )
    assert rendered == original


def test_seed_open_letter_numbered_demands_are_not_signatories() -> None:
    text = _read(SEED_OPEN_LETTER)
    result = parse_signatories(text)
    assert result.entries == []
    assert result.status_line is None
    non_blank = [line.strip() for line in text.splitlines() if line.strip()]
    assert [s.line for s in result.skipped] == non_blank
    demands = [s for s in result.skipped if re.match(r"^\d\. ", s.line)]
    assert len(demands) == 9
    assert all("not a signatory" in s.reason for s in demands)


# --------------------------------------------------------------------------------------
# Own fixtures with expected results
# --------------------------------------------------------------------------------------


# Fixtures whose expected results were written blind (before running the parser) and that
# the parser does not fully get right yet. The bench script counts these honestly.
KNOWN_MISSES: dict[str, str] = {}


def expected_cases() -> list[tuple[Path, Path]]:
    cases = []
    for expected in sorted(FIXTURES.glob("*.expected.json")):
        text = expected.with_name(expected.name.removesuffix(".expected.json") + ".txt")
        cases.append((text, expected))
    return cases


def expected_params() -> list[object]:
    params: list[object] = []
    for text, expected in expected_cases():
        marks = []
        if text.name in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[text.name]))
        params.append(pytest.param(text, expected, id=text.name, marks=marks))
    return params


def test_there_are_enough_fixtures() -> None:
    assert len(expected_cases()) >= 12
    assert all(text.exists() for text, _ in expected_cases())


@pytest.mark.parametrize(("text", "expected"), expected_params())
def test_fixture_matches_expected(text: Path, expected: Path) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))
    result = parse_signatories_file(text)
    data = result.to_dict()
    assert data["status_line"] == want["status_line"]
    assert data["status_date"] == want["status_date"]
    got_entries = [{k: e.to_dict()[k] for k in FIELDS} for e in result.entries]
    assert got_entries == want["entries"]
    assert [s.line for s in result.skipped] == want["skipped_lines"]


@pytest.mark.parametrize("path", all_inputs(), ids=lambda p: p.name)
def test_every_non_blank_line_is_accounted_for(path: Path) -> None:
    text = _read(path)
    result = parse_signatories(text)
    assert_every_line_accounted_for(text, result)
    assert_well_formed(result)


# --------------------------------------------------------------------------------------
# Randomised, property-style checks (fixed seeds, no hypothesis)
# --------------------------------------------------------------------------------------

DIGITS = {
    "ascii": "0123456789",
    "bengali": "০১২৩৪৫৬৭৮৯",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
    "fullwidth": "０１２３４５６７８９",
}


def to_digits(number: int, script: str) -> str:
    return "".join(DIGITS[script][int(d)] for d in str(number))


def perturb(text: str, rng: random.Random) -> str:
    """Blank lines, indentation, trailing spaces, CRLF, BOM, HTML wrappers and comments."""
    out: list[str] = []
    for line in text.splitlines():
        choice = rng.random()
        if line.strip() and choice < 0.15:
            line = f"<p>{line}</p>"
        elif line.strip() and choice < 0.25:
            line = "  " + line + "   "
        out.append(line)
        if rng.random() < 0.2:
            out.append("")
        if rng.random() < 0.05:
            out.append("<!-- note -->")
    joined = ("\r\n" if rng.random() < 0.3 else "\n").join(out)
    return ("\ufeff" if rng.random() < 0.2 else "") + joined


@pytest.mark.parametrize("seed", range(6))
def test_random_perturbations_keep_every_line_accounted_for(seed: int) -> None:
    rng = random.Random(seed)
    for path in all_inputs():
        text = perturb(_read(path), rng)
        result = parse_signatories(text)
        assert_every_line_accounted_for(text, result)
        assert_well_formed(result)


@pytest.mark.parametrize("seed", range(5))
def test_random_concatenations_and_garbage_never_crash(seed: int) -> None:
    rng = random.Random(1000 + seed)
    pieces = [_read(p) for p in rng.sample(all_inputs(), 3)]
    alphabet = "abcXYZ .,;:()[]-–•*#<>/&\"'„“1234567890১٢ЖжΩ中\t"
    garbage = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(8)]
    lines = "\n".join(pieces).splitlines() + garbage
    rng.shuffle(lines)
    text = "\n".join(lines)
    result = parse_signatories(text)
    assert_every_line_accounted_for(text, result)
    assert_well_formed(result)


def seed_list_lines() -> tuple[list[str], list[str]]:
    """(text before the list incl. status line, the 19 list lines without numbers)."""
    lines = [line for line in _read(SEED_DECLARATION).splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if re.match(r"^1\. ", line))
    items = [re.sub(r"^\d+\.\s", "", line) for line in lines[start:]]
    return lines[:start], items


def fields_without_source(result: ParseResult) -> list[tuple[object, ...]]:
    return [
        tuple(e.to_dict()[k] for k in FIELDS if k not in {"source_line", "position"})
        for e in result.entries
    ]


@pytest.mark.parametrize("seed", range(8))
def test_seed_list_with_random_numbering_styles_and_digit_scripts(
    seed: int, seed_result: ParseResult
) -> None:
    rng = random.Random(seed)
    head, items = seed_list_lines()
    styles = ["{n}. ", "{n}) ", "({n}) ", "{n}.", "{n}．"]
    numbered = []
    for number, item in enumerate(items, start=1):
        script = rng.choice(list(DIGITS))
        style = rng.choice(styles)
        numbered.append(style.format(n=to_digits(number, script)) + item)
    text = "\n".join(head + numbered)
    result = parse_signatories(text)
    assert [e.position for e in result.entries] == list(range(1, 20))
    assert fields_without_source(result) == fields_without_source(seed_result)
    assert_every_line_accounted_for(text, result)


@pytest.mark.parametrize("seed", range(4))
def test_seed_list_with_bullets_blank_lines_and_shuffled_order(
    seed: int, seed_result: ParseResult
) -> None:
    rng = random.Random(seed)
    head, items = seed_list_lines()
    expected = dict(zip(items, fields_without_source(seed_result), strict=True))
    rng.shuffle(items)
    bullets = ["- ", "• ", "* ", "– ", "    ", ""]
    lines = []
    for item in items:
        lines.append(rng.choice(bullets) + item)
        if rng.random() < 0.5:
            lines.append("")
    text = "\n".join(head + lines)
    result = parse_signatories(text)
    assert len(result.entries) == 19
    assert all(e.position is None for e in result.entries)
    for entry in result.entries:
        item = entry.source_line.lstrip("-•*– ").strip()
        assert fields_without_source(ParseResult(None, None, [entry], [])) == [expected[item]]


# --------------------------------------------------------------------------------------
# Numbering, bullets and line shapes
# --------------------------------------------------------------------------------------


def single(text: str) -> Entry:
    result = parse_signatories(text)
    assert len(result.entries) == 1, result.to_dict()
    return result.entries[0]


@pytest.mark.parametrize(
    ("line", "position"),
    [
        ("1. MLPD Marxistisch-Leninistische Partei Deutschlands", 1),
        ("12) MLPD Marxistisch-Leninistische Partei Deutschlands", 12),
        ("(3) MLPD Marxistisch-Leninistische Partei Deutschlands", 3),
        ("৭. MLPD Marxistisch-Leninistische Partei Deutschlands", 7),
        ("١٢) MLPD Marxistisch-Leninistische Partei Deutschlands", 12),
        ("(१२) MLPD Marxistisch-Leninistische Partei Deutschlands", 12),
        ("4.MLPD Marxistisch-Leninistische Partei Deutschlands", 4),
        ("- MLPD Marxistisch-Leninistische Partei Deutschlands", None),
        ("• MLPD Marxistisch-Leninistische Partei Deutschlands", None),
        ("* MLPD Marxistisch-Leninistische Partei Deutschlands", None),
        ("– MLPD Marxistisch-Leninistische Partei Deutschlands", None),
        ("MLPD Marxistisch-Leninistische Partei Deutschlands", None),
    ],
)
def test_numbering_and_bullets(line: str, position: int | None) -> None:
    entry = single(f"Signatories:\n{line}")
    assert entry.position == position
    assert entry.abbreviation == "MLPD"
    assert entry.name == "Marxistisch-Leninistische Partei Deutschlands"


def test_a_domain_name_is_not_a_number() -> None:
    entry = single("Signatories:\n350.org")
    assert entry.position is None
    assert entry.name == "350.org"


def test_numbering_gap_is_flagged() -> None:
    result = parse_signatories("Signatories:\n1. KKE Greece\n2. MLPD Germany\n5. PCF France")
    assert [e.position for e in result.entries] == [1, 2, 5]
    assert any("numbering jumps from 2 to 5" in i for i in result.entries[2].issues)


def test_bare_numbers_without_punctuation_in_a_run() -> None:
    text = "Signatories:\n1 Red Flag Collective\n2 Socialist Alternative\n3 Lutte Ouvrière"
    result = parse_signatories(text)
    assert [e.position for e in result.entries] == [1, 2, 3]
    assert result.entries[0].name == "Red Flag Collective"


def test_number_alone_on_its_line_is_joined_with_the_next() -> None:
    result = parse_signatories("Signatories:\n1.\nRed Flag Collective, Canada")
    (entry,) = result.entries
    assert entry.position == 1
    assert entry.name == "Red Flag Collective"
    assert entry.source_line == "1.\nRed Flag Collective, Canada"


def test_wrapped_line_with_open_bracket_is_joined() -> None:
    text = (
        "Signatories:\n"
        "1. FRN Frente Revolucionario Nacional (National\n"
        "   Revolutionary Front), Colombia\n"
        "2. KKE Communist Party of Greece"
    )
    result = parse_signatories(text)
    assert len(result.entries) == 2
    first = result.entries[0]
    assert first.name_translation == "National Revolutionary Front"
    assert first.country == "Colombia"
    assert any(n.code == "lines-joined" and n.params["first"] == "2" for n in first.notes)
    assert_every_line_accounted_for(text, result)


def test_inline_list_after_the_heading() -> None:
    result = parse_signatories("Signatories: MLPD (Germany); KKE (Greece); PCF (France)")
    assert [(e.name, e.country) for e in result.entries] == [
        ("MLPD", "Germany"),
        ("KKE", "Greece"),
        ("PCF", "France"),
    ]
    assert all(e.source_line.startswith("Signatories:") for e in result.entries)


def test_semicolon_separated_entries_on_one_line() -> None:
    result = parse_signatories("Signatories:\nAttac Austria; Greenpeace Nordic; Solidaires")
    assert [e.name for e in result.entries] == ["Attac Austria", "Greenpeace Nordic", "Solidaires"]
    assert all(any("several" in i for i in e.issues) for e in result.entries)


# --------------------------------------------------------------------------------------
# Text around the list
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "Signatories:",
        "SIGNATORIES",
        "Signataires :",
        "Premiers signataires",
        "Unterzeichner*innen:",
        "Erstunterzeichnende",
        "Подписанты:",
        "Firmantes:",
        "Підписанти",
        "Sottoscrittori:",
        "Signatários:",
        "Ondertekenaars:",
        "## Signed by",
        "**The following organisations have signed:**",
        "Signatories (in alphabetical order):",
    ],
)
def test_signatory_headings_in_several_languages(heading: str) -> None:
    text = f"We demand peace.\n\n{heading}\nMLPD, Germany\nKKE, Greece"
    result = parse_signatories(text)
    assert [e.name for e in result.entries] == ["MLPD", "KKE"]
    reasons = {s.line: s.reason for s in result.skipped}
    assert reasons[heading] == "signatories heading"
    assert "before the list" in reasons["We demand peace."]


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Status of the signatories 06.01.2025. Further signing possible.", dt.date(2025, 1, 6)),
        ("as of November 2016, further signatories possible", None),
        ("Stand: 3. März 2024", dt.date(2024, 3, 3)),
        ("Status as of 6 January 2025", dt.date(2025, 1, 6)),
        ("Last updated: 2024-11-30", dt.date(2024, 11, 30)),
        ("Updated January 6, 2025", dt.date(2025, 1, 6)),
        ("По состоянию на 12 апреля 2023 г.", dt.date(2023, 4, 12)),
        ("Станом на 1 травня 2024", dt.date(2024, 5, 1)),
        ("État au 5 juin 2023", dt.date(2023, 6, 5)),
        ("Estado: 6 de enero de 2025", dt.date(2025, 1, 6)),
    ],
)
def test_status_lines(line: str, date: dt.date | None) -> None:
    result = parse_signatories(f"Appeal for peace.\n\n{line}\n\n1. MLPD, Germany\n2. KKE, Greece")
    assert result.status_line == line
    assert result.status_date == date
    assert len(result.entries) == 2


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("06.01.2025", dt.date(2025, 1, 6)),
        ("6.1.2025", dt.date(2025, 1, 6)),
        ("2025-01-06", dt.date(2025, 1, 6)),
        ("13/01/2025", dt.date(2025, 1, 13)),
        ("01/13/2025", dt.date(2025, 1, 13)),
        ("01/02/2025", None),
        ("6th January 2025", dt.date(2025, 1, 6)),
        ("3. Maerz 2024", dt.date(2024, 3, 3)),
        ("٠٦.٠١.٢٠٢٥", dt.date(2025, 1, 6)),
        ("31.02.2025", None),
        ("November 2016", None),
    ],
)
def test_parse_status_date(text: str, date: dt.date | None) -> None:
    assert parse_status_date(text) == date


@pytest.mark.parametrize(
    "closing",
    [
        "...and 40 more",
        "… and many more",
        "und viele weitere",
        "и другие",
        "та інші",
        "y muchos más",
        "et bien d'autres…",
        "+ 23 more",
        "(list continues)",
        "etc.",
    ],
)
def test_closing_lines_are_skipped(closing: str) -> None:
    result = parse_signatories(f"Signatories:\nMLPD, Germany\nKKE, Greece\n{closing}")
    assert [e.name for e in result.entries] == ["MLPD", "KKE"]
    assert result.skipped[-1].line == closing
    assert "closing" in result.skipped[-1].reason


@pytest.mark.parametrize(
    "group",
    ["Organizations:", "Organisationen", "Individuals:", "Einzelpersonen:", "From Germany:"],
)
def test_group_headings_are_not_signatories(group: str) -> None:
    result = parse_signatories(f"Signatories:\n{group}\n- MLPD\n- KKE Communist Party of Greece")
    assert [s.reason for s in result.skipped if s.line == group] == ["group heading"]
    assert len(result.entries) == 2


def test_group_heading_gives_kind_and_country_hints() -> None:
    text = "Signatories:\n\nIndividuals:\n- Kim Lee\n\nAus Österreich:\n- Rotes Kollektiv Linz"
    result = parse_signatories(text)
    kim, kollektiv = result.entries
    assert kim.kind == "individual"
    assert kollektiv.kind == "organization"
    assert kollektiv.country == "Österreich"
    assert any("group heading" in i for i in kollektiv.issues)


def test_html_and_markdown_leftovers() -> None:
    text = (
        "<p>Signatories:</p>\n"
        "<ul><li>Tenants&#8217; Union, UK</li></ul>\n"
        "- **DKP** Deutsche Kommunistische Partei<br>- [SDAJ](https://sdaj.org) "
        "Sozialistische Deutsche Arbeiterjugend\n"
        "* KO Kommunistische Organisation \\- Berlin\n"
        "<!-- hidden\n"
        "still hidden -->\n"
        "• Friedensbündnis Karlsruhe &amp; Umgebung\n"
        "\\[Red Wedge\\] Collective\n"
    )
    result = parse_signatories(text)
    names = [e.name for e in result.entries]
    assert names == [
        "Tenants’ Union",
        "Deutsche Kommunistische Partei",
        "Sozialistische Deutsche Arbeiterjugend",
        "Kommunistische Organisation - Berlin",
        "Friedensbündnis Karlsruhe & Umgebung",
        "[Red Wedge] Collective",
    ]
    assert [e.abbreviation for e in result.entries][1:4] == ["DKP", "SDAJ", "KO"]
    reasons = [s.reason for s in result.skipped]
    assert reasons.count("HTML comment") == 2
    assert_every_line_accounted_for(text, result)


def test_list_without_heading_is_found_as_a_run_of_names() -> None:
    text = (
        "Peace now\n\n"
        "The war must end. We call on all governments to negotiate.\n\n"
        "MLPD, Germany\nKKE, Greece\nPCF, France\nLutte Ouvrière, France"
    )
    result = parse_signatories(text)
    assert [e.name for e in result.entries] == ["MLPD", "KKE", "PCF", "Lutte Ouvrière"]
    assert [s.reason for s in result.skipped] == ["text before the list"] * 2


def test_bullet_list_of_demands_is_not_a_signatory_list() -> None:
    text = (
        "Our demands:\n"
        "- We demand the immediate release of all prisoners.\n"
        "- Governments must stop arms exports.\n"
        "- End the blockade now!\n"
    )
    result = parse_signatories(text)
    assert result.entries == []
    assert len(result.skipped) == 4


def test_text_after_the_list() -> None:
    text = (
        "Signatories:\nMLPD, Germany\nKKE, Greece\n\n"
        "Contact us if your organisation wants to sign this appeal.\n"
    )
    result = parse_signatories(text)
    assert len(result.entries) == 2
    assert result.skipped[-1].reason == "text after the list"


# --------------------------------------------------------------------------------------
# Organisation lines: abbreviation, name, brackets, country
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "abbreviation", "name", "transliteration", "translation", "country"),
    [
        (
            "KKE Κομμουνιστικό Κόμμα Ελλάδας (Kommounistiko Komma Elladas) "
            "(Communist Party of Greece), Ελλάδα",
            "KKE",
            "Κομμουνιστικό Κόμμα Ελλάδας",
            "Kommounistiko Komma Elladas",
            "Communist Party of Greece",
            "Ελλάδα",
        ),
        (
            "中国工人联合会 (Zhongguo Gongren Lianhehui)",
            None,
            "中国工人联合会",
            "Zhongguo Gongren Lianhehui",
            None,
            None,
        ),
        (
            "الحزب الشيوعي اللبناني (Lebanese Communist Party)",
            None,
            "الحزب الشيوعي اللبناني",
            None,
            "Lebanese Communist Party",
            None,
        ),
        (
            "Партия труда (Partija truda), Россия",
            None,
            "Партия труда",
            "Partija truda",
            None,
            "Россия",
        ),
        (
            "PCF Parti communiste français, France",
            "PCF",
            "Parti communiste français",
            None,
            None,
            "France",
        ),
        (
            "TKP/ML Türkiye Komünist Partisi/Marksist-Leninist, Turkey-Kurdistan",
            "TKP/ML",
            "Türkiye Komünist Partisi/Marksist-Leninist",
            None,
            None,
            "Turkey-Kurdistan",
        ),
        (
            "Partido Comunista de España (PCE), Estado Español",
            "PCE",
            "Partido Comunista de España",
            None,
            None,
            "Estado Español",
        ),
        ("Die Linke (The Left), Deutschland", None, "Die Linke", None, "The Left", "Deutschland"),
        ("ATTAC Deutschland", None, "ATTAC Deutschland", None, None, None),
        (
            "Communist Party of India (Marxist)",
            None,
            "Communist Party of India (Marxist)",
            None,
            None,
            None,
        ),
        ("MLPD (Germany)", None, "MLPD", None, None, "Germany"),
        ("Red Flag Collective – Canada", None, "Red Flag Collective", None, None, "Canada"),
        (
            "Greece: Network for Social Support",
            None,
            "Network for Social Support",
            None,
            None,
            "Greece",
        ),
        ("Socialist Alternative, USA", None, "Socialist Alternative", None, None, "USA"),
        (
            "Union of Workers, Peasants and Soldiers",
            None,
            "Union of Workers, Peasants and Soldiers",
            None,
            None,
            None,
        ),
    ],
)
def test_organization_lines(
    line: str,
    abbreviation: str | None,
    name: str,
    transliteration: str | None,
    translation: str | None,
    country: str | None,
) -> None:
    entry = single(f"Signatories:\n{line}")
    assert entry.kind == "organization"
    assert (
        entry.abbreviation,
        entry.name,
        entry.name_transliteration,
        entry.name_translation,
        entry.country,
    ) == (abbreviation, name, transliteration, translation, country)


def test_abbreviation_that_does_not_match_is_split_but_flagged() -> None:
    entry = single("Signatories:\nKKE Communist Party of Greece")
    assert entry.abbreviation == "KKE"
    assert entry.name == "Communist Party of Greece"
    assert any("abbreviation" in i for i in entry.issues)
    assert entry.confidence < CONFIDENCE_THRESHOLD


def test_fuzzy_country_is_flagged() -> None:
    entry = single("Signatories:\nMLPD Marxistisch-Leninistische Partei Deutschlands, Germnay")
    assert entry.country == "Germnay"
    assert any("guessed" in i for i in entry.issues)


def test_acronym_score() -> None:
    assert acronym_score("ORC", "Organisation Révolutionnaire du Congo") == 1.0
    assert acronym_score("RMP", "Российская маоистская партия") == 1.0
    chinese = "Chinese Communists (Marxist Leninist Maoist)"
    assert acronym_score("Chinese Communists (MLM)", chinese) == 1.0
    assert (
        acronym_score(
            "UPC-Manidem",
            "Union des Populations du Cameroun - Manifeste "
            "National pour l’Instauration de la Démocratie",
        )
        > 0.6
    )
    assert acronym_score("KKE", "Communist Party of Greece") == 0.0
    assert acronym_score("Die", "Linke") == 0.0


def test_format_lines() -> None:
    assert format_organization_line("KKE", "Κόμμα", "Komma", "Party", "Greece") == (
        "KKE Κόμμα (Komma) (Party), Greece"
    )
    assert format_organization_line(None, "Die Linke", None, None, None) == "Die Linke"
    assert format_individual_line("Dr. Jane Doe", "Professor", "University of X", "UK") == (
        "Dr. Jane Doe, Professor, University of X, UK"
    )
    assert format_individual_line("Jane Doe", None, "ver.di", None) == "Jane Doe, ver.di"


# --------------------------------------------------------------------------------------
# Individuals
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name", "role", "affiliation", "country"),
    [
        (
            "Prof. Dr. Anna Keller, Professor of Sociology, University of Basel, Switzerland",
            "Prof. Dr. Anna Keller",
            "Professor of Sociology",
            "University of Basel",
            "Switzerland",
        ),
        (
            "Dr. Miguel Ortega, Lecturer in History, University of California, Irvine",
            "Dr. Miguel Ortega",
            "Lecturer in History",
            "University of California, Irvine",
            None,
        ),
        (
            "Jane Whitfield (University of Leeds)",
            "Jane Whitfield",
            None,
            "University of Leeds",
            None,
        ),
        (
            "Tomás Herrera, in personal capacity",
            "Tomás Herrera",
            "in personal capacity",
            None,
            None,
        ),
        ("Jana Horáková, MEP, Czech Republic", "Jana Horáková", "MEP", None, "Czech Republic"),
        (
            "Marie Lefèvre, professeure à l'Université de Lille",
            "Marie Lefèvre",
            "professeure à l'Université de Lille",
            None,
            None,
        ),
        ("Иван Петров, профессор, МГУ, Россия", "Иван Петров", "профессор", "МГУ", "Россия"),
        ("Jane Doe, PhD, Greenpeace", "Jane Doe, PhD", None, "Greenpeace", None),
    ],
)
def test_individual_lines(
    line: str, name: str, role: str | None, affiliation: str | None, country: str | None
) -> None:
    entry = single(f"Signed:\n{line}")
    assert entry.kind == "individual"
    assert (entry.name, entry.role, entry.affiliation, entry.country) == (
        name,
        role,
        affiliation,
        country,
    )


@pytest.mark.parametrize("joiner", [" and ", " & ", " und "])
def test_two_people_on_one_line(joiner: str) -> None:
    line = f"Samira Haddad{joiner}Jonas Lindqvist, Co-directors, Nordic Peace Institute, Sweden"
    result = parse_signatories(f"Signed:\n{line}")
    assert [e.name for e in result.entries] == ["Samira Haddad", "Jonas Lindqvist"]
    for entry in result.entries:
        assert entry.source_line == line
        assert entry.kind == "individual"
        assert entry.affiliation == "Nordic Peace Institute"
        assert entry.country == "Sweden"
        assert any("two people" in i for i in entry.issues)


def test_organisation_with_and_is_not_split_into_people() -> None:
    entry = single("Signatories:\nFriends of the Earth and Greenpeace Alliance")
    assert entry.kind == "organization"


def test_mixed_list_kinds() -> None:
    text = (
        "Signatories:\n"
        "1. MLPD Marxistisch-Leninistische Partei Deutschlands\n"
        "2. Prof. Dr. Karl Brenner, Universität Bremen\n"
        "3. Socialist Workers Network, Ireland\n"
        "4. Olena Kovalenko, journalist, Ukraine\n"
    )
    kinds = [e.kind for e in parse_signatories(text).entries]
    assert kinds == ["organization", "individual", "organization", "individual"]


def test_ambiguous_kind_follows_the_list_majority() -> None:
    text = (
        "Signatories:\n"
        "MLPD Marxistisch-Leninistische Partei Deutschlands\n"
        "KKE Communist Party of Greece\n"
        "Socialist Workers Network\n"
        "Pro Asyl\n"
        "Rode Morgen\n"
    )
    result = parse_signatories(text)
    assert [e.kind for e in result.entries] == ["organization"] * 5


# --------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Democratic Republic of the Congo",
        "Russia",
        "Россия",
        "Deutschland",
        "Turkey-Kurdistan",
        "USA",
        "UK",
        "Congo",
        "Kurdistan",
        "North Kurdistan",
        "République démocratique du Congo",
        "Alemania",
        "Україна",
        "Великобритания",
        "Schweiz",
        "Germany/Austria",
        "Bosnia and Herzegovina",
    ],
)
def test_countries_are_recognised(name: str) -> None:
    match = match_country(name)
    assert match is not None
    assert match.text == name


@pytest.mark.parametrize("name", ["Berlin", "Irvine", "University of Georgia", "us", "Oslo Branch"])
def test_non_countries(name: str) -> None:
    assert match_country(name) is None


def test_country_mentions() -> None:
    assert find_country_mentions("Socialist Party of Bangladesh") == ["Bangladesh"]
    assert find_country_mentions("Chinese People's Party") == []


# --------------------------------------------------------------------------------------
# Files and encodings
# --------------------------------------------------------------------------------------


def test_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes("\ufeffSignatories:\n1. MLPD, Germany\n".encode())
    result = parse_signatories_file(path)
    assert [e.name for e in result.entries] == ["MLPD"]
    assert result.skipped[0].line == "Signatories:"


def test_file_with_invalid_bytes_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(b"Signatories:\n1. Partido Comunista de Espa\xf1a, Spain\n\xff\xfe\x00junk\n")
    result = parse_signatories_file(path)
    assert "\ufffd" in result.entries[0].name
    assert any("undecodable" in i for i in result.entries[0].issues)
    assert result.entries[0].confidence < CONFIDENCE_THRESHOLD
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert_every_line_accounted_for(text, result)
    assert any("undecodable" in s.reason for s in result.skipped) or len(result.entries) == 2


def test_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes("Signatories:\n1. KKE, Ελλάδα\n".encode("utf-16"))
    result = parse_signatories_file(path)
    assert [(e.name, e.country) for e in result.entries] == [("KKE", "Ελλάδα")]


def test_empty_input() -> None:
    result = parse_signatories("")
    assert result.to_dict() == {
        "status_line": None,
        "status_date": None,
        "entries": [],
        "skipped": [],
    }


def test_status_line_above_the_title_does_not_start_the_list() -> None:
    text = (
        "Stand: 3. März 2024\n"
        "Frieden jetzt\n"
        "Wir fordern einen sofortigen Waffenstillstand und Verhandlungen.\n"
        "Unterzeichner:\n"
        "MLPD, Deutschland\n"
        "KKE, Griechenland\n"
    )
    result = parse_signatories(text)
    assert result.status_date == dt.date(2024, 3, 3)
    assert [e.name for e in result.entries] == ["MLPD", "KKE"]
    assert [s.reason for s in result.skipped][1:3] == ["text before the list"] * 2


def test_second_heading_inside_the_list_switches_the_kind_hint() -> None:
    text = (
        "Signatories:\n"
        "Organizations:\n"
        "ABC Alpha Beta Collective\n"
        "Individual signatories:\n"
        "Kim Lee\n"
        "Jane Doe, writer\n"
    )
    result = parse_signatories(text)
    assert [(e.kind, e.name) for e in result.entries] == [
        ("organization", "Alpha Beta Collective"),
        ("individual", "Kim Lee"),
        ("individual", "Jane Doe"),
    ]


def test_letter_closing_introduces_the_signatures() -> None:
    text = "Dear Minister,\nplease act now.\n\nYours sincerely,\n\n(1) Right to Remain\n(2) JCWI"
    result = parse_signatories(text)
    assert [e.name for e in result.entries] == ["Right to Remain", "JCWI"]
    assert "letter closing" in result.skipped[-1].reason


def test_name_then_role_lines_in_blank_separated_blocks() -> None:
    text = (
        "Signed by:\n\n"
        "Jane Smith\nProfessor of Law, Harvard University\n\n"
        "Tom Brown\nDirector, Peace Institute\n"
    )
    result = parse_signatories(text)
    assert [(e.name, e.role, e.affiliation) for e in result.entries] == [
        ("Jane Smith", "Professor of Law", "Harvard University"),
        ("Tom Brown", "Director", "Peace Institute"),
    ]
    assert result.entries[0].source_line == "Jane Smith\nProfessor of Law, Harvard University"
    assert_every_line_accounted_for(text, result)


def test_links_are_left_out_of_names() -> None:
    result = parse_signatories("Supporters:\n* War on Want – https://waronwant.org")
    (entry,) = result.entries
    assert entry.name == "War on Want"
    assert any("https://waronwant.org" in i for i in entry.issues)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Seebrücke Hamburg", "organization"),
        ("Flüchtlingsrat Niedersachsen", "organization"),
        ("Friedensbündnis Kassel", "organization"),
        ("Konrad Brückner", "individual"),
        ("Jutta Neuhaus", "individual"),
    ],
)
def test_german_compound_group_names_are_not_people(line, kind):
    text = f"Unterzeichner:\nMaria Schmidt, Ärztin, Berlin\nPro Asyl e.V.\n{line}\n"

    entries = {entry.source_line: entry for entry in parse_signatories(text).entries}

    assert entries[line].kind == kind


# --------------------------------------------------------------------------------------
# Tables read by their header
# --------------------------------------------------------------------------------------


def test_a_table_is_read_by_its_header_even_before_the_list():
    text = (
        "| № | ФИО | Должность, компания | Город |\n"
        "|---|---|---|---|\n"
        "| 1 | Смирнова Анна | Разработчик, Облачные Решения, ООО | Москва |\n"
        "| 2 | Иванов Пётр | Инженер | Казань |\n"
    )
    result = parse_signatories(text)
    got = [(e.position, e.kind, e.name, e.role, e.affiliation) for e in result.entries]
    assert got == [
        (1, "individual", "Смирнова Анна", "Разработчик", "Облачные Решения, ООО"),
        (2, "individual", "Иванов Пётр", "Инженер", None),
    ]
    # the city has no field: it is left out, not put anywhere else
    assert all(e.country is None for e in result.entries)
    assert [s.note.code for s in result.skipped] == ["table-header", "markup-only"]


def test_a_signers_message_under_the_entry_is_no_part_of_it_an_affiliation_is() -> None:
    text = (
        "Signatories:\n"
        "- Jane Smith\n"
        "    Professor of History at the University of Somewhere, Canada.\n"
        "- Tom Brown\n"
        "    I signed because I believe science must be open to everyone in the world.\n"
        "- Ana Ruiz\n"
    )
    result = parse_signatories(text)
    jane, tom, ana = result.entries
    assert (jane.role, jane.country) == (
        "Professor of History at the University of Somewhere",
        "Canada",
    )
    assert (tom.name, tom.role, tom.affiliation) == ("Tom Brown", None, None)
    assert ana.name == "Ana Ruiz"
    assert [s.reason for s in result.skipped][-1] == "sentence, not a signatory"
    assert_every_line_accounted_for(text, result)


def test_comma_lines_with_spaces_are_no_csv_but_a_csv_header_makes_a_table() -> None:
    prose = "Name, Institution\nJane Roe, University of Leeds\nJohn Doe, Attac\n"
    table = "name,institution,town\nJane Roe,University of Leeds,Leeds\nJohn Doe,Attac,Paris\n"
    read_prose = parse_signatories(prose)
    read_table = parse_signatories(table)
    assert [e.affiliation for e in read_table.entries] == ["University of Leeds", "Attac"]
    assert [s.line for s in read_table.skipped] == ["name,institution,town"]
    assert "table header" not in [s.reason for s in read_prose.skipped]
    assert_every_line_accounted_for(table, read_table)
