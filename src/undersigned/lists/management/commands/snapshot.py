"""``undersigned snapshot publish|verify|show SLUG``: published snapshots of a list.

``publish`` freezes the list as it stands at the end of a day as the next snapshot,
chained to the previous one by SHA-256. ``verify`` recomputes every stored snapshot's
hash and checks the chain, and with a FILE (a snapshot document as served, or a bare
text export) says which published snapshot it is, if any; it exits 1 when something
does not match, naming the snapshot. ``show`` prints a snapshot's document.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from undersigned.core.cli import read_bytes
from undersigned.declarations.models import Declaration
from undersigned.lists.models import Snapshot
from undersigned.lists.selectors import InvalidDate, parse_date
from undersigned.lists.services import SnapshotError, snapshot_publish
from undersigned.lists.snapshots import document_of, verify_chain, verify_file

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish, verify or show the published snapshots of a declaration's list."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        publish = actions.add_parser("publish", help="freeze the list as the next snapshot")
        publish.add_argument("slug", help="address (slug) of the declaration")
        publish.add_argument(
            "--date", metavar="YYYY-MM-DD", help="the status date (default: today)"
        )
        verify = actions.add_parser(
            "verify", help="check the stored snapshots (and a file) against their hashes"
        )
        verify.add_argument("slug", help="address (slug) of the declaration")
        verify.add_argument(
            "file", nargs="?", type=Path, help="a snapshot document or text export to check"
        )
        show = actions.add_parser("show", help="print a snapshot's document (what is hashed)")
        show.add_argument("slug", help="address (slug) of the declaration")
        show.add_argument("--number", type=int, help="which snapshot (default: the latest)")

    def handle(self, *args: Any, action: str, slug: str, **options: Any) -> None:
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(f"no declaration with the address {slug!r}")
        if action == "publish":
            self._publish(declaration, options.get("date"))
        elif action == "verify":
            self._verify(declaration, options.get("file"))
        else:
            self._show(declaration, options.get("number"))

    def _publish(self, declaration: Declaration, date: str | None) -> None:
        try:
            day = parse_date(date, name="--date") if date else None
            snapshot = snapshot_publish(declaration=declaration, actor=None, status_date=day)
        except (InvalidDate, SnapshotError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"snapshot {snapshot.number} of {snapshot.status_date.isoformat()}: "
            f"{snapshot.entry_count} entries\nSHA-256 {snapshot.sha256}\n"
            f"previous {snapshot.previous_sha256 or 'none'}"
        )

    def _verify(self, declaration: Declaration, file: Path | None) -> None:
        stored = list(Snapshot.objects.filter(declaration=declaration).order_by("number"))
        result = verify_file(stored, read_bytes(file)) if file else verify_chain(stored)
        for snapshot in stored:
            self.stdout.write(
                f"snapshot {snapshot.number} of {snapshot.status_date.isoformat()}: "
                f"{snapshot.sha256}"
            )
        if result.matched is not None:
            self.stdout.write(
                f"{file}: this is snapshot {result.matched.number} of "
                f"{result.matched.status_date.isoformat()}"
            )
        for problem in result.problems:
            self.stderr.write(f"FAILED: {problem}")
        outcome = "ok" if result.ok else f"{len(result.problems)} problems"
        logger.info("verified %d snapshots of %s: %s", result.checked, declaration.slug, outcome)
        if not result.ok:
            raise CommandError(
                f"verification failed ({len(result.problems)} problem(s))", returncode=1
            )
        if not stored:
            self.stdout.write("no snapshot published yet")
        else:
            self.stdout.write(f"OK: {result.checked} snapshot(s), the chain is intact")

    def _show(self, declaration: Declaration, number: int | None) -> None:
        snapshots = Snapshot.objects.filter(declaration=declaration)
        snapshot = (
            snapshots.filter(number=number).first()
            if number is not None
            else snapshots.order_by("-number").first()
        )
        if snapshot is None:
            raise CommandError("no such snapshot")
        self.stdout.write(document_of(snapshot), ending="")
