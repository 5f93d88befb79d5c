"""Staff views of signatures, with the moderation queue for organizational signatures.

Approve, reject and release are admin actions that call the same services as
everything else. A moderator sees and acts on the declarations they moderate: all of
them with a site-wide moderator role (or as superuser), otherwise those of their
moderator role per declaration or coalition (roles/permissions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from undersigned.declarations.selectors import declarations_for
from undersigned.organizations.selectors import organization_candidates
from undersigned.roles.permissions import Role, holds_anywhere
from undersigned.signatures import services
from undersigned.signatures.confusables import mixed_scripts
from undersigned.signatures.models import AwaitingModeration, Signature

SAFE_FIELDS: tuple[str, ...] = (
    "declaration", "kind", "status", "position", "organization",
    "org_abbreviation", "org_name", "org_name_transliteration", "org_name_translation",
    "org_country", "org_website", "show_name", "held", "language", "source",
    "created_at", "confirmed_at", "published_at", "moderated_at", "withdrawn_at", "mail_sent_at",
)  # fmt: skip


class ModerationActions(admin.ModelAdmin[Signature]):
    actions = ["approve", "reject", "release"]
    list_select_related = ["declaration", "organization"]
    autocomplete_fields = ["organization"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return holds_anywhere(user=request.user, role=Role.MODERATOR)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Signature]:
        # Only the declarations this user moderates (every one for global moderators).
        return (
            super()
            .get_queryset(request)
            .filter(declaration__in=declarations_for(user=request.user, role=Role.MODERATOR))
        )

    def _each(
        self,
        request: HttpRequest,
        queryset: QuerySet[Signature],
        service: Callable[..., Signature],
    ) -> None:
        done = 0
        for signature in queryset:
            try:
                service(signature=signature, actor=request.user)
                done += 1
            except services.SignatureError as exc:
                self.message_user(request, f"#{signature.pk}: {exc}", messages.WARNING)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d signature changed.", "%(count)d signatures changed.", done)
                % {"count": done},
            )

    @admin.action(description=_("Approve and publish"), permissions=["moderate"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Signature]) -> None:
        self._each(request, queryset, services.signature_approve)

    @admin.action(description=_("Reject"), permissions=["moderate"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Signature]) -> None:
        self._each(request, queryset, services.signature_reject)

    @admin.action(
        description=_("Release held signatures (send their mail)"), permissions=["moderate"]
    )
    def release(self, request: HttpRequest, queryset: QuerySet[Signature]) -> None:
        self._each(request, queryset, services.signature_release)


@admin.register(Signature)
class SignatureAdmin(ModerationActions):
    list_display = ["id", "declaration", "kind", "status", "held", "position", "created_at"]
    list_filter = ["status", "held", "kind", "declaration"]
    fields = SAFE_FIELDS
    # Read-only: every change goes through a service (the actions, or the queue).
    readonly_fields = SAFE_FIELDS

    def has_view_permission(self, request: HttpRequest, obj: Signature | None = None) -> bool:
        return self.has_moderate_permission(request) or super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_moderate_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_moderate_permission(request) or super().has_module_permission(request)


@admin.register(AwaitingModeration)
class AwaitingModerationAdmin(ModerationActions):
    """Confirmed organizational signatures a moderator has not yet approved or rejected.

    Before approving, a moderator may tie the signature to an existing organization
    (the list of possible matches helps); otherwise a new record is made.
    """

    list_display = [
        "id",
        "declaration",
        "org_abbreviation",
        "org_name",
        "org_country",
        "script_warning",
        "confirmed_at",
    ]
    list_filter = ["declaration"]
    fields = ("possible_matches", "script_warning", *SAFE_FIELDS)
    readonly_fields = (
        "possible_matches",
        "script_warning",
        *(f for f in SAFE_FIELDS if f != "organization"),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Signature]:
        return super().get_queryset(request).filter(status=Signature.Status.PENDING)

    def save_model(self, request: HttpRequest, obj: Signature, form: Any, change: bool) -> None:
        # The only editable field is the organization; the service checks and audits.
        services.signature_match_organization(
            signature=obj, organization=obj.organization, actor=request.user
        )

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_moderate_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_moderate_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_moderate_permission(request)

    @admin.display(description=_("Mixed scripts"))
    def script_warning(self, obj: Signature) -> str:
        # "Аmnesty" with a Cyrillic А reads like the real one: say so to the moderator.
        fields = (obj.org_abbreviation, obj.org_name)
        return (
            ", ".join(sorted({script for text in fields for script in mixed_scripts(text)})) or "—"
        )

    @admin.display(description=_("Existing organizations with the same name"))
    def possible_matches(self, obj: Signature) -> SafeString | StrOrPromise:
        candidates = organization_candidates(abbreviation=obj.org_abbreviation, name=obj.org_name)
        if not candidates:
            return _("none")
        return format_html_join(
            "",
            "<div>#{} {} {} ({})</div>",
            ((o.pk, o.abbreviation, o.name, o.country) for o in candidates),
        )
