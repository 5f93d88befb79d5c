"""A support's confirmation mail: in the supporter's language, with their private links;
sent through the signing mail's kept connection, the address erased once it is sent."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from undersigned.audit.services import audit_record
from undersigned.core.mail import LeanMail
from undersigned.forums.models import Support
from undersigned.signatures.identity import LinkPurpose, link_token
from undersigned.signatures.mail import MailOutcome, mail_send, retry_delay

logger = logging.getLogger(__name__)


def support_links(support: Support) -> dict[str, str]:
    links: dict[str, str] = {}
    purposes: tuple[LinkPurpose, ...] = ("confirm", "withdraw")
    for purpose in purposes:
        token = link_token(public_id=support.public_id, nonce=support.token_nonce, purpose=purpose)
        path = reverse(
            f"forums:support_{purpose}", kwargs={"public_id": support.public_id, "token": token}
        )
        links[purpose] = settings.SITE_URL + path
    return links


def build_support_mail(support: Support) -> LeanMail:
    links = support_links(support)
    with translation.override(support.language):
        context = {
            "support": support, "forum": support.forum, "draft": support.draft,
            "version": support.version, **links,
        }  # fmt: skip
        subject = render_to_string("forums/mail/confirm_subject.txt", context).strip()
        body = render_to_string("forums/mail/confirm.txt", context)
        html = render_to_string("forums/mail/confirm.html", context)
    mail = LeanMail(subject=subject, body=body, to=[support.email])
    mail.attach_alternative(html, "text/html")
    return mail


def support_send_confirmation(*, support_id: int, attempt: int = 1) -> MailOutcome:
    """Send the confirmation mail, then forget the address; after the last failed
    attempt the address is erased all the same."""
    support = (
        Support.objects.select_related("forum", "draft", "version").filter(pk=support_id).first()
    )
    if support is None or not support.email:
        return MailOutcome(sent=False)
    try:
        mail_send(build_support_mail(support))
    except (smtplib.SMTPException, OSError) as exc:
        delay = retry_delay(attempt)
        if delay is not None:
            logger.warning(
                "confirmation mail for support %s failed (%s), attempt %s; retrying in %ss",
                support_id, exc.__class__.__name__, attempt, delay,
            )  # fmt: skip
            return MailOutcome(sent=False, retry_after=timedelta(seconds=delay))
        logger.error("confirmation mail for support %s failed %s times", support_id, attempt)
        with transaction.atomic():
            Support.objects.filter(pk=support_id).update(email="")
            audit_record(
                action="forum.support.mail_failed", target=support,
                data={"forum": support.forum_id, "attempts": attempt},
            )  # fmt: skip
        return MailOutcome(sent=False)
    if settings.MAIL_PRINT_LINKS:
        print(f"[demo] support confirmation link: {support_links(support)['confirm']}", flush=True)  # noqa: T201
    # Only the address just sent to: a repeated support may have put it back meanwhile,
    # and its own queued mail sends it.
    Support.objects.filter(pk=support_id, email=support.email).update(
        email="", mail_sent_at=timezone.now()
    )
    logger.info("confirmation mail for support %s sent", support_id)
    return MailOutcome(sent=True)
