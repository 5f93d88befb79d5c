"""Published snapshots: chained SHA-256, verification that names what was altered."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from undersigned.audit.models import AuditEntry
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.lists.models import Snapshot
from undersigned.lists.services import SnapshotError, snapshot_publish
from undersigned.lists.snapshots import document_of, verify_chain
from undersigned.lists.tests.helpers import import_seed, organizer, seed_list_lines
from undersigned.organizations.models import Organization
from undersigned.signatures.services import signature_add_published

pytestmark = pytest.mark.django_db


def test_a_snapshot_freezes_the_text_export_with_its_status_date():
    declaration = import_seed()

    snapshot = snapshot_publish(
        declaration=declaration, actor=None, status_date=dt.date(2025, 1, 6)
    )

    lines = snapshot.text.split("\n")
    assert lines[0] == "Status of the signatories 06.01.2025. Further signing possible."
    assert lines[1:20] == seed_list_lines()
    assert snapshot.number == 1
    assert snapshot.previous_sha256 == ""
    assert snapshot.entry_count == 19
    document = document_of(snapshot).encode()
    assert hashlib.sha256(document).hexdigest() == snapshot.sha256
    assert AuditEntry.objects.filter(action="snapshot.publish", object_id=snapshot.pk).exists()


def test_snapshots_chain_and_refuse_earlier_dates():
    declaration = import_seed()
    first = snapshot_publish(declaration=declaration, actor=None, status_date=dt.date(2025, 1, 6))
    organization = Organization.objects.create(abbreviation="NEW", name="A new group")
    signature_add_published(declaration=declaration, actor=None, organization=organization)
    second = snapshot_publish(declaration=declaration, actor=None)

    assert second.number == 2
    assert second.previous_sha256 == first.sha256
    assert "20. NEW A new group" in second.text
    assert "NEW" not in first.text
    with pytest.raises(SnapshotError, match="earlier"):
        snapshot_publish(declaration=declaration, actor=None, status_date=dt.date(2025, 1, 1))
    assert verify_chain(list(Snapshot.objects.order_by("number"))).ok


def test_verify_names_the_altered_snapshot():
    declaration = import_seed()
    snapshot_publish(declaration=declaration, actor=None, status_date=dt.date(2025, 1, 6))
    snapshot_publish(declaration=declaration, actor=None)
    call_command("snapshot", "verify", "solidarity", stdout=StringIO())  # intact

    # Someone with database access quietly drops entry 3 from the first snapshot.
    first = Snapshot.objects.get(number=1)
    first.text = first.text.replace("3. SPB Socialist Party of Bangladesh\n", "")
    first.save()
    err = StringIO()

    with pytest.raises(CommandError, match="verification failed") as failure:
        call_command("snapshot", "verify", "solidarity", stdout=StringIO(), stderr=err)

    assert failure.value.returncode == 1
    assert "snapshot 1 of 2025-01-06" in err.getvalue()
    assert "altered" in err.getvalue()


def test_rehashing_an_altered_snapshot_breaks_the_next_link():
    declaration = import_seed()
    snapshot_publish(declaration=declaration, actor=None, status_date=dt.date(2025, 1, 6))
    snapshot_publish(declaration=declaration, actor=None)
    first = Snapshot.objects.get(number=1)
    first.text = first.text.replace("Bangladesh", "Atlantis")
    first.sha256 = hashlib.sha256(document_of(first).encode()).hexdigest()
    first.save()

    result = verify_chain(list(Snapshot.objects.order_by("number")))

    assert not result.ok
    assert any(problem.startswith("snapshot 2 of") and "previous" in problem
               for problem in result.problems)  # fmt: skip


def test_verify_a_downloaded_file(client, tmp_path):
    declaration = import_seed()
    snapshot = snapshot_publish(
        declaration=declaration, actor=None, status_date=dt.date(2025, 1, 6)
    )
    response = client.get("/declarations/solidarity/snapshots/1.txt")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == snapshot.sha256
    downloaded = tmp_path / "snapshot.txt"
    downloaded.write_bytes(response.content)
    out = StringIO()

    call_command("snapshot", "verify", "solidarity", str(downloaded), stdout=out)

    assert "this is snapshot 1 of 2025-01-06" in out.getvalue()

    forged = tmp_path / "forged.txt"
    forged.write_bytes(response.content.replace(b"Bangladesh", b"Atlantis"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("snapshot", "verify", "solidarity", str(forged), stdout=out, stderr=err)
    assert "matches no published snapshot" in err.getvalue()
    assert snapshot.sha256 in err.getvalue()


def test_the_snapshots_page_verifies_a_pasted_copy(client):
    declaration = import_seed()
    snapshot = snapshot_publish(
        declaration=declaration, actor=None, status_date=dt.date(2025, 1, 6)
    )

    page = client.get("/en/declarations/solidarity/snapshots/")
    good = client.post("/en/declarations/solidarity/snapshots/", {"text": snapshot.text})
    bad = client.post(
        "/en/declarations/solidarity/snapshots/", {"text": snapshot.text.replace("SPB", "XYZ")}
    )

    assert snapshot.sha256 in page.content.decode()
    assert "Verified: this is exactly snapshot 1" in good.content.decode()
    assert "Not verified" in bad.content.decode()
    assert client.post("/en/declarations/solidarity/snapshots/", {}).status_code == 400


def test_the_declaration_page_shows_the_hash(client):
    declaration = import_seed()
    snapshot = snapshot_publish(declaration=declaration, actor=None)

    assert snapshot.sha256 in client.get("/en/declarations/solidarity/").content.decode()


def test_the_publish_page_has_three_doors(client):
    declaration = DeclarationFactory(slug="doors")
    url = "/en/organize/doors/snapshots/publish/"

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]

    from django.contrib.auth.models import User

    User.objects.create_user("staff", password="pw", is_staff=True)
    client.login(username="staff", password="pw")
    assert client.get(url).status_code == 403
    client.logout()

    client.force_login(organizer())
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2030-01-01"})
    assert response.status_code == 400  # in the future
    response = client.post(url, {"date": ""})
    assert response.status_code == 302
    assert Snapshot.objects.filter(declaration=declaration).count() == 1


def test_the_command_publishes_and_shows(tmp_path):
    import_seed()
    out = StringIO()

    call_command("snapshot", "publish", "solidarity", date="2025-01-06", stdout=out)
    shown = StringIO()
    call_command("snapshot", "show", "solidarity", stdout=shown)

    snapshot = Snapshot.objects.get()
    assert snapshot.sha256 in out.getvalue()
    assert hashlib.sha256(shown.getvalue().encode()).hexdigest() == snapshot.sha256
    with pytest.raises(CommandError, match="--date must be a date"):
        call_command("snapshot", "publish", "solidarity", date="06.01.2025")
    with pytest.raises(CommandError, match="no declaration"):
        call_command("snapshot", "verify", "missing")


def test_the_snapshots_page_says_when_the_stored_copy_was_altered(client):
    declaration = import_seed()
    snapshot_publish(declaration=declaration, actor=None, status_date=dt.date(2025, 1, 6))
    published = client.get("/declarations/solidarity/snapshots/1.txt").content
    stored = Snapshot.objects.get()
    stored.text = stored.text.replace("Bangladesh", "Atlantis")
    stored.save()

    upload = SimpleUploadedFile("1.txt", published)
    response = client.post("/en/declarations/solidarity/snapshots/", {"file": upload})

    assert "Not verified" in response.content.decode()
    assert "altered since" in response.content.decode()


def _import_rows(declaration, status_date):
    from undersigned.imports.rows import ImportRow
    from undersigned.imports.services import signatories_import

    rows = [
        ImportRow(position=None, kind="organization", name="A late group", source_line="LG",
                  abbreviation="LG"),
    ]  # fmt: skip
    return signatories_import(
        declaration=declaration, rows=rows, actor=organizer("importer"),
        source="a list found later", status_date=status_date,
    )  # fmt: skip


def test_an_import_never_dates_entries_inside_a_snapshots_day():
    """Issue 17, point 4: an older list imported after a snapshot leaves it true."""
    from undersigned.lists.selectors import day_start, list_entries
    from undersigned.signatures.models import Signature

    declaration = import_seed()
    frozen = dt.date(2025, 1, 6)
    snapshot = snapshot_publish(declaration=declaration, actor=None, status_date=frozen)
    before = [entry.line for entry in list_entries(declaration=declaration, as_of=frozen)]

    report = _import_rows(declaration, dt.date(2025, 1, 2))  # older than the snapshot

    assert report.added == 1
    late = Signature.objects.get(organization__name="A late group")
    assert late.published_at == day_start(dt.date(2025, 1, 7))
    assert any("snapshot" in note and "dated" in note for note in report.notes)
    after = [entry.line for entry in list_entries(declaration=declaration, as_of=frozen)]
    assert after == before  # the list as of the snapshot's day is what it vouched for
    assert len(list(list_entries(declaration=declaration, as_of=dt.date(2025, 1, 7)))) == 20
    # The published snapshot still matches the list as of its day.
    from undersigned.lists.services import snapshot_text

    assert snapshot_text(declaration=declaration, status_date=frozen)[0] == snapshot.text
    assert verify_chain(list(Snapshot.objects.order_by("number"))).ok


def test_an_import_dated_after_the_latest_snapshot_keeps_its_date():
    from undersigned.lists.selectors import day_start
    from undersigned.signatures.models import Signature

    declaration = import_seed()
    snapshot_publish(declaration=declaration, actor=None, status_date=dt.date(2025, 1, 6))

    report = _import_rows(declaration, dt.date(2025, 2, 1))

    late = Signature.objects.get(organization__name="A late group")
    assert late.published_at == day_start(dt.date(2025, 2, 1))
    assert not any("snapshot" in note for note in report.notes)


def test_an_import_on_the_snapshots_own_day_moves_to_the_next():
    from undersigned.lists.selectors import day_start
    from undersigned.signatures.models import Signature

    declaration = import_seed()
    snapshot_publish(declaration=declaration, actor=None, status_date=dt.date(2025, 1, 6))

    _import_rows(declaration, dt.date(2025, 1, 6))

    late = Signature.objects.get(organization__name="A late group")
    assert late.published_at == day_start(dt.date(2025, 1, 7))
