"""The lean signing path: one insert and its mail task, the duplicate found by the unique
constraint, the declaration's row kept a second per process."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from undersigned.audit.models import AuditEntry
from undersigned.declarations.services import declaration_close
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures import selectors
from undersigned.signatures.models import Signature
from undersigned.signatures.services import PersonSubmission, SigningClosed, signature_submit
from undersigned.signatures.tests.helpers import person_data, sign

pytestmark = pytest.mark.django_db


def submission(email="ada@example.org"):
    return PersonSubmission(name="Ada", email=email, country="GB")


def test_a_new_signature_is_one_insert_and_its_mail_task(client):
    declaration = DeclarationFactory()
    sign(client, declaration.slug, person_data(email="warm@example.org"))  # row kept

    with CaptureQueriesContext(connection) as queries:
        response = sign(client, declaration.slug, person_data(email="new@example.org"))

    assert response.status_code == 302
    writes = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    inserts = [sql for sql in writes if sql.startswith("INSERT")]
    assert len(inserts) == 2, writes  # the signature and its mail task
    assert not [sql for sql in writes if sql.startswith("SELECT")], writes
    assert not AuditEntry.objects.filter(action="signature.submit").exists()
    assert DBTaskResult.objects.count() == 2


def test_a_repeated_signer_is_found_by_the_unique_index_without_an_error():
    declaration = DeclarationFactory()
    first = signature_submit(declaration=declaration, submission=submission(), language="en")

    again = signature_submit(
        declaration=declaration, submission=submission(" Ada@Example.org "), language="de"
    )

    assert again.pk == first.pk
    assert (again.public_id, again.token_nonce) == (first.public_id, first.token_nonce)
    assert Signature.objects.count() == 1
    stored = Signature.objects.get()
    # Its first mail is still queued: the repeat's task will find nothing more to send,
    # and the first address (and language) stay.
    assert stored.sealed_email == first.sealed_email
    assert stored.language == "en"
    assert DBTaskResult.objects.count() == 2


def _statements(queries):
    return [
        q["sql"].split(" ", 1)[0]
        for q in queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]


def test_a_new_and_a_repeated_signer_cost_the_same_statements(client):
    declaration = DeclarationFactory()
    sign(client, declaration.slug, person_data(email="warm@example.org"))  # row kept

    with CaptureQueriesContext(connection) as new:
        sign(client, declaration.slug, person_data(email="new@example.org"))
    with CaptureQueriesContext(connection) as repeated:
        sign(client, declaration.slug, person_data(email="warm@example.org"))

    assert _statements(new) == _statements(repeated) == ["INSERT", "INSERT"]
    for query in [*new, *repeated]:  # no statement carries an address
        assert "@example.org" not in query["sql"]
    assert Signature.objects.count() == 2


def test_the_callers_row_decides_whether_signing_is_open():
    declaration = DeclarationFactory()
    closed = declaration_close(declaration=declaration)

    with pytest.raises(SigningClosed):
        signature_submit(declaration=closed, submission=submission(), language="en")
    assert not Signature.objects.exists()


def test_the_signing_pages_keep_the_row_a_second_and_forget_it_on_save(client):
    declaration = DeclarationFactory()
    kept = selectors.signing_declaration(slug=declaration.slug)
    assert kept is not None

    with CaptureQueriesContext(connection) as queries:
        again = selectors.signing_declaration(slug=declaration.slug)
    assert len(queries) == 0
    assert again is not kept  # each request its own copy
    assert again.pk == kept.pk

    declaration_close(declaration=declaration)  # saved: forgotten in this process
    response = sign(client, declaration.slug, person_data())
    assert response.status_code == 200
    assert "Signing is closed." in response.content.decode()
    assert not Signature.objects.exists()


def test_an_unknown_declaration_is_not_kept(client):
    assert client.get(reverse("signatures:sign_person", args=["no-such"])).status_code == 404
    assert "no-such" not in selectors._signing_rows
