"""Reads of signatures: the public list, counts and the status line."""

from __future__ import annotations

import copy
import time
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from undersigned.counters import selectors as counters
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


def signature_count(*, declaration: Declaration) -> int:
    """The count the page shows: the counter the batched job keeps (counters app), plus
    what was published since it last ran; a withdrawal shows within seconds."""
    return counters.published_count(declaration=declaration)


def declarations_with_counts(queryset: QuerySet[Declaration]) -> QuerySet[Declaration]:
    """Annotates ``signature_count`` from the counters (seconds old at most)."""
    return counters.with_counts(queryset)


def list_changed_at(*, declaration: Declaration) -> datetime | None:
    """When the public list last changed: the latest publication or withdrawal. Exact;
    with a counter it reads only what changed since the counter job last ran."""
    return counters.list_changed_at(declaration=declaration)


def status_date(day: date) -> str:
    """A day as the status line writes it in the active language: the format module's
    ``STATUS_DATE_FORMAT`` (undersigned/formats/), else the published lists' own
    ``06.01.2025`` (a language without our catalogues reads the English wording)."""
    fmt = formats.get_format("STATUS_DATE_FORMAT")
    if fmt == "STATUS_DATE_FORMAT":  # no module of ours for this language
        fmt = "d.m.Y"
    return formats.date_format(day, fmt)


def status_line_text(*, day: date | None, signing_open: bool) -> str:
    """``Status of the signatories 06.01.2025. Further signing possible.``, in the active
    language; the one wording of the page, the exports and the snapshots."""
    parts = []
    if day is not None:
        parts.append(_("Status of the signatories %(date)s.") % {"date": status_date(day)})
    parts.append(_("Further signing possible.") if signing_open else _("Signing is closed."))
    return " ".join(parts)


def status_line(*, declaration: Declaration) -> str:
    """``Status of the signatories 06.01.2025. Further signing possible.``, translated."""
    changed = list_changed_at(declaration=declaration) or declaration.opened_at
    return status_line_text(
        day=timezone.localtime(changed).date() if changed is not None else None,
        signing_open=declaration.status == Declaration.Status.OPEN,
    )
