"""Roles scoped per declaration or per coalition (a named group of declarations).

Three roles, each including the ones below it: a moderator approves and rejects
signatures and releases held ones; an organizer also installs the contact key and
downloads the sealed contacts; an admin also reads the declaration's audit log.
Django superusers are admins of everything, and holders of the global
``signatures.moderate_signature`` permission moderate every declaration.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.core.text.validators import validate_plain_text
from undersigned.declarations.models import Declaration


class Coalition(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=[validate_plain_text])
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    declarations = models.ManyToManyField(
        Declaration, blank=True, related_name="coalitions", verbose_name=_("declarations")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    class Role(models.TextChoices):
        MODERATOR = "moderator", _("moderator")
        ORGANIZER = "organizer", _("organizer")
        ADMIN = "admin", _("admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    declaration = models.ForeignKey(
        Declaration, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    coalition = models.ForeignKey(
        Coalition, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(declaration__isnull=False, coalition__isnull=True)
                    | models.Q(declaration__isnull=True, coalition__isnull=False)
                ),
                name="role_has_one_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "declaration"],
                condition=models.Q(declaration__isnull=False),
                name="role_unique_per_declaration",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "coalition"],
                condition=models.Q(coalition__isnull=False),
                name="role_unique_per_coalition",
            ),
        ]

    def __str__(self) -> str:
        scope = self.declaration or self.coalition
        return f"{self.user} — {self.get_role_display()} — {scope}"
