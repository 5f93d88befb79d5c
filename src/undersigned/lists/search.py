"""Searching a declaration's published list: by name, abbreviation or country.

Only what the public line shows can be found. A person who chose not to be named is
never matched (searching their name would tell whether they signed), and an
organization's signature is matched on its record once a moderator tied it to one, not
on what its signer typed (which the list no longer shows). Withdrawn signatures are not
in the list, so they are not found either.

Each entry keeps its position: a result reads "17. ABBR Name", as in the whole list.

A search scans the declaration's published rows (``LIKE '%…%'`` uses no index): on a
list of 100,000 it took 100–300 ms on a loaded 2-core machine, counted and paged
(``bench/run.py --only search`` measures it on the million). The page cache keeps each
query's page like any other, so a crowd asking the same costs one scan.
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from django.db import connection
from django.db.models import Q
from django.utils.translation import get_language
from django_countries import countries

from undersigned.declarations.models import Declaration
from undersigned.lists.selectors import Rows
from undersigned.signatures.selectors import signatory_list
from undersigned.signatures.signatory import FIELDS, LIST_COLUMNS, Field

# Longer queries are cut: a name is never this long, and LIKE patterns cost by length.
MAX_QUERY = 100

_SEARCHED = ("abbreviation", "name", "name_transliteration", "name_translation")


def normalize_query(value: str | None) -> str:
    """The query as searched: stripped, inner whitespace collapsed, cut to MAX_QUERY."""
    return " ".join((value or "").split())[:MAX_QUERY]


@lru_cache(maxsize=16)
def _country_names(language: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((code, str(name).casefold()) for code, name in countries)


def country_codes(query: str) -> list[str]:
    """The ISO codes a query names: the code itself, or part of a country's name in the
    reader's language or in English."""
    folded = query.casefold()
    codes = {query.upper()} if len(query) == 2 and query.isalpha() else set()
    for language in {get_language(), "en"}:
        codes.update(code for code, name in _country_names(language) if folded in name)
    return sorted(codes)


def _variants(query: str) -> set[str]:
    # SQLite's LIKE folds case only for ASCII: the usual spellings of a Cyrillic or Greek
    # name are tried as well. PostgreSQL's icontains folds every script itself, and an
    # ASCII query needs no help anywhere (each variant is one more scan of every row).
    if query.isascii() or connection.vendor != "sqlite":
        return {query}
    return {query, query.lower(), query.upper(), query.capitalize(), query.title()}


def _contains(columns: list[str], query: str) -> Q:
    condition = Q()
    for variant in _variants(query):
        for column in columns:
            condition |= Q(**{f"{column}__icontains": variant})
    return condition


def _columns(attribute: str) -> list[str]:
    fields: list[Field] = [field for field in FIELDS if field.name in _SEARCHED]
    if attribute == "record":
        return [f"organization__{field.record}" for field in fields if field.record]
    return [field.typed for field in fields if field.typed]


def list_search(*, declaration: Declaration, query: str) -> Rows:
    """The published entries whose line shows ``query`` (a name, an abbreviation or a
    country), in position order, as rows of ``LIST_COLUMNS``; none for an empty query."""
    query = normalize_query(query)
    published = signatory_list(declaration=declaration)
    if not query:
        return cast(Rows, published.none().values(*LIST_COLUMNS))
    codes = country_codes(query)
    matched = Q(organization__isnull=False) & (
        _contains(_columns("record"), query)
        | Q(organization__country__in=codes)
        | _contains(["organization__country_as_written"], query)
    )
    typed = Q(kind="organization", organization__isnull=True) & (
        _contains(_columns("typed"), query) | Q(org_country__in=codes)
    )
    person = Q(kind="person", show_name=True) & (_contains(["name"], query) | Q(country__in=codes))
    return cast(Rows, published.filter(matched | typed | person).values(*LIST_COLUMNS))
