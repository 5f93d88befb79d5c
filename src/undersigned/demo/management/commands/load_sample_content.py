"""``undersigned load_sample_content``: the demo's fictional declarations (idempotent)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand

from undersigned.demo.sample.content import load_sample_content

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Load the sample declarations and signatories; existing ones are left as they are."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_sample_content()
        logger.info("sample content: %d declarations created", len(created))
        self.stdout.write(f"Sample declarations created: {len(created)}")
