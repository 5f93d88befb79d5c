"""Recognition of country names as they are written in published signatory lists.

The index is built once (lazily) from pycountry: English names, official names and common
names, their translations in many languages (pycountry's gettext catalogues), inverted forms
of catalogue names such as "Korea, Republic of", plus hand-written short forms ("USA", "UK",
"DR Congo", "Россия") and regions that lists commonly give in place of a state ("Kurdistan",
"Catalonia"). Compound forms like "Turkey-Kurdistan" or "Germany/Austria" are recognised part
by part. The short forms, regions and catalogue languages are data
(``vocab/country_aliases.json``, ``regions.txt``, ``directions.txt``,
``country_languages.txt``). Nothing here imports Django.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry
from rapidfuzz import fuzz, process

from undersigned.imports.parsing import vocab

__all__ = [
    "CountryMatch",
    "country_name",
    "country_name_words",
    "find_country_mentions",
    "match_country",
    "normalize_key",
]


@cache
def _aliases() -> dict[str, str]:
    """Short and colloquial forms ("USA", "DR Congo", "Россия"): alias -> ISO alpha-2."""
    table: dict[str, str] = vocab.data("country_aliases")
    return table


_COMPOUND_SPLIT = re.compile(
    r"\s*[/–—]\s*|\s+-\s+|(?<=\w)-(?=\w)|\s*&\s*|\s+(?:and|und|et|y|и|і|та)\s+"
)


@dataclass(frozen=True, slots=True)
class CountryMatch:
    """A recognised country as written in the source."""

    text: str
    """The text exactly as written (what gets stored)."""
    alpha_2: str | None
    """ISO 3166-1 alpha-2 of the (first) state, or None for a region."""
    guessed: bool
    """True when the match is fuzzy (a misspelling): the preview highlights it."""


def normalize_key(text: str) -> str:
    """Casefold, drop diacritics, dots and apostrophes, squeeze separators, drop articles."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"[.'’`ʼ´]", "", folded)
    folded = re.sub(r"[\s\-‐‑–—_/,()]+", " ", folded).strip()
    return re.sub(r"^(?:the|la|le|les|el|los|las|die|der|das|l|il|lo|o|a|os|as|de)\s+", "", folded)


def _name_variants(name: str) -> list[str]:
    """A catalogue name plus its inverted and shortened forms ("Korea, Republic of")."""
    variants = [name]
    if "," in name:
        head, _, tail = name.partition(",")
        head, tail = head.strip(), tail.strip()
        variants.append(f"{tail} {head}")
        variants.append(head)
    bracket = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if bracket:
        variants.append(bracket.group(1))
    return [v for v in variants if v.strip()]


@dataclass(frozen=True, slots=True)
class _Index:
    countries: dict[str, str]
    regions: dict[str, str]
    case_sensitive: dict[str, str]
    fuzzy_keys: tuple[str, ...]
    english_words: frozenset[str]


def _english_catalogue() -> list[tuple[str, str]]:
    """(name, alpha-2) of every country's names in English (name, official, common)."""
    catalogue: list[tuple[str, str]] = []
    for country in pycountry.countries:
        code = str(country.alpha_2)
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if isinstance(value, str) and value:
                catalogue.append((value, code))
    return catalogue


def _translated(catalogue: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The catalogue's names in the languages of ``vocab/country_languages.txt``."""
    found: list[tuple[str, str]] = []
    for language in vocab.phrases("country_languages"):
        try:
            translation = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
            )
        except OSError:
            continue
        for value, code in catalogue:
            translated = translation.gettext(value)
            if translated and translated != value:
                found.append((translated, code))
    return found


@lru_cache(maxsize=1)
def _index() -> _Index:
    countries: dict[str, str] = {}
    catalogue = _english_catalogue()
    english_words = {w for value, _ in catalogue for w in re.findall(r"[a-z]+", value.casefold())}
    for name, code in [*catalogue, *_translated(catalogue)]:
        for variant in _name_variants(name):
            key = normalize_key(variant)
            if len(key) >= 2 and key not in countries:
                countries[key] = code
    case_sensitive: dict[str, str] = {}
    exact_case = vocab.words("country_case_sensitive")
    for alias, code in _aliases().items():
        if alias in exact_case:
            case_sensitive[alias] = code
        else:
            countries.setdefault(normalize_key(alias), code)
    regions = {normalize_key(r): r for r in vocab.phrases("regions")}
    fuzzy_keys = tuple(k for k in countries if len(k) >= 6)
    return _Index(countries, regions, case_sensitive, fuzzy_keys, frozenset(english_words))


def country_name_words() -> frozenset[str]:
    """Lower-case words that occur in English country names (for demonym recognition)."""
    return _index().english_words


def _lookup_exact(text: str) -> tuple[str | None, bool] | None:
    """(alpha_2, is_region) for an exact (normalised) match, else None."""
    index = _index()
    stripped = text.strip()
    if stripped in index.case_sensitive:
        return index.case_sensitive[stripped], False
    key = normalize_key(stripped)
    if not key:
        return None
    if key in index.countries:
        return index.countries[key], False
    if key in index.regions:
        return None, True
    for direction in vocab.phrases("directions"):
        if key.startswith(direction + " "):
            rest = key[len(direction) + 1 :]
            if rest in index.countries:
                return index.countries[rest], False
            if rest in index.regions:
                return None, True
    return None


def match_country(text: str, *, allow_fuzzy: bool = True) -> CountryMatch | None:
    """Recognise ``text`` as a whole as a country (or region) name.

    Accepts names in many languages, short forms, regions, and compounds such as
    "Turkey-Kurdistan", "Germany/Austria" or "North Kurdistan". Returns None when the text is
    not (entirely) a country.
    """
    written = text.strip().strip("()[]").strip()
    flag = re.fullmatch(r"[\U0001F1E6-\U0001F1FF]{2}", written)
    if flag:  # a flag emoji: two regional indicator letters, the ISO code
        code = "".join(chr(ord(ch) - 0x1F1E6 + ord("A")) for ch in written)
        return CountryMatch(written, code, guessed=False) if country_name(code) else None
    if not written or len(written) > 60 or any(ch.isdigit() for ch in written):
        return None
    exact = _lookup_exact(written)
    if exact is not None:
        return CountryMatch(written, exact[0], guessed=False)
    parts = [p for p in _COMPOUND_SPLIT.split(written) if p.strip()]
    if len(parts) >= 2:
        found = [_lookup_exact(p) for p in parts]
        if all(f is not None for f in found):
            codes = [f[0] for f in found if f is not None and f[0] is not None]
            return CountryMatch(written, codes[0] if codes else None, guessed=False)
    if not allow_fuzzy:
        return None
    key = normalize_key(written)
    if len(key) < 6 or len(key.split()) > 4 or not written[:1].isupper():
        return None
    best = process.extractOne(
        key, _index().fuzzy_keys, scorer=fuzz.ratio, score_cutoff=85, processor=None
    )
    if best is None:
        return None
    code = _index().countries[best[0]]
    return CountryMatch(written, code, guessed=True)


def country_name(alpha_2: str) -> str:
    """The English name of a country by its ISO code, "" when there is none."""
    found = pycountry.countries.get(alpha_2=alpha_2) if len(alpha_2) == 2 else None
    return str(getattr(found, "common_name", None) or found.name) if found else ""


def is_region_only(text: str) -> bool:
    """True when ``text`` is a known region rather than a state."""
    exact = _lookup_exact(text)
    return exact is not None and exact[1]


def find_country_mentions(text: str) -> list[str]:
    """Country names (not regions) mentioned anywhere inside ``text``, as written."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)
    found: list[str] = []
    index = _index()
    i = 0
    while i < len(words):
        matched = 0
        for size in range(min(6, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size]).strip(".-")
            known = phrase in index.case_sensitive or (
                normalize_key(phrase) in index.countries and len(phrase) >= 4
            )
            if known and phrase[:1].isupper():
                found.append(phrase)
                matched = size
                break
        i += matched or 1
    return found
