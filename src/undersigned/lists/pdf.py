"""The print view as a PDF, rendered by WeasyPrint without ever fetching a URL.

WeasyPrint would follow any URL in the page (a stylesheet, an image, a font) — from the
server, to wherever it points. The page it gets here has none of its own, the stylesheet
is handed over as a string, and the fetcher refuses every URL anyway, so nothing a
declaration's text contains can make the server reach out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STYLESHEET = Path(__file__).resolve().parent / "static" / "lists" / "print.css"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (pango) are missing."""


def _weasyprint() -> Any:
    # Imported on first use, not with the module: WeasyPrint needs system libraries
    # (pango) a site without PDFs may lack, and costs half a second to import.
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: libpango cannot be loaded
        raise PdfUnavailable(f"WeasyPrint cannot run here: {error}") from error
    return weasyprint


def refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: every URL fails."""
    _weasyprint()
    from weasyprint.urls import URLFetcher  # after _weasyprint(): see there

    # WeasyPrint has no type hints, and its renderer asks a fetcher for attributes of
    # its own class (``_fail_on_errors``): it has to be a subclass.
    class RefusingFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"fetching {url[:80]!r} refused: PDFs load nothing")

    return RefusingFetcher()


def render_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    fetcher = refusing_fetcher()
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    stylesheet = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    return bytes(document.write_pdf(stylesheets=[stylesheet]))
