"""``undersigned contacts export``: the follow-up contacts of signers who consented.

With ``--key FILE`` the sealed contacts are opened with the organizers' private key and
written as CSV or JSON. The key can stay off the server: ``--sealed`` writes the still
sealed bundle (no key needed), and ``--from BUNDLE --key FILE`` opens such a bundle on
the organizer's own machine without any database.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from undersigned.contacts.crypto import KeyFileError, private_key_load
from undersigned.contacts.export import BundleError, contacts_csv, contacts_json, contacts_open
from undersigned.contacts.management.commands.keys import read_passphrase
from undersigned.contacts.services import contacts_export_record
from undersigned.declarations.models import Declaration
from undersigned.signatures.selectors import sealed_bundle

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Export the sealed follow-up contacts of a declaration (opened with the private key)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = actions.add_parser("export", help="write the contacts of signers who consented")
        export.add_argument("slug", nargs="?", help="the declaration's address (slug)")
        export.add_argument("--key", type=Path, help="the private key file (from keys generate)")
        export.add_argument(
            "--format", choices=["csv", "json"], default="csv", help="(default: %(default)s)"
        )
        export.add_argument("--output", type=Path, help="write here instead of standard output")
        export.add_argument(
            "--sealed", action="store_true", help="write the sealed bundle; needs no key"
        )
        export.add_argument(
            "--from",
            dest="bundle",
            type=Path,
            help="open this sealed bundle instead of reading the database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug, key, bundle_path = options["slug"], options["key"], options["bundle"]
        if options["sealed"]:
            if key or bundle_path:
                raise CommandError(
                    "--sealed writes ciphertexts only: give neither --key nor --from"
                )
            if not slug:
                raise CommandError("give the declaration's address (slug)")
            bundle = self._bundle_from_database(slug)
            self._write(json.dumps(bundle, indent=2) + "\n", options["output"])
            logger.info("sealed contacts written: %s", len(bundle["contacts"]))
            return
        if key is None:
            raise CommandError("give --key FILE (or --sealed for the sealed bundle)")
        if bundle_path is not None:
            try:
                bundle = json.loads(bundle_path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read the bundle {bundle_path}: {exc}") from None
        elif slug:
            bundle = self._bundle_from_database(slug)
        else:
            raise CommandError("give the declaration's address (slug) or --from BUNDLE")
        try:
            key_text = key.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {key}: {exc.strerror}") from None
        try:
            private_key = private_key_load(key_text, passphrase=read_passphrase(confirm=False))
            opened = contacts_open(bundle=bundle, private_key=private_key)
        except (KeyFileError, BundleError) as exc:
            raise CommandError(str(exc)) from None
        render = contacts_csv if options["format"] == "csv" else contacts_json
        self._write(render(opened.rows), options["output"])
        for other, count in sorted(opened.other_keys.items()):
            self.stderr.write(
                f"{count} contact(s) were sealed with another key ({other}): "
                "export them again with that key."
            )
        logger.info(
            "contacts exported: %s opened, %s under other keys",
            len(opened.rows),
            sum(opened.other_keys.values()),
        )

    def _bundle_from_database(self, slug: str) -> dict[str, Any]:
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(f"no declaration with the address {slug!r}")
        bundle = sealed_bundle(declaration=declaration)
        contacts_export_record(declaration=declaration, count=len(bundle["contacts"]))
        return bundle

    def _write(self, text: str, output: Path | None) -> None:
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        output.chmod(0o600)
