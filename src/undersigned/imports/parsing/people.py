"""Individuals: does a text look like a personal name, and reading "Name, Role, Institution".

Why a score and not a yes/no: "Rode Morgen", "Jana Horáková" and "Pro Asyl" all have two
capitalised words; given names, titles, organization words and the rest of the list
together decide, and the list's majority settles what a line alone leaves open.
"""

from __future__ import annotations

import re

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.countries import CountryMatch, match_country
from undersigned.imports.parsing.lexicon import has_org_word
from undersigned.imports.parsing.notes import note
from undersigned.imports.parsing.result import Hint, Reading
from undersigned.imports.parsing.scripts import CASELESS_SCRIPTS, dominant_script, fold
from undersigned.imports.parsing.tails import take_trailing_country
from undersigned.imports.parsing.text import split_top_level, trailing_groups
from undersigned.imports.parsing.unmarked import name_and_description

__all__ = [
    "TWO_PEOPLE",
    "cjk_name_and_description",
    "cjk_personal_name",
    "country_notes",
    "first_segment",
    "has_given_name",
    "person_score",
    "strip_titles",
    "surname_first",
    "two_people",
]

_POSTNOMINALS = re.compile(
    r"^(?:ph\.?\s?d\.?|m\.?d\.?|m\.?a\.?|m\.?sc\.?|b\.?a\.?|b\.?sc\.?|ll\.?m\.?|jr\.?|sr\.?|"
    r"iii|ii|iv|mbe|obe|cbe|frs|fba|esq\.?|dphil|d\.phil\.?)$",
    re.IGNORECASE,
)

# German (and Dutch, Scandinavian) names of groups are compounds ending in a noun for a
# group; a given name, which comes first in a personal name, never ends so.
_GERMAN_ORG_COMPOUND = re.compile(
    r"^\w{3,}(?:brücke|rat|verein|bündnis|bund|kreis|netzwerk|netz|hilfe|gruppe|"
    r"stiftung|initiative|komitee|kollektiv|gewerkschaft|partei|jugend|forum|zentrum|"
    r"werkstatt|verband|vereinigung|genossenschaft|front|koalition|plattform|beweging|"
    r"vereniging|förbund|forbund|förening|forening)$"
)

TWO_PEOPLE = re.compile(r"\s+(?:and|&|und|et|y|e|и|і|та|ve|och|og|en|oraz|i|a)\s+|\s*&\s*")


def strip_titles(text: str) -> tuple[str, str]:
    """Split leading titles ("Prof. Dr.") from a name. Returns (titles, rest)."""
    titles = vocab.words("titles")
    dotted = {t for t in titles if t.endswith(".")}
    tokens = text.split()
    taken = 0
    while taken < len(tokens) - 1:
        token = fold(tokens[taken]).strip(",")
        if token in titles or (
            re.fullmatch(r"(?:[a-zäöü]{1,5}\.){1,3}", token) and token in dotted
        ):
            taken += 1
            continue
        break
    return " ".join(tokens[:taken]), " ".join(tokens[taken:])


def _is_name_token(token: str) -> bool:
    core = token.strip(",;")
    if not core:
        return False
    if re.fullmatch(r"(?:[^\W\d_]\.-?)+", core):  # initials: J. / J.-P.
        return core[0].isupper()
    if not core[0].isalpha() or not core[0].isupper():
        return False
    if any(ch.isdigit() for ch in core):
        return False
    letters = [c for c in core if c.isalpha()]
    # ALL CAPS -> abbreviation, not a name
    return not (len(letters) >= 2 and all(c.isupper() for c in letters))


def _caseless_person(rest: str, tokens: list[str], titles: str) -> float:
    """The score of a name in a script without capitals (CJK, Arabic, Hebrew, Hindi...)."""
    script = dominant_script(rest)
    if titles:
        return 0.9  # "ד\"ר רונית לוי", "डॉ. अनिल शर्मा": a title before a name
    if script == "CJK" and len(tokens) == 1:
        # Chinese names have two to four characters, Japanese ones up to five
        return 0.5 if 2 <= len(rest) <= 4 else 0.45 if len(rest) == 5 else 0.1
    if any(match_country(t, allow_fuzzy=False) for t in tokens):
        return 0.1  # "বাংলাদেশ এলডিপি": a country's name in it
    if 2 <= len(tokens) <= 3 and not any(ch.isdigit() for ch in rest):
        return 0.6  # "अनिल सद्गोपाल": two or three words and no organization word
    return 0.45 if len(tokens) == 4 else 0.1


def _cased_tokens_fail(core: list[str], titles: str) -> bool:
    """Whether the words are not a name's: not capitalised (one ALL-CAPS surname, as in
    "DUPONT Jean", is allowed)."""
    if all(_is_name_token(t) for t in core):
        return False
    caps = [t for t in core if not _is_name_token(t)]
    letters = re.sub(r"['’-]", "", caps[0])  # "D'ANDREA", "SAINT-JUST"
    surname = letters.isalpha() and letters.isupper() and len(letters) >= 3
    initials = bool(_INITIALS.fullmatch(core[0]))  # "P.J. SHEEHAN": initials, no acronym
    return not (len(caps) == 1 and len(core) >= 2 and surname) or bool(
        abbreviation_shape(core[0]) and len(core) == 2 and not titles and not initials
    )


_INITIALS = re.compile(r"(?:[^\W\d_]\.-?)+")
_BY_WORDS = {1: 0.25, 2: 0.6, 3: 0.6, 4: 0.6, 5: 0.45}


def _cased_person(tokens: list[str], titles: str) -> float:
    """The score of a name in a script with capitals (Latin, Cyrillic, Greek...)."""
    particles = vocab.words("name_particles")
    core = [t for t in tokens if fold(t) not in particles]
    if fold(tokens[0]) in vocab.words("foreign_words") | {"the", "a", "an"} or not core:
        return 0.0
    if _GERMAN_ORG_COMPOUND.search(fold(core[0])):
        return 0.05  # "Seebrücke Hamburg", "Flüchtlingsrat Niedersachsen": no given name
    if _cased_tokens_fail(core, titles):
        return 0.05
    score = _BY_WORDS.get(len(core), 0.1)
    english_words = vocab.words("english_words")
    given_names = vocab.words("given_names")
    english = sum(1 for t in core if fold(t).strip(".,") in english_words)
    if (english == len(core) or english >= 2) and not any(fold(t) in given_names for t in core):
        score *= 0.5  # "Red Dawn", "Workers Voice"
    if len(core) >= 2 and match_country(core[-1], allow_fuzzy=False) is not None:
        score *= 0.3  # "Attac France", "Rote Hilfe Schweiz"
    if titles:
        score = min(1.0, score + 0.35)
    return score


def person_score(text: str) -> float:
    """0..1: how much ``text`` looks like a personal name (with optional titles)."""
    text = text.strip()
    groups = trailing_groups(text)  # nested ones too: "Name(大学・准教授(出身))"
    text = text[: groups[0][0]].strip() if groups else text
    if not text or len(text) > 70:
        return 0.0
    # quotes mark a group's name ("Red Wedge"); a double quote between two letters is
    # the Hebrew abbreviation mark (ד"ר, "Dr.")
    unquoted = re.sub(r'(?<=\w)"(?=\w)', "", text)
    if any(q in unquoted for q in '"„“”«»') or any(ch.isdigit() for ch in text):
        return 0.0
    titles, rest = strip_titles(text)
    tokens = rest.split()
    if has_org_word(rest) or not tokens:
        return 0.0
    caseless = dominant_script(rest) in CASELESS_SCRIPTS
    if caseless and titles:
        return 0.9
    if cjk_personal_name(rest):
        return 0.7  # "陳志全", "김민수": a family name and a given name
    if caseless:
        return _caseless_person(rest, tokens, titles)
    return _cased_person(tokens, titles)


def cjk_personal_name(text: str) -> bool:
    """A Chinese or Korean personal name: a common family name, then one or two
    characters of a given name ("李卓人", "歐陽震華", "김민수"), with nothing else."""
    core = text.strip()
    script = dominant_script(core)
    if script not in {"CJK", "HANGUL"} or not 2 <= len(core) <= 4:
        return False
    if not all(ch.isalpha() and dominant_script(ch) == script for ch in core):
        return False
    if re.search(r"[\u3040-\u30ff]", core) or has_org_word(core):
        return False  # kana: Japanese, whose family names are too many to list
    if script == "HANGUL":
        return len(core) == 3 and core[:1] in vocab.words("korean_family_names")
    family = vocab.words("cjk_family_names")
    if len(core) == 4:
        return core[:2] in family
    return core[:1] in family or core[:2] in family


_SURNAME_FIRST = re.compile(
    r"^(?P<surname>[^\W\d_][\w'’\-]+(?: [^\W\d_][\w'’\-]+)?),\s*"
    r"(?P<given>[^\W\d_][\w'’\-]+(?: [^\W\d_]\.)?)$"
)


def surname_first(text: str) -> bool:
    """ "Doe, Jane", "García López, María": a surname, a comma, a known given name."""
    match = _SURNAME_FIRST.match(text.strip())
    if match is None or not all(w[:1].isupper() for w in match.group(0).replace(",", " ").split()):
        return False
    given = fold(match.group("given").split()[0])
    return given in vocab.words("given_names") and not has_org_word(match.group("surname"))


def has_given_name(name: str) -> bool:
    if cjk_personal_name(name):
        return True
    _, rest = strip_titles(name)
    given_names = vocab.words("given_names")
    tokens = [t.strip(".,") for t in rest.split()]
    return any(fold(t) in given_names for t in tokens[:2]) or any(
        fold(p) in given_names for p in (tokens[0].split("-") if tokens else [])
    )


# A Chinese or Japanese personal name (two to five characters), a space, and what the
# person is: "邵城阳 数学系2013级本科生". A short second word is the given name instead
# ("山田 太郎"): the description is four characters or more.
_CJK_NAME_SPACE = re.compile(
    r"^([\u3400-\u9fff\u3040-\u30ff\uf900-\ufaff]{2,5})[ \u3000]+"
    r"([^\s(（\[【][^\s(（]{3,}(?:[\s(（].*)?|[^\s(（]*\d.*)$"
)


def cjk_name_and_description(text: str) -> tuple[str, str] | None:
    """(name, description) of "Name description" written in Chinese or Japanese."""
    match = _CJK_NAME_SPACE.match(text.strip())
    if match is None:
        # "李小紅 律師": after a full Chinese name (family name and given name) even a
        # description of two characters is one
        short = re.match(r"^(\S{3})[ \u3000]+([^\s(（\[【]\S+.*)$", text.strip())
        if short is None or not cjk_personal_name(short.group(1)):
            return None
        match = short
    if dominant_script(match.group(2)) not in {"CJK", "NONE"}:
        return None
    return match.group(1), match.group(2).strip()


def first_segment(content: str) -> str:
    """The part of an entry that would be a person's name (before role and country)."""
    text, _, _ = take_trailing_country(content)
    first = split_top_level(text, ",;،")[0].strip()
    dash = re.match(r"^(.+?)\s+[-–—]\s+(.+)$", first)
    if dash and person_score(dash.group(1)) >= 0.6:
        first = dash.group(1)
    spaced = cjk_name_and_description(first) or name_and_description(first)
    if spaced is not None:
        first = spaced[0]
    return first


def country_notes(base: Reading, country: CountryMatch | None, how: str | None, hint: Hint) -> None:
    if country is not None and country.guessed:
        base.penalize(0.2, note("country-misspelled", country=country.text))
    if country is not None and how == "dash":
        base.penalize(0.1, note("country-after-dash", country=country.text))
    if country is None and hint.country:
        base.country = hint.country
        base.penalize(0.15, note("country-from-heading", country=hint.country))


def two_people(base: Reading, name: str) -> list[Reading]:
    """ "Samira Haddad and Jonas Lindqvist, Co-directors, ...": two entries."""
    pieces = TWO_PEOPLE.split(name)
    if len(pieces) != 2:
        return [base]
    left, right = pieces[0].strip(), pieces[1].strip()
    if person_score(left) >= 0.6 and person_score(right) >= 0.6:
        if len(left.split()) >= 2 and len(right.split()) >= 2:
            out: list[Reading] = []
            for person in (left, right):
                clone = Reading(
                    kind="individual",
                    name=person,
                    country=base.country,
                    role=base.role,
                    affiliation=base.affiliation,
                    confidence=base.confidence,
                    notes=list(base.notes),
                )
                clone.penalize(0.1, note("two-people-split"))
                out.append(clone)
            return out
    elif person_score(right) >= 0.6 and len(left.split()) == 1 and left[:1].isupper():
        base.penalize(0.25, note("maybe-two-people"))
    return [base]
