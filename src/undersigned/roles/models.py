"""Roles held on a scope: the whole site, a coalition, a declaration or a forum.

Three roles, each including the ones below it: a moderator decides on what signers and
participants send (approve, reject, release); an organizer also runs the declaration or
forum (its text, its list, its contacts); an admin also reads its audit log and manages
its team. Who may do what is decided in one place, ``roles/permissions.py``.

A role's scope is any model instance (a generic relation, as django-guardian keeps
object permissions), so that this app needs to know none of the apps whose objects it
guards; an assignment without a scope holds on the whole site. A scope says which larger
scopes it belongs to through ``role_parents()`` (a declaration: its coalitions).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.core.text.validators import validate_plain_text


class Coalition(models.Model):
    """A named group of declarations and forums (``Declaration.coalitions``): a role on
    the coalition holds on each of them."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_plain_text])
    slug = models.SlugField(_("address"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self) -> str:
        return self.name

    def role_parents(self) -> list[models.QuerySet[models.Model]]:
        return []


class RoleAssignment(models.Model):
    class Role(models.TextChoices):
        MODERATOR = "moderator", _("moderator")
        ORGANIZER = "organizer", _("organizer")
        ADMIN = "admin", _("admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    # The scope (a declaration, coalition or forum); both empty: the whole site.
    scope_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope_type__isnull=True, scope_id__isnull=True)
                    | models.Q(scope_type__isnull=False, scope_id__isnull=False)
                ),
                name="role_scope_whole",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope_type", "scope_id"],
                condition=models.Q(scope_type__isnull=False),
                name="role_unique_per_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(scope_type__isnull=True),
                name="role_unique_site_wide",
            ),
        ]
        indexes = [models.Index(fields=["scope_type", "scope_id"], name="role_scope_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.scope or _('the whole site')}"


class Invitation(models.Model):
    """A one-time link that gives ``role`` on ``scope`` to whoever opens it first.

    No address is kept: the organizer who made it passes the link on. The database holds
    only a keyed hash of the link's token (``roles/invitations.py``), so a copy of it
    cannot be used to join a team; the link is shown once, when it is made.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(_("role"), max_length=16, choices=RoleAssignment.Role.choices)
    scope_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    scope_id = models.PositiveBigIntegerField()
    scope = GenericForeignKey("scope_type", "scope_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["scope_type", "scope_id"], name="invitation_scope_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.scope}"
