"""The follow-up questions, chosen one by one: the organizer ticks which the signing form
asks (and names the region of "ready to work together in …"); the form asks only those;
the sealed answers keep their format."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from undersigned.contacts.crypto import private_key_load, unseal
from undersigned.contacts.services import contact_key_install
from undersigned.contacts.tests.helpers import PASSPHRASE, contact_data, key_files
from undersigned.declarations.models import Declaration, FollowUp
from undersigned.organize.tests.test_editing import fields
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import person_data, sign

pytestmark = pytest.mark.django_db


def test_the_organizer_chooses_each_question_and_the_form_asks_only_those(client, tmp_path):
    user = User.objects.create_user("orga", password="pw")
    role_grant(user=user, role=Role.ORGANIZER, scope=None)
    client.force_login(user)
    page = client.get(reverse("organize:declaration_new")).content.decode()
    for question in FollowUp:
        assert f'value="{question.value}"' in page
    response = client.post(
        reverse("organize:declaration_new"),
        {**fields(contact_region="Germany"), "follow_up_questions": ["phone", "note"]},
    )
    assert response.status_code == 302, response.content.decode()
    declaration = Declaration.objects.get(slug="clean-rivers")
    assert declaration.follow_up_questions == ["phone", "note"]
    assert declaration.asks(FollowUp.PHONE)
    assert not declaration.asks(FollowUp.MESSENGER)
    # The edit page shows the choice as it was saved.
    edit = client.get(reverse("organize:declaration_edit", args=["clean-rivers"])).content
    assert b'value="phone" id="id_follow_up_questions_1" checked' in edit

    keys = key_files(tmp_path)
    contact_key_install(declaration=declaration, public_key=keys.public.read_text())
    declaration.status = Declaration.Status.OPEN
    declaration.save(update_fields=["status"])
    form = client.get(reverse("signatures:sign_person", args=["clean-rivers"])).content.decode()
    assert "I am ready to work together in Germany" in form
    assert 'name="contact_phone"' in form
    assert 'name="contact_note"' in form
    assert 'name="contact_messenger"' not in form
    assert 'name="contact_email"' not in form

    # An answer to a question not asked is not kept; the sealed format is the same.
    response = sign(client, "clean-rivers", {**person_data(), **contact_data()})
    assert response.status_code == 302, response.content.decode()
    signature = Signature.objects.get(declaration=declaration)
    private = private_key_load(keys.private.read_text(), passphrase=PASSPHRASE)
    answers = unseal(private_key=private, ciphertext=bytes(signature.sealed_contact.ciphertext))
    assert answers["phone"] == "+49 151 2345 6789"
    assert answers["note"] == "Evenings only.\nThanks."
    assert answers["messenger"] == ""
    assert answers["email"] == "ada@example.org"  # the signing address, as before
    assert answers["ready_to_work"] is True
    assert answers["region"] == "Germany"
    assert set(answers) == {
        "v", "email", "phone", "messenger", "note", "ready_to_work", "private_name",
        "private_role", "region",
    }  # fmt: skip


def test_a_declaration_made_before_the_choice_asks_every_question():
    assert Declaration().follow_up_questions == [question.value for question in FollowUp]
