"""One entry: is it an organization or a person, and its fields read accordingly.

Why the kind is decided first: the same shape means different things — in "Jane Roe
(University of Leeds)" the bracket is an affiliation, in "Die Linke (The Left)" a
translation. Cues of both kinds are weighed; a group heading ("Individuals:") tips the
balance, and what stays uncertain follows the list's majority later (parse.py).
"""

from __future__ import annotations

import re

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.countries import country_name
from undersigned.imports.parsing.individuals import parse_individual
from undersigned.imports.parsing.lexicon import (
    english_score,
    has_institution_word,
    has_org_word,
    has_role_word,
    named_like_profession,
)
from undersigned.imports.parsing.notes import note
from undersigned.imports.parsing.organizations import parse_organization
from undersigned.imports.parsing.people import (
    TWO_PEOPLE,
    first_segment,
    has_given_name,
    person_score,
    strip_titles,
    surname_first,
)
from undersigned.imports.parsing.result import Hint, Kind, Reading
from undersigned.imports.parsing.role_first import role_first
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    fold,
)
from undersigned.imports.parsing.tails import (
    flag_country,
    take_contacts,
    take_flags,
    take_footnote,
    take_pseudonym,
)
from undersigned.imports.parsing.text import ends_with_abbreviation, trailing_groups

__all__ = ["kind_scores", "parse_entry", "strip_trailing_punctuation", "weak_kind"]


def strip_trailing_punctuation(text: str) -> str:
    """Commas, semicolons and a final full stop (of any script) that end an entry."""
    text = text.strip()
    while text and text[-1] in ",;·|，；、،؛":
        text = text[:-1].rstrip()
    if text.endswith(("。", "।", "۔", "．")):
        text = text[:-1].rstrip()
    if text.endswith(".") and not ends_with_abbreviation(text) and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _bracket_cues(first: str, name_only: str, person: float, given: bool) -> tuple[float, float]:
    """(organisation cues, personal-name score) after what a trailing bracket says."""
    spans = trailing_groups(first)
    if not spans:
        return 0.0, person
    inner = first[spans[-1][0] + 1 : spans[-1][1] - 1]
    affiliation = "," in inner or ";" in inner or has_role_word(inner)
    short_caseless = (
        dominant_script(name_only) in UNSPACED_SCRIPTS
        and dominant_script(inner) in CASELESS_SCRIPTS
        and person >= 0.45
    )
    if short_caseless or (person >= 0.45 and (affiliation or has_institution_word(inner))):
        # "Molly Doe (Debian Project, GNOME Foundation)": a person's affiliation
        return 0.0, min(1.0, person + 0.2)
    if (
        not given
        and english_score(inner) >= 0.7
        and english_score(name_only) <= 0.5
        and not has_institution_word(inner)
    ):
        # an English rendering of the name: organisations have those, people rarely
        return (2.0 if has_org_word(inner) else 1.0), person
    return 0.0, person


def _name_cues(first: str, name_only: str, person: float) -> float:
    """Organisation cues of the name itself: words, an abbreviation, quotes, digits."""
    org = 0.0
    if has_org_word(name_only) or named_like_profession(name_only):
        org += 2.0  # "Reporters Without Borders": a profession's plural names a group
    tokens = strip_titles(name_only)[1].split()
    if tokens and abbreviation_shape(tokens[0]) >= 0.8:
        org += 1.5 if len(tokens) >= 2 else 1.0
    if any(q in re.sub(r'(?<=\w)"(?=\w)', "", first) for q in '"„“”«»'):
        org += 1.0  # a name in quotes is a group's (a Hebrew ד"ר is no quote)
    if any(ch.isdigit() for ch in name_only):
        org += 0.5
    if len(tokens) == 1 and person < 0.6:
        org += 1.0
    if len(tokens) > 5:
        org += 1.0
    return org


def _person_of(first: str, name_only: str) -> tuple[float, bool]:
    """(personal-name score, has a given name) of the name part, two people counted."""
    person = person_score(first)
    pair = TWO_PEOPLE.split(name_only)
    if len(pair) == 2 and all(len(p.split()) >= 2 for p in pair):
        person = max(person, min(person_score(p) for p in pair))
    given = person >= 0.4 and has_given_name(name_only)
    if given:
        person = min(1.0, person + 0.25)
    return person, given


def kind_scores(content: str) -> tuple[float, float]:
    """(organisation cues, personal-name score) for an entry's content."""
    content, contacts = take_contacts(content)
    if re.fullmatch(r"@[\w.\-]+(?:@[\w.\-]+)?", content.strip()):
        return 0.0, 1.0  # a handle alone: somebody's user name
    if fold(first_segment(content)) in vocab.words("anonymous_names"):
        return 0.0, 1.0  # "匿名希望", "Anonymous": a person who withheld the name
    if surname_first(content):
        return 0.0, 0.9  # "Doe, Jane": the surname first
    first = first_segment(content)
    groups = trailing_groups(first)  # nested too: "Name(大学・准教授(京大出身))"
    name_only = first[: groups[0][0]].strip() if groups else first
    person, given = _person_of(first, name_only)
    org, person = _bracket_cues(first, name_only, person, given)
    org += _name_cues(first, name_only, person)
    rest = content[len(first) :]
    if person >= 0.4 and (
        has_role_word(rest) or re.search(r"\(.*(?:personal|persönlich).*\)", content, re.I)
    ):
        person = min(1.0, person + 0.2)
    if contacts and org < 1.5:
        person = min(1.0, person + 0.15)  # handles and addresses: mostly people's
    return org, person


def _single_word(content: str) -> bool:
    """One word that is no abbreviation and no organization word ("quill", "Kayla")."""
    text, _ = take_contacts(content)
    found = strip_titles(re.sub(r"\s*\([^()]*\)\s*$", "", text).strip())[1].split()
    return (
        len(found) == 1
        and abbreviation_shape(found[0]) < 0.8
        and not has_org_word(found[0])
        and dominant_script(found[0]) not in CASELESS_SCRIPTS
    )


def parse_entry(content: str, hint: Hint, force: Kind | None = None) -> tuple[list[Reading], bool]:
    """Read one entry's content. Returns (readings, whether the kind was uncertain)."""
    content, flags = take_flags(content)
    content, mark = take_footnote(strip_trailing_punctuation(content))
    content, pseudonym = take_pseudonym(content)
    readings, uncertain = _read(content, hint, force)
    for reading in readings:
        if mark:
            reading.penalize(0.0, note("footnote-left-out", mark=mark))
        if pseudonym:
            reading.penalize(0.0, note("pseudonym-left-out", pseudonym=pseudonym))
        if flags and not reading.country:
            # "🇨🇱 Colectivo X": the flag stands for the country, kept as written
            reading.country = flags[0]
            name = country_name(flag_country(flags[0]) or "")
            reading.penalize(0.05, note("country-from-flag", country=name, flag=flags[0]))
    return readings, uncertain


def _read(content: str, hint: Hint, force: Kind | None) -> tuple[list[Reading], bool]:
    held = role_first(content)
    if held:
        # "координатор МОД "Оборона" Эргил Осин": the role, then the name; the shape says
        # so even where a heading announced organisations ("the unions sign:")
        return held, False
    org, person = kind_scores(content)
    # a group heading ("Individuals:") tips the balance unless the line itself is clear
    if hint.kind == "individual" and org < 1.5:
        person, org = min(1.0, person + 0.25), org - 1.0
    elif hint.kind == "organization" and person < 0.75:
        org += 1.5
    individual = person >= 0.6 and org < 1.5
    uncertain = (org > 0 or person < 0.7) if individual else (org < 1.0 and person >= 0.3)
    if _single_word(content):
        uncertain = True  # a user name or a one-word group: the list's majority decides
    if force is not None:
        individual = force == "individual"
    if individual:
        return parse_individual(content, hint), uncertain
    return [parse_organization(content, hint)], uncertain


def weak_kind(content: str, kind: Kind) -> bool:
    """Whether ``content`` was read as ``kind`` on weak cues only.

    An organization is weakly one without an organization word in its name ("MOSHE
    BEHAR", "david sorkin"); a person without a given name, a title or a role ("Rode
    Morgen").
    """
    text, contacts = take_contacts(content)
    first = first_segment(text)
    name_only = re.sub(r"\s*\([^()]*\)\s*$", "", first).strip()
    if kind == "organization":
        tokens = name_only.split()
        # an acronym alone is an organization's name, unless it came with a handle
        acronym = len(tokens) == 1 and abbreviation_shape(tokens[0]) >= 1.0 and not contacts
        return not has_org_word(name_only) and not acronym and len(tokens) <= 4
    titles, _rest = strip_titles(name_only)
    return not (has_given_name(name_only) or titles or has_role_word(text[len(first) :]))
