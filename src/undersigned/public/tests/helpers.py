"""Reading a rendered list back: each entry's text as a reader sees it."""

from __future__ import annotations

import html
import re

_ITEM = re.compile(r'<li value="(\d+)" id="n\d+"><span class="number">\d+\.</span> (.*?)</li>')
_TAG = re.compile(r"<[^>]+>")


def entry_texts(page: str) -> dict[int, str]:
    """Position → the entry's text without its markup (links, ``<bdi>``)."""
    return {int(number): html.unescape(_TAG.sub("", body)) for number, body in _ITEM.findall(page)}
