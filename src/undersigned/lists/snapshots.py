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
from dataclasses import dataclass, field

from .models import Snapshot

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
        name, _, value = line.partition(": ")
        if name != key:
            return None
        values.append(value)
    return values[0], values[1], values[2], text


def verify_file(snapshots: list[Snapshot], data: bytes) -> Verification:
    """Whether ``data`` — a snapshot document as served, or a bare text export — is
    exactly what one of the stored snapshots published. Checks the chain too."""
    result = verify_chain(snapshots)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        result.problems.append("the file is not UTF-8 text, so it is no snapshot of this list")
        return result
    digest = sha256_hex(data)
    parsed = parse_document(text)
    for snapshot in snapshots:
        if (parsed is not None and snapshot.sha256 == digest) or (
            parsed is None and snapshot.text == text
        ):
            result.matched = snapshot
            break
    if result.matched is None:
        if parsed is not None:
            known = {s.status_date.isoformat(): s for s in snapshots}
            same_day = known.get(parsed[1])
            hint = (
                f"; snapshot {same_day.number} of that date has SHA-256 {same_day.sha256}"
                if same_day is not None
                else ""
            )
            result.problems.append(
                f"the file (SHA-256 {digest}) matches no published snapshot{hint}"
            )
        else:
            result.problems.append("the file's text matches no published snapshot")
    elif sha256_hex(document_of(result.matched)) != result.matched.sha256:
        result.problems.append(
            f"the file matches snapshot {result.matched.number}, but that snapshot was "
            "altered since"
        )
    return result
