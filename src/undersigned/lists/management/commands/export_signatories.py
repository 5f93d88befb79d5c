"""``undersigned export_signatories SLUG --format txt|csv|json|md``: the list, to stdout or a file.

The same selectors and renderers as ``/declarations/<slug>/signatories.<format>``,
streamed: memory stays flat however long the list.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from undersigned.declarations.models import Declaration
from undersigned.lists import exports
from undersigned.lists.selectors import (
    InvalidDate,
    export_header,
    list_changes,
    list_entries,
    list_entry,
    parse_date,
)

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Export a declaration's list of signatories as text, CSV, JSON or Markdown."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="address (slug) of the declaration")
        parser.add_argument(
            "--format",
            choices=exports.FORMATS,
            default="txt",
            help="output format (default: %(default)s)",
        )
        parser.add_argument(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="the list as it stood at the end of that day (default: now)",
        )
        parser.add_argument(
            "--changes-since",
            metavar="YYYY-MM-DD",
            help="instead of the list, what changed from the end of that day to --as-of "
            "(or now): added and withdrawn entries",
        )
        parser.add_argument(
            "--bom", action="store_true", help="CSV: start with a UTF-8 byte order mark"
        )
        parser.add_argument(
            "--output", "-o", type=Path, help="write to this file (default: standard output)"
        )

    def handle(
        self,
        *args: Any,
        slug: str,
        format: str,
        as_of: str | None,
        changes_since: str | None,
        bom: bool,
        output: Path | None,
        **options: Any,
    ) -> None:
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(f"no declaration with the address {slug!r}")
        try:
            day = parse_date(as_of, name="--as-of") if as_of else None
            since = parse_date(changes_since, name="--changes-since") if changes_since else None
        except InvalidDate as error:
            raise CommandError(str(error)) from None
        with translation.override(declaration.language):
            if since is not None:
                chunks = self._changes(declaration, since, day)
            else:
                header = export_header(declaration=declaration, as_of=day)
                chunks = exports.render(
                    format, header, list_entries(declaration=declaration, as_of=day), bom=bom
                )
            written = self._write(chunks, output)
        logger.info("exported %s as %s (%d characters)", slug, format, written)

    def _changes(self, declaration: Declaration, since: Any, until: Any) -> Any:
        until = until or timezone.localdate()
        if since > until:
            raise CommandError("--changes-since must not be later than --as-of")
        found = list_changes(declaration=declaration, since=since, until=until)
        yield f"Changes from the end of {since.isoformat()} to the end of {until.isoformat()}\n"
        for row in found.added.iterator(chunk_size=2000):
            entry = list_entry(row)
            yield f"+ {entry.position}. {entry.line}\n"
        for row in found.withdrawn.iterator(chunk_size=2000):
            yield f"- {row['position']}. (withdrawn)\n"

    def _write(self, chunks: Any, output: Path | None) -> int:
        written = 0
        try:
            if output is None:
                for chunk in chunks:
                    self.stdout.write(chunk, ending="")
                    written += len(chunk)
                self.stdout.flush()
            else:
                with output.open("w", encoding="utf-8", newline="") as stream:
                    for chunk in chunks:
                        stream.write(chunk)
                        written += len(chunk)
        except OSError as error:
            # Release the database cursor now, not at interpreter exit.
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
            raise CommandError(f"cannot write: {error.strerror or error}") from None
        return written
