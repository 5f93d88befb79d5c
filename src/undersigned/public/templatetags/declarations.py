"""Template helpers for declarations in several languages."""

from __future__ import annotations

from django import template
from django.conf import settings
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
