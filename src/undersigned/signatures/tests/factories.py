from __future__ import annotations

import factory

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
