"""``LeanMail`` composes what Django's ``EmailMessage`` would, more cheaply: the same
parts, headers and text as a mail reader sees them, sent through a real SMTP server."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.utils import DNS_NAME

from undersigned.core.mail import LeanMail, stable_message_id

SUBJECT = "Bitte bestätigen Sie Ihre Unterschrift: „Erklärung – für Frieden“ 🕊"
TEXT = (
    "Sie haben „Erklärung“ unterzeichnet.\n\n"
    "https://example.org/s/abc/confirm/0123456789abcdef0123456789abcdef01234567/\n"
    ".\nEnde. " + "lang " * 40
)
HTML = (
    "<p>Sie haben „<bdi>Erklärung</bdi>“ unterzeichnet.</p>\n"
    '<a href="https://example.org/x">x</a>\n'
)


def read(raw: bytes):  # type: ignore[no-untyped-def]
    return message_from_bytes(raw, policy=policy.default)


def parts(message) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(part.get_content_type(), part.get_content()) for part in message.iter_parts()]


def both(**kwargs):  # type: ignore[no-untyped-def]
    lean = LeanMail(**kwargs)
    lean.attach_alternative(HTML, "text/html")
    plain = EmailMultiAlternatives(**kwargs)
    plain.attach_alternative(HTML, "text/html")
    return lean, plain


def test_reads_as_djangos_own_mail_through_a_real_smtp_server(smtp):
    lean, django = both(subject=SUBJECT, body=TEXT, to=["ada@example.org"])
    assert mailers.default.send_messages([lean, django]) == 2
    ours, theirs = smtp.messages
    for name in ("Subject", "From", "To", "MIME-Version"):
        assert str(ours[name]) == str(theirs[name]), name
    assert ours["Subject"] == SUBJECT
    assert ours.get_content_type() == theirs.get_content_type() == "multipart/alternative"
    assert parts(ours) == parts(theirs)
    # SMTP ends lines with CRLF, in the parts' text too.
    assert parts(ours) == [
        ("text/plain", (TEXT + "\n").replace("\n", "\r\n")),
        ("text/html", HTML.replace("\n", "\r\n")),
    ]
    assert ours["Date"].datetime is not None
    assert re.fullmatch(rf"<[^<>@\s]+@{re.escape(DNS_NAME.get_fqdn())}>", ours["Message-ID"])


def test_is_seven_bit_with_crlf_lines_of_at_most_78_characters():
    lean, _ = both(subject=SUBJECT, body=TEXT, to=["ada@example.org"])
    raw = lean.message().as_bytes()
    assert raw.isascii()
    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # no bare line feed anywhere
    assert max(len(line) for line in lines) <= 78


def test_a_line_break_in_an_address_is_refused_not_written():
    lean = LeanMail(subject="Hi", body="Text", to=["ada@example.org\nBcc: spy@example.org"])
    lean.attach_alternative(HTML, "text/html")
    with pytest.raises(ValueError, match="linefeed or carriage return"):  # Django refuses it
        lean.message()


def test_a_line_break_in_the_subject_cannot_add_a_header():
    lean, _ = both(subject="Sign\r\nBcc: spy@example.org", body=TEXT, to=["ada@example.org"])
    message = read(lean.message().as_bytes())
    assert message["Bcc"] is None
    assert message["Subject"] == "Sign Bcc: spy@example.org"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"to": ["ada@bücher.example"]},
        {"to": ["ada@example.org"], "cc": ["bob@example.org"]},
        {"to": ["ada@example.org"], "reply_to": ["team@example.org"]},
        {"to": ["ada@example.org"], "headers": {"List-Id": "x"}},
        {"to": ["ada@example.org"], "from_email": "Bücher <b@example.org>"},
        {"to": [], "bcc": ["ada@example.org"]},
    ],
)
def test_anything_more_is_composed_by_django(kwargs):
    lean = LeanMail(subject="Hello", body="Text", **kwargs)
    lean.attach_alternative(HTML, "text/html")
    # Django's composition gives the modern API's message class; ours the legacy one.
    assert type(lean.message()).__name__ == "EmailMessage"
    plain = LeanMail(subject="Hello", body="Text", to=["ada@example.org"])
    plain.attach_alternative(HTML, "text/html")
    assert type(plain.message()).__name__ == "MIMEMultipart"


@pytest.mark.parametrize("kwargs", [{}, {"cc": ["c@example.org"]}])
def test_a_stable_message_id_is_the_same_at_every_sending(kwargs):
    message_id = stable_message_id("confirm", "abc", "nonce")
    assert message_id == stable_message_id("confirm", "abc", "nonce")
    assert message_id != stable_message_id("confirm", "abc", "other")
    assert re.fullmatch(r"<[0-9a-f]{40}@[\w.-]+>", message_id)
    ids = set()
    for _ in range(2):
        mail = LeanMail(
            subject="S", body="b", to=["a@example.org"], message_id=message_id, **kwargs
        )
        mail.attach_alternative("<p>b</p>", "text/html")
        ids.add(str(mail.message()["Message-ID"]))
    assert ids == {message_id}
