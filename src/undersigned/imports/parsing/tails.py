"""What trails or leads a name: its country, a link, a handle, a footnote mark, a flag.

Why apart from the names: these parts are recognised the same way for organizations and
people, and must come off before the name is read ("KOL ... (Communist Organization of
Luxemburg), Luxembourg", "Jane Doe @jdoe", "Attac¹", "🇨🇱 Colectivo X").
"""

from __future__ import annotations

import re

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.countries import CountryMatch, match_country
from undersigned.imports.parsing.scripts import fold
from undersigned.imports.parsing.text import bracket_balance, split_top_level, trailing_groups

__all__ = [
    "flag_country",
    "take_bare_country",
    "take_contacts",
    "take_flags",
    "take_footnote",
    "take_leading_country",
    "take_pseudonym",
    "take_trailing_country",
    "take_trailing_handle",
    "take_trailing_url",
]

_URL_TAIL = re.compile(
    r"\s*(?:[-–—|:,]\s*|\(\s*|\[\s*)?(?:https?://|www\.)[^\s()\[\]]+\s*[)\]]?\s*$", re.IGNORECASE
)
_HANDLE_TAIL = re.compile(r"\s*(?:[-–—|,]\s*|\(\s*)?(@[\w.]{2,30}(?:@[\w.-]+)?)\s*\)?\s*$")
_FOOTNOTE = re.compile(
    r"(?<=[^\W\d_]|[)\]\"”»])\s?(\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*{1,3}|†)$|(?<=[)\]）])(\d{1,2})$"
)
_FOOTNOTE_INSIDE = re.compile(r"(?<=[^\W\d_])(\*{1,3}|[†‡]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?=[\s,;，、；]|[(（]\S)")
_GLUED_BRACKET = re.compile(r"^(.*[^\W\d_])\(([^()]{3,40})\)\s*$")
_FLAG = re.compile(r"[\U0001F1E6-\U0001F1FF]{2}")
_FLAGS_AROUND = re.compile(
    r"^\s*((?:[\U0001F1E6-\U0001F1FF]{2}\s*)+)|((?:\s*[\U0001F1E6-\U0001F1FF]{2})+)\s*$"
)


def _region_and_state(parts: list[str], state: CountryMatch) -> tuple[str, CountryMatch] | None:
    """ "…, Catalunya, España": a region and its state, the place as written."""
    if len(parts) < 3 or not state.alpha_2:
        return None
    region = match_country(parts[-2].strip(), allow_fuzzy=False)
    if region is None or region.alpha_2 is not None:
        return None
    written = f"{parts[-2].strip()},{parts[-1]}".strip()
    return ",".join(parts[:-2]).rstrip(), CountryMatch(written, state.alpha_2, state.guessed)


def take_trailing_country(text: str) -> tuple[str, CountryMatch | None, str | None]:
    """Split off a trailing country: ", Country", " - Country" or " (Country)".

    Returns (rest, match, how) where ``how`` is "comma", "dash" or "paren".
    """
    parts = split_top_level(text, ",")
    if len(parts) >= 2:
        candidate = parts[-1].strip()
        match = match_country(candidate)
        if match is not None:
            rest = ",".join(parts[:-1]).rstrip()
            with_region = _region_and_state(parts, match)
            if with_region is not None:
                return with_region[0], with_region[1], "comma"
            if rest:
                return rest, match, "comma"
    # " - Country", and glued on one side: "(ASP) -Italien", "(CARC)- Italien", "SERPAJ- X"
    dash = re.match(
        r"^(.*\S)(?:\s+[-–—]\s*|(?<=[)\]])[-–—]\s*|(?<=[^\W\d_])[-–—]\s+)"
        r"([^()\-–—\s][^()\-–—]*)$",
        text,
    )
    if dash and bracket_balance(dash.group(1)) == 0:
        match = match_country(dash.group(2), allow_fuzzy=False)
        if match is not None:
            return dash.group(1).rstrip(), match, "dash"
    spans = trailing_groups(text)
    if spans:
        start, end = spans[-1]
        inner = text[start + 1 : end - 1]
        match = match_country(inner, allow_fuzzy=False)
        if match is not None and text[:start].strip():
            return text[:start].rstrip(), match, "paren"
    glued = _GLUED_BRACKET.match(text)
    if glued:
        # "Parti révolutionnaire-Communistes(France)": glued, yet only a country
        match = match_country(glued.group(2), allow_fuzzy=False)
        if match is not None:
            return glued.group(1).rstrip(), match, "paren"
    return text, None, None


def take_bare_country(text: str) -> tuple[str, CountryMatch | None]:
    """Split off a country after the last space(s), with no comma: "KPX Estonia".

    Tries the last one to four words; the rest must keep a word of its own.
    """
    words = text.split()
    for size in range(min(4, len(words) - 1), 0, -1):
        candidate = " ".join(words[-size:])
        if not candidate[:1].isupper() and not candidate[:1].isalpha():
            continue
        match = match_country(candidate, allow_fuzzy=False)
        if match is not None:
            rest = " ".join(words[:-size])
            if _ends_with_particle(rest):
                continue  # "CP of Albania", "Partido Comunista de Brasil": in the name
            if rest.strip(" -–—,") and bracket_balance(rest) == 0:
                return rest.rstrip(" -–—,"), match
    return text, None


def _ends_with_particle(text: str) -> bool:
    """Whether ``text`` ends with a word that joins a name to what follows (of, de, der)."""
    found = text.split()
    if not found or not found[-1].islower():
        return False
    last = fold(found[-1])
    return last in vocab.words("acronym_stopwords") or last in vocab.words("name_particles")


def take_leading_country(text: str) -> tuple[str, CountryMatch | None]:
    """ "Greece: Network for Social Support" -> the name and Greece."""
    match = re.match(r"^([^:：]{2,40})[:：]\s+(\S.*)$", text)
    if match:
        country = match_country(match.group(1), allow_fuzzy=False)
        if country is not None:
            return match.group(2), country
    return text, None


def take_trailing_url(text: str) -> tuple[str, str | None]:
    match = _URL_TAIL.search(text)
    if match and text[: match.start()].strip():
        return text[: match.start()].rstrip(), match.group(0).strip(" -–—|:,()[]")
    return text, None


_CONTACT_TAIL = re.compile(
    r"\s*(?:[-–—|,:]\s*)?(?:\(\s*|\[\s*|<)?(?P<c>(?:https?://|www\.)[^\s()<>\[\]]+|"
    r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+|@[\w.\-]+(?:@[\w.\-]+)?)\s*(?:\)|\]|>)?\s*$",
    re.IGNORECASE,
)


def take_contacts(text: str) -> tuple[str, list[str]]:
    """Handles, e-mail addresses and links at the end of an entry, off it, in order.

    An entry that is nothing but a handle keeps it: the handle is the name ("@ktemkin").
    """
    found: list[str] = []
    while True:
        match = _CONTACT_TAIL.search(text)
        if not match:
            return text, found
        before = text[: match.start()].strip()
        if not before:
            return text, found
        found.insert(0, match.group("c"))
        # "Name (GitHub: @handle)": the bracket's label goes with the handle
        for opener, closer in (("(", ")"), ("[", "]")):
            opened = before.rfind(opener)
            if (
                opened > 0
                and before.count(opener) > before.count(closer)
                and match.group(0).strip().endswith(closer)
            ):
                before = before[:opened].rstrip()
        text = before


def take_trailing_handle(text: str) -> tuple[str, str | None]:
    """ "Jane Doe @jdoe" or "Name (@name@mastodon.social)": the handle, off the name."""
    match = _HANDLE_TAIL.search(text)
    if match and text[: match.start()].strip() and " " in text[: match.start()].strip() + " ":
        return text[: match.start()].rstrip(" ,-–—|"), match.group(1)
    return text, None


def take_footnote(text: str) -> tuple[str, str | None]:
    """A footnote mark glued to the end of a name: "Attac¹", "Name [2]", "Name*", and
    before what describes the name: "天马* 社科学院", "Jane Roe*, University"."""
    match = _FOOTNOTE.search(text)
    if match and text[: match.start()].strip():
        return text[: match.start()].rstrip(), match.group(1) or match.group(2)
    inner = _FOOTNOTE_INSIDE.search(text)
    if inner and text[: inner.start()].strip():
        return text[: inner.start()] + text[inner.end() :], inner.group(1)
    return text, None


def flag_country(flag: str) -> str | None:
    """The ISO alpha-2 code a flag emoji stands for (two regional indicator letters)."""
    if not _FLAG.fullmatch(flag):
        return None
    return "".join(chr(ord(ch) - 0x1F1E6 + ord("A")) for ch in flag)


def take_flags(text: str) -> tuple[str, list[str]]:
    """Flag emoji at the start or end of an entry, off the text."""
    flags: list[str] = []
    while True:
        match = _FLAGS_AROUND.search(text)
        if not match or (not text[: match.start()].strip() and not text[match.end() :].strip()):
            return text.strip(), flags
        flags += _FLAG.findall(match.group(0))
        text = (text[: match.start()] + " " + text[match.end() :]).strip()


def take_pseudonym(text: str) -> tuple[str, str | None]:
    """ "Anna Jakubowska ps. „Paulina”", "John Doe aka "Jack"": a quoted pseudonym after
    the name, its marker before it, off the name; and the pseudonym. Unquoted, the word
    after "dit" or "alias" may be part of a name, and is left."""
    markers = "|".join(
        re.escape(m) for m in sorted(vocab.phrases("pseudonym_markers"), key=len, reverse=True)
    )
    found = re.search(
        rf"\s+(?:{markers})\s*[„“”\"«»‘’'「]([^„“”\"«»‘’'」]{{1,40}})[”“\"»’'」]\s*$",
        text,
        re.IGNORECASE,
    )
    if found is None or not text[: found.start()].strip():
        return text, None
    return text[: found.start()].rstrip(), found.group(1).strip()
