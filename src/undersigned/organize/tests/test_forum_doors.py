"""Every organizer page of a forum at its three doors, and the organizer's whole path:
set up, phases, a draft and its versions, an amendment, codes, the outcome, publishing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from undersigned.audit.models import AuditEntry
from undersigned.declarations.models import Declaration
from undersigned.forums.models import Amendment, Draft, Forum, Outcome, ParticipationCode
from undersigned.forums.services.drafts import amendment_propose, draft_submit
from undersigned.forums.tests.factories import make_draft, make_forum
from undersigned.roles.models import Coalition
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours():
    forum = make_forum(slug="ours", admission=Forum.Admission.CODES)
    make_draft(forum)
    draft_submit(forum=forum, title="Awaiting", body="Admit me.")
    return forum


@pytest.fixture
def theirs():
    return make_forum(slug="theirs")


def user_with(role, scope, username=None):
    user = User.objects.create_user(username or f"{role}-{scope.slug}", password="pw")
    role_grant(user=user, role=role, scope=scope)
    return user


# (url name, extra args, method, data, role needed)
DOORS = [
    ("organize:forum", [], "get", None, Role.MODERATOR),
    ("organize:forum_draft_decide", [2], "post", {"decision": "admit"}, Role.MODERATOR),
    ("organize:forum_edit", [], "get", None, Role.ORGANIZER),
    ("organize:forum_phase", [], "post", {"phase": "support"}, Role.ORGANIZER),
    ("organize:forum_draft_new", [], "get", None, Role.ORGANIZER),
    ("organize:forum_draft", [1], "get", None, Role.ORGANIZER),
    ("organize:forum_codes", [], "get", None, Role.ORGANIZER),
    ("organize:forum_codes", [], "post", {"action": "issue", "count": "3", "kind": "person"},
     Role.ORGANIZER),
    ("organize:forum_outcome", [], "get", None, Role.ORGANIZER),
    ("organize:forum_audit", [], "get", None, Role.ADMIN),
]  # fmt: skip
BELOW = {Role.MODERATOR: None, Role.ORGANIZER: Role.MODERATOR, Role.ADMIN: Role.ORGANIZER}


def knock(client, name, args, method, data, forum):
    url = reverse(name, args=[forum.slug, *args])
    return client.get(url) if method == "get" else client.post(url, data)


def unchanged(forum):
    forum.refresh_from_db()
    return (
        forum.phase == Forum.Phase.DRAFTING
        and not ParticipationCode.objects.exists()
        and Draft.objects.filter(status=Draft.Status.SUBMITTED).exists()
    )


@pytest.mark.parametrize(("name", "args", "method", "data", "role"), DOORS)
def test_anonymous_is_sent_to_the_login(client, ours, name, args, method, data, role):
    response = knock(client, name, args, method, data, ours)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organize:login"))
    assert unchanged(ours)


@pytest.mark.parametrize(("name", "args", "method", "data", "role"), DOORS)
def test_a_wrong_role_is_refused(client, ours, theirs, name, args, method, data, role):
    client.force_login(user_with(Role.ADMIN, theirs))
    assert knock(client, name, args, method, data, ours).status_code == 403
    if BELOW[role]:
        client.force_login(user_with(BELOW[role], ours, username="below"))
        assert knock(client, name, args, method, data, ours).status_code == 403
    assert unchanged(ours)


@pytest.mark.parametrize(("name", "args", "method", "data", "role"), DOORS)
def test_the_right_role_gets_in(client, ours, name, args, method, data, role):
    client.force_login(user_with(role, ours))
    assert knock(client, name, args, method, data, ours).status_code in (200, 302)


def test_a_coalition_role_holds_on_its_forums(client, ours, theirs):
    coalition = Coalition.objects.create(name="Emigrants", slug="emigrants")
    ours.coalitions.add(coalition)
    user = User.objects.create_user("coalition-org", password="pw")
    role_grant(user=user, role=Role.ORGANIZER, scope=coalition)
    client.force_login(user)
    assert client.get(reverse("organize:forum_edit", args=["ours"])).status_code == 200
    assert client.get(reverse("organize:forum_edit", args=["theirs"])).status_code == 403
    page = client.get(reverse("organize:forums")).content.decode()
    assert "ours" in page
    assert "theirs" not in page


def test_only_a_site_organizer_sets_up_a_forum(client):
    client.force_login(User.objects.create_user("nobody"))
    assert client.get(reverse("organize:forum_new")).status_code == 403
    boss = User.objects.create_user("boss")
    role_grant(user=boss, role=Role.ORGANIZER, scope=None)
    client.force_login(boss)
    data = {
        "name": "Left Anti-War Emigration Forum", "slug": "lawef", "description": "Cologne.",
        "place": "Cologne", "starts_on": "2024-11-07", "ends_on": "2024-11-07",
        "language": "en", "languages": ["ru", "de"], "admission": "codes",
        "support_at": "2024-11-07T14:00", "drafting_at": "2024-11-07T15:00",
        "list_supporters": "on", "hide_tallies": "on",
    }  # fmt: skip
    bad = client.post(reverse("organize:forum_new"), data)
    assert bad.status_code == 400
    assert "follow one another" in bad.content.decode()
    assert 'value="Left Anti-War Emigration Forum"' in bad.content.decode()
    data["drafting_at"] = "2024-11-07T09:00"
    response = client.post(reverse("organize:forum_new"), data)
    assert response.status_code == 302
    forum = Forum.objects.get()
    assert forum.languages == ["ru", "de"]
    assert forum.hide_tallies
    assert AuditEntry.objects.get(action="forum.create").actor == boss


def test_an_organizer_runs_the_forum_to_its_outcome_and_publishes_a_draft(client, ours):
    organizer = user_with(Role.ORGANIZER, ours)
    client.force_login(organizer)
    draft = Draft.objects.get(number=1)
    url = reverse("organize:forum_draft", args=["ours", 1])
    revision = {"action": "revise", "title": draft.current.title,
                "body": draft.current.body + "\n10. More.", "note": "point 10"}  # fmt: skip
    response = client.post(url, revision)
    assert response.status_code == 302
    assert draft.versions.count() == 2
    amendment = amendment_propose(draft=Draft.objects.get(number=1), body="Shorter.")
    Amendment.objects.filter(pk=amendment.pk).update(status=Amendment.Status.OPEN)
    refused = client.post(url, {"action": "decline_amendment", "amendment": "1", "reason": ""})
    assert refused.status_code == 400
    client.post(url, {"action": "decline_amendment", "amendment": "1", "reason": "Too short."})
    assert Amendment.objects.get().status == Amendment.Status.DECLINED
    sheet = client.post(reverse("organize:forum_codes", args=["ours"]),
                        {"action": "issue", "count": "5", "kind": "person"})  # fmt: skip
    assert sheet.content.decode().count('class="code"') == 5
    client.post(reverse("organize:forum_phase", args=["ours"]), {"phase": "closed"})
    ours.refresh_from_db()
    assert ours.phase == Forum.Phase.CLOSED
    outcome_url = reverse("organize:forum_outcome", args=["ours"])
    missing = client.post(outcome_url, {"status": "preliminary", "decided_on": "2024-11-07"})
    assert missing.status_code == 400
    response = client.post(outcome_url, {
        "status": "final", "decided_on": "2024-11-07",
        "statement_en": "The forum did not adopt a resolution; it carried the drafts forward.",
        "statement_ru": "Форум не принял резолюцию.",
    })  # fmt: skip
    assert response.status_code == 302
    assert Outcome.objects.get().statements.count() == 2
    publish = {"action": "publish", "slug": "left-for-peace", "kind": "open_letter",
               "publisher": "", "version": "2"}  # fmt: skip
    response = client.post(url, publish)
    assert response.status_code == 302
    declaration = Declaration.objects.get(slug="left-for-peace")
    assert declaration.status == Declaration.Status.OPEN
    assert "10. More." in declaration.body


def test_the_forum_audit_log_lists_its_changes(client, ours):
    client.force_login(user_with(Role.ADMIN, ours))
    client.post(reverse("organize:forum_phase", args=["ours"]), {"phase": "support"})
    page = client.get(reverse("organize:forum_audit", args=["ours"])).content.decode()
    assert "forum.phase" in page
    assert "forum.draft.submit" in page
