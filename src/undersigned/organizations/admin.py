from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from undersigned.core.text.transliteration import transliteration_suggestion
from undersigned.organizations.models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["abbreviation", "name", "name_translation", "country", "suggested_country"]
    search_fields = ["abbreviation", "name", "name_transliteration", "name_translation"]
    list_filter = ["country", "suggested_country"]
    readonly_fields = ["suggested_transliteration"]

    @admin.display(description=_("suggested transliteration"))
    def suggested_transliteration(self, obj: Organization) -> str:
        """A suggestion for a name in another script (core/text/transliteration.py); never
        written into the record: copy it into "Latin transliteration" if it is right."""
        return transliteration_suggestion(obj.name) or "—"
