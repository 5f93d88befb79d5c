"""The list's entries as HTML ``<li>`` items: the declaration's page, the search, the
print view and the PDF.

Written out in Python rather than looped over in a template: a page of 100 entries
through the template engine (a variable lookup, an ``{% if %}`` and a ``{% url %}`` per
entry) was about half of building the page (docs/benchmarks.md).

An entry keeps the page's direction: its number, commas and parentheses stay where a
reader of the page expects them. Only a part written in a script of the other direction
(an Arabic or Hebrew name on an English page) is isolated in a ``<bdi>``, so it cannot
drag the punctuation and the country around it to the wrong side (Unicode's bidi
algorithm, UAX #9). The text of an item is exactly the entry's ``line``, which the
exports write (``signatures/signatory.py``); a test holds the two together.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language_bidi

from undersigned.signatures.signatory import ListEntry

# Stands for an organization's id in its reversed address, to be replaced by each
# entry's own: one ``reverse`` per page rather than one per organization.
_ID = 8_675_309_123

# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan,
# Mandaic, their presentation forms) and of the left-to-right ones: what decides whether
# a part runs against the page.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_STRONG = re.compile(
    "[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0900-\u1fff\u3040-\uffef]"
    "|[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
)


def _against_page(text: str, page_rtl: bool) -> bool:
    """Whether ``text`` holds a run of the other direction than the page's."""
    if not page_rtl:
        return _RTL.search(text) is not None
    return any(_RTL.match(char) is None for char in _STRONG.findall(text))


def _part(text: str, page_rtl: bool) -> str:
    # The standard library's escape, which Django's wraps (the same five characters);
    # through Django's lazy-string wrapper it was a tenth of building a page of 500.
    escaped = html.escape(text)
    return f"<bdi>{escaped}</bdi>" if _against_page(text, page_rtl) else escaped


def entry_html(entry: ListEntry, *, link: str = "", page_rtl: bool = False) -> str:
    """The entry's line as HTML, the parts of the other direction isolated; ``link``: the
    address its organization's name links to (the name only, not the whole line)."""
    if entry.withdrawn:
        return _part(entry.line, page_rtl)
    if entry.kind != "organization":
        parts = [entry.name, entry.role, entry.affiliation, entry.city, entry.country]
        if not entry.name:  # a person who chose not to be named
            return _part(entry.line, page_rtl)
        return ", ".join(_part(part, page_rtl) for part in parts if part)
    name = " ".join(_part(part, page_rtl) for part in (entry.abbreviation, entry.name) if part)
    if link and name:
        name = f'<a href="{link}">{name}</a>'
    parts = [name]
    for extra in (entry.name_transliteration, entry.name_translation):
        if extra:
            parts.append(f" ({_part(extra, page_rtl)})")
    if entry.country:
        parts.append(f", {_part(entry.country, page_rtl)}")
    return "".join(parts)


def entry_items(entries: Iterable[ListEntry], *, link_organizations: bool) -> Iterator[str]:
    """One ``<li value="N">`` line per entry; an approved organization's name links to
    its page when ``link_organizations``."""
    head = tail = ""
    if link_organizations:
        head, _id, tail = reverse("organizations:detail", args=[_ID]).partition(str(_ID))
        head, tail = escape(head), escape(tail)
    page_rtl = get_language_bidi()
    for entry in entries:
        number = entry.position
        link = ""
        if link_organizations and entry.organization_id is not None:
            link = f"{head}{int(entry.organization_id)}{tail}"
        text = entry_html(entry, link=link, page_rtl=page_rtl)
        yield (
            f'<li value="{number}" id="n{number}"><span class="number">{number}.</span> '
            f'<span class="line">{text}</span></li>\n'
        )
