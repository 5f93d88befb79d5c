"""An import being previewed in the browser: the parsed rows, until committed or dropped.

The rows of a published list are public already (names as the list printed them); the
draft keeps nothing else, and is deleted when it is committed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from undersigned.declarations.models import Declaration


class ImportDraft(models.Model):
    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="import_drafts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source_name = models.CharField(max_length=200, blank=True)
    source_note = models.CharField(max_length=200, blank=True)
    status_line = models.TextField(blank=True)
    status_date = models.DateField(null=True, blank=True)
    # [ImportRow.to_dict(), …] and [{"line", "reason", "line_number"}, …]
    rows = models.JSONField(default=list)
    skipped = models.JSONField(default=list)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import #{self.pk} into {self.declaration_id}"
