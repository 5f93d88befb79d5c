"""Key pairs and declarations that collect contacts, for the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from undersigned.contacts.crypto import key_pair_generate
from undersigned.contacts.services import contact_key_install
from undersigned.declarations.models import Declaration
from undersigned.declarations.tests.factories import DeclarationFactory

PASSPHRASE = "correct horse battery staple"


@dataclass
class KeyFiles:
    private: Path
    public: Path


def key_files(directory: Path, name: str = "organizers.key", passphrase: str = PASSPHRASE):
    # "interactive" Argon2id: the same code as the default, at a cost tests can afford.
    pair = key_pair_generate(passphrase=passphrase, strength="interactive")
    private = directory / name
    private.write_text(pair.private_file)
    public = directory / f"{name}.pub"
    public.write_text(pair.public_file)
    return KeyFiles(private=private, public=public)


def declaration_with_contacts(keys: KeyFiles, **fields) -> Declaration:
    declaration = DeclarationFactory(ask_contacts=True, contact_region="Germany", **fields)
    return contact_key_install(declaration=declaration, public_key=keys.public.read_text())


def contact_data(**overrides: str) -> dict[str, str]:
    data = {
        "contact_consent": "on",
        "ready_to_work": "on",
        "contact_email": "",
        "contact_phone": "+49 151 2345 6789",
        "contact_messenger": "@ada_signal",
        "contact_note": "Evenings only.\nThanks.",
    }
    data.update(overrides)
    return data
