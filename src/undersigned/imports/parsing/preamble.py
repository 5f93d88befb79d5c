"""Which lines of a list's body are its page's titles, and which wordy lines are entries.

Why apart from ``body``: where a list starts is not always where its first entry is.
A page's title and the heading of the list stand above it and read like names
("寄せられたメッセージ", "Joint Statement: …"); the list's own shape tells them apart —
a group heading above its first numbered line, a separator that every entry ends with
and the titles do not — and a numbered line that goes on with the numbering is an entry
however much it reads like a sentence.
"""

from __future__ import annotations

from undersigned.imports.parsing.headings import group_heading
from undersigned.imports.parsing.lines import Segment

__all__ = ["above_group_heading", "above_line_ends", "numbered_on"]

_LINE_ENDS = ("|", ",", ";", "、", "،", "，", "；")


def above_group_heading(items: list[Segment], i: int, first_mark: int) -> bool:
    """Whether a group heading stands between item ``i`` and the first marked line
    (``first_mark``): what is above the heading of a numbered list is its page's title."""
    return i < first_mark and any(
        s.kind == "item" and group_heading(s, in_list=True) is not None
        for s in items[i + 1 : first_mark]
    )


def above_line_ends(items: list[Segment], i: int) -> bool:
    """Whether item ``i`` stands in a paragraph above the first line that ends with the
    separator three fifths of the list's lines end with ("Adalah |"), and does not end so
    itself: a title. A wrapped entry's first line is in the same paragraph."""
    lines = [s for s in items if s.kind == "item"]
    for end in _LINE_ENDS:
        ending = [s for s in lines if s.raw.rstrip().endswith(end)]
        if len(ending) < 3 or len(ending) < 0.6 * len(lines):
            continue
        if items[i].raw.rstrip().endswith(end):
            return False
        first = items.index(ending[0])
        while first > 0 and items[first - 1].line_no == items[first].line_no - 1:
            first -= 1  # the paragraph of the first such line
        return i < first
    return False


def numbered_on(items: list[Segment], i: int) -> bool:
    """Whether item ``i`` is numbered on from the numbered line before it ("6" after
    "5"): an entry, however wordy it reads."""
    segment = items[i]
    if segment.marker != "number" or segment.position is None:
        return False
    before = [s for s in items[:i] if s.kind == "item" and s.marker == "number"]
    return bool(before) and before[-1].position == segment.position - 1
