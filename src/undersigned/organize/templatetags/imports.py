"""``{{ note|import_note }}``: a parser's note in the organizer's language (notes.py)."""

from __future__ import annotations

from django import template

from undersigned.imports.notes import translate_note

register = template.Library()


@register.filter
def import_note(note: object) -> str:
    return translate_note(str(note))
