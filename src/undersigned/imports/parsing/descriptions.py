"""What describes a person after their name: a role, an affiliation, or both.

Why apart from reading the name: the same description is read whether it follows a dash,
a comma or stands in brackets — "Name (X)": X is the affiliation, as written, when it
names or contains an organization ("Segretario generale CGIL", "Debian Developer"); the
role when it is only a function ("Gewerkschaftssekretär"). A bracket that only holds a
handle, an e-mail, a link or a place of residence is left out of every field.
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
from undersigned.imports.parsing.scripts import CASELESS_SCRIPTS, UNSPACED_SCRIPTS, dominant_script
from undersigned.imports.parsing.text import OPENERS, ends_with_abbreviation, trailing_groups

__all__ = [
    "attach_codes",
    "bracket_fields",
    "classify_part",
    "join_parts",
    "mentions_org",
    "segments_of",
    "single_description",
]

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


def segments_of(text: str) -> list[tuple[int, int]]:
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
        elif ch in ",;，；،؛" and depth == 0 and not quote:
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


def bracket_fields(
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
        if kept != parts:  # after a place, the organisation and function as written
            return "", "、".join(kept), country
        return *_institution_and_function(inner), country
    if mentions_org(inner):
        return "", inner, country
    return inner, "", country


def _institution_and_function(text: str) -> tuple[str, str]:
    """(role, affiliation) of "成蹊大学・教授" or "日本学術振興会 特別研究員PD": where, then
    what, apart by a middle dot or a space; the whole as the affiliation otherwise."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch in OPENERS) - (ch in ")）]】")
        if depth == 0 and ch in "・ \u3000" and 0 < i < len(text) - 1:
            head, tail = text[:i].strip(), text[i + 1 :].strip()
            if has_role_word(tail.split("(")[0]) and not has_role_word(head):
                return tail, head
            break
    return "", text


def _unquoted(text: str) -> str:
    """A description a spreadsheet export put in straight quotes ("Univ. X, Y"), unquoted."""
    if len(text) > 2 and text[0] == text[-1] == '"' and text.count('"') == 2:
        return text[1:-1].strip()
    return text


def _institution_then_capacity(text: str, groups: list[tuple[int, int]]) -> tuple[str, str] | None:
    """ "Universität Bremen (in persönlicher Eigenschaft)": an institution, then a capacity."""
    head = text[: groups[0][0]].strip()
    inners = [text[a + 1 : b - 1].strip() for a, b in groups]
    capacities = all(has_role_word(i) and (i[:1].islower() or not mentions_org(i)) for i in inners)
    if head and not starts_with_role(head) and mentions_org(head) and capacities:
        return ", ".join(inners), head
    return None


def _function_then_place(text: str, groups: list[tuple[int, int]]) -> tuple[str, str] | None:
    """ "MdL (DGB Bezirksvorstand)": a function, then where it is held."""
    head = text[: groups[0][0]].strip()
    inners = [text[a + 1 : b - 1].strip() for a, b in groups]
    if head and has_role_word(head) and not mentions_org(head) and all(map(mentions_org, inners)):
        return head, ", ".join(inners)
    return None


def _role_then_institution(text: str) -> tuple[str, str] | None:
    """ "Periodista, Ràdio 4/RNE": a role, then where it is held."""
    spans = segments_of(text)
    if len(spans) != 2:
        return None
    first, second = (text[a:b].strip() for a, b in spans)
    role_first = has_role_word(first) and not has_institution_word(first)
    institution = has_institution_word(second) or has_org_word(second) or mentions_org(second)
    if role_first and institution and not has_role_word(second):
        return first, second
    return None


def _by_words(text: str) -> tuple[str, str]:
    """(role, affiliation) of a description by its words alone."""
    if dominant_script(text) in UNSPACED_SCRIPTS:
        # "明愛專上學院客座教授": where and what, one unit, as written; "文教大学 名誉教授"
        # or "大学・教授": where, then what
        return _institution_and_function(text)
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


def _lone_small_word(text: str) -> bool:
    """ "Name, akademik", "Name, advokat": one word in small letters in a cased script is
    what the person is (an organisation or institution is named with a capital), even
    when its stem is an institution word ("akadem-")."""
    return (
        len(text.split()) == 1
        and text[:1].islower()
        and text[:1] != text[:1].upper()
        and not any(ch.isdigit() or ch in "@/." for ch in text)
    )


def single_description(text: str) -> tuple[str, str]:
    """(role, affiliation) of one free description after a name."""
    text = _unquoted(text.strip())
    if not ends_with_abbreviation(text):
        text = text.rstrip(" .")
    if not text:
        return "", ""
    if named_like_profession(text):
        return "", text
    if _lone_small_word(text):
        return text, ""
    groups = trailing_groups(text)
    found = _institution_then_capacity(text, groups) if groups else None
    found = found or _role_then_institution(text)
    if found is None and groups:
        found = _function_then_place(text, groups)
    return found or _by_words(text)


def classify_part(part: str) -> str:
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


def attach_codes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "…, Portland, OR": a part of two capitals (a state's code) belongs to the one before."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and re.fullmatch(r"[A-Z]{2}\.?", text[a:b].strip()):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def join_parts(text: str, spans: list[tuple[int, int]]) -> str:
    """Parts joined with the separators the text had between them (", " or "; ")."""
    out = ""
    for index, (a, b) in enumerate(spans):
        piece = text[a:b].strip()
        if index:
            separator = text[spans[index - 1][1] : spans[index - 1][1] + 1]
            out += "; " if separator in ";；" else ", "
        out += piece
    return out
