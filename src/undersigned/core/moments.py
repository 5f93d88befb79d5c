"""Moments: the latest of several, some of which may not have happened."""

from __future__ import annotations

from datetime import datetime


def latest(*moments: datetime | None) -> datetime | None:
    """The latest of ``moments`` that happened (None for those that did not); None when
    none did. What a Last-Modified or a status line's date is made of."""
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None
