from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from undersigned.declarations import services
from undersigned.declarations.forms import TranslationForm
from undersigned.declarations.models import Declaration, DeclarationTranslation


class TranslationInline(admin.StackedInline[DeclarationTranslation, Declaration]):
    """Translations are edited with their declaration and saved through the service
    (``DeclarationAdmin.save_formset``), which renders the Markdown and audits."""

    model = DeclarationTranslation
    form = TranslationForm
    extra = 0
    fields = ["language", "kind", "title", "summary", "body", "published_on"]


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin[Declaration]):
    inlines = [TranslationInline]
    list_display = ["title", "kind", "status", "publisher", "published_on"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "publisher", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "opened_at", "closed_at"]
    actions = ["open_for_signing", "close_signing"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "publisher", "language", "body"]}),
        (
            _("Dates and sources"),
            {"fields": ["first_published_on", "published_on", "source_links"]},
        ),
        (
            _("Signing policy"),
            {
                "fields": [
                    "allow_organizations",
                    "allow_individuals",
                    "list_individuals_by_default",
                    "signature_goal",
                ]
            },
        ),
        (_("Coalitions"), {"fields": ["coalitions"]}),
        (_("History"), {"fields": ["opened_at", "closed_at"]}),
    ]
    filter_horizontal = ["coalitions"]

    def save_model(
        self, request: HttpRequest, obj: Declaration, form: object, change: bool
    ) -> None:
        services.declaration_save(declaration=obj, actor=request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not DeclarationTranslation:
            super().save_formset(request, form, formset, change)
            return
        translations = formset.save(commit=False)
        for translation in formset.deleted_objects:
            services.declaration_translation_delete(translation=translation, actor=request.user)
        for translation in translations:
            services.declaration_translation_save(translation=translation, actor=request.user)

    def _each(self, request: HttpRequest, queryset: QuerySet[Declaration], service: object) -> None:
        done = 0
        for declaration in queryset:
            try:
                service(declaration=declaration, actor=request.user)  # type: ignore[operator]
                done += 1
            except services.DeclarationError as exc:
                self.message_user(request, f"{declaration}: {exc}", messages.WARNING)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d declaration changed.", "%(count)d declarations changed.", done)
                % {"count": done},
            )

    @admin.action(description=_("Open for signing"), permissions=["change"])
    def open_for_signing(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> None:
        self._each(request, queryset, services.declaration_open)

    @admin.action(description=_("Close signing"), permissions=["change"])
    def close_signing(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> None:
        self._each(request, queryset, services.declaration_close)
