"""The parser's notes about a line, in the organizer's language.

The parser (parser.py, rows.py) stays free of Django and writes its notes in English:
its own logic and the command line read them. The preview shows them through
``translate_note``, which knows their shapes; a note it does not know is shown as
written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Written apart: xgettext would not read the escape inside a message.
MARK = {"mark": "\ufffd"}
UNDECODABLE_SUFFIX = " (the line contains undecodable bytes, shown as \ufffd)"

# (the note's shape, its translation given the named parts). Most specific first.
_NOTES: list[tuple[re.Pattern[str], Callable[[dict[str, str]], str]]] = [
    (re.compile(p, re.DOTALL), f)
    for p, f in [
        (r"guessed that '\((?P<x>.*)\)' is a translation, not a transliteration",
         lambda g: _("guessed that “(%(x)s)” is a translation, not a transliteration") % g),
        (r"guessed that '\((?P<x>.*)\)' is a transliteration, not a translation",
         lambda g: _("guessed that “(%(x)s)” is a transliteration, not a translation") % g),
        (r"guessed that '\((?P<x>.*)\)' is the abbreviation \(it does not match the initials "
         r"of the name\)",
         lambda g: _("guessed that “(%(x)s)” is the abbreviation (it does not match the "
                     "initials of the name)") % g),
        (r"guessed that '\((?P<x>.*)\)' is a transliteration",
         lambda g: _("guessed that “(%(x)s)” is a transliteration") % g),
        (r"link left out of the name: (?P<x>.*)",
         lambda g: _("link left out of the name: %(x)s") % g),
        (r"link left out of the entry: (?P<x>.*)",
         lambda g: _("link left out of the entry: %(x)s") % g),
        (r"abbreviation split uncertain: '(?P<x>.*)' does not match the initials of the name",
         lambda g: _("abbreviation split uncertain: “%(x)s” does not match the initials of "
                     "the name") % g),
        (r"'(?P<x>.*)' only partly matches the initials of the name",
         lambda g: _("“%(x)s” only partly matches the initials of the name") % g),
        (r"'(?P<x>.*)' looks like an abbreviation but could not be matched to the name",
         lambda g: _("“%(x)s” looks like an abbreviation but could not be matched to the "
                     "name") % g),
        (r"country '(?P<x>.*)' taken from after a dash",
         lambda g: _("country “%(x)s” taken from after a dash") % g),
        (r"country '(?P<x>.*)' taken from the group heading",
         lambda g: _("country “%(x)s” taken from the group heading") % g),
        (r"country guessed: '(?P<x>.*)' looks like a misspelling",
         lambda g: _("country guessed: “%(x)s” looks like a misspelling") % g),
        (r"unbalanced brackets in the name",
         lambda g: _("unbalanced brackets in the name")),
        (r"no name outside brackets: check this line",
         lambda g: _("no name outside brackets: check this line")),
        (r"the line names two people; it was split into two entries",
         lambda g: _("the line names two people; it was split into two entries")),
        (r"the name may refer to two people \(e\.g\. 'Jane and John Doe'\)",
         lambda g: _("the name may refer to two people (e.g. “Jane and John Doe”)")),
        (r"split from a line listing several signatories",
         lambda g: _("split from a line listing several signatories")),
        (r"the line contains undecodable bytes \(shown as \ufffd\)",
         lambda g: _("the line contains undecodable bytes (shown as %(mark)s)") % MARK),
        (r"kind guessed as organization \(could be an individual\)",
         lambda g: _("guessed to be an organization (could be an individual)")),
        (r"kind guessed as individual \(could be an organization\)",
         lambda g: _("guessed to be an individual (could be an organization)")),
        (r"kind '(?P<x>.*)' not understood; guessed organization",
         lambda g: _("kind “%(x)s” not understood; guessed: an organization") % g),
        (r"kind '(?P<x>.*)' not understood; guessed individual",
         lambda g: _("kind “%(x)s” not understood; guessed: an individual") % g),
        (r"numbering jumps from (?P<a>\d+) to (?P<b>\d+): check for a missing or misread line",
         lambda g: _("numbering jumps from %(a)s to %(b)s: check for a missing or misread "
                     "line") % g),
        (r"no country given; the name mentions (?P<x>.*) \(not filled in\)",
         lambda g: _("no country given; the name mentions %(x)s (not filled in)") % g),
        (r"'(?P<x>.*)' is a region, not a state",
         lambda g: _("“%(x)s” is a region, not a state") % g),
        (r"very long name: check that it is one signatory",
         lambda g: _("very long name: check that it is one signatory")),
        (r"low confidence", lambda g: _("low confidence")),
        (r"joined (?P<n>\d+) lines into one entry",
         lambda g: ngettext("joined %(n)s line into one entry",
                            "joined %(n)s lines into one entry", int(g["n"])) % g),
        # Why a line was not read as a signatory.
        (r"table header", lambda g: _("table header")),
        (r"HTML comment", lambda g: _("HTML comment")),
        (r"no name on this line \(only punctuation or symbols\)",
         lambda g: _("no name on this line (only punctuation or symbols)")),
        (r"markup only", lambda g: _("markup only")),
        (r"markup only \(nothing left after removing HTML/Markdown\)",
         lambda g: _("markup only (nothing left after removing HTML/Markdown)")),
        (r"separator", lambda g: _("separator")),
        (r"status line", lambda g: _("status line")),
        (r"another status line", lambda g: _("another status line")),
        (r"not a signatory: numbered or bulleted sentence \(body text\), no list found",
         lambda g: _("not a signatory: numbered or bulleted sentence (body text), no list "
                     "found")),
        (r"not part of a signatory list \(no list found in the text\)",
         lambda g: _("not part of a signatory list (no list found in the text)")),
        (r"text before the list", lambda g: _("text before the list")),
        (r"text after the list", lambda g: _("text after the list")),
        (r"letter closing formula \(the signatures follow\)",
         lambda g: _("letter closing formula (the signatures follow)")),
        (r"signatories heading", lambda g: _("signatories heading")),
        (r"closing line \(further signatories not listed\)",
         lambda g: _("closing line (further signatories not listed)")),
        (r"link, not a signatory", lambda g: _("link, not a signatory")),
        (r"number without a name", lambda g: _("number without a name")),
        (r"group heading", lambda g: _("group heading")),
        (r"group heading \(unnumbered line among numbered entries\)",
         lambda g: _("group heading (unnumbered line among numbered entries)")),
        (r"sentence, not a signatory", lambda g: _("sentence, not a signatory")),
    ]
]  # fmt: skip


def translate_note(note: str) -> str:
    """A note of the parser in the active language; unknown notes as they are."""
    suffix = ""
    if note.endswith(UNDECODABLE_SUFFIX):
        note = note.removesuffix(UNDECODABLE_SUFFIX)
        suffix = " " + _("(the line contains undecodable bytes, shown as %(mark)s)") % MARK
    for pattern, translate in _NOTES:
        match = pattern.fullmatch(note)
        if match:
            return translate(match.groupdict()) + suffix
    return note + (suffix and UNDECODABLE_SUFFIX)
