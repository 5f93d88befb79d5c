"""``undersigned keys``: the organizers' key pair for sealed contacts.

``keys generate --out FILE`` makes the pair on the organizer's own machine (no
database needed): FILE holds the private key encrypted under a passphrase, FILE.pub
the public key. ``keys install SLUG FILE.pub`` puts the public key on a declaration;
only the public key ever reaches the server.
"""

from __future__ import annotations

import getpass
import logging
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from undersigned.contacts.crypto import STRENGTHS, KeyFileError, key_pair_generate
from undersigned.contacts.services import contact_key_install
from undersigned.declarations.models import Declaration

logger = logging.getLogger(__name__)

PASSPHRASE_VARIABLE = "UNDERSIGNED_KEY_PASSPHRASE"  # noqa: S105 (a variable name)


def read_passphrase(*, confirm: bool) -> str:
    """From UNDERSIGNED_KEY_PASSPHRASE (scripts), else a prompt that does not echo."""
    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    if passphrase is not None:
        return passphrase
    try:
        passphrase = getpass.getpass("Passphrase: ")
        if confirm and getpass.getpass("Passphrase again: ") != passphrase:
            raise CommandError("the passphrases differ")
    except EOFError:
        raise CommandError(f"no passphrase: type one, or set {PASSPHRASE_VARIABLE}") from None
    return passphrase


def _write_new(path: Path, content: str, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise CommandError(f"{path} exists; refusing to overwrite a key") from None
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(content)


class Command(BaseCommand):
    help = "Generate the organizers' key pair for sealed contacts, or install its public key."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        generate = actions.add_parser(
            "generate", help="make a key pair: FILE (private, encrypted) and FILE.pub"
        )
        generate.add_argument("--out", required=True, type=Path, help="the private key file")
        generate.add_argument(
            "--strength",
            choices=sorted(STRENGTHS),
            default="moderate",
            help="Argon2id cost of the passphrase (default: %(default)s)",
        )
        install = actions.add_parser("install", help="install a public key on a declaration")
        install.add_argument("slug", help="the declaration's address (slug)")
        install.add_argument("public_key_file", type=Path, help="FILE.pub")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "generate":
            self._generate(options["out"], options["strength"])
        else:
            self._install(options["slug"], options["public_key_file"])

    def _generate(self, out: Path, strength: str) -> None:
        public_path = out.with_name(out.name + ".pub")
        for path in (out, public_path):
            if path.exists():
                raise CommandError(f"{path} exists; refusing to overwrite a key")
        passphrase = read_passphrase(confirm=True)
        try:
            pair = key_pair_generate(passphrase=passphrase, strength=strength)  # type: ignore[arg-type]
        except KeyFileError as exc:
            raise CommandError(str(exc)) from None
        _write_new(out, pair.private_file, 0o600)
        _write_new(public_path, pair.public_file, 0o644)
        self.stdout.write(
            f"Private key (keep it off the server, with its passphrase): {out}\n"
            f"Public key (install it with `undersigned keys install SLUG {public_path}`): "
            f"{public_path}"
        )

    def _install(self, slug: str, public_key_file: Path) -> None:
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(f"no declaration with the address {slug!r}")
        try:
            text = public_key_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {public_key_file}: {exc.strerror}") from None
        if '"private_key"' in text:
            raise CommandError("that is the private key file: install FILE.pub, never FILE")
        try:
            declaration = contact_key_install(declaration=declaration, public_key=text)
        except KeyFileError as exc:
            raise CommandError(f"{public_key_file}: {exc}") from None
        self.stdout.write(f"Installed key {declaration.contact_key_id} on {slug}.")
