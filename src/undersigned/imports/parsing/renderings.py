"""The brackets after an organization's name: its transliteration, its translation, or
its abbreviation — "(Kommounistiko Komma Elladas)", "(The Left)", "(PCR)".

Why scored: a Latin bracket after a Greek name may sound like it (a transliteration) or
be English (a translation); after a Latin name it may be an English rendering or part
of the name ("(Marxist-Leninist)"). The score says how well a reading fits; the notes
say what had to be guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from undersigned.imports.parsing.abbreviations import (
    is_trailing_abbreviation,
    looks_like_abbreviation,
)
from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.lexicon import english_score, english_share
from undersigned.imports.parsing.notes import Note, note
from undersigned.imports.parsing.scripts import (
    dominant_script,
    fold,
    is_mixed_script,
    transliteration_similarity,
)
from undersigned.imports.parsing.text import words

__all__ = ["Extras", "classify_extras"]


@dataclass(slots=True)
class Extras:
    score: float
    transliteration: str | None = None
    translation: str | None = None
    abbreviation: str | None = None
    notes: list[Note] = field(default_factory=list)
    name: str | None = None
    """The name, when the bracket holds it and what stood before was its abbreviation."""


def _latin_after_other_script(name: str, extra: str) -> Extras:
    """One Latin bracket after a non-Latin name: transliteration or translation?"""
    similarity = transliteration_similarity(name, extra)
    share = english_share(extra)
    if share >= 0.75 and similarity < 95:
        notes = []
        if similarity >= 80:
            notes.append(note("translation-not-transliteration", text=extra))
        return Extras(1.0, translation=extra, notes=notes)
    if similarity >= 65:
        notes = []
        if similarity < 75 or share >= 0.5:
            notes.append(note("transliteration-not-translation", text=extra))
        return Extras(1.0, transliteration=extra, notes=notes)
    notes = []
    if share < 0.5:
        notes.append(note("translation-not-transliteration", text=extra))
    return Extras(1.0, translation=extra, notes=notes)


def _name_in_bracket(name: str, extras: list[str], has_abbreviation: bool) -> bool:
    """ "KKE (Kommounistiko Komma Elladas)": ABBR (NAME), the name in the bracket."""
    return (
        not has_abbreviation
        and len(extras) == 1
        and len(name.split()) == 1
        and abbreviation_shape(name) >= 0.8
        and len(extras[0].split()) >= 2
        and extras[0][:1].isupper()
        and match_country(extras[0], allow_fuzzy=False) is None
    )


def _bracket_abbreviation(
    name: str, extras: list[str]
) -> tuple[str | None, list[str], float, list[Note]]:
    """(abbreviation, the other brackets, score bonus, notes): a bracket that is the
    name's abbreviation, first or last."""
    for index in (0, len(extras) - 1):
        if is_trailing_abbreviation(extras[index], name):
            return extras[index], extras[:index] + extras[index + 1 :], 0.6, []
    last = extras[-1]
    if looks_like_abbreviation(last) and any(c.islower() for c in name):
        # "Dockers' Union of Piraeus (ENEDEP)": an abbreviation of the original name
        return last, extras[:-1], 0.3, [note("abbreviation-from-bracket", text=last)]
    return None, extras, 0.0, []


def classify_extras(name: str, extras: list[str], has_abbreviation: bool) -> Extras:
    """Score reading ``extras`` (trailing bracket contents) as transliteration/translation.

    A bracket can also be the name's own abbreviation ("... (PCR)", "... (ФАС)") when the
    line has no leading abbreviation.
    """
    if not extras:
        return Extras(0.0)
    if _name_in_bracket(name, extras, has_abbreviation):
        return Extras(1.2, abbreviation=name, name=extras[0])
    abbreviation: str | None = None
    bonus = 0.0
    notes: list[Note] = []
    if not has_abbreviation:
        abbreviation, extras, bonus, notes = _bracket_abbreviation(name, extras)
    if not extras:
        return Extras(bonus, abbreviation=abbreviation, notes=notes)
    result = _classify_renderings(name, extras)
    result.score += bonus
    result.abbreviation = abbreviation
    result.notes = notes + result.notes
    return result


def _katakana_share(text: str) -> float:
    """Share of katakana among the letters (after a prefix like "(社)")."""
    letters = [ch for ch in re.sub(r"^[(（][^)）]*[)）]", "", text) if ch.isalpha()]
    katakana = sum(1 for ch in letters if "\u30a0" <= ch <= "\u30ff")
    return katakana / len(letters) if letters else 0.0


def _latin_bracket_after_latin(name: str, extra: str) -> Extras:
    """ "Die Linke (The Left)": an English rendering, or part of the name?"""
    words_extra = len(words(extra))
    similarity = fuzz.ratio(fold(extra), fold(name))
    if similarity >= 90 and words_extra >= 2:
        return Extras(0.8, translation=extra)
    english_extra = english_score(extra)
    english_name = english_score(name)
    if english_extra >= 0.6 and english_name <= 0.5:
        if words_extra >= 2:
            return Extras(0.4 + 0.5 * (english_extra - english_name), translation=extra)
        if len(words(name)) == 1:
            return Extras(0.3, translation=extra, notes=[note("translation-guessed", text=extra)])
    return Extras(-0.6)


def _one_rendering(name: str, extra: str) -> Extras:
    name_script = dominant_script(name)
    extra_script = dominant_script(extra)
    non_latin_name = name_script not in {"LATIN", "NONE"} and not is_mixed_script(name)
    if extra_script == "NONE":
        return Extras(-1.0)
    if non_latin_name and extra_script == "LATIN":
        return _latin_after_other_script(name, extra)
    if name_script == extra_script == "CJK" and _katakana_share(name) >= 0.5:
        # "キョレハナ(民族はひとつ)": a foreign name in katakana, its meaning in brackets
        return Extras(0.8, translation=extra)
    if extra_script != "LATIN" or name_script != "LATIN":
        return Extras(-0.6)
    return _latin_bracket_after_latin(name, extra)


def _two_renderings(name: str, first: str, second: str) -> Extras:
    non_latin_name = dominant_script(name) not in {"LATIN", "NONE"} and not is_mixed_script(name)
    if not (
        non_latin_name and dominant_script(first) == "LATIN" and dominant_script(second) == "LATIN"
    ):
        return Extras(-1.0)
    sim_first = transliteration_similarity(name, first)
    sim_second = transliteration_similarity(name, second)
    if sim_second > sim_first + 10 and english_share(first) > english_share(second):
        return Extras(
            1.3, transliteration=second, translation=first, notes=[note("renderings-swapped")]
        )
    notes = []
    if sim_first < 60:
        notes.append(note("transliteration-guessed", text=first))
    return Extras(1.5, transliteration=first, translation=second, notes=notes)


def _classify_renderings(name: str, extras: list[str]) -> Extras:
    if len(extras) == 1:
        return _one_rendering(name, extras[0])
    if len(extras) == 2:
        return _two_renderings(name, extras[0], extras[1])
    return Extras(-2.0)
