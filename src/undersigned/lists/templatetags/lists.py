"""``{% list_tools declaration as_of as_of_error %}``: export links, the as-of form and
the latest snapshot's hash, under a declaration's list."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import template

from undersigned.declarations.models import Declaration
from undersigned.lists.selectors import latest_snapshot

register = template.Library()


@register.inclusion_tag("lists/list_tools.html")
def list_tools(
    declaration: Declaration, as_of: dt.date | None = None, as_of_error: str = ""
) -> dict[str, Any]:
    params = {"as_of": as_of.isoformat()} if as_of else {}
    return {
        "declaration": declaration,
        "as_of": as_of,
        "as_of_error": as_of_error,
        "query": f"?{urlencode(params)}" if params else "",
        "bom_query": f"?{urlencode({**params, 'bom': '1'})}",
        "snapshot": latest_snapshot(declaration=declaration, as_of=as_of),
    }
