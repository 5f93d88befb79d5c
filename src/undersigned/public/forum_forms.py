"""The public forms of a forum: supporting a draft (by email or with a code), submitting
a draft, proposing an amendment, withdrawing a code's support. They validate and
clean; the forum services do the work.

The forms that anyone may send carry the signing forms' anti-spam fields (a honeypot and
a signed timestamp, signatures/antispam.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from undersigned.core.text.validators import validate_plain_text
from undersigned.forums.models import Forum, Support
from undersigned.forums.services.drafts import MAX_TEXT
from undersigned.forums.services.supports import Supporter
from undersigned.public.forms import GuardedForm, validate_free_text


def _name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your name, or your organization's"),
        max_length=200,
        required=False,
        validators=[validate_plain_text],
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
    )


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Participation code"),
        max_length=40,
        help_text=_("As printed on your card, for example 7KQ4-M2XD-9B."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class SupportForm(GuardedForm):
    """Support a draft (or an amendment): by email or with a code, as the forum says."""

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forum = forum
        if forum.admission == Forum.Admission.EMAIL:
            self.fields["kind"] = forms.ChoiceField(
                label=_("I support as"),
                choices=[
                    (Support.Kind.PERSON, _("a person")),
                    (Support.Kind.ORGANIZATION, _("an organization")),
                ],
                initial=Support.Kind.PERSON,
                widget=forms.RadioSelect,
            )
            self.fields["email"] = forms.EmailField(
                label=_("Email address"),
                max_length=254,
                help_text=_("For the confirmation mail only: deleted once it is sent."),
            )
        else:
            self.fields["code"] = _code_field()
        self.fields["name"] = _name_field()
        if forum.list_supporters:
            self.fields["show_name"] = forms.BooleanField(
                label=_("Show my name in the list of supporters"), required=False, initial=True
            )
        self.fields["initial_signatory"] = forms.BooleanField(
            label=_("List me as an initial signatory if this draft is published as a declaration"),
            required=False,
        )
        order = ["kind", "code", "email", "name", "show_name", "initial_signatory"]
        self.order_fields([name for name in order if name in self.fields])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wants_name = data.get("show_name") or data.get("initial_signatory")
        if wants_name and not str(data.get("name", "")).strip():
            self.add_error("name", _("Give a name to be listed, or leave both boxes unticked."))
        return data

    def supporter(self) -> Supporter:
        data = self.cleaned_data
        return Supporter(
            kind=data.get("kind") or Support.Kind.PERSON,
            name=data.get("name", ""),
            show_name=bool(data.get("show_name")),
            initial_signatory=bool(data.get("initial_signatory")),
        )


class DraftForm(GuardedForm):
    title = forms.CharField(
        label=_("Title"), max_length=300, validators=[validate_plain_text],
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )  # fmt: skip
    body = forms.CharField(
        label=_("Text (Markdown)"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 16, "dir": "auto"}),
    )  # fmt: skip
    submitted_by = forms.CharField(
        label=_("Submitted by (optional)"), max_length=300, required=False,
        validators=[validate_plain_text],
        help_text=_("A group's or organization's name, shown with the draft."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )  # fmt: skip

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if forum.admission == Forum.Admission.CODES:
            self.fields["code"] = _code_field()


class AmendmentForm(GuardedForm):
    body = forms.CharField(
        label=_("The text as you would have it (Markdown)"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 16, "dir": "auto"}),
        help_text=_("Change the passage you want changed and leave the rest as it is."),
    )  # fmt: skip
    rationale = forms.CharField(
        label=_("Why (optional)"), max_length=1000, required=False,
        validators=[validate_free_text],
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )  # fmt: skip
    proposed_by = forms.CharField(
        label=_("Proposed by (optional)"), max_length=300, required=False,
        validators=[validate_plain_text], widget=forms.TextInput(attrs={"dir": "auto"}),
    )  # fmt: skip

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if forum.admission == Forum.Admission.CODES:
            self.fields["code"] = _code_field()


class WithdrawCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Participation code"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )  # fmt: skip
