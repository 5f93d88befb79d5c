"""Public views of a declaration's list: exports, print view and PDF, history, changes,
snapshots and their verification; and the organizer's page to publish a snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from undersigned.core.moments import latest
from undersigned.core.web.caching import public_cache
from undersigned.core.web.http import form_referrer_policy
from undersigned.declarations.models import Declaration
from undersigned.lists import exports
from undersigned.lists.exports import strip_text_heading
from undersigned.lists.models import Snapshot
from undersigned.lists.pdf import PdfUnavailable, render_pdf
from undersigned.lists.selectors import (
    InvalidDate,
    export_header,
    latest_snapshot,
    list_changes,
    list_entries,
    list_entry,
    list_status_line,
    list_text,
    parse_as_of,
    parse_date,
    snapshot_by_number,
    snapshots_of,
)
from undersigned.lists.snapshots import (
    ListDifference,
    Verification,
    document_of,
    list_difference,
    verify_copy,
)
from undersigned.lists.validators import (
    declaration_etag,
    declaration_last_modified,
    public_declaration_or_404,
)
from undersigned.public.html import entry_items
from undersigned.signatures.signatory import ListEntry

# The most a pasted or uploaded file to verify may weigh (a snapshot of a very long list
# is big, but verification of such belongs on the command line).
VERIFY_MAX_BYTES = 5 * 1024 * 1024
# The PDF lists at most this many entries; the print view (and the browser's "Save as
# PDF") has them all.
PDF_MAX_ENTRIES = 3000


def _snapshot_state(slug: str) -> tuple[int, dt.datetime | None]:
    latest = Snapshot.objects.filter(declaration__slug=slug).order_by("-number").first()
    return (latest.number, latest.created_at) if latest else (0, None)


def list_etag(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> str | None:
    """The declaration page's ETag, plus the latest snapshot: the exports show its hash."""
    etag = declaration_etag(request, slug)
    if etag is None:
        return None
    return f"{etag}-s{_snapshot_state(slug)[0]}"


def list_last_modified(
    request: HttpRequest, slug: str, *args: Any, **kwargs: Any
) -> dt.datetime | None:
    modified = declaration_last_modified(request, slug)
    snapshot_at = _snapshot_state(slug)[1]
    return latest(modified, snapshot_at)


def _bad_date(error: InvalidDate) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(f"{error}\n", content_type="text/plain; charset=utf-8")


@require_safe
@public_cache(etag_func=list_etag, last_modified_func=list_last_modified)
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    """``/declarations/<slug>/signatories.<fmt>``: the list, streamed (docs/exports.md)."""
    declaration = public_declaration_or_404(request, slug)
    if fmt not in exports.FORMATS:
        raise Http404("no such format")
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except InvalidDate as error:
        return _bad_date(error)
    bom = request.GET.get("bom", "") in {"1", "true", "yes"}
    # The declaration's own language: an export reads the same for every visitor.
    with translation.override(declaration.language):
        header = export_header(declaration=declaration, as_of=as_of)
    chunks = _in_language(
        declaration.language,
        exports.render(fmt, header, list_entries(declaration=declaration, as_of=as_of), bom=bom),
    )
    response = StreamingHttpResponse(chunks, content_type=exports.CONTENT_TYPES[fmt])
    suffix = f"-{as_of.isoformat()}" if as_of else ""
    disposition = "attachment" if fmt == "csv" else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{declaration.slug}-signatories{suffix}.{fmt}"'
    )
    response["X-Signatory-Count"] = str(header.count)
    if header.snapshot is not None:
        response["X-Snapshot-SHA256"] = header.snapshot.sha256
        response["X-Snapshot-Date"] = header.snapshot.status_date.isoformat()
    return response


def _in_language(language: str, chunks: Iterator[str]) -> Iterator[str]:
    """Render each chunk with ``language`` active: a streamed body is produced after the
    view has returned, outside any ``translation.override`` the view held."""
    iterator = iter(chunks)
    while True:
        with translation.override(language):
            chunk = next(iterator, None)
        if chunk is None:
            return
        yield chunk


def _entries_html(entries: Iterator[Any]) -> Iterator[str]:
    return exports.chunked(entry_items(entries, link_organizations=False))


MARKER = "<!--entries-->"


def _print_parts(
    request: HttpRequest, declaration: Declaration, as_of: dt.date | None, *, pdf: bool
) -> tuple[str, str, Any]:
    header = export_header(declaration=declaration, as_of=as_of)
    page = render_to_string(
        "lists/print.html",
        {
            "declaration": declaration,
            "header": header,
            # The page's one date format, as on the declaration's page.
            "status_line": list_status_line(
                declaration=declaration, as_of=as_of, day_format="DATE_FORMAT"
            ),
            "as_of": as_of,
            "pdf": pdf,
            "marker": MARKER,
        },
        request=request,
    )
    head, _marker, foot = page.partition(MARKER)
    return head, foot, header


@require_safe
@public_cache(etag_func=list_etag, last_modified_func=list_last_modified)
def print_view(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The declaration with its whole list, for the printer (a print stylesheet)."""
    declaration = public_declaration_or_404(request, slug)
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except InvalidDate as error:
        return _bad_date(error)
    head, foot, _header = _print_parts(request, declaration, as_of, pdf=False)

    def body() -> Iterator[str]:
        yield head
        yield from _entries_html(list_entries(declaration=declaration, as_of=as_of))
        yield foot

    return StreamingHttpResponse(body(), content_type="text/html; charset=utf-8")


@require_safe
@public_cache(etag_func=list_etag, last_modified_func=list_last_modified)
def print_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The print view as a PDF (WeasyPrint), with at most PDF_MAX_ENTRIES entries."""
    declaration = public_declaration_or_404(request, slug)
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except InvalidDate as error:
        return _bad_date(error)
    # A file, the same for every reader: in the declaration's language, like the exports.
    with translation.override(declaration.language):
        head, foot, header = _print_parts(request, declaration, as_of, pdf=True)
        entries: list[ListEntry] = []
        for entry in list_entries(declaration=declaration, as_of=as_of):
            if len(entries) >= PDF_MAX_ENTRIES:
                break
            entries.append(entry)
        more = ""
        if header.count > len(entries):
            more = (
                '<p class="more">'
                + escape(
                    _("… %(count)s more: the whole list is at %(url)s")
                    % {"count": header.count - len(entries), "url": header.url}
                )
                + "</p>"
            )
    html = head + "".join(_entries_html(iter(entries))) + foot.replace("<!--more-->", more, 1)
    try:
        pdf = render_pdf(html)
    except PdfUnavailable:
        return HttpResponse(
            "PDFs cannot be made on this server (WeasyPrint's libraries are missing); "
            "use the print view and your browser's Save as PDF.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = f"-{as_of.isoformat()}" if as_of else ""
    response["Content-Disposition"] = f'inline; filename="{declaration.slug}{suffix}.pdf"'
    return response


@require_safe
def changes(request: HttpRequest, slug: str) -> HttpResponse:
    """What changed in the list between two dates: ``?from=YYYY-MM-DD&to=YYYY-MM-DD``."""
    declaration = public_declaration_or_404(request, slug)
    today = timezone.localdate()
    error = ""
    latest = latest_snapshot(declaration=declaration)
    # A useful range to open on: since the latest snapshot, else the last seven days.
    default_since = latest.status_date if latest is not None else today - dt.timedelta(days=7)
    try:
        since = (
            parse_date(request.GET["from"], name="from")
            if request.GET.get("from")
            else default_since
        )
        until = parse_date(request.GET["to"], name="to") if request.GET.get("to") else today
        if since > until:
            raise InvalidDate(_("“from” must not be later than “to”."))
    except InvalidDate as problem:
        error = str(problem)
        since, until = default_since, today
    found = list_changes(declaration=declaration, since=since, until=until)
    limit = settings.SIGNATORY_PAGE_SIZE
    added = [list_entry(row) for row in found.added[:limit]]
    withdrawn = [row["position"] for row in found.withdrawn[:limit]]
    added_count, withdrawn_count = found.added.count(), found.withdrawn.count()
    return render(
        request,
        "lists/changes.html",
        {
            "declaration": declaration,
            "since": since,
            "until": until,
            "error": error,
            "added": added,
            "added_count": added_count,
            "added_more": added_count > limit,
            "withdrawn": withdrawn,
            "withdrawn_count": withdrawn_count,
            "withdrawn_more": withdrawn_count > limit,
            "default_range": not request.GET.get("from") or bool(error),
            "latest": latest,
        },
        status=400 if error else 200,
    )


# Its verification form POSTs with a CSRF token: under the site's no-referrer policy
# Chromium would send "Origin: null", which the CSRF check refuses (core/web/http.py).
@form_referrer_policy
@require_http_methods(["GET", "HEAD", "POST"])
def snapshots(request: HttpRequest, slug: str) -> HttpResponse:
    """The published snapshots with their hashes, and a form to verify a file against them."""
    declaration = public_declaration_or_404(request, slug)
    result, live = None, None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        pasted = request.POST.get("text", "")
        data = b""
        if upload is not None and upload.size is not None and upload.size > VERIFY_MAX_BYTES:
            error = "The file is too large to check here; use undersigned snapshot verify."
        elif upload is not None:
            data = upload.read(VERIFY_MAX_BYTES + 1)
        elif pasted.strip():
            # A browser sends CRLF line ends from a text area; exports use LF.
            data = pasted.replace("\r\n", "\n").encode("utf-8")
        else:
            error = "Upload a snapshot file or paste its text."
        if not error:
            result, live = _verify(declaration, data)
    return render(
        request,
        "lists/snapshots.html",
        {
            "declaration": declaration,
            "snapshots": snapshots_of(declaration=declaration),
            "result": result,
            "live": live,
            "error": error,
        },
        status=400 if error else 200,
    )


@dataclass(frozen=True, kw_only=True)
class LiveCopy:
    """A copy that is no snapshot but the live list as it stands now, and how it
    differs from the latest snapshot."""

    entries: int
    snapshot: Snapshot | None
    difference: ListDifference | None


def _verify(declaration: Declaration, data: bytes) -> tuple[Verification, LiveCopy | None]:
    """Which snapshot ``data`` is; failing that, whether it is a copy of today's export
    (which is no tampering: the list has moved on since the latest snapshot)."""
    snapshots = list(snapshots_of(declaration=declaration))
    result = verify_copy(
        snapshots,
        data,
        load_text=lambda snapshot: (
            snapshot_by_number(declaration=declaration, number=snapshot.number).text
        ),
    )
    if result.matched is not None:
        return result, None
    try:
        text = strip_text_heading(data.decode("utf-8"))
    except UnicodeDecodeError:
        return result, None
    live_text = list_text(declaration=declaration)
    if text != live_text:
        return result, None
    latest = snapshots[-1] if snapshots else None
    difference = None
    if latest is not None:
        stored = snapshot_by_number(declaration=declaration, number=latest.number).text
        difference = list_difference(stored, live_text)
    entries = sum(1 for line in live_text.split("\n")[1:] if line)
    return result, LiveCopy(entries=entries, snapshot=latest, difference=difference)


@require_safe
def snapshot_document(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One snapshot as the exact document its SHA-256 is computed over."""
    declaration = public_declaration_or_404(request, slug)
    try:
        snapshot = snapshot_by_number(declaration=declaration, number=number)
    except Snapshot.DoesNotExist:
        raise Http404("no such snapshot") from None
    response = HttpResponse(
        document_of(snapshot).encode("utf-8"), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'inline; filename="{declaration.slug}-snapshot-{snapshot.number}.txt"'
    )
    response["X-Snapshot-SHA256"] = snapshot.sha256
    return response
