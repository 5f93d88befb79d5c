"""Organizations as first-class signatories: one record however many declarations it signs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from undersigned.core.validators import validate_plain_text


class Organization(models.Model):
    # Free text: abbreviations contain spaces, slashes and parentheses ("PC (ML)", "CPA/ML").
    abbreviation = models.CharField(
        _("abbreviation"), max_length=64, blank=True, validators=[validate_plain_text]
    )
    name = models.CharField(
        _("name in the organization's own language"),
        max_length=300,
        validators=[validate_plain_text],
    )
    name_transliteration = models.CharField(
        _("Latin transliteration"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    name_translation = models.CharField(
        _("English name"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    aliases = models.JSONField(_("other spellings"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["abbreviation"], name="organization_abbr_idx")]

    def __str__(self) -> str:
        return f"{self.abbreviation} {self.name}".strip()
