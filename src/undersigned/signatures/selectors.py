"""Reads of signatures: the public list, counts and the status line."""

from __future__ import annotations

import copy
import time
from typing import Any

from django.db.models import QuerySet

from undersigned.declarations.models import Declaration
from undersigned.signatures.models import Signature

# The declaration's row as the signing pages read it, kept per process this long: in a
# surge every form and every POST would read the same row again, and that read cost
# as much as the signature's own insert. Saving a declaration forgets the copies of
# this process at once (``forget_signing_declarations``); other processes see the
# change within this time. A declaration closed meanwhile may still take a signature
# for that second, but never list it: confirming re-reads the status under lock.
SIGNING_ROW_SECONDS = 1.0
_SIGNING_ROWS_MAX = 256
_signing_rows: dict[str, tuple[float, Declaration]] = {}


def signing_declaration(*, slug: str) -> Declaration | None:
    """The declaration ``slug`` unless it is a draft (None), for the signing pages."""
    now = time.monotonic()
    cached = _signing_rows.get(slug)
    if cached is None or cached[0] <= now:
        row = Declaration.objects.exclude(status=Declaration.Status.DRAFT).filter(slug=slug).first()
        if row is None:  # not kept: made-up slugs must not fill the memory
            return None
        if len(_signing_rows) >= _SIGNING_ROWS_MAX:
            _signing_rows.clear()
        cached = _signing_rows[slug] = (now + SIGNING_ROW_SECONDS, row)
    # A copy: each request may change its own (threads share the kept one).
    return copy.copy(cached[1])


def forget_signing_declarations(**kwargs: Any) -> None:
    """Connected to Declaration's post_save and post_delete (signatures/apps.py)."""
    _signing_rows.clear()


def signatory_list(*, declaration: Declaration) -> QuerySet[Signature]:
    """Published signatures in signing order, ready to render."""
    return (
        Signature.objects.published()
        .filter(declaration=declaration)
        .select_related("organization")
        .only(
            "kind",
            "position",
            "show_name",
            "name",
            "role",
            "affiliation",
            "city",
            "country",
            "org_abbreviation",
            "org_name",
            "org_name_transliteration",
            "org_name_translation",
            "org_country",
            "organization__abbreviation",
            "organization__name",
            "organization__name_transliteration",
            "organization__name_translation",
            "organization__country",
            "organization__country_as_written",
        )
        .order_by("position")
    )
