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


class DailyCount(models.Model):
    """One day of a declaration's list, kept by the counter job as it folds (#14): the
    entries that joined the list that day and those that left it (withdrawals).

    The stats page and the API read the series from these rows, never from the
    signatures table. A day on which nothing happened has no row.
    """

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="daily_counts"
    )
    # In the site's time zone (TIME_ZONE), as the status line dates the list.
    day = models.DateField()
    # Given a position that day (published), whether or not withdrawn since.
    signed = models.PositiveIntegerField(default=0)
    # Left the list that day.
    withdrawn = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["declaration", "day"]
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "day"], name="daily_count_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.day}: +{self.signed} −{self.withdrawn}"


class CountryCount(models.Model):
    """How many of a block of a declaration's list are from one country (#14).

    Kept per block of ``COUNTRY_BLOCK`` positions (counters/services.py) because a
    withdrawal erases the signer's country: the job then counts the one block it fell
    in afresh (an index range of ten thousand rows at most) instead of the whole list.
    The country is the one the public list shows: a person listed "counted, not named"
    is counted under none (``""``), as is anyone who gave none.
    """

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="country_counts"
    )
    # Positions block·COUNTRY_BLOCK+1 … (block+1)·COUNTRY_BLOCK.
    block = models.PositiveIntegerField()
    # ISO 3166 code, or "" where the list shows no country.
    country = models.CharField(max_length=2, blank=True)
    signatories = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["declaration", "block", "country"]
        verbose_name = _("country count")
        verbose_name_plural = _("country counts")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "block", "country"], name="country_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} [{self.block}] {self.country or '-'}: {self.signatories}"
