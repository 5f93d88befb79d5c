"""Exports of the list: the seed round-trips as text; CSV is safe; JSON and Markdown."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.lists.exports import neutralize
from undersigned.lists.tests.helpers import import_seed, seed_list_lines
from undersigned.organizations.models import Organization
from undersigned.signatures.services import signature_add_published

pytestmark = pytest.mark.django_db

STATUS = "Status of the signatories 06.01.2025. Further signing possible."


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse), "exports must stream"
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_seed_round_trips_as_text_byte_for_byte(client, settings):
    settings.SITE_URL = "https://sign.example"
    import_seed()

    response = client.get("/declarations/solidarity/signatories.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = body(response).split("\n")
    # The title and address first, so a copy that travels alone says what it lists.
    assert lines[0] == "Solidarity with Ukrainians in Russia!"
    assert lines[1] == "https://sign.example/en/declarations/solidarity/"
    assert lines[2] == ""
    assert lines[3] == STATUS
    assert lines[4:23] == seed_list_lines()
    assert lines[23:] == [""]


def test_the_command_exports_the_same_text():
    import_seed()
    out = StringIO()

    call_command("export_signatories", "solidarity", format="txt", stdout=out)

    text = out.getvalue()
    assert text.split("\n")[4:23] == seed_list_lines()
    assert text.split("\n")[3] == STATUS


def test_country_as_written_is_kept_byte_for_byte():
    import_seed()

    congo = Organization.objects.get(abbreviation="ORC")
    assert congo.country == "CD"
    assert congo.country_as_written == "Democratic Republic of the Congo"
    netherlands = Organization.objects.get(abbreviation="RM")
    assert (netherlands.country, netherlands.country_as_written) == ("NL", "Netherlands")
    # Implied by the name only: suggested for statistics, never in the line.
    bangladesh = Organization.objects.get(abbreviation="SPB")
    assert (bangladesh.country, bangladesh.suggested_country) == ("", "BD")


def test_a_country_that_is_no_state_alone_is_shown_as_written(client):
    declaration = DeclarationFactory(slug="kurdish")
    organization = Organization.objects.create(
        abbreviation="PKP", name="Partiya Komunîst", country="TR",
        country_as_written="Turkey-Kurdistan",
    )  # fmt: skip
    signature_add_published(declaration=declaration, actor=None, organization=organization)

    text = body(client.get("/declarations/kurdish/signatories.txt"))

    assert "1. PKP Partiya Komunîst, Turkey-Kurdistan\n" in text


def test_csv_neutralizes_formulas_and_offers_a_bom(client):
    declaration = DeclarationFactory(slug="csv")
    for abbreviation, name in (
        ("=CMD", '=HYPERLINK("http://evil.example")'),
        ("+1", "@SUM(A1)"),
        ("-2", "\tTabbed"),
        ("OK", "\rReturn"),
    ):
        organization = Organization.objects.create(abbreviation=abbreviation, name=name)
        signature_add_published(declaration=declaration, actor=None, organization=organization)

    response = client.get("/declarations/csv/signatories.csv")
    text = body(response)
    rows = list(csv.reader(io.StringIO(text)))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert rows[0][:3] == ["position", "kind", "line"]
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert "'@SUM(A1)" in cells
    assert "'\tTabbed" in cells
    assert not text.startswith("\ufeff")

    with_bom = body(client.get("/declarations/csv/signatories.csv?bom=1"))
    assert with_bom.startswith("\ufeffposition,kind,line")


def test_neutralize_leaves_ordinary_text_alone():
    assert neutralize("PC (ML)") == "PC (ML)"
    assert neutralize("") == ""
    assert neutralize("-x") == "'-x"


def test_json_has_the_documented_shape(client):
    import_seed()

    data = json.loads(body(client.get("/declarations/solidarity/signatories.json")))

    assert set(data) == {
        "format", "declaration", "as_of", "status_line", "count", "snapshot", "signatories",
    }  # fmt: skip
    assert data["format"] == "undersigned.signatories/1"
    assert data["count"] == 19
    assert data["status_line"] == STATUS
    assert data["snapshot"] is None
    first = data["signatories"][0]
    assert set(first) == {
        "position", "kind", "line", "withdrawn", "abbreviation", "name",
        "name_transliteration", "name_translation", "role", "affiliation", "city",
        "country", "country_code", "organization_id", "published_on",
    }  # fmt: skip
    assert first["country"] == "Democratic Republic of the Congo"
    assert first["country_code"] == "CD"
    assert first["published_on"] == "2025-01-06"
    assert [entry["position"] for entry in data["signatories"]] == list(range(1, 20))


def test_an_empty_list_is_valid_json(client):
    DeclarationFactory(slug="empty")

    data = json.loads(body(client.get("/declarations/empty/signatories.json")))

    assert data["signatories"] == []
    assert data["count"] == 0


def test_markdown_keeps_every_number_across_gaps(client):
    declaration = DeclarationFactory(slug="md")
    for name in ("First *one*", "Second", "Third [x]"):
        organization = Organization.objects.create(name=name)
        signature_add_published(declaration=declaration, actor=None, organization=organization)
    second = declaration.signatures.get(position=2)
    from undersigned.signatures.services import signature_withdraw

    signature_withdraw(signature=second)

    text = body(client.get("/declarations/md/signatories.md"))

    assert text.startswith(f"# {declaration.title}\n")
    assert "1. First \\*one\\*\n" in text
    # After the gap the delimiter changes, so Markdown starts a list at 3.
    assert "3) Third \\[x\\]\n" in text


def test_unknown_format_and_hidden_declarations_answer_404(client):
    DeclarationFactory(slug="draft", status="draft")
    DeclarationFactory(slug="open")

    assert client.get("/declarations/open/signatories.xlsx").status_code == 404
    assert client.get("/declarations/draft/signatories.txt").status_code == 404


def test_exports_carry_the_snapshot_hash_in_a_header(client):
    from undersigned.lists.services import snapshot_publish

    declaration = import_seed()
    snapshot = snapshot_publish(declaration=declaration, actor=None)

    response = client.get("/declarations/solidarity/signatories.txt")
    body(response)

    assert response["X-Snapshot-SHA256"] == snapshot.sha256
    data = json.loads(body(client.get("/declarations/solidarity/signatories.json")))
    assert data["snapshot"]["sha256"] == snapshot.sha256
    assert snapshot.sha256 in body(client.get("/declarations/solidarity/signatories.md"))


def test_exports_stream_in_chunks_without_one_query_per_entry(
    client, django_assert_max_num_queries
):
    declaration = DeclarationFactory(slug="long")
    organizations = Organization.objects.bulk_create(
        Organization(abbreviation=f"O{n}", name=f"Organization {n}") for n in range(1200)
    )
    from django.utils import timezone

    from undersigned.signatures.models import Signature

    Signature.objects.bulk_create(
        Signature(
            declaration=declaration, kind="organization", organization=organization,
            status="published", position=n, published_at=timezone.now(),
        )
        for n, organization in enumerate(organizations, start=1)
    )  # fmt: skip

    with django_assert_max_num_queries(20):
        response = client.get("/declarations/long/signatories.csv")
        chunks = list(response.streaming_content)

    assert len(chunks) > 2
    assert b"".join(chunks).decode().count("\r\n") == 1201


def test_the_exports_compose_lines_as_the_signature_formatting_does():
    from django.utils import translation

    from undersigned.lists.selectors import list_entries
    from undersigned.signatures.services import PersonSubmission
    from undersigned.signatures.signatory import signatory_line

    declaration = DeclarationFactory(slug="same")
    organizations = [
        Organization.objects.create(
            abbreviation="ORC", name="Organisation", name_translation="Organization",
            country="CD", country_as_written="Democratic Republic of the Congo",
        ),
        Organization.objects.create(name="Без страны", name_transliteration="Bez strany"),
        Organization.objects.create(abbreviation="RM", name="Rode Morgen", country="NL"),
    ]  # fmt: skip
    for organization in organizations:
        signature_add_published(declaration=declaration, actor=None, organization=organization)
    for person in (
        PersonSubmission(name="Ada Lovelace", email="", country="GB", city="London", role="x"),
        PersonSubmission(name="Hidden", email="", country="FR", show_name=False),
        PersonSubmission(name="No Country", email="", country=""),
    ):
        signature_add_published(declaration=declaration, actor=None, person=person)

    for language in ("en", "de"):
        with translation.override(language):
            expected = [signatory_line(s) for s in declaration.signatures.order_by("position")]
            assert [e.line for e in list_entries(declaration=declaration)] == expected


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"])
def test_streamed_entries_equal_the_orm_rows_entries(settings, zone):
    """The exports read raw driver rows (``_raw_rows``); the page reads the ORM's. Every
    kind of entry, the day it was published near midnight in any time zone, and an
    ``as_of`` list with a withdrawal come out the same both ways."""
    import datetime as dt

    from django.utils import timezone, translation

    from undersigned.lists.selectors import list_entries, list_entry, list_signatures
    from undersigned.signatures.models import Signature
    from undersigned.signatures.signatory import LIST_COLUMNS

    settings.TIME_ZONE = zone
    declaration = DeclarationFactory(slug="both-ways")
    approved = Organization.objects.create(
        abbreviation="ORC", name="Organisation", country="CD", country_as_written="RD Congo"
    )
    near_midnight = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    common = {"declaration": declaration, "status": "published", "published_at": near_midnight}
    Signature.objects.bulk_create(
        [
            Signature(kind="person", name="Ada", role="r", city="London", country="GB",
                      position=1, **common),
            Signature(kind="person", name="Hidden", country="FR", show_name=False,
                      position=2, **common),
            Signature(kind="organization", organization=approved, position=3, **common),
            Signature(kind="organization", org_name="Typed", org_abbreviation="=T",
                      org_country="UA", position=4, **common),
            Signature(kind="person", name="Gone", country="DE", position=5,
                      **{**common, "status": "withdrawn",
                         "withdrawn_at": near_midnight + dt.timedelta(days=2)}),
        ]
    )  # fmt: skip

    with timezone.override(zone), translation.override("de"):
        for as_of in (None, dt.date(2026, 3, 2), dt.date(2026, 3, 1)):
            rows = list_signatures(declaration=declaration, as_of=as_of).values(*LIST_COLUMNS)
            expected = [list_entry(row) for row in rows]
            assert list(list_entries(declaration=declaration, as_of=as_of)) == expected
            if as_of == dt.date(2026, 3, 2):  # withdrawn later: there, by its number only
                assert len(expected) == 5
                assert expected[-1].withdrawn
                assert expected[-1].name == ""
            elif as_of is None:
                assert len(expected) == 4
                as_listed = expected
        local_day = near_midnight.astimezone(timezone.get_current_timezone()).date()
        assert {entry.published_on for entry in as_listed} == {local_day}
