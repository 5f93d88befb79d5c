from __future__ import annotations

import factory
from django.utils import timezone

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    declaration = factory.SubFactory(DeclarationFactory)
    kind = Signature.Kind.PERSON
    name = factory.Sequence(lambda n: f"Person {n}")
    country = "DE"
    status = Signature.Status.UNCONFIRMED


class PublishedSignatureFactory(SignatureFactory):
    """A signature in the public list, published now; give it its ``position``."""

    status = Signature.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
