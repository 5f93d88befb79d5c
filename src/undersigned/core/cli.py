"""What the project's management commands share: reading a file with a clear error."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a CommandError that says why not (never a traceback)."""
    try:
        if path.is_dir():
            raise CommandError(f"{path} is a directory, not a file")
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except PermissionError:
        raise CommandError(f"{path}: permission denied") from None
    except OSError as error:
        raise CommandError(f"{path}: cannot be read ({error.strerror or error})") from None
