"""Sealed contacts: key files, sealing, installing, exporting, rotating."""

from __future__ import annotations

import csv
import io
import json
import stat

import pytest
from django.core.management import CommandError, call_command

from undersigned.audit.models import AuditEntry
from undersigned.contacts.crypto import (
    PAD_BLOCK,
    KeyFileError,
    key_pair_generate,
    private_key_load,
    public_key_parse,
    seal,
    unseal,
)
from undersigned.contacts.export import contacts_csv
from undersigned.contacts.models import SealedContact
from undersigned.contacts.tests.helpers import PASSPHRASE, declaration_with_contacts, key_files
from undersigned.declarations.services import DeclarationError, declaration_open
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.services import (
    PersonSubmission,
    signature_confirm,
    signature_submit,
    signature_withdraw,
)

pytestmark = pytest.mark.django_db


def submit(declaration, email, phone):
    from undersigned.contacts.services import ContactAnswers

    signature = signature_submit(
        declaration=declaration,
        submission=PersonSubmission(name=f"Signer {email[:3]}", email=email, country="DE"),
        language="en",
        contact=ContactAnswers(email=email, phone=phone),
    )
    return signature_confirm(signature=signature)


def export(*args, passphrase=PASSPHRASE, monkeypatch):
    monkeypatch.setenv("UNDERSIGNED_KEY_PASSPHRASE", passphrase)
    out, err = io.StringIO(), io.StringIO()
    call_command("contacts", "export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_sealed_answers_open_only_with_the_private_key():
    pair = key_pair_generate(passphrase="pw", strength="interactive")
    public = json.loads(pair.private_file)["public_key"]
    ciphertext = seal(public_key=public, answers={"phone": "+7 900 000 00 00"})
    assert b"900" not in ciphertext
    private = private_key_load(pair.private_file, passphrase="pw")
    assert unseal(private_key=private, ciphertext=ciphertext) == {"phone": "+7 900 000 00 00"}
    # Padding: a long answer and a short one seal to the same length.
    longer = seal(public_key=public, answers={"phone": "+7 900 000 00 00", "note": "x" * 300})
    assert len(longer) == len(ciphertext)
    assert (len(ciphertext) - 48) % PAD_BLOCK == 0  # sealed box overhead: 48 bytes


def test_a_wrong_passphrase_or_a_damaged_file_fails_cleanly():
    pair = key_pair_generate(passphrase="right", strength="interactive")
    with pytest.raises(KeyFileError, match="wrong passphrase"):
        private_key_load(pair.private_file, passphrase="wrong")
    with pytest.raises(KeyFileError, match="not an undersigned private key"):
        private_key_load("{}", passphrase="right")
    with pytest.raises(KeyFileError):
        public_key_parse("not base64 at all!")
    with pytest.raises(KeyFileError):
        public_key_parse(pair.public_file.replace(pair.public_file.split()[2], "0" * 16))


def test_keys_generate_writes_a_private_file_only_its_owner_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("UNDERSIGNED_KEY_PASSPHRASE", "from the environment")
    out = tmp_path / "org.key"
    call_command("keys", "generate", "--out", str(out), "--strength", "interactive")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text())
    assert document["kdf"] == "argon2id"
    assert "from the environment" not in out.read_text()
    public = (tmp_path / "org.key.pub").read_text()
    assert public_key_parse(public)
    private_key_load(out.read_text(), passphrase="from the environment")
    with pytest.raises(CommandError, match="refusing to overwrite"):
        call_command("keys", "generate", "--out", str(out), "--strength", "interactive")


def test_keys_install_puts_the_public_key_on_the_declaration(tmp_path):
    keys = key_files(tmp_path)
    declaration = DeclarationFactory(ask_contacts=True, status="draft", opened_at=None)
    with pytest.raises(DeclarationError, match="public key"):
        declaration_open(declaration=declaration)
    with pytest.raises(CommandError, match="private key file"):
        call_command("keys", "install", declaration.slug, str(keys.private))
    with pytest.raises(CommandError, match="no declaration"):
        call_command("keys", "install", "nope", str(keys.public))
    call_command("keys", "install", declaration.slug, str(keys.public), stdout=io.StringIO())
    declaration.refresh_from_db()
    assert declaration.contact_key_id == keys.public.read_text().split()[2]
    assert declaration_open(declaration=declaration).is_open
    entry = AuditEntry.objects.get(action="declaration.install_contact_key")
    assert entry.data == {"key_id": declaration.contact_key_id, "previous_key_id": ""}


def test_export_writes_only_confirmed_consenting_signers(tmp_path, monkeypatch):
    keys = key_files(tmp_path)
    declaration = declaration_with_contacts(keys)
    submit(declaration, "one@example.org", "+49 30 1111111")
    # Unconfirmed: not exported (somebody else may have used the address).
    from undersigned.contacts.services import ContactAnswers

    signature_submit(
        declaration=declaration,
        submission=PersonSubmission(name="Unconfirmed", email="u@example.org", country="DE"),
        language="en",
        contact=ContactAnswers(email="u@example.org"),
    )
    # Withdrawn: the sealed contact is deleted with the rest.
    withdrawn = submit(declaration, "gone@example.org", "+49 30 2222222")
    signature_withdraw(signature=withdrawn)
    assert not SealedContact.objects.filter(signature=withdrawn).exists()
    # No consent: no sealed contact at all.
    signature_confirm(
        signature=signature_submit(
            declaration=declaration,
            submission=PersonSubmission(name="Quiet", email="q@example.org", country="DE"),
            language="en",
        )
    )
    assert SealedContact.objects.count() == 2

    text, _ = export(declaration.slug, "--key", str(keys.private), monkeypatch=monkeypatch)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["email"], row["phone"]) for row in rows] == [
        ("one@example.org", "'+49 30 1111111")
    ]
    assert rows[0]["position"] == "1"
    assert rows[0]["region"] == "Germany"
    text, _ = export(
        declaration.slug, "--key", str(keys.private), "--format", "json", monkeypatch=monkeypatch
    )
    assert json.loads(text)[0]["phone"] == "+49 30 1111111"  # JSON needs no formula guard
    assert AuditEntry.objects.filter(action="contacts.export").count() == 2


def test_export_with_a_wrong_passphrase_writes_nothing(tmp_path, monkeypatch):
    keys = key_files(tmp_path)
    declaration = declaration_with_contacts(keys)
    submit(declaration, "one@example.org", "+49 30 1111111")
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError, match="wrong passphrase"):
        export(
            declaration.slug,
            "--key",
            str(keys.private),
            "--output",
            str(output),
            passphrase="not it",
            monkeypatch=monkeypatch,
        )
    assert not output.exists()


def test_the_sealed_bundle_opens_offline_and_rotation_keeps_old_contacts(tmp_path, monkeypatch):
    old = key_files(tmp_path, "old.key")
    declaration = declaration_with_contacts(old)
    submit(declaration, "early@example.org", "+1 555 0100")
    new = key_files(tmp_path, "new.key")
    call_command("keys", "install", declaration.slug, str(new.public), stdout=io.StringIO())
    submit(declaration, "late@example.org", "+1 555 0199")

    bundle_path = tmp_path / "bundle.json"
    export(declaration.slug, "--sealed", "--output", str(bundle_path), monkeypatch=monkeypatch)
    bundle = bundle_path.read_text()
    assert "early@example.org" not in bundle
    assert "555" not in bundle

    text, err = export(
        "--from", str(bundle_path), "--key", str(new.private), monkeypatch=monkeypatch
    )
    assert "late@example.org" in text
    assert "early@example.org" not in text
    assert "1 contact(s) were sealed with another key" in err
    text, _ = export("--from", str(bundle_path), "--key", str(old.private), monkeypatch=monkeypatch)
    assert "early@example.org" in text
    assert "late@example.org" not in text


def test_csv_cells_cannot_become_formulas():
    text = contacts_csv([{"email": '=HYPERLINK("http://x")', "note": "@SUM(1)", "phone": "+1"}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["email"].startswith("'=")
    assert row["note"].startswith("'@")
    assert row["phone"] == "'+1"


def test_hidden_names_and_organization_signers_are_kept_only_sealed(tmp_path):
    from undersigned.contacts.services import ContactAnswers
    from undersigned.signatures.services import OrganizationSubmission

    keys = key_files(tmp_path)
    declaration = declaration_with_contacts(keys)
    hidden = signature_submit(
        declaration=declaration,
        submission=PersonSubmission(
            name="Hidden Person", email="h@example.org", country="BY", city="Minsk",
            show_name=False,
        ),
        language="en",
        contact=ContactAnswers(private_name="Hidden Person"),
    )  # fmt: skip
    org = signature_submit(
        declaration=declaration,
        submission=OrganizationSubmission(
            abbreviation="KOL", name="Kommunistische Organisation", signer_name="Signer Person",
            signer_role="secretary", email="s@example.org",
        ),
        language="en",
    )  # fmt: skip
    hidden.refresh_from_db()
    org.refresh_from_db()
    assert (hidden.name, hidden.city, hidden.country) == ("", "", "BY")
    assert (org.name, org.role) == ("", "")
    assert Signature.objects.filter(name__contains="Person").count() == 0
