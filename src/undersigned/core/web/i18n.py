"""Languages in addresses: which pages carry the reader's language (``/de/…``) and the
switcher that moves a reader to the same page in another language (docs/i18n.md).

Pages people read are under the language prefix: the index, a declaration, its signing
forms, print view, changes and snapshots pages, organizations, the organizers' area.
What is the same in every language, or belongs to one signer, stays outside it: the
admin, static files, the exports and snapshot files, the private confirmation and
withdrawal links (they speak the signer's own language, kept on the signature), the
proof-of-work and transliteration helpers, the benchmark's endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, translate_url
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils.translation import get_language, get_language_from_path, get_language_info


def localized(*patterns: URLPattern | URLResolver) -> URLResolver:
    """Put some of an app's patterns under the language prefix, beside others that stay
    outside it, in one namespace (``signatures:sign_person`` is ``/de/declarations/…``,
    ``signatures:confirm`` is ``/s/…``).

    ``i18n_patterns()`` can only be used in the root URLconf, where LocaleMiddleware
    looks for it; the root uses it too (undersigned/urls.py), so the middleware knows
    that addresses carry a language, and this nested prefix resolves and reverses the
    same way. core/tests/test_i18n_urls.py holds the scheme in place.
    """
    prefixed = URLResolver(LocalePrefixPattern(prefix_default_language=True), list(patterns))
    return URLResolver(RoutePattern(""), [prefixed])


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


def language_links(request: HttpRequest) -> list[LanguageLink]:
    """The page the reader is on, in each language; empty on pages without a language
    in their address (a private link speaks its signer's language only)."""
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    if get_language_from_path(request.path_info) is None:
        return []
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            # Not a page the URLconf knows (a 404): swap the prefix itself.
            url = f"/{code}/{path.removeprefix(f'/{current}/')}"
        links.append(
            LanguageLink(
                code=code,
                name=str(get_language_info(code)["name_local"]),
                url=url,
                current=code == current,
            )
        )
    return links
