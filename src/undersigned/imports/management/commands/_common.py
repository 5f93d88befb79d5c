"""What the import commands share: reading a file with a clear error, the declaration."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from undersigned.core.cli import read_bytes
from undersigned.imports.rows import UnreadableInput, decode


def read_text(path: Path) -> tuple[str, list[str]]:
    """The file as text (see ``rows.decode``) and any warnings about its encoding."""
    try:
        return decode(read_bytes(path))
    except UnreadableInput as error:
        raise CommandError(f"{path}: {error}") from None
