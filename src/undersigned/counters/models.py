"""Counts of a declaration's list, kept by one batched job instead of by every signature.

Signing never updates the declaration's row, nor any other shared row: a surge of
signatures would queue on it (the UK Parliament's petitions site went down that way in
2019). ``counters_fold`` folds what was published since its last run into these rows,
every few seconds, one run at a time.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.core.moments import latest
from undersigned.declarations.models import Declaration


class DeclarationCounter(models.Model):
    declaration = models.OneToOneField(
        Declaration, primary_key=True, on_delete=models.CASCADE, related_name="counter"
    )
    # Published signatures (what the page shows as the count).
    published = models.PositiveIntegerField(default=0)
    # Signatures that ever got a position (published or since withdrawn), and the highest
    # position folded in. Positions are gapless, so while these two are equal only
    # positions above ``through_position`` can be new.
    positioned = models.PositiveIntegerField(default=0)
    through_position = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    # The latest publication among positions up to ``through_position`` (publication
    # times never change afterwards), and the latest withdrawal.
    last_published_at = models.DateTimeField(null=True, blank=True)
    last_withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Moves only when the fold changed something: what caching headers key on.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("declaration counter")
        verbose_name_plural = _("declaration counters")

    def __str__(self) -> str:
        return f"{self.declaration_id}: {self.published}"

    @property
    def gapless(self) -> bool:
        return self.positioned == self.through_position

    @property
    def list_changed_at(self) -> datetime | None:
        """When the folded part of the list last changed (publication or withdrawal)."""
        return latest(self.last_published_at, self.last_withdrawn_at)
