"""The catalogues of the interface (#5): complete, not fuzzy, compiled, and in step with
the code.

Fails when a message of German, Russian or Ukrainian is untranslated or fuzzy, when a
translation drops or renames a placeholder, when a compiled ``.mo`` differs from its
``.po``, and when a template or Python string marked for translation is missing from the
catalogues (run the commands of docs/i18n.md to update them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from undersigned.testing import skip_or_fail

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/undersigned
LOCALE_DIR = PACKAGE_DIR / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")
# The command of docs/i18n.md, minus the languages and the output directory.
MAKEMESSAGES_OPTIONS = [
    "--ignore=*/tests/*",
    "--ignore=*/migrations/*",
    "--ignore=locale/*",
    "--no-location",
    "--no-obsolete",
]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def test_the_four_languages_are_the_site_languages():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "de", "ru", "uk"]
    for language in TRANSLATED:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").exists(), language


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 300  # the whole interface, not a stub
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    obsolete = [entry.msgid for entry in po.obsolete_entries()]
    assert not untranslated, f"{language}: untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:10]}"
    assert not obsolete, f"{language}: obsolete entries left: {obsolete[:10]}"
    assert not po.metadata_is_fuzzy, f"{language}: the header is marked fuzzy"
    assert po.metadata.get("Language") == language


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for entry in catalogue(language):
        if entry.msgid_plural:
            wanted = set(PLACEHOLDER.findall(entry.msgid_plural))
            forms = list(entry.msgstr_plural.values())
            # Russian and Ukrainian have four forms (one, few, many, other).
            expected_forms = 2 if language == "de" else 4
            if len(forms) != expected_forms:
                wrong.append((entry.msgid, f"{len(forms)} plural forms"))
            wrong += [
                (entry.msgid, form) for form in forms if set(PLACEHOLDER.findall(form)) != wanted
            ]
        elif sorted(PLACEHOLDER.findall(entry.msgstr)) != sorted(PLACEHOLDER.findall(entry.msgid)):
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong, f"{language}: placeholders differ: {wrong[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_current_one(language):
    """The .mo files are committed (a fresh clone needs no gettext tools to run)."""
    po = catalogue(language)
    mo_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages (docs/i18n.md)"
    mo = polib.mofile(str(mo_path))

    def messages(entries):
        return {
            key(entry): (entry.msgstr, tuple(sorted((entry.msgstr_plural or {}).items())))
            for entry in entries
            if entry.msgid
        }

    assert messages(mo) == messages(e for e in po if e.translated() and not e.obsolete), (
        f"{mo_path} differs from its .po: run compilemessages (docs/i18n.md)"
    )


def test_the_catalogues_hold_every_marked_string(tmp_path):
    """makemessages over the code, into a scratch copy: what it finds must already be in
    the committed catalogues, and nothing they hold may be gone from the code."""
    if shutil.which("xgettext") is None:
        skip_or_fail("xgettext is not installed (apt-get install gettext)")
    scratch = tmp_path / "undersigned"
    shutil.copytree(
        PACKAGE_DIR,
        scratch,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc"),
    )
    languages = [f"--locale={language}" for language in TRANSLATED]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            *languages,
            *MAKEMESSAGES_OPTIONS,
            "--settings=undersigned.test_settings",
        ],
        cwd=scratch,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(PACKAGE_DIR.parent)},
    )
    assert result.returncode == 0, result.stderr
    for language in TRANSLATED:
        committed = {key(entry) for entry in catalogue(language) if not entry.obsolete}
        fresh_po = polib.pofile(str(scratch / "locale" / language / "LC_MESSAGES" / "django.po"))
        fresh = {key(entry) for entry in fresh_po if not entry.obsolete}
        new = sorted(fresh - committed)
        gone = sorted(committed - fresh)
        assert not new, f"{language}: strings missing from the catalogue: {new[:10]}"
        assert not gone, f"{language}: strings no longer in the code: {gone[:10]}"
