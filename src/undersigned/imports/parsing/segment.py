"""One logical line of a document, as every part of the parser reads and annotates it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Segment"]


@dataclass(slots=True)
class Segment:
    """One logical line: a raw line, or a piece of it when it contained ``<br>``."""

    index: int
    line_no: int
    raw: str
    text: str
    indent: int
    position: int | None = None
    marker: Literal["number", "bullet", "none"] = "none"
    content: str = ""
    md_heading: bool = False
    whole_bold: bool = False
    note: str | None = None
    """The reason code when nothing is left of the line after cleaning."""
    kind: str = ""
    sentence: float = 0.0
    has_replacement: bool = False
    cells: list[str] = field(default_factory=list)
    """The cells of a table row (Markdown ``| a | b |``), in order; empty otherwise."""
    inline: list[str] = field(default_factory=list)
    """The entries of a paragraph that lists several ("A, B, C"); empty otherwise."""
    inline_lead: str = ""
    """The prose before an inline list in its paragraph ("The letter was signed by")."""
    only_links: bool = False
    """The line holds nothing but links ("[IG](…) 、 [FB](…)")."""
    header_cells: bool = False
    """The cells are a table's titles (HTML ``<th>``, a CSV header row)."""
    cell_titles: list[str] = field(default_factory=list)
    """The title of each cell, when the row names them itself (an HTML card's classes)."""
