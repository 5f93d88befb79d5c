from django.contrib import admin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["abbreviation", "name", "name_translation", "country", "suggested_country"]
    search_fields = ["abbreviation", "name", "name_transliteration", "name_translation"]
    list_filter = ["country", "suggested_country"]
