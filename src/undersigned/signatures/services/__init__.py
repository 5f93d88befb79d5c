"""Every change of a signature: new ones (``submission``), their places in the list
(``positions``) and their changes of state (``transitions``, one table).

Each service checks the current state (and the actor's permission), changes the row
inside one transaction, writes an audit row and queues any mail in that same
transaction, so a crash leaves either all of it or none.
"""

from undersigned.signatures.services.errors import (
    InvalidTransition,
    SignatureError,
    SigningClosed,
)
from undersigned.signatures.services.submission import (
    OrganizationSubmission,
    PersonSubmission,
    signature_add_published,
    signature_submit,
)
from undersigned.signatures.services.transitions import (
    TRANSITIONS,
    signature_approve,
    signature_confirm,
    signature_match_organization,
    signature_reject,
    signature_release,
    signature_withdraw,
)

__all__ = [
    "TRANSITIONS",
    "InvalidTransition",
    "OrganizationSubmission",
    "PersonSubmission",
    "SignatureError",
    "SigningClosed",
    "signature_add_published",
    "signature_approve",
    "signature_confirm",
    "signature_match_organization",
    "signature_reject",
    "signature_release",
    "signature_submit",
    "signature_withdraw",
]
