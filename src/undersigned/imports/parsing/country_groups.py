"""Inline lists grouped by a country in brackets before the first member of each group.

Why apart from the pieces: "(뉴질랜드)더 좋은 세상 …, (미국)워싱턴희망나비, 워싱턴소녀상지키미,
…, (캐나다)알파 에듀케이션" — the bracket is no part of the name, it says the country of the
member it is glued to and of every member after it until the next bracket. Writers of
such a paragraph sometimes leave out the comma before a group ("… U.K. (아일랜드)아일랜드
촛불행동"): a country bracket glued to the next word starts a piece of its own.
"""

from __future__ import annotations

import re

from undersigned.imports.parsing.countries import match_country

__all__ = ["country_groups"]

_PREFIX = re.compile(r"^[(（]\s*(?P<country>[^()（）]{1,30}?)\s*[)）]\s*(?=\S)")
# A country bracket inside a piece, glued to the word after it: the start of a new group.
_INNER = re.compile(r"\s+(?=[(（][^()（）]{1,30}[)）]\S)")


def _country(piece: str) -> tuple[str | None, str]:
    match = _PREFIX.match(piece)
    if match is None or match_country(match.group("country"), allow_fuzzy=False) is None:
        return None, piece
    return match.group("country"), piece[match.end() :]


def _unglued(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        parts = _INNER.split(piece)
        if len(parts) > 1 and all(_country(p)[0] for p in parts[1:]):
            out.extend(p.strip() for p in parts)
        else:
            out.append(piece)
    return out


def country_groups(pieces: list[str]) -> list[tuple[str, str | None]] | None:
    """(piece without its bracket, the country of its group) for each piece, or None when
    fewer than two pieces open a group with a country bracket."""
    pieces = _unglued(pieces)
    read = [_country(p) for p in pieces]
    if sum(1 for country, _ in read if country) < 2:
        return None
    out: list[tuple[str, str | None]] = []
    current: str | None = None
    for country, rest in read:
        current = country or current
        out.append((rest, current))
    return out
