"""``undersigned roles``: grant, revoke and list roles on the site, a coalition or a declaration."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models

from undersigned.declarations.models import Declaration
from undersigned.roles.models import Coalition, RoleAssignment
from undersigned.roles.services import RoleError, role_grant, role_revoke

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Grant, revoke or list roles (admin, organizer, moderator) on one declaration, a "
        "coalition or the whole site."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        for name in ("grant", "revoke"):
            sub = actions.add_parser(name, help=f"{name} a role")
            sub.add_argument("username")
            sub.add_argument("role", choices=RoleAssignment.Role.values)
            scope = sub.add_mutually_exclusive_group(required=True)
            scope.add_argument("--declaration", metavar="SLUG", help="scope: one declaration")
            scope.add_argument("--coalition", metavar="SLUG", help="scope: a coalition")
            scope.add_argument("--site", action="store_true", help="scope: the whole site")
        listing = actions.add_parser("list", help="list the roles")
        listing.add_argument("--declaration", metavar="SLUG", help="only those holding on it")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            self._list(options.get("declaration"))
            return
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        scope = self._scope(options)
        try:
            if action == "grant":
                role_grant(user=user, role=options["role"], scope=scope)
                logger.info("role granted: user %s, %s", user.pk, options["role"])
            else:
                removed = role_revoke(user=user, role=options["role"], scope=scope)
                logger.info("roles revoked: %s", removed)
        except RoleError as exc:
            raise CommandError(str(exc)) from None

    @staticmethod
    def _scope(options: dict[str, Any]) -> models.Model | None:
        if options.get("site"):
            return None
        if options.get("declaration"):
            declaration = Declaration.objects.filter(slug=options["declaration"]).first()
            if declaration is None:
                raise CommandError(f"no declaration {options['declaration']!r}")
            return declaration
        coalition = Coalition.objects.filter(slug=options["coalition"]).first()
        if coalition is None:
            raise CommandError(f"no coalition {options['coalition']!r}")
        return coalition

    def _list(self, slug: str | None) -> None:
        assignments = RoleAssignment.objects.select_related("user", "scope_type").order_by(
            "user__username", "role", "pk"
        )
        if slug:
            declaration = Declaration.objects.filter(slug=slug).first()
            if declaration is None:
                raise CommandError(f"no declaration {slug!r}")
            kinds = ContentType.objects.get_for_models(Declaration, Coalition)
            assignments = assignments.filter(
                models.Q(scope_type__isnull=True)
                | models.Q(scope_type=kinds[Declaration], scope_id=declaration.pk)
                | models.Q(
                    scope_type=kinds[Coalition],
                    scope_id__in=declaration.coalitions.values("pk"),
                )
            )
        for assignment in assignments:
            scope = assignment.scope
            where = (
                f"{assignment.scope_type.model} {getattr(scope, 'slug', assignment.scope_id)}"
                if assignment.scope_type is not None
                else "site"
            )
            self.stdout.write(f"{assignment.user.get_username()}\t{assignment.role}\t{where}")
