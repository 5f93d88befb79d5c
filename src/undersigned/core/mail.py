"""The embedded mail backend: one ``.eml`` file per message under ``var/mail/``.

A single machine needs no mail server: an operator (or the demo visitor) opens the
file, and a relay can be added later with the EMAIL_* settings.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone


class OutboxEmailBackend(BaseEmailBackend):
    def __init__(self, *, directory: str | Path | None = None, **kwargs: Any) -> None:
        # MAILERS passes OPTIONS as keyword arguments (and the mailer's alias).
        super().__init__(**kwargs)
        self.directory = Path(directory or settings.MAIL_OUTBOX_DIR)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.eml"
            path = self.directory / name
            # Written under a temporary name and renamed, so a reader never sees half a mail.
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(message.message().as_bytes())
            tmp.rename(path)
            sent += 1
        return sent
