"""A person whose role and organisation are written before the name.

Why apart: most lists put the name first ("Jane Roe, President, Union X"), and the kind
of a line is decided on its start; but many lists of unions, parties and associations
name the office first and the holder last, and then the whole line reads as an
organisation. The shapes, met in many languages:

- ``Role of Organisation Name`` with no separator (``координатор МОД "Оборона" Эргил
  Осин``, ``Vorsitzender des BUND Hubert Weiger``): the line opens with a role word and
  ends with two capitalised name words (a patronymic makes three); the role is the whole
  phrase before the name, the organisation and the place in it included;
- ``Role of Organisation, Name`` (``Koordinator Forum …, Buyung Marajo``): the same with a
  comma before the name, read so only when the phrase names an organisation too;
- ``profession Name`` (``poet Natan Sach``, ``escritor Juan Pérez``): one profession word in
  small letters before a name of two or three capitalised words;
- ``Organisation – Name – role`` (``CUT – Vagner Freitas – presidente nacional``): three
  parts between spaced dashes, the middle one a personal name, the last opening with a
  role word;
- ``Organisation Title Family Given`` in Chinese, Japanese or Korean, the parts separated
  by spaces (``東京保険医協会 会長 須田 昭夫``): the title is a whole word of
  ``vocab/role_titles.txt``; two holders may follow, joined by ``、``; a ditto mark
  (``同``) for "the same as above" opens the line of a further signer and is left out.

Anything else returns None, and the line is read as before.
"""

from __future__ import annotations

import re

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.lexicon import has_org_word, has_role_word, named_like_profession
from undersigned.imports.parsing.people import has_given_name, person_score, strip_titles
from undersigned.imports.parsing.result import Reading
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    fold,
)
from undersigned.imports.parsing.text import split_top_level

__all__ = ["role_first"]

_DITTO = ("同", "〃", "仝", "々")
_CJK_NAME_PART = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{1,4}")
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")
_PATRONYMIC = re.compile(r"(?:ович|евич|ьич|овна|евна|ична|инична)$")


def _name_word(token: str) -> bool:
    """A capitalised word of letters (a hyphen or an apostrophe inside): "Осин", "Jean-Luc"."""
    return bool(
        re.fullmatch(r"[^\W\d_][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*", token)
        and token[0].isupper()
        and not token.isupper()
        and not has_org_word(token)
        and not has_role_word(token)
    )


def _opens_with_role(words: list[str]) -> bool:
    """Whether the phrase opens with a role word, perhaps after a modifier ("Wakil")."""
    if not words:
        return False
    titles, _rest = strip_titles(" ".join(words))
    if titles:
        return False  # "Prof. Dr. …": a title, which stays in the name
    if named_like_profession(" ".join(words)):
        return False  # "Scientists for Future Göttingen": a group named by a profession
    if has_role_word(words[0]):
        return True
    modifier = fold(words[0]) in vocab.words("role_modifiers")
    return modifier and len(words) > 1 and has_role_word(words[1])


def _person(name: str) -> bool:
    return person_score(name) >= 0.6 and match_country(name, allow_fuzzy=False) is None


def _reading(name: str, role: str | None, affiliation: str | None) -> Reading:
    return Reading(
        kind="individual",
        name=name.strip(),
        role=(role or "").strip(" ,;") or None,
        affiliation=(affiliation or "").strip(" ,;") or None,
    )


def _unseparated(text: str) -> list[Reading] | None:
    """ "координатор МОД "Оборона" г. Мурманск Виталий Шурупов"."""
    words = text.split()
    size = 3 if len(words) >= 5 and _PATRONYMIC.search(words[-2]) else 2
    if len(words) < size + 2 or not _opens_with_role(words[:-size]):
        return None
    if has_org_word(words[0]) or named_like_profession(text):
        return None  # "Fondation Internet …", "Scientists for Future Göttingen"
    if not any(w[:1].islower() or w.isupper() or re.search(r"[\"«»„“”()\d]", w) for w in words):
        return None  # words in title case only: a name, not a role and a name
    tail = words[-size:]
    name = " ".join(tail)
    if not all(_name_word(t) for t in tail) or not _person(name):
        return None
    before = words[-size - 1]
    if _name_word(before) and has_given_name(before) and not has_given_name(name):
        return None  # the name may have begun earlier: leave the line as it was
    return [_reading(name, " ".join(words[:-size]), None)]


def _profession_word_first(text: str) -> list[Reading] | None:
    """ "poet Natan Sach", "sculptor Danny Karavan": a profession in small letters, then a
    name of two or three capitalised words (cased scripts only); a title ("prof.") stays
    in the name."""
    words = text.split()
    if not 3 <= len(words) <= 4 or not words[0][:1].islower() or not _opens_with_role(words[:1]):
        return None
    if strip_titles(text)[0] or words[0].endswith("."):
        return None  # "prof. Jerzy Zdrada": a title, which stays in the name
    name = " ".join(words[1:])
    if not all(_name_word(w) for w in words[1:]) or not _person(name):
        return None
    return [_reading(name, words[0], None)]


def _caseless_profession_first(text: str) -> list[Reading] | None:
    """ "কবি আতাহার খান" (poet Atahar Khan): in a spaced script without capitals, one
    profession word, then a name of two to four words with no role or organisation word
    (a title such as "ড." stays in the name)."""
    script = dominant_script(text)
    if script not in CASELESS_SCRIPTS or script in UNSPACED_SCRIPTS:
        return None
    words = text.split()
    if not 3 <= len(words) <= 5 or not has_role_word(words[0]):
        return None
    name = " ".join(words[1:])
    if any(has_role_word(w) or has_org_word(w) for w in words[1:]):
        return None
    if re.search(r"[\d,;:()/@]", name):
        return None  # vowel signs are no word characters: digits and punctuation tell
    return [_reading(name, words[0], None)]


def _after_comma(text: str) -> list[Reading] | None:
    """ "Koordinator Forum Himpunan Kelompok Kerja-30 (FH Pokja 30), Buyung Marajo"."""
    parts = split_top_level(text, ",")
    if len(parts) < 2:
        return None
    name = parts[-1].strip()
    head = text[: len(text) - len(parts[-1])].rstrip(" ,")
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or not all(_name_word(t) for t in tokens[:2]):
        return None
    names_group = has_org_word(head) or re.search(r"\([^()]*[A-Z]{2,}[^()]*\)", head)
    if not names_group or not _opens_with_role(head.split()) or not _person(name):
        return None
    return [_reading(name, head, None)]


def _between_dashes(text: str) -> list[Reading] | None:
    """ "CUT – Vagner Freitas – presidente nacional"."""
    parts = _SPACED_DASH.split(text)
    if len(parts) != 3:
        return None
    group, name, role = (p.strip() for p in parts)
    tokens = name.split()
    if not 2 <= len(tokens) <= 5 or not _name_word(tokens[0]) or not _name_word(tokens[-1]):
        return None
    if not _person(name) or has_org_word(name) or _person(group):
        return None
    if not _opens_with_role(role.split()):
        return None
    return [_reading(name, role, group)]


def _is_title(token: str) -> bool:
    return len(token) <= 8 and any(token.endswith(t) for t in vocab.phrases("role_titles"))


def _cjk(text: str) -> list[Reading] | None:
    """ "東京保険医協会 会長 須田 昭夫", "… 代表理事 桑田 富夫、松丸 和夫"."""
    if dominant_script(text) not in UNSPACED_SCRIPTS and dominant_script(text) != "HANGUL":
        return None
    tokens = text.split()
    if tokens and tokens[0] in _DITTO:
        tokens = tokens[1:]
    title = next((i for i in range(1, len(tokens) - 1) if _is_title(tokens[i])), None)
    if title is None:
        return None
    people = [p.split() for p in " ".join(tokens[title + 1 :]).split("、")]
    if not all(1 <= len(p) <= 2 and all(_CJK_NAME_PART.fullmatch(w) for w in p) for p in people):
        return None
    affiliation = " ".join(tokens[:title])
    if has_role_word(affiliation) and not has_org_word(affiliation):
        return None
    return [_reading(" ".join(p), tokens[title], affiliation) for p in people]


def role_first(content: str) -> list[Reading] | None:
    """The person (or two) of a line whose role and organisation come first, or None."""
    text = content.strip()
    if not text:
        return None
    return (
        _cjk(text)
        or _between_dashes(text)
        or _after_comma(text)
        or _unseparated(text)
        or _profession_word_first(text)
        or _caseless_profession_first(text)
    )
