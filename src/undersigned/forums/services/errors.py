"""The domain errors of forums: each carries a message a person can act on."""

from __future__ import annotations


class ForumError(Exception):
    """A change the forum's state or policy does not allow."""


class PhaseError(ForumError):
    """Not in this phase (supports after the support phase closed, drafts after drafting)."""


class CodeError(ForumError):
    """A participation code that does not exist here, was revoked or was used already."""
