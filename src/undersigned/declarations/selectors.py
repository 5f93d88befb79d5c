"""Reads of declarations for the public pages and the workspace."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import get_language, get_language_info, override

from undersigned.core.text.diff import Diff
from undersigned.declarations.models import (
    Declaration,
    DeclarationRevision,
    DeclarationTranslation,
    interface_languages,
)
from undersigned.roles import permissions
from undersigned.roles.models import Coalition

PUBLIC_STATUSES = (Declaration.Status.OPEN, Declaration.Status.CLOSED)


def public_declaration(*, slug: str) -> Declaration:
    """A declaration readers may see; raises Declaration.DoesNotExist otherwise.

    Its counter comes along (counters app): the count and the caching headers read it.
    """
    return (
        Declaration.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("counter")
        .get(slug=slug)
    )


def withdrawn_declaration(*, slug: str) -> Declaration | None:
    """A declaration its organizers withdrew: readers are told so (its text and list
    are no longer published), instead of a bare "not found"."""
    return Declaration.objects.filter(slug=slug, status=Declaration.Status.WITHDRAWN).first()


@dataclass(frozen=True, kw_only=True)
class TextVersion:
    """One language a declaration can be read in: the original or a translation."""

    language: str
    # The language's own name ("Deutsch", "Русский"), for links a reader follows.
    name_local: str
    original: bool
    official: bool
    url: str


@dataclass(frozen=True, kw_only=True)
class DeclarationText:
    """What the declaration page shows in one reader's language.

    The translation in the reader's language when there is one, else the original; the
    list of signatories under it is the same either way.
    """

    title: str
    summary: str
    body_html: str
    language: str
    published_on: date | None
    translation: DeclarationTranslation | None
    # The reader's language, when the text is not in it (no translation yet).
    missing_language: str
    versions: list[TextVersion]

    original_language: str
    # Where a reader whose language has no text lands (hreflang="x-default").
    default_url: str

    @property
    def original_language_name(self) -> str:
        """The original language's name in the reader's language ("Russian", "Russisch")."""
        return language_name(self.original_language)

    @property
    def missing_language_name(self) -> str:
        return language_name(self.missing_language)

    @property
    def original_version(self) -> TextVersion | None:
        return next((version for version in self.versions if version.original), None)

    @property
    def other_versions(self) -> list[TextVersion]:
        return [version for version in self.versions if version.language != self.language]


# Languages that write the names of languages in lower case inside a sentence
# ("с английского", "з англійської"), while Django's catalogues give them capitalized,
# as for a menu.
_LOWER_CASE_LANGUAGE_NAMES = {"ru", "uk"}


def language_name(code: str) -> str:
    """A language's name in the active language, as it reads inside a sentence; the code
    itself when Django has no name for it."""
    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
    if (get_language() or "") in _LOWER_CASE_LANGUAGE_NAMES:
        return name[:1].lower() + name[1:]
    return name


def _language_name_local(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


def declaration_translations(*, declaration: Declaration) -> list[DeclarationTranslation]:
    """The declaration's translations into the site's languages, by language code."""
    languages = set(interface_languages())
    return [
        translation
        for translation in declaration.translations.order_by("language")
        if translation.language in languages
    ]


def declaration_url(*, declaration: Declaration, language: str | None = None) -> str:
    """The address of the declaration's page in ``language`` (``/<lang>/declarations/<slug>/``);
    without one, or in a language the site does not speak, in its original language when
    the site speaks it, else in the site's default language."""
    if language not in interface_languages():
        language = declaration.language
        if language not in interface_languages():
            language = settings.LANGUAGE_CODE
    with override(language):
        return reverse("declarations:detail", args=[declaration.slug])


def declaration_text(*, declaration: Declaration, language: str) -> DeclarationText:
    """The declaration as a reader of ``language`` reads it, with every language it exists in."""
    translations = declaration_translations(declaration=declaration)
    interface = interface_languages()
    versions: list[TextVersion] = []
    if declaration.language in interface:
        versions.append(
            TextVersion(
                language=declaration.language,
                name_local=_language_name_local(declaration.language),
                original=True,
                official=True,
                url=declaration_url(declaration=declaration, language=declaration.language),
            )
        )
    versions += [
        TextVersion(
            language=translation.language,
            name_local=_language_name_local(translation.language),
            original=False,
            official=translation.is_official,
            url=declaration_url(declaration=declaration, language=translation.language),
        )
        for translation in translations
    ]
    default_language = (
        declaration.language if declaration.language in interface else settings.LANGUAGE_CODE
    )
    original = DeclarationText(
        title=declaration.title,
        summary="",
        body_html=declaration.body_html,
        language=declaration.language,
        published_on=declaration.published_on,
        translation=None,
        missing_language="" if language == declaration.language else language,
        versions=versions,
        original_language=declaration.language,
        default_url=declaration_url(declaration=declaration, language=default_language),
    )
    chosen = next((t for t in translations if t.language == language), None)
    if chosen is None:
        return original
    return replace(
        original,
        title=chosen.title,
        summary=chosen.summary,
        body_html=chosen.body_html,
        language=chosen.language,
        published_on=chosen.published_on,
        translation=chosen,
        missing_language="",
    )


def declaration_title(*, declaration: Declaration, language: str) -> str:
    """The title in ``language`` when a translation gives one, else the original's."""
    if language == declaration.language:
        return declaration.title
    cache: dict[str, str] = declaration.__dict__.setdefault("_titles", {})
    if language not in cache:
        prefetched = getattr(declaration, "reader_translations", None)
        if prefetched is not None:
            found = next((t.title for t in prefetched if t.language == language), None)
        else:
            found = (
                declaration.translations.filter(language=language)
                .values_list("title", flat=True)
                .first()
            )
        cache[language] = found or declaration.title
    return cache[language]


def with_reader_translations(
    queryset: QuerySet[Declaration], *, language: str
) -> QuerySet[Declaration]:
    """Fetch each declaration's translation into ``language`` along (for lists of titles)."""
    return queryset.prefetch_related(
        Prefetch(
            "translations",
            queryset=DeclarationTranslation.objects.filter(language=language).only(
                "declaration_id", "language", "title"
            ),
            to_attr="reader_translations",
        )
    )


def declarations_for(
    *, user: permissions.User | None, role: permissions.Role
) -> QuerySet[Declaration]:
    """The declarations on which ``user`` holds ``role`` (or higher): all of them with a
    site-wide role, else those given directly or through a coalition."""
    if permissions.site_wide(user=user, role=role):
        return Declaration.objects.all()
    return Declaration.objects.filter(
        Q(pk__in=permissions.scope_ids(user=user, role=role, model=Declaration))
        | Q(coalitions__in=permissions.scope_ids(user=user, role=role, model=Coalition))
    ).distinct()


def public_declarations(
    *, status: str | None = None, kind: str | None = None, language: str | None = None
) -> QuerySet[Declaration]:
    """Open and closed declarations, newest first (then by id, a stable order), narrowed
    to one status, kind, or language they can be read in (original or translation)."""
    declarations = Declaration.objects.filter(status__in=PUBLIC_STATUSES)
    if status:
        declarations = declarations.filter(status=status)
    if kind:
        declarations = declarations.filter(kind=kind)
    if language:
        declarations = declarations.filter(
            Q(language=language) | Q(translations__language=language)
        ).distinct()
    return declarations.order_by("-id")


@dataclass(frozen=True)
class RevisionChange:
    """A revision with what changed since the one before it (none for the first)."""

    revision: DeclarationRevision
    diff: Diff | None


def declaration_revisions(*, declaration: Declaration) -> list[RevisionChange]:
    """The declaration's revisions, newest first, each with its word diff from the one
    before (rendered on the server, core/text/diff.py)."""
    revisions = list(DeclarationRevision.objects.filter(declaration=declaration).order_by("number"))
    changes = [
        RevisionChange(revision=revision, diff=revision.diff_from(revisions[i - 1]) if i else None)
        for i, revision in enumerate(revisions)
    ]
    return changes[::-1]
