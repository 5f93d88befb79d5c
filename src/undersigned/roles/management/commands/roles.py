"""``undersigned roles``: grant, revoke and list scoped roles."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from undersigned.declarations.models import Declaration
from undersigned.roles.models import Coalition, RoleAssignment
from undersigned.roles.services import RoleError, role_grant, role_revoke

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Grant, revoke or list roles (admin, organizer, moderator) per declaration or coalition."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        for name in ("grant", "revoke"):
            sub = actions.add_parser(name, help=f"{name} a role")
            sub.add_argument("username")
            sub.add_argument("role", choices=RoleAssignment.Role.values)
            scope = sub.add_mutually_exclusive_group(required=True)
            scope.add_argument("--declaration", metavar="SLUG", help="scope: one declaration")
            scope.add_argument("--coalition", metavar="SLUG", help="scope: a coalition")
        listing = actions.add_parser("list", help="list the roles")
        listing.add_argument("--declaration", metavar="SLUG", help="only this declaration's")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            self._list(options.get("declaration"))
            return
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        scope: dict[str, Any] = {}
        if options.get("declaration"):
            scope["declaration"] = Declaration.objects.filter(slug=options["declaration"]).first()
            if scope["declaration"] is None:
                raise CommandError(f"no declaration {options['declaration']!r}")
        else:
            scope["coalition"] = Coalition.objects.filter(slug=options["coalition"]).first()
            if scope["coalition"] is None:
                raise CommandError(f"no coalition {options['coalition']!r}")
        try:
            if action == "grant":
                role_grant(user=user, role=options["role"], **scope)
                logger.info("role granted: user %s, %s", user.pk, options["role"])
            else:
                removed = role_revoke(user=user, role=options["role"], **scope)
                logger.info("roles revoked: %s", removed)
        except RoleError as exc:
            raise CommandError(str(exc)) from None

    def _list(self, slug: str | None) -> None:
        assignments = RoleAssignment.objects.select_related("user", "declaration", "coalition")
        if slug:
            assignments = assignments.filter(declaration__slug=slug) | assignments.filter(
                coalition__declarations__slug=slug
            )
        for assignment in assignments.distinct():
            scope = (
                f"declaration {assignment.declaration.slug}"
                if assignment.declaration
                else f"coalition {assignment.coalition.slug if assignment.coalition else ''}"
            )
            self.stdout.write(f"{assignment.user.get_username()}\t{assignment.role}\t{scope}")
