"""Forms of the organizers' forum pages. They validate; the forum services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from undersigned.declarations.models import Declaration, interface_languages
from undersigned.forums.models import DraftVersion, Forum, Outcome, ParticipationCode
from undersigned.forums.services.codes import MAX_BATCH
from undersigned.forums.services.drafts import MAX_TEXT

_DATE = {"type": "date"}
_MOMENT = {"type": "datetime-local"}


class ForumForm(forms.ModelForm[Forum]):
    languages = forms.MultipleChoiceField(
        label=_("Further languages"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=lambda: list(interface_languages().items()),
        help_text=_("The outcome is stated in each of the forum's languages."),
    )  # fmt: skip
    language = forms.ChoiceField(
        label=_("Original language"), choices=lambda: list(interface_languages().items())
    )

    class Meta:
        model = Forum
        fields = [
            "name", "slug", "description", "place", "online", "starts_on", "ends_on",
            "language", "languages", "drafting_at", "support_at", "closes_at", "admission",
            "one_draft_only", "list_supporters", "hide_tallies",
        ]  # fmt: skip
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto"}),
            "description": forms.Textarea(attrs={"dir": "auto", "rows": 8}),
            "starts_on": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
            "drafting_at": forms.DateTimeInput(attrs=_MOMENT, format="%Y-%m-%dT%H:%M"),
            "support_at": forms.DateTimeInput(attrs=_MOMENT, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs=_MOMENT, format="%Y-%m-%dT%H:%M"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        moments = [data.get(name) for name in ("drafting_at", "support_at", "closes_at")]
        set_ = [m for m in moments if m is not None]
        if set_ != sorted(set_):
            raise forms.ValidationError(_("The phases' dates must follow one another."))
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day comes after the first."))
        return data


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Move to the phase"), choices=Forum.Phase.choices)


class DraftTextForm(forms.Form):
    """A draft's title and text, as both the new-draft and the edit forms ask them."""

    title = forms.CharField(
        label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    body = forms.CharField(
        label=_("Text (Markdown)"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 18, "dir": "auto"}),
    )  # fmt: skip


class DraftEditForm(DraftTextForm):
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)
    editorial = forms.BooleanField(
        label=_("Editorial correction (typos only): the supports carry over"), required=False
    )


class NewDraftForm(DraftTextForm):
    submitted_by = forms.CharField(
        label=_("Submitted by (optional)"), max_length=300, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=lambda: list(interface_languages().items())
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=MAX_BATCH)
    kind = forms.ChoiceField(
        label=_("For"), choices=ParticipationCode.Kind.choices,
        initial=ParticipationCode.Kind.PERSON,
    )  # fmt: skip


class VersionChoices(forms.ModelMultipleChoiceField[DraftVersion]):
    def label_from_instance(self, obj: DraftVersion) -> str:
        return f"{obj.draft.number}. {obj.title} (v{obj.number})"


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Outcome.Status.choices)
    decided_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=_DATE))
    adopted = VersionChoices(
        label=_("Drafts adopted (none, one or several)"), required=False,
        queryset=DraftVersion.objects.none(), widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    votes_for = forms.IntegerField(
        label=_("Votes for"), min_value=0, max_value=10**9, required=False
    )
    votes_against = forms.IntegerField(
        label=_("Votes against"), min_value=0, max_value=10**9, required=False
    )
    abstentions = forms.IntegerField(
        label=_("Abstentions"), min_value=0, max_value=10**9, required=False
    )

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["adopted"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        # Any version of an admitted draft: the final text is the version adopted.
        field.queryset = (
            DraftVersion.objects.filter(draft__forum=forum, draft__status="admitted")
            .select_related("draft")
            .order_by("draft__number", "-number")
        )
        names = interface_languages()
        for code in forum.all_languages:
            self.fields[f"statement_{code}"] = forms.CharField(
                label=_("Statement in %(language)s") % {"language": names.get(code, code)},
                required=code == forum.language, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code, "dir": "auto"}),
            )  # fmt: skip

    def statements(self) -> dict[str, str]:
        return {
            name.removeprefix("statement_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("statement_") and value
        }


class PublishForm(forms.Form):
    slug = forms.SlugField(label=_("Address of the declaration"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Declaration.Kind.choices, initial=Declaration.Kind.OPEN_LETTER
    )
    publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    version = forms.TypedChoiceField(label=_("From version"), coerce=int)

    def __init__(self, *args: Any, versions: list[DraftVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(v.number, f"{v.number}: {v.title}") for v in reversed(versions)]
