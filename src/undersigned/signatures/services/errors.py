"""What a signature's services refuse: a state or a declaration that does not allow it."""

from __future__ import annotations


class SignatureError(Exception):
    """A request that the signature's or declaration's state does not allow."""


class SigningClosed(SignatureError):
    """The declaration does not take signatures (any more)."""


class InvalidTransition(SignatureError):
    """The signature's status does not allow this change."""
