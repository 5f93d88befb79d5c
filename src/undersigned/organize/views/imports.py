"""The organizer's import page: paste or upload a list → preview and correct → commit.

Works without JavaScript. The parsed rows wait in an ``ImportDraft`` while the organizer
goes through them, a few at a time: Django refuses a form with more than
DATA_UPLOAD_MAX_NUMBER_FIELDS fields, so the preview edits ``PAGE_SIZE`` rows per page,
the uncertain ones first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from undersigned.core.text.validators import whole_number
from undersigned.declarations.models import Declaration
from undersigned.imports.models import ImportDraft
from undersigned.imports.parsing import CONFIDENCE_THRESHOLD
from undersigned.imports.rows import KINDS, WEB_MAX_BYTES, ImportRow, UnreadableInput, read_upload
from undersigned.imports.services import (
    ImportDraftError,
    SignatoriesImportError,
    draft_row_split,
    draft_row_to_heading,
    draft_rows_merge,
    draft_skipped_to_row,
    flag_already_signed,
    import_source,
    match_rows,
    signatories_import,
)
from undersigned.organizations.selectors import OrganizationIndex
from undersigned.organize.access import declaration_view
from undersigned.roles.permissions import Action

# The corrections of the preview's buttons ("split:3"): the service, and what it did.
CORRECTIONS: dict[str, Callable[..., object]] = {
    "split": draft_row_split,
    "merge": draft_rows_merge,
    "heading": draft_row_to_heading,
    "entry": draft_skipped_to_row,
}
CORRECTED: dict[str, Callable[[], str]] = {
    "split": lambda: _("The row was split into several signatories."),
    "merge": lambda: _("The two rows were merged into one signatory."),
    "heading": lambda: _("The row is now a heading, not a signatory."),
    "entry": lambda: _("The line is now read as a signatory."),
}

# Rows per page of the preview: 10 fields each stays under Django's limit of 100 fields.
PAGE_SIZE = 8
EDITABLE = ("abbreviation", "name", "name_transliteration", "name_translation", "country",
            "role", "affiliation")  # fmt: skip
# The columns' names, as the table's header says them (and each cell's label).
COLUMNS: dict[str, Callable[[], str]] = {
    "abbreviation": lambda: _("Abbreviation"),
    "name": lambda: _("Name"),
    "name_transliteration": lambda: _("Transliteration"),
    "name_translation": lambda: _("English name"),
    "country": lambda: _("Country"),
    "role": lambda: _("Role"),
    "affiliation": lambda: _("Affiliation"),
}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@declaration_view(Action.MANAGE_LIST)
def start(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    """Paste text or upload a file (plain text in the seeds' style, or CSV)."""
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        pasted = request.POST.get("text", "")
        filename = ""
        if upload is not None:
            filename = (upload.name or "")[:150]
            if upload.size is not None and upload.size > WEB_MAX_BYTES:
                error = _(
                    "The file is larger than %(size)d MB: split it, or use the command "
                    "undersigned import_signatories."
                ) % {"size": WEB_MAX_BYTES // (1024 * 1024)}
                data = b""
            else:
                data = upload.read(WEB_MAX_BYTES + 1)
        else:
            data = pasted.encode("utf-8")
        if not error and not data.strip():
            error = _("Paste the list or choose a file.")
        if not error:
            try:
                read = read_upload(data, filename=filename)
            except UnreadableInput as problem:
                error = str(problem)
            else:
                match_rows(read.rows, index=OrganizationIndex())
                flag_already_signed(read.rows, declaration=declaration)
                note = request.POST.get("source", "").strip()[:200]
                assert isinstance(request.user, User)  # declaration_view
                draft = ImportDraft.objects.create(
                    declaration=declaration,
                    created_by=request.user,
                    source_name=filename,
                    source_note=note
                    or import_source(status_date=read.status_date, name=filename or "pasted text"),
                    status_line=read.status_line or "",
                    status_date=read.status_date,
                    rows=[row.to_dict() for row in read.rows],
                    skipped=[
                        {
                            "line": s.line,
                            "reason": s.reason,
                            "notes": [n.to_dict() for n in s.notes],
                            "line_number": s.line_number,
                        }
                        for s in read.skipped
                    ],
                    warnings=read.warnings,
                )
                return redirect("organize:import_preview", declaration.slug, draft.pk)
    return render(
        request,
        "organize/import_start.html",
        {"declaration": declaration, "error": error, "max_mb": WEB_MAX_BYTES // (1024 * 1024)},
        status=400 if error else 200,
    )


def _row_view(index: int, row: ImportRow) -> dict[str, Any]:
    flagged = row.uncertain_fields()
    return {
        "index": index,
        "row": row,
        "number": index + 1,
        "cells": [
            {
                "name": name,
                "label": COLUMNS[name](),
                "value": getattr(row, name),
                "uncertain": name in flagged,
            }
            for name in EDITABLE
        ],
        "kind_uncertain": "kind" in flagged,
        "match_uncertain": "match" in flagged,
        "uncertain": row.uncertain,
        # Notes with codes are translated; a draft from before them has only English.
        "notes": row.notes or row.issues,
    }


def _apply_edits(request: HttpRequest, rows: list[ImportRow]) -> int:
    """Take the corrections of the rows shown on the posted page. Returns rows changed."""
    changed = 0
    for raw in request.POST.getlist("rows"):
        index = whole_number(raw)
        if index is None or index >= len(rows):
            continue
        row = rows[index]
        before = row.to_dict()
        prefix = f"r{index}-"
        for name in EDITABLE:
            value = request.POST.get(prefix + name)
            if value is not None:
                setattr(row, name, " ".join(value.split())[:400])
        kind = request.POST.get(prefix + "kind")
        if kind in KINDS:
            row.kind = kind
        row.include = request.POST.get(prefix + "include") == "on"
        match = request.POST.get(prefix + "match")
        if match is not None and (match == "new" or whole_number(match) is not None):
            if match != row.match:
                row.decided = True
            row.match = match
        if row.to_dict() != before:
            changed += 1
            # A corrected row is as certain as the person who corrected it.
            edited = any(before[name] != getattr(row, name) for name in (*EDITABLE, "kind"))
            if edited:
                row.confidence = 1.0
                row.keep_informing_notes()
    return changed


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@declaration_view(Action.MANAGE_LIST)
def preview(request: HttpRequest, declaration: Declaration, draft_id: int) -> HttpResponse:
    draft = ImportDraft.objects.filter(pk=draft_id, declaration=declaration).first()
    if draft is None:
        raise Http404("no such import")
    rows = [ImportRow.from_dict(data) for data in draft.rows]
    show = request.GET.get("show", "uncertain")
    if request.method == "POST":
        action = request.POST.get("action", "save")
        changed = _apply_edits(request, rows)
        if action == "discard":
            draft.delete()
            messages.info(request, _("The import was discarded."))
            return redirect("organize:import_start", declaration.slug)
        if changed:
            # Names may have changed: match those rows again (choices made are kept).
            match_rows([row for row in rows if not row.decided], index=OrganizationIndex())
            flag_already_signed(rows, declaration=declaration)
            draft.rows = [row.to_dict() for row in rows]
            draft.save(update_fields=["rows"])
        verb, _colon, number = action.partition(":")
        index = whole_number(number)
        if verb in CORRECTIONS and index is not None:
            # after the page's edits were saved: a correction never loses what was typed
            try:
                CORRECTIONS[verb](draft=draft, index=index, actor=request.user)
            except ImportDraftError as problem:
                messages.error(request, str(problem))
            else:
                messages.success(request, CORRECTED[verb]())
        if action == "commit":
            try:
                report = signatories_import(
                    declaration=declaration,
                    rows=rows,
                    actor=request.user,
                    source=draft.source_note,
                    status_date=draft.status_date,
                )
            except SignatoriesImportError as problem:
                messages.error(request, str(problem))
            else:
                draft.delete()
                return render(
                    request,
                    "organize/import_done.html",
                    {"declaration": declaration, "report": report},
                )
        target = reverse("organize:import_preview", args=[declaration.slug, draft.pk])
        page_number = request.POST.get("page", "1")
        return redirect(f"{target}?show={show}&page={page_number}")

    indexed = list(enumerate(rows))
    if show != "all":
        indexed = [(i, row) for i, row in indexed if row.uncertain]
    paginator = Paginator(indexed, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    labels = {str(c["id"]): c["label"] for row in rows for c in row.candidates}
    return render(
        request,
        "organize/import_preview.html",
        {
            "declaration": declaration,
            "draft": draft,
            "page": page,
            "show": show,
            "rows": [_row_view(i, row) for i, row in page],
            "total": len(rows),
            "included": sum(1 for row in rows if row.include),
            "uncertain": sum(1 for row in rows if row.uncertain),
            "threshold": CONFIDENCE_THRESHOLD,
            "labels": labels,
            "kinds": KINDS,
        },
    )
