"""The public signing forms. They validate and clean; the services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_stubs_ext import StrOrPromise

from undersigned.core.validators import validate_plain_text

from .services import OrganizationSubmission, PersonSubmission


def _text(
    label: StrOrPromise, max_length: int, *, required: bool = False, help_text: StrOrPromise = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        validators=[validate_plain_text],
    )


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((code, str(name)) for code, name in countries)]


class PersonSignForm(forms.Form):
    name = _text(_("Your name"), 200, required=True)
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Only to confirm your signature. It is deleted as soon as the mail is sent."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices)
    city = _text(_("City"), 100)
    affiliation = _text(_("Affiliation"), 200, help_text=_("For example your union or university."))
    role = _text(_("Role"), 200, help_text=_("For example “in personal capacity”."))
    show_name = forms.BooleanField(label=_("Show my name in the public list"), required=False)

    def __init__(self, *args: Any, list_by_default: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["show_name"].initial = list_by_default
        self.fields["country"].required = True

    def submission(self) -> PersonSubmission:
        data = self.cleaned_data
        return PersonSubmission(
            name=data["name"],
            email=data["email"],
            country=data["country"],
            city=data["city"],
            affiliation=data["affiliation"],
            role=data["role"],
            show_name=data["show_name"],
        )


class OrganizationSignForm(forms.Form):
    abbreviation = _text(
        _("Abbreviation"), 64, help_text=_("As your organization writes it, e.g. “PC (ML)”.")
    )
    name = _text(
        _("Name of the organization"),
        300,
        required=True,
        help_text=_("In the organization's own language and script."),
    )
    name_transliteration = _text(
        _("Latin transliteration"), 300, help_text=_("If the name is not in Latin script.")
    )
    name_translation = _text(_("English name"), 300)
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices, required=False)
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    signer_name = _text(_("Your name"), 200, required=True, help_text=_("Never published."))
    signer_role = _text(_("Your role in the organization"), 200, help_text=_("Never published."))
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Only to confirm the signature. It is deleted as soon as the mail is sent."),
    )

    def submission(self) -> OrganizationSubmission:
        data = self.cleaned_data
        return OrganizationSubmission(
            abbreviation=data["abbreviation"],
            name=data["name"],
            name_transliteration=data["name_transliteration"],
            name_translation=data["name_translation"],
            country=data["country"],
            website=data["website"],
            signer_name=data["signer_name"],
            signer_role=data["signer_role"],
            email=data["email"],
        )
