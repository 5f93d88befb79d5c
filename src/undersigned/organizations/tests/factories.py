from __future__ import annotations

import factory

from undersigned.organizations.models import Organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    abbreviation = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.Sequence(lambda n: f"Organization number {n}")
