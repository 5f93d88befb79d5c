"""Lists whose lines are "Name/Title/Message" (signature forms exported as they are).

Why a list-level rule: a slash is part of many names ("IMBB/FORTH", "Turkey/Kurdistan"),
so one line does not say it separates fields. When most numbered or bulleted lines of a
list hold one and begin with a short field, the slash is the form's field separator: the
first field is the name, a short second field the title, and what follows a message that
belongs to no field (a message is a sentence and would make the line read as prose).
"""

from __future__ import annotations

import re

from undersigned.imports.parsing.cues import reads_as_message
from undersigned.imports.parsing.segment import Segment

__all__ = ["read_slash_fields"]

_SENTENCE_STOP = re.compile(r"[。．.!！?？]")


def _short(field: str, limit: int) -> bool:
    return 0 < len(field) <= limit and not _SENTENCE_STOP.search(field)


def read_slash_fields(segments: list[Segment]) -> None:
    """Rewrite the content of a slash-field list's lines to "Name, Title"."""
    marked = [s for s in segments if s.marker != "none" and s.content]
    slashed = [s for s in marked if "/" in s.content and _short(s.content.split("/")[0], 20)]
    if len(slashed) < 3 or len(slashed) < 0.6 * len(marked):
        return
    for segment in slashed:
        name, _, rest = (part.strip() for part in segment.content.partition("/"))
        title = rest.split("/")[0].strip()
        keep = _short(title, 30) and not reads_as_message(title)
        segment.content = f"{name}, {title}" if keep else name
