"""A name and what the person is, with nothing between: "أحمد الفضالي رئيس تيار الاستقلال".

Why by words: in Arabic, Persian, Hebrew or the Indic scripts no capital letter marks
where a name ends, and lists in news items often put no comma or dash between a person's
name and function ("Name President of Party X", "Name Party X"). The description starts
at the first word that opens a function ("رئيس", "دبیرکل", "सचिव") or that is itself an
organization word ("حزب", "الحزب"); the name before it has two words or more (titles
not counted), so a one-word name is never cut.
"""

from __future__ import annotations

import re
from functools import cache

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.lexicon import has_role_word
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    fold,
)

__all__ = ["name_and_description"]

# Articles a caseless script glues to an organization word ("الحزب": the party).
_ARTICLES = ("ال", "ה")


@cache
def _org_words() -> frozenset[str]:
    return frozenset(fold(w) for w in vocab.phrases("org_substrings") if " " not in w)


def _opens_organization(token: str) -> bool:
    word = fold(token)
    bare = next((word[len(a) :] for a in _ARTICLES if word.startswith(a)), word)
    return word in _org_words() or bare in _org_words()


def _titles_at_start(tokens: list[str]) -> int:
    titles = vocab.words("titles")
    taken = 0
    while taken < len(tokens) and fold(tokens[taken]) in titles:
        taken += 1
    return taken


def name_and_description(text: str) -> tuple[str, str] | None:
    """(name, description) of "Name Description" in a script without capitals, or None
    when no word in it opens a description."""
    script = dominant_script(text)
    if script not in CASELESS_SCRIPTS or script in UNSPACED_SCRIPTS:
        return None
    if "(" in text or re.search(r"\s[-–—]\s", text):
        return None  # a bracket or a dash marks the name's end itself
    tokens = text.split()
    first = _titles_at_start(tokens) + 2
    for k in range(first, min(len(tokens) - 1, first + 4)):
        # an organization word ends the name only with the organization's name after it
        modifier = fold(tokens[k]) in vocab.words("role_modifiers") and k + 1 < len(tokens)
        opens_role = has_role_word(tokens[k]) or (modifier and has_role_word(tokens[k + 1]))
        if opens_role or _opens_organization(tokens[k]):
            # whole words only: "نادية" holds "نادي" (club), "عادل" the Persian "دل"
            if any(_opens_organization(t) for t in tokens[:k]):
                return None
            return " ".join(tokens[:k]), " ".join(tokens[k:])
    return None
