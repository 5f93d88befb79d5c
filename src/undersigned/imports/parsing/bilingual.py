"""An organization named twice, in Chinese, Japanese or Korean and in English, side by side.

Why: lists from Hong Kong, Taiwan, Japan or Korea give each group's name in both
languages with nothing between, glued or spaced, in either order
("中国劳工通讯China Labour Bulletin", "China Labour Bulletin中国劳工通讯"), often with a
place in brackets in each ("劳动力(香港) Worker Empowerment (Hong Kong)"). The name is
the form in the unspaced script (the list's own language), the English form its
translation, and the place — a country or a region such as Hong Kong — the country,
as the name's script writes it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.lexicon import english_score
from undersigned.imports.parsing.scripts import UNSPACED_SCRIPTS, dominant_script, fold

__all__ = ["Bilingual", "split_bilingual", "split_dash_rendering"]

_CJK = r"\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"
_BRACKET = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*")
_CJK_FIRST = re.compile(rf"^([{_CJK}][^A-Za-z]*?)\s*([A-Za-z][^{_CJK}]*)$")
_LATIN_FIRST = re.compile(rf"^([A-Za-z][^{_CJK}]*?)\s*([{_CJK}][^A-Za-z]*)$")


class Bilingual(NamedTuple):
    name: str
    translation: str
    country: str | None


def _places(text: str) -> tuple[str, list[str]]:
    """The text without brackets that only name a place, and those places in order."""
    places: list[str] = []

    def drop(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        if match_country(inner, allow_fuzzy=False) is None:
            return match.group(0)
        places.append(inner)
        return " "

    return _BRACKET.sub(drop, text).strip(), places


def _english(part: str) -> bool:
    """A real English rendering, not an acronym glued inside a name ("IT联盟")."""
    words = part.split()
    return len(words) >= 2 or len(re.findall(r"[A-Za-z]", part)) >= 6


def split_bilingual(text: str) -> Bilingual | None:
    """(name, translation, country) of a name given in a CJK script and in English."""
    if not re.search(rf"[{_CJK}]", text) or not re.search(r"[A-Za-z]", text):
        return None
    rest, places = _places(text)
    if re.search(r"[()（）,，、]", rest):
        return None  # a bracket or a comma says itself what the parts are
    found = _CJK_FIRST.match(rest)
    if found is not None:
        native, english = found.group(1).strip(), found.group(2).strip()
    elif (found := _LATIN_FIRST.match(rest)) is not None:
        english, native = found.group(1).strip(), found.group(2).strip()
    else:
        return None
    if not _english(english) or dominant_script(native) not in UNSPACED_SCRIPTS | {"HANGUL"}:
        return None
    same = [p for p in places if dominant_script(p) == dominant_script(native)]
    written = same or places
    country = written[0] if written else None
    return Bilingual(native, english, country)


# "Bimkom – Planners for Planning rights", "Hamoked: Center for the Defence of …"
_RENDERING = re.compile(r"^(\S+(?:\s\S+){0,2}?)(?:\s+[-–—]\s+|:\s+)(\S.*\S)$")


def split_dash_rendering(text: str) -> Bilingual | None:
    """ "Bimkom – Planners for Planning rights": a name in its own language (a Hebrew or
    Arabic name written in Latin letters) and, after a dash or a colon, its English
    rendering. Read so only when no word of the name is English and the rendering is
    English through and through: "cnetz – Verein für Netzpolitik" (a short form and the
    name) and "CUT – Central Única" (an acronym) are not."""
    found = _RENDERING.match(text.strip())
    if found is None:
        return None
    name, rendering = found.group(1), found.group(2)
    if dominant_script(name) != "LATIN" or dominant_script(rendering) != "LATIN":
        return None
    if match_country(name, allow_fuzzy=False) is not None:
        return None  # "Greece: Network for …": the country before its group
    tokens = name.split()
    english = vocab.words("english_words")
    if any(
        abbreviation_shape(t) >= 0.8 or fold(t) in english or not t[:1].isupper() for t in tokens
    ):
        return None
    if len(rendering.split()) < 2 or english_score(rendering) < 0.9 or english_score(name) > 0.5:
        return None
    return Bilingual(name, rendering, None)
