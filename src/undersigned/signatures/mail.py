"""The confirmation mail: written in the signer's language, holding their private links.

Each worker keeps one connection to the mail server open from task to task
(``_Mailer``): opening one (TCP, greeting, EHLO, STARTTLS and login where configured)
cost more than sending a mail, and a surge queues thousands. A connection unused for
``MAILER_IDLE_SECONDS`` is closed and a fresh one opened, since servers drop idle
clients; one the server has dropped meanwhile is replaced and the mail sent again at
once, without counting as a failed attempt. Any other failure closes the connection and
goes to the usual retry with backoff.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from undersigned.audit.models import AuditEntry
from undersigned.audit.services import audit_record
from undersigned.core.mail import LeanMail, stable_message_id
from undersigned.core.shredding import shred_destroy, shred_key_id, shred_open
from undersigned.declarations.models import Declaration
from undersigned.signatures.identity import LinkPurpose, link_token
from undersigned.signatures.models import Signature

logger = logging.getLogger(__name__)


def signature_links(signature: Signature) -> dict[str, str]:
    """Absolute confirmation and withdrawal links of a signature."""
    links: dict[str, str] = {}
    purposes: tuple[LinkPurpose, ...] = ("confirm", "withdraw")
    for purpose in purposes:
        token = link_token(
            public_id=signature.public_id, nonce=signature.token_nonce, purpose=purpose
        )
        path = reverse(
            f"signatures:{purpose}", kwargs={"public_id": signature.public_id, "token": token}
        )
        links[purpose] = settings.SITE_URL + path
    return links


def build_confirmation_mail(signature: Signature, address: str) -> LeanMail:
    links = signature_links(signature)
    with translation.override(signature.language):
        context = {"signature": signature, "declaration": signature.declaration, **links}
        subject = render_to_string("signatures/mail/confirm_subject.txt", context).strip()
        body = render_to_string("signatures/mail/confirm.txt", context)
        html = render_to_string("signatures/mail/confirm.html", context)
    # The same Message-ID for every sending of this mail (a retry, a resend after a
    # fault): mail programs fold the copies into one.
    message_id = stable_message_id("confirm", signature.public_id, signature.token_nonce)
    mail = LeanMail(subject=subject, body=body, to=[address], message_id=message_id)
    mail.attach_alternative(html, "text/html")
    return mail


# A kept connection unused this long is closed before the next mail, not reused.
MAILER_IDLE_SECONDS = 30.0
# What the confirmation mail reads of a signature and of its declaration.
MAIL_FIELDS = {
    Signature: {
        "id",
        "sealed_email",
        "held",
        "mail_sent_at",
        "language",
        "public_id",
        "token_nonce",
        "declaration_id",
    },
    Declaration: {"id", "title", "language", "slug"},
}


def _columns(model: type[Signature] | type[Declaration]) -> list[str]:
    # In the model's own order: ``Model.from_db`` takes the values in that order.
    return [f.attname for f in model._meta.concrete_fields if f.attname in MAIL_FIELDS[model]]


class _Mailer(threading.local):
    """This thread's open connection to the default mailer, kept between tasks."""

    backend: BaseEmailBackend | None = None
    config = ""
    used_at = 0.0

    def get(self) -> tuple[BaseEmailBackend, bool]:
        """The open connection, and whether it was opened just now."""
        # The mailer's settings as they are now: tests (and a reconfigured site) get
        # a connection to the server they name.
        config = repr(settings.MAILERS.get("default"))
        if self.backend is not None and (
            config != self.config or time.monotonic() - self.used_at > MAILER_IDLE_SECONDS
        ):
            self.close()
        fresh = self.backend is None
        if self.backend is None:
            backend = mailers.default
            backend.open()
            self.backend, self.config = backend, config
        return self.backend, fresh

    def send(self, message: EmailMultiAlternatives) -> None:
        backend, fresh = self.get()
        try:
            try:
                backend.send_messages([message])
            except (smtplib.SMTPServerDisconnected, ConnectionError):
                if fresh:
                    raise
                # The server closed the kept connection since the last mail.
                self.close()
                backend, fresh = self.get()
                backend.send_messages([message])
        except BaseException:
            self.close()  # whatever went wrong, the next mail starts afresh
            raise
        self.used_at = time.monotonic()

    def close(self) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                backend.close()


_mailer = _Mailer()


def mail_send(message: EmailMultiAlternatives) -> None:
    """Send ``message`` through this worker's kept connection: for the other mails that
    follow the confirmation's rules (a forum support's confirmation), so they share the
    connection, its reuse and its recovery instead of keeping a second one."""
    _mailer.send(message)


@lru_cache(maxsize=8)
def _sql(template: str, vendor: str) -> str:
    quote = connection.ops.quote_name
    return template.format(
        s=quote(Signature._meta.db_table),
        d=quote(Declaration._meta.db_table),
        signature=", ".join(f"s.{quote(name)}" for name in _columns(Signature)),
        declaration=", ".join(f"d.{quote(name)}" for name in _columns(Declaration)),
        id=quote("id"),
        email=quote("sealed_email"),
        sent=quote("mail_sent_at"),
        declaration_id=quote("declaration_id"),
    )


# Written out: each mail of a surge reads its signature and erases its address, and
# composing and compiling those two statements through querysets cost a sixth of the
# worker's time (docs/benchmarks.md). Names from the models' metadata only.
_LOAD = (
    "SELECT {signature}, {declaration} FROM {s} s "
    "JOIN {d} d ON d.{id} = s.{declaration_id} WHERE s.{id} = %s"
)
_ERASE = "UPDATE {s} SET {email} = '', {sent} = %s WHERE {id} = %s AND {email} = %s"


def _signature_for_mail(signature_id: int) -> Signature | None:
    """The signature with what its mail shows (other fields load if read)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(_LOAD, connection.vendor), [signature_id])
        row = cursor.fetchone()
    if row is None:
        return None
    names = _columns(Signature)
    signature = Signature.from_db(connection.alias, names, row[: len(names)])
    signature.declaration = Declaration.from_db(
        connection.alias, _columns(Declaration), row[len(names) :]
    )
    return signature


def _forget_address(signature_id: int, sealed: str) -> None:
    """Erase the address just sent to, note when, and destroy its key: every copy of
    the sealed value left in the database's files becomes noise. Only that one: a new
    submission may have put a fresh one in meanwhile, which its own queued mail sends."""
    sent = Signature._meta.get_field("mail_sent_at").get_db_prep_value(timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.execute(_sql(_ERASE, connection.vendor), [sent, signature_id, sealed])
    if connection.in_atomic_block:
        transaction.on_commit(lambda: shred_destroy(sealed))
    else:
        shred_destroy(sealed)


def _drop_address(signature: Signature, *, action: str, data: dict[str, object]) -> None:
    """Erase a sealed address no mail will be sent to, and destroy its key."""
    with transaction.atomic():
        Signature.objects.filter(pk=signature.pk, sealed_email=signature.sealed_email).update(
            sealed_email=""
        )
        audit_record(
            action=action, target=signature, declaration_id=signature.declaration_id, data=data
        )
        sealed = signature.sealed_email
        transaction.on_commit(lambda: shred_destroy(sealed))


def retry_delay(attempt: int) -> int | None:
    """Seconds to wait before trying a confirmation mail the server did not take once
    more (doubling at each attempt); None after the last attempt (MAIL_MAX_ATTEMPTS).
    The signing and the forum support mails follow this one policy."""
    if attempt >= settings.MAIL_MAX_ATTEMPTS:
        return None
    delay: int = settings.MAIL_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    return delay


@dataclass(frozen=True)
class MailOutcome:
    """What became of one attempt: sent, or to be tried again after ``retry_after``."""

    sent: bool
    retry_after: timedelta | None = None

    def __bool__(self) -> bool:
        return self.sent


def signature_send_confirmation(
    *, signature_id: int, attempt: int = 1, key: str = ""
) -> MailOutcome:
    """Send the confirmation mail, then forget the address.

    When the mail server cannot be reached the outcome says when to try again, with a
    growing delay (the task queues that attempt); after the last attempt the address is
    erased all the same, so a mail that can never be sent does not keep it for ever.
    ``key`` (the key id of the sealed address the task was queued for; empty for tasks
    queued before it existed) must match the row's, or nothing is sent.
    """
    signature = _signature_for_mail(signature_id)
    if signature is None or not signature.sealed_email or signature.held:
        # Already sent, withdrawn or erased; a repeat with nothing due; or held until a
        # moderator releases it (the release queues its mail).
        return MailOutcome(sent=False)
    if key and shred_key_id(signature.sealed_email) != key:
        # Queued for another sealed address than the row holds (a repeat that found its
        # first mail still queued): that address's own task sends it.
        return MailOutcome(sent=False)
    address = shred_open(signature.sealed_email)
    if address is None:
        # The key is gone (destroyed by a purge, or the key directory was lost, as a
        # tmpfs is at a reboot): nobody can send this mail. The signer may sign again.
        logger.warning("confirmation mail for signature %s: its address key is gone", signature_id)
        _drop_address(signature, action="signature.mail_failed", data={"key": "gone"})
        return MailOutcome(sent=False)
    mail = build_confirmation_mail(signature, address)
    try:
        _mailer.send(mail)
    except (smtplib.SMTPException, OSError) as exc:
        delay = retry_delay(attempt)
        if delay is not None:
            logger.warning(
                "confirmation mail for signature %s failed (%s), attempt %s; retrying in %ss",
                signature_id, exc.__class__.__name__, attempt, delay,
            )  # fmt: skip
            return MailOutcome(sent=False, retry_after=timedelta(seconds=delay))
        logger.error(
            "confirmation mail for signature %s failed %s times; address erased",
            signature_id, attempt,
        )  # fmt: skip
        _drop_address(signature, action="signature.mail_failed", data={"attempts": attempt})
        return MailOutcome(sent=False)
    if settings.MAIL_PRINT_LINKS:
        # The demo's console only (MAIL_PRINT_LINKS, never in production): lets a
        # visitor without a mailbox follow the link.
        # Set apart by a rule and blank lines so it stands out among the log lines.
        link = signature_links(signature)["confirm"]
        print(f"\n{'=' * 72}\n[demo] CONFIRMATION LINK:\n  {link}\n{'=' * 72}\n", flush=True)  # noqa: T201
    _forget_address(signature_id, signature.sealed_email)
    if signature.mail_sent_at is not None:
        # A repeated signature asked for this one (signature_submit): the audit says so.
        audit_record(
            action="signature.resend",
            target=signature,
            actor_kind=AuditEntry.Actor.SIGNER,
            declaration_id=signature.declaration_id,
        )
    logger.info("confirmation mail for signature %s sent", signature_id)
    return MailOutcome(sent=True)
