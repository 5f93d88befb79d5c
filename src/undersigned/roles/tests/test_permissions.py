"""The one permission rule (roles/permissions.py): roles nest, scopes nest, and staff
status or Django's model permissions grant nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied

from undersigned.declarations.selectors import declarations_for
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.roles.models import Coalition
from undersigned.roles.permissions import (
    NEEDS,
    Action,
    Role,
    holds,
    holds_anywhere,
    may,
    may_grant,
    require,
    roles_on,
)
from undersigned.roles.services import role_grant, role_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours():
    return DeclarationFactory(slug="ours")


@pytest.fixture
def theirs():
    return DeclarationFactory(slug="theirs")


def person(name: str, **extra: object) -> User:
    return User.objects.create_user(name, password="pw", **extra)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_exactly_the_actions_at_or_below_it(role, ours):
    user = person("someone")
    role_grant(user=user, role=role, scope=ours)
    rank = {Role.MODERATOR: 1, Role.ORGANIZER: 2, Role.ADMIN: 3}
    for action, needed in NEEDS.items():
        assert may(user=user, action=action, on=ours) == (rank[role] >= rank[needed]), action


def test_staff_status_and_model_permissions_grant_no_role(ours):
    """Before, the same staff user could import a list (signatures.add_signature) but got
    403 on the contact key, and moderate_signature made a moderator everywhere: now
    neither permission means anything to the rule."""
    staff = person("staff", is_staff=True)
    for codename in ("add_signature", "change_signature", "change_declaration"):
        staff.user_permissions.add(Permission.objects.get(codename=codename))
    staff = User.objects.get(pk=staff.pk)
    assert roles_on(user=staff, on=ours) == []
    for action in Action:
        assert not may(user=staff, action=action, on=ours)
    assert not holds_anywhere(user=staff, role=Role.MODERATOR)
    assert not declarations_for(user=staff, role=Role.MODERATOR).exists()


def test_a_site_wide_role_holds_on_every_declaration(ours, theirs):
    user = person("site-organizer")
    role_grant(user=user, role=Role.ORGANIZER, scope=None)
    for declaration in (ours, theirs):
        assert may(user=user, action=Action.MANAGE_LIST, on=declaration)
        assert may(user=user, action=Action.CONTACTS, on=declaration)
        assert not may(user=user, action=Action.READ_AUDIT, on=declaration)
    assert set(declarations_for(user=user, role=Role.ORGANIZER)) == {ours, theirs}


def test_a_coalition_role_holds_on_its_declarations_only(ours, theirs):
    coalition = Coalition.objects.create(name="River towns", slug="river")
    ours.coalitions.add(coalition)
    user = person("coalition-moderator")
    role_grant(user=user, role=Role.MODERATOR, scope=coalition)
    assert holds(user=user, role=Role.MODERATOR, on=ours)
    assert not holds(user=user, role=Role.MODERATOR, on=theirs)
    assert list(declarations_for(user=user, role=Role.MODERATOR)) == [ours]


def test_superusers_are_admins_everywhere_and_inactive_users_hold_nothing(ours):
    root = person("root", is_superuser=True)
    assert roles_on(user=root, on=ours) == [Role.ADMIN, Role.ORGANIZER, Role.MODERATOR]
    gone = person("gone")
    role_grant(user=gone, role=Role.ADMIN, scope=ours)
    gone.is_active = False
    gone.save()
    assert roles_on(user=gone, on=ours) == []
    root.is_active = False
    root.save()
    assert not may(user=root, action=Action.MODERATE, on=ours)


def test_require_refuses_with_the_role_named_and_lets_the_command_line_through(ours):
    user = person("moderator")
    role_grant(user=user, role=Role.MODERATOR, scope=ours)
    require(actor=user, action=Action.MODERATE, on=ours)
    with pytest.raises(PermissionDenied, match="organizer role"):
        require(actor=user, action=Action.MANAGE_LIST, on=ours)
    require(actor=None, action=Action.READ_AUDIT, on=ours)  # the server's own rights


def test_nobody_grants_above_their_own_role(ours, theirs):
    organizer = person("organizer")
    role_grant(user=organizer, role=Role.ORGANIZER, scope=ours)
    assert may_grant(user=organizer, role=Role.MODERATOR, on=ours)
    assert may_grant(user=organizer, role=Role.ORGANIZER, on=ours)
    assert not may_grant(user=organizer, role=Role.ADMIN, on=ours)
    assert not may_grant(user=organizer, role=Role.MODERATOR, on=theirs)
    moderator = person("moderator")
    role_grant(user=moderator, role=Role.MODERATOR, scope=ours)
    assert not may_grant(user=moderator, role=Role.MODERATOR, on=ours)


def test_revoking_takes_the_role_back(ours):
    user = person("temporary")
    role_grant(user=user, role=Role.ORGANIZER, scope=ours)
    assert role_revoke(user=user, role=Role.ORGANIZER, scope=ours) == 1
    assert not holds(user=user, role=Role.MODERATOR, on=ours)
