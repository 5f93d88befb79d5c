"""``undersigned parse_signatories FILE``: read a published list, print what was read as JSON.

Reads nothing from and writes nothing to the database. The JSON shape is the one in
docs/imports.md: every non-blank line of the file is in ``entries`` or in ``skipped``.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from undersigned.imports.management.commands._common import read_text
from undersigned.imports.parsing import parse_signatories

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Parse a published signatory list (text) and print the result as JSON."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the text file (UTF-8) to read; - for stdin")
        parser.add_argument(
            "--compact",
            action="store_true",
            help="one line of JSON instead of indented output (default: indented)",
        )

    def handle(self, *args: Any, file: Path, compact: bool, **options: Any) -> None:
        if str(file) == "-":
            text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
            warnings: list[str] = []
        else:
            text, warnings = read_text(file)
        for warning in warnings:
            self.stderr.write(warning)
        result = parse_signatories(text)
        self.stdout.write(
            json.dumps(result.to_dict(), ensure_ascii=False, indent=None if compact else 2)
        )
        logger.info(
            "parsed %s: %d entries, %d skipped lines",
            file.name, len(result.entries), len(result.skipped),
        )  # fmt: skip
