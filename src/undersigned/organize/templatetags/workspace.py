"""``{% declaration_menu declaration %}``: the navigation of a declaration's pages."""

from __future__ import annotations

from typing import Any

from django import template

from undersigned.organize.navigation import declaration_menu as menu

register = template.Library()


@register.inclusion_tag("organize/_declaration_menu.html", takes_context=True)
def declaration_menu(context: dict[str, Any], declaration: Any) -> dict[str, Any]:
    return {"items": menu(context["request"], declaration), "declaration": declaration}
