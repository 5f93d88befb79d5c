"""Rows of a data file written as YAML flow mappings: ``- { name: …, title: …, dt: … }``.

Why apart from the lines: a site's signatories kept as a data file (``_data/orgs.yml``)
name every value — ``title: Winchester CTC, part of Cycling UK``, ``lastname: Jordan,
firstname: Rob`` — and a comma inside a value is no separator of entries. Each row is read
as a card (``records.Card``): its keys are the titles, the table headers' vocabulary says
which name a field of an entry. Keys that hold part of a name (``lastname``,
``firstname``) are joined given name first, as a list shows a person; a ``title`` is the
name when no key is called a name (a data file of organisations). A row commented out
(``# - { … }``) is no signatory, and the root key above the rows (``people:``) no title.
"""

from __future__ import annotations

import re
from functools import cache

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.records import Card, named_fields
from undersigned.imports.parsing.scripts import fold

__all__ = ["flow_records"]

_ROW = re.compile(r"^\s*-\s*\{(?P<body>.*)\}\s*$")
_COMMENTED = re.compile(r"^\s*#\s*-\s*\{.*\}\s*$")
_ROOT_KEY = re.compile(r"^[^\W\d][\w-]*\s*:\s*$")
# A key starts after the opening brace or a comma: "title: X, website: 'https://…'";
# "https:" is followed by "//", never by a space, so it starts no key.
_KEY = re.compile(r"(?:^|,)\s*(?P<key>[^\W\d][\w-]*(?: [^\W\d][\w-]*)?)\s*:(?:\s+|$)")


@cache
def _fields() -> dict[str, set[str]]:
    table: dict[str, list[str]] = vocab.data("record_fields")
    return {k: {fold(v) for v in vs} for k, vs in table.items() if not k.startswith("_")}


def _key(title: str) -> str:
    return fold(title).replace("_", " ").strip()


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1].replace("''", "'") if value[0] == "'" else value[1:-1]
    return value


def _pairs(body: str) -> list[tuple[str, str]]:
    starts = list(_KEY.finditer(body))
    pairs: list[tuple[str, str]] = []
    for n, match in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(body)
        pairs.append((match.group("key"), _unquoted(body[match.end() : end])))
    return pairs


def _card(index: int, pairs: list[tuple[str, str]], organizations: bool) -> Card | None:
    fields = _fields()
    keys = [_key(k) for k, _ in pairs]
    given = [v for k, (_, v) in zip(keys, pairs, strict=True) if k in fields["given"] and v]
    family = [v for k, (_, v) in zip(keys, pairs, strict=True) if k in fields["family"] and v]
    named = "name" in keys or "names" in keys
    titles: list[str] = []
    values: list[str] = []
    if given or family:
        titles.append("name")
        values.append(" ".join(given + family))
    for key, (title, value) in zip(keys, pairs, strict=True):
        if key in fields["given"] or key in fields["family"]:
            continue
        alone = not (named or given or family) and key in fields["name_when_alone"]
        titles.append("name" if alone else title)
        values.append(value)
    if organizations and not (given or family):
        # under "orgs:" the name is an organisation's: the tables' "organization" column
        titles = ["organization" if t == "name" else t for t in titles]
    return named_fields(Card(index, titles, values))


def flow_records(lines: list[str]) -> tuple[dict[int, Card], dict[int, str]]:
    """Rows of YAML flow mappings (two or more in a file): line index -> card; and the
    lines about them that are no entry: index -> why ("record-comment", "record-key")."""
    rows = {i: _ROW.match(line) for i, line in enumerate(lines)}
    found = {i: m for i, m in rows.items() if m is not None and _KEY.search(m.group("body"))}
    if len(found) < 2:
        return {}, {}
    cards: dict[int, Card] = {}
    others: dict[int, str] = {}
    organizations = False  # the root key says the rows are organisations ("orgs:")
    for i, line in enumerate(lines):
        if _COMMENTED.match(line):
            others[i] = "record-comment"
        elif _ROOT_KEY.match(line.strip()) and any(j in found for j in range(i + 1, i + 4)):
            others[i] = "record-key"
            organizations = bool(vocab.pattern("group_kind_organization").search(line))
        elif i in found:
            card = _card(i, _pairs(found[i].group("body")), organizations)
            if card is not None:
                cards[i] = card
    return cards, others
