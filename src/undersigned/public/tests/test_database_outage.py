"""A database outage is answered with a 503 page, never a bare 500, and what a signer
typed is kept: the sign form shows itself again with it (core/web/outage.py,
public/views/signing.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.utils import OperationalError, ProgrammingError
from django.test import Client
from django.urls import reverse

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import person_data, sign, started

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def database_down(error: Exception | None = None) -> Iterator[None]:
    """Every statement fails as it does while the database restarts."""

    def refuse(execute, sql, params, many, context):
        raise error or OperationalError("connection to server at db.internal failed")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def client() -> Client:
    # Errors become the pages a visitor sees, not exceptions in the test.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("language", "notice"),
    [
        ("en", "Your signature could not be saved"),
        ("de", "Ihre Unterschrift konnte nicht gespeichert werden"),
        ("ru", "Не удалось сохранить вашу подпись"),
        ("uk", "Не вдалося зберегти ваш підпис"),
    ],
)
def test_the_sign_form_comes_back_with_what_was_typed(client, monkeypatch, language, notice):
    # Every read of the declaration goes to the database: the copy this process keeps
    # is past its time, as it is a second after it was read.
    monkeypatch.setattr("undersigned.signatures.selectors.SIGNING_ROW_SECONDS", -1.0)
    declaration = DeclarationFactory()
    url = f"/{language}/declarations/{declaration.slug}/sign/"
    assert client.get(url).status_code == 200  # this process has read the declaration
    data = person_data(name="Ada Lovelace", email="ada@example.org", city="Köln")
    with database_down():
        response = client.post(url, {"started": started(), **data})
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert notice in page
    assert f'lang="{language}"' in page
    for typed in ("Ada Lovelace", "ada@example.org", "Köln"):
        assert f'value="{typed}"' in page
    assert '<form method="post" class="sign-form"' in page
    assert Signature.objects.count() == 0


def test_a_failing_write_comes_back_the_same(client, monkeypatch):
    declaration = DeclarationFactory()

    def outage(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("undersigned.public.views.signing.signature_submit", outage)
    response = sign(client, declaration.slug, person_data(email="grace@example.org"))
    assert response.status_code == 503
    assert 'value="grace@example.org"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Please try again in a minute"),
        ("de", "Bitte versuchen Sie es in einer Minute noch einmal"),
        ("ru", "Пожалуйста, попробуйте ещё раз через минуту"),
        ("uk", "Будь ласка, спробуйте ще раз за хвилину"),
    ],
)
def test_any_page_answers_an_outage_with_the_branded_503(client, language, title):
    with database_down():
        response = client.get(f"/{language}/")
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert title in page
    assert 'class="brand"' in page  # the site's own page, with its header
    assert f'lang="{language}"' in page


def test_a_post_the_outage_met_can_be_sent_again_from_the_page(client):
    # The sign form of a declaration this process never read: the generic page keeps
    # the fields (no password) in a form that posts them back to the same address.
    declaration = DeclarationFactory()
    url = reverse("signatures:sign_person", args=[declaration.slug])
    with database_down():
        response = client.post(
            url, {"name": "Ada", "email": "ada@example.org", "password": "secret"}
        )
    page = response.content.decode()
    assert response.status_code == 503
    assert f'<form method="post" action="{url}">' in page
    assert '<input type="hidden" name="email" value="ada@example.org">' in page
    assert "secret" not in page
    assert "Send again" in page


def test_other_errors_are_still_the_500_page(client):
    declaration = DeclarationFactory()
    with database_down(ProgrammingError("relation does not exist")):
        response = client.get(f"/en/declarations/{declaration.slug}/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
