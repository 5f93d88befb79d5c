"""The same signer cannot sign twice, and the page never tells whether an address signed."""

from __future__ import annotations

import pytest
from django.test import override_settings

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.identity import (
    link_token,
    link_token_valid,
    normalize_email,
    signer_hash,
)
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import links, organization_data, person_data, sign


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("Ada@Example.org", "ada@example.org"),
        ("  ada@example.org \t", "ada@example.org"),
        ("ada+letters@example.org", "ada@example.org"),
        ("a.d.a@gmail.com", "ada@gmail.com"),
        ("A.Da+x@GoogleMail.com", "ada@gmail.com"),
        ("a.da@example.org", "a.da@example.org"),  # dots matter outside Gmail
    ],
)
def test_normalize_email(typed, normal):
    assert normalize_email(typed) == normal


def test_signer_hash_is_keyed_and_scoped_to_the_declaration():
    first = signer_hash(email="ada@example.org", declaration_id=1)
    assert first == signer_hash(email="ADA+x@example.org ", declaration_id=1)
    assert first != signer_hash(email="ada@example.org", declaration_id=2)
    assert "ada" not in first
    with override_settings(SECRET_KEY="another key entirely, for this test only"):
        assert first != signer_hash(email="ada@example.org", declaration_id=1)


def test_link_tokens_depend_on_purpose_and_nonce():
    token = link_token(public_id="abc", nonce="n1", purpose="confirm")
    assert link_token_valid(public_id="abc", nonce="n1", purpose="confirm", token=token)
    assert not link_token_valid(public_id="abc", nonce="n1", purpose="withdraw", token=token)
    assert not link_token_valid(public_id="abc", nonce="n2", purpose="confirm", token=token)
    assert not link_token_valid(public_id="abd", nonce="n1", purpose="confirm", token=token)


def test_a_repeat_while_unconfirmed_sends_the_mail_again(client, smtp, run_tasks, settings):
    settings.MAIL_RESEND_COOLDOWN_SECONDS = 0
    declaration = DeclarationFactory()
    first = sign(client, declaration.slug, person_data(email="ada@example.org"))
    run_tasks()
    second = sign(client, declaration.slug, person_data(email=" ADA+again@Example.org"))
    run_tasks()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Signature.objects.count() == 1
    assert len(smtp.messages) == 2
    assert smtp.messages[1]["To"] == "ADA+again@Example.org"
    # The same private links: the first mail still works.
    assert links(smtp.messages[0]) == links(smtp.messages[1])
    assert Signature.objects.get().sealed_email == ""


def test_a_repeat_after_confirmation_changes_nothing_and_looks_the_same(client, smtp, run_tasks):
    declaration = DeclarationFactory()
    sign(client, declaration.slug, person_data(email="ada@gmail.com"))
    run_tasks()
    client.post(links(smtp.messages[0])["confirm"])

    fresh = sign(client, declaration.slug, person_data(email="someone.else@example.org"))
    repeat = sign(client, declaration.slug, person_data(name="Impostor", email="a.d.a@gmail.com"))
    run_tasks()
    assert repeat.status_code == fresh.status_code == 302
    assert repeat["Location"] == fresh["Location"]
    assert client.get(repeat["Location"]).content == client.get(fresh["Location"]).content
    assert Signature.objects.count() == 2
    assert [m["To"] for m in smtp.messages] == ["ada@gmail.com", "someone.else@example.org"]
    assert Signature.objects.get(position=1).name == "Ada Lovelace"


def test_one_address_may_sign_for_two_organizations(client, smtp, run_tasks):
    declaration = DeclarationFactory()
    sign(client, declaration.slug, organization_data(), organization=True)
    sign(
        client,
        declaration.slug,
        organization_data(abbreviation="KOL", name="Other"),
        organization=True,
    )
    sign(client, declaration.slug, organization_data(), organization=True)
    assert Signature.objects.count() == 2


def test_after_withdrawal_the_person_may_sign_again(client, smtp, run_tasks):
    declaration = DeclarationFactory()
    sign(client, declaration.slug, person_data())
    run_tasks()
    private = links(smtp.messages[0])
    client.post(private["confirm"])
    client.post(private["withdraw"])
    sign(client, declaration.slug, person_data())
    run_tasks()
    client.post(links(smtp.messages[1])["confirm"])
    assert sorted(Signature.objects.values_list("status", "position")) == [
        ("published", 2),
        ("withdrawn", 1),
    ]


def test_repeats_cannot_flood_a_mailbox(client, smtp, run_tasks, settings):
    settings.MAIL_RESEND_COOLDOWN_SECONDS = 300
    declaration = DeclarationFactory()
    for _ in range(3):  # the first mail is still queued: no second one
        assert sign(client, declaration.slug, person_data()).status_code == 302
    run_tasks()
    for _ in range(3):  # sent a moment ago: within the cooldown
        assert sign(client, declaration.slug, person_data()).status_code == 302
    run_tasks()
    assert len(smtp.messages) == 1
    assert Signature.objects.get().sealed_email == ""  # no address kept for a mail never sent
