"""Reading a whole declaration document (pure Python, no database)."""

from __future__ import annotations

import datetime as dt

from undersigned.imports.document import parse_declaration, strip_inline_markdown
from undersigned.lists.tests.helpers import SEED_OPEN_LETTER, SEED_STATEMENT, seed


def test_the_statement_seed():
    document = parse_declaration(seed(SEED_STATEMENT).read_text(encoding="utf-8"))

    assert document.title == "Solidarity with Ukrainians in Russia!"
    assert document.kind == "statement"
    assert document.signatories is not None
    assert len(document.signatories.entries) == 19
    assert document.signatories.status_date == dt.date(2025, 1, 6)
    # One paragraph per line of the plain text; the list and its status line are gone.
    assert "\n\nDemand to Ukraine:\n\n" in document.body
    assert "Status of the signatories" not in document.body
    assert document.body.rstrip().endswith("Long live proletarian internationalism!")


def test_the_open_letter_seed():
    document = parse_declaration(seed(SEED_OPEN_LETTER).read_text(encoding="utf-8"))

    assert document.title.startswith("Declaration of Russian Socialists")
    assert document.kind == "open_letter"
    assert document.publisher == "Russian Socialists for a world without annexations"
    assert (document.published_on, document.first_published_on) == (
        dt.date(2025, 1, 23),
        dt.date(2024, 11, 7),
    )
    assert document.signatories is None
    assert "9. Down with Putin's dictatorial state monopoly regime!" in document.body
    assert "**P.S.**" in document.body
    assert "<https://forms.gle/3kzJofTSGP57Zfj8A>." in document.body


def test_a_markdown_list_with_heading_and_closing_line_leaves_the_body():
    text = (
        "# Peace now\n\nWe demand:\n\n1. A ceasefire today.\n2. Talks without conditions.\n\n"
        "## Signatories\n\n- AAA Alpha Association, France\n- BB Beta Bund, Germany\n"
        "- and many more\n"
    )

    document = parse_declaration(text)

    assert document.signatories is not None
    assert [e.abbreviation for e in document.signatories.entries] == ["AAA", "BB"]
    assert "1. A ceasefire today." in document.body
    assert "Signatories" not in document.body
    assert "Alpha" not in document.body
    assert "many more" not in document.body


def test_strip_inline_markdown():
    assert strip_inline_markdown("# **Bold title**") == "Bold title"
    assert strip_inline_markdown("by [Someone](#)") == "by Someone"
