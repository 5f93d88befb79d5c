"""The list's own pages (#15): verifying today's export against the snapshots, and
"what changed" opening on a useful range with counts both ways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.lists.services import snapshot_publish
from undersigned.signatures.models import Signature
from undersigned.signatures.services import (
    PersonSubmission,
    signature_add_published,
    signature_withdraw,
)

pytestmark = pytest.mark.django_db


def person(declaration, name: str) -> Signature:
    return signature_add_published(
        declaration=declaration,
        actor=None,
        person=PersonSubmission(name=name, email="", country="FR"),
    )


def export(client, slug: str) -> str:
    return b"".join(client.get(f"/declarations/{slug}/signatories.txt")).decode()


def test_todays_export_is_recognised_and_compared_with_the_latest_snapshot(client):
    declaration = DeclarationFactory(slug="live")
    first = person(declaration, "Ann")
    person(declaration, "Bob")
    snapshot_publish(declaration=declaration, actor=None)
    person(declaration, "Cem")
    signature_withdraw(signature=first)

    response = client.post("/en/declarations/live/snapshots/", {"text": export(client, "live")})

    page = response.content.decode()
    assert response.status_code == 200
    assert "This is a copy of the live list as it stands now (2 entries)" in page
    assert "Compared with the latest published snapshot, no. 1" in page
    assert "1 added, 1 withdrawn." in page
    assert "Not verified" not in page


def test_an_altered_export_is_neither_a_snapshot_nor_the_live_list(client):
    declaration = DeclarationFactory(slug="altered")
    person(declaration, "Ann")
    snapshot_publish(declaration=declaration, actor=None)
    person(declaration, "Bob")

    text = export(client, "altered").replace("Bob", "Mallory")
    page = client.post("/en/declarations/altered/snapshots/", {"text": text}).content.decode()

    assert "Not verified" in page
    assert "Nor is it the live list as it stands now" in page


def test_an_export_with_its_heading_still_matches_its_snapshot(client):
    declaration = DeclarationFactory(slug="same")
    person(declaration, "Ann")
    snapshot_publish(declaration=declaration, actor=None)

    page = client.post("/en/declarations/same/snapshots/", {"text": export(client, "same")})

    assert "Verified: this is exactly snapshot 1" in page.content.decode()


def test_what_changed_opens_since_the_latest_snapshot_with_both_counts(client):
    declaration = DeclarationFactory(slug="changes")
    leaving = person(declaration, "Ann")
    Signature.objects.filter(pk=leaving.pk).update(
        published_at=timezone.now() - dt.timedelta(days=3)
    )
    snapshot_publish(
        declaration=declaration,
        actor=None,
        status_date=timezone.localdate() - dt.timedelta(days=2),
    )
    person(declaration, "Bob")
    signature_withdraw(signature=leaving)

    page = client.get("/en/declarations/changes/changes/").content.decode()

    assert "Since the latest published snapshot (no. 1," in page
    assert "<strong>1 added, 1 withdrawn</strong>" in page
    assert "Added (1)" in page
    assert "Withdrawn (1)" in page


def test_what_changed_opens_on_the_last_seven_days_without_a_snapshot(client):
    declaration = DeclarationFactory(slug="week")
    old = person(declaration, "Old")
    Signature.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=30))
    person(declaration, "New")

    page = client.get("/en/declarations/week/changes/").content.decode()

    week_ago = timezone.localdate() - dt.timedelta(days=7)
    assert "In the last seven days:" in page
    assert f'value="{week_ago.isoformat()}"' in page
    assert "<strong>1 added, 0 withdrawn</strong>" in page
    assert "Old" not in page.split("</h1>")[1]
