"""Forums: an event that puts several competing draft texts forward, in phases.

A forum moves preparation → drafting → support → closed. Drafts are submitted and
revised while drafting, each change an immutable numbered version (``DraftVersion``, a
``core/text/versions.TextVersion``); participants support versions while the support
phase runs; once closed, organizers record the ``Outcome``. A ``Support`` always names
the version it was given to.

Participants are either people who confirm by email (as signers do: the plain address
lives only until the confirmation mail is sent, a keyed hash finds a second support) or
holders of a ``ParticipationCode`` printed on paper, kept here only as a keyed hash.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from undersigned.core.text.validators import default_language, validate_plain_text
from undersigned.core.text.versions import TextVersion
from undersigned.declarations.models import Declaration
from undersigned.roles.models import Coalition


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


class Forum(models.Model):
    class Phase(models.TextChoices):
        PREPARATION = "preparation", _("preparation")
        DRAFTING = "drafting", _("drafting")
        SUPPORT = "support", _("support")
        CLOSED = "closed", _("closed")

    class Admission(models.TextChoices):
        EMAIL = "email", _("anyone who confirms by email")
        CODES = "codes", _("holders of a participation code")

    slug = models.SlugField(_("address"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=[validate_plain_text])
    description = models.TextField(_("description (Markdown)"), blank=True)
    description_html = models.TextField(editable=False, default="")
    place = models.CharField(
        _("place"), max_length=200, blank=True, validators=[validate_plain_text],
        help_text=_("A city or venue; leave empty for a forum held online."),
    )  # fmt: skip
    online = models.BooleanField(_("held online"), default=False)
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    language = models.CharField(_("original language"), max_length=8, default=default_language)
    # The forum's working languages (codes); its outcome is stated in each.
    languages = models.JSONField(_("languages"), default=list, blank=True)

    phase = models.CharField(
        _("phase"), max_length=16, choices=Phase.choices, default=Phase.PREPARATION
    )
    # When the scheduler moves the forum into each phase (empty: only by hand).
    drafting_at = models.DateTimeField(_("drafting opens"), null=True, blank=True)
    support_at = models.DateTimeField(_("support opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    phase_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The policy.
    admission = models.CharField(
        _("who may support"), max_length=8, choices=Admission.choices, default=Admission.EMAIL
    )
    one_draft_only = models.BooleanField(
        _("a participant may support one draft only"), default=False
    )
    list_supporters = models.BooleanField(
        _("supporters are listed by name (unless they opt out)"), default=True
    )
    hide_tallies = models.BooleanField(
        _("tallies stay hidden until the forum closes"), default=False
    )

    coalitions = models.ManyToManyField(
        Coalition, blank=True, related_name="forums", verbose_name=_("coalitions")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Touched by the forum's own changes only (never by a support): what readers may see
    # change, the ETag-like validators of its pages included.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.name

    def role_parents(self) -> list[models.QuerySet[Coalition]]:
        return [self.coalitions.all()]

    @property
    def is_public(self) -> bool:
        return self.phase != self.Phase.PREPARATION

    @property
    def tallies_public(self) -> bool:
        """The one rule of the hidden tally: counts are shown once the forum closes, or
        always when organizers did not hide them."""
        return not self.hide_tallies or self.phase == self.Phase.CLOSED

    @property
    def all_languages(self) -> list[str]:
        return [self.language, *(code for code in self.languages if code != self.language)]


class DraftQuerySet(models.QuerySet["Draft"]):
    def admitted(self) -> DraftQuerySet:
        return self.filter(status=Draft.Status.ADMITTED)


class Draft(models.Model):
    """One competing text of a forum; its words live in its versions."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting admission")
        ADMITTED = "admitted", _("admitted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="drafts")
    # Its number in the forum ("Draft 2"), in the order drafts were submitted.
    number = models.PositiveIntegerField(editable=False)
    submitted_by = models.CharField(
        _("submitted by"), max_length=300, blank=True, validators=[validate_plain_text],
        help_text=_("A group's or organization's name (optional)."),
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=8, default=default_language)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    current = models.ForeignKey(
        "DraftVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Published as a declaration open for signatures, from this version.
    declaration = models.OneToOneField(
        Declaration, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_draft"
    )
    published_version = models.ForeignKey(
        "DraftVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    admitted_at = models.DateTimeField(null=True, blank=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["forum", "number"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["forum", "number"], name="draft_unique_number")
        ]

    def __str__(self) -> str:
        title = self.current.title if self.current_id and self.current else ""
        return f"{self.forum} — {title or self.number}"

    def role_parents(self) -> list[models.QuerySet[Forum]]:
        return [Forum.objects.filter(pk=self.forum_id)]


class DraftVersion(TextVersion):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    # The first version of the run of editorial corrections this one belongs to: a
    # version's tally counts the supports given to every version of that run. Empty:
    # the version starts its own tally.
    tally_root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amendment = models.ForeignKey(
        "Amendment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(TextVersion.Meta):
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_unique")
        ]

    @property
    def tally_root_id_or_own(self) -> int:
        return int(self.tally_root_id or self.pk)


class Amendment(models.Model):
    """A proposed change of a draft: the whole text as its proposer would have it, shown
    as a diff against the version it was proposed to."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting admission")
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        MERGED = "merged", _("merged by hand")
        DECLINED = "declined", _("declined")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField(editable=False)
    base = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="amendments")
    body = models.TextField(_("the text as amended (Markdown)"))
    rationale = models.CharField(_("why"), max_length=1000, blank=True)
    proposed_by = models.CharField(
        _("proposed by"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="amendment_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.draft} — A{self.number}"


class ParticipationCode(models.Model):
    """A code handed out on paper: its holder supports without any email. Only the keyed
    hash is kept (forums/codes.py); the code itself exists on the printed sheet."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANIZATION = "organization", _("organization")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSON)
    batch = models.PositiveIntegerField(default=1)
    revoked = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["forum", "batch", "pk"]
        verbose_name = _("participation code")
        verbose_name_plural = _("participation codes")

    def __str__(self) -> str:
        return f"{self.forum} — code #{self.pk} (batch {self.batch})"


class SupportQuerySet(models.QuerySet["Support"]):
    def counted(self) -> SupportQuerySet:
        return self.filter(status=Support.Status.COUNTED)


class Support(models.Model):
    """One participant's support of one draft version (or of an amendment)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("awaiting email confirmation")
        COUNTED = "counted", _("counted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    Kind = ParticipationCode.Kind

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    token_nonce = models.CharField(max_length=24, default=new_public_id, editable=False)
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="supports")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="supports")
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="supports")
    amendment = models.ForeignKey(
        Amendment, null=True, blank=True, on_delete=models.CASCADE, related_name="supports"
    )
    code = models.ForeignKey(
        ParticipationCode, null=True, blank=True, on_delete=models.PROTECT, related_name="supports"
    )
    # Who supported, as a keyed hash: of the normalized address over the forum, or of
    # the participation code. Emptied on withdrawal.
    participant_key = models.CharField(max_length=64, blank=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200, blank=True, validators=[validate_plain_text])
    show_name = models.BooleanField(_("name shown in the list of supporters"), default=True)
    # "List me as an initial signatory if this draft is published as a declaration."
    initial_signatory = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    # The plain address, only until the confirmation mail is sent.
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=8, default=default_language)
    mail_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["counted_at", "pk"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "participant_key"],
                condition=Q(amendment__isnull=True) & ~Q(participant_key=""),
                name="support_once_per_version",
            ),
            models.UniqueConstraint(
                fields=["amendment", "participant_key"],
                condition=Q(amendment__isnull=False) & ~Q(participant_key=""),
                name="support_once_per_amendment",
            ),
        ]
        indexes = [models.Index(fields=["forum", "status"], name="support_forum_idx")]

    def __str__(self) -> str:
        return f"support #{self.pk} ({self.get_status_display()})"


class Outcome(models.Model):
    class Status(models.TextChoices):
        PRELIMINARY = "preliminary", _("preliminary")
        FINAL = "final", _("final")

    forum = models.OneToOneField(Forum, on_delete=models.CASCADE, related_name="outcome")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PRELIMINARY
    )
    decided_on = models.DateField(_("date"))
    # The versions the forum adopted (none, one or several): the final texts.
    adopted = models.ManyToManyField(DraftVersion, blank=True, related_name="adopted_by")
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.forum} — {self.get_status_display()}"


class OutcomeStatement(models.Model):
    """The outcome in words, in one of the forum's languages."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="statements")
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("statement"))

    class Meta:
        ordering = ["outcome", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "language"], name="outcome_statement_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome} [{self.language}]"
