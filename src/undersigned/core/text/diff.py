"""A word-level diff of two texts, rendered on the server as HTML.

What changed between two versions of a text people signed or supported must be
readable by anyone, without JavaScript and without relying on colour: inserted words
stand in ``<ins>``, removed ones in ``<del>``, and each change also says in words what
it is (``.visually-hidden`` "added:" / "removed:" labels for screen readers, and the
stylesheet marks them for sighted readers with more than a colour: underline and
strike-through). The texts are compared as they are written (Markdown source), word by
word, with the white space between the words kept, so a moved paragraph break shows.

``difflib`` (the standard library) does the matching; ``autojunk`` is off so that long
texts full of common words ("the", "and") are still compared word for word.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Words (with their attached punctuation split off), runs of white space, and any other
# single character: every character of the text is in exactly one token.
_TOKENS = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


@dataclass(frozen=True)
class Diff:
    html: SafeString
    added: int  # words
    removed: int  # words

    @property
    def unchanged(self) -> bool:
        return not self.added and not self.removed


def _words(parts: list[str]) -> int:
    return sum(1 for part in parts if not part.isspace() and re.search(r"\w", part))


def _marked(tag: str, label: str, parts: list[str]) -> str:
    """``parts`` inside ``<ins>`` or ``<del>``, with what they are said in words."""
    return (
        f'<{tag}><span class="visually-hidden">{escape(label)} </span>'
        f"{escape(''.join(parts))}</{tag}>"
    )


def word_diff(old: str, new: str) -> Diff:
    """The changes that make ``old`` into ``new``, word by word."""
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    out: list[str] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(before[i1:i2])))
            continue
        if op in ("delete", "replace"):
            removed += _words(before[i1:i2])
            out.append(_marked("del", _("removed:"), before[i1:i2]))
        if op in ("insert", "replace"):
            added += _words(after[j1:j2])
            out.append(_marked("ins", _("added:"), after[j1:j2]))
    return Diff(html=mark_safe("".join(out)), added=added, removed=removed)  # noqa: S308 (every part escaped above)
