"""A declaration with a small list of every kind, for the API's tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from undersigned.counters.services import counters_fold
from undersigned.declarations.models import Declaration
from undersigned.declarations.services import declaration_create, declaration_open
from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.factories import PublishedSignatureFactory, SignatureFactory


@dataclass
class Listed:
    declaration: Declaration
    organization: Organization
    secret_name: str
    held_name: str


def listed_declaration(slug: str = "open-data", *, named: int = 6) -> Listed:
    """An open declaration: ``named`` people from Germany, a person counted but not named,
    an organization, and a held and an unconfirmed signature that must never show."""
    declaration = declaration_create(
        slug=slug, title="Open data for everyone", body="We **declare**.", publisher="A coalition"
    )
    declaration_open(declaration=declaration)
    yesterday = timezone.now() - timedelta(days=1)
    for position in range(1, named + 1):
        PublishedSignatureFactory(
            declaration=declaration, position=position, name=f"Named {position}", country="DE",
            published_at=yesterday,
        )  # fmt: skip
    secret = "Hidden Person Who Must Not Appear"
    PublishedSignatureFactory(
        declaration=declaration, position=named + 1, name=secret, country="BY", show_name=False
    )
    organization = Organization.objects.create(abbreviation="OD", name="Open Data Union")
    PublishedSignatureFactory(
        declaration=declaration, position=named + 2, kind=Signature.Kind.ORGANIZATION,
        organization=organization, name="Signer for the union",
    )  # fmt: skip
    held = "Held Person Not Yet Published"
    SignatureFactory(declaration=declaration, name=held, held=True)
    SignatureFactory(declaration=declaration, name="Unconfirmed Person")
    counters_fold()
    return Listed(
        declaration=declaration, organization=organization, secret_name=secret, held_name=held
    )
