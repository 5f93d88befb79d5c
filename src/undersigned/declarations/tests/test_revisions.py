"""A frozen text: once people signed it, a change is a dated revision with its diff."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from undersigned.audit.models import AuditEntry
from undersigned.declarations.models import Declaration, DeclarationRevision
from undersigned.declarations.services import declaration_is_frozen, declaration_save
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.services import PersonSubmission, signature_submit
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db


def edit(declaration, *, body=None, title=None, **options):
    declaration = Declaration.objects.get(pk=declaration.pk)
    declaration.body = body or declaration.body
    declaration.title = title or declaration.title
    return declaration_save(declaration=declaration, **options)


def test_a_text_nobody_signed_changes_without_revisions():
    declaration = DeclarationFactory()
    SignatureFactory(declaration=declaration, status=Signature.Status.UNCONFIRMED)
    assert not declaration_is_frozen(declaration)
    edit(declaration, body="A new text.")
    assert not DeclarationRevision.objects.exists()
    assert Declaration.objects.get().revision == 1


def test_after_the_first_confirmed_signature_an_edit_is_a_dated_revision():
    declaration = DeclarationFactory(body="We ask for clean water.")
    first = SignatureFactory(declaration=declaration, status=Signature.Status.PENDING)
    first.revision = declaration.revision
    first.save()
    assert declaration_is_frozen(declaration)
    revised = edit(declaration, body="We ask for clean and free water.", note="free added")
    assert revised.revision == 2
    assert revised.revised_at is not None
    one, two = DeclarationRevision.objects.order_by("number")
    assert (one.number, one.body) == (1, "We ask for clean water.")
    assert (two.number, two.body, two.note) == (2, "We ask for clean and free water.", "free added")
    assert "<ins>" in two.diff_from(one).html
    entry = AuditEntry.objects.get(action="declaration.revise")
    assert entry.data["revision"] == 2
    assert entry.data["words_added"] == 2
    # Each signature keeps what it was given for; a new one gets the new revision.
    first.refresh_from_db()
    assert first.revision == 1
    new = signature_submit(
        declaration=revised,
        submission=PersonSubmission(name="Ada", email="ada@example.org", country="GB"),
        language="en",
    )
    assert Signature.objects.get(pk=new.pk).revision == 2
    # Changing what is not the text (the publisher) makes no revision.
    revised.publisher = "Someone else"
    declaration_save(declaration=revised)
    assert DeclarationRevision.objects.count() == 2


def test_an_editorial_correction_is_kept_but_does_not_say_revised():
    declaration = DeclarationFactory(body="Teh text.")
    SignatureFactory(declaration=declaration, status=Signature.Status.PENDING)
    corrected = edit(declaration, body="The text.", editorial=True)
    assert corrected.revision == 2
    assert corrected.revised_at is None
    assert DeclarationRevision.objects.get(number=2).editorial
    assert AuditEntry.objects.get(action="declaration.revise").data["editorial"] is True


def test_the_public_page_says_revised_and_links_to_the_word_diff(client):
    declaration = DeclarationFactory(slug="water", body="We ask for clean water.")
    SignatureFactory(declaration=declaration, status=Signature.Status.PENDING)
    edit(declaration, body="We ask for clean and free water.")
    page = client.get(reverse("declarations:detail", args=["water"])).content.decode()
    assert "revised on" in page
    assert reverse("declarations:revisions", args=["water"]) in page
    diff = client.get(reverse("declarations:revisions", args=["water"])).content.decode()
    assert "Revision 2" in diff
    assert "Revision 1" in diff
    assert '<ins><span class="visually-hidden">added: </span>and free </ins>' in diff


def test_the_workspace_edit_of_a_frozen_text_asks_whether_it_is_editorial(client):
    declaration = DeclarationFactory(slug="water", body="Teh text.")
    SignatureFactory(declaration=declaration, status=Signature.Status.PENDING)
    user = User.objects.create_user("orga", password="pw")
    role_grant(user=user, role="organizer", scope=declaration)
    client.force_login(user)
    url = reverse("organize:declaration_edit", args=["water"])
    page = client.get(url).content.decode()
    assert 'name="editorial"' in page
    data = {
        "title": declaration.title, "slug": "water", "kind": declaration.kind,
        "publisher": declaration.publisher, "language": "en", "body": "The text.",
        "allow_organizations": "on", "allow_individuals": "on", "editorial": "on",
        "revision_note": "a typo", "action": "save",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    revision = DeclarationRevision.objects.get(number=2)
    assert revision.editorial
    assert revision.note == "a typo"
