"""Opening a sealed bundle with the private key, and writing it as CSV or JSON.

Runs wherever the private key is: nothing here touches the database, so it works on
an organizer's laptop from a bundle file as well as next to the database.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from nacl.public import PrivateKey

from undersigned.contacts.crypto import SealError, key_id, unseal

# What a bundle of sealed contacts says it is (written by signatures.selectors.sealed_bundle).
BUNDLE_FORMAT = "undersigned-sealed-contacts/1"
COLUMNS = (
    "position", "kind", "status", "listed_as", "private_name", "private_role", "email",
    "phone", "messenger", "ready_to_work", "region", "note", "sealed_at",
)  # fmt: skip
# A cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class BundleError(Exception):
    """A bundle that is not one, or whose contacts do not open."""


@dataclass
class OpenedContacts:
    rows: list[dict[str, Any]] = field(default_factory=list)
    # Contacts sealed with another key (an earlier or later one): key id → how many.
    other_keys: dict[str, int] = field(default_factory=dict)


def contacts_open(*, bundle: dict[str, Any], private_key: PrivateKey) -> OpenedContacts:
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        raise BundleError("not a sealed contacts bundle")
    mine = key_id(bytes(private_key.public_key))
    opened = OpenedContacts()
    for entry in bundle.get("contacts", []):
        if entry.get("key_id") != mine:
            opened.other_keys[entry.get("key_id", "")] = (
                opened.other_keys.get(entry.get("key_id", ""), 0) + 1
            )
            continue
        try:
            ciphertext = base64.b64decode(entry["ciphertext"], validate=True)
            answers = unseal(private_key=private_key, ciphertext=ciphertext)
        except (KeyError, binascii.Error, SealError) as exc:
            raise BundleError(f"a contact does not open: {exc}") from None
        row = {column: "" for column in COLUMNS}
        row.update({k: entry.get(k, "") for k in ("position", "kind", "status", "listed_as")})
        row["sealed_at"] = entry.get("sealed_at", "")
        row.update({k: v for k, v in answers.items() if k in COLUMNS})
        opened.rows.append(row)
    return opened


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, bool):
        text = "yes" if value else "no"
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text


def contacts_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(column, "")) for column in COLUMNS])
    return out.getvalue()


def contacts_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
