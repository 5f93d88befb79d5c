from __future__ import annotations

import factory
from django.utils import timezone

from undersigned.core.text.markdown import render_markdown
from undersigned.declarations.models import Declaration


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"declaration-{n}")
    title = factory.Sequence(lambda n: f"Declaration number {n}")
    kind = Declaration.Kind.OPEN_LETTER
    publisher = "A coalition"
    body = "We declare:\n\n1. one thing;\n2. another.\n"
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    status = Declaration.Status.OPEN
    opened_at = factory.LazyFunction(timezone.now)
