"""The import commands: parse_signatories, import_declaration, import_signatories."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from undersigned.audit.models import AuditEntry
from undersigned.declarations.models import Declaration, DeclarationTranslation
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.lists.tests.helpers import (
    SEED_OPEN_LETTER,
    SEED_STATEMENT,
    import_seed,
    seed,
)
from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature


def run(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_parse_signatories_prints_the_issues_json():
    out, _ = run("parse_signatories", str(seed(SEED_STATEMENT)))

    data = json.loads(out)
    assert set(data) == {"status_line", "status_date", "entries", "skipped"}
    assert data["status_date"] == "2025-01-06"
    assert len(data["entries"]) == 19
    assert data["entries"][0]["country"] == "Democratic Republic of the Congo"


def test_parse_signatories_explains_unreadable_files(tmp_path):
    binary = tmp_path / "list.pdf"
    binary.write_bytes(b"%PDF-1.7\x00\x01\x02" * 100)
    directory = tmp_path / "folder"
    directory.mkdir()

    for path, message in (
        (tmp_path / "missing.txt", "no such file"),
        (binary, "binary file"),
        (directory, "is a directory"),
    ):
        with pytest.raises(CommandError, match=message):
            run("parse_signatories", str(path))


def test_parse_signatories_reads_latin1_with_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    text = "Unterzeichner:\n1. Bündnis für Gerechtigkeit\n2. KOL Kommunistische Organisation\n"
    path.write_bytes(text.encode("latin-1"))

    out, err = run("parse_signatories", str(path))

    data = json.loads(out)
    assert "not entirely UTF-8" in err
    assert any("undecodable" in issue for e in data["entries"] for issue in e["issues"])


@pytest.mark.django_db
def test_import_declaration_imports_the_first_seed_with_its_list():
    declaration = import_seed()

    assert declaration.title == "Solidarity with Ukrainians in Russia!"
    assert declaration.status == Declaration.Status.OPEN
    assert declaration.kind == Declaration.Kind.STATEMENT
    assert "Status of the signatories" not in declaration.body
    assert "ORC" not in declaration.body
    assert "Long live proletarian internationalism!" in declaration.body
    assert list(
        declaration.signatures.order_by("position").values_list("position", flat=True)
    ) == list(range(1, 20))
    assert AuditEntry.objects.filter(action="signatures.import").count() == 1
    assert AuditEntry.objects.filter(action="signature.add").count() == 19


@pytest.mark.django_db
def test_import_declaration_imports_the_open_letter_without_taking_demands_for_signatories():
    out, _ = run("import_declaration", str(seed(SEED_OPEN_LETTER)), no_progress=True)

    declaration = Declaration.objects.get()
    assert declaration.title == (
        "Declaration of Russian Socialists: Left for a world without annexations!"
    )
    assert declaration.kind == Declaration.Kind.OPEN_LETTER
    assert declaration.publisher == "Russian Socialists for a world without annexations"
    assert declaration.published_on.isoformat() == "2025-01-23"
    assert declaration.first_published_on.isoformat() == "2024-11-07"
    assert declaration.source_links == [
        {
            "url": "https://telega.ph/Otkrytoe-pismo---Levye-za-mir-bez-anneksij-10-31",
            "label": "Source",
        }
    ]
    assert declaration.signatures.count() == 0
    for n in range(1, 10):
        assert f"{n}. " in declaration.body
    assert "P.S." in declaration.body
    assert "<ol" in declaration.body_html
    assert "Thursday 23 January" not in declaration.body
    assert declaration.status == Declaration.Status.DRAFT
    assert "signatories: none" in out


@pytest.mark.django_db
def test_import_declaration_refuses_a_taken_slug_and_a_bad_one():
    DeclarationFactory(slug="taken")
    with pytest.raises(CommandError, match="exists already"):
        run("import_declaration", str(seed(SEED_STATEMENT)), slug="taken")
    with pytest.raises(CommandError, match="not a valid address"):
        run("import_declaration", str(seed(SEED_STATEMENT)), slug="Not A Slug")
    assert Declaration.objects.count() == 1


@pytest.mark.django_db
def test_import_declaration_dry_run_saves_nothing():
    out, _ = run("import_declaration", str(seed(SEED_STATEMENT)), dry_run=True)

    assert "signatories: 19, status of 2025-01-06" in out
    assert Declaration.objects.count() == 0


@pytest.mark.django_db
def test_import_signatories_dry_run_then_real(tmp_path):
    DeclarationFactory(slug="target")
    path = tmp_path / "list.txt"
    path.write_text(
        "Signatories (as of 3 March 2025):\n1. KOL Kommunistische Organisation Luxemburg\n"
        "2. Jane Doe, teacher, Kurdistan\n3. Hans Muster, Deutschland\nand many more\n",
        encoding="utf-8",
    )

    out, _ = run("import_signatories", "target", str(path), dry_run=True, no_progress=True)
    assert "3 of 3 signatories would be added" in out
    assert Signature.objects.count() == 0
    assert Organization.objects.count() == 0

    out, _ = run("import_signatories", "target", str(path), no_progress=True)
    assert "3 of 3 signatories added" in out
    assert "skipped: line 5 'and many more'" in out
    signatures = {s.position: s for s in Signature.objects.all()}
    assert signatures[1].organization.abbreviation == "KOL"
    assert signatures[1].source == "imported from the list of 03.03.2025"
    # A region is no ISO country: it stays in the line as written.
    assert (signatures[2].country, signatures[2].city) == ("", "Kurdistan")
    assert signatures[3].country == "DE"

    out, _ = run("import_signatories", "target", str(path), no_progress=True)
    assert "0 of 3 signatories added" in out
    assert "already in the list (No. 1)" in out


@pytest.mark.django_db
def test_fuzzy_matches_are_reported_and_taken_only_when_accepted(tmp_path):
    DeclarationFactory(slug="one")
    DeclarationFactory(slug="two")
    existing = Organization.objects.create(
        abbreviation="KOL", name="Kommunistische Organisation Luxemburg"
    )
    path = tmp_path / "list.txt"
    path.write_text("1. KOL Kommunistische Organisaton Luxembourg\n", encoding="utf-8")

    out, _ = run("import_signatories", "one", str(path), dry_run=True, no_progress=True)
    assert "fuzzy: line 1" in out
    assert "resembles 'KOL Kommunistische Organisation Luxemburg'" in out
    assert "organizations: 1 new, 0 existing" in out

    out, _ = run("import_signatories", "two", str(path), accept_fuzzy=True, no_progress=True)
    signature = Signature.objects.get(declaration__slug="two")
    assert signature.organization == existing
    existing.refresh_from_db()
    assert "Kommunistische Organisaton Luxembourg" in existing.aliases


@pytest.mark.django_db
def test_exact_matches_sign_as_the_existing_organization(tmp_path):
    import_seed()
    DeclarationFactory(slug="later")
    path = tmp_path / "list.txt"
    path.write_text(
        "1. RMP Российская маоистская партия (Rossijskaya maoistskaya partiya)\n"
        "2. SPB Socialist Party of Bangladesh\n",
        encoding="utf-8",
    )

    out, _ = run("import_signatories", "later", str(path), no_progress=True)

    assert "0 new, 2 existing" in out
    assert Organization.objects.count() == 19


@pytest.mark.django_db
def test_import_signatories_reads_csv_and_its_own_export(client, tmp_path):
    import_seed()
    DeclarationFactory(slug="copy")
    csv_text = b"".join(
        client.get("/declarations/solidarity/signatories.csv?bom=1").streaming_content
    )
    path = tmp_path / "export.csv"
    path.write_bytes(csv_text)

    out, _ = run("import_signatories", "copy", str(path), no_progress=True)

    assert "19 of 19 signatories added" in out
    assert "0 new, 19 existing" in out
    copy = b"".join(client.get("/declarations/copy/signatories.txt").streaming_content).decode()
    original = b"".join(
        client.get("/declarations/solidarity/signatories.txt").streaming_content
    ).decode()
    # Below the heading (each declaration's own title and address) and the status line.
    assert copy.split("\n")[4:] == original.split("\n")[4:]


@pytest.mark.django_db
def test_import_signatories_keeps_gaps_in_an_empty_declaration(tmp_path):
    declaration = DeclarationFactory(slug="gaps")
    path = tmp_path / "list.txt"
    path.write_text("1. AAA Alpha Association\n2. BBB Beta Bund\n5. CCC Gamma Collective\n")

    run("import_signatories", "gaps", str(path), no_progress=True)

    assert sorted(declaration.signatures.values_list("position", flat=True)) == [1, 2, 5]


@pytest.mark.django_db
def test_import_signatories_errors_are_clear(tmp_path):
    DeclarationFactory(slug="target")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    prose = tmp_path / "prose.txt"
    prose.write_text("We demand that the government stops the war immediately and forever.\n")

    with pytest.raises(CommandError, match="no declaration"):
        run("import_signatories", "nope", str(empty))
    with pytest.raises(CommandError, match="empty"):
        run("import_signatories", "target", str(empty))
    with pytest.raises(CommandError, match="no signatory could be read"):
        run("import_signatories", "target", str(prose))
    with pytest.raises(CommandError, match="--status-date must be a date"):
        run("import_signatories", "target", str(SEED_STATEMENT), status_date="soon")


TRANSLATED = """\
# Wasser ist ein Gemeingut

von der Koalition der Flussstädte, 7. Januar 2025

Wir, die unterzeichnenden Organisationen, **erklären**:

1. Wasser ist ein Gemeingut.
2. Die Verträge müssen veröffentlicht werden.

Stand der Unterzeichnungen: 06.01.2025.

1. KWS Komitet Wody Społecznej, Polen
2. ŘvS Řeka v sousedství, Tschechien
"""


@pytest.mark.django_db
def test_import_declaration_adds_a_translation_of_an_existing_declaration(tmp_path):
    declaration = DeclarationFactory(slug="water", language="en")
    path = tmp_path / "de.md"
    path.write_text(TRANSLATED, encoding="utf-8")

    out, err = run(
        "import_declaration", str(path), translation_of="water", lang="de", official=True
    )

    translation = declaration.translations.get()
    assert (translation.language, translation.kind) == ("de", "official")
    assert translation.title == "Wasser ist ein Gemeingut"
    assert "<strong>erklären</strong>" in translation.body_html
    assert "Řeka" not in translation.body  # the list is the original's, not the text's
    assert "added the de translation" in out
    assert "was not imported" in err
    assert Declaration.objects.count() == 1  # no new declaration
    assert not Signature.objects.exists()
    assert AuditEntry.objects.filter(action="declaration.translation_create").exists()

    # Again: the translation is replaced, as a working one this time.
    out, _ = run("import_declaration", str(path), translation_of="water", lang="de")
    assert "replaced the de translation" in out
    assert declaration.translations.get().kind == "working"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"translation_of": "nowhere", "lang": "de"}, "no declaration has the address"),
        ({"translation_of": "water", "lang": "xx"}, "--lang must be one of"),
        ({"translation_of": "water", "lang": "en"}, "original language"),
        ({"lang": "de"}, "--lang goes with --translation-of"),
    ],
)
def test_import_declaration_refuses_a_bad_translation(tmp_path, options, message):
    DeclarationFactory(slug="water", language="en")
    path = tmp_path / "de.md"
    path.write_text(TRANSLATED, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("import_declaration", str(path), **options)
    assert not DeclarationTranslation.objects.exists()
