"""``undersigned import_signatories SLUG FILE``: add a published list to a declaration.

Text in the seeds' style or CSV. Organizations are matched against the existing records:
exact matches are used, fuzzy ones are reported and left as new organizations unless
``--accept-fuzzy``. ``--dry-run`` does the whole import and rolls it back.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from undersigned.declarations.models import Declaration
from undersigned.imports.management.commands._common import (
    add_accept_fuzzy,
    add_no_progress,
    importing,
    read_text_warned,
)
from undersigned.imports.rows import UnreadableInput, read_text
from undersigned.imports.services import (
    import_source,
    match_rows,
    signatories_import,
)
from undersigned.lists.selectors import InvalidDate, parse_date

logger = logging.getLogger(__name__)


def write_report(command: BaseCommand, report: Any) -> None:
    """The import's outcome, one fact per line; skips and fuzzy matches line by line."""
    out = command.stdout
    verb = "would be added (dry run, nothing saved)" if report.dry_run else "added"
    out.write(f"{report.added} of {report.rows} signatories {verb}")
    out.write(
        f"organizations: {report.organizations_created} new, "
        f"{report.organizations_matched} existing ({report.fuzzy_accepted} by fuzzy match), "
        f"{report.aliases_added} new spelling(s) remembered"
    )
    out.write("the list's own numbers kept" if report.positions_kept else "numbered on")
    for note in report.notes:
        out.write(f"note: {note}")
    for number, line, label, score in report.fuzzy_left_new:
        out.write(
            f"fuzzy: line {number} {line!r} resembles {label!r} ({score:.0f}%): imported as "
            "a new organization (use --accept-fuzzy to sign as the existing one)"
        )
    for number, line, reason in report.skipped:
        out.write(f"not imported: line {number} {line!r}: {reason}")


class Command(BaseCommand):
    help = "Import a published list of signatories (text or CSV) into a declaration."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="address (slug) of the declaration")
        parser.add_argument("file", type=Path, help="the list: a text or CSV file (UTF-8)")
        parser.add_argument(
            "--dry-run", action="store_true", help="do everything, then roll it back"
        )
        add_accept_fuzzy(parser)
        parser.add_argument(
            "--status-date",
            metavar="YYYY-MM-DD",
            help="publication date to give the signatures (default: the list's status date, "
            "else now)",
        )
        parser.add_argument(
            "--source",
            default="",
            help="note kept with each signature (default: 'imported from the list of DATE')",
        )
        add_no_progress(parser)

    def handle(
        self,
        *args: Any,
        slug: str,
        file: Path,
        dry_run: bool,
        accept_fuzzy: bool,
        status_date: str | None,
        source: str,
        no_progress: bool,
        **options: Any,
    ) -> None:
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(f"no declaration with the address {slug!r}")
        text = read_text_warned(self, file)
        try:
            read = read_text(text, filename=file.name)
        except UnreadableInput as error:
            raise CommandError(f"{file}: {error}") from None
        for skipped in read.skipped:
            self.stdout.write(
                f"skipped: line {skipped.line_number} {skipped.line!r}: {skipped.reason}"
            )
        if not read.rows:
            raise CommandError(f"{file}: no signatory could be read (see the skipped lines)")
        date = read.status_date
        if status_date:
            try:
                date = parse_date(status_date, name="--status-date")
            except InvalidDate as error:
                raise CommandError(str(error)) from None
        match_rows(read.rows)
        with importing(self, len(read.rows), disable=no_progress) as bar:
            report = signatories_import(
                declaration=declaration,
                rows=read.rows,
                actor=None,
                source=(source or import_source(status_date=date, name=file.name))[:200],
                status_date=date,
                accept_fuzzy=accept_fuzzy,
                dry_run=dry_run,
                progress=bar.update,
            )
        write_report(self, report)
        logger.info(
            "import into %s: %d rows, %d added, %d skipped%s",
            slug, report.rows, report.added, len(report.skipped), " (dry run)" if dry_run else "",
        )  # fmt: skip
