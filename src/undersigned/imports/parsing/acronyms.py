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
    stopwords = vocab.words("acronym_stopwords")
    significance = [0.0 if (w in stopwords or len(w) == 1) else 1.0 for w in words]
    total = sum(significance) or 1.0
    suffix = [0.0] * (len(words) + 1)
    for k in range(len(words) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + significance[k]
    inf = float("inf")
    memo: dict[tuple[int, int, int], float] = {}

    def best(i: int, j: int, p: int) -> float:
        if i == len(letters):
            return 0.5 * suffix[j + 1]
        key = (i, j, p)
        if key in memo:
            return memo[key]
        c = letters[i]
        result = inf
        word = words[j]
        for q in range(p + 1, len(word)):
            if word[q] == c:
                cost = 0.0 if q == p + 1 else 0.35
                result = min(result, cost + best(i + 1, j, q))
                if q == p + 1:
                    break
        skipped = 0.0
        for k in range(j + 1, len(words)):
            if words[k][0] == c:
                result = min(result, skipped + best(i + 1, k, 0))
            skipped += significance[k]
            if skipped >= result:
                break
        memo[key] = result
        return result

    cost = inf
    leading = 0.0
    for k, word in enumerate(words):
        if word[0] == letters[0]:
            cost = min(cost, 1.5 * leading + best(1, k, 0))
        leading += significance[k]
    if cost == inf:
        return 0.0
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
