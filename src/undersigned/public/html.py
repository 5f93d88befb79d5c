"""The list's entries as HTML ``<li>`` items: the declaration's page, the print view
and the PDF.

Written out in Python rather than looped over in a template: a page of 100 entries
through the template engine (a variable lookup, an ``{% if %}`` and a ``{% url %}`` per
entry) was about half of building the page (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import reverse
from django.utils.html import escape

from undersigned.signatures.signatory import ListEntry

# Stands for an organization's id in its reversed address, to be replaced by each
# entry's own: one ``reverse`` per page rather than one per organization.
_ID = 8_675_309_123


def entry_items(entries: Iterable[ListEntry], *, link_organizations: bool) -> Iterator[str]:
    """One ``<li value="N">`` line per entry; an approved organization's line links to
    its page when ``link_organizations``."""
    head = tail = ""
    if link_organizations:
        head, _id, tail = reverse("organizations:detail", args=[_ID]).partition(str(_ID))
        head, tail = escape(head), escape(tail)
    for entry in entries:
        number = entry.position
        line = escape(entry.line)
        if link_organizations and entry.organization_id is not None:
            text = f'<a href="{head}{int(entry.organization_id)}{tail}" dir="auto">{line}</a>'
        else:
            text = f'<span dir="auto">{line}</span>'
        yield f'<li value="{number}"><span class="number">{number}.</span> {text}</li>\n'
