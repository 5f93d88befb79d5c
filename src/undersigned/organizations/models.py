"""Organizations as first-class signatories: one record however many declarations it signs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from undersigned.core.text.validators import validate_plain_text


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
    # What the published list says, when it differs from the English name of ``country``
    # ("Democratic Republic of the Congo", "Turkey-Kurdistan"), or when it names no state.
    # The list shows this text, exactly; ``country`` stays the ISO code for statistics.
    country_as_written = models.CharField(
        _("country as written"),
        max_length=100,
        blank=True,
        validators=[validate_plain_text],
        help_text=_(
            "Shown in the list instead of the country's English name; leave empty to show that."
        ),
    )
    # A country only implied by the name ("Socialist Party of Bangladesh"): for organizers
    # and statistics, never shown in a published line.
    suggested_country = CountryField(
        _("suggested country"),
        blank=True,
        help_text=_("Implied by the name; never shown in the published list."),
    )
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

    @property
    def display_country(self) -> str:
        """The country as the published list shows it: as written, or the English name."""
        if self.country_as_written:
            return self.country_as_written
        return str(self.country.name) if self.country else ""

    @property
    def spellings(self) -> list[str]:
        """Every name this organization is known by: its renderings and its aliases."""
        names = [self.name, self.name_transliteration, self.name_translation]
        names += [alias for alias in self.aliases if isinstance(alias, str)]
        return [name for name in names if name]
