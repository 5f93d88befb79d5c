"""``undersigned bulk_load_signatures`` and the benchmark's ceiling view."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

import undersigned.demo.bench as bench
from undersigned.audit.models import AuditEntry
from undersigned.counters.models import DeclarationCounter
from undersigned.counters.services import counters_fold
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db


def test_bulk_load_continues_the_positions_in_batches():
    declaration = DeclarationFactory()
    SignatureFactory(
        declaration=declaration,
        status=Signature.Status.PUBLISHED,
        position=1,
        published_at=timezone.now(),
    )

    call_command("bulk_load_signatures", declaration.slug, count=25, batch=10, verbosity=0)

    positions = list(
        Signature.objects.published()
        .filter(declaration=declaration)
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == list(range(1, 27))
    assert AuditEntry.objects.filter(action="signature.bulk_load").get().data == {
        "count": 25,
        "first_position": 2,
    }
    counters_fold()
    assert DeclarationCounter.objects.get(declaration=declaration).published == 26


def test_bulk_load_dry_run_adds_nothing():
    declaration = DeclarationFactory()

    call_command("bulk_load_signatures", declaration.slug, count=5, dry_run=True, verbosity=0)

    assert not Signature.objects.exists()


def test_bulk_load_needs_a_declaration():
    with pytest.raises(CommandError, match="no declaration"):
        call_command("bulk_load_signatures", "nowhere", count=5, verbosity=0)


def test_bulk_load_refuses_production_unless_benchmarking(settings):
    settings.PRODUCTION, settings.BENCH_ENDPOINTS = True, False
    with pytest.raises(CommandError, match="BENCH_ENDPOINTS"):
        call_command("bulk_load_signatures", "any", count=5, verbosity=0)


def test_the_ceiling_is_not_mounted_by_default(client):
    assert client.post("/bench/ceiling/anything/", {}).status_code == 404


def test_the_ceiling_validates_and_inserts_one_row(monkeypatch):
    monkeypatch.setattr(bench, "_declaration_ids", {})
    declaration = DeclarationFactory()
    factory = RequestFactory()
    data = {"name": "Ada", "email": "ada@example.org", "country": "GB"}

    response = bench.ceiling(factory.post("/", data), slug=declaration.slug)
    bad = bench.ceiling(factory.post("/", {"name": "Ada"}), slug=declaration.slug)

    assert response.status_code == 302
    assert bad.status_code == 400
    signature = Signature.objects.get()
    assert (signature.declaration, signature.sealed_email, signature.status) == (
        declaration,
        "",
        Signature.Status.UNCONFIRMED,
    )


def test_the_deploy_check_warns_about_the_ceiling_in_production(settings):
    # The checks import the URLconf: when this test runs first, it must not be read
    # with the ceiling mounted, or it stays mounted for every later test.
    import undersigned.urls  # noqa: F401

    settings.PRODUCTION, settings.BENCH_ENDPOINTS = True, True

    ids = {message.id for message in run_checks(include_deployment_checks=True)}

    assert "undersigned.W601" in ids
