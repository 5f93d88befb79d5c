"""Declarations: the texts people sign, with their kind, status, dates and signing policy."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.core.validators import default_language, validate_plain_text


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

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
