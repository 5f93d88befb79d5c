"""Immutable, numbered versions of a text: a declaration's revisions, a forum draft's
versions. One mechanism for both (with the word diff of ``core/text/diff.py``).

A concrete model subclasses ``TextVersion`` and adds the owner it versions (a foreign
key) with a unique constraint on (owner, number). A version is never changed once
written: a change of the text is a new version (``next_number`` gives its number, under
the owner's row lock the caller holds). A version can be marked ``editorial`` — a
correction of typos that changes nothing anybody agreed to — so that what was given to
the version before it (signatures, supports) carries over; otherwise the new version
starts afresh. Whether a text is frozen (whether an edit must make a new version rather
than correct the current one) is the owner's rule: a declaration freezes at its first
confirmed signature, a draft at its first support.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from undersigned.core.text.diff import Diff, word_diff
from undersigned.core.text.markdown import render_markdown
from undersigned.core.text.validators import validate_plain_text


class TextVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), editable=False)
    title = models.CharField(_("title"), max_length=300, validators=[validate_plain_text])
    # Markdown, as written; and its sanitized HTML, rendered once when the version is made.
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False, default="")
    # A correction of typos: what was given to the previous version carries over.
    editorial = models.BooleanField(_("editorial correction"), default=False)
    # Why it changed, in a sentence (shown beside the version, kept in the audit log).
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def render(self) -> None:
        """Fill ``body_html`` from ``body`` (sanitized Markdown)."""
        self.body_html = render_markdown(self.body)

    def diff_from(self, earlier: TextVersion) -> Diff:
        """What changed since ``earlier``: the title and the text, word by word."""
        return word_diff(f"{earlier.title}\n\n{earlier.body}", f"{self.title}\n\n{self.body}")


def next_number(numbered: models.QuerySet[Any]) -> int:
    """The number the next of an owner's numbered rows gets (1 for the first): a version,
    and also a forum's draft or a draft's amendment. The caller holds the owner's row
    lock, so two writers never take the same number; the unique constraint is the last
    guard."""
    last = numbered.aggregate(last=Max("number"))["last"]
    return int(last or 0) + 1
