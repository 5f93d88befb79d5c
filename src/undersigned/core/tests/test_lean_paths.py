"""The shortcuts of the signing path keep what they replace: rows equal to the ORM's,
CSRF protection without the session middleware, SQLite writers queued on a lock file."""

from __future__ import annotations

import fcntl
import os
import threading
import uuid

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django_tasks_db.backend import DatabaseBackend as LibraryBackend
from django_tasks_db.models import DBTaskResult

from undersigned.core.db.insert import insert_row
from undersigned.core.web.lean import is_signing
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.tasks import send_confirmation_mail
from undersigned.signatures.tests.helpers import person_data, started

SKIP = {"id", "public_id", "token_nonce", "dedupe_hash", "created_at"}


def stored(model, pk):
    return {
        field.attname: getattr(model.objects.get(pk=pk), field.attname)
        for field in model._meta.concrete_fields
        if field.attname not in SKIP | {"enqueued_at"}
    }


@pytest.mark.django_db
def test_insert_row_stores_what_save_stores():
    declaration = DeclarationFactory()
    fields = {
        "declaration": declaration, "kind": Signature.Kind.PERSON, "name": "Ada",
        "country": "GB", "city": "London", "sealed_email": "k1:sealed", "language": "de",
        "held": True,
    }  # fmt: skip
    by_orm = Signature(dedupe_hash="a" * 64, **fields)
    by_orm.save()
    fast = Signature(dedupe_hash="b" * 64, **fields)

    insert_row(fast)

    assert fast.pk is not None
    assert fast.pk != by_orm.pk
    assert not fast._state.adding
    assert stored(Signature, fast.pk) == stored(Signature, by_orm.pk)
    assert Signature.objects.get(pk=fast.pk).created_at is not None  # auto_now_add


@pytest.mark.django_db
def test_insert_row_raises_on_a_broken_constraint():
    from django.db import IntegrityError

    declaration = DeclarationFactory()
    insert_row(Signature(declaration=declaration, kind="person", dedupe_hash="c" * 64))
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_row(Signature(declaration=declaration, kind="person", dedupe_hash="c" * 64))


@pytest.mark.django_db
def test_the_task_backend_writes_the_row_the_library_writes(settings):
    ours = send_confirmation_mail.enqueue(signature_id=41, attempt=2)
    library = LibraryBackend(alias="default", params=settings.TASKS["default"])
    theirs = library.enqueue(send_confirmation_mail, (), {"signature_id": 41, "attempt": 2})

    ours_row, theirs_row = stored(DBTaskResult, ours.id), stored(DBTaskResult, theirs.id)
    assert ours_row == theirs_row
    assert DBTaskResult.objects.ready().filter(pk=uuid.UUID(ours.id)).exists()


@pytest.mark.parametrize(
    ("path", "lean"),
    [
        ("/en/declarations/water/sign/", True),
        ("/de/declarations/water/sign/organization/", True),
        ("/declarations/water/sign/", True),
        ("/en/declarations/water/sign/sent/", False),
        ("/en/declarations/water/", False),
        ("/admin/login/", False),
        ("/en/organize/", False),
    ],
)
def test_only_the_signing_forms_skip_sessions_users_and_messages(rf, path, lean):
    assert is_signing(rf.get(path)) is lean


@pytest.mark.django_db
def test_signing_keeps_its_csrf_protection_without_the_session():
    declaration = DeclarationFactory()
    client = Client(enforce_csrf_checks=True)
    url = reverse("signatures:sign_person", args=[declaration.slug])
    form = client.get(url)
    assert form.status_code == 200
    token = form.context["csrf_token"]
    assert "sessionid" not in form.cookies

    forged = client.post(url, {"started": started(), **person_data()})
    assert forged.status_code == 403
    assert not Signature.objects.exists()

    signed = client.post(
        url, {"csrfmiddlewaretoken": str(token), "started": started(), **person_data()}
    )
    assert signed.status_code == 302
    assert Signature.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_sqlite_writers_queue_on_a_lock_file():
    if connection.vendor != "sqlite":
        pytest.skip("the lock file is the SQLite backend's")
    path = f"{connection.settings_dict['NAME']}-writers"

    def taken() -> bool:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)  # closing releases it
        return False

    assert not taken()
    with transaction.atomic():
        DeclarationFactory()
        assert taken()
        with transaction.atomic():  # a savepoint holds it on
            assert taken()
        assert taken()
    assert not taken()

    # Another thread's transaction waits for this one, then goes on.
    order = []
    with transaction.atomic():
        DeclarationFactory()

        def other() -> None:
            with transaction.atomic():
                order.append("other")
            connection.close()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.2)
        order.append("first")
    thread.join(10)
    assert order == ["first", "other"]
    assert not taken()


@pytest.mark.django_db(transaction=True)
def test_enqueued_is_signalled_once_the_task_is_committed():
    from django.tasks.signals import task_enqueued

    seen = []

    def receiver(sender, task_result, **kwargs):
        seen.append(task_result.kwargs["signature_id"])

    task_enqueued.connect(receiver)
    try:
        with transaction.atomic():
            send_confirmation_mail.enqueue(signature_id=1)
            assert seen == []  # not while the transaction (and SQLite's lock) is held
        assert seen == [1]

        def rolled_back() -> None:
            with transaction.atomic():
                send_confirmation_mail.enqueue(signature_id=2)
                raise RuntimeError("rolled back")

        with pytest.raises(RuntimeError):
            rolled_back()
        assert seen == [1]
        assert not DBTaskResult.objects.filter(args_kwargs__kwargs__signature_id=2).exists()
    finally:
        task_enqueued.disconnect(receiver)
