"""Abbreviations: does a token look like one, and can it be made from a name's words?

Why align rather than only look at capitals: "KOL Kommunistische Organisation Luxemburg"
and "Krasnyj Klin Gruppa ... „Krasnyj Klin“" both begin with their abbreviation, but only
matching letters to words (across scripts, through transliteration) tells where the
abbreviation ends and the name begins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from anyascii import anyascii

from undersigned.imports.parsing import vocab

__all__ = [
    "abbreviation_shape",
    "acronym_score",
    "acronym_words",
    "contains_sequence",
]


def acronym_words(text: str) -> list[str]:
    ascii_text = anyascii(text).lower()
    ascii_text = re.sub(r"['’]s\b", "", ascii_text)
    ascii_text = re.sub(r"\b[a-z]{1,5}['’](?=[a-z])", " ", ascii_text)  # l', dell', sull'
    return re.findall(r"[a-z0-9]+", ascii_text)


class _Matcher:
    """The cheapest way to spell ``letters`` from ``words`` (see ``acronym_score``)."""

    def __init__(self, letters: str, words: list[str]) -> None:
        stopwords = vocab.words("acronym_stopwords")
        self.letters = letters
        self.words = words
        self.significance = [0.0 if (w in stopwords or len(w) == 1) else 1.0 for w in words]
        self.suffix = [0.0] * (len(words) + 1)
        for k in range(len(words) - 1, -1, -1):
            self.suffix[k] = self.suffix[k + 1] + self.significance[k]
        self.memo: dict[tuple[int, int, int], float] = {}

    def _inside_word(self, i: int, j: int, p: int) -> float:
        """Letter ``i`` from the next letters of word ``j`` (after position ``p``)."""
        result = _INF
        word = self.words[j]
        for q in range(p + 1, len(word)):
            if word[q] == self.letters[i]:
                cost = 0.0 if q == p + 1 else 0.35
                result = min(result, cost + self.best(i + 1, j, q))
                if q == p + 1:
                    break
        return result

    def _later_word(self, i: int, j: int, result: float) -> float:
        """Letter ``i`` as the initial of a later word; skipped significant words cost."""
        skipped = 0.0
        for k in range(j + 1, len(self.words)):
            if self.words[k][0] == self.letters[i]:
                result = min(result, skipped + self.best(i + 1, k, 0))
            skipped += self.significance[k]
            if skipped >= result:
                break
        return result

    def best(self, i: int, j: int, p: int) -> float:
        if i == len(self.letters):
            return 0.5 * self.suffix[j + 1]
        key = (i, j, p)
        if key not in self.memo:
            self.memo[key] = self._later_word(i, j, self._inside_word(i, j, p))
        return self.memo[key]

    def cost(self) -> float:
        cost = _INF
        leading = 0.0
        for k, word in enumerate(self.words):
            if word[0] == self.letters[0]:
                cost = min(cost, 1.5 * leading + self.best(1, k, 0))
            leading += self.significance[k]
        return cost


_INF = float("inf")


def acronym_score(abbreviation: str, name: str) -> float:
    """How well ``abbreviation`` can be generated from ``name`` (0..1).

    Works across scripts (both sides are transliterated with anyascii). Each letter of the
    abbreviation must be matched, in order, either by the initial of a later word or by the
    next letters of the current word (so "Chinese Communists (MLM)" matches "Chinese
    Communists (Marxist Leninist Maoist)" and "UPC-Manidem" matches "Union des Populations du
    Cameroun - Manifeste ... Démocratie"). Skipped significant words cost; stopwords are free.
    """
    letters = re.sub(r"[^a-z0-9]", "", anyascii(abbreviation).lower())
    words = acronym_words(name)
    if not letters or not words or len(letters) > 40 or len(words) > 40:
        return 0.0
    matcher = _Matcher(letters, words)
    cost = matcher.cost()
    if cost == _INF:
        return 0.0
    total = sum(matcher.significance) or 1.0
    return max(0.0, 1.0 - cost / total)


def abbreviation_shape(token: str) -> float:
    """1.0 for ALL-CAPS tokens, 0.8 for mixed forms like PR-ByH/UPC-Manidem, else 0."""
    core = token.strip("()[]")
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return 0.5 if re.fullmatch(r"[\d/&.-]+", core) and len(core) >= 2 else 0.0
    upper = sum(1 for c in letters if c.isupper())
    has_case = any(c.isupper() or c.islower() for c in letters)
    if not has_case:
        return 0.0
    if upper == len(letters) and (len(letters) >= 2 or token.startswith("(")):
        return 1.0
    pieces = re.split(r"[-/&.]", core)
    if any(len(p) >= 2 and p.isupper() for p in pieces) and upper >= 2:
        return 0.8
    if upper >= 2 and core[:1].isupper() and upper / len(letters) >= 0.4 and len(core) <= 8:
        return 0.8
    return 0.0


def contains_sequence(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack)))
