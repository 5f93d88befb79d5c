"""Sealed contacts: a signer's follow-up answers, stored only as a sealed box.

The row says which declaration it belongs to and which key sealed it; the signature
that carries it points to it (``Signature.sealed_contact``). Its content (contact
address, phone, messenger, free text, "ready to work together", and the private name)
can be opened only with the organizers' private key, which never reaches the server.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.declarations.models import Declaration


class SealedContact(models.Model):
    # The purge finds a closed declaration's contacts with one query.
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="+")
    # Fingerprint of the public key that sealed it (keys rotate: old contacts keep theirs).
    key_id = models.CharField(max_length=16)
    ciphertext = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declaration", "created_at"]
        verbose_name = _("sealed contact")
        verbose_name_plural = _("sealed contacts")

    def __str__(self) -> str:
        return f"sealed contact #{self.pk} (key {self.key_id})"
