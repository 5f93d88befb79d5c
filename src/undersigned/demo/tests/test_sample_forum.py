"""The demo's forum tells the second seed's story through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from undersigned.declarations.models import Declaration
from undersigned.demo.sample.forum import SLUG, load_sample_forum
from undersigned.forums.models import Amendment, Draft, Forum, Outcome, Support
from undersigned.signatures.models import Signature

pytestmark = pytest.mark.django_db


def test_the_sample_forum_carries_three_drafts_forward_and_one_becomes_a_letter(client):
    created = load_sample_forum()
    assert created == [SLUG, "left-for-peace-without-annexations"]
    forum = Forum.objects.get(slug=SLUG)
    assert forum.phase == Forum.Phase.CLOSED
    drafts = list(Draft.objects.filter(forum=forum).order_by("number"))
    assert [d.language for d in drafts] == ["en", "ru", "de"]
    assert drafts[0].versions.count() == 3  # revised, then an amendment accepted
    assert set(Amendment.objects.values_list("status", flat=True)) == {"accepted", "declined"}
    assert Support.objects.counted().count() == 7
    outcome = Outcome.objects.get()
    assert not outcome.adopted.exists()
    assert outcome.statements.count() == 3
    letter = Declaration.objects.get(slug="left-for-peace-without-annexations")
    assert letter.is_open
    assert letter.kind == Declaration.Kind.OPEN_LETTER
    # The three supporters who asked to be listed, in the order they supported.
    listed = Signature.objects.filter(declaration=letter).order_by("position")
    assert [s.name for s in listed] == ["Irina K.", "Sergei M.", ""]
    page = client.get(reverse("forums:detail", args=[SLUG])).content.decode()
    assert "did not adopt a resolution" in page
    assert reverse("declarations:detail", args=[letter.slug]) in page
    assert load_sample_forum() == []
