"""Names in every script and localized details (#5): transliteration suggestions,
dir="auto", the status line's date, and country names in the reader's language."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from undersigned.core.text.transliteration import is_latin, transliteration_suggestion
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.lists.selectors import list_entry, list_signatures, list_status_line
from undersigned.lists.status import status_line, status_line_text
from undersigned.organizations.tests.factories import OrganizationFactory
from undersigned.public.forms import OrganizationSignForm, PersonSignForm
from undersigned.signatures.services import PersonSubmission, signature_add_published
from undersigned.signatures.tests.helpers import organization_data, sign

# --- Transliteration ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Народный водный комитет", "Narodnyy vodnyy komitet"),
        # Ukrainian letters: Ukraine's official romanization (Г → H), quotes kept.
        ("Громада «Вода для всіх»", "Hromada «Voda dlia vsikh»"),
        ("Союз «Єдність»", "Soiuz «Yednist»"),
        ("Згурівка", "Zghurivka"),
        ("Σύλλογος Νερού Αττικής", "Syllogos Neroy Attikis"),
        ("Еколошки круг „Сава“", "Ekoloshki krug „Sava“"),
        ("हिन्दी संघ", "hindi smgh"),
        # Latin letters stay as typed, accents included.
        ("Café Народ", "Café Narod"),
    ],
)
def test_names_in_other_scripts_get_a_suggestion(name, suggestion):
    assert transliteration_suggestion(name) == suggestion


@pytest.mark.parametrize("name", ["", "  ", "Komitet Wody Społecznej", "Đoàn Nước Sạch", "PC (ML)"])
def test_latin_names_get_none(name):
    assert is_latin(name)
    assert transliteration_suggestion(name) == ""


@pytest.fixture
def open_declaration(db):
    return DeclarationFactory(slug="water", allow_individuals=True, allow_organizations=True)


def test_the_form_shows_the_suggestion_when_it_comes_back_and_never_fills_it(
    client, open_declaration
):
    # The name in Cyrillic, no transliteration, and a mistake elsewhere: the form returns.
    response = sign(
        client,
        "water",
        organization_data(name="Народный водный комитет", email="not an address"),
        organization=True,
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<bdi>Narodnyy vodnyy komitet</bdi>" in page
    field = re.search(r'<input[^>]*name="name_transliteration"[^>]*>', page).group(0)
    assert "value=" not in field  # still empty: a suggestion, not an answer

    # A transliteration typed by the signer is theirs: no suggestion competes with it.
    response = sign(
        client,
        "water",
        organization_data(
            name="Народный водный комитет", name_transliteration="NVK", email="not an address"
        ),
        organization=True,
    )
    assert "Narodnyy vodnyy komitet" not in response.content.decode()


def test_the_form_offers_the_suggestion_to_scripts_and_works_without(client, open_declaration):
    page = client.get(reverse("signatures:sign_organization", args=["water"])).content.decode()
    assert "undersigned/transliterate.js" in page
    assert f'data-transliteration="{reverse("signatures:transliteration")}"' in page

    response = client.post(reverse("signatures:transliteration"), {"name": "წყალი ყველას"})
    assert response.json() == {"suggestion": "ts'q'ali q'velas"}
    assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("signatures:transliteration")).status_code == 405


def test_name_fields_take_their_direction_from_what_is_typed():
    for form in (OrganizationSignForm(), PersonSignForm()):
        html = str(form["name"])
        assert 'dir="auto"' in html, html


def test_the_organization_admin_suggests_without_writing(admin_client):
    organization = OrganizationFactory(name="Σύλλογος Νερού Αττικής", name_transliteration="")
    url = reverse("admin:organizations_organization_change", args=[organization.pk])
    page = admin_client.get(url).content.decode()
    assert "Syllogos Neroy Attikis" in page
    organization.refresh_from_db()
    assert organization.name_transliteration == ""


# --- dir="auto" on what users wrote ---------------------------------------------------


@pytest.mark.django_db
def test_user_text_on_the_public_pages_is_direction_isolated(client):
    declaration = DeclarationFactory(
        slug="rtl", title="بيان مشترك", publisher="تحالف", allow_individuals=True
    )
    organization = OrganizationFactory(abbreviation="עמ", name="עמותת מים לכולם")
    signature_add_published(declaration=declaration, actor=None, organization=organization)
    pages = [
        client.get(reverse("declarations:index")).content.decode(),
        client.get(reverse("declarations:detail", args=["rtl"])).content.decode(),
        client.get(reverse("organizations:detail", args=[organization.pk])).content.decode(),
        client.get(reverse("signatures:sign_person", args=["rtl"])).content.decode(),
    ]
    for page in pages:
        for text in ("بيان مشترك", "עמותת מים לכולם", "تحالف"):
            for match in re.finditer(re.escape(text), page):
                before = page[: match.start()]
                if "<title>" in before[before.rfind("<") :]:
                    continue
                opening = before[before.rfind("<") :]
                assert 'dir="auto"' in opening or "<bdi>" in opening, (text, opening)


# --- The status line ------------------------------------------------------------------

STATUS = {
    "en": "Status of the signatories 06.01.2025. Further signing possible.",
    "de": ("Liste der Unterzeichnenden, Stand: 06.01.2025. Weitere Unterzeichnungen sind möglich."),
    "ru": "Список подписавших по состоянию на 06.01.2025. Сбор подписей продолжается.",
    "uk": "Список підписантів станом на 06.01.2025. Збір підписів триває.",
}
CLOSED = {
    "en": "Signing is closed.",
    "de": "Die Unterzeichnung ist abgeschlossen.",
    "ru": "Сбор подписей завершён.",
    "uk": "Збір підписів завершено.",
}


@pytest.mark.parametrize("language", STATUS)
def test_the_status_line_reads_naturally_in_each_language(language):
    with translation.override(language):
        line = status_line_text(day=datetime.date(2025, 1, 6), signing_open=True)
        closed = status_line_text(day=None, signing_open=False)
    assert line == STATUS[language]
    assert closed == CLOSED[language]


@pytest.mark.django_db
@pytest.mark.parametrize("language", STATUS)
def test_the_page_and_the_history_agree_on_the_status_line(language):
    opened = timezone.make_aware(datetime.datetime(2025, 1, 6, 12))
    declaration = DeclarationFactory(opened_at=opened)
    with translation.override(language):
        now = status_line(declaration=declaration)
        then = list_status_line(declaration=declaration, as_of=datetime.date(2025, 1, 7))
    assert now == then == STATUS[language]


# --- Countries in the reader's language -----------------------------------------------


def _choices(language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        return list(PersonSignForm().fields["country"].choices)


@pytest.mark.parametrize(
    ("language", "first", "later"),
    [
        ("en", "Germany", "Ukraine"),
        ("de", "Deutschland", "Ukraine"),
        ("ru", "Германия", "Украина"),
        ("uk", "Німеччина", "Україна"),
    ],
)
def test_country_choices_follow_the_reader_and_their_alphabet(language, first, later):
    choices = _choices(language)
    names = [name for code, name in choices if code]
    assert first in names
    assert later in names
    # In alphabetical order for that language (Unicode collation: Ä with A, Ё with Е,
    # Є after Е, І after И), not in the order of the bytes.
    positions = {name: index for index, name in enumerate(names)}
    assert positions[first] < positions[later]
    if language == "de":
        assert positions["Ägypten"] < positions["Albanien"] < positions["Österreich"]
        assert positions["Österreich"] < positions["Panama"]
    if language == "ru":
        assert positions["Египет"] < positions["Замбия"]
        assert positions["Австралия"] < positions["Бельгия"] < positions["Япония"]
    if language == "uk":
        assert positions["Естонія"] < positions["Єгипет"] < positions["Ємен"]
        assert positions["Ємен"] < positions["Замбія"] < positions["Ізраїль"]
        assert positions["Ізраїль"] < positions["Йорданія"]


@pytest.mark.django_db
def test_the_list_names_countries_in_the_readers_language_but_keeps_them_as_written():
    declaration = DeclarationFactory(allow_individuals=True)
    signature_add_published(
        declaration=declaration,
        actor=None,
        organization=OrganizationFactory(abbreviation="A", name="Alpha", country="DE"),
    )
    signature_add_published(
        declaration=declaration,
        actor=None,
        organization=OrganizationFactory(
            abbreviation="B", name="Beta", country="TR", country_as_written="Turkey-Kurdistan"
        ),
    )
    signature_add_published(
        declaration=declaration,
        actor=None,
        person=PersonSubmission(email="", name="Ada", country="UA"),
    )
    expected = {
        "en": ["A Alpha, Germany", "B Beta, Turkey-Kurdistan", "Ada, Ukraine"],
        "de": ["A Alpha, Deutschland", "B Beta, Turkey-Kurdistan", "Ada, Ukraine"],
        "ru": ["A Alpha, Германия", "B Beta, Turkey-Kurdistan", "Ada, Украина"],
        "uk": ["A Alpha, Німеччина", "B Beta, Turkey-Kurdistan", "Ada, Україна"],
    }
    for language, lines in expected.items():
        with translation.override(language):
            got = [list_entry(row).line for row in list_signatures(declaration=declaration)]
        assert got == lines, language
