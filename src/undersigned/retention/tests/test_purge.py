"""The purge: what goes when, the dry run, the audit rows, the outbox, the schedule."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

import undersigned.core.queue.schedule as schedule
from undersigned.audit.models import AuditEntry
from undersigned.contacts.models import SealedContact
from undersigned.core.shredding import shred_seal
from undersigned.declarations.models import Declaration
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.retention.services import personal_data_purge
from undersigned.retention.tasks import purge_personal_data
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def aged(signature, days, field="created_at"):
    Signature.objects.filter(pk=signature.pk).update(**{field: timezone.now() - days * DAY})
    return signature


def sealed(signature):
    contact = SealedContact.objects.create(
        declaration=signature.declaration, key_id="k", ciphertext=b"x"
    )
    Signature.objects.filter(pk=signature.pk).update(sealed_contact=contact)
    return contact


def test_the_purge_deletes_what_has_outlived_its_use():
    declaration = DeclarationFactory()
    old_unconfirmed = aged(
        SignatureFactory(declaration=declaration, sealed_email=shred_seal("a@example.org")), 8
    )
    old_held = aged(SignatureFactory(declaration=declaration, held=True), 8)
    fresh_unconfirmed = aged(SignatureFactory(declaration=declaration), 6)
    old_rejected = aged(
        SignatureFactory(declaration=declaration, status=Signature.Status.REJECTED), 31,
        field="moderated_at",
    )  # fmt: skip
    recent_rejected = aged(
        SignatureFactory(declaration=declaration, status=Signature.Status.REJECTED), 29,
        field="moderated_at",
    )  # fmt: skip
    published = SignatureFactory(
        declaration=declaration, status=Signature.Status.PUBLISHED, position=1
    )
    aged(published, 400)
    kept_contact = sealed(published)

    report = personal_data_purge(dry_run=True)
    assert (report.unconfirmed, report.rejected, report.contacts) == (2, 1, 0)
    assert Signature.objects.count() == 6  # a dry run deletes nothing

    report = personal_data_purge()
    assert (report.unconfirmed, report.rejected) == (2, 1)
    remaining = set(Signature.objects.values_list("pk", flat=True))
    assert remaining == {fresh_unconfirmed.pk, recent_rejected.pk, published.pk}
    assert SealedContact.objects.filter(pk=kept_contact.pk).exists()
    purged = set(
        AuditEntry.objects.filter(action="signature.purge").values_list("object_id", flat=True)
    )
    assert purged == {old_unconfirmed.pk, old_held.pk, old_rejected.pk}
    assert report.storage.startswith("skipped")  # inside the test's transaction


def test_contacts_go_a_set_time_after_their_declaration_closes(settings):
    settings.CONTACTS_RETENTION_DAYS = 30
    closed_long_ago = DeclarationFactory(
        status=Declaration.Status.CLOSED, closed_at=timezone.now() - 31 * DAY
    )
    closed_lately = DeclarationFactory(
        status=Declaration.Status.CLOSED, closed_at=timezone.now() - 29 * DAY
    )
    still_open = DeclarationFactory()
    for declaration in (closed_long_ago, closed_lately, still_open):
        sealed(SignatureFactory(declaration=declaration, status="published", position=1))
    withdrawn = SignatureFactory(declaration=still_open, status="withdrawn", position=2)
    sealed(withdrawn)

    report = personal_data_purge()

    assert report.contacts == 2
    left = set(SealedContact.objects.values_list("declaration__slug", flat=True))
    assert left == {closed_lately.slug, still_open.slug}
    entry = AuditEntry.objects.get(action="contacts.purge", declaration_id=closed_long_ago.pk)
    assert entry.data == {"count": 1}


def test_old_outbox_mails_are_deleted(settings, tmp_path):
    settings.MAIL_OUTBOX_DIR = tmp_path
    old, new = tmp_path / "old.eml", tmp_path / "new.eml"
    old.write_text("To: someone@example.org")
    new.write_text("To: someone-else@example.org")
    eight_days_ago = time.time() - 8 * 86400
    os.utime(old, (eight_days_ago, eight_days_ago))
    assert personal_data_purge().outbox_files == 1
    assert not old.exists()
    assert new.exists()


def test_the_command_reports_counts_and_honours_dry_run():
    aged(SignatureFactory(), 8)
    out = io.StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert "Would delete: unconfirmed=1" in out.getvalue()
    assert Signature.objects.count() == 1
    out = io.StringIO()
    call_command("purge", stdout=out)
    assert "Deleted: unconfirmed=1" in out.getvalue()
    assert Signature.objects.count() == 0


def test_the_worker_schedules_the_purge():
    assert purge_personal_data.module_path in {entry.name for entry in schedule.registered()}


def test_the_purge_checkpoints_sqlite_outside_a_transaction(transactional_db):
    from django.db import connection

    report = personal_data_purge()
    expected = {
        "sqlite": "sqlite: wal_checkpoint(TRUNCATE)",
        "postgresql": "postgresql: VACUUM (ANALYZE)",
    }
    assert report.storage == expected[connection.vendor]


def test_abandoned_import_previews_are_deleted():
    from django.contrib.auth.models import User

    from undersigned.declarations.tests.factories import DeclarationFactory
    from undersigned.imports.models import ImportDraft

    declaration = DeclarationFactory()
    user = User.objects.create_user("organizer")
    old = ImportDraft.objects.create(declaration=declaration, created_by=user)
    fresh = ImportDraft.objects.create(declaration=declaration, created_by=user)
    ImportDraft.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert personal_data_purge(dry_run=True).import_drafts == 1
    assert personal_data_purge().import_drafts == 1
    assert list(ImportDraft.objects.values_list("pk", flat=True)) == [fresh.pk]
