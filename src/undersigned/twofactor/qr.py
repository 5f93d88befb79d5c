"""The authenticator's key as a QR code, drawn on the server as inline SVG: no script, no
image from elsewhere, nothing the Content-Security-Policy has to allow."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, title: str) -> SafeString:
    """``data`` as an SVG element (dark on light, so it scans in a dark theme too)."""
    svg = segno.make(data, error="m").svg_inline(
        scale=4, omitsize=True, dark="#000", light="#fff", title=title, svgclass="qr"
    )
    # segno escapes the title; what it draws is paths only.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
