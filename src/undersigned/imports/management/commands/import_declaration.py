"""``undersigned import_declaration FILE``: a declaration from a Markdown or text document.

Title, byline (publisher, dates), body, source links; a signatory list at the end, with
its status line, becomes the declaration's signatories (their numbers and the status
date kept) and leaves the body.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify
from tqdm import tqdm

from undersigned.declarations.models import Declaration
from undersigned.imports.document import parse_declaration
from undersigned.imports.services import SignatoriesImportError, declaration_import

from ._common import read_text
from .import_signatories import write_report

logger = logging.getLogger(__name__)


def free_slug(title: str) -> str:
    base = slugify(title)[:90].strip("-") or "declaration"
    slug, n = base, 2
    while Declaration.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Command(BaseCommand):
    help = "Create a declaration from a Markdown or plain-text document (with its signatories)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the document (UTF-8 Markdown or text)")
        parser.add_argument(
            "--slug", help="its address (default: made from the title, made unique)"
        )
        parser.add_argument(
            "--status",
            choices=("auto", "draft", "open", "closed"),
            default="auto",
            help="status to give it (default: %(default)s — open when the list's status line "
            "says further signing is possible, closed when it says signing has closed, "
            "else draft)",
        )
        parser.add_argument(
            "--language", default="", help="its language code (default: LANGUAGE_CODE)"
        )
        parser.add_argument(
            "--accept-fuzzy",
            action="store_true",
            help="sign fuzzy-matched organizations as the existing record (default: new record)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be imported; save nothing"
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (default: shown)"
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        slug: str | None,
        status: str,
        language: str,
        accept_fuzzy: bool,
        dry_run: bool,
        no_progress: bool,
        **options: Any,
    ) -> None:
        text, warnings = read_text(file)
        for warning in warnings:
            self.stderr.write(f"{file}: {warning}")
        document = parse_declaration(text)
        if not document.title:
            raise CommandError(f"{file}: the document is empty")
        if slug is not None and not slug.strip():
            raise CommandError("--slug must not be empty")
        slug = slug or free_slug(document.title)
        if slugify(slug) != slug:
            raise CommandError(f"--slug {slug!r} is not a valid address (try {slugify(slug)!r})")
        listed = document.signatories
        self.stdout.write(f"title: {document.title}")
        self.stdout.write(f"address: {slug}; kind: {document.kind}")
        if document.publisher:
            self.stdout.write(f"publisher: {document.publisher}")
        for label, date in (("published", document.published_on),
                            ("first published", document.first_published_on)):  # fmt: skip
            if date:
                self.stdout.write(f"{label}: {date.isoformat()}")
        for link in document.source_links:
            self.stdout.write(f"source: {link['url']}")
        if listed is not None:
            self.stdout.write(
                f"signatories: {len(listed.entries)}"
                + (f", status of {listed.status_date.isoformat()}" if listed.status_date else "")
            )
        else:
            self.stdout.write("signatories: none (no list at the end of the document)")
        if dry_run:
            self.stdout.write("dry run: nothing saved")
            return
        bar = tqdm(
            total=len(listed.entries) if listed else 0,
            desc="importing",
            unit="row",
            disable=no_progress or not listed or None,
            file=self.stderr._out,
        )
        try:
            result = declaration_import(
                document=document,
                slug=slug,
                actor=None,
                status=status,
                language=language,
                source_name=file.name,
                accept_fuzzy=accept_fuzzy,
                progress=bar.update,
            )
        except SignatoriesImportError as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        if result.signatories is not None:
            write_report(self, result.signatories)
        self.stdout.write(f"created {result.declaration.slug} ({result.declaration.status})")
        logger.info(
            "declaration %s imported from %s with %d signatories",
            result.declaration.pk, file.name,
            result.signatories.added if result.signatories else 0,
        )  # fmt: skip
