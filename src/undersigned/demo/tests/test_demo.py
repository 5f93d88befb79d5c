"""``undersigned demo`` sets everything up, and running it again reuses what exists."""

from __future__ import annotations

import socket

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from undersigned.declarations.models import Declaration
from undersigned.demo.sample.content import load_sample_content
from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature


@pytest.mark.django_db
def test_demo_setup_is_complete_and_idempotent(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("demo", no_serve=True)
    first = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in first
    password = (tmp_path / "demo-admin-password").read_text()
    assert f"password: {password}" in first
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(password)

    statement = Declaration.objects.get(slug="water-is-a-common-good")
    letter = Declaration.objects.get(slug="keep-the-reading-rooms-open")
    closed = Declaration.objects.get(status=Declaration.Status.CLOSED)
    assert statement.is_open
    assert letter.is_open
    assert not letter.allow_organizations
    organizations = Signature.objects.published().filter(declaration=statement)
    assert organizations.count() == 20
    names = " ".join(Organization.objects.values_list("name", flat=True))
    assert "ł" in names  # Latin with diacritics
    assert any("\u0400" <= char <= "\u04ff" for char in names)  # Cyrillic
    assert any("\u0370" <= char <= "\u03ff" for char in names)  # Greek
    assert Organization.objects.exclude(name_transliteration="").count() >= 5
    assert Organization.objects.exclude(country="").count() >= 10
    assert Signature.objects.published().filter(declaration=letter, kind="person").exists()
    assert Signature.objects.filter(declaration=closed).exists()

    counts = (Declaration.objects.count(), Signature.objects.count(), User.objects.count())
    call_command("demo", no_serve=True)
    second = capsys.readouterr().out
    assert f"password: {password}" in second
    assert (Declaration.objects.count(), Signature.objects.count(), User.objects.count()) == counts


@pytest.mark.django_db
def test_sample_signatures_are_dated_across_each_declarations_life(client):
    load_sample_content()

    for slug, days in (
        ("water-is-a-common-good", 12),
        ("keep-the-reading-rooms-open", 3),
        ("assembly-resolution-shared-tools", 30),
    ):
        dates = sorted(
            Signature.objects.filter(declaration__slug=slug).values_list("published_at", flat=True)
        )
        # Spread over the declaration's life, in signing order, not all today.
        assert (dates[-1] - dates[0]).days >= days // 2, slug
        positions = Signature.objects.filter(declaration__slug=slug).order_by("published_at")
        assert list(positions.values_list("position", flat=True)) == sorted(
            positions.values_list("position", flat=True)
        )
    # A snapshot along the way, so the page says what changed since it.
    page = client.get("/en/declarations/water-is-a-common-good/").content.decode()
    assert "Latest published snapshot: no. 1" in page
    assert "added since" in page
    changes = client.get("/en/declarations/water-is-a-common-good/changes/").content.decode()
    assert "Since the latest published snapshot" in changes


@pytest.mark.django_db
def test_a_second_demo_on_a_taken_port_stops_with_a_clear_message(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=f"Port {port} is taken.*make demo PORT="):
            call_command("demo", port=port)
