"""What other sites embed: the count badge (SVG, and JSON for shields.io), the widget
for an ``<iframe>``, and the page that hands out the snippets (#14, docs/embedding.md).

The badge and the widget are cached like the declaration's page (the same validators,
the page cache), so a site embedding them costs what a reader of the page costs. Only
the widget may be framed by other sites (``embeddable``); every other page keeps
``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_safe

from undersigned.core.web.caching import digest, public_cache
from undersigned.core.web.security import embeddable
from undersigned.counters.selectors import published_count
from undersigned.declarations.selectors import declaration_text, declaration_url
from undersigned.lists.exports import FORMATS
from undersigned.lists.selectors import list_entry, list_signatures
from undersigned.lists.validators import (
    declaration_etag,
    declaration_last_modified,
    public_declaration_or_404,
)

# Badge styles (docs/embedding.md): colours with a contrast of at least 4.5 to white.
STYLES = {
    "flat": {"height": 20, "font": 11, "radius": 3},
    "square": {"height": 20, "font": 11, "radius": 0},
    "large": {"height": 28, "font": 14, "radius": 4},
}
LABEL_FILL = "#3d3d3d"
COUNT_FILL = "#1e6b3f"
# How many of the latest signatories the widget lists.
WIDGET_ENTRIES = 5


def _badge_language(request: HttpRequest) -> str:
    """``?lang=`` when the site speaks it, else the reader's (Accept-Language)."""
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        return asked
    return get_language() or settings.LANGUAGE_CODE


def _style(request: HttpRequest) -> str:
    style = request.GET.get("style", "flat")
    return style if style in STYLES else "flat"


def badge_etag(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> str | None:
    etag = declaration_etag(request, slug)
    if etag is None:
        return None
    return digest(etag, _badge_language(request), _style(request), request.path)


def _label(count: int) -> tuple[str, str]:
    label = ngettext("signature", "signatures", count)
    return label, formats.number_format(count, force_grouping=True)


def _width(text: str, font: int) -> float:
    # An estimate of the text's width in a sans-serif font (SVG has no layout); the
    # text is then drawn at exactly this width (textLength), so it always fits.
    wide = sum(1 for char in text if char.isupper() or char in "mwMW")
    return round((len(text) * 0.58 + wide * 0.12) * font + font, 1)


def badge(count: int, *, style: str) -> str:
    """The badge's SVG: ``[signatures | 1,234]``, an image with its text as title."""
    spec = STYLES[style]
    height, font, radius = spec["height"], spec["font"], spec["radius"]
    label, number = _label(count)
    left, right = _width(label, font), _width(number, font)
    width = round(left + right, 1)
    title = f"{number} {label}"
    baseline = round(height / 2 + font * 0.35, 1)
    texts = "".join(
        f'<text x="{x}" y="{baseline}" textLength="{length}" lengthAdjust="spacingAndGlyphs"'
        f' fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="{font}"'
        f' text-anchor="middle">{escape(text)}</text>'
        for x, length, text in (
            (round(left / 2, 1), round(left - font, 1), label),
            (round(left + right / 2, 1), round(right - font, 1), number),
        )
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<clipPath id="r"><rect width="{width}" height="{height}" rx="{radius}"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="{height}" fill="{LABEL_FILL}"/>'
        f'<rect x="{left}" width="{right}" height="{height}" fill="{COUNT_FILL}"/></g>'
        f"{texts}</svg>"
    )


@require_safe
@public_cache(etag_func=badge_etag, last_modified_func=declaration_last_modified, page_cache=True)
def badge_svg(request: HttpRequest, slug: str) -> HttpResponse:
    declaration = public_declaration_or_404(request, slug)
    with translation.override(_badge_language(request)):
        svg = badge(published_count(declaration=declaration), style=_style(request))
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_safe
@public_cache(etag_func=badge_etag, last_modified_func=declaration_last_modified, page_cache=True)
def badge_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The count in shields.io's "endpoint" format (schemaVersion 1)."""
    declaration = public_declaration_or_404(request, slug)
    with translation.override(_badge_language(request)):
        label, number = _label(published_count(declaration=declaration))
    body = {"schemaVersion": 1, "label": label, "message": number, "color": COUNT_FILL[1:]}
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@embeddable
@public_cache(
    etag_func=declaration_etag, last_modified_func=declaration_last_modified, page_cache=True
)
def widget(request: HttpRequest, slug: str) -> HttpResponse:
    """A small page for other sites' frames: title, count, the latest signatories and a
    link that opens the declaration in a new tab. No script; nothing from elsewhere."""
    declaration = public_declaration_or_404(request, slug)
    language = get_language() or ""
    page_url = declaration_url(declaration=declaration, language=language)
    latest = list_signatures(declaration=declaration).order_by("-position")[:WIDGET_ENTRIES]
    return render(
        request,
        "opendata/widget.html",
        {
            "declaration": declaration,
            "text": declaration_text(declaration=declaration, language=language),
            "count": published_count(declaration=declaration),
            "entries": [list_entry(row) for row in latest],
            "page_url": settings.SITE_URL + page_url,
            "sign_url": settings.SITE_URL
            + reverse(
                "signatures:sign_person"
                if declaration.allow_individuals
                else "signatures:sign_organization",
                args=[declaration.slug],
            ),
        },
    )


@require_safe
@public_cache(etag_func=declaration_etag, last_modified_func=declaration_last_modified)
def share(request: HttpRequest, slug: str) -> HttpResponse:
    """Copy-ready snippets for the link, the badge, the widget, the feeds and the API,
    with a preview of the badge and the widget."""
    declaration = public_declaration_or_404(request, slug)
    language = get_language() or ""
    site = settings.SITE_URL
    page_url = site + declaration_url(declaration=declaration, language=language)
    badge_url = site + reverse("opendata:badge_svg", args=[slug]) + f"?lang={language}"
    widget_url = site + reverse("opendata:widget", args=[slug])
    text = declaration_text(declaration=declaration, language=language)
    return render(
        request,
        "opendata/share.html",
        {
            "declaration": declaration,
            "text": text,
            "page_url": page_url,
            "badge_url": badge_url,
            "badge_path": reverse("opendata:badge_svg", args=[slug]) + f"?lang={language}",
            "badge_json_url": site + reverse("opendata:badge_json", args=[slug]),
            "widget_url": widget_url,
            "widget_path": reverse("opendata:widget", args=[slug]),
            "feed_url": site + reverse("opendata:signatories_feed", args=[slug]),
            "declarations_feed_url": site + reverse("opendata:language_feed"),
            "api_url": site + reverse("api-v1:declaration", args=[slug]),
            "exports": [(fmt, site + reverse("lists:export", args=[slug, fmt])) for fmt in FORMATS],
            "styles": list(STYLES),
        },
    )
