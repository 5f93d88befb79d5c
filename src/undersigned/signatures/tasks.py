"""Background tasks of signatures. They load rows by id and call the services."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from undersigned.signatures.mail import signature_send_confirmation
from undersigned.signatures.models import Signature


@task()
def send_confirmation_mail(*, signature_id: int, attempt: int = 1) -> bool:
    """Send a signature's confirmation mail; when the mail server could not take it,
    queue the next attempt after the delay the service asks for."""
    outcome = signature_send_confirmation(signature_id=signature_id, attempt=attempt)
    if outcome.retry_after is not None:
        send_confirmation_mail.using(run_after=timezone.now() + outcome.retry_after).enqueue(
            signature_id=signature_id, attempt=attempt + 1
        )
    return outcome.sent


def queue_confirmation_mail(signature: Signature) -> None:
    """Queue the signature's confirmation mail, inside the caller's transaction: the
    task row commits with the signature or not at all. Its only argument is the id: no
    address in the queue."""
    send_confirmation_mail.enqueue(signature_id=signature.pk)
