"""The preview's corrections, without JavaScript: split a row, merge two, mark a heading,
read a skipped line as a signatory — each a button of the one preview form."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.imports.models import ImportDraft
from undersigned.lists.tests.helpers import organizer

pytestmark = pytest.mark.django_db

URL = "/en/organize/target/import/"


@pytest.fixture
def declaration():
    return DeclarationFactory(slug="target")


@pytest.fixture
def staff_client(client, declaration):
    client.force_login(organizer())
    return client


def draft_of(staff_client, text: str) -> tuple[str, ImportDraft]:
    response = staff_client.post(URL, {"text": text})
    assert response.status_code == 302, response.content[:300]
    return response["Location"], ImportDraft.objects.get()


def names(draft: ImportDraft) -> list[str]:
    draft.refresh_from_db()
    return [row["name"] for row in draft.rows]


def test_split_a_row_where_the_organizer_typed_bars(staff_client):
    location, draft = draft_of(staff_client, "Signatories:\n1. Tenants Union Graz\n2. Pro Asyl\n")
    fields = {
        "rows": ["0"],
        "r0-name": "Tenants Union Graz | Attac Austria | Greenpeace Nordic",
        "r0-kind": "organization",
        "r0-include": "on",
        "action": "split:0",
    }

    response = staff_client.post(location + "?show=all", fields)

    assert response.status_code == 302
    assert names(draft) == ["Tenants Union Graz", "Attac Austria", "Greenpeace Nordic", "Pro Asyl"]
    assert draft.rows[0]["position"] == 1
    assert {row["source_line"] for row in draft.rows[:3]} == {"1. Tenants Union Graz"}
    assert all(any(n["code"] == "edited" for n in row["notes"]) for row in draft.rows[:3])
    page = staff_client.get(response["Location"]).content.decode()
    assert "The row was split into several signatories." in page


def test_split_cuts_at_commas_when_no_bar_was_typed(staff_client):
    location, draft = draft_of(staff_client, "Signatories:\nPro Asyl\nMedico International\n")
    fields = {"rows": ["0"], "r0-name": "Pro Asyl, Seebrücke, Attac", "r0-kind": "organization",
              "r0-include": "on", "action": "split:0"}  # fmt: skip

    staff_client.post(location + "?show=all", fields)

    assert names(draft) == ["Pro Asyl", "Seebrücke", "Attac", "Medico International"]


def test_a_row_of_one_signatory_is_not_split(staff_client):
    location, draft = draft_of(staff_client, "Signatories:\nPro Asyl\nMedico International\n")

    response = staff_client.post(location + "?show=all", {"action": "split:0"}, follow=True)

    assert "only one signatory" in response.content.decode()
    assert names(draft) == ["Pro Asyl", "Medico International"]


def test_merge_two_rows_read_from_two_lines(staff_client):
    text = (
        "Signatories:\n- Frente Revolucionario Nacional (National\n"
        "- Revolutionary Front), Colombia\n"
    )
    location, draft = draft_of(staff_client, text)
    assert len(draft.rows) == 2

    staff_client.post(location + "?show=all", {"action": "merge:0"})

    draft.refresh_from_db()
    (row,) = draft.rows
    assert row["name"] == "Frente Revolucionario Nacional"
    assert row["name_translation"] == "National Revolutionary Front"
    assert row["country"] == "Colombia"
    assert row["source_line"] == (
        "- Frente Revolucionario Nacional (National\n- Revolutionary Front), Colombia"
    )


def test_mark_a_row_as_a_heading(staff_client):
    text = "Signatories:\n- Peace and Research\n- University of Bremen\n- Pro Asyl\n"
    location, draft = draft_of(staff_client, text)
    first = names(draft).index("Peace and Research")

    staff_client.post(location + "?show=all", {"action": f"heading:{first}"})

    assert "Peace and Research" not in names(draft)
    marked = [s for s in draft.skipped if s["line"] == "- Peace and Research"]
    assert marked[0]["notes"][0]["code"] == "marked-heading"
    # every line is still accounted for
    read = [row["source_line"] for row in draft.rows] + [s["line"] for s in draft.skipped]
    assert sorted(read) == sorted(line.strip() for line in text.splitlines() if line.strip())


def test_read_a_skipped_line_as_a_signatory(staff_client):
    text = "Rote Hilfe Kiel\n\nSignatories:\n1. AAA Alpha Association\n2. BBB Beta Bund\n"
    location, draft = draft_of(staff_client, text)
    skipped = [s["line"] for s in draft.skipped]
    index = skipped.index("Rote Hilfe Kiel")

    staff_client.post(location + "?show=all", {"action": f"entry:{index}"})

    assert names(draft)[0] == "Rote Hilfe Kiel"
    assert "Rote Hilfe Kiel" not in [s["line"] for s in draft.skipped]


def test_what_was_typed_is_kept_when_a_correction_is_made(staff_client):
    location, draft = draft_of(
        staff_client, "Signatories:\n1. AAA Alpha Association\n2. BBB Beta Bund\n3. CCC Gamma\n"
    )
    fields = {"rows": ["0", "1", "2"], "action": "heading:2"}
    for index in range(3):
        fields[f"r{index}-name"] = draft.rows[index]["name"]
        fields[f"r{index}-kind"] = "organization"
        fields[f"r{index}-include"] = "on"
    fields["r0-name"] = "Alpha Association of the North"
    second = draft.rows[1]["name"]

    staff_client.post(location + "?show=all", fields)

    assert names(draft) == ["Alpha Association of the North", second]


def test_enter_in_a_field_saves_and_corrects_nothing(staff_client):
    location, _ = draft_of(staff_client, "Signatories:\n1. AAA Alpha Association\n")

    html = staff_client.get(location + "?show=all").content.decode()

    form = html[html.index('id="preview-form"') :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'value="save"' in first_button


def test_the_buttons_are_labelled_in_the_readers_language(staff_client):
    location, _ = draft_of(staff_client, "Title\n\nSignatories:\n1. AAA Alpha\n2. BBB Beta\n")

    html = staff_client.get(location.replace("/en/", "/de/") + "?show=all").content.decode()

    labels = (
        "In mehrere teilen",
        "Mit der nächsten Zeile zusammenführen",
        "Eine Überschrift, keine Unterzeichnung",
        "Als Unterzeichnung lesen",
    )
    for label in labels:
        assert label in html


def test_corrections_need_the_right_to_manage_the_list(client, declaration, staff_client):
    location, draft = draft_of(staff_client, "Signatories:\n1. AAA Alpha\n2. BBB Beta\n")
    client.logout()
    User.objects.create_user("plain-staff", password="pw", is_staff=True)
    client.login(username="plain-staff", password="pw")

    assert client.post(location, {"action": "merge:0"}).status_code == 403
    client.logout()
    assert client.post(location, {"action": "merge:0"}).status_code == 302  # to the login
    assert len(names(draft)) == 2
