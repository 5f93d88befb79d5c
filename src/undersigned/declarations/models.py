"""Declarations: the texts people sign, with their kind, status, dates and signing policy."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.core.text.validators import default_language, validate_plain_text
from undersigned.core.text.versions import TextVersion
from undersigned.roles.models import Coalition


class FollowUp(models.TextChoices):
    """The follow-up questions a signing form can ask, besides the consent itself and
    "ready to work together in <region>" (contacts/services.py seals the answers)."""

    EMAIL = "email", _("An e-mail for contact, if not the one they sign with")
    PHONE = "phone", _("Phone")
    MESSENGER = "messenger", _("Messenger")
    NOTE = "note", _("Anything else the organizers should know")


def all_follow_up_questions() -> list[str]:
    return [question.value for question in FollowUp]


class Declaration(models.Model):
    class Kind(models.TextChoices):
        STATEMENT = "statement", _("joint statement")
        OPEN_LETTER = "open_letter", _("open letter")
        RESOLUTION = "resolution", _("resolution")
        DRAFT_RESOLUTION = "draft_resolution", _("draft resolution")
        PETITION = "petition", _("petition")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for signatures")
        CLOSED = "closed", _("closed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    slug = models.SlugField(_("address"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300, validators=[validate_plain_text])
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.STATEMENT)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publisher = models.CharField(
        _("publisher"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    body = models.TextField(_("text (Markdown)"))
    # Rendered from ``body`` by the service that saves it, sanitized; never edited by hand.
    body_html = models.TextField(editable=False, default="")
    language = models.CharField(_("original language"), max_length=8, default=default_language)
    first_published_on = models.DateField(_("first published"), null=True, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    # [{"url": "https://…", "label": "…"}]
    source_links = models.JSONField(_("source links"), default=list, blank=True)

    # Signing policy.
    allow_organizations = models.BooleanField(_("organizations may sign"), default=True)
    allow_individuals = models.BooleanField(_("individuals may sign"), default=True)
    list_individuals_by_default = models.BooleanField(
        _("individuals are listed by name unless they opt out"), default=True
    )
    # Shown on the page as a progress bar that is also text ("1,204 of 2,000").
    signature_goal = models.PositiveIntegerField(
        _("goal (signatures)"),
        null=True,
        blank=True,
        help_text=_("The number of signatures the organizers aim for; empty: no goal shown."),
    )
    # Follow-up contacts (contacts app): asked only with an organizers' public key, and
    # sealed with it at submission, so the server never holds them readable.
    ask_contacts = models.BooleanField(
        _("ask signers for contacts for follow-up"),
        default=False,
        help_text=_("Needs the organizers' public key before the declaration can open."),
    )
    # Which of the contact questions the signing form asks, each chosen by the
    # organizers (FollowUp; the region's question is asked when a region is named).
    follow_up_questions = models.JSONField(
        _("follow-up questions asked"),
        default=all_follow_up_questions,
        blank=True,
        help_text=_("Asked of the signers who agree to be contacted."),
    )
    contact_region = models.CharField(
        _("region of the follow-up question"),
        max_length=100,
        blank=True,
        validators=[validate_plain_text],
        help_text=_("Asks “I am ready to work together in <region>”; empty: not asked."),
    )
    # The scheduler closes an open declaration at this moment (declarations/tasks.py).
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Optional: signing closes by itself at this date and time."),
    )
    # X25519 public key (base64) that seals new contacts, and its short fingerprint.
    contact_public_key = models.CharField(max_length=64, blank=True, editable=False)
    contact_key_id = models.CharField(max_length=16, blank=True, editable=False)

    # A role on a coalition holds on each of its declarations (roles/permissions.py).
    coalitions = models.ManyToManyField(
        Coalition,
        blank=True,
        related_name="declarations",
        verbose_name=_("coalitions"),
        db_table="roles_coalition_declarations",
    )

    # The text's revision in force (1 until it is revised after people signed it), and
    # when it was last revised other than editorially (the page says "revised on …").
    # The revisions themselves are DeclarationRevision rows; each signature keeps the
    # number it was given for (Signature.revision).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    revised_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_on", "-created_at"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allow_organizations=True) | models.Q(allow_individuals=True),
                name="declaration_someone_may_sign",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # Source links are rendered as links on the public page: only web addresses,
        # never javascript: or data: URLs.
        links = self.source_links if isinstance(self.source_links, list) else None
        if links is None or not all(
            isinstance(link, dict)
            and isinstance(link.get("url"), str)
            and link["url"].lower().startswith(("https://", "http://"))
            for link in links
        ):
            raise ValidationError(
                {"source_links": _('Give a list of {"url": "https://…", "label": "…"}.')}
            )

    def role_parents(self) -> list[models.QuerySet[Coalition]]:
        """The scopes a role on which holds on this declaration too: its coalitions."""
        return [self.coalitions.all()]

    def asks(self, question: FollowUp) -> bool:
        """Whether the signing form asks ``question`` (when it collects contacts)."""
        return question.value in (self.follow_up_questions or [])

    @property
    def collects_contacts(self) -> bool:
        """Whether the signing form asks for follow-up contacts (sealed on arrival)."""
        return self.ask_contacts and bool(self.contact_public_key)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class DeclarationRevision(TextVersion):
    """One dated, unchangeable revision of a declaration's title and text, made when the
    text is edited after its first confirmed signature (declarations/services.py).
    Revision 1 is the text as people first signed it."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="revisions")

    class Meta(TextVersion.Meta):
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "number"], name="declaration_revision_unique_number"
            )
        ]


def interface_languages() -> dict[str, str]:
    """The languages the site speaks (``LANGUAGES``), code → name in English."""
    return {code: str(name) for code, name in settings.LANGUAGES}


class DeclarationTranslation(models.Model):
    """The text of a declaration in another language than its original.

    One list of signatories and one count serve the original and every translation;
    the original language stays on ``Declaration.language`` and its text stays
    authoritative. A translation is offered in the site's interface languages, each at
    its own address (``/<lang>/declarations/<slug>/``).
    """

    class Kind(models.TextChoices):
        # Approved by the authors: the coalition stands behind its wording.
        OFFICIAL = "official", _("official translation")
        # A helpful rendering, not approved word for word.
        WORKING = "working", _("working translation")

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WORKING)
    title = models.CharField(_("title"), max_length=300, validators=[validate_plain_text])
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=1000,
        help_text=_("Optional: a sentence or two shown above the text."),
    )
    body = models.TextField(_("text (Markdown)"))
    # Rendered from ``body`` by declaration_translation_save, sanitized; never edited by hand.
    body_html = models.TextField(editable=False, default="")
    published_on = models.DateField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["declaration", "language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "language"], name="declaration_translation_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    def clean(self) -> None:
        languages = interface_languages()
        if self.language not in languages:
            raise ValidationError(
                {
                    "language": _("Choose one of the site's languages: %(languages)s.")
                    % {"languages": ", ".join(languages)}
                }
            )
        if self.declaration_id is not None and self.language == self.declaration.language:
            raise ValidationError({"language": _("This is the declaration's original language.")})

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.OFFICIAL
