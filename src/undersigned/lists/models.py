"""Published snapshots: the list as organizers published it on a date, frozen and chained.

Each snapshot keeps the exact text export of the list at that moment and the SHA-256 of
a canonical document made of the previous snapshot's hash, the declaration, the date and
that text (``snapshots.snapshot_document``). Changing a stored snapshot afterwards breaks
its own hash and every later snapshot's link to it; ``undersigned snapshot verify`` and
the snapshots page say which.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.declarations.models import Declaration


class Snapshot(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="snapshots")
    # 1, 2, 3 … per declaration, in publishing order.
    number = models.PositiveIntegerField()
    # The slug as it was hashed: renaming the declaration later does not break the chain.
    declaration_slug = models.SlugField(max_length=100)
    status_date = models.DateField(_("status date"))
    # The text export (status line and numbered lines) exactly as published.
    text = models.TextField()
    entry_count = models.PositiveIntegerField(default=0)
    previous_sha256 = models.CharField(max_length=64, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["declaration", "number"]
        verbose_name = _("published snapshot")
        verbose_name_plural = _("published snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "number"], name="snapshot_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_slug} #{self.number} ({self.status_date:%Y-%m-%d})"
