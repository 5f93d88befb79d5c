"""Every organizer and moderator view at its three doors: anonymous, wrong role, right role;
and the doors matrix: every URL of the workspace, for each role held on each scope.

Scoped roles: a moderator of one declaration (or of a coalition) sees and acts on that
declaration only, in the organizers' area and in the admin's moderation queue alike.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, reverse

from undersigned.audit.models import AuditEntry
from undersigned.contacts.crypto import key_pair_generate
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.forums.tests.factories import make_draft, make_forum
from undersigned.imports.models import ImportDraft
from undersigned.organize import urls as organize_urls
from undersigned.roles.invitations import invitation_create
from undersigned.roles.models import Coalition, RoleAssignment
from undersigned.roles.permissions import RANK, Role, holds
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours():
    return DeclarationFactory(slug="ours")


@pytest.fixture
def theirs():
    return DeclarationFactory(slug="theirs")


def pending_on(declaration, name="KOL"):
    return SignatureFactory(
        declaration=declaration,
        kind=Signature.Kind.ORGANIZATION,
        status=Signature.Status.PENDING,
        org_abbreviation=name,
        org_name=f"Organisation {name}",
    )


def user_with(role, declaration, username=None):
    user = User.objects.create_user(username or f"{role}-{declaration.slug}", password="pw")
    role_grant(user=user, role=role, scope=declaration)
    return user


PUBLIC_KEY = key_pair_generate(passphrase="pw", strength="interactive").public_file

# (url name, method, data, role needed)
DOORS = [
    ("organize:declaration", "get", None, Role.MODERATOR),
    ("organize:moderation", "get", None, Role.MODERATOR),
    ("organize:moderation", "post", "approve", Role.MODERATOR),
    ("organize:moderation", "post", "reject", Role.MODERATOR),
    ("organize:install_key", "post", {"public_key": PUBLIC_KEY}, Role.ORGANIZER),
    ("organize:sealed_contacts", "get", None, Role.ORGANIZER),
    ("organize:audit", "get", None, Role.ADMIN),
    ("organize:translations", "get", None, Role.ORGANIZER),
    ("organize:import_start", "get", None, Role.ORGANIZER),
    ("organize:snapshot_publish", "get", None, Role.ORGANIZER),
    ("organize:declaration_edit", "get", None, Role.ORGANIZER),
    ("organize:declaration_status", "post", {"action": "close"}, Role.ORGANIZER),
    ("organize:declaration_withdraw", "get", None, Role.ORGANIZER),
    ("organize:contacts", "get", None, Role.ORGANIZER),
    ("organize:exports", "get", None, Role.ORGANIZER),
]
BELOW = {Role.MODERATOR: None, Role.ORGANIZER: "moderator", Role.ADMIN: "organizer"}


def knock(client, name, method, data, declaration):
    url = reverse(name, args=[declaration.slug])
    if method == "get":
        return client.get(url)
    if isinstance(data, str):
        signature = pending_on(declaration, name=data.upper())
        if data == "reject":  # asked once more, on its own page, with a reason
            url = reverse(
                "organize:moderation_reject", args=[declaration.slug, signature.public_id]
            )
            return client.post(url, {"reason": "not an organization"})
        return client.post(url, {"signature": signature.public_id, "action": data})
    return client.post(url, data)


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_anonymous_is_sent_to_the_login(client, ours, name, method, data, role):
    response = knock(client, name, method, data, ours)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organize:login"))
    assert not Signature.objects.exclude(status=Signature.Status.PENDING).exists()


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_a_wrong_role_is_refused(client, ours, theirs, name, method, data, role):
    # Every role, but on another declaration; and the role just below, on this one.
    client.force_login(user_with(Role.ADMIN, theirs))
    assert knock(client, name, method, data, ours).status_code == 403
    if BELOW[role]:
        client.force_login(user_with(BELOW[role], ours, username="below"))
        assert knock(client, name, method, data, ours).status_code == 403
    assert not Signature.objects.exclude(status=Signature.Status.PENDING).exists()
    ours.refresh_from_db()
    assert ours.contact_key_id == ""


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_the_right_role_gets_in(client, ours, name, method, data, role):
    user = user_with(role, ours)
    client.force_login(user)
    response = knock(client, name, method, data, ours)
    assert response.status_code in (200, 302)
    if method == "post" and isinstance(data, str):
        expected = {"approve": Signature.Status.PUBLISHED, "reject": Signature.Status.REJECTED}
        assert Signature.objects.get().status == expected[data]
        entry = AuditEntry.objects.get(action=f"signature.{data}")
        assert entry.actor == user
    if name == "organize:install_key":
        ours.refresh_from_db()
        assert ours.contact_key_id
        assert AuditEntry.objects.get(action="declaration.install_contact_key").actor == user
    if name == "organize:sealed_contacts":
        assert response.json()["format"] == "undersigned-sealed-contacts/1"
        assert AuditEntry.objects.get(action="contacts.export").actor == user


def test_a_coalition_role_covers_its_declarations_only(ours, theirs):
    coalition = Coalition.objects.create(name="River towns", slug="river")
    coalition.declarations.add(ours)
    user = User.objects.create_user("coalition-mod", password="pw")
    role_grant(user=user, role=Role.MODERATOR, scope=coalition)
    assert holds(user=user, role=Role.MODERATOR, on=ours)
    assert not holds(user=user, role=Role.ORGANIZER, on=ours)
    assert not holds(user=user, role=Role.MODERATOR, on=theirs)


def test_the_admin_queue_shows_a_scoped_moderator_their_declarations_only(client, ours, theirs):
    mine, other = pending_on(ours, "MINE"), pending_on(theirs, "OTHER")
    user = user_with(Role.MODERATOR, ours)
    user.is_staff = True
    user.save()
    client.force_login(user)
    queue = reverse("admin:signatures_awaitingmoderation_changelist")
    page = client.get(queue).content.decode()
    assert "Organisation MINE" in page
    assert "Organisation OTHER" not in page
    # Acting on a signature of another declaration changes nothing.
    client.post(queue, {"action": "approve", "_selected_action": [other.pk, mine.pk]})
    other.refresh_from_db()
    mine.refresh_from_db()
    assert other.status == Signature.Status.PENDING
    assert mine.status == Signature.Status.PUBLISHED


def test_the_dashboard_lists_the_declarations_of_the_user(client, ours, theirs):
    assert client.get(reverse("organize:dashboard")).status_code == 302
    client.force_login(user_with(Role.ORGANIZER, ours))
    page = client.get(reverse("organize:dashboard")).content.decode()
    assert ours.title in page
    assert theirs.title not in page


def test_login_page_works_without_javascript(client, ours):
    User.objects.create_user("orga", password="a long password 1")
    page = client.get(reverse("organize:login")).content.decode()
    assert 'name="username"' in page
    assert "<script" not in page
    response = client.post(
        reverse("organize:login"), {"username": "orga", "password": "a long password 1"}
    )
    assert response.status_code == 302


def test_the_roles_command_grants_lists_and_revokes_with_audit_rows(ours):
    User.objects.create_user("alice", password="pw")
    call_command("roles", "grant", "alice", "organizer", "--declaration", "ours")
    out = io.StringIO()
    call_command("roles", "list", "--declaration", "ours", stdout=out)
    assert "alice\torganizer\tdeclaration ours" in out.getvalue()
    call_command("roles", "revoke", "alice", "organizer", "--declaration", "ours")
    assert not RoleAssignment.objects.exists()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["role.grant", "role.revoke"]


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_staff_permissions_open_no_door(client, ours, name, method, data, role):
    """Where the rules used to disagree: a staff user with Django's model permissions
    (add_signature let them import, moderate_signature moderate everywhere) now holds
    no role, at every door alike."""
    staff = User.objects.create_user("staff", password="pw", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="signatures"))
    client.force_login(staff)
    assert knock(client, name, method, data, ours).status_code == 403


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_a_site_wide_role_opens_every_door_of_its_rank(client, ours, name, method, data, role):
    user = User.objects.create_user("site", password="pw")
    role_grant(user=user, role=role, scope=None)
    client.force_login(user)
    assert knock(client, name, method, data, ours).status_code in (200, 302)


# --- The doors matrix: every URL of the workspace, each role on each scope -----------
#
# The URL names come from organize/urls.py itself (``workspace_urls``), so a view added
# there is knocked on here or fails ``test_every_workspace_url_has_its_doors``. For each
# one: anonymous → the login page; each role (moderator, organizer, admin) held on the
# page's scope, on a coalition containing it and on the whole site, and a superuser →
# 403 below the role the page needs, in at or above it (200; 405 for a POST-only URL,
# whose door let the GET through to the method check: nothing changes); and a role on
# another declaration, forum or coalition → 403 everywhere. What POSTs change is tested
# by the DOORS above and in test_forum_doors.py, test_team.py and test_editing.py.

# Open to anyone (the invitation's token is the credential: test_team.py), with what an
# anonymous GET gets: the form, the method check (signing out is a POST), an unknown link.
PUBLIC_URLS = {
    "organize:login": ([], 200),
    "organize:logout": ([], 405),
    "organize:invitation": (["no-such-token"], 404),
    # The code step with no password typed before it: back to the password.
    "organize:sign_in_code": ([], 302),
}
# Any signed-in person: their own lists, their password, their two-factor sign-in.
SIGNED_IN_URLS = {
    "organize:dashboard", "organize:forums", "organize:password_change",
    "organize:two_factor",
}  # fmt: skip
# The same, POST only: a GET from the right person reaches the method check (405).
SIGNED_IN_POST_URLS = {
    "organize:two_factor_start", "organize:two_factor_confirm", "organize:two_factor_disable",
    "organize:two_factor_regenerate",
}  # fmt: skip
# Pages that make a new scope: the rule is who may start one, not a role on a scope.
STARTING_URLS = {
    # A declaration is started by an organizer of the site or of a coalition.
    "organize:declaration_new": ("site", "coalition"),
    # A forum is a new scope of the site: only site-wide organizers open one.
    "organize:forum_new": ("site",),
}


@dataclass(frozen=True)
class Door:
    kind: str  # the scope the URL names: "declaration", "forum" or "coalition"
    role: Role  # the role it needs
    post_only: bool = False
    extra: str = ""  # a further URL argument, made by World.argument


MATRIX: dict[str, Door] = {
    "organize:declaration": Door("declaration", Role.MODERATOR),
    "organize:declaration_edit": Door("declaration", Role.ORGANIZER),
    "organize:declaration_status": Door("declaration", Role.ORGANIZER, post_only=True),
    "organize:declaration_withdraw": Door("declaration", Role.ORGANIZER),
    "organize:contacts": Door("declaration", Role.ORGANIZER),
    "organize:exports": Door("declaration", Role.ORGANIZER),
    "organize:install_key": Door("declaration", Role.ORGANIZER, post_only=True),
    "organize:sealed_contacts": Door("declaration", Role.ORGANIZER),
    "organize:moderation": Door("declaration", Role.MODERATOR),
    "organize:moderation_reject": Door("declaration", Role.MODERATOR, extra="pending"),
    "organize:audit": Door("declaration", Role.ADMIN),
    "organize:translations": Door("declaration", Role.ORGANIZER),
    "organize:translation": Door("declaration", Role.ORGANIZER),
    "organize:import_start": Door("declaration", Role.ORGANIZER),
    "organize:import_preview": Door("declaration", Role.ORGANIZER, extra="import"),
    "organize:snapshot_publish": Door("declaration", Role.ORGANIZER),
    "organize:team": Door("declaration", Role.ORGANIZER),
    "organize:team_member_revoke": Door("declaration", Role.ORGANIZER, extra="assignment"),
    "organize:team_invitation_revoke": Door(
        "declaration", Role.ORGANIZER, post_only=True, extra="invitation"
    ),
    "organize:forum": Door("forum", Role.MODERATOR),
    "organize:forum_edit": Door("forum", Role.ORGANIZER),
    "organize:forum_phase": Door("forum", Role.ORGANIZER, post_only=True),
    "organize:forum_draft_new": Door("forum", Role.ORGANIZER),
    "organize:forum_draft": Door("forum", Role.ORGANIZER, extra="draft"),
    "organize:forum_draft_decide": Door("forum", Role.MODERATOR, post_only=True, extra="draft"),
    "organize:forum_codes": Door("forum", Role.ORGANIZER),
    "organize:forum_outcome": Door("forum", Role.ORGANIZER),
    "organize:forum_audit": Door("forum", Role.ADMIN),
    "organize:forum_team": Door("forum", Role.ORGANIZER),
    "organize:forum_team_member_revoke": Door("forum", Role.ORGANIZER, extra="assignment"),
    "organize:forum_team_invitation_revoke": Door(
        "forum", Role.ORGANIZER, post_only=True, extra="invitation"
    ),
    "organize:coalition_team": Door("coalition", Role.ORGANIZER),
    "organize:coalition_team_member_revoke": Door("coalition", Role.ORGANIZER, extra="assignment"),
    "organize:coalition_team_invitation_revoke": Door(
        "coalition", Role.ORGANIZER, post_only=True, extra="invitation"
    ),
}


def workspace_urls() -> list[str]:
    """Every URL name of the workspace, read from organize/urls.py and what it includes."""

    def walk(patterns: list[Any]) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{organize_urls.app_name}:{pattern.name}"

    return sorted(set(walk(organize_urls.urlpatterns)))


def test_every_workspace_url_has_its_doors():
    names = set(workspace_urls())
    assert len(names) > 30  # the walk really reads the URL patterns
    known = (
        MATRIX.keys() | PUBLIC_URLS.keys() | SIGNED_IN_URLS | SIGNED_IN_POST_URLS
        | STARTING_URLS.keys()
    )  # fmt: skip
    assert not names - known, f"say who may open these in MATRIX: {sorted(names - known)}"
    assert not known - names, f"no longer in organize/urls.py: {sorted(known - names)}"


class World:
    """A declaration and a forum in one coalition, a coalition of their own for the
    coalition's pages, and the same three elsewhere: what the holders hold roles on."""

    def __init__(self) -> None:
        self.coalition = Coalition.objects.create(name="River towns", slug="river")
        self.declaration = DeclarationFactory(slug="ours")
        self.declaration.coalitions.add(self.coalition)
        self.forum = make_forum(slug="assembly")
        self.forum.coalitions.add(self.coalition)
        make_draft(self.forum)
        self.elsewhere = {
            "declaration": DeclarationFactory(slug="theirs"),
            "forum": make_forum(slug="theirs"),
            "coalition": Coalition.objects.create(name="Other towns", slug="other"),
        }
        self.users = 0

    def scope(self, kind: str) -> Any:
        return {"declaration": self.declaration, "forum": self.forum,
                "coalition": self.coalition}[kind]  # fmt: skip

    def argument(self, extra: str, scope: Any, maker: User) -> list[Any]:
        if extra == "pending":
            return [pending_on(self.declaration, name=f"P{Signature.objects.count()}").public_id]
        if extra == "import":
            draft = ImportDraft.objects.create(declaration=self.declaration, created_by=maker)
            return [draft.pk]
        if extra == "assignment":
            member = User.objects.create_user(f"member-{self.users}", password="pw")
            self.users += 1
            return [role_grant(user=member, role=Role.MODERATOR, scope=scope).pk]
        if extra == "invitation":
            return [invitation_create(role=Role.MODERATOR, scope=scope, actor=maker)[0].pk]
        if extra == "draft":
            return [1]
        return []

    def holder(self, role: Role | None, where: str, kind: str) -> User | None:
        """A user with ``role`` on the page's scope (``here``), a coalition containing it,
        the whole site, another scope of its kind; ``superuser``. ``None``: no such
        holder (a coalition is contained in no coalition)."""
        self.users += 1
        name = f"{where}-{role}-{self.users}"
        if where == "superuser":
            return User.objects.create_superuser(name, password="pw")
        if where == "coalition" and kind == "coalition":
            return None
        user = User.objects.create_user(name, password="pw")
        scope = {
            "here": self.scope(kind),
            "coalition": self.coalition,
            "site": None,
            "elsewhere": self.elsewhere[kind],
        }[where]
        role_grant(user=user, role=role, scope=scope)
        return user


HOLDERS = [
    *[(role, where) for where in ("here", "coalition", "site", "elsewhere")
      for role in (Role.MODERATOR, Role.ORGANIZER, Role.ADMIN)],
    (None, "superuser"),
]  # fmt: skip


@pytest.mark.parametrize("name", workspace_urls())
def test_the_doors_matrix(client, name):
    world = World()
    if name in PUBLIC_URLS:
        args, status = PUBLIC_URLS[name]
        assert client.get(reverse(name, args=args)).status_code == status
        return
    if name in SIGNED_IN_URLS | SIGNED_IN_POST_URLS:
        url = reverse(name)
        assert_door(client.get(url))
        expected = 405 if name in SIGNED_IN_POST_URLS else 200
        for role, where in HOLDERS:
            user = world.holder(role, where, "declaration")
            client.force_login(user)
            assert client.get(url).status_code == expected, (name, role, where)
            client.logout()
        return
    if name in STARTING_URLS:
        kinds = STARTING_URLS[name]
        url = reverse(name)
        assert_door(client.get(url))
        for role, where in HOLDERS:
            user = world.holder(role, where, "declaration")
            client.force_login(user)
            opens = where == "superuser" or (where in kinds and RANK[role] >= RANK[Role.ORGANIZER])
            expected = 200 if opens else 403
            assert client.get(url).status_code == expected, (name, role, where)
            client.logout()
        return
    door = MATRIX[name]
    scope = world.scope(door.kind)
    maker = User.objects.create_superuser("maker", password="pw")

    def url() -> str:
        return reverse(name, args=[scope.slug, *world.argument(door.extra, scope, maker)])

    assert_door(client.get(url()))
    for role, where in HOLDERS:
        user = world.holder(role, where, door.kind)
        if user is None:
            continue
        client.force_login(user)
        opens = where == "superuser" or (where != "elsewhere" and RANK[role] >= RANK[door.role])
        expected = (405 if door.post_only else 200) if opens else 403
        response = client.get(url())
        assert response.status_code == expected, (name, role, where, response.status_code)
        client.logout()


def assert_door(response: Any) -> None:
    """Anonymous: sent to the login page."""
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organize:login"))
