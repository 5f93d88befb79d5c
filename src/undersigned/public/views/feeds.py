"""Atom feeds (Django's syndication framework, #14): new declarations of the whole site
and of one language, and the new signatories of a declaration.

A feed shows what the pages show: published signatories only, and one counted but not
named is an entry without a name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from undersigned.core.web.caching import public_cache
from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import (
    declaration_title,
    declaration_url,
    public_declarations,
)
from undersigned.lists.selectors import list_entry, list_signatures
from undersigned.lists.validators import (
    catalogue_etag,
    catalogue_last_modified,
    declaration_etag,
    declaration_last_modified,
    public_declaration_or_404,
)
from undersigned.signatures.signatory import ListEntry

# Entries a feed holds: the newest.
FEED_ITEMS = 50


class _Atom(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed


class DeclarationsFeed(_Atom):
    """Every newly opened public declaration of the site, titled in its own language."""

    def title(self) -> str:
        return _("New declarations")

    def subtitle(self) -> str:
        return _("Declarations published on this site for signatures.")

    def link(self) -> str:
        return reverse("declarations:index")

    def feed_url(self) -> str:
        return reverse("opendata:declarations_feed")

    def items(self) -> list[Declaration]:
        return list(public_declarations().order_by("-opened_at", "-id")[:FEED_ITEMS])

    def item_title(self, item: Declaration) -> str:
        return item.title

    def item_description(self, item: Declaration) -> str:
        parts = [str(item.get_kind_display()).capitalize(), item.publisher]
        return " · ".join(part for part in parts if part)

    def item_link(self, item: Declaration) -> str:
        return declaration_url(declaration=item, language=self.language_of(item))

    def language_of(self, item: Declaration) -> str | None:
        return None  # the original's

    def item_pubdate(self, item: Declaration) -> datetime | None:
        return item.opened_at

    def item_updateddate(self, item: Declaration) -> datetime | None:
        return item.updated_at


class LanguageDeclarationsFeed(DeclarationsFeed):
    """The declarations that can be read in the reader's language, titled in it."""

    def title(self) -> str:
        return _("New declarations in %(language)s") % {
            "language": translation.get_language_info(get_language() or "en")["name_translated"]
        }

    def feed_url(self) -> str:
        return reverse("opendata:language_feed")

    def items(self) -> list[Declaration]:
        language = get_language() or settings.LANGUAGE_CODE
        return list(
            public_declarations(language=language).order_by("-opened_at", "-id")[:FEED_ITEMS]
        )

    def item_title(self, item: Declaration) -> str:
        return declaration_title(declaration=item, language=get_language() or "")

    def language_of(self, item: Declaration) -> str | None:
        return get_language()


class SignatoriesFeed(_Atom):
    """The newest published signatories of one declaration, in its language."""

    def get_object(self, request: HttpRequest, slug: str) -> Declaration:
        return public_declaration_or_404(request, slug)

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        declaration = self.get_object(request, *args, **kwargs)
        # A file, the same for every reader: in the declaration's language, like the exports.
        with translation.override(declaration.language):
            return super().__call__(request, *args, **kwargs)

    def title(self, obj: Declaration) -> str:
        return _("New signatories: %(title)s") % {"title": obj.title}

    def subtitle(self, obj: Declaration) -> str:
        return _("Signatories newly published in the list of this declaration.")

    def link(self, obj: Declaration) -> str:
        return declaration_url(declaration=obj)

    def feed_url(self, obj: Declaration) -> str:
        return reverse("opendata:signatories_feed", args=[obj.slug])

    def items(self, obj: Declaration) -> list[tuple[ListEntry, datetime | None, str]]:
        rows = list_signatures(declaration=obj).order_by("-position")[:FEED_ITEMS]
        page = declaration_url(declaration=obj)
        return [(list_entry(row), row["published_at"], page) for row in rows]

    def item_title(self, item: tuple[ListEntry, datetime | None, str]) -> str:
        return f"{item[0].position}. {item[0].line}"

    def item_description(self, item: tuple[ListEntry, datetime | None, str]) -> str:
        return item[0].line

    def item_link(self, item: tuple[ListEntry, datetime | None, str]) -> str:
        size = settings.SIGNATORY_PAGE_SIZE
        page = (item[0].position - 1) // size + 1
        return f"{item[2]}?page={page}"

    def item_guid(self, item: tuple[ListEntry, datetime | None, str]) -> str:
        return f"{settings.SITE_URL}{item[2]}#signatory-{item[0].position}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: tuple[ListEntry, datetime | None, str]) -> datetime | None:
        return item[1]


declarations_feed = require_safe(
    public_cache(etag_func=catalogue_etag, last_modified_func=catalogue_last_modified)(
        DeclarationsFeed()
    )
)
language_feed = require_safe(
    public_cache(etag_func=catalogue_etag, last_modified_func=catalogue_last_modified)(
        LanguageDeclarationsFeed()
    )
)
signatories_feed = require_safe(
    public_cache(etag_func=declaration_etag, last_modified_func=declaration_last_modified)(
        SignatoriesFeed()
    )
)
