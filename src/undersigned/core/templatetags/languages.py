"""``{% language_links as links %}``: the language switcher of base.html."""

from __future__ import annotations

from typing import Any

from django import template

from undersigned.core.web.i18n import LanguageLink, language_links

register = template.Library()


@register.simple_tag(takes_context=True, name="language_links")
def language_links_tag(context: dict[str, Any]) -> list[LanguageLink]:
    request = context.get("request")
    return language_links(request) if request is not None else []
