"""Signatures: one person's or organization's support of one declaration.

A signature moves unconfirmed → (pending, for organizations) → published; it may be
rejected by a moderator or withdrawn by its signer. The email address lives here only
sealed, under a key outside the database, until the confirmation mail has been sent.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from undersigned.contacts.models import SealedContact
from undersigned.core.text.validators import default_language, validate_plain_text
from undersigned.declarations.models import Declaration
from undersigned.organizations.models import Organization


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


def new_token_nonce() -> str:
    return secrets.token_urlsafe(12)


class SignatureQuerySet(models.QuerySet["Signature"]):
    def published(self) -> SignatureQuerySet:
        return self.filter(status=Signature.Status.PUBLISHED)

    def awaiting_moderation(self) -> SignatureQuerySet:
        return self.filter(status=Signature.Status.PENDING)

    def held(self) -> SignatureQuerySet:
        return self.filter(status=Signature.Status.UNCONFIRMED, held=True)


class Signature(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANIZATION = "organization", _("organization")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("awaiting email confirmation")
        PENDING = "pending", _("awaiting moderation")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Random, so private links cannot be guessed by counting.
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    # Mixed into the private links' HMAC; replacing it would void the links.
    token_nonce = models.CharField(max_length=24, default=new_token_nonce, editable=False)

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="signatures"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    # Place in the public list, given when the signature is published; never reused.
    position = models.PositiveIntegerField(null=True, blank=True, editable=False)

    # Organizational signatures: the record a moderator matched or created on approval…
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
        help_text=_(
            "Choose an existing organization before approving, or leave empty to create one."
        ),
    )
    # …and what the signer typed, until then.
    org_abbreviation = models.CharField(_("abbreviation"), max_length=64, blank=True)
    org_name = models.CharField(_("organization name"), max_length=300, blank=True)
    org_name_transliteration = models.CharField(
        _("Latin transliteration"), max_length=300, blank=True
    )
    org_name_translation = models.CharField(_("English name"), max_length=300, blank=True)
    org_country = CountryField(_("organization's country"), blank=True)
    org_website = models.URLField(_("website"), max_length=300, blank=True)

    # A person's display name, or for an organization the name of who signed for it
    # (never published).
    name = models.CharField(_("name"), max_length=200, validators=[validate_plain_text])
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    show_name = models.BooleanField(_("name shown in the public list"), default=True)

    # The address, sealed under a key of its own kept outside the database
    # (core/shredding.py), only until the confirmation mail is sent; then emptied and
    # its key destroyed, so no copy of the database's files can give it back.
    sealed_email = models.TextField(blank=True, editable=False)
    # HMAC of the normalized address (plus the organization, for organizations):
    # finds duplicates without keeping the address.
    dedupe_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Over the anti-spam limits when it arrived (signatures/antispam.py): accepted, but its
    # confirmation mail waits until a moderator releases it.
    held = models.BooleanField(_("held by the anti-spam limits"), default=False)
    # The signer's follow-up answers, sealed with the organizers' key (contacts app);
    # deleted on withdrawal, rejection and by the purge.
    sealed_contact = models.OneToOneField(
        SealedContact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signature",
        editable=False,
    )
    # Where a signature added by an organizer came from ("list of 06.01.2025").
    source = models.CharField(_("source"), max_length=200, blank=True)
    # Language of the page the signer used: their mails are written in it.
    language = models.CharField(max_length=8, default=default_language)

    # The declaration's text revision (Declaration.revision) this signature was given
    # for; empty for signatures older than revisions, which were given for the first.
    revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, db_index=True)
    mail_sent_at = models.DateTimeField(null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["declaration", "position", "created_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "position"],
                condition=models.Q(position__isnull=False),
                name="signature_unique_position",
            ),
            models.UniqueConstraint(
                fields=["declaration", "dedupe_hash"],
                condition=~models.Q(dedupe_hash=""),
                name="signature_unique_signer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(position__isnull=False),
                name="signature_published_has_position",
            ),
        ]
        indexes = [
            models.Index(fields=["declaration", "status", "position"], name="signature_list_idx"),
            # Withdrawals from the list are few: the status line's date finds a
            # declaration's latest in this small index, whatever the planner's statistics
            # say of the skew (without it SQLite scanned every signature of the list).
            models.Index(
                fields=["declaration", "withdrawn_at"],
                condition=models.Q(status="withdrawn", position__isnull=False),
                name="signature_withdrawn_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def is_organization(self) -> bool:
        return self.kind == self.Kind.ORGANIZATION


class AwaitingModeration(Signature):
    """The moderation queue in the admin: confirmed organizational signatures."""

    class Meta:
        proxy = True
        verbose_name = _("signature awaiting moderation")
        verbose_name_plural = _("moderation queue")
