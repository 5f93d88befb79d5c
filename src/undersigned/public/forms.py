"""The public signing forms. They validate and clean; the services do the work.

Besides the signer's fields each form carries the anti-spam fields (a honeypot and a
signed timestamp: signatures/antispam.py) and, on a declaration that collects them, the
follow-up contact fields, which are sealed with the organizers' key on arrival.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_stubs_ext import StrOrPromise

from undersigned.contacts.services import ContactAnswers
from undersigned.core.text.transliteration import transliteration_suggestion
from undersigned.core.text.validators import validate_plain_text
from undersigned.declarations.models import Declaration, FollowUp
from undersigned.signatures.antispam import form_token
from undersigned.signatures.services import OrganizationSubmission, PersonSubmission
from undersigned.signatures.signatory import country_name, organization_line, person_line

# Fields that are not the signer's own: rendered apart by the template.
ANTISPAM_FIELDS = ("leave_empty", "started")
CONTACT_FIELDS = (
    "contact_consent", "ready_to_work", "contact_email", "contact_phone", "contact_messenger",
    "contact_note",
)  # fmt: skip


def _text(
    label: StrOrPromise,
    max_length: int,
    *,
    required: bool = False,
    help_text: StrOrPromise = "",
    autocomplete: str = "off",
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        validators=[validate_plain_text],
        # Names in Arabic, Hebrew or Persian display right to left as they are typed;
        # ``autocomplete`` lets the browser offer what it knows (WCAG 1.3.5).
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": autocomplete}),
    )


def _email(
    label: StrOrPromise, help_text: StrOrPromise, *, required: bool = True
) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        required=required,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def validate_free_text(value: str) -> None:
    """Like validate_plain_text, but line breaks are allowed (a note has several lines)."""
    validate_plain_text(value.replace("\r", " ").replace("\n", " "))


@lru_cache(maxsize=32)
def _country_choices_in(language: str | None) -> list[tuple[str, str]]:
    return [("", "—"), *((code, str(name)) for code, name in countries)]


def _country_choices() -> list[tuple[str, str]]:
    # Built once per language, not on every form: translating and sorting some 250
    # names cost more than the rest of a signature's validation.
    return _country_choices_in(get_language())


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in countries)


class CountryChoiceField(forms.ChoiceField):
    """A country by its ISO code, checked against a set instead of by walking (and
    normalizing, on every submission) the list of choices the select shows."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in _country_codes()


class GuardedForm(forms.Form):
    """The anti-spam fields every public form that anyone may send carries (the signing
    forms and the forum's): a honeypot and a signed timestamp."""

    # A honeypot: hidden from people by the stylesheet, filled by bots that fill everything.
    leave_empty = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # When the form was shown, signed (signatures/antispam.py): too fast means a bot.
    started = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A callable: signed only when the form is shown, not for every POST.
        self.fields["started"].initial = form_token

    def honeypot_filled(self) -> bool:
        return bool(self.data.get("leave_empty", "").strip())

    def visible_fields_only(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in ANTISPAM_FIELDS]


class SignForm(GuardedForm):
    """What both forms share: the anti-spam fields and the optional contact fields."""

    def __init__(self, *args: Any, declaration: Declaration | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if declaration is not None and declaration.collects_contacts:
            self._add_contact_fields(declaration)

    def _add_contact_fields(self, declaration: Declaration) -> None:
        self.fields["contact_consent"] = forms.BooleanField(
            label=_("The organizers may contact me about follow-up work"),
            required=False,
        )
        if declaration.contact_region:
            self.fields["ready_to_work"] = forms.BooleanField(
                label=_("I am ready to work together in %(region)s")
                % {"region": declaration.contact_region},
                required=False,
            )
        # Only the questions the organizers chose (declarations.models.FollowUp).
        if declaration.asks(FollowUp.EMAIL):
            self.fields["contact_email"] = _email(
                _("Contact address"),
                _("Leave empty to be contacted at the address above."),
                required=False,
            )
        if declaration.asks(FollowUp.PHONE):
            self.fields["contact_phone"] = _text(_("Phone"), 50, autocomplete="tel")
        if declaration.asks(FollowUp.MESSENGER):
            self.fields["contact_messenger"] = _text(
                _("Messenger"), 100, help_text=_("For example a Signal or Telegram handle.")
            )
        if declaration.asks(FollowUp.NOTE):
            self.fields["contact_note"] = forms.CharField(
                label=_("Anything else the organizers should know"),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
                validators=[validate_free_text],
            )

    def signer_fields(self) -> list[forms.BoundField]:
        apart = (*ANTISPAM_FIELDS, *CONTACT_FIELDS)
        return [self[name] for name in self.fields if name not in apart]

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CONTACT_FIELDS if name in self.fields]

    @property
    def contact_consent_id(self) -> str:
        """Where the error summary sends a reader for the consent error."""
        return self["contact_consent"].id_for_label if "contact_consent" in self.fields else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "contact_consent" in self.fields and not data.get("contact_consent"):
            given = [
                name
                for name in ("contact_email", "contact_phone", "contact_messenger", "contact_note")
                if data.get(name)
            ]
            if given or data.get("ready_to_work"):
                raise ValidationError(
                    _(
                        "To be contacted, tick “The organizers may contact me”; "
                        "otherwise leave the contact fields empty."
                    ),
                    code="consent",
                )
        return data

    def _contact(self, *, private_name: str = "", private_role: str = "") -> ContactAnswers | None:
        data = self.cleaned_data
        if not data.get("contact_consent"):
            return None
        return ContactAnswers(
            email=data.get("contact_email") or data.get("email", ""),
            phone=data.get("contact_phone", ""),
            messenger=data.get("contact_messenger", ""),
            note=data.get("contact_note", ""),
            ready_to_work=bool(data.get("ready_to_work")),
            private_name=private_name,
            private_role=private_role,
        )


def _country(*, required: bool) -> CountryChoiceField:
    return CountryChoiceField(
        label=_("Country"),
        choices=_country_choices,
        required=required,
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )


class PersonSignForm(SignForm):
    name = _text(_("Your name"), 200, required=True, autocomplete="name")
    email = _email(
        _("Email address"),
        _("Only to confirm your signature. It is deleted as soon as the mail is sent."),
    )
    country = _country(required=True)
    city = _text(_("City"), 100, autocomplete="address-level2")
    affiliation = _text(
        _("Affiliation"),
        200,
        help_text=_("For example your union or university."),
        autocomplete="organization",
    )
    role = _text(
        _("Role"),
        200,
        help_text=_("For example “in personal capacity”."),
        autocomplete="organization-title",
    )
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

    def published_line(self) -> str:
        """The line the list will show once confirmed ("" when not named: counted only)."""
        data = self.cleaned_data
        if not data.get("show_name"):
            return ""
        return person_line(
            name=data["name"],
            role=data["role"],
            affiliation=data["affiliation"],
            city=data["city"],
            country=country_name(data["country"]),
        )

    def contact(self) -> ContactAnswers | None:
        # A listed name is public anyway; a hidden one reaches the organizers only sealed.
        data = self.cleaned_data
        return self._contact(private_name="" if data["show_name"] else data["name"])


class OrganizationSignForm(SignForm):
    # The name first: every organization has one, not every one an abbreviation.
    name = _text(
        _("Name of the organization"),
        300,
        required=True,
        help_text=_("In the organization's own language and script."),
        autocomplete="organization",
    )
    abbreviation = _text(
        _("Abbreviation"), 64, help_text=_("As your organization writes it, e.g. “PC (ML)”.")
    )
    name_transliteration = _text(
        _("Latin transliteration"), 300, help_text=_("If the name is not in Latin script.")
    )
    name_translation = _text(_("English name"), 300)
    country = _country(required=False)
    website = forms.URLField(
        label=_("Website"),
        max_length=300,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    signer_name = _text(
        _("Your name"),
        200,
        required=True,
        help_text=_("Never published, and not kept: it reaches the organizers only sealed."),
        autocomplete="name",
    )
    signer_role = _text(
        _("Your role in the organization"),
        200,
        help_text=_("Never published."),
        autocomplete="organization-title",
    )
    email = _email(
        _("Email address"),
        _("Only to confirm the signature. It is deleted as soon as the mail is sent."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Shown beside the transliteration field when the form comes back: a name in
        # another script, no transliteration typed. Never written into the field.
        self.transliteration_suggestion = ""
        if self.is_bound and not str(self.data.get("name_transliteration", "")).strip():
            self.transliteration_suggestion = transliteration_suggestion(
                str(self.data.get("name", ""))[:300]
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

    def published_line(self) -> str:
        """The line the list will show once a moderator approves the signature."""
        data = self.cleaned_data
        return organization_line(
            abbreviation=data["abbreviation"],
            name=data["name"],
            transliteration=data["name_transliteration"],
            translation=data["name_translation"],
            country=country_name(data["country"]),
        )

    def contact(self) -> ContactAnswers | None:
        data = self.cleaned_data
        return self._contact(private_name=data["signer_name"], private_role=data["signer_role"])
