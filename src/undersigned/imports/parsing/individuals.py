"""Reading one individual's entry: name, role, affiliation, country.

The shapes, and what each part becomes:

- ``Name (X)``: X is the affiliation, as written, when it names or contains an
  organization ("Segretario generale CGIL", "Debian Developer"); the role when it is only
  a function ("Gewerkschaftssekretär"). A bracket that only holds a handle, an e-mail, a
  link or a place of residence is left out of every field.
- ``Name – description`` or ``Name, description`` with one description: the role as
  written ("Vorsitzender des BUND"), the affiliation when it only names an institution
  ("Universität Hamburg", "Attac"), both when it reads "Role, Institution".
- ``Name, A, B, C, Country`` (academics): each part is a role or an affiliation by its
  words, joined in their order; a country at the end is the country.

Titles and post-nominals stay in the name ("Prof. Dr. Anna Keller", "Jane Doe, PhD").
"""

from __future__ import annotations

import re

from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.countries import CountryMatch, match_country
from undersigned.imports.parsing.lexicon import (
    has_institution_word,
    has_org_word,
    has_role_word,
    named_like_profession,
    starts_with_role,
)
from undersigned.imports.parsing.notes import Note, note
from undersigned.imports.parsing.people import (
    cjk_name_and_description,
    country_notes,
    person_score,
    two_people,
)
from undersigned.imports.parsing.result import Hint, Reading
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    transliteration_similarity,
)
from undersigned.imports.parsing.tails import take_contacts, take_trailing_country
from undersigned.imports.parsing.text import OPENERS, ends_with_abbreviation, trailing_groups

__all__ = ["mentions_org", "parse_individual"]

_POSTNOMINAL = re.compile(
    r"^(?:ph\.?\s?d\.?|m\.?d\.?|m\.?a\.?|m\.?sc\.?|b\.?a\.?|b\.?sc\.?|ll\.?\s?m\.?|jr\.?|sr\.?|"
    r"iii|ii|iv|mbe|obe|cbe|frs|fba|esq\.?|dphil|d\.phil\.?|mba|mph|rn|dds)$",
    re.IGNORECASE,
)
_DASH = re.compile(r"\s+[-–—]\s+|\s+[-–—](?=[^\W\d_])|(?<=[^\W\d_])[-–—]\s+")
_QUOTED = re.compile(r"[“„«‹\"「『][^“”„«»‹›\"「」『』]*[”»›\"」』“]")
# A place of residence written the Japanese way: prefecture, city, ward, town, village.
_JAPANESE_PLACE = re.compile(
    r"^(?:[\u3400-\u9fff]{1,5}[都道府県])?(?:[\u3400-\u9fff\u30a0-\u30ff\d]{1,8}[市区町村郡])+"
    r"[\u3400-\u9fff]{0,4}$|^[\u3400-\u9fff]{1,5}[都道府県]$"
)
_HANDLE = re.compile(r"^@[\w.\-]+(?:@[\w.\-]+)?$")
_EMAIL = re.compile(r"^<?[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+>?$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_WORD = re.compile(r"[^\W_][\w.'’\-]*")


def _segments(text: str) -> list[tuple[int, int]]:
    """Spans of the parts of ``text`` between top-level commas and semicolons."""
    spans: list[tuple[int, int]] = []
    depth = 0
    quote = False
    start = 0
    for i, ch in enumerate(text):
        if ch in OPENERS:
            depth += 1
        elif ch in ")]}）］】":
            depth = max(0, depth - 1)
        elif (
            ch == '"' and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
        ):
            continue  # ד"ר: the Hebrew abbreviation mark, no quote
        elif ch in '“«„"':
            quote = not quote if ch == '"' else True
        elif ch in "”»":
            quote = False
        elif ch in ",;，；" and depth == 0 and not quote:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_contact(text: str) -> bool:
    """A handle, an e-mail address, a link, or a name in backticks (a user name)."""
    core = text.strip()
    return bool(
        _HANDLE.match(core)
        or _EMAIL.match(core)
        or _URL.match(core)
        or (len(core) > 2 and core[0] == "`" and core[-1] == "`")
    )


def _without_contacts(inner: str) -> str:
    """A bracket's text without the handles, e-mails and links among its parts."""
    parts = [p.strip() for p in re.split(r"\s*[,;]\s*", inner)]
    kept = [p for p in parts if p and not _is_contact(p)]
    if len(kept) == len(parts):
        return inner.strip()
    return ", ".join(kept)


def mentions_org(text: str) -> bool:
    """Whether ``text`` names or contains an organization (not only a function).

    Quoted titles do not count ("curatore di “Un'altra educazione”"), nor role words
    ("Gewerkschaftssekretär" holds "Gewerkschaft" but names a function). Words that do:
    an organization or institution word; an abbreviation that is not a role (CGIL, FSF,
    not MdL); a dotted or underscored name (ver.di, X.org, salmon_lib); a capitalised
    word that is no role word.
    """
    plain = _QUOTED.sub(" ", text)
    for index, raw in enumerate(_WORD.findall(plain)):
        token = raw.strip(".'’-")
        if not token or has_role_word(token):
            continue
        if has_org_word(token) or has_institution_word(token):
            return True
        letters = [c for c in token if c.isalpha()]
        if len(letters) >= 2 and abbreviation_shape(token) >= 0.8:
            return True
        if re.search(r"[a-z][._][a-z]", token, re.IGNORECASE) or any(c.isdigit() for c in token):
            return True
        if token[:1].isupper() and len(letters) >= 2:
            lowered = token.lower()
            if index == 0 and lowered in {"former", "ex", "the", "a", "an", "hon"}:
                continue
            return True
    return has_org_word(plain) and not has_role_word(plain)


def _caseless(text: str) -> bool:
    return dominant_script(text) in CASELESS_SCRIPTS


def _bracket_fields(
    inner: str, country: CountryMatch | None
) -> tuple[str, str, CountryMatch | None]:
    """(role, affiliation, country) from a bracket after a person's name."""
    inner = _without_contacts(inner)
    if not inner:
        return "", "", country
    found = match_country(inner, allow_fuzzy=False)
    if found is not None:
        return "", "", country or found
    if _caseless(inner):
        # "(東京都清瀬市、市民連合…)": the place of residence has no field
        parts = [p for p in re.split(r"[、,，]\s*", inner) if p.strip()]
        kept = [p for p in parts if not _JAPANESE_PLACE.match(p.strip())]
        return "", "、".join(kept) if kept != parts else inner, country
    if mentions_org(inner):
        return "", inner, country
    return inner, "", country


def _unquoted(text: str) -> str:
    """A description a spreadsheet export put in straight quotes ("Univ. X, Y"), unquoted."""
    if len(text) > 2 and text[0] == text[-1] == '"' and text.count('"') == 2:
        return text[1:-1].strip()
    return text


def _single_description(text: str) -> tuple[str, str]:
    """(role, affiliation) of one free description after a name."""
    text = _unquoted(text.strip())
    if not ends_with_abbreviation(text):
        text = text.rstrip(" .")
    if not text:
        return "", ""
    if named_like_profession(text):
        return "", text
    groups = trailing_groups(text)
    if groups:
        # "Universität Bremen (in persönlicher Eigenschaft)": an institution, then a capacity
        head = text[: groups[0][0]].strip()
        inners = [text[a + 1 : b - 1].strip() for a, b in groups]
        capacities = all(
            has_role_word(i) and (i[:1].islower() or not mentions_org(i)) for i in inners
        )
        if head and not starts_with_role(head) and mentions_org(head) and capacities:
            return ", ".join(inners), head
    spans = _segments(text)
    if len(spans) == 2:
        first, second = (text[a:b].strip() for a, b in spans)
        role_first = has_role_word(first) and not has_institution_word(first)
        # "Periodista, Ràdio 4/RNE": a role, then where it is held
        institution = has_institution_word(second) or has_org_word(second) or mentions_org(second)
        if role_first and institution and not has_role_word(second):
            return first, second
    if groups:
        # "MdL (DGB Bezirksvorstand)": a function, then where it is held
        head = text[: groups[0][0]].strip()
        inners = [text[a + 1 : b - 1].strip() for a, b in groups]
        if (
            head
            and has_role_word(head)
            and not mentions_org(head)
            and all(map(mentions_org, inners))
        ):
            return head, ", ".join(inners)
    if dominant_script(text) in UNSPACED_SCRIPTS:
        return "", text  # "明愛專上學院客座教授": where and what, one unit, as written
    first_word = text.split()[0]
    institution_named = has_institution_word(text) and not has_role_word(first_word)
    if starts_with_role(text) and not institution_named:
        return text, ""  # "Rabbinical College" names a college, "Professor at X" a role
    if _caseless(text):
        return "", text
    if has_role_word(text) and not (has_institution_word(text) or has_org_word(text)):
        return text, ""
    if mentions_org(text):
        return "", text
    return text, ""


def _classify(part: str) -> str:
    """ "role" or "affiliation" for one of several parts after an academic's name."""
    if named_like_profession(part):
        return "affiliation"
    if starts_with_role(part):
        return "role"
    institution = has_institution_word(part) or has_org_word(part)
    if has_role_word(part) and not institution:
        return "role"
    if institution or mentions_org(part):
        return "affiliation"
    return "role" if part[:1].islower() else "affiliation"


def _attach_codes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "…, Portland, OR": a part of two capitals (a state's code) belongs to the one before."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and re.fullmatch(r"[A-Z]{2}\.?", text[a:b].strip()):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _join(text: str, spans: list[tuple[int, int]]) -> str:
    """Parts joined with the separators the text had between them (", " or "; ")."""
    out = ""
    for index, (a, b) in enumerate(spans):
        piece = text[a:b].strip()
        if index:
            separator = text[spans[index - 1][1] : spans[index - 1][1] + 1]
            out += "; " if separator in ";；" else ", "
        out += piece
    return out


def parse_individual(content: str, hint: Hint) -> list[Reading]:
    """Read an individual's entry (see the module's docstring) as one or two people."""
    notes: list[Note] = []
    text, contacts = take_contacts(content)
    notes += [note("link-left-out", link=c) for c in contacts if "://" in c or c.startswith("www")]
    notes += [note("handle-left-out", handle=c) for c in contacts if "://" not in c]
    text, country, how = take_trailing_country(text)
    spans = _segments(text)
    first_start, first_end = spans[0] if spans else (0, len(text))
    head = text[first_start:first_end].strip()
    rest = spans[1:]
    dash_description = ""
    dash = _DASH.search(head)
    spaced = cjk_name_and_description(head)
    if dash and person_score(head[: dash.start()]) >= 0.4:
        dash_description = (head[dash.end() :] + text[first_end:]).strip()
        head, rest = head[: dash.start()].strip(), []
    elif spaced is not None:
        dash_description = (spaced[1] + text[first_end:]).strip()
        head, rest = spaced[0], []
    # post-nominals right after the name stay in it, as written ("John Cairns,Jr.")
    name_end = first_end
    while rest and _POSTNOMINAL.match(text[rest[0][0] : rest[0][1]].strip()):
        name_end = rest[0][1]
        rest = rest[1:]
    name = head if dash_description else text[first_start:name_end].strip()
    role_parts: list[str] = []
    affiliation_parts: list[str] = []
    transliteration: str | None = None
    groups = trailing_groups(head)
    if groups and not dash_description and name_end == first_end:
        name = head[: groups[0][0]].strip()
        for a, b in groups:
            inner = head[a + 1 : b - 1].strip()
            if (
                transliteration is None
                and dominant_script(name) not in {"LATIN", "NONE"}
                and dominant_script(inner) == "LATIN"
                and transliteration_similarity(name, inner) >= 70
            ):
                transliteration = inner
                continue
            role, affiliation, country = _bracket_fields(inner, country)
            role_parts += [role] if role else []
            affiliation_parts += [affiliation] if affiliation else []
    description = dash_description
    if not description and len(rest) == 1:
        description = text[rest[0][0] : rest[0][1]]
    if description:
        role, affiliation = _single_description(description)
        role_parts += [role] if role else []
        affiliation_parts += [affiliation] if affiliation else []
    elif len(rest) > 1:
        rest = _attach_codes(text, rest)
        if country is None:
            # "…, Utrecht University, the Netherlands, Nobel Prize 1999": a country between
            for position, (a, b) in enumerate(rest):
                found = match_country(text[a:b].strip(), allow_fuzzy=False)
                if found is not None and found.alpha_2:
                    country = found
                    rest = rest[:position] + rest[position + 1 :]
                    break
        kinds = [_classify(text[a:b].strip()) for a, b in rest]
        role_parts.append(_join(text, [s for s, k in zip(rest, kinds, strict=True) if k == "role"]))
        affiliation_parts.append(
            _join(text, [s for s, k in zip(rest, kinds, strict=True) if k == "affiliation"])
        )
    reading = Reading(
        kind="individual",
        name=name,
        transliteration=transliteration,
        country=country.text if country else None,
        role=", ".join(p for p in role_parts if p) or None,
        affiliation=", ".join(p for p in affiliation_parts if p) or None,
    )
    for extra in notes:
        reading.penalize(0.0, extra)
    country_notes(reading, country, how, hint)
    return two_people(reading, name)
