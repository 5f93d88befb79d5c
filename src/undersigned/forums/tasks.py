"""The support's confirmation mail as a task: loads the row by id and calls the mail
service, with the signing mail's retries."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from undersigned.forums.mail import support_send_confirmation
from undersigned.forums.models import Support


@task()
def send_support_mail(*, support_id: int, attempt: int = 1) -> bool:
    outcome = support_send_confirmation(support_id=support_id, attempt=attempt)
    if outcome.retry_after is not None:
        send_support_mail.using(run_after=timezone.now() + outcome.retry_after).enqueue(
            support_id=support_id, attempt=attempt + 1
        )
    return outcome.sent


def queue_support_mail(support: Support) -> None:
    """Queue the confirmation mail inside the caller's transaction; only the id is
    queued, never the address."""
    send_support_mail.enqueue(support_id=support.pk)
