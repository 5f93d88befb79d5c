"""``undersigned import_declaration FILE``: a declaration from a Markdown or text document.

Title, byline (publisher, dates), body, source links; a signatory list at the end, with
its status line, becomes the declaration's signatories (their numbers and the status
date kept) and leaves the body. With ``--translation-of SLUG --lang XX`` the document is
instead the translation of an existing declaration into XX (title, date, text; the list
stays the original's).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from undersigned.declarations.models import Declaration, interface_languages
from undersigned.imports.document import DeclarationDocument, parse_declaration
from undersigned.imports.management.commands._common import (
    add_accept_fuzzy,
    add_no_progress,
    importing,
    read_text_warned,
)
from undersigned.imports.management.commands.import_signatories import write_report
from undersigned.imports.services import (
    SignatoriesImportError,
    declaration_import,
    translation_import,
)

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
            "--translation-of",
            metavar="SLUG",
            help="add the document as a translation of the existing declaration SLUG "
            "instead of creating a declaration (needs --lang)",
        )
        parser.add_argument(
            "--lang",
            default="",
            help="the translation's language, one of LANGUAGES (with --translation-of)",
        )
        parser.add_argument(
            "--official",
            action="store_true",
            help="an official translation, approved by the authors (default: a working one)",
        )
        add_accept_fuzzy(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be imported; save nothing"
        )
        add_no_progress(parser)

    def _summary(self, document: Any, slug: str) -> None:
        """What was read, before anything is saved."""
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

    def handle(
        self,
        *args: Any,
        file: Path,
        slug: str | None,
        status: str,
        language: str,
        translation_of: str | None,
        lang: str,
        official: bool,
        accept_fuzzy: bool,
        dry_run: bool,
        no_progress: bool,
        **options: Any,
    ) -> None:
        if lang and not translation_of:
            raise CommandError("--lang goes with --translation-of SLUG")
        text = read_text_warned(self, file)
        document = parse_declaration(text)
        if not document.title:
            raise CommandError(f"{file}: the document is empty")
        if translation_of:
            self._translation(document, translation_of, lang, official=official, dry_run=dry_run)
            return
        if slug is not None and not slug.strip():
            raise CommandError("--slug must not be empty")
        slug = slug or free_slug(document.title)
        if slugify(slug) != slug:
            raise CommandError(f"--slug {slug!r} is not a valid address (try {slugify(slug)!r})")
        listed = document.signatories
        self._summary(document, slug)
        if dry_run:
            self.stdout.write("dry run: nothing saved")
            return
        total = len(listed.entries) if listed else 0
        with importing(self, total, disable=no_progress or not listed) as bar:
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
        if result.signatories is not None:
            write_report(self, result.signatories)
        self.stdout.write(f"created {result.declaration.slug} ({result.declaration.status})")
        logger.info(
            "declaration %s imported from %s with %d signatories",
            result.declaration.pk, file.name,
            result.signatories.added if result.signatories else 0,
        )  # fmt: skip

    def _translation(
        self, document: DeclarationDocument, slug: str, lang: str, *, official: bool, dry_run: bool
    ) -> None:
        """``--translation-of SLUG --lang XX``: the document's title, date and text become
        the declaration's translation into XX (replacing an earlier one)."""
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(f"--translation-of: no declaration has the address {slug!r}")
        languages = interface_languages()
        if lang not in languages:
            raise CommandError(f"--lang must be one of {', '.join(languages)}, not {lang!r}")
        if lang == declaration.language:
            raise CommandError(f"--lang {lang} is the original language of {slug}")
        kind = "official" if official else "working"
        self.stdout.write(f"title: {document.title}")
        self.stdout.write(f"translation of {slug} into {lang} ({kind})")
        if document.published_on:
            self.stdout.write(f"published: {document.published_on.isoformat()}")
        if dry_run:
            self.stdout.write("dry run: nothing saved")
            return
        try:
            result = translation_import(
                document=document, declaration=declaration, language=lang, official=official
            )
        except SignatoriesImportError as error:
            raise CommandError(str(error)) from None
        if result.list_ignored:
            self.stderr.write(
                "the list of signatories at the end of the document was not imported: "
                "every language shares the original's list"
            )
        self.stdout.write(f"{'added' if result.created else 'replaced'} the {lang} translation")
        logger.info("translation %s of declaration %s imported", lang, declaration.pk)
