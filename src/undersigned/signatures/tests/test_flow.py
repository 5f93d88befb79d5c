"""The whole signing flow through the test client, with mail over real SMTP on loopback."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from undersigned.audit.models import AuditEntry
from undersigned.core.shredding import shred_open
from undersigned.declarations.models import Declaration
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.organizations.models import Organization
from undersigned.organizations.tests.factories import OrganizationFactory
from undersigned.public.tests.helpers import entry_texts
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import links, organization_data, person_data, sign

pytestmark = pytest.mark.django_db


def detail(client, declaration):
    return client.get(reverse("declarations:detail", args=[declaration.slug])).content.decode()


def test_person_signs_confirms_and_appears_in_the_list(client, smtp, run_tasks):
    declaration = DeclarationFactory()

    response = sign(client, declaration.slug, person_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("signatures:sent", args=[declaration.slug])
    page = client.get(response["Location"]).content.decode()
    assert "Check your mail" in page
    assert "spam" in page  # what to do if it does not arrive

    signature = Signature.objects.get()
    assert signature.status == Signature.Status.UNCONFIRMED
    assert shred_open(signature.sealed_email) == "ada@example.org"
    # The queued task carries the id only, never the address.
    task = DBTaskResult.objects.get()
    assert "ada@example.org" not in str(task.args_kwargs)

    run_tasks()
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["To"] == "ada@example.org"
    assert declaration.title in mail["Subject"]
    assert mail.get_body(preferencelist=("html",)) is not None
    signature.refresh_from_db()
    assert signature.sealed_email == ""  # erased once the mail was sent
    assert signature.mail_sent_at is not None

    private = links(mail)
    # Opening the link (as a mail scanner does) confirms nothing.
    page = client.get(private["confirm"]).content.decode()
    assert "Confirm my signature" in page
    assert 'method="post"' in page
    signature.refresh_from_db()
    assert signature.status == Signature.Status.UNCONFIRMED
    assert "Ada Lovelace" not in detail(client, declaration)

    response = client.post(private["confirm"])
    assert response.status_code == 200
    assert "It is number 1 in the list" in response.content.decode()
    signature.refresh_from_db()
    assert signature.status == Signature.Status.PUBLISHED
    assert signature.position == 1

    page = detail(client, declaration)
    assert '<li value="1" id="n1">' in page
    assert "Ada Lovelace, in personal capacity, London, United Kingdom" in page
    assert "Status of the signatories" in page
    assert "Further signing possible." in page
    assert AuditEntry.objects.filter(action="signature.confirm", object_id=signature.pk).exists()


def test_second_signer_gets_the_next_position(client, smtp, run_tasks):
    declaration = DeclarationFactory()
    for number, email in enumerate(["one@example.org", "two@example.org"], start=1):
        sign(client, declaration.slug, person_data(name=f"Signer {number}", email=email))
    run_tasks()
    for mail in smtp.messages:
        client.post(links(mail)["confirm"])
    positions = dict(Signature.objects.values_list("name", "position"))
    assert sorted(positions.values()) == [1, 2]


def test_hidden_name_is_counted_but_not_named(client, smtp, run_tasks):
    declaration = DeclarationFactory()
    data = person_data(name="Quiet Person")
    del data["show_name"]
    sign(client, declaration.slug, data)
    run_tasks()
    client.post(links(smtp.messages[0])["confirm"])
    page = detail(client, declaration)
    assert "Quiet Person" not in page
    assert "A signatory who chose not to be named" in page
    assert '<p class="count-big" id="count-top"><strong>1</strong> signature</p>' in page


def test_show_name_defaults_to_the_declaration_policy(client):
    listed = DeclarationFactory(list_individuals_by_default=True)
    unlisted = DeclarationFactory(list_individuals_by_default=False)
    checked = 'name="show_name" id="id_show_name" checked'
    assert (
        checked
        in client.get(reverse("signatures:sign_person", args=[listed.slug])).content.decode()
    )
    page = client.get(reverse("signatures:sign_person", args=[unlisted.slug])).content.decode()
    assert 'name="show_name"' in page
    assert checked not in page


def test_organization_waits_for_a_moderator(client, smtp, run_tasks):
    declaration = DeclarationFactory(kind=Declaration.Kind.STATEMENT)
    response = sign(client, declaration.slug, organization_data(), organization=True)
    assert response.status_code == 302
    run_tasks()
    response = client.post(links(smtp.messages[0])["confirm"])
    assert "A moderator will check" in response.content.decode()
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.PENDING
    assert signature.position is None
    assert "Partido Comunista" not in detail(client, declaration)

    moderator = User.objects.create_user("moderator", password="pw", is_staff=True)
    role_grant(user=moderator, role=Role.MODERATOR, scope=declaration)
    client.force_login(moderator)
    response = client.post(
        reverse("admin:signatures_awaitingmoderation_changelist"),
        {"action": "approve", "_selected_action": [signature.pk]},
    )
    assert response.status_code == 302
    client.logout()

    signature.refresh_from_db()
    assert signature.status == Signature.Status.PUBLISHED
    assert signature.position == 1
    organization = signature.organization
    assert organization is not None
    assert organization.abbreviation == "PC (ML)"
    page = detail(client, declaration)
    line = (
        "PC (ML) Partido Comunista (Marxista Leninista) (Communist Party (Marxist-Leninist)),"
        " Dominican Republic"
    )
    assert line in entry_texts(page).values()
    # The person who signed for it is never published.
    assert "Secretary Person" not in page
    entry = AuditEntry.objects.get(action="signature.approve")
    assert entry.actor == moderator
    assert entry.data["organization_created"] is True


def test_moderator_ties_a_returning_organization_to_its_record(client, smtp, run_tasks):
    existing = OrganizationFactory(abbreviation="PC (ML)", name="Partido Comunista (ML)")
    declaration = DeclarationFactory()
    sign(client, declaration.slug, organization_data(), organization=True)
    run_tasks()
    client.post(links(smtp.messages[0])["confirm"])
    signature = Signature.objects.get()

    moderator = User.objects.create_superuser("admin", password="pw")
    client.force_login(moderator)
    change_url = reverse("admin:signatures_awaitingmoderation_change", args=[signature.pk])
    page = client.get(change_url).content.decode()
    assert f"#{existing.pk} PC (ML)" in page  # offered as a possible match
    client.post(change_url, {"organization": existing.pk})
    client.post(
        reverse("admin:signatures_awaitingmoderation_changelist"),
        {"action": "approve", "_selected_action": [signature.pk]},
    )
    signature.refresh_from_db()
    assert signature.status == Signature.Status.PUBLISHED
    assert signature.organization == existing
    assert Organization.objects.count() == 1


def test_rejected_organization_is_never_published(client, smtp, run_tasks):
    declaration = DeclarationFactory()
    sign(client, declaration.slug, organization_data(), organization=True)
    run_tasks()
    client.post(links(smtp.messages[0])["confirm"])
    client.force_login(User.objects.create_superuser("admin", password="pw"))
    client.post(
        reverse("admin:signatures_awaitingmoderation_changelist"),
        {"action": "reject", "_selected_action": [Signature.objects.get().pk]},
    )
    client.logout()
    assert Signature.objects.get().status == Signature.Status.REJECTED
    assert "Partido Comunista" not in detail(client, declaration)
    assert AuditEntry.objects.filter(action="signature.reject").count() == 1


def test_withdrawal_removes_the_entry_and_keeps_other_positions(client, smtp, run_tasks):
    declaration = DeclarationFactory()
    for name, email in [
        ("First", "a@example.org"),
        ("Second", "b@example.org"),
        ("Third", "c@example.org"),
    ]:
        sign(client, declaration.slug, person_data(name=name, email=email, city="Tbilisi"))
    run_tasks()
    mails = {mail["To"]: links(mail) for mail in smtp.messages}
    for address in ["a@example.org", "b@example.org", "c@example.org"]:
        client.post(mails[address]["confirm"])

    withdraw = mails["b@example.org"]["withdraw"]
    page = client.get(withdraw).content.decode()
    assert "Withdraw my signature" in page
    assert (
        Signature.objects.get(position=2).status == Signature.Status.PUBLISHED
    )  # GET changes nothing
    response = client.post(withdraw)
    assert "has been withdrawn" in response.content.decode()

    second = Signature.objects.get(position=2)
    assert second.status == Signature.Status.WITHDRAWN
    assert (second.name, second.city, second.sealed_email, second.dedupe_hash) == ("", "", "", "")
    page = detail(client, declaration)
    assert "Second" not in page
    assert '<li value="1" id="n1">' in page
    assert '<li value="3" id="n3">' in page
    assert '<p class="count-big" id="count-top"><strong>2</strong> signatures</p>' in page
    assert client.post(withdraw).status_code == 200  # twice is harmless


def test_closing_a_declaration_stops_signing(client, smtp, run_tasks):
    from undersigned.declarations.services import declaration_close

    declaration = DeclarationFactory()
    sign(client, declaration.slug, person_data())
    run_tasks()
    declaration_close(declaration=declaration)

    response = client.post(links(smtp.messages[0])["confirm"])
    assert response.status_code == 409
    assert "Signing is closed" in response.content.decode()
    response = sign(client, declaration.slug, person_data(email="late@example.org"))
    assert response.status_code == 200
    assert "Signing is closed." in response.content.decode()
    assert Signature.objects.count() == 1
    assert "Signing is closed." in detail(client, declaration)


def test_damaged_or_foreign_links_are_not_found(client, smtp, run_tasks):
    declaration = DeclarationFactory()
    sign(client, declaration.slug, person_data())
    run_tasks()
    private = links(smtp.messages[0])
    confirm, withdraw = private["confirm"], private["withdraw"]
    assert client.get(confirm[:-5] + "0000/").status_code == 404
    assert client.post(confirm[:-5] + "0000/").status_code == 404
    # A withdrawal token does not confirm, and the other way round.
    swapped = confirm.replace("/confirm/", "/withdraw/")
    assert client.post(swapped).status_code == 404
    assert client.post(withdraw.replace("/withdraw/", "/confirm/")).status_code == 404
    assert client.get("/s/nosuchsignature/confirm/abc/").status_code == 404
    assert Signature.objects.get().status == Signature.Status.UNCONFIRMED
