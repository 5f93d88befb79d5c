"""An inline list inside news prose, in a script without capitals (Arabic, Persian, Hindi).

Why apart from the cased rules: in Latin or Cyrillic text a lower-case word tells where
a sentence runs into the first name; Arabic or Persian have no such cue. What is left:

- the sentences before the list are long, or end with a full stop, in the same
  paragraph as the list, cut by the same commas ("عقد … الموحدة، ووقع 21 … واحدة.
  وجاءت أسماء الموقعين على الوثيقة، أحمد …");
- a second lead-in after a full stop inside the list ("…. كما وقع على الوثيقة Name");
- the conjunction "و" glued to the last name ("، وسيد حسن"), or to every name after
  the first when the writer puts it before each; a name that starts with the letter
  (وليد, وائل) is known from the given names.
"""

from __future__ import annotations

import re
from functools import cache

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.scripts import CASELESS_SCRIPTS, UNSPACED_SCRIPTS, dominant_script

__all__ = ["caseless_prose", "trim_caseless_prose"]

_STOP = re.compile(r"[.!?؟।۔]\s+(?=\S)")
_GLUED_AND = "و"


def caseless_prose(pieces: list[str]) -> bool:
    """Whether the pieces are written in a spaced script without capitals."""
    script = dominant_script(" ".join(pieces))
    return script in CASELESS_SCRIPTS and script not in UNSPACED_SCRIPTS


def _is_lead(piece: str) -> bool:
    return bool(_STOP.search(piece)) or len(piece.split()) >= 10


@cache
def _lead_phrase() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in vocab.phrases("lead_words"))
    return re.compile(rf"(?:^|\s)(?:{words})(?:\s+|$)")


def _second_lead(piece: str) -> list[str]:
    """ "X رئيس حزب …. كما وقع على الوثيقة Y رئيس …" -> the entry before the full stop
    and the one after the lead-in; the piece as it is when no lead-in follows."""
    stop = _STOP.search(piece)
    if stop is None:
        return [piece]
    after = piece[stop.end() :]
    lead = _lead_phrase().search(after)
    if lead is None or not after[lead.end() :].strip():
        return [piece]
    return [piece[: stop.start()].strip(), after[lead.end() :].strip()]


def _without_glued_and(pieces: list[str], group_ends: set[int]) -> list[str]:
    keep = vocab.words("given_names")
    glued = {
        i
        for i, p in enumerate(pieces)
        if i > 0 and p.startswith(_GLUED_AND) and len(p.split()[0]) > 3 and p.split()[0] not in keep
    }
    # before every name after the first, or before the last of a group (", وسيد حسن")
    every = len(glued) >= 0.6 * (len(pieces) - 1)
    last = group_ends | {len(pieces) - 1}
    return [p[1:] if i in glued and (every or i in last) else p for i, p in enumerate(pieces)]


def trim_caseless_prose(pieces: list[str]) -> list[str]:
    """The list's own pieces out of the prose around them (see the module's docstring)."""
    while len(pieces) >= 4 and _is_lead(pieces[0]):
        pieces = pieces[1:]
    split: list[str] = []
    group_ends: set[int] = set()
    for piece in pieces:
        parts = _second_lead(piece) if split else [piece]
        if len(parts) == 2:
            group_ends.add(len(split))
        split += parts
    return _without_glued_and(split, group_ends)
