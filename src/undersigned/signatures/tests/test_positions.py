"""Positions are unique and gapless per declaration, whatever the concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.services import signature_confirm
from undersigned.signatures.tests.factories import SignatureFactory

THREADS = 8
SIGNATURES = 80


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_get_unique_gapless_positions():
    declaration = DeclarationFactory()
    other = DeclarationFactory()
    pending = [SignatureFactory(declaration=declaration) for _ in range(SIGNATURES)]
    pending += [SignatureFactory(declaration=other) for _ in range(SIGNATURES // 4)]

    def confirm(signature: Signature) -> int | None:
        try:
            return signature_confirm(signature=signature).position
        finally:
            close_old_connections()
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        positions = list(pool.map(confirm, pending))

    assert None not in positions
    for each, count in [(declaration, SIGNATURES), (other, SIGNATURES // 4)]:
        stored = sorted(
            Signature.objects.filter(declaration=each).values_list("position", flat=True)
        )
        assert stored == list(range(1, count + 1))


@pytest.mark.django_db(transaction=True)
def test_a_second_publisher_waits_for_the_first_to_commit():
    """The lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL) makes a
    second confirmation wait while a first one holds its transaction open, so both
    cannot read the same last position."""
    import threading

    from django.db import transaction

    declaration = DeclarationFactory()
    first, second = (
        SignatureFactory(declaration=declaration),
        SignatureFactory(declaration=declaration),
    )
    holding = threading.Event()
    release = threading.Event()
    results: dict[str, int | None] = {}

    def hold_first() -> None:
        try:
            with transaction.atomic():
                results["first"] = signature_confirm(signature=first).position
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def confirm_second() -> None:
        try:
            results["second"] = signature_confirm(signature=second).position
        finally:
            connection.close()

    one = threading.Thread(target=hold_first)
    one.start()
    assert holding.wait(timeout=30)
    two = threading.Thread(target=confirm_second)
    two.start()
    two.join(timeout=1.0)
    assert two.is_alive(), "the second confirmation did not wait for the first"
    release.set()
    one.join(timeout=30)
    two.join(timeout=30)
    assert results == {"first": 1, "second": 2}
