"""The parser's notes in the organizer's language: ``{{ note|import_note }}``.

A note is a code with parameters (``parsing/notes.py``); its English message is the
catalogues' msgid, so Django's ``gettext`` translates it here, in the active language.
A draft written before notes had codes holds English text only, shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.translation import gettext

from undersigned.imports.parsing import render

register = template.Library()


@register.filter
def import_note(value: object) -> str:
    """One note ({"code", "params"}) translated; a plain text as it is."""
    if isinstance(value, Mapping):
        params = value.get("params")
        return render(
            str(value.get("code", "")), params if isinstance(params, Mapping) else {}, gettext
        )
    return str(value)


@register.filter
def skipped_reason(line: object) -> str:
    """Why a line was skipped ({"line", "reason", "notes"}), translated."""
    if not isinstance(line, Mapping):
        return str(line)
    notes = line.get("notes")
    if isinstance(notes, list) and notes:
        return "; ".join(import_note(n) for n in notes)
    return str(line.get("reason", ""))
