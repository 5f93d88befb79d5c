"""Mail delivery: retries with backoff while the SMTP server refuses, and the address's end."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from undersigned.audit.models import AuditEntry
from undersigned.core.shredding import shred_key_id, shred_open
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import person_data, sign


def test_mail_is_retried_with_backoff_while_smtp_refuses(client, smtp, run_tasks, settings):
    settings.MAIL_RETRY_BASE_SECONDS = 60
    declaration = DeclarationFactory()
    smtp.refuse = True
    sign(client, declaration.slug, person_data())
    before = timezone.now()
    run_tasks()

    assert smtp.messages == []
    signature = Signature.objects.get()
    assert shred_open(signature.sealed_email) == "ada@example.org"  # kept until the mail goes out
    retry = DBTaskResult.objects.ready().first()
    assert retry is None  # not due yet: it waits for its backoff
    waiting = DBTaskResult.objects.filter(status="READY").get()
    key = shred_key_id(signature.sealed_email)
    assert waiting.args_kwargs["kwargs"] == {"signature_id": signature.pk, "attempt": 2, "key": key}
    assert waiting.run_after is not None
    assert waiting.run_after >= before + timedelta(seconds=59)

    # The server is back and the backoff has passed.
    smtp.refuse = False
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
    run_tasks()
    assert len(smtp.messages) == 1
    assert Signature.objects.get().sealed_email == ""


def test_after_the_last_attempt_the_address_is_erased(client, smtp, run_tasks, settings):
    settings.MAIL_MAX_ATTEMPTS = 2
    declaration = DeclarationFactory()
    smtp.refuse = True
    sign(client, declaration.slug, person_data())
    run_tasks()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()
    assert smtp.messages == []
    assert Signature.objects.get().sealed_email == ""
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert AuditEntry.objects.filter(action="signature.mail_failed").count() == 1


def test_mail_is_written_in_the_language_of_the_page(client, smtp, run_tasks):
    declaration = DeclarationFactory()
    # The page's language is in its address (/de/…), whatever the browser prefers.
    with translation.override("de"):
        sign(client, declaration.slug, person_data(), headers={"accept-language": "uk"})
    assert Signature.objects.get().language == "de"


def test_outbox_backend_writes_one_eml_per_mail(client, run_tasks, settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "undersigned.core.mail.OutboxEmailBackend",
            "OPTIONS": {"directory": str(tmp_path)},
        }
    }
    declaration = DeclarationFactory()
    sign(client, declaration.slug, person_data(email="one@example.org"))
    sign(client, declaration.slug, person_data(email="two@example.org"))
    run_tasks()
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    text = b"".join(path.read_bytes() for path in files)
    assert b"one@example.org" in text
    assert b"/confirm/" in text
    assert not list(tmp_path.glob("*.tmp"))


def test_a_retry_after_a_lost_answer_carries_the_same_message_id(
    client, smtp, run_tasks, settings, monkeypatch
):
    """The server took the mail but its "250" never arrived: the retry sends it again,
    with the Message-ID of the first, so mail programs show one message."""
    settings.MAIL_RETRY_BASE_SECONDS = 60
    declaration = DeclarationFactory()
    taken = smtp.handle_DATA

    async def took_it_but_answer_lost(server, session, envelope):
        await taken(server, session, envelope)
        return "451 Requested action aborted: local error"

    monkeypatch.setattr(smtp, "handle_DATA", took_it_but_answer_lost)
    sign(client, declaration.slug, person_data(email="ada@example.org"))
    sign(client, declaration.slug, person_data(email="grace@example.org", name="Grace"))
    run_tasks()
    assert len(smtp.messages) == 2  # received, though the worker thinks not
    monkeypatch.setattr(smtp, "handle_DATA", taken)
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()

    copies: dict[str, list[str]] = {}
    for message in smtp.messages:
        copies.setdefault(str(message["To"]), []).append(str(message["Message-ID"]))
    assert sorted(copies) == ["ada@example.org", "grace@example.org"]
    for ids in copies.values():
        assert len(ids) == 2
        assert ids[0] == ids[1]
        assert ids[0].endswith(f"@{urlsplit(settings.SITE_URL).hostname}>")
    assert copies["ada@example.org"][0] != copies["grace@example.org"][0]
    assert "ada" not in copies["ada@example.org"][0]
    assert Signature.objects.filter(sealed_email="").count() == 2
