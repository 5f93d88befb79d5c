"""The parser's notes reach the organizer's preview in their language (#5): every note
the parser writes on the test inputs has a translation, found by its code."""

from __future__ import annotations

import pytest
from django.utils import translation

from undersigned.imports.parsing import NOTE_TYPES, Note, note, parse_signatories, render
from undersigned.imports.rows import read_upload
from undersigned.imports.tests.test_parser import all_inputs
from undersigned.organize.templatetags.imports import import_note, skipped_reason


def notes_of_every_input() -> set[Note]:
    notes: set[Note] = set()
    for path in all_inputs():
        result = parse_signatories(path.read_text(encoding="utf-8"))
        for entry in result.entries:
            notes.update(entry.notes)
        for skipped in result.skipped:
            notes.update(skipped.notes)
    return notes


def test_every_note_the_parser_writes_is_translated():
    codes = {n.code for n in notes_of_every_input()}
    assert len(codes) > 15  # the inputs really exercise the notes
    for language in ("de", "ru", "uk"):
        with translation.override(language):
            untranslated = sorted(
                code
                for code in NOTE_TYPES
                if import_note({"code": code, "params": {}}) == render(code, {})
            )
        assert not untranslated, (language, untranslated)


def test_every_code_has_its_placeholders_filled():
    for found in notes_of_every_input():
        assert "%(" not in found.text, found


@pytest.mark.parametrize(
    ("found", "german"),
    [
        (
            note("transliteration-guessed", text="Jamʿiyyat"),
            "vermutet, dass „(Jamʿiyyat)“ eine Transliteration ist",
        ),
        (
            note("numbering-jump", previous=4, number=7),
            "die Nummerierung springt von 4 auf 7: fehlt eine Zeile, oder wurde eine falsch "
            "gelesen?",
        ),
    ],
)
def test_notes_are_translated_by_their_code(found, german):
    with translation.override("de"):
        assert import_note(found.to_dict()) == german


def test_a_skipped_line_gives_every_note_translated():
    line = {
        "line": "x",
        "reason": "text after the list; …",
        "notes": [note("after-list").to_dict(), note("undecodable", mark="\ufffd").to_dict()],
    }
    with translation.override("de"):
        assert skipped_reason(line) == (
            "Text nach der Liste; die Zeile enthält nicht lesbare Bytes (als \ufffd angezeigt)"
        )


def test_text_of_a_draft_from_before_codes_is_shown_as_written():
    assert import_note("a note nobody knows") == "a note nobody knows"
    assert skipped_reason({"line": "x", "reason": "text after the list"}) == "text after the list"
    assert import_note({"code": "no-such-code", "params": {}}) == "no-such-code"


def test_unreadable_uploads_are_explained_in_the_readers_language():
    with translation.override("uk"), pytest.raises(ValueError, match="Файл порожній"):
        read_upload(b"   ", filename="list.txt")
