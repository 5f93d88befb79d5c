"""Organizations: "ABBR Native name (Transliteration) (English name), Country".

Why try every split and score it: where the abbreviation ends, which brackets belong to
the name ("(Marxist-Leninist)") and which render it, cannot be read left to right. Each
candidate split (0-6 leading tokens as the abbreviation, ``abbreviations``; 0-2
trailing brackets as renderings, ``renderings``) is scored by how well the abbreviation
matches the initials, whether a bracket sounds like the name (a transliteration) or is
English (a translation), and the best one wins; whatever it had to guess becomes a note.
"""

from __future__ import annotations

import re

from undersigned.imports.parsing.abbreviations import (
    AbbrChoice,
    abbreviation_candidates,
    take_tail_abbreviation,
)
from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.bilingual import split_bilingual, split_dash_rendering
from undersigned.imports.parsing.countries import CountryMatch
from undersigned.imports.parsing.lexicon import english_score, has_org_word
from undersigned.imports.parsing.notes import note
from undersigned.imports.parsing.renderings import Extras, classify_extras
from undersigned.imports.parsing.result import Hint, Reading
from undersigned.imports.parsing.scripts import UNSPACED_SCRIPTS, dominant_script
from undersigned.imports.parsing.tails import (
    take_leading_country,
    take_trailing_country,
    take_trailing_url,
)
from undersigned.imports.parsing.text import bracket_balance, trailing_groups

__all__ = ["parse_organization"]


def _best_split(text: str) -> tuple[AbbrChoice, Extras] | None:
    """The best-scored (abbreviation, name) and reading of the trailing brackets."""
    spans = trailing_groups(text)
    best: tuple[float, AbbrChoice, Extras] | None = None
    for t in range(0, min(len(spans), 2) + 1):
        cut = spans[len(spans) - t][0] if t else len(text)
        name_part = text[:cut].strip()
        extras = [text[s + 1 : e - 1].strip() for s, e in spans[len(spans) - t :]] if t else []
        if not name_part:
            continue
        for choice in abbreviation_candidates(name_part):
            info = classify_extras(choice.name, extras, choice.abbreviation is not None)
            total = choice.score + info.score - 0.01 * t
            if best is None or total > best[0] + 1e-9:
                best = (total, choice, info)
    return (best[1], best[2]) if best else None


def _apply_split(parsed: Reading, choice: AbbrChoice, info: Extras, tail: str | None) -> None:
    parsed.name = info.name or choice.name
    parsed.abbreviation = choice.abbreviation or info.abbreviation or tail
    parsed.transliteration = info.transliteration
    parsed.translation = info.translation
    for extra_note in info.notes:
        parsed.penalize(0.2, extra_note)
    if choice.abbreviation is not None:
        if choice.score < 0.7:
            parsed.penalize(0.25, note("abbreviation-uncertain", abbreviation=choice.abbreviation))
        elif choice.shaped and choice.detail < 0.5:
            parsed.penalize(0.1, note("abbreviation-partial", abbreviation=choice.abbreviation))
        return
    first = parsed.name.split()[0] if parsed.name.split() else ""
    if abbreviation_shape(first) >= 0.8 and len(parsed.name.split()) >= 3:
        parsed.penalize(0.25, note("abbreviation-unmatched", word=first))


def _apply_country(
    parsed: Reading, country: CountryMatch | None, how: str | None, hint: Hint
) -> None:
    if country is None:
        if hint.country:
            parsed.country = hint.country
            parsed.penalize(0.15, note("country-from-heading", country=hint.country))
        return
    parsed.country = country.text
    if country.guessed:
        parsed.penalize(0.2, note("country-misspelled", country=country.text))
    if how == "dash":
        parsed.penalize(0.1, note("country-after-dash", country=country.text))
    elif how == "leading":
        parsed.penalize(0.05)


_SQUARE_TAIL = re.compile(r"(?<=\S)\s+\[([^\[\]()]+)\]$")


_PLACE = re.compile(r"^(?P<rest>.*\S),\s*(?P<place>[^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*)?)$")


def _without_place(text: str) -> str:
    """ "Aktivna zona, Cetinje" (before ", Crna Gora"): a city between the name and its
    country has no field of its own; one or two capitalised words after the last comma,
    with no organisation word, are the place, and the name is what comes before."""
    found = _PLACE.match(text)
    if found is None or bracket_balance(found["rest"]) != 0:
        return text
    place, rest = found["place"], found["rest"]
    if not all(w[:1].isupper() for w in place.split()) or has_org_word(place):
        return text
    if len(re.sub(r"\([^()]*\)", " ", rest).split()) < 2:
        return text
    return rest


_CJK_TAIL = re.compile(
    r"^(?P<latin>[^\u3000-\u9fff\uff00-\uffef]*[A-Za-z][^\u3000-\u9fff\uff00-\uffef]*?)"
    r"\s*(?P<cjk>[\u3400-\u9fff][\u3000-\u9fff\uff00-\uffef,]*)$"
)


def _cjk_gloss(content: str) -> tuple[str, str] | None:
    """ "All Women's Action Society (AWAM)妇女行动协会": a name in Latin letters, then its
    rendering in Chinese or Japanese (glued or after a space) -> the name and the rendering.
    Only after the name's abbreviation in brackets: the name with its short form is the
    one the list is written in, the CJK words its gloss."""
    found = _CJK_TAIL.match(content.strip())
    if found is None or len(found["latin"].split()) < 2 or bracket_balance(found["latin"]):
        return None
    if not found["latin"].rstrip().endswith(")"):
        return None  # "Coastal Rights Network海岸權利網絡": the CJK name first, as in round 3
    return found["latin"].strip(), found["cjk"]


def parse_organization(content: str, hint: Hint) -> Reading:
    """Read one organization's entry: abbreviation, name, renderings, country."""
    gloss = _cjk_gloss(content)
    if gloss is not None:
        parsed = parse_organization(gloss[0], hint)
        if parsed.translation is None:
            parsed.translation = gloss[1]
            return parsed
    parsed = Reading(kind="organization", name=content)
    text, url = take_trailing_url(content)
    if url:
        parsed.penalize(0.05, note("link-left-out", link=url))
    # "Tag Meir [Illuminating Tag]": a rendering in square brackets is read as in round ones
    text = _SQUARE_TAIL.sub(r" (\1)", text)
    bilingual = split_bilingual(text) or split_dash_rendering(text)
    if bilingual is not None:
        parsed.name, parsed.translation = bilingual.name, bilingual.translation
        parsed.country = bilingual.country
        return parsed
    text, leading_country = take_leading_country(text)
    text, country, how = take_trailing_country(text)
    if how == "comma":
        text = _without_place(text)
    if country is None and leading_country is not None:
        country, how = leading_country, "leading"
    text, tail_abbreviation = take_tail_abbreviation(text)
    short = short_before_long(text)
    if short is not None:
        parsed.abbreviation, parsed.name = short
        _apply_country(parsed, country, how, hint)
        return parsed
    best = _best_split(text)
    if best is None:
        parsed.name = text
    else:
        _apply_split(parsed, best[0], best[1], tail_abbreviation)
    _apply_country(parsed, country, how, hint)
    parsed.name = parsed.name.strip().rstrip(",;:").rstrip()
    if bracket_balance(parsed.name) != 0:
        parsed.penalize(0.3, note("brackets-unbalanced"))
    if not any(ch.isalnum() for ch in re.sub(r"\([^()]*\)", "", parsed.name)):
        parsed.penalize(0.5, note("no-name-outside-brackets"))
    return parsed


_SHORT_LONG = re.compile(r"^(?P<short>[^()]{2,40}?)\s*[(（](?P<long>[^()（）]{6,200})[)）]$")


def short_before_long(text: str) -> tuple[str, str] | None:
    """ "Colectivo GALACTYCO (Asociación de Gays, Lesbianas …)", "東京革新懇(平和・民主・
    革新の日本をめざす東京の会)": a group's short name, then its full name in brackets.

    The short form holds a word in capitals (or is a short CJK name) and the bracket is
    an organisation's name several times as long, in the same language: an English
    rendering of a name in another language is its translation, not its full name.
    """
    found = _SHORT_LONG.match(text.strip())
    if found is None:
        return None
    short, full = found.group("short").strip(), found.group("long").strip()
    script = dominant_script(short)
    if script != dominant_script(full) or not has_org_word(full):
        return None
    if script in UNSPACED_SCRIPTS:
        if len(short) > 8 or len(full) < 2 * len(short) or has_org_word(short):
            return None
    else:
        capitals = [t for t in short.split() if len(t) >= 3 and t.isupper() and t.isalpha()]
        if not capitals or len(short.split()) > 4 or len(full.split()) < 3:
            return None
        if english_score(full) >= 0.7 and english_score(short) <= 0.5:
            return None  # "XYZ Partija (Party of …)": a translation
    return short, full
