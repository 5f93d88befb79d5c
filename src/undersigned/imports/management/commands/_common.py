"""What the import commands share: reading a file with a clear error (and its encoding
warnings on stderr), the --accept-fuzzy and --no-progress options, the progress bar and
the import's refusals as command errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from undersigned.core.cli import read_bytes
from undersigned.imports.rows import UnreadableInput, decode
from undersigned.imports.services import SignatoriesImportError


def read_text(path: Path) -> tuple[str, list[str]]:
    """The file as text (see ``rows.decode``) and any warnings about its encoding."""
    try:
        return decode(read_bytes(path))
    except UnreadableInput as error:
        raise CommandError(f"{path}: {error}") from None


def read_text_warned(command: BaseCommand, path: Path) -> str:
    """The file as text; its encoding warnings go to the command's stderr."""
    text, warnings = read_text(path)
    for warning in warnings:
        command.stderr.write(f"{path}: {warning}")
    return text


def add_accept_fuzzy(parser: CommandParser) -> None:
    parser.add_argument(
        "--accept-fuzzy",
        action="store_true",
        help="sign fuzzy-matched organizations as the existing record (default: new record)",
    )


def add_no_progress(parser: CommandParser) -> None:
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar (default: shown)"
    )


@contextmanager
def importing(command: BaseCommand, total: int, *, disable: bool) -> Iterator[tqdm[None]]:
    """The progress bar on the command's stderr, one step a row (off when ``disable``;
    else shown only on a terminal), closed at the end; the import's refusal becomes the
    command's error."""
    bar = tqdm(
        total=total,
        desc="importing",
        unit="row",
        disable=disable or None,
        file=command.stderr._out,
    )
    try:
        yield bar
    except SignatoriesImportError as error:
        raise CommandError(str(error)) from None
    finally:
        bar.close()
