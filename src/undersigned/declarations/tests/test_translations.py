"""Declarations in several languages (#5): the translation model and its service, the
admin inline and the organizers' pages, and which text a reader of each language sees."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from undersigned.audit.models import AuditEntry
from undersigned.declarations.models import Declaration, DeclarationTranslation
from undersigned.declarations.selectors import declaration_text, declaration_title
from undersigned.declarations.services import (
    declaration_translation_delete,
    declaration_translation_save,
)
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.demo.sample.content import load_sample_content
from undersigned.organizations.tests.factories import OrganizationFactory
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant
from undersigned.signatures.services import signature_add_published

pytestmark = pytest.mark.django_db


def page_url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def read(client, name: str, language: str, *args: object) -> str:
    """A page as a reader of ``language`` asks for it: its address in that language and
    the browser's Accept-Language saying the same."""
    response = client.get(page_url(name, language, *args), headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode()


def translate(declaration, language="de", kind="official", **fields):
    return declaration_translation_save(
        translation=DeclarationTranslation(
            declaration=declaration,
            language=language,
            kind=kind,
            title=fields.pop("title", f"Titel auf {language}"),
            body=fields.pop("body", "Wir **fordern**:\n\n1. eins;\n2. zwei.\n"),
            **fields,
        )
    )


@pytest.fixture
def statement():
    return DeclarationFactory(
        slug="statement",
        title="Water is a common good",
        language="ru",
        body="Вода — **общее** достояние.",
        published_on=datetime.date(2025, 1, 6),
    )


def test_saving_renders_sanitized_markdown_and_audits(statement):
    saved = translate(statement, body="Wir **fordern** <script>alert(1)</script>")
    assert "<strong>fordern</strong>" in saved.body_html
    assert "<script>" not in saved.body_html
    entry = AuditEntry.objects.get(action="declaration.translation_create")
    assert entry.declaration_id == statement.pk
    assert entry.data == {"language": "de", "kind": "official"}

    saved.title = "Neuer Titel"
    declaration_translation_save(translation=saved)
    assert AuditEntry.objects.filter(action="declaration.translation_update").count() == 1


def test_a_translation_changes_the_declaration_so_cached_pages_revalidate(statement):
    before = Declaration.objects.get(pk=statement.pk).updated_at
    translate(statement)
    assert Declaration.objects.get(pk=statement.pk).updated_at > before


def test_one_translation_per_language_and_none_in_the_original_language(statement):
    translate(statement, language="de")
    with pytest.raises(ValidationError):
        translate(statement, language="de")
    with pytest.raises(ValidationError, match="original language"):
        translate(statement, language="ru")
    with pytest.raises(ValidationError, match="site's languages"):
        translate(statement, language="xx")


def test_deleting_a_translation_is_audited_and_leaves_the_original(statement):
    saved = translate(statement)
    declaration_translation_delete(translation=saved)
    assert not statement.translations.exists()
    assert AuditEntry.objects.filter(action="declaration.translation_delete").count() == 1
    assert Declaration.objects.filter(pk=statement.pk).exists()


def test_the_reader_gets_the_translation_in_their_language(client, statement):
    translate(statement, language="de", title="Wasser ist ein Gemeingut", kind="official")
    page = read(client, "declarations:detail", "de", statement.slug)
    assert "Wasser ist ein Gemeingut" in page
    assert "<strong>fordern</strong>" in page
    assert 'lang="de"' in page
    assert "Offizielle Übersetzung aus dem Russischen" in page or "Russisch" in page
    # The original is one link away, named in its own language.
    assert 'hreflang="ru"' in page


def test_a_working_translation_says_so(client, statement):
    translate(statement, language="uk", title="Вода — спільне благо", kind="working")
    page = read(client, "declarations:detail", "uk", statement.slug)
    assert "Вода — спільне благо" in page
    assert "Робочий переклад" in page


def test_without_a_translation_the_original_is_shown_with_a_note(client, statement):
    translate(statement, language="de", title="Wasser ist ein Gemeingut")
    page = read(client, "declarations:detail", "en", statement.slug)
    assert "Water is a common good" in page
    assert "<strong>общее</strong>" in page
    # The text is marked as Russian inside an English page, and the note says why.
    assert '<article class="declaration" lang="ru">' in page
    assert "has not been translated into English" in page
    assert ">Deutsch</a>" in page


def test_every_version_is_announced_with_hreflang_and_x_default(client, statement):
    translate(statement, language="de")
    translate(statement, language="uk", kind="working")
    page = read(client, "declarations:detail", "en", statement.slug)
    for language in ("ru", "de", "uk", "x-default"):
        assert f'rel="alternate" hreflang="{language}"' in page
    # Every alternate is an absolute address.
    assert 'hreflang="de" href="http://' in page


def test_one_list_and_one_count_for_every_language(client, statement):
    statement.body_html = statement.body
    organization = OrganizationFactory(name="Народный водный комитет", abbreviation="НВК")
    signature_add_published(declaration=statement, actor=None, organization=organization)
    translate(statement, language="de")
    for language in ("en", "de", "ru", "uk"):
        page = read(client, "declarations:detail", language, statement.slug)
        assert "НВК Народный водный комитет" in page
        assert '<p class="count-big" id="count-top"><strong>1</strong>' in page


def test_titles_follow_the_reader_in_lists_and_mails(client, statement):
    translate(statement, language="de", title="Wasser ist ein Gemeingut")
    assert declaration_title(declaration=statement, language="de") == "Wasser ist ein Gemeingut"
    assert declaration_title(declaration=statement, language="en") == statement.title
    assert "Wasser ist ein Gemeingut" in read(client, "declarations:index", "de")
    assert "Water is a common good" in read(client, "declarations:index", "en")


def test_declaration_text_lists_the_versions_in_order(statement):
    translate(statement, language="uk", kind="working")
    translate(statement, language="de")
    text = declaration_text(declaration=statement, language="uk")
    assert [v.language for v in text.versions] == ["ru", "de", "uk"]
    assert [v.original for v in text.versions] == [True, False, False]
    assert text.translation is not None
    with translation.override("en"):
        assert text.original_language_name == "Russian"
    with translation.override("uk"):
        assert text.original_language_name == "російська"


# --- Editing: the admin inline and the organizers' area --------------------------------


def test_the_admin_inline_saves_through_the_service(admin_client, statement):
    url = reverse("admin:declarations_declaration_change", args=[statement.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key in form.fields and value is not None and not isinstance(value, list | dict)
    }
    data.update(
        {
            "source_links": "[]",
            "body": statement.body,
            "translations-TOTAL_FORMS": "1",
            "translations-INITIAL_FORMS": "0",
            "translations-0-language": "de",
            "translations-0-kind": "official",
            "translations-0-title": "Wasser ist ein Gemeingut",
            "translations-0-body": "Wir *fordern*.",
            "translations-0-published_on": "2025-01-07",
        }
    )
    for key in ("allow_organizations", "allow_individuals", "list_individuals_by_default"):
        if not data.get(key):
            data.pop(key, None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = statement.translations.get()
    assert saved.body_html == "<p>Wir <em>fordern</em>.</p>\n"
    assert AuditEntry.objects.filter(action="declaration.translation_create").exists()


@pytest.fixture
def organizer(statement):
    user = User.objects.create_user("organizer", password="pw")
    role_grant(user=user, role=Role.ORGANIZER, scope=statement)
    return user


def test_organizers_add_edit_and_delete_translations(client, statement, organizer):
    client.force_login(organizer)
    edit = reverse("organize:translation", args=[statement.slug])
    response = client.post(
        edit,
        {"language": "uk", "kind": "working", "title": "Вода", "body": "Текст", "summary": ""},
    )
    assert response.status_code == 302
    saved = statement.translations.get(language="uk")
    assert saved.body_html == "<p>Текст</p>\n"

    listing = client.get(reverse("organize:translations", args=[statement.slug])).content.decode()
    assert "Вода" in listing

    response = client.post(
        f"{edit}?language=uk",
        {"language": "uk", "kind": "official", "title": "Вода для всіх", "body": "Текст"},
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.title, saved.kind) == ("Вода для всіх", "official")

    # The original's language is refused, with the form shown again.
    response = client.post(edit, {"language": "ru", "kind": "official", "title": "Т", "body": "Т"})
    assert response.status_code == 400

    response = client.post(f"{edit}?language=uk", {"action": "delete"})
    assert response.status_code == 302
    assert not statement.translations.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "declaration.translation_create",
        "declaration.translation_update",
        "declaration.translation_delete",
    } <= actions


def test_translation_pages_keep_their_three_doors(client, statement):
    url = reverse("organize:translations", args=[statement.slug])
    assert client.get(url).status_code == 302  # anonymous: to the login
    moderator = User.objects.create_user("moderator", password="pw")
    role_grant(user=moderator, role=Role.MODERATOR, scope=statement)
    client.force_login(moderator)
    assert client.get(url).status_code == 403
    edit = reverse("organize:translation", args=[statement.slug])
    assert client.post(edit, {"language": "de", "title": "x", "body": "x"}).status_code == 403


def test_the_sample_statement_can_be_read_in_every_language(client):
    load_sample_content()
    statement = Declaration.objects.get(slug="water-is-a-common-good")
    assert set(statement.translations.values_list("language", flat=True)) == {"de", "ru", "uk"}
    titles = {
        "en": "Water is a common good",
        "de": "Wasser ist ein Gemeingut",
        "ru": "Вода — общее достояние",
        "uk": "Вода — спільне благо",
    }
    for language, title in titles.items():
        assert title in read(client, "declarations:detail", language, statement.slug)
    # Loading again (a demo database from before) adds nothing twice.
    load_sample_content()
    assert statement.translations.count() == 3
