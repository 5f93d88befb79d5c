"""Background tasks of signatures. They load rows by id and call the services."""

from __future__ import annotations

from django.tasks import task

from undersigned.signatures.mail import signature_send_confirmation


@task()
def send_confirmation_mail(*, signature_id: int, attempt: int = 1) -> bool:
    return signature_send_confirmation(signature_id=signature_id, attempt=attempt)
