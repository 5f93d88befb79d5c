"""A table row's description cell: a paragraph about the signer, beside its name.

Why: some pages list their endorsers in a table of number, name and a description
("Amnesty International is a movement of over 10 million people…"). The description
belongs to no field of an entry, and read as part of the row it makes the row a sentence
— no list is found at all. A cell after the name that is itself a sentence of many words
is left out of the row.
"""

from __future__ import annotations

from undersigned.imports.parsing.cues import sentence_score

__all__ = ["without_descriptions"]

_MIN_WORDS = 12


def _description(cell: str) -> bool:
    text = cell.strip()
    return len(text.split()) >= _MIN_WORDS and (text.endswith(".") or sentence_score(text) >= 1)


def without_descriptions(cells: list[str]) -> list[str]:
    """The cells without the description cells that follow the first cell of text."""
    texts = [i for i, c in enumerate(cells) if c.strip() and not c.strip().isdigit()]
    if len(texts) < 2 or _description(cells[texts[0]]):
        return cells
    return [c for i, c in enumerate(cells) if i <= texts[0] or not _description(c)]
