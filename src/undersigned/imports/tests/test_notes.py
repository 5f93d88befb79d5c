"""The parser's notes reach the organizer's preview in their language (#5): every note
the parser writes on the test inputs has a translation."""

from __future__ import annotations

import pytest
from django.utils import translation

from undersigned.imports.notes import translate_note
from undersigned.imports.parser import parse_signatories
from undersigned.imports.rows import read_upload
from undersigned.imports.tests.test_parser import all_inputs


def notes_of_every_input() -> set[str]:
    notes: set[str] = set()
    for path in all_inputs():
        if not path.exists():
            continue
        result = parse_signatories(path.read_text(encoding="utf-8"))
        notes.update(issue for entry in result.entries for issue in entry.issues)
        notes.update(skipped.reason for skipped in result.skipped)
    return notes


def test_every_note_the_parser_writes_is_translated():
    notes = notes_of_every_input()
    assert len(notes) > 15  # the inputs really exercise the notes
    for language in ("de", "ru", "uk"):
        with translation.override(language):
            untranslated = sorted(note for note in notes if translate_note(note) == note)
        assert not untranslated, (language, untranslated)


@pytest.mark.parametrize(
    ("note", "german"),
    [
        (
            "guessed that '(Jamʿiyyat)' is a transliteration",
            "vermutet, dass „(Jamʿiyyat)“ eine Transliteration ist",
        ),
        (
            "numbering jumps from 4 to 7: check for a missing or misread line",
            "die Nummerierung springt von 4 auf 7: fehlt eine Zeile, oder wurde eine falsch "
            "gelesen?",
        ),
        (
            "text after the list (the line contains undecodable bytes, shown as \ufffd)",
            "Text nach der Liste (die Zeile enthält nicht lesbare Bytes, als \ufffd angezeigt)",
        ),
        ("a note nobody knows", "a note nobody knows"),
    ],
)
def test_notes_are_translated_by_their_shape(note, german):
    with translation.override("de"):
        assert translate_note(note) == german


def test_unreadable_uploads_are_explained_in_the_readers_language():
    with translation.override("uk"), pytest.raises(ValueError, match="Файл порожній"):
        read_upload(b"   ", filename="list.txt")
