"""The forms organizers write a declaration and its translations with, in the admin and
in the organizers' area."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from undersigned.declarations.models import (
    Declaration,
    DeclarationTranslation,
    FollowUp,
    interface_languages,
)
from undersigned.roles.models import Coalition

# Addresses of the organizers' area beside a declaration's (organize/urls.py).
RESERVED_SLUGS = {
    "new",
    "login",
    "logout",
    "team",
    "invitations",
    "account",
    "two-factor",
    "coalitions",
}


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


def original_language_choices() -> list[tuple[str, str]]:
    """Any language Django knows (a declaration may be written in one the site's
    interface does not speak), by name."""
    return sorted(
        ((code, str(name)) for code, name in global_settings.LANGUAGES if "-" not in code),
        key=lambda choice: choice[1],
    )


class SourceLinksField(forms.CharField):
    """Source links as lines of "https://… label", stored as [{"url", "label"}]."""

    widget = forms.Textarea(attrs={"rows": 3, "dir": "auto"})

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return "\n".join(
                f"{link.get('url', '')} {link.get('label', '')}".strip()
                for link in value
                if isinstance(link, dict)
            )
        return value

    def to_python(self, value: object) -> list[dict[str, str]]:  # type: ignore[override]
        text = super().to_python(value) or ""
        links = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            url, _space, label = line.strip().partition(" ")
            if not url.lower().startswith(("https://", "http://")):
                raise ValidationError(
                    _("Line %(number)d: a link starts with https:// (then its label).")
                    % {"number": number}
                )
            links.append({"url": url[:500], "label": label.strip()[:200]})
        return links


class DeclarationForm(forms.ModelForm[Declaration]):
    """What organizers write in the workspace: the text, its facts and the signing policy."""

    language = forms.ChoiceField(label=_("original language"), choices=original_language_choices)
    source_links = SourceLinksField(
        label=_("source links"),
        required=False,
        help_text=_("One a line: the address, a space, then what it is (optional)."),
    )
    closes_at = forms.DateTimeField(
        label=_("closes at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Optional: signing closes by itself at this date and time."),
    )
    follow_up_questions = forms.MultipleChoiceField(
        label=_("follow-up questions asked"),
        choices=FollowUp.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Asked of the signers who agree to be contacted; the region's question is "
            "asked when a region is named below."
        ),
    )
    coalition = forms.ModelChoiceField(
        label=_("coalition"),
        queryset=Coalition.objects.none(),
        required=False,
        help_text=_("The coalition it belongs to: its team holds the same roles on it."),
    )

    class Meta:
        model = Declaration
        fields = [
            "title", "slug", "kind", "publisher", "language", "body", "first_published_on",
            "published_on", "source_links", "allow_organizations", "allow_individuals",
            "list_individuals_by_default", "ask_contacts", "follow_up_questions", "contact_region",
            "signature_goal", "closes_at",
        ]  # fmt: skip
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "publisher": forms.TextInput(attrs={"dir": "auto"}),
            "body": forms.Textarea(attrs={"dir": "auto", "rows": 18}),
            "contact_region": forms.TextInput(attrs={"dir": "auto"}),
            "first_published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "slug": _("The declaration's address: lower-case letters, digits and hyphens."),
            "body": _("Markdown: **bold**, *italic*, numbered and bulleted lists, links."),
        }

    def __init__(
        self,
        *args: Any,
        coalitions: QuerySet[Coalition] | None = None,
        frozen: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)
        if frozen:
            # People signed the text: a change of it is a new revision, said how.
            self.fields["editorial"] = forms.BooleanField(
                label=_("This is an editorial correction (typos, formatting)"),
                required=False,
                help_text=_(
                    "The meaning is unchanged: the page does not say “revised”, and the "
                    "correction is listed with the revisions."
                ),
            )
            self.fields["revision_note"] = forms.CharField(
                label=_("What changed, in a sentence"),
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"dir": "auto"}),
                help_text=_("Shown with the revision."),
            )
        if coalitions is None:
            del self.fields["coalition"]  # chosen once, when the declaration is started
        else:
            coalition = self.fields["coalition"]
            assert isinstance(coalition, forms.ModelChoiceField)
            coalition.queryset = coalitions
        if self.instance.pk is not None and self.instance.status != Declaration.Status.DRAFT:
            # Its address is in links people shared: fixed once it was published.
            self.fields["slug"].disabled = True

    # The form's parts, as the page shows them (fields absent from a form are skipped).
    FIELDSETS = (
        (_("The text"), ("title", "slug", "kind", "publisher", "language", "body",
                         "editorial", "revision_note")),
        (_("Dates and sources"), ("first_published_on", "published_on", "source_links",
                                  "coalition")),
        (_("Who may sign, and how"), ("allow_organizations", "allow_individuals",
                                      "list_individuals_by_default", "ask_contacts",
                                      "follow_up_questions", "contact_region",
                                      "signature_goal", "closes_at")),
    )  # fmt: skip

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (str(legend), [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This address is reserved; choose another."))
        return slug

    def clean_closes_at(self) -> datetime.datetime | None:
        closes_at: datetime.datetime | None = self.cleaned_data.get("closes_at")
        changed = "closes_at" in self.changed_data
        if closes_at is not None and changed and closes_at <= timezone.now():
            raise ValidationError(_("The closing moment has to be in the future."))
        return closes_at

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("allow_organizations") and not data.get("allow_individuals"):
            raise ValidationError(_("Let organizations, individuals or both sign."))
        return data
