"""The one navigation of a declaration in the workspace: every page of it, each shown to
whoever holds the role it needs (roles/permissions.py), the current one marked.

Every declaration page shows it (``organize/_nav.html`` renders it when the page has a
``declaration``), so each page is reachable from the overview and from each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import PUBLIC_STATUSES
from undersigned.roles.permissions import NEEDS, RANK, Action, roles_on


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    current: bool


# (URL name, label, action it needs, also current on these URL names)
PAGES: tuple[tuple[str, Promise, Action, tuple[str, ...]], ...] = (
    ("organize:declaration", _("Overview"), Action.MODERATE, ()),
    ("organize:declaration_edit", _("Text and policy"), Action.EDIT,
     ("organize:declaration_withdraw",)),
    ("organize:moderation", _("Moderation"), Action.MODERATE, ()),
    ("organize:import_start", _("Import"), Action.MANAGE_LIST, ("organize:import_preview",)),
    ("organize:translations", _("Translations"), Action.EDIT, ("organize:translation",)),
    ("organize:contacts", _("Contacts"), Action.CONTACTS, ()),
    ("organize:exports", _("Exports"), Action.MANAGE_LIST, ()),
    ("organize:snapshot_publish", _("Publish a status"), Action.MANAGE_LIST, ()),
    # The public page with the snippets, once there is a public page to share.
    ("opendata:share", _("Share and embed"), Action.MODERATE, ()),
    ("organize:team", _("Team"), Action.MANAGE_TEAM, ("organize:team_member_revoke",)),
    ("organize:audit", _("Audit log"), Action.READ_AUDIT, ()),
)  # fmt: skip


def declaration_menu(request: HttpRequest, declaration: Declaration) -> list[Item]:
    """The pages of ``declaration`` the signed-in user may open (one query for roles)."""
    roles = roles_on(user=request.user, on=declaration)
    if not roles:
        return []
    top = RANK[roles[0]]
    here = resolve(request.path_info).view_name
    return [
        Item(
            label=str(label),
            url=reverse(name, args=[declaration.slug]),
            current=here == name or here in also,
        )
        for name, label, action, also in PAGES
        if RANK[NEEDS[action]] <= top
        and (not name.startswith("opendata:") or declaration.status in PUBLIC_STATUSES)
    ]
