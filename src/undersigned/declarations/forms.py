"""The form organizers edit a translation with, in the admin and in the organizers' area."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from undersigned.declarations.models import DeclarationTranslation, interface_languages


def language_choices() -> list[tuple[str, str]]:
    return [("", "—"), *interface_languages().items()]


class TranslationForm(forms.ModelForm[DeclarationTranslation]):
    # The site's languages only: a translation has a page in each interface language.
    language = forms.ChoiceField(label=_("language"), choices=language_choices)

    class Meta:
        model = DeclarationTranslation
        fields = ["language", "kind", "title", "summary", "body", "published_on"]
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "summary": forms.Textarea(attrs={"dir": "auto", "rows": 3}),
            "body": forms.Textarea(attrs={"dir": "auto", "rows": 20}),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
