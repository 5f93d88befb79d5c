"""The canonical form of a published snapshot, and checking stored snapshots against it.

A snapshot's SHA-256 is the SHA-256 of this UTF-8 document::

    undersigned snapshot v1
    declaration: <slug>
    date: <YYYY-MM-DD>
    previous: <SHA-256 of the previous snapshot, or "none">

    <the text export of the list, exactly as published>

The snapshots page serves each snapshot as exactly this document, so anyone can check it
with ``sha256sum`` and follow the chain through the ``previous:`` lines, without this
software (docs/exports.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from undersigned.lists.exports import strip_text_heading
from undersigned.lists.models import Snapshot
from undersigned.signatures.signatory import withdrawn_line

HEADER = "undersigned snapshot v1"


def snapshot_document(*, slug: str, status_date: dt.date, previous_sha256: str, text: str) -> str:
    return (
        f"{HEADER}\n"
        f"declaration: {slug}\n"
        f"date: {status_date.isoformat()}\n"
        f"previous: {previous_sha256 or 'none'}\n"
        "\n"
        f"{text}"
    )


def sha256_hex(document: str | bytes) -> str:
    data = document.encode("utf-8") if isinstance(document, str) else document
    return hashlib.sha256(data).hexdigest()


def document_of(snapshot: Snapshot) -> str:
    return snapshot_document(
        slug=snapshot.declaration_slug,
        status_date=snapshot.status_date,
        previous_sha256=snapshot.previous_sha256,
        text=snapshot.text,
    )


@dataclass
class Verification:
    """What ``snapshots_verify`` found: one message per problem, naming the snapshot."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    # With a file: the snapshot it matches, if any.
    matched: Snapshot | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(snapshots: list[Snapshot]) -> Verification:
    """Recompute every snapshot's hash from what is stored, and check each links to the
    one before it. ``snapshots`` in number order, with their texts."""
    result = Verification()
    previous: Snapshot | None = None
    for snapshot in snapshots:
        result.checked += 1
        label = f"snapshot {snapshot.number} of {snapshot.status_date.isoformat()}"
        if sha256_hex(document_of(snapshot)) != snapshot.sha256:
            result.problems.append(
                f"{label}: its stored text or details do not match its SHA-256 "
                f"{snapshot.sha256} (altered after it was published)"
            )
        expected_previous = previous.sha256 if previous is not None else ""
        if snapshot.previous_sha256 != expected_previous:
            result.problems.append(
                f"{label}: its link to the previous snapshot "
                f"({snapshot.previous_sha256 or 'none'}) is not the previous snapshot's "
                f"SHA-256 ({expected_previous or 'none'})"
            )
        if previous is not None and snapshot.number != previous.number + 1:
            result.problems.append(
                f"{label}: follows snapshot {previous.number}; a snapshot is missing"
            )
        previous = snapshot
    if snapshots and snapshots[0].number != 1:
        result.problems.append(
            f"snapshot {snapshots[0].number} is the first one stored; earlier ones are missing"
        )
    return result


def parse_document(data: str) -> tuple[str, str, str, str] | None:
    """(slug, date, previous, text) of a snapshot document, or None if ``data`` is not one."""
    head, separator, text = data.partition("\n\n")
    lines = head.split("\n")
    if not separator or len(lines) != 4 or lines[0] != HEADER:
        return None
    values = []
    for line, key in zip(lines[1:], ("declaration", "date", "previous"), strict=True):
        name, _sep, value = line.partition(": ")
        if name != key:
            return None
        values.append(value)
    return values[0], values[1], values[2], text


def _match(snapshots: list[Snapshot], data: bytes, result: Verification) -> None:
    """Set ``result.matched`` to the snapshot ``data`` is, comparing hashes only (no
    stored text is read): a snapshot document hashes to its SHA-256; a bare text export
    does once put under the snapshot's own header."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        result.problems.append(_("The file is not UTF-8 text, so it is no snapshot of this list."))
        return
    digest = sha256_hex(data)
    parsed = parse_document(text)
    if parsed is None:
        # A text export starts with the declaration's title and address; a snapshot
        # froze only the list below them.
        text = strip_text_heading(text)
    for snapshot in snapshots:
        if parsed is not None:
            found = snapshot.sha256 == digest
        else:
            found = (
                sha256_hex(
                    snapshot_document(
                        slug=snapshot.declaration_slug,
                        status_date=snapshot.status_date,
                        previous_sha256=snapshot.previous_sha256,
                        text=text,
                    )
                )
                == snapshot.sha256
            )
        if found:
            result.matched = snapshot
            return
    if parsed is None:
        result.problems.append(_("The file's text matches no published snapshot."))
        return
    same_day = next((s for s in snapshots if s.status_date.isoformat() == parsed[1]), None)
    if same_day is None:
        result.problems.append(
            _("The file (SHA-256 %(digest)s) matches no published snapshot.") % {"digest": digest}
        )
    else:
        result.problems.append(
            _(
                "The file (SHA-256 %(digest)s) matches no published snapshot; snapshot "
                "%(number)s of that date has SHA-256 %(sha256)s."
            )
            % {"digest": digest, "number": same_day.number, "sha256": same_day.sha256}
        )


@dataclass(frozen=True, kw_only=True)
class ListDifference:
    """How one text of a list differs from another, by number: entries only in the
    newer, numbers only in the older (withdrawn since), and numbers whose line changed
    (an organization's record corrected, say)."""

    added: int
    withdrawn: int
    changed: int

    @property
    def none(self) -> bool:
        return not (self.added or self.withdrawn or self.changed)


def _numbered(text: str) -> dict[str, str]:
    entries = {}
    for line in text.split("\n"):
        number, separator, rest = line.partition(". ")
        if separator and number.isdigit():
            entries[number] = rest
    return entries


def list_difference(older: str, newer: str) -> ListDifference:
    """Compare two text exports (or snapshot texts) of one list entry by entry. A
    withdrawn entry that an export still numbers ("has since withdrawn") counts as gone."""
    gone = withdrawn_line_texts()
    before = {n: line for n, line in _numbered(older).items() if line not in gone}
    after = {n: line for n, line in _numbered(newer).items() if line not in gone}
    return ListDifference(
        added=len(after.keys() - before.keys()),
        withdrawn=len(before.keys() - after.keys()),
        changed=sum(1 for n in before.keys() & after.keys() if before[n] != after[n]),
    )


def withdrawn_line_texts() -> set[str]:
    """How a withdrawn entry reads in a list as of an earlier day, in every language."""
    texts = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.add(withdrawn_line())
    return texts


def verify_file(snapshots: list[Snapshot], data: bytes) -> Verification:
    """Whether ``data`` — a snapshot document as served, or a bare text export — is
    exactly what one of the stored snapshots published; and the whole chain's check."""
    result = verify_chain(snapshots)
    _match(snapshots, data, result)
    return result


def verify_copy(
    snapshots: list[Snapshot], data: bytes, *, load_text: Callable[[Snapshot], str]
) -> Verification:
    """The public page's check of a copy: which snapshot it is, and whether that one
    snapshot is still intact and linked to the one before. ``snapshots`` come without
    their texts; only the matched one's is loaded, so a check costs little however long
    the list and however many snapshots."""
    result = Verification(checked=len(snapshots))
    _match(snapshots, data, result)
    matched = result.matched
    if matched is None:
        return result
    label = {"number": matched.number, "date": matched.status_date.isoformat()}
    stored = snapshot_document(
        slug=matched.declaration_slug,
        status_date=matched.status_date,
        previous_sha256=matched.previous_sha256,
        text=load_text(matched),
    )
    if sha256_hex(stored) != matched.sha256:
        result.problems.append(
            _("The file is snapshot %(number)s of %(date)s, but the stored copy was altered since.")
            % label
        )
    before = [s for s in snapshots if s.number < matched.number]
    expected = before[-1].sha256 if before else ""
    if matched.previous_sha256 != expected:
        result.problems.append(
            _("Snapshot %(number)s of %(date)s is not linked to the snapshot before it.") % label
        )
    return result
