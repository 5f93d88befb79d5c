"""Small text helpers every stage uses: words, brackets, splitting outside brackets.

Why brackets get so much care: a name keeps its own brackets ("Communist Party of India
(Marxist)"), its renderings follow in brackets, and a separator inside a bracket
("(Universität Wien, Institut für X)") never separates two entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from undersigned.imports.parsing.scripts import CASELESS_SCRIPTS, dominant_script, fold

__all__ = [
    "CLOSERS",
    "OPENERS",
    "Token",
    "bracket_balance",
    "ends_with_abbreviation",
    "has_stem",
    "split_top_level",
    "tokenize",
    "trailing_groups",
    "words",
]

OPENERS = "([{（［【"
CLOSERS = ")]}）］】"


_ABBREVIATION_DOT = re.compile(
    r"(?:^|\s)(?:[A-Za-zÀ-ÿ]\.|[A-Za-z]{1,3}\.(?:[A-Za-z]{1,3}\.)+|e\.V\.|Inc\.|Ltd\.|Co\.|"
    r"Corp\.|Jr\.|Sr\.|St\.|Bros\.|Univ\.|Prof\.|Dr\.|etc\.|usw\.|Ges\.|Dept\.|Assoc\.|"
    r"Intl\.|Int\.|Nat\.|Org\.|gGmbH\.|a\.s\.|s\.r\.o\.|S\.A\.|A\.C\.|A\.G\.|Nr\.|No\.)$"
)


def ends_with_abbreviation(text: str) -> bool:
    """Whether the final dot belongs to a word ("e.V.", "Inc.", "J.") rather than a sentence."""
    return bool(_ABBREVIATION_DOT.search(text.rstrip()))


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_][\w'’.\-]*", text)


@dataclass(frozen=True, slots=True)
class _StemIndex:
    """One vocabulary of stems, prepared to test a word against all of them at once."""

    phrases: tuple[str, ...]
    whole: frozenset[str]
    prefixes: dict[int, frozenset[str]]
    """Stems by their length: a word starts with one when its first n letters are one."""

    def starts(self, token: str) -> bool:
        return any(token[:n] in stems for n, stems in self.prefixes.items())


_INDEXES: dict[int, tuple[Iterable[str], _StemIndex]] = {}


def _stem_index(stems: Iterable[str]) -> _StemIndex:
    cached = _INDEXES.get(id(stems))
    if cached is not None and cached[0] is stems:
        return cached[1]
    items = tuple(stems)
    phrases = tuple(s for s in items if " " in s)
    short = [s for s in items if " " not in s and (len(s) <= 3 or s.endswith("."))]
    whole = frozenset(short) | frozenset(s.rstrip(".") for s in short)
    long = [s for s in items if " " not in s and s not in short]
    lengths = sorted({len(s) for s in long})
    prefixes = {n: frozenset(s for s in long if len(s) == n) for n in lengths}
    index = _StemIndex(phrases, whole, prefixes)
    _INDEXES[id(stems)] = (stems, index)
    return index


_MARKED_WORD = re.compile(
    r"[^\W\d_](?:[\w'.\-]|[\u0300-\u036f\u0900-\u0dff\u0e00-\u0eff\u0f00-\u109f"
    r"\u1780-\u17ff\u1a00-\u1aff\u1b00-\u1bff\ua980-\ua9df])*"
)


def has_stem(text: str, stems: Iterable[str]) -> bool:
    """Whether a word of ``text`` starts with one of ``stems`` (casefolded).

    A stem of three letters or fewer, or ending in a dot, must be a whole word; a stem
    with a space is a phrase found anywhere. ``stems`` should be one lasting object (a
    vocabulary): it is prepared once.
    """
    index = _stem_index(stems)
    folded = fold(text)
    if any(phrase in folded for phrase in index.phrases):
        return True
    tokens = re.findall(r"[^\W_][\w'.\-]*", folded)
    if not folded.isascii():
        # Indic and South-East Asian words carry vowel signs (combining marks), which
        # are no word characters to the pattern above: "இயக்கம்" is one word
        tokens += [t for t in _MARKED_WORD.findall(folded) if t not in tokens]
    tokens += [t.split("'", 1)[1] for t in tokens if re.match(r"^[a-z]{1,2}'.", t)]
    if index.whole.intersection(tokens):
        return True
    for token in tokens:
        if index.starts(token):
            return True
        if "-" in token and any(index.starts(p) for p in token.split("-") if p):
            return True
    return False


def bracket_balance(text: str) -> int:
    depth = 0
    for ch in text:
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
    return depth


def split_top_level(text: str, separators: str = ",") -> list[str]:
    """Split at separators that are not inside brackets or quotes."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in OPENERS or ch in "«„":
            depth += 1
        elif ch == "“":
            # “ opens a quote in English and closes one in German („…“)
            depth += 1 if depth == 0 else -1
        elif ch in CLOSERS or ch in "»”":
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def trailing_groups(text: str) -> list[tuple[int, int]]:
    """The bracket groups at the very end of ``text`` (only whitespace between them).

    Returns (start, end) spans (end exclusive, brackets included) in order of appearance.
    A group glued to the word before it ("Name(X)") is not a trailing group.
    """
    spans: list[tuple[int, int]] = []
    end = len(text.rstrip())
    while end > 0 and text[end - 1] in ")）":
        depth = 0
        start = -1
        for i in range(end - 1, -1, -1):
            ch = text[i]
            if ch in ")）":
                depth += 1
            elif ch in "(（":
                depth -= 1
                if depth == 0:
                    start = i
                    break
        if start <= 0:
            break
        # glued to the name only in scripts without capitals: "越前敏勝(…)", "ایران( خافا)"
        glued_ok = text[start] == "（" or dominant_script(text[start - 1]) in CASELESS_SCRIPTS
        if not text[start - 1].isspace() and not glued_ok:
            break
        spans.insert(0, (start, end))
        end = len(text[:start].rstrip())
    return spans


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Whitespace tokens, with a bracket group (and what is glued to it) kept whole."""
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        depth = 0
        while i < n and (depth > 0 or not text[i].isspace()):
            if text[i] in "([（":
                depth += 1
            elif text[i] in ")]）":
                depth = max(0, depth - 1)
            i += 1
        tokens.append(Token(text[start:i], start, i))
    return tokens
