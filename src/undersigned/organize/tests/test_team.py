"""The Team pages and the invitation page through the test client: an organizer makes a
link (shown once), a newcomer sets their own password or a signed-in user accepts, roles
and links are taken back after a confirmation, and every dead link gets its own page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from undersigned.audit.models import AuditEntry
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.forums.tests.factories import make_forum
from undersigned.organize.views.invitations import NewAccountForm
from undersigned.roles.invitations import invitation_create, invitation_revoke
from undersigned.roles.models import Coalition, Invitation, RoleAssignment
from undersigned.roles.permissions import Role, holds
from undersigned.roles.services import role_grant

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<code class="invitation-link" dir="ltr">([^<]+)</code>')


@pytest.fixture
def ours():
    return DeclarationFactory(slug="ours", title="Clean rivers")


@pytest.fixture
def organizer(ours):
    user = User.objects.create_user("orga", password="pw")
    role_grant(user=user, role=Role.ORGANIZER, scope=ours)
    return user


def client_class_fresh(client):
    """Another browser: a client with no session."""
    return type(client)()


def make_link(client, url: str, role: str) -> str:
    response = client.post(url, {"role": role})
    assert response.status_code == 200
    found = LINK.search(response.content.decode())
    assert found, "the link is shown on the page that made it"
    return found.group(1)


def test_an_organizer_invites_and_a_newcomer_sets_a_password(client, ours, organizer):
    client.force_login(organizer)
    team = reverse("organize:team", args=["ours"])
    page = client.get(team).content.decode()
    assert "orga" in page
    assert "(you)" in page
    # Up to the organizer's own role, never above.
    assert 'value="organizer"' in page
    assert 'value="admin"' not in page
    assert client.post(team, {"role": "admin"}).status_code == 400
    link = make_link(client, team, "moderator")
    assert link.startswith("http://testserver/en/organize/invitations/")
    # Shown once: the team page lists the link as pending, without the link.
    again = client.get(team).content.decode()
    assert link not in again
    assert "Invitations not used yet" in again
    assert Invitation.objects.get().created_by == organizer

    newcomer = client_class_fresh(client)
    opened = newcomer.get(link)
    assert opened.status_code == 200
    assert "moderator of “Clean rivers”" in opened.content.decode()
    weak = newcomer.post(link, {"username": "mod", "password1": "123", "password2": "123"})
    assert weak.status_code == 400  # Django's password validators
    assert not User.objects.filter(username="mod").exists()
    password = "a long password of my own"
    joined = newcomer.post(link, {"username": "mod", "password1": password, "password2": password})
    assert joined.status_code == 302
    assert joined["Location"] == reverse("organize:declaration", args=["ours"])
    mod = User.objects.get(username="mod")
    assert holds(user=mod, role=Role.MODERATOR, on=ours)
    assert newcomer.get(joined["Location"]).status_code == 200  # signed in
    # The link is burnt.
    used = client_class_fresh(client).get(link)
    assert used.status_code == 410
    assert "used already" in used.content.decode()


def test_a_signed_in_user_accepts_with_one_button(client, ours, organizer):
    _invitation, token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    url = reverse("organize:invitation", args=[token])
    someone = User.objects.create_user("someone", password="pw")
    client.force_login(someone)
    page = client.get(url).content.decode()
    assert "Join as someone" in page
    assert 'name="password1"' not in page
    assert not holds(user=someone, role=Role.MODERATOR, on=ours)  # GET changes nothing
    assert client.post(url).status_code == 302
    assert holds(user=someone, role=Role.MODERATOR, on=ours)


def test_dead_links_get_a_page_saying_why(client, ours, organizer):
    assert client.get(reverse("organize:invitation", args=["nothing-like-it"])).status_code == 404
    expired, expired_token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked, revoked_token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    invitation_revoke(invitation=revoked, actor=organizer)
    for token, words in ((expired_token, "has expired"), (revoked_token, "was revoked")):
        url = reverse("organize:invitation", args=[token])
        for response in (
            client.get(url),
            client.post(url, {"username": "x", "password1": "long pw 12345", "password2": "x"}),
        ):
            assert response.status_code == 410
            assert words in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_taking_a_role_asks_first_and_is_audited(client, ours, organizer):
    mod = User.objects.create_user("mod", password="pw")
    assignment = role_grant(user=mod, role=Role.MODERATOR, scope=ours)
    client.force_login(organizer)
    url = reverse("organize:team_member_revoke", args=["ours", assignment.pk])
    assert url in client.get(reverse("organize:team", args=["ours"])).content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Take this role?" in confirm.content.decode()
    assert holds(user=mod, role=Role.MODERATOR, on=ours)
    assert client.post(url).status_code == 302
    assert not RoleAssignment.objects.filter(user=mod).exists()
    assert AuditEntry.objects.get(action="role.revoke").actor == organizer
    # An assignment of another scope is not found through this one.
    theirs = DeclarationFactory(slug="theirs")
    elsewhere = role_grant(user=mod, role=Role.MODERATOR, scope=theirs)
    assert (
        client.get(reverse("organize:team_member_revoke", args=["ours", elsewhere.pk])).status_code
        == 404
    )


def test_an_admin_role_is_not_taken_by_an_organizer(client, ours, organizer):
    boss = User.objects.create_user("boss", password="pw")
    assignment = role_grant(user=boss, role=Role.ADMIN, scope=ours)
    client.force_login(organizer)
    team = client.get(reverse("organize:team", args=["ours"])).content.decode()
    url = reverse("organize:team_member_revoke", args=["ours", assignment.pk])
    assert url not in team
    client.post(url)
    assert RoleAssignment.objects.filter(user=boss).exists()


def test_a_pending_invitation_is_revoked_from_the_team_page(client, ours, organizer):
    invitation, token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    client.force_login(organizer)
    url = reverse("organize:team_invitation_revoke", args=["ours", invitation.pk])
    assert url in client.get(reverse("organize:team", args=["ours"])).content.decode()
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert client.get(reverse("organize:invitation", args=[token])).status_code == 410


def test_a_forum_and_a_coalition_have_their_team_pages(client):
    forum = make_forum(slug="assembly")
    coalition = Coalition.objects.create(name="River towns", slug="river")
    organizer = User.objects.create_user("orga", password="pw")
    role_grant(user=organizer, role=Role.ORGANIZER, scope=forum)
    role_grant(user=organizer, role=Role.ORGANIZER, scope=coalition)
    client.force_login(organizer)
    overview = client.get(reverse("organize:forum", args=["assembly"])).content.decode()
    assert reverse("organize:forum_team", args=["assembly"]) in overview
    dashboard = client.get(reverse("organize:dashboard")).content.decode()
    assert reverse("organize:coalition_team", args=["river"]) in dashboard
    for name, slug, scope in (
        ("forum_team", "assembly", forum),
        ("coalition_team", "river", coalition),
    ):
        link = make_link(client, reverse(f"organize:{name}", args=[slug]), "moderator")
        other = type(client)()
        password = "a long password of my own"
        other.post(link, {"username": f"m-{slug}", "password1": password, "password2": password})
        assert holds(user=User.objects.get(username=f"m-{slug}"), role=Role.MODERATOR, on=scope)


def test_people_change_their_own_password(client, organizer):
    organizer.set_password("the old password 1")
    organizer.save()
    client.force_login(organizer)
    url = reverse("organize:password_change")
    assert url in client.get(reverse("organize:dashboard")).content.decode()
    assert client.get(url).status_code == 200
    new = "the new password 2"
    response = client.post(
        url, {"old_password": "the old password 1", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    organizer.refresh_from_db()
    assert organizer.check_password(new)
    assert client.get(reverse("organize:dashboard")).status_code == 200  # still signed in
    entry = AuditEntry.objects.get(action="account.password_change")
    assert (entry.actor, entry.object_id) == (organizer, organizer.pk)
    assert new not in str(entry.data)
    assert "password" not in entry.data


@pytest.mark.parametrize(
    ("language", "team", "join"),
    [
        ("de", "Team von „Clean rivers“", "Dem Team beitreten"),
        ("ru", "Команда «Clean rivers»", "Присоединиться к команде"),
        ("uk", "Команда «Clean rivers»", "Приєднатися до команди"),
    ],
)
def test_the_pages_speak_the_site_languages(client, ours, organizer, language, team, join):
    client.force_login(organizer)
    page = client.get(f"/{language}/organize/ours/team/").content.decode()
    assert team in page
    _invitation, token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    fresh = client_class_fresh(client)
    assert join in fresh.get(f"/{language}/organize/invitations/{token}/").content.decode()


def test_a_link_whose_declaration_is_gone_grants_nothing(client, organizer):
    doomed = DeclarationFactory(slug="doomed")
    role_grant(user=organizer, role=Role.ORGANIZER, scope=doomed)
    _invitation, token = invitation_create(role=Role.MODERATOR, scope=doomed, actor=organizer)
    doomed.delete()
    url = reverse("organize:invitation", args=[token])
    assert client.get(url).status_code == 410
    password = "a long password of my own"
    posted = client.post(url, {"username": "late", "password1": password, "password2": password})
    assert posted.status_code == 410
    assert not User.objects.filter(username="late").exists()


def test_a_name_taken_while_the_form_was_checked_is_refused_not_an_error(
    client, ours, organizer, monkeypatch
):
    _invitation, token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    url = reverse("organize:invitation", args=[token])
    # The race, made to happen: the form's uniqueness check has passed when another
    # account takes the name, before the INSERT.
    monkeypatch.setattr(NewAccountForm, "validate_unique", lambda form: None)
    User.objects.create_user("racer", password="pw")
    password = "a long password of my own"
    response = client.post(url, {"username": "racer", "password1": password, "password2": password})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Invitation.objects.get().used_at is None
