"""The interface in four languages (#5): the main pages, the private-link pages and the
confirmation mail, rendered in each language, with its lang attribute, its words, its
plural forms and its dates."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.views.defaults import server_error

from undersigned.declarations.models import DeclarationTranslation
from undersigned.declarations.services import declaration_translation_save
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.organizations.tests.factories import OrganizationFactory
from undersigned.signatures.identity import link_token
from undersigned.signatures.mail import build_confirmation_mail
from undersigned.signatures.services import signature_add_published
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "ru", "uk"]
WORDS = {
    "index": {
        "en": "Declarations open for signatures",
        "de": "Erklärungen, die unterzeichnet werden können",
        "ru": "Заявления, открытые для подписания",
        "uk": "Заяви, відкриті для підписання",
    },
    "sign_person": {
        "en": "Sign as a person",
        "de": "Als Einzelperson unterzeichnen",
        "ru": "Подписать от своего имени",
        "uk": "Підписати від свого імені",
    },
    "sign": {"en": "Sign", "de": "Unterzeichnen", "ru": "Подписать", "uk": "Підписати"},
    "your_name": {"en": "Your name", "de": "Ihr Name", "ru": "Ваше имя", "uk": "Ваше ім’я"},
    "germany": {"en": "Germany", "de": "Deutschland", "ru": "Германия", "uk": "Німеччина"},
    "status": {
        # On the page, the status line's date reads like every other date there (#15).
        "en": "Status of the signatories 6 January 2025. Further signing possible.",
        "de": (
            "Liste der Unterzeichnenden, Stand: 6. Januar 2025. "
            "Weitere Unterzeichnungen sind möglich."
        ),
        "ru": "Список подписавших по состоянию на 6 января 2025. Сбор подписей продолжается.",
        "uk": "Список підписантів станом на 6 січня 2025. Збір підписів триває.",
    },
    "published": {
        "en": "6 January 2025",
        "de": "6. Januar 2025",
        "ru": "6 января 2025",
        "uk": "6 січня 2025",
    },
    "confirm": {
        "en": "Confirm my signature",
        "de": "Meine Unterschrift bestätigen",
        "ru": "Подтвердить мою подпись",
        "uk": "Підтвердити мій підпис",
    },
    "not_found": {
        "en": "Not found",
        "de": "Nicht gefunden",
        "ru": "Страница не найдена",
        "uk": "Сторінку не знайдено",
    },
    "error": {
        "en": "Something went wrong",
        "de": "Etwas ist schiefgegangen",
        "ru": "Что-то пошло не так",
        "uk": "Щось пішло не так",
    },
    "subject": {
        "en": "Please confirm your signature: Water is a common good",
        "de": "Bitte bestätigen Sie Ihre Unterschrift: Wasser ist ein Gemeingut",
        "ru": "Пожалуйста, подтвердите подпись: Вода — общее достояние",
        "uk": "Будь ласка, підтвердьте підпис: Water is a common good",
    },
    "keep": {
        "en": "Keep this mail.",
        "de": "Bewahren Sie diese Mail auf.",
        "ru": "Сохраните это письмо.",
        "uk": "Збережіть цей лист.",
    },
}
# Plural forms: Russian and Ukrainian have three for whole numbers.
COUNTS = {
    "en": {1: "1 signature", 3: "3 signatures", 5: "5 signatures", 21: "21 signatures"},
    "de": {1: "1 Unterschrift", 3: "3 Unterschriften", 5: "5 Unterschriften"},
    "ru": {1: "1 подпись", 3: "3 подписи", 5: "5 подписей", 21: "21 подпись", 12: "12 подписей"},
    "uk": {1: "1 підпис", 3: "3 підписи", 5: "5 підписів", 21: "21 підпис", 12: "12 підписів"},
}


def url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def statement():
    declaration = DeclarationFactory(
        slug="water",
        title="Water is a common good",
        published_on=datetime.date(2025, 1, 6),
        opened_at=timezone.make_aware(datetime.datetime(2025, 1, 6, 12)),
        allow_individuals=True,
        allow_organizations=True,
    )
    for language, title in (("de", "Wasser ist ein Gemeingut"), ("ru", "Вода — общее достояние")):
        declaration_translation_save(
            translation=DeclarationTranslation(
                declaration=declaration, language=language, title=title, body="…"
            )
        )
    return declaration


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_and_the_declaration_in_each_language(client, statement, language):
    index = client.get(url("declarations:index", language)).content.decode()
    assert f'<html lang="{language}">' in index
    assert WORDS["index"][language] in index

    page = client.get(url("declarations:detail", language, "water")).content.decode()
    assert f'<html lang="{language}">' in page
    assert WORDS["sign_person"][language] in page
    assert WORDS["published"][language] in page
    assert f'<p class="status-line">{WORDS["status"][language]}</p>' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_counts_take_the_plural_form_of_each_language(client, language):
    for count, expected in COUNTS[language].items():
        declaration = DeclarationFactory()
        for _number in range(count):
            signature_add_published(
                declaration=declaration, actor=None, organization=OrganizationFactory()
            )
        index = client.get(url("declarations:index", language)).content.decode()
        assert expected in index, (language, count)
        # Out of the index (a closed one would stand in its archive).
        declaration.status = "withdrawn"
        declaration.save()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_signing_forms_in_each_language(client, statement, language):
    for name in ("signatures:sign_person", "signatures:sign_organization"):
        page = client.get(url(name, language, "water")).content.decode()
        assert f'<html lang="{language}">' in page
        assert f'<button type="submit">{WORDS["sign"][language]}</button>' in page
        assert WORDS["your_name"][language] in page
        assert f">{WORDS['germany'][language]}</option>" in page
    # A signer's language is the page's: their mail and private pages speak it.
    page = client.get(url("signatures:sent", language, "water")).content.decode()
    assert f'<html lang="{language}">' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_private_pages_speak_the_signers_language_whatever_the_browser(
    client, statement, language
):
    signature = SignatureFactory(declaration=statement, language=language)
    token = link_token(
        public_id=signature.public_id, nonce=signature.token_nonce, purpose="confirm"
    )
    confirm = reverse("signatures:confirm", args=[signature.public_id, token])
    assert not confirm.startswith(f"/{language}/")
    other = "uk" if language != "uk" else "de"
    page = client.get(confirm, headers={"accept-language": other}).content.decode()
    assert f'<html lang="{language}">' in page
    assert WORDS["confirm"][language] in page
    # Its link back leads to the declaration in the same language.
    assert f'href="/{language}/declarations/water/"' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_confirmation_mail_in_each_language(statement, language):
    signature = SignatureFactory(declaration=statement, language=language)
    mail = build_confirmation_mail(signature, "signer@example.org")
    assert mail.subject == WORDS["subject"][language]
    assert WORDS["keep"][language] in mail.body
    html = mail.alternatives[0].content
    assert f'<html lang="{language}">' in html
    assert "/s/" in mail.body  # the private links, without a language in them


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_pages_in_each_language(client, language):
    page = client.get(url("declarations:detail", language, "nowhere"))
    assert page.status_code == 404
    assert f'<html lang="{language}">' in page.content.decode()
    assert WORDS["not_found"][language] in page.content.decode()

    # The 500 page stands alone (no base template, no database) and still speaks it.
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert WORDS["error"][language] in html
    assert "{%" not in html
