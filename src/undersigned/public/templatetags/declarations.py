"""Template helpers for declarations in several languages."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language

from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import declaration_title

register = template.Library()


@register.filter
def localized_title(declaration: Declaration) -> str:
    """The declaration's title in the reader's language when a translation gives one."""
    return declaration_title(declaration=declaration, language=get_language() or "")


@register.filter
def absolute(path: str) -> str:
    """A path of this site as a full address, from ``SITE_URL``."""
    return f"{settings.SITE_URL}{path}"


@register.filter
def grouped(value: int | None) -> str:
    """A count with the language's thousands separator: "1,204", "1.204", "1 204"."""
    return formats.number_format(value or 0, force_grouping=True)


@register.filter
def percent_of(value: int | None, goal: int | None) -> int:
    """How far ``value`` is towards ``goal``, in whole percent, at most 100."""
    if not goal:
        return 0
    return min(100, int((value or 0) * 100 / goal))
