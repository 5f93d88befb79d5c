"""Splitting the list into entries: lines joined, lines split, blocks of name and role.

Why here and not per line: one entry can span lines (a wrapped name, a name with its role
on the next line) and one line can hold several entries ("Attac Austria; Greenpeace
Nordic"). This module decides only where entries begin and end; entry.py reads them.
"""

from __future__ import annotations

import re

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.cues import reads_as_message
from undersigned.imports.parsing.headings import group_heading
from undersigned.imports.parsing.inline import piece_is_name, split_outside_brackets
from undersigned.imports.parsing.lexicon import (
    has_institution_word,
    has_org_word,
    has_role_word,
    starts_with_role,
)
from undersigned.imports.parsing.lines import Segment
from undersigned.imports.parsing.people import person_score
from undersigned.imports.parsing.role_first import role_first
from undersigned.imports.parsing.scripts import ascii_digits, dominant_script, fold
from undersigned.imports.parsing.text import bracket_balance, split_top_level

__all__ = [
    "block_mode",
    "collect_continuations",
    "looks_like_subheading",
    "split_inline",
    "split_numbered",
    "split_on",
    "split_several",
    "trailing_separator",
]


def block_mode(items: list[Segment]) -> bool:
    """Lists of "Name" lines each followed by role/affiliation lines, blocks split by blanks."""
    blocks: list[list[Segment]] = []
    for segment in items:
        if segment.kind != "item" or segment.marker != "none":
            continue
        if blocks and segment.line_no == blocks[-1][-1].line_no + 1:
            blocks[-1].append(segment)
        else:
            blocks.append([segment])
    multi = [b for b in blocks if len(b) >= 2]
    if len(multi) < 2 or any(len(b) > 5 for b in multi):
        return False
    led_by_person = sum(
        1
        for b in multi
        if "," not in b[0].content
        and person_score(b[0].content) >= 0.6
        and (person_score(b[1].content) < 0.6 or starts_with_role(b[1].content))
    )
    return led_by_person >= 0.6 * len(multi)


def _describes_person(text: str) -> bool:
    return (
        has_role_word(text)
        or has_institution_word(text)
        or has_org_word(text)
        or match_country(text, allow_fuzzy=False) is not None
    )


def collect_continuations(
    items: list[Segment], i: int, in_blocks: bool
) -> tuple[list[Segment], str]:
    """Lines that continue ``items[i]``, and the joined content."""
    segment = items[i]
    consumed: list[Segment] = []
    content = segment.content
    j = i + 1
    while j < len(items):
        nxt = items[j]
        if nxt.kind != "item" or nxt.marker != "none" or nxt.line_no == segment.line_no:
            break
        if nxt.line_no != (consumed[-1].line_no if consumed else segment.line_no) + 1:
            break  # a blank line ends the entry
        unbalanced = bracket_balance(content) > 0
        starts_low = nxt.content[:1].islower() or nxt.content[:1] in "(,;&"
        # an indented line under a bare personal name is that person's affiliation
        deeper = (
            nxt.indent > segment.indent
            and segment.marker != "none"
            and not reads_as_message(nxt.content)
            and (
                starts_low
                or (
                    not consumed
                    and "," not in content
                    and person_score(content) >= 0.6
                    and person_score(nxt.content) < 0.6
                )
            )
        )
        lower = starts_low and segment.marker != "none"
        # "Mourad Allal, président de" / "l'Association …": a line that stops at "de",
        # "of", "für" was wrapped, its words go on on the next
        last = content.split()[-1] if content.split() else ""
        small = last.islower() and fold(last) in vocab.words("acronym_stopwords")
        dangling = small and not consumed
        block = (
            in_blocks
            and segment.marker == "none"
            and "," not in segment.content
            and person_score(segment.content) >= 0.6
            and (person_score(nxt.content) < 0.6 or starts_with_role(nxt.content))
            and _describes_person(nxt.content)
        )
        if not (unbalanced or deeper or lower or block or dangling):
            break
        if group_heading(nxt, in_list=True) is not None and not unbalanced:
            break
        consumed.append(nxt)
        joiner = ", " if (block or deeper) and not (unbalanced or starts_low) else " "
        content += joiner + nxt.content
        j += 1
    return consumed, content


def looks_like_subheading(items: list[Segment], i: int) -> bool:
    """An unnumbered short line among numbered (or bulleted) entries, before a marked one.

    After a blank line and before two marked lines it is a heading even when it reads as
    a name ("Meslek Odaları", "Sendikalar"): names are marked like their neighbours.
    """
    segment = items[i]
    marked = [s for s in items[i + 1 : i + 3] if s.kind == "item"]
    following = marked[0] if marked else None
    if following is None or following.marker == "none":
        return False
    found = segment.content.split()
    if len(found) > 5 or "," in segment.content or "(" in segment.content:
        return False
    if role_first(segment.content):
        return False  # "同 Org 代表 Family Given": a further signer under the entry above
    previous = items[i - 1] if i > 0 else None
    after_blank = previous is None or previous.line_no < segment.line_no - 1
    if after_blank and len(marked) == 2 and all(s.marker != "none" for s in marked):
        return abbreviation_shape(found[0]) < 1.0
    return abbreviation_shape(found[0]) < 0.8 and person_score(segment.content) < 0.6


def split_numbered(content: str, position: int | None) -> list[tuple[int, str]]:
    """ "1. A 2. B 3. C": several numbered entries on one line, each with its number.

    Only the numbers that follow on (2 after 1, 3 after 2) split: "Charter 77" does not.
    """
    if position is None:
        return []
    digits = ascii_digits(content)
    pieces: list[tuple[int, str]] = []
    start, number = 0, position
    while True:
        match = re.compile(rf"\s{number + 1}\s?[.)．、:]\s+").search(digits, start)
        if match is None:
            break
        pieces.append((number, content[start : match.start()].strip()))
        start, number = match.end(), number + 1
    if not pieces:
        return []
    pieces.append((number, content[start:].strip()))
    return pieces if all(text for _, text in pieces) else []


_LINE_ENDS = (",", "，", "、", "،", ";", "；")


def trailing_separator(items: list[Segment]) -> str | None:
    """The separator most lines of the list end with ("Name,"): the list is one inline
    list broken over lines, and a line may hold two entries ("A, B (C),")."""
    lines = [s.content.rstrip() for s in items if s.kind == "item" and not s.inline]
    if len(lines) < 3:
        return None
    for separator in _LINE_ENDS:
        if sum(1 for line in lines if line.endswith(separator)) >= 0.6 * len(lines):
            return separator
    return None


def split_on(content: str, separator: str) -> list[str]:
    """The entries of one line of a list whose lines end with ``separator``."""
    pieces = [p.strip() for p in split_outside_brackets(content.rstrip(), separator)]
    pieces = [p for p in pieces if p]
    if len(pieces) >= 2 and all(piece_is_name(p) for p in pieces):
        return pieces
    return [content]


def split_several(content: str) -> list[str]:
    """ "Attac Austria; Greenpeace Nordic; Solidaires": the entries of one line."""
    pieces = [p.strip() for p in split_top_level(content, ";") if p.strip()]
    if len(pieces) >= 2 and all(p[:1].isupper() or not p[:1].isalpha() for p in pieces):
        return pieces
    return _two_groups_joined(content) or [content]


# "and" between two names in Chinese and Japanese: 及, 和, 與, 与, 以及, 並, と
_CJK_AND = re.compile(
    r"(?<=[\u3400-\u9fff\u30a0-\u30ff])(?:以及|及|和|與|与|並|と)(?=[\u3400-\u9fff\u30a0-\u30ff])"
)


def _two_groups_joined(content: str) -> list[str] | None:
    """ "民生書院反極權關注組及民生書院反送中關注組": two groups joined by "and", each
    ending in a word for a group; a name with "and" inside ("香港和平協會") is no pair."""
    if dominant_script(content) != "CJK":
        return None
    parts = _CJK_AND.split(content)
    if len(parts) != 2 or min(len(p) for p in parts) < 4:
        return None
    ends = [_ends_like_group(p) for p in parts]
    return [p.strip() for p in parts] if all(ends) else None


def _ends_like_group(text: str) -> bool:
    tail = text[-4:]
    return any(tail.endswith(w) for w in vocab.phrases("cjk_group_endings"))


def split_inline(inline: str) -> list[str]:
    """Entries listed on the heading's own line: "Signatories: A (X); B (Y); C"."""
    pieces = [p.strip() for p in split_top_level(inline, ";") if p.strip()]
    if len(pieces) == 1:
        pieces = [p.strip() for p in split_top_level(inline, ",") if p.strip()]
        if not (len(pieces) >= 3 and all(len(p.split()) <= 8 for p in pieces)):
            pieces = [inline]
    return pieces
