"""Template tags of a declaration's list.

``{% list_tools declaration as_of as_of_error snapshot %}``: export links, the as-of
form and the latest snapshot's hash, under the list. ``{% entry_items entries %}``: the
entries of a page of the list as ``<li>`` items (public/html.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.safestring import SafeString, mark_safe

from undersigned.declarations.models import Declaration
from undersigned.lists.models import Snapshot
from undersigned.lists.selectors import SinceSnapshot
from undersigned.public.html import entry_items as _entry_items
from undersigned.signatures.signatory import ListEntry

register = template.Library()


@register.inclusion_tag("lists/list_tools.html")
def list_tools(
    declaration: Declaration,
    as_of: dt.date | None = None,
    as_of_error: str = "",
    snapshot: Snapshot | None = None,
    since_snapshot: SinceSnapshot | None = None,
) -> dict[str, Any]:
    """``snapshot``: the latest snapshot (as of the date, when given), which the view
    reads with ``lists.selectors.latest_snapshot``; ``since_snapshot``: how the live
    list differs from it (``lists.selectors.list_since_snapshot``)."""
    params = {"as_of": as_of.isoformat()} if as_of else {}
    return {
        "declaration": declaration,
        "as_of": as_of,
        "as_of_error": as_of_error,
        "query": f"?{urlencode(params)}" if params else "",
        "bom_query": f"?{urlencode({**params, 'bom': '1'})}",
        "snapshot": snapshot,
        "since_snapshot": since_snapshot,
    }


@register.simple_tag
def entry_items(entries: list[ListEntry]) -> SafeString:
    """The entries as ``<li>`` items, approved organizations linked to their pages."""
    return mark_safe("".join(_entry_items(entries, link_organizations=True)))  # noqa: S308 - escaped in public/html.py
