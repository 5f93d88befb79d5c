"""The worker keeps one SMTP connection from mail to mail, and still retries with backoff
and erases each address only once its mail is sent."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django_tasks_db.models import DBTaskResult

from undersigned.core.shredding import shred_open
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures import mail
from undersigned.signatures.models import Signature
from undersigned.signatures.services import PersonSubmission, signature_submit
from undersigned.signatures.tasks import send_confirmation_mail

pytestmark = pytest.mark.django_db


class Sink:
    """An SMTP server that notes which connection (client port) each mail came over."""

    def __init__(self) -> None:
        self.peers: list[object] = []
        self.refuse = False

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.refuse:
            return "451 Try again later"
        self.peers.append(session.peer)  # type: ignore[attr-defined]
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """The sink behind a port, which can go away and come back."""

    def __init__(self, handler: Sink) -> None:
        self.handler, self.port = handler, free_port()
        self.start()

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def restart(self) -> None:
        self.controller.stop()
        self.start()


@pytest.fixture
def sink(settings) -> Iterator[tuple[Sink, Server]]:
    handler = Sink()
    server = Server(handler)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield handler, server
    mail._mailer.close()
    server.controller.stop()


def signed(declaration, number: int) -> Signature:
    return signature_submit(
        declaration=declaration,
        language="en",
        submission=PersonSubmission(
            name=f"Signer {number}", email=f"s{number}@example.org", country="DE"
        ),
    )


def sent(signature: Signature) -> bool:
    signature.refresh_from_db()
    return signature.sealed_email == "" and signature.mail_sent_at is not None


def test_mails_share_one_connection(sink):
    handler, _ = sink
    declaration = DeclarationFactory()
    signatures = [signed(declaration, number) for number in range(3)]

    for signature in signatures:
        assert mail.signature_send_confirmation(signature_id=signature.pk)

    assert len(handler.peers) == 3
    assert len(set(handler.peers)) == 1  # one connection for all three
    assert all(sent(signature) for signature in signatures)


def test_a_connection_the_server_dropped_is_replaced_without_losing_the_mail(sink):
    handler, server = sink
    declaration = DeclarationFactory()
    first, second = signed(declaration, 1), signed(declaration, 2)
    assert mail.signature_send_confirmation(signature_id=first.pk)

    server.restart()  # the server went away and came back: the kept connection is dead

    assert mail.signature_send_confirmation(signature_id=second.pk, attempt=1)
    assert sent(second)
    assert len(set(handler.peers)) == 2
    assert not DBTaskResult.objects.filter(args_kwargs__kwargs__attempt=2).exists()


def test_a_refused_mail_is_retried_later_on_a_fresh_connection(sink, settings):
    handler, _ = sink
    settings.MAIL_RETRY_BASE_SECONDS = 60
    declaration = DeclarationFactory()
    signature = signed(declaration, 1)
    DBTaskResult.objects.all().delete()
    handler.refuse = True

    assert not send_confirmation_mail.call(signature_id=signature.pk)

    signature.refresh_from_db()
    assert shred_open(signature.sealed_email) == "s1@example.org"  # kept until its mail goes out
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {"signature_id": signature.pk, "attempt": 2}
    assert mail._mailer.backend is None  # the failed connection was closed

    handler.refuse = False
    assert mail.signature_send_confirmation(signature_id=signature.pk, attempt=2)
    assert sent(signature)


def test_an_idle_connection_is_not_reused(sink, monkeypatch):
    handler, _ = sink
    declaration = DeclarationFactory()
    first, second = signed(declaration, 1), signed(declaration, 2)
    monkeypatch.setattr(mail, "MAILER_IDLE_SECONDS", -1.0)

    assert mail.signature_send_confirmation(signature_id=first.pk)
    assert mail.signature_send_confirmation(signature_id=second.pk)

    assert len(set(handler.peers)) == 2


def test_another_mail_server_gets_its_own_connection(sink, settings):
    handler, _ = sink
    declaration = DeclarationFactory()
    first, second = signed(declaration, 1), signed(declaration, 2)
    assert mail.signature_send_confirmation(signature_id=first.pk)

    other = Sink()
    port = free_port()
    controller = Controller(other, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        assert mail.signature_send_confirmation(signature_id=second.pk)
    finally:
        mail._mailer.close()
        controller.stop()
    assert len(handler.peers) == 1
    assert len(other.peers) == 1
