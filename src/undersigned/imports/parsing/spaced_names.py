"""A paragraph of personal names with only spaces between them: "Marta Bartkowska Magdalena
Bauer Hanna Białoń …".

Why: a page's line breaks get lost when a list is copied from it (a ``<br>`` dropped, a
PDF's columns run together), and what is left is one paragraph of capitalised words.
With no separator to split at, the names are paired: given name and surname, middle
initials between them ("Janusz R. Kowalczyk"). The pairing is trusted only when the
words that open the pairs are mostly known given names and the words that close them are
mostly not: a title or a phrase in title case ("Fondation Internet Nouvelle Génération")
never reads so.
"""

from __future__ import annotations

import re

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.lexicon import has_org_word, has_role_word
from undersigned.imports.parsing.scripts import CASELESS_SCRIPTS, dominant_script, fold

__all__ = ["names_by_spaces"]

_INITIAL = re.compile(r"[^\W\d_]\.")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_MIN_PEOPLE = 4


def _given(word: str) -> bool:
    return any(fold(part) in vocab.words("given_names") for part in word.split("-"))


def _pairs(tokens: list[str]) -> list[list[str]] | None:
    """The tokens cut into given name, initials, surname; None when they do not pair."""
    people: list[list[str]] = []
    current: list[str] = []
    for token in tokens:
        if _INITIAL.fullmatch(token):
            if not current:
                return None  # an initial opens no name here
            current.append(token)
            continue
        current.append(token)
        if len([t for t in current if not _INITIAL.fullmatch(t)]) == 2:
            people.append(current)
            current = []
    return people if not current else None


def names_by_spaces(text: str) -> list[str] | None:
    """The names of a paragraph of "Given Surname" pairs with only spaces between, or
    None when it is no such paragraph."""
    if dominant_script(text) in CASELESS_SCRIPTS:
        return None  # no capitals to tell a name's words from others
    tokens = text.split()
    if len(tokens) < 2 * _MIN_PEOPLE:
        return None
    for token in tokens:
        if _INITIAL.fullmatch(token) and token[0].isupper():
            continue
        if not _WORD.fullmatch(token):
            return None  # punctuation, digits: a sentence or a list with separators
        if not token[0].isupper() or (token.isupper() and len(token) > 1):
            return None  # a lower-case word, an acronym: no run of names
    if any(has_org_word(t) or has_role_word(t) for t in tokens):
        return None
    people = _pairs(tokens)
    if people is None or len(people) < _MIN_PEOPLE:
        return None
    opening = sum(1 for p in people if _given(p[0]))
    closing = sum(1 for p in people if _given(p[-1]))
    if opening < 0.5 * len(people) or closing > 0.15 * len(people):
        return None
    return [" ".join(p) for p in people]
