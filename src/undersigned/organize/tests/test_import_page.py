"""The organizer's import page: doors, paste → preview → correct → commit, bad uploads."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.imports.models import ImportDraft
from undersigned.lists.tests.helpers import SEED_STATEMENT, organizer, seed
from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature

pytestmark = pytest.mark.django_db

URL = "/en/organize/target/import/"


@pytest.fixture
def declaration():
    return DeclarationFactory(slug="target")


@pytest.fixture
def staff_client(client, declaration):
    client.force_login(organizer())
    return client


def test_three_doors(client, declaration):
    anonymous = client.get(URL)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]

    User.objects.create_user("plain-staff", password="pw", is_staff=True)
    client.login(username="plain-staff", password="pw")
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": "1. A B"}).status_code == 403

    client.force_login(organizer())
    assert client.get(URL).status_code == 200


def test_scoped_roles(client, declaration):
    """An organizer of this declaration may import; its moderator and another
    declaration's organizer may not (the roles of issue 4)."""
    from undersigned.roles.services import role_grant

    other = DeclarationFactory(slug="other")
    users = {}
    for name, role, target in [
        ("organizer-here", "organizer", declaration),
        ("moderator-here", "moderator", declaration),
        ("organizer-elsewhere", "organizer", other),
    ]:
        users[name] = User.objects.create_user(name, password="pw")
        role_grant(user=users[name], role=role, scope=target)
    client.force_login(users["organizer-here"])
    assert client.get(URL).status_code == 200
    for name in ("moderator-here", "organizer-elsewhere"):
        client.force_login(users[name])
        assert client.get(URL).status_code == 403, name


def preview_of(response) -> str:
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def test_paste_preview_correct_commit(staff_client, declaration):
    Organization.objects.create(abbreviation="KOL", name="Kommunistische Organisation Luxemburg")
    text = (
        "Status of the signatories 06.01.2025. Further signing possible.\n"
        "1. KOL Kommunistische Organisaton Luxembourg\n"
        "2. XYZ Some Group (Translation?) (Another), Atlantis\n"
        "3. Jane Roe, Professor, University of California, Irvine\n"
    )
    location = preview_of(staff_client.post(URL, {"text": text}))

    page = staff_client.get(location + "?show=all")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="uncertain"' in html
    assert "similar (" in html  # the fuzzy candidate offered
    draft = ImportDraft.objects.get()
    assert draft.status_date.isoformat() == "2025-01-06"

    rows = draft.rows
    kol = next(i for i, row in enumerate(rows) if row["abbreviation"] == "KOL")
    xyz = next(i for i, row in enumerate(rows) if row["abbreviation"] == "XYZ")
    existing = Organization.objects.get()
    fields = {"rows": [str(kol), str(xyz)], "page": "1", "action": "save"}
    for index in (kol, xyz):
        for name in ("abbreviation", "name", "name_transliteration", "name_translation",
                     "country", "role", "affiliation"):  # fmt: skip
            fields[f"r{index}-{name}"] = rows[index][name]
        fields[f"r{index}-kind"] = "organization"
        fields[f"r{index}-include"] = "on"
    fields[f"r{kol}-match"] = str(existing.pk)  # confirm the fuzzy match
    fields[f"r{xyz}-match"] = "new"
    fields[f"r{xyz}-name"] = "Some Group"
    fields[f"r{xyz}-name_translation"] = "Some Group in English"
    fields[f"r{xyz}-country"] = ""
    assert staff_client.post(location + "?show=all&page=1", fields).status_code == 302

    fields["action"] = "commit"
    done = staff_client.post(location + "?show=all&page=1", fields)

    assert done.status_code == 200
    assert "3 signatories imported" in done.content.decode()
    assert not ImportDraft.objects.exists()
    by_position = {s.position: s for s in Signature.objects.all()}
    assert by_position[1].organization == existing
    assert by_position[2].organization.name_translation == "Some Group in English"
    assert by_position[3].kind == "person"
    assert by_position[1].source == "imported from the list of 06.01.2025"
    existing.refresh_from_db()
    assert existing.aliases == ["Kommunistische Organisaton Luxembourg"]


def test_the_seed_through_the_browser(staff_client, declaration):
    with seed(SEED_STATEMENT).open("rb") as handle:
        location = preview_of(staff_client.post(URL, {"file": handle}))

    html = staff_client.get(location).content.decode()
    # Every line that is not a signatory is listed with its reason.
    assert "text before the list" in html
    assert "status line" in html
    done = staff_client.post(location, {"action": "commit"})

    assert "19 signatories imported" in done.content.decode()
    assert Signature.objects.filter(declaration=declaration).count() == 19


def test_discard(staff_client, declaration):
    location = preview_of(staff_client.post(URL, {"text": "1. AAA Alpha Association\n"}))

    response = staff_client.post(location, {"action": "discard"})

    assert response.status_code == 302
    assert not ImportDraft.objects.exists()
    assert not Signature.objects.exists()


def test_leaving_a_row_out(staff_client, declaration):
    location = preview_of(
        staff_client.post(URL, {"text": "1. AAA Alpha Association\n2. BBB Beta Bund\n"})
    )
    fields = {"rows": ["0"], "r0-kind": "organization", "r0-name": "Alpha Association",
              "r0-abbreviation": "AAA", "action": "commit"}  # fmt: skip

    done = staff_client.post(location + "?show=all", fields)

    assert "1 signatory imported" in done.content.decode()
    assert "left out in the preview" in done.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 50, "binary file"),
        (b"", "Paste the list or choose a file"),
        (b"\xff\xfe" + "1. AAA Alpha\n".encode("utf-16-le"), None),
        ("Unterzeichner:\n1. Bündnis für Frieden\n".encode("cp1252"), None),
        (bytes(range(128, 256)) * 200, "not UTF-8"),
        (b"position,kind\n1,organization\n", "needs a"),
    ],
)
def test_bad_uploads_never_fail(staff_client, declaration, content, message):
    upload = SimpleUploadedFile("list.txt" if b"kind" not in content else "list.csv", content)

    response = staff_client.post(URL, {"file": upload})

    assert response.status_code in (302, 400)
    if message is None:
        assert response.status_code == 302
        page = staff_client.get(response["Location"] + "?show=all")
        assert page.status_code == 200
    else:
        assert response.status_code == 400
        assert message in response.content.decode()


def test_a_huge_upload_is_refused_politely(staff_client, declaration, monkeypatch):
    from undersigned.organize.views import imports as views

    monkeypatch.setattr(views, "WEB_MAX_BYTES", 1024)
    upload = SimpleUploadedFile("big.txt", b"1. AAA Alpha Association\n" * 100)

    response = staff_client.post(URL, {"file": upload})

    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_a_long_list_pages_its_preview_within_the_field_limit(staff_client, declaration, settings):
    text = "\n".join(f"{n}. Maria Beispiel{n}, teacher, Berlin" for n in range(1, 60))
    location = preview_of(staff_client.post(URL, {"text": text}))

    html = staff_client.get(location + "?show=all").content.decode()

    fields = set(re.findall(r'name="([^"]+)"', html))
    assert len(fields) <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert "Page 1 of 8" in html


def test_every_line_is_accounted_for(staff_client, declaration):
    text = (
        "Title\n\nSignatories:\n1. AAA Alpha Association\n<br>\n**and many more**\n"
        "2. BBB Beta Bund\n"
    )
    location = preview_of(staff_client.post(URL, {"text": text}))
    draft = ImportDraft.objects.get()

    read = [row["source_line"] for row in draft.rows] + [s["line"] for s in draft.skipped]
    assert sorted(read) == sorted(line.strip() for line in text.splitlines() if line.strip())
    assert staff_client.get(location).status_code == 200


def test_another_declarations_draft_is_not_found(staff_client, declaration):
    location = preview_of(staff_client.post(URL, {"text": "1. AAA Alpha Association\n"}))
    DeclarationFactory(slug="other")

    assert staff_client.get(location.replace("/target/", "/other/")).status_code == 404


def test_a_row_already_on_this_list_is_flagged_and_left_out(staff_client, declaration):
    known = Organization.objects.create(abbreviation="FOR", name="Friends of the River")
    Signature.objects.create(
        declaration=declaration, kind=Signature.Kind.ORGANIZATION, organization=known,
        status=Signature.Status.PUBLISHED, position=1,
    )  # fmt: skip
    staff_client.post(
        URL, {"text": "1. Friends of the River (FOR), Germany\n2. Union of Testers, France\n"}
    )
    draft = ImportDraft.objects.get()
    rows = {row["name"]: row for row in draft.rows}
    assert rows["Friends of the River"]["already_signed"] is True
    assert rows["Friends of the River"]["include"] is False
    assert rows["Union of Testers"]["include"] is True
    page = staff_client.get(f"{URL}{draft.pk}/?show=all").content.decode()
    assert "already signed this declaration" in page
    # Each cell is labelled with its row's number and the column's name.
    assert 'aria-label="Row 1: Name"' in page
    assert 'aria-label="Row 2: English name"' in page
    assert 'aria-label="Row 1: import this row"' in page
