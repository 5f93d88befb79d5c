"""Invisible characters in public names (issue 17, point 5): refused where they mean
nothing, kept where a script or an emoji needs them, by the one validator that the
signing forms, the models and the import of lists share."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from undersigned.core.text.validators import invisible_characters, validate_plain_text
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.imports.rows import ImportRow
from undersigned.imports.services import _check as row_problem
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import organization_data, person_data, sign

# Real names and words whose spelling needs a joiner.
KEPT = [
    "علی‌رضا طاهری",  # Persian: Ali-Reza, ZWNJ between the parts
    "می‌خواهم",  # Persian verb prefix, ZWNJ
    "زهره‌سادات کاظمی",  # Persian compound given name
    "ශ්‍රීමතී පෙරේරා",  # Sinhala: "Srimathi" with ZWJ (rakaransaya)
    "කෘෂ්‍ණ",  # Sinhala, ZWJ after al-lakuna
    "കൃഷ്ണന്‍ നായര്‍",  # Malayalam: Krishnan Nair, chillu written with ZWJ
    "র‍্যাব",  # Bengali: ya-phala kept apart with ZWJ
    "क्‍षितिज",  # Hindi: Kshitij, half form with ZWJ
    "Women in Science 👩‍🔬",  # emoji ZWJ sequence
    "Coders 👨🏽‍💻 Collective",  # with a skin-tone modifier
    "Glasgow 🏴󠁧󠁢󠁳󠁣󠁴󠁿",  # the flag of Scotland: tag characters after the black flag
    "Ada Lovelace",
    "Zoë Œuvre-Ñandú",
    "Дмитрий Шостакович",
    "محمد البرادعي",
]

REFUSED = [
    ("Ada\u200bLovelace", "\u200b"),  # zero-width space
    ("Ada\u2028Lovelace", "\u2028"),  # line separator
    ("Ada\u2029Lovelace", "\u2029"),  # paragraph separator
    ("Ada\U000e0041\U000e0042", "\U000e0041"),  # tag characters hiding text
    ("Ada\u2060Lovelace", "\u2060"),  # word joiner
    ("\ufeffAda", "\ufeff"),  # byte order mark
    ("Ada\u00adLovelace", "\u00ad"),  # soft hyphen
    ("Ada\u200eLovelace", "\u200e"),  # left-to-right mark between Latin letters
    ("Ad\u200dam", "\u200d"),  # a joiner in a Latin name means nothing
    ("\u200cعلی", "\u200c"),  # nor at the start of a word
    ("\u3164", "\u3164"),  # a Hangul filler: an empty-looking name
    ("Ada\u034fLovelace", "\u034f"),  # combining grapheme joiner
]


@pytest.mark.parametrize("name", KEPT)
def test_names_that_need_joiners_keep_them(name):
    assert invisible_characters(name) == []
    validate_plain_text(name)


@pytest.mark.parametrize(("name", "char"), REFUSED)
def test_characters_that_mean_nothing_are_refused(name, char):
    assert char in invisible_characters(name)
    with pytest.raises(ValidationError) as refused:
        validate_plain_text(name)
    assert refused.value.code == "invisible"
    assert f"U+{ord(char):04X}" in refused.value.messages[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "char"), REFUSED[:4])
def test_the_signing_form_refuses_them_and_keeps_what_was_typed(client, name, char):
    declaration = DeclarationFactory()
    response = sign(client, declaration.slug, person_data(name=name, city=f"Riga{char}"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "invisible characters" in page
    assert 'value="ada@example.org"' in page  # the rest kept
    org = organization_data(name=f"Kommunistische{char} Organisation")
    assert sign(client, declaration.slug, org, organization=True).status_code == 400
    assert not Signature.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", KEPT[:9])
def test_the_signing_form_takes_names_in_those_scripts(client, name):
    declaration = DeclarationFactory()
    response = sign(client, declaration.slug, person_data(name=name))
    assert response.status_code == 302
    assert Signature.objects.get().name == name


@pytest.mark.parametrize(("name", "char"), REFUSED[:4])
def test_an_import_refuses_them_too(name, char):
    row = ImportRow(position=1, kind="individual", name=name, source_line=name)
    problem = row_problem(row)
    assert problem is not None
    assert "invisible" in problem
    assert (
        row_problem(ImportRow(position=1, kind="individual", name="علی‌رضا طاهری", source_line=""))
        is None
    )


def test_the_fast_path_lets_through_only_what_the_full_check_would():
    """``validate_plain_text`` returns at once for text that ``str.isprintable`` calls
    printable (and that holds no blank letter or U+FFFD): for every code point of
    Unicode, such a character is one the full check accepts too."""
    from undersigned.core.text.validators import BIDI_CONTROLS, BLANK_LETTERS

    refused_by_full_check = [
        f"U+{point:04X}"
        for point in range(0x110000)
        if (char := chr(point)).isprintable()
        and char != "\ufffd"
        and char not in BLANK_LETTERS
        and (
            char in BIDI_CONTROLS
            or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
            or invisible_characters(char)
        )
    ]
    assert refused_by_full_check == []
