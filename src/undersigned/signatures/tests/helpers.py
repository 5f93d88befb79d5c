"""Helpers for driving the signing flow through the test client."""

from __future__ import annotations

import re
import time
from email.message import EmailMessage

from django.test import Client
from django.urls import reverse

LINK = re.compile(
    r"https?://\S+/s/(?P<public_id>[^/\s]+)/(?P<purpose>confirm|withdraw)/(?P<token>\w+)/"
)


def person_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "country": "GB",
        "city": "London",
        "affiliation": "",
        "role": "in personal capacity",
        "show_name": "on",
    }
    data.update(overrides)
    return data


def organization_data(**overrides: str) -> dict[str, str]:
    data = {
        "abbreviation": "PC (ML)",
        "name": "Partido Comunista (Marxista Leninista)",
        "name_transliteration": "",
        "name_translation": "Communist Party (Marxist-Leninist)",
        "country": "DO",
        "website": "",
        "signer_name": "Secretary Person",
        "signer_role": "secretary",
        "email": "secretary@example.org",
    }
    data.update(overrides)
    return data


def started(seconds_ago: int = 60) -> str:
    """The signed "form shown at" token of a form shown ``seconds_ago`` (signatures/antispam.py)."""
    from django.core import signing

    from undersigned.signatures.antispam import FORM_TOKEN_SALT

    return signing.Signer(salt=FORM_TOKEN_SALT).sign(str(int(time.time()) - seconds_ago))


def sign(client: Client, slug: str, data: dict[str, str], *, organization: bool = False, **extra):
    """POST a signing form as a person would: shown a minute ago, honeypot empty."""
    name = "signatures:sign_organization" if organization else "signatures:sign_person"
    return client.post(reverse(name, args=[slug]), {"started": started(), **data}, **extra)


def links(message: EmailMessage) -> dict[str, str]:
    """The private links of a confirmation mail (from its plain-text part), as paths."""
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    found = {}
    for match in LINK.finditer(text):
        found[match["purpose"]] = f"/s/{match['public_id']}/{match['purpose']}/{match['token']}/"
    assert set(found) == {"confirm", "withdraw"}, text
    return found
