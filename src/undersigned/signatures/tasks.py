"""Background tasks of signatures. They load rows by id and call the services."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from undersigned.core.shredding import shred_key_id
from undersigned.signatures.mail import signature_send_confirmation
from undersigned.signatures.models import Signature


@task()
def send_confirmation_mail(*, signature_id: int, attempt: int = 1, key: str = "") -> bool:
    """Send a signature's confirmation mail; when the mail server could not take it,
    queue the next attempt after the delay the service asks for."""
    outcome = signature_send_confirmation(signature_id=signature_id, attempt=attempt, key=key)
    if outcome.retry_after is not None:
        send_confirmation_mail.using(run_after=timezone.now() + outcome.retry_after).enqueue(
            signature_id=signature_id, attempt=attempt + 1, key=key
        )
    return outcome.sent


def queue_confirmation_mail(signature: Signature, *, sealed: str | None = None) -> None:
    """Queue the signature's confirmation mail, inside the caller's transaction: the
    task row commits with the signature or not at all. No address in the queue: the
    signature's id, and the id of the key of the sealed address the mail is for
    (``sealed``, by default the signature's). A task whose address the row no longer
    holds sends nothing, so two tasks of one signature never send its mail twice."""
    key = shred_key_id(signature.sealed_email if sealed is None else sealed) or ""
    send_confirmation_mail.enqueue(signature_id=signature.pk, key=key)
